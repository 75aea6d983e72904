"""Backups with SQLite's online backup API: on demand, automatic and rotating, and restore.

A backup is a consistent copy even while another process writes (the backup API
copies a snapshot); it is written to a temporary file, checked, then renamed, so
a crash never leaves half a backup under a real name.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from paperpass.errors import InvalidInput, NotFound, StoreError
from paperpass.store.db import connect, integrity_check
from paperpass.store.migrations import migrate_schema

BACKUP_DIRNAME = "backups"
AUTO_EVERY = timedelta(days=1)
AUTO_KEEP = 7
_PREFIX = "paperpass-"


def backup_dir(home: Path) -> Path:
    return home / BACKUP_DIRNAME


def list_backups(home: Path) -> list[Path]:
    """Backups, newest first."""
    folder = backup_dir(home)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{_PREFIX}*.db"), reverse=True)


def create_backup(conn: sqlite3.Connection, home: Path, dest: Path | None = None) -> Path:
    """Copy the live database to `dest` (default: a timestamped file in backups/)."""
    if dest is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        dest = backup_dir(home) / f"{_PREFIX}{stamp}.db"
    dest = Path(dest)
    if dest.exists() and dest.is_dir():
        raise InvalidInput(f"{dest} is a directory; give a file name for the backup")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
            problems = integrity_check(target)
        finally:
            target.close()
        if problems:
            raise StoreError(f"the backup failed its integrity check: {problems[0]}")
        os.replace(tmp, dest)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write backup {dest}: {exc}") from exc
    return dest


def rotate_backups(home: Path, keep: int = AUTO_KEEP) -> list[Path]:
    """Delete all but the newest `keep` automatic backups; returns what was removed."""
    removed = []
    for old in list_backups(home)[keep:]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


def auto_backup(conn: sqlite3.Connection, home: Path, *, every: timedelta = AUTO_EVERY,
                keep: int = AUTO_KEEP) -> Path | None:
    """Make a backup when the newest is older than `every` (and the library holds anything)."""
    backups = list_backups(home)
    if backups:
        age = datetime.now().timestamp() - backups[0].stat().st_mtime
        if age < every.total_seconds():
            return None
    if conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0 and \
            conn.execute("SELECT count(*) FROM papers WHERE source != 'seed'").fetchone()[0] == 0:
        return None  # nothing of the user's to protect yet
    path = create_backup(conn, home)
    rotate_backups(home, keep)
    return path


def restore_backup(conn: sqlite3.Connection, home: Path, source: Path) -> Path:
    """Replace the live database with a backup; the current state is backed up first.

    Returns the safety backup of the state that was replaced.
    """
    source = Path(source)
    if not source.is_file():
        raise NotFound(f"no backup file {source}")
    try:
        candidate = connect(source, migrate=False)
    except StoreError as exc:
        raise InvalidInput(f"{source} cannot be restored: {exc}") from exc
    try:
        problems = integrity_check(candidate)
        if problems:
            raise InvalidInput(f"{source} cannot be restored: it fails the integrity check ({problems[0]})")
        if not candidate.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone():
            raise InvalidInput(f"{source} is not a paperpass database")
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        # Not named like the rotating backups, so rotation never deletes it.
        safety = create_backup(conn, home, backup_dir(home) / f"before-restore-{stamp}.db")
        candidate.backup(conn)
    finally:
        candidate.close()
    migrate_schema(conn)  # a backup from an older paperpass is brought up to date
    return safety
