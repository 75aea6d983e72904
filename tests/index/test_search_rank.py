"""Search (keyword, phrase, author, scope) and triage ranking (cold start, learning, MMR, reasons)."""

import json

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.config import Settings, save_settings
from paperpass.index.rank import rank_for_triage
from paperpass.index.search import related_papers, search
from paperpass.models import Paper
from paperpass.store.papers import get_paper, set_decision, upsert_paper
from paperpass.store.reading import add_note, start_pass

TOPICS = {
    "vision": ["convolutional networks for image classification", "object detection with region proposals",
               "semantic segmentation of street scenes", "image recognition with residual connections"],
    "rl": ["policy gradient for robot locomotion", "q learning agents playing atari games",
           "reward shaping for exploration in reinforcement learning", "model based reinforcement learning planning"],
    "speech": ["speech recognition with recurrent networks", "text to speech synthesis vocoder",
               "speaker verification embeddings audio", "acoustic models for spoken language"],
}


def _library(conn, upvotes=None):
    ids = {}
    n = 0
    for titles in TOPICS.values():
        for t in titles:
            n += 1
            p = upsert_paper(conn, Paper(title=t.capitalize(), abstract=f"We present {t}. " * 2,
                                         authors=[f"Writer {n}"], published=f"2024-03-{10 + n % 5:02d}",
                                         arxiv_id=f"2403.{n:05d}",
                                         popularity=(upvotes or {}).get(t))).paper
            ids[t] = p.id
    return ids


def test_quoted_phrase_must_match(conn, fake_embedder):
    ids = _library(conn)
    hits = search(conn, '"reinforcement learning planning"')
    assert [h.paper_id for h in hits] == [ids["model based reinforcement learning planning"]]
    assert "[" in hits[0].snippet


def test_author_name_finds_their_paper_first(conn, fake_embedder):
    ids = _library(conn)
    upsert_paper(conn, Paper(title="Deep residual learning for image recognition", authors=["Kaiming He", "Jian Sun"],
                             abstract="He and colleagues present residual nets.", published="2024-03-01"))
    hits = search(conn, "Kaiming He")
    assert hits[0].title.lower() == "deep residual learning for image recognition"
    assert "deep residual" in " ".join(h.title.lower() for h in search(conn, "Jian Sun", scope="papers")[:2])
    assert ids


def test_scopes_and_kinds(conn, fake_embedder):
    ids = _library(conn)
    pid = ids["text to speech synthesis vocoder"]
    add_note(conn, pid, 2, "The vocoder is trained with a multi-resolution spectral loss")
    notes = search(conn, "spectral loss vocoder", scope="notes")
    assert notes and all(h.kind == "note" for h in notes) and notes[0].pass_no == 2
    papers = search(conn, "vocoder", scope="papers")
    assert papers and all(h.kind in ("paper", "section") for h in papers)
    both = search(conn, "vocoder", scope="all")
    assert {h.kind for h in both} == {"paper", "note"}


def test_bad_scope_and_empty_query(conn, fake_embedder):
    from paperpass.errors import InvalidInput

    with pytest.raises(InvalidInput):
        search(conn, "x", scope="everything")
    with pytest.raises(InvalidInput):
        search(conn, "   ")


def test_cold_start_interests_then_popularity(conn, fake_embedder, isolated_home):
    ids = _library(conn, upvotes={"speaker verification embeddings audio": 90, "policy gradient for robot locomotion": 5})
    ranked = rank_for_triage(conn, days=30)
    assert ranked[0].paper.id == ids["speaker verification embeddings audio"]
    assert "90 upvotes" in ranked[0].reasons
    save_settings(Settings(interests=["segmentation"]), isolated_home / "config.toml")
    ranked = rank_for_triage(conn, days=30)
    assert ranked[0].paper.id == ids["semantic segmentation of street scenes"]
    assert "matches your interest 'segmentation'" in ranked[0].reasons


def test_ranking_learns_from_keeps_skips_reads_and_notes(conn, fake_embedder):
    ids = _library(conn)
    set_decision(conn, ids["policy gradient for robot locomotion"], "keep")
    set_decision(conn, ids["speech recognition with recurrent networks"], "skip")
    start_pass(conn, ids["q learning agents playing atari games"], 2)
    add_note(conn, ids["model based reinforcement learning planning"], 1, "planning with a learned model")
    ranked = rank_for_triage(conn, days=30)
    decided_or_read = {ids[t] for t in ("policy gradient for robot locomotion", "speech recognition with recurrent networks",
                                        "q learning agents playing atari games", "model based reinforcement learning planning")}
    assert not decided_or_read & {r.paper.id for r in ranked}
    assert ranked[0].paper.id == ids["reward shaping for exploration in reinforcement learning"]
    assert any(reason.startswith("similar to") for reason in ranked[0].reasons)
    with_decided = rank_for_triage(conn, days=30, include_decided=True)
    assert {r.decision for r in with_decided} >= {"keep", "skip"}


def test_window_counts_back_from_the_newest_paper(conn, fake_embedder):
    _library(conn)
    upsert_paper(conn, Paper(title="Old paper on speech", published="2023-01-01"))
    titles = {r.paper.title for r in rank_for_triage(conn, days=7)}
    assert "Old paper on speech" not in titles and len(titles) == 12


def test_near_duplicates_do_not_crowd_the_top(conn, fake_embedder):
    for i in range(4):
        upsert_paper(conn, Paper(title=f"Diffusion transformers scale well v{i}", abstract="diffusion transformers scale",
                                 published="2024-03-10", popularity=100 - i))
    upsert_paper(conn, Paper(title="Protein folding with graph networks", abstract="proteins", published="2024-03-10",
                             popularity=60))
    ranked = rank_for_triage(conn, days=7, limit=3)
    assert "Protein folding with graph networks" in [r.paper.title for r in ranked]
    assert any(reason.startswith("close to [") for r in rank_for_triage(conn, days=7) for reason in r.reasons)


def test_related_papers(conn, fake_embedder):
    ids = _library(conn)
    related = related_papers(conn, ids["policy gradient for robot locomotion"], limit=3)
    assert len(related) == 3 and ids["policy gradient for robot locomotion"] not in [r.paper.id for r in related]
    assert related[0].reasons and related[0].score >= related[-1].score


def test_related_papers_carry_paper_ids_when_item_ids_differ(conn, fake_embedder):
    ids = _library(conn)
    add_note(conn, ids["speech recognition with recurrent networks"], 1, "a note indexed before the next paper")
    search(conn, "speech")  # indexes the note: the next paper's index item id is not its paper id
    late = upsert_paper(conn, Paper(title="Policy gradient for robot locomotion on rough ground",
                                    abstract="We present policy gradient for robot locomotion. " * 2,
                                    published="2024-03-12", arxiv_id="2403.09999")).paper
    search(conn, "locomotion")
    related = related_papers(conn, late.id, limit=5)
    assert related and late.id not in [r.paper.id for r in related]
    back = related_papers(conn, ids["policy gradient for robot locomotion"], limit=3)
    assert late.id in [r.paper.id for r in back]
    for r in related + back:
        assert get_paper(conn, r.paper.id).title == r.paper.title


def test_cli_triage_search_and_rebuild_json(conn, fake_embedder):
    ids = _library(conn, upvotes={"q learning agents playing atari games": 42})
    add_note(conn, ids["q learning agents playing atari games"], 1, "experience replay stabilises learning")
    runner = CliRunner()
    out = runner.invoke(cli, ["index", "rebuild", "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    # 12 of ours and the 12 seeded classics
    assert summary["papers"] == 24 and summary["notes"] == 1 and summary["vectors"] == 25
    out = runner.invoke(cli, ["triage", "--days", "30", "--limit", "5", "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert len(rows) == 5 and all({"id", "title", "score", "reasons"} <= set(r) for r in rows)
    out = runner.invoke(cli, ["search", "experience replay", "--notes", "--json"])
    rows = json.loads(out.output)
    assert rows[0]["kind"] == "note" and rows[0]["pass"] == 1 and rows[0]["id"] == ids["q learning agents playing atari games"]
    out = runner.invoke(cli, ["search", "atari", "--papers"])
    assert out.exit_code == 0 and f"[{ids['q learning agents playing atari games']}]" in out.output
    out = runner.invoke(cli, ["search", "atari", "--papers", "--json"])
    assert {"id", "title", "score", "kind", "snippet"} <= set(json.loads(out.output)[0])


def test_help_does_not_import_torch_or_faiss():
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from paperpass.cli import cli; "
            "CliRunner().invoke(cli, ['--help']); "
            "print(sorted(m for m in ('torch', 'faiss', 'sentence_transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_paper_dated_by_its_month_is_in_the_window_and_not_the_oldest(conn, fake_embedder):
    """A paper of '2024-03' added on 2024-03-15 counts from that day (store.papers.PUBLISHED_DAY) in the
    related papers of a window, the window's items to embed and the ranking's recency."""
    from paperpass.index.sync import sync_items
    from paperpass.store import index_tables

    ids = _library(conn)
    month = upsert_paper(conn, Paper(title="Policy gradient for robot locomotion on stairs", published="2024-03",
                                     abstract="We present policy gradient for robot locomotion. " * 2)).paper
    conn.execute("UPDATE papers SET added = '2024-03-15T09:00:00' WHERE id = ?", (month.id,))
    related = related_papers(conn, ids["policy gradient for robot locomotion"], limit=3, days=7)
    assert month.id in [r.paper.id for r in related]
    sync_items(conn)
    assert index_tables.paper_item_id(conn, month.id) in index_tables.window_paper_items(conn, "2024-03-09")
    ranked = rank_for_triage(conn, days=7)
    assert ranked[0].paper.id == month.id  # the newest (added on the 15th), not the oldest for naming no day
