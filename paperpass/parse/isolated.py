"""Parse a PDF in this process (cooperative time bound) or in a spawned child process killed at the bound.

In-process parsing checks the clock between pages, which is cheap and enough
for large but honest files. A hostile file can stall inside a single MuPDF call
where no Python check runs, so callers that must never hang (the TUI, the
store's `load_document`, the CLI) use `isolated=True`: the parse runs in a
spawned child process (with a memory cap) that is killed when the bound
passes. Spawning costs a fraction of a second, which the parse cache makes a
one-time cost per PDF.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path

from paperpass.errors import ParseError
from paperpass.models import Caption, Document, Figure, Reference, Section
from paperpass.parse.document import build_document
from paperpass.parse.pdf import check_file

# Bump when the output for the same PDF changes: the parse cache is keyed by it.
PARSER_VERSION = "1.9"
DEFAULT_TIMEOUT = 60.0
_CHILD_MEMORY_BYTES = 2 * 1024**3
_TRACKER_LOCK = threading.Lock()

__all__ = ["DEFAULT_TIMEOUT", "PARSER_VERSION", "contract_dict", "document_from_dict", "extract_figures_isolated",
           "parse_document"]


def parse_document(path: str | Path, *, timeout: float = DEFAULT_TIMEOUT, isolated: bool = False) -> Document:
    """The structure of the PDF at `path`; ParseError for bad files or when it takes longer than `timeout` s."""
    path = Path(path)
    if isolated:
        return _parse_in_child(path, timeout)
    return _parse_here(path, timeout)


def _parse_here(path: Path, timeout: float) -> Document:
    return build_document(path, deadline=time.monotonic() + timeout)


def extract_figures_isolated(path: str | Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> list[Figure]:
    """The PDF's figures and tables as PNGs in `out_dir` (parse/figures.py), extracted in a child process
    killed at the time bound; ParseError for bad files."""
    path = Path(path)
    check_file(path)
    payload = _run_in_child(path, timeout, "figures", str(out_dir))
    return [Figure(**{**f, "bbox": tuple(f["bbox"])}) for f in payload]


def _child_job(job: str, path: Path, timeout: float, extra: str) -> object:
    if job == "figures":
        from paperpass.parse.figures import extract_figures

        figures = extract_figures(path, Path(extra), deadline=time.monotonic() + timeout)
        return [asdict(f) for f in figures]
    return asdict(_parse_here(path, timeout))


def _child_main(path: str, timeout: float, conn: Connection, job: str = "parse", extra: str = "") -> None:
    """Runs in the child: do the job and send back ("ok", dict) or ("error", sentence)."""
    _limit_memory()
    # `import pymupdf` also loads pymupdf_layout's ONNX model when that package is installed (about a
    # second); the parser never uses it, so the child skips it.
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]  # None blocks an import
    try:
        conn.send(("ok", _child_job(job, Path(path), timeout, extra)))
    except ParseError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("error", f"{Path(path).name}: the PDF needs too much memory to parse"))
    except Exception as exc:  # noqa: BLE001 - a parser bug must come back as one line, not kill the caller
        conn.send(("error", f"{Path(path).name}: cannot parse this PDF ({type(exc).__name__}: {exc})"))
    finally:
        conn.close()


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (_CHILD_MEMORY_BYTES, _CHILD_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time bound still holds


def _ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker against the process's real stderr.

    Spawning a child starts the tracker, which hands it `sys.stderr.fileno()`; inside
    a Textual app stderr is a capture whose fileno is -1 ("bad value(s) in
    fds_to_keep"). The tracker is started once; later spawns reuse it.
    """
    from multiprocessing import resource_tracker

    try:
        if sys.stderr is not None and sys.stderr.fileno() >= 0:
            return
    except (AttributeError, OSError, ValueError):
        pass  # no usable fileno: start the tracker with the real one below
    with _TRACKER_LOCK:
        captured = sys.stderr
        sys.stderr = sys.__stderr__ or captured
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured


def _parse_in_child(path: Path, timeout: float) -> Document:
    check_file(path)  # the common bad inputs answer at once, without a process
    payload = _run_in_child(path, timeout, "parse", "")
    assert isinstance(payload, dict)
    return document_from_dict(payload)


def _run_in_child(path: Path, timeout: float, job: str, extra: str):
    import multiprocessing

    _ensure_resource_tracker()
    ctx = multiprocessing.get_context("spawn")  # fork is unsafe under threads (the TUI's workers)
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_main, args=(str(path), timeout, sender, job, extra), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout + 5.0):
            raise ParseError(f"{path.name}: parsing took longer than {timeout:.0f} s and was stopped; "
                             "the PDF may be malformed")
        status, payload = receiver.recv()
    except EOFError as exc:
        raise ParseError(f"{path.name}: the parser crashed on this PDF (it may be corrupt)") from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join(2.0)
        if child.is_alive():
            child.kill()
            child.join()
    if status == "error":
        raise ParseError(payload)
    return payload


def document_from_dict(data: dict) -> Document:
    """Inverse of `dataclasses.asdict(document)` (the parse cache's JSON)."""
    return Document(
        title=data.get("title", ""),
        authors=list(data.get("authors", [])),
        abstract=data.get("abstract", ""),
        sections=[Section(**s) for s in data.get("sections", [])],
        captions=[Caption(**c) for c in data.get("captions", [])],
        references=[Reference(**r) for r in data.get("references", [])],
        pages=data.get("pages", 0),
    )


def contract_dict(doc: Document) -> dict:
    """The `paperpass parse --json` object (DESIGN.md's contract): no section bodies, no library state."""
    return {
        "title": doc.title,
        "authors": doc.authors,
        "abstract": doc.abstract,
        "sections": [{"title": s.title, "level": s.level, "page": s.page, "number": s.number, "kind": s.kind}
                     for s in doc.sections],
        "captions": [{"kind": c.kind, "label": c.label, "text": c.text, "page": c.page} for c in doc.captions],
        "references": [{"raw": r.raw, "title": r.title, "year": r.year, "arxiv_id": r.arxiv_id, "doi": r.doi}
                       for r in doc.references],
        "pages": doc.pages,
    }
