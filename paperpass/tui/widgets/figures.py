"""A paper's figures in the terminal: one figure at a time next to its caption (the zoom is
screens/figure_zoom.py).

Images are drawn by textual-image: with the terminal's graphics protocol where
it has one (Sixel, Kitty's; also through tmux) and as coloured half cells
elsewhere. `PAPERPASS_IMAGES` picks a renderer by name (auto, sixel, kitty,
halfcell, unicode, none); the tests use halfcell so what is drawn does not depend
on the terminal. A PNG that does not decode is shown as one line saying so.

The terminal can only be asked what it draws before the app takes it over
(`detect_graphics`, called by tui/run.py). textual-image asks when its renderer
module is first imported, which also imports numpy (half a second at start-up),
so paperpass asks the same two questions itself, cheaply, and imports
textual-image only when a figure is first shown, with the terminal's
questions switched off (they would be answered into the app's input).
"""

from __future__ import annotations

import os
import sys
from random import randint

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from paperpass.models import Figure

RENDERER_ENV = "PAPERPASS_IMAGES"
FIGURE_HEIGHT_SHARE = 0.45  # of the terminal's rows, for the figure beside the notes
_detected = "unicode"  # what the terminal draws, as detect_graphics found: sixel, kitty, halfcell, unicode


def detect_graphics() -> str:
    """Ask the terminal what it can draw, in textual-image's order (Sixel, then Kitty's protocol, then half
    cells on any terminal), and its cell size in pixels. Only before the app starts; 0.2 s at most."""
    global _detected
    try:
        from textual_image._terminal import get_cell_size  # the package's light part: no numpy

        get_cell_size()  # cached for the renderers, which cannot ask once the app runs
        if os.environ.get(RENDERER_ENV, "auto").strip().lower() != "auto":
            return _detected  # chosen by the user: nothing to ask
        out = sys.__stdout__
        if out is None or not out.isatty():
            _detected = "unicode"
        elif _answers("\x1b[c", "\x1b[?", "c", lambda reply: "4" in reply.split(";")):
            _detected = "sixel"
        elif _answers(f"\x1b_Gi={randint(1, 2**31)},s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\", "\x1b_G", "\x1b\\",
                      lambda reply: reply.rsplit(";", 1)[-1] == "OK"):
            _detected = "kitty"
        else:
            _detected = "halfcell"
    except Exception:  # noqa: BLE001 - a terminal that cannot be asked draws half cells
        _detected = "halfcell"
    return _detected


def _answers(query: str, start: str, end: str, supported) -> bool:
    from textual_image._terminal import TerminalError, capture_terminal_response

    out = sys.__stdout__
    assert out is not None
    try:
        with capture_terminal_response(start_marker=start, end_marker=end, timeout=0.1) as response:
            out.write(query)
            out.flush()
        return bool(supported(response.sequence[len(start):-len(end)]))
    except (TerminalError, TimeoutError, ValueError):
        return False


class _NotATerminal:
    """sys.__stdout__ as textual-image's import sees it: not a terminal, so it asks nothing."""

    def __init__(self, real) -> None:
        self._real = real

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def preload() -> None:
    """Import textual-image (and numpy) now, off the UI thread, before the first figure is drawn."""
    _image_class(os.environ.get(RENDERER_ENV, "auto"))


def _image_class(name: str) -> type[Widget] | None:
    """The textual-image widget class for a renderer name; None for "none" (text only)."""
    name = name.strip().lower()
    if name in ("none", "off", "text"):
        return None
    if "textual_image.widget" not in sys.modules:
        real = sys.__stdout__
        sys.__stdout__ = _NotATerminal(real)  # type: ignore[misc,assignment]  # the import must not query the terminal
        try:
            import textual_image.widget  # noqa: F401 - loaded now, with numpy, when a figure is first shown
        finally:
            sys.__stdout__ = real  # type: ignore[misc]
    from textual_image import widget as images

    classes: dict[str, type[Widget]] = {"sixel": images.SixelImage, "kitty": images.TGPImage,
                                        "tgp": images.TGPImage, "halfcell": images.HalfcellImage,
                                        "unicode": images.UnicodeImage}
    return classes.get(name if name != "auto" else _detected, images.HalfcellImage)


def figure_title(figure: Figure) -> str:
    return f"{figure.kind.title()} {figure.number}"


def image_widget(path: str, *, classes: str) -> Widget:
    """The image at `path` drawn in the terminal, or a line saying why it cannot be."""
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as probe:
            probe.load()  # decode now: a broken file must fail here, not while the screen draws
            image = probe.copy()
    except Exception as exc:  # noqa: BLE001 - PIL raises many kinds (OSError, SyntaxError, ValueError ...)
        return Static(f"(the image could not be shown: {type(exc).__name__}: {exc})", classes="muted figure-line",
                      markup=False)
    widget_class = _image_class(os.environ.get(RENDERER_ENV, "auto"))
    if widget_class is None:
        return Static(f"(images are off: {path})", classes="muted figure-line", markup=False)
    return widget_class(image, classes=classes)  # type: ignore[arg-type]  # a textual-image widget takes the image first


class FigurePanel(Vertical):
    """The figure being looked at, its caption below it, and what may be missing from it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="figure-panel")
        self.figures: list[Figure] = []
        self.index = 0
        self.message = "(figures: waiting for the PDF)"

    def compose(self) -> ComposeResult:
        yield Static(self.message, id="figure-title", classes="muted", markup=False)
        yield Vertical(id="figure-image")
        yield Static("", id="figure-caption", markup=False)
        yield Static("", id="figure-problem", classes="muted", markup=False)

    @property
    def current(self) -> Figure | None:
        return self.figures[self.index] if self.figures else None

    def show_message(self, text: str) -> None:
        """No figure to show: say why (no PDF, extraction failed, no captions)."""
        self.figures, self.index, self.message = [], 0, text
        self._draw()

    def show_figures(self, figures: list[Figure]) -> None:
        self.figures, self.index = figures, 0
        self.message = "" if figures else "(no figures or tables: the PDF has no \"Figure N\" or \"Table N\" captions)"
        self._draw()

    def select(self, index: int) -> bool:
        """Show figure `index`; False when there is none there."""
        if not 0 <= index < len(self.figures):
            return False
        if index != self.index:
            self.index = index
            self._draw()
        return True

    def select_caption(self, kind: str, label: str) -> bool:
        for index, figure in enumerate(self.figures):
            if figure.kind == kind and figure.number == label:
                return self.select(index)
        return False

    def _draw(self) -> None:
        if not self.is_mounted:
            return
        title = self.query_one("#figure-title", Static)
        holder = self.query_one("#figure-image", Vertical)
        holder.remove_children()
        figure = self.current
        if figure is None:
            title.update(self.message)
            title.set_class(True, "muted")
            self.query_one("#figure-caption", Static).update("")
            self.query_one("#figure-problem", Static).update("")
            return
        title.set_class(False, "muted")
        title.update(f"{figure_title(figure)}  ({self.index + 1} of {len(self.figures)}, p. {figure.page})")
        if figure.image:
            image = image_widget(figure.image, classes="figure-image")
            holder.mount(image)
            self._fit(image, figure)
        self.query_one("#figure-caption", Static).update(f"{figure_title(figure)}: {' '.join(figure.caption.split())}")
        problem = figure.problem if figure.image else f"(no image: {figure.problem or 'none was extracted'})"
        self.query_one("#figure-problem", Static).update(problem)

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        figure = self.current
        found = self.query(".figure-image")
        if figure is not None and found:
            self._fit(found.first(), figure)

    def _fit(self, image: Widget, figure: Figure) -> None:
        """Size the image in cells: the panel's width at most, about half the terminal's height at most,
        the figure's proportions kept (a cell is about twice as tall as it is wide)."""
        if not isinstance(image, Widget) or not figure.width or not figure.height or image.has_class("muted"):
            return
        cell_w, cell_h = _cell_size()
        max_w = max(10, (self.content_size.width or self.app.size.width // 2) - 1)
        max_h = max(6, int(self.app.size.height * FIGURE_HEIGHT_SHARE))
        ratio = figure.width / figure.height
        width = min(max_w, max(1, round(2 * figure.width / cell_w)))  # at most twice its own size
        height = max(1, round(width * cell_w / ratio / cell_h))
        if height > max_h:
            height = max_h
            width = max(1, round(height * cell_h * ratio / cell_w))
        image.styles.width = width
        image.styles.height = height


def _cell_size() -> tuple[int, int]:
    try:
        from textual_image._terminal import get_cell_size

        size = get_cell_size()
        return max(1, size.width), max(1, size.height)
    except Exception:  # noqa: BLE001 - no terminal to ask: the usual proportions
        return 10, 20
