"""The rest of the week, in a real terminal (tmux) on real PDFs: add a paper from the TUI, tag it, look at
its figures in pass 2 (zoomed), write a note, delete it by mistake and bring it back, then the dashboard
writes the week's review. Afterwards the scripts see the same: the tag, the note, the figures, the stats.
"""

from __future__ import annotations

import json

import pytest

from tests.tui.test_e2e_journey import GAN, RESNET, JourneyTerminal, store
from tests.tui.test_e2e_tmux import PAPERPASS, pytestmark  # noqa: F401 - the same slow/tmux marks

NOTE = "pass two: the shortcut curves in figure four"


@pytest.fixture
def terminal(tmp_path, request):
    if not PAPERPASS.exists():
        pytest.skip("the paperpass command is not installed beside this Python")
    if not (RESNET.is_file() and GAN.is_file()):
        pytest.skip("real fixture PDFs not found")
    request.getfixturevalue("onnx_export")  # the model's ONNX export, as a first run leaves it: built once a session
    term = JourneyTerminal(tmp_path / "home")
    yield term
    term.kill()


def test_add_tag_see_figures_delete_undo_and_review_end_to_end(terminal):
    from paperpass.store.papers import resolve_paper

    home = terminal.home
    terminal.cli("add", str(GAN))
    terminal.launch()
    terminal.wait_ready()

    # add a paper from the TUI, by its path
    terminal.keys("2")
    terminal.wait_for("Library ·")
    terminal.keys("+")
    terminal.wait_for("1706.03762")  # the add box's example
    terminal.keys(str(RESNET), literal=True)
    terminal.keys("Enter")
    terminal.wait_for("added: Deep Residual Learning", timeout=120)
    resnet = store(home, resolve_paper, "1512.03385")

    # find it and tag it
    terminal.keys("/")
    terminal.keys("Deep Residual", literal=True)
    terminal.keys("Enter")
    terminal.wait_for("showing 1")
    terminal.keys("e")
    terminal.wait_for("Edit: Deep Residual Learning")
    for _ in range(4):  # title, authors, year, venue, then the tags
        terminal.keys("Tab")
    terminal.keys("to-cite", literal=True)
    terminal.keys("C-s")
    terminal.wait_for("saved: Deep Residual Learning")

    # pass 2: its figures, one zoomed to the whole terminal, and a note
    terminal.keys("o")
    terminal.wait_for("Pass 1: the bird's-eye view")
    terminal.keys("2")
    terminal.wait_for("Pass 2: the content")
    shown = terminal.wait_for("(1 of ", timeout=120)  # "Figure 1  (1 of N, p. 1)" once they are cut out
    assert "Figure 1  (1 of " in shown or "Table 1  (1 of " in shown
    terminal.keys(".")
    terminal.wait_for("(2 of ")
    terminal.keys("z")
    terminal.wait_for("(escape: back)")
    terminal.keys("Escape")
    terminal.wait_for("Pass 2: the content")
    terminal.keys("n")
    terminal.keys(NOTE, literal=True)
    terminal.wait_for("saved ")
    terminal.keys("Escape")
    terminal.keys("Escape")  # back to the library
    terminal.wait_for("Library ·")

    # delete it by mistake, see what goes with it, and bring it back
    terminal.keys("D")
    terminal.wait_for("1 note")
    terminal.keys("y")
    terminal.wait_for("press u in the library to undo")
    assert store(home, lambda conn: conn.execute("SELECT count(*) FROM papers WHERE id = ?",
                                                 (resnet.id,)).fetchone()[0]) == 0
    terminal.keys("u")
    terminal.wait_for("brought back")

    # the dashboard writes the week's review
    terminal.keys("5")
    terminal.wait_for("Reading dashboard")
    terminal.keys("w")
    terminal.wait_for("Wrote the review of")
    terminal.keys("q")
    terminal.wait_gone()

    # what the scripts see
    details = json.loads(terminal.cli("show", str(resnet.id), "--json").stdout)
    assert details["tags"] == ["to-cite"]
    assert [n["text"] for n in details["notes"]] == [NOTE]
    figures = json.loads(terminal.cli("figures", str(resnet.id), "--json").stdout)
    assert sum(1 for f in figures if f["image"]) >= 2
    stats = json.loads(terminal.cli("stats", "--json").stdout)
    assert stats["notes"] == 1 and stats["weeks"][-1]["notes"] == 1 and stats["papers"] >= 2
    assert stats["states"]["pass2"] == 1  # ResNet, brought back in pass 2
    reviews = list((home / "reviews").glob("*.md"))
    assert len(reviews) == 1 and "Deep Residual Learning" in reviews[0].read_text(encoding="utf-8")
