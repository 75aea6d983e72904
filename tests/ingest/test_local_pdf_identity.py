"""A local PDF is an arXiv paper only by arXiv's own margin stamp ("arXiv:ID vN [cat] date"), never by an
arXiv id the paper cites: a short paper whose first page holds its references, or an introduction that
cites "arXiv:1706.03762", must not become that other paper."""

from __future__ import annotations

import json

import pymupdf
import pytest
from click.testing import CliRunner

from paperpass.cli import cli


def _pdf(path, *, stamp: str | None, cited: str):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Sparse Message Passing for Protein Graphs", fontsize=16, fontname="hebo")
    page.insert_text((72, 104), "Anna Kowalska, Chloe Dubois", fontsize=11)
    page.insert_text((72, 140), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 148, 540, 240), "We prune edges of protein graphs. " * 8, fontsize=9)
    page.insert_text((72, 270), "1 Introduction", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 278, 540, 400), f"Transformers ({cited}) changed the field. " * 3,
                        fontsize=9)
    page.insert_text((72, 430), "References", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 440, 540, 520), f"[1] A. Vaswani et al. Attention is all you need. "
                        f"{cited}, 2017.\n[2] T. Kipf, M. Welling. Semi-supervised classification with graph "
                        "convolutional networks. In ICLR, 2017.", fontsize=8)
    if stamp:  # arXiv's stamp: rotated, in the left margin
        page.insert_text((30, 600), stamp, fontsize=10, rotate=90)
    doc.save(path)
    return path


@pytest.mark.parametrize("cited", ["arXiv:1706.03762", "arXiv:1706.03762v5", "arXiv: hep-th/9901001v1"])
def test_an_arxiv_id_the_paper_cites_is_not_its_own(isolated_home, tmp_path, cited):
    pdf = _pdf(tmp_path / "sparse.pdf", stamp=None, cited=cited)
    result = CliRunner().invoke(cli, ["add", str(pdf), "--json"])
    assert result.exit_code == 0, result.output
    paper = json.loads(result.stdout)
    assert paper["title"] == "Sparse Message Passing for Protein Graphs"
    assert paper["arxiv_id"] is None


def test_the_margin_stamp_still_gives_the_id(isolated_home, tmp_path):
    pdf = _pdf(tmp_path / "sparse.pdf", stamp="arXiv:2604.26922v2  [cs.LG]  30 Apr 2026", cited="arXiv:1706.03762")
    paper = json.loads(CliRunner().invoke(cli, ["add", str(pdf), "--json"]).stdout)
    assert (paper["arxiv_id"], paper["arxiv_version"]) == ("2604.26922", 2)


@pytest.mark.parametrize("form", ["'{path}'", '"{path}"', "file://{url}", "  {path}  "])
def test_a_pasted_path_is_a_path(isolated_home, tmp_path, form):
    """What a terminal pastes when a file is dragged into it (quoted, or a file:// URL), in a folder
    with a space and a non-ASCII letter."""
    from urllib.parse import quote

    folder = tmp_path / "my papers ü"
    folder.mkdir()
    pdf = _pdf(folder / "sparse graphs.pdf", stamp=None, cited="arXiv:1706.03762")
    target = form.format(path=pdf, url=quote(str(pdf)))
    result = CliRunner().invoke(cli, ["add", target, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Sparse Message Passing for Protein Graphs"


def test_a_pdf_cut_off_is_added_with_a_warning_that_says_so(tmp_path, isolated_home):
    """A PDF cut off in a transfer (no %%EOF at its end): MuPDF reads what is left without a word and the
    later pages come out blank. `add` keeps it (the user may have no other copy) and says it is cut off; the
    whole file says nothing of the kind."""
    whole = tmp_path / "whole.pdf"
    _pdf(whole, stamp=None, cited="arXiv:1706.03762")
    data = whole.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: data.rindex(b"xref")])  # cut before its cross-reference table and trailer
    result = CliRunner().invoke(cli, ["add", str(cut)])
    assert result.exit_code == 0, result.output
    assert "cut.pdf: the PDF is cut off (no %%EOF at its end)" in result.stderr
    assert "Sparse Message Passing for Protein Graphs" in result.stdout
    again = CliRunner().invoke(cli, ["add", str(whole)])
    assert again.exit_code == 0 and "cut off" not in again.stderr


def test_an_empty_file_is_said_to_be_empty(tmp_path, isolated_home):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["add", str(empty)])
    assert result.exit_code == 2 and "the file is empty (0 bytes), not a PDF" in result.stderr
