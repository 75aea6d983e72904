"""Figures and tables cut out of PDFs: the general rule on PDFs built here, and real papers' figures.

The real-paper checks: every "Figure N" caption of every fixture PDF gets an image,
and for a few papers the region found matches the page and box checked by eye
(the rendered PNGs and the page with the box drawn on it were looked at).
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperpass.models import Caption
from paperpass.parse.captions import find_captions
from paperpass.parse.figures import MAX_BYTES_PER_PAPER, extract_figures
from paperpass.parse.pdf import TextLine

BODY = ("Deep networks learn representations of their inputs, and the experiments in this section measure "
        "how well they do so on several data sets.")


def _paragraph(page, y: float, lines: int = 4) -> float:
    for _ in range(lines):
        page.insert_text((72, y), BODY[:95], fontsize=10)
        y += 12
    return y + 8


def _gradient(width: int = 200, height: int = 100, noise: bool = False) -> pymupdf.Pixmap:
    import random

    rng = random.Random(7)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    for x in range(width):
        for y in range(height):
            if noise:
                pix.set_pixel(x, y, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
            else:
                pix.set_pixel(x, y, ((x * 255) // width, (y * 255) // height, 128))
    return pix


def build_paper(path: Path, *, corrupt_image: bool = False, noise: bool = False) -> dict[str, pymupdf.Rect]:
    """A two-page paper: a raster figure, a vector figure and a ruled table on page 1; text only on page 2.
    Returns where each was put."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = _paragraph(page, 72)
    image_rect = pymupdf.Rect(156, y + 4, 456, y + 154)
    pix = _gradient(noise=noise)
    if corrupt_image:
        page.insert_image(image_rect, stream=pix.tobytes("jpeg"))
    else:
        page.insert_image(image_rect, pixmap=pix)
    y = image_rect.y1 + 16
    page.insert_text((72, y), "Figure 1: A raster image of a colour gradient.", fontsize=9)
    y = _paragraph(page, y + 24)
    drawing_rect = pymupdf.Rect(200, y + 10, 412, y + 120)
    shape = page.new_shape()
    shape.draw_rect(drawing_rect)
    shape.draw_line((210, drawing_rect.y1 - 10), (400, drawing_rect.y0 + 10))
    shape.draw_circle(pymupdf.Point(drawing_rect.x0 + 100, drawing_rect.y0 + 55), 20)
    shape.finish(color=(0, 0, 1), width=1)
    shape.commit()
    y = drawing_rect.y1 + 22
    page.insert_text((72, y), "Figure 2: A vector drawing of a line and a circle.", fontsize=9)
    y = _paragraph(page, y + 24, 2)
    page.insert_text((250, y + 6), "Table 1: Accuracy per data set.", fontsize=9)
    top = y + 16
    rules = page.new_shape()
    rows = [("Data set", "Accuracy"), ("MNIST", "99.2"), ("CIFAR-10", "91.5"), ("SVHN", "96.0")]
    for i, (name, value) in enumerate(rows):
        page.insert_text((220, top + 14 + 13 * i), name, fontsize=9)
        page.insert_text((350, top + 14 + 13 * i), value, fontsize=9)
    bottom = top + 14 + 13 * (len(rows) - 1) + 5
    for ry in (top, top + 17, bottom):
        rules.draw_line((210, ry), (400, ry))
    rules.finish(color=(0, 0, 0), width=0.5)
    rules.commit()
    _paragraph(page, bottom + 24, 3)
    second = doc.new_page(width=612, height=792)
    _paragraph(second, 72, 30)
    doc.save(path)
    if corrupt_image:  # the JPEG's bytes replaced by garbage: MuPDF cannot decode it
        broken = pymupdf.open(path)
        for image in broken[0].get_images():
            broken.update_stream(image[0], b"\xff\xd8\xff\xe0 not a jpeg " * 20, new=False, compress=False)
        broken.save(path.with_suffix(".tmp"))
        broken.close()
        path.with_suffix(".tmp").replace(path)
    return {"figure 1": image_rect, "figure 2": drawing_rect,
            "table 1": pymupdf.Rect(210, top, 400, bottom)}


def iou(a, b) -> float:
    a, b = pymupdf.Rect(a), pymupdf.Rect(b)
    inter = a & b
    if inter.is_empty:
        return 0.0
    return inter.get_area() / (a.get_area() + b.get_area() - inter.get_area())


def contains(outer, inner, slack: float = 1.0) -> bool:
    outer = pymupdf.Rect(outer)
    outer = pymupdf.Rect(outer.x0 - slack, outer.y0 - slack, outer.x1 + slack, outer.y1 + slack)
    return outer.contains(pymupdf.Rect(inner))


def test_raster_vector_and_table_regions_on_a_built_paper(tmp_path):
    placed = build_paper(tmp_path / "paper.pdf")
    figures = extract_figures(tmp_path / "paper.pdf", tmp_path / "out")
    found = {f"{f.kind} {f.number}": f for f in figures}
    assert list(found) == ["figure 1", "figure 2", "table 1"]
    for name, rect in placed.items():
        figure = found[name]
        assert figure.page == 1 and figure.image and not figure.problem, name
        assert contains(figure.bbox, rect), (name, figure.bbox, rect)  # all of it ...
        assert iou(figure.bbox, rect) > 0.6, (name, figure.bbox, rect)  # ... and not much more
        png = pymupdf.Pixmap(figure.image)
        assert (png.width, png.height) == (figure.width, figure.height)
        assert Path(figure.image).stat().st_size == figure.bytes
        box_ratio = (figure.bbox[2] - figure.bbox[0]) / (figure.bbox[3] - figure.bbox[1])
        assert abs(png.width / png.height - box_ratio) < 0.05
    assert found["figure 1"].caption == "A raster image of a colour gradient."


def test_a_figure_less_paper_has_none(tmp_path):
    doc = pymupdf.open()
    for _ in range(2):
        _paragraph(doc.new_page(), 72, 40)
    doc.save(tmp_path / "plain.pdf")
    assert extract_figures(tmp_path / "plain.pdf", tmp_path / "out") == []


def test_an_image_that_does_not_decode_is_said_and_the_rest_still_drawn(tmp_path):
    build_paper(tmp_path / "broken.pdf", corrupt_image=True)
    figures = {f"{f.kind} {f.number}": f for f in extract_figures(tmp_path / "broken.pdf", tmp_path / "out")}
    assert "could not be drawn" in figures["figure 1"].problem
    assert figures["figure 1"].image and Path(figures["figure 1"].image).is_file()
    assert figures["figure 2"].image and not figures["figure 2"].problem


def test_a_paper_over_the_size_budget_is_rendered_smaller(tmp_path):
    build_paper(tmp_path / "noisy.pdf", noise=True)  # noise does not compress: a big PNG
    full = extract_figures(tmp_path / "noisy.pdf", tmp_path / "full")
    budget = sum(f.bytes for f in full) // 3
    small = extract_figures(tmp_path / "noisy.pdf", tmp_path / "small", max_bytes=budget)
    assert sum(f.bytes for f in small) <= budget
    assert [f.bbox for f in small] == [f.bbox for f in full]
    assert small[0].width < full[0].width


def test_a_mention_of_a_figure_in_running_text_is_not_a_caption():
    def line(text: str, y: float) -> TextLine:
        return TextLine(text=text, x0=72, y0=y, x1=500, y1=y + 10, size=10, bold=False, page=1, block=int(y))

    lines = [line("Figure 3 plots the top performing functions found by the search.", 100),
             line("Figure 3: The top functions.", 300), line("Figure 4 The bottom functions.", 400)]
    assert find_captions(lines, 10.0) == [Caption(kind="figure", label="3", text="The top functions.", page=1),
                                          Caption(kind="figure", label="4", text="The bottom functions.", page=1)]


# -- real papers --------------------------------------------------------------------------------

# Checked by eye: the page rendered with the box drawn on it, and the PNG. (page, x0, y0, x1, y1) in points.
HAND_CHECKED = {
    "hz_1406.2661v1.pdf": {  # GAN: a vector figure, a small table, a full-width table captioned above
        ("figure", "1"): (3, 110, 333, 507, 464),
        ("table", "1"): (6, 208, 81, 404, 138),
        ("table", "2"): (7, 106, 134, 518, 360),
    },
    "924235317_Swish_1710.05941v2.pdf": {  # two figures side by side, two tables side by side
        ("figure", "6"): (6, 106, 80, 308, 213),
        ("figure", "7"): (6, 306, 80, 508, 213),
        ("table", "1"): (4, 108, 535, 283, 656),
        ("table", "2"): (4, 305, 535, 479, 656),
    },
    "hz_Dropout_A_Simple_Way_to_Prevent_overfitting.pdf": {  # a wrapped figure, two tables one above the other
        ("figure", "4"): (9, 304, 367, 524, 535),
        ("table", "5"): (12, 138, 288, 474, 351),
        ("table", "6"): (12, 88, 372, 529, 461),
    },
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    cache: dict[str, list] = {}

    def get(pdf: Path):
        if pdf.name not in cache:
            cache[pdf.name] = extract_figures(pdf, tmp_path_factory.mktemp("figs"))
        return cache[pdf.name]

    return get


@pytest.mark.parametrize("name", sorted(HAND_CHECKED))
def test_regions_match_the_hand_checked_ones(real, extracted, name):
    pdf = real / "pdfs" / name
    if not pdf.is_file():
        pytest.skip(f"{name} is not in the real fixtures")
    found = {(f.kind, f.number): f for f in extracted(pdf)}
    for key, (page, *box) in HAND_CHECKED[name].items():
        figure = found[key]
        assert figure.page == page and figure.image, key
        assert iou(figure.bbox, box) > 0.85, (key, figure.bbox, box)


def _real_pdfs() -> list[str]:
    from tests.conftest import REAL

    folder = REAL / "pdfs"
    return sorted(p.name for p in folder.glob("*.pdf")) if folder.is_dir() else []


@pytest.mark.parametrize("name", _real_pdfs() or ["(no fixtures)"])
def test_every_figure_caption_of_a_real_paper_has_an_image(real, extracted, name):
    pdf = real / "pdfs" / name
    if not pdf.is_file():
        pytest.skip("the real fixtures are absent")
    figures = extracted(pdf)
    missing = [f"Figure {f.number} (p. {f.page}): {f.problem}" for f in figures if f.kind == "figure" and not f.image]
    assert missing == []
    assert sum(f.bytes for f in figures) <= MAX_BYTES_PER_PAPER
