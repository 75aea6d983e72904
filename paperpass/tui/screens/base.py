"""The base of paperpass's screens: `self.app` typed as the PaperpassApp, so mypy checks the calls on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from paperpass.tui.app import PaperpassApp


class PaperpassScreen(Screen[None]):
    """A screen of the paperpass app: its library is `self.app.library`."""

    @property
    def app(self) -> PaperpassApp:
        return cast("PaperpassApp", super().app)
