"""An unreadable entry in the middle of a real arXiv API page costs that entry only.

The loopback server plays recorded real API pages with broken entries inserted
in the middle (a date fromisoformat cannot read, no title, an id that is no
arXiv id, no id at all, no dates); every other entry of that page and of the
later pages is stored, and the summary names each skipped entry with its reason.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from ingest_recorded import REAL, RecordedAPI, entries_of, entry_id, recorded

from paperpass.cli import cli
from paperpass.ingest import ingest_arxiv
from paperpass.store.papers import count_papers, resolve_paper


def _real_entries() -> list[str]:
    entries = entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"))
    big = REAL / "feeds" / "arxivpy_api_query_testing_start0_max100.xml"
    if big.is_file():
        entries += entries_of(big.read_bytes())
    return entries


def _break(entry: str, how: str) -> str:
    """A real entry made unreadable in one way."""
    if how == "bad date":
        return re.sub(r"<published>[^<]*</published>", "<published>the 3rd of May</published>", entry)
    if how == "no title":
        return re.sub(r"<title>.*?</title>", "<title>  </title>", entry, flags=re.DOTALL)
    if how == "odd id":
        return re.sub(r"<id>[^<]*</id>", "<id>http://example.org/not-an-arxiv-id</id>", entry)
    if how == "no id":
        return re.sub(r"<id>[^<]*</id>", "", entry)
    if how == "no dates":
        return re.sub(r"<(published|updated)>[^<]*</\1>", "", entry)
    raise AssertionError(how)


BREAKS = ["bad date", "no title", "odd id", "no id", "no dates"]


@pytest.fixture
def broken_api(httpserver, monkeypatch, waits):
    """Real entries with one broken copy of a real entry inserted every few entries, over several pages."""
    good = _real_entries()
    entries, broken_ids = [], []
    for index, entry in enumerate(good):
        entries.append(entry)
        if index % 7 == 3:
            how = BREAKS[len(broken_ids) % len(BREAKS)]
            donor = good[(index + 1) % len(good)]
            # The broken copy carries its own id (except when the id is what is broken), so it is not
            # deduplicated into the good entry.
            fake = re.sub(r"(abs/)(\d{4}\.\d{4,5})", lambda m: m.group(1) + "9999." + m.group(2)[-5:].zfill(5),
                          donor)
            entries.append(_break(fake, how))
            broken_ids.append(how)
    handler = RecordedAPI(entries)
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setattr("paperpass.ingest.arxiv_api.PAGE_SIZE", 9)  # broken entries fall on many pages
    return good, entries, broken_ids


def test_every_readable_entry_is_stored_and_each_broken_one_listed(conn, broken_api):
    good, entries, broken = broken_api
    summary = ingest_arxiv(conn, categories=["cs.LG"], max_results=len(entries))
    assert summary.added == len({entry_id(e).rsplit("v", 1)[0] for e in good})
    assert summary.seen == len(entries)
    assert len(summary.failed) == len(broken)
    reasons = [reason for _, reason in summary.failed]
    assert sum("unreadable entry" in r for r in reasons) == broken.count("bad date")
    assert sum(r == "the entry has no title" for r in reasons) == broken.count("no title")
    assert sum("has no arXiv id" in r for r in reasons) == broken.count("odd id")
    assert sum(r == "the entry has no id" for r in reasons) == broken.count("no id")
    assert sum("no published/updated date" in r for r in reasons) == broken.count("no dates")
    # the good entry after the last broken one, on a later page, is in the library
    last = entry_id(good[-1]).rsplit("v", 1)[0]
    assert resolve_paper(conn, last).title
    assert count_papers(conn) >= summary.added


def test_reingest_of_a_broken_page_adds_nothing_and_lists_the_same(conn, broken_api):
    _, entries, _broken = broken_api
    first = ingest_arxiv(conn, categories=["cs.LG"], max_results=len(entries))
    again = ingest_arxiv(conn, categories=["cs.LG"], max_results=len(entries))
    assert again.added == 0 and again.unchanged == first.added
    assert [w for w, _ in again.failed] == [w for w, _ in first.failed]


def test_cli_exits_zero_without_traceback_and_names_the_entries(broken_api):
    _, entries, broken = broken_api
    result = CliRunner().invoke(cli, ["ingest", "arxiv", "--category", "cs.LG", "--max", str(len(entries))],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.output.count("  failed: ") == len(broken)
    data = json.loads(CliRunner().invoke(cli, ["ingest", "arxiv", "--category", "cs.LG", "--max",
                                               str(len(entries)), "--json"]).output)
    assert len(data["failed"]) == len(broken) and all(f["reason"] for f in data["failed"])


def test_a_page_of_only_broken_entries_does_not_end_the_run(conn, httpserver, monkeypatch, waits):
    good = entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"))
    entries = [_break(e, "bad date") for e in good[:5]] + good[5:]
    httpserver.expect_request("/api/query").respond_with_handler(RecordedAPI(entries))
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setattr("paperpass.ingest.arxiv_api.PAGE_SIZE", 5)
    summary = ingest_arxiv(conn, categories=["cs.LG"], max_results=20)
    assert (summary.seen, summary.added, len(summary.failed)) == (20, 15, 5)


def test_add_names_an_unreadable_record(conn, httpserver, monkeypatch, waits):
    from paperpass.errors import FetchError
    from paperpass.ingest import add_paper

    good = entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"))
    httpserver.expect_request("/api/query").respond_with_handler(RecordedAPI([_break(good[0], "bad date")]))
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(FetchError, match="could not be read: unreadable entry"):
        add_paper(conn, entry_id(good[0]))
