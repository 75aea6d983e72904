"""Markdown (one Obsidian-friendly file per paper) and BibTeX exports."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from paperpass.errors import InvalidInput
from paperpass.library.views import paper_details
from paperpass.models import FIVE_CS
from paperpass.store.papers import list_papers


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from exc


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid YAML scalars


def paper_markdown(details: dict) -> str:
    """One paper as Markdown with YAML front matter (Obsidian-friendly)."""
    front = [
        "---",
        f"title: {_yaml_str(details['title'])}",
        "authors: [" + ", ".join(_yaml_str(a) for a in details["authors"]) + "]",
        f"paperpass_id: {details['id']}",
    ]
    for key in ("arxiv_id", "doi", "venue", "year", "published", "source_url", "decision", "status"):
        if details.get(key) is not None:
            value = details[key]
            front.append(f"{key}: {value if isinstance(value, int) else _yaml_str(str(value))}")
    # Your tags first (Obsidian's tags hold no spaces: "to reread" becomes to-reread), then the arXiv categories.
    tags = ["-".join(t.split()) for t in details.get("tags", [])] + list(details["categories"])
    if tags:
        front.append("tags: [" + ", ".join(_yaml_str(t) for t in tags) + "]")
    front.append("---")
    body = [f"# {details['title']}", ""]
    if details["authors"]:
        body += [", ".join(details["authors"]), ""]
    if details["abstract"]:
        body += ["## Abstract", "", details["abstract"], ""]
    sources = details.get("sources") or []
    if sources:
        body += ["## Sources", ""] + [
            f"- {s['label']}" + (f": {s['url']}" if s.get("url") else "")
            + (f" ({s['popularity']} upvotes)" if s.get("popularity") else "") for s in sources] + [""]
    others = (details.get("review") or {}).get("others_vs_mine")
    if others:
        body += ["## What others say vs. my first read", "", others.rstrip(), ""]
    five = details["five_cs"]
    if any(five.get(c) for c in FIVE_CS):
        body += ["## Five Cs", ""] + [f"- **{c}**: {five[c]}" for c in FIVE_CS if five.get(c)] + [""]
    for state in details["passes"]:
        notes = [n for n in details["notes"] if n["pass_no"] == state["pass_no"]]
        if not notes and not state["started"]:
            continue
        minutes = state["seconds"] / 60
        body += [f"## Pass {state['pass_no']}", "", f"_{minutes:.0f} min spent"
                 + (", finished_" if state["finished"] else "_"), ""]
        for n in notes:
            body += [n["text"].rstrip(), "", f"<!-- note {n['id']}, updated {n['updated']} -->", ""]
    return "\n".join([*front, "", *body])


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text).strip().replace(" ", "-")
    return slug[:80] or "paper"


def export_markdown(conn: sqlite3.Connection, out_dir: Path) -> list[Path]:
    """Write one Markdown file per paper the reader has touched (or all, for a small library)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput(f"{out_dir} is a file; --format markdown needs a directory")
    written = []
    for paper in list_papers(conn):
        details = paper_details(conn, paper.stored_id)
        path = out_dir / f"{paper.id:05d}-{_slug(paper.title)}.md"
        write_atomic(path, paper_markdown(details))
        written.append(path)
    return written


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def export_bibtex(conn: sqlite3.Connection) -> str:
    entries = []
    for paper in list_papers(conn):
        surname = (paper.authors[0].split()[-1] if paper.authors else "anon")
        key = re.sub(r"\W", "", f"{surname}{paper.year or ''}{paper.id}").lower()
        fields = {"title": "{" + _bibtex_escape(paper.title) + "}",
                  "author": " and ".join(_bibtex_escape(a) for a in paper.authors)}
        if paper.year:
            fields["year"] = str(paper.year)
        if paper.arxiv_id:
            fields |= {"eprint": paper.arxiv_id, "archivePrefix": "arXiv"}
        if paper.doi:
            fields["doi"] = paper.doi
        if paper.venue:
            fields["booktitle"] = _bibtex_escape(paper.venue)
        kind = "inproceedings" if paper.venue else "article" if paper.doi else "misc"
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
        entries.append(f"@{kind}{{{key},\n{body}\n}}")
    return "\n\n".join(entries)
