"""The demo's first ranking on a fresh home: before (sentence-transformers on torch, every abstract
embedded at launch) vs after (the default backend, whose vectors of the demo library ship in data/).

Each run: a fresh PAPERPASS_HOME, the demo library opened and the sample week loaded as
`paperpass demo` does, then backend.rank_week in the engine process (what the triage
screen waits for). Wall seconds from the start of the process.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python bench/demo_first_ranking.py [--skip-before]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = """
import time; t0 = time.perf_counter()
from paperpass.config import demo_dir
from paperpass.ingest.sample import load_sample_week
from paperpass.store import open_library
from paperpass.tui import backend
conn = open_library(demo_dir()); load_sample_week(conn); conn.commit()
ranked = backend.rank_week(demo_dir())
print(f"{time.perf_counter() - t0:.1f} {len(ranked)}")
backend.shutdown_engine()
"""


def run(backend: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PAPERPASS_HOME": home, "PAPERPASS_EMBED_BACKEND": backend, "HF_HUB_OFFLINE": "1",
               "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True)
        seconds, n = out.stdout.split()
        return float(seconds), int(n)


def main():
    from paperpass.index.embed import DEFAULT_QUANT

    print("| demo, fresh home | first ranking ready (s) | papers ranked |\n|---|---|---|")
    after = f"onnx-{DEFAULT_QUANT}"
    s, n = run(after)
    print(f"| after: {after}, shipped vectors | {s:.1f} | {n} |", flush=True)
    if "--skip-before" not in sys.argv:
        s, n = run("torch")
        print(f"| before: torch, embedded at launch | {s:.1f} | {n} |")


if __name__ == "__main__":
    main()
