"""Layouts of the publishers' LaTeX classes that the real fixtures lack, rebuilt with PyMuPDF.

IEEEtran sets author blocks side by side (the right one lands in the right column, read after the
abstract's), a bold abstract, and section headings in small capitals at body size; amsart sets the
authors in capitals joined by AND; a last page may hold a full left column and a few lines on the right.
"""

from __future__ import annotations

from conftest import Piece, filler_lines

from paperpass.parse import parse_document
from paperpass.parse.front import names_in_line
from paperpass.parse.pdf import TextLine, merge_same_line_pieces

ABSTRACT = [
    "Abstract. We study sparse retrieval in the",
    "setting of graph policy models. Our method",
    "improves contrastive learning on the first",
    "2 sparse benchmarks, while the cost of the",
    "learning stays linear across all the models.",
    "It improves attention on 9 causal tasks.",
]


def _column(x: float, y0: float, count: int, start: int = 0) -> list[Piece]:
    return filler_lines(x, y0, count, words=8, size=10, start=start, leading=12)


def _ieee_first_page() -> list[Piece]:
    pieces = [Piece(110, 70, "Sparse Robust Policies for Kernel Retrieval", 22)]
    for x, name, place in ((110, "Zoë Dubois", "Carnegie Mellon University"),
                           (370, "María de Souza", "Microsoft Research")):
        pieces += [Piece(x, 110, name, 11), Piece(x, 123, place), Piece(x, 135, "Pittsburgh"),
                   Piece(x, 147, f"{name.split()[-1].lower()}@example.org")]
    pieces += [Piece(49, 190 + 10 * i, text, 9, bold=True) for i, text in enumerate(ABSTRACT)]
    pieces.append(Piece(130, 270, "I. Introduction", small_caps=True))
    pieces += _column(49, 285, 30)
    pieces += _column(312, 190, 12, start=3)
    pieces.append(Piece(390, 350, "II. Method", small_caps=True))
    pieces += _column(312, 365, 28, start=5)
    return pieces


def test_ieee_author_blocks_side_by_side_small_caps_headings_and_a_bold_abstract(make_pdf):
    second = [Piece(130, 60, "III. Experiments", small_caps=True), *_column(49, 75, 50),
              Piece(390, 60, "IV. Conclusion", small_caps=True), *_column(312, 75, 50, start=2)]
    doc = parse_document(make_pdf(_ieee_first_page(), second))
    assert doc.authors == ["Zoë Dubois", "María de Souza"]
    assert doc.top_level_headings() == ["Introduction", "Method", "Experiments", "Conclusion"]
    assert doc.abstract.startswith("We study sparse retrieval")
    assert "2 sparse benchmarks" in doc.abstract


def test_keywords_under_the_abstract_are_not_a_section(make_pdf):
    first = [p for p in _ieee_first_page() if p.y != 270] + [
        Piece(49, 256, "Keywords: sparse retrieval, kernels, graphs", 9, bold=True),
        Piece(130, 272, "I. Introduction", small_caps=True)]
    doc = parse_document(make_pdf(first))
    assert [s.title for s in doc.sections][:2] == ["Introduction", "Method"]


def test_a_last_page_with_a_few_lines_in_the_right_column_is_read_column_by_column(make_pdf):
    refs = [Piece(49, 60, "References", 12, bold=True)]
    y = 80
    for n in range(1, 10):
        refs += [Piece(49, y, f"[{n}] A. Author and B. Writer. A study of kernels number {n}."),
                 Piece(62, y + 12, f"In Proceedings of the Conference, pages {n}0-{n}9, 2020.")]
        y += 30
    refs += [Piece(312, 60, "[10] C. Smith and D. Jones. The last entry, set at the"),
             Piece(325, 72, "top of the right column. In Proceedings, 2021.")]
    doc = parse_document(make_pdf(_ieee_first_page(), refs))
    assert len(doc.references) == 10
    assert doc.references[-1].raw.startswith("[10] C. Smith")


def _one_column_front(*author_lines: Piece) -> list[Piece]:
    """A one-column first page: title, the given author lines, a labelled abstract, then the body."""
    return [Piece(120, 70, "Learning Kernels for Sparse Retrieval", 17), *author_lines,
            Piece(280, 160, "Abstract", 10, bold=True),
            Piece(100, 175, "We study kernels for retrieval. They work well on every benchmark we tried."),
            Piece(72, 210, "1 Introduction", 12, bold=True), *filler_lines(72, 228, 30, size=10, leading=12)]


def test_a_name_wrapped_after_its_initial_and_an_acronym_line_among_names(make_pdf):
    doc = parse_document(make_pdf(_one_column_front(
        Piece(90, 100, "Ahmed Andersson, Yuki Papadopoulos, Minh Liu, and Søren F.", 12),
        Piece(260, 114, "Nguyen", 12), Piece(250, 128, "MIT CSAIL", 12))))
    assert doc.authors == ["Ahmed Andersson", "Yuki Papadopoulos", "Minh Liu", "Søren F. Nguyen"]


def test_authors_in_capitals_joined_by_and():
    assert names_in_line("SEUNG-HYUN GARCÍA, AHMED GUPTA, AND HIROSHI O’NEILL") == [
        "Seung-Hyun García", "Ahmed Gupta", "Hiroshi O'Neill"]
    assert names_in_line("RAHUL SCHRÖDER AND BO JOHANSSON") == ["Rahul Schröder", "Bo Johansson"]


def test_names_in_capitals_keep_lowercase_particles_and_wrap_after_a_given_name(make_pdf):
    assert names_in_line("ALICE DE SOUZA, NIKOLAI VAN DER BERG") == ["Alice de Souza", "Nikolai van der Berg"]
    doc = parse_document(make_pdf(_one_column_front(
        Piece(80, 100, "ALICE DE SOUZA, SARAH FISCHER, BJÖRN OKAFOR, ANA", 11),
        Piece(90, 114, "N. PARK, FRANÇOIS N. HERNÁNDEZ, AND MIKAEL TANAKA", 11))))
    assert doc.authors == ["Alice de Souza", "Sarah Fischer", "Björn Okafor", "Ana N. Park", "François N. Hernández",
                           "Mikael Tanaka"]


def test_a_given_name_at_a_line_end_joins_initials_and_surname_on_the_next(make_pdf):
    doc = parse_document(make_pdf(_one_column_front(
        Piece(80, 100, "Olga de Souza, Ahmed D. Park, Björn Chen, Valentina", 12),
        Piece(150, 114, "R. Papadopoulos, François Dubois", 12), Piece(200, 135, "University of Tokyo, Japan", 10))))
    assert doc.authors == ["Olga de Souza", "Ahmed D. Park", "Björn Chen", "Valentina R. Papadopoulos",
                           "François Dubois"]


def test_names_of_neighbouring_author_blocks_joined_on_one_line_stay_apart():
    left = TextLine("Seung-Hyun Schröder", 176, 95, 278, 105, 11, False, 1, block=3, small_spans="Seung-Hyun Schröder")
    right = TextLine("Daniel MacDonald", 287, 95, 376, 105, 11, False, 1, block=5, small_spans="Daniel MacDonald")
    (line,) = merge_same_line_pieces([left, right])
    assert names_in_line(line.small_spans) == ["Seung-Hyun Schröder", "Daniel MacDonald"]


def test_one_author_in_mixed_case_above_an_acronym_line(make_pdf):
    doc = parse_document(make_pdf(_one_column_front(Piece(250, 100, "Zoë Park", 12), Piece(250, 114, "MIT CSAIL", 12))))
    assert doc.authors == ["Zoë Park"]


def test_a_left_line_and_a_right_heading_number_on_one_baseline_stay_two_lines():
    # A4, LaTeX's two-column article: the gutter is 10 pt, narrower than the heading's word space.
    left = TextLine("ysed [17]. The diffusion graph of the model is anal-", 72, 575, 300.7, 584, 10, False, 2, block=6)
    number = TextLine("5.1", 310.6, 574, 327.8, 584.6, 12, True, 2, block=25)
    heading = TextLine("Sparse kernel", 341.3, 574, 419.9, 584.6, 12, True, 2, block=25)
    lines = merge_same_line_pieces([left, number, heading], 595.3)
    assert [ln.text for ln in lines] == [left.text, "5.1 Sparse kernel"]


def test_unnumbered_sections_in_capitals_over_subsections_in_the_same_type(make_pdf):
    # REVTeX's PRL style: no numbers; "INTRODUCTION" and "Ordered phase" are both bold at body size.
    pieces, y = [Piece(150, 70, "Ordered Phases of Sparse Kernels", 14, bold=True),
                 Piece(250, 95, "Zoë Park", 11), Piece(200, 130, "Abstract", 10, bold=True),
                 Piece(100, 145, "We study kernels. They work well on every benchmark we tried.")], 180
    for heading in ("INTRODUCTION", "Ordered phase", "METHOD", "Sparse limit", "Dense limit", "CONCLUSION"):
        pieces.append(Piece(72, y, heading, bold=True))
        pieces += filler_lines(72, y + 16, 4, size=10, leading=12)
        y += 80
    doc = parse_document(make_pdf(pieces))
    assert doc.top_level_headings() == ["Introduction", "Method", "Conclusion"]
