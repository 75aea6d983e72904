"""Ranking and search run in a spawned engine process: the TUI process never imports torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Run in a fresh interpreter: other tests in this pytest process may have imported torch already.
_CODE = r"""
import json, os, signal, sys
from pathlib import Path
from paperpass.errors import PaperpassError
from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import upsert_paper
from paperpass.tui import backend

home = Path(os.environ["PAPERPASS_HOME"])
conn = open_library(home)
for i, title in enumerate(["Attention in Transformers", "Diffusion for Images", "Graph Neural Nets"]):
    upsert_paper(conn, Paper(title=title, arxiv_id=f"2601.0000{i}", abstract=f"About {title.lower()}.",
                             published=f"2026-01-0{i + 1}", source="arxiv", popularity=i))
conn.commit()
conn.close()
out = {"pid": os.getpid()}
ranked = backend.rank_week(home)
out["titles"] = sorted(r.paper.title for r in ranked)
out["engine_pid"] = backend.engine_pid()
out["torch_here"] = "torch" in sys.modules or "sentence_transformers" in sys.modules
os.kill(out["engine_pid"], signal.SIGKILL)  # a dead engine: one PaperpassError, then a fresh one
try:
    backend.rank_week(home)
    out["dead"] = "no error"
except PaperpassError as exc:
    out["dead"] = str(exc)
out["again"] = len(backend.rank_week(home))
out["second_pid"] = backend.engine_pid()
backend.shutdown_engine()
out["after_shutdown"] = backend.engine_pid()
print(json.dumps(out))
"""


def test_rank_week_runs_in_an_engine_process_without_torch_here(tmp_path, isolated_home, onnx_export):
    env = {**os.environ, "PAPERPASS_HOME": str(isolated_home), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", _CODE], env=env, capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["titles"] == ["Attention in Transformers", "Diffusion for Images", "Graph Neural Nets"]
    assert out["engine_pid"] not in (None, out["pid"])
    assert out["torch_here"] is False
    assert out["dead"].startswith("the ranking/search engine process stopped unexpectedly")
    assert out["again"] == 3
    assert out["second_pid"] not in (None, out["engine_pid"])
    assert out["after_shutdown"] is None
