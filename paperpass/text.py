"""Text helpers every layer may use: control characters out of stored text, a name's generation suffix."""

from __future__ import annotations

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
