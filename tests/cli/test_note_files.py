"""Notes from files written by other editors: a UTF-8 byte-order mark (Windows Notepad) is not part of
the note; a file in another encoding is one clear line and no note."""

from __future__ import annotations

import json

from click.testing import CliRunner

from paperpass.cli import cli


def test_a_byte_order_mark_is_not_kept(isolated_home, tmp_path):
    note = tmp_path / "note.txt"
    note.write_bytes("\ufeffCategory: architecture.\r\nIdentity shortcuts.\r\n".encode())
    result = CliRunner().invoke(cli, ["note", "1512.03385", "--pass", "1", "--file", str(note), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"].startswith("Category: architecture.")
    piped = CliRunner().invoke(cli, ["note", "1512.03385", "--pass", "2", "--json"], input="\ufeffFrom a pipe")
    assert json.loads(piped.stdout)["text"] == "From a pipe"


def test_a_latin1_file_is_one_line_and_no_note(isolated_home, tmp_path):
    note = tmp_path / "note.txt"
    note.write_bytes("café naïve".encode("latin-1"))
    result = CliRunner().invoke(cli, ["note", "1512.03385", "--pass", "1", "--file", str(note)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"paperpass: cannot read note file {note}: it is not UTF-8 text (byte 4 is "
                                     "not UTF-8; save it as UTF-8 and try again)")
    shown = json.loads(CliRunner().invoke(cli, ["show", "1512.03385", "--json"]).stdout)
    assert shown["notes"] == []
