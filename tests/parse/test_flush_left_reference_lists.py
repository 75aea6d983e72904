"""Reference lists with no label, no hanging indent and no gap between entries (a workshop paper, a
Word template, an author-year list set flush left): an entry ends where a line that ended an entry
stops short of the column's right edge and the next line opens with authors. The PDFs are written
here, the entries justified the way a typesetter sets them: wrapped lines reach the column's edge."""

from __future__ import annotations

import pymupdf
from conftest import Piece, filler_lines

from paperpass.parse import parse_document

SIZE = 8.0
LEADING = 10.0

ONE_LINE = [
    "A. Alpha and B. Beta. Sparse codes. In ACL, 2020.",
    "C. Gamma. Dense retrieval at scale. In KDD, 2019.",
    "D. Delta, E. Epsilon, and F. Zeta. Graph kernels, revisited. JMLR, 2018.",
    "G. Eta. Learning to rank with trees. In SIGIR, pages 12-19.",
    "H. Theta and I. Iota. A survey of transformers for protein design. arXiv:2101.01234, 2021.",
]

WRAPPED = [
    "A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, L. Kaiser, and I. Polosukhin. "
    "Attention is all you need. In Advances in Neural Information Processing Systems, pages 5998-6008, 2017.",
    "K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. In Proceedings of the "
    "IEEE Conference on Computer Vision and Pattern Recognition, pages 770-778, 2016.",
    "D. P. Kingma and J. Ba. Adam: a method for stochastic optimization. In International Conference on "
    "Learning Representations, 2015.",
    "J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova. BERT: pre-training of deep bidirectional transformers "
    "for language understanding. In Proceedings of NAACL-HLT, pages 4171-4186, 2019.",
    "I. Goodfellow, J. Pouget-Abadie, M. Mirza, B. Xu, D. Warde-Farley, S. Ozair, A. Courville, and Y. Bengio. "
    "Generative adversarial nets. In Advances in Neural Information Processing Systems 27, pages 2672-2680, 2014.",
]

AUTHOR_YEAR = [
    "Bengio, Y., Courville, A., and Vincent, P. (2013). Representation learning: a review and new "
    "perspectives. IEEE Transactions on Pattern Analysis and Machine Intelligence, 35(8):1798-1828.",
    "Hinton, G. E. and Salakhutdinov, R. R. (2006). Reducing the dimensionality of data with neural "
    "networks. Science, 313(5786):504-507.",
    "LeCun, Y., Bengio, Y., and Hinton, G. (2015). Deep learning. Nature, 521(7553):436-444.",
    "Mikolov, T., Sutskever, I., Chen, K., Corrado, G. S., and Dean, J. (2013). Distributed representations "
    "of words and phrases and their compositionality. In Advances in Neural Information Processing Systems.",
    "van der Maaten, L. and Hinton, G. (2008). Visualizing data using t-SNE. Journal of Machine Learning "
    "Research, 9:2579-2605.",
    "Srivastava, N., Hinton, G., Krizhevsky, A., Sutskever, I., and Salakhutdinov, R. (2014). Dropout: a "
    "simple way to prevent neural networks from overfitting. Journal of Machine Learning Research, 15:1929-1958.",
]


def _width(text: str) -> float:
    return pymupdf.get_text_length(text, fontname="helv", fontsize=SIZE)


def justified(entries: list[str], x: float, y: float, width: float, *, indent: float = 0,
              gap: float = 0) -> tuple[list[Piece], float]:
    """Each entry flush left (its continuation lines `indent` to the right), wrapped to `width`, every
    line but its last spread to the right edge word by word; `gap` between entries. Returns the
    pieces and the next baseline."""
    pieces = []
    space = _width(" ")
    for entry in entries:
        words = entry.split()
        left = x
        while words:
            room = x + width - left
            line = [words.pop(0)]
            while words and _width(" ".join([*line, words[0]])) <= room:
                line.append(words.pop(0))
            if words and len(line) > 1:  # a wrapped line: the gaps widen until its last word ends at the edge
                spread = space + (room - _width(" ".join(line))) / (len(line) - 1)
                at = left
                for word in line:
                    pieces.append(Piece(at, y, word, SIZE))
                    at += _width(word) + spread
            else:
                pieces.append(Piece(left, y, " ".join(line), SIZE))
            y += LEADING
            left = x + indent
        y += gap
    return pieces, y


def _front() -> list[Piece]:
    return [Piece(72, 80, "Sparse Message Passing for Protein Graphs", 16, bold=True),
            Piece(72, 104, "Anna Kowalska, Chloe Dubois", 11),
            Piece(72, 140, "Abstract", 11, bold=True), *filler_lines(72, 156, 4, words=14),
            Piece(72, 220, "1 Introduction", 11, bold=True), *filler_lines(72, 236, 6, words=14)]


def _one_column(entries: list[str], width: float = 468) -> list[Piece]:
    pieces, _ = justified(entries, 72, 340, width)
    return [*_front(), Piece(72, 320, "References", 11, bold=True), *pieces]


def _raws(make_pdf, *pages) -> list[str]:
    return [r.raw for r in parse_document(make_pdf(*pages)).references]


def test_one_line_per_entry(make_pdf):
    raws = _raws(make_pdf, _one_column(ONE_LINE))
    assert raws == ONE_LINE


def test_entries_wrapping_over_two_and_three_justified_lines(make_pdf):
    pieces, _ = justified(WRAPPED, 72, 340, 220)  # a narrow column: every entry wraps, some over three lines
    lines = {p.y for p in pieces}
    assert len(lines) >= 2 * len(WRAPPED) + 2
    raws = _raws(make_pdf, [*_front(), Piece(72, 320, "References", 11, bold=True), *pieces])
    assert raws == WRAPPED


def test_an_entry_whose_last_line_fills_the_column_merges_with_the_next(make_pdf):
    """The rule's known cost: He et al.'s last line happens to reach the edge at this width, so
    nothing tells it from a wrapped line; one entry too few, never an entry cut in two."""
    pieces, _ = justified(WRAPPED, 72, 340, 230)
    raws = _raws(make_pdf, [*_front(), Piece(72, 320, "References", 11, bold=True), *pieces])
    assert raws == [WRAPPED[0], f"{WRAPPED[1]} {WRAPPED[2]}", *WRAPPED[3:]]


def test_author_year_entries(make_pdf):
    refs = parse_document(make_pdf(_one_column(AUTHOR_YEAR, width=330))).references
    assert [r.raw for r in refs] == AUTHOR_YEAR
    assert [r.year for r in refs] == [2013, 2006, 2015, 2013, 2008, 2014]


def test_a_list_mixing_one_line_and_wrapped_entries(make_pdf):
    mixed = [ONE_LINE[0], WRAPPED[0], ONE_LINE[1], ONE_LINE[2], WRAPPED[1], WRAPPED[2], ONE_LINE[3]]
    assert _raws(make_pdf, _one_column(mixed, width=300)) == mixed


def test_a_two_column_page(make_pdf):
    """Body text in the left column, then the list running down it into the right one; the column
    breaks inside Goodfellow et al.'s author list, after a full line ending "D." (not an entry's end:
    the line reaches the edge), and the right column opens "Warde-Farley, S." (like an entry)."""
    pieces, _ = justified(AUTHOR_YEAR + WRAPPED, 54, 280, 220)
    rows = sorted({p.y for p in pieces})
    cut = next(y for y in rows if " ".join(p.text for p in pieces if p.y == y).endswith("B. Xu, D."))
    assert max(p.x + _width(p.text) for p in pieces if p.y == cut) > 54 + 219
    for p in pieces:
        if p.y > cut:  # on into the right column
            p.x, p.y = p.x + 264, p.y - cut + 80
    page = [Piece(54, 60, "Sparse Message Passing for Protein Graphs", 16, bold=True),
            Piece(54, 80, "Anna Kowalska, Chloe Dubois", 11),
            Piece(54, 110, "Abstract", 10, bold=True), *filler_lines(54, 124, 5, words=8),
            Piece(54, 190, "1 Introduction", 10, bold=True), *filler_lines(54, 204, 5, words=8),
            Piece(54, 265, "References", 10, bold=True), *pieces]
    assert _raws(make_pdf, page) == AUTHOR_YEAR + WRAPPED


def test_labelled_indented_and_gapped_lists_split_as_before(make_pdf):
    """The other splitters still decide their lists. At this width He et al.'s last line fills the
    column, which the line-end rule alone would read as a wrapped line (one entry too few); a label,
    a hanging indent or a gap between entries each still splits all five."""
    heading = [*_front(), Piece(72, 320, "References", 11, bold=True)]
    labelled_entries = [f"[{i + 1}] {e}" for i, e in enumerate(WRAPPED)]
    labelled, _ = justified(labelled_entries, 72, 340, 230)
    assert _raws(make_pdf, [*heading, *labelled]) == labelled_entries

    indented, _ = justified(WRAPPED, 72, 340, 230, indent=10)
    assert _raws(make_pdf, [*heading, *indented]) == WRAPPED

    gapped, _ = justified(WRAPPED, 72, 340, 230, gap=5)
    assert _raws(make_pdf, [*heading, *gapped]) == WRAPPED


def test_an_organisation_author_opens_an_entry(make_pdf):
    """An author-year list names organisations as authors ("World Health Organization (2021)."): such
    an entry opened no new entry and ran on into the one before it."""
    entries = [AUTHOR_YEAR[2],
               "World Health Organization (2021). Ethics and governance of artificial intelligence for health.",
               AUTHOR_YEAR[4],
               "European Commission (2020). White paper on artificial intelligence: a European approach.",
               AUTHOR_YEAR[5]]
    assert _raws(make_pdf, _one_column(entries, width=380)) == entries
