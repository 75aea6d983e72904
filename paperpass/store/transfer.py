"""Whole-library JSON export and import: an export imported into an empty library reproduces it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Any

from paperpass.config import DB_FILENAME
from paperpass.errors import InvalidInput
from paperpass.ids import normalise_title
from paperpass.models import FIVE_CS, PAPER_KINDS, Paper
from paperpass.store.db import home_of, now, transaction
from paperpass.store.papers import paper_from_row
from paperpass.store.sources import export_sources, import_sources, record_source
from paperpass.store.tags import clean_tag

EXPORT_VERSION = 1
_PAPER_FIELDS = [f.name for f in fields(Paper)]


def export_library(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every paper with its decision, pass states, five Cs, review, notes (with history), references and
    tags. A PDF inside the data directory is named relative to it (`pdfs/...`), so the export can move
    to another machine with its PDFs (see `import_library`)."""
    home = home_of(conn)
    papers = []
    for row in conn.execute("SELECT * FROM papers ORDER BY id"):
        paper = paper_from_row(row)
        pid = paper.id
        record = {name: getattr(paper, name) for name in _PAPER_FIELDS}
        record["pdf_path"] = _portable_path(paper.pdf_path, home)
        record["tags"] = [dict(r) for r in conn.execute(
            "SELECT tag, added FROM paper_tags WHERE paper_id = ? ORDER BY tag COLLATE NOCASE", (pid,))]
        record["edited"] = [dict(r) for r in conn.execute(
            "SELECT field, edited_at FROM paper_edits WHERE paper_id = ? ORDER BY field", (pid,))]
        pending = conn.execute("SELECT arxiv_id, since FROM pending_metadata WHERE paper_id = ?", (pid,)).fetchone()
        record["pending"] = dict(pending) if pending else None
        triage = conn.execute("SELECT decision, decided_at FROM triage WHERE paper_id = ?", (pid,)).fetchone()
        record["triage"] = dict(triage) if triage else None
        record["passes"] = [
            {"pass": r["pass"], "started": r["started"], "finished": r["finished"], "seconds": r["seconds"],
             "checklist": json.loads(r["checklist"])}
            for r in conn.execute("SELECT * FROM pass_state WHERE paper_id = ? ORDER BY pass", (pid,))
        ]
        record["reading_days"] = [
            {"pass": r["pass"], "day": r["day"], "seconds": r["seconds"]}
            for r in conn.execute("SELECT * FROM reading_days WHERE paper_id = ? ORDER BY day, pass", (pid,))]
        done = conn.execute("SELECT after_pass, done_at FROM paper_done WHERE paper_id = ?", (pid,)).fetchone()
        record["done"] = dict(done) if done else None
        five = conn.execute("SELECT * FROM five_cs WHERE paper_id = ?", (pid,)).fetchone()
        record["five_cs"] = {k: five[k] for k in (*FIVE_CS, "updated")} if five else None
        review = conn.execute("SELECT * FROM reviews WHERE paper_id = ?", (pid,)).fetchone()
        record["review"] = ({k: review[k] for k in ("pass1_decision", "reproducibility", "code_url",
                                                    "others_vs_mine")}
                            if review else None)
        record["sources"] = export_sources(conn, paper.stored_id)
        record["notes"] = [
            {"id": n["id"], "pass": n["pass"], "text": n["text"], "created": n["created"], "updated": n["updated"],
             "history": [{"text": v["text"], "saved": v["saved"]} for v in conn.execute(
                 "SELECT text, saved FROM note_versions WHERE note_id = ? ORDER BY id", (n["id"],))]}
            for n in conn.execute("SELECT * FROM notes WHERE paper_id = ? ORDER BY id", (pid,))
        ]
        record["references"] = [
            {k: r[k] for k in ("position", "raw", "title", "year", "arxiv_id", "doi", "matched_paper_id",
                               "queued_at")}
            | {"queued": bool(r["queued"])}
            for r in conn.execute("SELECT * FROM paper_refs WHERE paper_id = ? ORDER BY position", (pid,))
        ]
        papers.append(record)
    lists = []
    for lst in conn.execute("SELECT * FROM reading_lists ORDER BY id"):
        items = [dict(r) for r in conn.execute(
            "SELECT paper_id, position, section, seed_key FROM list_items WHERE list_id = ? ORDER BY position",
            (lst["id"],))]
        lists.append({"id": lst["id"], "name": lst["name"], "kind": lst["kind"], "created": lst["created"],
                      "items": items})
    meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta ORDER BY key")}
    return {"version": EXPORT_VERSION, "papers": papers, "lists": lists, "meta": meta}


def _portable_path(path: str | None, home: Path) -> str | None:
    """A PDF path as an export keeps it: relative to the data directory when the file is inside it."""
    if not path:
        return path
    try:
        return Path(path).resolve().relative_to(home.resolve()).as_posix()
    except (ValueError, OSError):
        return path


def _local_path(path: str | None, home: Path) -> str | None:
    """A PDF path from an export, in this library: a relative one is in this data directory. An absolute one
    (older exports) into another paperpass library's pdfs/, or to a file of the same name in this library's
    pdfs/, becomes that name here: an imported library never points into the library it came from."""
    if not path:
        return path
    candidate = Path(path)
    if not candidate.is_absolute():
        return str(home / candidate)
    if candidate.parent.name == "pdfs":
        here = home / "pdfs" / candidate.name
        other_library = (candidate.parent.parent / DB_FILENAME).exists()
        if here.is_file() or (other_library and candidate.parent.parent.resolve() != home.resolve()):
            return str(here)
    return path


def has_user_data(conn: sqlite3.Connection) -> bool:
    """True when the library holds anything beyond the untouched seeded classics."""
    checks = (
        "SELECT 1 FROM papers WHERE source != 'seed' LIMIT 1",
        "SELECT 1 FROM notes LIMIT 1",
        "SELECT 1 FROM pass_state LIMIT 1",
        "SELECT 1 FROM triage LIMIT 1",
        "SELECT 1 FROM five_cs LIMIT 1",
        "SELECT 1 FROM reading_lists WHERE kind = 'user' LIMIT 1",
        "SELECT 1 FROM paper_tags LIMIT 1",
        "SELECT 1 FROM paper_edits LIMIT 1",
    )
    return any(conn.execute(sql).fetchone() for sql in checks)


def import_library(conn: sqlite3.Connection, data: dict[str, Any], *, replace: bool = False) -> int:
    """Load an export into this library, keeping every id. Returns the papers imported.

    The library must hold no user data unless `replace` is given; the import is
    one transaction, so a bad file leaves the library as it was.
    """
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        raise InvalidInput("not a paperpass export: expected an object with a 'papers' list")
    if data.get("version") != EXPORT_VERSION:
        raise InvalidInput(f"export version {data.get('version')!r} is not supported (expected {EXPORT_VERSION})")
    if has_user_data(conn) and not replace:
        raise InvalidInput("the library is not empty; import into a new PAPERPASS_HOME or pass --replace")
    try:
        with transaction(conn):
            conn.execute("PRAGMA defer_foreign_keys = ON")  # references may point at later papers
            for table in ("list_items", "reading_lists", "note_versions", "notes", "paper_refs", "reviews",
                          "paper_sources", "five_cs", "paper_done", "reading_days", "pass_state", "triage",
                          "paper_tags", "paper_edits", "pending_metadata", "papers", "meta"):
                conn.execute(f"DELETE FROM {table}")  # fixed table names, not user input
            home = home_of(conn)
            for record in data["papers"]:
                _import_paper(conn, record, home)
            for lst in data.get("lists", []):
                conn.execute("INSERT INTO reading_lists (id, name, kind, created) VALUES (?, ?, ?, ?)",
                             (lst["id"], lst["name"], lst["kind"], lst["created"]))
                for item in lst["items"]:
                    conn.execute("INSERT INTO list_items (list_id, paper_id, position, section, seed_key) "
                                 "VALUES (?, ?, ?, ?, ?)", (lst["id"], item["paper_id"], item["position"],
                                                            item.get("section"), item.get("seed_key")))
            for key, value in data.get("meta", {}).items():
                conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
    except (KeyError, TypeError, InvalidInput, sqlite3.IntegrityError) as exc:
        raise InvalidInput(f"the export file is inconsistent ({type(exc).__name__}: {exc}); "
                           "nothing was imported") from exc
    return len(data["papers"])


def _import_paper(conn: sqlite3.Connection, record: dict[str, Any], home: Path) -> None:
    values = {name: record.get(name) for name in _PAPER_FIELDS}
    values["pdf_path"] = _local_path(values["pdf_path"], home)
    values["authors"] = json.dumps(values["authors"] or [], ensure_ascii=False)
    values["categories"] = json.dumps(values["categories"] or [], ensure_ascii=False)
    values["abstract"] = values["abstract"] or ""
    values["source"] = values["source"] or "manual"
    values["kind"] = values["kind"] if values["kind"] in PAPER_KINDS else None  # older exports have none
    if not isinstance(values["title"], str):
        raise TypeError(f"paper {record.get('id')} has no title")  # reported as an inconsistent export
    values["title_norm"] = normalise_title(values["title"])
    cols = ", ".join(values)
    conn.execute(f"INSERT INTO papers ({cols}) VALUES ({', '.join(':' + c for c in values)})", values)
    pid = record["id"]
    if record.get("triage"):
        conn.execute("INSERT INTO triage (paper_id, decision, decided_at) VALUES (?, ?, ?)",
                     (pid, record["triage"]["decision"], record["triage"]["decided_at"]))
    for p in record.get("passes", []):
        conn.execute("INSERT INTO pass_state (paper_id, pass, started, finished, seconds, checklist) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (pid, p["pass"], p["started"], p["finished"], p["seconds"], json.dumps(p["checklist"])))
    days = record.get("reading_days")
    if days is None:  # an export from before reading_days: each pass's time on the day it was finished (begun)
        days = [{"pass": p["pass"], "day": (p["finished"] or p["started"])[:10], "seconds": p["seconds"]}
                for p in record.get("passes", []) if p["seconds"] and (p["finished"] or p["started"])]
    for d in days:
        conn.execute("INSERT INTO reading_days (paper_id, pass, day, seconds) VALUES (?, ?, ?, ?)",
                     (pid, d["pass"], d["day"], d["seconds"]))
    done = record.get("done")
    if done is None and "done" not in record:  # an export from before paper_done: pass 3 finished means done
        done = next(({"after_pass": 3, "done_at": p["finished"]} for p in record.get("passes", [])
                     if p["pass"] == 3 and p["finished"]), None)
    if done:
        conn.execute("INSERT INTO paper_done (paper_id, after_pass, done_at) VALUES (?, ?, ?)",
                     (pid, done["after_pass"], done["done_at"]))
    if record.get("five_cs"):
        five = record["five_cs"]
        conn.execute("INSERT INTO five_cs (paper_id, category, context, correctness, contributions, clarity, updated)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", (pid, *(five[c] for c in FIVE_CS), five["updated"]))
    if record.get("review"):
        r = record["review"]
        conn.execute("INSERT INTO reviews (paper_id, pass1_decision, reproducibility, code_url, others_vs_mine) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (pid, r["pass1_decision"], r["reproducibility"], r["code_url"], r.get("others_vs_mine")))
    if "sources" in record:
        import_sources(conn, pid, record["sources"])
    else:  # an export from before paper_sources: the paper's own source is its one source
        record_source(conn, pid, Paper(title=values["title"], source=str(values["source"]),
                                       source_url=values["source_url"], popularity=values["popularity"]),
                      seen=values["added"])
    for note in record.get("notes", []):
        conn.execute("INSERT INTO notes (id, paper_id, pass, text, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                     (note["id"], pid, note["pass"], note["text"], note["created"], note["updated"]))
        for version in note["history"]:
            conn.execute("INSERT INTO note_versions (note_id, text, saved) VALUES (?, ?, ?)",
                         (note["id"], version["text"], version["saved"]))
    for ref in record.get("references", []):
        conn.execute("INSERT INTO paper_refs (paper_id, position, raw, title, year, arxiv_id, doi, matched_paper_id,"
                     " queued, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (pid, ref["position"], ref["raw"], ref["title"], ref["year"], ref["arxiv_id"], ref["doi"],
                      ref["matched_paper_id"], int(ref["queued"]), ref.get("queued_at")))
    for edit in record.get("edited") or []:
        conn.execute("INSERT OR IGNORE INTO paper_edits (paper_id, field, edited_at) VALUES (?, ?, ?)",
                     (pid, edit["field"], edit["edited_at"]))
    for tag in record.get("tags") or []:
        tag = {"tag": tag, "added": None} if isinstance(tag, str) else tag
        conn.execute("INSERT OR IGNORE INTO paper_tags (paper_id, tag, added) VALUES (?, ?, ?)",
                     (pid, clean_tag(tag["tag"]), tag.get("added") or now()))
    if record.get("pending"):
        conn.execute("INSERT INTO pending_metadata (paper_id, arxiv_id, since) VALUES (?, ?, ?)",
                     (pid, record["pending"]["arxiv_id"], record["pending"]["since"]))
