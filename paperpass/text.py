"""Text helpers every layer may use: control characters out of stored text, a name's generation suffix,
LaTeX as plain text."""

from __future__ import annotations

import functools
import re

# C0 controls except tab and newline, DEL, and the C1 controls: an ESC in a feed or a PDF must
# never reach the user's terminal.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A person's generation after the name ("King, Martin Luther, Jr.", "Smith III"): feeds, pages, imports and
# exports all read it so.
GENERATION_SUFFIX = re.compile(r"Jr\.?|Sr\.?|II|III|IV")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def strip_control_characters(text: str) -> str:
    """text without control characters (tab and newline stay)."""
    return CONTROL_CHARACTERS.sub("", text)


# A "%" or "&" no backslash escapes: in a title or a BibTeX value it is text ("90% of", "Fast & Slow"), where
# LaTeX would read a comment (dropping the rest of the line) or a table's column.
_BARE_PERCENT_OR_AMPERSAND = re.compile(r"(?<!\\)([%&])")


def has_latex(text: str) -> bool:
    """Whether `text` carries LaTeX: a command or an inline formula."""
    return "\\" in text or text.count("$") >= 2


@functools.cache
def _latex_converter(math_as_text: bool):
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text" if math_as_text else "verbatim", strict_latex_spaces=True)


def latex_to_text(text: str, *, math_as_text: bool = False) -> str:
    """LaTeX as plain text: accents and escapes (`Schr{\\"o}dinger` -> Schrödinger, `\\&` -> &), formulas kept
    as written (`$\\alpha$`) or, with math_as_text, as their symbols (α). A bare % or & stays text. Input
    pylatexenc cannot read loses its commands and keeps its words."""
    text = _BARE_PERCENT_OR_AMPERSAND.sub(r"\\\1", text)
    try:
        return _latex_converter(math_as_text).latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc raises assorted errors on odd input; fall back to a plain strip
        return re.sub(r"\\[A-Za-z]+\s*", "", text).replace("\\", "")
