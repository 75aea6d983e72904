"""The TUI's only door to slow engine work (ranking, search, PDF downloads).

Ranking and search run in one persistent engine process (spawned lazily on first
use; it imports torch / sentence-transformers and loads the model once), so the
TUI process never imports the heavy engine. The screens call these functions
from thread workers, which just wait for the engine's answer. A dead engine
becomes a PaperpassError and the next call starts a fresh one; `shutdown_engine`
(called when the app exits) terminates it without waiting, so quitting stays
instant even in the middle of a first ranking.

PDF downloads stay in the worker thread: each opens a Library of its own
(`worker_library`; sqlite3 connections stay on the thread that made them).
Tests replace these functions to keep the UI tests fast.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from paperpass.errors import PaperpassError
from paperpass.library import Library
from paperpass.models import Paper, RankedPaper, SearchHit

if TYPE_CHECKING:
    from paperpass.library.facade import RankStep

T = TypeVar("T")

_engine_lock = threading.Lock()
_engine: ProcessPoolExecutor | None = None
_warmed: ProcessPoolExecutor | None = None  # the engine asked to load the query model (warm_up_search)


@contextmanager
def worker_library(home: Path) -> Iterator[Library]:
    """A Library of the calling thread's own (a worker's, or the engine's), closed when the block ends."""
    with Library.open(Path(home)) as library:
        yield library


# -- the engine process ------------------------------------------------------------

def _engine_init() -> None:
    """In the engine process: send its stdout/stderr (model-loading bars, warnings) to
    /dev/null so nothing writes over the TUI's screen."""
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    sys.stderr = sys.stdout
    try:  # tqdm's default lock is a multiprocessing semaphore, "leaked" when the engine is terminated
        from tqdm import tqdm  # type: ignore[import-untyped]

        tqdm.set_lock(threading.RLock())
    except ImportError:
        pass


def _get_engine() -> ProcessPoolExecutor:
    global _engine
    with _engine_lock:
        if _engine is None:
            import multiprocessing

            Library.prepare_child_processes()  # inside Textual sys.stderr has fileno -1
            _engine = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                          initializer=_engine_init)
        return _engine


def _in_engine(func: Callable[..., T], *args: Any) -> T:
    """Run `func(*args)` in the engine process and return its result."""
    global _engine
    engine = _get_engine()
    try:
        return engine.submit(func, *args).result()
    except BrokenProcessPool as exc:
        with _engine_lock:
            if _engine is engine:
                _engine = None
        engine.shutdown(wait=False, cancel_futures=True)
        raise PaperpassError("the ranking/search engine process stopped unexpectedly; "
                             "try again (a fresh one starts)") from exc


def engine_pid() -> int | None:
    """The engine process's pid, if one is running (for tests and diagnostics)."""
    with _engine_lock:
        engine = _engine
    if engine is None:
        return None
    processes = list((getattr(engine, "_processes", None) or {}).values())
    return processes[0].pid if processes else None


def shutdown_engine() -> None:
    """Stop the engine process now, without waiting for work in progress (app exit)."""
    global _engine
    with _engine_lock:
        engine, _engine = _engine, None
    if engine is None:
        return
    processes = list((getattr(engine, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join(1.0)
    # With its process gone the pool's manager thread sees it broken and ends at once
    # (milliseconds); waiting for it lets the pool close its queues cleanly.
    engine.shutdown(wait=True, cancel_futures=True)


# -- what runs in the engine ------------------------------------------------------

def _rank_week_here(home: Path, days: int | None) -> list[RankedPaper]:
    with worker_library(home) as library:
        return library.rank(days, explain_deferred=True)  # the deferred view shows this ranking's reasons


def _search_here(home: Path, query: str, scope: str, limit: int) -> list[SearchHit]:
    with worker_library(home) as library:
        return library.search(query, scope=scope, limit=limit)


def _rank_step_here(home: Path, days: int | None, budget: int) -> RankStep:
    """One step of a first ranking (Library.rank_step)."""
    with worker_library(home) as library:
        return library.rank_step(days, budget)


def _warm_up_here() -> None:
    """In the engine: load the query model in a thread of its own and return at once, so that rankings asked
    for meanwhile run beside it (a ranking that needs the model waits for it as it would anyway)."""
    threading.Thread(target=Library.warm_up_search, daemon=True, name="warm-up").start()


# -- the functions the screens call (from thread workers) ---------------------------

FIRST_STEP = 100  # papers embedded before the first provisional ranking; each later step doubles


def rank_week(home: Path, days: int | None = 7,
              on_partial: Callable[[list[RankedPaper], RankStep], None] | None = None) -> list[RankedPaper]:
    """The week ranked for triage, then the deferred papers explained (decision "later"). With on_partial,
    a week whose papers are not embedded yet is ranked in steps: on_partial(provisional ranking, step) after
    the first FIRST_STEP papers (seconds), then after each doubling batch, with step.done / step.total texts
    embedded and step.seconds_left; the final ranking is returned as usual."""
    if on_partial is None:
        return _in_engine(_rank_week_here, Path(home), days)
    budget = FIRST_STEP
    while True:
        step = _in_engine(_rank_step_here, Path(home), days, budget)
        if step.final:
            return step.ranked
        on_partial(step.ranked, step)
        budget *= 2


def warm_up_search() -> None:
    """Once per engine: have it load the search's query model while the reader triages (a first run on a
    machine builds its ONNX export, tens of seconds), so the first search does not wait for it. A fresh engine
    (after an app exit or a crash) is a different one and is asked again."""
    global _warmed
    engine = _get_engine()
    with _engine_lock:
        if _warmed is engine:
            return
        _warmed = engine
    _in_engine(_warm_up_here)


def search(home: Path, query: str, scope: str = "all", limit: int = 50) -> list[SearchHit]:
    return _in_engine(_search_here, Path(home), query, scope, limit)


def fetch_pdf(home: Path, paper_id: int, progress: Callable[[str, int, int | None], None],
              cancel: threading.Event | None = None) -> Paper:
    """The paper's PDF downloaded (Library.fetch_pdf); Cancelled, keeping nothing, once `cancel` is set."""
    with worker_library(home) as library:
        return library.fetch_pdf(paper_id, progress=progress, cancel=cancel)
