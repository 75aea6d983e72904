"""kill -9 at random points, at least 20 times per operation: an ingest, a PDF download, an index save.

(Note saves are killed 20 times in test_notes_crash_and_concurrency.py.) After every kill: SQLite's
integrity check passes, the notes committed before are all there, the ingest kept whole batches only,
no PDF under its final name is partial, the FAISS file is the old or the new index. After the last
kill a re-run finishes the work.

Inputs are small and kill delays are random within the operation's measured duration, so the whole
file takes about a minute.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from library_builder import atom_feed, real_records
from werkzeug import Response

from paperpass.store.db import connect, integrity_check, open_library
from paperpass.store.reading import add_note

KILLS = 20
pytestmark = pytest.mark.slow


def _env(home: Path, **extra: str) -> dict:
    return {**os.environ, "PAPERPASS_HOME": str(home), "HF_HUB_OFFLINE": "1", **extra}


def _prepare_home(home: Path) -> list[tuple[int, str]]:
    """A library with committed notes, and settings without the arXiv politeness delay (loopback only)."""
    conn = open_library(home)
    notes = [(add_note(conn, 1 + i % 12, 1 + i % 3, f"committed note {i}").id, f"committed note {i}")
             for i in range(12)]
    conn.close()
    (home / "config.toml").write_text("arxiv_delay_seconds = 0.0\n", encoding="utf-8")
    return notes


def _assert_sound(home: Path, notes: list[tuple[int, str]]) -> sqlite3.Connection:
    conn = connect(home / "paperpass.db")
    assert integrity_check(conn) == []
    for note_id, text in notes:
        row = conn.execute("SELECT text FROM notes WHERE id = ?", (note_id,)).fetchone()
        assert row is not None and row[0] == text, f"committed note {note_id} lost"
    return conn


def _kill_at(command: list[str], env: dict, delay: float) -> int:
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return proc.returncode


def _timed(command: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    return time.monotonic() - start, done


# --------------------------------------------------------------------------- ingest


def _feed_rows(conn) -> int:
    return conn.execute("SELECT count(*) FROM papers WHERE source = 'feed'").fetchone()[0]


def _watch_store(command: list[str], env: dict, db: Path) -> tuple[float, float, float]:
    """Run once to the end, noting when the first and the last batch of papers were committed."""
    start = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first = last = None
    previous = 0
    while proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as c:
                count = _feed_rows(c)
        except sqlite3.Error:
            count = previous
        if count and first is None:
            first = time.monotonic() - start
        if count != previous:
            last = time.monotonic() - start
        previous = count
        time.sleep(0.005)
    assert proc.returncode == 0, proc.stderr.read().decode()
    full = time.monotonic() - start
    return full, first or full * 0.8, last or full


def test_kill_9_during_feed_ingest(isolated_home, httpserver, tmp_path):
    records = real_records(2500)
    httpserver.expect_request("/feed.xml").respond_with_data(atom_feed(records), content_type="application/atom+xml")
    url = httpserver.url_for("/feed.xml")
    command = [sys.executable, "-m", "paperpass.cli", "ingest", "feed", url, "--json"]

    reference = tmp_path / "reference"
    _prepare_home(reference)
    full, store_start, store_end = _watch_store(command, _env(reference), reference / "paperpass.db")
    expected = _feed_rows(connect(reference / "paperpass.db"))
    assert expected == len(records)

    notes = _prepare_home(isolated_home)
    rng = random.Random(9)
    seen_partial = set()
    for i in range(KILLS):
        # Half the kills anywhere in the run, half while batches are being stored.
        delay = rng.uniform(0.1, 1.0) * full if i % 2 else rng.uniform(store_start - 0.05, store_end + 0.05)
        code = _kill_at(command, _env(isolated_home), max(0.05, delay))
        conn = _assert_sound(isolated_home, notes)
        stored = _feed_rows(conn)
        conn.close()
        assert code in (-signal.SIGKILL, 0)
        assert stored in (0, expected) or stored % 100 == 0, f"{stored} papers: a batch was half-stored"
        seen_partial.add(stored)
    _, rerun = _timed(command, _env(isolated_home))
    assert rerun.returncode == 0, rerun.stderr
    conn = _assert_sound(isolated_home, notes)
    assert _feed_rows(conn) == expected
    print(f"ingest: {KILLS} kills survived; paper counts seen after kills: {sorted(seen_partial)}")


# --------------------------------------------------------------------------- PDF download

_DOWNLOAD = r"""
import sys
from paperpass.store.db import open_library
from paperpass.store.papers import get_paper
from paperpass.ingest import download_paper_pdf
conn = open_library()
paper = download_paper_pdf(conn, get_paper(conn, int(sys.argv[1])))
print(paper.pdf_path, paper.pdf_sha256)
"""


def _slow_pdf_handler(data: bytes, chunk: int = 16 * 1024, pause: float = 0.01):
    def handler(request):
        start = 0
        status = 200
        headers = {"Content-Type": "application/pdf", "Accept-Ranges": "bytes"}
        wanted = request.headers.get("Range", "")
        if wanted.startswith("bytes=") and wanted.endswith("-"):
            start = int(wanted[6:-1])
            if start >= len(data):
                return Response(status=416, headers={"Content-Range": f"bytes */{len(data)}"})
            status = 206
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        headers["Content-Length"] = str(len(data) - start)

        def body():
            for i in range(start, len(data), chunk):
                time.sleep(pause)
                yield data[i:i + chunk]

        return Response(body(), status=status, headers=headers, direct_passthrough=True)

    return handler


def test_kill_9_during_pdf_download(isolated_home, httpserver, real, tmp_path):
    from paperpass.models import Paper
    from paperpass.store.papers import upsert_paper

    pdf = min((real / "pdfs").glob("*.pdf"), key=lambda p: p.stat().st_size)
    data = pdf.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    httpserver.expect_request("/pdf/2501.00077v1").respond_with_handler(_slow_pdf_handler(data))
    env = _env(isolated_home, PAPERPASS_ARXIV_PDF=httpserver.url_for("/pdf"))
    notes = _prepare_home(isolated_home)
    conn = open_library(isolated_home)
    pid = upsert_paper(conn, Paper(title="A paper to download", arxiv_id="2501.00077", arxiv_version=1)).paper.id
    conn.close()
    command = [sys.executable, "-c", _DOWNLOAD, str(pid)]

    reference = tmp_path / "reference"
    ref_conn = open_library(reference)
    upsert_paper(ref_conn, Paper(title="A paper to download", arxiv_id="2501.00077", arxiv_version=1))
    ref_conn.close()
    full, done = _timed(command, _env(reference, PAPERPASS_ARXIV_PDF=httpserver.url_for("/pdf")))
    assert done.returncode == 0, done.stderr

    rng = random.Random(11)
    completed = 0
    for _ in range(KILLS):
        for final in (isolated_home / "pdfs").glob("*.pdf"):  # a previous run finished: start again
            final.unlink()
        with connect(isolated_home / "paperpass.db") as c:
            c.execute("UPDATE papers SET pdf_path = NULL, pdf_sha256 = NULL WHERE id = ?", (pid,))
        code = _kill_at(command, env, rng.uniform(0.1, 1.0) * full)
        completed += code == 0
        conn = _assert_sound(isolated_home, notes)
        row = conn.execute("SELECT pdf_path, pdf_sha256 FROM papers WHERE id = ?", (pid,)).fetchone()
        conn.close()
        for final in (isolated_home / "pdfs").glob("*.pdf"):
            assert hashlib.sha256(final.read_bytes()).hexdigest() == sha, f"partial PDF under a final name: {final}"
        if row["pdf_path"]:
            assert row["pdf_sha256"] == sha and Path(row["pdf_path"]).is_file()
    _, rerun = _timed(command, env)
    assert rerun.returncode == 0, rerun.stderr
    conn = _assert_sound(isolated_home, notes)
    row = conn.execute("SELECT pdf_path, pdf_sha256 FROM papers WHERE id = ?", (pid,)).fetchone()
    assert row["pdf_sha256"] == sha and hashlib.sha256(Path(row["pdf_path"]).read_bytes()).hexdigest() == sha
    print(f"PDF download: {KILLS} kills survived ({completed} runs finished before the kill)")


# --------------------------------------------------------------------------- FAISS index save

_INDEX_WRITER = r"""
import sys
import numpy as np
from pathlib import Path
from paperpass.index.vectors import VectorIndex
path = Path(sys.argv[1])
rng = np.random.default_rng(int(sys.argv[2]))
k = 0
while True:
    n = 500 + (k % 40) * 50
    vectors = rng.standard_normal((n, 384)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    VectorIndex.build(vectors, np.arange(n, dtype="int64"), 384).save(path)
    print(n, flush=True)  # only after the rename
    k += 1
"""


def test_kill_9_during_index_save_leaves_old_or_new_index(isolated_home):
    pytest.importorskip("faiss")
    from paperpass.index.vectors import VectorIndex

    path = isolated_home / "paperpass.all-MiniLM-L6-v2.faiss"
    isolated_home.mkdir(parents=True, exist_ok=True)
    rng = random.Random(13)
    sizes = {500 + k * 50 for k in range(40)}
    for i in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", _INDEX_WRITER, str(path), str(i)],
                                stdout=subprocess.PIPE, text=True)
        first = proc.stdout.readline()  # at least one save finished
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        acked = [int(x) for x in [first, *rest.splitlines()] if x.strip()]
        loaded = VectorIndex.load(path)
        assert loaded is not None, "the index file is unreadable after a kill"
        assert len(loaded) in sizes
        last = acked[-1]
        in_flight = 500 + (((last - 500) // 50 + 1) % 40) * 50  # the save the kill interrupted
        assert len(loaded) in (last, in_flight), f"{len(loaded)} vectors: neither the old ({last}) nor the new index"
    leftovers = list(isolated_home.glob("*.tmp"))
    # A kill between write and rename leaves a .tmp: harmless (never read), and `doctor --fix` removes it.
    assert all(p.name.endswith(".faiss.tmp") for p in leftovers)


def test_index_repaired_at_open_after_a_torn_file(isolated_home):
    pytest.importorskip("faiss")
    from paperpass.index.vectors import VectorIndex

    isolated_home.mkdir(parents=True, exist_ok=True)
    path = isolated_home / "paperpass.x.faiss"
    import numpy as np

    VectorIndex.build(np.eye(8, 384, dtype="float32"), np.arange(8, dtype="int64"), 384).save(path)
    path.write_bytes(path.read_bytes()[:100])  # torn by something other than paperpass's own save
    assert VectorIndex.load(path) is None  # so ensure_index rebuilds it from the database

