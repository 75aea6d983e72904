"""Shared fixtures: an isolated data directory per test, the real fixtures folder."""

from __future__ import annotations

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
