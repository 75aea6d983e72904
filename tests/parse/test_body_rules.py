"""Reader text and abstract rules on PDFs the tests write: figure internals, run-in headings, abstract ends."""

from __future__ import annotations

import pytest
from conftest import Piece, after, filler_lines

from paperpass.parse import parse_document
from paperpass.parse.headings import run_in_split


def _front(title: str = "A Paper Made For Testing") -> list[Piece]:
    return [Piece(72, 90, title, 17, bold=True), Piece(72, 120, "Ada Lovelace, Alan Turing", 10)]


@pytest.mark.parametrize("text,lead", [
    ("Identity vs. Projection Shortcuts. We have shown that", "Identity vs. Projection Shortcuts"),
    ("Training. We train the model for ten epochs", "Training"),
    ("Results on ImageNet", None),
    ("Comparison with Smith et al. on Data", None),
])
def test_run_in_lead_phrase(text, lead):
    assert run_in_split(text) == lead


def test_run_in_paragraph_starts_are_not_headings(make_pdf):
    lead = Piece(72, 330, "Identity vs. Projection Shortcuts.", 10, bold=True)
    pieces = [*_front(), Piece(72, 180, "Abstract", 11, bold=True),
              Piece(72, 198, "We test how run-in paragraph heads are read.", 10),
              Piece(72, 260, "1 Introduction", 12, bold=True)]
    pieces += filler_lines(72, 280, 4, size=10, leading=12)
    pieces += [lead, Piece(after(lead, 3), 330, "We have shown that parameter-free identity shortcuts help training",
                           10)]
    pieces += filler_lines(72, 342, 4, size=10, leading=12)
    pieces += [Piece(72, 420, "2 Method", 12, bold=True), *filler_lines(72, 440, 5, size=10, leading=12)]
    doc = parse_document(make_pdf(pieces))
    assert [s.title for s in doc.sections if s.kind == "body"] == ["Introduction", "Method"]
    intro = doc.introduction()
    assert "Identity vs. Projection Shortcuts. We have shown that" in intro.text


def _plot(page):
    """A small line chart: two axes, tick marks, a curve."""
    import pymupdf

    x0, y0, x1, y1 = 100, 400, 300, 520
    page.draw_line(pymupdf.Point(x0, y1), pymupdf.Point(x1, y1))
    page.draw_line(pymupdf.Point(x0, y0), pymupdf.Point(x0, y1))
    for k in range(5):
        page.draw_line(pymupdf.Point(x0 + 50 * k, y1), pymupdf.Point(x0 + 50 * k, y1 + 3))
        page.draw_line(pymupdf.Point(x0 - 3, y1 - 30 * k), pymupdf.Point(x0, y1 - 30 * k))
    page.draw_polyline([pymupdf.Point(x0 + 10 * k, y1 - 5 * k) for k in range(20)])


def test_figure_tick_labels_and_captions_stay_out_of_the_section_text(make_pdf):
    pieces = [*_front(), Piece(72, 180, "Abstract", 11, bold=True),
              Piece(72, 198, "We test that plots do not leak into the text.", 10),
              Piece(72, 240, "1 Introduction", 12, bold=True)]
    pieces += filler_lines(72, 260, 10, size=10, leading=12)
    pieces += [Piece(100 + 50 * k - 3, 530, str(10 * k), 6) for k in range(5)]
    pieces += [Piece(88, 520 - 30 * k + 2, str(k), 6) for k in range(1, 5)]
    pieces += [Piece(170, 540, "iter. (1e4)", 6),
               Piece(72, 560, "Figure 1: Training error of plain networks.", 9)]
    pieces += filler_lines(72, 590, 6, size=10, leading=12, start=5)
    doc = parse_document(make_pdf(pieces, drawings={0: _plot}))
    intro = doc.introduction().text
    assert "iter." not in intro and "10 20" not in intro and "Figure 1" not in intro
    from conftest import FILLER

    assert [w for w in intro.split() if w not in FILLER] == []  # nothing but the prose
    assert len(intro.split()) == 16 * 12  # all of it
    assert [(c.kind, c.label, c.text) for c in doc.captions] == [("figure", "1", "Training error of plain networks.")]


def test_numbers_in_prose_stay_without_drawings(make_pdf):
    pieces = [*_front(), Piece(72, 180, "Abstract", 11, bold=True),
              Piece(72, 198, "We test that numbers in text are kept.", 10),
              Piece(72, 240, "1 Introduction", 12, bold=True)]
    pieces += [Piece(72, 260 + 12 * k, f"{k * 10} {k * 20}", 7) for k in range(5)]
    doc = parse_document(make_pdf(pieces + filler_lines(72, 330, 5, size=10, leading=12)))
    assert "10 20" in doc.introduction().text  # small numbers with no figure around them are not dropped


def test_abstract_ends_at_a_wide_gap_before_the_body(make_pdf):
    pieces = [*_front(), Piece(72, 180, "Abstract", 11, bold=True),
              Piece(72, 198, "We test where an abstract ends when no heading follows it. It is a", 10),
              Piece(72, 210, "question of layout: a finished paragraph followed by a wide gap and", 10),
              Piece(72, 222, "text of another kind ends the abstract, as every reader would see it.", 10)]
    pieces += filler_lines(72, 262, 6, size=10, leading=12)
    pieces += [Piece(72, 350, "1 Introduction", 12, bold=True), *filler_lines(72, 370, 5, size=10, leading=12)]
    doc = parse_document(make_pdf(pieces))
    assert doc.abstract.startswith("We test where an abstract ends")
    assert doc.abstract.endswith("as every reader would see it.")


def test_unlabelled_standfirst_under_a_kicker_is_the_abstract(make_pdf):
    standfirst = ["Deep", "learning", "allows", "computational", "models", "that", "are", "composed", "of", "multiple", "processing", "layers", "to", "learn", "representations", "of", "data", "with", "multiple", "levels", "of", "abstraction.", "These", "methods", "have", "dramatically", "improved", "the", "state", "of", "the", "art", "in", "speech", "recognition,", "visual", "object", "recognition,", "object", "detection", "and", "many", "other", "domains", "such", "as", "drug", "discovery", "and", "genomics."]
    lines = [" ".join(standfirst[k:k + 12]) for k in range(0, len(standfirst), 12)]
    pieces = [Piece(72, 60, "REVIEW", 14, bold=True), Piece(72, 100, "Deep learning", 24, bold=True),
              Piece(72, 130, "Yann LeCun, Yoshua Bengio & Geoffrey Hinton", 10)]
    pieces += [Piece(72, 170 + 14 * k, text, 11, bold=True) for k, text in enumerate(lines)]
    pieces += filler_lines(72, 270, 30, words=6, size=8.5, leading=10)
    pieces += filler_lines(320, 270, 30, words=6, size=8.5, leading=10, start=3)
    doc = parse_document(make_pdf(pieces))
    assert doc.title == "Deep learning"
    assert doc.authors == ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]
    assert doc.abstract.startswith("Deep learning allows computational models that are composed of multiple")
    assert doc.abstract.endswith("drug discovery and genomics.")


def test_math_extension_symbols_mapped_from_their_character_codes():
    from paperpass.parse.pdf import map_math_symbols

    def page(text, font):
        return {"blocks": [{"type": 0, "lines": [{"spans": [{"text": text, "font": font, "origin": (10.0, 20.0)}]}]}]}

    data = page("\ufffd\ufffd\ufffd", "CMEX10")
    map_math_symbols(data, page("\x58\x52\x30", "CMEX10"))  # summation, integral, a delimiter's top piece
    assert data["blocks"][0]["lines"][0]["spans"][0]["text"] == "∑∫("
    other = page("\ufffd", "SomeTextFont")
    map_math_symbols(other, page("A", "SomeTextFont"))
    assert other["blocks"][0]["lines"][0]["spans"][0]["text"] == "\ufffd"  # only math-extension fonts are mapped
