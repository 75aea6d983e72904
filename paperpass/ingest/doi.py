"""A paper's metadata from its DOI: doi.org content negotiation for CSL-JSON (PAPERPASS_DOI_API overrides
the resolver, for tests and mirrors). An arXiv DOI (10.48550/arXiv.<id>) is an arXiv id."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

from paperpass.errors import FetchError, NotFound, PaperpassError
from paperpass.ids import doi_link_path, normalise_doi, parse_arxiv_id
from paperpass.ingest.bibliography import read_bibliography
from paperpass.ingest.http import RetryPolicy, fetch, http_error, new_session
from paperpass.models import Paper

DEFAULT_DOI_API = "https://doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"
_DOI_FORM = re.compile(r"^(?:doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def doi_api_url() -> str:
    return (os.environ.get("PAPERPASS_DOI_API") or DEFAULT_DOI_API).rstrip("/")


def parse_doi(text: str) -> str | None:
    """The DOI a user typed (bare, doi:..., or a doi.org link), lower-cased; None for anything else.

    A doi.org link is a URL: its DOI is the path, percent-decoded, without the query or fragment a page
    or a share button added (?download=true, ?utm_source=..., #abstract) or a trailing slash."""
    m = _DOI_FORM.match(doi_link_path(text).strip())
    return normalise_doi(m.group(1)) if m else None


def arxiv_of_doi(doi: str) -> str | None:
    """The arXiv id an arXiv DOI stands for (10.48550/arxiv.1706.03762 -> 1706.03762)."""
    if doi.startswith("10.48550/arxiv."):
        parsed = parse_arxiv_id(doi.removeprefix("10.48550/arxiv."))
        return parsed[0] if parsed else None
    return None


def fetch_doi_metadata(doi: str) -> Paper:
    """The paper a DOI names; NotFound when the resolver has no such DOI, FetchError when it cannot be reached."""
    url = f"{doi_api_url()}/{quote(doi, safe='/')}"
    what = f"DOI {doi}"
    response = fetch(new_session(), url, headers={"Accept": CSL_JSON}, what=what,
                     policy=RetryPolicy(timeout=20.0, retries=1))
    with response:
        if response.status_code == 404:
            raise NotFound(f"{what} does not resolve (the resolver has no record of it)")
        if response.status_code != 200:
            raise http_error(response, what)
        text = response.text
    try:
        records = read_bibliography(Path(f"{doi.replace('/', '_')}.json"), text, kind="csl-json").records
    except Exception as exc:
        raise FetchError(f"{what}: the resolver's answer is not CSL-JSON ({type(exc).__name__})") from exc
    if not records:
        raise FetchError(f"{what}: the resolver's record has no title")
    paper = records[0].paper
    paper.doi = paper.doi or doi
    paper.source = "manual"
    paper.source_url = paper.source_url or f"https://doi.org/{doi}"
    return paper


def doi_record(doi: str) -> Paper | None:
    """The DOI's record (fetch_doi_metadata), or None when the resolver has none or cannot be reached."""
    try:
        return fetch_doi_metadata(doi)
    except PaperpassError:
        return None
