"""A library paper's parsed PDF: parse it (in a child process) through the cache, store its references.

The cache's table and the reference matching live in store/documents.py; this
module runs the parser, so it sits above both store and parse.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from paperpass.errors import NotFound, ParseError
from paperpass.files import file_sha256
from paperpass.models import Document
from paperpass.store import documents as cache
from paperpass.store.documents import references_are_from, store_references
from paperpass.store.papers import get_paper
from paperpass.store.refs import references_for


def cached_document(conn: sqlite3.Connection, sha256: str, parser_version: str | None = None) -> Document | None:
    """The cached parse of the PDF with this hash (by this parser version unless told), if any."""
    from paperpass.parse import PARSER_VERSION, document_from_dict  # the parser loads when a PDF is read

    data = cache.cached_document_json(conn, sha256, parser_version or PARSER_VERSION)
    return document_from_dict(json.loads(data)) if data is not None else None


def cache_document(conn: sqlite3.Connection, sha256: str, document: Document,
                   parser_version: str | None = None) -> None:
    """Keep a parse of the PDF with this hash (as made by this parser version unless told)."""
    from paperpass.parse import PARSER_VERSION

    cache.cache_document(conn, sha256, document, parser_version or PARSER_VERSION)


def parse_cached(conn: sqlite3.Connection, path: Path, *, timeout: float | None = None) -> tuple[Document, str, bool]:
    """(document, the file's sha256, whether it was parsed now) for any PDF, through the cache."""
    if not path.is_file():
        raise ParseError(f"{path}: the PDF file is missing")
    sha = file_sha256(path)
    document = cached_document(conn, sha)
    if document is not None:
        return document, sha, False
    from paperpass.parse import DEFAULT_TIMEOUT, parse_document

    document = parse_document(path, timeout=timeout or DEFAULT_TIMEOUT, isolated=True)
    cache_document(conn, sha, document)
    return document, sha, True


def load_document(conn: sqlite3.Connection, paper_id: int, *, timeout: float | None = None) -> Document:
    """A library paper's parsed PDF, its references matched against the library (and stored).

    Reads the cache when this PDF was parsed by this parser version before. The
    references carry `matched_paper_id` and the user's `queued` marks.
    """
    paper = get_paper(conn, paper_id)
    if not paper.pdf_path:
        raise NotFound(f"paper {paper_id} has no PDF yet (download it first)")
    document, _, fresh = parse_cached(conn, Path(paper.pdf_path), timeout=timeout)
    stored = references_for(conn, paper_id)
    if fresh or not stored or not references_are_from(stored, document.references):
        stored = store_references(conn, paper_id, document.references)
    document.references = stored
    return document
