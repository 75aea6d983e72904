"""Fetching a paper's PDF (loopback server; cancellable) and opening it in a viewer (fake viewers on PATH)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from library_helpers import write_pdf

from paperpass.config import Settings, save_settings
from paperpass.errors import Cancelled, InvalidInput, PaperpassError
from paperpass.library.viewer import default_viewers
from paperpass.models import Paper
from paperpass.store.papers import set_pdf, upsert_paper


@pytest.fixture(autouse=True)
def no_delay(isolated_home):
    isolated_home.mkdir(parents=True, exist_ok=True)
    save_settings(Settings(arxiv_delay_seconds=0.0), isolated_home / "config.toml")


@pytest.fixture
def pdf_bytes(tmp_path) -> bytes:
    # Padded past several 64 KiB chunks, so a download can be stopped halfway.
    data = write_pdf(tmp_path / "served.pdf", "Padding for the download test.", pages=3).read_bytes()
    return data + b"\n%" + b"x" * 300_000 + b"\n%%EOF\n"


def _stored(library, **fields) -> int:
    return upsert_paper(library.conn, Paper(title="Generative Adversarial Nets", **fields)).paper.stored_id


def test_fetch_downloads_the_pdf_and_reports_progress(library, httpserver, monkeypatch, pdf_bytes, isolated_home):
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_data(pdf_bytes, content_type="application/pdf")
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    pid = _stored(library, arxiv_id="1406.2661", arxiv_version=1)
    events = []
    paper = library.fetch_pdf(pid, progress=lambda what, done, total: events.append((what, done, total)))
    assert Path(paper.pdf_path).read_bytes() == pdf_bytes
    assert Path(paper.pdf_path).parent == (isolated_home / "pdfs").resolve()
    assert events[-1] == ("PDF 1406.2661v1", len(pdf_bytes), len(pdf_bytes))
    # fetched already and whole: kept as it is, no second request
    assert library.fetch_pdf(pid).pdf_path == paper.pdf_path
    assert len(httpserver.log) == 1


def test_a_cancelled_fetch_leaves_no_partial_file(library, httpserver, monkeypatch, pdf_bytes, isolated_home):
    httpserver.expect_request("/files/gan.pdf").respond_with_data(pdf_bytes, content_type="application/pdf")
    pid = _stored(library, pdf_url=httpserver.url_for("/files/gan.pdf"))
    cancel = threading.Event()

    def progress(what, done, total):
        cancel.set()  # the user presses cancel once the first bytes are in

    with pytest.raises(Cancelled, match="cancelled"):
        library.fetch_pdf(pid, progress=progress, cancel=cancel)
    pdfs = isolated_home / "pdfs"
    assert [p for p in pdfs.rglob("*") if p.is_file()] == []
    assert library.paper(pid).pdf_path is None


def test_a_paper_without_a_pdf_link_is_one_line(library):
    pid = _stored(library)
    with pytest.raises(InvalidInput, match=f"paper {pid} has no PDF link"):
        library.fetch_pdf(pid)


# -- opening ------------------------------------------------------------------------------------

def _fake_viewer(folder: Path, name: str, log: Path, *, code: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "$0 $@" >> {log}\nexit {code}\n', encoding="utf-8")
    script.chmod(0o755)


def _logged(log: Path) -> list[str]:
    for _ in range(200):  # the viewer runs detached; its line appears once it has run
        if log.exists() and log.read_text().strip():
            break
        time.sleep(0.05)
    return log.read_text().split()


@pytest.fixture
def with_pdf(library, isolated_home) -> tuple[int, Path]:
    pdf = write_pdf(isolated_home / "pdfs" / "my paper.pdf")
    pid = _stored(library)
    set_pdf(library.conn, pid, str(pdf), "0" * 64)
    return pid, pdf


def test_the_first_page_viewer_on_path_opens_at_the_page(library, with_pdf, tmp_path, monkeypatch):
    pid, pdf = with_pdf
    log = tmp_path / "log"
    _fake_viewer(tmp_path / "bin", "okular", log)
    _fake_viewer(tmp_path / "bin", "xdg-open", tmp_path / "xdg.log")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr("sys.platform", "linux")
    ran = library.open_pdf(pid, page=7)
    assert ran.startswith("okular --page 7 ")
    assert _logged(log)[1:] == ["--page", "7", *str(pdf).split()]
    assert not (tmp_path / "xdg.log").exists()


def test_the_pdf_viewer_setting_wins(library, with_pdf, tmp_path, monkeypatch, isolated_home):
    pid, pdf = with_pdf
    log = tmp_path / "log"
    _fake_viewer(tmp_path / "bin", "myviewer", log)
    _fake_viewer(tmp_path / "bin", "zathura", tmp_path / "zathura.log")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    library.save_settings(Settings(pdf_viewer="myviewer -p {page} -- {path}"))
    assert library.open_pdf(pid) == f"myviewer -p 1 -- '{pdf}'"  # no page: the first
    assert _logged(log)[1:4] == ["-p", "1", "--"]
    assert not (tmp_path / "zathura.log").exists()


def test_no_viewer_gives_one_line_with_the_path_and_page(library, with_pdf, tmp_path, monkeypatch):
    pid, pdf = with_pdf
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PaperpassError) as raised:
        library.open_pdf(pid, page=4)
    message = str(raised.value)
    assert f"open {pdf} at page 4 yourself" in message and "pdf_viewer" in message and "\n" not in message


def test_a_viewer_that_fails_at_once_passes_to_the_next(library, with_pdf, tmp_path, monkeypatch):
    pid, _ = with_pdf
    _fake_viewer(tmp_path / "bin", "zathura", tmp_path / "z.log", code=1)
    _fake_viewer(tmp_path / "bin", "xdg-open", tmp_path / "x.log")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr("paperpass.library.viewer.QUICK_FAILURE_SECONDS", 30)  # wait for each to exit
    monkeypatch.setattr("sys.platform", "linux")
    assert library.open_pdf(pid, page=2).startswith("xdg-open ")


def test_a_missing_pdf_or_none_is_one_line(library, with_pdf):
    pid, pdf = with_pdf
    pdf.unlink()
    with pytest.raises(PaperpassError, match=f"the PDF file {pdf} is missing \\(page 3\\)"):
        library.open_pdf(pid, page=3)
    bare = upsert_paper(library.conn, Paper(title="No file")).paper.stored_id
    with pytest.raises(PaperpassError, match=f"paperpass fetch {bare}"):
        library.open_pdf(bare)


def test_default_viewers_per_platform():
    assert default_viewers("darwin") == ["open {path}"]
    linux = default_viewers("linux")
    assert [v.split()[0] for v in linux] == ["zathura", "evince", "okular", "sioyek", "mupdf", "xdg-open"]
    assert all("{page}" in v for v in linux[:-1])
