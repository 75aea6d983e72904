"""The weekly review: what a week of reading brought, as data and as Markdown for a journal or an Obsidian vault.

A week is an ISO week in UTC ('2026-W49', Monday to Sunday), or every day since a date. The review
lists the papers kept in triage, the passes finished (per pass), the papers read to the end, the
notes written or edited (with an excerpt) and what joined the reading queue. The Markdown starts with
YAML front matter (the counts, tags) and can write paper titles as [[wikilinks]].
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from paperpass.errors import InvalidInput
from paperpass.library.stats import as_utc, week_label, week_start, when
from paperpass.library.views import reading_queue
from paperpass.models import PASSES, ReviewItem, ReviewNote, WeeklyReview
from paperpass.store.papers import decision_dates, list_papers
from paperpass.store.reading import all_notes, all_pass_states, done_details
from paperpass.words import count

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
EXCERPT_CHARS = 240
REVIEW_DIR = "reviews"  # in the data directory, where the TUI writes reviews


def parse_week(text: str) -> date:
    """The Monday of an ISO week written '2026-W49'; InvalidInput (one line) for anything else."""
    m = _WEEK.match(text.strip())
    try:
        if m is None:
            raise ValueError
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise InvalidInput(f"--week takes an ISO week such as 2026-W49, not {text!r}") from None


def parse_since(text: str, today: date) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"--since takes a date such as 2026-11-30, not {text!r}") from None
    if day > today:
        raise InvalidInput(f"--since {day} is in the future")
    return day


def review_span(*, week: str | None = None, since: str | None = None, weeks_ago: int = 0,
                now: datetime | None = None) -> tuple[str, date, date]:
    """(label, first day, last day) of the review asked for; without `week` or `since`, the week
    `weeks_ago` weeks before the current one."""
    today = as_utc(now).date()
    if week and since:
        raise InvalidInput("give --week or --since, not both")
    if since:
        start = parse_since(since, today)
        return f"since {start.isoformat()}", start, today
    start = parse_week(week) if week else week_start(today) - timedelta(weeks=weeks_ago)
    return week_label(start), start, start + timedelta(days=6)


def week_review(conn: sqlite3.Connection, *, week: str | None = None, since: str | None = None,
                weeks_ago: int = 0, now: datetime | None = None) -> WeeklyReview:
    """The review of an ISO week, or of every day since a date (see `review_span`)."""
    label, start, end = review_span(week=week, since=since, weeks_ago=weeks_ago, now=now)
    low = datetime(start.year, start.month, start.day, tzinfo=UTC)
    high = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1)

    def inside(stamp: str | None) -> bool:
        moment = when(stamp)
        return moment is not None and low <= moment < high

    papers = {p.stored_id: p for p in list_papers(conn)}

    def title(paper_id: int) -> str:
        paper = papers.get(paper_id)
        return paper.title if paper else f"paper {paper_id}"

    review = WeeklyReview(label=label, start=start.isoformat(), end=end.isoformat())
    review.added = sum(1 for p in papers.values() if p.source != "seed" and inside(p.added))
    for pid, (decision, stamp) in decision_dates(conn).items():
        if decision == "keep" and inside(stamp):
            review.kept.append(ReviewItem(id=pid, title=title(pid), when=stamp, detail="kept"))
    for state in all_pass_states(conn):
        if state.finished and inside(state.finished):
            review.passes[str(state.pass_no)].append(ReviewItem(
                id=state.paper_id, title=title(state.paper_id), when=state.finished,
                detail=f"{round(state.seconds / 60)} min"))
    for pid, (after, stamp) in done_details(conn).items():
        if inside(stamp):
            review.finished.append(ReviewItem(id=pid, title=title(pid), when=stamp, detail=f"after pass {after}"))
    for note in all_notes(conn):
        if inside(note.created) or inside(note.updated):
            review.notes.append(ReviewNote(
                paper_id=note.paper_id, title=title(note.paper_id), pass_no=note.pass_no,
                created=note.created or "", updated=note.updated or "", excerpt=excerpt(note.text),
                new=inside(note.created)))
    for entry in reading_queue(conn):
        if inside(entry.since):
            review.queued.append(ReviewItem(id=entry.id, title=entry.title or entry.reference or "?",
                                            when=entry.since or "", detail=entry.reason))
    for items in (review.kept, review.finished, review.queued, *review.passes.values()):
        items.sort(key=lambda item: item.when)
    review.notes.sort(key=lambda n: n.updated)
    return review


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a note on one line, cut at a word with an ellipsis when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + " …"


# -- Markdown -----------------------------------------------------------------------------------

def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _link(item_title: str, wikilinks: bool) -> str:
    # Obsidian forbids [ ] | # ^ in a link target; they become spaces in the link, the title stays shown.
    if not wikilinks:
        return item_title
    target = " ".join(re.sub(r"[\[\]|#^:\\/]", " ", item_title).split())
    return f"[[{target}]]" if target == item_title else f"[[{target}|{item_title}]]"


def review_markdown(review: WeeklyReview, *, wikilinks: bool = False) -> str:
    """The review as Markdown with YAML front matter (for a journal or an Obsidian vault)."""
    passes = {p: len(review.passes[str(p)]) for p in PASSES}
    front = [
        "---",
        f"title: {_yaml_string('Reading week ' + review.label)}",
        "type: paperpass-weekly-review",
        f"period: {_yaml_string(review.label)}",
        f"start: {review.start}",
        f"end: {review.end}",
        f"papers_added: {review.added}",
        f"papers_kept: {len(review.kept)}",
        "passes_finished:",
        *[f"  pass{p}: {n}" for p, n in passes.items()],
        f"papers_finished: {len(review.finished)}",
        f"notes_written: {len(review.notes)}",
        f"queue_added: {len(review.queued)}",
        "tags: [paperpass, reading-review]",
        "---",
        "",
    ]
    body = [f"# Reading week {review.label} ({review.start} to {review.end})", "",
            f"{count(review.added, 'paper')} came in, {len(review.kept)} kept, "
            f"passes finished: {passes[1]} first, {passes[2]} second, {passes[3]} third; "
            f"{len(review.finished)} read to the end, {count(len(review.notes), 'note')} written.", ""]

    def section(heading: str, items: list[ReviewItem], empty: str) -> None:
        body.append(f"## {heading}")
        body.append("")
        body.extend(f"- {_link(i.title, wikilinks)} ({i.detail}, {i.when[:10]})" for i in items)
        if not items:
            body.append(f"_{empty}_")
        body.append("")

    section("Kept", review.kept, "nothing kept")
    for p in PASSES:
        section(f"Pass {p} finished", review.passes[str(p)], f"no pass {p} finished")
    section("Finished", review.finished, "no paper read to the end")
    body += ["## Notes", ""]
    for n in review.notes:
        what = "new" if n.new else "edited"
        body += [f"### {_link(n.title, wikilinks)}, pass {n.pass_no} ({what}, {n.updated[:10]})", "",
                 f"> {n.excerpt}", ""]
    if not review.notes:
        body += ["_no notes written_", ""]
    section("Added to the reading queue", review.queued, "nothing queued")
    return "\n".join(front + body).rstrip() + "\n"


def review_filename(review: WeeklyReview) -> str:
    return "paperpass-" + review.label.replace("since ", "since-") + ".md"


def write_review(text: str, review: WeeklyReview, out: Path | str) -> Path:
    """Write the Markdown to `out` (a file, or a directory that gets `paperpass-<week>.md`); the path written.

    `out` is a directory when it is one already or when, given as a str, it ends in a path separator
    (`--out newdir/`: made now; a `Path` has lost that separator, so the CLI passes the str).

    A file already there with other text (perhaps edited in the vault) is never overwritten: the review
    goes to the next free name (`-2`, `-3`, ...). The same text again is left as it is.
    """
    folder = str(out).endswith(("/", os.sep))
    out = Path(out).expanduser()
    target = out / review_filename(review) if folder or out.is_dir() else out
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        candidate, n = target, 1
        while candidate.exists():
            if candidate.is_file() and candidate.read_text(encoding="utf-8", errors="replace") == text:
                return candidate
            n += 1
            candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        tmp = candidate.with_name(candidate.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(candidate)
    except OSError as exc:
        raise InvalidInput(f"cannot write the review to {target}: {exc.strerror or exc}") from exc
    return candidate
