"""Help: every key binding of every screen, generated from their BINDINGS (never hand-written)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """(title, bindings) for the app and each screen, in the order a user meets them."""
    from paperpass.tui.app import PaperpassApp
    from paperpass.tui.screens.classics import ClassicsScreen
    from paperpass.tui.screens.library import LibraryScreen
    from paperpass.tui.screens.search import SearchScreen
    from paperpass.tui.screens.triage import TriageScreen

    sections: list[tuple[str, type]] = [("Everywhere", PaperpassApp), ("Triage", TriageScreen),
                                        ("Library", LibraryScreen), ("Classics", ClassicsScreen),
                                        ("Search", SearchScreen)]
    try:
        from paperpass.tui.screens.reader import ReaderScreen

        sections.append(("Reader", ReaderScreen))
    except ImportError:
        pass
    result = []
    for title, owner in sections:
        bindings = [b for b in Binding.make_bindings(owner.BINDINGS) if b.description]
        if title == "Everywhere":
            bindings.append(Binding("ctrl+p", "command_palette", "Command palette: screens and actions"))
        result.append((title, bindings))
    return result


def merge_keys(bindings: list[Binding], key_display) -> list[tuple[str, str]]:
    """One row per action: the keys that trigger it joined ("1 / t"), with its description."""
    rows: dict[tuple[str, str], list[str]] = {}
    for b in bindings:
        rows.setdefault((b.action, b.description), []).append(key_display(b))
    return [(" / ".join(keys), description) for (_, description), keys in rows.items()]


class HelpScreen(ModalScreen):
    """Every key, screen by screen."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Text("paperpass: keys", style="bold"))
            for title, bindings in binding_sections():
                table = Table(title=title, title_justify="left", title_style="bold cyan", show_header=False,
                              box=None, padding=(0, 2))
                table.add_column("key", style="yellow", no_wrap=True)
                table.add_column("does")
                for keys, description in merge_keys(bindings, self.app.get_key_display):
                    table.add_row(Text(keys), Text(description))
                yield Static(table)
            yield Static(Text("escape closes this help", style="dim"))
