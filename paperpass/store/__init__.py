"""SQLite store: the single source of truth, and the only place that writes SQL.

Modules: db (connection, transactions), migrations (numbered schema steps),
papers, reading (pass state, notes, five Cs, reviews), lists (reading lists and
seeded classics), refs (parsed references), transfer (JSON export/import).
"""

from paperpass.store.db import connect, db_path, now, open_library, transaction

__all__ = ["connect", "db_path", "now", "open_library", "transaction"]
