"""Parser accuracy on papers written in a word processor (Word / LibreOffice), not in LaTeX.

parse_templates.py covers the publishers' LaTeX classes; users also add papers written in Word.
This bench writes .docx papers with python-docx in six word-processor layouts and converts them
with LibreOffice (`soffice --headless --convert-to pdf`):

  plain          one column, Times New Roman; authors on one centred line with superscript marks,
                 affiliations centred below; numbered headings ("1. Introduction", Word's Heading styles
                 or bold runs), a "Keywords:" line, references "[1]" or "1." with hanging indents
  ieee-word      IEEE's Word template: author blocks side by side in section columns, the body in two
                 section columns, "Abstract—" and "Keywords—" run-in paragraphs, "I. INTRODUCTION" headings
                 in capitals or small capitals, "A. Subsection" in italics, 8 pt numbered references
  acm-word       ACM's Word template: authors in a borderless table, ABSTRACT / KEYWORDS headings, a
                 sans-serif "1 INTRODUCTION", a two-column body, "[1]" author-year-ordered references
  springer-word  Springer's Word template: "Abstract." and "Keywords:" run-in paragraphs in 9 pt,
                 "1 Introduction", references "1." in 9 pt
  report         Calibri; one author per centred line with the affiliation under it; headings and
                 subheadings as bold paragraphs in the body's size, unnumbered; an unlabelled
                 author-year reference list with hanging indents
  mdpi-word      MDPI's Word template: an article-type kicker, bold names with marks and "*", numbered
                 affiliations and a correspondence line, "Abstract:" and "Keywords:" run in, a wide left
                 margin, "1. Introduction" bold in the body's size, "1.1. Subsection" in italics

and, drawn at random: Word's footnotes, numbered lists, Title and Heading styles and tables, A4 or
Letter, double spacing, headers and footers (a first-page banner, "Page N", IEEE's copyright line),
acknowledgements, an appendix after the references, ACM's CCS concepts; with random titles, 1-8
authors (accents, particles, initials; parse_templates.py's word lists), affiliations, an abstract,
six sections with some subsections, 8-30 references; and scores `parse_document` with
parse_templates.py's `score()` (title exact, exact author list, abstract start, top-level headings F1,
reference count within 10%).

Seeds: "tuning" (the rules were fixed looking at these papers) and "held-out" (scored once, after
the last fix). Needs python-docx (the `bench` extra) and LibreOffice Writer (Debian:
libreoffice-writer-nogui fonts-liberation fonts-crosextra-carlito fonts-crosextra-caladea); it says so
and stops when they are missing.

    PYTHONPATH=$PWD .venv/bin/python bench/parse_wordproc.py [--seeds held-out|tuning] [--per-layout N]
        [--layouts L ...] [--before PATH] [--show-misses] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_templates import (
    CITY,
    INST,
    SECTIONS,
    W,
    abstract_text,
    name,
    parse_scoring_arguments,
    print_table,
    score,
    score_before,
    title,
)

LAYOUTS = ["plain", "ieee-word", "acm-word", "springer-word", "report", "mdpi-word"]
SEEDS = {"tuning": 100, "held-out": 500}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
FONT = {"plain": "Times New Roman", "ieee-word": "Times New Roman", "acm-word": "Times New Roman",
        "springer-word": "Times New Roman", "report": "Calibri", "mdpi-word": "Palatino Linotype"}


def _run(par: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         font: str | None = None, small_caps: bool = False, superscript: bool = False) -> Any:
    from docx.shared import Pt

    run = par.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if font:
        run.font.name = font
    if small_caps:
        run.font.small_caps = True
    if superscript:
        run.font.superscript = True
    return run


def _par(doc: Any, text: str = "", *, align: str = "justify", space_after: float = 4, indent: float = 0,
         hanging: float = 0, **run: Any) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    par = doc.add_paragraph()
    par.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                     "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = par.paragraph_format
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(0)
    if indent:
        fmt.first_line_indent = Pt(indent)
    if hanging:
        fmt.left_indent, fmt.first_line_indent = Pt(hanging), Pt(-hanging)
    if text:
        _run(par, text, **run)
    return par


def _columns(section: Any, count: int, space_pt: float = 18) -> None:
    """Word's section columns: <w:cols w:num="2" w:space="360"/> in the section's properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    cols = sect.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sect.append(cols)
    cols.set(qn("w:num"), str(count))
    cols.set(qn("w:space"), str(int(space_pt * 20)))


def _page_field(par: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    par._p.append(field)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _footnotes(doc: Any) -> Any:
    """A footnotes part (python-docx has none of its own): Word's two separators, no notes yet."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml

    notes = parse_xml(f'<w:footnotes xmlns:w="{_W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
                      '<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0">'
                      '<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
    part = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes, doc.part.package)
    doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    return part


def _footnote(notes: Any, par: Any, text: str, size: float) -> None:
    """A footnote on `par`'s end: Word's superscript number there, the note at the page's foot."""
    from xml.sax.saxutils import escape

    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    number = len(notes.element) - 1
    notes.element.append(parse_xml(
        f'<w:footnote xmlns:w="{_W}" w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'<w:sz w:val="{int(size * 2)}"/></w:rPr><w:footnoteRef/></w:r><w:r><w:rPr><w:sz w:val="{int(size * 2)}"/>'
        f'</w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'))
    run = par.add_run()
    run.font.superscript = True
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    run._r.append(ref)


def _header_footer(doc: Any, rng: random.Random, running: str) -> None:
    """A running header (the short title or a venue) and/or a page number, as Word users set them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section = doc.sections[0]
    if rng.random() < 0.3:  # the journal's banner on the first page only
        section.different_first_page_header_footer = True
        banner = section.first_page_header.paragraphs[0]
        _run(banner, f"Journal of {rng.choice(W).capitalize()} Research, Vol. {rng.randint(1, 40)}, "
             f"No. {rng.randint(1, 12)}, {rng.randint(2015, 2026)}", size=9)
        _page_field(section.first_page_footer.paragraphs[0])
    if rng.random() < 0.6:
        head = section.header.paragraphs[0]
        head.alignment = rng.choice([WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT])
        _run(head, running, size=8, italic=True)
    if rng.random() < 0.8:
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if rng.random() < 0.3:
            foot.add_run("Page ")
        _page_field(foot)
        for run in foot.runs:
            run.font.size = Pt(9)


def _new_section(doc: Any, columns: int) -> Any:
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.CONTINUOUS)
    _columns(section, columns)
    return section


def _marks(names: list[str], rng: random.Random) -> tuple[list[str], list[int]]:
    insts = [rng.choice(INST) for _ in names]
    uniq = list(dict.fromkeys(insts))
    return uniq, [uniq.index(i) for i in insts]


def _email(person: str) -> str:
    surname = "".join(c for c in person.split()[-1].lower() if c.isalnum())
    return f"{surname}@example.org"


def front_plain(doc: Any, names: list[str], rng: random.Random, size: float, run_in: bool, notes: Any) -> None:
    uniq, mark = _marks(names, rng)
    numbered = len(uniq) > 1 or rng.random() < 0.5
    bold_names = rng.random() < 0.3
    par = _par(doc, align="center", space_after=2)
    for k, (person, m) in enumerate(zip(names, mark, strict=True)):
        if k:
            _run(par, " and " if k == len(names) - 1 else ", ", size=size + 1)
        _run(par, person, size=size + 1, bold=bold_names)
        if numbered:  # sometimes a second affiliation, or "*" for equal contribution
            extra = f",{(m + 1) % len(uniq) + 1}" if len(uniq) > 1 and rng.random() < 0.2 else ""
            _run(par, f"{m + 1}{extra}{',*' if k < 2 and rng.random() < 0.15 else ''}", size=size + 1,
                 superscript=True)
        if not k and notes is not None:  # the corresponding author's footnote, Word's own
            _footnote(notes, par, f"Corresponding author: {person} ({_email(person)}).", size - 2)
    for k, place in enumerate(uniq):
        par = _par(doc, align="center", space_after=0)
        if numbered:
            _run(par, str(k + 1), size=size - 1, superscript=True)
        _run(par, f"{place}, {rng.choice(CITY)}", size=size - 1, italic=not run_in)
    if rng.random() < 0.6:
        _par(doc, ", ".join(_email(n) for n in names), align="center", size=size - 1, space_after=12)


def front_ieee(doc: Any, names: list[str], rng: random.Random) -> None:
    from docx.enum.text import WD_BREAK

    for row in range(0, len(names), 3):
        people = names[row:row + 3]
        _new_section(doc, len(people))
        for k, person in enumerate(people):
            _par(doc, person, align="center", size=11, space_after=0)
            _par(doc, rng.choice(INST), align="center", size=9, italic=True, space_after=0)
            _par(doc, rng.choice(CITY), align="center", size=9, space_after=0)
            last = _par(doc, _email(person), align="center", size=9, space_after=6)
            if k < len(people) - 1:
                last.add_run().add_break(WD_BREAK.COLUMN)


def front_acm(doc: Any, names: list[str], rng: random.Random) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    per_row = min(3, len(names))
    table = doc.add_table(rows=(len(names) + per_row - 1) // per_row, cols=per_row)
    for k, person in enumerate(names):
        cell = table.cell(k // per_row, k % per_row)
        lines = [(person, 11, False), (rng.choice(INST), 9, False), (f"{rng.choice(CITY)}, Country", 9, False),
                 (_email(person), 9, False)]
        for j, (text, size, italic) in enumerate(lines):
            par = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.space_after = Pt(0)
            _run(par, text, size=size, italic=italic)
    _par(doc, space_after=6)


def front_mdpi(doc: Any, names: list[str], rng: random.Random) -> None:
    """MDPI's Word template: names in bold with marks, numbered affiliations, a correspondence line."""
    uniq, mark = _marks(names, rng)
    par = _par(doc, align="left", space_after=6)
    corresponding = rng.randrange(len(names))
    for k, (person, m) in enumerate(zip(names, mark, strict=True)):
        if k:
            _run(par, " and " if k == len(names) - 1 else ", ", size=11, bold=True)
        _run(par, person, size=11, bold=True)
        _run(par, f"{m + 1}{',*' if k == corresponding else ''}", size=11, superscript=True, bold=True)
    for k, place in enumerate(uniq):
        par = _par(doc, align="left", space_after=0)
        _run(par, f"{k + 1}", size=8, superscript=True)
        _run(par, f"\t{place}, {rng.choice(CITY)}; {_email(names[mark.index(k)])}", size=8)
    _par(doc, f"*\tCorrespondence: {_email(names[corresponding])}", align="left", size=8, space_after=10)


def front_report(doc: Any, names: list[str], rng: random.Random, notes: Any) -> None:
    bold_names = rng.random() < 0.4
    for k, person in enumerate(names):
        par = _par(doc, person, align="center", size=12, space_after=0, bold=bold_names)
        if not k and notes is not None:
            _footnote(notes, par, f"Corresponding author. E-mail: {_email(person)}", 9)
        _par(doc, f"{rng.choice(INST)}, {rng.choice(CITY)}", align="center", size=10, italic=True, space_after=6)


def references(doc: Any, layout: str, count: int, rng: random.Random, size: float) -> None:
    numbered_dot = layout == "springer-word" or (layout == "plain" and rng.random() < 0.5)
    word_list = layout in ("plain", "springer-word") and rng.random() < 0.3
    for i in range(count):
        people = [name(rng) for _ in range(rng.choice([1, 2, 2, 3, 4]))]
        year, venue = rng.randint(2010, 2025), rng.choice(["NeurIPS", "ICML", "ICLR", "CVPR", "ACL"])
        first, last = rng.randint(1, 900), rng.randint(901, 999)
        if layout == "report":  # APA-like, unlabelled, hanging indent
            listed = ", ".join(f"{p.split()[-1]}, {p.split()[0][0]}." for p in people)
            text = f"{listed} ({year}). {title(rng)}. In Proceedings of {venue} (pp. {first}-{last})."
        elif layout == "ieee-word":
            listed = ", ".join(f"{p.split()[0][0]}. {p.split(' ', 1)[1]}" for p in people)
            text = f"[{i + 1}] {listed}, \u201c{title(rng)},\u201d in Proc. {venue}, {year}, pp. {first}\u2013{last}."
        elif layout == "mdpi-word":
            listed = "; ".join(f"{p.split()[-1]}, {p.split()[0][0]}." for p in people)
            text = f"{i + 1}.\t{listed} {title(rng)}. In Proceedings of {venue}, {year}; pp. {first}\u2013{last}."
        elif layout == "acm-word":
            listed = ", ".join(people[:-1]) + (", and " if len(people) > 1 else "") + people[-1]
            text = f"[{i + 1}] {listed}. {year}. {title(rng)}. In Proceedings of {venue}. {first}\u2013{last}."
        else:
            listed = ", ".join(people)
            label = "" if word_list else f"{i + 1}. " if numbered_dot else f"[{i + 1}] "
            text = f"{label}{listed}: {title(rng)}. In: Proceedings of {venue}, pp. {first}\u2013{last} ({year})"
        if word_list:  # Word's own numbered list: the "1." is the list's label, not typed
            par = doc.add_paragraph(style="List Number")
            _run(par, text, size=size)
            continue
        _par(doc, text, align="left" if layout == "report" else "justify", hanging=18, size=size, space_after=2)


def heading(doc: Any, layout: str, number: int, text: str, size: float, word_styles: bool, caps: bool) -> None:
    if layout == "ieee-word":  # capitals typed, or small capitals set by the style
        _par(doc, f"{ROMAN[number - 1]}. {text.upper() if word_styles else text}", align="center",
             size=size, small_caps=not word_styles, space_after=4)
    elif layout == "acm-word":
        _par(doc, f"{number} {text.upper()}", align="left", size=size, bold=True, font="Arial", space_after=4)
    elif layout == "springer-word":
        _par(doc, f"{number} {text}", align="left", size=size + 2, bold=True, space_after=6)
    elif layout == "mdpi-word":
        _par(doc, f"{number}. {text}", align="left", size=size, bold=True, space_after=3)
    elif layout == "report":
        _par(doc, text, align="left", size=size, bold=True, space_after=3)
    elif word_styles:
        doc.add_heading(f"{number}. {text}", level=1)
    elif caps:  # "1. INTRODUCTION", bold in the body's size
        _par(doc, f"{number}. {text.upper()}", align="left", size=size, bold=True, space_after=4)
    else:
        _par(doc, f"{number}. {text}", align="left", size=size + 2, bold=True, space_after=6)


def subheading(doc: Any, layout: str, number: int, sub: int, text: str, size: float, word_styles: bool) -> None:
    if layout == "ieee-word":
        _par(doc, f"{chr(64 + sub)}. {text}", align="left", size=size, italic=True, space_after=2)
    elif layout == "report":
        _par(doc, text, align="left", size=size, bold=True, italic=True, space_after=2)
    elif layout == "plain" and word_styles:
        doc.add_heading(f"{number}.{sub} {text}", level=2)
    elif layout == "mdpi-word":
        _par(doc, f"{number}.{sub}. {text}", align="left", size=size, italic=True, space_after=2)
    else:
        _par(doc, f"{number}.{sub} {text}", align="left", size=size, bold=True, space_after=2)


def results_table(doc: Any, rng: random.Random, size: float) -> None:
    """A Word table of results under its caption, a bold header row: cells are not headings."""
    _par(doc, f"Table 1. Results of the {rng.choice(W)} models on the {rng.choice(W)} benchmarks.", align="center",
         size=size - 1, space_after=2)
    rows = [["Method", "Accuracy", "F1", "Time (s)"]] + [
        [f"{rng.choice(W).capitalize()} {rng.choice(W)}", f"{rng.uniform(50, 99):.1f}", f"{rng.uniform(0.3, 0.99):.2f}",
         f"{rng.randint(2, 900)}"] for _ in range(rng.randint(2, 5))]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            _run(table.cell(r, c).paragraphs[0], text, size=size - 1, bold=r == 0)
    _par(doc, space_after=4)


def document(layout: str, rng: random.Random, out: Path) -> dict:
    """Write one paper as `out` (.docx); return its ground truth."""
    import docx
    from docx.shared import Inches, Pt

    names = list(dict.fromkeys(name(rng) for _ in range(rng.randint(1, 8 if rng.random() < 0.3 else 4))))
    heading_text, abstract = title(rng), abstract_text(rng)
    refs = rng.randint(8, 30)
    size = {"ieee-word": 10, "acm-word": 9, "springer-word": 10, "report": 11, "mdpi-word": 10}.get(
        layout, rng.choice([11, 12]))
    word_styles = rng.random() < 0.5
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT[layout], Pt(size)
    section = doc.sections[0]
    if layout == "acm-word" or rng.random() < 0.6:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
    else:  # A4, as most Word users outside North America have it
        section.page_width, section.page_height = Inches(8.27), Inches(11.69)
    if layout == "plain" and rng.random() < 0.4:
        normal.font.name = rng.choice(["Arial", "Cambria"])
    if layout == "plain" and rng.random() < 0.25:  # a journal submission: everything double-spaced
        normal.paragraph_format.line_spacing = 2.0
    caps = rng.random() < 0.3
    margin = {"springer-word": 1.4, "ieee-word": 0.7, "acm-word": 0.75}.get(layout, 1.0)
    section.left_margin = section.right_margin = Inches(margin)
    if layout == "mdpi-word":  # the wide left margin MDPI keeps for its first page's side column
        section.left_margin, section.right_margin = Inches(2.0), Inches(0.8)
    section.top_margin = section.bottom_margin = Inches(0.9)
    notes = _footnotes(doc) if rng.random() < 0.5 else None
    _header_footer(doc, rng, f"{names[0].split()[-1]} et al." if rng.random() < 0.5 else
                   f"Proceedings of the {rng.choice(W).capitalize()} Workshop {rng.randint(2020, 2026)}")
    title_size = {"ieee-word": 24, "acm-word": 18, "springer-word": 14, "report": 20, "mdpi-word": 18}.get(layout, 16)
    if layout == "mdpi-word":  # the article type above the title
        _par(doc, rng.choice(["Article", "Review", "Communication"]), align="left", size=10, italic=True,
             space_after=6)
    if layout == "ieee-word":  # IEEE's copyright line at the foot of the first page
        section.different_first_page_header_footer = True
        copyright_line = section.first_page_footer.add_paragraph()
        _run(copyright_line, f"979-8-3503-{rng.randint(1000, 9999)}-{rng.randint(0, 9)}/24/$31.00 \u00a92024 IEEE",
             size=8)
    if layout in ("plain", "report") and rng.random() < 0.3:
        doc.add_paragraph(heading_text, style="Title")  # Word's own Title style (28 pt, a rule under it)
    else:
        _par(doc, heading_text.upper() if caps and layout in ("plain", "springer-word") else heading_text,
             align="left" if layout == "acm-word" and rng.random() < 0.5 else "center",
             size=title_size, bold=layout != "ieee-word", space_after=12,
             font="Arial" if layout == "acm-word" else None)
    words = ", ".join(rng.sample(W, 4))
    keywords = rng.random() < 0.6
    if layout == "ieee-word":
        front_ieee(doc, names, rng)
        _new_section(doc, 2)
        par = _par(doc, space_after=6, size=9, bold=True)
        _run(par, "Abstract", size=9, bold=True, italic=True)
        _run(par, "\u2014" + abstract, size=9, bold=True)
        if keywords:
            par = _par(doc, space_after=8)
            _run(par, rng.choice(["Keywords", "Index Terms"]), size=9, bold=True, italic=True)
            _run(par, "\u2014" + words, size=9, bold=True)
    elif layout == "acm-word":
        front_acm(doc, names, rng)
        _par(doc, "ABSTRACT", align="left", size=size + 1, bold=True, font="Arial", space_after=3)
        _par(doc, abstract, size=size, space_after=6)
        if keywords:
            _par(doc, "KEYWORDS", align="left", size=size + 1, bold=True, font="Arial", space_after=3)
            _par(doc, words, size=size, space_after=6)
        if rng.random() < 0.5:  # ACM's CCS concepts and reference format, after the keywords
            _par(doc, "CCS CONCEPTS", align="left", size=size + 1, bold=True, font="Arial", space_after=3)
            _par(doc, "\u2022 Computing methodologies \u2192 Machine learning; Neural networks.", size=size,
                 space_after=6)
            par = _par(doc, align="left", space_after=6)  # justified, the line before the break would stretch
            _run(par, "ACM Reference Format:", size=size - 1, bold=True)
            _run(par, f"\n{', '.join(names)}. 2025. {heading_text}. In Proceedings of the {rng.choice(W).capitalize()} "
                 f"Conference. ACM, New York, NY, USA, {rng.randint(8, 14)} pages.", size=size - 1)
        _new_section(doc, 2)
    elif layout == "mdpi-word":
        front_mdpi(doc, names, rng)
        par = _par(doc, space_after=6)
        _run(par, "Abstract: ", size=9, bold=True)
        _run(par, abstract, size=9)
        if keywords:
            par = _par(doc, space_after=12)
            _run(par, "Keywords: ", size=9, bold=True)
            _run(par, words.replace(", ", "; "), size=9)
    elif layout == "springer-word":
        front_plain(doc, names, rng, size, run_in=True, notes=notes)
        par = _par(doc, space_after=6)
        par.paragraph_format.left_indent = par.paragraph_format.right_indent = Pt(28)
        _run(par, "Abstract. ", size=9, bold=True)
        _run(par, abstract, size=9)
        if keywords:
            par = _par(doc, space_after=12)
            par.paragraph_format.left_indent = Pt(28)
            _run(par, "Keywords: ", size=9, bold=True)
            _run(par, words.replace(", ", " \u00b7 "), size=9)
    else:
        if layout == "report":
            front_report(doc, names, rng, notes)
        else:
            front_plain(doc, names, rng, size, run_in=False, notes=notes)
        if layout == "report" and rng.random() < 0.5:  # "Abstract: We study ...", run in
            par = _par(doc, space_after=6)
            _run(par, "Abstract: ", bold=True)
            _run(par, abstract)
        else:
            _par(doc, "Abstract", align="center" if layout == "plain" else "left", size=size + 1, bold=True,
                 space_after=4)
            _par(doc, abstract, space_after=6)
        if keywords:
            par = _par(doc, space_after=10)
            _run(par, "Keywords: ", bold=True, italic=layout == "plain")
            _run(par, words)
    for number, section_name in enumerate(SECTIONS, start=1):
        heading(doc, layout, number, section_name, size, word_styles, caps)
        sub = 0
        for k in range(3):
            if k and rng.random() < 0.3:  # a subsection now and then: it must not count as a section
                sub += 1
                subheading(doc, layout, number, sub, f"{rng.choice(W).capitalize()} {rng.choice(W)}", size,
                           word_styles)
            text = " ".join(f"The {rng.choice(W)} {rng.choice(W)} of the model is analysed "
                            f"[{rng.randint(1, refs)}]." for _ in range(6))
            par = _par(doc, text, indent=12 if layout != "report" else 0, space_after=4)
            if section_name == "Experiments" and k == 0:
                results_table(doc, rng, size)
            if notes is not None and number == 1 and k == 0:  # a footnote in the body's first paragraph
                _footnote(notes, par, "Code and data: https://example.org/code, released under the MIT licence.",
                          size - 2)
    if rng.random() < 0.4:  # acknowledgements: a heading of its own, unnumbered, not a body section
        thanks = "Acknowledgment" if layout == "ieee-word" else rng.choice(["Acknowledgements", "Acknowledgments"])
        if layout == "ieee-word":
            _par(doc, thanks.upper() if word_styles else thanks, align="center", size=size,
                 small_caps=not word_styles, space_after=4)
        elif layout == "acm-word":
            _par(doc, thanks.upper(), align="left", size=size + 1, bold=True, font="Arial", space_after=4)
        else:
            _par(doc, thanks, align="left", size=size + (2 if layout in ("plain", "springer-word") else 0),
                 bold=True, space_after=4)
        _par(doc, f"This work was funded by the {rng.choice(INST)} and a grant from the {rng.choice(W)} fund.",
             space_after=6)
    if layout == "ieee-word":
        _par(doc, "REFERENCES", align="center", size=size, small_caps=not word_styles, space_after=4)
    elif layout == "acm-word":
        _par(doc, "REFERENCES", align="left", size=size + 1, bold=True, font="Arial", space_after=4)
    elif layout == "plain" and word_styles:
        doc.add_heading("References", level=1)
    else:
        _par(doc, rng.choice(["References", "References", "Bibliography", "Reference"]), align="left",
             size=size + (2 if layout in ("plain", "springer-word") else 0), bold=True, space_after=4)
    references(doc, layout, refs, rng,
               {"ieee-word": 8, "acm-word": 7, "springer-word": 9, "mdpi-word": 9}.get(layout, size - 1))
    if layout in ("plain", "report", "springer-word") and rng.random() < 0.2:  # an appendix after the references
        appendix = "Appendix A. Proofs" if layout != "report" else "Appendix: Proofs"
        _par(doc, appendix, align="left", size=size + (2 if layout != "report" else 0), bold=True, space_after=4)
        _par(doc, "The proof of the bound follows from the lemma and the triangle inequality.", space_after=4)
    doc.save(str(out))
    return {"title": heading_text, "authors": names, "abstract_first_sentence": abstract.split(". ")[0] + ".",
            "headings": SECTIONS, "refs": refs}


def write_papers(layouts: list[str], per_layout: int, first_seed: int, out: Path) -> list[Path]:
    docs = []
    for layout in layouts:
        for k in range(per_layout):
            stem = out / f"{layout}-{first_seed + k}"
            truth = document(layout, random.Random(f"{layout}-{first_seed + k}"), stem.with_suffix(".docx"))
            stem.with_suffix(".json").write_text(json.dumps(truth), encoding="utf-8")
            docs.append(stem.with_suffix(".docx"))
    profile = out / "lo-profile"  # a profile of our own: another soffice running elsewhere does not block us
    stderr = ""
    for attempt in range(2):  # one soffice run per 30 papers (a long run may stop early); then the missing, again
        todo = [d for d in docs if not d.with_suffix(".pdf").exists()]
        for k in range(0, len(todo), 30 if attempt == 0 else 1):
            run = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                                  "pdf", "--outdir", str(out), *map(str, todo[k:k + (30 if attempt == 0 else 1)])],
                                 capture_output=True, text=True, errors="replace")
            stderr = run.stderr.strip() or stderr
    pdfs = [d.with_suffix(".pdf") for d in docs]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        sys.exit(f"soffice did not convert {', '.join(missing)}: {stderr[:300]}")
    return pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", choices=list(SEEDS), default="held-out")
    parser.add_argument("--per-layout", type=int, default=8)
    parser.add_argument("--layouts", nargs="+", choices=LAYOUTS, default=LAYOUTS)
    parser.add_argument("--keep", help="write the .docx, .pdf and truth files here (to look at them)")
    args = parse_scoring_arguments(parser)
    if args is None:
        return
    try:
        import docx  # noqa: F401
    except ImportError:
        sys.exit("python-docx is not installed (pip install 'paperpass[bench]' or pip install python-docx)")
    if shutil.which("soffice") is None:
        sys.exit("soffice is not installed (Debian: libreoffice-writer-nogui fonts-liberation "
                 "fonts-crosextra-carlito fonts-crosextra-caladea)")
    with tempfile.TemporaryDirectory(prefix="pp-wordproc-") as tmp:
        where = Path(args.keep) if args.keep else Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        pdfs = write_papers(args.layouts, args.per_layout, SEEDS[args.seeds], where)
        columns = {"paperpass": score(pdfs, args.show_misses)}
        if args.before:
            columns["before"] = score_before(args.before, __file__, where, Path(tmp))
    print(f"# Parser on word-processor papers, {args.seeds} seeds, {args.per_layout} papers per layout\n")
    print_table("layout", args.layouts, columns)

if __name__ == "__main__":
    main()
