"""The week as a person lives it, in a real terminal (tmux) on real PDFs: ingest a recorded feed, add PDFs,
triage (keep, skip, defer, undo), read a seeded classic in three passes (a note and the five Cs in pass 1,
a queued reference in pass 2, the checklist in pass 3), finish it; then the paper is done in Classics,
Library and `show --json`, the reference is in `queue --json`, and every pass's note is found by
`search --notes --json` and by the search screen, which opens the reader on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.test_e2e_tmux import PAPERPASS, Terminal, pytestmark  # noqa: F401 - the same slow/tmux marks

REPO = Path(__file__).resolve().parents[2]
REAL_PDFS = REPO.parent / "shared" / "fixtures" / "real" / "pdfs"
FEED = REPO / "tests" / "fixtures" / "ingest" / "brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"
RESNET = REAL_PDFS / "zhangbububu_1512.03385.pdf"  # a seeded classic
GAN = REAL_PDFS / "hz_1406.2661v1.pdf"
NOTES = {1: "pass one: residual learning eases optimisation",
         2: "pass two: figure four training curves converge",
         3: "pass three: rederive the shortcut gradient"}


class JourneyTerminal(Terminal):
    """The user's own library (not the demo), this checkout's code first on the path."""

    def env(self) -> dict[str, str]:
        return {"PAPERPASS_HOME": str(self.home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO),
                "TERM": "xterm-256color"}

    def launch(self) -> None:
        env = " ".join(f"{k}={v}" for k, v in self.env().items())
        self.tmux("new-session", "-d", "-s", "pp", "-x", "110", "-y", "34", f"env {env} {PAPERPASS}")

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([str(PAPERPASS), *args], capture_output=True, text=True, timeout=300, check=False,
                                env={**os.environ, **self.env()})
        assert result.returncode == 0, f"paperpass {' '.join(args)} failed: {result.stderr}"
        return result


def store(home: Path, func, *args):
    from paperpass.store import open_library

    conn = open_library(home)
    try:
        return func(conn, *args)
    finally:
        conn.close()


@pytest.fixture
def terminal(tmp_path, request):
    if not PAPERPASS.exists():
        pytest.skip(f"the paperpass command is not installed beside {sys.executable}")
    if not (RESNET.is_file() and GAN.is_file()):
        pytest.skip(f"real fixture PDFs not found in {REAL_PDFS}")
    request.getfixturevalue("onnx_export")  # the model's ONNX export, as a first run leaves it: built once a session
    term = JourneyTerminal(tmp_path / "home")
    yield term
    term.kill()


def test_a_week_of_reading_end_to_end(terminal):
    from paperpass.store.papers import decisions, resolve_paper

    home = terminal.home
    terminal.cli("ingest", "feed", str(FEED))
    terminal.cli("add", str(RESNET))
    terminal.cli("add", str(GAN))
    resnet = store(home, resolve_paper, "1512.03385")
    assert resnet.title == "Deep Residual Learning for Image Recognition"  # the seeded title is kept

    terminal.launch()
    terminal.wait_ready()
    # triage: keep, skip, defer, undo the defer, defer again
    for key in ("k", "x", "d", "u", "d"):
        terminal.keys(key)
    terminal.wait_for("1 kept, 1 skipped, 1 deferred")
    assert sorted(store(home, decisions).values()) == ["keep", "later", "skip"]

    # the classic, from the Classics screen: ResNet is the fifth of "Computer vision"
    terminal.keys("3")
    terminal.wait_for("Classics and lists")
    for _ in range(4):
        terminal.keys("Down")
    terminal.keys("p")
    terminal.wait_for("Pass 1: the bird's-eye view")
    terminal.wait_for(" pages")

    # pass 1: a note, the five Cs, finish, go on
    terminal.keys("n")
    terminal.keys(NOTES[1], literal=True)
    terminal.wait_for("saved ")
    terminal.keys("Escape")
    terminal.keys("a")
    answers = ("method", "builds on VGG", "plausible", "identity shortcuts", "clear")
    for number, answer in enumerate(answers, start=1):
        terminal.keys(answer, literal=True)
        if number < len(answers):  # a Tab after the last answer would leave the form for the sources below
            terminal.keys("Tab")
    terminal.keys("Escape")
    terminal.keys("f")
    terminal.wait_for("finished")
    terminal.keys("g")
    terminal.wait_for("Pass 2: the content")

    # pass 2: queue an unread reference, a note, finish
    terminal.keys("r")
    terminal.keys("w")
    terminal.wait_for("Queued to read")
    terminal.keys("n")
    terminal.keys(NOTES[2], literal=True)
    terminal.wait_for("saved ")
    terminal.keys("Escape")
    terminal.keys("f")

    # pass 3: the checklist, a note, finish: the paper is done
    terminal.keys("3")
    terminal.wait_for("Pass 3: re-creating the work")
    terminal.keys("k")
    for step in range(5):
        terminal.keys("space")
        if step < 4:
            terminal.keys("Tab")
    terminal.keys("n")
    terminal.keys(NOTES[3], literal=True)
    terminal.wait_for("saved ")
    terminal.keys("Escape")
    terminal.keys("f")
    terminal.wait_for("paper done")

    # done in Classics and in Library
    terminal.keys("Escape")
    terminal.wait_for("1/5 read")
    terminal.keys("2")
    terminal.wait_for("Library ·")
    terminal.keys("/")
    terminal.keys("Deep Residual", literal=True)
    terminal.keys("Enter")
    shown = terminal.wait_for("showing 1")
    assert any("done" in line and "Deep Residual" in line for line in shown.splitlines())

    # the search screen opens the reader on the pass 2 note
    terminal.keys("4")
    terminal.wait_for("search your notes and papers")
    terminal.keys("figure four training curves", literal=True)
    terminal.keys("C-t")  # scope: notes
    terminal.wait_for("scope: notes")
    terminal.keys("Enter")
    terminal.wait_for("pass 2 note")
    terminal.keys("Enter")  # the first hit: a note, opened in its pass, on that note
    shown = terminal.wait_for("Notes, pass")
    opened = next(n for n in NOTES if f"Notes, pass {n}" in shown)
    assert {1: "bird's-eye view", 2: "the content", 3: "re-creating the work"}[opened] in shown
    assert " ".join(NOTES[opened].split()[:2]) in " ".join(shown.replace("▎", " ").replace("▊", " ").split())
    terminal.keys("q")
    terminal.wait_gone()

    # what the scripts see
    details = json.loads(terminal.cli("show", "1512.03385", "--json").stdout)
    assert details["status"] == "done" and all(details["finished"][p] for p in ("1", "2", "3"))
    assert details["five_cs"]["contributions"] == "identity shortcuts"
    assert [n["text"] for n in sorted(details["notes"], key=lambda n: n["pass_no"])] == list(NOTES.values())
    steps = next(p for p in details["passes"] if p["pass_no"] == 3)["checklist"]
    assert len(steps) == 5 and all(steps.values())
    classic = next(e for e in json.loads(terminal.cli("classics", "--json").stdout) if e["id"] == resnet.id)
    assert classic["status"] == "done"
    queue = json.loads(terminal.cli("queue", "--json").stdout)
    queued = [e for e in queue if e["cited_by"] == resnet.id]
    assert len(queued) == 1 and queued[0]["reason"].startswith("cited by Deep Residual Learning")
    assert any(e["reason"] == "kept" for e in queue)
    for pass_no, text in NOTES.items():
        hits = json.loads(terminal.cli("search", text.split(": ")[1], "--notes", "--json").stdout)
        assert any(h["id"] == resnet.id and h["pass"] == pass_no for h in hits), (pass_no, hits)
