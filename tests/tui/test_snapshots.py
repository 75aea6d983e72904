"""Snapshot tests of the main screens (pytest-textual-snapshot; update with --snapshot-update)."""

from __future__ import annotations

import pytest

from paperpass.tui.app import PaperpassApp
from tests.tui.conftest import wait_for


def run_to(keys: list[str]):
    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.ranked)
        await pilot.press(*keys)
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "settled", True))  # a re-rank the keys began
        await pilot.pause(0.3)

    return run_before


@pytest.mark.parametrize("name,keys", [
    ("triage", []),
    ("triage_after_decisions", ["k", "x", "d"]),
    ("library", ["k", "2"]),
    ("classics", ["3"]),
    ("help", ["question_mark"]),
])
def test_screen_snapshots(fake_engine, snap_compare, name, keys):
    assert snap_compare(PaperpassApp(demo=True), terminal_size=(100, 30), run_before=run_to(keys))


@pytest.mark.parametrize("name,keys", [
    ("triage", []),
    ("triage_deferred", ["d", "x", "d", "v"]),  # two deferred, one skipped: the deferred view
    ("triage_narrower_window", ["W"]),
])
def test_triage_snapshots_at_80x24(fake_engine, snap_compare, name, keys):
    assert snap_compare(PaperpassApp(demo=True), terminal_size=(80, 24), run_before=run_to(keys))
