"""The bundled sample week (data/sample_week.jsonl.gz) that `paperpass demo` opens offline."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

from paperpass.config import resource_dir
from paperpass.models import Paper
from paperpass.store.db import transaction
from paperpass.store.meta import get_meta, set_meta
from paperpass.store.papers import upsert_paper

SAMPLE_FILE = "sample_week.jsonl.gz"
_META_KEY = "sample_week_loaded"


def sample_week_path() -> Path:
    return resource_dir("data") / SAMPLE_FILE


def read_sample_week(path: Path | None = None) -> list[Paper]:
    papers = []
    with gzip.open(path or sample_week_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            hf = r["source"] == "hf-daily" or "upvotes" in r
            papers.append(Paper(
                title=r["title"], arxiv_id=r["id"], authors=r["authors"], abstract=r["abstract"],
                categories=r["categories"], comment=r.get("comment"), published=r["listed"],
                source=r["source"], popularity=r.get("upvotes"),
                source_url=f"https://huggingface.co/papers/{r['id']}" if hf else f"https://arxiv.org/abs/{r['id']}",
                pdf_url=f"https://arxiv.org/pdf/{r['id']}", year=int("20" + r["id"][:2]),
            ))
    return papers


def load_sample_week(conn: sqlite3.Connection, path: Path | None = None) -> int:
    """Put the sample week into a library once; returns the papers added (0 when already there)."""
    if get_meta(conn, _META_KEY):
        return 0
    added = 0
    with transaction(conn):
        for paper in read_sample_week(path):
            added += upsert_paper(conn, paper).created
        set_meta(conn, _META_KEY, "1")
    return added
