"""A library paper's figures and tables: extracted once per PDF (lazily, in a child process) into the data dir.

The first time pass 2 or `paperpass figures` asks, the PDF's figures are cut
out (paperpass.parse.figures) into `<home>/figures/<sha256 of the PDF>/`: one
PNG per figure or table and `figures.json`, the sidecar linking each PNG to its
caption, number, page and box. Extraction writes into a temporary folder that
is renamed into place with the sidecar already in it, so an interrupted run
leaves nothing half-made; the next call extracts again. The folder is keyed by
the file's hash and the extractor's version, like the parse cache, and can be
deleted at any time (it is rebuilt from the PDF).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
from pathlib import Path

from paperpass.errors import InvalidInput, NotFound, ParseError
from paperpass.files import file_sha256
from paperpass.models import Figure
from paperpass.parse import DEFAULT_TIMEOUT, FIGURES_VERSION, extract_figures_isolated
from paperpass.store.papers import get_paper

FIGURES_DIRNAME = "figures"
SIDECAR = "figures.json"


def paper_figures(conn: sqlite3.Connection, home: Path, paper_id: int, *,
                  timeout: float | None = None) -> list[Figure]:
    """The paper's figures and tables, in caption order; NotFound without a PDF, ParseError for a bad one."""
    paper = get_paper(conn, paper_id)
    if not paper.pdf_path:
        raise NotFound(f"paper {paper_id} has no PDF yet (get it with: paperpass fetch {paper_id})")
    path = Path(paper.pdf_path)
    if not path.is_file():
        raise ParseError(f"{path}: the PDF file is missing")
    return figures_for_pdf(home, path, timeout=timeout)


def figures_for_pdf(home: Path, path: Path, *, timeout: float | None = None) -> list[Figure]:
    """Any PDF's figures, through the cache in `home`."""
    sha = file_sha256(path)
    folder = home / FIGURES_DIRNAME / sha
    cached = read_sidecar(folder)
    if cached is not None:
        return cached
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = folder.with_name(f".{sha}.{os.getpid()}.partial")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        figures = extract_figures_isolated(path, scratch, timeout=timeout or DEFAULT_TIMEOUT)
        scratch.mkdir(parents=True, exist_ok=True)  # a paper without figures has no PNG
        _write_sidecar(scratch, sha, figures)
        if folder.exists():
            shutil.rmtree(folder)  # an older extractor's output
        try:
            scratch.rename(folder)
        except OSError:
            if read_sidecar(folder) is None:  # another process put it there first; anything else is an error
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = read_sidecar(folder)
    if result is None:
        raise ParseError(f"{path.name}: its figures could not be stored in {folder}")
    return result


def _write_sidecar(folder: Path, sha: str, figures: list[Figure]) -> None:
    entries = []
    for figure in figures:
        data = dataclasses.asdict(figure)
        data["image"] = Path(figure.image).name if figure.image else None  # relative: the folder may move
        entries.append(data)
    text = json.dumps({"version": FIGURES_VERSION, "pdf_sha256": sha, "figures": entries}, ensure_ascii=False,
                      indent=1)
    (folder / SIDECAR).write_text(text, encoding="utf-8")


def read_sidecar(folder: Path) -> list[Figure] | None:
    """The figures stored in `folder`, or None when it is missing, from another extractor version, or
    incomplete (a PNG gone)."""
    try:
        data = json.loads((folder / SIDECAR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != FIGURES_VERSION:
        return None
    figures = []
    try:
        for entry in data.get("figures", []):
            image = folder / entry["image"] if entry.get("image") else None
            if image is not None and not image.is_file():
                return None
            figures.append(Figure(**{**entry, "bbox": tuple(entry["bbox"]),
                                     "image": str(image) if image else None}))
    except (KeyError, TypeError):
        return None
    return figures


def export_figures(figures: list[Figure], out_dir: Path) -> list[Figure]:
    """Copy the figures' PNGs into `out_dir` (created); the figures with their new paths."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput(f"{out_dir}: not a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        copied = []
        for figure in figures:
            if figure.image:
                target = out_dir / Path(figure.image).name
                shutil.copyfile(figure.image, target)
                figure = dataclasses.replace(figure, image=str(target))
            copied.append(figure)
    except OSError as exc:
        raise InvalidInput(f"{out_dir}: cannot write the figures there ({exc.strerror or exc})") from exc
    return copied
