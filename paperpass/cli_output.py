"""How the CLI shows things: JSON for scripts, progress bars on a terminal, ingest summaries as text.

One way each: `emit_json` turns models into JSON (`models.as_dict`), `TerminalProgress`
draws every progress(what, done, total) callback the library reports, `emit_summaries`
prints what an ingest or import did.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from paperpass.models import IngestSummary, as_dict
from paperpass.text import strip_control_characters
from paperpass.words import count

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.progress import Progress


def to_json(value: Any) -> Any:
    """A model (dataclass), or a list of them, as JSON-ready data; anything else as it is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return as_dict(value)
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value


def renamed(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """`data` with some keys renamed, in the same order (a model's field name -> the contract's JSON key)."""
    return {names.get(key, key): value for key, value in data.items()}


def emit_json(data: Any) -> None:
    click.echo(json.dumps(to_json(data), ensure_ascii=False, indent=2))


class TerminalProgress:
    """A progress(what, done, total) callback drawing one rich bar per `what` on stderr.

    Only on a terminal (quiet for --json and pipes), and only once the work has taken
    `show_after` seconds, so short work finishes without a bar flashing by. A `what`
    starting with "PDF " counts bytes (a download), anything else counts items.
    """

    SHOW_AFTER = 1.0  # seconds

    def __init__(self, enabled: bool = True, *, show_after: float | None = None) -> None:
        self.console: Console | None = None
        if enabled:  # rich is imported only when there may be something to draw
            from rich.console import Console

            self.console = Console(stderr=True)
        self.enabled = self.console is not None and self.console.is_terminal
        self.show_after = self.SHOW_AFTER if show_after is None else show_after
        self._since: float | None = None
        self._live: Live | None = None
        self._bars: Progress | None = None
        self._byte_bars: Progress | None = None
        self._tasks: dict[str, tuple[Progress, Any]] = {}
        self._lock = threading.Lock()  # PDF downloads report from worker threads

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        with self._lock:
            if self._live is not None:
                self._live.stop()
                self._live = None

    def __call__(self, what: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        with self._lock:
            if self._live is None and not self._start(done, total):
                return
            assert self._bars is not None and self._byte_bars is not None
            if what not in self._tasks:
                target = self._byte_bars if what.startswith("PDF ") else self._bars
                self._tasks[what] = (target, target.add_task(what, total=total))
            target, task = self._tasks[what]
            target.update(task, completed=done, total=total)
            if what.startswith("PDF ") and total and done >= total:
                target.remove_task(task)

    def _start(self, done: int, total: int | None) -> bool:
        """Start drawing once the work has gone on long enough; False while it has not."""
        now = time.monotonic()
        self._since = self._since if self._since is not None else now
        if now - self._since < self.show_after or (total is not None and done >= total):
            return False
        from rich.console import Group
        from rich.live import Live
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        assert self.console is not None
        # markup=False: a paper's or feed's title holding "[bold]" or "[link=...]" is shown as typed.
        self._bars = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                              TimeRemainingColumn(), console=self.console, transient=True)
        self._byte_bars = Progress(TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(),
                                   console=self.console, transient=True)
        self._live = Live(Group(self._bars, self._byte_bars), console=self.console, transient=True,
                          refresh_per_second=8)
        self._live.start()
        return True


# -- ingest and import summaries ------------------------------------------------------

def _printable(text: str) -> str:
    """Feed titles and server messages may carry terminal escapes; they are shown, not obeyed."""
    return strip_control_characters(text)


def summary_dict(summary: IngestSummary) -> dict[str, Any]:
    data = as_dict(summary)
    data["failed"] = [{"what": what, "reason": reason} for what, reason in summary.failed]
    data["notes"] = [{"what": what, "reason": reason} for what, reason in summary.notes]
    return data


def summary_text(summary: IngestSummary) -> str:
    lines = [f"{_printable(summary.source)}: {summary.seen} seen, {summary.added} added, {summary.updated} updated, "
             f"{summary.unchanged} unchanged, {count(summary.pdfs, 'PDF')}"
             + (f" ({summary.no_pdf} without a PDF link)" if summary.no_pdf else "")
             + (f", {count(summary.item_pages, 'item page')} read" if summary.item_pages else "")
             + f", {len(summary.failed)} failed"]
    for kind, entries in (("failed", summary.failed), ("note", summary.notes)):
        lines += [f"  {kind}: {_printable(what)}: {_printable(reason)}" for what, reason in entries]
    return "\n".join(lines)


def nothing_done(summaries: list[IngestSummary]) -> bool:
    """True when every source failed outright (no entry read), which the CLI reports with a non-zero exit."""
    return bool(summaries) and all(s.seen == 0 and (s.failed or s.notes) for s in summaries)


def emit_summaries(summaries: list[IngestSummary], as_json: bool, *, single: bool = False) -> None:
    """Print summaries (one object for a single source with --json, else a list)."""
    if as_json:
        data = [summary_dict(s) for s in summaries]
        emit_json(data[0] if single else data)
        return
    for summary in summaries:
        click.echo(summary_text(summary))
