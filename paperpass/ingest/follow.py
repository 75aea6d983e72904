"""People a researcher follows: names kept in config.toml `follow = [...]`, one arXiv `au:` query each
in the configured ingest (`paperpass.ingest.ingest_configured`)."""

from __future__ import annotations

from pathlib import Path

from paperpass.config import load_settings, save_settings
from paperpass.errors import InvalidInput


def _clean(name: str) -> str:
    from paperpass.ingest.arxiv_api import author_query

    clean = " ".join(name.split())
    author_query(clean)  # refuses what the arXiv query could not hold
    return clean


def followed(path: Path | None = None) -> list[str]:
    return list(load_settings(path).follow)


def follow(names: list[str], path: Path | None = None) -> tuple[list[str], list[str]]:
    """Add authors (case-insensitively once each); returns (newly followed, all followed)."""
    settings = load_settings(path)
    known = {n.casefold() for n in settings.follow}
    added = []
    for name in names:
        clean = _clean(name)
        if clean.casefold() not in known:
            known.add(clean.casefold())
            settings.follow.append(clean)
            added.append(clean)
    if added:
        save_settings(settings, path)
    return added, list(settings.follow)


def unfollow(names: list[str], path: Path | None = None) -> tuple[list[str], list[str]]:
    """Remove authors (matched case- and space-insensitively); InvalidInput for a name not followed."""
    settings = load_settings(path)
    removed = []
    for name in names:
        key = " ".join(name.split()).casefold()
        match = next((n for n in settings.follow if n.casefold() == key), None)
        if match is None:
            raise InvalidInput(f"you do not follow {name!r} (see `paperpass follow --list`)")
        settings.follow.remove(match)
        removed.append(match)
    save_settings(settings, path)
    return removed, list(settings.follow)
