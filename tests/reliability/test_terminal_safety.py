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


def test_progress_bars_do_not_interpret_markup(monkeypatch):
    from paperpass.cli_output import TerminalProgress

    buffer = _forced_terminal(monkeypatch)
    # show_after=0: draw at once (by default it waits a second so short work flashes no bar)
    with TerminalProgress(show_after=0) as progress:
        progress(MARKUP, 1, 2)
        progress(f"PDF {MARKUP}", 10, 100)
    out = buffer.getvalue()
    assert "[bold red]x[/]" in out and "[link=file:///etc/passwd]" in out
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink was emitted


def test_progress_bars_wait_before_drawing_and_stay_quiet_for_json(monkeypatch):
    from paperpass.cli_output import TerminalProgress

    buffer = _forced_terminal(monkeypatch)
    with TerminalProgress() as progress:  # short work: done before the second has passed
        progress("papers", 1, 3)
        progress("papers", 3, 3)
    with TerminalProgress(enabled=False, show_after=0) as progress:  # --json
        progress("papers", 1, 3)
    assert "papers" not in buffer.getvalue()
    with TerminalProgress(show_after=0) as progress:
        progress("papers", 1, 3)
    assert "papers" in buffer.getvalue()


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
