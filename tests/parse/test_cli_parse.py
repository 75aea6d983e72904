"""`paperpass parse PDF [--json]`: the contract in DESIGN.md, and one clear line for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperpass.cli import cli

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real"


def real_pdf(name: str) -> Path:
    path = REAL / "pdfs" / name
    if not path.exists():
        pytest.skip(f"real fixture {path} not found")
    return path


def test_parse_json_contract():
    result = CliRunner().invoke(cli, ["parse", str(real_pdf("hz_1312.5602v1.pdf")), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Playing Atari with Deep Reinforcement Learning"
    assert data["authors"][0] == "Volodymyr Mnih" and len(data["authors"]) == 7
    assert data["abstract"].startswith("We present the first deep learning model to successfully learn control")
    assert data["pages"] == 9
    top = [s["title"] for s in data["sections"] if s["level"] == 1 and s["kind"] == "body"]
    assert top == ["Introduction", "Background", "Related Work", "Deep Reinforcement Learning", "Experiments",
                   "Conclusion"]
    assert all({"title", "level", "page"} <= set(s) for s in data["sections"])
    assert {c["kind"] for c in data["captions"]} == {"figure", "table"}
    assert all(set(c) == {"kind", "label", "text", "page"} for c in data["captions"])
    assert len(data["references"]) == 26
    assert all(set(r) == {"raw", "title", "year", "arxiv_id", "doi"} for r in data["references"])


def test_parse_outline_output():
    result = CliRunner().invoke(cli, ["parse", str(real_pdf("hz_1406.2661v1.pdf"))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Generative Adversarial Nets"
    assert "  1 Introduction  (p. 1)" in lines
    assert "    4.1 Global Optimality of pg = pdata  (p. 4)" in lines
    assert lines[-1].endswith("31 references")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"PK\x03\x04 this is a zip file", "not a PDF"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "corrupt|truncated|no extractable text"),
])
def test_bad_files_give_one_line_and_non_zero_exit(tmp_path, content, message):
    import re

    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["parse", str(path), "--json"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and re.search(message, err)


def test_image_only_pdf_is_named_as_such():
    path = REAL / "bad" / "image_only.pdf"
    if not path.exists():
        pytest.skip("real fixtures not found")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code != 0
    assert "image-only" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_file():
    result = CliRunner().invoke(cli, ["parse", "/nonexistent/paper.pdf"])
    assert result.exit_code != 0 and "no such file" in result.stderr
