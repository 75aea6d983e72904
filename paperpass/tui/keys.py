"""What each key does on a screen, read from the bindings declared on it (for the help screen and its tests).

A key's meaning on a screen is the binding that wins for it, focus by focus: the
focused widget's, then its containers', the screen's, the app's (a priority binding
first). Text fields are left out of the walk: there a letter types itself and
escape leaves the field. Only our own bindings are read (not Textual's base classes'); Textual's
navigation keys inside its widgets (arrows in a list) are not meanings of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget


@dataclass(frozen=True)
class Meaning:
    owner: str  # the class that declares the binding
    action: str
    description: str


def own_bindings(node: DOMNode) -> list[Binding]:
    """The bindings our classes declare on this node (not the ones Textual's base classes bring)."""
    found: list[Binding] = []
    for cls in reversed(type(node).__mro__):
        if not cls.__module__.startswith("textual.") and "BINDINGS" in cls.__dict__:
            found.extend(Binding.make_bindings(cls.__dict__["BINDINGS"]))
    return found


def _types_text(node: DOMNode) -> bool:
    """A text field: printable keys go into it."""
    return isinstance(node, Widget) and node.check_consume_key("a", "a")


def enabled(node: DOMNode, binding: Binding) -> bool:
    """Whether the binding acts now (its node's check_action does not turn it off)."""
    return node.app._check_action_state(binding.action, node) is not False


def _winners(chain: list[DOMNode]) -> dict[str, tuple[DOMNode, Binding]]:
    """key -> (node, binding) that handles it with this focus chain (innermost first, priority bindings first;
    a binding its node turns off passes the key on, as Textual does)."""
    won: dict[str, tuple[DOMNode, Binding]] = {}
    for node in chain:
        for key, bindings in node._bindings.key_to_bindings.items():
            binding = next((b for b in bindings if enabled(node, b)), None)
            if binding is None:
                continue
            if key not in won or (binding.priority and not won[key][1].priority):
                won[key] = (node, binding)
    return won


def focus_chains(screen) -> list[list[DOMNode]]:
    """One binding chain per place the focus can be on this screen (and none focused); text fields left out."""
    chains: list[list[DOMNode]] = [[screen, screen.app]]
    for widget in screen.walk_children(with_self=False):
        if not isinstance(widget, Widget) or not widget.focusable or _types_text(widget):
            continue
        chain: list[DOMNode] = [widget]
        node = widget.parent
        while node is not None and node is not screen:
            chain.append(node)
            node = node.parent
        chains.append([*chain, screen, screen.app])
    return chains


def key_meanings(screen) -> dict[str, set[Meaning]]:
    """Every key bound by paperpass on this screen, with what it does under each focus."""
    meanings: dict[str, set[Meaning]] = {}
    for chain in focus_chains(screen):
        for key, (node, binding) in _winners(chain).items():
            if any(b.key == key and b.action == binding.action for b in own_bindings(node)):
                meanings.setdefault(key, set()).add(Meaning(type(node).__name__, binding.action,
                                                            binding.description))
    return meanings


def _title(node: DOMNode) -> str:
    """'Pass one view' from PassOneView; a class may say better with HELP_TITLE."""
    explicit = getattr(type(node), "HELP_TITLE", None)
    if explicit:
        return explicit
    words = re.findall(r"[A-Z][a-z0-9]*", type(node).__name__.removesuffix("Screen")) or [type(node).__name__]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def help_sections(screen) -> list[tuple[str, list[tuple[list[Binding], str]]]]:
    """(title, [(bindings, description)]) for the help of this screen: its own keys, its widgets', then the
    app's keys that still reach the app from here (a key the screen binds is the screen's)."""
    sections: list[tuple[str, list[Binding]]] = [
        (_title(screen), [b for b in own_bindings(screen) if b.description and enabled(screen, b)])]
    seen: set[type] = set()
    for widget in screen.walk_children(with_self=False):
        if type(widget) in seen:
            continue
        seen.add(type(widget))
        bindings = [b for b in own_bindings(widget) if b.description]
        if bindings:
            sections.append((f"In the {_title(widget).lower()}", bindings))
    screen_keys = {b.key for b in own_bindings(screen) if enabled(screen, b)}
    app = screen.app
    everywhere = [b for b in own_bindings(app) if b.description and (b.key not in screen_keys or b.priority)]
    everywhere.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette: screens and actions"))
    sections.append(("Everywhere", everywhere))
    result = []
    for title, bindings in sections:
        rows: dict[tuple[str, str], list[Binding]] = {}
        for b in bindings:
            rows.setdefault((b.action, b.description), []).append(b)
        if rows:
            result.append((title, [(keys, description) for (_, description), keys in rows.items()]))
    return result
