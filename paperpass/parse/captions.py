"""Figure and table captions: "Figure 3: ...", "Fig. 2. ...", "Table 1 ...", "TABLE IV ..."."""

from __future__ import annotations

import re
from typing import Literal

from paperpass.models import Caption
from paperpass.parse.pdf import TextLine
from paperpass.parse.text import join_lines

# The label must be followed by punctuation or a capitalised word; "Figure 3 shows" in running text is not a caption.
_CAPTION = re.compile(
    r"^(?P<kind>fig\.?|figure|table|tab\.)\s*(?P<label>[A-Z]?\d{1,3}[a-z]?|[IVX]{1,6}|[A-Z]\.\d{1,2})"
    r"(?P<sep>\s*[:.|—–]\s*|\s+(?=(?-i:[A-Z])))(?P<rest>.*)$",
    re.IGNORECASE,
)
_MAX_CAPTION_LINES = 14


def find_captions(lines: list[TextLine], body_size: float, used: set[int] | None = None) -> list[Caption]:
    """Captions in reading order; `used`, when given, receives the indices of the lines they occupy."""
    return [caption for caption, _ in caption_lines(lines, body_size, used)]


def caption_lines(lines: list[TextLine], body_size: float,
                  used: set[int] | None = None) -> list[tuple[Caption, range]]:
    """Captions in reading order, each with the indices of the lines it occupies (figure extraction
    needs where a caption sits on its page)."""
    captions: list[tuple[Caption, range]] = []
    seen: set[tuple[str, str]] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _CAPTION.match(line.text)
        if m is None or not _starts_a_block(lines, i) or line.size > body_size + 1.5:
            i += 1
            continue
        kind: Literal["figure", "table"] = "table" if m.group("kind").lower().startswith("tab") else "figure"
        label = m.group("label").upper() if re.fullmatch(r"[ivx]+", m.group("label"), re.I) else m.group("label")
        parts = [m.group("rest")]
        j = i + 1
        while j < len(lines) and j - i < _MAX_CAPTION_LINES and _continues(lines[j - 1], lines[j]):
            parts.append(lines[j].text)
            j += 1
        if used is not None:
            used.update(range(i, j))
        key = (kind, label)
        text = join_lines(parts).strip()
        if key not in seen and (text or m.group("sep").strip()):
            seen.add(key)
            captions.append((Caption(kind=kind, label=label, text=text, page=line.page), range(i, j)))
        i = j
    return captions


def _starts_a_block(lines: list[TextLine], i: int) -> bool:
    """A caption starts its own paragraph; a sentence that wraps onto "Figure 2 ..." does not."""
    if i == 0:
        return True
    prev, line = lines[i - 1], lines[i]
    if prev.page != line.page or prev.block != line.block:
        return True
    return prev.text.rstrip().endswith((".", ":")) or line.y0 - prev.y1 > 0.5 * line.size


def _continues(prev: TextLine, line: TextLine) -> bool:
    if line.page != prev.page or line.column != prev.column:
        return False
    if abs(line.size - prev.size) > 0.6:
        return False
    if line.y0 - prev.y1 > 0.6 * prev.size or line.y0 < prev.y0:
        return False
    return not _CAPTION.match(line.text)
