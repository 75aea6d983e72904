"""From a PDF file to clean text lines in reading order (PyMuPDF).

Everything downstream (headings, front matter, captions, references) works on
`TextLine`s: one visual line with its box, font size, weight and page. This
module opens the file (turning every kind of bad input into a ParseError),
drops rotated stamps and running headers/footers, joins pieces of one visual
line that PyMuPDF returns separately (a heading's number and its words), and
orders each page's lines column by column.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from paperpass.errors import ParseError

# Below this many characters of text per page on average, the PDF is a scan.
MIN_TEXT_CHARS_PER_PAGE = 200
_MAX_PAGES = 2000  # a paper never has this many; a hostile file might claim to

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# C0/C1 control characters (tab..CR are white space, squeezed below).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Old LaTeX fonts draw accents as separate spacing characters before the letter: "D´epartement".
_SPACING_ACCENTS = {"´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303", "ˇ": "\u030c",
                    "¸": "\u0327", "˚": "\u030a"}
_SPACING_ACCENT_RE = re.compile("([" + "".join(_SPACING_ACCENTS) + r"])\s?([A-Za-zı])")


@dataclass
class TextLine:
    """One visual line of text on a page."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # dominant font size, in points
    bold: bool
    page: int  # 1-based
    block: int  # PyMuPDF block number on the page; a new block hints a new paragraph
    column: str = "full"  # "left", "right" or "full" (spans the page's middle)
    small_spans: str = ""  # the text with superscripts replaced by "|" (author splitting)
    figure: bool = False  # part of a figure or table (tick label, legend, cell): not running text
    small_caps: bool = False  # set in a small-capitals font (IEEE's and Springer's section headings)
    italic: bool = False  # in italics (a report's sub-headings: bold italics under bold headings)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class PageInfo:
    width: float
    height: float
    two_columns: bool


@dataclass
class RawDocument:
    """Lines of the whole document in reading order, plus what we know about its pages."""

    lines: list[TextLine]
    pages: list[PageInfo]
    outline: list[tuple[int, str, int]]  # (level, title, page) from the PDF's bookmarks
    metadata_title: str
    metadata_author: str = ""  # the PDF's Info "Author" field, as written ("A; B", "A, B and C", "Windows User")


def clean_text(text: str) -> str:
    """Expand ligatures, attach spacing accents to their letters, squeeze white space."""
    text = text.translate(_LIGATURES)
    if any(accent in text for accent in _SPACING_ACCENTS):
        text = _SPACING_ACCENT_RE.sub(_attach_accent, text)
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = _CONTROL_CHARS.sub("", text)  # an ESC from a hostile PDF must not reach the user's terminal
    return " ".join(text.split())


def _attach_accent(m: re.Match) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", m.group(2).replace("ı", "i") + _SPACING_ACCENTS[m.group(1)])


def check_file(path: Path) -> None:
    """Reject what is plainly not a PDF before PyMuPDF sees it."""
    if not path.exists():
        raise ParseError(f"{path}: no such file")
    if not path.is_file():
        raise ParseError(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise ParseError(f"{path.name}: the file is empty (0 bytes), not a PDF")
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF" not in head:
        raise ParseError(f"{path.name}: not a PDF (no %PDF header)")


def open_pdf(path: Path):
    """The PyMuPDF document, or a ParseError naming what is wrong with the file."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    check_file(path)
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise ParseError(f"{path.name}: corrupt or unreadable PDF ({_first_line(exc)})") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise ParseError(f"{path.name}: the PDF is encrypted (password-protected); paperpass cannot read it")
    try:
        page_count = doc.page_count  # a broken page tree (absurd /Count) fails here, not at open
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as exc:
        doc.close()
        raise ParseError(f"{path.name}: corrupt PDF, its page tree is broken ({_first_line(exc)})") from exc
    if page_count == 0:
        doc.close()
        raise ParseError(f"{path.name}: corrupt or truncated PDF (no readable pages)")
    if page_count > _MAX_PAGES:
        doc.close()
        raise ParseError(f"{path.name}: claims {page_count} pages, too many for a paper")
    return doc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def first_page_text(path: Path) -> str:
    """The plain text of page 1, or "" when MuPDF cannot read it (for bonus metadata such as an arXiv stamp)."""
    import pymupdf

    try:
        with pymupdf.open(path) as doc:
            return str(doc[0].get_text()) if doc.page_count else ""
    except Exception:  # noqa: BLE001 - the callers treat any MuPDF failure as "no text"
        return ""


def read_document(path: Path, *, deadline: float | None = None) -> RawDocument:
    """All text lines of the PDF in reading order; ParseError for bad files or when past the deadline."""
    doc = open_pdf(path)
    try:
        pages: list[PageInfo] = []
        lines: list[TextLine] = []
        for number in range(doc.page_count):
            if deadline is not None and time.monotonic() > deadline:
                raise ParseError(f"{path.name}: parsing took too long (gave up at page {number + 1}); "
                                 "the PDF may be malformed")
            page_lines, info = _page_lines(doc, number, path)
            pages.append(info)
            lines.extend(page_lines)
        outline = _outline(doc)
        metadata = doc.metadata or {}
        metadata_title, metadata_author = metadata.get("title") or "", metadata.get("author") or ""
    finally:
        doc.close()
    text_chars = sum(len(line.text) for line in lines)
    if text_chars < MIN_TEXT_CHARS_PER_PAGE * max(1, len(pages)) * 0.25:
        raise ParseError(f"{path.name}: no extractable text (an image-only or scanned PDF); "
                         "paperpass does not do OCR")
    lines = drop_running_lines(lines, pages)
    return RawDocument(lines=lines, pages=pages, outline=outline, metadata_title=clean_text(metadata_title),
                       metadata_author=clean_text(metadata_author))


def _outline(doc) -> list[tuple[int, str, int]]:
    import pymupdf

    try:
        toc = doc.get_toc(simple=True)
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase):
        return []
    return [(level, clean_text(title), page) for level, title, page in toc if clean_text(title)]


def _page_lines(doc, number: int, path: Path) -> tuple[list[TextLine], PageInfo]:
    import pymupdf

    try:
        page = doc.load_page(number)
        rect = page.rect
        # No TEXT_PRESERVE_LIGATURES: PyMuPDF expands "ﬁ" itself; no images: faster and not needed.
        flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
        data = page.get_text("dict", flags=flags)
        raw = list(_lines_from_dict(data, number + 1))
        if any("\ufffd" in line.text for line in raw) and _unmapped_math_spans(data):
            map_math_symbols(data, page.get_text("dict", flags=flags | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE))
            raw = list(_lines_from_dict(data, number + 1))
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as exc:  # FzErrorBase: e.g. a page-tree cycle
        if number == 0:
            raise ParseError(f"{path.name}: corrupt or truncated PDF ({_first_line(exc)})") from exc
        return [], PageInfo(width=612.0, height=792.0, two_columns=False)
    mark_figure_text(raw, lambda: _graphics(page), rect.width * rect.height)
    merged = merge_same_line_pieces(raw, rect.width)
    two_columns = assign_columns(merged, rect.width)
    ordered = reading_order(merged, two_columns)
    return ordered, PageInfo(width=rect.width, height=rect.height, two_columns=two_columns)


_CAPTION_START = re.compile(r"^(fig\.?|figure|table|tab\.|algorithm)\s*[A-Z]?\d", re.IGNORECASE)


def _numeric(text: str) -> bool:
    compact = text.replace(" ", "")
    return sum(c.isdigit() or c in ".,-−+%()" for c in compact) >= 0.6 * len(compact)


def _is_fragment(line: TextLine) -> bool:
    """Text a figure or a table is made of: tick labels, legends, cells (a few words or mostly numbers)."""
    words = line.text.split()
    return len(words) <= 4 or _numeric(line.text)


def mark_figure_text(lines: list[TextLine], graphics_of_page, page_area: float) -> None:
    """Flag lines that belong to a figure or a table: fragments (tick labels, legends, cells) in an image
    or beside drawn lines. Only the reader's section text leaves them out; front matter, headings,
    captions and references still see every line.

    `graphics_of_page()` gives the page's image and path boxes; it is asked only when the page has
    fragments in small type or numbers (equations in body type are not), since it costs time.
    """
    sizes: Counter = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    suspects = [ln for ln in lines if _is_fragment(ln) and not ln.bold and ln.size <= body + 0.5
                and not _CAPTION_START.match(ln.text) and (ln.size < body - 0.5 or _numeric(ln.text))]
    if len(suspects) < 3:
        return
    images: list[tuple[float, float, float, float]] = []
    cells: set[tuple[int, int]] = set()
    for kind, (x0, y0, x1, y1) in graphics_of_page():
        if (x1 - x0) * (y1 - y0) > 0.6 * page_area:
            continue  # a page frame or background
        if "image" in kind or "imgmask" in kind:
            images.append((x0, y0, x1, y1))
        elif (x1 - x0) * (y1 - y0) < 0.05 * page_area:
            cells.update((cx, cy) for cx in range(int(x0 // _CELL), int(x1 // _CELL) + 1)
                         for cy in range(int(y0 // _CELL), int(y1 // _CELL) + 1))
    for line in suspects:
        cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        if any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in images):
            line.figure = True
            continue
        pad = max(4.0, line.size)  # a tick label sits about its own height off its tick
        near = {(gx, gy) for gx in range(int((line.x0 - pad) // _CELL), int((line.x1 + pad) // _CELL) + 1)
                for gy in range(int((line.y0 - pad) // _CELL), int((line.y1 + pad) // _CELL) + 1)}
        line.figure = bool(near & cells)


_CELL = 8.0


def _graphics(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's image and path boxes (one fast MuPDF call)."""
    try:
        return [(kind, tuple(rect)) for kind, rect in page.get_bboxlog() if "text" not in kind and "clip" not in kind
                and "group" not in kind]
    except (RuntimeError, ValueError):
        return []


# TeX's math extension fonts (cmex*, OMX encoding) often come without a Unicode map, so PyMuPDF
# gives U+FFFD for their big operators and delimiters. The character codes are the same in every
# such font; pieces of built-up delimiters and radicals map to nothing.
_OMX = dict(enumerate("()[]⌊⌋⌈⌉{}⟨⟩|‖/\\" "()()[]⌊⌋⌈⌉{}⟨⟩/\\" "()[]⌊⌋⌈⌉{}⟨⟩/\\/\\" "()[]"))
_OMX.update({0x38: "{", 0x39: "}", 0x44: "⟨", 0x45: "⟩", 0x46: "⊔", 0x47: "⊔", 0x48: "∮", 0x49: "∮", 0x4A: "⊙",
             0x4B: "⊙", 0x4C: "⊕", 0x4D: "⊕", 0x4E: "⊗", 0x4F: "⊗", 0x50: "∑", 0x51: "∏", 0x52: "∫", 0x53: "⋃",
             0x54: "⋂", 0x55: "⊎", 0x56: "⋀", 0x57: "⋁", 0x58: "∑", 0x59: "∏", 0x5A: "∫", 0x5B: "⋃", 0x5C: "⋂",
             0x5D: "⊎", 0x5E: "⋀", 0x5F: "⋁", 0x60: "∐", 0x61: "∐", 0x62: "^", 0x63: "^", 0x64: "^", 0x65: "~",
             0x66: "~", 0x67: "~", 0x68: "[", 0x69: "]", 0x6A: "⌊", 0x6B: "⌋", 0x6C: "⌈", 0x6D: "⌉", 0x6E: "{",
             0x6F: "}", 0x70: "√", 0x71: "√", 0x72: "√", 0x73: "√", 0x74: "√"})
_MATH_EXTENSION_FONT = re.compile(r"cmex|msbm|esint|mathex", re.IGNORECASE)


def _unmapped_math_spans(data: dict) -> bool:
    return any("\ufffd" in span["text"] and _MATH_EXTENSION_FONT.search(span.get("font", ""))
               for block in data.get("blocks", []) if block.get("type") == 0
               for line in block["lines"] for span in line["spans"])


def map_math_symbols(data: dict, with_codes: dict) -> None:
    """Replace U+FFFD in math-extension-font spans by the symbol their character code stands for.

    `with_codes` is the same page extracted with TEXT_CID_FOR_UNKNOWN_UNICODE (raw codes instead of
    U+FFFD); spans are matched by their origin."""
    codes = {}
    for block in with_codes.get("blocks", []):
        for line in block.get("lines", []):
            for span in line["spans"]:
                codes[(round(span["origin"][0], 1), round(span["origin"][1], 1))] = span["text"]
    for block in data.get("blocks", []):
        for line in block.get("lines", []):
            for span in line["spans"]:
                if "\ufffd" not in span["text"] or not _MATH_EXTENSION_FONT.search(span.get("font", "")):
                    continue
                raw = codes.get((round(span["origin"][0], 1), round(span["origin"][1], 1)))
                if raw is None or len(raw) != len(span["text"]):
                    continue
                span["text"] = "".join(_OMX.get(ord(code), "") if char == "\ufffd" else char
                                       for char, code in zip(span["text"], raw, strict=True))


def _lines_from_dict(data: dict, page_number: int):
    for block_no, block in enumerate(data.get("blocks", [])):
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            direction = line.get("dir", (1.0, 0.0))
            if abs(direction[1]) > 0.05 or direction[0] < 0:
                continue  # rotated: arXiv stamps in the margin, rotated table headers
            spans = line["spans"]  # white-space-only spans are the spaces between words: keep them
            if not any(s["text"].strip() for s in spans):
                continue
            made = _make_line(spans, line["bbox"], page_number, block_no)
            if made is not None:
                yield made


def _make_line(spans: list[dict], bbox, page_number: int, block_no: int) -> TextLine | None:
    weights: Counter = Counter()
    bold_chars = caps_chars = italic_chars = 0
    for span in spans:
        n = len(span["text"].strip())
        weights[round(span["size"] * 2) / 2] += n
        if _is_bold(span):
            bold_chars += n
        if span.get("flags", 0) & 2 or _ITALIC_FONT.search(span.get("font", "")):
            italic_chars += n
        if _SMALL_CAPS_FONT.search(span.get("font", "")):
            caps_chars += n
    total = sum(weights.values())
    if total == 0:
        return None
    size = weights.most_common(1)[0][0]
    text = clean_text("".join(s["text"] for s in spans))
    if not text:
        return None
    faked = _faked_small_caps_size(spans)
    if faked is not None:  # the heading's type is its capitals' size; the smaller capitals are no marks
        return TextLine(text=text, x0=bbox[0], y0=bbox[1], x1=bbox[2], y1=bbox[3], size=faked,
                        bold=bold_chars >= 0.6 * total, page=page_number, block=block_no, small_spans=text,
                        small_caps=True, italic=italic_chars >= 0.6 * total)
    # Superscripts (affiliation marks, footnote marks) are clearly smaller than the line.
    marked = "".join(s["text"] if s["size"] >= size * 0.8 or not s["text"].strip() else "|" for s in spans)
    return TextLine(text=text, x0=bbox[0], y0=bbox[1], x1=bbox[2], y1=bbox[3], size=size,
                    bold=bold_chars >= 0.6 * total, page=page_number, block=block_no,
                    small_spans=clean_text(marked), small_caps=caps_chars >= 0.6 * total,
                    italic=italic_chars >= 0.6 * total)


def _faked_small_caps_size(spans: list[dict]) -> float | None:
    """The capitals' size of a line in small capitals made by a word processor, else None.

    Word and LibreOffice set small capitals without a small-capitals font: each word's capital at the
    type's size, its other letters as capitals about 0.7-0.85 of that ("I. I" + "NTRODUCTION"). So the
    line is all capitals, in two sizes, and every smaller piece goes on a word its larger neighbour
    begins."""
    pieces = [s for s in spans if s["text"].strip()]
    if len(pieces) < 2 or not any(c.isalpha() for s in pieces for c in s["text"]):
        return None
    if any(c.islower() for s in pieces for c in s["text"]):
        return None
    large = max(s["size"] for s in pieces)
    for prev, span in pairwise(pieces):
        if span["size"] >= large - 0.1:
            continue
        if not (0.6 * large <= span["size"] <= 0.9 * large) or prev["size"] < large - 0.1:
            return None
        if not (prev["text"][-1:].isalpha() and span["text"][:1].isalpha()):
            return None
    if pieces[0]["size"] < large - 0.1 or all(s["size"] >= large - 0.1 for s in pieces):
        return None
    return round(large * 2) / 2


_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|medi|-bd|\.b$|cmbx", re.IGNORECASE)
_BOLD_FONTS: dict[str, bool] = {}
_ITALIC_FONT = re.compile(r"italic|oblique|ital$|-it$", re.IGNORECASE)
# Small-capitals fonts: Computer Modern's cmcsc, Latin Modern's LMRomanCaps, OpenType "smcp"/"SC" cuts.
_SMALL_CAPS_FONT = re.compile(r"caps|cmcsc|smcp|smallcap|[-_+]sc(?![a-z])|sc\d*$", re.IGNORECASE)


def _is_bold(span: dict) -> bool:
    if span.get("flags", 0) & 16:
        return True
    font = span.get("font", "")
    bold = _BOLD_FONTS.get(font)
    if bold is None:
        bold = bool(_BOLD_FONT.search(font))
        if len(_BOLD_FONTS) < 10000:  # a hostile file may name endless fonts
            _BOLD_FONTS[font] = bold
    return bold


_LABEL_PIECE = re.compile(r"^(\d+(\.\d+)*\.?|[A-Z](\.\d+)*\.?|[IVX]+\.?|§\s*\d+)$")


def merge_same_line_pieces(lines: list[TextLine], width: float | None = None) -> list[TextLine]:
    """Join pieces PyMuPDF splits on one baseline ("1" + "Introduction"), but never across columns.

    `width`: the page's, so that pieces meeting over the gap in the middle stay two columns' lines.
    """
    lines = sorted(lines, key=lambda ln: (round(ln.y1), ln.x0))
    merged: list[TextLine] = []
    for line in lines:
        prev = merged[-1] if merged else None
        if prev is not None and _same_visual_line(prev, line, width):
            merged[-1] = _join(prev, line)
        elif prev is not None and _same_visual_line(line, prev, width):
            # On one baseline, a larger piece's box ends lower ("6." at 12 pt before an 11 pt entry):
            # its bottom may round past the other's, so the left piece comes second here.
            merged[-1] = _join(line, prev)
        else:
            merged.append(line)
    return merged


def _middle(width: float) -> tuple[float, float]:
    """The page's middle and how far a column's edge may stray from it."""
    return width / 2, width * 0.02


def _same_visual_line(a: TextLine, b: TextLine, width: float | None = None) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if overlap < 0.6 * min(a.height, b.height):
        return False
    gap = b.x0 - a.x1
    if gap < -1:
        return False
    if width is not None and a.block != b.block and gap >= 0.5 * max(a.size, b.size):
        # Two blocks meeting over the middle are two columns' lines: a left line's end and a right
        # heading's "5.1" may lie closer than the heading's own word space (LaTeX's 10 pt gutter).
        middle, slack = _middle(width)
        if a.x1 <= middle + slack and b.x0 >= middle - slack:
            return False
    if _LABEL_PIECE.match(a.text) and gap < 3.0 * max(a.size, b.size):
        return True
    if a.block == b.block and gap < 6.0 * max(a.size, b.size) and abs(a.size - b.size) < 2.5:
        return True  # justified text: PyMuPDF may cut one line of a paragraph at wide word gaps
    return gap < 0.9 * max(a.size, b.size) and abs(a.size - b.size) < 2.5


def _join(a: TextLine, b: TextLine) -> TextLine:
    bold = a.bold if len(a.text) >= len(b.text) else b.bold
    caps = a.small_caps if len(a.text) >= len(b.text) else b.small_caps
    italic = a.italic if len(a.text) >= len(b.text) else b.italic
    if _LABEL_PIECE.match(a.text):
        bold, caps, italic = b.bold, b.small_caps, b.italic  # "1" + "Introduction": the words decide the style
    size = a.size if len(a.text) >= len(b.text) else b.size
    # A wide gap separates items set side by side (author names): author splitting needs to see it.
    gap = b.x0 - a.x1
    separator = " | " if gap > 1.2 * size or (a.block != b.block and gap > 0.5 * size) else " "
    return TextLine(text=f"{a.text} {b.text}", x0=a.x0, y0=min(a.y0, b.y0), x1=b.x1, y1=max(a.y1, b.y1), size=size,
                    bold=bold, page=a.page, block=a.block, small_spans=f"{a.small_spans}{separator}{b.small_spans}",
                    figure=a.figure and b.figure, small_caps=caps, italic=italic)


def assign_columns(lines: list[TextLine], width: float) -> bool:
    """Tag each line left/right/full; True when the page is laid out in two columns."""
    middle, slack = _middle(width)
    for line in lines:
        if line.x1 <= middle + slack:
            line.column = "left"
        elif line.x0 >= middle - slack:
            line.column = "right"
        else:
            line.column = "full"
    text_lines = [ln for ln in lines if len(ln.text) > 20]
    gutter = _gutter_middle(text_lines)
    if gutter is not None:
        # A short centred line (a title's last word) sits near the page's middle without crossing
        # its slack; it crosses the gutter between the columns' text, so it spans both.
        for line in lines:
            if line.x0 < gutter < line.x1:
                line.column = "full"
    if len(text_lines) < 6:
        return False
    left = sum(1 for ln in text_lines if ln.column == "left")
    right = sum(1 for ln in text_lines if ln.column == "right")
    if left >= 0.2 * len(text_lines) and right >= 0.2 * len(text_lines):
        return True
    # A last page whose right column holds only a few lines: nothing crosses the middle.
    across = len(text_lines) - left - right
    return across <= 0.05 * len(text_lines) and left >= 4 and right >= 1


def _gutter_middle(text_lines: list[TextLine]) -> float | None:
    """The middle of the gap between the left column's right edge and the right column's left edge
    (the furthest any of the page's longer lines reach: reference lists are ragged); None without
    both columns or a gap between them."""
    ends = [ln.x1 for ln in text_lines if ln.column == "left"]
    starts = [ln.x0 for ln in text_lines if ln.column == "right"]
    if len(ends) < 3 or len(starts) < 3:
        return None
    left_edge, right_edge = max(ends), min(starts)
    return (left_edge + right_edge) / 2 if left_edge < right_edge else None


def reading_order(lines: list[TextLine], two_columns: bool) -> list[TextLine]:
    """Top to bottom; on two-column pages, each band between full-width lines is read left column first."""
    lines = sorted(lines, key=lambda ln: (ln.y0, ln.x0))
    if not two_columns:
        for line in lines:
            line.column = "full"
        return lines
    ordered: list[TextLine] = []
    left: list[TextLine] = []
    right: list[TextLine] = []
    for line in lines:
        if line.column == "full":
            ordered.extend(left + right)
            left, right = [], []
            ordered.append(line)
        elif line.column == "left":
            left.append(line)
        else:
            right.append(line)
    ordered.extend(left + right)
    return ordered

_DIGITS = re.compile(r"\d+")


def _running_key(line: TextLine) -> str:
    return _DIGITS.sub("#", line.text.lower())


def drop_running_lines(lines: list[TextLine], pages: list[PageInfo]) -> list[TextLine]:
    """Remove running headers, footers and page numbers: margin lines that repeat across pages."""
    if not pages:
        return lines
    in_margin = [_in_margin(ln, pages[ln.page - 1]) for ln in lines]
    pages_with_key: dict[str, set[int]] = {}
    for line, margin in zip(lines, in_margin, strict=True):
        if margin:
            pages_with_key.setdefault(_running_key(line), set()).add(line.page)
    repeat_threshold = 2 if len(pages) <= 6 else 3
    kept = []
    for line, margin in zip(lines, in_margin, strict=True):
        if margin:
            key = _running_key(line)
            if len(pages_with_key[key]) >= repeat_threshold or _is_page_number(line.text):
                continue
        kept.append(line)
    return kept


def _in_margin(line: TextLine, page: PageInfo) -> bool:
    return line.y1 < page.height * 0.085 or line.y0 > page.height * 0.915


_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(\s*(of|/)\s*\d+)?$|^[ivxlc]{1,6}$", re.IGNORECASE)


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))
