"""TUI latency: launch to first interactive frame of `paperpass demo`, and keypress-to-frame on 5,000 papers.

1. `paperpass demo` runs in a pseudo-terminal (a real terminal for Textual) with
   PAPERPASS_EXIT_AFTER_FIRST_FRAME=1; the app writes the time of its first
   interactive frame and the heavy modules loaded by then. Beside it, in the same
   run: bare `python -c pass`, and a minimal Textual app to its first frame.
2. A triage list of 5,000 papers driven with Pilot (headless, 160x50): the time
   from a key press until the app has handled it and redrawn.

Run: python bench/tui_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
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


async def keypress_latency(home: Path, presses: int) -> list[tuple[str, list[float]]]:
    from paperpass.tui import backend
    from paperpass.tui.app import PaperpassApp

    backend.rank_week = lambda home, days=7: []  # the list as the store gives it; no model in this figure
    app = PaperpassApp(home=home)
    results = []
    async with app.run_test(size=(160, 50)) as pilot:
        while app.screen.ranking or not app.screen.papers:
            await pilot.pause(0.05)
        for label, keys in [("down (next row)", ["down"]), ("x (skip; row removed)", ["x"]),
                            ("u (undo; list rebuilt)", ["u"]), ("filter keystroke (5,000 rows filtered)", None)]:
            times = []
            for _ in range(presses):
                if keys is None:
                    await pilot.press("slash")
                    start = time.perf_counter()
                    await pilot.press("a")
                    await pilot.pause()
                    times.append(time.perf_counter() - start)
                    await pilot.press("escape")
                    await pilot.pause()
                    continue
                if label.startswith("u"):
                    await pilot.press("x")
                    await pilot.pause()
                start = time.perf_counter()
                await pilot.press(*keys)
                await pilot.pause()
                times.append(time.perf_counter() - start)
            results.append((label, times))
        assert len(app.screen.shown) >= 5000 - 3 * presses
    return results


async def baseline_latency(presses: int) -> list[tuple[str, list[float]]]:
    """The same measurement on a bare Textual DataTable of 5,000 rows: what the framework itself costs."""
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable(cursor_type="row")

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("title", "authors")
            table.add_rows([(f"paper {i}", "someone") for i in range(5000)])

    app = Bare()
    times = []
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(presses):
            start = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return [("baseline: bare DataTable, down", times)]


def latency(presses: int) -> None:
    home = Path(tempfile.mkdtemp())
    big_library(home)
    print(f"\n{'keypress to frame, 5,000-paper triage':<40} {'median ms':>9} {'p90 ms':>7} {'max ms':>7}")
    for label, times in asyncio.run(baseline_latency(presses)) + asyncio.run(keypress_latency(home, presses)):
        times = sorted(t * 1000 for t in times)
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{label:<40} {statistics.median(times):>9.1f} {p90:>7.1f} {times[-1]:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    startup(args.runs)
    latency(args.presses)


if __name__ == "__main__":
    main()
