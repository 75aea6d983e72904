"""The README is the manual: every command and subcommand, with each of its options, is shown in it.

Walks click's command tree and reads README.md: a command counts as shown when a README line
runs it (`paperpass ingest feed ...`), an option when it appears on a line running its command.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from paperpass.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
UNDOCUMENTED = {"--help", "-h", "--version"}  # click's own, on every command


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def invocations(text: str) -> list[list[str]]:
    """Every `paperpass ...` run written in the text, as words (a line may hold several)."""
    runs = []
    for line in text.splitlines():
        for segment in re.split(r"(?<![\w-])paperpass(?= )", line)[1:]:
            runs.append(segment.split())
    return runs


def runs_of(path: tuple[str, ...], command: click.Command, runs: list[list[str]]) -> list[list[str]]:
    """The runs of exactly this command (for a group: not one of its subcommands), as the words after it."""
    subcommands = set(command.list_commands(click.Context(command))) if isinstance(command, click.Group) else set()
    found = []
    for words in runs:
        if tuple(words[:len(path)]) == path:
            rest = words[len(path):]
            if not (rest and rest[0] in subcommands):
                found.append(rest)
    return found


def options(command: click.Command) -> list[str]:
    """Each option's first spelling (--json, --pass, ...), click's own left out."""
    names = []
    for param in command.params:
        if isinstance(param, click.Option):
            spellings = [o for o in param.opts + param.secondary_opts if o not in UNDOCUMENTED]
            if spellings:
                names.append(max(spellings, key=len))
    return names


ALL = list(commands(cli))


def test_the_tree_is_walked():
    paths = {" ".join(path) for path, _ in ALL}
    assert {"ingest", "ingest arxiv", "ingest feed", "queue add", "index rebuild", "import"} <= paths


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(path) for path, _ in ALL])
def test_every_command_and_option_is_in_the_readme(path, command):
    runs = runs_of(path, command, invocations(README.read_text(encoding="utf-8")))
    assert runs, f"README.md never shows `paperpass {' '.join(path)}`"
    shown = {word.strip("[]|(){},;`") .split("=")[0] for rest in runs for word in rest}
    missing = [option for option in options(command) if option not in shown]
    assert not missing, f"README.md never shows `paperpass {' '.join(path)}` with {', '.join(missing)}"


def test_runs_are_read_per_command():
    text = "    paperpass triage --days 3\n    paperpass ingest arxiv --json\n"
    runs = invocations(text)
    by_path = dict(ALL)
    assert runs_of(("triage",), by_path[("triage",)], runs) == [["--days", "3"]]
    assert runs_of(("ingest",), by_path[("ingest",)], runs) == []  # `ingest arxiv` is not `ingest`
    assert runs_of(("mark",), by_path[("mark",)], runs) == []
