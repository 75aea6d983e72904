"""Notes survive kill -9 at random points, and two processes writing at once lose nothing."""

import random
import signal
import subprocess
import sys
import time

import pytest

from paperpass.store.db import connect, integrity_check, open_library

NOTE_WRITER = r"""
import sys
from paperpass.store.db import open_library
from paperpass.store.reading import add_note, update_note
conn = open_library()
note = None
i = 0
while True:
    text = f"note body {i} " + "x" * (i % 500)
    if note is None or i % 7 == 0:
        note = add_note(conn, 1 + i % 12, 1 + i % 3, text)
    else:
        update_note(conn, note.id, text)
    print(f"{note.id} {i}", flush=True)   # only after the commit
    i += 1
"""

PAPER_WRITER = r"""
import sys
from paperpass.models import Paper
from paperpass.store.db import open_library
from paperpass.store.papers import upsert_paper
conn = open_library()
for i in range(int(sys.argv[1])):
    upsert_paper(conn, Paper(title=f"Concurrent paper {i}", arxiv_id=f"2601.{i:05d}", arxiv_version=1))
print("done", flush=True)
"""


def _committed(lines: list[str]) -> dict[int, int]:
    """note id -> newest committed index, from the writer's acknowledgements."""
    acked: dict[int, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2:
            acked[int(parts[0])] = int(parts[1])
    return acked


@pytest.mark.slow
def test_kill_9_during_note_saves_loses_no_committed_note(isolated_home):
    open_library(isolated_home).close()
    rng = random.Random(20261125)
    total_acked = 0
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, "-c", NOTE_WRITER], stdout=subprocess.PIPE, text=True)
        first = proc.stdout.readline()  # the writer is running and has committed at least once
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        acked = _committed([first, *rest.splitlines()])
        total_acked += len(acked)
        conn = connect(isolated_home / "paperpass.db")
        assert integrity_check(conn) == []
        for note_id, index in acked.items():
            row = conn.execute("SELECT text FROM notes WHERE id = ?", (note_id,)).fetchone()
            assert row is not None, f"committed note {note_id} lost"
            versions = [r[0] for r in conn.execute("SELECT text FROM note_versions WHERE note_id = ?", (note_id,))]
            assert any(v.startswith(f"note body {index} ") for v in versions)
            assert row[0] == versions[-1]  # current text is the newest version, never half-written
        conn.close()
    assert total_acked >= 20


@pytest.mark.slow
def test_concurrent_ingest_and_note_editing_never_lock_or_lose(isolated_home):
    open_library(isolated_home).close()
    ingest = subprocess.Popen([sys.executable, "-c", PAPER_WRITER, "1500"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    notes = subprocess.Popen([sys.executable, "-c", NOTE_WRITER], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    out, err = ingest.communicate(timeout=120)
    notes.send_signal(signal.SIGTERM)
    note_out, note_err = notes.communicate(timeout=30)
    assert ingest.returncode == 0 and "done" in out, err
    assert "database is locked" not in err + note_err
    acked = _committed(note_out.splitlines())
    assert acked, "the note writer made no progress while the ingest ran"
    conn = connect(isolated_home / "paperpass.db")
    assert conn.execute("SELECT count(*) FROM papers WHERE title LIKE 'Concurrent paper %'").fetchone()[0] == 1500
    for note_id, index in acked.items():
        versions = [r[0] for r in conn.execute("SELECT text FROM note_versions WHERE note_id = ?", (note_id,))]
        assert any(v.startswith(f"note body {index} ") for v in versions)
    assert integrity_check(conn) == []
