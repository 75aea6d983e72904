"""Schema migrations: numbered, transactional, recorded in user_version; bad databases refused untouched."""

import json
import sqlite3

import pytest

from paperpass.errors import SchemaTooNew, StoreError
from paperpass.ids import normalise_title
from paperpass.store.db import connect
from paperpass.store.migrations import MIGRATIONS, migrate_schema


def test_new_database_is_at_latest_version_in_wal_mode(tmp_path):
    conn = connect(tmp_path / "p.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"papers", "notes", "note_versions", "pass_state", "five_cs", "triage", "paper_refs",
            "reading_lists", "list_items", "feeds", "embeddings", "parsed_documents"} <= tables


def test_migrations_apply_step_by_step_from_an_old_version(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](raw)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO papers (title, title_norm, added) VALUES ('Old paper', 'old paper', '2020-01-01')")
    raw.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT title FROM papers").fetchone()[0] == "Old paper"
    assert migrate_schema(conn) == len(MIGRATIONS)  # a second run is a no-op


def test_failed_migration_rolls_back_and_keeps_the_version(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    connect(path).close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr("paperpass.store.migrations.MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        connect(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()


def test_database_from_a_newer_paperpass_is_refused_and_untouched(tmp_path):
    path = tmp_path / "new.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE future (x)")
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer"):
        connect(path)
    assert path.read_bytes() == before


def test_corrupt_database_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="corrupt or not a paperpass database"):
        connect(path)
    assert path.read_bytes() == before


def _library_at_version(home, version: int) -> sqlite3.Connection:
    """A library in `home` as paperpass `version` left it (its first `version` migrations), open for writing."""
    home.mkdir()
    raw = sqlite3.connect(home / "paperpass.db", isolation_level=None)
    for migration in MIGRATIONS[:version]:
        migration(raw)
    raw.execute(f"PRAGMA user_version = {version}")
    return raw


def test_a_library_from_before_kinds_opens_and_exports_as_before(tmp_path, monkeypatch):
    """A version-8 library (no papers.kind) is migrated: its papers have no kind, and the exports fall back
    to the venue as before (a venue: @inproceedings; a DOI alone: @article; else @misc)."""
    from click.testing import CliRunner

    from paperpass.cli import cli

    home = tmp_path / "home"
    raw = _library_at_version(home, 8)
    raw.executemany("INSERT INTO papers (id, title, title_norm, venue, doi, year, added) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(1, "Old Venue Paper", "old venue paper", "NeurIPS", None, 2019, "2020-01-01"),
                     (2, "Old DOI Paper", "old doi paper", None, "10.5555/old", 2018, "2020-01-01"),
                     (3, "Old Plain Paper", "old plain paper", None, None, 2017, "2020-01-01")])
    raw.close()
    monkeypatch.setenv("PAPERPASS_HOME", str(home))
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "1", "--json"], catch_exceptions=False)
    assert shown.exit_code == 0 and json.loads(shown.output)["kind"] is None
    conn = connect(home / "paperpass.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [tuple(r) for r in conn.execute("SELECT id, kind FROM papers WHERE id <= 3 ORDER BY id")] == [
        (1, None), (2, None), (3, None)]
    conn.close()
    bib = runner.invoke(cli, ["export", "--format", "bibtex"], catch_exceptions=False).output
    entries = {e.split("title = {")[1].split("}")[0].strip("{"): e for e in bib.split("\n\n")}
    assert entries["Old Venue Paper"].startswith("@inproceedings{") and "booktitle = {NeurIPS}" in bib
    assert entries["Old DOI Paper"].startswith("@article{") and entries["Old Plain Paper"].startswith("@misc{")


def test_a_classic_or_reference_dated_1_january_of_its_year_keeps_the_year_alone(tmp_path, monkeypatch):
    """A version-9 library: seeds and papers added from a reference list were dated f"{year}-01-01", a day no
    source gave. The migration leaves their year ('2012'), and show, JSON and the exports say no January; a
    paper of another source, or a reference dated otherwise, keeps its date."""
    from click.testing import CliRunner

    from paperpass.cli import cli

    home = tmp_path / "home"
    raw = _library_at_version(home, 9)
    raw.executemany("INSERT INTO papers (id, title, title_norm, year, published, source, added) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(1, "A Classic", "a classic", 2012, "2012-01-01", "seed", "2026-01-01"),
                     (2, "A Reference", "a reference", 2016, "2016-01-01", "reference", "2026-01-01"),
                     (3, "A Reference Fetched", "a reference fetched", 2016, "2016-05-04", "reference", "2026-01-01"),
                     (4, "A New Year Paper", "a new year paper", 2020, "2020-01-01", "feed", "2026-01-01"),
                     (5, "A Reference Re-dated", "a reference re dated", 2017, "2016-01-01", "reference",
                      "2026-01-01")])
    raw.close()
    monkeypatch.setenv("PAPERPASS_HOME", str(home))
    runner = CliRunner()
    shown = runner.invoke(cli, ["show", "1", "--json"], catch_exceptions=False)
    assert shown.exit_code == 0 and json.loads(shown.output)["published"] == "2012"
    conn = connect(home / "paperpass.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [tuple(r) for r in conn.execute("SELECT id, published FROM papers WHERE id <= 5 ORDER BY id")] == [
        (1, "2012"), (2, "2016"), (3, "2016-05-04"), (4, "2020-01-01"), (5, "2016-01-01")]
    conn.close()
    ris = runner.invoke(cli, ["export", "--format", "ris"], catch_exceptions=False).output
    assert "DA  - 2012/01/01" not in ris and "DA  - 2016/05/04" in ris
    csl = json.loads(runner.invoke(cli, ["export", "--format", "csl-json"], catch_exceptions=False).output)
    assert {i["title"]: i["issued"] for i in csl}["A Classic"] == {"date-parts": [[2012]]}
    assert 'published: "2012"\n' in runner.invoke(cli, ["show", "1"], catch_exceptions=False).output


def test_a_library_from_before_latex_title_keys_matches_the_unicode_title(tmp_path, monkeypatch):
    """A version-10 library keyed `$\\alpha$-Nets` as 'alpha nets'; migrated, its key is the one α-Nets has, so
    the same paper from a Unicode feed or PDF is recognised; a title without LaTeX keeps its key."""
    home = tmp_path / "home"
    raw = _library_at_version(home, 10)
    raw.executemany("INSERT INTO papers (id, title, title_norm, added) VALUES (?, ?, ?, ?)",
                    [(1, "$\\alpha$-Nets: Adaptive Networks", "alpha nets adaptive networks", "2026-01-01"),
                     (2, "Plain Title", "plain title", "2026-01-01")])
    raw.close()
    conn = connect(home / "paperpass.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [tuple(r) for r in conn.execute("SELECT id, title_norm FROM papers WHERE id <= 2 ORDER BY id")] == [
        (1, normalise_title("α-Nets: Adaptive Networks")), (2, "plain title")]
    conn.close()
