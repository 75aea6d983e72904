"""The parser on real papers (../shared/fixtures/real/pdfs) and on PDFs made here with PyMuPDF."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from paperpass.errors import ParseError
from paperpass.ids import normalise_title
from paperpass.parse import PARSER_VERSION, contract_dict, document_from_dict, parse_document

REAL_PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real" / "pdfs"


@functools.cache
def parsed(name: str):
    path = REAL_PDFS / name
    if not path.exists():
        pytest.skip(f"real fixture {path} not found (../shared/fixtures/real beside the repo)")
    return parse_document(path)


@pytest.mark.parametrize("name, title", [
    ("hz_1406.2661v1.pdf", "Generative Adversarial Nets"),
    ("zhangbububu_1512.03385.pdf", "Deep Residual Learning for Image Recognition"),
    ("hz_1409.1556.pdf", "Very Deep Convolutional Networks for Large-Scale Image Recognition"),
    ("allenai_2020.acl-main.447.pdf", "S2ORC: The Semantic Scholar Open Research Corpus"),
    ("arxivpy_1111.2011v2.pdf",
     "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"),
    ("mlbookmarks_FractalNet_1605.07648v4.pdf", "FractalNet: Ultra-Deep Neural Networks without Residuals"),
])
def test_titles_of_real_papers(name, title):
    assert parsed(name).title.lower() == title.lower()


def test_gan_paper_structure():
    doc = parsed("hz_1406.2661v1.pdf")
    assert doc.pages == 9
    assert doc.authors[:3] == ["Ian J. Goodfellow", "Jean Pouget-Abadie", "Mehdi Mirza"]
    assert "Yoshua Bengio" in doc.authors and not any("Montr" in a for a in doc.authors)
    assert doc.abstract.startswith("We propose a new framework for estimating generative models via an adversarial "
                                   "process")  # "adversar-" + "ial" repaired
    assert doc.top_level_headings() == ["Introduction", "Related work", "Adversarial nets", "Theoretical Results",
                              "Experiments", "Advantages and disadvantages", "Conclusions and future work"]
    assert [s.number for s in doc.sections if s.level == 2] == ["4.1", "4.2"]
    assert doc.introduction().title == "Introduction"
    assert doc.conclusion().title == "Conclusions and future work"
    assert "Markov chains" in doc.introduction().text or "generative" in doc.introduction().text
    assert len(doc.references) == 31


def test_headings_follow_printed_numbers_when_the_outline_disagrees():
    # JMLR's outline nests "2. Motivation" under "1. Introduction"; the printed numbers win.
    doc = parsed("hz_Dropout_A_Simple_Way_to_Prevent_overfitting.pdf")
    assert doc.top_level_headings()[:4] == ["Introduction", "Motivation", "Related Work", "Model Description"]


def test_two_column_paper_reads_columns_in_order():
    doc = parsed("yolofromscratch_YOLO.pdf")
    assert doc.abstract.startswith("We present YOLO, a new approach to object detection.")
    assert [normalise_title(t) for t in doc.top_level_headings()][:2] == ["introduction", "unified detection"]
    intro = doc.introduction().text
    # the left column's last words run on into the right column's first, not into the other column's middle
    assert "Humans glance at an image" in intro[:200]


def test_revtex_paper_without_headings_for_abstract_or_references():
    doc = parsed("arxivpy_1111.2011v2.pdf")
    assert doc.abstract.startswith("Theoretical description of anisotropic systems")
    assert [normalise_title(t) for t in doc.top_level_headings()][:2] == ["introduction",
                                                              "self consistent action in the large z limit"]


@pytest.mark.parametrize("name, count", [
    ("hz_1406.2661v1.pdf", 31), ("zhangbububu_1512.03385.pdf", 50), ("zhangbububu_BERT.pdf", 56),
    ("hz_1511.05952v4.pdf", 37), ("s2orc_2020.acl-main.207.pdf", 57), ("zhangbububu_GPT2.pdf", 78),
])
def test_reference_counts_within_ten_percent(name, count):
    assert abs(len(parsed(name).references) - count) <= 0.1 * count


def test_arxiv_ids_and_years_in_references():
    doc = parsed("hz_1409.1556.pdf")  # VGG cites R-CNN and others as arXiv preprints
    ids = {r.arxiv_id for r in doc.references if r.arxiv_id}
    assert {"1311.2524", "1310.1531", "1412.0623"} <= ids
    assert all(r.year is None or 1950 <= r.year <= 2049 for r in doc.references)
    assert sum(1 for r in doc.references if r.year) >= 0.9 * len(doc.references)


def test_captions_have_kind_label_and_page():
    doc = parsed("zhangbububu_1512.03385.pdf")
    figures = [c for c in doc.captions if c.kind == "figure"]
    tables = [c for c in doc.captions if c.kind == "table"]
    assert len(figures) >= 6 and len(tables) >= 5
    first = figures[0]
    assert first.label == "1" and first.page == 1 and first.text.lower().startswith("training error")


def test_book_style_report_without_abstract():
    doc = parsed("hz_1603.07285v1.pdf")
    assert doc.title.lower() == "a guide to convolution arithmetic for deep learning"
    assert len(doc.references) == 18


def test_contract_json_and_round_trip():
    from dataclasses import asdict

    doc = parsed("hz_1312.5602v1.pdf")
    data = contract_dict(doc)
    assert set(data) == {"title", "authors", "abstract", "sections", "captions", "references", "pages"}
    assert {"title", "level", "page"} <= set(data["sections"][0])
    assert set(data["references"][0]) == {"raw", "title", "year", "arxiv_id", "doi"}
    assert document_from_dict(asdict(doc)) == doc
    assert PARSER_VERSION


def test_isolated_parse_gives_the_same_document():
    path = REAL_PDFS / "hz_1312.5602v1.pdf"
    if not path.exists():
        pytest.skip("real fixtures not found")
    assert parse_document(path, isolated=True) == parsed("hz_1312.5602v1.pdf")


# -- PDFs made here ---------------------------------------------------------------

def _make_pdf(path: Path, pages: list[list[tuple[tuple[float, float], str, float]]], **save) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for items in pages:
        page = doc.new_page(width=612, height=792)
        for (x, y), text, size in items:
            page.insert_text((x, y), text, fontsize=size, fontname="hebo" if size > 10 else "helv")
    doc.save(path, **save)
    doc.close()
    return path


LOREM = ("the method works well on many tasks and the results hold across settings that we tried in our "
         "experiments").split()


def _column(x: float, y0: float, words_per_line: int, count: int, start: int = 0) -> list:
    items = []
    for i in range(count):
        words = [LOREM[(start + i * words_per_line + k) % len(LOREM)] for k in range(words_per_line)]
        items.append(((x, y0 + i * 12), " ".join(words), 9))
    return items


def test_made_two_column_pdf_with_hyphenation(tmp_path):
    page = [((150, 80), "A Made Up Paper About Columns", 18),
            ((250, 110), "Ada Lovelace, Alan Turing", 11),
            ((60, 150), "Abstract", 12),
            ((60, 170), "We study columns and hyphen-", 9),
            ((60, 182), "ation in made up papers.", 9),
            ((60, 210), "1 Introduction", 12)]
    page += _column(60, 230, 5, 30)
    page += [((320, 150), "2 Method", 12)]
    page += _column(320, 170, 5, 30, start=3)
    path = _make_pdf(tmp_path / "two.pdf", [page])
    doc = parse_document(path)
    assert doc.title == "A Made Up Paper About Columns"
    assert doc.authors == ["Ada Lovelace", "Alan Turing"]
    assert doc.abstract == "We study columns and hyphenation in made up papers."
    assert [(s.number, s.title) for s in doc.sections if s.kind == "body"] == [("1", "Introduction"),
                                                                             ("2", "Method")]
    intro = doc.sections[[s.title for s in doc.sections].index("Introduction")].text
    assert "Method" not in intro  # the right column is not read into the left


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        parse_document(path)


def test_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("<html><body>not a paper</body></html>")
    with pytest.raises(ParseError, match="not a PDF"):
        parse_document(path)


def test_truncated_pdf(tmp_path):
    source = REAL_PDFS / "hz_1406.2661v1.pdf"
    if not source.exists():
        pytest.skip("real fixtures not found")
    data = source.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[:2000])
    with pytest.raises(ParseError, match=r"corrupt|truncated|no extractable text"):
        parse_document(path)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(ParseError, match=r"corrupt|truncated|no extractable text"):
        parse_document(path)


def test_encrypted_pdf(tmp_path):
    import pymupdf

    path = _make_pdf(tmp_path / "locked.pdf", [[((72, 72), "secret paper " * 5, 11)]],
                     encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    with pytest.raises(ParseError, match="encrypted"):
        parse_document(path)


def test_image_only_pdf(tmp_path):
    import pymupdf

    path = tmp_path / "scan.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 200), False)
    pix.clear_with(200)
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)
    with pytest.raises(ParseError, match="image-only"):
        parse_document(path)


def test_real_image_only_fixture():
    path = REAL_PDFS.parent / "bad" / "image_only.pdf"
    if not path.exists():
        pytest.skip("real fixtures not found")
    with pytest.raises(ParseError, match="image-only"):
        parse_document(path)


def test_time_bound_stops_a_slow_parse():
    path = REAL_PDFS / "hz_Dropout_A_Simple_Way_to_Prevent_overfitting.pdf"
    if not path.exists():
        pytest.skip("real fixtures not found")
    with pytest.raises(ParseError, match="too long"):
        parse_document(path, timeout=0)


def test_isolated_parse_works_when_stderr_is_captured_without_a_file():
    """Inside a Textual app stderr is a capture whose fileno() is -1; the child process must still start."""
    import subprocess
    import sys

    pdf = REAL_PDFS / "hz_1406.2661v1.pdf"
    if not pdf.exists():
        pytest.skip(f"real fixture {pdf} not found")
    script = (
        "import sys\n"
        "class Captured:\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): pass\n"
        "    def fileno(self): return -1\n"
        "sys.stderr = Captured()\n"
        "from paperpass.parse import parse_document\n"
        f"print(parse_document({str(pdf)!r}, isolated=True).pages)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "9"


def test_first_page_text_reads_page_one_only(make_pdf, tmp_path):
    from conftest import Piece

    from paperpass.parse import first_page_text

    path = make_pdf([Piece(72, 100, "arXiv:2101.00001v2 [cs.LG] 3 Jan 2021")], [Piece(72, 100, "Second page words")])
    text = first_page_text(path)
    assert "arXiv:2101.00001v2" in text and "Second page" not in text
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert first_page_text(broken) == ""
    assert first_page_text(tmp_path / "missing.pdf") == ""
