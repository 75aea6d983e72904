"""Reading time with dates (migration 8): minutes read per ISO week in `paperpass stats` and the dashboard,
the totals per pass unchanged, time recorded before the migration kept, and the days carried through
rm/undo-rm and the JSON export."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.library import Library
from paperpass.store.db import connect
from paperpass.store.migrations import MIGRATIONS
from tests.library.reading_week import NOW, build


def test_stats_give_minutes_read_per_week(isolated_home):
    build(isolated_home)
    with Library.open(isolated_home) as library:
        stats = library.stats(now=NOW, weeks=3)
        report = library.stats_report(stats)
    minutes = {w.week: w.minutes for w in stats.weeks}
    # A: 7 min (12-02) + 67 min (12-03), ResNet 5 min (12-03) in W49; B: 15 min (11-26) in W48.
    assert minutes == {"2026-W47": 0, "2026-W48": 15, "2026-W49": 79}
    assert [p.total_seconds for p in stats.passes] == [420 + 900 + 300, 4020, 0]  # totals as before
    assert "  notes      read\n" in report  # the header names the last column
    assert "2026-W49      3     1  2/1/0          1      1    79 min" in report
    assert "2026-W48      1     1  1/0/0          0      1    15 min" in report


def test_time_read_across_midnight_counts_on_each_day(isolated_home):
    with Library.open(isolated_home) as library:
        library.prepare()
        pid = library.resolve("1512.03385").stored_id
        library.add_pass_time(pid, 1, 240, at=datetime(2026, 11, 29, 23, 58, tzinfo=UTC))  # Sunday, W48
        library.add_pass_time(pid, 1, 120, at=datetime(2026, 11, 30, 0, 1, tzinfo=UTC))  # Monday, W49
        library.add_pass_time(pid, 1, 60, at=datetime(2026, 11, 30, 0, 5, tzinfo=UTC))
        stats = library.stats(now=NOW, weeks=2)
        assert {w.week: w.minutes for w in stats.weeks} == {"2026-W48": 4, "2026-W49": 3}
        assert library.pass_state(pid, 1).seconds == 420


def test_migration_8_dates_the_time_already_recorded(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:7]:
        migration(raw)
    raw.execute("PRAGMA user_version = 7")
    raw.execute("INSERT INTO papers (id, title, title_norm, added) VALUES (1, 'Old', 'old', '2026-11-01')")
    raw.executemany("INSERT INTO pass_state (paper_id, pass, started, finished, seconds) VALUES (1, ?, ?, ?, ?)",
                    [(1, "2026-11-20T09:00:00+00:00", "2026-11-26T10:00:00+00:00", 600.0),
                     (2, "2026-12-01T09:00:00+00:00", None, 1800.0),
                     (3, "2026-12-02T09:00:00+00:00", None, 0.0)])
    raw.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 8
    assert [tuple(r) for r in conn.execute("SELECT pass, day, seconds FROM reading_days ORDER BY pass")] == [
        (1, "2026-11-26", 600.0), (2, "2026-12-01", 1800.0)]
    assert [r[0] for r in conn.execute("SELECT seconds FROM pass_state ORDER BY pass")] == [600.0, 1800.0, 0.0]
    conn.close()


def test_reading_days_survive_rm_undo_and_the_json_round_trip(isolated_home, tmp_path, monkeypatch):
    ids = build(isolated_home)
    runner = CliRunner()
    assert runner.invoke(cli, ["rm", str(ids["A"]), "--yes"]).exit_code == 0
    with Library.open(isolated_home) as library:
        assert {w.week: w.minutes for w in library.stats(now=NOW, weeks=1).weeks} == {"2026-W49": 5}
    assert runner.invoke(cli, ["undo-rm"]).exit_code == 0
    out = tmp_path / "library.json"
    assert runner.invoke(cli, ["export", "--format", "json", "--out", str(out)]).exit_code == 0
    record = next(p for p in json.loads(out.read_text(encoding="utf-8"))["papers"] if p["id"] == ids["A"])
    assert record["reading_days"] == [{"pass": 1, "day": "2026-12-02", "seconds": 420.0},
                                      {"pass": 2, "day": "2026-12-03", "seconds": 4020.0}]
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "new"))
    assert runner.invoke(cli, ["import", str(out)]).exit_code == 0
    with Library.open(tmp_path / "new") as library:
        assert {w.week: w.minutes for w in library.stats(now=NOW, weeks=2).weeks} == {"2026-W48": 15,
                                                                                      "2026-W49": 79}


def test_an_export_from_before_reading_days_imports_with_dated_time(isolated_home, tmp_path, monkeypatch):
    build(isolated_home)
    out = tmp_path / "library.json"
    assert CliRunner().invoke(cli, ["export", "--format", "json", "--out", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    for paper in data["papers"]:
        del paper["reading_days"]
    out.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "new"))
    assert CliRunner().invoke(cli, ["import", str(out)]).exit_code == 0
    with Library.open(tmp_path / "new") as library:
        assert {w.week: w.minutes for w in library.stats(now=NOW, weeks=2).weeks} == {"2026-W48": 15,
                                                                                      "2026-W49": 79}
