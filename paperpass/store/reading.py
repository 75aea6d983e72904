"""The reader's own work: pass state and timing, notes with history, five Cs, reviews."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from paperpass.errors import InvalidInput, NotFound
from paperpass.models import FIVE_CS, PASSES, FiveCs, Note, NoteVersion, PassState, Review
from paperpass.store.db import inserted_id, now, transaction
from paperpass.store.papers import get_paper


def _check_pass(pass_no: int) -> int:
    if pass_no not in PASSES:
        raise InvalidInput(f"pass must be 1, 2 or 3, not {pass_no!r}")
    return pass_no


# -- pass state ---------------------------------------------------------------

def _state_from_row(row: sqlite3.Row) -> PassState:
    return PassState(paper_id=row["paper_id"], pass_no=row["pass"], started=row["started"],
                     finished=row["finished"], seconds=row["seconds"], checklist=json.loads(row["checklist"]))


def get_pass_state(conn: sqlite3.Connection, paper_id: int, pass_no: int) -> PassState:
    row = conn.execute("SELECT * FROM pass_state WHERE paper_id = ? AND pass = ?",
                       (paper_id, _check_pass(pass_no))).fetchone()
    return _state_from_row(row) if row else PassState(paper_id=paper_id, pass_no=pass_no)


def pass_states(conn: sqlite3.Connection, paper_id: int) -> list[PassState]:
    return [get_pass_state(conn, paper_id, p) for p in PASSES]


def _ensure_state(conn: sqlite3.Connection, paper_id: int, pass_no: int) -> None:
    get_paper(conn, paper_id)
    conn.execute("INSERT OR IGNORE INTO pass_state (paper_id, pass, started) VALUES (?, ?, ?)",
                 (paper_id, _check_pass(pass_no), now()))


def start_pass(conn: sqlite3.Connection, paper_id: int, pass_no: int) -> PassState:
    with transaction(conn):
        _ensure_state(conn, paper_id, pass_no)
    return get_pass_state(conn, paper_id, pass_no)


def add_pass_time(conn: sqlite3.Connection, paper_id: int, pass_no: int, seconds: float, *,
                  at: datetime | None = None) -> PassState:
    """Add reading time to a pass (the TUI's timer calls this every few seconds): to the pass's total and
    to the day it was read on (UTC; `at`, default now), for the minutes read per week."""
    if seconds < 0:
        raise InvalidInput("reading time cannot be negative")
    day = (at.astimezone(UTC) if at and at.tzinfo else at or datetime.now(UTC)).date().isoformat()
    with transaction(conn):
        _ensure_state(conn, paper_id, pass_no)
        conn.execute("UPDATE pass_state SET seconds = seconds + ? WHERE paper_id = ? AND pass = ?",
                     (seconds, paper_id, pass_no))
        if seconds > 0:
            conn.execute("INSERT INTO reading_days (paper_id, pass, day, seconds) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (paper_id, pass, day) DO UPDATE SET seconds = seconds + excluded.seconds",
                         (paper_id, pass_no, day, seconds))
    return get_pass_state(conn, paper_id, pass_no)


def reading_days(conn: sqlite3.Connection) -> list[tuple[int, int, str, float]]:
    """Every (paper id, pass, UTC day, seconds read that day), oldest day first."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT paper_id, pass, day, seconds FROM reading_days ORDER BY day, paper_id, pass")]


def set_checklist_item(conn: sqlite3.Connection, paper_id: int, pass_no: int, step: str, done: bool) -> PassState:
    with transaction(conn):
        _ensure_state(conn, paper_id, pass_no)
        state = get_pass_state(conn, paper_id, pass_no)
        state.checklist[step] = bool(done)
        conn.execute("UPDATE pass_state SET checklist = ? WHERE paper_id = ? AND pass = ?",
                     (json.dumps(state.checklist), paper_id, pass_no))
    return get_pass_state(conn, paper_id, pass_no)


def finish_pass(conn: sqlite3.Connection, paper_id: int, pass_no: int, *, done: bool = False) -> PassState:
    """Mark a pass finished (the first date is kept). Finishing pass 3, or `done` after pass 1 or 2
    (the paper has given what it has), makes the paper done with today's date."""
    with transaction(conn):
        _ensure_state(conn, paper_id, pass_no)
        stamp = now()
        conn.execute("UPDATE pass_state SET finished = coalesce(finished, ?) WHERE paper_id = ? AND pass = ?",
                     (stamp, paper_id, pass_no))
        if pass_no == 3 or done:
            conn.execute("INSERT OR IGNORE INTO paper_done (paper_id, after_pass, done_at) VALUES (?, ?, ?)",
                         (paper_id, pass_no, stamp))
    return get_pass_state(conn, paper_id, pass_no)


def done_at(conn: sqlite3.Connection, paper_id: int) -> str | None:
    """When the paper was read to the end, or None."""
    row = conn.execute("SELECT done_at FROM paper_done WHERE paper_id = ?", (paper_id,)).fetchone()
    return row[0] if row else None


def done_papers(conn: sqlite3.Connection) -> dict[int, str]:
    """paper id -> when it was read to the end, for every done paper."""
    return {r[0]: r[1] for r in conn.execute("SELECT paper_id, done_at FROM paper_done")}


def reading_status(conn: sqlite3.Connection, paper_id: int) -> str:
    """'done' when read to the end, else 'passN' for the furthest pass begun, else 'unread'."""
    if done_at(conn, paper_id):
        return "done"
    row = conn.execute("SELECT max(pass) FROM pass_state WHERE paper_id = ?", (paper_id,)).fetchone()
    return f"pass{row[0]}" if row and row[0] else "unread"


def reading_statuses(conn: sqlite3.Connection) -> dict[int, str]:
    """'passN' (the furthest pass begun) of every paper begun; see `done_papers` for the ones read to the end."""
    return {r[0]: f"pass{r[1]}" for r in conn.execute("SELECT paper_id, max(pass) FROM pass_state GROUP BY paper_id")}


# -- notes --------------------------------------------------------------------

def _note_from_row(conn: sqlite3.Connection, row: sqlite3.Row) -> Note:
    history = [NoteVersion(text=r["text"], saved=r["saved"]) for r in
               conn.execute("SELECT text, saved FROM note_versions WHERE note_id = ? ORDER BY id", (row["id"],))]
    return Note(id=row["id"], paper_id=row["paper_id"], pass_no=row["pass"], text=row["text"],
                created=row["created"], updated=row["updated"], history=history)


def add_note(conn: sqlite3.Connection, paper_id: int, pass_no: int, text: str) -> Note:
    """A new note on a paper for one pass."""
    _check_pass(pass_no)
    if not text.strip():
        raise InvalidInput("the note is empty")
    stamp = now()
    with transaction(conn):
        get_paper(conn, paper_id)
        cur = conn.execute("INSERT INTO notes (paper_id, pass, text, created, updated) VALUES (?, ?, ?, ?, ?)",
                           (paper_id, pass_no, text, stamp, stamp))
        conn.execute("INSERT INTO note_versions (note_id, text, saved) VALUES (?, ?, ?)", (cur.lastrowid, text, stamp))
    return get_note(conn, inserted_id(cur))


# A note's history keeps one version per editing burst: saves less than this many seconds after
# the previous version (while the editor stays open) replace it instead of adding one per autosave.
NOTE_BURST_PAUSE_SECONDS = 180


def update_note(conn: sqlite3.Connection, note_id: int, text: str, *, coalesce: bool = False) -> Note:
    """Save a new version of a note; the earlier versions stay in its history.

    With `coalesce` (the editor is still in the same editing burst), a save within
    NOTE_BURST_PAUSE_SECONDS of the newest version replaces that version's text.
    """
    stamp = now()
    with transaction(conn):
        row = conn.execute("SELECT text FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise NotFound(f"no note with id {note_id}")
        if row["text"] != text:
            conn.execute("UPDATE notes SET text = ?, updated = ? WHERE id = ?", (text, stamp, note_id))
            last = conn.execute("SELECT id, saved FROM note_versions WHERE note_id = ? ORDER BY id DESC LIMIT 1",
                                (note_id,)).fetchone()
            if coalesce and last and _seconds_between(last["saved"], stamp) < NOTE_BURST_PAUSE_SECONDS:
                conn.execute("UPDATE note_versions SET text = ?, saved = ? WHERE id = ?", (text, stamp, last["id"]))
            else:
                conn.execute("INSERT INTO note_versions (note_id, text, saved) VALUES (?, ?, ?)",
                             (note_id, text, stamp))
    return get_note(conn, note_id)


def _seconds_between(earlier: str, later: str) -> float:
    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    except (TypeError, ValueError):
        return float("inf")  # an unreadable stamp (an odd import): start a new version to be safe


def save_pass_note(conn: sqlite3.Connection, paper_id: int, pass_no: int, text: str, *,
                   note_id: int | None = None, coalesce: bool = False) -> Note | None:
    """The TUI editor's save: the note it is editing gets a new version (see `update_note`), or,
    without `note_id`, a new note of the pass is created (None when the text is empty)."""
    _check_pass(pass_no)
    if note_id is not None:
        return update_note(conn, note_id, text, coalesce=coalesce)
    return add_note(conn, paper_id, pass_no, text) if text.strip() else None


def get_note(conn: sqlite3.Connection, note_id: int) -> Note:
    row = conn.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
    if row is None:
        raise NotFound(f"no note with id {note_id}")
    return _note_from_row(conn, row)


def notes_for(conn: sqlite3.Connection, paper_id: int, pass_no: int | None = None) -> list[Note]:
    sql = "SELECT * FROM notes WHERE paper_id = ?"
    params: list[int] = [paper_id]
    if pass_no is not None:
        sql += " AND pass = ?"
        params.append(_check_pass(pass_no))
    return [_note_from_row(conn, r) for r in conn.execute(sql + " ORDER BY pass, id", params)]


def noted_paper_ids(conn: sqlite3.Connection) -> list[int]:
    """The papers that have at least one note."""
    return [int(r[0]) for r in conn.execute("SELECT DISTINCT paper_id FROM notes")]


def all_notes(conn: sqlite3.Connection) -> list[Note]:
    return [_note_from_row(conn, r) for r in conn.execute("SELECT * FROM notes ORDER BY paper_id, pass, id")]


# -- five Cs and reviews ------------------------------------------------------

def get_five_cs(conn: sqlite3.Connection, paper_id: int) -> FiveCs:
    row = conn.execute("SELECT * FROM five_cs WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is None:
        return FiveCs(paper_id=paper_id)
    return FiveCs(paper_id=paper_id, updated=row["updated"], **{c: row[c] for c in FIVE_CS})


def set_five_cs(conn: sqlite3.Connection, paper_id: int, **answers: str) -> FiveCs:
    unknown = set(answers) - set(FIVE_CS)
    if unknown:
        raise InvalidInput(f"unknown five Cs field(s): {', '.join(sorted(unknown))}")
    with transaction(conn):
        get_paper(conn, paper_id)
        current = get_five_cs(conn, paper_id)
        for key, value in answers.items():
            setattr(current, key, value)
        conn.execute(
            "INSERT OR REPLACE INTO five_cs (paper_id, category, context, correctness, contributions, clarity, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (paper_id, *(getattr(current, c) for c in FIVE_CS), now()),
        )
    return get_five_cs(conn, paper_id)


def get_review(conn: sqlite3.Connection, paper_id: int) -> Review:
    row = conn.execute("SELECT * FROM reviews WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is None:
        return Review(paper_id=paper_id)
    return Review(paper_id=paper_id, pass1_decision=row["pass1_decision"],
                  reproducibility=row["reproducibility"], code_url=row["code_url"],
                  others_vs_mine=row["others_vs_mine"])


def set_review(conn: sqlite3.Connection, paper_id: int, **fields_: str | None) -> Review:
    allowed = {"pass1_decision", "reproducibility", "code_url", "others_vs_mine"}
    if set(fields_) - allowed:
        raise InvalidInput(f"unknown review field(s): {', '.join(sorted(set(fields_) - allowed))}")
    if fields_.get("pass1_decision") not in (None, "drop", "continue"):
        raise InvalidInput("the pass 1 decision is 'drop' or 'continue'")
    with transaction(conn):
        get_paper(conn, paper_id)
        review = get_review(conn, paper_id)
        for key, value in fields_.items():
            setattr(review, key, value)
        conn.execute("INSERT OR REPLACE INTO reviews (paper_id, pass1_decision, reproducibility, code_url, "
                     "others_vs_mine) VALUES (?, ?, ?, ?, ?)", (paper_id, review.pass1_decision,
                                                               review.reproducibility, review.code_url,
                                                               review.others_vs_mine))
    return get_review(conn, paper_id)


def pass1_decisions(conn: sqlite3.Connection) -> dict[int, str]:
    """The pass 1 decision ('drop' or 'continue') of every paper that has one."""
    return {r[0]: r[1] for r in conn.execute("SELECT paper_id, pass1_decision FROM reviews "
                                             "WHERE pass1_decision IS NOT NULL")}


def finished_passes(conn: sqlite3.Connection) -> dict[int, int]:
    """The furthest finished pass of every paper that finished one."""
    return {r[0]: r[1] for r in conn.execute("SELECT paper_id, max(pass) FROM pass_state "
                                             "WHERE finished IS NOT NULL GROUP BY paper_id")}


def all_pass_states(conn: sqlite3.Connection) -> list[PassState]:
    """Every pass begun or timed, of every paper (the dashboard's time per pass)."""
    return [_state_from_row(r) for r in conn.execute("SELECT * FROM pass_state ORDER BY paper_id, pass")]


def done_details(conn: sqlite3.Connection) -> dict[int, tuple[int, str]]:
    """paper id -> (the pass after which it was done, when), for every paper read to the end."""
    return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT paper_id, after_pass, done_at FROM paper_done")}
