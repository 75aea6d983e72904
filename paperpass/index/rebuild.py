"""Rebuild the keyword and vector indexes from the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from paperpass.index.sync import rebuild

Progress = Callable[[str, int, "int | None"], None]


def rebuild_index(conn: sqlite3.Connection, *, progress: Progress | None = None) -> dict:
    """Recreate the keyword and vector indexes from the database; returns counts of what was indexed.

    progress(what, done, total) is called as work advances (total None when unknown).
    """
    return rebuild(conn, progress=progress)
