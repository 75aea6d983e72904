"""The reading dashboard's numbers, one function for the TUI's dashboard and `paperpass stats`.

`reading_stats(conn, now=...)` counts papers per ISO week and per state, time per pass against
Keshav's budgets (pass 1: 5-10 min, pass 2: an hour, pass 3: 4-5 h), classics and lists progress
and the reading queue's age. "Your papers" are every paper but the seeded classics not yet touched
(a classic counts once it is begun, decided or noted). Weeks are ISO weeks in UTC; `now` is injected
so a test (or a report for another day) fixes it.
"""

from __future__ import annotations

import sqlite3
import statistics
from datetime import UTC, date, datetime, timedelta

from paperpass.library.views import paper_state, reading_queue
from paperpass.models import (
    PASS_BUDGET_RANGE_MINUTES,
    PASSES,
    ListStats,
    PassTime,
    QueueAge,
    ReadingStats,
    WeekCount,
)
from paperpass.reading import format_duration, minutes_read
from paperpass.store.lists import list_entries, list_progress
from paperpass.store.papers import decision_dates, list_papers
from paperpass.store.reading import (
    all_notes,
    all_pass_states,
    done_papers,
    pass1_decisions,
    reading_days,
    reading_statuses,
)
from paperpass.words import count

STATES: tuple[str, ...] = ("unread", "pass1", "pass2", "pass3", "done", "dropped")
DECISION_NAMES = {"keep": "kept", "skip": "skipped", "later": "deferred"}
QUEUE_BUCKETS: tuple[tuple[str, float], ...] = (("under a week", 7), ("1-4 weeks", 28), ("1-3 months", 91),
                                                ("over 3 months", float("inf")))
DEFAULT_WEEKS = 8


def when(stamp: str | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (a date alone is its midnight); None when unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def week_label(day: date) -> str:
    """The ISO week of a day: '2026-W49'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def as_utc(now: datetime | None) -> datetime:
    """`now` in UTC (a naive time is taken as UTC); the current time when None."""
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def reading_stats(conn: sqlite3.Connection, *, now: datetime | None = None,
                  weeks: int = DEFAULT_WEEKS) -> ReadingStats:
    """Everything the dashboard shows, computed from the store as of `now` (default: the current time)."""
    moment = as_utc(now)
    papers = list_papers(conn)
    decided = decision_dates(conn)
    states = all_pass_states(conn)
    notes = all_notes(conn)
    done = done_papers(conn)
    touched = set(decided) | {s.paper_id for s in states} | {n.paper_id for n in notes} | set(done)
    yours = [p for p in papers if p.source != "seed" or p.stored_id in touched]

    statuses, drops = reading_statuses(conn), pass1_decisions(conn)
    by_state = dict.fromkeys(STATES, 0)
    for paper in yours:
        pid = paper.stored_id
        by_state[paper_state(statuses.get(pid, "unread"), drops.get(pid), pid in done)] += 1
    by_decision = dict.fromkeys((*DECISION_NAMES.values(), "undecided"), 0)
    for paper in yours:
        pair = decided.get(paper.stored_id)
        by_decision[DECISION_NAMES[pair[0]] if pair else "undecided"] += 1

    first = week_start(moment.date()) - timedelta(weeks=weeks - 1)
    per_week = {week_label(first + timedelta(weeks=i)): WeekCount(week=week_label(first + timedelta(weeks=i)),
                                                                  start=(first + timedelta(weeks=i)).isoformat())
                for i in range(weeks)}

    def bucket(stamp: str | None) -> WeekCount | None:
        moment_ = when(stamp)
        return per_week.get(week_label(moment_.date())) if moment_ and moment_ <= moment else None

    for paper in papers:
        if paper.source != "seed" and (w := bucket(paper.added)):
            w.added += 1
    for decision, stamp in decided.values():
        if decision == "keep" and (w := bucket(stamp)):
            w.kept += 1
    for state in states:
        if state.finished and (w := bucket(state.finished)):
            w.passes[str(state.pass_no)] += 1
    for stamp in done.values():
        if w := bucket(stamp):
            w.done += 1
    for note in notes:
        if w := bucket(note.created):
            w.notes += 1
    for _, _, day, seconds in reading_days(conn):
        if w := bucket(day):
            w.minutes += seconds / 60
    for w in per_week.values():
        w.minutes = round(w.minutes, 1)

    return ReadingStats(
        generated=moment.isoformat(timespec="seconds"), papers=len(yours), states=by_state,
        decisions=by_decision, notes=len(notes), weeks=list(per_week.values()),
        passes=[_pass_time(p, [s for s in states if s.pass_no == p]) for p in PASSES],
        lists=[ListStats(name=name, done=p.done, begun=p.begun, total=p.total)
               for name, p in list_progress(list_entries(conn)).items()],
        queue=_queue_age(conn, moment), empty=not yours and not notes)


def _pass_time(pass_no: int, states: list) -> PassTime:
    least, most = PASS_BUDGET_RANGE_MINUTES[pass_no]
    timed = [s.seconds for s in states if s.seconds > 0]
    out = PassTime(pass_no=pass_no, budget_minutes=(least, most), papers=len(timed),
                   finished=sum(1 for s in states if s.finished), total_seconds=round(sum(timed), 1))
    if timed:
        out.mean_seconds = round(statistics.fmean(timed), 1)
        out.median_seconds = round(statistics.median(timed), 1)
        out.over = sum(1 for t in timed if t > most * 60)
        out.within = len(timed) - out.over
    return out


def _queue_age(conn: sqlite3.Connection, moment: datetime) -> QueueAge:
    entries = reading_queue(conn)
    aged = []
    for entry in entries:
        since = when(entry.since)
        aged.append((max(0.0, (moment - since).total_seconds() / 86400) if since else None, entry))
    days = sorted(d for d, _ in aged if d is not None)
    buckets = dict.fromkeys((name for name, _ in QUEUE_BUCKETS), 0)
    for d in days:
        buckets[next(name for name, limit in QUEUE_BUCKETS if d < limit)] += 1
    oldest = sorted((pair for pair in aged if pair[0] is not None), key=lambda pair: -(pair[0] or 0))[:3]
    return QueueAge(size=len(entries), oldest_days=round(days[-1], 1) if days else None,
                    median_days=round(statistics.median(days), 1) if days else None, buckets=buckets,
                    oldest=[{"id": e.id, "title": e.title or e.reference, "reason": e.reason,
                             "since": e.since, "days": round(d or 0, 1)} for d, e in oldest])


# -- the same numbers as text (the CLI; the TUI draws its own) ------------------------------------------

def bar(value: float, most: float, width: int = 20) -> str:
    """A horizontal bar of `value` out of `most`, in block characters (empty when `most` is 0)."""
    if most <= 0 or value <= 0:
        return ""
    cells = value / most * width
    whole = int(cells)
    return "█" * whole + ("▌" if cells - whole >= 0.5 else "")


def minutes(seconds: float | None) -> str:
    return "-" if seconds is None else format_duration(seconds)


def budget_text(p: PassTime) -> str:
    least, most = p.budget_minutes
    span = f"{least}-{most} min" if most < 60 else (f"{least // 60} h" if least == most
                                                     else f"{least // 60}-{most // 60} h")
    return f"budget {span}"


def pass_line(p: PassTime) -> str:
    if not p.papers:
        return f"Pass {p.pass_no}: no time recorded yet ({budget_text(p)})"
    return (f"Pass {p.pass_no}: {count(p.papers, 'paper')}, mean {minutes(p.mean_seconds)}, "
            f"median {minutes(p.median_seconds)} ({budget_text(p)}); {p.within} within, {p.over} over; "
            f"{p.finished} finished")


def _week_columns(week: str, added: object, kept: object, passes: str, done: object, notes: object,
                  read: str) -> str:
    return f"{week:<8}  {added:>5}  {kept:>4}  {passes:<10}  {done:>4}  {notes:>5}  {read:>8}"


# The per-week table (`paperpass stats` and the dashboard): labels once in a header, so a row is 56 columns and
# the dashboard's row with its bar still fits 80.
WEEK_HEADER = _week_columns("week", "added", "kept", "pass 1/2/3", "done", "notes", "read")


def week_line(w: WeekCount) -> str:
    """One week's row under WEEK_HEADER."""
    passes = "/".join(str(w.passes[str(p)]) for p in PASSES)
    return _week_columns(w.week, w.added, w.kept, passes, w.done, w.notes, minutes_read(w.minutes))


def queue_line(q: QueueAge) -> str:
    if not q.size:
        return "The reading queue is empty."
    oldest = q.oldest[0] if q.oldest else None
    text = (f"{count(q.size, 'paper')} in the reading queue; median wait {q.median_days:.0f} days"
            if q.median_days is not None else f"{count(q.size, 'paper')} in the reading queue")
    if oldest:
        text += f"; oldest {oldest['days']:.0f} days: {oldest['title']}"
    return text


def stats_report(stats: ReadingStats) -> str:
    """The dashboard as plain text: what `paperpass stats` prints."""
    if stats.empty:
        return ("Your library is empty: nothing ingested, nothing read yet. "
                "Start with `paperpass ingest` or `paperpass add ARXIV_ID`.\n")
    lines = [f"Reading dashboard, {stats.generated[:10]}: {count(stats.papers, 'paper')}, "
             f"{count(stats.notes, 'note')}", "", "Per state:"]
    most = max(stats.states.values())
    lines += [f"  {state:<8} {n:>4}  {bar(n, most)}" for state, n in stats.states.items()]
    lines += ["  triage: " + ", ".join(f"{n} {name}" for name, n in stats.decisions.items()), "",
              "Per week (UTC, ISO weeks):"]
    lines += [f"  {WEEK_HEADER}"] + [f"  {week_line(w)}" for w in stats.weeks]
    lines += ["", "Time per pass against Keshav's budget:"] + [f"  {pass_line(p)}" for p in stats.passes]
    lines += ["", "Classics and lists:"]
    lines += [f"  {lst.name}: {lst.done}/{lst.total} read, {lst.begun} begun" for lst in stats.lists] or ["  (none)"]
    lines += ["", queue_line(stats.queue)]
    return "\n".join(lines) + "\n"
