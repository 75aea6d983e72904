"""Keys: one meaning per key on every screen, help generated per screen, Back/Help/Quit in the footer at 80x24."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.widgets import Footer

from paperpass.tui.app import PaperpassApp
from paperpass.tui.keys import help_sections, key_meanings
from paperpass.tui.screens.help import HelpScreen
from paperpass.tui.screens.reader import ReaderScreen
from paperpass.tui.screens.triage import TriageScreen
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text


async def start(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageScreen) and pilot.app.screen.ranked)


async def visit(pilot, where: str) -> None:
    """Go to a screen the way a user does: a mode key, or opening the highlighted paper."""
    app = pilot.app
    if where == "reader":
        await pilot.press("1", "o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
    elif where == "deferred":
        await pilot.press("1", "d", "v")
        await wait_for(pilot, lambda: app.screen.view == "deferred")
    elif where == "settings":
        await pilot.press("1", "6")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SettingsScreen")
    else:
        await pilot.press({"triage": "1", "library": "2", "classics": "3", "search": "escape", "dashboard": "5"}[where])
        if where == "search":  # the search box holds the focus and types a 4: leave it by the mode key from a list
            await pilot.press("1", "4")
    await pilot.pause(0.2)


SCREENS = ["triage", "deferred", "library", "classics", "search", "reader", "dashboard", "settings"]


@pytest.mark.parametrize("where", SCREENS)
async def test_no_key_has_two_meanings_on_a_screen(fake_engine, where):
    """Walk every place the focus can be on the screen: each key bound there must do one thing."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await visit(pilot, where)
        meanings = key_meanings(app.screen)
        assert "question_mark" in meanings and "ctrl+q" in meanings  # the walk sees the app's keys too
        clashes = {key: sorted(m.action for m in found) for key, found in meanings.items() if len(found) > 1}
        assert clashes == {}, (type(app.screen).__name__, clashes)


async def test_the_walk_finds_a_clash_when_there_is_one():
    """The check itself, on a screen whose list binds `x` to something else than the screen does."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Button, Static

    class Clashing(Static, can_focus=True):
        BINDINGS = [Binding("x", "other", "Other")]

    class Both(Screen):
        BINDINGS = [Binding("x", "one", "One")]

        def compose(self):
            yield Clashing("a list")
            yield Button("a button")

    class Tiny(App):
        def on_mount(self) -> None:
            self.push_screen(Both())

    app = Tiny()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert {m.action for m in key_meanings(app.screen)["x"]} == {"one", "other"}


def help_text(app) -> str:
    """The whole help, also what is scrolled out of view."""
    console = Console(width=120, record=True, file=io.StringIO())
    for static in app.screen.query("Static"):
        console.print(static.content)
    return console.export_text()


@pytest.mark.parametrize("where", SCREENS)
async def test_help_lists_what_is_bound_on_that_screen(fake_engine, where):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await visit(pilot, where)
        screen = app.screen
        meanings = key_meanings(screen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = help_text(app)
        lines = shown.splitlines()
        for key, found in meanings.items():
            for meaning in found:
                if meaning.description:
                    display = app.get_key_display(Binding(key, meaning.action))
                    assert any(display in line and meaning.description in line for line in lines), \
                        (key, meaning, shown)
        assert "Command palette" in shown
        await pilot.press("escape")
        assert app.screen is screen


async def test_help_on_the_reader_lists_its_keys_and_not_the_app_keys_it_shadows(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await visit(pilot, "reader")
        sections = dict(help_sections(app.screen))
        everywhere = {description: [b.key for b in keys] for keys, description in sections["Everywhere"]}
        assert everywhere["Triage"] == ["t"]  # `1` is pass 1 here, not triage
        assert "1" not in everywhere["Library"] and everywhere["Library"] == ["l"]
        reader = {description: [b.key for b in keys] for keys, description in sections["Reader"]}
        assert reader["Pass 1"] == ["1"]
        assert {"d", "g", "o", "f"} <= {b.key for keys, _ in sections["Reader"] for b in keys}
        await pilot.press("question_mark")
        shown = help_text(app)
        assert "Drop paper" in shown and "Finish pass" in shown and "Open PDF" in shown


@pytest.mark.parametrize("where", SCREENS)
async def test_footer_shows_back_help_and_quit_at_80x24(fake_engine, where):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await visit(pilot, where)
        footer = app.screen.query_one(Footer)
        bottom = screen_text(app).splitlines()[-1]
        assert ("? Help" in bottom or "f1 Help" in bottom) and ("q Quit" in bottom or "^q Quit" in bottom), bottom  # f1 in a text field
        if where in ("reader", "deferred"):  # the screens there is something to go back from
            assert "esc Back" in bottom, bottom
        assert footer.region.width == 80


async def test_q_quits_and_ctrl_q_quits_from_a_text_field(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("slash", *"quantum")
        assert not app._exit  # in the filter, q is a letter
        await pilot.press("ctrl+q")
        assert app._exit
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("q")
        assert app._exit
