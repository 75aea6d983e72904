"""Front-matter rules (title, authors) on strings and on PDFs the tests write themselves."""

from __future__ import annotations

import pytest
from conftest import Piece, after, filler_lines

from paperpass.parse import parse_document
from paperpass.parse.front import (
    clean_name,
    is_affiliation_line,
    is_kicker,
    is_name_word,
    names_in_line,
    strip_title_marks,
)

# -- pure rules -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Francesco Visin", "Emilio Parisotto", "Zeyuan Allen-Zhu", "Frances Ding",
                                  "Paris Smith", "Allen Newell", "Xavier Giró-i-Nieto", "Łukasz Kaiser",
                                  "Yann LeCun", "David McAllester", "Ian J. Goodfellow", "J.-P. Dupont"])
def test_names_that_contain_place_or_company_words_stay_names(name):
    assert clean_name(name) == name
    assert not is_affiliation_line(name)


@pytest.mark.parametrize("text", ["Google Research, Brain Team", "University of Chicago", "TTI Chicago",
                                  "Department of Computer Science", "larsson@cs.uchicago.edu",
                                  "¹Some Place Nice", "*Equal contribution", "Acme Labs Inc."])
def test_affiliations_addresses_and_notes_are_not_names(text):
    assert is_affiliation_line(text) or names_in_line(text) == []


def test_acronyms_and_camel_case_words_are_not_name_words():
    assert not is_name_word("UC") and not is_name_word("DeepMind") and not is_name_word("AIRLab")
    assert is_name_word("MacKay") and is_name_word("O’Neil") and is_name_word("Pouget-Abadie")


@pytest.mark.parametrize("line,names", [
    ("Kaiming He, Member, IEEE, Xiangyu Zhang, Student Member, IEEE", ["Kaiming He", "Xiangyu Zhang"]),
    ("Aäron van den Oord*, Sander Dieleman† and Heiga Zen1,2", ["Aäron van den Oord", "Sander Dieleman",
                                                                 "Heiga Zen"]),
    ("Ross Girshick Jeff Donahue Trevor Darrell Jitendra Malik", ["Ross Girshick", "Jeff Donahue",
                                                                    "Trevor Darrell", "Jitendra Malik"]),
    ("Quoc V. Le & Ludwig von Beethoven", ["Quoc V. Le", "Ludwig von Beethoven"]),
    ("ADA LOVELACE, CHARLES BABBAGE", ["Ada Lovelace", "Charles Babbage"]),
    ("March 24, 2016", []),
])
def test_names_in_an_author_line(line, names):
    assert names_in_line(line) == names


def test_title_marks_and_numbers():
    assert strip_title_marks("Llama 2") == "Llama 2"
    assert strip_title_marks("GPT-4") == "GPT-4"
    assert strip_title_marks("A Title*") == "A Title"
    assert strip_title_marks("A Title1", "A Title|") == "A Title"
    assert is_kicker("REVIEW") and is_kicker("RESEARCH ARTICLE")
    assert not is_kicker("FRACTALNET:") and not is_kicker("Review") and not is_kicker("DEEP NETS FOR SPEECH")


# -- PDFs made by the tests ---------------------------------------------------------

def _body(y0: float = 330) -> list[Piece]:
    return [Piece(72, y0, "1 Introduction", 12, bold=True), *filler_lines(72, y0 + 20, 25)]


def _abstract(y: float) -> list[Piece]:
    return [Piece(280, y, "Abstract", 11, bold=True),
            Piece(100, y + 18, "We study how parsers read the front matter of papers.", 9),
            Piece(100, y + 29, "It is hard to get right on new layouts.", 9)]


def test_footnote_marked_authors_with_affiliations_in_another_type(make_pdf):
    first = Piece(110, 150, "Ashish Vaswani", 10, bold=True)
    second = Piece(after(first, 40), 150, "Noam Shazeer", 10, bold=True)
    third = Piece(after(second, 40), 150, "Niki Parmar", 10, bold=True)
    pieces = [Piece(110, 100, "Attention Is All You Need", 17, bold=True), first, second, third,
              Piece(after(first, 1), 146, "*", 6), Piece(after(second, 1), 146, "1", 6),
              Piece(110, 162, "Google Brain", 9), Piece(second.x, 162, "Google Brain", 9),
              Piece(third.x, 162, "Some Place", 9),
              Piece(110, 174, "avaswani@google.com", 8), Piece(second.x, 174, "noam@google.com", 8)]
    path = make_pdf(pieces + _abstract(220) + _body())
    doc = parse_document(path)
    assert doc.title == "Attention Is All You Need"
    assert doc.authors == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]


def test_multi_line_author_block_with_a_name_broken_at_the_line_end(make_pdf):
    pieces = [Piece(72, 100, "Massively Parallel Methods for Everything", 15, bold=True),
              Piece(72, 140, "Arun Nair, Praveen Srinivasan, Sam Blackwell, Alessandro De Maria, Vedavyas", 9,
                    bold=True),
              Piece(72, 151, "Panneershelvam, Aäron van den Oord, Koray Kavukcuoglu, Zeyuan Allen-Zhu,", 9,
                    bold=True),
              Piece(72, 162, "Frances Ding, Francesco Visin, Emilio Parisotto", 9, bold=True),
              Piece(72, 176, "Some Company, London, UK", 8)]
    doc = parse_document(make_pdf(pieces + _abstract(220) + _body()))
    assert doc.authors == ["Arun Nair", "Praveen Srinivasan", "Sam Blackwell", "Alessandro De Maria",
                           "Vedavyas Panneershelvam", "Aäron van den Oord", "Koray Kavukcuoglu",
                           "Zeyuan Allen-Zhu", "Frances Ding", "Francesco Visin", "Emilio Parisotto"]


def test_ieee_society_grades_are_not_authors(make_pdf):
    pieces = [Piece(72, 100, "Spatial Pyramid Pooling in Deep Networks", 20),
              Piece(72, 140, "Kaiming He, Member, IEEE, Xiangyu Zhang, Shaoqing Ren, and Jian Sun, Member, IEEE", 10)]
    doc = parse_document(make_pdf(pieces + _abstract(220) + _body()))
    assert doc.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]


@pytest.mark.parametrize("title", ["GPT-4 Technical Report", "Llama 2", "A Workshop Paper on Journals",
                                   "Preprints and Drafts in Machine Learning"])
def test_titles_with_report_words_or_a_final_number(make_pdf, title):
    pieces = [Piece(72, 50, "Preprint. Under review at a journal.", 8),
              Piece(72, 100, title, 18, bold=True),
              Piece(72, 140, "Ada Lovelace, Alan Turing", 10)]
    doc = parse_document(make_pdf(pieces + _abstract(220) + _body()))
    assert doc.title == title
    assert doc.authors == ["Ada Lovelace", "Alan Turing"]


def test_superscript_footnote_digit_after_a_title_is_dropped(make_pdf):
    title = Piece(72, 100, "Learning Things Quickly", 18, bold=True)
    pieces = [title, Piece(after(title, 1), 92, "1", 9), Piece(72, 140, "Ada Lovelace", 10)]
    doc = parse_document(make_pdf(pieces + _abstract(220) + _body()))
    assert doc.title == "Learning Things Quickly"


def test_a_short_capitals_kicker_above_the_title_is_not_the_title(make_pdf):
    pieces = [Piece(72, 70, "REVIEW", 20, bold=True),
              Piece(72, 110, "Deep learning for everyone", 20, bold=True),
              Piece(72, 140, "Yann LeCun, Yoshua Bengio & Geoffrey Hinton", 10)]
    doc = parse_document(make_pdf(pieces + _abstract(220) + _body()))
    assert doc.title == "Deep learning for everyone"
    assert doc.authors == ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]


@pytest.mark.parametrize("heading", ["1 Introduction", "2. Background", "Contents", "I. INTRODUCTION",
                                     "1 INTRODUCTION"])
def test_a_first_page_whose_largest_type_is_a_section_heading_takes_the_metadata_title(tmp_path, heading):
    """A PDF whose title is not in its text (a cover page left off, the title an image): the first page's
    largest type is a section heading, which is no title; the PDF's metadata title is, when it has one."""
    import pymupdf

    def made(metadata_title: str):
        doc = pymupdf.open()
        page = doc.new_page(width=612, height=792)
        lines = [(t.text, t.size, t.bold) for t in filler_lines(72, 0, 3, size=10)] + [(heading, 12, True)] + \
            [(t.text, t.size, t.bold) for t in filler_lines(72, 0, 12, size=10, start=5)]
        for k, (text, size, bold) in enumerate(lines):
            page.insert_text((72, 80 + 16 * k), text, fontsize=size, fontname="hebo" if bold else "helv")
        doc.set_metadata({"title": metadata_title})
        path = tmp_path / f"{len(metadata_title)}.pdf"
        doc.save(path)
        return path

    assert parse_document(made("Gradient Noise in Small Networks")).title == "Gradient Noise in Small Networks"
    assert parse_document(made("")).title == ""  # no title rather than a heading's words


@pytest.mark.parametrize("line, names", [
    ("José Núñez, Zoë Šťastná, 王小明, Łukasz Żółw", ["José Núñez", "Zoë Šťastná", "王小明", "Łukasz Żółw"]),
    ("张伟，李娜、王芳", ["张伟", "李娜", "王芳"]),  # full-width and ideographic commas
    ("김민준1, 이서연2", ["김민준", "이서연"]),
    ("摘要", []),  # a short word alone on its line may be a heading ("Abstract")
    ("王小明, 清华大学计算机系", ["王小明"]),  # an institution's name runs longer than a person's
])
def test_names_in_a_wide_east_asian_script_are_names(line, names):
    assert names_in_line(line) == names


def test_a_cjk_name_among_latin_names_is_kept_in_the_author_list(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Convergence of Stochastic Gradients", fontsize=18, fontname="hebo")
    # a font with Latin and CJK letters for the whole author line, as a paper's template sets it
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("cjk").buffer)
    page.insert_text((72, 110), "José Núñez, 王小明, Łukasz Żółw", fontsize=11, fontname="F0")
    page.insert_text((72, 140), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 150, 540, 300), "We study the convergence of gradients. " * 12,
                        fontsize=10)
    path = tmp_path / "cjk.pdf"
    doc.save(path)
    assert parse_document(path).authors == ["José Núñez", "王小明", "Łukasz Żółw"]


@pytest.mark.parametrize("metadata_author, printed, authors", [
    # names in a footnote, not under the title: the metadata's names, each printed on the page
    ("Jane Doe; John Q. Roe", "Jane Doe and John Q. Roe are with the Department of Limnology.",
     ["Jane Doe", "John Q. Roe"]),
    ("Zoë Šťastná1, MARK ØSTBY2,*", "ZOE STASTNA1 and Mark Østby2 (corresponding) are at a lakeside station.",
     ["Zoë Šťastná", "Mark Østby"]),
    # what a word processor writes, and names the page does not print in full, give no authors
    ("Windows User", "Notes for the reader.", []),
    ("Jane Doe, John Roe", "Jane Doeson and John Roe wrote the first draft.", []),
    ("Jane Doe and John Roe", "Only Jane Doe is named here.", []),
])
def test_the_metadata_names_printed_on_a_page_without_an_author_block_are_its_authors(
        tmp_path, metadata_author, printed, authors):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Sparse Probes for Lake Ice Models", fontsize=18, fontname="hebo")
    page.insert_text((72, 120), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 130, 540, 300), "We study lake ice with sparse probes. " * 12, fontsize=10)
    page.insert_text((72, 320), "1 Introduction", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 330, 540, 700), "Ice forms on lakes in winter. " * 30, fontsize=10)
    page.insert_text((72, 750), printed, fontsize=7)
    doc.set_metadata({"author": metadata_author})
    path = tmp_path / "paper.pdf"
    doc.save(path)
    assert parse_document(path).authors == authors


def test_an_author_block_the_page_gives_is_kept_over_the_metadata(tmp_path):
    """Names read from the page win: the metadata is asked only when the page gives none."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Sparse Probes for Lake Ice Models", fontsize=18, fontname="hebo")
    page.insert_text((72, 105), "Ada Lovelace, Alan Turing", fontsize=11)
    page.insert_text((72, 140), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 150, 540, 300), "We study lake ice with sparse probes. " * 12, fontsize=10)
    page.insert_text((72, 750), "Jane Doe typed this file.", fontsize=7)
    doc.set_metadata({"author": "Jane Doe"})
    path = tmp_path / "paper.pdf"
    doc.save(path)
    assert parse_document(path).authors == ["Ada Lovelace", "Alan Turing"]
