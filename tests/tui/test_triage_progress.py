"""A first week not embedded yet: triage shows a provisional ranking after each batch, with how far it is."""

from __future__ import annotations

import threading

import pytest

from paperpass.errors import PaperpassError
from paperpass.index import embed
from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import upsert_paper
from paperpass.tui import backend
from paperpass.tui.app import PaperpassApp
from paperpass.tui.widgets.paper_list import PaperList
from tests.index.conftest import FakeEmbedder
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

TOPICS = ["residual networks for image recognition", "diffusion models for video generation",
          "reinforcement learning for robot control", "graph neural networks for molecules"]
PAPERS = 40


@pytest.fixture
def first_week(isolated_home, monkeypatch):
    """A week of 40 papers without vectors, the fake embedder, and the engine's steps run here, each held
    until the test lets it go (gates[i] for step i). Stopping this engine at the app's exit ends a held step
    as stopping the real engine process does (a PaperpassError), so the ranking worker ends with the app."""
    conn = open_library(isolated_home)
    for i in range(PAPERS):
        topic = TOPICS[i % len(TOPICS)]
        upsert_paper(conn, Paper(title=f"{topic.capitalize()}, part {i}", abstract=f"We study {topic} ({i}).",
                                 authors=[f"Author {i}"], published=f"2024-01-{1 + i % 5:02d}",
                                 arxiv_id=f"2401.{i:05d}", source="arxiv"))
    conn.commit()
    conn.close()
    embed.set_embedder(FakeEmbedder())
    real_step = backend._rank_step_here
    gates = [threading.Event() for _ in range(6)]
    steps: list = []
    stopped = threading.Event()

    def gated(home, days, budget):
        step = real_step(home, days, budget)
        steps.append(step)
        gates[len(steps) - 1].wait(30)
        if stopped.is_set():
            raise PaperpassError("the ranking/search engine process stopped")
        return step

    def shutdown_engine():
        stopped.set()
        for gate in gates:
            gate.set()

    monkeypatch.setattr(backend, "_rank_step_here", gated)
    monkeypatch.setattr(backend, "_in_engine", lambda func, *args: func(*args))  # the engine, in this process
    monkeypatch.setattr(backend, "FIRST_STEP", 8)
    monkeypatch.setattr(backend, "shutdown_engine", shutdown_engine)
    yield isolated_home, gates, steps
    for gate in gates:
        gate.set()
    embed.set_embedder(None)


def undecided_order(screen, step) -> list[int]:
    return [r.paper.id for r in step.ranked if screen.decision.get(r.paper.id) is None]


async def test_the_list_refines_as_batches_are_embedded_and_the_highlight_stays(first_week):
    home, gates, steps = first_week
    app = PaperpassApp(home=home)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.ranking and len(screen.papers) == PAPERS)
        assert "ranking…" in screen_text(app) and "embedded" not in screen_text(app)
        gates[0].set()  # the first 8 embedded: a first ranking
        await wait_for(pilot, lambda: "embedded 8 of 40" in screen.progress)
        text = " ".join(screen_text(app).split())
        assert "Triage · 40 left of 40 · ranking… embedded 8 of 40, ~" in text and " s left" in text
        assert [p.id for p in screen.visible_papers()] == undecided_order(screen, steps[0])
        assert screen.current().id == steps[0].ranked[0].paper.id  # no key pressed yet: the list's top

        await pilot.press("down", "down", "x", "down")  # the reader moves and decides while it ranks
        skipped = steps[0].ranked[2].paper
        paper_list = screen.query_one("#papers", PaperList)
        here = screen.current()
        height = paper_list.cursor_row - int(paper_list.scroll_y)
        gates[1].set()  # 16 more: the list is re-ordered in place
        await wait_for(pilot, lambda: "embedded 24 of 40" in screen.progress)
        assert screen.current().id == here.id  # the highlight stays on the reader's paper...
        assert paper_list.cursor_row - int(paper_list.scroll_y) == height  # ...at its height on screen
        assert [p.id for p in screen.visible_papers()] == undecided_order(screen, steps[1])
        assert skipped.id not in {p.id for p in screen.visible_papers()}  # a decision made meanwhile holds
        status = " ".join(screen_text(app).split())
        assert "39 left of 40 · ranking… embedded 24 of 40, ~" in status and " s left · 1 skipped" in status

        gates[2].set()  # the rest: the final ranking
        await wait_for(pilot, lambda: screen.ranked and not screen.ranking)
        assert steps[-1].final and len(steps) == 3
        assert screen.current().id == here.id
        assert screen.progress == "" and "ranked for you" in screen_text(app)
        assert len(screen.visible_papers()) == PAPERS - 1


async def test_the_ranking_progress_stays_on_the_status_line_at_80_columns(first_week):
    """At 80x24, with decisions made while the first ranking runs, the status line still says how far it is
    (the progress comes before the counts of what was decided)."""
    home, gates, _steps = first_week
    app = PaperpassApp(home=home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.ranking and len(screen.papers) == PAPERS)
        gates[0].set()
        await wait_for(pilot, lambda: "embedded 8 of 40" in screen.progress)
        await pilot.press("k", "x", "d")
        gates[1].set()
        await wait_for(pilot, lambda: "embedded 24 of 40" in screen.progress)
        await pilot.pause()
        status = screen_text(app).splitlines()[0]
        assert "ranking… embedded 24 of 40, ~" in status and " s left" in status, status
