"""`paperpass doctor` finds each kind of damage, explains it, and offers (or applies) the fix."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.library import doctor
from paperpass.models import Paper
from paperpass.store.backup import create_backup, list_backups
from paperpass.store.papers import set_pdf, upsert_paper
from paperpass.store.reading import add_note


def _checks(**kwargs) -> dict[str, doctor.Check]:
    return {c.name: c for c in doctor.run_checks(load_model=False, **kwargs)}


@pytest.fixture
def library(conn, isolated_home):
    add_note(conn, 1, 1, "a note worth keeping")
    create_backup(conn, isolated_home)
    return conn


def test_a_sound_library_is_all_ok(library):
    checks = _checks()
    assert {name: c.detail for name, c in checks.items() if not c.ok} == {}
    assert "not built yet" in checks["search index"].detail


def test_missing_pdf_is_found_with_the_command_that_fetches_it_again(library, isolated_home):
    paper = upsert_paper(library, Paper(title="Gone", arxiv_id="2501.00042", arxiv_version=1)).paper
    set_pdf(library, paper.id, str(isolated_home / "pdfs" / "2501.00042.pdf"), "0" * 64)
    check = _checks()["PDF files"]
    assert not check.ok and "1 of 1 PDFs are missing" in check.detail and "2501.00042.pdf" in check.detail
    assert f"paperpass fetch {paper.id}" in check.fix


def test_a_pdf_that_changed_since_it_was_stored_is_found(library, isolated_home):
    pdf = isolated_home / "pdfs" / "local.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7 original")
    paper = upsert_paper(library, Paper(title="Local paper", source="pdf")).paper
    set_pdf(library, paper.id, str(pdf), hashlib.sha256(b"%PDF-1.7 original").hexdigest())
    assert _checks()["PDF files"].ok
    pdf.write_bytes(b"%PDF-1.7 half-overwritten")
    check = _checks()["PDF checksums"]
    assert not check.ok and "changed since they were stored" in check.detail
    assert "paperpass add PDF_PATH" in check.fix


def test_a_damaged_database_is_explained_with_the_restore_command(library, isolated_home):
    for _ in range(300):  # enough pages that damage in the middle hits a table, not the header
        add_note(library, 2, 2, "filler " * 200)
    library.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    library.close()
    db = isolated_home / "paperpass.db"
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\xa5" * 8192
    db.write_bytes(bytes(data))
    checks = _checks()
    broken = checks.get("database integrity") or checks["database"]
    assert not broken.ok
    assert f"paperpass restore {list_backups(isolated_home)[0]}" in broken.fix


def test_no_recent_backup_is_fixed_by_doctor_fix(conn, isolated_home):
    add_note(conn, 1, 1, "unprotected")
    for old in list_backups(isolated_home):
        old.unlink()
    check = _checks()["backups"]
    assert not check.ok and check.fix.startswith("`paperpass backup`")
    fixed = _checks(fix=True)["backups"]
    assert fixed.ok and fixed.fixed and len(list_backups(isolated_home)) == 1


def test_leftover_temporary_files_are_removed_by_fix(library, isolated_home):
    stale = isolated_home / "paperpass.all-MiniLM-L6-v2.faiss.tmp"
    stale.write_bytes(b"half an index")
    assert not _checks()["leftover files"].ok
    assert _checks(fix=True)["leftover files"].fixed and not stale.exists()
    assert "leftover files" not in _checks()


@pytest.mark.slow
def test_figure_folders_no_pdf_needs_are_found_and_removed_by_fix(library, isolated_home):
    from paperpass.store.trash import delete_paper

    def folder(name: str):
        path = isolated_home / "figures" / name
        path.mkdir(parents=True)
        (path / "figure-1.png").write_bytes(b"\x89PNG" + b"0" * 2000)
        return path

    kept_sha, deleted_sha = "a" * 64, "b" * 64
    kept = upsert_paper(library, Paper(title="Has its PDF", source="pdf")).paper
    set_pdf(library, kept.id, str(isolated_home / "pdfs" / "kept.pdf"), kept_sha)
    gone = upsert_paper(library, Paper(title="Deleted, can be undone", source="pdf")).paper
    set_pdf(library, gone.id, str(isolated_home / "pdfs" / "gone.pdf"), deleted_sha)
    delete_paper(library, gone.id)
    needed = [folder(kept_sha), folder(deleted_sha)]
    stale = [folder("c" * 64), folder(f".{'d' * 64}.1234.partial")]
    check = _checks()["figures"]
    assert not check.ok and "2 figure folders no PDF of the library needs" in check.detail
    assert "doctor --fix" in check.fix
    fixed = _checks(fix=True)["figures"]
    assert fixed.fixed and all(p.is_dir() for p in needed) and not any(p.exists() for p in stale)
    assert "figures" not in _checks()


def test_an_out_of_date_or_damaged_index_is_found_and_rebuilt(library, isolated_home):
    from paperpass.index import rebuild_index
    from paperpass.index.sync import vector_path

    upsert_paper(library, Paper(title="Attention is all you need", abstract="transformers", source="manual"))
    rebuild_index(library)
    assert _checks()["search index"].detail == "up to date with the library"
    add_note(library, 1, 2, "a new note the index has not seen")
    lagging = _checks()["search index"]
    assert lagging.ok and "next search" in lagging.detail  # normal: the next search adds it
    from paperpass.index.embed import get_embedder

    path = vector_path(library, get_embedder().name)  # the file carries the model and backend
    path.unlink()
    rebuild_index(library)
    path.unlink()  # deleted behind paperpass's back
    missing = _checks()["search index"]
    assert not missing.ok and "is missing" in missing.detail and "paperpass index rebuild" in missing.fix
    rebuild_index(library)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a torn write
    damaged = _checks()["search index"]
    assert not damaged.ok and "damaged" in damaged.detail
    repaired = _checks(fix=True)["search index"]
    assert repaired.ok and repaired.fixed
    assert _checks()["search index"].ok


def test_cli_doctor_prints_the_fix_and_exits_non_zero(library, isolated_home, monkeypatch):
    monkeypatch.setattr(doctor, "_model_check", lambda: doctor.Check("embedding model", True, "skipped in test"))
    paper = upsert_paper(library, Paper(title="Gone", arxiv_id="2501.00042", arxiv_version=1)).paper
    set_pdf(library, paper.id, str(isolated_home / "pdfs" / "gone.pdf"), "0" * 64)
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1
    assert "BAD    PDF files: 1 of 1 PDFs are missing" in result.output
    assert f"fix: download again: `paperpass fetch {paper.id}`" in result.output
    as_json = {c["name"]: c for c in json.loads(CliRunner().invoke(cli, ["doctor", "--json"]).stdout)}
    assert as_json["PDF files"]["fix"] and as_json["PDF files"]["fixed"] is False
