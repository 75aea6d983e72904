"""Streaming PDF downloads into the data directory's pdfs/ cache.

Bytes go to `pdfs/.partial/<name>.part` as they arrive (memory stays flat
whatever the file size), capped at `pdf_max_mb`; the `%PDF-` magic is checked
before much is read (the Content-Type only words a refusal), `%%EOF` near the end after;
a complete file is renamed into place atomically, so the cache never holds half
a PDF under a final name. An interrupted download resumes with a Range request
when the server allows it. File names come from our own data (arXiv id or paper
id), never from the server, and are sanitised and checked to stay inside pdfs/.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from paperpass.errors import Cancelled, FetchError, InvalidInput
from paperpass.files import file_sha256
from paperpass.ingest.http import (
    Pacer,
    Progress,
    RetryPolicy,
    fetch,
    http_error,
    is_http_url,
    iter_body,
    new_session,
)

CHUNK = 64 * 1024
PDF_TYPES = ("application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream",
             "application/download", "application/force-download")
MAGIC_WINDOW = 1024  # the PDF spec lets a header sit a little after the start
EOF_WINDOW = 2048
RESUME_TRIES = 3


@dataclass
class Downloaded:
    path: Path
    sha256: str
    size: int
    resumed: bool = False


def pdf_dir(home: Path) -> Path:
    return home / "pdfs"


def safe_filename(name: str, *, default: str = "paper") -> str:
    """A file name that is only [A-Za-z0-9._-], never hidden, never a path, at most 120 chars, ending .pdf."""
    text = unicodedata.normalize("NFKD", name)
    text = text.encode("ascii", "ignore").decode("ascii")
    text = text.replace("/", "_").replace("\\", "_")
    if text.lower().endswith(".pdf"):
        text = text[:-4]
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text)
    text = re.sub(r"\.{2,}", ".", text).strip("._-")
    text = text[:116] or default
    return f"{text}.pdf"


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refusing anything that would resolve outside `directory`."""
    target = (directory / name).resolve()
    if target.parent != directory.resolve():
        raise InvalidInput(f"refusing to write {name!r} outside {directory}")
    return target


def download_pdf(url: str, dest: Path, *, max_bytes: int, session=None, policy: RetryPolicy | None = None,
                 pacer: Pacer | None = None, progress: Progress | None = None, what: str | None = None,
                 cancel: threading.Event | None = None) -> Downloaded:
    """Stream `url` into `dest` (atomically), resuming after dropped connections; FetchError on bad content.

    When `cancel` is set the download stops between chunks, its partial file is removed and
    Cancelled is raised: nothing of it is left behind."""
    if not is_http_url(url):
        raise FetchError(f"{what or url}: refusing to download from a non-http(s) link")
    session = session or new_session()
    what = what or url
    partial_dir = dest.parent / ".partial"
    partial_dir.mkdir(parents=True, exist_ok=True)
    part = partial_dir / (dest.name + ".part")
    resumed = False
    last_error: FetchError | None = None
    for _ in range(RESUME_TRIES):
        if cancel is not None and cancel.is_set():
            part.unlink(missing_ok=True)
            raise Cancelled(f"{what}: download cancelled; nothing was kept")
        try:
            resumed |= _stream_once(session, url, part, max_bytes=max_bytes, policy=policy, pacer=pacer,
                                    progress=progress, what=what, cancel=cancel)
            break
        except _Interrupted as exc:
            last_error = FetchError(f"{what}: connection lost after {exc.have:,} bytes")
    else:
        raise last_error or FetchError(f"{what}: download failed")
    try:
        _check_complete(part, what)
    except FetchError:
        part.unlink(missing_ok=True)
        raise
    digest = file_sha256(part)
    size = part.stat().st_size
    os.replace(part, dest)
    return Downloaded(dest, digest, size, resumed)


class _Interrupted(Exception):
    def __init__(self, have: int) -> None:
        self.have = have


def _stream_once(session, url, part: Path, *, max_bytes, policy, pacer, progress, what, cancel=None) -> bool:
    """One request, appending to `part` when the server honours a Range; True when it resumed."""
    import requests

    have = part.stat().st_size if part.exists() else 0
    headers = {"Accept": "application/pdf"}
    if have:
        headers["Range"] = f"bytes={have}-"
    response = fetch(session, url, headers=headers, stream=True, policy=policy, pacer=pacer, what=what)
    with response:
        if response.status_code == 416:  # our partial file is already whole, or stale: start over
            part.unlink(missing_ok=True)
            raise _Interrupted(0)
        if response.status_code not in (200, 206):
            part.unlink(missing_ok=True)
            raise http_error(response, what)
        resuming = response.status_code == 206 and have > 0 and _range_start(response) == have
        if response.status_code == 206 and not resuming:
            # A range we did not ask for: appending it would corrupt the file, so start over.
            part.unlink(missing_ok=True)
            raise _Interrupted(0)
        if not resuming:
            have = 0
        # The bytes decide, not the Content-Type: repositories send PDFs as text/plain, x-download or
        # nothing at all. The type only words the refusal of what is not a PDF.
        ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = response.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else None
        if total is not None and total > max_bytes:
            part.unlink(missing_ok=True)
            raise FetchError(f"{what}: the PDF is {total / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB cap")
        done = have
        head = b""
        try:
            with open(part, "ab" if resuming else "wb") as out:
                for chunk in iter_body(response, CHUNK, what):
                    if cancel is not None and cancel.is_set():
                        raise Cancelled(f"{what}: download cancelled; nothing was kept")
                    if not chunk:
                        continue
                    if not resuming and len(head) < MAGIC_WINDOW:
                        # Stop early on an error page instead of streaming megabytes of it.
                        head = (head + chunk)[:MAGIC_WINDOW]
                        looks_markup = head.lstrip()[:1] == b"<"
                        if b"%PDF-" not in head and (looks_markup or len(head) >= MAGIC_WINDOW):
                            raise FetchError(f"{what}: the server sent {_describe(head, ctype)}, not a PDF")
                    done += len(chunk)
                    if done > max_bytes:
                        raise FetchError(f"{what}: the PDF is over the {max_bytes / 2**20:.0f} MB cap")
                    out.write(chunk)
                    if progress:
                        progress(what, done, total)
        except (FetchError, Cancelled):
            part.unlink(missing_ok=True)
            raise
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.Timeout) as exc:
            raise _Interrupted(part.stat().st_size if part.exists() else 0) from exc
        if total is not None and done < total:
            raise _Interrupted(done)
    return resuming


def _range_start(response) -> int | None:
    m = re.match(r"bytes (\d+)-", response.headers.get("Content-Range", ""))
    return int(m.group(1)) if m else None


def _describe(head: bytes, ctype: str = "") -> str:
    lowered = head[:512].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or "html" in ctype:
        return "an HTML page"
    return f"{ctype!r}" if ctype and ctype not in PDF_TYPES else "something else"


def _check_complete(part: Path, what: str) -> None:
    size = part.stat().st_size
    if size == 0:
        raise FetchError(f"{what}: the server sent an empty file")
    with open(part, "rb") as fh:
        head = fh.read(MAGIC_WINDOW)
        if b"%PDF-" not in head:
            raise FetchError(f"{what}: the server sent {_describe(head)}, not a PDF")
    if not ends_like_a_pdf(part):
        raise FetchError(f"{what}: the PDF is truncated (no %%EOF at its end, {size:,} bytes)")


def ends_like_a_pdf(path: Path) -> bool:
    """Whether the file ends as a whole PDF does, with %%EOF (in its last EOF_WINDOW bytes): a PDF cut off in
    transfer or on a full disk does not, and MuPDF reads it without a word, its later pages blank."""
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - EOF_WINDOW))
        return b"%%EOF" in fh.read()


def copy_local_pdf(source: Path, dest: Path) -> Downloaded:
    """Copy a user's PDF into the cache (temp file + atomic rename), checking it is one."""
    try:
        with open(source, "rb") as fh:
            head = fh.read(MAGIC_WINDOW)
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror or exc}") from exc
    if b"%PDF-" not in head:
        raise InvalidInput(f"{source} is not a PDF")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / ".partial"
    tmp.mkdir(exist_ok=True)
    part = tmp / (dest.name + ".part")
    shutil.copyfile(source, part)
    digest = file_sha256(part)
    size = part.stat().st_size
    os.replace(part, dest)
    return Downloaded(dest, digest, size)
