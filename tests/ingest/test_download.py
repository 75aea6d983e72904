"""PDF downloads against a loopback server serving the real PDFs (never copied into the repo)."""

from __future__ import annotations

import hashlib
import re
import socket
import threading
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from paperpass.errors import FetchError, InvalidInput
from paperpass.ingest import add_paper, download_paper_pdf, download_pdfs, ingest_arxiv
from paperpass.ingest.download import download_pdf, safe_filename
from paperpass.models import Paper
from paperpass.store.papers import get_paper, resolve_paper, upsert_paper

PDF = "hz_1406.2661v1.pdf"


def ranged(data: bytes, content_type: str = "application/pdf", log: list | None = None):
    """A handler that honours Range requests like arxiv.org does."""

    def handle(request):
        rng = request.headers.get("Range")
        if log is not None:
            log.append(rng)
        m = re.match(r"bytes=(\d+)-", rng or "")
        if m:
            start = int(m.group(1))
            return Response(data[start:], 206, content_type=content_type,
                            headers={"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"})
        return Response(data, 200, content_type=content_type)

    return handle


@pytest.fixture
def gan(pdfs) -> bytes:
    return (pdfs / PDF).read_bytes()


@pytest.fixture
def stored(conn):
    return upsert_paper(conn, Paper(title="Generative Adversarial Nets", arxiv_id="1406.2661", arxiv_version=1,
                                    pdf_url="https://arxiv.org/pdf/1406.2661v1")).paper


def test_download_stores_path_and_checksum(conn, httpserver, monkeypatch, gan, stored, isolated_home):
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_handler(ranged(gan))
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    events = []
    paper = download_paper_pdf(conn, stored, progress=lambda what, done, total: events.append((what, done, total)))
    path = Path(paper.pdf_path)
    assert path == (isolated_home / "pdfs" / "1406.2661v1.pdf").resolve()
    assert path.read_bytes() == gan and paper.pdf_sha256 == hashlib.sha256(gan).hexdigest()
    assert events[-1] == ("PDF 1406.2661v1", len(gan), len(gan))
    assert not list((isolated_home / "pdfs" / ".partial").iterdir())


def test_pdf_url_used_without_override(conn, httpserver, gan):
    httpserver.expect_request("/files/gan.pdf").respond_with_handler(ranged(gan))
    paper = upsert_paper(conn, Paper(title="Some PDF", pdf_url=httpserver.url_for("/files/gan.pdf"))).paper
    assert Path(download_paper_pdf(conn, paper).pdf_path).read_bytes() == gan


def test_html_where_a_pdf_should_be(conn, httpserver, monkeypatch, stored, isolated_home):
    page = b"<!DOCTYPE html><html><body>Please verify you are human</body></html>"
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_data(page, content_type="text/html")
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    with pytest.raises(FetchError, match="an HTML page, not a PDF"):
        download_paper_pdf(conn, stored)
    # the same page mislabelled as a PDF is caught by the magic check
    httpserver.clear()
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_data(page, content_type="application/pdf")
    with pytest.raises(FetchError, match="an HTML page, not a PDF"):
        download_paper_pdf(conn, stored)
    assert get_paper(conn, stored.id).pdf_path is None
    assert not (isolated_home / "pdfs" / "1406.2661v1.pdf").exists()


def test_truncated_pdf_is_refused(conn, httpserver, monkeypatch, gan, stored, isolated_home):
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_data(gan[: len(gan) // 2],
                                                                    content_type="application/pdf")
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    with pytest.raises(FetchError, match="truncated"):
        download_paper_pdf(conn, stored)
    assert not (isolated_home / "pdfs" / "1406.2661v1.pdf").exists()


def test_404(conn, httpserver, monkeypatch, stored):
    httpserver.expect_request("/pdf/1406.2661v1").respond_with_data("no", status=404)
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    with pytest.raises(FetchError, match="not found"):
        download_paper_pdf(conn, stored)


def test_429_with_retry_after_then_the_pdf(conn, httpserver, monkeypatch, gan, stored, waits):
    httpserver.expect_ordered_request("/pdf/1406.2661v1").respond_with_response(
        Response("slow", 429, headers={"Retry-After": "4"}))
    httpserver.expect_ordered_request("/pdf/1406.2661v1").respond_with_handler(ranged(gan))
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    assert download_paper_pdf(conn, stored).pdf_sha256 == hashlib.sha256(gan).hexdigest()
    assert waits == [4.0]


def test_size_cap(tmp_path, httpserver, gan):
    httpserver.expect_request("/big.pdf").respond_with_handler(ranged(gan))
    with pytest.raises(FetchError, match=r"over the 0 MB cap|MB cap"):
        download_pdf(httpserver.url_for("/big.pdf"), tmp_path / "big.pdf", max_bytes=100_000)
    assert not (tmp_path / "big.pdf").exists()


class ResettingServer:
    """Serves a PDF over raw sockets: the first GET is cut with a TCP reset halfway, later ones honour Range."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.ranges: list[str | None] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/paper.pdf"
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        import struct

        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            request = b""
            while b"\r\n\r\n" not in request:
                request += client.recv(4096)
            m = re.search(rb"Range: bytes=(\d+)-", request, re.IGNORECASE)
            self.ranges.append(m.group(1).decode() if m else None)
            start = int(m.group(1)) if m else 0
            body = self.data[start:]
            status = "206 Partial Content" if m else "200 OK"
            head = (f"HTTP/1.1 {status}\r\nContent-Type: application/pdf\r\nContent-Length: {len(body)}\r\n"
                    f"Content-Range: bytes {start}-{len(self.data) - 1}/{len(self.data)}\r\nConnection: close\r\n\r\n")
            if len(self.ranges) == 1:
                client.sendall(head.encode() + body[: len(body) // 2])
                # SO_LINGER 0: close() sends a RST, a real "connection reset by peer".
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                client.sendall(head.encode() + body)
            client.close()

    def close(self) -> None:
        self.sock.close()


def test_connection_reset_mid_download_resumes_with_range(tmp_path, gan):
    server = ResettingServer(gan)
    try:
        done = download_pdf(server.url, tmp_path / "paper.pdf", max_bytes=50 * 2**20)
    finally:
        server.close()
    assert done.resumed and server.ranges[0] is None and int(server.ranges[1]) > 0
    assert (tmp_path / "paper.pdf").read_bytes() == gan
    assert done.sha256 == hashlib.sha256(gan).hexdigest()


def test_a_partial_file_from_a_killed_run_is_resumed(tmp_path, httpserver, gan):
    partial = tmp_path / ".partial"
    partial.mkdir()
    (partial / "paper.pdf.part").write_bytes(gan[:300_000])
    log: list = []
    httpserver.expect_request("/paper.pdf").respond_with_handler(ranged(gan, log=log))
    done = download_pdf(httpserver.url_for("/paper.pdf"), tmp_path / "paper.pdf", max_bytes=50 * 2**20)
    assert log == ["bytes=300000-"] and done.resumed
    assert (tmp_path / "paper.pdf").read_bytes() == gan and done.sha256 == hashlib.sha256(gan).hexdigest()


def test_server_without_ranges_restarts_cleanly(tmp_path, httpserver, gan):
    partial = tmp_path / ".partial"
    partial.mkdir()
    (partial / "paper.pdf.part").write_bytes(b"garbage from an older attempt")
    httpserver.expect_request("/paper.pdf").respond_with_data(gan, content_type="application/pdf")
    done = download_pdf(httpserver.url_for("/paper.pdf"), tmp_path / "paper.pdf", max_bytes=50 * 2**20)
    assert (tmp_path / "paper.pdf").read_bytes() == gan and not done.resumed


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "/abs/path.pdf", ".hidden",
                                  "a\x00b\nc.pdf", "con", "x" * 500, "réseau neuronal.pdf", "...", ""])
def test_hostile_file_names_are_sanitised(name, tmp_path):
    safe = safe_filename(name)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.pdf", safe) and len(safe) <= 120
    assert (tmp_path / safe).resolve().parent == tmp_path.resolve()


def test_hostile_titles_and_ids_stay_inside_pdfs(conn, httpserver, gan, isolated_home):
    httpserver.expect_request("/x").respond_with_handler(ranged(gan))
    paper = upsert_paper(conn, Paper(title="../../../../tmp/owned\x00.pdf", pdf_url=httpserver.url_for("/x"))).paper
    path = Path(download_paper_pdf(conn, paper).pdf_path)
    assert path.parent == (isolated_home / "pdfs").resolve() and ".." not in path.name
    old_style = upsert_paper(conn, Paper(title="Old style", arxiv_id="hep-th/9901001", arxiv_version=2,
                                         pdf_url=httpserver.url_for("/x"))).paper
    assert Path(download_paper_pdf(conn, old_style).pdf_path).name == "hep-th_9901001v2.pdf"


def test_content_disposition_is_ignored(conn, httpserver, gan, isolated_home):
    httpserver.expect_request("/x").respond_with_data(
        gan, content_type="application/pdf", headers={"Content-Disposition": 'attachment; filename="../../evil.pdf"'})
    paper = upsert_paper(conn, Paper(title="Plain", pdf_url=httpserver.url_for("/x"))).paper
    path = Path(download_paper_pdf(conn, paper).pdf_path)
    assert path.parent == (isolated_home / "pdfs").resolve()
    assert not (isolated_home.parent / "evil.pdf").exists()


def test_non_http_pdf_links_are_never_followed(conn):
    for url in ("file:///etc/passwd", "javascript:alert(1)"):
        paper = upsert_paper(conn, Paper(title=f"Hostile {url}", pdf_url=url)).paper
        with pytest.raises(FetchError, match="non-http"):
            download_paper_pdf(conn, paper)


def test_ingest_with_pdfs_carries_on_past_failures(conn, api, httpserver, monkeypatch, gan, waits):
    """--pdf: bounded concurrency; one HTML page and one 404 are listed, the rest are stored."""
    ids = [q for q in ("2604.26951v1", "2604.26942v1", "2604.26932v1")]

    def handler(request):
        name = request.path.rsplit("/", 1)[1]
        if name == ids[1]:
            return Response("<html>captcha</html>", 200, content_type="text/html")
        if name == ids[2]:
            return Response("gone", 404)
        return Response(gan, 200, content_type="application/pdf")

    httpserver.expect_request(re.compile(r"^/pdf/.*")).respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    summary = ingest_arxiv(conn, categories=["cs.LG"], max_results=3, pdf=True)
    assert summary.added == 3 and summary.pdfs == 1
    failed = dict(summary.failed)
    assert failed["PDF 2604.26942v1"] == "the server sent an HTML page, not a PDF" and "not found" in failed["PDF 2604.26932v1"]
    assert resolve_paper(conn, "2604.26951").pdf_sha256 == hashlib.sha256(gan).hexdigest()
    # a re-run only fetches what is missing
    again = download_pdfs(conn, [resolve_paper(conn, i[:-2]) for i in ids])
    assert again.pdfs == 0 and len(again.failed) == 2


def test_add_local_pdf_copies_it_and_reads_its_metadata(conn, pdfs, isolated_home, tmp_path):
    hostile = tmp_path / "../my paper; rm -rf ~.pdf"
    hostile.write_bytes((pdfs / PDF).read_bytes())
    paper = add_paper(conn, str(hostile))
    assert paper.pdf_title == "Generative Adversarial Nets"  # the PDF's own title, parsed
    # the arXiv stamp matches the seeded classic (the library is seeded), whose title is kept
    assert paper.title == "Generative Adversarial Networks"
    assert paper.arxiv_id == "1406.2661"  # from the arXiv stamp on page 1
    path = Path(paper.pdf_path)
    assert path.parent == (isolated_home / "pdfs").resolve() and path.read_bytes() == hostile.read_bytes()
    assert add_paper(conn, str(hostile)).id == paper.id  # adding it twice is one paper


def test_add_local_non_pdf(conn, tmp_path):
    fake = tmp_path / "notes.pdf"
    fake.write_text("not a pdf")
    with pytest.raises(InvalidInput, match="not a PDF"):
        add_paper(conn, str(fake))


def test_a_range_that_was_not_asked_for_is_not_appended(tmp_path, httpserver, gan):
    partial = tmp_path / ".partial"
    partial.mkdir()
    (partial / "paper.pdf.part").write_bytes(gan[:1000])
    calls = []

    def handler(request):
        calls.append(request.headers.get("Range"))
        if request.headers.get("Range"):  # a broken server: answers 206 from the wrong offset
            return Response(gan[500:], 206, content_type="application/pdf",
                            headers={"Content-Range": f"bytes 500-{len(gan) - 1}/{len(gan)}"})
        return Response(gan, 200, content_type="application/pdf")

    httpserver.expect_request("/paper.pdf").respond_with_handler(handler)
    download_pdf(httpserver.url_for("/paper.pdf"), tmp_path / "paper.pdf", max_bytes=50 * 2**20)
    assert calls == ["bytes=1000-", None] and (tmp_path / "paper.pdf").read_bytes() == gan


def test_local_pdf_without_arxiv_stamp_joins_the_paper_with_its_title(conn, pdfs):
    """Dedupe falls back to the normalised title: the JMLR Dropout PDF attaches to the arXiv record."""
    arxiv = upsert_paper(conn, Paper(title="Dropout: a simple way to prevent neural networks from overfitting",
                                     arxiv_id="1207.0580", source="arxiv")).paper
    added = add_paper(conn, str(pdfs / "hz_Dropout_A_Simple_Way_to_Prevent_overfitting.pdf"))
    assert added.id == arxiv.id and added.pdf_path and added.arxiv_id == "1207.0580"
