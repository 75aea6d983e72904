"""Settings: what the ingest pulls (categories, feeds, people followed), how far back, triage's interests,
the PDF viewer; edited here and saved with ctrl+s through Library.save_settings.

Nothing is written until every value is good: each bad one gets a line of its own under the form, and the
file keeps its old values. What is typed stays in the form across screens until it is saved or reverted.

The first field has the focus on arrival, so what is typed at once goes into the form (as the search screen's
box); escape leaves the field for the screen keys (1-6, ?, q) and, with no field focused, goes back to it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import DescendantFocus, ScreenSuspend
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from paperpass.config import Settings
from paperpass.errors import PaperpassError
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.widgets.field_form import ListInput, ProseInput
from paperpass.tui.widgets.footer import KeysFooter

# (field, label, kind): "words" a comma-separated list, "lines" one per line, "days" a whole number, "text".
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("interests", "Interests: keywords that rank triage before you have kept anything (comma-separated)", "words"),
    ("categories", "arXiv categories the ingest pulls, e.g. cs.LG cs.CV (spaces or commas)", "categories"),
    ("days", "Days back an ingest looks (1-365)", "days"),
    ("feeds", "Feeds: RSS/Atom URLs or local files, one per line", "lines"),
    ("follow", "People you follow: their new arXiv papers come in with the ingest, one name per line", "lines"),
    ("pdf_viewer", "PDF viewer: a command with {path} and {page}, e.g. zathura --page={page} {path}; "
                   "empty tries zathura, evince, okular, sioyek, mupdf, then xdg-open", "text"),
    ("review_dir", "Weekly reviews (w on the dashboard) go to this folder, an Obsidian vault's say; "
                   "empty: reviews/ in the data directory", "text"),
)


def field_text(settings: Settings, name: str, kind: str) -> str:
    value = getattr(settings, name)
    if kind == "words":
        return ", ".join(value)
    if kind == "categories":
        return " ".join(value)
    if kind == "lines":
        return "\n".join(value)
    return str(value)


def parse_form(current: Settings, texts: dict[str, str]) -> tuple[Settings, list[str]]:
    """The settings the form's texts describe, on top of `current`; and one line per bad value."""
    problems: list[str] = []
    changes: dict[str, object] = {}
    for name, _label, kind in FIELDS:
        text = texts[name]
        if kind == "words":
            changes[name] = [w.strip() for w in text.split(",") if w.strip()]
        elif kind == "categories":
            changes[name] = [c for c in re.split(r"[\s,]+", text) if c]  # checked with the other settings
        elif kind == "lines":
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if name == "feeds":
                for feed in lines:
                    if not re.match(r"^https?://\S+$", feed) and not Path(feed).expanduser().is_file():
                        problems.append(f"feeds: {feed!r} is neither an http(s) URL nor a file")
            changes[name] = lines
        elif kind == "days":
            try:
                changes[name] = int(text.strip())
            except ValueError:
                problems.append(f"days: {text.strip()!r} is not a whole number of days")
        else:
            changes[name] = text.strip()
    return dataclasses.replace(current, **changes), problems  # type: ignore[arg-type]


class SettingsScreen(PaperpassScreen):
    """Your settings: the sources of the ingest, triage's interests, the PDF viewer."""

    AUTO_FOCUS = ""  # the first field is focused on arrival by on_screen_resume, the form not scrolled
    BINDINGS = [
        Binding("escape", "leave_field", "Leave the field"),  # in a field (check_action)
        Binding("escape", "edit_field", "Edit"),  # with no field focused: back to the last one
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "revert", "Revert"),
    ]
    PALETTE_ACTIONS = [
        ("save", "Settings: save", "check every value and write config.toml"),
        ("revert", "Settings: revert", "back to what config.toml holds"),
    ]

    modified: var[bool] = var(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.settings = Settings()
        self.path: Path | None = None
        self.saved_texts: dict[str, str] = {}  # what the form held when loaded or saved
        self._last_field: Widget | None = None  # the field escape goes back to

    def compose(self) -> ComposeResult:
        yield Static(id="settings-status", classes="status")
        with VerticalScroll(id="settings-form"):
            for name, label, kind in FIELDS:
                yield Label(Text(label), classes="setting-label")
                if kind == "lines":
                    yield TextArea(id=f"set-{name}", classes="setting-lines", soft_wrap=False)
                else:
                    # a paste keeps all its lines (an item each in a comma-separated list; categories and the
                    # rest are joined by spaces); focus puts the cursor at the end: typing adds, never replaces
                    field = ListInput if kind == "words" else ProseInput
                    yield field(id=f"set-{name}", classes="setting-input", select_on_focus=False)
        yield Static(id="settings-problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.focused is None:
            # after the first layout: focusing while the form has no size scrolled its first label away
            self.call_after_refresh(self.set_focus, self.query_one("#set-interests"), scroll_visible=False)

    def load(self) -> None:
        """The form shows what config.toml holds (the defaults where it says nothing)."""
        problems: list[str] = []
        try:
            self.settings = self.app.library.settings()
        except PaperpassError as exc:  # a bad file: its problems are shown, the form starts from the defaults
            self.settings = Settings()
            problems = str(exc).splitlines()
        for name, _label, kind in FIELDS:
            text = field_text(self.settings, name, kind)
            widget = self.query_one(f"#set-{name}")
            if isinstance(widget, TextArea):
                widget.load_text(text)
            elif isinstance(widget, Input):
                widget.value = text
        self.saved_texts = self.texts()
        self.show_problems(problems)
        self.modified = False
        self.show_status()

    def texts(self) -> dict[str, str]:
        out = {}
        for name, _label, _kind in FIELDS:
            widget = self.query_one(f"#set-{name}")
            out[name] = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
        return out

    def show_problems(self, problems: list[str]) -> None:
        shown = self.query_one("#settings-problems", Static)
        shown.update(Text("\n".join(problems), style="red"))
        shown.display = bool(problems)

    def show_status(self, note: str | None = None) -> None:
        text = Text()
        text.append("Settings", style="bold")
        # What the reader must see first; the file's place last, where a narrow terminal may cut it.
        if self.modified:
            text.append(" · not saved (ctrl+s saves, ctrl+r reverts)", style="yellow")
        if note:
            text.append(f" · {note}", style="green")
        text.append(f" · {_homely(self.app.library.home / 'config.toml')}", style="dim")
        self.query_one("#settings-status", Static).update(text)

    def watch_modified(self) -> None:
        self.app.unsaved_settings = self.modified  # quitting asks about them
        self.show_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.modified = self.texts() != self.saved_texts

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.modified = self.texts() != self.saved_texts

    def action_save(self) -> None:
        settings, problems = parse_form(self.settings, self.texts())
        # and what the library finds wrong (ranges, the viewer's placeholders), all at once
        flagged = {p.split(":", 1)[0] for p in problems}
        problems += [p for p in self.app.library.settings_problems(settings) if p.split(":", 1)[0] not in flagged]
        if problems:
            self.show_problems(problems)
            self.app.notify(f"settings not saved: {len(problems)} bad value{'s' if len(problems) > 1 else ''}",
                            severity="error", markup=False)
            return
        try:
            path = self.app.library.save_settings(settings)
        except PaperpassError as exc:
            self.show_problems(str(exc).splitlines())
            self.app.notify("settings not saved: " + str(exc).splitlines()[0], severity="error", markup=False)
            return
        self.settings = settings
        self.saved_texts = self.texts()
        self.show_problems([])
        self.modified = False
        self.show_status("saved")
        self.app.notify(f"settings saved to {path}", markup=False)

    def action_revert(self) -> None:
        self.load()
        self.show_status("reverted")

    def _in_field(self) -> bool:
        return self.focused is not None and (self.focused.id or "").startswith("set-")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "leave_field":
            return self._in_field()
        if action == "edit_field":
            return not self._in_field()
        return True

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if (event.widget.id or "").startswith("set-"):
            self._last_field = event.widget
        self.refresh_bindings()  # the footer's escape: leave the field / edit

    def action_leave_field(self) -> None:
        self.set_focus(None)
        self.refresh_bindings()

    def action_edit_field(self) -> None:
        self.set_focus(self._last_field or self.query_one("#set-interests"))

    def on_screen_suspend(self, event: ScreenSuspend) -> None:
        if self.modified:
            self.app.notify("your settings are not saved yet; they wait in the settings screen (ctrl+s saves)",
                            severity="warning", timeout=6)


def _homely(path: Path) -> str:
    """A path as a shell user writes it: the home directory as ~."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)
