"""Managing papers: edit, tag, delete with a restorable snapshot, undo the last delete, fetch a PDF.

A delete writes the paper's rows into a snapshot and removes them in one transaction (store/trash.py),
then moves its PDF (when it lives in the data directory's pdfs/) to trash/; undo moves it back and puts
the rows back under the same ids when they are free. The last KEEP_SNAPSHOTS deletes can be undone;
older snapshots and their trashed PDFs are let go.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from paperpass.errors import InvalidInput, NotFound
from paperpass.files import file_sha256
from paperpass.library.views import paper_state
from paperpass.models import DeletePreview, Paper
from paperpass.store import trash as _trash
from paperpass.store.db import transaction
from paperpass.store.lists import lists_of_paper
from paperpass.store.papers import edit_paper as _edit_paper
from paperpass.store.papers import get_decision, get_paper
from paperpass.store.reading import done_at, get_review, pass_states, reading_status
from paperpass.store.refs import references_for
from paperpass.store.tags import change_tags, clean_tag

Progress = Callable[[str, int, int | None], None]
PDF_FOLDER = "pdfs"  # where ingest keeps PDFs (ingest/download.py pdf_dir)
TRASH_FOLDER = "trash"


def edit(conn: sqlite3.Connection, paper_id: int, *, title: str | None = None, authors: list[str] | None = None,
         year: int | None = None, venue: str | None = None, add_tags: tuple[str, ...] | list[str] = (),
         remove_tags: tuple[str, ...] | list[str] = (), arxiv_id: str | None = None,
         kind: str | None = None) -> Paper:
    """Correct a paper's metadata and tags in one transaction: every value is checked first, so bad input
    changes nothing."""
    get_paper(conn, paper_id)
    for tag in (*add_tags, *remove_tags):
        clean_tag(tag)
    with transaction(conn):
        paper = _edit_paper(conn, paper_id, title=title, authors=authors, year=year, venue=venue, arxiv_id=arxiv_id,
                            kind=kind)
        change_tags(conn, paper_id, add_tags, remove_tags)
    return paper


def library_pdf(conn: sqlite3.Connection, home: Path, paper: Paper) -> Path | None:
    """The paper's PDF when it is a file in the data directory's pdfs/ that no other paper names (a
    delete may move it); None for no PDF, a missing file, or the user's own file elsewhere."""
    if not paper.pdf_path:
        return None
    path = Path(paper.pdf_path)
    try:
        inside = path.resolve().parent == (home / PDF_FOLDER).resolve()
    except OSError:
        return None
    if not inside or not path.is_file():
        return None
    shared = conn.execute("SELECT count(*) FROM papers WHERE pdf_path = ? AND id != ?",
                          (paper.pdf_path, paper.id)).fetchone()[0]
    return None if shared else path


def delete_preview(conn: sqlite3.Connection, home: Path, paper_id: int) -> DeletePreview:
    paper = get_paper(conn, paper_id)
    from paperpass.store.reading import notes_for
    from paperpass.store.tags import paper_tags

    review = get_review(conn, paper_id)
    pdf = library_pdf(conn, home, paper)
    return DeletePreview(
        paper_id=paper_id, title=paper.title, notes=len(notes_for(conn, paper_id)),
        reading=paper_state(reading_status(conn, paper_id), review.pass1_decision,
                            done_at(conn, paper_id) is not None),
        passes=[s.pass_no for s in pass_states(conn, paper_id) if s.started],
        decision=get_decision(conn, paper_id), queued_refs=sum(r.queued for r in references_for(conn, paper_id)),
        lists=lists_of_paper(conn, paper_id), tags=paper_tags(conn, paper_id),
        pdf_path=str(pdf) if pdf else None)


def delete(conn: sqlite3.Connection, home: Path, paper_id: int) -> DeletePreview:
    """Delete a paper and what hangs on it, keeping a snapshot (and its PDF in trash/) for undo."""
    preview = delete_preview(conn, home, paper_id)
    trash_path = None
    if preview.pdf_path:
        pdf = Path(preview.pdf_path)
        trash_path = _trash_dir(home) / f"{paper_id}-{os.urandom(4).hex()}-{pdf.name}"
    # The rows first (with their snapshot, one transaction), then the file: a crash in between leaves the
    # PDF where it was, and undo finds it there.
    _trash.delete_paper(conn, paper_id, pdf_path=preview.pdf_path,
                                   pdf_trash=str(trash_path) if trash_path else None)
    if preview.pdf_path and trash_path:
        trash_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(preview.pdf_path, trash_path)
        except OSError:
            pass  # the file stays in pdfs/; undo relinks it from there
    _let_go_of_old_snapshots(conn, keep=_trash.KEEP_SNAPSHOTS)
    return preview


def undo_delete(conn: sqlite3.Connection, home: Path) -> Paper:
    """Bring back the last deleted paper, with its notes, states and PDF; NotFound when nothing was deleted."""
    snapshot = _trash.last_snapshot(conn)
    if snapshot is None:
        raise NotFound("nothing to undo: no paper was deleted (or the last one was brought back already)")
    original = snapshot.rows["papers"][0].get("pdf_path")
    target: str | None = original
    moved_from: Path | None = None
    if snapshot.pdf_path:  # the library moved it to the trash
        trashed = Path(snapshot.pdf_trash) if snapshot.pdf_trash else None
        dest = Path(snapshot.pdf_path)
        if trashed is not None and trashed.is_file():
            dest = _free_name(dest)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(trashed, dest)
            moved_from = trashed
            target = str(dest)
        elif not dest.is_file():
            target = None  # the trashed file is gone: the paper comes back without a PDF
    try:
        paper_id = _trash.restore_snapshot(conn, snapshot, pdf_path=target)
    except BaseException:
        if moved_from is not None and target is not None:
            os.replace(target, moved_from)  # the rows did not come back: the PDF goes back to the trash
        raise
    return get_paper(conn, paper_id)


def _free_name(dest: Path) -> Path:
    """`dest`, or dest-2.pdf, ... when another file took its name meanwhile."""
    candidate, n = dest, 1
    while candidate.exists():
        n += 1
        candidate = dest.with_name(f"{dest.stem}-{n}{dest.suffix}")
    return candidate


def _trash_dir(home: Path) -> Path:
    return home / TRASH_FOLDER


def _let_go_of_old_snapshots(conn: sqlite3.Connection, *, keep: int) -> None:
    old = _trash.snapshots(conn)[keep:]
    if not old:
        return
    _trash.forget_snapshots(conn, [s.id for s in old])
    for snapshot in old:
        if snapshot.pdf_trash:
            Path(snapshot.pdf_trash).unlink(missing_ok=True)


def fetch_pdf(conn: sqlite3.Connection, paper_id: int, *, progress: Progress | None = None,
              cancel: threading.Event | None = None) -> Paper:
    """Download the paper's PDF into pdfs/ unless the file it has is there and whole (same checksum);
    InvalidInput for a paper with no PDF link, Cancelled (and no partial file) when `cancel` is set."""
    from paperpass.ingest import download_paper_pdf
    from paperpass.ingest.pipeline import pdf_url_for

    paper = get_paper(conn, paper_id)
    if paper.pdf_path and Path(paper.pdf_path).is_file() and (
            not paper.pdf_sha256 or file_sha256(Path(paper.pdf_path)) == paper.pdf_sha256):
        return paper
    if pdf_url_for(paper) is None:
        raise InvalidInput(f"paper {paper_id} has no PDF link to fetch from (no arXiv id, no PDF URL)")
    return download_paper_pdf(conn, paper, progress=progress, cancel=cancel)
