"""Fuzzing the feed ingester: every feed file gives an ingest summary or one clear PaperpassError.

Also: feeds of every dialect the ingester reads (journal RSS 2.0 with Dublin Core, RSS 1.0/RDF
with PRISM, Atom proceedings, a subreddit's Atom) written by tests/ingest/feed_writers.py and
mutated; real arXiv API pages mutated and read entry by entry (only FetchError may escape); and
mutated BibTeX, CSL-JSON and RIS files through `paperpass import`.

Mutated real feeds (bit flips, noise runs, truncation, splices) and hand-made hostile ones
("billion laughs" and quadratic entity expansion, external and parameter entities, 100,000-deep
nesting, a 20 MB entry, 20,000 entries, markup in titles) go through `ingest_feed(conn, path)`.
An alarm turns a hang into a test failure; bench/fuzz.py runs many more cases in child processes.
"""

from __future__ import annotations

import json
import random
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from mutators import FEED_MUTATORS, hostile_feeds

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from feed_writers import atom, make_items, rdf_prism, rss2_dc

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
    """Linked-paper lookups go to a closed loopback port, never to arxiv.org; items' pages (on hosts that do
    not resolve here) fail at once, without the wait before a retry."""
    monkeypatch.setenv("PAPERPASS_ARXIV_API", "http://127.0.0.1:9/api/query")
    monkeypatch.setattr("paperpass.ingest.http.sleep", lambda seconds: None)


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


_DIALECTS = {"rss2-dc": rss2_dc, "rdf-prism": rdf_prism, "atom": atom,
             "rss2-pdf-in-text": lambda items: rss2_dc(items, pdf_as="content")}


@pytest.mark.parametrize("mutator", sorted(FEED_MUTATORS))
@pytest.mark.parametrize("dialect", sorted(_DIALECTS))
def test_mutated_written_feeds_of_every_dialect(dialect, mutator, conn, tmp_path):
    rng = random.Random(f"dialect-fuzz-{dialect}-{mutator}")
    for i in range(3):
        data = _DIALECTS[dialect](make_items(rng.randint(5, 40), seed=rng.randrange(1000)))
        path = tmp_path / f"{i}.xml"
        path.write_bytes(FEED_MUTATORS[mutator](data, random.Random(rng.randrange(10**9))))
        result = _ingest(conn, path)
        if isinstance(result, IngestSummary):
            assert result.seen >= result.added + result.updated + result.unchanged


@pytest.mark.parametrize("mutator", sorted(FEED_MUTATORS))
def test_mutated_api_pages_fail_only_as_fetch_errors(mutator, real):
    """A mutated API page is read entry by entry: each entry is a Paper or a listed skip, or the whole
    page is refused with a FetchError; nothing else escapes."""
    from paperpass.errors import FetchError
    from paperpass.ingest.arxiv_api import _parse_page, _readable, _require_atom

    rng = random.Random(f"api-fuzz-{mutator}")
    pages = sorted(p for p in (real / "feeds").glob("*api*.xml"))
    for _ in range(12):
        source = rng.choice(pages)
        data = FEED_MUTATORS[mutator](source.read_bytes(), random.Random(rng.randrange(10**9)))
        skipped: list[tuple[str, str]] = []
        with _no_hang():
            try:
                feed = _parse_page(_require_atom(data), skipped)
            except FetchError as exc:
                assert str(exc) and "\n" not in str(exc)
                continue
            papers = [p for p in (_readable(r, skipped) for r in feed.results) if p is not None]
        # every entry on the page is accounted for: a Paper or a listed skip
        assert feed.entries_on_page == len(papers) + len(skipped)
        assert all(p.title and p.arxiv_id for p in papers)
        assert all(what and reason for what, reason in skipped)


_BIB = "\n".join(
    f"@article{{k{i}, title = {{T{{\\\"o}}pic {i}: a {{Study}}}}, author = {{Doe, J. and Roe, R.}}, year = {{20{i:02d}}},"
    f" doi = {{10.1000/x.{i}}}, file = {{PDF:papers/k{i}.pdf:application/pdf}}}}" for i in range(20))
_RIS = "\n".join(f"TY  - JOUR\nTI  - Topic {i}\nAU  - Doe, J.\nPY  - 2020\nDO  - 10.1000/r.{i}\n"
                 f"L1  - file:///nonexistent/{i}.pdf\nER  - " for i in range(20))
_CSL = json.dumps([{"id": f"c{i}", "title": f"Topic {i}", "author": [{"family": "Doe", "given": "J."}],
                    "issued": {"date-parts": [[2020, 1, i + 1]]}, "DOI": f"10.1000/c.{i}"} for i in range(20)])


@pytest.mark.parametrize("mutator", sorted(FEED_MUTATORS))
@pytest.mark.parametrize("name,text", [("lib.bib", _BIB), ("lib.ris", _RIS), ("lib.json", _CSL)])
def test_mutated_bibliographies(name, text, mutator, conn, tmp_path):
    from paperpass.ingest import import_bibliography

    rng = random.Random(f"bib-fuzz-{name}-{mutator}")
    for i in range(3):
        path = tmp_path / f"{i}-{name}"
        path.write_bytes(FEED_MUTATORS[mutator](text.encode(), random.Random(rng.randrange(10**9))))
        with _no_hang():
            try:
                result = import_bibliography(conn, path)
            except PaperpassError as exc:
                assert str(exc) and "\n" not in str(exc) and len(str(exc)) < 600
                continue
        assert result.seen >= result.added and all(what and reason for what, reason in result.failed)
