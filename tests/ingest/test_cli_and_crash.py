"""The ingest and add commands, configured sources, and a kill -9 in the middle of an ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner
from ingest_recorded import RecordedAPI, recorded, render_entry

from paperpass.cli import cli
from paperpass.config import Settings, save_settings


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ingest_arxiv_command_human_and_json(api):
    result = run("ingest", "arxiv", "--category", "cs.LG", "--category", "cs.AI", "--max", "20")
    assert result.exit_code == 0, result.output
    assert "20 seen, 20 added, 0 updated, 0 unchanged, 0 PDFs, 0 failed" in result.output
    result = run("ingest", "arxiv", "--category", "cs.LG", "--json")
    data = json.loads(result.output)
    assert (data["seen"], data["added"], data["unchanged"], data["failed"]) == (20, 0, 20, [])


def test_ingest_feed_command_lists_failures(httpserver, api):
    from test_feeds import BLOG

    httpserver.expect_request("/blog.xml").respond_with_data(BLOG.encode(), content_type="application/rss+xml")
    result = run("ingest", "feed", httpserver.url_for("/blog.xml"))
    assert result.exit_code == 0
    assert "6 seen, 3 added" in result.output and "failed: A file link: links to no paper (no arXiv link, DOI or PDF)" in result.output


def test_unreachable_feed_exits_non_zero_with_one_line(waits):
    result = CliRunner().invoke(cli, ["ingest", "feed", "http://127.0.0.1:9/rss"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and result.output.startswith("paperpass: http://127.0.0.1:9/rss")


def test_bad_arguments_exit_2():
    result = CliRunner().invoke(cli, ["ingest", "arxiv"])
    assert result.exit_code == 2 and "give at least one --category or a --query" in result.output
    result = CliRunner().invoke(cli, ["add", "not-an-id"])
    assert result.exit_code == 2 and "is not an arXiv id" in result.output


def test_add_command(api):
    result = run("add", "arxiv:2604.26951v1")
    assert result.exit_code == 0
    assert "Turning the TIDE" in result.output and "arXiv:2604.26951v1" in result.output
    data = json.loads(run("add", "https://arxiv.org/abs/2604.26951", "--json").output)
    assert data["arxiv_id"] == "2604.26951" and data["id"] > 0


def test_ingest_with_no_source_uses_config(isolated_home, httpserver, api):
    httpserver.expect_request("/hf.json").respond_with_data(recorded("hf_daily_papers_first8.json"),
                                                            content_type="application/json")
    save_settings(Settings(categories=["cs.LG"], feeds=[httpserver.url_for("/hf.json"), "http://127.0.0.1:9/x"],
                           arxiv_delay_seconds=0.0), isolated_home / "config.toml")
    result = CliRunner().invoke(cli, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["added"] for s in data] == [20, 8, 0]
    assert data[2]["failed"][0]["reason"].startswith("http://127.0.0.1:9/x: cannot connect")


def test_ingest_with_no_source_and_nothing_configured(isolated_home):
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 2 and "no sources configured" in result.output


def test_every_configured_source_failing_exits_non_zero(isolated_home, waits):
    save_settings(Settings(feeds=["http://127.0.0.1:9/a"], arxiv_delay_seconds=0.0), isolated_home / "config.toml")
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 1 and "none of the 1 configured sources could be read" in result.output


def _arxiv_rows(db) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM papers WHERE source = 'arxiv'").fetchone()[0]


def test_kill_9_mid_ingest_leaves_a_consistent_db_and_a_rerun_finishes(isolated_home, httpserver, listings):
    """The ingest is killed while it waits for page 3; pages 1-2 are stored whole; a re-run finishes."""
    entries = [render_entry(r) for r in listings(250)]
    api = RecordedAPI(entries)
    release = threading.Event()

    def handler(request):
        if request.args.get("start") == "200":
            release.wait(60)
        return api(request)

    httpserver.expect_request("/api/query").respond_with_handler(handler)
    env = {**os.environ, "PAPERPASS_HOME": str(isolated_home),
           "PAPERPASS_ARXIV_API": httpserver.url_for("/api/query")}
    command = [sys.executable, "-c", "from paperpass.cli import main; main()",
               "ingest", "arxiv", "--category", "cs.CV", "--max", "250", "--json"]
    db = isolated_home / "paperpass.db"
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (db.exists() and _safe_rows(db) >= 200):
            if proc.poll() is not None:
                pytest.fail(f"ingest ended early: {proc.stderr.read().decode()}")
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        release.set()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _arxiv_rows(db) == 200  # whole pages only
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    data = json.loads(rerun.stdout)
    assert (data["added"], data["unchanged"]) == (50, 200)
    assert _arxiv_rows(db) == 250


def _safe_rows(db) -> int:
    try:
        return _arxiv_rows(db)
    except sqlite3.Error:
        return 0  # the schema may not exist yet


def test_terminal_escapes_in_failures_are_not_printed(httpserver):
    hostile = ('<rss version="2.0"><channel><title>t</title><link>https://blog.example.org/</link>'
               '<item><title>\u009b2J\u009b31mevil</title><link>https://blog.example.org/x</link></item>'
               '</channel></rss>').encode()
    httpserver.expect_request("/evil.xml").respond_with_data(hostile, content_type="application/rss+xml")
    result = run("ingest", "feed", httpserver.url_for("/evil.xml"))
    assert "failed: 2J31mevil: links to no paper (no arXiv link, DOI or PDF)" in result.output
    assert "\x9b" not in result.output
