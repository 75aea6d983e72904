"""`paperpass add DOI` on records as resolvers really send them: Crossref's JATS abstracts (a
<jats:title>Abstract</jats:title>, then paragraphs), an organisation as author ({"name": ...}), a title
or journal given as a list. The resolver is a loopback server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from paperpass.cli import cli


@pytest.fixture
def resolver(httpserver, monkeypatch, waits):
    monkeypatch.setenv("PAPERPASS_DOI_API", httpserver.url_for("").rstrip("/"))
    return httpserver


def test_a_crossref_record_with_jats_and_an_organisation(resolver, isolated_home):
    record = {"type": "article-journal", "title": ["Kernel Mean Embeddings of <i>Graphs</i>"],
              "author": [{"name": "The Graph Consortium"}, {"family": "Solberg", "given": "Ingrid"}],
              "issued": {"date-parts": [[2024, 2, 1]]}, "DOI": "10.9999/ABC.1",
              "container-title": ["Journal of Kernels"],
              "abstract": "<jats:title>Abstract</jats:title><jats:p>We embed graphs in an <jats:italic>RKHS</jats:italic>"
                          " &amp; compare them.</jats:p><jats:p>Second paragraph.</jats:p>"}
    resolver.expect_request("/10.9999/abc.1").respond_with_data(
        json.dumps(record), content_type="application/vnd.citationstyles.csl+json")
    result = CliRunner().invoke(cli, ["add", "10.9999/abc.1", "--json"])
    assert result.exit_code == 0, result.output
    paper = json.loads(result.stdout)
    assert paper["title"] == "Kernel Mean Embeddings of Graphs"
    assert paper["authors"] == ["The Graph Consortium", "Ingrid Solberg"]
    assert paper["abstract"] == "We embed graphs in an RKHS & compare them. Second paragraph."
    assert paper["venue"] == "Journal of Kernels" and paper["year"] == 2024


@pytest.mark.parametrize("csl_type, extra, kind", [
    ("journal-article", {}, "article"),  # Crossref's types, as doi.org's CSL-JSON gives them
    ("proceedings-article", {}, "conference"),
    ("book-chapter", {}, "chapter"),
    ("posted-content", {"subtype": "preprint"}, "preprint"),
    ("posted-content", {"subtype": "other"}, None),
    ("dissertation", {}, "thesis"),
    ("report", {}, "report"),
    ("paper-conference", {}, "conference"),  # CSL's own
    ("dataset", {}, None),
])
def test_the_records_type_is_the_papers_kind(resolver, isolated_home, csl_type, extra, kind):
    record = {"type": csl_type, "title": "A Typed Record", "author": [{"family": "Tan", "given": "Mei"}],
              "issued": {"date-parts": [[2023]]}, "DOI": "10.9999/typed.1", "container-title": "Venue of Record",
              **extra}
    resolver.expect_request("/10.9999/typed.1").respond_with_data(
        json.dumps(record), content_type="application/vnd.citationstyles.csl+json")
    result = CliRunner().invoke(cli, ["add", "10.9999/typed.1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == kind


def test_a_journal_article_by_its_doi_exports_as_an_article_with_its_journal(resolver, isolated_home):
    record = {"type": "journal-article", "title": "Tides of Attention", "author": [{"family": "Sato", "given": "Yu"}],
              "issued": {"date-parts": [[2022, 7]]}, "DOI": "10.9999/tides", "container-title": ["Ocean Learning"]}
    resolver.expect_request("/10.9999/tides").respond_with_data(
        json.dumps(record), content_type="application/vnd.citationstyles.csl+json")
    assert CliRunner().invoke(cli, ["add", "10.9999/tides"]).exit_code == 0
    bib = CliRunner().invoke(cli, ["export", "--format", "bibtex"]).output
    (entry,) = [e for e in bib.split("\n\n") if "Tides of Attention" in e]
    assert entry.startswith("@article{sato2022") and "journal = {Ocean Learning}" in entry
    assert "booktitle" not in entry
    ris = CliRunner().invoke(cli, ["export", "--format", "ris"]).output
    (record_text,) = [r for r in ris.split("ER  - ") if "Tides of Attention" in r]
    assert record_text.strip().startswith("TY  - JOUR") and "JO  - Ocean Learning" in record_text
