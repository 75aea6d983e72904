"""Opening the SQLite database: WAL, foreign keys, busy timeout, migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from paperpass.config import DB_FILENAME, data_dir, ensure_data_dir
from paperpass.errors import SchemaTooNew, StoreError
from paperpass.store import migrations

BUSY_TIMEOUT_MS = 10_000


def now() -> str:
    """UTC timestamp as stored everywhere in the database."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def db_path(home: Path | None = None) -> Path:
    return (home or data_dir()) / DB_FILENAME


def connect(path: Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) a paperpass database and bring its schema up to date.

    Raises StoreError for a corrupt file and SchemaTooNew for a database written
    by a newer paperpass; in both cases nothing in the file is changed.
    """
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a database file")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(migrations.MIGRATIONS):
            raise SchemaTooNew(
                f"database {path} has schema version {version}, newer than this paperpass "
                f"understands ({len(migrations.MIGRATIONS)}); upgrade paperpass"
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            migrations.migrate_schema(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"database {path} is corrupt or not a paperpass database ({exc}); "
            "restore a backup or move it aside"
        ) from exc
    except StoreError:
        conn.close()
        raise
    return conn


def open_library(home: Path | None = None) -> sqlite3.Connection:
    """The user's library (or the one under `home`): created, migrated and seeded with the classics,
    and backed up automatically once a day."""
    # lists and backup import this module, so they are imported here, when a library is opened.
    from paperpass.store.backup import auto_backup
    from paperpass.store.lists import seed_classics

    home = ensure_data_dir(home)

    conn = connect(home / DB_FILENAME)
    seed_classics(conn)
    auto_backup(conn, home)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT; a failure rolls back and leaves the previous state intact.

    Nested use joins the outer transaction.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


T = TypeVar("T")
IN_CHUNK = 500  # values per `IN (...)` query, well under SQLite's parameter limit (999 on older builds)


def in_chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """values in pieces small enough for one `IN (...)` query each."""
    for start in range(0, len(values), size):
        yield list(values[start:start + size])


def placeholders(n: int) -> str:
    """'?, ?, ?': the parameters of an `IN (...)` of n values."""
    return ", ".join("?" * n)


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just made."""
    if cursor.lastrowid is None:
        raise StoreError("the database did not report the id of a new row")
    return cursor.lastrowid


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """Problems SQLite finds in the file; empty when it is sound."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def schema_version(conn: sqlite3.Connection) -> int:
    """The number of migrations applied to this database (`PRAGMA user_version`)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file of the connection's main database; None for an in-memory one."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def home_of(conn: sqlite3.Connection) -> Path:
    """The data directory the connection's database lives in (PDFs and vector files go beside it);
    the configured data directory for an in-memory database."""
    path = database_file(conn)
    if path is not None:
        return path.resolve().parent
    return ensure_data_dir()
