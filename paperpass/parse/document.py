"""Assembling a `Document` from the lines of a PDF: front matter, sections, captions, references."""

from __future__ import annotations

import re
from pathlib import Path

from paperpass.ids import normalise_title
from paperpass.models import Document, Section
from paperpass.parse.captions import find_captions
from paperpass.parse.front import (
    find_abstract,
    find_authors,
    find_title,
    is_affiliation_line,
    names_in_line,
    printed_metadata_authors,
    usable_metadata_title,
)
from paperpass.parse.headings import (
    KNOWN_HEADINGS,
    REFERENCE_HEADINGS,
    Heading,
    assign_levels,
    body_font_size,
    find_headings,
    headings_from_outline,
    split_number,
)
from paperpass.parse.pdf import RawDocument, TextLine, read_document
from paperpass.parse.references import split_references
from paperpass.parse.text import join_lines, set_vocabulary, vocabulary


def build_document(path: Path, *, deadline: float | None = None) -> Document:
    raw = read_document(path, deadline=deadline)
    return document_from_lines(raw)


def document_from_lines(raw: RawDocument) -> Document:
    lines = raw.lines
    set_vocabulary(vocabulary(line.text for line in lines))
    body = body_font_size(lines)
    first_page_end = next((i for i, ln in enumerate(lines) if ln.page > lines[0].page), len(lines))
    title, _, title_end = find_title(lines, raw.metadata_title, first_page_end)
    if normalise_title(split_number(title)[1]) in KNOWN_HEADINGS:
        # The first page's largest type is a section's heading ("1 Introduction"): its title is not in its
        # text (an image, a cover page left off), so the metadata's, if any.
        title, title_end = usable_metadata_title(raw.metadata_title), 0

    headings = _headings(raw, lines, body, title, title_end)
    ref_start = _references_start(lines, headings, body)
    headings = _with_references_heading(headings, lines, ref_start)
    headings = [h for h in headings if not _front_matter_line(h, lines, title_end)]
    first_heading = next((h.line_index for h in headings if h.line_index is not None and h.kind != "abstract"), None)
    heading_lines = {h.line_index for h in headings if h.line_index is not None and h.kind != "abstract"}
    abstract, abstract_start, _abstract_end = find_abstract(lines, title_end, first_heading, heading_lines, body)
    authors = find_authors(lines, title_end, abstract_start if abstract_start is not None else
                           (first_heading if first_heading is not None else title_end + 12)) or \
        printed_metadata_authors(raw.metadata_author, " ".join(ln.text for ln in lines[:first_page_end]))
    if abstract_start is not None:
        # Bold author names and affiliations above the abstract are not section headings.
        headings = [h for h in headings if h.line_index is None or h.line_index >= abstract_start]
    _mark_appendices(headings, ref_start)
    caption_lines: set[int] = set()
    captions = find_captions(lines, body, caption_lines)
    sections = _sections(headings, lines, _not_running_text(lines, body, caption_lines))
    references = split_references(lines[ref_start + 1:_references_end(headings, ref_start, lines)]) \
        if ref_start is not None else []
    return Document(title=title, authors=authors, abstract=abstract, sections=sections, captions=captions,
                    references=references, pages=len(raw.pages))


def _front_matter_line(h: Heading, lines: list[TextLine], title_end: int) -> bool:
    """An unnumbered "heading" just under the title that is an author list or an affiliation."""
    if h.number or h.line_index is None or h.kind != "body" or h.line_index < title_end:
        return False
    line = lines[h.line_index]
    if line.page != lines[max(title_end - 1, 0)].page or h.line_index - title_end > 12:
        return False
    return len(names_in_line(line.small_spans or line.text)) >= 2 or is_affiliation_line(line.text, line.small_spans)


def _headings(raw: RawDocument, lines: list[TextLine], body: float, title: str, title_end: int) -> list[Heading]:
    from_outline = headings_from_outline(raw.outline, lines, title)
    if from_outline is not None:
        return from_outline
    found = find_headings(lines, body, start=title_end)
    return assign_levels(found, lines)


def _is_reference_heading(line: TextLine, body: float) -> bool:
    if len(line.text) > 40:
        return False
    _, name = split_number(line.text)
    if normalise_title(name) not in REFERENCE_HEADINGS:
        return False
    return line.bold or line.size >= body + 0.5 or line.text.isupper() or len(line.text) < 20


def _references_start(lines: list[TextLine], headings: list[Heading], body: float) -> int | None:
    """Index of the line that opens the reference list (its heading, or the line before entry [1])."""
    for h in reversed(headings):
        if h.kind == "references" and h.line_index is not None:
            return h.line_index
    candidates = [i for i, ln in enumerate(lines) if _is_reference_heading(ln, body)]
    # A table of contents may name "References" early: the last one is the list itself.
    if candidates:
        return candidates[-1]
    return _unlabelled_reference_list(lines)


def _unlabelled_reference_list(lines: list[TextLine]) -> int | None:
    """REVTeX and some others print no heading: find where "[1]" / "1." entries begin near the end."""
    for i in range(len(lines) - 1, int(len(lines) * 0.4), -1):
        if re.match(r"^\[1\]\s*\S", lines[i].text) or (re.match(r"^1\.?\s+[A-Z]", lines[i].text) and \
                any(re.match(r"^2\.?\s+[A-Z]", ln.text) for ln in lines[i + 1:i + 12])):
            return i - 1
    return None


def _with_references_heading(headings: list[Heading], lines: list[TextLine], ref_start: int | None) -> list[Heading]:
    """Make sure the reference list shows as a section (outlines often omit it)."""
    if ref_start is None or ref_start < 0 or any(h.line_index == ref_start for h in headings):
        return headings
    line = lines[ref_start]
    number, name = split_number(line.text)
    if normalise_title(name) not in REFERENCE_HEADINGS:
        return headings
    heading = Heading(title=name.strip().rstrip(".:").title() if name.isupper() else name.strip().rstrip(".:"),
                      number=number, level=1, page=line.page, line_index=ref_start, kind="references")
    position = sum(1 for h in headings if h.line_index is not None and h.line_index < ref_start)
    # Insert after the last located heading that comes before it, keeping unlocated ones in place.
    result, count = [], 0
    inserted = False
    for h in headings:
        if not inserted and h.line_index is not None and count == position:
            result.append(heading)
            inserted = True
        if h.line_index is not None:
            count += 1
        result.append(h)
    if not inserted:
        result.append(heading)
    return result


def _mark_appendices(headings: list[Heading], ref_start: int | None) -> None:
    after_references = False
    in_appendix = False
    for h in headings:
        if h.kind == "references":
            after_references = True
            continue
        if h.kind == "appendix":
            in_appendix = True
            continue
        if h.kind != "body":
            continue
        lettered = bool(re.fullmatch(r"[A-H](\.\d+)*", h.number))
        if lettered or in_appendix or (after_references and (ref_start is None or h.line_index is None
                                                             or h.line_index > ref_start)):
            h.kind = "appendix"
            in_appendix = in_appendix or (lettered and h.level == 1)


def _not_running_text(lines: list[TextLine], body: float, caption_lines: set[int]) -> set[int]:
    """Lines the reader's section text leaves out: figure and table internals, captions (shown on their
    own), and footnotes (small type below the last line of body type in its column)."""
    skip = set(caption_lines)
    lowest: dict[tuple[int, str], float] = {}
    for line in lines:
        if line.size >= body - 0.6 and not line.figure:
            key = (line.page, line.column)
            lowest[key] = max(lowest.get(key, 0.0), line.y1)
    for i, line in enumerate(lines):
        if line.figure or (line.size < body - 1.2 and line.y0 >= lowest.get((line.page, line.column), 1e9) - 1):
            skip.add(i)
    return skip


def _sections(headings: list[Heading], lines: list[TextLine], skip: set[int]) -> list[Section]:
    located = sorted(h.line_index for h in headings if h.line_index is not None)
    sections = []
    for h in headings:
        text = ""
        if h.line_index is not None:
            following = [i for i in located if i > h.line_index]
            end = following[0] if following else len(lines)
            text = join_lines([lines[i].text for i in range(h.line_index + 1, end) if i not in skip])
        sections.append(Section(title=h.title, level=h.level, page=h.page, text=text, number=h.number, kind=h.kind))
    return sections


def _references_end(headings: list[Heading], ref_start: int, lines: list[TextLine]) -> int:
    for h in headings:
        if h.line_index is not None and h.line_index > ref_start and h.level == 1 and h.kind != "references":
            return h.line_index
    return len(lines)
