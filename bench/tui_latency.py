"""TUI latency: launch to first interactive frame of `paperpass demo`, and keypress-to-frame on big triage lists.

1. `paperpass demo` runs in a pseudo-terminal (a real terminal for Textual) with
   PAPERPASS_EXIT_AFTER_FIRST_FRAME=1; the app writes the time of its first
   interactive frame and the heavy modules loaded by then. Beside it, in the same
   run: bare `python -c pass`, and a minimal Textual app to its first frame.
2. Triage lists of 5,000 and 50,000 papers, the app in a pseudo-terminal of 160x50
   (as `paperpass` runs, the ranking left out): the time from writing a key's
   bytes until the last frame it caused has been written (Textual's
   synchronized-output end mark; the read waits for 120 ms of quiet), for down,
   x (skip), u (undo) and each keystroke of a filter (typing a word a letter at a
   time, then erasing it). Pilot is not used here: its idle waits alone take 60-90
   ms a key. Each measurement runs in a fresh process on a copy of the library;
   with --before REF the same measurement runs on that git ref (extracted to a
   temporary directory) in the same run (--rounds N: N runs of each, alternating,
   samples pooled). Beside them: a bare
   Textual DataTable of as many rows, down.

Run: python bench/tui_latency.py [--runs N] [--presses N] [--papers 5000,50000] [--before main [--rounds N]]
     [--keys-only] [--screen triage|library]
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = """
import json, os, time
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        open(os.environ["PAPERPASS_FIRST_FRAME_REPORT"], "w").write(json.dumps({"time": time.time(), "heavy": []}))
        self.exit()
Hello().run()
"""


def first_frame(cmd: list[str], env: dict) -> tuple[float, list[str]]:
    """Seconds from launch to the first frame (reported by the app), run in a pseudo-terminal."""
    report = Path(tempfile.mktemp(suffix=".json"))
    env = {**env, "PAPERPASS_EXIT_AFTER_FIRST_FRAME": "1", "PAPERPASS_FIRST_FRAME_REPORT": str(report),
           "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    master, slave = pty.openpty()
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    try:
        while proc.poll() is None:  # drain the terminal so the app never blocks on output
            try:
                os.read(master, 65536)
            except OSError:
                break
        proc.wait(timeout=60)
    finally:
        os.close(master)
    if not report.exists():
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} without reaching a first frame")
    data = json.loads(report.read_text())
    report.unlink()
    return data["time"] - start, data["heavy"]


def startup(runs: int) -> None:
    home = tempfile.mkdtemp()
    env = {**os.environ, "PAPERPASS_HOME": home}
    paperpass = [sys.executable, "-m", "paperpass.cli", "demo"]
    cold, heavy = first_frame(paperpass, env)  # the first launch also loads the sample week
    rows = [
        ("python -c pass (baseline)", [wall([sys.executable, "-c", "pass"]) for _ in range(runs)]),
        ("minimal Textual app, first frame", [first_frame([sys.executable, "-c", MINIMAL_APP], env)[0]
                                              for _ in range(runs)]),
        ("paperpass demo, first launch", [cold]),
        ("paperpass demo, first frame", [first_frame(paperpass, env)[0] for _ in range(runs)]),
    ]
    print(f"{'launch to first interactive frame':<36} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, times in rows:
        print(f"{name:<36} {statistics.median(times):>9.3f} {min(times):>7.3f} {max(times):>7.3f}")
    print(f"heavy modules loaded at the first frame: {heavy or 'none'} (goal: no torch; <= 1.0 s)")


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def big_library(home: Path, count: int = 5000) -> None:
    from paperpass.ingest.sample import read_sample_week
    from paperpass.store import open_library, transaction
    from paperpass.store.papers import upsert_paper

    conn = open_library(home)
    sample = read_sample_week()
    with transaction(conn):
        for i in range(count):
            base = sample[i % len(sample)]
            base.title = f"{base.title} (copy {i})" if i >= len(sample) else base.title
            base.arxiv_id = f"2606.{10000 + i}"
            upsert_paper(conn, base)
    conn.close()


FILTER_WORDS = ["model", "graph", "robust", "learning", "vision", "data"]  # typed a letter at a time, then erased
KEYS = {"down": b"\x1b[B", "backspace": b"\x7f", "escape": b"\x1b", "slash": b"/"}
SYNC_QUERY, SYNC_REPLY, SYNC_END = b"\x1b[?2026$p", b"\x1b[?2026;2$y", b"\x1b[?2026l"

# The app as `paperpass` runs it, in a real terminal, with the ranking left out (the list stays in the store's
# order: no model in this figure) and the filter's cursor not blinking (a blink would be a frame of its own).
LAUNCH = """
import sys
from paperpass.tui import backend
backend.rank_week = lambda home, days=7, on_partial=None: []
from paperpass.tui.widgets.filter_input import FilterInput
FilterInput.cursor_blink = False
from paperpass.tui.app import PaperpassApp
PaperpassApp(home=sys.argv[1]).run()
"""
BARE = """
import sys
from textual.app import App
from textual.widgets import DataTable
class Bare(App):
    def compose(self):
        yield DataTable(cursor_type="row")
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("title", "authors")
        table.add_rows([(f"paper {i}", "someone") for i in range(int(sys.argv[1]))])
Bare().run()
"""


class Terminal:
    """A program in a pseudo-terminal of 160x50; key() writes a key's bytes and returns the seconds until
    the last frame it caused was written (Textual wraps each frame in synchronized-output marks, which
    it uses once the terminal says it supports them, as this one does)."""

    def __init__(self, cmd: list[str], env: dict, cwd: Path | None = None):
        import fcntl
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        env = {**env, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50"}
        self.proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                                     close_fds=True, start_new_session=True)
        os.close(slave)
        self.tail = b""

    def settle(self, quiet: float, timeout: float = 300.0, frame: bool = False) -> float | None:
        """Read until nothing comes for `quiet` seconds (with frame, only once a frame has come: a big list
        loads in silence); the time the last frame ended (None: no frame)."""
        import select

        deadline = time.perf_counter() + timeout
        last = None
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                if frame and last is None:
                    continue
                return last
            try:
                data = os.read(self.master, 1 << 20)
            except OSError:
                return last
            now = time.perf_counter()
            seen = self.tail + data
            if SYNC_QUERY in seen:
                os.write(self.master, SYNC_REPLY)
            if SYNC_END in seen:
                last = now
            self.tail = seen[-16:]
        if timeout < 60:
            return last  # a key: whatever frame came in time
        raise SystemExit("the app did not settle")

    def key(self, name: str, quiet: float = 0.12) -> float:
        """Seconds from the key to the end of the last frame it caused (the first frame awaited up to 5 s, so
        a slow frame is never counted as the next key's)."""
        start = time.perf_counter()
        os.write(self.master, KEYS.get(name, name.encode()))
        end = self.settle(quiet, timeout=5.0, frame=True)
        return (end - start) if end is not None else float("nan")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def keypress_latency(tree: Path, home: Path, presses: int, screen: str = "triage") -> list[tuple[str, list[float]]]:
    """Keypress-to-frame times on the triage screen of `home` (a copy), with paperpass imported from `tree`
    (screen="library": on the library screen, down and the filter, which it has too)."""
    copy = Path(tempfile.mkdtemp()) / "home"
    shutil.copytree(home, copy)
    env = {**os.environ, "PYTHONPATH": str(tree), "PAPERPASS_HOME": str(copy)}
    terminal = Terminal([sys.executable, "-c", LAUNCH, str(copy)], env, cwd=tree)
    results: dict[str, list[float]] = {}

    def timed(label: str, key: str) -> None:
        results.setdefault(label, []).append(terminal.key(key))

    try:
        terminal.settle(quiet=2.0, frame=True)  # launched, the list shown and "ranked"
        if screen == "library":
            os.write(terminal.master, b"l")
            terminal.settle(quiet=2.0, frame=True)  # the library screen, every paper listed
        for _ in range(presses):
            timed("down (next row)", "down")
        for _ in range(presses if screen == "triage" else 0):
            timed("x (skip; row removed)", "x")
        for _ in range(presses if screen == "triage" else 0):
            terminal.key("x")
            timed("u (undo; paper back in the list)", "u")
        for word in FILTER_WORDS[:max(1, presses // 5)]:
            terminal.key("slash")
            timed("filter: first letter (whole list)", word[0])
            for letter in word[1:]:
                timed("filter: next letters (narrowing)", letter)
            for _ in word[1:]:
                timed("filter: backspace (widening)", "backspace")
            timed("filter: last backspace (filter empty)", "backspace")
            terminal.key("escape", quiet=0.5)
    finally:
        terminal.close()
        shutil.rmtree(copy.parent, ignore_errors=True)
    return list(results.items())


def baseline_latency(presses: int, rows: int) -> list[tuple[str, list[float]]]:
    """The same measurement on a bare Textual DataTable of as many rows: what the framework's table costs."""
    terminal = Terminal([sys.executable, "-c", BARE, str(rows)], dict(os.environ))
    try:
        terminal.settle(quiet=2.0, frame=True)
        return [("bare Textual DataTable, down", [terminal.key("down") for _ in range(presses)])]
    finally:
        terminal.close()


def median_ms(times: list[float]) -> float:
    return statistics.median([t for t in times if t == t] or [float("nan")]) * 1000


def before_tree(ref: str) -> Path:
    """The repository at `ref` (e.g. main), extracted read-only to a temporary directory."""
    root = Path(__file__).resolve().parents[1]
    tree = Path(tempfile.mkdtemp(prefix="pp-before-"))
    archive = subprocess.run(["git", "-C", str(root), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def pooled(runs: list[list[tuple[str, list[float]]]]) -> list[tuple[str, list[float]]]:
    """The samples of several runs of keypress_latency, row by row."""
    rows: dict[str, list[float]] = {}
    for run in runs:
        for label, times in run:
            rows.setdefault(label, []).extend(times)
    return list(rows.items())


def latency(presses: int, sizes: list[int], before: str | None, rounds: int = 1, screen: str = "triage") -> None:
    root = Path(__file__).resolve().parents[1]
    old = before_tree(before) if before else None
    for size in sizes:
        home = Path(tempfile.mkdtemp()) / "home"
        big_library(home, size)
        # With --before, a round is this tree then the old one: rounds alternate them, so that a change of
        # the machine's load in between weighs on both alike; samples are pooled over the rounds.
        afters, befores = [], []
        for _ in range(rounds):
            afters.append(keypress_latency(root, home, presses, screen))
            if old:
                befores.append(keypress_latency(old, home, presses, screen))
        after = pooled(afters)
        was = dict(pooled(befores)) if old else {}
        bare = baseline_latency(presses, size)
        head = f"keypress to frame, {size:,}-paper {screen}"
        print(f"\n{head:<40} {'median ms':>9} {'p90 ms':>7} {'max ms':>7}"
              + (f"   {'before (' + before + ') median ms':>24}" if old else ""))
        for label, times in bare + after:
            before_ms = f"   {median_ms(was[label]):>24.1f}" if label in was else ""
            framed = sorted(t * 1000 for t in times if t == t) or [float("nan")]  # nan: the key drew no frame
            p90 = framed[int(0.9 * (len(framed) - 1))]
            print(f"{label:<40} {statistics.median(framed):>9.1f} {p90:>7.1f} {framed[-1]:>7.1f}{before_ms}"
                  + (f"  ({len(times) - len(framed)} keys drew no frame)" if len(framed) < len(times) else ""))
        sys.stdout.flush()
        if old:
            for label in [label for label in was if label not in dict(after)]:
                print(f"{label:<40} {'':>9} {'':>7} {'':>7}   {median_ms(was[label]):>24.1f}")
        shutil.rmtree(home.parent, ignore_errors=True)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--papers", default="5000,50000", help="list sizes, comma-separated")
    parser.add_argument("--before", metavar="REF", help="also measure this git ref (e.g. main), same run")
    parser.add_argument("--keys-only", action="store_true", help="skip the launch figures")
    parser.add_argument("--screen", choices=["triage", "library"], default="triage",
                        help="the screen whose keys are timed (library: down and the filter)")
    parser.add_argument("--rounds", type=int, default=1, help="keypress runs per tree, alternating (pooled)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
    if not args.keys_only:
        startup(args.runs)
    latency(args.presses, [int(n) for n in args.papers.split(",")], args.before, args.rounds, args.screen)


if __name__ == "__main__":
    main()
