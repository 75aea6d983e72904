"""Shared fixtures: an isolated data directory per test, no name resolved but loopback's, the real fixtures
folder."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "real"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own PAPERPASS_HOME, so nothing touches a real library."""
    home = tmp_path / "home"
    monkeypatch.setenv("PAPERPASS_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("PAPERPASS_ARXIV_API", raising=False)
    return home


_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """No test sends a DNS query or a request out of this machine: ingest looks at feed items' pages, and a
    test feed (or a fuzzed real one) naming https://journal.example.org/... gets the answer an offline
    machine gives, an unknown name."""
    resolve = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        if name not in _LOOPBACK_NAMES and not name.startswith("127."):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def conn(isolated_home):
    """The library in the test's PAPERPASS_HOME, migrated and seeded."""
    from paperpass.store import open_library

    connection = open_library(isolated_home)
    yield connection
    connection.close()


@pytest.fixture
def real() -> Path:
    """../shared/fixtures/real (beside the repo, also in CI)."""
    if not REAL.is_dir():
        pytest.skip(f"real fixtures not found at {REAL}")
    return REAL
