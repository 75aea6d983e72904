"""The command line: thin click commands over the library API.

Every command prints human output by default and JSON with --json. Expected
failures are PaperpassError: one line on stderr, non-zero exit, no traceback.
Heavy imports (torch, faiss, pymupdf, textual) happen inside the commands that need them.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from paperpass import __version__
from paperpass.cli_output import TerminalProgress, emit_json, emit_summaries, nothing_done, renamed, to_json
from paperpass.errors import FetchError, InvalidInput, NotFound, PaperpassError
from paperpass.library import Library
from paperpass.models import DECISION_DONE, DECISION_WORDS, KIND_WORDS, Paper, as_dict
from paperpass.words import count, describe_window

F = TypeVar("F", bound=Callable[..., Any])


class PaperpassGroup(click.Group):
    """Turns PaperpassError into one clear line on stderr and its exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PaperpassError as exc:
            click.echo(f"paperpass: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("paperpass: interrupted", err=True)
            ctx.exit(130)


def json_option(help: str = "Print the result as JSON.") -> Callable[[F], F]:
    """The --json flag every command shares (its value arrives as `as_json`)."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def open_library(ctx: click.Context) -> Library:
    """The user's library, opened and prepared once per invocation and closed when the command ends."""
    root = ctx.find_root()
    library = root.meta.get("paperpass.library")
    if library is None:
        library = Library.open()
        root.call_on_close(library.close)
        root.meta["paperpass.library"] = library
        library.prepare()
    return library


def pass_library(f: F) -> F:
    """Give the command the user's library as its first argument (see `open_library`)."""

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        return f(open_library(click.get_current_context()), *args, **kwargs)

    return cast(F, command)


@contextmanager
def showing_progress(as_json: bool) -> Iterator[TerminalProgress]:
    """Progress bars on a terminal (none with --json): for the work the command reports, and for the
    embedding the index does on its way when search or ranking brings it up to date."""
    with TerminalProgress(not as_json) as progress:
        Library.set_index_progress(progress)
        try:
            yield progress
        finally:
            Library.set_index_progress(None)


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
@json_option("Print the summary as JSON.")
@click.pass_context
def ingest(ctx: click.Context, pdf: bool, as_json: bool) -> None:
    """Pull new papers. With no source, uses the sources in your config.toml."""
    if ctx.invoked_subcommand is not None:
        return
    library = open_library(ctx)
    with showing_progress(as_json) as progress:
        summaries = library.ingest_configured(pdf=True if pdf else None, progress=progress)
    emit_summaries(summaries, as_json)
    if nothing_done(summaries):
        raise FetchError(f"none of the {len(summaries)} configured sources could be read")


@ingest.command("arxiv")
@click.option("--category", "categories", multiple=True, help="arXiv category, e.g. cs.LG (repeatable).")
@click.option("--query", help="arXiv API search query.")
@click.option("--days", type=click.IntRange(min=1), default=7, show_default=True, help="How many days back.")
@click.option("--max", "max_results", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--pdf", is_flag=True, help="Also download the papers' PDFs.")
@json_option("Print the summary as JSON.")
@pass_library
def ingest_arxiv(library: Library, categories: tuple[str, ...], query: str | None, days: int, max_results: int,
                 pdf: bool, as_json: bool) -> None:
    """Pull papers from the arXiv API (PAPERPASS_ARXIV_API overrides the endpoint)."""
    with showing_progress(as_json) as progress:
        summary = library.ingest_arxiv(categories=categories, query=query, days=days, max_results=max_results,
                                       pdf=pdf, progress=progress)
    emit_summaries([summary], as_json, single=True)


@ingest.command("feed")
@click.argument("source")
@click.option("--pdf", is_flag=True, help="Also download the papers' PDFs.")
@json_option("Print the summary as JSON.")
@pass_library
def ingest_feed(library: Library, source: str, pdf: bool, as_json: bool) -> None:
    """Pull papers from an RSS, Atom or JSON Feed URL or file (arXiv listings, Hugging Face papers, journals, blogs)."""
    with showing_progress(as_json) as progress:
        summary = library.ingest_feed(source, pdf=pdf, progress=progress)
    emit_summaries([summary], as_json, single=True)


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--list", "list_", is_flag=True, help="List the people you follow.")
@json_option()
def follow(names: tuple[str, ...], list_: bool, as_json: bool) -> None:
    """Follow people: `paperpass ingest` pulls each one's new arXiv papers (kept in config.toml `follow`)."""
    if names and not list_:
        added, everyone = Library.follow(list(names))
        if as_json:
            emit_json({"followed": added, "following": everyone})
        else:
            for name in names:
                clean = " ".join(name.split())
                click.echo(f"following {clean}" if clean in added else f"already following {clean}")
        return
    everyone = Library.followed()
    if as_json:
        emit_json({"following": everyone})
    elif everyone:
        click.echo("\n".join(everyone))
    else:
        click.echo('you follow no one yet: paperpass follow "Author Name"')


@cli.command()
@click.argument("names", nargs=-1, required=True)
@json_option()
def unfollow(names: tuple[str, ...], as_json: bool) -> None:
    """Stop following people."""
    removed, everyone = Library.unfollow(list(names))
    if as_json:
        emit_json({"unfollowed": removed, "following": everyone})
    else:
        for name in removed:
            click.echo(f"unfollowed {name}")


@cli.command()
@click.argument("target")
@click.option("--pdf", is_flag=True, help="Also download the paper's PDF (when it has a PDF link).")
@json_option()
@pass_library
def add(library: Library, target: str, pdf: bool, as_json: bool) -> None:
    """Add one paper: an arXiv id or URL, a DOI (metadata from doi.org), a local PDF path, or a web link to a
    PDF or to a paper's page (OpenReview, proceedings, journals: the meta tags they give indexers)."""
    with showing_progress(as_json) as progress:
        paper = library.add(target, progress=progress,
                            warn=lambda line: click.echo(f"paperpass: {line}", err=True))
        if pdf and not paper.pdf_path:
            paper = library.download_pdf(paper, progress=progress)
    if as_json:
        emit_json(paper)
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
@json_option("Print the parsed structure as JSON.")
def parse(pdf_path: Path, as_json: bool) -> None:
    """Extract a PDF's structure: title, authors, abstract, sections, captions, references."""
    document = Library.parse_pdf(pdf_path)  # in a child process with a time bound: a hostile PDF cannot hang us
    if as_json:
        emit_json(Library.contract_dict(document))
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

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
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


def _triage_json(paper: Paper, **extra: Any) -> dict[str, Any]:
    """A paper as `triage --json` lists it (its score and reasons, or when it was deferred, in `extra`)."""
    return {"id": paper.id, "title": paper.title, **extra, "arxiv_id": paper.arxiv_id,
            "published": paper.published, "popularity": paper.popularity}


@cli.command()
@click.option("--days", type=_DaysType(), default="7", show_default=True,
              help="The window, counted back from the newest paper; `all` for every date.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--deferred", is_flag=True, help="The deferred papers instead (every date, latest deferred first).")
@json_option()
@pass_library
def triage(library: Library, days: int | None, limit: int, deferred: bool, as_json: bool) -> None:
    """The week's papers, ranked for you (the window ends at the newest paper in the library)."""
    if deferred:
        _print_deferred(library, limit, as_json)
        return
    with showing_progress(as_json):
        window, ranked = library.triage_ranked(days, limit=limit)
    if as_json:
        emit_json([_triage_json(r.paper, score=r.score, reasons=r.reasons) for r in ranked])
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


def _print_deferred(library: Library, limit: int, as_json: bool) -> None:
    deferred = library.deferred()
    if as_json:
        # score: the contract of `triage --json`; a deferred paper keeps its place, it is not re-ranked
        emit_json([_triage_json(p, score=None, deferred=at) for p, at in deferred[:limit]])
        return
    shown = f"latest {limit} of " if len(deferred) > limit else ""
    click.echo(f"Deferred: {shown}{count(len(deferred), 'paper')} "
               "(`paperpass mark ID keep|skip` decides one)")
    for paper, at in deferred[:limit]:
        click.echo(f"[{paper.id}] {paper.title}  (deferred {at[:10]})")


@cli.command()
@click.argument("paper")
@click.argument("decision", type=click.Choice(["keep", "skip", "defer", "later"]), metavar="{keep,skip,defer}")
@json_option()
@pass_library
def mark(library: Library, paper: str, decision: str, as_json: bool) -> None:
    """Record a triage decision for a paper (its id or arXiv id); `later` is accepted for defer."""
    found = library.resolve(paper)
    stored = library.decide(found.stored_id, decision)
    assert stored is not None  # a decision was given
    if as_json:
        emit_json({"id": found.id, "title": found.title, "decision": DECISION_WORDS[stored]})
    else:
        click.echo(f"{DECISION_DONE[stored]}: [{found.id}] {found.title}")


@cli.command()
@click.argument("paper")
@json_option()
@pass_library
def show(library: Library, paper: str, as_json: bool) -> None:
    """One paper: metadata, state per pass, notes, references."""
    details = library.details(library.resolve(paper).stored_id)
    if as_json:
        emit_json(details)
        return
    from paperpass.library.export import paper_markdown

    click.echo(paper_markdown(details), nl=False)


@cli.command()
@click.argument("paper")
@click.option("--open", "open_", type=click.IntRange(min=1), metavar="N",
              help="Open source N in the browser (its URL is printed when no opener works).")
@click.option("--compare", help="Save pass 1's 'what others say vs. my first read' (an empty text clears it).")
@json_option()
@pass_library
def sources(library: Library, paper: str, open_: int | None, compare: str | None, as_json: bool) -> None:
    """Where a paper came from and where it is talked about (feed items, Hugging Face, threads)."""
    found = library.resolve(paper)
    listed = library.sources(found.stored_id)
    if compare is not None:
        library.set_review(found.stored_id, others_vs_mine=compare.strip() or None)
    if open_ is not None:
        if open_ > len(listed) or not listed[open_ - 1].url:
            raise InvalidInput(f"paper {found.id} has no source {open_} with a link "
                               f"(it has {count(len(listed), 'source')}; see `paperpass sources {found.id}`)")
        url = cast(str, listed[open_ - 1].url)
        if library.open_url(url):
            click.echo(f"opened {url}", err=as_json)
        else:
            click.echo(f"no browser opener found (xdg-open or open); the link: {url}", err=as_json)
    others = library.review(found.stored_id).others_vs_mine
    if as_json:
        emit_json({"id": found.id, "title": found.title, "sources": to_json(listed), "others_vs_mine": others})
        return
    if open_ is not None:
        return
    click.echo(f"[{found.id}] {found.title}")
    for number, source in enumerate(listed, start=1):
        upvotes = f", {count(source.popularity, 'upvote')}" if source.popularity else ""
        seen = (source.first_seen or "")[:10]
        click.echo(f"  {number}. {source.label}{upvotes} (seen {seen}){': ' + source.url if source.url else ''}")
    if not listed:
        click.echo("  (no source recorded)")
    click.echo(f"What others say vs. my first read: {others or '(not written yet)'}")


@cli.command()
@click.argument("paper")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Also copy the PNGs into this directory.")
@json_option()
@pass_library
def figures(library: Library, paper: str, out_dir: Path | None, as_json: bool) -> None:
    """The paper's figures and tables, cut out of its PDF as PNGs: number, caption, page, image, size."""
    found = library.resolve(paper)
    with showing_progress(as_json):
        extracted = library.figures(found.stored_id)
    if out_dir is not None:
        extracted = library.export_figures(extracted, out_dir)
    if as_json:
        emit_json(extracted)
        return
    if not extracted:
        click.echo(f"no figure or table captions found in [{found.id}] {found.title}")
        return
    for f in extracted:
        name = f"{f.kind.title()} {f.number}"
        if f.image:
            click.echo(f"{name:<11} p.{f.page:<3} {f.width}x{f.height} px  {f.bytes / 1024:.0f} KB  {f.image}")
        else:
            click.echo(f"{name:<11} p.{f.page:<3} no image: {f.problem}")
        caption = " ".join(f.caption.split())
        click.echo(f"            {caption[:100]}{'…' if len(caption) > 100 else ''}")
        if f.image and f.problem:
            click.echo(f"            note: {f.problem}")
    total = sum(f.bytes for f in extracted)
    shown = sum(1 for f in extracted if f.image)
    click.echo(f"{shown} of {count(len(extracted), 'caption')} with an image, {total / 1024 / 1024:.1f} MB")


@cli.command()
@click.argument("paper")
@click.option("--pass", "pass_no", type=click.IntRange(1, 3), required=True, help="Which pass the note belongs to.")
@click.option("--text", help="The note's text.")
@click.option("--file", "file_", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the note from a file ('-' for stdin).")
@json_option()
@click.pass_context
def note(ctx: click.Context, paper: str, pass_no: int, text: str | None, file_: Path | None, as_json: bool) -> None:
    """Add a note to a paper for one pass (from --text, --file, or stdin)."""
    if text is not None and file_ is not None:
        raise InvalidInput("give the note with --text or --file, not both")
    if text is None:
        text = _read_note_source(file_)
    library = open_library(ctx)  # once the note is read: a note that cannot be read changes nothing
    found = library.resolve(paper)
    saved = library.add_note(found.stored_id, pass_no, text)
    if as_json:
        emit_json(saved)
    else:
        click.echo(f"note {saved.id} saved on [{found.id}] {found.title} (pass {pass_no})")


def _read_note_source(file_: Path | None) -> str:
    if file_ is None or str(file_) == "-":
        if file_ is None and sys.stdin.isatty():
            raise InvalidInput("give the note with --text, --file, or on standard input")
        return sys.stdin.read().removeprefix("\ufeff")
    try:
        return file_.read_text(encoding="utf-8-sig")  # -sig: a byte-order mark (Windows editors) is not text
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"cannot read note file {file_}: it is not UTF-8 text (byte {exc.start + 1} is "
                           "not UTF-8; save it as UTF-8 and try again)") from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read note file {file_}: {exc.strerror or exc}") from exc


@cli.command()
@click.argument("paper")
@click.option("--pass", "pass_no", type=click.IntRange(1, 3), required=True, help="The pass finished.")
@click.option("--done", is_flag=True, help="After pass 1 or 2: the paper has given what it has; mark it done.")
@json_option()
@pass_library
def finish(library: Library, paper: str, pass_no: int, done: bool, as_json: bool) -> None:
    """A pass finished; after pass 3 (or with --done) the paper is done."""
    found = library.resolve(paper)
    state = library.finish_pass(found.stored_id, pass_no, done=done)
    finished_all = library.done_at(found.stored_id)
    if as_json:
        emit_json({**as_dict(state), "status": "done" if finished_all else f"pass{pass_no}", "done": finished_all})
    else:
        tail = f"; the paper is done ({finished_all[:10]})" if finished_all else ""
        click.echo(f"pass {pass_no} finished on [{found.id}] {found.title}{tail}")


@cli.group(cls=PaperpassGroup, invoke_without_command=True)
@json_option()
@click.pass_context
def queue(ctx: click.Context, as_json: bool) -> None:
    """The reading queue: kept papers and queued references, oldest first."""
    if ctx.invoked_subcommand is not None:
        return
    entries = open_library(ctx).reading_queue()
    if as_json:
        emit_json(entries)
        return
    if not entries:
        click.echo("the reading queue is empty")
    for e in entries:
        reference = " ".join((e.reference or "").split())
        what = f"[{e.id}] {e.title}" if e.id is not None else f"(not in the library) {reference}"
        click.echo(f"{what}\n      {e.reason}, since {(e.since or '?')[:10]}")


@queue.command("add")
@click.argument("paper")
@click.argument("reference", type=click.IntRange(min=1))
@click.option("--offline", is_flag=True, help="Do not fetch the referenced paper's metadata.")
@json_option()
@pass_library
def queue_add(library: Library, paper: str, reference: int, offline: bool, as_json: bool) -> None:
    """Queue reference number REFERENCE (as `show` numbers them, from 1) of PAPER to read."""
    entry = library.queue_reference(library.resolve(paper).stored_id, reference - 1, fetch=not offline)
    if as_json:
        emit_json(entry)
    else:
        click.echo(f"queued: {f'[{entry.id}] {entry.title}' if entry.id is not None else entry.reference}")


# -- search -------------------------------------------------------------------

@cli.command()
@click.argument("query")
@click.option("--notes", "scope", flag_value="notes", help="Search only your notes.")
@click.option("--papers", "scope", flag_value="papers", help="Search only the papers.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@json_option()
@pass_library
def search(library: Library, query: str, scope: str | None, limit: int, as_json: bool) -> None:
    """Search notes and papers by meaning and by keyword ("quoted phrases" must match exactly)."""
    with showing_progress(as_json):
        hits = library.search(query, scope=scope or "all", limit=limit)
    if as_json:
        emit_json([renamed(as_dict(h), {"paper_id": "id", "pass_no": "pass"}) for h in hits])
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
@json_option()
@pass_library
def classics(library: Library, as_json: bool) -> None:
    """The seeded classics (and your lists): each paper's status, each list's progress."""
    entries = library.list_entries()
    if as_json:
        emit_json(entries)
        return
    progress = library.list_progress(entries)
    current = None
    for e in entries:
        if e.list_name != current:
            current = e.list_name
            p = progress[current]
            click.echo(f"\n{current}  ({p.done}/{p.total} read, {p.begun}/{p.total} begun)")
        arxiv = f"  arXiv:{e.arxiv_id}" if e.arxiv_id else ""
        click.echo(f"  [{e.id:>3}] {e.status:<7} {e.title} ({e.year}){arxiv}")


# -- managing papers: edit, tags, rm and undo-rm, fetch, open ---------------------------

def _interactive() -> bool:
    """Whether a person at a terminal can answer a question (stdin and stdout are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@cli.command()
@click.argument("paper")
@click.option("--title", help="The paper's title.")
@click.option("--author", "authors", multiple=True, help="An author (repeatable; the list replaces the authors).")
@click.option("--year", type=int, help="The year of publication.")
@click.option("--venue", help="Where it appeared (\"\" clears it).")
@click.option("--arxiv-id", "arxiv_id", help="Its arXiv id (\"\" or none clears a wrong one).")
@click.option("--kind", help="What it is: " + ", ".join(kind if words == kind else f"{kind} ({words})"
                                                       for kind, words in KIND_WORDS.items())
              + ", or unknown (exports then go by the venue).")
@click.option("--tag", "add_tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--untag", "remove_tags", multiple=True, help="Remove a tag (repeatable).")
@json_option()
@pass_library
def edit(library: Library, paper: str, title: str | None, authors: tuple[str, ...], year: int | None,
         venue: str | None, arxiv_id: str | None, kind: str | None, add_tags: tuple[str, ...],
         remove_tags: tuple[str, ...], as_json: bool) -> None:
    """Correct a paper's title, authors, year, venue, kind or arXiv id, and tag it. Bad values change nothing."""
    found = library.resolve(paper)
    if not any((title is not None, authors, year is not None, venue is not None, arxiv_id is not None,
                kind is not None, add_tags, remove_tags)):
        raise InvalidInput("nothing to change: give --title, --author, --year, --venue, --kind, --arxiv-id, --tag "
                           "or --untag")
    edited = library.edit_paper(found.stored_id, title=title, authors=list(authors) if authors else None,
                                year=year, venue=venue, add_tags=add_tags, remove_tags=remove_tags, arxiv_id=arxiv_id,
                                kind=kind)
    tags = library.paper_tags(edited.stored_id)
    if as_json:
        emit_json({**as_dict(edited), "tags": tags})
        return
    click.echo(f"[{edited.id}] {edited.title}")
    if edited.authors:
        click.echo(", ".join(edited.authors))
    where = ", ".join(str(x) for x in (KIND_WORDS.get(edited.kind or ""), edited.venue, edited.year) if x)
    if where:
        click.echo(where)
    if edited.arxiv_id:
        click.echo(f"arXiv {edited.arxiv_id_versioned or edited.arxiv_id}")
    if tags:
        click.echo("tags: " + ", ".join(tags))


@cli.command()
@click.argument("tag", required=False)
@json_option()
@pass_library
def tags(library: Library, tag: str | None, as_json: bool) -> None:
    """Your tags with how many papers carry each; with TAG, the papers tagged with it."""
    if tag is None:
        counts = library.tag_counts()
        if as_json:
            emit_json([{"tag": name, "papers": n} for name, n in counts.items()])
        elif counts:
            for name, n in counts.items():
                click.echo(f"{name}  ({count(n, 'paper')})")
        else:
            click.echo("no tags yet: paperpass edit PAPER_ID --tag TAG")
        return
    wanted = " ".join(tag.split()).casefold()
    rows = [r for r in library.library_rows() if wanted in (t.casefold() for t in r.tags)]
    if as_json:
        emit_json([{"id": r.paper.id, "title": r.paper.title, "state": r.state, "tags": list(r.tags)} for r in rows])
        return
    if not rows:
        raise NotFound(f"no paper is tagged {tag!r} (see `paperpass tags`)")
    for r in rows:
        click.echo(f"[{r.paper.id}] {r.state:<7} {r.paper.title}")


@cli.command()
@click.argument("paper")
@click.option("--yes", is_flag=True, help="Delete without asking.")
@json_option()
@pass_library
def rm(library: Library, paper: str, yes: bool, as_json: bool) -> None:
    """Delete a paper with its notes, reading state and PDF; `paperpass undo-rm` brings it back."""
    found = library.resolve(paper)
    preview = library.delete_preview(found.stored_id)
    if not yes:
        if not _interactive():
            raise InvalidInput(f"paperpass rm deletes [{preview.paper_id}] {preview.title} with "
                               f"{preview.what_goes()}: add --yes to do it without a terminal")
        click.echo(f"Delete [{preview.paper_id}] {preview.title}?\nWith it go: {preview.what_goes()}.", err=True)
        if not click.confirm("Delete it", default=False, err=True):
            click.echo("nothing deleted", err=True)
            return
    gone = library.delete_paper(found.stored_id)
    if as_json:
        emit_json({**as_dict(gone), "undo": "paperpass undo-rm"})
        return
    click.echo(f"deleted [{gone.paper_id}] {gone.title} ({gone.what_goes()})")
    click.echo("`paperpass undo-rm` brings it back with its notes and PDF; the daily backups "
               "(`paperpass restore --list`) keep its notes too.")


@cli.command("undo-rm")
@json_option()
@pass_library
def undo_rm(library: Library, as_json: bool) -> None:
    """Bring back the paper deleted last, with its notes, reading state and PDF."""
    paper = library.undo_delete()
    if as_json:
        emit_json({**as_dict(paper), "tags": library.paper_tags(paper.stored_id)})
    else:
        notes = len(library.notes(paper.stored_id))
        click.echo(f"brought back [{paper.id}] {paper.title} with {count(notes, 'note')}"
                   + (f"; PDF: {paper.pdf_path}" if paper.pdf_path else ""))


@cli.command()
@click.argument("paper")
@json_option()
@pass_library
def fetch(library: Library, paper: str, as_json: bool) -> None:
    """Download a paper's PDF into the library (progress on a terminal; Ctrl-C cancels and keeps nothing)."""
    import threading

    from paperpass.errors import Cancelled

    found = library.resolve(paper)
    cancel = threading.Event()
    outcome: dict[str, Any] = {}
    with showing_progress(as_json) as progress:
        def work() -> None:
            try:
                outcome["paper"] = library.fetch_pdf(found.stored_id, progress=progress, cancel=cancel)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="paperpass-fetch", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.2)
        except KeyboardInterrupt:
            cancel.set()
            worker.join()
            raise Cancelled(f"fetching the PDF of paper {found.id} was cancelled; nothing was kept") from None
    if "error" in outcome:
        raise outcome["error"]
    fetched: Paper = outcome["paper"]
    if as_json:
        emit_json(fetched)
    else:
        click.echo(f"[{fetched.id}] {fetched.title}\nPDF: {fetched.pdf_path}")


@cli.command("open")
@click.argument("paper")
@click.option("--page", type=click.IntRange(min=1), help="The page to open at (viewers that support it).")
@json_option()
@pass_library
def open_(library: Library, paper: str, page: int | None, as_json: bool) -> None:
    """Open a paper's PDF in your viewer (config.toml `pdf_viewer`, else the platform's)."""
    found = library.resolve(paper)
    command = library.open_pdf(found.stored_id, page)
    if as_json:
        emit_json({"id": found.id, "pdf_path": found.pdf_path, "page": page or 1, "command": command})
    else:
        click.echo(f"opened with: {command}")


# -- settings -----------------------------------------------------------------

@cli.group("config", cls=PaperpassGroup, invoke_without_command=True)
@json_option()
@click.pass_context
def config_(ctx: click.Context, as_json: bool) -> None:
    """The settings in force and where each comes from (default, config.toml, environment)."""
    if ctx.invoked_subcommand is not None:
        return
    shown = Library.settings_in_force()
    if as_json:
        emit_json({name: {"value": value, "source": source} for name, value, source in shown})
        return
    width = max(len(name) for name, _, _ in shown)
    for name, value, source in shown:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) or not value else value
        click.echo(f"{name:<{width}}  {text}  ({source})")


@config_.command("init")
@click.option("--force", is_flag=True, help="Replace an existing config.toml with the defaults.")
@json_option()
def config_init(force: bool, as_json: bool) -> None:
    """Write a commented config.toml with the defaults to fill in (never over yours without --force)."""
    path = Library.init_settings(force=force)
    if as_json:
        emit_json({"path": str(path)})
    else:
        click.echo(f"wrote {path}: add your categories, feeds or people to follow, then run `paperpass ingest`")


# -- export, import -----------------------------------------------------------

@cli.command()
@click.option("--weeks", type=click.IntRange(1, 104), default=8, show_default=True, help="How many weeks to count.")
@json_option()
@pass_library
def stats(library: Library, weeks: int, as_json: bool) -> None:
    """Reading figures: papers per week and per state, time per pass against the budgets, lists, queue age."""
    numbers = library.stats(weeks=weeks)
    if as_json:
        emit_json(numbers)
    else:
        click.echo(library.stats_report(numbers), nl=False)


@cli.command("review-week")
@click.option("--week", metavar="YYYY-Www", help="The ISO week to review, e.g. 2026-W49 (default: this week).")
@click.option("--since", metavar="DATE", help="Review every day since DATE (YYYY-MM-DD) instead of one week.")
@click.option("--out", type=click.Path(),  # a str: a trailing separator (a folder to make) must survive
              help="Write the Markdown to this file, or into this directory as paperpass-<week>.md "
                   "(a path ending in / is a directory, made if missing).")
@click.option("--wikilinks", is_flag=True, help="Write paper titles as [[wikilinks]] (Obsidian).")
@json_option("Print the review as JSON instead of Markdown.")
@pass_library
def review_week(library: Library, week: str | None, since: str | None, out: str | None, wikilinks: bool,
                as_json: bool) -> None:
    """The weekly review: papers kept, passes finished, papers finished, notes written, queue added."""
    review = library.week_review(week=week, since=since)
    if out is not None:
        written = library.write_week_review(review, out, wikilinks=wikilinks or None)  # else the setting
        click.echo(f"wrote {written}", err=as_json)
    if as_json:
        emit_json(review)
    elif out is None:
        click.echo(library.review_markdown(review, wikilinks=wikilinks), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "bibtex", "ris", "csl-json", "json"]), required=True,
              help="bibtex, ris and csl-json write each paper's kind (journal article, conference paper, ...) "
                   "as the format's entry type.")
@click.option("--out", type=click.Path(path_type=Path),
              help="File (json, bibtex, ris, csl-json) or directory (markdown, json --with-pdfs). "
                   "Default: standard output (json, bibtex, ris, csl-json).")
@click.option("--with-pdfs", is_flag=True,
              help="json: write a folder (paperpass.json and pdfs/) that `paperpass import DIR` takes whole.")
@pass_library
def export(library: Library, fmt: str, out: Path | None, with_pdfs: bool) -> None:
    """Export the library: every paper, state and note (PDF paths relative to the data directory)."""
    if with_pdfs:
        if fmt != "json" or out is None:
            raise InvalidInput("--with-pdfs writes a folder: use it with --format json --out DIR")
        json_path, copied = library.export_folder(out)
        click.echo(f"wrote {json_path} and {count(copied, 'PDF')} in {out / 'pdfs'}; "
                   f"`paperpass import {out}` takes it into a new library")
        return
    if fmt == "markdown":
        if out is None:
            raise InvalidInput("--format markdown writes one file per paper: give a directory with --out")
        written = library.export_markdown(out)
        click.echo(f"wrote {len(written)} Markdown files to {out}")
        return
    text = library.export_json() if fmt == "json" else library.export_citations(fmt)
    if out is None:
        click.echo(text)
    else:
        from paperpass.library.export import write_atomic

        write_atomic(out, text + "\n")
        click.echo(f"wrote {out}", err=True)


@cli.command("import")
@click.argument("file_", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a library that already holds data (paperpass exports).")
@json_option("Print the summary as JSON.")
@click.pass_context
def import_(ctx: click.Context, file_: Path, replace: bool, as_json: bool) -> None:
    """Import a BibTeX, Zotero CSL-JSON or RIS file into the library (matched by arXiv id, DOI, title),
    a `paperpass export --format json` file, or an `export --with-pdfs` folder (PDFs copied and relinked),
    into an empty library."""
    if file_.is_dir():
        imported, copied, missing = open_library(ctx).import_folder(file_, replace=replace)
        if as_json:
            emit_json({"source": str(file_), "kind": "paperpass-folder", "imported": imported, "pdfs": copied,
                       "missing_pdfs": missing})
            return
        click.echo(f"imported {count(imported, 'paper')} and {count(copied, 'PDF')}")
        if missing:
            click.echo(f"paperpass: {count(len(missing), 'PDF')} named in the export not in {file_ / 'pdfs'} "
                       f"(`paperpass doctor` lists them): {', '.join(missing[:3])}", err=True)
        return
    if not file_.is_file():
        raise InvalidInput(f"no such file: {file_}")
    kind, text = Library.read_import_file(file_)
    if kind == "paperpass-json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"cannot read export file {file_}: {exc}") from exc
        imported = open_library(ctx).import_export(data, replace=replace)
        if as_json:
            emit_json({"source": str(file_), "kind": kind, "imported": imported})
        else:
            click.echo(f"imported {count(imported, 'paper')}")
        return
    library = open_library(ctx)
    with showing_progress(as_json) as progress:
        summary = library.import_bibliography(file_, kind=kind, progress=progress)
    emit_summaries([summary], as_json, single=True)


@cli.command()
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the backup (default: backups/ in the data directory).")
@json_option()
@pass_library
def backup(library: Library, out: Path | None, as_json: bool) -> None:
    """Back up the database now (a consistent copy, safe while paperpass runs)."""
    path = library.backup(out)
    if as_json:
        emit_json({"path": str(path), "bytes": path.stat().st_size})
    else:
        click.echo(f"backed up to {path}")


@cli.command()
@click.argument("source", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--latest", is_flag=True, help="Restore the newest automatic backup.")
@click.option("--list", "list_", is_flag=True, help="List the backups and exit.")
@click.pass_context
def restore(ctx: click.Context, source: Path | None, latest: bool, list_: bool) -> None:
    """Replace the library with a backup (the current state is backed up first)."""
    from paperpass.config import data_dir

    home = data_dir()
    backups = Library.backups_in(home)  # before opening the library, which makes the day's automatic backup
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
    safety = open_library(ctx).restore(source)
    click.echo(f"restored {source}; the state it replaced is kept in {safety}")


# -- index, doctor ------------------------------------------------------------

@cli.group(cls=PaperpassGroup)
def index() -> None:
    """The search index (FAISS vectors and keyword index)."""


@index.command("rebuild")
@json_option()
@pass_library
def index_rebuild(library: Library, as_json: bool) -> None:
    """Recreate the search index from the database (cached embeddings are reused)."""
    with showing_progress(as_json) as progress:
        summary = library.rebuild_index(progress=progress)
    if as_json:
        emit_json(summary)
        return
    click.echo(f"indexed {count(summary['papers'], 'paper')}, {count(summary['sections'], 'section chunk')}, "
               f"{count(summary['notes'], 'note')}: {count(summary['vectors'], 'vector')} ({summary['index']} search, "
               f"model {summary['model']}; {summary['embedded']} newly embedded)")


@cli.command()
@click.option("--fix", is_flag=True, help="Apply the safe repairs (index rebuild, backup, leftover temp files).")
@json_option()
def doctor(fix: bool, as_json: bool) -> None:
    """Check the install, the embedding model, the database, PDFs, backups and the search index."""
    from paperpass.library.doctor import run_checks

    checks = run_checks(fix=fix)  # opens the library itself, carefully: it may be the thing that is broken
    if as_json:
        emit_json(checks)
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
