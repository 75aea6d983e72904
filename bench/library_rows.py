"""Reading the library screen's rows (Library.library_rows: every paper with its state, the reading queue first)
on a large library, wall time in process; with --before REF, the same library read by that commit's code,
alternating, in the same run.

The library is bench/tui_latency.py's (copies of the sample week's papers, some decided and queued).

    PYTHONPATH=. .venv/bin/python bench/library_rows.py [--papers 50000] [--runs 3] [--before main]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TIMER = ("import sys, time; from pathlib import Path; from paperpass.library import Library; "
         "lib = Library.open(Path(sys.argv[1])); "
         "t = time.perf_counter(); n = len(lib.library_rows()); print(time.perf_counter() - t, n)")


def read_once(tree: Path, home: Path) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", TIMER, str(home)], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    from tui_latency import before_tree, big_library

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="pp-rows-"))
    big_library(home, args.papers)
    trees = {"this tree": Path(__file__).resolve().parents[1]}
    if args.before:
        trees[f"before ({args.before})"] = before_tree(args.before)
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            seconds, rows = read_once(tree, home)
            times[name].append(seconds)
    print(f"library_rows on {rows:,} rows, median of {args.runs} (alternating):")
    for name, t in times.items():
        print(f"  {name:<24} {statistics.median(t):.2f} s  (min {min(t):.2f}, max {max(t):.2f})")


if __name__ == "__main__":
    main()
