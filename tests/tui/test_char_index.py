"""The filter's character index: which characters each haystack holds, looked up instead of read."""

from __future__ import annotations

import random

from paperpass.tui.widgets.filter_input import INDEXED, CharIndex


def made(index: CharIndex) -> CharIndex:
    while not index.step():
        pass
    return index


def test_a_lookup_lists_exactly_the_haystacks_holding_the_characters_across_chunks_and_updates():
    rng = random.Random(7)
    alphabet = INDEXED + "?é€ü ñ\u0130\U0001d49c"  # not indexed: "?" and non-ASCII (each one character)
    haystacks = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))).lower() for _ in range(2500)]
    haystacks[5] = ""  # an empty haystack holds nothing
    index = CharIndex(haystacks)
    index.CHUNK = 700  # chunks end inside the list, as with 50,000 papers
    haystacks[10] = "zz"  # changed before its chunk is read: read as it is then
    assert not index.ready and not index.step() and index.done == 700
    haystacks[3] = "only q here"
    index.update(3, haystacks[3])  # changed in a chunk read already
    made(index)
    haystacks[2400] = "(m)"
    index.update(2400, haystacks[2400])  # changed once made
    for query in [*INDEXED, "a b", "q", "9 ( -", "\\ |"]:
        need = CharIndex.lookup(query)
        assert need is not None, query
        assert index.holding(need).tolist() == [all(w in h for w in query.split()) for h in haystacks], query
    for query in ["?", "é", "ab", "a bc", "", "  ", "Q"]:  # searched for, not looked up ("Q": lower-cased first)
        assert CharIndex.lookup(query) is None or query == "Q"
    assert CharIndex.lookup("Q") == CharIndex.lookup("q")


def test_an_empty_list_is_made_at_once():
    assert made(CharIndex([])).holding(CharIndex.lookup("a")).tolist() == []
