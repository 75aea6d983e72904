"""`paperpass doctor`: checks the install, the data directory, the database and the model."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

from paperpass.config import DB_FILENAME, data_dir, ensure_data_dir
from paperpass.errors import PaperpassError


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def run_checks(*, load_model: bool = True) -> list[Check]:
    checks: list[Check] = []
    home = data_dir()
    try:
        ensure_data_dir(home)
        checks.append(Check("data directory", True, str(home)))
    except PaperpassError as exc:
        return [Check("data directory", False, str(exc))]
    checks += _database_checks(home)
    for module in ("arxiv", "feedparser", "pymupdf", "faiss", "textual"):
        checks.append(_import_check(module))
    if load_model:
        checks.append(_model_check())
    return checks


def _database_checks(home) -> list[Check]:
    from paperpass.store.db import connect, integrity_check
    from paperpass.store.migrations import MIGRATIONS

    path = home / DB_FILENAME
    if not path.exists():
        return [Check("database", True, f"{path} not created yet (it is made on first use)")]
    try:
        conn = connect(path, migrate=False)
    except PaperpassError as exc:
        return [Check("database", False, str(exc))]
    try:
        problems = integrity_check(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0] if version else 0
    except Exception as exc:  # noqa: BLE001 - any SQLite failure here is the finding
        return [Check("database", False, f"{path}: {exc}")]
    finally:
        conn.close()
    checks = [
        Check("database integrity", not problems, "ok" if not problems else "; ".join(problems[:3])),
        Check("schema version", version <= len(MIGRATIONS),
              f"{version} (this paperpass: {len(MIGRATIONS)}); {papers} papers"),
    ]
    return checks


def _import_check(module: str) -> Check:
    try:
        mod = importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - report any import failure
        return Check(f"import {module}", False, f"{type(exc).__name__}: {exc}")
    return Check(f"import {module}", True, getattr(mod, "__version__", None) or getattr(mod, "VersionBind", "ok"))


def _model_check() -> Check:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch

        from paperpass.index.embed import load_model
    except ImportError as exc:
        return Check("embedding model", False, f"cannot import: {exc}")
    try:
        model = load_model()
        dim = (getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension)()
    except Exception as exc:  # noqa: BLE001 - report any load failure
        return Check("embedding model", False, f"{type(exc).__name__}: {exc}")
    return Check("embedding model", True, f"torch {torch.__version__}, {dim}-dimensional embeddings")
