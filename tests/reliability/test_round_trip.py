"""Export -> import and backup -> restore lose nothing: every user table compared row by row, column by column."""

from __future__ import annotations

import json

from click.testing import CliRunner
from library_builder import USER_TABLES, differences, populate, table_rows

from paperpass.cli import cli
from paperpass.store.backup import create_backup, restore_backup
from paperpass.store.db import connect, integrity_check, open_library
from paperpass.store.transfer import export_library, import_library


def test_export_import_reproduces_every_user_table(conn, tmp_path):
    counts = populate(conn, 300, note_share=0.5)
    assert counts["notes"] > 100 and counts["versions"] > counts["notes"] and counts["refs"] and counts["five_cs"]
    exported = json.loads(json.dumps(export_library(conn), ensure_ascii=False))  # through real JSON text
    fresh = open_library(tmp_path / "fresh")
    assert import_library(fresh, exported) == counts["papers"] + 12  # plus the seeded classics
    assert differences(conn, fresh) == {}
    for table in USER_TABLES:
        assert table_rows(fresh, table) or table in ("reading_lists", "list_items", "paper_refs"), table
    assert export_library(fresh) == exported
    assert integrity_check(fresh) == []


def test_cli_export_import_round_trip_keeps_timings_five_cs_and_history(conn, isolated_home, tmp_path, monkeypatch):
    populate(conn, 60, note_share=0.6)
    out = tmp_path / "lib.json"
    assert CliRunner().invoke(cli, ["export", "--format", "json", "--out", str(out)]).exit_code == 0
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "fresh"))
    result = CliRunner().invoke(cli, ["import", str(out)])
    assert result.exit_code == 0, result.output
    fresh = connect(tmp_path / "fresh" / "paperpass.db")
    assert differences(conn, fresh) == {}


def test_a_bad_export_file_imports_nothing(conn, tmp_path):
    populate(conn, 20, note_share=1.0)
    data = export_library(conn)
    del data["papers"][-1]["notes"][0]["history"]  # inconsistent record at the very end
    fresh = open_library(tmp_path / "fresh")
    before = table_rows(fresh, "papers")
    try:
        import_library(fresh, data)
    except Exception as exc:  # noqa: BLE001 - the type is checked below
        assert type(exc).__name__ == "InvalidInput" and "nothing was imported" in str(exc)
    assert table_rows(fresh, "papers") == before and table_rows(fresh, "notes") == []


def test_backup_restore_reproduces_every_user_table(conn, isolated_home, tmp_path):
    populate(conn, 200, note_share=0.5)
    snapshot = connect(create_backup(conn, isolated_home, tmp_path / "snap.db"), migrate=False)
    conn.execute("DELETE FROM notes")  # a disaster
    restore_backup(conn, isolated_home, tmp_path / "snap.db")
    assert differences(snapshot, conn) == {}
    assert integrity_check(conn) == []
