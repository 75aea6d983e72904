"""`paperpass import` reads BibTeX, Zotero CSL-JSON and RIS: entry by entry, matched against the
library by arXiv id, DOI and title, with the local PDFs the entries name linked.

Files the test writes itself run everywhere; real exported files (Better BibTeX / rispy test
fixtures, sources in tests/fixtures/ingest/README.md) run when present in EXPORTS.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.ingest import import_bibliography
from paperpass.models import Paper
from paperpass.store.papers import count_papers, list_papers, resolve_paper, upsert_paper

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "exports"  # real exports, with their sources


def _pdf(path: Path, text: str) -> Path:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    doc.save(path)
    return path


BIB = r"""
@article{he2016,
  title = {Deep {{Residual Learning}} for {{Image Recognition}}},
  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  year = {2016},
  journal = {CVPR},
  doi = {10.1109/CVPR.2016.90},
  file = {Full Text:He et al - 2016 - Deep Residual Learning.pdf:application/pdf}
}
@misc{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
  eprint = {1706.03762v5},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL}
}
@misc{broken,
  title = {Unclosed entry
@article{noTitle, author = {Nobody, A}, year = 2020}
@article{old, title = {Quarks, {\"O}dd {\'e}ntries \& more}, author = {M{\"u}ller, J{\"o}rg}, eprint = {hep-ph/0703123}, eprinttype = {arxiv}, date = {2007-03-12}}
"""

CSL = [
    {"id": "a", "type": "article-journal", "title": "Attention is all you need",
     "author": [{"family": "Vaswani", "given": "Ashish"}], "issued": {"date-parts": [[2017, 6, 12]]},
     "URL": "https://arxiv.org/abs/1706.03762", "container-title": "arXiv preprint arXiv:1706.03762"},
    {"id": "b", "type": "article-journal", "title": "A <i>journal</i> paper", "DOI": "10.5555/J.1",
     "author": [{"literal": "The Consortium"}, {"family": "Ng", "given": "A."}],
     "issued": {"date-parts": [["2020", 3]]}, "container-title": "Journal of Examples"},
    {"id": "c", "type": "article", "author": [{"family": "Untitled"}]},
    "not an item",
]

RIS = """Some header line from an exporter
TY  - JOUR
TI  - A journal paper
AU  - Ng, A.
DO  - https://doi.org/10.5555/j.1
PY  - 2020///
ER  -

TY  - CONF
T1  - Residual learning,
      revisited
A1  - He, Kaiming
DA  - 2021/06/01
UR  - https://example.org/paper
L1  - file://{pdf}
N1  - arXiv:2106.00001
ER  -

TY  - JOUR
AU  - Nobody
ER  -
"""


def test_bibtex_entry_by_entry_with_pdf(conn, tmp_path):
    _pdf(tmp_path / "He et al - 2016 - Deep Residual Learning.pdf", "Deep Residual Learning")
    path = tmp_path / "lib.bib"
    path.write_text(BIB, encoding="utf-8")
    summary = import_bibliography(conn, path)
    # three readable entries; "Attention Is All You Need" may already be there (a seeded classic)
    assert (summary.seen, summary.added + summary.updated + summary.unchanged, summary.pdfs) == (5, 3, 1)
    reasons = dict(summary.failed)
    assert reasons["noTitle"] == "the entry has no title"
    assert any("not valid BibTeX" in r for r in reasons.values())
    he = next(p for p in list_papers(conn) if p.doi == "10.1109/cvpr.2016.90")
    assert he.title == "Deep Residual Learning for Image Recognition"
    assert he.authors == ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"]
    # one paper per title: a seeded classic of the same title took the DOI and the PDF
    assert [p.title for p in list_papers(conn)].count(he.title) == 1
    assert he.pdf_path and Path(he.pdf_path).read_bytes()[:5] == b"%PDF-"
    attention = resolve_paper(conn, "1706.03762")
    assert attention.arxiv_version == 5 and attention.authors == ["Ashish Vaswani", "Noam Shazeer"]
    old = resolve_paper(conn, "hep-ph/0703123")
    assert old.title == "Quarks, Ödd éntries & more" and old.authors == ["Jörg Müller"]
    assert old.published == "2007-03-12"


def test_csl_json_and_ris_match_what_is_already_there(conn, tmp_path):
    existing = upsert_paper(conn, Paper(title="Attention Is All You Need", arxiv_id="1706.03762",
                                        arxiv_version=5, source="arxiv")).paper
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps(CSL), encoding="utf-8")
    first = import_bibliography(conn, csl)
    assert (first.seen, first.added, first.unchanged + first.updated) == (4, 1, 1)
    assert dict(first.failed) == {"c": "the item has no title", "item 4": "not a CSL item (an object)"}
    journal = next(p for p in list_papers(conn) if p.doi == "10.5555/j.1")
    assert journal.title == "A journal paper" and journal.authors == ["The Consortium", "A. Ng"]
    assert journal.venue == "Journal of Examples" and journal.published == "2020-03"
    assert resolve_paper(conn, "1706.03762").id == existing.id

    pdf = _pdf(tmp_path / "revisited.pdf", "Residual learning, revisited")
    ris = tmp_path / "export.ris"
    ris.write_text(RIS.format(pdf=pdf), encoding="utf-8")
    second = import_bibliography(conn, ris)
    assert (second.seen, second.added, second.pdfs) == (3, 1, 1)
    assert second.failed == [("record at line 19", "the record has no title")]
    assert count_papers(conn) == len(list_papers(conn))
    revisited = resolve_paper(conn, "2106.00001")  # the arXiv id a note names
    assert revisited.title == "Residual learning, revisited" and revisited.published == "2021-06-01"
    assert revisited.pdf_path and Path(revisited.pdf_path).is_file()
    again = import_bibliography(conn, ris)
    assert (again.added, again.pdfs) == (0, 0)


def test_cli_import_formats_and_the_old_json_export(isolated_home, tmp_path):
    path = tmp_path / "lib.bib"
    path.write_text(BIB, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"] == "lib.bib (bibtex)" and len(data["failed"]) == 2
    assert data["added"] + data["updated"] + data["unchanged"] == 3
    export = runner.invoke(cli, ["export", "--format", "json"], catch_exceptions=False)
    assert export.exit_code == 0
    exported = tmp_path / "export.json"
    exported.write_text(export.output, encoding="utf-8")
    os.environ["PAPERPASS_HOME"] = str(tmp_path / "other")
    try:
        back = runner.invoke(cli, ["import", str(exported)], catch_exceptions=False)
        assert back.exit_code == 0 and back.output.startswith("imported ")
    finally:
        os.environ["PAPERPASS_HOME"] = str(isolated_home)
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(bad)])
    assert result.exit_code == 2 and "not a BibTeX, CSL-JSON, RIS or paperpass export" in result.output


# -- real exported files ------------------------------------------------------------------------

def _export(name: str) -> Path:
    path = EXPORTS / name
    assert path.is_file(), f"real export {name} missing from {EXPORTS} (see tests/fixtures/ingest/README.md)"
    return path


def test_real_better_bibtex_arxiv_preprints(conn):
    summary = import_bibliography(conn, _export("bbt_arxiv_preprints.bib"))
    assert summary.seen == 12 and summary.failed == []
    # six papers, each exported twice (preprint and published): the second copy matches the first
    assert summary.added == 6 and summary.added + summary.updated + summary.unchanged == 12
    prelu = resolve_paper(conn, "1502.01852")
    assert prelu.title.startswith("Delving Deep into Rectifiers") and prelu.authors[0] == "Kaiming He"
    assert prelu.abstract.startswith("Rectified activation units")


def test_real_zotfile_export_with_duplicate_file_fields(conn):
    summary = import_bibliography(conn, _export("bbt_zotfile_attachments.bib"))
    assert (summary.seen, summary.added, summary.failed) == (7, 7, [])


def test_real_csl_json_library(conn):
    summary = import_bibliography(conn, _export("bbt_library.csl.json"))
    assert summary.seen == 26 and summary.failed == []
    papers = [p for p in list_papers(conn) if p.source == "import"]
    assert all(p.title and p.authors for p in papers)
    # short DOIs (10/abc) cannot be resolved offline: the DOI comes from a doi.org or /doi/ link instead
    assert sum(1 for p in papers if p.doi) >= 13


def test_real_ris_exports(conn):
    utf = import_bibliography(conn, _export("rispy_utf_chars.ris"))
    assert utf.added == 1
    paper = next(p for p in list_papers(conn) if p.source == "import")
    assert paper.authors[0] == "Yu E. Dobrokhotova" and paper.title.startswith("Состояние")
    assert paper.abstract.startswith("Состояние") and "The state of the receptor" in paper.abstract
    urls = import_bibliography(conn, _export("rispy_urls.ris"))
    assert (urls.seen, urls.added) == (4, 1)  # the same paper four times
