"""Schema migrations: a numbered list of small functions (sqlite-utils style).

Migration N (1-based position in MIGRATIONS) brings a database from
`PRAGMA user_version` N-1 to N. Each runs in its own transaction together with
the user_version bump, so a crash leaves the database at a whole version.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, cast

from paperpass.ids import normalise_title


def _m001_initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE papers (
            id            INTEGER PRIMARY KEY,
            arxiv_id      TEXT UNIQUE,            -- without version
            arxiv_version INTEGER,
            doi           TEXT,
            title         TEXT NOT NULL,
            title_norm    TEXT NOT NULL,          -- for dedupe and reference matching
            authors       TEXT NOT NULL DEFAULT '[]',   -- JSON list
            abstract      TEXT NOT NULL DEFAULT '',
            categories    TEXT NOT NULL DEFAULT '[]',   -- JSON list, primary first
            published     TEXT,
            updated       TEXT,
            source        TEXT NOT NULL DEFAULT 'manual',
            source_url    TEXT,
            pdf_url       TEXT,
            pdf_path      TEXT,
            pdf_sha256    TEXT,
            popularity    INTEGER,
            comment       TEXT,
            venue         TEXT,
            year          INTEGER,
            added         TEXT NOT NULL
        );
        CREATE INDEX papers_doi ON papers(lower(doi)) WHERE doi IS NOT NULL;
        CREATE INDEX papers_title_norm ON papers(title_norm);
        CREATE INDEX papers_published ON papers(published);

        CREATE TABLE triage (
            paper_id   INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            decision   TEXT NOT NULL CHECK (decision IN ('keep', 'skip', 'later')),
            decided_at TEXT NOT NULL
        );

        CREATE TABLE pass_state (
            paper_id  INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            pass      INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
            started   TEXT,
            finished  TEXT,
            seconds   REAL NOT NULL DEFAULT 0,
            checklist TEXT NOT NULL DEFAULT '{}',   -- JSON object step -> done
            PRIMARY KEY (paper_id, pass)
        );

        -- A note's current text is its newest version; versions are append-only.
        CREATE TABLE notes (
            id       INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            pass     INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
            text     TEXT NOT NULL,
            created  TEXT NOT NULL,
            updated  TEXT NOT NULL
        );
        CREATE INDEX notes_paper ON notes(paper_id, pass);
        CREATE TABLE note_versions (
            id      INTEGER PRIMARY KEY,
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            text    TEXT NOT NULL,
            saved   TEXT NOT NULL
        );
        CREATE INDEX note_versions_note ON note_versions(note_id, id);

        CREATE TABLE five_cs (
            paper_id      INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            category      TEXT NOT NULL DEFAULT '',
            context       TEXT NOT NULL DEFAULT '',
            correctness   TEXT NOT NULL DEFAULT '',
            contributions TEXT NOT NULL DEFAULT '',
            clarity       TEXT NOT NULL DEFAULT '',
            updated       TEXT NOT NULL
        );

        CREATE TABLE reviews (
            paper_id        INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            pass1_decision  TEXT CHECK (pass1_decision IN ('drop', 'continue')),
            reproducibility TEXT,
            code_url        TEXT
        );

        CREATE TABLE paper_refs (
            paper_id         INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            position         INTEGER NOT NULL,
            raw              TEXT NOT NULL,
            title            TEXT,
            year             INTEGER,
            arxiv_id         TEXT,
            doi              TEXT,
            matched_paper_id INTEGER REFERENCES papers(id) ON DELETE SET NULL,
            queued           INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (paper_id, position)
        );

        -- Cache of parsed PDFs, keyed by file checksum and parser version.
        CREATE TABLE parsed_documents (
            sha256         TEXT NOT NULL,
            parser_version TEXT NOT NULL,
            json           TEXT NOT NULL,
            parsed_at      TEXT NOT NULL,
            PRIMARY KEY (sha256, parser_version)
        );

        CREATE TABLE reading_lists (
            id      INTEGER PRIMARY KEY,
            name    TEXT NOT NULL UNIQUE,
            kind    TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('seed', 'user')),
            created TEXT NOT NULL
        );
        CREATE TABLE list_items (
            list_id  INTEGER NOT NULL REFERENCES reading_lists(id) ON DELETE CASCADE,
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            section  TEXT,             -- e.g. "Computer vision" within the Classics list
            seed_key TEXT,             -- stable key of a seeded item, survives seed upgrades
            PRIMARY KEY (list_id, paper_id)
        );

        -- Conditional GET state per polled feed.
        CREATE TABLE feeds (
            url           TEXT PRIMARY KEY,
            etag          TEXT,
            last_modified TEXT,
            last_polled   TEXT,
            last_status   INTEGER
        );

        -- Embedding cache by content hash and model.
        CREATE TABLE embeddings (
            content_sha TEXT NOT NULL,
            model       TEXT NOT NULL,
            dim         INTEGER NOT NULL,
            vector      BLOB NOT NULL,
            PRIMARY KEY (content_sha, model)
        );

        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _m002_search_index(conn: sqlite3.Connection) -> None:
    """What the search index holds (paper abstracts, section chunks, notes), their keyword index,
    and a change counter that triggers bump so the index knows when to look for changes."""
    conn.executescript(
        """
        -- One row per indexed piece of text. The id is the FAISS id; AUTOINCREMENT so an id is
        -- never reused, and changed text gets a new id (a stale vector can never pass as current).
        CREATE TABLE index_items (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            kind        TEXT NOT NULL CHECK (kind IN ('paper', 'section', 'note')),
            ref_id      INTEGER NOT NULL,      -- paper id, paper id, note id
            chunk       INTEGER NOT NULL DEFAULT 0,
            paper_id    INTEGER NOT NULL,
            content_sha TEXT NOT NULL,
            section     TEXT,
            page        INTEGER,
            UNIQUE (kind, ref_id, chunk)
        );
        CREATE INDEX index_items_paper ON index_items(paper_id);

        -- rowid = index_items.id
        CREATE VIRTUAL TABLE search_fts USING fts5(
            title, authors, body, tokenize = 'porter unicode61 remove_diacritics 2'
        );

        CREATE TABLE index_changes (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL
        );
        INSERT INTO index_changes (id, generation) VALUES (1, 1);

        CREATE TRIGGER index_papers_ins AFTER INSERT ON papers
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_papers_del AFTER DELETE ON papers
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_papers_upd AFTER UPDATE OF title, abstract, authors, pdf_sha256 ON papers
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_notes_ins AFTER INSERT ON notes
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_notes_del AFTER DELETE ON notes
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_notes_upd AFTER UPDATE OF text ON notes
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_docs_ins AFTER INSERT ON parsed_documents
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_docs_del AFTER DELETE ON parsed_documents
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        CREATE TRIGGER index_docs_upd AFTER UPDATE ON parsed_documents
            BEGIN UPDATE index_changes SET generation = generation + 1; END;
        """
    )


def _m003_reading_journey(conn: sqlite3.Connection) -> None:
    """Papers read to the end (after pass 3, or declared done after pass 1 or 2), when a reference was
    queued, and a PDF's own parsed title kept beside the paper's title instead of over it."""
    conn.executescript(
        """
        CREATE TABLE paper_done (
            paper_id   INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            after_pass INTEGER NOT NULL CHECK (after_pass IN (1, 2, 3)),
            done_at    TEXT NOT NULL
        );
        INSERT INTO paper_done (paper_id, after_pass, done_at)
            SELECT paper_id, 3, finished FROM pass_state WHERE pass = 3 AND finished IS NOT NULL;
        ALTER TABLE paper_refs ADD COLUMN queued_at TEXT;
        ALTER TABLE papers ADD COLUMN pdf_title TEXT;
        """
    )


def _m004_pending_metadata(conn: sqlite3.Connection) -> None:
    """Papers stored from a feed item's own words because the arXiv API could not be reached:
    the next ingest that reaches it completes them (same paper id, no duplicate)."""
    conn.executescript(
        """
        CREATE TABLE pending_metadata (
            paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
            arxiv_id TEXT NOT NULL,
            since    TEXT NOT NULL
        );
        """
    )


def _m005_tags_and_trash(conn: sqlite3.Connection) -> None:
    """Tags on papers, and the snapshots of deleted papers that `undo` restores (rows as JSON, and where
    the PDF was put aside in the data directory's trash/)."""
    conn.executescript(
        """
        CREATE TABLE paper_tags (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            tag      TEXT NOT NULL COLLATE NOCASE,
            added    TEXT NOT NULL,
            PRIMARY KEY (paper_id, tag)
        );
        CREATE INDEX paper_tags_tag ON paper_tags(tag);

        CREATE TABLE deleted_papers (
            id         INTEGER PRIMARY KEY,
            paper_id   INTEGER NOT NULL,          -- the id it had (restored under it when still free)
            title      TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            snapshot   TEXT NOT NULL,             -- JSON: table -> rows
            pdf_path   TEXT,                      -- where its PDF was (inside the data directory)
            pdf_trash  TEXT                       -- where the PDF was moved to (trash/ in the data directory)
        );
        """
    )


def _m006_paper_sources(conn: sqlite3.Connection) -> None:
    """Every place a paper was seen (an arXiv listing AND a blog post AND its Hugging Face page), not only
    the first; and pass 1's comparison of what others say with the reader's first read."""
    conn.executescript(
        """
        CREATE TABLE paper_sources (
            id         INTEGER PRIMARY KEY,
            paper_id   INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            kind       TEXT NOT NULL,              -- papers.source's word: arxiv, feed, hf-daily, ...
            url        TEXT NOT NULL DEFAULT '',   -- '' when the source has no page
            via        TEXT,                       -- the feed or query it came through
            popularity INTEGER,                    -- e.g. upvotes, the most seen
            first_seen TEXT NOT NULL,
            last_seen  TEXT NOT NULL,
            UNIQUE (paper_id, kind, url)
        );
        INSERT INTO paper_sources (paper_id, kind, url, popularity, first_seen, last_seen)
            SELECT id, source, coalesce(source_url, ''), popularity, added, added FROM papers;
        ALTER TABLE reviews ADD COLUMN others_vs_mine TEXT;
        """
    )


def _m007_paper_edits(conn: sqlite3.Connection) -> None:
    """Which of a paper's fields the reader corrected by hand: a new version of the seeded classics
    (or any later metadata update) leaves those as the reader wrote them."""
    conn.executescript(
        """
        CREATE TABLE paper_edits (
            paper_id  INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            field     TEXT NOT NULL,               -- title, authors, year or venue
            edited_at TEXT NOT NULL,
            PRIMARY KEY (paper_id, field)
        );
        """
    )


def _m008_reading_days(conn: sqlite3.Connection) -> None:
    """Reading time with its date: one row per paper, pass and UTC day, so the dashboard can show the
    minutes read per week. `pass_state.seconds` stays each pass's total. Time recorded before this
    migration has no date: it is put on the day the pass was finished (else begun)."""
    conn.executescript(
        """
        CREATE TABLE reading_days (
            paper_id INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
            pass     INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
            day      TEXT NOT NULL,                -- YYYY-MM-DD, UTC
            seconds  REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (paper_id, pass, day)
        );
        INSERT INTO reading_days (paper_id, pass, day, seconds)
            SELECT paper_id, pass, substr(coalesce(finished, started), 1, 10), seconds FROM pass_state
            WHERE seconds > 0 AND coalesce(finished, started) IS NOT NULL;
        """
    )


def _m009_paper_kind(conn: sqlite3.Connection) -> None:
    """What kind of publication a paper is (article, conference, chapter, thesis, report, preprint), as its
    source says; NULL where it is not known (every paper stored before this migration), and exports then
    fall back to the venue as before. `paper_edits` may now name the field `kind` too."""
    conn.executescript(
        """
        ALTER TABLE papers ADD COLUMN kind TEXT;
        """
    )


def _m010_years_without_invented_days(conn: sqlite3.Connection) -> None:
    """The seeded classics and the papers added from a reference list were dated 1 January of their year
    ('2012-01-01'), a day no source gave: BibTeX, RIS and CSL exports said January. They keep their year
    alone ('2012'), as they are stored now. Only that exact invented value of those two sources changes; a
    paper merged since with a record of its own (a newer arXiv version) has that record's date."""
    conn.executescript(
        """
        UPDATE papers SET published = CAST(year AS TEXT)
            WHERE source IN ('seed', 'reference') AND year IS NOT NULL AND published = year || '-01-01';
        """
    )


def _m011_title_keys_read_latex(conn: sqlite3.Connection) -> None:
    """The title key (dedupe, reference matching) now reads LaTeX as its text: `$\\alpha$-Nets` and α-Nets,
    `Schr{\\"o}dinger` and Schrödinger are one title. The keys of titles holding LaTeX are computed again."""
    rows = conn.execute("SELECT id, title FROM papers WHERE instr(title, '\\') > 0 OR title LIKE '%$%$%'").fetchall()
    for paper_id, title in rows:
        conn.execute("UPDATE papers SET title_norm = ? WHERE id = ?", (normalise_title(title), paper_id))


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_initial,
    _m002_search_index,
    _m003_reading_journey,
    _m004_pending_metadata,
    _m005_tags_and_trash,
    _m006_paper_sources,
    _m007_paper_edits,
    _m008_reading_days,
    _m009_paper_kind,
    _m010_years_without_invented_days,
    _m011_title_keys_read_latex,
]


def migrate_schema(conn: sqlite3.Connection) -> int:
    """Apply every pending migration, each in its own transaction. Returns the new version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # executescript would COMMIT first; run statements one by one inside our transaction.
            _run_in_transaction(conn, migration)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return len(MIGRATIONS)


class _NoCommitConnection:
    """Lets a migration call executescript() without it committing our transaction."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def executescript(self, script: str) -> None:
        for statement in _split_sql(script):
            self._conn.execute(statement)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _run_in_transaction(conn: sqlite3.Connection, migration: Callable[[sqlite3.Connection], None]) -> None:
    # The wrapper stands in for the connection: it has the same methods, executescript made safe.
    migration(cast(sqlite3.Connection, _NoCommitConnection(conn)))


def _split_sql(script: str) -> list[str]:
    """Split a script into complete statements (sqlite3.complete_statement knows about
    strings, comments and CREATE TRIGGER bodies)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
