"""A figure zoomed to the whole terminal (from the reader's pass 2); escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from paperpass.models import Figure
from paperpass.tui.widgets.figures import figure_title, image_widget


class FigureZoomScreen(ModalScreen[None]):
    """One figure over the whole terminal; escape (or z) goes back to the reader."""

    CSS_PATH = "figure_zoom.tcss"
    BINDINGS = [Binding("escape,z", "app.pop_screen", "Back to the reader")]

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.figure = figure

    def compose(self) -> ComposeResult:
        figure = self.figure
        yield Static(f"{figure_title(figure)}, p. {figure.page}  (escape: back)", id="zoom-title", markup=False)
        with Vertical(id="zoom-body"):
            if figure.image:
                yield image_widget(figure.image, classes="zoom-image")
            else:
                yield Static(f"(no image: {figure.problem})", classes="muted", markup=False)
        yield Static(" ".join(figure.caption.split()), id="zoom-caption", markup=False)
