"""Backups: consistent copies, rotation, automatic once a day, restore that keeps the replaced state."""

import json
import os
import time

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.errors import InvalidInput
from paperpass.store.backup import auto_backup, create_backup, list_backups, restore_backup, rotate_backups
from paperpass.store.db import connect, integrity_check
from paperpass.store.reading import add_note, all_notes


def _texts(conn):
    return sorted(n.text for n in all_notes(conn))


def test_backup_then_restore_brings_back_the_notes(conn, isolated_home):
    add_note(conn, 1, 1, "before the backup")
    path = create_backup(conn, isolated_home)
    add_note(conn, 2, 2, "after the backup")
    safety = restore_backup(conn, isolated_home, path)
    assert _texts(conn) == ["before the backup"]
    assert integrity_check(conn) == []
    replaced = connect(safety, migrate=False)
    assert _texts(replaced) == ["after the backup", "before the backup"]


def test_backup_is_consistent_while_another_connection_writes(conn, isolated_home):
    writer = connect(isolated_home / "paperpass.db")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO notes (paper_id, pass, text, created, updated) VALUES (1, 1, 'uncommitted', 'x', 'x')")
    path = create_backup(conn, isolated_home)
    writer.execute("ROLLBACK")
    copy = connect(path, migrate=False)
    assert integrity_check(copy) == [] and _texts(copy) == []


def test_rotation_keeps_the_newest(conn, isolated_home):
    made = [create_backup(conn, isolated_home) for _ in range(5)]
    removed = rotate_backups(isolated_home, keep=2)
    assert list_backups(isolated_home) == sorted(made, reverse=True)[:2]
    assert sorted(removed) == sorted(made)[:3]


def test_auto_backup_only_when_due_and_when_there_is_user_data(conn, isolated_home):
    assert auto_backup(conn, isolated_home) is None  # only the seeded classics: nothing to protect
    add_note(conn, 1, 1, "worth keeping")
    first = auto_backup(conn, isolated_home)
    assert first is not None and auto_backup(conn, isolated_home) is None
    old = time.time() - 2 * 86400
    os.utime(first, (old, old))
    assert auto_backup(conn, isolated_home) is not None


def test_a_bad_backup_is_refused_and_the_library_untouched(conn, isolated_home, tmp_path):
    add_note(conn, 1, 1, "precious")
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"\x00not a database" * 64)
    with pytest.raises(InvalidInput, match="cannot be restored"):
        restore_backup(conn, isolated_home, bogus)
    assert _texts(conn) == ["precious"]


def test_cli_backup_list_and_restore_latest(isolated_home):
    runner = CliRunner()
    runner.invoke(cli, ["note", "1512.03385", "--pass", "1", "--text", "v1"], catch_exceptions=False)
    made = json.loads(runner.invoke(cli, ["backup", "--json"], catch_exceptions=False).stdout)
    runner.invoke(cli, ["note", "1512.03385", "--pass", "1", "--text", "v2"], catch_exceptions=False)
    assert made["path"] in runner.invoke(cli, ["restore", "--list"]).output
    result = runner.invoke(cli, ["restore", "--latest"], catch_exceptions=False)
    assert result.exit_code == 0 and "restored" in result.output
    shown = json.loads(runner.invoke(cli, ["show", "1512.03385", "--json"]).stdout)
    assert [n["text"] for n in shown["notes"]] == ["v1"]
    missing = runner.invoke(cli, ["restore", str(isolated_home / "nope.db")])
    assert missing.exit_code != 0 and "no backup file" in missing.output
