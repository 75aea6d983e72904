from textual.screen import Screen
from textual.widgets import Footer, Static


class LibraryScreen(Screen):
    def compose(self):
        yield Static("library")
        yield Footer()
