"""Search on a word found in one note: the note, not dozens of weak meaning hits behind it; the same in the TUI
and in `paperpass search --json` (one rule, in index/search.py), with the real model (the engine process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import upsert_paper
from paperpass.store.reading import add_note
from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.search import SearchScreen
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

pytestmark = [pytest.mark.slow, pytest.mark.engine]

TOPICS = [
    ("Sparse attention for long documents",
     "We make transformer attention sparse so that documents of a hundred thousand tokens fit in memory."),
    ("Diffusion models for protein design",
     "A denoising diffusion model generates protein backbones that fold as designed."),
    ("Graph neural networks for molecules",
     "Message passing networks predict the properties of small molecules from their graphs."),
    ("Reward models from human preferences",
     "We train a reward model on pairwise human preferences and fine-tune a language model with it."),
    ("Speech recognition without labels",
     "Self-supervised pre-training on raw audio lets a recogniser learn from ten minutes of labelled speech."),
    ("Scaling laws for vision transformers",
     "Test error falls as a power law in model size, data and compute for image classifiers."),
]


def build(home) -> dict[str, int]:
    """Six papers of the week beside the seeded classics, a pass 3 note with a made-up word, a pass 1 note."""
    conn = open_library(home)
    ids = {}
    for n, (title, abstract) in enumerate(TOPICS):
        ids[title] = upsert_paper(conn, Paper(title=title, abstract=abstract, published=f"2026-05-0{n + 1}",
                                              arxiv_id=f"2605.{n:05d}", source="arxiv")).paper.id
    add_note(conn, ids["Graph neural networks for molecules"], 3,
             "KILLTEST: rerun the message passing ablation with three seeds.")
    add_note(conn, ids["Sparse attention for long documents"], 1, "The sparsity pattern is fixed, not learned.")
    conn.commit()
    conn.close()
    return ids


def cli_search(home, query: str) -> list[dict]:
    """`paperpass search QUERY --json` in a process of its own (the model is not loaded into the tests')."""
    code = "import sys; from paperpass.cli import cli; cli(sys.argv[1:])"
    repo = str(Path(__file__).resolve().parents[2])  # this checkout's paperpass, whatever is installed
    env = {**os.environ, "PAPERPASS_HOME": str(home), "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code, "search", query, "--json"], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


async def tui_search(home, query: str) -> tuple[list, str]:
    app = PaperpassApp(home=home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", *query, "enter")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: screen.hits and not screen.searching, timeout=120)
        return list(screen.hits), screen_text(app)


def places(hits) -> list[tuple]:
    return [(h["id"] if isinstance(h, dict) else h.paper_id, h["kind"] if isinstance(h, dict) else h.kind)
            for h in hits]


async def test_a_word_found_in_one_note_gives_that_note_not_weak_meaning_hits(isolated_home, onnx_export):
    ids = build(isolated_home)
    cli_hits = cli_search(isolated_home, "KILLTEST")
    assert places(cli_hits) == [(ids["Graph neural networks for molecules"], "note")]
    tui_hits, shown = await tui_search(isolated_home, "KILLTEST")
    assert places(tui_hits) == places(cli_hits)
    assert "(no snippet)" not in shown and "rerun the message passing ablation" in shown
    # a query with meaning still finds by meaning alone (no word of it in the paper's title)
    found = places(cli_search(isolated_home, "attention over long inputs"))
    assert found[0] == (ids["Sparse attention for long documents"], "paper") and len(found) > 1
