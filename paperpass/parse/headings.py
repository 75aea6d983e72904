"""Section headings with levels: from the PDF outline when it is trustworthy, else from the page.

Font-based detection looks for short lines that stand out from body text (larger,
bold or all capitals) and either carry a section number ("3.2 Training",
"A Appendix", "IV. RESULTS") or are one of the names every paper uses
("Abstract", "References", "Acknowledgements"). Numbers must advance the way
section numbers do, which rules out list items, table rows and figure labels.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperpass.ids import normalise_title
from paperpass.parse.front import KEYWORDS_LINE
from paperpass.parse.pdf import TextLine

# Unnumbered headings every paper may carry, normalised.
KNOWN_HEADINGS = {
    "abstract", "introduction", "related work", "related works", "background", "conclusion", "conclusions",
    "discussion", "references", "bibliography", "acknowledgements", "acknowledgments", "acknowledgement",
    "acknowledgment", "appendix", "appendices", "supplementary material", "limitations", "ethics statement",
    "broader impact", "ethical considerations", "conclusion and future work", "conclusions and future work",
    "future work", "summary", "experiments", "results", "method", "methods", "evaluation", "literature cited",
    "references and notes", "author contributions", "contents", "table of contents",
}
REFERENCE_HEADINGS = {"references", "bibliography", "literature cited", "references and notes", "reference",
                      "works cited"}
BACK_MATTER = {"acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment"}

_NUMBER = re.compile(
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2}){0,3})|(?:[A-H](?:\.\d{1,2}){0,3})|(?:[IVX]{1,5}))"
    r"(?P<dot>\.?)\s+(?P<title>\S.*)$"
)
_APPENDIX_PREFIX = re.compile(r"^(appendix|supplementary)\b\s*(?P<num>(?:[A-Z]|\d+|[IVX]+)(?:\.\d+)*\b)?[.:]?\s*",
                             re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
          "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}


@dataclass
class Heading:
    title: str  # without its number
    number: str  # "3.2", "A", "IV" or ""
    level: int
    page: int
    line_index: int | None  # where it starts in the document's lines (None: not located)
    kind: str = "body"  # "abstract", "references", "acknowledgements", "appendix" or "body"


BODY_SHARE = 0.7  # a larger size with this share of the most-used size's characters is the body


def body_font_size(lines: list[TextLine]) -> float:
    """The running text's size: the size set in the most characters, unless a larger size comes close.

    Abstracts, affiliations, footnotes and references are set smaller than the body, never larger; in
    a short paper (a letter with a long reference list) they can outweigh the body, which then is the
    largest of the sizes carrying nearly as much text.
    """
    weights: Counter = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    if not weights:
        return 10.0
    most = max(weights.values())
    return max(size for size, weight in weights.items() if weight >= BODY_SHARE * most)


def split_number(text: str, *, lenient: bool = False) -> tuple[str, str]:
    """("3.2", "Training") for "3.2 Training" / "3.2. Training"; ("", text) when unnumbered.

    `lenient` (for outline entries, which are always headings) takes "III Critical point" as numbered.
    """
    m = _NUMBER.match(text)
    if m and re.search(r"[A-Za-z]", m.group("title")):
        num = m.group("num")
        title = m.group("title")
        if lenient and re.fullmatch(r"[A-Z]|[IVX]+", num) and title[:1].isupper():
            return num, title.strip()
        # A single capital letter followed by a lowercase word is a sentence ("A Study of..."), not "A Appendix",
        # unless a dot follows the letter; roman numerals need a dot or an all-caps title.
        if re.fullmatch(r"[A-H]", num) and not m.group("dot") and not _looks_like_title_case(title):
            return "", text
        if re.fullmatch(r"[IVX]+", num) and not (m.group("dot") or title.isupper() or _looks_like_title_case(title)):
            return "", text
        return num, title.strip()
    return "", text


def _looks_like_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def number_depth(number: str) -> int:
    return number.count(".") + 1 if number else 0


def heading_kind(title: str) -> str:
    key = normalise_title(title)
    if key == "abstract":
        return "abstract"
    if key in REFERENCE_HEADINGS:
        return "references"
    if key in BACK_MATTER:
        return "acknowledgements"
    if _APPENDIX_PREFIX.match(title) or key in ("appendix", "appendices", "supplementary material"):
        return "appendix"
    return "body"


# -- font-based detection -------------------------------------------------------

def _is_candidate(line: TextLine, body: float, prev: TextLine | None) -> bool:
    text = line.text
    if len(text) > 90 or len(text) < 3:
        return False
    if not re.search(r"[A-Za-z]{2}", text):
        return False
    stands_out = line.bold or line.size >= body + 0.9 or (text.isupper() and len(text) > 4) or line.small_caps
    if not stands_out:
        return False
    if line.size < body - 1.6:
        return False  # captions, footnotes, table cells in small type
    if _continues_paragraph(line, prev):
        return False  # "2 sparse benchmarks, while ..." inside a bold abstract
    return not text.endswith((",", ";"))


def _continues_paragraph(line: TextLine, prev: TextLine | None) -> bool:
    """The line goes on with the sentence of the full line just above it, set in the same type."""
    return (prev is not None and prev.page == line.page and prev.column == line.column
            and prev.bold == line.bold and abs(prev.size - line.size) < 0.3 and len(prev.text) > 40
            and -0.3 * line.size <= line.y0 - prev.y1 < 0.5 * line.size
            and not prev.text.rstrip().endswith((".", ":", "!", "?")))


def _a_cell_of_a_row(line: TextLine, prev: TextLine | None, nxt: TextLine | None) -> bool:
    """Words beside the line on its row in its column: a table's header cell ("Method | Accuracy"),
    not a heading, which has its row to itself (line numbers in the margin do not count; a cell as short
    as "F1" does)."""
    return any(other is not None and other.page == line.page and other.column == line.column
               and min(other.y1, line.y1) - max(other.y0, line.y0) >= 0.5 * min(other.height, line.height)
               and (other.x0 >= line.x1 or other.x1 <= line.x0) and re.search(r"[^\W\d_]", other.text)
               for other in (prev, nxt))


def _starts_numbered_or_known(text: str) -> bool:
    return bool(split_number(text)[0]) or normalise_title(text) in KNOWN_HEADINGS


def _caption_like(text: str) -> bool:
    return bool(re.match(r"^(fig\.?|figure|table|algorithm|listing)\s*[\dIVX]+", text, re.IGNORECASE))


def find_headings(lines: list[TextLine], body: float, *, start: int = 0) -> list[Heading]:
    """Headings found from type and numbering, in reading order, from `lines[start:]`."""
    found: list[Heading] = []
    i = start
    while i < len(lines):
        line = lines[i]
        prev = lines[i - 1] if i > 0 else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if not _is_candidate(line, body, prev) or _caption_like(line.text) or _a_cell_of_a_row(line, prev, nxt):
            i += 1
            continue
        text = line.text
        # A heading wrapped over two lines in the same style.
        consumed = 1
        if (nxt is not None and nxt.page == line.page and nxt.column == line.column and nxt.bold == line.bold
                and nxt.small_caps == line.small_caps
                and abs(nxt.size - line.size) < 0.3 and -0.5 * line.size < nxt.y0 - line.y1 < 0.6 * line.size
                and len(text) + len(nxt.text) < 140 and len(nxt.text) < 60
                and not _NUMBER.match(nxt.text) and not nxt.text.endswith((".", ","))
                and not _starts_numbered_or_known(nxt.text)):
            text = f"{text} {nxt.text}"
            consumed = 2
        heading = _heading_from_text(text, line, i, body)
        if heading is not None:
            found.append(heading)
            i += consumed
        else:
            i += 1
    return _filter_sequence(found)


def _heading_from_text(text: str, line: TextLine, index: int, body: float) -> Heading | None:
    text = text.strip()
    if KEYWORDS_LINE.match(text):
        return None
    appendix = _appendix_prefix(text)
    number, title = split_number(text)
    if appendix and not number:
        number = appendix.group("num") or ""
        rest = text[appendix.end():].strip()
        title = rest or text
        kind = "appendix"
        return Heading(title=_tidy_title(title) if rest else text, number=number, level=1, page=line.page,
                       line_index=index, kind=kind)
    run_in = run_in_split(title)
    if run_in is not None:
        if not number:
            return None  # "Identity vs. Projection Shortcuts. We have shown that": a paragraph, not a heading
        title = run_in  # "3.2 Setup. We train ...": the heading is the lead phrase
    title = _tidy_title(title)
    key = normalise_title(title)
    if not title or len(title) < 2:
        return None
    if number:
        if title.endswith(".") and len(title.split()) > 8:
            return None  # a numbered sentence, not a heading
        if re.match(r"^[a-z]", title) and not line.bold:
            return None
        return Heading(title=title, number=number.rstrip("."), level=number_depth(number.rstrip(".")),
                       page=line.page, line_index=index, kind=heading_kind(title))
    if key in KNOWN_HEADINGS:
        return Heading(title=title, number="", level=1, page=line.page, line_index=index, kind=heading_kind(title))
    # Unnumbered heading in a paper that numbers nothing: must be visibly larger or bold and short.
    if (line.size >= body + 0.9 or line.bold) and len(title.split()) <= 10 and not title.endswith((".", ":")) \
            and title[:1].isupper():
        return Heading(title=title, number="", level=0, page=line.page, line_index=index, kind=heading_kind(title))
    return None


_ABBREVIATIONS = {"vs", "al", "etc", "cf", "eg", "ie", "fig", "figs", "eq", "eqs", "no", "sec", "ch", "st", "dr",
                  "mr", "ms", "prof", "approx", "resp", "viz"}
_RUN_IN = re.compile(r"([A-Za-z][\w\-]*)\.\s+(?=\S+\s+\S)")


def run_in_split(text: str) -> str | None:
    """The lead phrase of a run-in heading ("Training. We train the ..." -> "Training"), else None.

    A sentence end (a word, not an abbreviation, then a period) followed by at least two more words
    means the line carries paragraph text after its lead phrase.
    """
    for m in _RUN_IN.finditer(text):
        word = m.group(1)
        if word.lower().replace(".", "") in _ABBREVIATIONS or len(word) == 1:
            continue
        return text[:m.start(1) + len(word)].strip()
    return None


def _tidy_title(title: str) -> str:
    title = title.strip().rstrip(".:").strip()
    # "RELATED WORK" reads better as "Related Work"; a one-word acronym ("BERT") stays as printed.
    if title.isupper() and (len(title.split()) > 1 or title.lower() in KNOWN_HEADINGS):
        title = _smart_title(title)
    return title


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "via", "vs"}


def _smart_title(text: str) -> str:
    words = text.lower().split()
    out = []
    for i, word in enumerate(words):
        out.append(word if (i > 0 and word in _SMALL_WORDS) else word[:1].upper() + word[1:])
    return " ".join(out)


def _numeric_value(number: str) -> float | None:
    head = number.split(".")[0]
    if head.isdigit():
        return float(head)
    if head in _ROMAN:
        return float(_ROMAN[head])
    return None


def _filter_sequence(found: list[Heading]) -> list[Heading]:
    """Keep numbered headings whose numbers advance like section numbers.

    Arabic or roman top-level numbers must increase by one or two; sub-numbers must sit under the current
    section. Letters are appendices ("A", "B.2") once the references or an "Appendix" heading have passed,
    and sub-sections ("A. Ordered Phase") under roman-numbered sections (REVTeX); elsewhere "A Loss
    Function for..." is a sentence that happens to start with "A".
    """
    kept: list[Heading] = []
    current_top: float = 0
    roman = False
    seen_top: set[str] = set()
    letters_open = False
    for h in found:
        if h.kind in ("references", "appendix"):
            letters_open = True
        if not h.number or h.kind == "appendix":
            kept.append(h)
            continue
        head = h.number.split(".")[0]
        value = _numeric_value(h.number)
        is_letter = bool(re.fullmatch(r"[A-H]", head)) and not (head in _ROMAN and roman)
        if is_letter:
            if h.level == 1 and roman and not letters_open:
                h.level = 2  # REVTeX: "A. Ordered Phase" under "II. ..."
            elif h.level == 1:
                if not letters_open or head in seen_top:
                    continue
                seen_top.add(head)
                h.kind = "appendix"
            elif head not in seen_top:
                continue
            kept.append(h)
            continue
        if value is None or (letters_open and h.level == 1 and value <= current_top):
            continue
        if h.level == 1:
            if head in seen_top or not (current_top < value <= current_top + 2):
                continue
            current_top = value
            roman = roman or head in _ROMAN
            seen_top.add(head)
        elif value != current_top:
            continue
        kept.append(h)
    return kept


def assign_levels(headings: list[Heading], lines: list[TextLine]) -> list[Heading]:
    """Give unnumbered headings (level 0 so far) the level of numbered headings in the same style.

    In a paper without numbering, the largest heading style is level 1, the next level 2 and so on.
    Unnumbered headings in a style that no numbered heading uses are dropped when the paper numbers its
    sections (they are usually run-in paragraph titles or table headers), unless their name is a known one.
    """
    def style(h: Heading) -> tuple[float, bool]:
        line = lines[h.line_index] if h.line_index is not None else None
        return (line.size, line.bold) if line else (0.0, False)

    numbered = [h for h in headings if h.number]
    result: list[Heading] = []
    if len(numbered) >= 2:
        level_of_style: dict[tuple[float, bool], int] = {}
        for h in numbered:
            level_of_style.setdefault(style(h), h.level)
        top_styles = [s for s, lv in level_of_style.items() if lv == 1]
        for h in headings:
            if h.number or h.kind == "appendix":
                result.append(h)
                continue
            lv = level_of_style.get(style(h))
            key = normalise_title(h.title)
            if key in KNOWN_HEADINGS:
                h.level = 1 if lv is None else lv
                if h.kind != "body" or lv is None:
                    h.level = 1
                result.append(h)
            elif lv is not None:
                h.level = lv
                result.append(h)
            elif top_styles and style(h) in top_styles:
                h.level = 1
                result.append(h)
            elif style(h)[1] and style(h)[0] <= min(s for s, _ in level_of_style):
                # Bold lines at body size in a numbered paper: unnumbered sub-sections ("Anchors").
                h.level = max(level_of_style.values()) + 1
                result.append(h)
        return result
    def look(h: Heading) -> tuple[float, bool, bool, bool]:
        # Capitals outrank mixed case in the same type (REVTeX's "INTRODUCTION" over "Ordered phase"),
        # upright outranks italics (a report's bold "Method" over bold italic "Training data").
        line = lines[h.line_index] if h.line_index is not None else None
        text = line.text if line else ""
        return (*style(h), text.upper() == text, bool(line and line.italic))

    styles = sorted({look(h) for h in headings}, key=lambda s: (-s[0], not s[1], not s[2], s[3]))
    rank = {s: i + 1 for i, s in enumerate(styles)}
    # Where a known name ("Introduction") sits tells which style is the top level.
    anchors = [look(h) for h in headings if normalise_title(h.title) in ("introduction", "conclusion",
                                                                            "conclusions", "related work")]
    top = rank[anchors[0]] if anchors else 1
    for h in headings:
        if not h.number:
            # Abstract, References, Acknowledgements are top-level whatever their type size (as above).
            h.level = 1 if h.kind in ("abstract", "references", "acknowledgements") else max(
                1, rank[look(h)] - top + 1)
        result.append(h)
    return result


# -- the PDF outline ------------------------------------------------------------

def headings_from_outline(outline: list[tuple[int, str, int]], lines: list[TextLine],
                          title: str) -> list[Heading] | None:
    """Headings from the bookmarks, located in the text; None when the outline does not fit the text."""
    if len(outline) < 3:
        return None
    entries = list(outline)
    top = min(level for level, _, _ in entries)
    # Some outlines put the paper's title at level 1 over all its sections.
    if sum(1 for lv, _, _ in entries if lv == top) == 1 and normalise_title(entries[0][1]) == normalise_title(title):
        entries = entries[1:]
        if not entries:
            return None
        top = min(level for level, _, _ in entries)
    located = 0
    headings: list[Heading] = []
    cursor = 0
    for level, raw_title, page in entries:
        number, name = split_number(raw_title, lenient=True)
        appendix = _appendix_prefix(raw_title)
        if appendix and not number and raw_title[appendix.end():].strip():
            name = raw_title[appendix.end():].strip()
            number = appendix.group("num") or ""
        name = _tidy_title(name)
        index = _locate(lines, name, page, cursor)
        if index is not None:
            located += 1
            cursor = index
        kind = heading_kind(raw_title) if appendix or heading_kind(name) == "body" else heading_kind(name)
        if index is not None and not number:
            number = split_number(lines[index].text)[0]  # the page prints numbers the outline left out
            printed = _appendix_prefix(lines[index].text)
            if printed and not appendix:  # the outline says "Proofs", the page "Appendix A. Proofs"
                number, kind = number or printed.group("num") or "", "appendix"
        number = number.rstrip(".")
        headings.append(Heading(title=name, number=number, level=level - top + 1, page=page,
                                line_index=index, kind=kind))
    if located < 0.6 * len(headings):
        return None
    return _levels_from_numbers(headings)


def _levels_from_numbers(headings: list[Heading]) -> list[Heading]:
    """Where outline levels disagree with printed numbering ("2. Motivation" at outline level 2), numbers win."""
    numbered = [h for h in headings if re.fullmatch(r"\d+(\.\d+)*", h.number)]
    disagree = sum(1 for h in numbered if number_depth(h.number) != h.level)
    if numbered and disagree > 0.3 * len(numbered):
        for h in numbered:
            h.level = number_depth(h.number)
    return headings


def _appendix_prefix(text: str) -> re.Match | None:
    """ "Appendix A." / "Appendix:" / "Supplementary B" before a heading's name; "Supplementary Material"
    is a name of its own."""
    match = _APPENDIX_PREFIX.match(text)
    if match and match.group(1).lower() == "supplementary" and not match.group("num"):
        return None
    return match


def _without_appendix_prefix(text: str) -> str:
    """ "Appendix A. Proofs" -> "Proofs"; a bare "Appendix" stays."""
    appendix = _appendix_prefix(text)
    return text[appendix.end():] if appendix and text[appendix.end():].strip() else text


def _locate(lines: list[TextLine], name: str, page: int, start: int) -> int | None:
    key = normalise_title(name)
    if not key:
        return None
    for i in range(start, len(lines)):
        line = lines[i]
        if line.page < page - 1:
            continue
        if line.page > page + 1:
            break
        text_key = normalise_title(_without_appendix_prefix(split_number(line.text)[1]))
        if text_key and (text_key == key or (len(text_key) >= 8 and key.startswith(text_key))
                         or (len(key) >= 8 and text_key.startswith(key))):
            return i
    return None
