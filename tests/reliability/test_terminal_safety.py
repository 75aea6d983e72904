"""Text from feeds and PDFs is shown as typed: no Rich markup, no terminal escapes, no path escapes."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.models import Paper
from paperpass.store.papers import upsert_paper

MARKUP = "[bold red]x[/] and [link=file:///etc/passwd]click me[/link]"
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


@pytest.fixture
def hostile_paper(conn):
    paper = upsert_paper(conn, Paper(title=f"{MARKUP} {ESCAPES}end", arxiv_id="2501.01234", arxiv_version=1,
                                     authors=[f"[i]Eve[/i]{ESCAPES}"], abstract=f"abstract {ESCAPES}[blink]",
                                     source="feed")).paper
    return paper


def test_control_characters_never_reach_the_store(conn, hostile_paper):
    stored = conn.execute("SELECT title, authors, abstract FROM papers WHERE id = ?", (hostile_paper.id,)).fetchone()
    for text in stored:
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert stored["title"].startswith(MARKUP)  # the brackets themselves are kept, literally
    assert json.loads(stored["authors"]) == ["[i]Eve[/i]]0;pwned[2J31m"]


@pytest.mark.parametrize("args", [
    ["show", "2501.01234"],
    ["mark", "2501.01234", "later"],
    ["note", "2501.01234", "--pass", "1", "--text", "[red]my note[/red]"],
    ["export", "--format", "bibtex"],
])
def test_cli_human_output_shows_markup_literally(hostile_paper, args):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "[bold red]x[/]" in result.output or "[bold red]x[/]" in result.output.replace("\\", "")
    assert "\x1b" not in result.output


def _forced_terminal(monkeypatch) -> io.StringIO:
    """Make every rich Console write to a buffer as if it were a terminal."""
    import rich.console

    buffer = io.StringIO()
    real = rich.console.Console

    class TerminalConsole(real):
        def __init__(self, *args, **kwargs):
            kwargs.update(file=buffer, force_terminal=True, width=200, color_system="truecolor")
            kwargs.pop("stderr", None)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(rich.console, "Console", TerminalConsole)
    return buffer


def test_ingest_progress_bars_do_not_interpret_markup(monkeypatch):
    from paperpass.ingest.report import progress_bars

    buffer = _forced_terminal(monkeypatch)
    with progress_bars() as progress:
        assert progress is not None
        progress(MARKUP, 1, 2)
        progress(f"PDF {MARKUP}", 10, 100)
    out = buffer.getvalue()
    assert "[bold red]x[/]" in out and "[link=file:///etc/passwd]" in out
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink was emitted


def test_index_progress_does_not_interpret_markup(monkeypatch):
    from paperpass.cli import _index_progress

    buffer = _forced_terminal(monkeypatch)
    bar = _index_progress()
    bar.quiet = False
    bar.SHOW_AFTER = 0  # show at once (it waits a second so short work flashes no bar)
    bar(MARKUP, 1, 3)
    bar._progress.refresh()
    bar._progress.stop()
    out = buffer.getvalue()
    assert "[bold red]x[/]" in out and "\x1b]8;" not in out


@pytest.mark.parametrize("title", ["../../../escaped", "a/b/../../c", "/etc/passwd", "..", "\\..\\win", "CON"])
def test_markdown_export_file_names_stay_in_the_out_dir(conn, tmp_path, title):
    from paperpass.library.export import export_markdown

    upsert_paper(conn, Paper(title=title, source="manual"))
    out = tmp_path / "out"
    written = export_markdown(conn, out)
    root = out.resolve()
    for path in written:
        assert path.resolve().parent == root, path
    assert not (tmp_path / "escaped.md").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
