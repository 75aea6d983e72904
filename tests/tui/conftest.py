"""Fixtures for the TUI tests: a fast stand-in engine, and waiting for what the user would see."""

from __future__ import annotations

import asyncio

import pytest

from paperpass.errors import FetchError
from paperpass.models import RankedPaper, SearchHit
from paperpass.tui import backend
from paperpass.words import count


def fake_rank(home, days=7, on_partial=None):
    """A deterministic ranking: most upvoted first, then by title; each with a reason."""
    with backend.worker_library(home) as library:
        from paperpass.store.papers import week_papers

        papers = week_papers(library.conn, days)
    papers.sort(key=lambda p: (-(p.popularity or 0), p.title))
    return [RankedPaper(paper=p, score=1.0 / (i + 1),
                        reasons=[count(p.popularity, "upvote") if p.popularity else "matches your interests"])
            for i, p in enumerate(papers)]


def fake_search(home, query, scope="all", limit=50):
    """Papers whose title holds the query, plus a pass 2 note on the first."""
    with backend.worker_library(home) as library:
        found = [p for p in library.papers() if query.lower() in p.title.lower()][:5]
    hits = []
    for i, p in enumerate(found):
        if scope in ("all", "papers"):
            hits.append(SearchHit(paper_id=p.id, title=p.title, score=1.0 - i / 10, kind="paper",
                                  snippet=p.abstract[:80]))
        if i == 0 and scope in ("all", "notes"):
            hits.append(SearchHit(paper_id=p.id, title=p.title, score=0.95, kind="note", pass_no=2,
                                  snippet=f"my pass 2 note about {query}"))
    return sorted(hits, key=lambda h: -h.score)


def offline_fetch(home, paper_id, progress, cancel=None):
    progress("PDF", 10, 100)  # the ingest contract: progress(what, done, total)
    raise FetchError("cannot reach arxiv.org (offline)")


@pytest.fixture(autouse=True)
def cell_images(monkeypatch):
    """Figures drawn as coloured half cells: the same on every terminal (and in snapshots)."""
    monkeypatch.setenv("PAPERPASS_IMAGES", "halfcell")


@pytest.fixture(autouse=True)
def quick_idle_checks(monkeypatch):
    """Pilot waits after every key until the process is idle, judged over sleeps of 20 ms: at least 40 ms a key,
    most of a TUI test's time. Judged over 5 ms (and a proportionate CPU allowance) it is the same test."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.005 / 20)


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(backend, "rank_week", fake_rank)
    monkeypatch.setattr(backend, "search", fake_search)
    monkeypatch.setattr(backend, "fetch_pdf", offline_fetch)
    return backend


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (workers post their results asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.05)
