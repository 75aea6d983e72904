"""How counts read for users, in the CLI and the TUI alike: "1 hit", "2 hits", "1 upvote"; a long title cut."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """`noun` when n is 1, else its plural (`many`, or the noun with an s)."""
    return noun if n == 1 else (many or noun + "s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """'1 paper', '0 papers', '12 papers' (`many` for irregular plurals: count(2, 'match', 'matches'))."""
    return f"{n:,} {plural(n, noun, many)}"


def shorten(text: str, width: int) -> str:
    """The text on at most `width` characters: cut ones end in an ellipsis, so the reader knows there is more."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def describe_window(days: int | None, end: str | None, older: int) -> str:
    """The triage window as the CLI and the TUI say it: 'last 7 days to 2026-06-12, 12 older hidden'."""
    if end is None:
        return "no papers yet"
    span = "every date" if days is None else f"last {count(days, 'day')}"
    text = f"{span} to {end}"
    if older:
        text += f", {older:,} older hidden"
    return text
