"""Paper dedupe: arXiv id across versions, then DOI, then normalised title."""

import pytest

from paperpass.errors import NotFound
from paperpass.models import Paper
from paperpass.store.papers import list_papers, resolve_paper, set_decision, upsert_paper
from paperpass.store.reading import add_note, notes_for


def test_newer_version_updates_the_record_and_keeps_notes(conn):
    v1 = upsert_paper(conn, Paper(title="Old title", arxiv_id="2106.09685", arxiv_version=1, abstract="a")).paper
    add_note(conn, v1.id, 1, "my note")
    set_decision(conn, v1.id, "keep")
    result = upsert_paper(conn, Paper(title="LoRA: Low-Rank Adaptation", arxiv_id="2106.09685", arxiv_version=2))
    assert (result.created, result.updated) == (False, True)
    assert result.paper.id == v1.id and result.paper.arxiv_version == 2
    assert result.paper.title == "LoRA: Low-Rank Adaptation" and result.paper.abstract == "a"
    assert notes_for(conn, v1.id)[0].text == "my note"
    # an older version arriving later changes nothing
    assert not upsert_paper(conn, Paper(title="Old title", arxiv_id="2106.09685", arxiv_version=1)).updated


def test_dedupe_by_doi_then_title(conn):
    a = upsert_paper(conn, Paper(title="Some Paper", doi="10.1000/XYZ.1")).paper
    assert upsert_paper(conn, Paper(title="Some paper (preprint)", doi="https://doi.org/10.1000/xyz.1")).paper.id == a.id
    b = upsert_paper(conn, Paper(title="Dropout: A Simple Way to Prevent Neural Networks from Overfitting")).paper
    again = upsert_paper(conn, Paper(title="dropout -- a simple way to prevent neural networks from overfitting"))
    assert again.paper.id == b.id and not again.created
    other = upsert_paper(conn, Paper(title="Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
                                     arxiv_id="1207.0580"))
    assert other.paper.id == b.id  # a stored paper without an arXiv id gains it


def test_resolve_by_id_and_any_arxiv_form(conn):
    p = upsert_paper(conn, Paper(title="ResNet-ish", arxiv_id="1512.03385")).paper
    for ref in (str(p.id), "1512.03385", "1512.03385v2", "arXiv:1512.03385", "https://arxiv.org/abs/1512.03385v1"):
        assert resolve_paper(conn, ref).id == p.id
    with pytest.raises(NotFound):
        resolve_paper(conn, "99999")
    with pytest.raises(NotFound):
        resolve_paper(conn, "not-an-id")


def test_a_preprint_takes_the_kind_of_its_published_record_and_a_known_kind_stays(conn):
    arxiv = Paper(title="Sparse Mixtures", arxiv_id="2301.00007", arxiv_version=1, doi="10.5555/sm", kind="preprint")
    pid = upsert_paper(conn, arxiv).paper.id
    journal = Paper(title="Sparse Mixtures", doi="10.5555/sm", venue="Journal of Mixtures", kind="article")
    assert upsert_paper(conn, journal).paper.kind == "article"
    # the arXiv listing again, a newer version, or a record that names no kind: the journal article stays one
    for record in (arxiv, Paper(title="Sparse Mixtures", arxiv_id="2301.00007", arxiv_version=2, kind="preprint"),
                   Paper(title="Sparse Mixtures", doi="10.5555/sm")):
        assert upsert_paper(conn, record).paper.kind == "article"
    # a preprint whose newer arXiv version names a journal reference (and so no kind) is no longer a preprint
    upsert_paper(conn, Paper(title="Dense Mixtures", arxiv_id="2301.00008", arxiv_version=1, kind="preprint"))
    newer = upsert_paper(conn, Paper(title="Dense Mixtures", arxiv_id="2301.00008", arxiv_version=2,
                                     venue="J. Mixtures 3 (2024)")).paper
    assert (newer.kind, newer.venue) == (None, "J. Mixtures 3 (2024)")
    assert resolve_paper(conn, str(pid)).kind == "article"


def test_a_json_export_keeps_each_kind_and_an_older_or_odd_one_reads_as_unknown(conn, tmp_path):
    from paperpass.store import open_library
    from paperpass.store.transfer import export_library, import_library

    upsert_paper(conn, Paper(title="Typed", doi="10.5555/typed", venue="J. Types", kind="article"))
    data = export_library(conn)
    assert {p["title"]: p["kind"] for p in data["papers"]}["Typed"] == "article"
    other = open_library(tmp_path / "other")
    try:
        import_library(other, data)
        assert resolve_paper(other, str(next(p["id"] for p in data["papers"] if p["title"] == "Typed"))).kind \
            == "article"
        for record in data["papers"]:
            if record["title"] == "Typed":
                record["kind"] = "poster"  # not a kind this paperpass knows
            else:
                record.pop("kind")  # an export from before kinds were kept
        import_library(other, data, replace=True)
        assert {p.kind for p in list_papers(other)} == {None}
    finally:
        other.close()


def _dated(conn, title, published, added):
    """A paper published `published` (a day, a month or a year) that came into the library at `added`."""
    p = upsert_paper(conn, Paper(title=title, abstract="a", published=published)).paper
    conn.execute("UPDATE papers SET added = ? WHERE id = ?", (added, p.id))
    return p.id


def test_a_date_of_only_a_month_or_year_neither_breaks_the_triage_window_nor_hides_a_new_paper(conn):
    from paperpass.store.papers import triage_window

    day = _dated(conn, "A paper of a day", "2026-11-30", "2026-12-01T08:00:00")
    month = _dated(conn, "A paper of this month", "2026-12", "2026-12-02T09:00:00")
    year = _dated(conn, "A paper of this year", "2026", "2026-12-02T10:00:00")
    old = _dated(conn, "An old paper of a month", "1990-03", "2026-12-02T11:00:00")
    bad = _dated(conn, "A paper of no real month", "2026-13", "2026-12-02T12:00:00")
    window = triage_window(conn, 7)
    # the window ends at the newest day (a month is not a day that sorts after 2026-11-30)
    assert (window.start, window.end) == ("2026-11-26", "2026-12-02")
    listed = [p.id for p in window.papers]
    assert set(listed) == {day, month, year, bad} and old not in listed
    assert listed[-1] == day  # newest first: the partial dates count from the day they were added
    assert triage_window(conn, 7).older == 1


def test_list_papers_dates_a_paper_of_a_month_or_year_as_triage_does(conn):
    """list_papers(since=...) and its order count a partial date from the day it was added, or the last day of
    its month or year when earlier (store.papers.PUBLISHED_DAY): '2026-12' is not before '2026-12-01'."""
    from paperpass.store.papers import triage_days

    day = _dated(conn, "A paper of a day", "2026-12-03T10:00:00", "2026-12-03T11:00:00")
    month = _dated(conn, "A paper of this month", "2026-12", "2026-12-05T09:00:00")
    year = _dated(conn, "A classic of a year", "2012", "2026-12-01T10:00:00")
    old = _dated(conn, "A paper of last month", "2026-11-20", "2026-12-01T10:00:00")
    assert [p.id for p in list_papers(conn, since="2026-12-01")] == [month, day]
    mine = {month, day, old, year}  # the library holds the seeded classics too
    assert [p.id for p in list_papers(conn) if p.id in mine] == [month, day, old, year]
    assert triage_days(conn, [month, year, day]) == {month: "2026-12-05", year: "2012-12-31", day: "2026-12-03"}


def test_a_later_record_tells_a_year_or_month_its_day_but_never_moves_a_date(conn):
    """A paper stored with its year alone (a classic, a BibTeX entry) takes the day a later record of it gives
    within that year; a record of another year, or a vaguer date, changes nothing."""
    pid = upsert_paper(conn, Paper(title="Deep Residual Learning", published="2015")).paper.id
    assert upsert_paper(conn, Paper(title="Deep Residual Learning", published="2015-12")).paper.published == "2015-12"
    assert upsert_paper(conn, Paper(title="Deep Residual Learning", published="2016-06-27")).paper.published \
        == "2015-12"
    assert upsert_paper(conn, Paper(title="Deep Residual Learning", published="2015-12-10T17:00:00")).paper.published \
        == "2015-12-10T17:00:00"
    assert upsert_paper(conn, Paper(title="Deep Residual Learning", published="2015")).paper.published \
        == "2015-12-10T17:00:00"
    assert resolve_paper(conn, str(pid)).published == "2015-12-10T17:00:00"
