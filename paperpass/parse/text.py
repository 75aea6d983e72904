"""Joining lines into running text, repairing words hyphenated at line ends.

A hyphen at a line end is either typesetting ("adver-" + "sarial") or a real
hyphen that fell at the break ("self-" + "similarity"). The paper itself is the
best dictionary: if it writes the word elsewhere with or without the hyphen,
that form wins; otherwise common compound prefixes keep theirs.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")
# Prefixes that usually make real compounds when a paper hyphenates them.
_COMPOUND_PREFIXES = {"self", "non", "well", "state", "two", "three", "four", "high", "low", "large", "small",
                      "end", "real", "long", "short", "fine", "semi", "cross", "single", "zero", "few", "one",
                      "multi", "half", "sub-", "pre-"}


def vocabulary(texts) -> Counter:
    """Word counts (lower case) of a document, hyphenated compounds included as written."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(text))
    return counts


_VOCAB: Counter = Counter()


def set_vocabulary(counts: Counter) -> None:
    """The document being parsed; consulted by join_lines (parsing is single-threaded per process)."""
    global _VOCAB
    _VOCAB = counts


_TRAILING_WORD = re.compile(r"([A-Za-z]+)-$")
_LEADING_WORD = re.compile(r"([A-Za-z]+)")


def join_lines(parts: list[str], vocab: Counter | None = None) -> str:
    """Lines joined by spaces, except where a word was hyphenated at the line end."""
    vocab = _VOCAB if vocab is None else vocab
    pieces: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not pieces:
            pieces.append(part)
            continue
        last = pieces[-1]
        m = _TRAILING_WORD.search(last[-40:]) if last.endswith("-") else None
        n = _LEADING_WORD.match(part) if m else None
        if m and n and len(last) > 1:
            pieces[-1] = (last if _keep_hyphen(m.group(1), n.group(1), vocab) else last[:-1]) + part
        else:
            pieces.append(part)
    return " ".join(pieces)


def _count(vocab: Counter, word: str) -> int:
    """How often the paper writes this word, counting simple inflections ("result" from "results")."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "al", word + "ly"}
    if word.endswith("s"):
        forms.add(word[:-1])
    return sum(vocab.get(form, 0) for form in forms)


def _keep_hyphen(head: str, tail: str, vocab: Counter) -> bool:
    hyphenated = _count(vocab, f"{head}-{tail}".lower())
    joined = _count(vocab, f"{head}{tail}".lower())
    if hyphenated > joined:
        return True
    if joined > 0:
        return False
    if (any(c.isupper() for c in head[1:]) or any(c.isdigit() for c in head)
            or (head[:1].isupper() and tail[:1].isupper())):
        return True  # "GPT-", "ResNet-", "Multi-Head": names keep their hyphen
    return head.lower() in _COMPOUND_PREFIXES
