"""`stats`, `review-week` and `sources` as a user runs them; bad input is one line and changes nothing."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.library import opener
from tests.library.reading_week import build


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, list(args))

    return invoke


@pytest.fixture
def ids(isolated_home):
    return build(isolated_home)


def test_stats_json_is_the_dashboard_numbers(run, ids):
    result = run("stats", "--json", "--weeks", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["papers"] == 6 and data["states"]["done"] == 1 and data["decisions"]["kept"] == 2
    assert len(data["weeks"]) == 3 and all(set(w["passes"]) == {"1", "2", "3"} for w in data["weeks"])
    assert [p["budget_minutes"] for p in data["passes"]] == [[5, 10], [60, 60], [240, 300]]
    assert data["passes"][0]["papers"] == 3 and data["passes"][0]["over"] == 1
    assert data["queue"]["size"] == 2 and {lst["name"] for lst in data["lists"]} >= {"Computer vision"}
    text = run("stats").output
    assert "Time per pass against Keshav's budget:" in text and "Pass 1: 3 papers" in text
    assert "2 papers in the reading queue" in text


def test_stats_on_an_empty_library(run):
    result = run("stats")
    assert result.exit_code == 0 and result.output.startswith("Your library is empty")
    assert json.loads(run("stats", "--json").output)["empty"] is True


def test_review_week_markdown_json_and_file(run, ids, tmp_path):
    result = run("review-week", "--week", "2026-W49", "--wikilinks")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("---\ntitle: \"Reading week 2026-W49\"\n") and "papers_kept: 1" in text
    assert "# Reading week 2026-W49 (2026-11-30 to 2026-12-06)" in text
    assert "- [[Paper A]] (kept, 2026-12-01)" in text and "## Pass 2 finished\n\n- [[Paper A]] (67 min" in text
    assert "### [[Paper B]], pass 1 (edited, 2026-12-01)\n\n> B: the method is a rehash of 2019 work." in text
    data = json.loads(run("review-week", "--since", "2026-11-20", "--json").output)
    assert data["label"] == "since 2026-11-20" and [k["title"] for k in data["kept"]] == ["Paper B", "Paper A"]
    written = run("review-week", "--week", "2026-W48", "--out", str(tmp_path))
    path = tmp_path / "paperpass-2026-W48.md"
    assert written.exit_code == 0 and str(path) in written.output
    assert "- Paper B (kept, 2026-11-25)" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "line"), [
    (["--week", "2026-W99"], "paperpass: --week takes an ISO week such as 2026-W49, not '2026-W99'"),
    (["--week", "49"], "paperpass: --week takes an ISO week such as 2026-W49, not '49'"),
    (["--since", "31/12/2026"], "paperpass: --since takes a date such as 2026-11-30, not '31/12/2026'"),
    (["--week", "2026-W49", "--since", "2026-11-01"], "paperpass: give --week or --since, not both"),
])
def test_a_bad_period_is_one_line(run, args, line, tmp_path):
    result = CliRunner().invoke(cli, ["review-week", *args, "--out", str(tmp_path / "r.md")])
    assert result.exit_code != 0 and result.output.strip() == line
    assert not (tmp_path / "r.md").exists()


def test_sources_list_open_and_compare(run, ids, monkeypatch):
    launched = []
    monkeypatch.setattr(opener, "opener_command", lambda url: ["fake-open", url])
    monkeypatch.setattr(opener, "launch", launched.append)
    paper = str(ids["A"])
    out = run("sources", paper).output
    assert "1. arXiv listing (seen 2026-12-01): https://arxiv.org/abs/2611.00001" in out
    assert "What others say vs. my first read: (not written yet)" in out
    assert run("sources", paper, "--open", "1").output.strip() == "opened https://arxiv.org/abs/2611.00001"
    assert launched == [["fake-open", "https://arxiv.org/abs/2611.00001"]]
    run("sources", paper, "--compare", "The blog oversells it; my first read agrees on the method.")
    shown = json.loads(run("show", paper, "--json").output)
    assert shown["review"]["others_vs_mine"].startswith("The blog oversells it")
    assert [s["label"] for s in shown["sources"]] == ["arXiv listing"]


def test_sources_without_an_opener_print_the_link(run, ids, monkeypatch):
    monkeypatch.setattr(opener, "opener_command", lambda url: None)
    out = run("sources", str(ids["A"]), "--open", "1").output
    assert out.strip() == "no browser opener found (xdg-open or open); the link: https://arxiv.org/abs/2611.00001"
    bad = CliRunner().invoke(cli, ["sources", str(ids["A"]), "--open", "5"])
    assert bad.exit_code != 0 and bad.output.count("\n") == 1 and "has no source 5" in bad.output


@pytest.mark.parametrize("sep", sorted({"/", os.sep}))
def test_review_week_out_to_a_new_folder_makes_the_folder(run, ids, tmp_path, sep):
    """`--out newdir/` (a folder that does not exist yet) is a folder: made, the review written inside."""
    folder = tmp_path / "vault" / "reading"
    result = run("review-week", "--week", "2026-W48", "--out", str(folder) + sep)
    assert result.exit_code == 0, result.output
    assert folder.is_dir(), "a path ending in a separator must become a folder, not a file"
    assert (folder / "paperpass-2026-W48.md").is_file()
    again = run("review-week", "--week", "2026-W49", "--out", str(folder) + sep, "--json")
    assert again.exit_code == 0 and (folder / "paperpass-2026-W49.md").is_file()
    plain = tmp_path / "plain.md"  # no separator, not there yet: a file of that name
    assert run("review-week", "--week", "2026-W48", "--out", str(plain)).exit_code == 0 and plain.is_file()
