"""A library as a folder another machine imports whole: `paperpass.json` (the JSON export) and `pdfs/`.

The export names every PDF relative to the folder (`pdfs/<name>`); importing copies the PDFs into the
new data directory's pdfs/ and the paths, relative to it, point at them. A PDF the folder lacks keeps its
path and `paperpass doctor` reports it missing.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

from paperpass.errors import InvalidInput
from paperpass.files import file_sha256
from paperpass.library.export import write_atomic
from paperpass.store.transfer import export_library, has_user_data, import_library

EXPORT_FILE = "paperpass.json"
PDF_FOLDER = "pdfs"


def export_folder(conn: sqlite3.Connection, home: Path, out_dir: Path) -> tuple[Path, int]:
    """Write `out_dir`/paperpass.json and copy every PDF that exists into `out_dir`/pdfs/; (json path, PDFs)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput(f"{out_dir} is a file; --with-pdfs writes a folder: give a folder with --out")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / EXPORT_FILE).is_file():
        raise InvalidInput(f"{out_dir} is not empty; give a new folder (or an earlier export folder) with --out")
    data = export_library(conn)
    pdfs = out_dir / PDF_FOLDER
    try:
        pdfs.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot create {pdfs}: {exc.strerror or exc}") from exc
    copied, used = 0, set[str]()
    for record in data["papers"]:
        source = _source_file(record.get("pdf_path"), home)
        if source is None:
            continue
        name = _unique_name(source.name, used)
        used.add(name)
        try:
            _copy(source, pdfs / name)
        except OSError as exc:
            raise InvalidInput(f"cannot copy {source} to {pdfs / name}: {exc.strerror or exc}") from exc
        record["pdf_path"] = f"{PDF_FOLDER}/{name}"
        copied += 1
    # The JSON last: a folder with paperpass.json is a whole export.
    target = out_dir / EXPORT_FILE
    write_atomic(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return target, copied


def _source_file(path: str | None, home: Path) -> Path | None:
    if not path:
        return None
    candidate = Path(path)
    candidate = candidate if candidate.is_absolute() else home / candidate
    return candidate if candidate.is_file() else None


def _unique_name(name: str, used: set[str]) -> str:
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    return candidate


def _copy(source: Path, dest: Path) -> None:
    """Copy through a temporary name, so a crash never leaves half a PDF under its final name."""
    if dest.is_file() and dest.stat().st_size == source.stat().st_size and file_sha256(dest) == file_sha256(source):
        return
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, dest)


def is_export_folder(path: Path) -> bool:
    return path.is_dir() and (path / EXPORT_FILE).is_file()


def import_folder(conn: sqlite3.Connection, home: Path, folder: Path, *,
                  replace: bool = False) -> tuple[int, int, list[str]]:
    """Import an export folder: its PDFs into pdfs/ (relinked), then its JSON; (papers, PDFs copied,
    PDF paths the folder lacks)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    if not is_export_folder(folder):
        raise InvalidInput(f"{folder} is a folder without {EXPORT_FILE}: not a `paperpass export --with-pdfs` folder")
    try:
        data = json.loads((folder / EXPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"cannot read {folder / EXPORT_FILE}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        raise InvalidInput(f"{folder / EXPORT_FILE} is not a paperpass export")
    if has_user_data(conn) and not replace:  # before any file is copied
        raise InvalidInput("the library is not empty; import into a new PAPERPASS_HOME or pass --replace")
    target_dir = home / PDF_FOLDER
    target_dir.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    missing: list[str] = []
    try:
        for record in data["papers"]:
            path = record.get("pdf_path") if isinstance(record, dict) else None
            if not path or Path(path).is_absolute():
                continue
            source = folder / path
            if not source.is_file():
                missing.append(path)
                continue
            dest = target_dir / source.name
            if dest.exists() and not _same_file(source, dest):
                dest = target_dir / _unique_name(source.name, {p.name for p in target_dir.iterdir()})
            if not dest.exists():
                _copy(source, dest)
                copied.append(dest)
            record["pdf_path"] = f"{PDF_FOLDER}/{dest.name}"
        imported = import_library(conn, data, replace=replace)
    except BaseException:
        for path in copied:  # nothing imported: the copies go too
            path.unlink(missing_ok=True)
        raise
    return imported, len(copied), missing


def _same_file(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and file_sha256(a) == file_sha256(b)
