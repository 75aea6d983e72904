"""Ingest fixtures: a settings file with no politeness delay, recorded waits, loopback servers."""

from __future__ import annotations

import pytest
from ingest_recorded import REAL, RecordedAPI, entries_of, recorded


@pytest.fixture(autouse=True)
def no_delay(isolated_home):
    """Delay 0 between API calls (the default 3 s is for arxiv.org, not a loopback server)."""
    from paperpass.config import Settings, save_settings

    isolated_home.mkdir(parents=True, exist_ok=True)
    save_settings(Settings(arxiv_delay_seconds=0.0), isolated_home / "config.toml")
    return isolated_home


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """Backoff and Retry-After waits are recorded instead of slept through."""
    recorded_waits: list[float] = []
    monkeypatch.setattr("paperpass.ingest.http.sleep", recorded_waits.append)
    return recorded_waits


@pytest.fixture
def api(httpserver, monkeypatch, waits):
    """An arXiv API on 127.0.0.1 answering from the recorded brevio page (20 real cs.LG/cs.AI entries)."""
    handler = RecordedAPI(entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml")))
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    return handler


@pytest.fixture
def listings():
    """Real daily-listing records (skips when ../shared/fixtures/real is absent)."""
    if not (REAL / "metadata" / "arxiv_daily_listings").is_dir():
        pytest.skip(f"real daily listings not found under {REAL}")
    from ingest_recorded import listing_records

    return listing_records


@pytest.fixture
def pdfs():
    folder = REAL / "pdfs"
    if not folder.is_dir():
        pytest.skip(f"real PDFs not found at {folder}")
    return folder
