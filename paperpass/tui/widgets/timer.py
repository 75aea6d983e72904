"""The time spent in a pass against Keshav's budget, ticking every second."""

from __future__ import annotations

import time

from textual.message import Message
from textual.widgets import Static

from paperpass.reading import budget_for, timer_text

FLUSH_EVERY = 15.0  # seconds of reading between two writes to the store


class PassTimer(Static):
    """Shows 'Pass 1  4:05 of 10:00'; posts `PassTimer.Elapsed` every FLUSH_EVERY seconds of reading."""

    class Elapsed(Message):
        """Reading time not yet stored."""

        def __init__(self, pass_no: int, seconds: float) -> None:
            super().__init__()
            self.pass_no = pass_no
            self.seconds = seconds

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.pass_no = 1
        self._stored = 0.0  # seconds already in the store
        self._since: float | None = None  # monotonic start of the unsaved stretch; None when paused
        self._unsaved = 0.0  # closed stretches not yet stored

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def start(self, pass_no: int, stored_seconds: float) -> None:
        """Time `pass_no` from its stored total (call `take_unsaved` first for the previous pass)."""
        self.pass_no, self._stored, self._unsaved = pass_no, stored_seconds, 0.0
        self._since = time.monotonic()
        self._tick()

    def pause(self) -> None:
        if self._since is not None:
            self._unsaved += time.monotonic() - self._since
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = time.monotonic()

    @property
    def unsaved(self) -> float:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self._unsaved + running

    @property
    def seconds(self) -> float:
        return self._stored + self.unsaved

    def take_unsaved(self) -> float:
        """Seconds to add to the store now; the timer counts them as stored from here on."""
        seconds = self.unsaved
        self._stored += seconds
        self._unsaved = 0.0
        if self._since is not None:
            self._since = time.monotonic()
        return seconds

    def _tick(self) -> None:
        self.update(timer_text(self.pass_no, self.seconds))
        self.set_class(budget_for(self.pass_no, self.seconds).over, "over-budget")
        if self.unsaved >= FLUSH_EVERY:
            self.post_message(self.Elapsed(self.pass_no, self.take_unsaved()))
