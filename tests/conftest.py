"""Shared fixtures: an isolated data directory per test, no name resolved but loopback's, the real fixtures
folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
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


@pytest.fixture(autouse=True)
def engine_only_where_asked(request, monkeypatch):
    """The TUI's engine process (ranking, search, loading the query model after a ranking) starts only in a test
    marked `engine`. Elsewhere it would load the real model behind the test's back (on a fresh machine export it
    first: tens of seconds on both cores), starving the screen under test: such a test fails and says so."""
    if request.node.get_closest_marker("engine"):
        yield
        return
    started: list[str] = []

    def no_engine():
        started.append(request.node.nodeid)
        raise AssertionError("this test started the engine process; mark it @pytest.mark.engine or fake the work")

    monkeypatch.setattr("paperpass.tui.backend._get_engine", no_engine)
    monkeypatch.setattr("paperpass.tui.backend.warm_up_search", lambda: None)  # its own test is marked `engine`
    yield
    assert not started, "the test started the engine process (see the fixture engine_only_where_asked)"


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


@pytest.fixture(scope="session")
def _onnx_export_once(tmp_path_factory) -> Path | None:
    """The default ONNX export of the embedding model, built once a session, or None when the ONNX backend is
    not what this install uses. Built here when torch is already imported here (the session's real model is
    reused), else in a process of its own, so that the tests' process does not import torch for it."""
    from paperpass.index.embed import backend_choice, onnx_export_path

    if backend_choice()[0] != "onnx":
        return None
    directory = tmp_path_factory.mktemp("onnx-export")
    if "torch" in sys.modules:
        return onnx_export_path(directory=directory).parent
    code = ("import sys; from pathlib import Path; from paperpass.index.embed import onnx_export_path; "
            "print(onnx_export_path(directory=Path(sys.argv[1])))")
    env = {**os.environ, "HF_HUB_OFFLINE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]),
                                                       os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code, str(directory)], capture_output=True, text=True, env=env,
                          timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1]).parent


@pytest.fixture
def onnx_export(_onnx_export_once, isolated_home) -> Path | None:
    """The test's data dir holds the ONNX export a first run would have built (built once a session, linked
    here), so a test of what the real model finds does not spend ~12 s re-exporting it. The building, caching
    and rebuilding of the export are tests/index/test_embed_backend.py's."""
    if _onnx_export_once is None:
        return None
    target = isolated_home / "models" / _onnx_export_once.name
    target.mkdir(parents=True)
    for source in _onnx_export_once.iterdir():
        try:
            os.link(source, target / source.name)  # the same file: its size and mtime, as the manifest says
        except OSError:
            shutil.copy2(source, target / source.name)
    return target
