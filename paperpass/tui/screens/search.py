from textual.screen import Screen
from textual.widgets import Footer, Static


class SearchScreen(Screen):
    def compose(self):
        yield Static("search")
        yield Footer()
