"""The paperpass Textual app: one mode per main screen, the reader pushed on top.

The app owns the Library of the UI thread (`library`, opened on `home`); the
screens call its methods, and thread workers open a Library of their own from
`home` (backend.worker_library). Expected failures (PaperpassError) become
notifications.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding

from paperpass.errors import PaperpassError
from paperpass.library import Library
from paperpass.tui.commands import PaperpassCommands
from paperpass.tui.screens.base import Unsaved
from paperpass.tui.screens.classics import ClassicsScreen
from paperpass.tui.screens.dashboard import DashboardScreen
from paperpass.tui.screens.help import HelpScreen
from paperpass.tui.screens.library import LibraryScreen
from paperpass.tui.screens.search import SearchScreen
from paperpass.tui.screens.settings import SettingsScreen
from paperpass.tui.screens.triage import TriageScreen

# Set to 1 to exit right after the first interactive frame (start-up benchmark and tests);
# PAPERPASS_FIRST_FRAME_REPORT names a file that then gets the time and the heavy modules loaded.
EXIT_AFTER_FIRST_FRAME = "PAPERPASS_EXIT_AFTER_FIRST_FRAME"
FIRST_FRAME_REPORT = "PAPERPASS_FIRST_FRAME_REPORT"
HEAVY_MODULES = ("torch", "sentence_transformers", "faiss", "pymupdf", "fitz", "transformers")

P = ParamSpec("P")
R = TypeVar("R")


class PaperpassApp(App[None]):
    """Triage the week, read in three passes, keep notes, find them again."""

    TITLE = "paperpass"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PaperpassCommands}
    MODES = {
        "triage": TriageScreen,
        "library": LibraryScreen,
        "classics": ClassicsScreen,
        "search": SearchScreen,
        "dashboard": DashboardScreen,
        "settings": SettingsScreen,
    }
    DEFAULT_MODE = "triage"
    BINDINGS = [
        Binding("1,t", "switch_mode('triage')", "Triage", show=False),
        Binding("2,l", "switch_mode('library')", "Library", show=False),
        Binding("3,c", "switch_mode('classics')", "Classics", show=False),
        Binding("4,s", "switch_mode('search')", "Search", show=False),
        Binding("5", "switch_mode('dashboard')", "Dashboard", show=False),
        Binding("6", "switch_mode('settings')", "Settings", show=False),
        Binding("plus", "add_paper", "Add a paper", show=False),
        Binding("I", "ingest_now", "Ingest now", show=False),
        Binding("E", "export", "Export", show=False),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        # ctrl+q quits from a text field too (there q is a letter of the note or the filter)
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, demo: bool = False, home: Path | None = None) -> None:
        super().__init__()
        from paperpass.config import data_dir, demo_dir

        self.demo = demo
        self.home = Path(home) if home is not None else (demo_dir() if demo else data_dir())
        self.library = Library.open(self.home)
        self.library.prepare()
        if demo:
            self.library.load_sample_week()
            self.sub_title = "demo: the bundled sample week"
        self.ingesting = False  # an ingest runs (its dialog may be closed): one at a time
        self.unsaved_settings = False  # the settings screen holds typed values not saved yet (it keeps this)
        self.library_version = 0  # bumped when papers come or go (add, ingest, delete); screens reload on it
        self.first_frame_at: float | None = None
        self.heavy_at_first_frame: list[str] = []

    # -- shared services the screens call -------------------------------------------

    def notify_error(self, exc: BaseException | str, title: str = "paperpass") -> None:
        """An expected failure as a one-line notification (never a traceback)."""
        self.notify(str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                    title=title, severity="error", timeout=8, markup=False)

    def guarded(self, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
        """Call a library method; a PaperpassError becomes a notification and None."""
        try:
            return func(*args, **kwargs)
        except PaperpassError as exc:
            self.notify_error(exc)
            return None

    def library_changed(self) -> None:
        """Papers came or went (added, ingested, edited, deleted): the screens of this mode reload now,
        the others when they are shown again (they compare `library_version`)."""
        self.library_version += 1
        for screen in self.screen_stack:
            reload = getattr(screen, "library_changed", None)
            if callable(reload):
                reload()

    def open_reader(self, paper_id: int, pass_no: int = 1, section: str | None = None,
                    pdf_error: str | None = None, note_id: int | None = None) -> None:
        from paperpass.tui.screens.reader import ReaderScreen

        try:
            self.push_screen(ReaderScreen(paper_id, pass_no=pass_no, section=section, pdf_error=pdf_error,
                                          note_id=note_id))
        except PaperpassError as exc:
            self.notify_error(exc)

    def first_frame(self) -> bool:
        """Called once the first screen has drawn and takes keys; True when the app is exiting right away."""
        if self.first_frame_at is not None:
            return False
        self.first_frame_at = time.time()
        self.heavy_at_first_frame = sorted(m for m in HEAVY_MODULES if m in sys.modules)
        report = os.environ.get(FIRST_FRAME_REPORT)
        if report:
            Path(report).write_text(json.dumps({"time": self.first_frame_at, "heavy": self.heavy_at_first_frame}))
        if os.environ.get(EXIT_AFTER_FIRST_FRAME) == "1":
            self.exit()
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        """A printable key that came back unhandled while a text box has the focus: the terminal read it with
        the key that moved the focus there ("/" then "ker", "n" then a note), so it went to the widget focused
        before; it is the box's (it was lost; with the focus queued for later it was a command: k kept)."""
        focused = self.focused
        if focused is None or not event.is_printable or getattr(event, "redirected", False):
            return  # a key sent on once and back again is left alone: no loop
        if focused.check_consume_key(event.key, event.character):
            event.stop()
            again = events.Key(event.key, event.character)
            again.redirected = True  # type: ignore[attr-defined]
            focused.post_message(again)

    def on_unmount(self) -> None:
        # The screens are gone (and have stored what they held) before the app unmounts.
        self.library.close()
        # Quitting stays instant: stop the engine process (ranking, search) without waiting.
        from paperpass.tui import backend

        backend.shutdown_engine()

    # -- actions ------------------------------------------------------------------

    def unsaved_work(self) -> Unsaved | None:
        """What quitting now would lose: typed work a screen of this mode holds (an edit dialog's, the topmost
        first; PaperpassScreen/PaperpassDialog.unsaved), else settings typed and not saved (any mode)."""
        for screen in reversed(self.screen_stack):
            unsaved = getattr(screen, "unsaved", None)
            work = unsaved() if callable(unsaved) else None
            if work is not None:
                return work
        if self.unsaved_settings:
            return Unsaved("your settings", "You changed settings and did not save them (ctrl+s in the settings "
                           "screen saves them).", back="back to the settings", mode="settings")
        return None

    async def action_quit(self) -> None:
        """Quit at once (notes and reading time are stored as they change and as screens go); typed work not
        saved yet (unsaved_work) is asked about first: y quits without it, n goes back to it."""
        work = self.unsaved_work()
        if work is None:
            self.exit()
            return
        from paperpass.tui.widgets.confirm import ConfirmDialog

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()
            elif work.mode is not None:
                self.switch_mode(work.mode)

        self.push_screen(ConfirmDialog(f"Quit without saving {work.what}?", work.details,
                                       yes="quit without saving", no=work.back), answered)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_add_paper(self) -> None:
        from paperpass.tui.widgets.add_paper import AddPaperDialog

        self.push_screen(AddPaperDialog())

    def action_ingest_now(self) -> None:
        from paperpass.tui.widgets.ingest_now import IngestDialog

        if self.ingesting:
            self.notify("an ingest is running already; you will be told when it is done", timeout=4)
            return
        self.push_screen(IngestDialog())

    def action_export(self) -> None:
        from paperpass.tui.widgets.export_dialog import ExportDialog

        self.push_screen(ExportDialog())

    def action_undo_delete(self) -> None:
        paper = self.guarded(self.library.undo_delete)
        if paper is not None:
            self.notify(f"brought back {paper.title[:60]!r} with its notes", title="undo", markup=False)
            self.library_changed()

    def action_new_list(self) -> None:
        from paperpass.tui.widgets.name_prompt import NamePrompt

        def created(name: str | None) -> None:
            if name and self.guarded(self.library.create_list, name):
                self.notify(f"created the reading list {name!r}", markup=False)
                reload = getattr(self.screen, "reload", None)
                if callable(reload):
                    reload()

        self.push_screen(NamePrompt("Name of the new reading list:", "e.g. Diffusion models"), created)
