"""Ingest: fill the library with papers from the arXiv API, feeds, ids and local PDFs, and fetch their PDFs.

    from paperpass.ingest import ingest_arxiv, ingest_feed, ingest_configured, add_paper, download_paper_pdf

The pipeline is in `paperpass.ingest.pipeline`; this package only re-exports it.
"""

from __future__ import annotations

from paperpass.ingest.pipeline import (
    Progress,
    add_paper,
    download_paper_pdf,
    download_pdfs,
    fetch_arxiv_metadata,
    import_bibliography,
    ingest_arxiv,
    ingest_configured,
    ingest_feed,
)

__all__ = [
    "Progress",
    "add_paper",
    "download_paper_pdf",
    "download_pdfs",
    "fetch_arxiv_metadata",
    "import_bibliography",
    "ingest_arxiv",
    "ingest_configured",
    "ingest_feed",
]
