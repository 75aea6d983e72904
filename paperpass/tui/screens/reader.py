"""The reader: one view per pass of Keshav's method, with the pass's notes editor beside it.

Everything the reader writes goes to the store as it happens: notes a moment
after the last keystroke (and on leaving), checklist ticks, the five Cs and the
review as typed, reading time every few seconds and on leaving. The PDF is
parsed in a thread worker; until it arrives (or when it cannot be parsed) the
views show the paper's metadata.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import ScreenResume, ScreenSuspend
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from paperpass.errors import PaperpassError
from paperpass.models import Document
from paperpass.reading import PASS_NAMES
from paperpass.tui.widgets.captions import CaptionList
from paperpass.tui.widgets.checklist import PassChecklist
from paperpass.tui.widgets.five_cs import FiveCsForm
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.notes import NotesEditor
from paperpass.tui.widgets.pass_views import PassOneView, PassThreeView, PassTwoView, PassView
from paperpass.tui.widgets.references import ReferenceList
from paperpass.tui.widgets.review import ReviewForm
from paperpass.tui.widgets.timer import PassTimer

# Viewers that can open a PDF at a given page, with how to ask them to.
PAGE_VIEWERS: list[tuple[str, list[str]]] = [
    ("zathura", ["--page={page}", "{path}"]),
    ("evince", ["--page-index={page}", "{path}"]),
    ("okular", ["--page", "{page}", "{path}"]),
    ("mupdf", ["{path}", "{page}"]),
]


def viewer_command(path: str, page: int) -> list[str] | None:
    """The command opening `path` at `page` in the system's viewer, or None when there is none."""
    for name, args in PAGE_VIEWERS:
        exe = shutil.which(name)
        if exe:
            return [exe, *(a.format(path=path, page=page) for a in args)]
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    exe = shutil.which(opener)
    return [exe, path] if exe else None


class ReaderScreen(Screen):
    """Read one paper pass by pass (keys 1, 2, 3), writing notes beside each pass."""

    CSS_PATH = "reader.tcss"

    BINDINGS = [
        Binding("1", "show_pass(1)", "Pass 1"),
        Binding("2", "show_pass(2)", "Pass 2"),
        Binding("3", "show_pass(3)", "Pass 3"),
        Binding("n", "focus_notes", "Notes"),
        Binding("v", "focus_view", "View", show=False),
        Binding("escape", "leave", "Back"),
    ]

    class DocumentLoaded(Message):
        def __init__(self, document: Document) -> None:
            super().__init__()
            self.document = document

    class DocumentFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, paper_id: int, pass_no: int = 1, section: str | None = None) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.pass_no = pass_no if pass_no in (1, 2, 3) else 1
        self.section = section
        self.document: Document | None = None
        self._conn = None
        # Kept by reference so leaving or quitting can still store them while the DOM is torn down.
        self._editors: list[NotesEditor] = []
        self._timer: PassTimer | None = None

    # -- store access (plain store functions; one connection for this screen's thread) ----------

    def _home(self) -> Path | None:
        home = getattr(self.app, "home", None)
        return Path(home) if home else None

    @property
    def conn(self):
        if self._conn is None:
            from paperpass.store import open_library

            self._conn = open_library(self._home())
        return self._conn

    def _store(self, what: str, func, *args, **kwargs):
        """Call a store function; a failure becomes a notification, not a traceback."""
        try:
            return func(self.conn, *args, **kwargs)
        except PaperpassError as exc:
            self.notify(f"Could not save {what}: {exc}", severity="error", markup=False)
        except Exception as exc:  # sqlite3 errors: the reader must keep working and say so
            self.notify(f"Could not save {what}: {exc}", severity="error", markup=False)
        return None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from paperpass.store.papers import get_paper
        from paperpass.store.reading import get_five_cs, get_review, notes_for, pass_states
        from paperpass.store.refs import references_for

        conn = self.conn
        self.paper = get_paper(conn, self.paper_id)
        states = {s.pass_no: s for s in pass_states(conn, self.paper_id)}
        notes = {p: (notes_for(conn, self.paper_id, p) or [None])[-1] for p in (1, 2, 3)}
        review = get_review(conn, self.paper_id)
        references = references_for(conn, self.paper_id)
        self._stored_seconds = {p: states[p].seconds for p in (1, 2, 3)}

        with Horizontal(id="reader-bar"):
            yield Static(PASS_NAMES[self.pass_no], id="pass-name", markup=False)
            self._timer = PassTimer(id="timer")
            yield self._timer
            yield Static("", id="parse-status", markup=False)
        with Horizontal(id="reader-body"):
            with ContentSwitcher(initial=f"pass-{self.pass_no}", id="views"):
                yield PassOneView(self.paper, states[1].checklist, get_five_cs(conn, self.paper_id), review,
                                  references, id="pass-1")
                yield PassTwoView(states[2].checklist, review, references, id="pass-2")
                yield PassThreeView(states[3].checklist, id="pass-3")
            with ContentSwitcher(initial=f"notes-{self.pass_no}", id="notes"):
                self._editors = [NotesEditor(p, notes[p].text if notes[p] else "", id=f"notes-{p}") for p in (1, 2, 3)]
                yield from self._editors
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.paper.title
        self._start_pass(self.pass_no)
        self.query_one(f"#pass-{self.pass_no}", PassView).focus()
        if not self.paper.pdf_path:
            self._set_parse_status("metadata only")
            self._unavailable("this paper has no PDF yet")
            self.notify("No PDF for this paper yet: showing its title and abstract.", severity="warning", markup=False)
        else:
            self._set_parse_status("parsing…")
            self._load_document()

    # -- parsing in a worker -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="reader-parse")
    def _load_document(self) -> None:
        from paperpass.store import open_library
        from paperpass.store.documents import load_document

        try:
            conn = open_library(self._home())  # a connection of this thread's own
            try:
                document = load_document(conn, self.paper_id)
            finally:
                conn.close()
        except PaperpassError as exc:
            self.post_message(self.DocumentFailed(str(exc)))
        except Exception as exc:  # a parser bug must not take the reader down with it
            self.post_message(self.DocumentFailed(f"parsing failed unexpectedly ({type(exc).__name__}: {exc})"))
        else:
            self.post_message(self.DocumentLoaded(document))

    async def on_reader_screen_document_loaded(self, message: DocumentLoaded) -> None:
        self.document = message.document
        for view in list(self.query(PassView)):
            mounting = view.show_document(message.document)
            if mounting is not None:
                await mounting
        self._set_parse_status(f"{message.document.pages} pages")
        if self.section:
            self.call_after_refresh(self._scroll_to_section, self.section)

    def on_reader_screen_document_failed(self, message: DocumentFailed) -> None:
        self._set_parse_status("metadata only")
        self._unavailable(message.reason)
        self.notify(f"Showing metadata only: {message.reason}", severity="warning", markup=False)

    def _unavailable(self, reason: str) -> None:
        for view in self.query(PassView):
            view.show_unavailable(reason)

    def _scroll_to_section(self, name: str, tries: int = 60) -> None:
        """Show the section in this pass's view (pass 1 shows headings only, so the full text).

        The heights of freshly mounted text settle over a few refreshes, so the
        scroll is checked and repeated until the heading sits at the top.
        """
        view = self.query_one(f"#pass-{self.pass_no}", PassView)
        if self.pass_no == 1 or view.section_widget(name, self.document.sections) is None:
            self.action_show_pass(3)
            view = self.query_one("#pass-3", PassView)
        widget = view.section_widget(name, self.document.sections)
        if widget is None:
            self.notify(f"No section named {name!r} in this paper.", severity="warning", markup=False)
            return
        if not view.shows_at_top(widget) and tries > 0:
            view.scroll_to_section(name, self.document.sections)
            self.set_timer(0.1, lambda: self._scroll_to_section(name, tries - 1))

    def _set_parse_status(self, text: str) -> None:
        self.query_one("#parse-status", Static).update(text)

    # -- passes and the timer ----------------------------------------------------------------------

    def _start_pass(self, pass_no: int) -> None:
        from paperpass.store.reading import start_pass

        state = self._store("the pass", start_pass, self.paper_id, pass_no)
        seconds = state.seconds if state else self._stored_seconds.get(pass_no, 0.0)
        self._timer.start(pass_no, seconds)

    def _flush_time(self) -> None:
        from paperpass.store.reading import add_pass_time

        timer = self._timer
        seconds = timer.take_unsaved()
        if seconds > 0:
            self._store("the reading time", add_pass_time, self.paper_id, timer.pass_no, seconds)

    def on_pass_timer_elapsed(self, message: PassTimer.Elapsed) -> None:
        from paperpass.store.reading import add_pass_time

        self._store("the reading time", add_pass_time, self.paper_id, message.pass_no, message.seconds)

    def action_show_pass(self, pass_no: int) -> None:
        if pass_no == self.pass_no:
            return
        self._flush_notes()
        self._flush_time()
        self.pass_no = pass_no
        self.query_one("#views", ContentSwitcher).current = f"pass-{pass_no}"
        self.query_one("#notes", ContentSwitcher).current = f"notes-{pass_no}"
        self.query_one("#pass-name", Static).update(PASS_NAMES[pass_no])
        self._start_pass(pass_no)
        self.query_one(f"#pass-{pass_no}", PassView).focus()

    def action_focus_notes(self) -> None:
        self.query_one(f"#notes-{self.pass_no}", NotesEditor).focus_text()

    def action_focus_view(self) -> None:
        self.query_one(f"#pass-{self.pass_no}", PassView).focus()

    def action_leave(self) -> None:
        self.flush()
        self.dismiss()

    # -- what the reader does, stored as it happens -------------------------------------------

    def on_notes_editor_save(self, message: NotesEditor.Save) -> None:
        self._save_note(message.editor, message.text)

    def _save_note(self, editor: NotesEditor, text: str) -> None:
        from paperpass.store.reading import save_pass_note

        try:
            save_pass_note(self.conn, self.paper_id, editor.pass_no, text)
        except Exception as exc:  # keep the text in the editor, say it is not saved
            editor.mark_failed(str(exc))
            self.notify(f"Notes NOT saved: {exc}", severity="error", markup=False)
        else:
            editor.mark_saved(text)

    def on_notes_editor_left(self, message: NotesEditor.Left) -> None:
        self.action_focus_view()

    def on_five_cs_form_left(self, message: FiveCsForm.Left) -> None:
        self.action_focus_view()

    def on_review_form_left(self, message: ReviewForm.Left) -> None:
        self.action_focus_view()

    def on_pass_checklist_toggled(self, message: PassChecklist.Toggled) -> None:
        from paperpass.store.reading import set_checklist_item

        self._store("the checklist", set_checklist_item, self.paper_id, message.pass_no, message.step, message.done)

    def on_five_cs_form_changed(self, message: FiveCsForm.Changed) -> None:
        from paperpass.store.reading import set_five_cs

        self._store("the five Cs", set_five_cs, self.paper_id, **{message.field: message.value})

    def on_review_form_changed(self, message: ReviewForm.Changed) -> None:
        from paperpass.store.reading import set_review

        self._store("the review", set_review, self.paper_id, **{message.field: message.value or None})

    def on_pass_one_view_decided(self, message: PassOneView.Decided) -> None:
        from paperpass.store.reading import set_checklist_item, set_review

        if self._store("the decision", set_review, self.paper_id, pass1_decision=message.decision) is None:
            return
        self._store("the checklist", set_checklist_item, self.paper_id, 1, "decide", True)
        self.query_one("#step-1-decide").value = True
        self.query_one(PassOneView).show_decision(message.decision)
        if message.decision == "continue":
            self.notify("On to pass 2.")
            self.action_show_pass(2)
        else:
            self.notify("Dropped after pass 1.")

    def on_reference_list_queue_toggled(self, message: ReferenceList.QueueToggled) -> None:
        from paperpass.store.refs import set_reference_queued

        ref = self._store("the reading queue", set_reference_queued, self.paper_id, message.position, message.queued)
        if ref is not None:
            for refs in self.query(ReferenceList):
                if refs._refs and message.position < len(refs._refs):
                    refs._refs[message.position].queued = ref.queued
            self.query_one("#p1-refs", ReferenceList).show(self.query_one("#p1-refs", ReferenceList)._refs)
            self.notify("Queued to read." if ref.queued else "Removed from the reading queue.")

    def on_caption_list_open_page(self, message: CaptionList.OpenPage) -> None:
        self.open_pdf(message.page)

    def open_pdf(self, page: int) -> None:
        if not self.paper.pdf_path:
            self.notify("This paper has no PDF to open.", severity="warning", markup=False)
            return
        command = viewer_command(self.paper.pdf_path, page)
        if command is None:
            self.notify("No PDF viewer found (install xdg-utils or a PDF viewer such as zathura or evince).",
                        severity="warning", markup=False)
            return
        try:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            self.notify(f"Could not open the PDF: {exc}", severity="error", markup=False)
        else:
            self.notify(f"Opening the PDF at page {page}.")

    # -- leaving, quitting, another screen on top ---------------------------------------------------

    def _flush_notes(self) -> None:
        for editor in self._editors:
            text = editor.take_unsaved()
            if text is not None:
                self._save_note(editor, text)

    def flush(self) -> None:
        """Store everything not stored yet: notes being typed and the reading time."""
        self._flush_notes()
        self._flush_time()

    def on_screen_suspend(self, event: ScreenSuspend) -> None:
        self.flush()
        self._timer.pause()

    def on_screen_resume(self, event: ScreenResume) -> None:
        self._timer.resume()

    def on_unmount(self) -> None:
        try:
            self.flush()
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
