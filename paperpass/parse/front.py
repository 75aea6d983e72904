"""Front matter: the title, the authors and the abstract from the first page(s)."""

from __future__ import annotations

import re

from paperpass.ingest.ids import normalise_title
from paperpass.parse.pdf import TextLine
from paperpass.parse.text import join_lines

# Lines that sit above or around the title but are not it.
_BANNER = re.compile(
    r"arxiv|preprint|under review|conference|proceedings|workshop|journal|published|accepted|submitted|"
    r"copyright|©|licen[cs]e|vol\.|volume|issn|doi|http|www\.|@|technical report|draft|\bpp\.|pages?\s\d",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"universit|institut|college|school|department|dept\.|laborator|\blab\b|research|inc\.|corp|google|microsoft|"
    r"facebook|meta |openai|deepmind|amazon|ibm|nvidia|baidu|tencent|alibaba|academy|centre|center|faculty|"
    r"\bai\b|allen|street|avenue|road|\busa\b|\buk\b|china|canada|germany|france|japan|korea|@|\.com|\.edu|\.org|"
    r"email|e-mail|equal contribution|correspond|\d{3,}|polytechn|hospital|foundation|london|montr|toronto|"
    r"california|berkeley|stanford|oxford|cambridge|seattle|beijing|paris|zurich|york|group|politecnico|chicago|"
    r"\btti\b|legion|redacted|milano",
    re.IGNORECASE,
)
_ABSTRACT_LABEL = re.compile(r"^(a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary)\b\s*[.:—–-]?\s*", re.IGNORECASE)
_ABSTRACT_STOP = re.compile(r"^(keywords|key words|index terms|ccs concepts|acm reference|1\.?\s+introduction|"
                            r"i\.\s+introduction|introduction$)", re.IGNORECASE)


def find_title(lines: list[TextLine], metadata_title: str, limit: int) -> tuple[str, int, int]:
    """(title, index of its first line, index after its last line) among the first page's lines."""
    first_page = [i for i in range(min(limit, len(lines))) if lines[i].page == lines[0].page]
    candidates = [i for i in first_page if _title_candidate(lines[i])]
    if not candidates:
        return _metadata_fallback(metadata_title), 0, 0
    biggest = max(lines[i].size for i in candidates)
    start = next(i for i in candidates if lines[i].size >= biggest - 0.6)
    end = start + 1
    while end < len(lines) and lines[end].page == lines[start].page:
        prev, nxt = lines[end - 1], lines[end]
        # Small capitals make the dominant size of a title's lines differ a little.
        similar = abs(nxt.size - lines[start].size) <= 0.6 or (
            nxt.size >= 0.75 * lines[start].size and nxt.text.isupper() and prev.text.isupper())
        if not similar or nxt.y0 - prev.y1 > 1.2 * prev.size or len(nxt.text) < 2:
            break
        if _BANNER.search(nxt.text) and "arxiv" in nxt.text.lower():
            break
        end += 1
    title = join_lines([ln.text for ln in lines[start:end]])
    title = re.sub(r"[∗*†‡§¶]+$|\s?\d$", "", title).strip()
    if len(title) < 4 and metadata_title:
        return metadata_title, start, end
    return title, start, end


def _title_candidate(line: TextLine) -> bool:
    text = line.text
    letters = sum(c.isalpha() for c in text)
    if letters < 4:
        return False
    if _BANNER.search(text) and len(text) < 160:
        return False
    return not text.lower().startswith(("abstract", "keywords"))


def _metadata_fallback(metadata_title: str) -> str:
    if metadata_title and not re.search(r"\.(dvi|pdf|tex|doc)$|^untitled|^microsoft word", metadata_title, re.I):
        return metadata_title
    return ""


# -- authors --------------------------------------------------------------------

_NAME_WORD = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.(?:-?[A-Z]\.)?|[A-Z][a-z]*\.|de|van|der|von|da|di|la|le|"
                        r"del|dos|bin|al|du|[A-ZÀ-Ý][\w'’\-]+)$")


def find_authors(lines: list[TextLine], title_end: int, stop: int) -> list[str]:
    """Names between the title and the abstract (affiliations, emails and marks left out)."""
    names: list[str] = []
    for line in lines[title_end:stop]:
        if line.page != lines[title_end - 1].page if title_end else line.page != 1:
            break
        text = line.small_spans or line.text
        if _AFFILIATION.search(line.text) and not _mostly_names(text):
            continue
        for piece in re.split(r"\s*(?:,|;|\||\band\b|&|·|\s{3,})\s*", text):
            name = _clean_name(piece)
            if name and name not in names:
                names.append(name)
    return names[:60]


def _mostly_names(text: str) -> bool:
    pieces = [p for p in re.split(r"\s*(?:,|;|\||\band\b|&)\s*", text) if p.strip()]
    return bool(pieces) and sum(1 for p in pieces if _clean_name(p)) >= 0.7 * len(pieces) and len(pieces) >= 2


def _clean_name(piece: str) -> str | None:
    piece = re.sub(r"[∗*†‡§¶♯♮♭#⋆⋄◦•\d]+", " ", piece)
    piece = " ".join(piece.split()).strip(" .")
    if _AFFILIATION.search(piece):
        return None
    words = piece.split()
    if not 2 <= len(words) <= 5:
        return None
    if not all(_NAME_WORD.match(w) for w in words):
        return None
    if not words[-1][:1].isupper() or len(words[-1].rstrip(".")) < 2:
        return None
    if piece.isupper() and len(piece) > 4:
        piece = " ".join(w.capitalize() for w in words)
    return piece


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
        start = _unlabelled_abstract_start(lines, title_end, first_heading, body_size)
        if start is None:
            return "", None, None
        parts = []
        start_style = None
    end = start
    while end < len(lines):
        line = lines[end]
        if end in heading_lines or _ABSTRACT_STOP.match(line.text):
            break
        if parts and start_style is None and end > start and line.size != lines[start].size:
            break  # an unlabelled abstract ends where the type changes
        if parts and end > start and _is_footnote(line, lines[end - 1], body_size):
            break
        if parts and line.page != lines[end - 1].page and len(" ".join(parts)) > 400:
            break
        parts.append(line.text)
        end += 1
        if len(parts) > 60:
            break
    return join_lines(parts), (label[0] if label else start), end


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
        words = 0
        while i < stop and lines[i].block == lines[block_start].block and lines[i].page == lines[block_start].page:
            words += len(lines[i].text.split())
            i += 1
        if words >= 40 and not _AFFILIATION.search(lines[block_start].text[:40]):
            return block_start
    return None


def _is_footnote(line: TextLine, prev: TextLine, body_size: float) -> bool:
    return line.size < body_size - 1.2 and prev.size >= body_size - 0.6 and line.y0 - prev.y1 > 4


def title_key(title: str) -> str:
    return normalise_title(title)
