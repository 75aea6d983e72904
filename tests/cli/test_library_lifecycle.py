"""Each command opens the library once, through the Library facade, and closes it when it ends;
commands that need no library (follow, parse) never open one. And the small commands' --json shapes."""

import json

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.library import Library


@pytest.fixture
def opened(monkeypatch):
    """Every Library the CLI opens, and how many times each was closed."""
    libraries: list[Library] = []
    closes: dict[int, int] = {}
    real_open, real_close = Library.open.__func__, Library.close

    def record_open(cls, home=None):
        library = real_open(cls, home)
        libraries.append(library)
        return library

    def record_close(self):
        closes[id(self)] = closes.get(id(self), 0) + 1
        real_close(self)

    monkeypatch.setattr(Library, "open", classmethod(record_open))
    monkeypatch.setattr(Library, "close", record_close)
    return libraries, closes


@pytest.mark.parametrize("args", [["classics"], ["show", "1", "--json"], ["mark", "1", "keep"],
                                  ["finish", "1", "--pass", "1"], ["queue", "--json"]])
def test_a_command_opens_one_library_and_closes_it(opened, args):
    libraries, closes = opened
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert len(libraries) == 1
    assert closes == {id(libraries[0]): 1}


def test_the_library_is_closed_when_the_command_fails(opened):
    libraries, closes = opened
    result = CliRunner().invoke(cli, ["show", "424242"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(libraries) == 1 and closes == {id(libraries[0]): 1}


def test_commands_without_a_library_do_not_open_one(opened, tmp_path):
    libraries, _ = opened
    runner = CliRunner()
    assert runner.invoke(cli, ["follow", "--list"]).exit_code == 0
    assert runner.invoke(cli, ["parse", str(tmp_path / "missing.pdf")]).exit_code != 0
    assert libraries == []


def test_a_note_that_cannot_be_read_opens_no_library(opened, tmp_path):
    libraries, _ = opened
    result = CliRunner().invoke(cli, ["note", "1", "--pass", "1", "--file", str(tmp_path / "absent.md")])
    assert result.exit_code == 2 and "cannot read note file" in result.output
    assert libraries == []


def test_mark_json(opened):
    result = CliRunner().invoke(cli, ["mark", "1", "later", "--json"])
    data = json.loads(result.output)
    assert list(data) == ["id", "title", "decision"]
    assert data["id"] == 1 and data["decision"] == "defer"
    deferred = json.loads(CliRunner().invoke(cli, ["triage", "--deferred", "--json"]).output)
    assert [d["id"] for d in deferred] == [1]
    assert list(deferred[0]) == ["id", "title", "score", "deferred", "arxiv_id", "published", "popularity"]


def test_follow_and_unfollow_json():
    runner = CliRunner()
    first = json.loads(runner.invoke(cli, ["follow", "Yann  LeCun", "--json"]).output)
    assert first == {"followed": ["Yann LeCun"], "following": ["Yann LeCun"]}
    again = json.loads(runner.invoke(cli, ["follow", "yann lecun", "--json"]).output)
    assert again == {"followed": [], "following": ["Yann LeCun"]}
    gone = json.loads(runner.invoke(cli, ["unfollow", "Yann LeCun", "--json"]).output)
    assert gone == {"unfollowed": ["Yann LeCun"], "following": []}


def test_backup_json_then_restore_it(tmp_path):
    runner = CliRunner()
    made = json.loads(runner.invoke(cli, ["backup", "--out", str(tmp_path / "b.db"), "--json"]).output)
    assert made["path"] == str(tmp_path / "b.db") and made["bytes"] == (tmp_path / "b.db").stat().st_size > 0
    runner.invoke(cli, ["note", "1", "--pass", "1", "--text", "after the backup"])
    restored = runner.invoke(cli, ["restore", str(tmp_path / "b.db")])
    assert restored.exit_code == 0 and restored.output.startswith(f"restored {tmp_path / 'b.db'}")
    notes = json.loads(runner.invoke(cli, ["show", "1", "--json"]).output)["notes"]
    assert notes == []


def test_restore_latest_restores_the_newest_earlier_backup_not_the_one_opening_makes(isolated_home):
    import os
    import time

    runner = CliRunner()
    runner.invoke(cli, ["note", "1", "--pass", "1", "--text", "before the backup"])
    made = json.loads(runner.invoke(cli, ["backup", "--json"]).output)["path"]
    runner.invoke(cli, ["note", "1", "--pass", "1", "--text", "after the backup"])
    two_days_ago = time.time() - 2 * 86400
    os.utime(made, (two_days_ago, two_days_ago))  # stale: the next opening makes the day's automatic backup
    restored = runner.invoke(cli, ["restore", "--latest"])
    assert restored.exit_code == 0, restored.output
    assert restored.output.startswith(f"restored {made};")
    notes = json.loads(runner.invoke(cli, ["show", "1", "--json"]).output)["notes"]
    assert [n["text"] for n in notes] == ["before the backup"]
