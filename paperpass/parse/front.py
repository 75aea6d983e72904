"""Front matter: the title, the authors and the abstract from the first page(s)."""

from __future__ import annotations

import re
import unicodedata

from paperpass.ids import normalise_title
from paperpass.parse.pdf import TextLine
from paperpass.parse.text import join_lines

# Lines that sit above or around the title but are not it.
_BANNER = re.compile(
    r"\b(?:arxiv|preprint|under review|conference|proceedings|workshop|journal|published|accepted|submitted|"
    r"copyright|licen[cs]ed?|vol\.|volume|issn|doi|technical report|draft|pp\.|pages?\s\d)(?!\w)|©|http|www\.|@",
    re.IGNORECASE,
)
_ABSTRACT_LABEL = re.compile(r"^(a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary)\b\s*[.:—–-]?\s*", re.IGNORECASE)
_KEYWORD_LABELS = r"keywords|key words|index terms|ccs concepts"
_ABSTRACT_STOP = re.compile(rf"^({_KEYWORD_LABELS}|acm reference|1\.?\s+introduction|"
                            r"i\.\s+introduction|introduction$)", re.IGNORECASE)
# "Index Terms—attention, graphs", "Keywords: ...": a labelled list under the abstract, not a heading
KEYWORDS_LINE = re.compile(rf"^({_KEYWORD_LABELS})\s*[—–:.-]\s*\S", re.IGNORECASE)


def find_title(lines: list[TextLine], metadata_title: str, limit: int) -> tuple[str, int, int]:
    """(title, index of its first line, index after its last line) among the first page's lines.

    The title is the largest type on the first page. Banner lines (venue, preprint, licence) are
    passed over unless they are set as large as anything on the page ("GPT-4 Technical Report"),
    and so is a short all-capitals kicker standing alone above the title ("REVIEW", "ARTICLE").
    """
    first_page = [i for i in range(min(limit, len(lines))) if lines[i].page == lines[0].page]
    texty = [i for i in first_page if _has_words(lines[i])]
    if not texty:
        return usable_metadata_title(metadata_title), 0, 0
    largest = max(lines[i].size for i in texty)
    candidates = [i for i in texty if not _BANNER.search(lines[i].text) or len(lines[i].text) >= 160
                  or lines[i].size >= largest - 0.6]
    while candidates:
        biggest = max(lines[i].size for i in candidates)
        start = next(i for i in candidates if lines[i].size >= biggest - 0.6)
        end = _title_end(lines, start)
        alone = end - start == 1 or not lines[start + 1].text.isupper()
        if not (alone and is_kicker(lines[start].text) and len(candidates) > 1):
            break
        candidates.remove(start)
    else:
        return usable_metadata_title(metadata_title), 0, 0
    title = strip_title_marks(join_lines([ln.text for ln in lines[start:end]]), lines[end - 1].small_spans)
    if len(title) < 4 and metadata_title:
        return metadata_title, start, end
    return title, start, end


def _title_end(lines: list[TextLine], start: int) -> int:
    end = start + 1
    while end < len(lines) and lines[end].page == lines[start].page:
        prev, nxt = lines[end - 1], lines[end]
        # Small capitals make the dominant size of a title's lines differ a little.
        similar = abs(nxt.size - lines[start].size) <= 0.6 or (
            nxt.size >= 0.75 * lines[start].size and nxt.text.isupper() and prev.text.isupper())
        # A double-spaced title (a Word manuscript) leaves up to 1.5 of its size between lines set alike.
        gap = (1.5 if _set_alike(prev, nxt) else 1.2) * prev.size
        if not similar or nxt.y0 - prev.y1 > gap or len(nxt.text) < 2:
            break
        if _BANNER.search(nxt.text) and "arxiv" in nxt.text.lower():
            break
        end += 1
    return end


def _set_alike(a: TextLine, b: TextLine) -> bool:
    """Two lines of one paragraph's alignment: centred on the same middle, or starting at the same x."""
    return abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2 <= 0.5 * a.size or abs(a.x0 - b.x0) <= 0.5 * a.size


def is_kicker(text: str) -> bool:
    """A short all-capitals label set above a title: a journal's "REVIEW", "ARTICLE", "PERSPECTIVE"; not a
    numbered section heading in capitals ("I. INTRODUCTION", "1 INTRODUCTION"), which stays for the caller
    to see (a first page whose largest type is a section heading takes the metadata title)."""
    words = text.split()
    return 1 <= len(words) <= 2 and text.isupper() and not text.rstrip().endswith(":") \
        and not _SECTION_NUMBER.match(text)


_SECTION_NUMBER = re.compile(r"(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+\S")


def strip_title_marks(title: str, last_line_marked: str = "") -> str:
    """The title without footnote marks after it; a digit goes only when it was set as a superscript."""
    title = re.sub(r"[∗*†‡§¶⋆]+$", "", title).strip()
    if last_line_marked.endswith("|"):
        title = re.sub(r"[\d,∗*†‡§¶⋆]+$", "", title).strip()
    return title


def _has_words(line: TextLine) -> bool:
    letters = sum(c.isalpha() for c in line.text)
    return letters >= 4 and not line.text.lower().startswith(("abstract", "keywords"))


def usable_metadata_title(metadata_title: str) -> str:
    """The PDF's metadata title, unless it is a file name or a word processor's placeholder ("" then)."""
    if metadata_title and not re.search(r"\.(dvi|pdf|tex|doc)$|^untitled|^microsoft word", metadata_title, re.I):
        return metadata_title
    return ""


# -- authors --------------------------------------------------------------------
#
# General rules, no names of places or companies: an author block holds person names
# (capitalised words, initials, particles, hyphens, footnote marks after them) and
# affiliations (institution words as whole tokens, emails, addresses with digits,
# acronyms, lines that open with a footnote mark). Names share one type style.

_MARKS = "∗*†‡§¶♯♮♭#⋆⋄◦•✝✉⁎°"
_MARK_CHARS = re.compile("[" + re.escape(_MARKS) + r"\d¹²³⁴⁵⁶⁷⁸⁹⁰,]+$")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "delle", "di", "da", "das", "dos", "du", "des",
              "la", "le", "ter", "te", "ten", "i", "bin", "ibn", "al", "el", "zu", "af", "y", "e"}
_PARTICLES_IN_CAPS = _PARTICLES | {p.upper() for p in _PARTICLES}  # "VAN DER" in a line set in capitals
# Words institutions carry, matched as whole tokens (a token may extend them: "Universität").
_INSTITUTION_WORDS = re.compile(
    r"(?<![\w-])(?:universit\w*|institut\w*|college|school|department|dept|faculty|laborator\w*|labs?|"
    r"research|inc|ltd|llc|corp|corporation|company|gmbh|center|centre|academy|hospital|foundation|group|team|"
    r"polytechn\w*|ministry|council|agency|division|program|programme)(?![\w-])", re.IGNORECASE)
_CONTACT = re.compile(r"@|https?:|www\.|\.(?:com|edu|org|net|gov)\b|\.ac\.[a-z]{2}\b", re.IGNORECASE)
_SOCIETY_GRADE = re.compile(r",?\s*\b(?:(?:student|senior|life|graduate|associate)\s+)?(?:member|fellow)\b\s*,?"
                            r"\s*(?:ieee|acm|siam|osa|aaai|[A-Z]{2,5})\b,?", re.IGNORECASE)
# The full-width comma and the ideographic comma separate names written in CJK scripts.
_SEPARATORS = re.compile(r"\s*(?:,|;|\||\b(?:and|AND)\b|&|·|，|、|；|\s{3,})\s*")


def find_authors(lines: list[TextLine], title_end: int, stop: int) -> list[str]:
    """Names between the title and the abstract (affiliations, emails and marks left out)."""
    page = lines[title_end - 1].page if title_end else 1
    region = [ln for ln in lines[title_end:stop] if ln.page == page]
    if title_end and stop < len(lines) and lines[stop].page == page:
        # Author blocks set side by side in columns (IEEE's) may be read after the abstract's column:
        # whatever sits on the page between the title and the abstract belongs to the region.
        top, floor = lines[title_end - 1].y1, lines[stop].y0
        region += [ln for ln in lines[stop + 1:] if ln.page == page and ln.y0 >= top and ln.y1 <= floor]
    kept = [ln for ln in _rows(region)
            if not is_affiliation_line(ln.text, ln.small_spans) and not _BANNER.search(ln.text)]
    candidates = []
    carried = ""
    for i, line in enumerate(kept):
        text = carried + (line.small_spans or line.text)
        carried = ""
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        if nxt is not None and _wraps_into(line, nxt):
            # A name broken over two lines: "..., Given" / "Surname, ...", "... and Given M." / "Surname"
            cut = list(_SEPARATORS.finditer(text))[-1]
            carried, text = text[cut.end():].strip() + " ", text[:cut.start()]
        found = names_in_line(text)
        if found:
            candidates.append((line, found))
    if not candidates:
        return []
    in_caps = sum(len(found) for line, found in candidates if _all_caps(line.text))
    if in_caps and in_caps <= sum(len(found) for _, found in candidates) - in_caps:
        # Most names are set in mixed case: a line in capitals ("MIT CSAIL") is an acronym, not a name.
        candidates = [(line, found) for line, found in candidates if not _all_caps(line.text)]
    # The names share one type style; other lines of names' shape (a kicker, a team name under
    # bold names) are set in another.
    per_style: dict[tuple[float, bool], int] = {}
    for line, found in candidates:
        per_style[(line.size, line.bold)] = per_style.get((line.size, line.bold), 0) + len(found)
    style = max(per_style, key=lambda k: per_style[k])
    names: list[str] = []
    for line, found in candidates:
        if _same_style(line, style):
            names.extend(n for n in found if n not in names)
    return names[:60]


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _wraps_into(line: TextLine, nxt: TextLine) -> bool:
    """The line ends with a lone given name that the next line (same type, just below) completes."""
    if (nxt.size, nxt.bold) != (line.size, line.bold) or not -0.5 * line.size <= nxt.y0 - line.y1 < line.size:
        return False
    text, following = line.small_spans or line.text, nxt.small_spans or nxt.text
    caps = _all_caps(text) and _all_caps(following)  # amsart: "..., ANA" / "N. PARK, ..."
    last, first = _tokens(_SEPARATORS.split(text)[-1]), _tokens(_SEPARATORS.split(following)[0])
    if not _SEPARATORS.search(text) or not first or not is_name_word(first[-1], all_caps_line=caps) or not last:
        return False
    particles = _PARTICLES_IN_CAPS if caps else _PARTICLES
    if len(last) == 1 and is_name_word(last[0], all_caps_line=caps):
        # A lone given name, waiting for the rest: "Surname" or "R. Surname"
        return len(first) <= 4 and all(_is_initial(t) or t in particles for t in first[:-1])
    # A given name with initials or a particle, waiting for its surname: "Søren F." / "Nguyen"
    return len(first) == 1 and (_is_initial(last[-1]) or last[-1] in particles) and len(last) <= 4 and \
        all(is_name_word(t, all_caps_line=caps) or _is_initial(t) or t in particles for t in last)


def _rows(region: list[TextLine]) -> list[TextLine]:
    """The region's lines top to bottom, items on one row (authors set side by side) left to right."""
    ordered = sorted(region, key=lambda ln: ln.y0)
    rows: list[list[TextLine]] = []
    for line in ordered:
        if rows and abs(line.y0 - rows[-1][0].y0) < 0.5 * max(line.size, rows[-1][0].size):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.x0)]


def _same_style(line: TextLine, style: tuple[float, bool]) -> bool:
    size, bold = style
    return abs(line.size - size) <= 0.6 and line.bold == bold


def is_affiliation_line(text: str, marked: str = "") -> bool:
    """A line that is an affiliation, an address or a note rather than a list of names."""
    if re.match(r"^\s*(?:\||[" + re.escape(_MARKS) + r"\d¹²³⁴⁵⁶⁷⁸⁹])\s*[^\W\d]", marked or text) and \
            not re.match(r"^\s*\d+\s*$", text):
        return True  # "¹Google Research", "∗Equal contribution": a note opens with its mark
    pieces = [p for p in _SEPARATORS.split(_SOCIETY_GRADE.sub(",", marked or text)) if p.strip()]
    if not pieces:
        return True
    flagged = sum(1 for p in pieces if _CONTACT.search(p) or _INSTITUTION_WORDS.search(p))
    if not flagged:
        return False
    names = sum(1 for p in pieces if clean_name(p))
    return not (names >= 2 and names >= 0.7 * len(pieces))


def printed_metadata_authors(field: str, page_text: str) -> list[str]:
    """The authors a PDF's metadata names ("A; B", "A, B and C", footnote marks and all), when every one of them
    is printed on the page: for a first page whose author block the layout rules cannot read (names in a
    footnote, an image of a letterhead). What a word processor or a publisher writes there ("Windows User",
    a press's name) is printed nowhere as a name and gives none."""
    names = names_in_line(field)
    printed = _folded(page_text)
    return names if names and all(_printed_word(_folded(name), printed) for name in names) else []


def _folded(text: str) -> str:
    """Text compared without case, accents or line breaks: "zeiler matthew d." for "ZEILER Matthew\nD."."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _printed_word(words: str, text: str) -> bool:
    """`words` in `text` as whole words ("jane doe" is not in "jane doeson"; a footnote digit may follow)."""
    return re.search(r"(?<![^\W\d_])" + re.escape(words) + r"(?![^\W\d_])", text) is not None


def names_in_line(text: str) -> list[str]:
    """Person names in one line of an author block: separators, marks and society grades removed."""
    text = _SOCIETY_GRADE.sub(",", text)
    out = []
    pieces = [p for p in _SEPARATORS.split(text) if p.strip()]
    for piece in pieces:
        name = clean_name(piece) or (_wide_script_name(piece) if len(pieces) > 1 else None)
        if name:
            out.append(name)
        else:
            out.extend(_split_run_of_names(piece))
    return out


def _tokens(piece: str) -> list[str]:
    piece = re.sub("[" + re.escape(_MARKS) + r"¹²³⁴⁵⁶⁷⁸⁹⁰]+", " ", piece)
    tokens = []
    for token in piece.split():
        token = _MARK_CHARS.sub("", token) if not token.isdigit() else ""
        if token:
            tokens.append(token)
    return tokens


def is_name_word(word: str, *, all_caps_line: bool = False) -> bool:
    """A capitalised given or family name: "Ian", "Pouget-Abadie", "O'Neil", "LeCun", "Łukasz"."""
    for part in re.split(r"[-‐]", word):
        core = part.replace("'", "").replace("’", "")
        if part != word.split("-")[0] and core in _PARTICLES:
            continue  # "Giró-i-Nieto"
        if not core or not core.isalpha() or not core[0].isupper():
            return False
        if all_caps_line:
            continue
        if len(core) > 1 and core.isupper():
            return False  # an acronym: "UC", "MIT", "TTI"
        inner = [i for i, c in enumerate(core[1:], 1) if c.isupper()]
        if inner and (inner[0] > 3 or len(inner) > 1):
            return False  # "DeepMind", "AIRLab"; but "LeCun", "McDonald", "MacKay"
    return True


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[^\W\d_]\.?-?){1,3}", word)) and word[0].isupper() and \
        (word.endswith(".") or len(word) == 1)


def clean_name(piece: str) -> str | None:
    """The person name in `piece`, or None when it is not one name."""
    if _INSTITUTION_WORDS.search(piece) or _CONTACT.search(piece):
        return None
    tokens = [t.replace("’", "'") for t in _tokens(piece)]  # LaTeX sets O'Neill with a typographic apostrophe
    if not 2 <= len(tokens) <= 5:
        return None
    caps = all(t.isupper() for t in tokens if len(t) > 1)
    if not _valid_name(tokens, caps):
        return None
    name = " ".join(tokens)
    if caps and len(name) > 4:  # "NIKOLAI VAN DER BERG" -> "Nikolai van der Berg"
        name = " ".join(t.lower() if 0 < k < len(tokens) - 1 and t.lower() in _PARTICLES else t if _is_initial(t)
                        else re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), t) for k, t in enumerate(tokens))
    return name


def _wide_script_name(piece: str) -> str | None:
    """A person's name written in a wide East Asian script, which has no capitals and no space inside the
    name ("王小明", "김민준"): one word of two or three letters (an institution's name runs longer). Only
    in a list of names (names_in_line): a short word alone on its line may be a heading."""
    tokens = _tokens(piece)
    word = tokens[0] if len(tokens) == 1 else ""
    wide = 2 <= len(word) <= 3 and all(c.isalpha() and not c.isupper() and not c.islower()
                                       and unicodedata.east_asian_width(c) == "W" for c in word)
    return word if wide else None


def _valid_name(tokens: list[str], caps: bool) -> bool:
    last = tokens[-1]
    if _is_initial(last) or last in _PARTICLES or not is_name_word(last, all_caps_line=caps):
        return False
    if not (is_name_word(tokens[0], all_caps_line=caps) or _is_initial(tokens[0])):
        return False
    for token in tokens[1:-1]:
        if not (is_name_word(token, all_caps_line=caps) or _is_initial(token) or token in _PARTICLES):
            return False
    return True


def _split_run_of_names(piece: str) -> list[str]:
    """Names set one after another with only spaces between them: "Ross Girshick Jeff Donahue".

    Each name: a given name, its initials, particles, then one family name."""
    tokens = _tokens(piece)
    if len(tokens) < 4:
        return []
    caps = all(t.isupper() for t in tokens if len(t) > 1)
    names, i = [], 0
    while i < len(tokens):
        j = i + 1
        while j < len(tokens) and (_is_initial(tokens[j]) or tokens[j] in _PARTICLES):
            j += 1
        if j >= len(tokens):
            return []
        name = tokens[i:j + 1]
        if not _valid_name(name, caps):
            return []
        names.append(" ".join(name))
        i = j + 1
    return names if len(names) >= 2 else []


# -- abstract -------------------------------------------------------------------

def find_abstract(lines: list[TextLine], title_end: int, first_heading: int | None,
                  heading_lines: set[int], body_size: float) -> tuple[str, int | None, int | None]:
    """(abstract text, index of its first line, index after its last line)."""
    search_end = min(len(lines), max(first_heading or 0, title_end) + 400)
    label = _abstract_label(lines, title_end, search_end)
    if label is not None:
        index, rest = label
        start = index + 1
        parts = [rest] if rest else []
        start_style = lines[index]
    else:
        unlabelled = _unlabelled_abstract_start(lines, title_end, first_heading, body_size)
        if unlabelled is None:
            return "", None, None
        start = unlabelled
        parts = []
        start_style = None
    end = start
    while end < len(lines):
        line = lines[end]
        if end in heading_lines or _ABSTRACT_STOP.match(line.text):
            break
        if label is not None and not parts and _above(line, lines[label[0]]):
            # Read after a label alone by the column order (an author block in the right column beside
            # it, a table's last cell), yet set above it: not the abstract's text.
            end += 1
            continue
        if parts and start_style is None and end > start and (line.size, line.bold) != (lines[start].size,
                                                                                         lines[start].bold):
            break  # an unlabelled abstract ends where the type changes
        if parts and end > start and _is_footnote(line, lines[end - 1], body_size):
            break
        if parts and line.page != lines[end - 1].page and len(" ".join(parts)) > 400:
            break
        if parts and end > start and _leaves_the_column(lines[end - 1], line, parts):
            break
        parts.append(line.text)
        end += 1
        if len(parts) > 60:
            break
    return join_lines(parts), (label[0] if label else start), end


def _above(line: TextLine, label: TextLine) -> bool:
    return line.page == label.page and line.y1 <= label.y0


def _leaves_the_column(prev: TextLine, line: TextLine, parts: list[str]) -> bool:
    """A finished paragraph followed by a line of another column or width, or a wide gap: the abstract ends
    there rather than running into the body beside or below it."""
    if not prev.text.rstrip().endswith((".", "?", "!")) or len(" ".join(parts)) < 200:
        return False
    moved = line.column != prev.column or (abs(line.x0 - prev.x0) > 0.25 * max(prev.x1 - prev.x0, 1) and \
        abs(line.x1 - prev.x1) > 0.25 * max(prev.x1 - prev.x0, 1))
    return moved or line.y0 < prev.y0 or line.y0 - prev.y1 > 1.5 * prev.size


def _abstract_label(lines: list[TextLine], start: int, end: int) -> tuple[int, str] | None:
    for i in range(start, end):
        m = _ABSTRACT_LABEL.match(lines[i].text)
        if m is None:
            continue
        rest = lines[i].text[m.end():].strip()
        label_only = not rest
        if label_only or lines[i].text[:m.end()].rstrip()[-1:] in ".:—–-" or lines[i].bold:
            return i, rest
    return None


def _unlabelled_abstract_start(lines: list[TextLine], title_end: int, first_heading: int | None,
                               body_size: float) -> int | None:
    """Without an "Abstract" label: the first paragraph of prose after the authors (REVTeX, standfirsts)."""
    stop = first_heading if first_heading is not None else min(len(lines), title_end + 80)
    i = title_end
    while i < stop:
        block_start = i
        words = len(lines[i].text.split())
        i += 1
        # One paragraph: the same block, or lines of the same type set close below each other.
        while i < stop and lines[i].page == lines[block_start].page and (
                lines[i].block == lines[i - 1].block or _same_paragraph(lines[i - 1], lines[i])):
            words += len(lines[i].text.split())
            i += 1
        if words >= 40 and not is_affiliation_line(lines[block_start].text[:40]):
            return block_start
    return None


def _same_paragraph(prev: TextLine, line: TextLine) -> bool:
    return (line.size, line.bold) == (prev.size, prev.bold) and abs(line.x0 - prev.x0) < 2 * prev.size and \
        -0.5 * prev.size <= line.y0 - prev.y1 < 0.8 * prev.size


def _is_footnote(line: TextLine, prev: TextLine, body_size: float) -> bool:
    return line.size < body_size - 1.2 and prev.size >= body_size - 0.6 and line.y0 - prev.y1 > 4


def title_key(title: str) -> str:
    return normalise_title(title)
