from textual.screen import Screen
from textual.widgets import Footer, Static


class ClassicsScreen(Screen):
    def compose(self):
        yield Static("classics")
        yield Footer()
