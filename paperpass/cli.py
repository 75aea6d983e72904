"""The command line: thin click commands over the library API.

Every command prints human output by default and JSON with --json. Expected
failures are PaperpassError: one line on stderr, non-zero exit, no traceback.
Heavy imports (torch, faiss, pymupdf, textual) happen inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from paperpass import __version__
from paperpass.errors import InvalidInput, NotBuiltYet, PaperpassError
from paperpass.words import count


class PaperpassGroup(click.Group):
    """Turns PaperpassError into one clear line on stderr and its exit status."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PaperpassError as exc:
            click.echo(f"paperpass: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("paperpass: interrupted", err=True)
            ctx.exit(130)


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def open_store():
    from paperpass.store import open_library

    return open_library()


class _index_progress:
    """Rich progress on stderr while the index embeds: count and time left, only on a terminal and only
    once the work has taken a second (quiet for --json pipes)."""

    SHOW_AFTER = 1.0  # seconds: short work finishes without a bar flashing by

    def __init__(self, quiet: bool = False):
        self.quiet = quiet or not sys.stderr.isatty()
        self._progress = None
        self._task = None
        self._since = None

    def __enter__(self):
        from paperpass.index.sync import set_default_progress

        set_default_progress(self)
        return self

    def __call__(self, what: str, done: int, total: int | None) -> None:
        if self.quiet:
            return
        if self._progress is None:
            import time

            self._since = self._since or time.monotonic()
            if time.monotonic() - self._since < self.SHOW_AFTER or (total is not None and done >= total):
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            # markup=False: text from papers is shown as typed, a "[link=...]" in it is not a link.
            self._progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                                      MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task(what, total=total)
        self._progress.update(self._task, description=what, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        from paperpass.index.sync import set_default_progress

        set_default_progress(None)
        if self._progress is not None:
            self._progress.stop()


def not_built(what: str, issue: int) -> None:
    raise NotBuiltYet(f"{what} is not built yet (issue {issue}); nothing was changed")


@click.group(cls=PaperpassGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paperpass")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """paperpass: triage the week's papers, read them in three passes, keep notes, find them again.

    With no command, opens the TUI on your library.
    """
    if ctx.invoked_subcommand is None:
        from paperpass.tui import run_app

        run_app(demo=False)


@cli.command()
def demo() -> None:
    """Open the TUI on the bundled sample week (offline; a separate demo library)."""
    from paperpass.tui import run_app

    run_app(demo=True)


# -- ingest -------------------------------------------------------------------

@cli.group(cls=PaperpassGroup, invoke_without_command=True)
@click.option("--pdf", is_flag=True, help="Also download the papers' PDFs.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest(ctx: click.Context, pdf: bool, as_json: bool) -> None:
    """Pull new papers. With no source, uses the sources in your config.toml."""
    if ctx.invoked_subcommand is None:
        from paperpass.errors import FetchError
        from paperpass.ingest import ingest_configured
        from paperpass.ingest.report import emit, nothing_done, progress_bars

        conn = open_store()
        with progress_bars(not as_json) as progress:
            summaries = ingest_configured(conn, pdf=True if pdf else None, progress=progress)
        emit(summaries, as_json)
        if nothing_done(summaries):
            raise FetchError(f"none of the {len(summaries)} configured sources could be read")


@ingest.command("arxiv")
@click.option("--category", "categories", multiple=True, help="arXiv category, e.g. cs.LG (repeatable).")
@click.option("--query", help="arXiv API search query.")
@click.option("--days", type=click.IntRange(min=1), default=7, show_default=True, help="How many days back.")
@click.option("--max", "max_results", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--pdf", is_flag=True, help="Also download the papers' PDFs.")
@click.option("--json", "as_json", is_flag=True)
def ingest_arxiv(categories, query, days, max_results, pdf, as_json) -> None:
    """Pull papers from the arXiv API (PAPERPASS_ARXIV_API overrides the endpoint)."""
    from paperpass.ingest import ingest_arxiv as run_ingest_arxiv
    from paperpass.ingest.report import emit, progress_bars

    conn = open_store()
    with progress_bars(not as_json) as progress:
        summary = run_ingest_arxiv(conn, categories=categories, query=query, days=days,
                                   max_results=max_results, pdf=pdf, progress=progress)
    emit([summary], as_json, single=True)


@ingest.command("feed")
@click.argument("source")
@click.option("--pdf", is_flag=True, help="Also download the papers' PDFs.")
@click.option("--json", "as_json", is_flag=True)
def ingest_feed(source, pdf, as_json) -> None:
    """Pull papers from an RSS/Atom feed URL or file (arXiv listings, Hugging Face daily papers, blogs)."""
    from paperpass.ingest import ingest_feed as run_ingest_feed
    from paperpass.ingest.report import emit, progress_bars

    conn = open_store()
    with progress_bars(not as_json) as progress:
        summary = run_ingest_feed(conn, source, pdf=pdf, progress=progress)
    emit([summary], as_json, single=True)


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--list", "list_", is_flag=True, help="List the people you follow.")
@click.option("--json", "as_json", is_flag=True)
def follow(names: tuple[str, ...], list_: bool, as_json: bool) -> None:
    """Follow people: `paperpass ingest` pulls each one's new arXiv papers (kept in config.toml `follow`)."""
    from paperpass.ingest.follow import follow as add, followed

    if names and not list_:
        added, everyone = add(list(names))
        if as_json:
            emit_json({"followed": added, "following": everyone})
        else:
            for name in names:
                clean = " ".join(name.split())
                click.echo(f"following {clean}" if clean in added else f"already following {clean}")
        return
    everyone = followed()
    if as_json:
        emit_json({"following": everyone})
    elif everyone:
        click.echo("\n".join(everyone))
    else:
        click.echo('you follow no one yet: paperpass follow "Author Name"')


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
def unfollow(names: tuple[str, ...], as_json: bool) -> None:
    """Stop following people."""
    from paperpass.ingest.follow import unfollow as remove

    removed, everyone = remove(list(names))
    if as_json:
        emit_json({"unfollowed": removed, "following": everyone})
    else:
        for name in removed:
            click.echo(f"unfollowed {name}")


@cli.command()
@click.argument("target")
@click.option("--pdf", is_flag=True, help="Also download the paper's PDF (arXiv papers).")
@click.option("--json", "as_json", is_flag=True)
def add(target, pdf, as_json) -> None:
    """Add one paper: an arXiv id or URL, or a local PDF path."""
    from paperpass.ingest import add_paper, download_paper_pdf
    from paperpass.ingest.report import progress_bars
    from paperpass.models import as_dict

    conn = open_store()
    with progress_bars(not as_json) as progress:
        paper = add_paper(conn, target, progress=progress,
                          warn=lambda line: click.echo(f"paperpass: {line}", err=True))
        if pdf and not paper.pdf_path:
            paper = download_paper_pdf(conn, paper, progress=progress)
    if as_json:
        emit_json(as_dict(paper))
    else:
        arxiv = f"  arXiv:{paper.arxiv_id_versioned}" if paper.arxiv_id else ""
        click.echo(f"[{paper.id}] {paper.title}{arxiv}")
        if paper.authors:
            click.echo(", ".join(paper.authors[:6]) + (" et al." if len(paper.authors) > 6 else ""))
        if paper.pdf_path:
            click.echo(f"PDF: {paper.pdf_path}")


# -- parse --------------------------------------------------------------------

@cli.command()
@click.argument("pdf_path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed structure as JSON.")
def parse(pdf_path: Path, as_json: bool) -> None:
    """Extract a PDF's structure: title, authors, abstract, sections, captions, references."""
    from paperpass.parse import contract_dict, parse_document

    # In a child process with a time bound, so a hostile PDF cannot hang the command.
    document = parse_document(pdf_path, isolated=True)
    if as_json:
        emit_json(contract_dict(document))
        return
    click.echo(document.title or "(no title found)")
    if document.authors:
        click.echo(", ".join(document.authors))
    click.echo(count(document.pages, "page"))
    if document.abstract:
        click.echo(f"\nAbstract: {document.abstract[:300]}{'...' if len(document.abstract) > 300 else ''}")
    click.echo("\nSections:")
    for section in document.sections:
        number = f"{section.number} " if section.number else ""
        click.echo(f"{'  ' * section.level}{number}{section.title}  (p. {section.page})")
    figures = sum(1 for c in document.captions if c.kind == "figure")
    click.echo(f"\n{count(figures, 'figure caption')}, {count(len(document.captions) - figures, 'table caption')}, "
               f"{count(len(document.references), 'reference')}")


# -- triage and reading -------------------------------------------------------

class _DaysType(click.ParamType):
    """A number of days (at least 1), or `all`."""

    name = "DAYS"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, int):
            return value
        if str(value).strip().lower() == "all":
            return None
        try:
            days = int(value)
        except ValueError:
            self.fail(f"{value!r} is not a number of days or 'all'", param, ctx)
        if days < 1:
            self.fail(f"{days} is less than 1 day", param, ctx)
        return days


@cli.command()
@click.option("--days", type=_DaysType(), default="7", show_default=True,
              help="The window, counted back from the newest paper; `all` for every date.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--deferred", is_flag=True, help="The deferred papers instead (every date, latest deferred first).")
@click.option("--json", "as_json", is_flag=True)
def triage(days, limit, deferred, as_json) -> None:
    """The week's papers, ranked for you (the window ends at the newest paper in the library)."""
    from paperpass.store.papers import triage_window
    from paperpass.words import describe_window

    conn = open_store()
    if deferred:
        _print_deferred(conn, limit, as_json)
        return
    from paperpass.index.rank import rank_for_triage

    window = triage_window(conn, days)
    with _index_progress(as_json):
        ranked = rank_for_triage(conn, days=days, limit=limit)
    if as_json:
        emit_json([{"id": r.paper.id, "title": r.paper.title, "score": r.score, "reasons": r.reasons,
                    "arxiv_id": r.paper.arxiv_id, "published": r.paper.published,
                    "popularity": r.paper.popularity} for r in ranked])
        return
    shown = f"top {len(ranked)} of " if len(ranked) < len(window.papers) else ""
    click.echo(f"Triage: {shown}{count(len(window.papers), 'paper')} to decide, "
               f"{describe_window(days, window.end, window.older)}")
    if not ranked:
        click.echo("nothing to triage in this window" + (" (try --days all)" if window.older else ""))
    for r in ranked:
        click.echo(f"[{r.paper.id}] {r.paper.title}  ({r.score:.2f})")
        if r.reasons:
            click.echo(f"      {'; '.join(r.reasons)}")


def _print_deferred(conn, limit: int, as_json: bool) -> None:
    from paperpass.store.papers import deferred_papers

    deferred = deferred_papers(conn)
    if as_json:
        # score: the contract of `triage --json`; a deferred paper keeps its place, it is not re-ranked
        emit_json([{"id": p.id, "title": p.title, "score": None, "deferred": at, "arxiv_id": p.arxiv_id,
                    "published": p.published, "popularity": p.popularity} for p, at in deferred[:limit]])
        return
    shown = f"latest {limit} of " if len(deferred) > limit else ""
    click.echo(f"Deferred: {shown}{count(len(deferred), 'paper')} "
               "(`paperpass mark ID keep|skip` decides one)")
    for paper, at in deferred[:limit]:
        click.echo(f"[{paper.id}] {paper.title}  (deferred {at[:10]})")


@cli.command()
@click.argument("paper")
@click.argument("decision", type=click.Choice(["keep", "skip", "defer", "later"]), metavar="{keep,skip,defer}")
@click.option("--json", "as_json", is_flag=True)
def mark(paper: str, decision: str, as_json: bool) -> None:
    """Record a triage decision for a paper (its id or arXiv id); `later` is accepted for defer."""
    from paperpass.models import DECISION_DONE, DECISION_WORDS
    from paperpass.store.papers import resolve_paper, set_decision, stored_decision

    conn = open_store()
    found = resolve_paper(conn, paper)
    stored = stored_decision(decision)
    set_decision(conn, found.id, stored)
    if as_json:
        emit_json({"id": found.id, "title": found.title, "decision": DECISION_WORDS[stored]})
    else:
        click.echo(f"{DECISION_DONE[stored]}: [{found.id}] {found.title}")


@cli.command()
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True)
def show(paper: str, as_json: bool) -> None:
    """One paper: metadata, state per pass, notes, references."""
    from paperpass.library.views import paper_details
    from paperpass.store.papers import resolve_paper

    conn = open_store()
    details = paper_details(conn, resolve_paper(conn, paper).id)
    if as_json:
        emit_json(details)
        return
    from paperpass.library.export import paper_markdown

    click.echo(paper_markdown(details), nl=False)


@cli.command()
@click.argument("paper")
@click.option("--pass", "pass_no", type=click.IntRange(1, 3), required=True, help="Which pass the note belongs to.")
@click.option("--text", help="The note's text.")
@click.option("--file", "file_", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the note from a file ('-' for stdin).")
@click.option("--json", "as_json", is_flag=True)
def note(paper: str, pass_no: int, text: str | None, file_: Path | None, as_json: bool) -> None:
    """Add a note to a paper for one pass (from --text, --file, or stdin)."""
    from paperpass.models import as_dict
    from paperpass.store.papers import resolve_paper
    from paperpass.store.reading import add_note

    if text is not None and file_ is not None:
        raise InvalidInput("give the note with --text or --file, not both")
    if text is None:
        text = _read_note_source(file_)
    conn = open_store()
    found = resolve_paper(conn, paper)
    saved = add_note(conn, found.id, pass_no, text)
    if as_json:
        emit_json(as_dict(saved))
    else:
        click.echo(f"note {saved.id} saved on [{found.id}] {found.title} (pass {pass_no})")


@cli.command()
@click.argument("paper")
@click.option("--pass", "pass_no", type=click.IntRange(1, 3), required=True, help="The pass finished.")
@click.option("--done", is_flag=True, help="After pass 1 or 2: the paper has given what it has; mark it done.")
@click.option("--json", "as_json", is_flag=True)
def finish(paper: str, pass_no: int, done: bool, as_json: bool) -> None:
    """A pass finished; after pass 3 (or with --done) the paper is done."""
    from paperpass.models import as_dict
    from paperpass.store.papers import resolve_paper
    from paperpass.store.reading import done_at, finish_pass

    conn = open_store()
    found = resolve_paper(conn, paper)
    state = finish_pass(conn, found.id, pass_no, done=done)
    finished_all = done_at(conn, found.id)
    if as_json:
        emit_json({**as_dict(state), "status": "done" if finished_all else f"pass{pass_no}", "done": finished_all})
    else:
        tail = f"; the paper is done ({finished_all[:10]})" if finished_all else ""
        click.echo(f"pass {pass_no} finished on [{found.id}] {found.title}{tail}")


@cli.group(cls=PaperpassGroup, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def queue(ctx: click.Context, as_json: bool) -> None:
    """The reading queue: kept papers and queued references, oldest first."""
    if ctx.invoked_subcommand is not None:
        return
    from paperpass.library.views import reading_queue
    from paperpass.models import as_dict

    entries = reading_queue(open_store())
    if as_json:
        emit_json([as_dict(e) for e in entries])
        return
    if not entries:
        click.echo("the reading queue is empty")
    for e in entries:
        what = f"[{e.id}] {e.title}" if e.id is not None else f"(not in the library) {' '.join(e.reference.split())}"
        click.echo(f"{what}\n      {e.reason}, since {(e.since or '?')[:10]}")


@queue.command("add")
@click.argument("paper")
@click.argument("reference", type=click.IntRange(min=1))
@click.option("--offline", is_flag=True, help="Do not fetch the referenced paper's metadata.")
@click.option("--json", "as_json", is_flag=True)
def queue_add(paper: str, reference: int, offline: bool, as_json: bool) -> None:
    """Queue reference number REFERENCE (as `show` numbers them, from 1) of PAPER to read."""
    from paperpass.library.views import queue_reference
    from paperpass.models import as_dict
    from paperpass.store.papers import resolve_paper

    conn = open_store()
    entry = queue_reference(conn, resolve_paper(conn, paper).id, reference - 1, fetch=not offline)
    if as_json:
        emit_json(as_dict(entry))
    else:
        click.echo(f"queued: {f'[{entry.id}] {entry.title}' if entry.id is not None else entry.reference}")


def _read_note_source(file_: Path | None) -> str:
    if file_ is None or str(file_) == "-":
        if file_ is None and sys.stdin.isatty():
            raise InvalidInput("give the note with --text, --file, or on standard input")
        return sys.stdin.read()
    try:
        return file_.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read note file {file_}: {exc}") from exc


# -- search -------------------------------------------------------------------

@cli.command()
@click.argument("query")
@click.option("--notes", "scope", flag_value="notes", help="Search only your notes.")
@click.option("--papers", "scope", flag_value="papers", help="Search only the papers.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search(query, scope, limit, as_json) -> None:
    """Search notes and papers by meaning and by keyword ("quoted phrases" must match exactly)."""
    from paperpass.index.search import search as run_search

    conn = open_store()
    with _index_progress(as_json):
        hits = run_search(conn, query, scope=scope or "all", limit=limit)
    if as_json:
        emit_json([{"id": h.paper_id, "title": h.title, "score": h.score, "kind": h.kind, "snippet": h.snippet,
                    "pass": h.pass_no, "section": h.section, "page": h.page, "note_id": h.note_id} for h in hits])
        return
    if not hits:
        click.echo("no matches")
    for h in hits:
        where = {"paper": "paper", "note": f"note, pass {h.pass_no}",
                 "section": f"section {h.section!r}" + (f", p. {h.page}" if h.page else "")}[h.kind]
        click.echo(f"[{h.paper_id}] {h.title}  ({where})")
        if h.snippet:
            click.echo(f"      {h.snippet}")


# -- classics and lists -------------------------------------------------------

@cli.command()
@click.option("--json", "as_json", is_flag=True)
def classics(as_json: bool) -> None:
    """The seeded classics (and your lists): each paper's status, each list's progress."""
    from paperpass.models import as_dict
    from paperpass.store.lists import list_entries, list_progress

    conn = open_store()
    entries = list_entries(conn)
    if as_json:
        emit_json([as_dict(e) for e in entries])
        return
    progress = list_progress(entries)
    current = None
    for e in entries:
        if e.list_name != current:
            current = e.list_name
            p = progress[current]
            click.echo(f"\n{current}  ({p.done}/{p.total} read, {p.begun}/{p.total} begun)")
        arxiv = f"  arXiv:{e.arxiv_id}" if e.arxiv_id else ""
        click.echo(f"  [{e.id:>3}] {e.status:<7} {e.title} ({e.year}){arxiv}")


# -- export, import -----------------------------------------------------------

@cli.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "bibtex", "json"]), required=True)
@click.option("--out", type=click.Path(path_type=Path),
              help="File (json, bibtex) or directory (markdown). Default: standard output (json, bibtex).")
def export(fmt: str, out: Path | None) -> None:
    """Export the library: every paper, state and note."""
    from paperpass.library.export import export_bibtex, export_markdown
    from paperpass.store.transfer import export_library

    conn = open_store()
    if fmt == "markdown":
        if out is None:
            raise InvalidInput("--format markdown writes one file per paper: give a directory with --out")
        written = export_markdown(conn, out)
        click.echo(f"wrote {len(written)} Markdown files to {out}")
        return
    text = json.dumps(export_library(conn), ensure_ascii=False, indent=2) if fmt == "json" else export_bibtex(conn)
    if out is None:
        click.echo(text)
    else:
        from paperpass.library.export import write_atomic

        write_atomic(out, text + "\n")
        click.echo(f"wrote {out}", err=True)


@cli.command("import")
@click.argument("file_", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--replace", is_flag=True, help="Replace a library that already holds data (paperpass exports).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (BibTeX, CSL-JSON, RIS).")
def import_(file_: Path, replace: bool, as_json: bool) -> None:
    """Import a BibTeX, Zotero CSL-JSON or RIS file into the library (matched by arXiv id, DOI, title),
    or a `paperpass export --format json` file into an empty library."""
    from paperpass.ingest.bibliography import detect_format, read_text

    if not file_.is_file():
        raise InvalidInput(f"no such file: {file_}")
    text = read_text(file_)
    kind = detect_format(file_, text)
    if kind == "paperpass-json":
        from paperpass.store.transfer import import_library

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"cannot read export file {file_}: {exc}") from exc
        imported = import_library(open_store(), data, replace=replace)
        if as_json:
            emit_json({"source": str(file_), "kind": kind, "imported": imported})
        else:
            click.echo(f"imported {count(imported, 'paper')}")
        return
    from paperpass.ingest import import_bibliography
    from paperpass.ingest.report import emit, progress_bars

    conn = open_store()
    with progress_bars(not as_json) as progress:
        summary = import_bibliography(conn, file_, kind=kind, progress=progress)
    emit([summary], as_json, single=True)


@cli.command()
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the backup (default: backups/ in the data directory).")
@click.option("--json", "as_json", is_flag=True)
def backup(out: Path | None, as_json: bool) -> None:
    """Back up the database now (a consistent copy, safe while paperpass runs)."""
    from paperpass.config import data_dir
    from paperpass.store.backup import create_backup

    path = create_backup(open_store(), data_dir(), out)
    if as_json:
        emit_json({"path": str(path), "bytes": path.stat().st_size})
    else:
        click.echo(f"backed up to {path}")


@cli.command()
@click.argument("source", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--latest", is_flag=True, help="Restore the newest automatic backup.")
@click.option("--list", "list_", is_flag=True, help="List the backups and exit.")
def restore(source: Path | None, latest: bool, list_: bool) -> None:
    """Replace the library with a backup (the current state is backed up first)."""
    from paperpass.config import data_dir
    from paperpass.store.backup import list_backups, restore_backup

    home = data_dir()
    backups = list_backups(home)
    if list_:
        for path in backups:
            click.echo(f"{path}  {path.stat().st_size:>12,} bytes")
        return
    if latest:
        if not backups:
            raise InvalidInput(f"there are no backups in {home / 'backups'}")
        source = backups[0]
    if source is None:
        raise InvalidInput("give a backup file, or --latest (see `paperpass restore --list`)")
    safety = restore_backup(open_store(), home, source)
    click.echo(f"restored {source}; the state it replaced is kept in {safety}")


# -- index, doctor ------------------------------------------------------------

@cli.group(cls=PaperpassGroup)
def index() -> None:
    """The search index (FAISS vectors and keyword index)."""


@index.command("rebuild")
@click.option("--json", "as_json", is_flag=True)
def index_rebuild(as_json: bool) -> None:
    """Recreate the search index from the database (cached embeddings are reused)."""
    from paperpass.index import rebuild_index

    conn = open_store()
    with _index_progress(as_json) as progress:
        summary = rebuild_index(conn, progress=progress)
    if as_json:
        emit_json(summary)
        return
    click.echo(f"indexed {count(summary['papers'], 'paper')}, {count(summary['sections'], 'section chunk')}, "
               f"{count(summary['notes'], 'note')}: {count(summary['vectors'], 'vector')} ({summary['index']} search, "
               f"model {summary['model']}; {summary['embedded']} newly embedded)")


@cli.command()
@click.option("--fix", is_flag=True, help="Apply the safe repairs (index rebuild, backup, leftover temp files).")
@click.option("--json", "as_json", is_flag=True)
def doctor(fix: bool, as_json: bool) -> None:
    """Check the install, the embedding model, the database, PDFs, backups and the search index."""
    from paperpass.library.doctor import run_checks

    checks = run_checks(fix=fix)
    if as_json:
        emit_json([{"name": c.name, "ok": c.ok, "detail": c.detail, "fix": c.fix, "fixed": c.fixed}
                   for c in checks])
    else:
        for c in checks:
            click.echo(f"{'fixed' if c.fixed else 'ok   ' if c.ok else 'BAD  '}  {c.name}: {c.detail}")
            if c.fix and not c.ok:
                click.echo(f"       fix: {c.fix}")
    if not all(c.ok for c in checks):
        sys.exit(1)


def main() -> None:
    cli(prog_name="paperpass")


if __name__ == "__main__":
    main()
