"""A short paper (a workshop paper, an extended abstract) may cite only two works; its list is split
like a long one. The PDFs are written here with PyMuPDF."""

from __future__ import annotations

import pymupdf
import pytest

from paperpass.library import Library

BODY = "Graph neural networks propagate information along the edges of a graph. " * 12


def _paper(tmp_path, entries: list[str]):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Sparse Message Passing for Protein Graphs", fontsize=16, fontname="hebo")
    page.insert_text((72, 104), "Anna Kowalska, Chloe Dubois", fontsize=11)
    page.insert_text((72, 140), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 148, 540, 260), BODY, fontsize=9)
    page.insert_text((72, 290), "1 Introduction", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 298, 540, 420), BODY, fontsize=9)
    page.insert_text((72, 450), "References", fontsize=11, fontname="hebo")
    # One block, evenly spaced, each entry wrapping onto a second line: only the labels tell entries apart.
    assert page.insert_textbox(pymupdf.Rect(72, 462, 300, 560), "\n".join(entries), fontsize=8) >= 0
    path = tmp_path / "short.pdf"
    doc.save(path)
    return path


@pytest.mark.parametrize("labels", [("[1]", "[2]"), ("1.", "2.")])
def test_two_references_are_two_entries(tmp_path, labels):
    entries = [f"{labels[0]} A. Author and B. Author. Message passing on graphs of proteins. In NeurIPS, 2019.",
               f"{labels[1]} C. Author. Attention is all you need, arXiv:1706.03762, 2017."]
    refs = Library.parse_pdf(_paper(tmp_path, entries)).references
    assert len(refs) == 2, [r.raw for r in refs]
    assert refs[0].year == 2019 and refs[0].arxiv_id is None
    assert refs[1].arxiv_id == "1706.03762" and refs[1].year == 2017


def test_a_small_abstract_heading_is_still_top_level(tmp_path):
    """An extended abstract with one numbered section: its "Abstract" heading, set smaller than the
    section headings, is a top-level heading like "References", not a sub-section."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Learning to Route Packets with Graph Transformers", fontsize=16, fontname="hebo")
    page.insert_text((72, 104), "Mei Chen, Omar Haddad", fontsize=11)
    page.insert_text((280, 140), "ABSTRACT", fontsize=9, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(100, 148, 512, 240), "We route packets with transformers. " * 8, fontsize=9)
    page.insert_text((72, 270), "1 INTRODUCTION", fontsize=12, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 280, 540, 420), BODY, fontsize=10)
    path = tmp_path / "extended.pdf"
    doc.save(path)
    sections = Library.parse_pdf(path).sections
    assert [(s.title, s.level) for s in sections] == [("Abstract", 1), ("Introduction", 1)]
