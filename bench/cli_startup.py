"""`paperpass --help` wall time (it must not import torch), beside bare `python -c pass` in the same run.

Run: python bench/cli_startup.py [--runs N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def wall(cmd: list[str], runs: int, env: dict) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = {**os.environ, "PAPERPASS_HOME": tempfile.mkdtemp()}
    rows = [
        ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
        ("paperpass --help", [sys.executable, "-m", "paperpass.cli", "--help"]),
        ("paperpass classics --json", [sys.executable, "-m", "paperpass.cli", "classics", "--json"]),
        ("import torch (for scale)", [sys.executable, "-c", "import torch"]),
    ]
    probe = ("import sys; from paperpass.cli import cli; "
             "from click.testing import CliRunner; CliRunner().invoke(cli, ['--help']); "
             "print(sorted(m for m in ('torch', 'sentence_transformers', 'faiss', 'pymupdf', 'textual') "
             "if m in sys.modules))")
    heavy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env).stdout.strip()
    print(f"{'command':<30} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, cmd in rows:
        t = wall(cmd, args.runs, env)
        print(f"{name:<30} {statistics.median(t):>9.3f} {min(t):>7.3f} {max(t):>7.3f}")
    print(f"heavy modules imported by --help: {heavy}")


if __name__ == "__main__":
    main()
