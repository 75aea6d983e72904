"""The three passes: each pass's checklist, the five Cs questions, time budgets and the timer text.

From S. Keshav, "How to Read a Paper" (2007). The TUI's reader shows these
steps as a checklist per pass; the store keeps which are done (pass_state.checklist).
"""

from __future__ import annotations

from dataclasses import dataclass

from paperpass.models import FIVE_CS, PASS_BUDGET_MINUTES

PASS_STEPS: dict[int, list[tuple[str, str]]] = {
    1: [
        ("title_abstract_intro", "Read the title, abstract and introduction"),
        ("headings", "Read the section and sub-section headings, not their bodies"),
        ("conclusion", "Read the conclusion"),
        ("references", "Glance over the references; tick off the ones already read"),
        ("five_cs", "Answer the five Cs"),
        ("decide", "Decide: drop it, or go on to pass 2"),
    ],
    2: [
        ("figures", "Look carefully at the figures, diagrams and tables"),
        ("captions", "Check axes, error bars and captions: do the results say what is claimed?"),
        ("algorithm", "Grasp the high-level algorithm"),
        ("unread_refs", "Mark the unread references worth reading"),
        ("reproducible", "Judge whether the experiments look reproducible"),
        ("code", "Find and link the code repository, if there is one"),
    ],
    3: [
        ("recreate", "Re-create the work: follow the math with pen and paper"),
        ("assumptions", "Identify and challenge every assumption"),
        ("terms", "Look up the terms you do not know"),
        ("plan", "Write a re-implementation plan"),
        ("ideas", "Note strong and weak points, missing citations, ideas for future work"),
    ],
}

FIVE_CS_QUESTIONS: dict[str, str] = {
    "category": "Category: what type of paper is this? (measurement, analysis, prototype, new method...)",
    "context": "Context: which other papers is it related to? Which theory does it build on?",
    "correctness": "Correctness: do the assumptions appear to be valid?",
    "contributions": "Contributions: what are the paper's main contributions?",
    "clarity": "Clarity: is the paper well written?",
}
assert tuple(FIVE_CS_QUESTIONS) == FIVE_CS

# Opening the reader on a paper without its PDF begins the pass only after this much reading
# (so a failed download, or a glance, does not count a classic as begun).
MIN_BEGUN_SECONDS = 15

PASS_NAMES = {1: "Pass 1: the bird's-eye view", 2: "Pass 2: the content", 3: "Pass 3: re-creating the work"}
BUDGET_TEXT = {1: "5-10 minutes", 2: "up to an hour", 3: "several hours"}


@dataclass
class Budget:
    seconds: float
    budget_seconds: int

    @property
    def fraction(self) -> float:
        return self.seconds / self.budget_seconds

    @property
    def over(self) -> bool:
        return self.seconds > self.budget_seconds


def budget_for(pass_no: int, seconds: float) -> Budget:
    return Budget(seconds=seconds, budget_seconds=PASS_BUDGET_MINUTES[pass_no] * 60)


def format_duration(seconds: float) -> str:
    """'4:05' under an hour, '1h 02m' above."""
    seconds = int(seconds)
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"


def minutes_read(minutes: float) -> str:
    """A week's reading time, padded for a column: '  79 min'; '12.5 h' from ten hours on."""
    return f"{minutes:>4.0f} min" if minutes < 600 else f"{minutes / 60:>4.1f} h"


def timer_text(pass_no: int, seconds: float) -> str:
    """'Pass 1  4:05 of 10:00' with an 'over budget' warning when it runs long."""
    budget = budget_for(pass_no, seconds)
    text = f"Pass {pass_no}  {format_duration(seconds)} of {format_duration(budget.budget_seconds)}"
    return text + "  (over budget)" if budget.over else text
