"""A library as a folder (paperpass.json + pdfs/) that a fresh data directory imports whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from library_helpers import table_dump, write_pdf

from paperpass.errors import InvalidInput
from paperpass.files import file_sha256
from paperpass.library import Library
from paperpass.models import Paper
from paperpass.store.papers import set_pdf, upsert_paper


def _with_pdfs(library: Library, home: Path, elsewhere: Path) -> dict[int, bytes]:
    """Three papers: a PDF in pdfs/, the user's own PDF outside the data directory, none. {id: PDF bytes}."""
    conn = library.conn
    inside = upsert_paper(conn, Paper(title="Inside paper", arxiv_id="2401.00001", arxiv_version=1)).paper.stored_id
    outside = upsert_paper(conn, Paper(title="Outside paper")).paper.stored_id
    upsert_paper(conn, Paper(title="No PDF paper"))
    a = write_pdf(home / "pdfs" / "2401.00001v1.pdf", "Inside the library.")
    b = write_pdf(elsewhere / "paper.pdf", "The user's own file.")
    set_pdf(conn, inside, str(a), file_sha256(a))
    set_pdf(conn, outside, str(b), file_sha256(b))
    library.add_note(inside, 1, "A note that travels.")
    library.edit_paper(outside, add_tags=["travel"])
    return {inside: a.read_bytes(), outside: b.read_bytes()}


def test_export_folder_into_a_fresh_home_keeps_every_table_and_pdf(library, isolated_home, tmp_path):
    pdfs = _with_pdfs(library, isolated_home, tmp_path / "mine")
    out = tmp_path / "export"
    json_path, copied = library.export_folder(out)
    assert json_path == out / "paperpass.json" and copied == 2
    exported = json.loads(json_path.read_text(encoding="utf-8"))
    paths = [p["pdf_path"] for p in exported["papers"] if p["pdf_path"]]
    assert sorted(paths) == ["pdfs/2401.00001v1.pdf", "pdfs/paper.pdf"]  # relative to the folder

    fresh_home = tmp_path / "fresh"
    with Library.open(fresh_home) as fresh:
        fresh.prepare()
        imported, copied_in, missing = fresh.import_folder(out)
        assert (copied_in, missing) == (2, [])
        assert imported == len(exported["papers"])
        skip = {"papers": {"pdf_path"}}
        assert table_dump(fresh.conn, skip=skip) == table_dump(library.conn, skip=skip)
        for paper_id, data in pdfs.items():
            path = Path(fresh.paper(paper_id).pdf_path or "")
            assert path.parent == fresh_home / "pdfs" and path.read_bytes() == data


def test_a_json_export_names_pdfs_relative_to_the_data_directory(library, isolated_home, tmp_path):
    _with_pdfs(library, isolated_home, tmp_path / "mine")
    records = json.loads(library.export_json())["papers"]
    assert {r["title"]: r["pdf_path"] for r in records if r["pdf_path"]} == {
        "Inside paper": "pdfs/2401.00001v1.pdf", "Outside paper": str(tmp_path / "mine" / "paper.pdf")}


def test_a_folder_missing_a_pdf_imports_the_rest_and_names_it(library, isolated_home, tmp_path):
    _with_pdfs(library, isolated_home, tmp_path / "mine")
    out = tmp_path / "export"
    library.export_folder(out)
    (out / "pdfs" / "paper.pdf").unlink()
    with Library.open(tmp_path / "fresh") as fresh:
        fresh.prepare()
        _, copied, missing = fresh.import_folder(out)
        assert copied == 1 and missing == ["pdfs/paper.pdf"]
        outside = next(p for p in fresh.papers() if p.title == "Outside paper")
        assert outside.pdf_path == str(tmp_path / "fresh" / "pdfs" / "paper.pdf")
        assert not Path(outside.pdf_path).exists()  # doctor reports it (tests/cli)


def test_bad_folders_are_one_line_and_change_nothing(library, isolated_home, tmp_path):
    _with_pdfs(library, isolated_home, tmp_path / "mine")
    out = tmp_path / "export"
    library.export_folder(out)
    before = table_dump(library.conn)
    with pytest.raises(InvalidInput, match="not empty; import into a new PAPERPASS_HOME"):
        library.import_folder(out)  # this library has data
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(InvalidInput, match=r"folder without paperpass\.json"):
        library.import_folder(plain)
    (plain / "note.txt").write_text("x")
    with pytest.raises(InvalidInput, match="is not empty"):
        library.export_folder(plain)
    assert table_dump(library.conn) == before
    assert sorted(p.name for p in (isolated_home / "pdfs").iterdir()) == ["2401.00001v1.pdf"]


def test_an_older_export_with_absolute_paths_never_points_into_the_old_library(library, isolated_home, tmp_path):
    _with_pdfs(library, isolated_home, tmp_path / "mine")
    data = json.loads(library.export_json())
    for record in data["papers"]:  # as exports written before paths became relative named them
        if record["pdf_path"] and not Path(record["pdf_path"]).is_absolute():
            record["pdf_path"] = str(isolated_home / record["pdf_path"])
    with Library.open(tmp_path / "fresh") as fresh:
        fresh.import_export(data)
        paths = {p.title: p.pdf_path for p in fresh.papers() if p.pdf_path}
    assert paths == {"Inside paper": str(tmp_path / "fresh" / "pdfs" / "2401.00001v1.pdf"),  # missing: doctor says so
                     "Outside paper": str(tmp_path / "mine" / "paper.pdf")}  # the user's own file stays
