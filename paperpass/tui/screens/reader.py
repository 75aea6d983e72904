"""The reader: one view per pass of Keshav's method, with the pass's notes editor beside it.

Everything the reader writes goes to the store as it happens: notes a moment
after the last keystroke (and on leaving), checklist ticks, the five Cs and the
review as typed, reading time every few seconds and on leaving. The PDF is
parsed in a thread worker; until it arrives (or when it cannot be parsed) the
views show the paper's metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import ScreenResume, ScreenSuspend
from textual.message import Message
from textual.widgets import Checkbox, ContentSwitcher, Static

from paperpass.errors import NotFound, PaperpassError
from paperpass.models import Document, Figure, Paper, PassState
from paperpass.reading import PASS_NAMES
from paperpass.tui import backend
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.widgets.captions import CaptionList
from paperpass.tui.widgets.checklist import PassChecklist
from paperpass.tui.widgets.figures import preload as preload_images
from paperpass.tui.widgets.five_cs import FiveCsForm
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.manage import FetchesPdfs
from paperpass.tui.widgets.notes import NotesEditor
from paperpass.tui.widgets.pass_views import PassOneView, PassThreeView, PassTwoView, PassView
from paperpass.tui.widgets.pdf_fetch import FetchBar
from paperpass.tui.widgets.references import ReferenceList
from paperpass.tui.widgets.review import ReviewForm
from paperpass.tui.widgets.sources import ComparisonForm, SourceList
from paperpass.tui.widgets.timer import PassTimer

R = TypeVar("R")

class ReaderScreen(FetchesPdfs, PaperpassScreen):
    """Read one paper pass by pass (keys 1, 2, 3), writing notes beside each pass."""

    CSS_PATH = "reader.tcss"

    # Every key of the reader is declared here, with what it does, so the footer and the help are
    # generated from one place; the widgets (references, captions, notes) only provide the actions.
    BINDINGS = [
        Binding("1", "show_pass(1)", "Pass 1"),
        Binding("2", "show_pass(2)", "Pass 2"),
        Binding("3", "show_pass(3)", "Pass 3"),
        Binding("n", "focus_notes", "Notes"),
        Binding("f", "finish_pass", "Finish pass"),
        Binding("F", "finish_paper", "Done with the paper", show=False),
        Binding("d", "decide('drop')", "Drop paper (pass 1)"),
        Binding("g", "decide('continue')", "Go on to pass 2 (pass 1)"),
        Binding("w", "queue_reference", "Queue reference to read"),
        Binding("o", "open_pdf", "Open PDF (at the figure's page)"),
        Binding("p", "fetch_pdf", "Fetch the PDF (none yet)"),
        Binding("full_stop", "step_figure(1)", "Next figure (pass 2)"),
        Binding("comma", "step_figure(-1)", "Previous figure (pass 2)"),
        Binding("z", "zoom_figure", "Zoom the figure (pass 2)"),
        Binding("k", "focus_checklist", "Checklist", show=False),
        Binding("a", "focus_five_cs", "Answer the five Cs (pass 1)", show=False),
        Binding("r", "focus_references", "References (pass 1, 2)", show=False),
        Binding("m", "focus_sources", "What others say: the paper's sources (pass 1)", show=False),
        Binding("left_square_bracket", "other_note(-1)", "Newer note", show=False),
        Binding("right_square_bracket", "other_note(1)", "Older note", show=False),
        Binding("N", "new_note", "New note", show=False),
        Binding("v", "focus_view", "View", show=False),
        Binding("escape", "leave", "Back"),
    ]

    PALETTE_ACTIONS = [
        ("show_pass(2)", "Reader: figures and tables (pass 2)", "each figure beside its caption, the notes beside it"),
        ("step_figure(1)", "Reader: next figure", "the next figure or table of pass 2"),
        ("step_figure(-1)", "Reader: previous figure", "the previous figure or table of pass 2"),
        ("zoom_figure", "Reader: zoom the figure", "the figure shown in pass 2, over the whole terminal"),
    ]

    class DocumentLoaded(Message):
        def __init__(self, document: Document) -> None:
            super().__init__()
            self.document = document

    class DocumentFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class FiguresLoaded(Message):
        def __init__(self, figures: list[Figure]) -> None:
            super().__init__()
            self.figures = figures

    class FiguresFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, paper_id: int, pass_no: int = 1, section: str | None = None,
                 pdf_error: str | None = None, note_id: int | None = None) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.pdf_error = pdf_error  # why the PDF could not be fetched, said once when there is none
        self.note_id = note_id  # a note to open the pass's editor on (a search hit)
        self.pass_no = pass_no if pass_no in (1, 2, 3) else 1
        self.section = section
        self.document: Document | None = None
        self._figures_asked = False  # figures are cut out of the PDF the first time pass 2 is shown
        # Kept by reference so leaving or quitting can still store them while the DOM is torn down.
        self._editors: list[NotesEditor] = []
        self._timer = PassTimer(id="timer")

    # -- storing (the app's Library, on the UI thread) ------------------------------------------

    def _store(self, what: str, func: Callable[..., R], *args: object, **kwargs: object) -> R | None:
        """Call a Library method; a failure becomes a notification, not a traceback."""
        try:
            return func(*args, **kwargs)
        except PaperpassError as exc:
            self.notify(f"Could not save {what}: {exc}", severity="error", markup=False)
        except Exception as exc:  # noqa: BLE001 - sqlite3 errors: the reader must keep working and say so
            self.notify(f"Could not save {what}: {exc}", severity="error", markup=False)
        return None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        library = self.app.library
        self.paper = library.paper(self.paper_id)
        states = {s.pass_no: s for s in library.pass_states(self.paper_id)}
        notes = {p: library.notes(self.paper_id, p) for p in (1, 2, 3)}
        review = library.review(self.paper_id)
        references = library.references(self.paper_id)
        self._stored_seconds = {p: states[p].seconds for p in (1, 2, 3)}

        with Horizontal(id="reader-bar"):
            yield Static(PASS_NAMES[self.pass_no], id="pass-name", markup=False)
            yield self._timer
            yield Static("", id="parse-status", markup=False)
        with Horizontal(id="reader-body"):
            with ContentSwitcher(initial=f"pass-{self.pass_no}", id="views"):
                yield PassOneView(self.paper, states[1].checklist, library.five_cs(self.paper_id), review,
                                  references, sources=library.sources(self.paper_id), id="pass-1")
                yield PassTwoView(states[2].checklist, review, references, id="pass-2")
                yield PassThreeView(states[3].checklist, id="pass-3")
            with ContentSwitcher(initial=f"notes-{self.pass_no}", id="notes"):
                self._editors = [NotesEditor(p, notes[p], id=f"notes-{p}") for p in (1, 2, 3)]
                yield from self._editors
        yield FetchBar()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.paper.title
        self._start_pass(self.pass_no)
        self._show_pass_name()
        self.set_focus(self.query_one(f"#pass-{self.pass_no}", PassView))
        if self.note_id is not None:
            editor = self._editor()
            if not editor.show_note_id(self.note_id):
                self.notify("That note is not in this pass any more.", severity="warning", markup=False)
        if not self.paper.pdf_path:
            self._set_parse_status("metadata only")
            self._unavailable("this paper has no PDF yet")
            why = (f"Could not fetch the PDF ({self.pdf_error}): showing its title and abstract (p tries again)"
                   if self.pdf_error else "No PDF for this paper yet: showing its title and abstract (p fetches it)")
            self.notify(f"{why}.", severity="warning", markup=False)
        else:
            self._set_parse_status("parsing…")
            self._load_document()
            if self.pass_no == 2:
                self._ask_figures()

    # -- parsing in a worker -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="reader-parse")
    def _load_document(self) -> None:
        try:
            with backend.worker_library(self.app.home) as library:  # a Library of this thread's own
                document = library.document(self.paper_id)
        except PaperpassError as exc:
            self.post_message(self.DocumentFailed(str(exc)))
        except Exception as exc:  # noqa: BLE001 - a parser bug must not take the reader down with it
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

    def _ask_figures(self) -> None:
        if self._figures_asked or not self.paper.pdf_path:
            return
        self._figures_asked = True
        self.query_one("#pass-2", PassTwoView).show_figures_loading()
        self._load_figures()

    @work(thread=True, exclusive=True, group="reader-figures")
    def _load_figures(self) -> None:
        try:
            with backend.worker_library(self.app.home) as library:
                figures = library.figures(self.paper_id)
            if figures:
                preload_images()  # the image library loads here, not while the screen draws
        except PaperpassError as exc:
            self.post_message(self.FiguresFailed(str(exc)))
        except Exception as exc:  # noqa: BLE001 - an extraction bug must not take the reader down with it
            self.post_message(self.FiguresFailed(f"extraction failed unexpectedly ({type(exc).__name__}: {exc})"))
        else:
            self.post_message(self.FiguresLoaded(figures))

    def on_reader_screen_figures_loaded(self, message: FiguresLoaded) -> None:
        self.query_one("#pass-2", PassTwoView).show_figures(message.figures)

    def on_reader_screen_figures_failed(self, message: FiguresFailed) -> None:
        self.query_one("#pass-2", PassTwoView).show_figures_unavailable(message.reason)

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
        if self.document is None:
            return
        sections = self.document.sections
        view = self.query_one(f"#pass-{self.pass_no}", PassView)
        if self.pass_no == 1 or view.section_widget(name, sections) is None:
            self.action_show_pass(3)
            view = self.query_one("#pass-3", PassView)
        widget = view.section_widget(name, sections)
        if widget is None:
            self.notify(f"No section named {name!r} in this paper.", severity="warning", markup=False)
            return
        if not view.shows_at_top(widget) and tries > 0:
            view.scroll_to_section(name, sections)
            self.set_timer(0.1, lambda: self._scroll_to_section(name, tries - 1))

    def _set_parse_status(self, text: str) -> None:
        self.query_one("#parse-status", Static).update(text)

    # -- passes and the timer ----------------------------------------------------------------------

    def _start_pass(self, pass_no: int) -> None:
        # Without a PDF, opening the reader does not begin the pass (a failed download is not reading);
        # it is begun once the reader has spent a timer stretch on the metadata (see _flush_time).
        library = self.app.library
        begin: Callable[[int, int], PassState] = library.start_pass if self.paper.pdf_path else library.pass_state
        state = self._store("the pass", begin, self.paper_id, pass_no)
        seconds = state.seconds if state else self._stored_seconds.get(pass_no, 0.0)
        self._timer.start(pass_no, seconds)

    def _flush_time(self) -> None:
        from paperpass.reading import MIN_BEGUN_SECONDS

        library = self.app.library
        timer = self._timer
        seconds = timer.take_unsaved()
        if seconds <= 0:
            return
        if not self.paper.pdf_path and seconds < MIN_BEGUN_SECONDS:
            state = self._store("the pass", library.pass_state, self.paper_id, timer.pass_no)
            if state is not None and state.started is None:
                return  # a glance at a paper without its PDF does not begin the pass
        self._store("the reading time", library.add_pass_time, self.paper_id, timer.pass_no, seconds)

    def on_pass_timer_elapsed(self, message: PassTimer.Elapsed) -> None:
        self._store("the reading time", self.app.library.add_pass_time, self.paper_id, message.pass_no, message.seconds)

    def action_show_pass(self, pass_no: int) -> None:
        if pass_no == self.pass_no:
            return
        self._flush_notes()
        self._flush_time()
        self.pass_no = pass_no
        self.query_one("#views", ContentSwitcher).current = f"pass-{pass_no}"
        self.query_one("#notes", ContentSwitcher).current = f"notes-{pass_no}"
        self._start_pass(pass_no)
        self._show_pass_name()
        self.refresh_bindings()
        self.set_focus(self.query_one(f"#pass-{pass_no}", PassView))  # now, not later: see _focus_in_view
        if pass_no == 2:
            self._ask_figures()

    def action_focus_notes(self) -> None:
        self.query_one(f"#notes-{self.pass_no}", NotesEditor).focus_text()

    def action_focus_view(self) -> None:
        self.set_focus(self.query_one(f"#pass-{self.pass_no}", PassView))

    def action_leave(self) -> None:
        if self.query_one(FetchBar).running:  # escape cancels a PDF fetch first, as its bar says
            self.action_cancel_fetch()
            return
        self.flush()
        self.dismiss()

    # -- a paper opened without its PDF: p fetches it (FetchesPdfs), the passes fill in from it ----

    def paper_to_fetch(self) -> Paper | None:
        return None if self.paper.pdf_path else self.paper

    def fetched(self, paper: Paper) -> None:
        self.paper, self.pdf_error = paper, None
        self._flush_time()
        self._start_pass(self.pass_no)  # read from the PDF now: the pass is begun
        self._set_parse_status("parsing…")
        self._load_document()
        if self.pass_no == 2:
            self._ask_figures()

    # -- what the reader does, stored as it happens -------------------------------------------

    def on_notes_editor_save(self, message: NotesEditor.Save) -> None:
        self._save_note(message.editor, message.text)

    def _save_note(self, editor: NotesEditor, text: str) -> None:
        try:
            note = self.app.library.save_pass_note(self.paper_id, editor.pass_no, text, note_id=editor.note_id,
                                  coalesce=editor.in_burst)
        except Exception as exc:  # noqa: BLE001 - keep the text in the editor, say it is not saved
            editor.mark_failed(str(exc))
            self.notify(f"Notes NOT saved: {exc}", severity="error", markup=False)
        else:
            editor.mark_saved(text, note.id if note else None)

    def on_notes_editor_left(self, message: NotesEditor.Left) -> None:
        self._flush_notes()
        self.action_focus_view()

    def _editor(self) -> NotesEditor:
        return self.query_one(f"#notes-{self.pass_no}", NotesEditor)

    def action_other_note(self, step: int) -> None:
        editor = self._editor()
        self._flush_notes()
        if not editor.show_note(editor.index + step):
            self.notify("No newer note of this pass." if step < 0 else "No older note of this pass.", timeout=3)

    def action_new_note(self) -> None:
        self._flush_notes()
        self._editor().new_note()
        self._editor().focus_text()

    # -- finishing ---------------------------------------------------------------------------

    def action_finish_pass(self) -> None:
        self._finish(done=False)

    def action_finish_paper(self) -> None:
        self._finish(done=True)

    def _finish(self, done: bool) -> None:
        library = self.app.library
        self.flush()
        if self._store("the finished pass", library.finish_pass, self.paper_id, self.pass_no, done=done) is None:
            return
        finished = self._store("the finished pass", library.done_at, self.paper_id)
        if finished:
            self.notify(f"Pass {self.pass_no} finished: the paper is done ({finished[:10]}).")
        else:
            self.notify(f"Pass {self.pass_no} finished. F marks the paper done if it has given what it has.")
        self._show_pass_name()

    def _show_pass_name(self) -> None:
        library = self.app.library
        state = library.pass_state(self.paper_id, self.pass_no)
        name = PASS_NAMES[self.pass_no]
        finished = library.done_at(self.paper_id)
        if finished:
            name += f"  · paper done {finished[:10]}"
        elif state.finished:
            name += f"  · finished {state.finished[:10]}"
        self.query_one("#pass-name", Static).update(name)

    # -- keys delegated to the focused widget ---------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "fetch_pdf":  # while there is no PDF (p again cancels a fetch under way)
            paper = getattr(self, "paper", None)
            return paper is not None and (not paper.pdf_path or any(bar.running for bar in self.query(FetchBar)))
        if action in ("decide", "focus_five_cs", "focus_sources"):
            return self.pass_no == 1
        if action == "focus_references":
            return self.pass_no in (1, 2)
        if action in ("step_figure", "zoom_figure"):
            return self.pass_no == 2
        if action == "queue_reference":
            focused = self.focused
            return isinstance(focused, ReferenceList) and focused.unread_only
        return True

    def _focus_in_view(self, widget) -> None:
        # Focused now (Widget.focus() only queues it): keys typed at once ("r" then "w", both read before the
        # first is handled) must find the widget a key focused, or "w" is unbound and lost.
        self.set_focus(widget)
        self.query_one(f"#pass-{self.pass_no}", PassView).scroll_to_widget(widget, animate=False, top=True)

    def action_focus_checklist(self) -> None:
        self._focus_in_view(self.query_one(f"#checklist-{self.pass_no}").query(Checkbox).first())

    def action_focus_five_cs(self) -> None:
        self._focus_in_view(self.query_one("#c-category"))

    def action_focus_references(self) -> None:
        self._focus_in_view(self.query_one("#p1-refs" if self.pass_no == 1 else "#p2-refs", ReferenceList))

    def action_focus_sources(self) -> None:
        self._focus_in_view(self.query_one("#p1-sources", SourceList))

    def action_step_figure(self, step: int) -> None:
        view = self.query_one("#pass-2", PassTwoView)
        if view.current_figure is None:
            self.notify("No figures to show in this paper.", timeout=3)
        elif not view.step_figure(step):
            self.notify("That was the last figure." if step > 0 else "That was the first figure.", timeout=3)

    def action_zoom_figure(self) -> None:
        from paperpass.tui.screens.figure_zoom import FigureZoomScreen

        figure = self.query_one("#pass-2", PassTwoView).current_figure
        if figure is None or not figure.image:
            why = figure.problem if figure is not None else "no figure is shown"
            self.notify(f"Nothing to zoom: {why}.", severity="warning", timeout=4, markup=False)
            return
        self.app.push_screen(FigureZoomScreen(figure))

    def action_decide(self, decision: str) -> None:
        self.post_message(PassOneView.Decided(decision))

    def action_queue_reference(self) -> None:
        focused = self.focused
        if isinstance(focused, ReferenceList) and focused.unread_only:
            focused.action_toggle_queue()

    def action_open_pdf(self) -> None:
        focused = self.focused
        if isinstance(focused, CaptionList) and focused.highlighted is not None:
            focused.action_open_page()
        elif isinstance(focused, SourceList):
            focused.action_open_source()
        else:
            self.open_pdf(1)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_five_cs_form_left(self, message: FiveCsForm.Left) -> None:
        self.action_focus_view()

    def on_review_form_left(self, message: ReviewForm.Left) -> None:
        self.action_focus_view()

    def on_comparison_form_left(self, message: ComparisonForm.Left) -> None:
        self.action_focus_view()

    def on_comparison_form_changed(self, message: ComparisonForm.Changed) -> None:
        self._store("what others say", self.app.library.set_review, self.paper_id,
                    others_vs_mine=message.value or None)

    def on_source_list_open(self, message: SourceList.Open) -> None:
        if not message.url:
            self.notify(f"{message.label}: no link to open.", severity="warning", markup=False)
            return
        opened = self._store("the link", self.app.library.open_url, message.url)
        if opened:
            self.notify(f"Opening {message.url}", markup=False)
        elif opened is not None:
            self.app.copy_to_clipboard(message.url)
            self.notify(f"No browser opener found (xdg-open or open); the link (copied): {message.url}",
                        severity="warning", timeout=15, markup=False)

    def on_pass_checklist_toggled(self, message: PassChecklist.Toggled) -> None:
        self._store("the checklist", self.app.library.set_checklist_item, self.paper_id, message.pass_no,
                    message.step, message.done)

    def on_five_cs_form_changed(self, message: FiveCsForm.Changed) -> None:
        self._store("the five Cs", self.app.library.set_five_cs, self.paper_id, **{message.field: message.value})

    def on_review_form_changed(self, message: ReviewForm.Changed) -> None:
        self._store("the review", self.app.library.set_review, self.paper_id, **{message.field: message.value or None})

    def on_pass_one_view_decided(self, message: PassOneView.Decided) -> None:
        library = self.app.library
        if self._store("the decision", library.decide_after_pass_one, self.paper_id, message.decision) is None:
            return
        self.query_one("#step-1-decide", Checkbox).value = True
        self.query_one(PassOneView).show_decision(message.decision)
        if message.decision == "continue":
            self.notify("On to pass 2.")
            self.action_show_pass(2)
        else:
            self.notify("Dropped after pass 1.")
            self._show_pass_name()  # pass 1 is finished

    def on_reference_list_queue_toggled(self, message: ReferenceList.QueueToggled) -> None:
        library = self.app.library
        if message.queued:
            # No network on the UI thread: the paper is added from the reference now, its metadata after.
            entry = self._store("the reading queue", library.queue_reference, self.paper_id, message.position,
                                fetch=False)
            if entry is not None:
                self.notify(f"Queued to read: {entry.title or entry.reference}"[:120], markup=False)
                if entry.id is not None:
                    self._fetch_metadata(entry.id)
        elif self._store("the reading queue", library.unqueue_reference, self.paper_id, message.position):
            self.notify("Removed from the reading queue.")
        refs = self._store("the references", library.references, self.paper_id)
        if refs is not None:
            for widget in self.query(ReferenceList):
                widget.show(refs)

    @work(thread=True, group="reader-metadata", exit_on_error=False)
    def _fetch_metadata(self, paper_id: int) -> None:
        """A queued reference's paper gets its arXiv metadata when the API answers (offline: kept as is)."""
        try:
            with backend.worker_library(self.app.home) as library:
                library.refresh_reference_metadata(paper_id)
        except (PaperpassError, OSError):
            pass  # offline: the reference's own data stays until the paper is added again

    def on_caption_list_open_page(self, message: CaptionList.OpenPage) -> None:
        self.open_pdf(message.page)

    def open_pdf(self, page: int) -> None:
        """The PDF at `page` in the user's viewer (the `pdf_viewer` setting, else the platform's); when none
        can open it, the notification names the file and the page."""
        if not self.paper.pdf_path:
            self.notify("This paper has no PDF to open.", severity="warning", markup=False)
            return
        self._launch_viewer(self.paper.stored_id, page)

    @work(thread=True, exclusive=True, group="reader-viewer", exit_on_error=False)
    def _launch_viewer(self, paper_id: int, page: int) -> None:
        """Trying the viewers waits a moment on each that fails: off the UI thread, so keys keep working."""
        try:
            with backend.worker_library(self.app.home) as library:
                library.open_pdf(paper_id, page)
        except PaperpassError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning", markup=False, timeout=15)
        else:
            self.app.call_from_thread(self.notify, f"Opening the PDF at page {page}.")

    # -- leaving, quitting, another screen on top ---------------------------------------------------

    def _flush_notes(self) -> None:
        """Store the notes being typed; this ends each editor's burst (the next save is a new version)."""
        for editor in self._editors:
            text = editor.take_unsaved()
            if text is not None:
                self._save_note(editor, text)
            editor.end_burst()

    def flush(self) -> None:
        """Store everything not stored yet: notes being typed and the reading time."""
        self._flush_notes()
        self._flush_time()

    def on_screen_suspend(self, event: ScreenSuspend) -> None:
        self.flush()
        self._timer.pause()

    def on_screen_resume(self, event: ScreenResume) -> None:
        try:
            self.app.library.paper(self.paper_id)
        except NotFound:  # deleted from the library (l) while this reader waited in another screen's stack
            self.notify(f"{self.paper.title[:60]!r} was deleted: u in the library brings it back.",
                        severity="warning", markup=False)
            self.dismiss()
            return
        self._timer.resume()

    def on_unmount(self) -> None:
        self.flush()
