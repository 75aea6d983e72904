"""`paperpass figures PAPER_ID [--json] [--out DIR]`, as a user runs it, on a PDF built in the test and a real one."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from tests.parse.test_figures import build_paper


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args])

    return invoke


def added(run, pdf: Path) -> int:
    result = run("add", pdf, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["id"]


def test_figures_json_lists_number_caption_page_image_and_size(run, tmp_path, isolated_home):
    build_paper(tmp_path / "paper.pdf")
    paper_id = added(run, tmp_path / "paper.pdf")
    result = run("figures", paper_id, "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert [(f["kind"], f["number"], f["page"]) for f in figures] == [("figure", "1", 1), ("figure", "2", 1),
                                                                     ("table", "1", 1)]
    first = figures[0]
    assert first["caption"] == "A raster image of a colour gradient."
    assert Path(first["image"]).is_file() and Path(first["image"]).is_relative_to(isolated_home / "figures")
    png = pymupdf.Pixmap(first["image"])
    assert (first["width"], first["height"]) == (png.width, png.height)
    assert first["bytes"] == Path(first["image"]).stat().st_size and len(first["bbox"]) == 4
    # asked again: read from the data directory, the same answer
    assert json.loads(run("figures", paper_id, "--json").output) == figures


def test_figures_out_writes_the_pngs_there(run, tmp_path):
    build_paper(tmp_path / "paper.pdf")
    paper_id = added(run, tmp_path / "paper.pdf")
    out = tmp_path / "exported"
    result = run("figures", paper_id, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["figure-1.png", "figure-2.png", "table-1.png"]
    assert "Figure 1    p.1" in result.output and str(out / "figure-1.png") in result.output
    assert "A raster image of a colour gradient." in result.output
    assert "3 of 3 captions with an image" in result.output


def test_a_paper_without_figures_and_bad_input_are_one_line(run, tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(40):
        page.insert_text((72, 72 + 14 * i), "Plain running text of a paper without a single figure in it.")
    doc.save(tmp_path / "plain.pdf")
    paper_id = added(run, tmp_path / "plain.pdf")
    assert "no figure or table captions found" in run("figures", paper_id).output
    assert json.loads(run("figures", paper_id, "--json").output) == []

    for args, words in [(["figures", "999"], "no paper with id 999"),
                        (["figures", "1"], "has no PDF yet")]:  # a seeded classic without its PDF
        result = run(*args)
        assert result.exit_code != 0 and result.output.strip().count("\n") == 0, result.output
        assert words in result.output

    (tmp_path / "a-file").write_text("not a directory")
    result = run("figures", paper_id, "--out", tmp_path / "a-file")  # click's own check of the option
    assert result.exit_code == 2 and "is a file" in result.output
    assert (tmp_path / "a-file").read_text() == "not a directory"


def test_a_pdf_gone_since_it_was_added_is_one_line(run, tmp_path):
    build_paper(tmp_path / "paper.pdf")
    paper_id = added(run, tmp_path / "paper.pdf")
    stored = json.loads(run("show", paper_id, "--json").output)["pdf_path"]
    Path(stored).unlink()
    result = run("figures", paper_id)
    assert result.exit_code != 0 and "missing" in result.output and result.output.strip().count("\n") == 0


def test_figures_of_a_real_paper(run, real):
    pdf = real / "pdfs" / "hz_1406.2661v1.pdf"
    if not pdf.is_file():
        pytest.skip("the GAN paper is not in the real fixtures")
    paper_id = added(run, pdf)
    figures = json.loads(run("figures", paper_id, "--json").output)
    assert [(f["kind"], f["number"], f["page"]) for f in figures] == [
        ("figure", "1", 3), ("table", "1", 6), ("figure", "2", 6), ("figure", "3", 7), ("table", "2", 7)]
    assert all(f["image"] and f["width"] > 100 for f in figures)
    assert sum(f["bytes"] for f in figures) < 5 * 1024 * 1024
