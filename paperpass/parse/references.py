"""The reference list: split into entries, each with its title, year, arXiv id and DOI.

Entries are split by what the list itself shows, tried in this order:
bracketed labels ("[12]", "[HZRS16]"), sequential numbers ("12."), hanging indent
(the first line of an entry sits left of its continuation lines, per column), and
finally vertical gaps between entries; a list with none of these (entries flush left, one
after the other) is split where a line that ended an entry, short of the column's right
edge, is followed by a line that opens like one (_starts_by_line_ends).
"""

from __future__ import annotations

import itertools
import math
import re
from statistics import median

from paperpass.ids import find_arxiv_ids, normalise_doi
from paperpass.models import Reference
from paperpass.parse.pdf import TextLine
from paperpass.parse.text import join_lines

_BRACKET = re.compile(r"^\[\s*([A-Za-z0-9+\-.,&' ]{1,20})\s*\]\s*")
# "12. Smith", "12 Smith", "12) Smith", and "12.Smith": a word processor's list label that fills its
# indent leaves no space before the entry (the numbering's order keeps "3.5 GHz" out).
_NUMBERED = re.compile(r"^(\d{1,3})(?:[.)]?\s+(?=\S)|[.)](?=[^\W\d_]))")
_YEAR = re.compile(r"(?<![\d.])((?:19[5-9]|20[0-4])\d)[a-z]?(?![\d])")
_MIN_ENTRY_CHARS = 12


# Back matter that follows a reference list without a heading our outline knows.
_LIST_END = re.compile(r"^(authors?['’]?s?\s+biograph|biograph|about the authors?|appendix\b|appendices\b|"
                       r"supplementary)", re.IGNORECASE)


def split_references(lines: list[TextLine]) -> list[Reference]:
    lines = _reference_lines(lines)
    if not lines:
        return []
    entries = (_split_by_brackets(lines) or _split_by_numbers(lines) or _split_by_indent(lines)
               or _split_by_gaps(lines))
    refs = []
    for entry in entries:
        raw = join_lines([ln.text for ln in entry])
        if len(raw) >= _MIN_ENTRY_CHARS:
            refs.append(reference_from_raw(raw))
    return refs


def _reference_lines(lines: list[TextLine]) -> list[TextLine]:
    """The list's own lines: up to back matter, in the list's type size (not body text or footnotes)."""
    for i, line in enumerate(lines):
        if _LIST_END.match(line.text) and len(line.text) < 60:
            lines = lines[:i]
            break
    lines = [ln for ln in lines if not _is_noise(ln)]
    if not lines:
        return []
    # The list starts right under its heading: its first lines give its type size.
    sizes: dict[float, int] = {}
    for line in lines[:6]:
        sizes[line.size] = sizes.get(line.size, 0) + len(line.text)
    usual = max(sizes, key=lambda size: sizes[size])
    return [ln for ln in lines if abs(ln.size - usual) <= 0.6]


def _is_noise(line: TextLine) -> bool:
    return bool(re.fullmatch(r"\d{1,4}", line.text.strip()))


def _split_by_brackets(lines: list[TextLine]) -> list[list[TextLine]] | None:
    starts = [i for i, ln in enumerate(lines) if _BRACKET.match(ln.text)]
    if not _enough_starts(starts, len(lines)):
        return None
    return _cut(lines, starts)


def _enough_starts(starts: list[int], n_lines: int) -> bool:
    """Labels that split the list: three or more, or two when the list opens with one (a short paper's
    two references), and never fewer than one label per seven lines."""
    if len(starts) < 0.15 * n_lines:
        return False
    return len(starts) >= 3 or (len(starts) == 2 and starts[0] == 0)


def _split_by_numbers(lines: list[TextLine]) -> list[list[TextLine]] | None:
    starts: list[int] = []
    expected = None
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line.text)
        if not m:
            continue
        value = int(m.group(1))
        if (expected is None and value == 1) or (expected is not None and value == expected):
            starts.append(i)
            expected = value + 1
    if not _enough_starts(starts, len(lines)):
        return None
    return _cut(lines, starts)


def _cut(lines: list[TextLine], starts: list[int]) -> list[list[TextLine]]:
    bounds = [*starts, len(lines)]
    return [lines[a:b] for a, b in itertools.pairwise(bounds)]


def _groups(lines: list[TextLine]) -> list[list[int]]:
    """Indexes of lines per (page, column), in reading order."""
    groups: list[list[int]] = []
    key = None
    for i, line in enumerate(lines):
        k = (line.page, line.column)
        if k != key:
            groups.append([])
            key = k
        groups[-1].append(i)
    return groups


def _split_by_indent(lines: list[TextLine]) -> list[list[TextLine]] | None:
    starts: list[int] = []
    indented = 0
    for group in _groups(lines):
        left = min(lines[i].x0 for i in group)
        for i in group:
            offset = lines[i].x0 - left
            if offset <= 2.0:
                starts.append(i)
            elif 3.0 <= offset <= 30.0:
                indented += 1
    if indented < 0.2 * len(lines) or len(starts) < 2:
        return None
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    return _cut(lines, starts)


def _split_by_gaps(lines: list[TextLine]) -> list[list[TextLine]]:
    gaps = [b.y0 - a.y1 for a, b in itertools.pairwise(lines)
            if a.page == b.page and a.column == b.column and b.y0 > a.y0]
    usual = median(gaps) if gaps else 0.0
    starts = [0]
    gapped = False
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        same_run = a.page == b.page and a.column == b.column and b.y0 > a.y0
        if same_run and b.y0 - a.y1 > usual + 1.5:
            starts.append(i)
            gapped = True
        elif not same_run and a.text.rstrip().endswith("."):
            starts.append(i)
    if not gapped:
        # No label, no hanging indent, no gap: entries set flush left, one after the other. The line
        # ends decide at a column or page change too (a sentence ending at the foot of a column, its
        # line full, goes on at the head of the next).
        starts = [0, *_starts_by_line_ends(lines)]
    return _cut(lines, starts)


# The end of an entry: a full stop, a year ("2019", "(2019)", "2019a"), or pages ("pp. 12-19", "12:1-12:9").
_ENTRY_END = re.compile(r"(?:\.|\b(?:19|20)\d\d[a-z]?\)?\.?|\d+\s*[-–—]\s*\d+(?::\d+)?\.?)[\s\"”’)]*$")
_PARTICLE = r"(?:(?:van|von|der|den|de|del|della|da|di|du|le|la|dos|das|ten|ter|bin|al|el)\s+){0,3}"
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’]*(?:-[A-ZÀ-ÖØ-Þ]?[\w'’]+)*"  # a capitalised word, hyphenated or not
_INITIALS = r"(?:[A-ZÀ-ÖØ-Þ][a-z]?\.[\s-]?){1,4}"  # "J.", "J. R.", "J.-P.", "Ch."
_YEAR_OPEN = r"\(?(?:19|20)\d\d[a-z]?\)?"
# How an entry opens: its first author, surname first or initials first, and what may follow the
# name (initials, a first name, "and", "et al.", the year of an author-year list).
_OPENS_ENTRY = re.compile(
    # Smith, J. / Smith et al. / Smith (2019) / OpenAI. 2023.
    rf"^(?:{_PARTICLE}{_NAME}(?:,?\s+(?:{_INITIALS}|et\s+al\.|and\s|&\s)|\.?\s+{_YEAR_OPEN}\b)"
    rf"|{_PARTICLE}{_NAME},\s+{_NAME}(?:\s+{_INITIALS})?(?:,|\s+and\s|\s+&\s|\.)"  # Smith, John, / Smith, John and
    rf"|{_INITIALS}\s*{_PARTICLE}{_NAME}(?:,|\s+and\s|\s+&\s|\.|\s+et\s+al\.)"  # J. Smith, / J. R. Smith and
    rf"|{_NAME}\s+(?:{_INITIALS}\s*)?{_PARTICLE}{_NAME}(?:,|\s+and\s|\s+&\s|\.\s+{_YEAR_OPEN}|\s+et\s+al\.)"
    rf"|(?:{_NAME}\s+){{1,2}}{_NAME}\.?\s+{_YEAR_OPEN}[.,])"  # an organisation: World Health Organization (2021).
)


def _opens_like_entry(text: str) -> bool:
    """The line opens with authors: a surname and initials (either order), "and", "et al.", or a
    name and a year (author-year lists)."""
    if not _OPENS_ENTRY.match(text):
        return False
    # The names up to the year or the first sentence: capitalised words, "and", "et al." (not a
    # title's "Deep Learning, Revisited in ...", not a venue's "Advances in Neural ...").
    text = re.sub(r"(?<=\b[A-Z])\.-(?=[A-Z]\.)", ". ", text)  # "M.-W. Chang": two initials
    head = re.split(r"\(?(?:19|20)\d\d|(?<![\s.][A-Z])(?<!^[A-Z])(?<!\bet al)\.\s", text, maxsplit=1)[0]
    names = re.sub(rf"\b{_PARTICLE}", "", head)  # "van der Maaten": the particles are not title words
    return _author_like(" ".join(names.split()[:8]))


def _starts_by_line_ends(lines: list[TextLine]) -> list[int]:
    """Where entries start in a list whose entries are all flush left, with no gap between them.

    A careful reader's rule: a line opens a new entry when the line before it ended an entry (a full
    stop, a year or pages) and stops clearly short of its column's right edge, and the line itself
    opens like an entry (authors, or a name and a year). Lines that wrap inside an entry of justified
    text reach the right edge, so they stay joined. An entry whose last line happens to fill the
    column merges with the next one: one entry too few is better than an entry cut in two.
    """
    edges = {column: _right_edge([ln.x1 for ln in lines if ln.column == column])
             for column in {ln.column for ln in lines}}
    starts = []
    for i in range(1, len(lines)):
        before, line = lines[i - 1], lines[i]
        text = before.text.rstrip()
        char = (before.x1 - before.x0) / max(len(text), 1)
        short = before.x1 < edges[before.column] - max(3.0 * char, 6.0)
        if short and _ENTRY_END.search(text) and _opens_like_entry(line.text):
            starts.append(i)
    return starts


def _right_edge(ends: list[float]) -> float:
    """A column's right edge, from its own lines: the furthest end that two or more lines reach
    (justified lines wrapped inside an entry all end there), with at most one line in twenty past it
    (an overfull URL). When no such end exists, nothing was wrapped at an edge (two one-line entries
    may end alike by chance, lines longer than theirs show it is no edge) and every line ends where
    its entry does: the edge lies past the longest line. A list with a single wrapped line is read
    so too; its first line must still end like an entry and the next open like one to be cut."""
    ends = sorted(ends, reverse=True)
    for beyond, end in enumerate(ends):
        if beyond > max(1, 0.05 * len(ends)):
            break
        if sum(1 for e in ends if abs(e - end) <= 1.5) >= 2:
            return end
    return math.inf


# -- fields of one entry --------------------------------------------------------

def reference_from_raw(raw: str) -> Reference:
    raw = " ".join(raw.split())
    arxiv = find_arxiv_ids(raw)
    return Reference(raw=raw, title=reference_title(raw), year=reference_year(raw),
                     arxiv_id=arxiv[0] if arxiv else None, doi=normalise_doi(raw))


def reference_year(raw: str) -> int | None:
    cleaned = re.sub(r"arxiv[:\s]*\S+|doi[:\s]*\S+|https?://\S+|10\.\d{4,9}/\S+", " ", raw, flags=re.IGNORECASE)
    paren = re.search(r"\(((?:19[5-9]|20[0-4])\d)[a-z]?\)", cleaned)
    if paren:
        return int(paren.group(1))
    years = _YEAR.findall(cleaned)
    return int(years[-1]) if years else None


_QUOTED = re.compile(r"[“\"]([^”\"]{8,300}?)[,.]?[”\"]")
_VENUE_START = re.compile(r"^(in\b|proc|proceedings|journal|arxiv|corr|advances|ieee|acm|technical|tech\.|"
                          r"preprint|springer|nature|science|url|available|retrieved|http)", re.IGNORECASE)


def reference_title(raw: str) -> str | None:
    quoted = _QUOTED.search(raw)
    if quoted:
        return quoted.group(1).strip(" ,.")
    text = _BRACKET.sub("", raw, count=1)
    text = _NUMBERED.sub("", text, count=1)
    # Author-year styles: the title follows "(2016)." or ", 2016."
    after_year = re.search(r"\(((?:19|20)\d\d)[a-z]?\)\.?\s+(.+)", text)
    if after_year and after_year.start() < len(text) * 0.6:
        chunk = _first_sentence(after_year.group(2))
        if chunk:
            return chunk
    chunks = _sentences(text)
    for chunk in chunks[1:]:
        words = chunk.split()
        if len(words) >= 2 and not _VENUE_START.match(chunk) and not _author_like(chunk):
            return chunk.strip(" ,.")
    return None


def _sentences(text: str) -> list[str]:
    # A period ends a sentence unless it closes an initial ("J.") or "et al".
    parts = re.split(r"(?<![\s.][A-Z])(?<!^[A-Z])(?<!\bet al)(?<!\bvs)(?<!\bVol)(?<!\bno)(?<!\bpp)\.\s+", text)
    return [p.strip() for p in parts if p.strip()]


def _first_sentence(text: str) -> str | None:
    parts = _sentences(text)
    return parts[0].strip(" ,.") if parts and len(parts[0].split()) >= 2 else None


def _author_like(chunk: str) -> bool:
    words = re.findall(r"[\w'’\-]+\.?", chunk)
    if not words:
        return True
    capitalised = sum(1 for w in words if w[:1].isupper() or w in ("and", "et", "al.", "al", "van", "de", "von"))
    has_separators = "," in chunk or " and " in chunk
    return capitalised >= 0.9 * len(words) and (has_separators or len(words) <= 3)
