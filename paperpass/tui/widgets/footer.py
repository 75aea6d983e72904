"""The footer of every screen: Textual's, with Back, Help and Quit first so a narrow terminal never cuts them."""

from __future__ import annotations

from textual.widgets import Footer

# Descriptions of the bindings every screen must keep in sight (the app's Help and Quit, a screen's Back).
ESSENTIAL = ("Back", "Help", "Quit")


class KeysFooter(Footer):
    def compose(self):
        keys = list(super().compose())

        def rank(widget) -> int:
            description = getattr(widget, "description", None)
            return ESSENTIAL.index(description) if description in ESSENTIAL else len(ESSENTIAL)

        yield from sorted(keys, key=rank)  # stable: the screen's own keys keep their order after them
