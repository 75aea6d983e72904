"""A title in LaTeX (arXiv's API, a BibTeX export) and the same title in Unicode (a journal's feed, a PDF)
are one paper; a bare "%" in a BibTeX title is text, not a comment that cuts the title short."""

from __future__ import annotations

import json

from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.ids import normalise_title, same_title
from paperpass.library import Library


def test_latex_and_unicode_forms_of_a_title_are_one_title():
    assert same_title(r"{$\alpha$-Nets}: Adaptive Networks", "α-Nets: Adaptive Networks")
    assert same_title(r'Schr{\"o}dinger Bridges Are Transport Planners', "Schrödinger bridges are transport planners")
    assert normalise_title(r"$\beta$-VAE") == normalise_title("β-VAE") != normalise_title("VAE")
    assert not same_title(r"$\alpha$-Nets", r"$\beta$-Nets")
    assert normalise_title("Costs $5 per query") == "costs 5 per query"  # one "$" is a dollar


_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>A journal</title><link>{base}/</link>
<item><title>Schrödinger Bridges Are Optimal Transport Planners</title><link>{base}/a.pdf</link>
 <description>Bridges.</description></item>
<item><title>α-Nets: Adaptive Networks for Sparse Data</title><link>{base}/b.pdf</link>
 <description>Nets.</description></item>
</channel></rss>"""

_BIB = r"""@article{s1, title = {Schr{\"o}dinger Bridges Are Optimal Transport Planners}, author = {M{\"u}ller, J{\"u}rgen},
  year = {2026}, journal = {J}}
@article{s2, title = {{$\alpha$-Nets}: Adaptive Networks for Sparse Data}, author = {Smith, Ann}, year = {2026},
  journal = {J}}
@article{s3, title = {Pruning 90% of Weights with $\lambda$-Search}, author = {Smith, Ann}, year = {2026},
  abstract = {We prune 90% of the weights of \textsc{ResNet} and keep its accuracy.}}
"""


def test_a_bibtex_import_in_latex_merges_with_the_feed_papers_in_unicode(httpserver, isolated_home, waits, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/toc.rss").respond_with_data(_FEED.format(base=base), content_type="application/rss+xml")
    fed = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"])
    assert json.loads(fed.stdout)["added"] == 2, fed.output
    bib = tmp_path / "library.bib"
    bib.write_text(_BIB, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(bib), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["updated"] + summary["unchanged"]) == (1, 2), summary
    with Library.open(isolated_home) as library:
        titles = sorted(p.title for p in library.papers() if p.source != "seed")
        pruning = next(p for p in library.papers() if p.title.startswith("Pruning"))
    assert titles == ["Pruning 90% of Weights with $\\lambda$-Search", "Schrödinger Bridges Are Optimal Transport Planners",
                      "α-Nets: Adaptive Networks for Sparse Data"]
    assert pruning.abstract == "We prune 90% of the weights of ResNet and keep its accuracy."


def test_a_title_with_a_formula_goes_out_to_bibtex_as_tex_and_comes_back_the_same(isolated_home, tmp_path,
                                                                                monkeypatch):
    """An arXiv-style title with a formula exports as LaTeX can typeset it (`$\\lambda$`, not `\\$\\lambda\\$`,
    which breaks the user's document), its bare % escaped; importing the export gives the same title."""
    bib = tmp_path / "in.bib"
    bib.write_text("@article{p1, title = {Pruning 90\\% of Weights with $\\lambda$-Search}, author = {Smith, Ann},"
                   " year = {2026}, journal = {J}}\n@article{p2, title = {R\\&D: 50\\% faster_{x}}, year = {2025}}\n",
                   encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(bib)]).exit_code == 0
    out = tmp_path / "out.bib"
    assert CliRunner().invoke(cli, ["export", "--format", "bibtex", "--out", str(out)]).exit_code == 0
    exported = out.read_text(encoding="utf-8")
    assert "title = {{Pruning 90\\% of Weights with $\\lambda$-Search}}" in exported
    assert "title = {{R\\&D: 50\\% faster\\_x}}" in exported  # plain text: escaped as before
    with Library.open(isolated_home) as library:
        before = sorted(p.title for p in library.papers() if p.source != "seed")
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "other"))
    assert CliRunner().invoke(cli, ["import", str(out)]).exit_code == 0
    with Library.open(tmp_path / "other") as library:
        assert sorted(p.title for p in library.papers() if p.source != "seed") == before
