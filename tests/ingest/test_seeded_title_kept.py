"""Adding a PDF for a paper already in the library keeps its title; the PDF's own title goes beside it."""

from __future__ import annotations

from pathlib import Path

from paperpass.ingest import add_paper
from paperpass.library.export import export_bibtex
from paperpass.store.lists import list_entries
from paperpass.store.papers import get_paper


def _pdf(path: Path, title: str, stamp: str) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((80, 90), title, fontsize=18, fontname="hebo")
    page.insert_text((200, 120), "Some Author, Another Author", fontsize=11, fontname="helv")
    page.insert_text((60, 160), "Abstract", fontsize=12, fontname="hebo")
    page.insert_text((60, 180), "We describe a method and its results in some detail here.", fontsize=9)
    page.insert_text((20, 700), stamp, fontsize=8, fontname="helv")
    doc.save(path)
    doc.close()
    return path


def test_adding_a_classics_pdf_keeps_the_seeded_title(conn, tmp_path):
    seeded = next(e for e in list_entries(conn) if e.arxiv_id == "1409.1556")
    pdf = _pdf(tmp_path / "vgg.pdf", "VERY DEEP NETS FOR IMAGES", "arXiv:1409.1556v6 [cs.CV]")
    added = add_paper(conn, str(pdf))
    assert added.id == seeded.id and added.pdf_path
    stored = get_paper(conn, seeded.id)
    assert stored.title == seeded.title and stored.authors == seeded.authors
    assert stored.pdf_title == "VERY DEEP NETS FOR IMAGES"
    assert "title = {" + seeded.title + "}" in export_bibtex(conn).replace("{{", "{").replace("}}", "}")


def test_a_new_pdf_takes_its_parsed_title(conn, tmp_path):
    pdf = _pdf(tmp_path / "new.pdf", "A Fresh Paper Nobody Has Seen", "")
    added = add_paper(conn, str(pdf))
    assert added.title == "A Fresh Paper Nobody Has Seen" == added.pdf_title


def test_real_resnet_pdf_keeps_the_seeded_classic_title(conn, real):
    path = real / "pdfs" / "zhangbububu_1512.03385.pdf"
    if not path.exists():
        import pytest

        pytest.skip("the ResNet fixture PDF is absent")
    added = add_paper(conn, str(path))
    assert added.title == "Deep Residual Learning for Image Recognition" and added.pdf_title
