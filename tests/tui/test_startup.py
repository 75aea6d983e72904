"""The app starts fast and without the heavy engine (torch, sentence-transformers, faiss)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_first_frame_without_torch_sentence_transformers_or_faiss(tmp_path, isolated_home):
    report = tmp_path / "first-frame.json"
    code = ("from paperpass.tui.app import PaperpassApp\n"
            "PaperpassApp(demo=True).run(headless=True, size=(80, 24))\n")
    env = {**os.environ, "PAPERPASS_HOME": str(isolated_home), "PAPERPASS_EXIT_AFTER_FIRST_FRAME": "1",
           "PAPERPASS_FIRST_FRAME_REPORT": str(report)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text())
    assert data["heavy"] == [], data  # none of torch, sentence_transformers, faiss, pymupdf at the first frame


def test_importing_the_app_imports_nothing_heavy():
    code = ("import sys, paperpass.tui.app, paperpass.tui.screens.help\n"
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'faiss') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_a_broken_library_is_one_line_not_a_traceback(isolated_home):
    demo = isolated_home / "demo"
    demo.mkdir(parents=True)
    (demo / "paperpass.db").write_bytes(b"this is not a database" * 100)
    out = subprocess.run([sys.executable, "-m", "paperpass.cli", "demo"], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PAPERPASS_HOME": str(isolated_home)})
    assert out.returncode != 0
    assert out.stderr.startswith("paperpass: database") and "Traceback" not in out.stderr
