"""A library with a known reading history, for the dashboard's and the weekly review's tests.

"Now" is Friday 2026-12-04 12:00 UTC, in ISO week 2026-W49 (Monday 2026-11-30). What happened, and when:

    A  added 12-01, kept 12-01 10:00, pass 1 7 min finished 12-02, pass 2 67 min finished 12-03,
       a long pass 1 note written 12-02
    B  added 12-01, kept 11-25, pass 1 15 min (over budget) finished 11-26, a note written 11-26 and edited 12-01
    C  added 11-24, skipped 11-24
    D  added 11-02, deferred 11-03
    E  added 12-02, undecided
    the classic ResNet: pass 1 5 min, finished and done after pass 1 on 12-03
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from paperpass.library import Library
from paperpass.models import Paper
from paperpass.store.papers import upsert_paper

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
LONG_NOTE = ("The bird's-eye view: a new optimiser claimed to beat Adam on every benchmark. " * 6).strip()


def _at(day: str, time: str = "10:00:00") -> str:
    return f"2026-{day}T{time}.000000+00:00"


def build(home: Path) -> dict[str, int]:
    """Fill the library in `home`; the paper ids by letter (and 'resnet')."""
    with Library.open(home) as library:
        library.prepare()
        conn = library.conn
        ids: dict[str, int] = {}
        for letter, added in (("A", "12-01"), ("B", "12-01"), ("C", "11-24"), ("D", "11-02"), ("E", "12-02")):
            paper = Paper(title=f"Paper {letter}", arxiv_id=f"2611.0000{ord(letter) - 64}", source="feed",
                          source_url=f"https://arxiv.org/abs/2611.0000{ord(letter) - 64}", added=_at(added))
            ids[letter] = upsert_paper(conn, paper).paper.stored_id
        ids["resnet"] = library.resolve("1512.03385").stored_id
        a, b, resnet = ids["A"], ids["B"], ids["resnet"]
        for letter, decision, when in (("A", "keep", "12-01"), ("B", "keep", "11-25"), ("C", "skip", "11-24"),
                                       ("D", "later", "11-03")):
            library.decide(ids[letter], decision)
            conn.execute("UPDATE triage SET decided_at = ? WHERE paper_id = ?", (_at(when), ids[letter]))
        for pid, pass_no, seconds, finished in ((a, 1, 420, "12-02"), (a, 2, 4020, "12-03"), (b, 1, 900, "11-26"),
                                                (resnet, 1, 300, "12-03")):
            library.add_pass_time(pid, pass_no, seconds, at=datetime.fromisoformat(_at(finished, "08:00:00")))
            library.finish_pass(pid, pass_no, done=pid == resnet)
            conn.execute("UPDATE pass_state SET started = ?, finished = ? WHERE paper_id = ? AND pass = ?",
                         (_at(finished, "08:00:00"), _at(finished), pid, pass_no))
        conn.execute("UPDATE paper_done SET done_at = ? WHERE paper_id = ?", (_at("12-03"), resnet))
        note_a = library.add_note(a, 1, LONG_NOTE)
        note_b = library.add_note(b, 1, "B: the method is a rehash of 2019 work.")
        for note_id, created, updated in ((note_a.id, "12-02", "12-02"), (note_b.id, "11-26", "12-01")):
            conn.execute("UPDATE notes SET created = ?, updated = ? WHERE id = ?",
                         (_at(created), _at(updated), note_id))
        conn.commit()
        return ids
