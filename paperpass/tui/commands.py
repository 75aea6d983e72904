"""The command palette's paperpass commands: the screens and the main actions."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PaperpassCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        """(name, help, action): 'app.' actions run on the app, the others on the screen the palette was opened on."""
        commands = [
            ("Go to triage", "rank and decide the week's papers", "app.switch_mode('triage')"),
            ("Go to library", "every paper with its reading state; the reading queue on top",
             "app.switch_mode('library')"),
            ("Go to classics", "the seeded classics and your reading lists", "app.switch_mode('classics')"),
            ("Go to search", "search notes and papers", "app.switch_mode('search')"),
            ("Go to dashboard", "your reading at a glance: per week, per state, time per pass, the queue's age",
             "app.switch_mode('dashboard')"),
            ("Go to settings", "interests, feeds, categories, days, PDF viewer, people you follow",
             "app.switch_mode('settings')"),
            ("Add a paper", "by arXiv id, URL, DOI or a local PDF path", "app.add_paper"),
            ("Ingest now", "fetch new papers from every source in your settings", "app.ingest_now"),
            ("Export the library", "JSON, BibTeX or Markdown, to a path you choose", "app.export"),
            ("Undo the last delete", "bring back the paper deleted last, with its notes", "app.undo_delete"),
            ("Help: key bindings", "every key of every screen", "app.help"),
            ("New reading list", "create a list of your own", "app.new_list"),
            ("Quit paperpass", "leave (notes are already saved)", "app.quit"),
        ]
        screen = self.screen
        for action, name, help_text in getattr(screen, "PALETTE_ACTIONS", ()):
            commands.append((name, help_text, action))
        return commands

    def _runner(self, action: str):
        async def run() -> None:
            await self.app.run_action(action, self.screen)

        return run

    async def discover(self) -> Hits:
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._runner(action), text=name, help=help_text)
