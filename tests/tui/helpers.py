"""Helpers for the TUI tests: what the user sees, as plain text."""

from __future__ import annotations

import io

from rich.console import Console


def screen_text(app) -> str:
    """The current screen (with any screens behind a modal) as plain text, one line per terminal row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


async def still_reader(pilot) -> None:
    """The reader as a snapshot wants it: its clock stopped at "0:00", no notifications, settled."""
    screen = pilot.app.screen
    screen._timer.pause()
    screen._timer._unsaved = 0.0
    screen._timer._tick()
    pilot.app.clear_notifications()
    await pilot.pause(0.3)
