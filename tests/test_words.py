"""Counts as users read them, one helper for the CLI and the TUI."""

from paperpass.words import count, describe_window, plural, shorten


def test_count_is_singular_for_one_only():
    assert [count(n, "hit") for n in (0, 1, 2)] == ["0 hits", "1 hit", "2 hits"]
    assert count(1, "upvote") == "1 upvote" and count(118, "upvote") == "118 upvotes"
    assert count(2, "match", "matches") == "2 matches" and plural(1, "match", "matches") == "match"
    assert count(12_345, "paper") == "12,345 papers"


def test_the_window_reads_the_same_everywhere():
    assert describe_window(7, "2026-06-12", 12) == "last 7 days to 2026-06-12, 12 older hidden"
    assert describe_window(1, "2026-06-12", 0) == "last 1 day to 2026-06-12"
    assert describe_window(None, "2026-06-12", 0) == "every date to 2026-06-12"
    assert describe_window(7, None, 0) == "no papers yet"


def test_shorten_keeps_a_short_text_and_marks_a_cut_one():
    assert shorten("ResNet", 10) == "ResNet"
    assert shorten("Deep residual learning", 10) == "Deep resi…"
    assert shorten("Deep residual learning", 6) == "Deep…"  # no space before the ellipsis
    assert len(shorten("x" * 200, 100)) == 100
