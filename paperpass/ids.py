"""Paper identity: arXiv id forms, DOIs and normalised titles (the dedupe keys)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from paperpass.errors import InvalidInput
from paperpass.text import has_latex, latex_to_text

# New style: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015-), optional version.
_NEW = r"(?P<new>\d{4}\.\d{4,5})"
# Old style: archive(.subject)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD = r"(?P<old>[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"

_BARE = re.compile(rf"^(?:arxiv:\s*)?{_ID}$", re.IGNORECASE)
# arXiv's own pages (any of its hosts: www, export, ar5iv.labs, browse; a page inside the HTML version) and
# the sites that show an arXiv paper under its id (ar5iv, alphaXiv's abs and overview, Hugging Face papers,
# SciRate). A link pasted from running text may keep the sentence's full stop or its brackets.
_URL = re.compile(
    rf"^[<(]?(?:https?://)?(?:[\w-]+\.)*(?:arxiv\.org|ar5iv\.org|alphaxiv\.org|huggingface\.co|scirate\.com)"
    rf"/(?:abs|pdf|html|format|papers|arxiv|overview)/{_ID}(?:\.pdf)?(?:/[^?#\s]*)?(?:[?#]\S*)?(?<![.,;:)>])[.,;:)>]*$",
    re.IGNORECASE,
)
# Inside running text (references, feed links, PDF stamps).
_IN_TEXT = re.compile(rf"(?:(?<=abs/)|(?<=pdf/)|(?<![\w./-])){_ID}(?![\d])", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
# An arXiv category: an archive (cs, math, hep-th, astro-ph, q-bio, ...) and, for most, a subject class.
_CATEGORY = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z\-]+)?$")


def is_arxiv_category(text: str) -> bool:
    """Whether `text` has the shape of an arXiv category (cs.LG, hep-th, math.AG)."""
    return bool(_CATEGORY.match(text))


def _old_id(raw: str) -> str:
    archive, number = raw.split("/", 1)
    if "." in archive:  # math.GT -> keep subject class as arXiv prints it
        head, subject = archive.split(".", 1)
        return f"{head.lower()}.{subject.upper()}/{number}"
    return f"{archive.lower()}/{number}"


def _from_match(m: re.Match[str]) -> tuple[str, int | None]:
    ident = m.group("new") or _old_id(m.group("old"))
    version = m.group("version")
    return ident, int(version) if version else None


def parse_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """(id without version, version or None) for any arXiv id form, else None.

    Accepts 1512.03385, 1512.03385v2, arXiv:1512.03385, hep-th/9901001,
    https://arxiv.org/abs/1512.03385v2, https://arxiv.org/pdf/1512.03385.pdf, and the same paper's page
    on ar5iv, alphaXiv, Hugging Face papers or SciRate.
    """
    text = text.strip()
    for pattern in (_BARE, _URL):
        m = pattern.match(text)
        if m:
            return _from_match(m)
    return None


def require_arxiv_id(text: str) -> tuple[str, int | None]:
    parsed = parse_arxiv_id(text)
    if parsed is None:
        raise InvalidInput(f"{text!r} is not an arXiv id or arXiv URL")
    return parsed


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id (without version) mentioned in running text, in order, deduplicated."""
    found: list[str] = []
    for m in _IN_TEXT.finditer(text):
        ident, _ = _from_match(m)
        if ident not in found:
            found.append(ident)
    return found


DOI_RESOLVER_HOSTS = ("doi.org", "dx.doi.org", "www.doi.org")


def doi_link_path(text: str) -> str:
    """A doi.org link's DOI part: its percent-decoded path, without the query or fragment a page, a feed or a
    share button added (?download=true, ?af=R, #abstract) and without slashes around it; other text as it is."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:  # a malformed link ('http://[x'): no doi.org link
        return text
    if parts.scheme.lower() in ("http", "https") and (parts.hostname or "").lower() in DOI_RESOLVER_HOSTS:
        return unquote(parts.path).strip("/")
    return text


def normalise_doi(text: str | None) -> str | None:
    if not text:
        return None
    m = _DOI.search(doi_link_path(text))
    if not m:
        return None
    return m.group(1).rstrip(".,;)]").lower()


def normalise_title(title: str) -> str:
    """Case-, accent-, punctuation- and whitespace-insensitive title key; LaTeX in it (arXiv titles, BibTeX)
    read as the text it stands for, so `$\\alpha$-Nets` is α-Nets and `Schr{\\"o}dinger` Schrödinger."""
    text = latex_to_text(title, math_as_text=True) if has_latex(title) else title
    if not text.isascii():  # ASCII has no accents to strip; this skips a per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def same_title(a: str, b: str) -> bool:
    """Whether two titles name one paper: the same words (normalise_title), or one the other's start (a
    subtitle left off)."""
    x, y = normalise_title(a), normalise_title(b)
    return bool(x and y) and (x == y or x.startswith(y) or y.startswith(x))
