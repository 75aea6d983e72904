"""End to end in a real terminal (tmux): triage, open pass 1, write a note, lose the terminal, relaunch.

The note must be on screen and in the store after an abrupt kill of the
terminal (the autosave) and after a normal quit (the final save).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"),
]

PAPERPASS = Path(sys.executable).parent / "paperpass"


class Terminal:
    """A tmux server of our own (its own socket) running one command in a 100x30 window."""

    def __init__(self, home: Path):
        self.socket = f"paperpass-e2e-{uuid.uuid4().hex[:8]}"
        self.home = home

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True,
                              text=True).stdout

    def launch(self) -> None:
        env = f"PAPERPASS_HOME={self.home} HF_HUB_OFFLINE=1 TERM=xterm-256color"
        self.tmux("new-session", "-d", "-s", "pp", "-x", "100", "-y", "30", f"env {env} {PAPERPASS} demo")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "pp")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "pp", *(["-l"] if literal else []), *keys)
        time.sleep(0.3)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until the triage ranking (a model load on first use) is done and keys go where they should."""
        self.wait_for("left of", timeout)
        deadline = time.monotonic() + timeout
        while "ranking…" in self.screen().splitlines()[0] and time.monotonic() < deadline:
            time.sleep(0.3)

    def wait_gone(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "pp"],
                              capture_output=True).returncode != 0:
                return
            time.sleep(0.2)
        raise AssertionError("paperpass did not quit")

    def kill(self) -> None:
        """Close the terminal abruptly (the app gets SIGHUP, no goodbye)."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        # Wait for the old server to be gone: a new-session racing its exit fails
        # with "server exited unexpectedly".
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline:
            listed = subprocess.run(["tmux", "-L", self.socket, "list-sessions"], capture_output=True, text=True)
            if listed.returncode != 0 and "no server running" in listed.stderr:
                return
            time.sleep(0.1)


def notes_in_store(home: Path) -> list[tuple[int, int, str]]:
    from paperpass.store import open_library
    from paperpass.store.reading import all_notes

    conn = open_library(home / "demo")
    try:
        return [(n.paper_id, n.pass_no, n.text) for n in all_notes(conn)]
    finally:
        conn.close()


def decisions_in_store(home: Path) -> dict[int, str]:
    from paperpass.store import open_library
    from paperpass.store.papers import decisions

    conn = open_library(home / "demo")
    try:
        return decisions(conn)
    finally:
        conn.close()


def title_of(home: Path, paper_id: int) -> str:
    from paperpass.store import open_library
    from paperpass.store.papers import get_paper

    conn = open_library(home / "demo")
    try:
        return get_paper(conn, paper_id).title
    finally:
        conn.close()


@pytest.fixture
def terminal(tmp_path, request):
    if not PAPERPASS.exists():
        pytest.skip(f"the paperpass command is not installed beside {sys.executable}")
    request.getfixturevalue("onnx_export")  # the model's ONNX export, as a first run leaves it: built once a session
    term = Terminal(tmp_path / "home")
    yield term
    term.kill()


def test_a_note_written_in_pass_1_survives_a_killed_terminal_and_a_quit(terminal):
    home = terminal.home
    terminal.launch()
    terminal.wait_ready()  # the triage screen is up and ranked
    terminal.keys("k")
    terminal.keys("x")
    terminal.keys("d")
    terminal.wait_for("1 kept, 1 skipped, 1 deferred")
    assert sorted(decisions_in_store(home).values()) == ["keep", "later", "skip"]

    terminal.keys("o")
    terminal.wait_for("Pass 1  0:01 of 10:00")  # the reader is up and its timer ticks
    terminal.keys("n")
    terminal.wait_for("Leave notes")
    terminal.keys("first pass: the benchmark evolves", literal=True)
    terminal.wait_for("saved ")  # the autosave, about a second after the last key
    [(paper_id, pass_no, text)] = notes_in_store(home)
    assert (pass_no, text) == (1, "first pass: the benchmark evolves")

    terminal.kill()  # no quit: the terminal is gone
    terminal.launch()
    terminal.wait_ready()
    # find the paper again by its title, in the library (begun, it has left triage), and open it
    terminal.keys("2")
    terminal.wait_for("Library ·")
    terminal.keys("/", literal=True)
    terminal.keys(title_of(home, paper_id).split(":")[0][:30], literal=True)
    terminal.keys("Enter")
    terminal.keys("o")
    terminal.wait_for("Pass 1: the bird's-eye view")
    shown = terminal.wait_for("saved")
    assert "first pass: the" in shown and "saved" in shown  # the note (wrapped in the editor) is back

    # more notes, then a normal quit straight away: the final save keeps them
    terminal.keys("n")
    terminal.wait_for("Leave notes")
    terminal.keys("End")
    terminal.keys(" - reread", literal=True)
    terminal.keys("Escape")
    terminal.keys("C-q")
    terminal.wait_gone()
    [(same_paper, pass_no, text)] = notes_in_store(home)
    assert (same_paper, pass_no) == (paper_id, 1)
    assert "reread" in text and text.replace(" - reread", "") == "first pass: the benchmark evolves"
