"""Managing the library from the command line, run as a user runs it: edit, tags, rm and undo-rm, fetch,
open, config, export --with-pdfs into a new machine's library; bad input is one line and changes nothing."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from library_helpers import table_dump, write_pdf

from paperpass.cli import cli
from paperpass.library import Library
from paperpass.library import doctor as doctor_module


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def _one_line_failure(result) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paperpass: "), result.output
    return lines[0]


def _dump(home: Path, skip: dict[str, set[str]] | None = None) -> dict:
    conn = sqlite3.connect(home / "paperpass.db")
    try:
        return table_dump(conn, skip=skip)
    finally:
        conn.close()


def _paper_with_pdf(home: Path, *, arxiv: str = "2401.00001") -> int:
    with Library.open(home) as library:
        library.prepare()
        from paperpass.files import file_sha256
        from paperpass.models import Paper
        from paperpass.store.papers import set_pdf, upsert_paper

        pid = upsert_paper(library.conn, Paper(title="A Paper Worth Keeping", arxiv_id=arxiv, arxiv_version=1,
                                               authors=["Ada Lovelace"])).paper.stored_id
        pdf = write_pdf(home / "pdfs" / f"{arxiv}v1.pdf", "Worth keeping.")
        set_pdf(library.conn, pid, str(pdf), file_sha256(pdf))
        library.add_note(pid, 1, "The note I wrote on it.")
        library.start_pass(pid, 1)
        return pid


# -- edit and tags ----------------------------------------------------------------------------------

def test_edit_corrects_the_metadata_and_tags(run, isolated_home):
    pid = _paper_with_pdf(isolated_home)
    result = run("edit", pid, "--title", "A Better Title", "--author", "Ada Lovelace", "--author", "Charles Babbage",
                 "--year", "1843", "--venue", "Taylor's Scientific Memoirs", "--tag", "history", "--tag", "engines")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["[13] A Better Title", "Ada Lovelace, Charles Babbage",
                                          "Taylor's Scientific Memoirs, 1843", "arXiv 2401.00001v1",
                                          "tags: engines, history"]
    shown = json.loads(run("show", pid, "--json").output)
    assert shown["title"] == "A Better Title" and shown["tags"] == ["engines", "history"] and shown["year"] == 1843
    edited = json.loads(run("edit", "2401.00001", "--untag", "engines", "--json").output)
    assert edited["tags"] == ["history"] and edited["authors"] == ["Ada Lovelace", "Charles Babbage"]
    assert run("tags").output.splitlines() == ["history  (1 paper)"]
    # a bad arXiv id is one line and nothing changes; "" clears it
    bad = run("edit", pid, "--arxiv-id", "abc")
    assert bad.exit_code != 0 and bad.output.strip().endswith("'abc' is not an arXiv id or arXiv URL")
    assert json.loads(run("show", pid, "--json").output)["arxiv_id"] == "2401.00001"
    cleared = json.loads(run("edit", pid, "--arxiv-id", "", "--json").output)
    assert cleared["arxiv_id"] is None and cleared["title"] == "A Better Title"
    assert json.loads(run("tags", "--json").output) == [{"tag": "history", "papers": 1}]
    assert run("tags", "History").output.split()[:2] == [f"[{pid}]", "pass1"]
    assert json.loads(run("tags", "history", "--json").output)[0]["id"] == pid


@pytest.mark.parametrize("args, words", [
    (["--title", " "], "title cannot be empty"),
    (["--year", "20245"], "year 20245 is out of range"),
    (["--tag", "a,b"], "comma"),
    (["--kind", "poster"], "unknown kind 'poster': give one of article, conference, chapter, thesis, masters, report, "
                           "preprint or unknown"),
    ([], "nothing to change"),
])
def test_a_bad_edit_is_one_line_and_changes_nothing(run, isolated_home, args, words):
    pid = _paper_with_pdf(isolated_home)
    before = _dump(isolated_home)
    line = _one_line_failure(run("edit", pid, *args))
    assert words in line
    assert _dump(isolated_home) == before


def test_edit_kind_picks_the_export_entry_type_and_stands_over_later_records(run, isolated_home):
    from paperpass.models import Paper
    from paperpass.store.papers import upsert_paper

    pid = _paper_with_pdf(isolated_home)
    assert json.loads(run("show", pid, "--json").output)["kind"] is None
    result = run("edit", pid, "--kind", "Article", "--venue", "Journal of Engines")
    assert result.exit_code == 0, result.output
    assert "journal article, Journal of Engines" in result.output.splitlines()
    bib = run("export", "--format", "bibtex").output
    (entry,) = [e for e in bib.split("\n\n") if "A Paper Worth Keeping" in e]
    assert entry.startswith("@article{") and "journal = {Journal of Engines}" in entry
    # a later record of the paper (its arXiv listing: a preprint; a proceedings record) leaves the correction
    with Library.open(isolated_home) as library:
        for kind in ("preprint", "conference"):
            upsert_paper(library.conn, Paper(title="A Paper Worth Keeping", arxiv_id="2401.00001", arxiv_version=2,
                                             kind=kind))
    shown = json.loads(run("show", pid, "--json").output)
    assert shown["kind"] == "article" and shown["arxiv_version"] == 2
    # unknown: the export goes by the venue again, as before kinds were kept
    assert json.loads(run("edit", pid, "--kind", "unknown", "--json").output)["kind"] is None
    bib = run("export", "--format", "bibtex").output
    (entry,) = [e for e in bib.split("\n\n") if "A Paper Worth Keeping" in e]
    assert entry.startswith("@inproceedings{") and "booktitle = {Journal of Engines}" in entry


@pytest.mark.parametrize(("typed", "kind"), [("journal", "article"), ("Journal article", "article"),
                                             ("inproceedings", "conference"), ("@phdthesis", "thesis"),
                                             ("tech-report", "report"), ("blog post", None),
                                             ("conference paper", "conference")])
def test_edit_kind_takes_the_words_a_reader_types(run, isolated_home, typed, kind):
    pid = _paper_with_pdf(isolated_home)
    result = run("edit", pid, "--kind", typed, "--json")
    if kind is None:
        _one_line_failure(result)
    else:
        assert json.loads(result.output)["kind"] == kind


@pytest.mark.parametrize("command", [["edit", "4242", "--title", "x"], ["rm", "4242", "--yes"], ["fetch", "4242"],
                                     ["open", "4242"], ["show", "4242"], ["tags", "nosuchtag"]])
def test_an_unknown_paper_is_one_line(run, isolated_home, command):
    _paper_with_pdf(isolated_home)
    before = _dump(isolated_home)
    _one_line_failure(run(*command))
    assert _dump(isolated_home) == before


# -- rm and undo-rm ----------------------------------------------------------------------------------

def test_rm_without_a_terminal_needs_yes(run, isolated_home):
    pid = _paper_with_pdf(isolated_home)
    before = _dump(isolated_home)
    line = _one_line_failure(run("rm", pid))
    assert "add --yes" in line and "1 note" in line and "2401.00001v1.pdf" in line
    assert _dump(isolated_home) == before


def test_rm_asks_on_a_terminal_and_no_keeps_everything(run, isolated_home, monkeypatch):
    monkeypatch.setattr("paperpass.cli._interactive", lambda: True)
    pid = _paper_with_pdf(isolated_home)
    before = _dump(isolated_home)
    result = run("rm", pid, input="n\n")
    assert result.exit_code == 0
    assert "With it go: 1 note; reading state pass1 (pass 1 begun)" in result.stderr
    assert "nothing deleted" in result.stderr
    assert _dump(isolated_home) == before
    result = run("rm", pid, input="y\n")
    assert result.exit_code == 0 and f"deleted [{pid}] A Paper Worth Keeping" in result.stdout


def test_rm_then_undo_rm_brings_everything_back(run, isolated_home):
    pid = _paper_with_pdf(isolated_home)
    pdf = isolated_home / "pdfs" / "2401.00001v1.pdf"
    data = pdf.read_bytes()
    before = _dump(isolated_home)
    result = run("rm", pid, "--yes")
    assert result.exit_code == 0
    assert "`paperpass undo-rm` brings it back" in result.stdout and "daily backups" in result.stdout
    assert not pdf.exists()
    _one_line_failure(run("rm", pid, "--yes"))  # twice: one line
    _one_line_failure(run("show", pid))
    result = run("undo-rm")
    assert result.exit_code == 0 and f"brought back [{pid}] A Paper Worth Keeping with 1 note" in result.stdout
    assert _dump(isolated_home) == before and pdf.read_bytes() == data
    assert "nothing to undo" in _one_line_failure(run("undo-rm"))


def test_rm_json(run, isolated_home):
    pid = _paper_with_pdf(isolated_home)
    gone = json.loads(run("rm", pid, "--yes", "--json").output)
    assert gone["paper_id"] == pid and gone["notes"] == 1 and gone["undo"] == "paperpass undo-rm"
    assert json.loads(run("undo-rm", "--json").output)["id"] == pid


# -- fetch and open -------------------------------------------------------------------------------

def test_fetch_downloads_from_the_server(run, isolated_home, httpserver, monkeypatch, tmp_path):
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text("arxiv_delay_seconds = 0.0\n", encoding="utf-8")
    data = write_pdf(tmp_path / "served.pdf", "Served over loopback.").read_bytes()
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_data(data, content_type="application/pdf")
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    with Library.open(isolated_home) as library:
        from paperpass.models import Paper
        from paperpass.store.papers import upsert_paper

        pid = upsert_paper(library.conn, Paper(title="GAN", arxiv_id="1406.2661", arxiv_version=1)).paper.id
        bare = upsert_paper(library.conn, Paper(title="Nothing to fetch")).paper.id
    fetched = json.loads(run("fetch", pid, "--json").output)
    assert Path(fetched["pdf_path"]).read_bytes() == data
    assert "no PDF link" in _one_line_failure(run("fetch", bare))


def test_open_runs_the_viewer_or_names_the_file_and_page(run, isolated_home, tmp_path, monkeypatch):
    pid = _paper_with_pdf(isolated_home)
    log = tmp_path / "log"
    viewer = tmp_path / "bin" / "zathura"
    viewer.parent.mkdir()
    viewer.write_text(f'#!/bin/sh\necho "$@" > {log}\n', encoding="utf-8")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", str(viewer.parent))
    monkeypatch.setattr("sys.platform", "linux")
    pdf = isolated_home / "pdfs" / "2401.00001v1.pdf"
    result = run("open", pid, "--page", "5")
    assert result.exit_code == 0 and result.stdout.startswith("opened with: zathura --page=5 ")
    for _ in range(200):
        if log.exists() and log.read_text():
            break
        time.sleep(0.05)
    assert log.read_text().split() == ["--page=5", str(pdf)]
    assert json.loads(run("open", pid, "--json").output)["command"] == f"zathura --page=1 {pdf}"
    monkeypatch.setenv("PATH", str(tmp_path / "none"))
    line = _one_line_failure(run("open", pid, "--page", "5"))
    assert f"open {pdf} at page 5 yourself" in line


# -- config ----------------------------------------------------------------------------------------

def test_config_shows_init_writes_and_bad_values_are_one_line(run, isolated_home):
    shown = json.loads(run("config", "--json").output)
    assert shown["days"] == {"value": 7, "source": "default"}
    assert shown["data_dir"] == {"value": str(isolated_home), "source": "PAPERPASS_HOME"}
    ingest = _one_line_failure(run("ingest"))
    assert "paperpass config init" in ingest
    result = run("config", "init")
    path = isolated_home / "config.toml"
    assert result.exit_code == 0 and f"wrote {path}" in result.output
    assert "# how many days back an ingest looks" in path.read_text(encoding="utf-8")
    assert "already exists" in _one_line_failure(run("config", "init"))
    path.write_text('days = 3\ncategories = ["cs.LG"]\n', encoding="utf-8")
    text = run("config").output
    assert f"days                 3  ({path})" in text and "max_results          500  (default)" in text
    assert run("config", "init", "--force").exit_code == 0 and "days = 7" in path.read_text(encoding="utf-8")
    path.write_text("days = 0\n", encoding="utf-8")
    line = _one_line_failure(run("config"))
    assert line == f"paperpass: settings file {path}: days: 0 is out of range (1-365)"
    assert "days: 0 is out of range" in _one_line_failure(run("ingest"))


# -- portable data -----------------------------------------------------------------------------------

def test_export_with_pdfs_into_a_fresh_home_keeps_every_table_and_pdf(run, isolated_home, tmp_path, monkeypatch):
    first = _paper_with_pdf(isolated_home)
    second = _paper_with_pdf(isolated_home, arxiv="2401.00002")
    run("edit", second, "--tag", "moved")
    run("mark", first, "keep")
    pdfs = {pid: (isolated_home / "pdfs" / f"{a}v1.pdf").read_bytes()
            for pid, a in ((first, "2401.00001"), (second, "2401.00002"))}
    out = tmp_path / "carry"
    result = run("export", "--format", "json", "--with-pdfs", "--out", out)
    assert result.exit_code == 0 and "2 PDFs" in result.output

    fresh = tmp_path / "new-machine"
    monkeypatch.setenv("PAPERPASS_HOME", str(fresh))
    result = run("import", out)
    assert result.exit_code == 0 and result.stdout.strip().startswith("imported 14 papers and 2 PDFs")
    after = _dump(fresh, skip={"papers": {"pdf_path"}})
    assert after == _dump(isolated_home, skip={"papers": {"pdf_path"}})  # every user table, every column
    with Library.open(fresh) as library:
        for pid, data in pdfs.items():
            path = Path(library.paper(pid).pdf_path or "")
            assert path.parent == fresh / "pdfs" and path.read_bytes() == data

    # a PDF lost on the way is reported by doctor, never called present
    monkeypatch.setattr(doctor_module, "_model_check", lambda: doctor_module.Check("embedding model", True, "skip"))
    assert "PDF files: 2 PDFs present" in run("doctor").output
    (fresh / "pdfs" / "2401.00002v1.pdf").unlink()
    result = run("doctor")
    assert result.exit_code == 1 and "BAD    PDF files: 1 of 2 PDFs are missing" in result.output


def test_a_plain_json_export_imported_elsewhere_does_not_claim_the_old_pdfs(run, isolated_home, tmp_path,
                                                                           monkeypatch):
    _paper_with_pdf(isolated_home)
    out = tmp_path / "lib.json"
    assert run("export", "--format", "json", "--out", out).exit_code == 0
    assert '"pdf_path": "pdfs/2401.00001v1.pdf"' in out.read_text(encoding="utf-8")
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "elsewhere"))
    assert run("import", out).exit_code == 0
    monkeypatch.setattr(doctor_module, "_model_check", lambda: doctor_module.Check("embedding model", True, "skip"))
    result = run("doctor")
    assert "1 of 1 PDFs are missing" in result.output and str(tmp_path / "elsewhere" / "pdfs") in result.output


def test_export_with_pdfs_needs_a_folder(run, isolated_home, tmp_path):
    _paper_with_pdf(isolated_home)
    assert "--format json --out DIR" in _one_line_failure(run("export", "--format", "bibtex", "--with-pdfs"))
    (tmp_path / "file").write_text("x")
    assert "is a file" in _one_line_failure(run("export", "--format", "json", "--with-pdfs", "--out",
                                                tmp_path / "file"))


# -- bad input to add --------------------------------------------------------------------------------

def test_add_of_a_folder_or_an_unreachable_doi_is_one_line(run, isolated_home, tmp_path, monkeypatch):
    run("classics")  # the library exists
    before = _dump(isolated_home)
    assert "is a folder" in _one_line_failure(run("add", tmp_path))
    monkeypatch.setenv("PAPERPASS_DOI_API", "http://127.0.0.1:9")
    monkeypatch.setattr("paperpass.ingest.http.sleep", lambda seconds: None)
    line = _one_line_failure(run("add", "10.1145/3292500.3330701"))
    assert "DOI 10.1145/3292500.3330701" in line and "cannot connect" in line
    assert _dump(isolated_home) == before


def test_add_by_doi_reads_the_resolver(run, isolated_home, httpserver, monkeypatch):
    record = {"type": "article-journal", "title": "Mastering the game of Go without human knowledge",
              "author": [{"given": "David", "family": "Silver"}], "container-title": "Nature",
              "issued": {"date-parts": [[2017, 10, 19]]}, "DOI": "10.1038/nature24270"}
    httpserver.expect_request("/10.1038/nature24270").respond_with_json(record)
    httpserver.expect_request("/10.1038/missing").respond_with_data("no", status=404)
    monkeypatch.setenv("PAPERPASS_DOI_API", httpserver.url_for("/"))
    added = json.loads(run("add", "https://doi.org/10.1038/nature24270", "--json").output)
    assert (added["title"], added["authors"], added["year"], added["venue"], added["doi"]) == (
        "Mastering the game of Go without human knowledge", ["David Silver"], 2017, "Nature", "10.1038/nature24270")
    assert "does not resolve" in _one_line_failure(run("add", "doi:10.1038/missing"))


def test_tags_reach_show_and_the_markdown_export(run, isolated_home, tmp_path):
    pid = _paper_with_pdf(isolated_home)
    run("edit", pid, "--tag", "to reread")
    assert 'tags: ["to-reread"]' in run("show", pid).output
    assert run("export", "--format", "markdown", "--out", tmp_path / "vault").exit_code == 0
    assert any('tags: ["to-reread"]' in p.read_text(encoding="utf-8") for p in (tmp_path / "vault").iterdir())
