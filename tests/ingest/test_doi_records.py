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
