"""A short letter whose small type outweighs its body, appendices named by the outline or "Supplementary",
and a title's last word centred over a two-column page's gutter.

REVTeX letters set abstract, affiliations and references at 9 pt under a 10 pt body: in a
three-page letter the 9 pt text can be the larger part. PMLR's jmlr class bookmarks an appendix as
"Proofs" while the page prints "Appendix A. Proofs".
"""

from __future__ import annotations

from conftest import Piece, filler_lines

from paperpass.parse import parse_document
from paperpass.parse.headings import body_font_size
from paperpass.parse.pdf import TextLine

NAMES = ["Yuki W. Papadopoulos", "Søren Brown", "Ewa Gupta", "Li Haddad", "Priya Schröder", "Farid Kowalski",
         "Chen Andersson", "Sarah Dubois"]


def _line(size: float, chars: int) -> TextLine:
    return TextLine(text="x" * chars, x0=72, y0=100, x1=500, y1=110, size=size, bold=False, page=1, block=0)


def test_the_body_is_the_larger_of_two_sizes_carrying_about_as_much_text():
    assert body_font_size([_line(9, 1000), _line(10, 900), _line(14, 60)]) == 10
    # A larger size with clearly less text (captions set large, a long title page) is not the body.
    assert body_font_size([_line(10, 1000), _line(12, 500)]) == 10
    assert body_font_size([]) == 10.0


def test_a_letter_whose_abstract_and_references_outweigh_its_body(make_pdf):
    first = [Piece(150, 60, "Sparse Kernels for Robust Retrieval", 14, bold=True)]
    y = 90
    for k, name in enumerate(NAMES):  # one centred block per author: name at body size, affiliation below
        first += [Piece(260, y, name, 10), Piece(230, y + 11, f"University number {k + 1}, Zürich", 9)]
        y += 34
    first += filler_lines(110, y + 10, 12, words=13, size=9, leading=10)  # the abstract, no heading
    first += [Piece(140, y + 145, "INTRODUCTION", 9, bold=True), *filler_lines(54, y + 160, 20, size=10, leading=12)]
    second = [*filler_lines(54, 60, 25, size=10, leading=12), Piece(140, 370, "METHOD", 9, bold=True),
              *filler_lines(54, 385, 8, size=10, leading=12)]
    third = [Piece(54, 60 + 10 * n, f"[{n + 1}] A. Author and B. Writer, Journal of Kernels {n + 1}, 100 (2020); "
                                    "and the same again.", 9) for n in range(40)]
    doc = parse_document(make_pdf(first, second, third))
    assert doc.authors == NAMES
    assert doc.top_level_headings() == ["Introduction", "Method"]
    assert doc.abstract.startswith("the method works well")
    assert len(doc.references) == 40


def _front() -> list[Piece]:
    return [Piece(120, 70, "Learning Kernels for Sparse Retrieval", 17), Piece(220, 100, "Ana Haddad", 12),
            Piece(280, 130, "Abstract", 10, bold=True),
            Piece(100, 145, "We study kernels for retrieval. They work well on every benchmark we tried."),
            Piece(72, 180, "1 Introduction", 12, bold=True), *filler_lines(72, 198, 40, size=10, leading=12)]


def _references(y: float) -> list[Piece]:
    return [Piece(72, y, "References", 12, bold=True),
            *(Piece(72, y + 20 + 14 * n, f"[{n + 1}] C. Smith. A study of kernels number {n + 1}. 2020.", 10)
              for n in range(6))]


def test_an_appendix_the_outline_names_without_its_prefix_is_an_appendix(make_pdf):
    second = [Piece(72, 60, "2 Method", 12, bold=True), *filler_lines(72, 78, 20, size=10, leading=12),
              *_references(340)]
    third = [Piece(72, 60, "Appendix A. Proofs", 12, bold=True), *filler_lines(72, 78, 10, size=10, leading=12)]
    path = make_pdf(_front(), second, third)
    import pymupdf

    with pymupdf.open(path) as pdf:  # the bookmarks jmlr writes: no References, the appendix by its name only
        pdf.set_toc([[1, "Introduction", 1], [1, "Method", 2], [1, "Proofs", 3]])
        pdf.saveIncr()
    doc = parse_document(path)
    assert doc.top_level_headings() == ["Introduction", "Method"]
    proofs = next(s for s in doc.sections if s.title == "Proofs")
    assert (proofs.kind, proofs.number) == ("appendix", "A")
    assert [s.kind for s in doc.sections].index("references") < doc.sections.index(proofs)


def test_supplementary_material_is_a_heading_name_not_a_prefix(make_pdf):
    second = [*_references(60), Piece(72, 200, "Supplementary Material", 12, bold=True),
              *filler_lines(72, 218, 5, size=10, leading=12),
              Piece(72, 300, "Appendix B: More Proofs", 12, bold=True), *filler_lines(72, 318, 5, size=10, leading=12)]
    doc = parse_document(make_pdf(_front(), second))
    tail = [(s.number, s.title, s.kind) for s in doc.sections if s.kind == "appendix"]
    assert tail == [("", "Supplementary Material", "appendix"), ("B", "More Proofs", "appendix")]


def test_a_short_last_title_line_centred_over_the_gutter_stays_with_the_title(make_pdf):
    # A title's last word, centred a little right of the page's middle, sits inside the two columns'
    # slack: it is not a right-column line, since it crosses the gap between the columns' text.
    first = [Piece(80, 60, "Beyond Sparse Kernels: A Causal Perspective on Robust Retrieval", 17),
             Piece(80, 82, "and Contrastive Learning under Distribution Federated", 17),
             Piece(298, 104, "Shift", 17),
             Piece(100, 130, "Ana Haddad", 12), Piece(280, 130, "Bo Lee", 12), Piece(450, 130, "Li Wang", 12),
             Piece(60, 160, "Abstract", 10, bold=True), *filler_lines(60, 175, 8, words=10, size=10, leading=12),
             Piece(60, 290, "1 Introduction", 12, bold=True), *filler_lines(60, 306, 35, words=10, size=10, leading=12),
             *filler_lines(316, 160, 50, words=7, size=10, leading=12, start=3)]
    doc = parse_document(make_pdf(first))
    assert doc.title.endswith("Distribution Federated Shift")
    assert doc.authors == ["Ana Haddad", "Bo Lee", "Li Wang"]
