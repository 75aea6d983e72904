"""The TUI open, a note being typed, while `paperpass ingest feed` runs in another process.

Both must succeed: the ingest stores every paper, the note holds every word typed (no lost update),
and no "database is locked" reaches the user (not in the ingest's output, not as a TUI notification).
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from library_builder import atom_feed, real_records

from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import upsert_paper
from paperpass.store.reading import notes_for

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def no_ranking(monkeypatch):
    """The triage screen behind the reader ranks nothing: no model loads here."""
    from paperpass.tui import backend

    monkeypatch.setattr(backend, "rank_week", lambda home, days=7, on_partial=None: [])


async def _wait_for(pilot, predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the TUI"
        await pilot.pause(0.05)


async def test_tui_note_editing_while_an_ingest_runs(isolated_home, httpserver):
    from paperpass.tui.app import PaperpassApp
    from paperpass.tui.screens.reader import ReaderScreen

    records = real_records(3000)
    for part in range(3):  # three runs' worth of new papers, so writes overlap the typing throughout
        httpserver.expect_request(f"/feed{part}.xml").respond_with_data(
            atom_feed(records[part * 1000:(part + 1) * 1000]), content_type="application/atom+xml")
    conn = open_library(isolated_home)
    paper_id = upsert_paper(conn, Paper(title="The paper being read", abstract="An abstract.")).paper.id
    conn.close()

    app = PaperpassApp(home=isolated_home)
    typed = ""
    ingest_errors: list[str] = []
    start = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_reader(paper_id, pass_no=1)
        await _wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("n")
        for part in range(3):
            proc = subprocess.Popen([sys.executable, "-m", "paperpass.cli", "ingest", "feed",
                                     httpserver.url_for(f"/feed{part}.xml"), "--json"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            words = 0
            while proc.poll() is None or words < 3:
                word = f"w{part}x{words} "
                await pilot.press(*["space" if c == " " else c for c in word])
                typed += word
                words += 1
                await pilot.pause(0.3 if words % 4 else 1.1)  # sometimes past the autosave debounce
            _out, err = proc.communicate()
            if proc.returncode != 0 or "locked" in err.lower():
                ingest_errors.append(f"ingest {part}: exit {proc.returncode}: {err.strip()[-300:]}")
        await pilot.pause(1.5)  # the last autosave
        notes_shown = [n.message for n in app._notifications]
        await pilot.press("escape", "ctrl+q")
    duration = time.monotonic() - start

    conn = open_library(isolated_home)
    try:
        notes = notes_for(conn, paper_id, 1)
        ingested = conn.execute("SELECT count(*) FROM papers WHERE source = 'feed'").fetchone()[0]
    finally:
        conn.close()
    tui_errors = [m for m in notes_shown if "locked" in m.lower() or "not saved" in m.lower()]
    print(f"\nconcurrent TUI + ingest: {duration:.1f} s, {len(typed.split())} words typed, "
          f"{ingested} papers ingested, errors: {len(ingest_errors) + len(tui_errors)}")
    assert ingest_errors == [] and tui_errors == []
    assert ingested == len(records)
    assert [n.text.strip() for n in notes] == [typed.strip()]  # every word typed, none lost
