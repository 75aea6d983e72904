"""Messages the TUI's workers post back to the screens (results of slow work, never widget internals)."""

from __future__ import annotations

from textual.message import Message

from paperpass.models import Paper, RankedPaper, SearchHit


class RankingReady(Message):
    """The triage ranking finished."""

    def __init__(self, ranked: list[RankedPaper], days: int | None = 7, taught: int = 0) -> None:
        super().__init__()
        self.ranked = ranked
        self.days = days  # the window ranked (the user may have changed it since)
        self.taught = taught  # the keeps and skips the screen had counted when the ranking read the decisions


class RankingProgress(Message):
    """A provisional ranking while the week is being embedded: `done` of `total` papers' texts embedded."""

    def __init__(self, ranked: list[RankedPaper], days: int | None, done: int, total: int,
                 seconds_left: float) -> None:
        super().__init__()
        self.ranked = ranked
        self.days = days
        self.done = done
        self.total = total
        self.seconds_left = seconds_left


class WorkFailed(Message):
    """Slow work failed with a one-line reason the user can read."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__()
        self.what = what
        self.reason = reason


class SearchResults(Message):
    def __init__(self, query: str, hits: list[SearchHit]) -> None:
        super().__init__()
        self.query = query
        self.hits = hits


class PdfProgress(Message):
    def __init__(self, paper_id: int, done: int, total: int | None) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.done = done
        self.total = total


class PdfReady(Message):
    """A classic's PDF fetch ended; `error` is the one-line reason when it failed (the reader opens anyway)."""

    def __init__(self, paper: Paper, error: str | None = None) -> None:
        super().__init__()
        self.paper = paper
        self.error = error


class WorkProgress(Message):
    """A step of slow work: `what` is being done, `done` of `total` (None when unknown)."""

    def __init__(self, what: str, done: int, total: int | None) -> None:
        super().__init__()
        self.what = what
        self.done = done
        self.total = total
