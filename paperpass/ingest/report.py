"""How the CLI shows ingest: rich progress bars on stderr, and summaries as text or JSON."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from paperpass.models import IngestSummary, as_dict
from paperpass.words import count


@contextmanager
def progress_bars(enabled: bool = True) -> Iterator:
    """A progress(what, done, total) callback drawing one rich bar per `what` on stderr (terminals only)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    # markup=False: a feed title or file name holding "[bold]" or "[link=...]" is shown as typed.
    bars = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=True)
    byte_bars = Progress(TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(),
                         console=console, transient=True)
    tasks: dict[str, tuple[Progress, TaskID]] = {}
    lock = threading.Lock()  # PDF downloads report from worker threads

    def progress(what: str, done: int, total: int | None) -> None:
        with lock:
            if what not in tasks:
                # PDF byte counts get a byte bar; paper counts a count bar.
                target = byte_bars if what.startswith("PDF ") else bars
                tasks[what] = (target, target.add_task(what, total=total))
            target, task = tasks[what]
            target.update(task, completed=done, total=total)
            if what.startswith("PDF ") and total and done >= total:
                target.remove_task(task)

    from rich.console import Group
    from rich.live import Live

    with Live(Group(bars, byte_bars), console=console, transient=True, refresh_per_second=8):
        yield progress


def summary_dict(summary: IngestSummary) -> dict:
    data = as_dict(summary)
    data["failed"] = [{"what": what, "reason": reason} for what, reason in summary.failed]
    return data


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Feed titles and server messages may carry terminal escapes; they are shown, not obeyed."""
    return _CONTROL.sub("", text)


def summary_text(summary: IngestSummary) -> str:
    lines = [f"{_printable(summary.source)}: {summary.seen} seen, {summary.added} added, {summary.updated} updated, "
             f"{summary.unchanged} unchanged, {count(summary.pdfs, 'PDF')}, {len(summary.failed)} failed"]
    for what, reason in summary.failed:
        lines.append(f"  failed: {_printable(what)}: {_printable(reason)}")
    return "\n".join(lines)


def nothing_done(summaries: list[IngestSummary]) -> bool:
    """True when every source failed outright (no entry read), which the CLI reports with a non-zero exit."""
    return bool(summaries) and all(s.seen == 0 and s.failed for s in summaries)


def emit(summaries: list[IngestSummary], as_json: bool, *, single: bool = False) -> None:
    """Print summaries (one object for a single source with --json, else a list)."""
    import json

    import click

    if as_json:
        data = [summary_dict(s) for s in summaries]
        click.echo(json.dumps(data[0] if single else data, ensure_ascii=False, indent=2))
        return
    for summary in summaries:
        click.echo(summary_text(summary))
