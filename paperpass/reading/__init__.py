"""Keshav's three-pass method: what each pass asks of the reader, and its time budget.

From S. Keshav, "How to Read a Paper" (2007). The definitions are in
`paperpass.reading.passes`; this package only re-exports them.
"""

from __future__ import annotations

from paperpass.reading.passes import (
    BUDGET_TEXT,
    FIVE_CS_QUESTIONS,
    MIN_BEGUN_SECONDS,
    PASS_NAMES,
    PASS_STEPS,
    Budget,
    budget_for,
    format_duration,
    minutes_read,
    timer_text,
)

__all__ = [
    "BUDGET_TEXT",
    "FIVE_CS_QUESTIONS",
    "MIN_BEGUN_SECONDS",
    "PASS_NAMES",
    "PASS_STEPS",
    "Budget",
    "budget_for",
    "format_duration",
    "minutes_read",
    "timer_text",
]
