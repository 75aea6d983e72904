"""PDF parsing: a paper's PDF becomes a `paperpass.models.Document`.

    from paperpass.parse import parse_document
    doc = parse_document("paper.pdf")            # in this process, cooperative time bound
    doc = parse_document("paper.pdf", isolated=True)  # in a child process, killed at the time bound
    figs = extract_figures_isolated("paper.pdf", out_dir)  # figures and tables as PNGs (parse/figures.py)

Bad files (zero bytes, not a PDF, truncated, corrupt, encrypted, image-only)
raise `paperpass.errors.ParseError` with one sentence naming the problem.
The time bound and the child process are explained in `paperpass.parse.isolated`.
This package only re-exports; pymupdf is imported only inside its functions.
"""

from __future__ import annotations

from paperpass.parse.figures import FIGURES_VERSION, MAX_BYTES_PER_PAPER
from paperpass.parse.isolated import (
    DEFAULT_TIMEOUT,
    PARSER_VERSION,
    contract_dict,
    document_from_dict,
    extract_figures_isolated,
    parse_document,
)
from paperpass.parse.isolated import (
    _ensure_resource_tracker as _ensure_resource_tracker,  # the TUI starts it before its first parse
)
from paperpass.parse.pdf import first_page_text

__all__ = [
    "DEFAULT_TIMEOUT",
    "FIGURES_VERSION",
    "MAX_BYTES_PER_PAPER",
    "PARSER_VERSION",
    "contract_dict",
    "document_from_dict",
    "extract_figures_isolated",
    "first_page_text",
    "parse_document",
]
