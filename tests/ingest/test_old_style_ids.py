"""Old-style arXiv ids (hep-ph/0703123, math.AG/0601001, with versions) work wherever new ones do:
id parsing in every written form, add, show, mark, PDF file names and dedupe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_recorded import RecordedAPI, render_entry

from paperpass.cli import cli
from paperpass.ids import find_arxiv_ids, parse_arxiv_id
from paperpass.ingest.download import safe_filename
from paperpass.models import Paper
from paperpass.store.papers import get_decision, resolve_paper, upsert_paper

archives = st.from_regex(r"[a-z]{2,6}(-[a-z]{2,4})?", fullmatch=True)
subjects = st.one_of(st.just(""), st.from_regex(r"[A-Z]{2}", fullmatch=True))
numbers = st.from_regex(r"[0-9]{7}", fullmatch=True)
versions = st.one_of(st.none(), st.integers(1, 40))


def _old_id(archive: str, subject: str, number: str) -> str:
    return f"{archive}{'.' + subject if subject else ''}/{number}"


@settings(max_examples=200, deadline=None)
@given(archives, subjects, numbers, versions)
def test_every_written_form_parses_to_the_same_id_and_version(archive, subject, number, version):
    ident = _old_id(archive, subject, number)
    suffix = f"v{version}" if version else ""
    forms = [ident + suffix, f"arXiv:{ident}{suffix}", f"arxiv: {ident}{suffix}",
             f"https://arxiv.org/abs/{ident}{suffix}", f"http://export.arxiv.org/abs/{ident}{suffix}",
             f"https://arxiv.org/pdf/{ident}{suffix}.pdf", f"https://arxiv.org/pdf/{ident}{suffix}",
             (archive.upper() + (f".{subject.lower()}" if subject else "") + f"/{number}{suffix}"),
             f"https://ar5iv.labs.arxiv.org/html/{ident}{suffix}", f"https://www.alphaxiv.org/abs/{ident}{suffix}"]
    for form in forms:
        assert parse_arxiv_id(form) == (ident, version), form
    assert find_arxiv_ids(f"see {ident}{suffix}, and (arXiv:{ident}) and 1512.03385.") == [ident, "1512.03385"]


@pytest.mark.parametrize("url", [
    "https://arxiv.org/html/1706.03762v7", "https://ar5iv.labs.arxiv.org/html/1706.03762v7",
    "https://ar5iv.org/abs/1706.03762v7", "https://www.alphaxiv.org/abs/1706.03762v7?tab=overview",
    "https://huggingface.co/papers/1706.03762v7", "https://scirate.com/arxiv/1706.03762v7/",
])
def test_a_paper_page_on_arxiv_or_a_site_that_shows_it_by_id_names_the_paper(url):
    assert parse_arxiv_id(url) == ("1706.03762", 7)


@pytest.mark.parametrize("url", ["https://notarxiv.org/abs/1706.03762", "https://arxiv.org.evil.example/abs/1706.03762",
                                 "https://huggingface.co/datasets/1706.03762", "https://example.org/abs/1706.03762"])
def test_other_sites_with_an_id_in_the_path_name_no_paper(url):
    assert parse_arxiv_id(url) is None


@settings(max_examples=200, deadline=None)
@given(archives, subjects, numbers, versions)
def test_pdf_file_names_are_flat_and_distinct(archive, subject, number, version):
    ident = _old_id(archive, subject, number)
    paper = Paper(title="t", arxiv_id=ident, arxiv_version=version)
    name = safe_filename(paper.arxiv_id_versioned.replace("/", "_"))
    assert "/" not in name and name.endswith(".pdf") and number in name and archive in name
    other = safe_filename(_old_id(archive, subject, str(int(number) + 1).zfill(7)[-7:]).replace("/", "_"))
    assert other != name or int(number) == 9_999_999


@pytest.mark.parametrize("ident", ["hep-ph/0703123", "math.AG/0601001", "cond-mat/0011001"])
def test_dedupe_across_versions_and_forms(conn, ident):
    first = upsert_paper(conn, Paper(title="A paper", arxiv_id=parse_arxiv_id(ident + "v1")[0], arxiv_version=1))
    second = upsert_paper(conn, Paper(title="A paper, revised", arxiv_id=parse_arxiv_id(
        f"https://arxiv.org/abs/{ident.upper() if '.' not in ident else ident}v3")[0], arxiv_version=3))
    assert first.created and not second.created and second.paper.id == first.paper.id
    assert second.paper.arxiv_version == 3
    for form in (ident, f"{ident}v2", f"arXiv:{ident}", f"https://arxiv.org/abs/{ident}v1"):
        assert resolve_paper(conn, form).id == first.paper.id


RECORDS = [{"id": "hep-ph/0703123", "title": "A phenomenology paper", "summary": "Quarks and such.",
            "authors": ["Ann Physicist"], "categories": ["hep-ph"], "listed": "2007-03-12"},
           {"id": "math.AG/0601001", "title": "An algebraic geometry paper", "summary": "Varieties.",
            "authors": ["Bo Geometer"], "categories": ["math.AG"], "listed": "2006-01-02"}]


@pytest.fixture
def old_api(httpserver, monkeypatch, waits):
    handler = RecordedAPI([render_entry(r, version=2) for r in RECORDS])
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    return handler


def test_add_show_mark_and_pdf_with_old_ids(old_api, httpserver, monkeypatch, isolated_home):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "An algebraic geometry paper")
    pdf = doc.tobytes()
    httpserver.expect_request("/pdf/math.AG/0601001v2").respond_with_data(pdf, content_type="application/pdf")
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    runner = CliRunner()
    added = runner.invoke(cli, ["add", "arXiv:math.AG/0601001", "--pdf", "--json"], catch_exceptions=False)
    assert added.exit_code == 0, added.output
    data = json.loads(added.output)
    assert (data["arxiv_id"], data["arxiv_version"]) == ("math.AG/0601001", 2)
    assert Path(data["pdf_path"]).name == "math.AG_0601001v2.pdf" and Path(data["pdf_path"]).read_bytes() == pdf
    assert runner.invoke(cli, ["add", "https://arxiv.org/abs/hep-ph/0703123v2"]).exit_code == 0
    shown = runner.invoke(cli, ["show", "hep-ph/0703123v1", "--json"], catch_exceptions=False)
    assert shown.exit_code == 0 and "A phenomenology paper" in shown.output
    marked = runner.invoke(cli, ["mark", "math.ag/0601001", "keep", "--json"], catch_exceptions=False)
    assert marked.exit_code == 0 and json.loads(marked.output)["decision"] == "keep"
    from paperpass.store import open_library

    conn = open_library(isolated_home)
    assert get_decision(conn, resolve_paper(conn, "math.AG/0601001").id) == "keep"
    again = runner.invoke(cli, ["add", "math.AG/0601001v2", "--json"], catch_exceptions=False)
    assert json.loads(again.output)["id"] == data["id"]  # no duplicate
