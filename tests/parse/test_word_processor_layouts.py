"""Layouts of papers written in Word or LibreOffice, rebuilt with PyMuPDF (bench/parse_wordproc.py found them).

A word processor fakes small capitals: each word's capital at the type's size and its other letters
as smaller capitals ("I. I" + "NTRODUCTION"), in the body's font. Reports set headings as bold
paragraphs at body size and sub-headings in bold italics. ACM's Word template sets the authors in a
table of three cells a row over a two-column body.
"""

from __future__ import annotations

from conftest import Piece, filler_lines

from paperpass.parse import parse_document


def _faked_small_caps(x: float, y: float, text: str, size: float = 10) -> list[Piece]:
    """Pieces of `text` as a word processor sets small capitals: capitals at `size`, the rest at 0.8 of it."""
    import pymupdf

    pieces = []
    for word in text.split(" "):
        head = len(word) if word.upper() == word else 1  # a roman number is typed in capitals
        for part, part_size in ((word[:head], size), (word[head:].upper(), 0.8 * size)):
            if not part:
                continue
            pieces.append(Piece(x, y, part, part_size))
            x += pymupdf.get_text_length(part, fontname="helv", fontsize=part_size)
        x += pymupdf.get_text_length(" ", fontname="helv", fontsize=size)
    return pieces


def _front(abstract_size: float) -> list[Piece]:
    """A one-column first page's title, author, and abstract with its label (the abstract in `abstract_size`)."""
    return [Piece(150, 70, "Ordered Phases of Sparse Kernels", 18, bold=True), Piece(260, 100, "Zoë Park", 12),
            Piece(72, 130, "Abstract", 12, bold=True),
            Piece(72, 145, "We study kernels. They work well on every benchmark we tried.", abstract_size)]


def test_small_capitals_faked_by_a_word_processor_are_section_headings(make_pdf):
    first = [Piece(150, 70, "Sparse Robust Policies for Kernel Retrieval", 20),
             Piece(260, 100, "Zoë Dubois", 11), Piece(250, 113, "Carnegie Mellon University", 9),
             Piece(49, 150, "Abstract—We study sparse retrieval in the setting of graph policy", 9, bold=True),
             Piece(49, 160, "models. It improves attention on 9 causal tasks.", 9, bold=True),
             *_faked_small_caps(130, 185, "I. Introduction"), *filler_lines(49, 200, 45, words=8, size=10, leading=12),
             *filler_lines(312, 150, 10, words=8, size=10, leading=12, start=3),
             *_faked_small_caps(380, 280, "II. Related Work"),
             *filler_lines(312, 295, 10, words=8, size=10, leading=12, start=3),
             *_faked_small_caps(390, 430, "III. Method"),
             *filler_lines(312, 445, 20, words=8, size=10, leading=12, start=5)]
    second = [*_faked_small_caps(120, 60, "IV. Experiments"), *filler_lines(49, 75, 50, words=8, size=10, leading=12),
              *_faked_small_caps(380, 60, "V. Conclusion"),
              *filler_lines(312, 75, 50, words=8, size=10, leading=12, start=2)]
    doc = parse_document(make_pdf(first, second))
    assert doc.top_level_headings() == ["Introduction", "Related Work", "Method", "Experiments", "Conclusion"]


def test_bold_italic_sub_headings_under_bold_headings_at_body_size(make_pdf):
    # A report: nothing numbered; headings are bold paragraphs in the body's size, sub-headings bold italics.
    pieces, y = [Piece(150, 70, "Ordered Phases of Sparse Kernels", 18, bold=True), Piece(260, 100, "Zoë Park", 12),
                 Piece(72, 130, "Abstract", 11, bold=True),
                 Piece(72, 145, "We study kernels. They work well on every benchmark we tried.", 11)], 175
    for heading, sub in (("Introduction", True), ("Method", True), ("Experiments", False), ("Conclusion", True)):
        pieces.append(Piece(72, y, heading, 11, bold=True))
        pieces += filler_lines(72, y + 15, 3, size=11, leading=13)
        y += 65
        if sub:
            pieces.append(Piece(72, y, "Sparse limits", 11, bold=True, italic=True))
            pieces += filler_lines(72, y + 15, 3, size=11, leading=13, start=2)
            y += 65
    doc = parse_document(make_pdf(pieces))
    assert doc.top_level_headings() == ["Introduction", "Method", "Experiments", "Conclusion"]
    assert [s.level for s in doc.sections if s.title == "Sparse limits"] == [2, 2, 2]


def test_authors_in_a_table_of_three_cells_a_row_over_a_two_column_body(make_pdf):
    # ACM's Word template: the middle cell spans the page's middle, the right cell sits on its row.
    names = ["Farid Li", "Grace MacDonald", "Élodie Haddad", "Alice Smith"]
    pieces = [Piece(96, 80, "Towards Kernel Robust with Quantization Causal", 18, bold=True)]
    for k, person in enumerate(names):
        x, y = (110, 270, 440)[k % 3], 110 + 60 * (k // 3)
        pieces += [Piece(x, y, person, 11), Piece(x - 10, y + 13, "University of Tokyo", 9),
                   Piece(x, y + 25, f"{person.split()[-1].lower()}@example.org", 9)]
    pieces += [Piece(54, 228, "ABSTRACT", 10, bold=True),
               Piece(54, 244, "We study sparse retrieval in the setting of graph policy models. Our method improves", 9),
               Piece(54, 256, "contrastive learning on 2 sparse benchmarks, while the cost of the learning stays linear.", 9),
               Piece(54, 280, "1 INTRODUCTION", 10, bold=True), *filler_lines(54, 295, 35, words=8, size=9),
               *filler_lines(318, 280, 25, words=8, size=9, start=3), Piece(318, 565, "2 METHOD", 10, bold=True),
               *filler_lines(318, 580, 10, words=8, size=9, start=5)]
    doc = parse_document(make_pdf(pieces))
    assert doc.authors == names
    assert doc.abstract.startswith("We study sparse retrieval")


def test_list_labels_a_point_larger_than_their_entries_start_entries(make_pdf):
    # Word's numbered list: the label "6." takes the paragraph mark's 12 pt, the entry's text 11 pt; on
    # one baseline the label's box ends lower, so the entry's text comes first in top-to-bottom order.
    pieces = [*_front(11),
              Piece(72, 175, "1. Introduction", 14, bold=True), *filler_lines(72, 195, 20, size=11, leading=14),
              Piece(72, 500, "References", 14, bold=True)]
    labels = []
    for n in range(1, 9):
        y = 500 + 30 * n
        pieces += [Piece(90, y, f"Valentina de Souza, Dmitri Rossi: Towards Policy Kernel number {n}. In:", 11),
                   Piece(90, y + 14, f"Proceedings of ACL, pp. {n}0-{n}9 (2017)", 11)]
        labels.append(Piece(72, y, f"{n}.", 12))
    doc = parse_document(make_pdf(pieces + labels))  # the labels drawn last, as their own lines
    assert len(doc.references) == 8
    assert doc.references[5].raw.startswith("6. Valentina de Souza")


def test_a_title_wrapped_after_the_hyphen_of_a_compound_keeps_it(make_pdf):
    # Word does not hyphenate: a title breaks after a real hyphen, before a capital.
    pieces = [Piece(72, 70, "Transformer Attention: Transformer Federated and", 24),
              Piece(72, 100, "Policy Representation for Federated-", 24),
              Piece(72, 130, "Policy Attention Representation Settings", 24), Piece(260, 170, "Zoë Park", 12),
              Piece(72, 200, "Abstract", 12, bold=True),
              Piece(72, 215, "We study kernels. They work well on every benchmark we tried.", 11),
              Piece(72, 245, "1. Introduction", 14, bold=True), *filler_lines(72, 265, 30, size=11, leading=14)]
    doc = parse_document(make_pdf(pieces))
    assert doc.title == ("Transformer Attention: Transformer Federated and Policy Representation for "
                         "Federated-Policy Attention Representation Settings")


def test_a_bold_header_cell_of_a_table_is_not_a_section(make_pdf):
    # "Method | Accuracy | F1": bold cells in the body's size, "Method" a name sections often have.
    pieces = _front(10)
    y = 180
    for number, name in enumerate(("Introduction", "Experiments", "Conclusion"), start=1):
        pieces += [Piece(72, y, f"{number} {name}", 12, bold=True), *filler_lines(72, y + 16, 6, size=10, leading=12)]
        y += 100
        if name == "Experiments":
            pieces.append(Piece(180, y - 20, "Table 1. Results of the models on the benchmarks.", 9))
            for k, cell in enumerate(("Method", "Accuracy", "F1", "Time (s)")):
                pieces.append(Piece(72 + 110 * k, y - 5, cell, 10, bold=True))
            for k, cell in enumerate(("Sparse kernel", "71.2", "0.63", "120")):
                pieces.append(Piece(72 + 110 * k, y + 8, cell, 10))
            y += 40
    doc = parse_document(make_pdf(pieces))
    assert doc.top_level_headings() == ["Introduction", "Experiments", "Conclusion"]


def _centred(y: float, text: str, size: float, bold: bool = False) -> Piece:
    import pymupdf

    width = pymupdf.get_text_length(text, fontname="hebo" if bold else "helv", fontsize=size)
    return Piece(306 - width / 2, y, text, size, bold=bold)


def test_a_double_spaced_title_keeps_all_its_lines(make_pdf):
    # A journal submission in Word: every paragraph double-spaced, the title's lines too.
    pieces = [_centred(80, "Beyond Diffusion Learning: A Learning Retrieval", 16, bold=True),
              _centred(123, "Perspective on Sparse Quantization under Diffusion", 16, bold=True),
              _centred(166, "Learning Shift", 16, bold=True), _centred(215, "Zoë Park and Ana Costa", 12),
              _centred(255, "Abstract", 12, bold=True),
              Piece(72, 283, "We study kernels. They work well on every benchmark we tried.", 11),
              Piece(72, 325, "1. Introduction", 14, bold=True), *filler_lines(72, 355, 17, size=11, leading=25)]
    doc = parse_document(make_pdf(pieces))
    assert doc.title == ("Beyond Diffusion Learning: A Learning Retrieval Perspective on Sparse Quantization under "
                         "Diffusion Learning Shift")


def test_list_labels_glued_to_their_entries_start_entries(make_pdf):
    # 12 pt Arial in a Word list: "10." fills the label's indent, so the entry follows with no space.
    pieces = [*_front(11),
              Piece(72, 175, "1. Introduction", 14, bold=True), *filler_lines(72, 195, 12, size=11, leading=14),
              Piece(72, 380, "References", 14, bold=True)]
    for n in range(1, 13):
        y = 380 + 30 * n
        gap = "" if n >= 10 else " "
        pieces += [Piece(72, y, f"{n}.{gap}Björn Rossi, Ana Park: Towards policy kernels, part {n}. In:", 11),
                   Piece(90, y + 14, f"Proceedings of ACL, pp. {n}0-{n}9 (2017)", 11)]
    doc = parse_document(make_pdf(pieces))
    assert len(doc.references) == 12
    assert doc.references[10].raw.startswith("11.Björn Rossi") and doc.references[10].year == 2017


def test_header_cells_beside_a_short_cell_are_not_headings(make_pdf):
    """'Time (s)' beside 'F1' is a table's header cell as much as 'Method' beside 'Accuracy'."""
    pieces = [*_front(10),
              Piece(72, 180, "1 Introduction", 12, bold=True), *filler_lines(72, 196, 6, size=10, leading=12),
              Piece(180, 280, "Table 1. Results of the models on the benchmarks.", 9)]
    for k, cell in enumerate(("F1", "Time (s)")):
        pieces.append(Piece(72 + 150 * k, 300, cell, 10, bold=True))
    for k, cell in enumerate(("0.63", "120")):
        pieces.append(Piece(72 + 150 * k, 313, cell, 10))
    pieces += [Piece(72, 340, "2 Conclusion", 12, bold=True), *filler_lines(72, 356, 6, size=10, leading=12)]
    doc = parse_document(make_pdf(pieces))
    assert [(s.title, s.level) for s in doc.sections if s.kind == "body"] == [("Introduction", 1), ("Conclusion", 1)]
