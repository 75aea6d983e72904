"""Editing, tagging, deleting and bringing back papers through the Library facade."""

from __future__ import annotations

import pytest
from library_helpers import table_dump, write_pdf

from paperpass.errors import InvalidInput, NotFound
from paperpass.models import Paper
from paperpass.store.papers import set_pdf, upsert_paper


def _paper(library, title: str, **fields) -> int:
    return upsert_paper(library.conn, Paper(title=title, **fields)).paper.stored_id


def _rich_paper(library, home) -> tuple[int, int]:
    """A paper with everything a reader can hang on it, and another paper citing it; (paper, other)."""
    conn = library.conn
    pid = _paper(library, "Attention Is All You Need", arxiv_id="1706.03762", arxiv_version=5,
                 authors=["Ashish Vaswani", "Noam Shazeer"], abstract="The dominant sequence transduction models")
    other = _paper(library, "BERT: Pre-training of Deep Bidirectional Transformers", arxiv_id="1810.04805")
    pdf = write_pdf(home / "pdfs" / "1706.03762v5.pdf")
    from paperpass.files import file_sha256

    set_pdf(conn, pid, str(pdf), file_sha256(pdf))
    library.decide(pid, "keep")
    for pass_no in (1, 2, 3):
        library.start_pass(pid, pass_no)
        library.add_pass_time(pid, pass_no, 120.0 * pass_no)
        library.set_checklist_item(pid, pass_no, "headings", True)
    library.finish_pass(pid, 3)
    note = library.add_note(pid, 1, "Self-attention replaces recurrence.")
    assert note.id is not None
    library.update_note(note.id, "Self-attention replaces recurrence; multi-head.")
    library.add_note(pid, 2, "Figure 2: scaled dot-product attention.")
    library.set_five_cs(pid, category="architecture", context="seq2seq", clarity="good")
    library.set_review(pid, pass1_decision="continue", reproducibility="yes", code_url="https://example.org/t2t")
    conn.execute("INSERT INTO paper_refs (paper_id, position, raw, title, year, matched_paper_id, queued) "
                 "VALUES (?, 0, '[1] BERT', 'BERT', 2018, ?, 1)", (pid, other))
    conn.execute("INSERT INTO paper_refs (paper_id, position, raw, title, year, matched_paper_id, queued) "
                 "VALUES (?, 0, '[1] Attention', 'Attention', 2017, ?, 0)", (other, pid))
    library.create_list("Transformers")
    library.add_to_list("Transformers", pid)
    library.edit_paper(pid, add_tags=["nlp", "Classics to reread"])
    return pid, other


# -- edit ---------------------------------------------------------------------------------------

def test_edit_sets_clears_and_guards_the_arxiv_id(library):
    """A local PDF taken for the arXiv paper it cites: the reader clears the id, or gives the right one."""
    pid = _paper(library, "A short workshop paper", arxiv_id="1706.03762", arxiv_version=5)
    other = _paper(library, "BERT", arxiv_id="1810.04805")
    cleared = library.edit_paper(pid, arxiv_id="")
    assert (cleared.arxiv_id, cleared.arxiv_version) == (None, None)
    # the id it wrongly held is free again: the real paper can be stored under it
    real = _paper(library, "Attention Is All You Need", arxiv_id="1706.03762")
    assert real not in (pid, other)
    fixed = library.edit_paper(pid, arxiv_id="https://arxiv.org/abs/2401.01234v2")
    assert (fixed.arxiv_id, fixed.arxiv_version) == ("2401.01234", 2)
    for bad, says in (("1810.04805", f"already paper {other}"), ("not an id", "not an arXiv id")):
        with pytest.raises(InvalidInput, match=says):
            library.edit_paper(pid, arxiv_id=bad, title="Changed title")
        paper = library.paper(pid)
        assert (paper.arxiv_id, paper.title) == ("2401.01234", "A short workshop paper")  # nothing changed
    assert library.edit_paper(pid, arxiv_id="none").arxiv_id is None


def test_edit_changes_the_fields_and_tags_and_search_follows(library, word_embedder):
    pid = _paper(library, "A misparsed tilte from the PDF", authors=["Someone"])
    assert [h.paper_id for h in library.search('"misparsed"', scope="papers")] == [pid]  # quoted: keyword only
    edited = library.edit_paper(pid, title="  Hyperbolic   Origami Folding ", authors=["Kaiming He", "Xiangyu Zhang"],
                                year=2016, venue="CVPR", add_tags=["vision", "resnets"])
    assert (edited.title, edited.authors, edited.year, edited.venue) == (
        "Hyperbolic Origami Folding", ["Kaiming He", "Xiangyu Zhang"], 2016, "CVPR")
    assert library.paper_tags(pid) == ["resnets", "vision"]
    assert library.tags() == ["resnets", "vision"]
    # the search index picks up the new title (keyword and meaning), the old one is gone
    assert [h.paper_id for h in library.search('"origami folding"', scope="papers")] == [pid]
    assert library.search('"misparsed"', scope="papers") == []
    library.edit_paper(pid, remove_tags=["VISION"], venue="")  # tags match case-insensitively; "" clears
    assert library.paper_tags(pid) == ["resnets"] and library.paper(pid).venue is None
    row = next(r for r in library.library_rows() if r.paper.id == pid)
    assert row.tags == ("resnets",)
    assert library.details(pid)["tags"] == ["resnets"]


@pytest.mark.parametrize("change, words", [
    ({"title": "   "}, "title cannot be empty"),
    ({"year": 3024}, "year 3024 is out of range"),
    ({"year": 12}, "year 12 is out of range"),
    ({"authors": ["Ada Lovelace", " "]}, "author's name cannot be empty"),
    ({"add_tags": ["a, b"]}, "comma"),
    ({"add_tags": ["x" * 41]}, "longer than 40"),
    ({"title": "A fine title", "add_tags": [""]}, "tag cannot be empty"),
])
def test_bad_edits_change_nothing(library, change, words):
    pid = _paper(library, "Some paper", authors=["A. Author"], year=2020)
    library.edit_paper(pid, add_tags=["kept"])
    before = table_dump(library.conn)
    with pytest.raises(InvalidInput) as raised:
        library.edit_paper(pid, **change)
    assert words in str(raised.value) and "\n" not in str(raised.value)
    assert table_dump(library.conn) == before


def test_editing_an_unknown_paper_is_not_found(library):
    with pytest.raises(NotFound, match="no paper with id 4242"):
        library.edit_paper(4242, title="x")
    with pytest.raises(NotFound):
        library.delete_preview(4242)
    with pytest.raises(NotFound):
        library.delete_paper(4242)


# -- delete and undo ------------------------------------------------------------------------------

def test_delete_preview_says_what_goes(library, isolated_home):
    pid, _ = _rich_paper(library, isolated_home)
    preview = library.delete_preview(pid)
    assert (preview.notes, preview.reading, preview.passes, preview.decision, preview.queued_refs) == (
        2, "done", [1, 2, 3], "keep", 1)
    assert preview.lists == ["Transformers"] and preview.tags == ["Classics to reread", "nlp"]
    assert preview.pdf_path == str(isolated_home / "pdfs" / "1706.03762v5.pdf")
    sentence = preview.what_goes()
    assert "2 notes" in sentence and "1 queued reference" in sentence and preview.pdf_path in sentence


def test_delete_then_undo_restores_every_user_table_and_the_pdf(library, isolated_home):
    pid, other = _rich_paper(library, isolated_home)
    pdf = isolated_home / "pdfs" / "1706.03762v5.pdf"
    pdf_bytes = pdf.read_bytes()
    before = table_dump(library.conn)

    gone = library.delete_paper(pid)
    assert gone.paper_id == pid and gone.notes == 2
    with pytest.raises(NotFound):
        library.paper(pid)
    conn = library.conn
    for table in ("notes", "pass_state", "triage", "five_cs", "reviews", "paper_refs", "list_items", "paper_tags",
                  "paper_done"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE paper_id = ?", (pid,)).fetchone()[0] == 0, table
    assert conn.execute("SELECT count(*) FROM note_versions").fetchone()[0] == 0
    assert conn.execute("SELECT matched_paper_id FROM paper_refs WHERE paper_id = ?", (other,)).fetchone()[0] is None
    assert not pdf.exists()
    trashed = list((isolated_home / "trash").iterdir())
    assert len(trashed) == 1 and trashed[0].read_bytes() == pdf_bytes
    assert library.tags() == []

    back = library.undo_delete()
    assert back.id == pid and back.pdf_path == str(pdf) and pdf.read_bytes() == pdf_bytes
    assert table_dump(library.conn) == before
    assert list((isolated_home / "trash").iterdir()) == []
    with pytest.raises(NotFound, match="nothing to undo"):
        library.undo_delete()


def test_deleting_twice_is_one_line_and_undo_brings_back_the_last(library):
    first = _paper(library, "First paper")
    second = _paper(library, "Second paper")
    library.delete_paper(first)
    with pytest.raises(NotFound, match=f"no paper with id {first}"):
        library.delete_paper(first)
    library.delete_paper(second)
    assert library.undo_delete().title == "Second paper"
    assert library.undo_delete().title == "First paper"


def test_undo_when_the_id_was_taken_gives_a_new_id_with_the_notes(library):
    pid = _paper(library, "The newest paper")
    library.add_note(pid, 1, "a note worth keeping")
    library.delete_paper(pid)
    newcomer = _paper(library, "A paper added after the delete")
    assert newcomer == pid  # SQLite reuses the highest id
    back = library.undo_delete()
    assert back.id != pid and back.title == "The newest paper"
    assert [n.text for n in library.notes(back.stored_id)] == ["a note worth keeping"]
    assert library.paper(newcomer).title == "A paper added after the delete"


def test_a_pdf_outside_the_data_directory_is_never_moved(library, tmp_path):
    own = write_pdf(tmp_path / "mine" / "paper.pdf")
    pid = _paper(library, "My own file")
    set_pdf(library.conn, pid, str(own), "0" * 64)
    assert library.delete_preview(pid).pdf_path is None
    library.delete_paper(pid)
    assert own.is_file()
    assert library.undo_delete().pdf_path == str(own)


def test_a_paper_added_again_blocks_its_undo_with_one_line(library):
    pid = _paper(library, "Attention", arxiv_id="1706.03762")
    library.delete_paper(pid)
    again = _paper(library, "Attention (again)", arxiv_id="1706.03762")
    with pytest.raises(InvalidInput, match=f"in the library again \\(paper {again}\\)"):
        library.undo_delete()
    library.delete_paper(again)  # the newest delete is undone first
    assert library.undo_delete().id == again


def test_search_forgets_a_deleted_paper_and_finds_it_again_after_undo(library, word_embedder):
    pid = _paper(library, "Quasicrystal tilings of hyperbolic planes", abstract="Penrose tilings, aperiodic order.")
    library.add_note(pid, 1, "aperiodic order without translational symmetry")
    assert pid in {h.paper_id for h in library.search("aperiodic tilings")}  # builds the index, vectors too
    library.delete_paper(pid)
    assert pid not in {h.paper_id for h in library.search("aperiodic tilings")}
    assert library.search('"quasicrystal"') == []
    library.undo_delete()
    assert {h.kind for h in library.search("aperiodic tilings") if h.paper_id == pid} >= {"paper", "note"}


def test_only_the_last_deletes_are_kept_with_their_pdfs(library, isolated_home, monkeypatch):
    monkeypatch.setattr("paperpass.store.trash.KEEP_SNAPSHOTS", 2)
    ids = []
    for n in range(3):
        pid = _paper(library, f"Paper number {n}")
        pdf = write_pdf(isolated_home / "pdfs" / f"paper-{n}.pdf")
        set_pdf(library.conn, pid, str(pdf), "0" * 64)
        ids.append(pid)
    for pid in ids:
        library.delete_paper(pid)
    assert sorted(p.name.split("-", 2)[2] for p in (isolated_home / "trash").iterdir()) == ["paper-1.pdf",
                                                                                           "paper-2.pdf"]
    assert [library.undo_delete().title for _ in range(2)] == ["Paper number 2", "Paper number 1"]
    with pytest.raises(NotFound, match="nothing to undo"):
        library.undo_delete()


def test_a_pdf_that_could_not_be_moved_is_found_where_it_was(library, isolated_home, monkeypatch):
    pid = _paper(library, "Stuck file")
    pdf = write_pdf(isolated_home / "pdfs" / "stuck.pdf")
    set_pdf(library.conn, pid, str(pdf), "0" * 64)

    def refuse(src, dst):
        raise PermissionError("read-only")

    with monkeypatch.context() as patch:
        patch.setattr("paperpass.library.manage.os.replace", refuse)
        library.delete_paper(pid)  # the rows go; the file stays (a crash between the two looks the same)
    assert pdf.is_file()
    assert library.undo_delete().pdf_path == str(pdf)
