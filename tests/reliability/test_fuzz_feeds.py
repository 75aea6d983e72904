"""Fuzzing the feed ingester: every feed file gives an ingest summary or one clear PaperpassError.

Mutated real feeds (bit flips, noise runs, truncation, splices) and hand-made hostile ones
("billion laughs" and quadratic entity expansion, external and parameter entities, 100,000-deep
nesting, a 20 MB entry, 20,000 entries, markup in titles) go through `ingest_feed(conn, path)`.
An alarm turns a hang into a test failure; bench/fuzz.py runs many more cases in child processes.
"""

from __future__ import annotations

import random
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from mutators import FEED_MUTATORS, hostile_feeds

from paperpass.errors import PaperpassError
from paperpass.ingest import ingest_feed
from paperpass.models import IngestSummary

_BOUND_S = 60
_HOSTILE = hostile_feeds()
# Found by bench/fuzz.py: a broken xmlns:arxiv made feedparser return arxiv_comment/arxiv_doi as dicts,
# which reached the store as a TypeError.
_REGRESSIONS = [("orijtech_api_search_deep_dream_page0.xml", "bit_flips", 319248154),
                ("orijtech_api_search_deep_dream_page0.xml", "byte_runs", 243954032),
                ("orijtech_api_search_deep_dream_page0.xml", "splice", 32100556)]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Linked-paper lookups go to a closed loopback port, never to arxiv.org."""
    monkeypatch.setenv("PAPERPASS_ARXIV_API", "http://127.0.0.1:9/api/query")


@contextmanager
def _no_hang(seconds: int = _BOUND_S):
    def expire(*_):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _ingest(conn, path: Path) -> IngestSummary | PaperpassError:
    with _no_hang():
        try:
            result = ingest_feed(conn, str(path))
        except PaperpassError as exc:
            message = str(exc)
            assert message and "\n" not in message and len(message) < 600, message
            return exc
    assert isinstance(result, IngestSummary)
    return result


def _titles(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT title FROM papers WHERE source != 'seed'")]


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_feed(name, conn, tmp_path):
    path = tmp_path / f"{name}.xml"
    path.write_bytes(_HOSTILE[name])
    result = _ingest(conn, path)
    titles = _titles(conn)
    stored = " ".join(titles) + " ".join(r[0] for r in conn.execute("SELECT abstract FROM papers"))
    assert "lollollol" not in stored and "aaaaaaaaaaaaaaaaaaaa" * 100 not in stored  # no entity was expanded
    assert "root:" not in stored  # no external entity was read
    if name in ("billion_laughs", "quadratic_blowup", "external_entity_file", "external_entity_http",
                "parameter_entity"):
        assert isinstance(result, PaperpassError) and titles == []
    if name == "rich_markup_titles":
        assert titles == ["[bold red]x[/] [link=file:///etc/passwd]click[/link]"]  # stored as typed
    if name == "many_entries":
        assert isinstance(result, IngestSummary) and result.seen == 20_000


@pytest.mark.parametrize("mutator", sorted(FEED_MUTATORS))
def test_mutated_real_feeds(mutator, conn, real, tmp_path):
    rng = random.Random(f"feed-fuzz-{mutator}")
    feeds = sorted(p for p in (real / "feeds").iterdir() if p.suffix in (".xml", ".json"))
    for i in range(6):
        source = rng.choice(feeds)
        path = tmp_path / f"{i}-{source.name}"
        path.write_bytes(FEED_MUTATORS[mutator](source.read_bytes(), random.Random(rng.randrange(10**9))))
        _ingest(conn, path)


@pytest.mark.parametrize("source,mutator,seed", _REGRESSIONS)
def test_fuzz_regressions(source, mutator, seed, conn, real, tmp_path):
    path = tmp_path / source
    path.write_bytes(FEED_MUTATORS[mutator]((real / "feeds" / source).read_bytes(), random.Random(seed)))
    result = _ingest(conn, path)
    assert isinstance(result, IngestSummary) and result.added + result.updated + result.unchanged > 0
