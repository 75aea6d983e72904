"""The dashboard's numbers and the weekly review, on a library with a known history and a fixed "now"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from paperpass.errors import InvalidInput
from paperpass.library import Library
from tests.library.reading_week import LONG_NOTE, NOW, build


@pytest.fixture
def library(isolated_home):
    ids = build(isolated_home)
    with Library.open(isolated_home) as lib:
        lib.ids = ids  # type: ignore[attr-defined]
        yield lib


def test_papers_per_state_and_decision(library):
    stats = library.stats(now=NOW)
    # A, B, C, D, E and the one classic begun; the untouched classics do not count.
    assert stats.papers == 6 and not stats.empty
    assert stats.states == {"unread": 3, "pass1": 1, "pass2": 1, "pass3": 0, "done": 1, "dropped": 0}
    assert stats.decisions == {"kept": 2, "skipped": 1, "deferred": 1, "undecided": 2}
    assert stats.notes == 2


def test_papers_per_week(library):
    weeks = {w.week: w for w in library.stats(now=NOW, weeks=6).weeks}
    assert list(weeks) == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"]
    w49, w48, w45 = weeks["2026-W49"], weeks["2026-W48"], weeks["2026-W45"]
    assert (w49.start, w49.added, w49.kept, w49.passes, w49.done, w49.notes) == \
        ("2026-11-30", 3, 1, {"1": 2, "2": 1, "3": 0}, 1, 1)
    assert (w48.added, w48.kept, w48.passes["1"], w48.notes) == (1, 1, 1, 1)
    assert (w45.added, w45.kept) == (1, 0)


def test_time_per_pass_against_the_budgets(library):
    one, two, three = library.stats(now=NOW).passes
    assert one.budget_minutes == (5, 10) and two.budget_minutes == (60, 60) and three.budget_minutes == (240, 300)
    assert (one.papers, one.finished, one.total_seconds, one.mean_seconds, one.median_seconds) == \
        (3, 3, 1620, 540, 420)
    assert (one.within, one.over) == (2, 1)  # B's 15 minutes are over the 10 of pass 1
    assert (two.papers, two.over, two.mean_seconds) == (1, 1, 4020)
    assert (three.papers, three.mean_seconds, three.over) == (0, None, 0)


def test_lists_and_the_queue_age(library):
    stats = library.stats(now=NOW)
    vision = next(lst for lst in stats.lists if lst.name == "Computer vision")
    assert (vision.done, vision.begun, vision.total) == (1, 1, 5)
    queue = stats.queue
    assert queue.size == 2  # A and B: kept, not finished
    assert queue.buckets == {"under a week": 1, "1-4 weeks": 1, "1-3 months": 0, "over 3 months": 0}
    assert queue.oldest[0]["title"] == "Paper B" and queue.oldest[0]["days"] == pytest.approx(9.1, abs=0.1)
    assert queue.oldest_days == pytest.approx(9.1, abs=0.1) and queue.median_days == pytest.approx(6.1, abs=0.1)


def test_an_empty_library_says_so(isolated_home):
    with Library.open(isolated_home) as library:
        library.prepare()  # the seeded classics alone are not reading
        stats = library.stats(now=NOW)
        assert stats.empty and stats.papers == 0 and stats.queue.size == 0
        assert all(w.added == 0 for w in stats.weeks)
        assert "Your library is empty" in library.stats_report(stats)


def test_the_weekly_review(library):
    ids = library.ids
    review = library.week_review(now=NOW)  # the current week: 2026-W49
    assert (review.label, review.start, review.end, review.added) == ("2026-W49", "2026-11-30", "2026-12-06", 3)
    assert [i.title for i in review.kept] == ["Paper A"]
    assert [i.id for i in review.passes["1"]] == [ids["A"], ids["resnet"]]
    assert [i.title for i in review.passes["2"]] == ["Paper A"] and review.passes["3"] == []
    assert [(i.id, i.detail) for i in review.finished] == [(ids["resnet"], "after pass 1")]
    assert [(n.title, n.new) for n in review.notes] == [("Paper B", False), ("Paper A", True)]
    assert [i.title for i in review.queued] == ["Paper A"]  # B joined the queue the week before

    last = library.week_review(weeks_ago=1, now=NOW)
    assert last.label == "2026-W48" and [i.title for i in last.kept] == ["Paper B"]
    assert library.week_review(week="2026-W48", now=NOW) == last
    since = library.week_review(since="2026-11-01", now=NOW)
    assert (since.label, since.added, len(since.kept)) == ("since 2026-11-01", 5, 2)


def test_the_review_as_markdown(library, tmp_path):
    review = library.week_review(now=NOW)
    text = library.review_markdown(review, wikilinks=True)
    front, body = text.split("\n---\n", 1)
    assert front.startswith("---\n") and 'period: "2026-W49"' in front and "papers_kept: 1" in front
    assert "  pass1: 2\n  pass2: 1\n  pass3: 0" in front and "notes_written: 2" in front
    assert "## Kept\n\n- [[Paper A]] (kept, 2026-12-01)" in body
    assert "### [[Paper A]], pass 1 (new, 2026-12-02)" in body
    excerpt = body.split("### [[Paper A]], pass 1 (new, 2026-12-02)\n\n> ", 1)[1].split("\n")[0]
    assert excerpt.endswith(" …") and len(excerpt) <= 242 and LONG_NOTE.startswith(excerpt[:-2])
    assert "[[" not in library.review_markdown(review)

    first = library.write_week_review(review, tmp_path)
    assert first == tmp_path / "paperpass-2026-W49.md" and first.read_text(encoding="utf-8") == \
        library.review_markdown(review)
    assert library.write_week_review(review, tmp_path) == first  # the same text: left as it is
    first.write_text("my own edits in the vault\n", encoding="utf-8")
    second = library.write_week_review(review, tmp_path)
    assert second.name == "paperpass-2026-W49-2.md"
    assert first.read_text(encoding="utf-8") == "my own edits in the vault\n"  # never overwritten


def test_reviews_go_to_the_folder_and_style_in_the_settings(library, tmp_path):
    review = library.week_review(now=NOW)
    default = library.write_week_review(review)
    assert default.parent == library.home / "reviews" and "[[" not in default.read_text(encoding="utf-8")
    settings = library.settings()
    settings.review_dir, settings.review_wikilinks = str(tmp_path / "vault" / "reading"), True
    library.save_settings(settings)
    written = library.write_week_review(review)
    assert written.parent == tmp_path / "vault" / "reading"
    assert "- [[Paper A]]" in written.read_text(encoding="utf-8")
    assert "[[" not in library.write_week_review(review, tmp_path / "plain.md", wikilinks=False).read_text(
        encoding="utf-8")


@pytest.mark.parametrize(("week", "since", "message"), [
    ("2026-W60", None, "--week takes an ISO week such as 2026-W49, not '2026-W60'"),
    ("last week", None, "--week takes an ISO week"),
    (None, "yesterday", "--since takes a date such as"),
    (None, "2027-01-01", "is in the future"),
    ("2026-W49", "2026-11-01", "give --week or --since, not both"),
])
def test_bad_periods_are_one_line(library, week, since, message):
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[")) as caught:
        library.week_review(week=week, since=since, now=datetime(2026, 12, 4, tzinfo=UTC))
    assert "\n" not in str(caught.value)
