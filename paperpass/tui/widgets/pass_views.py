"""What each of Keshav's passes asks the reader to look at, one scrolling view per pass.

The views show plain data (a `Paper`, a `Document`) given to them by the reader
screen; what the reader does in them comes back as messages.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount
from textual.widgets import OptionList, Static

from paperpass.models import Caption, Document, Figure, FiveCs, Paper, PaperSource, Reference, Review, Section
from paperpass.tui.widgets.captions import CaptionList
from paperpass.tui.widgets.checklist import PassChecklist
from paperpass.tui.widgets.figures import FigurePanel
from paperpass.tui.widgets.five_cs import FiveCsForm
from paperpass.tui.widgets.references import IN_LIBRARY, QUEUED, ReferenceList
from paperpass.tui.widgets.review import ReviewForm
from paperpass.tui.widgets.sources import ComparisonForm, SourceList

DECISION_TEXT = {None: "not decided yet", "drop": "drop it", "continue": "go on to pass 2"}


def _heading(text: str, **kwargs) -> Static:
    return Static(text, classes="heading", markup=False, **kwargs)


def _plain(text: str, classes: str = "text", **kwargs) -> Static:
    return Static(text, classes=classes, markup=False, **kwargs)


def _section_title(section: Section) -> str:
    return f"{section.number} {section.title}".strip()


def section_matches(section: Section, wanted: str) -> bool:
    wanted = wanted.strip().lower()
    return wanted in (section.title.lower(), _section_title(section).lower(), section.number.lower())


class PassView(VerticalScroll):
    """A pass's view; knows how to scroll to a section of the document."""

    section_ids: dict[int, str]

    def section_widget(self, name: str, sections: list[Section]) -> Static | None:
        for index, section in enumerate(sections):
            if section_matches(section, name) and index in self.section_ids:
                return self.query_one(f"#{self.section_ids[index]}", Static)
        return None

    def scroll_to_section(self, name: str, sections: list[Section]) -> bool:
        """Bring the section's heading to the top; False when this view does not show it (yet)."""
        widget = self.section_widget(name, sections)
        if widget is None:
            return False
        self.scroll_to_widget(widget, animate=False, top=True, immediate=True)
        return True

    def show_document(self, doc: Document) -> AwaitMount | None:
        """Fill the view from the parsed PDF; the mount to await, if it mounts widgets."""
        raise NotImplementedError

    def show_unavailable(self, reason: str) -> None:
        """Say why the view shows the paper's metadata only."""
        raise NotImplementedError

    def shows_at_top(self, widget: Static) -> bool:
        return 0 <= widget.region.y - self.content_region.y <= widget.styles.margin.top

    def _mount_sections(self, container: Vertical, prefix: str, sections: list[Section], *,
                        body_only: bool) -> AwaitMount:
        container.remove_children()
        widgets: list[Static] = []
        self.section_ids = {}
        for index, section in enumerate(sections):
            if body_only and section.kind != "body":
                continue
            ident = f"{prefix}-sec-{index}"
            self.section_ids[index] = ident
            indent = "  " * max(0, section.level - 1)
            widgets.append(_plain(f"{indent}{_section_title(section)}  (p. {section.page})",
                                  classes=f"section-heading level-{min(section.level, 3)}", id=ident))
            if section.text.strip():
                widgets.append(_plain(section.text.strip(), classes="section-text"))
        if not widgets:
            widgets.append(_plain("(no sections were found in the PDF)", classes="muted"))
        return container.mount_all(widgets)


class PassOneView(PassView):
    """Pass 1, the bird's-eye view: front matter, headings, conclusion, references, five Cs, decision."""

    class Decided(Message):
        def __init__(self, decision: str) -> None:
            super().__init__()
            self.decision = decision

    def __init__(self, paper: Paper, checklist: dict[str, bool], five_cs: FiveCs, review: Review,
                 references: list[Reference], *, sources: list[PaperSource] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="pass-view")
        self.paper = paper
        self._checklist, self._five_cs, self._review, self._references = checklist, five_cs, review, references
        self._sources = sources or []
        self.section_ids = {}

    def compose(self) -> ComposeResult:
        paper = self.paper
        yield _plain(paper.title, classes="paper-title", id="p1-title")
        yield _plain(", ".join(paper.authors) or "(authors unknown)", classes="authors", id="p1-authors")
        yield _plain(f"Source: {paper.source_url or paper.pdf_url or 'none recorded'}", classes="muted",
                     id="p1-source")
        yield _heading("Abstract")
        yield _plain(paper.abstract or "(no abstract)", id="p1-abstract")
        yield _heading("Introduction")
        yield _plain("(waiting for the PDF)", id="p1-intro", classes="muted")
        yield _heading("Section headings")
        yield _plain("(waiting for the PDF)", id="p1-headings", classes="muted")
        yield _heading("Conclusion")
        yield _plain("(waiting for the PDF)", id="p1-conclusion", classes="muted")
        yield _heading(f"References  ({IN_LIBRARY} already in your library)")
        refs = ReferenceList(id="p1-refs")
        yield refs
        yield PassChecklist(1, self._checklist, id="checklist-1")
        yield FiveCsForm(self._five_cs, id="five-cs")
        yield _heading("Decision  (d: drop, g: go on to pass 2)")
        yield _plain(DECISION_TEXT[self._review.pass1_decision], id="p1-decision")
        yield _heading(f"What others say  (m: the sources, enter or o: open one; "
                       f"{len(self._sources)} known)", id="p1-others")
        yield SourceList(self._sources, id="p1-sources")
        if not self._sources:
            yield _plain("(paperpass knows no source for this paper)", classes="muted")
        yield ComparisonForm(self._review, id="comparison")

    def on_mount(self) -> None:
        self.show_references(self._references)

    def show_references(self, refs: list[Reference]) -> None:
        self.query_one("#p1-refs", ReferenceList).show(refs)

    def show_document(self, doc: Document) -> None:
        """Fill the view from the parsed PDF (the pass 2 and 3 views return their mount, to await)."""
        if doc.abstract and not self.paper.abstract:
            self.query_one("#p1-abstract", Static).update(doc.abstract)
        intro, conclusion = doc.introduction(), doc.conclusion()
        self._update("#p1-intro", intro.text.strip() if intro and intro.text.strip() else "(no introduction found)")
        headings = [f"{'  ' * max(0, s.level - 1)}{_section_title(s)}" for s in doc.sections]
        self._update("#p1-headings", "\n".join(headings) or "(no headings found)")
        self._update("#p1-conclusion",
                     conclusion.text.strip() if conclusion and conclusion.text.strip() else "(no conclusion found)")
        self.show_references(doc.references)

    def show_unavailable(self, reason: str) -> None:
        for ident in ("#p1-intro", "#p1-headings", "#p1-conclusion"):
            self._update(ident, f"(not available: {reason})", muted=True)

    def show_decision(self, decision: str | None) -> None:
        self._update("#p1-decision", DECISION_TEXT[decision], muted=False)

    def _update(self, ident: str, text: str, muted: bool = False) -> None:
        widget = self.query_one(ident, Static)
        widget.update(text)
        widget.set_class(muted, "muted")


class PassTwoView(PassView):
    """Pass 2, the content: figures and tables, unread references, reproducibility, code, the body."""

    def __init__(self, checklist: dict[str, bool], review: Review, references: list[Reference], *,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="pass-view")
        self._checklist, self._review, self._references = checklist, review, references
        self.section_ids = {}

    def compose(self) -> ComposeResult:
        yield _heading("Figures and tables  (. next, , previous, z zoom; o or enter: open the PDF at that page)")
        yield FigurePanel(id="p2-figure")
        yield CaptionList(id="p2-captions")
        yield _heading(f"Unread references  (w: queue to read, {QUEUED} queued)")
        yield ReferenceList(unread_only=True, id="p2-refs")
        yield ReviewForm(self._review, id="review")
        yield PassChecklist(2, self._checklist, id="checklist-2")
        yield _heading("Body")
        yield Vertical(_plain("(waiting for the PDF)", classes="muted"), id="p2-body", classes="sections")

    def on_mount(self) -> None:
        self.query_one("#p2-refs", ReferenceList).show(self._references)

    def show_document(self, doc: Document) -> AwaitMount:
        self.show_captions(doc.captions)
        self.query_one("#p2-refs", ReferenceList).show(doc.references)
        return self._mount_sections(self.query_one("#p2-body", Vertical), "p2", doc.sections, body_only=True)

    def show_captions(self, captions: list[Caption]) -> None:
        self.query_one("#p2-captions", CaptionList).show(captions)
        self._sync_captions()

    def show_figures(self, figures: list[Figure]) -> None:
        self.query_one("#p2-figure", FigurePanel).show_figures(figures)
        self._sync_captions()

    def show_figures_unavailable(self, reason: str) -> None:
        self.query_one("#p2-figure", FigurePanel).show_message(f"(figures not available: {reason})")

    def show_figures_loading(self) -> None:
        self.query_one("#p2-figure", FigurePanel).show_message("(cutting the figures out of the PDF…)")

    @property
    def current_figure(self) -> Figure | None:
        return self.query_one("#p2-figure", FigurePanel).current

    def step_figure(self, step: int) -> bool:
        """Show the next (or previous) figure; False at either end."""
        panel = self.query_one("#p2-figure", FigurePanel)
        if not panel.select(panel.index + step):
            return False
        self._sync_captions()
        self.scroll_to_widget(panel, animate=False, top=True)
        return True

    def _sync_captions(self) -> None:
        """Highlight the caption of the figure shown."""
        figure = self.query_one("#p2-figure", FigurePanel).current
        captions = self.query_one("#p2-captions", CaptionList)
        if figure is not None:
            captions.highlight_caption(figure.kind, figure.number)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the captions shows their figures."""
        if isinstance(event.option_list, CaptionList):
            caption = event.option_list.caption_at(event.option_index)
            if caption is not None:
                self.query_one("#p2-figure", FigurePanel).select_caption(caption.kind, caption.label)

    def show_unavailable(self, reason: str) -> None:
        if self.current_figure is None:
            self.show_figures_unavailable(reason)
        body = self.query_one("#p2-body", Vertical)
        body.remove_children()
        body.mount(_plain(f"(not available: {reason})", classes="muted"))


class PassThreeView(PassView):
    """Pass 3, re-creating the work: the full text section by section."""

    def __init__(self, checklist: dict[str, bool], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pass-view")
        self._checklist = checklist
        self.section_ids = {}

    def compose(self) -> ComposeResult:
        yield PassChecklist(3, self._checklist, id="checklist-3")
        yield _heading("Full text")
        yield Vertical(_plain("(waiting for the PDF)", classes="muted"), id="p3-text", classes="sections")

    def show_document(self, doc: Document) -> AwaitMount:
        return self._mount_sections(self.query_one("#p3-text", Vertical), "p3", doc.sections, body_only=False)

    def show_unavailable(self, reason: str) -> None:
        text = self.query_one("#p3-text", Vertical)
        text.remove_children()
        text.mount(_plain(f"(not available: {reason})", classes="muted"))
