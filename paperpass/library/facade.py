"""The Library facade: one object that owns a library's connection and data directory.

The CLI and the TUI call this and read the plain models it returns; they never
touch SQL, PyMuPDF or FAISS. Opening a library only connects and migrates:
seeding the classics, the daily backup and the demo's sample week are explicit
calls (`prepare`, `load_sample_week`). A Library belongs to the thread that
opened it; a worker thread opens its own (`Library.open(home)`) and closes it.
Heavy modules (the parser, ingest, the index) are imported by the methods that
need them, so opening a library stays cheap.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from paperpass.errors import InvalidInput
from paperpass.library.views import LibraryRow
from paperpass.models import (
    DeletePreview,
    Document,
    Figure,
    FiveCs,
    IngestSummary,
    ListEntry,
    ListProgress,
    Note,
    Paper,
    PaperSource,
    PassState,
    QueueEntry,
    RankedPaper,
    ReadingList,
    ReadingStats,
    Reference,
    Review,
    SearchHit,
    TriageWindow,
    WeeklyReview,
)
from paperpass.store import papers as _papers
from paperpass.store import reading as _reading

if TYPE_CHECKING:  # Library.rank_step's type (importing the index at run time would load it)
    from datetime import datetime

    from paperpass.config import Settings
    from paperpass.index.provisional import RankStep

Progress = Callable[[str, int, int | None], None]


class Library:
    """A paperpass library: `home` (its data directory) and `conn` (its SQLite connection)."""

    def __init__(self, home: Path, conn: sqlite3.Connection) -> None:
        self.home = home
        self.conn = conn

    @classmethod
    def open(cls, home: Path | None = None) -> Library:
        """The library in `home` (default: PAPERPASS_HOME or the platform's data dir), created and migrated."""
        from paperpass.config import DB_FILENAME, ensure_data_dir
        from paperpass.store.db import connect

        home = ensure_data_dir(home)
        return cls(home, connect(home / DB_FILENAME))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- added for the CLI ----------------------------------------------------------

    @staticmethod
    def set_index_progress(progress: Progress | None) -> None:
        """Where the index reports embedding progress when search or ranking brings it up to date
        (their calls carry no progress callback); None stops reporting."""
        from paperpass.index.sync import set_default_progress

        set_default_progress(progress)

    @staticmethod
    def backups_in(home: Path) -> list[Path]:
        """The backups kept in a data directory, newest first, read without opening its library
        (opening would make the day's automatic backup)."""
        from paperpass.store.backup import list_backups

        return list_backups(home)

    @staticmethod
    def read_import_file(path: Path) -> tuple[str, str]:
        """A file to import: its kind ('bibtex', 'csl-json', 'ris' or 'paperpass-json') and its text."""
        from paperpass.ingest.bibliography import detect_format, read_text

        text = read_text(path)
        return detect_format(path, text), text

    @staticmethod
    def followed() -> list[str]:
        """The people followed (config.toml `follow`); the configured ingest pulls their new papers."""
        from paperpass.ingest.follow import followed

        return followed()

    @staticmethod
    def follow(names: list[str]) -> tuple[list[str], list[str]]:
        """Follow people; (newly followed, everyone followed)."""
        from paperpass.ingest.follow import follow

        return follow(names)

    @staticmethod
    def unfollow(names: list[str]) -> tuple[list[str], list[str]]:
        """Stop following people; (unfollowed, everyone still followed)."""
        from paperpass.ingest.follow import unfollow

        return unfollow(names)

    # -- setting up ----------------------------------------------------------------

    def prepare(self) -> None:
        """What a session starts with: the seeded classics in place, and the daily automatic backup."""
        from paperpass.store.backup import auto_backup
        from paperpass.store.lists import seed_classics

        seed_classics(self.conn)
        auto_backup(self.conn, self.home)

    def load_sample_week(self) -> int:
        """The bundled sample week (the demo), stored once; the number of papers it holds."""
        from paperpass.ingest.sample import load_sample_week

        return load_sample_week(self.conn)

    # -- papers --------------------------------------------------------------------

    def resolve(self, ref: str | int) -> Paper:
        """A paper by its id or any form of its arXiv id; NotFound otherwise."""
        return _papers.resolve_paper(self.conn, ref)

    def paper(self, paper_id: int) -> Paper:
        return _papers.get_paper(self.conn, paper_id)

    def papers(self) -> list[Paper]:
        return _papers.list_papers(self.conn)

    def details(self, paper_id: int) -> dict[str, Any]:
        """One paper with everything the reader did on it (what `show --json` prints)."""
        from paperpass.library.views import paper_details

        return paper_details(self.conn, paper_id)

    def add(self, target: str, *, progress: Progress | None = None,
            warn: Callable[[str], None] | None = None) -> Paper:
        """Add one paper: an arXiv id or URL (metadata from the API), a DOI (doi.org), a local PDF, or a web
        link to a PDF or to a paper's page (its meta tags)."""
        from paperpass.ingest import add_paper

        return add_paper(self.conn, target, progress=progress, warn=warn)

    def download_pdf(self, paper: Paper, *, progress: Progress | None = None) -> Paper:
        from paperpass.ingest import download_paper_pdf

        return download_paper_pdf(self.conn, paper, progress=progress)

    def document(self, paper_id: int, *, timeout: float | None = None) -> Document:
        """The paper's parsed PDF (cached by the file's hash); ParseError or NotFound when there is none."""
        from paperpass.library.documents import load_document

        return load_document(self.conn, paper_id, timeout=timeout)

    def figures(self, paper_id: int, *, timeout: float | None = None) -> list[Figure]:
        """The paper's figures and tables as PNGs in the data directory, each with its caption, number, page
        and box; extracted from the PDF the first time they are asked for. NotFound without a PDF,
        ParseError for a bad one."""
        from paperpass.library.figures import paper_figures

        return paper_figures(self.conn, self.home, paper_id, timeout=timeout)

    @staticmethod
    def export_figures(figures: list[Figure], out_dir: Path) -> list[Figure]:
        """Copy the figures' PNGs into `out_dir`; the figures with their new paths."""
        from paperpass.library.figures import export_figures

        return export_figures(figures, out_dir)

    @staticmethod
    def parse_pdf(path: Path) -> Document:
        """Any PDF's structure, parsed in a child process with a time bound (a hostile PDF cannot hang us)."""
        from paperpass.parse import parse_document

        return parse_document(path, isolated=True)

    @staticmethod
    def contract_dict(document: Document) -> dict[str, Any]:
        """The `parse --json` object for a parsed document."""
        from paperpass.parse import contract_dict

        return contract_dict(document)

    # -- triage --------------------------------------------------------------------

    def triage_window(self, days: int | None = 7, *, include_decided: bool = False) -> TriageWindow:
        return _papers.triage_window(self.conn, days, include_decided=include_decided)

    def deferred(self) -> list[tuple[Paper, str]]:
        """Every deferred paper with when it was deferred, the latest first."""
        return _papers.deferred_papers(self.conn)

    def decide(self, paper_id: int, decision: str | None) -> str | None:
        """Record a triage decision (keep, skip, defer/later; None undoes it); the word stored."""
        stored = _papers.stored_decision(decision) if decision is not None else None
        _papers.set_decision(self.conn, paper_id, stored)
        return stored

    def rank(self, days: int | None = 7, *, limit: int | None = None, include_decided: bool = False,
             explain_deferred: bool = False) -> list[RankedPaper]:
        """The triage window ranked for this reader, each paper with its reasons (`explain_deferred`: then
        every other deferred paper, with its reasons by the same ranking; see rank_for_triage)."""
        from paperpass.index.rank import rank_for_triage

        return rank_for_triage(self.conn, days=days, limit=limit, include_decided=include_decided,
                               explain_deferred=explain_deferred)

    def triage_ranked(self, days: int | None = 7, *, limit: int | None = None) -> tuple[TriageWindow,
                                                                                       list[RankedPaper]]:
        """triage_window(days) and its papers ranked (as rank), the window read once for both."""
        from paperpass.index.rank import rank_for_triage

        windows = _papers.triage_windows(self.conn, days)
        return windows[1], rank_for_triage(self.conn, days=days, limit=limit, windows=windows)

    # -- reading: passes, notes, the five Cs, the review -----------------------------

    def pass_state(self, paper_id: int, pass_no: int) -> PassState:
        return _reading.get_pass_state(self.conn, paper_id, pass_no)

    def pass_states(self, paper_id: int) -> list[PassState]:
        return _reading.pass_states(self.conn, paper_id)

    def start_pass(self, paper_id: int, pass_no: int) -> PassState:
        return _reading.start_pass(self.conn, paper_id, pass_no)

    def add_pass_time(self, paper_id: int, pass_no: int, seconds: float, *, at: datetime | None = None) -> PassState:
        return _reading.add_pass_time(self.conn, paper_id, pass_no, seconds, at=at)

    def set_checklist_item(self, paper_id: int, pass_no: int, step: str, done: bool) -> PassState:
        return _reading.set_checklist_item(self.conn, paper_id, pass_no, step, done)

    def finish_pass(self, paper_id: int, pass_no: int, *, done: bool = False) -> PassState:
        """A pass finished; after pass 3 (or with done=True after pass 1 or 2) the paper is done."""
        return _reading.finish_pass(self.conn, paper_id, pass_no, done=done)

    def done_at(self, paper_id: int) -> str | None:
        """When the paper was read to the end, or None."""
        return _reading.done_at(self.conn, paper_id)

    def notes(self, paper_id: int, pass_no: int | None = None) -> list[Note]:
        return _reading.notes_for(self.conn, paper_id, pass_no)

    def add_note(self, paper_id: int, pass_no: int, text: str) -> Note:
        return _reading.add_note(self.conn, paper_id, pass_no, text)

    def update_note(self, note_id: int, text: str, *, coalesce: bool = False) -> Note:
        return _reading.update_note(self.conn, note_id, text, coalesce=coalesce)

    def five_cs(self, paper_id: int) -> FiveCs:
        return _reading.get_five_cs(self.conn, paper_id)

    def set_five_cs(self, paper_id: int, **answers: str) -> FiveCs:
        return _reading.set_five_cs(self.conn, paper_id, **answers)

    def review(self, paper_id: int) -> Review:
        return _reading.get_review(self.conn, paper_id)

    def set_review(self, paper_id: int, **fields: str | None) -> Review:
        return _reading.set_review(self.conn, paper_id, **fields)

    def decide_after_pass_one(self, paper_id: int, decision: str) -> Review:
        """Pass 1's last step: drop the paper, or go on ('continue'). The step is ticked and pass 1 is
        finished (its first finish date is kept)."""
        review = _reading.set_review(self.conn, paper_id, pass1_decision=decision)
        _reading.set_checklist_item(self.conn, paper_id, 1, "decide", True)
        _reading.finish_pass(self.conn, paper_id, 1)
        return review

    # -- where the paper came from, and what others say ------------------------------

    def sources(self, paper_id: int) -> list[PaperSource]:
        """Every place the paper was seen (listing, blog post, Hugging Face page, thread), the first first."""
        from paperpass.store.sources import sources_for

        _papers.get_paper(self.conn, paper_id)
        return sources_for(self.conn, paper_id)

    @staticmethod
    def open_url(url: str) -> bool:
        """Open an http(s) link in the browser; False when no opener works (show the URL instead)."""
        from paperpass.library.opener import open_url

        return open_url(url)

    # -- the dashboard and the weekly review -----------------------------------------

    def stats(self, *, now: datetime | None = None, weeks: int = 8) -> ReadingStats:
        """The reading dashboard's numbers as of `now` (what `paperpass stats` prints)."""
        from paperpass.library.stats import reading_stats

        return reading_stats(self.conn, now=now, weeks=weeks)

    @staticmethod
    def stats_report(stats: ReadingStats) -> str:
        from paperpass.library.stats import stats_report

        return stats_report(stats)

    def week_review(self, *, week: str | None = None, since: str | None = None, weeks_ago: int = 0,
                    now: datetime | None = None) -> WeeklyReview:
        """The weekly review of an ISO week ('2026-W49'), or since a date; by default the current week
        (`weeks_ago` weeks before it)."""
        from paperpass.library.weekly import week_review

        return week_review(self.conn, week=week, since=since, weeks_ago=weeks_ago, now=now)

    @staticmethod
    def review_markdown(review: WeeklyReview, *, wikilinks: bool = False) -> str:
        from paperpass.library.weekly import review_markdown

        return review_markdown(review, wikilinks=wikilinks)

    def write_week_review(self, review: WeeklyReview, out: Path | str | None = None, *,
                          wikilinks: bool | None = None) -> Path:
        """Write the review's Markdown to `out` (a file or a directory: one that exists, or a str ending in a
        path separator, made here; default: the `review_dir` setting,
        else reviews/ in the data directory), never over a file holding other text; the path written.
        `wikilinks` None: the `review_wikilinks` setting."""
        from paperpass.library.weekly import REVIEW_DIR, review_markdown, write_review

        settings = self.settings()
        if wikilinks is None:
            wikilinks = settings.review_wikilinks
        target = out
        if target is None:  # a folder: made now, so the review gets its own file name in it
            target = Path(settings.review_dir).expanduser() if settings.review_dir else self.home / REVIEW_DIR
            target.mkdir(parents=True, exist_ok=True)
        return write_review(review_markdown(review, wikilinks=wikilinks), review, target)

    # -- references and the reading queue -------------------------------------------

    def references(self, paper_id: int) -> list[Reference]:
        from paperpass.store.refs import references_for

        return references_for(self.conn, paper_id)

    def queue_reference(self, paper_id: int, position: int, *, fetch: bool = True) -> QueueEntry:
        """Queue reference `position` (from 0) of a paper to read; the queue entry it makes."""
        from paperpass.library.views import queue_reference

        return queue_reference(self.conn, paper_id, position, fetch=fetch)

    def reading_queue(self) -> list[QueueEntry]:
        """Kept papers and queued references, oldest first."""
        from paperpass.library.views import reading_queue

        return reading_queue(self.conn)

    def library_rows(self) -> list[LibraryRow]:
        """Every paper with its reading state, the reading queue first."""
        from paperpass.library.views import library_rows

        return library_rows(self.conn)

    # -- classics and lists -----------------------------------------------------------

    def lists(self) -> list[ReadingList]:
        from paperpass.store.lists import all_lists

        return all_lists(self.conn)

    def list_entries(self, name: str | None = None) -> list[ListEntry]:
        from paperpass.store.lists import list_entries

        return list_entries(self.conn, name)

    @staticmethod
    def list_progress(entries: list[ListEntry]) -> dict[str, ListProgress]:
        from paperpass.store.lists import list_progress

        return list_progress(entries)

    def create_list(self, name: str) -> ReadingList:
        from paperpass.store.lists import create_list

        return create_list(self.conn, name)

    def add_to_list(self, name: str, paper_id: int) -> None:
        from paperpass.store.lists import add_to_list

        add_to_list(self.conn, name, paper_id)

    # -- search and the index -----------------------------------------------------------

    def search(self, query: str, *, scope: str = "all", limit: int = 10) -> list[SearchHit]:
        """Notes, papers and their sections by meaning and by keyword."""
        from paperpass.index.search import search

        return search(self.conn, query, scope=scope, limit=limit)

    @staticmethod
    def warm_up_search() -> None:
        """Load the search's query model now (the first run on a machine builds it), before a search needs it."""
        from paperpass.index.search import warm_up

        warm_up()

    def rebuild_index(self, *, progress: Progress | None = None) -> dict[str, Any]:
        from paperpass.index import rebuild_index

        return rebuild_index(self.conn, progress=progress)

    # -- ingest and import --------------------------------------------------------------

    def ingest_arxiv(self, *, categories: tuple[str, ...] | list[str] = (), query: str | None = None,
                     days: int = 7, max_results: int = 500, pdf: bool = False,
                     progress: Progress | None = None) -> IngestSummary:
        from paperpass.ingest import ingest_arxiv

        return ingest_arxiv(self.conn, categories=categories, query=query, days=days,
                            max_results=max_results, pdf=pdf, progress=progress)

    def ingest_feed(self, source: str, *, pdf: bool = False, progress: Progress | None = None) -> IngestSummary:
        from paperpass.ingest import ingest_feed

        return ingest_feed(self.conn, source, pdf=pdf, progress=progress)

    def ingest_configured(self, *, pdf: bool | None = None, progress: Progress | None = None) -> list[IngestSummary]:
        """Every source in config.toml (categories, queries, feeds, followed people)."""
        from paperpass.ingest import ingest_configured

        return ingest_configured(self.conn, pdf=pdf, progress=progress)

    def import_bibliography(self, path: Path, *, kind: str | None = None,
                            progress: Progress | None = None) -> IngestSummary:
        """A BibTeX, CSL-JSON or RIS file, matched against the library by arXiv id, DOI and title."""
        from paperpass.ingest import import_bibliography

        return import_bibliography(self.conn, path, kind=kind, progress=progress)

    def import_export(self, data: dict[str, Any], *, replace: bool = False) -> int:
        """A `paperpass export --format json` object into this (empty, or replaced) library."""
        from paperpass.store.transfer import import_library

        return import_library(self.conn, data, replace=replace)

    # -- export and backups ---------------------------------------------------------------

    def export_json(self) -> str:
        from paperpass.store.transfer import export_library

        return json.dumps(export_library(self.conn), ensure_ascii=False, indent=2)

    def export_citations(self, fmt: str) -> str:
        """Every paper as 'bibtex', 'ris' or 'csl-json' (entry type, TY or CSL type by the paper's kind)."""
        from paperpass.library.export import export_bibtex, export_csl_json, export_ris

        writers = {"bibtex": export_bibtex, "ris": export_ris, "csl-json": export_csl_json}
        if fmt not in writers:
            raise InvalidInput(f"{fmt!r} is not a citation format ({', '.join(writers)})")
        return writers[fmt](self.conn)

    def export_markdown(self, out_dir: Path) -> list[Path]:
        from paperpass.library.export import export_markdown

        return export_markdown(self.conn, out_dir)

    def backup(self, dest: Path | None = None) -> Path:
        from paperpass.store.backup import create_backup

        return create_backup(self.conn, self.home, dest)

    def backups(self) -> list[Path]:
        from paperpass.store.backup import list_backups

        return list_backups(self.home)

    def restore(self, source: Path) -> Path:
        """Replace the library with a backup; the path where the state it replaced is kept."""
        from paperpass.store.backup import restore_backup

        return restore_backup(self.conn, self.home, source)

    # -- added for the TUI ----------------------------------------------------------------

    def save_pass_note(self, paper_id: int, pass_no: int, text: str, *, note_id: int | None = None,
                       coalesce: bool = False) -> Note | None:
        """The notes editor's save: a new version of note `note_id`, or a new note of the pass (None if empty)."""
        return _reading.save_pass_note(self.conn, paper_id, pass_no, text, note_id=note_id, coalesce=coalesce)

    def unqueue_reference(self, paper_id: int, position: int) -> Reference:
        """Take reference `position` (from 0) of a paper off the reading queue."""
        from paperpass.store.refs import set_reference_queued

        return set_reference_queued(self.conn, paper_id, position, False)

    def refresh_reference_metadata(self, paper_id: int) -> None:
        """A paper added from a reference gets its arXiv metadata from the API (network; FetchError offline)."""
        from paperpass.ingest import fetch_arxiv_metadata

        paper = self.paper(paper_id)
        if paper.arxiv_id and paper.source == "reference":
            fetched = fetch_arxiv_metadata(paper.arxiv_id)
            if fetched is not None:
                fetched.source = "reference"
                _papers.upsert_paper(self.conn, fetched)

    def rank_step(self, days: int | None, budget: int) -> RankStep:
        """One step of a first ranking: embed up to `budget` of the window's papers still without a vector and
        rank with what is embedded so far; the final ranking (`final=True`) once nothing is left to embed.
        Deferred papers are explained too (rank's explain_deferred), as the triage screen lists them."""
        from paperpass.index.provisional import RankStep, provisional_ranking, week_texts_to_embed

        pending = week_texts_to_embed(self.conn, days)
        if len(pending) <= budget:
            return RankStep(self.rank(days, explain_deferred=True), 0, 0, 0.0, final=True)
        return provisional_ranking(self.conn, days, pending, budget)

    @staticmethod
    def prepare_child_processes() -> None:
        """Make sure multiprocessing's resource tracker can start (inside Textual sys.stderr has no fileno)."""
        from paperpass.parse import _ensure_resource_tracker

        _ensure_resource_tracker()

    # -- managing papers: edit, tags, delete and undo, fetch, open ---------------------------------

    def edit_paper(self, paper_id: int, *, title: str | None = None, authors: list[str] | None = None,
                   year: int | None = None, venue: str | None = None, add_tags: tuple[str, ...] | list[str] = (),
                   remove_tags: tuple[str, ...] | list[str] = (), arxiv_id: str | None = None,
                   kind: str | None = None) -> Paper:
        """Correct a paper's title, authors, year, venue, arXiv id, kind and tags (None leaves a field; an empty
        venue or arXiv id clears it, kind 'unknown' too). Everything is checked first: bad input is InvalidInput
        and nothing changes."""
        from paperpass.library.manage import edit

        return edit(self.conn, paper_id, title=title, authors=authors, year=year, venue=venue,
                    add_tags=add_tags, remove_tags=remove_tags, arxiv_id=arxiv_id, kind=kind)

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        from paperpass.store.tags import all_tags

        return all_tags(self.conn)

    def tag_counts(self) -> dict[str, int]:
        """Every tag in use with how many papers carry it."""
        from paperpass.store.tags import tag_counts

        return tag_counts(self.conn)

    def paper_tags(self, paper_id: int) -> list[str]:
        from paperpass.store.tags import paper_tags

        _papers.get_paper(self.conn, paper_id)
        return paper_tags(self.conn, paper_id)

    def delete_preview(self, paper_id: int) -> DeletePreview:
        """What deleting the paper would take with it (notes, reading state, queued references, lists, PDF)."""
        from paperpass.library.manage import delete_preview

        return delete_preview(self.conn, self.home, paper_id)

    def delete_paper(self, paper_id: int) -> DeletePreview:
        """Delete a paper and everything that hangs on it; `undo_delete` brings it back (its PDF waits in the
        data directory's trash/). What was deleted."""
        from paperpass.library.manage import delete

        return delete(self.conn, self.home, paper_id)

    def undo_delete(self) -> Paper:
        """Bring back the last deleted paper with its notes, states and PDF (its own id when still free);
        NotFound when there is nothing to undo."""
        from paperpass.library.manage import undo_delete

        return undo_delete(self.conn, self.home)

    def fetch_pdf(self, paper_id: int, *, progress: Progress | None = None,
                  cancel: threading.Event | None = None) -> Paper:
        """Download the paper's PDF (kept as is when it is already there and whole); InvalidInput for a paper
        without a PDF link, Cancelled with no partial file when `cancel` is set."""
        from paperpass.library.manage import fetch_pdf

        return fetch_pdf(self.conn, paper_id, progress=progress, cancel=cancel)

    def open_pdf(self, paper_id: int, page: int | None = None) -> str:
        """Open the paper's PDF at `page` in the `pdf_viewer` setting's command or the platform's viewer,
        detached; the command run. PaperpassError naming the file and page when nothing could open it."""
        from paperpass.errors import PaperpassError
        from paperpass.library.viewer import open_pdf

        paper = self.paper(paper_id)
        if not paper.pdf_path:
            raise PaperpassError(f"paper {paper_id} has no PDF yet; `paperpass fetch {paper_id}` downloads it")
        return open_pdf(paper.pdf_path, page, configured=self.settings().pdf_viewer)

    # -- settings -------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The settings in force (this library's config.toml over the defaults); InvalidInput for a bad file."""
        from paperpass.config import config_path, load_settings

        return load_settings(config_path(self.home))

    def save_settings(self, settings: Settings) -> Path:
        """Write this library's config.toml (commented); InvalidInput, and nothing written, for a bad value."""
        from paperpass.config import config_path, save_settings

        return save_settings(settings, config_path(self.home))

    @staticmethod
    def setting_help() -> dict[str, str]:
        """One line per setting saying what it does (for a settings form)."""
        from paperpass.config import SETTING_HELP

        return dict(SETTING_HELP)

    @staticmethod
    def settings_problems(settings: Settings) -> list[str]:
        """What is wrong with these settings, one `key: problem` line each; empty when they can be saved."""
        from dataclasses import fields

        from paperpass.config import Settings, settings_problems

        return settings_problems({f.name: getattr(settings, f.name) for f in fields(Settings)})

    @staticmethod
    def settings_in_force() -> list[tuple[str, object, str]]:
        """(name, value, source) of every setting: "default", the config.toml path, or an environment variable."""
        from paperpass.config import settings_in_force

        return settings_in_force()

    @staticmethod
    def init_settings(*, force: bool = False) -> Path:
        """Write a commented config.toml with the defaults (never over an existing one without `force`)."""
        from paperpass.config import init_settings

        return init_settings(force=force)

    # -- portable data ----------------------------------------------------------------------

    def export_folder(self, out_dir: Path) -> tuple[Path, int]:
        """The JSON export with the PDFs beside it (`out_dir`/paperpass.json and pdfs/), a folder another
        machine imports whole; (the JSON file, PDFs copied)."""
        from paperpass.library.portable import export_folder

        return export_folder(self.conn, self.home, out_dir)

    def import_folder(self, folder: Path, *, replace: bool = False) -> tuple[int, int, list[str]]:
        """An `export_folder` folder into this (empty, or replaced) library, its PDFs copied into pdfs/ and
        relinked; (papers imported, PDFs copied, PDFs named that the folder lacks)."""
        from paperpass.library.portable import import_folder

        return import_folder(self.conn, self.home, folder, replace=replace)
