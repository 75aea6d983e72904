"""Figures and tables cut out of a PDF: for each caption, the page region the figure occupies, as a PNG.

The captions come from the parser's own caption finder (parse/captions.py),
with the lines they sit on. For each caption the figure is looked for on its
page, in the caption's column (or the whole width when the caption spans the
page): above the caption for a figure, below it first for a table. The
region reaches from the caption to the nearest line of running text (long,
body-size, not part of a figure) or another caption; inside it, the images,
drawn paths and figure text (tick labels, legends, cells) make the figure's
box. When nothing is drawn there (a figure of text, or vector art MuPDF
reports as one big path), the whole stretch between the caption and that
text is taken. The region is rendered with `page.get_pixmap(clip=...)`;
when a paper's PNGs pass the size budget they are rendered again at a lower
resolution. MuPDF's warnings while rendering (an image stream that does not
decode) are kept as the figure's `problem`, and the PNG (without that image)
is still written.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path

from paperpass.errors import ParseError
from paperpass.models import Caption, Figure
from paperpass.parse.captions import caption_lines
from paperpass.parse.headings import body_font_size
from paperpass.parse.pdf import TextLine, open_pdf, read_document

# Bump when the regions or the PNGs for the same PDF change: the figure cache is keyed by it.
FIGURES_VERSION = "1"
DEFAULT_DPI = 110
MAX_BYTES_PER_PAPER = 5 * 1024 * 1024
MAX_SIDE_PIXELS = 2400  # a poster-sized figure is not worth more in a terminal
_PAD = 2.0  # points around the found box, so strokes on its edge are not cut
_MIN_REGION = 12.0  # points: a region thinner than this holds no figure
_SLACK = 3.0
_STROKE_OVERHANG = 12.0

Box = tuple[float, float, float, float]


@dataclass
class _Page:
    width: float
    height: float
    lines: list[TextLine]
    caption_boxes: list[Box]
    first_lines: list[Box]  # each caption's first line (two captions side by side share a baseline)
    graphics: list[Box]  # images and drawn paths (not page frames)
    images: list[Box]


def extract_figures(path: Path, out_dir: Path, *, dpi: int = DEFAULT_DPI, max_bytes: int = MAX_BYTES_PER_PAPER,
                    deadline: float | None = None) -> list[Figure]:
    """Every captioned figure and table of the PDF at `path`, rendered as PNG files into `out_dir`.

    ParseError for a PDF the parser cannot read. A caption without a region is
    returned with `image=None` and a `problem` saying why."""
    raw = read_document(path, deadline=deadline)
    body = body_font_size(raw.lines)
    found = caption_lines(raw.lines, body)
    doc = open_pdf(path)
    try:
        regions = _find_regions(doc, raw.lines, found, body, deadline, path)
        return _render_all(doc, regions, out_dir, dpi, max_bytes, deadline, path)
    finally:
        doc.close()


def _find_regions(doc, lines: list[TextLine], found: list[tuple[Caption, range]], body: float,
                  deadline: float | None, path: Path) -> list[tuple[Caption, Box | None, str]]:
    pages: dict[int, _Page] = {}
    frame = _text_frame(lines)
    for caption, _span in found:
        if caption.page not in pages:
            _check_deadline(deadline, path)
            pages[caption.page] = _page_info(doc, caption.page, lines, found, frame)
    choices: list[tuple[Box | None, Box | None]] = []
    caption_boxes: list[Box] = []
    for caption, span in found:
        page = pages[caption.page]
        box = _union([_line_box(lines[i]) for i in span])
        caption_boxes.append(box)
        choices.append(figure_regions(caption.kind, box, _line_box(lines[span[0]]), lines[span[0]].column, page,
                                      body))
    chosen = _settle_conflicts([c for c, _ in found], caption_boxes, choices)
    return [(caption, region, "" if region else "no figure region was found next to the caption")
            for (caption, _), region in zip(found, chosen, strict=True)]


def _settle_conflicts(captions: list[Caption], boxes: list[Box],
                      choices: list[tuple[Box | None, Box | None]]) -> list[Box | None]:
    """Two captions that chose the same region (a table captioned below, right under another table's
    caption): the one that has another candidate and lies farther from the region takes that one."""
    chosen = [first for first, _ in choices]
    for i in range(len(captions)):
        for j in range(i + 1, len(captions)):
            a, b = chosen[i], chosen[j]
            if captions[i].page != captions[j].page or a is None or b is None or _iou(a, b) < 0.5:
                continue
            order = sorted((i, j), key=lambda k: -_gap(boxes[k], a))
            for k in order:
                alternative = choices[k][1]
                if alternative is not None and _iou(alternative, a) < 0.5:
                    chosen[k] = alternative
                    break
    return chosen


def _iou(a: Box, b: Box) -> float:
    inter = _overlap(a[0], a[2], b[0], b[2]) * _overlap(a[1], a[3], b[1], b[3])
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _text_frame(lines: list[TextLine]) -> tuple[float, float]:
    """The horizontal extent of the paper's text, with a margin: graphics outside it are clipped away
    (MuPDF reports paths before their clip, such as a histogram's empty bars beyond its axes)."""
    lefts = sorted(ln.x0 for ln in lines)
    rights = sorted(ln.x1 for ln in lines)
    if not lefts:
        return -1e9, 1e9
    k = len(lefts) // 100
    return lefts[k] - 15.0, rights[len(rights) - 1 - k] + 15.0


def _page_info(doc, page_no: int, lines: list[TextLine], found: list[tuple[Caption, range]],
               frame: tuple[float, float]) -> _Page:
    import pymupdf

    page = doc.load_page(page_no - 1)  # it has a caption, so MuPDF read it once already
    rect = page.rect
    area = rect.width * rect.height
    graphics: list[Box] = []
    images: list[Box] = []
    try:
        log = page.get_bboxlog()
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase):
        log = []  # no graphics known: the regions fall back to the stretch next to the caption
    for kind, r in log:
        if "text" in kind or "clip" in kind or "group" in kind:
            continue
        x0, y0, x1, y1 = (float(v) for v in r)
        x0, y0 = max(x0, 0.0, frame[0]), max(y0, 0.0)
        x1, y1 = min(x1, rect.width, frame[1]), min(y1, rect.height)
        if x1 < x0 or y1 < y0:
            continue  # outside the text's frame
        if min(x1 - x0, y1 - y0) < 1.0 and max(x1 - x0, y1 - y0) < 15.0:
            continue  # a speck: a tick, a dash, or an empty histogram bar drawn beyond its axes (MuPDF gives no clip)
        if (x1 <= x0 and y1 <= y0) or (x1 - x0) * (y1 - y0) > 0.7 * area:
            continue  # empty, or a page frame or background
        graphics.append((x0, y0, x1, y1))
        if "image" in kind or "imgmask" in kind:
            images.append((x0, y0, x1, y1))
    page_lines = [ln for ln in lines if ln.page == page_no]
    caption_boxes = [_union([_line_box(lines[i]) for i in span]) for c, span in found if c.page == page_no]
    first_lines = [_line_box(lines[span[0]]) for c, span in found if c.page == page_no]
    return _Page(width=rect.width, height=rect.height, lines=page_lines, caption_boxes=caption_boxes,
                 first_lines=first_lines, graphics=graphics, images=images)


def figure_regions(kind: str, caption: Box, first_line: Box, column: str, page: _Page,
                   body: float) -> tuple[Box | None, Box | None]:
    """The box of the figure or table labelled by the caption at `caption` (None when none is found),
    and the best candidate on the caption's other side, if any.

    Both sides of the caption are looked at; the usual side (above a figure, below a table) wins unless
    the other holds clearly more (a figure captioned above, a table captioned below)."""
    x_lo, x_hi = _span(first_line, column, page, body)
    directions = ("below", "above") if kind == "table" else ("above", "below")
    found: list[tuple[int, Box | None, Box | None]] = []  # (weight, box of the content, empty stretch)
    for direction in directions:
        lo, hi = _band(caption, direction, x_lo, x_hi, page, body)
        if hi - lo < _MIN_REGION:
            found.append((0, None, None))
            continue
        inside = [g for g in page.graphics if _drawn_within(g, x_lo, x_hi, lo, hi)]
        inside += [_line_box(ln) for ln in page.lines if ln.figure and _within(_line_box(ln), x_lo, x_hi, lo, hi)]
        weight = len(inside) + 4 * sum(1 for g in page.images if _drawn_within(g, x_lo, x_hi, lo, hi))
        if kind == "table":
            cells = [_line_box(ln) for ln in page.lines if _within(_line_box(ln), x_lo, x_hi, lo, hi)
                     and not _is_caption_line(ln, page)]
            inside += cells
            weight += len(cells) if len(cells) >= 3 else 0
        inside = _without_far_rules(inside, direction)
        box = _union(inside) if inside else None
        if box is not None:
            box = (box[0], max(box[1], lo), box[2], min(box[3], hi))
        if box is not None and (box[3] - box[1] < _MIN_REGION or box[2] - box[0] < _MIN_REGION):
            box = None
        stretch = (x_lo, lo, x_hi, hi) if _fallback_ok(lo, hi, page) else None
        found.append((weight if box else 0, box, stretch))
    (usual, usual_box, usual_stretch), (other, other_box, other_stretch) = found
    if usual_box is not None and kind == "table" and other_box is not None and usual >= 3 and other >= 3:
        # A table on each side: the caption belongs to the one it touches.
        if _gap(caption, other_box) + 6.0 < _gap(caption, usual_box) and _gap(caption, other_box) < 20.0:
            return _pad(other_box, page), _pad(usual_box, page)
        return _pad(usual_box, page), _pad(other_box, page)
    if usual_box is not None and (usual >= 3 or usual >= other):
        return _pad(usual_box, page), _pad(other_box, page) if other_box else None
    if other_box is not None:
        return _pad(other_box, page), None
    stretch = usual_stretch or other_stretch
    return (_pad(stretch, page) if stretch else None), None


def _gap(caption: Box, box: Box) -> float:
    """Vertical distance between the caption and a box above or below it."""
    return max(0.0, caption[1] - box[3], box[1] - caption[3])


def _is_rule(box: Box) -> bool:
    return box[3] - box[1] < 2.0 or box[2] - box[0] < 2.0


def _without_far_rules(boxes: list[Box], direction: str) -> list[Box]:
    """Drop thin rules at the far end from the caption: a running header's rule above a figure at the top
    of a page, a footnote's rule below a table (a table's own rules sit between its rows)."""
    boxes = sorted(boxes, key=lambda b: b[1] if direction == "above" else -b[3])  # farthest first
    while boxes and _is_rule(boxes[0]):
        far = boxes[0]
        content = [b for b in boxes[1:] if not _is_rule(b)]
        gap = (min(b[1] for b in content) - far[3]) if direction == "above" and content else \
            (far[1] - max(b[3] for b in content)) if content else 0.0
        if content and gap < 8.0:
            break  # the rule closes the content (a table's top or bottom rule)
        boxes = boxes[1:]
    return boxes


def _fallback_ok(lo: float, hi: float, page: _Page) -> bool:
    """The empty stretch next to the caption is taken only when it is tall enough to be art, and not the
    whole rest of the page (a caption at the top of a page with nothing above it)."""
    height = hi - lo
    return 40.0 <= height <= 0.75 * page.height


def _span(first_line: Box, column: str, page: _Page, body: float) -> tuple[float, float]:
    """The horizontal stretch a caption's figure may use: its column, or the page width.

    On a one-column page a caption in one half is a figure beside another (minipages) or beside the
    text (a wrapped figure) when a caption or running text sits next to it; then the figure keeps to
    the caption's side."""
    middle = page.width / 2
    x0, y0, x1, y1 = first_line
    if column == "left":
        return 0.0, middle + _SLACK
    if column == "right":
        return middle - _SLACK, page.width
    left, right = x1 <= middle + 3 * _SLACK, x0 >= middle - 3 * _SLACK
    if not (left or right):
        return 0.0, page.width
    near = [b for b in page.first_lines if b != first_line and min(b[3], y1 + 40) - max(b[1], y0 - 40) > 0]
    near += [_line_box(ln) for ln in page.lines if _is_running_text(ln, body, page, middle)
             and min(ln.y1, y1 + 40) - max(ln.y0, y0 - 40) > 0]
    if left and any(b[0] >= x1 - _SLACK for b in near):
        return 0.0, max(x1, middle) + _SLACK
    if right and any(b[2] <= x0 + _SLACK for b in near):
        return min(x0, middle) - _SLACK, page.width
    return 0.0, page.width


def _band(caption: Box, direction: str, x_lo: float, x_hi: float, page: _Page, body: float) -> tuple[float, float]:
    """(top, bottom) of the stretch between the caption and the nearest running text or other caption."""
    running = [ln for ln in page.lines if _is_running_text(ln, body, page, x_hi - x_lo)]
    obstacles = [_line_box(ln) for ln in running + _paragraph_ends(running, page, body)]
    obstacles += [b for b in page.caption_boxes if b != caption]
    obstacles = [b for b in obstacles if _overlap(b[0], b[2], x_lo, x_hi) > 0.3 * min(b[2] - b[0], x_hi - x_lo)]
    if direction == "above":
        tops = [b[3] for b in obstacles if b[3] <= caption[1] + 1.0]
        return (max(tops) if tops else _top_margin(page)), caption[1]
    bottoms = [b[1] for b in obstacles if b[1] >= caption[3] - 1.0]
    return caption[3], (min(bottoms) if bottoms else _bottom_margin(page))


def _paragraph_ends(running: list[TextLine], page: _Page, body: float) -> list[TextLine]:
    """The short last line of a paragraph of running text: right under one of its lines, same size, same
    left edge (a figure's first line of text is set apart)."""
    ends = []
    for line in page.lines:
        if line.figure or line in running or abs(line.size - body) > 0.8 or _is_caption_line(line, page):
            continue
        if any(0 <= line.y0 - above.y1 < 0.6 * line.size and abs(line.x0 - above.x0) < 3.0 for above in running):
            ends.append(line)
    return ends


def _top_margin(page: _Page) -> float:
    return min([ln.y0 for ln in page.lines] + [g[1] for g in page.graphics] + [page.height * 0.06])


def _bottom_margin(page: _Page) -> float:
    return max([ln.y1 for ln in page.lines] + [g[3] for g in page.graphics] + [page.height * 0.94])


_WORD = re.compile(r"[A-Za-z]{2,}")
_NUMBERS_AT_END = re.compile(r"(\s[-+±]?\d[\d.,]*%?\**){2,}\s*$")


def _is_running_text(line: TextLine, body: float, page: _Page, span_width: float) -> bool:
    """A line of the paper's prose: body-size, long, made of words, not inside an image or caption."""
    if line.figure or line.size < body - 0.8 or len(line.text) < 40:
        return False
    if len(_WORD.findall(line.text)) < 6 or line.x1 - line.x0 < 0.45 * min(span_width, page.width / 2):
        return False
    if _is_caption_line(line, page) or " | " in line.small_spans or _NUMBERS_AT_END.search(line.text):
        return False  # pieces set apart by wide gaps, or ending in numbers: a table's row
    if any(other is not line and other.column == line.column and min(other.y1, line.y1) - max(other.y0, line.y0)
           > 0.5 * line.height and (other.x0 - line.x1 > 1.5 * line.size or line.x0 - other.x1 > 1.5 * line.size)
           for other in page.lines):
        return False  # another cell on the same baseline: a table's row
    cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return not any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in page.images)


def _is_caption_line(line: TextLine, page: _Page) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1 for x0, y0, x1, y1 in page.caption_boxes)


def _within(box: Box, x_lo: float, x_hi: float, lo: float, hi: float, tolerance: float = _SLACK) -> bool:
    x0, y0, x1, y1 = box
    if y0 < lo - tolerance or y1 > hi + tolerance or not lo <= (y0 + y1) / 2 <= hi:
        return False
    return x_lo - _SLACK <= (x0 + x1) / 2 <= x_hi + _SLACK


def _drawn_within(box: Box, x_lo: float, x_hi: float, lo: float, hi: float) -> bool:
    """A graphic in the band. MuPDF's box of a stroked path includes the miter limit (up to ten line
    widths), and an image may carry a white margin that reaches under its caption, so a drawn box may
    overhang the band a little; the union is cut back to the band."""
    return _within(box, x_lo, x_hi, lo, hi, max(_STROKE_OVERHANG, 0.15 * (box[3] - box[1])))


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _line_box(line: TextLine) -> Box:
    return line.x0, line.y0, line.x1, line.y1


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _pad(box: Box, page: _Page) -> Box:
    x0, y0, x1, y1 = box
    return (max(0.0, x0 - _PAD), max(0.0, y0 - _PAD), min(page.width, x1 + _PAD), min(page.height, y1 + _PAD))


def _check_deadline(deadline: float | None, path: Path) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise ParseError(f"{path.name}: extracting its figures took too long; the PDF may be malformed")


# -- rendering ------------------------------------------------------------------------------


def figure_filename(caption: Caption) -> str:
    label = re.sub(r"[^A-Za-z0-9.]+", "_", caption.label).strip("_.") or "x"
    return f"{caption.kind}-{label}.png"


def _render_all(doc, regions: list[tuple[Caption, Box | None, str]], out_dir: Path, dpi: int, max_bytes: int,
                deadline: float | None, path: Path) -> list[Figure]:
    rendered = _render(doc, regions, dpi, deadline, path)
    total = sum(len(png) for png, _, _, _ in rendered.values())
    for _ in range(3):  # a paper full of photographs: smaller until it fits the budget
        if total <= max_bytes:
            break
        dpi = max(24, int(dpi * math.sqrt(max_bytes / total) * 0.9))
        rendered = _render(doc, regions, dpi, deadline, path)
        total = sum(len(png) for png, _, _, _ in rendered.values())
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    for index, (caption, box, problem) in enumerate(regions):
        image, width, height, size = None, 0, 0, 0
        if index in rendered:
            png, width, height, warning = rendered[index]
            target = out_dir / figure_filename(caption)
            target.write_bytes(png)
            image, size = str(target), len(png)
            problem = problem or warning
        elif box is not None and not problem:
            problem = "the region could not be rendered"
        figures.append(Figure(kind=caption.kind, number=caption.label, caption=caption.text, page=caption.page,
                              bbox=tuple(round(v, 1) for v in box) if box else (0.0, 0.0, 0.0, 0.0),  # type: ignore[arg-type]
                              image=image, width=width, height=height, bytes=size, problem=problem))
    return figures


def _render(doc, regions: list[tuple[Caption, Box | None, str]], dpi: int, deadline: float | None,
            path: Path) -> dict[int, tuple[bytes, int, int, str]]:
    """index -> (PNG bytes, width, height, a warning MuPDF gave while drawing it)."""
    import pymupdf

    out: dict[int, tuple[bytes, int, int, str]] = {}
    for index, (caption, box, _) in enumerate(regions):
        if box is None:
            continue
        _check_deadline(deadline, path)
        x0, y0, x1, y1 = box
        scale = min(dpi / 72.0, MAX_SIDE_PIXELS / max(x1 - x0, y1 - y0, 1.0))
        pymupdf.TOOLS.mupdf_warnings(reset=True)
        try:
            page = doc.load_page(caption.page - 1)
            pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=pymupdf.Rect(box), alpha=False)
            png = pix.tobytes("png")
        except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase):
            continue
        warnings = pymupdf.TOOLS.mupdf_warnings(reset=True)
        out[index] = (png, pix.width, pix.height, _decode_problem(warnings))
    return out


def _decode_problem(warnings: str) -> str:
    lines = [w.strip() for w in (warnings or "").splitlines() if w.strip()]
    bad = [w for w in lines if re.search(r"image|jpeg|jpx|jbig|flate|decode|corrupt|premature|unknown", w, re.I)]
    if not bad:
        return ""
    return f"part of it could not be drawn: an image failed to decode ({bad[0][:120]})"
