"""`paperpass import` reads BibTeX, Zotero CSL-JSON and RIS: entry by entry, matched against the
library by arXiv id, DOI and title, with the local PDFs the entries name linked.

Files the test writes itself run everywhere; real exported files (Better BibTeX / rispy test
fixtures, sources in tests/fixtures/ingest/README.md) run when present in EXPORTS.
"""

from __future__ import annotations

import json
import os
import re
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


def test_a_file_with_no_entries_is_one_line_and_exit_2_in_every_format(isolated_home, tmp_path):
    """An empty .bib (or one of comments and @string only, as JabRef saves an empty library), a CSL-JSON
    `[]` and a .ris with no record import nothing: one line on stderr, exit 2, as a file of no format;
    paperpass's own export of an empty library stays 'imported 0 papers' (a backup of nothing, restored)."""
    runner = CliRunner()
    files = {"empty.bib": "", "comments.bib": "@comment{jabref-meta: databaseType:bibtex;}\n@string{cvpr = {CVPR}}\n",
             "empty.json": "[]", "empty-items.json": '{"items": []}', "junk.ris": "Just a list of papers\n"}
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(cli, ["import", str(path)])
        assert result.exit_code == 2, (name, result.output)
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1, name
        assert result.stderr.startswith(f"paperpass: {path} "), name
    assert "holds no BibTeX entries: nothing to import" in runner.invoke(cli, ["import", str(tmp_path / "empty.bib")]).stderr
    assert "holds no CSL-JSON items" in runner.invoke(cli, ["import", str(tmp_path / "empty.json")]).stderr
    empty_library = tmp_path / "nothing.json"
    empty_library.write_text(json.dumps({"version": 1, "papers": []}), encoding="utf-8")
    result = runner.invoke(cli, ["import", str(empty_library)])
    assert (result.exit_code, result.output) == (0, "imported 0 papers\n")


def test_ris_c3_is_a_conference_papers_proceedings_and_export_writes_it(isolated_home, tmp_path, monkeypatch):
    """A conference paper whose RIS names its proceedings only in C3 (T2, JO, JF absent) has that venue; C3
    in another type (an artwork's size, Zotero's) is none; export writes a conference paper's venue in T2
    (the conference, to Zotero) and C3 (the proceedings' title), and reads it back the same."""
    path = tmp_path / "c3.ris"
    path.write_text("TY  - CONF\nTI  - Sparse Proceedings\nAU  - Roe, Rick\nPY  - 2019\n"
                    "C3  - Proceedings of the 36th International Conference on Machine Learning\nER  - \n"
                    "TY  - CPAPER\nTI  - Named Both Ways\nT2  - ICML 2019\nC3  - Proceedings of ICML\nER  - \n"
                    "TY  - JOUR\nTI  - A Custom Field\nC3  - 30 x 40 cm\nER  - \n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(path)], catch_exceptions=False).exit_code == 0
    assert _kinds(isolated_home) == {
        "Sparse Proceedings": ("conference", "Proceedings of the 36th International Conference on Machine Learning"),
        "Named Both Ways": ("conference", "ICML 2019"), "A Custom Field": ("article", None)}
    ris = runner.invoke(cli, ["export", "--format", "ris"], catch_exceptions=False).output
    assert ("TY  - CONF\nTI  - Sparse Proceedings\nAU  - Roe, Rick\nPY  - 2019\n"
            "T2  - Proceedings of the 36th International Conference on Machine Learning\n"
            "C3  - Proceedings of the 36th International Conference on Machine Learning\n") in ris
    back = tmp_path / "back.ris"
    back.write_text(ris, encoding="utf-8")
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "other"))
    assert runner.invoke(cli, ["import", str(back)], catch_exceptions=False).exit_code == 0
    assert {t: k for t, k in _kinds(tmp_path / "other").items() if t in ("Sparse Proceedings", "Named Both Ways")} \
        == {t: k for t, k in _kinds(isolated_home).items() if t in ("Sparse Proceedings", "Named Both Ways")}


def test_a_masters_thesis_stays_one_through_import_and_export(isolated_home, tmp_path, monkeypatch):
    """@mastersthesis (or biblatex's @thesis with type mathesis), RIS THES with M3 "Master's thesis" and CSL
    thesis with that genre (as Zotero writes them) are master's theses, a @phdthesis a thesis; each export
    writes the degree back (@mastersthesis, M3, genre), so importing the export keeps it."""
    bib, ris, csl = tmp_path / "t.bib", tmp_path / "t.ris", tmp_path / "t.json"
    bib.write_text("@mastersthesis{a, title = {Reading Slowly}, author = {Ng, Nora}, school = {MIT}, year = {2018}}\n"
                   "@thesis{b, title = {Reading Slower}, author = {Ng, Nils}, institution = {KTH}, type = {mathesis}, "
                   "year = {2019}}\n@phdthesis{c, title = {Reading at Length}, author = {Oz, Omar}, school = {ETH}, "
                   "year = {2020}}\n", encoding="utf-8")
    ris.write_text("TY  - THES\nTI  - Reading by Ear\nAU  - Li, Lu\nPB  - UCL\nM3  - Master's thesis\nER  - \n",
                   encoding="utf-8")
    csl.write_text(json.dumps([{"id": "d", "type": "thesis", "genre": "Master's thesis", "title": "Reading by Eye",
                                "publisher": "TU Delft", "author": [{"family": "Vos", "given": "Vera"}]}]),
                   encoding="utf-8")
    runner = CliRunner()
    for path in (bib, ris, csl):
        assert runner.invoke(cli, ["import", str(path)], catch_exceptions=False).exit_code == 0
    expected = {"Reading Slowly": ("masters", "MIT"), "Reading Slower": ("masters", "KTH"),
                "Reading at Length": ("thesis", "ETH"), "Reading by Ear": ("masters", "UCL"),
                "Reading by Eye": ("masters", "TU Delft")}
    assert _kinds(isolated_home) == expected
    exported = {}
    for fmt, suffix in (("bibtex", "bib"), ("ris", "ris"), ("csl-json", "json")):
        exported[fmt] = runner.invoke(cli, ["export", "--format", fmt], catch_exceptions=False).output
        (tmp_path / f"out.{suffix}").write_text(exported[fmt], encoding="utf-8")
    assert re.search(r"@mastersthesis\{ng2018\d+,\n  title = \{\{Reading Slowly\}\}", exported["bibtex"])
    assert re.search(r"@phdthesis\{oz2020\d+,\n  title = \{\{Reading at Length\}\}", exported["bibtex"])
    assert "TY  - THES\nTI  - Reading by Ear\nAU  - Li, Lu\nPB  - UCL\nM3  - Master's thesis\n" in exported["ris"]
    items = {item["title"]: item for item in json.loads(exported["csl-json"])}
    assert (items["Reading by Eye"]["type"], items["Reading by Eye"]["genre"]) == ("thesis", "Master's thesis")
    assert "genre" not in items["Reading at Length"]
    for suffix in ("bib", "ris", "json"):
        monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / f"home-{suffix}"))
        assert runner.invoke(cli, ["import", str(tmp_path / f"out.{suffix}")], catch_exceptions=False).exit_code == 0
        assert {t: k for t, k in _kinds(tmp_path / f"home-{suffix}").items() if t in expected} == expected, suffix


def test_a_year_and_month_stay_through_bibtex_import_and_ris_export(isolated_home, tmp_path, monkeypatch):
    """BibTeX's `month = mar` (or March, or 3) beside the year is kept as '1990-03', as RIS and CSL-JSON dates
    are; RIS export writes a year and month as `DA  - 1990/03//`, which imports back the same."""
    bib = tmp_path / "m.bib"
    bib.write_text("@article{a, title = {Of March}, year = 1990, month = mar}\n"
                   "@article{b, title = {Of September}, year = {1991}, month = {Sept.}}\n"
                   "@article{c, title = {Of Month Three}, year = {1992}, month = {3}}\n"
                   "@article{d, title = {Of No Month}, year = {1993}, month = {Spring}}\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(bib)], catch_exceptions=False).exit_code == 0

    def dates(home: Path) -> dict[str, str | None]:
        from paperpass.store import open_library

        conn = open_library(home)
        try:
            return {p.title: p.published for p in list_papers(conn) if p.title.startswith("Of ")}
        finally:
            conn.close()

    expected = {"Of March": "1990-03", "Of September": "1991-09", "Of Month Three": "1992-03", "Of No Month": "1993"}
    assert dates(isolated_home) == expected
    ris = runner.invoke(cli, ["export", "--format", "ris"], catch_exceptions=False).output
    assert "TI  - Of March\nPY  - 1990\nDA  - 1990/03//\n" in ris and "TI  - Of No Month\nPY  - 1993\nER" in ris
    (tmp_path / "m.ris").write_text(ris, encoding="utf-8")
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "other"))
    assert runner.invoke(cli, ["import", str(tmp_path / "m.ris")], catch_exceptions=False).exit_code == 0
    assert dates(tmp_path / "other") == expected


def test_each_export_writes_the_month_it_knows_and_imports_back_the_same_date(isolated_home, tmp_path, monkeypatch):
    """A date of a year and month ('1990-03') or a year alone ('1993'): BibTeX `month = mar` (no month for a year
    alone), CSL-JSON date-parts [[1990, 3]] / [[1993]], RIS DA 1990/03//, Markdown as stored; each import of the
    export gives the same date back. A day goes through RIS, CSL-JSON and JSON; BibTeX has no day field, so its
    month comes back."""
    from paperpass.store import open_library

    conn = open_library(isolated_home)
    for title, published, year in (("Of March", "1990-03", 1990), ("Of A Year", "1993", 1993),
                                   ("Of A Day", "1994-05-06T10:00:00Z", 1994)):
        upsert_paper(conn, Paper(title=title, published=published, year=year, kind="article", venue="J"))
    conn.close()
    runner = CliRunner()

    def export(fmt: str) -> str:
        return runner.invoke(cli, ["export", "--format", fmt], catch_exceptions=False).output

    bib, csl, ris = export("bibtex"), json.loads(export("csl-json")), export("ris")
    entries = {e.split("title = {{")[1].split("}")[0]: e for e in bib.split("\n\n")}
    assert "  year = {1990},\n  month = mar,\n" in entries["Of March"] and "month" not in entries["Of A Year"]
    assert "month = may," in entries["Of A Day"]
    issued = {i["title"]: i["issued"]["date-parts"] for i in csl if i["title"].startswith("Of ")}
    assert issued == {"Of March": [[1990, 3]], "Of A Year": [[1993]], "Of A Day": [[1994, 5, 6]]}
    assert "DA  - 1990/03//" in ris and "DA  - 1994/05/06" in ris
    markdown = tmp_path / "md"
    assert runner.invoke(cli, ["export", "--format", "markdown", "--out", str(markdown)]).exit_code == 0
    assert any('published: "1990-03"' in f.read_text(encoding="utf-8") for f in markdown.iterdir())
    stored = {"Of March": "1990-03", "Of A Year": "1993", "Of A Day": "1994-05-06T10:00:00Z"}
    back = {"bib": {**stored, "Of A Day": "1994-05"}, "ris": {**stored, "Of A Day": "1994-05-06"},
            "json": {**stored, "Of A Day": "1994-05-06"}, "pp.json": stored}
    (tmp_path / "out.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "out.ris").write_text(ris, encoding="utf-8")
    (tmp_path / "out.json").write_text(json.dumps(csl), encoding="utf-8")
    (tmp_path / "out.pp.json").write_text(export("json"), encoding="utf-8")
    for suffix, expected in back.items():
        home = tmp_path / f"home-{suffix}"
        monkeypatch.setenv("PAPERPASS_HOME", str(home))
        assert runner.invoke(cli, ["import", str(tmp_path / f"out.{suffix}")], catch_exceptions=False).exit_code == 0
        conn = open_library(home)
        try:
            assert {p.title: p.published for p in list_papers(conn) if p.title.startswith("Of ")} == expected, suffix
        finally:
            conn.close()


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


# -- a paper's kind: read from each format and written back the same ------------------------------

KINDS_BIB = r"""
@article{doe2020, title = {Sparse Codes in Cortex}, author = {Doe, Jane}, journal = {Journal of Neural Codes},
  year = {2020}, doi = {10.5555/jnc.2020.1}}
@inproceedings{roe2019, title = {Fast Sparse Attention}, author = {Roe, Rick}, booktitle = {Proceedings of ICML},
  year = {2019}}
@phdthesis{ng2018, title = {Learning to Read Slowly}, author = {Ng, Nora}, school = {MIT}, year = {2018}}
@techreport{lee2017, title = {A Report on Reports}, author = {Lee, Lu}, institution = {Google Research}, year = {2017}}
@incollection{kim2016, title = {Kernels, a Chapter}, author = {Kim, Kai}, booktitle = {The Book of Kernels},
  year = {2016}}
@misc{vas2017, title = {Attention Is All You Need}, author = {Vaswani, Ashish}, eprint = {1706.03762},
  archivePrefix = {arXiv}, year = {2017}}
@article{dev2018, title = {Pre-training Deep Bidirectional Transformers}, author = {Devlin, Jacob},
  journal = {arXiv preprint arXiv:1810.04805}, year = {2018}}
@unpublished{bio2021, title = {Protein Folding at Home}, author = {Fold, Fay}, howpublished = {bioRxiv}, year = {2021}}
@misc{plain2015, title = {Just a Web Page}, author = {Misc, Mo}, year = {2015}}
"""
KINDS_RIS = """TY  - JOUR
TI  - Sparse Codes in Cortex
AU  - Doe, Jane
PY  - 2020
JO  - Journal of Neural Codes
ER  -
TY  - CONF
TI  - Fast Sparse Attention
AU  - Roe, Rick
PY  - 2019
T2  - Proceedings of ICML
ER  -
TY  - THES
TI  - Learning to Read Slowly
AU  - Ng, Nora
PY  - 2018
PB  - MIT
ER  -
TY  - CPAPER
TI  - A Workshop Paper
AU  - Wu, Wei
PY  - 2022
T2  - Workshop on Things
ER  -
"""
KINDS_CSL = [
    {"id": "a", "type": "article-journal", "title": "Sparse Codes in Cortex", "author": [{"family": "Doe", "given": "Jane"}],
     "container-title": "Journal of Neural Codes", "issued": {"date-parts": [[2020, 3, 2]]}},
    {"id": "b", "type": "paper-conference", "title": "Fast Sparse Attention", "author": [{"family": "Roe"}],
     "container-title": "Proceedings of ICML", "issued": {"date-parts": [[2019]]}},
    {"id": "c", "type": "thesis", "title": "Learning to Read Slowly", "author": [{"family": "Ng"}],
     "publisher": "MIT", "issued": {"date-parts": [[2018]]}},
    {"id": "d", "type": "article", "title": "Protein Folding at Home", "author": [{"family": "Fold"}],
     "publisher": "bioRxiv", "issued": {"date-parts": [[2021]]}},
    {"id": "e", "type": "webpage", "title": "Just a Web Page", "author": [{"family": "Misc"}]},
]
# title -> (kind, venue) each file above gives
KINDS_EXPECTED = {
    "Sparse Codes in Cortex": ("article", "Journal of Neural Codes"),
    "Fast Sparse Attention": ("conference", "Proceedings of ICML"),
    "Learning to Read Slowly": ("thesis", "MIT"),
    "A Report on Reports": ("report", "Google Research"),
    "Kernels, a Chapter": ("chapter", "The Book of Kernels"),
    "Attention Is All You Need": ("preprint", None),
    "Pre-training Deep Bidirectional Transformers": ("preprint", None),  # Google Scholar's @article for arXiv
    "Protein Folding at Home": ("preprint", "bioRxiv"),
    "Just a Web Page": (None, None),
    "A Workshop Paper": ("conference", "Workshop on Things"),
}


def _kinds(home: Path) -> dict[str, tuple[str | None, str | None]]:
    from paperpass.store import open_library

    conn = open_library(home)
    try:
        return {p.title: (p.kind, p.venue) for p in list_papers(conn) if p.source != "seed"}
    finally:
        conn.close()


def _write_kind_files(tmp_path: Path) -> list[Path]:
    bib, ris, csl = tmp_path / "kinds.bib", tmp_path / "kinds.ris", tmp_path / "kinds.json"
    bib.write_text(KINDS_BIB, encoding="utf-8")
    ris.write_text(KINDS_RIS, encoding="utf-8")
    csl.write_text(json.dumps(KINDS_CSL), encoding="utf-8")
    return [bib, ris, csl]


def test_each_format_gives_the_kind_its_entries_name(isolated_home, tmp_path, monkeypatch):
    for path in _write_kind_files(tmp_path):
        home = tmp_path / f"home-{path.suffix[1:]}"
        monkeypatch.setenv("PAPERPASS_HOME", str(home))
        result = CliRunner().invoke(cli, ["import", str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        got = _kinds(home)
        assert got == {title: KINDS_EXPECTED[title] for title in got}, path.name
        assert len(got) == {".bib": 9, ".ris": 4, ".json": 5}[path.suffix]


def test_import_export_import_keeps_each_kind_in_bibtex_ris_and_csl_json(isolated_home, tmp_path, monkeypatch):
    runner = CliRunner()
    for path in _write_kind_files(tmp_path):
        assert runner.invoke(cli, ["import", str(path)], catch_exceptions=False).exit_code == 0
    first = _kinds(isolated_home)
    assert first == {title: KINDS_EXPECTED[title] for title in first} and len(first) == 10
    bib = runner.invoke(cli, ["export", "--format", "bibtex"], catch_exceptions=False).output
    entry = {m.group(2): m.group(1) for m in re.finditer(r"@(\w+)\{[^,]*,\n  title = \{\{?(.*?)\}?\},", bib)}
    assert entry["Sparse Codes in Cortex"] == "article" and "journal = {Journal of Neural Codes}" in bib
    assert entry["Fast Sparse Attention"] == "inproceedings" and "booktitle = {Proceedings of ICML}" in bib
    assert entry["Learning to Read Slowly"] == "phdthesis" and "school = {MIT}" in bib
    assert entry["A Report on Reports"] == "techreport" and "institution = {Google Research}" in bib
    assert entry["Kernels, a Chapter"] == "incollection" and "booktitle = {The Book of Kernels}" in bib
    assert entry["Attention Is All You Need"] == "misc" and entry["Protein Folding at Home"] == "unpublished"
    assert entry["Just a Web Page"] == "misc"
    ris = runner.invoke(cli, ["export", "--format", "ris"], catch_exceptions=False).output
    assert "TY  - JOUR\nTI  - Sparse Codes in Cortex" in ris and "JO  - Journal of Neural Codes" in ris
    assert "TY  - CONF\nTI  - Fast Sparse Attention" in ris and "T2  - Proceedings of ICML" in ris
    assert "TY  - THES\nTI  - Learning to Read Slowly" in ris and "TY  - RPRT\nTI  - A Report on Reports" in ris
    csl = {item["title"]: item for item in json.loads(
        runner.invoke(cli, ["export", "--format", "csl-json"], catch_exceptions=False).output)}
    assert csl["Sparse Codes in Cortex"]["type"] == "article-journal"
    assert csl["Sparse Codes in Cortex"]["container-title"] == "Journal of Neural Codes"
    assert csl["Fast Sparse Attention"]["type"] == "paper-conference"
    assert (csl["Kernels, a Chapter"]["type"], csl["Learning to Read Slowly"]["type"]) == ("chapter", "thesis")
    assert csl["Protein Folding at Home"]["type"] == "article" and csl["Just a Web Page"]["type"] == "document"
    whole = runner.invoke(cli, ["export", "--format", "json"], catch_exceptions=False).output
    assert {p["title"]: p["kind"] for p in json.loads(whole)["papers"]}["Kernels, a Chapter"] == "chapter"
    markdown = tmp_path / "md"
    assert runner.invoke(cli, ["export", "--format", "markdown", "--out", str(markdown)]).exit_code == 0
    (note,) = [p.read_text(encoding="utf-8") for p in markdown.glob("*Learning-to-Read-Slowly.md")]
    assert 'kind: "thesis"\nvenue: "MIT"' in note and "\nthesis: MIT\n" in note
    for fmt, text in (("bibtex", bib), ("ris", ris), ("csl-json", json.dumps(list(csl.values()))), ("json", whole)):
        out = tmp_path / f"back.{fmt}"
        out.write_text(text, encoding="utf-8")
        home = tmp_path / f"back-{fmt}"
        monkeypatch.setenv("PAPERPASS_HOME", str(home))
        assert runner.invoke(cli, ["import", str(out)], catch_exceptions=False).exit_code == 0
        assert _kinds(home) == first, fmt
        monkeypatch.setenv("PAPERPASS_HOME", str(isolated_home))


def test_bibtex_entry_types_and_ris_codes_as_real_exports_write_them(conn, tmp_path):
    """Better BibTeX writes arXiv preprints as @unpublished and conference papers as @inproceedings: each paper
    of its file comes twice, and the preprint takes the kind of its published version; rispy's Bell System
    Technical Journal records are TY JOUR."""
    preprints = tmp_path / "preprints.bib"
    text = _export("bbt_arxiv_preprints.bib").read_text(encoding="utf-8")
    entries = ["@" + e.lstrip("@") for e in text.split("\n@")]
    preprints.write_text("\n".join(e for e in entries if e.startswith("@unpublished")), encoding="utf-8")
    assert import_bibliography(conn, preprints).added == 5
    assert {p.kind for p in list_papers(conn) if p.source == "import"} == {"preprint"}
    import_bibliography(conn, _export("bbt_arxiv_preprints.bib"))
    import_bibliography(conn, _export("rispy_urls.ris"))
    kinds = {p.title: p.kind for p in list_papers(conn) if p.source == "import"}
    assert kinds["A Mathematical Theory of Communication"] == "article"
    assert kinds["Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification"] \
        == "conference"
    assert sorted(set(kinds.values())) == ["article", "conference"]


def _authors_after_import(tmp_path, monkeypatch, fmt: str, text: str, title: str) -> list[str]:
    """The authors of `title` after importing an export (`text`, as a .fmt file) into a fresh library."""
    from paperpass.store import open_library

    out, home = tmp_path / f"export-{title}.{fmt}", tmp_path / f"back-{title}-{fmt}"
    out.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PAPERPASS_HOME", str(home))
    assert CliRunner().invoke(cli, ["import", str(out)], catch_exceptions=False).exit_code == 0
    back = open_library(home)
    try:
        (paper,) = [p for p in list_papers(back) if p.title == title]
        return paper.authors
    finally:
        back.close()


def test_ris_and_csl_json_exports_name_each_author_by_family_and_given_names(isolated_home, tmp_path, monkeypatch):
    """Reference managers split a RIS author at its comma ('Family, Given') and read CSL's family/given: a name
    exported whole ('Anna Kowalska') lands as one surname. Particles, suffixes and one-word names survive the
    round trip back into paperpass."""
    from paperpass.store import open_library

    names = ["Anna Kowalska", "Ludwig van Beethoven", "Martin Luther King Jr.", "Geoffrey E. Hinton", "Li Fei-Fei",
             "OpenAI"]
    conn = open_library(isolated_home)
    upsert_paper(conn, Paper(title="Names Worth Keeping", authors=names, venue="Journal of Names", kind="article"))
    conn.close()
    runner = CliRunner()
    ris = runner.invoke(cli, ["export", "--format", "ris"], catch_exceptions=False).output
    record = ris[ris.index("TI  - Names Worth Keeping"):].split("ER  -")[0]
    assert [line[6:] for line in record.splitlines() if line.startswith("AU  - ")] == [
        "Kowalska, Anna", "van Beethoven, Ludwig", "King, Martin Luther, Jr.", "Hinton, Geoffrey E.", "Fei-Fei, Li",
        "OpenAI"]
    csl_text = runner.invoke(cli, ["export", "--format", "csl-json"], catch_exceptions=False).output
    (item,) = [i for i in json.loads(csl_text) if i["title"] == "Names Worth Keeping"]
    assert item["author"][:3] == [
        {"family": "Kowalska", "given": "Anna"},
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."}]
    assert item["author"][-1] == {"literal": "OpenAI"}
    for fmt, text in (("ris", ris), ("json", csl_text)):
        assert _authors_after_import(tmp_path, monkeypatch, fmt, text, "Names Worth Keeping") == names, fmt


def test_bibtex_export_writes_a_suffixed_name_as_last_jr_first(isolated_home, tmp_path, monkeypatch):
    """BibTeX reads 'Martin Luther King Jr.' as given names 'Martin Luther King' and surname 'Jr.' (and the
    citation key came out 'jr1999...'): a name with a suffix is written 'King, Jr., Martin Luther', the key
    takes the surname, and the name comes back whole."""
    from paperpass.store import open_library

    names = ["Martin Luther King Jr.", "Guido van Rossum", "William H. Gates III"]
    conn = open_library(isolated_home)
    upsert_paper(conn, Paper(title="Suffixes Kept", authors=names, venue="Journal of Names", kind="article",
                             year=1999))
    conn.close()
    runner = CliRunner()
    text = runner.invoke(cli, ["export", "--format", "bibtex"], catch_exceptions=False).output
    entry = text[text.index("@article{"):]
    assert entry.startswith("@article{king1999")
    assert "author = {King, Jr., Martin Luther and Guido van Rossum and Gates, III, William H.}" in entry
    out = tmp_path / "names.bib"
    out.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "back"))
    assert runner.invoke(cli, ["import", str(out)], catch_exceptions=False).exit_code == 0
    back = open_library(tmp_path / "back")
    (paper,) = [p for p in list_papers(back) if p.title == "Suffixes Kept"]
    back.close()
    assert paper.authors == names


def test_csl_json_names_keep_their_dropping_particle(conn, tmp_path):
    """CSL-JSON (Zotero, citeproc) puts "van" of "Vincent van Gogh" in dropping-particle: it was dropped."""
    path = tmp_path / "names.json"
    path.write_text(json.dumps([{"id": "g", "type": "article-journal", "title": "Sunflowers, Considered",
                                 "container-title": "J. Art", "author": [
                                     {"family": "Gogh", "given": "Vincent", "dropping-particle": "van"},
                                     {"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"},
                                     {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}]}]),
                    encoding="utf-8")
    assert import_bibliography(conn, path).added == 1
    (paper,) = [p for p in list_papers(conn) if p.title == "Sunflowers, Considered"]
    assert paper.authors == ["Vincent van Gogh", "Alexander von Humboldt", "Ludwig van Beethoven"]


def test_an_organisation_author_is_exported_whole(isolated_home, tmp_path, monkeypatch):
    """A BibTeX {World Health Organization} or a CSL literal is stored as its words; exports split it into
    family 'Organization' and given 'World Health' (cited as 'Organization, W. H.'). A name ending in a word
    that names a body is written whole: RIS as is, CSL as a literal, BibTeX in braces; and it comes back."""
    from paperpass.store import open_library

    names = ["World Health Organization", "ATLAS Collaboration", "Anna Kowalska", "Allen Institute for AI"]
    conn = open_library(isolated_home)
    upsert_paper(conn, Paper(title="Bodies As Authors", authors=names, venue="Reports", kind="report", year=2021))
    conn.close()
    runner = CliRunner()
    ris = runner.invoke(cli, ["export", "--format", "ris"], catch_exceptions=False).output
    record = ris[ris.index("TI  - Bodies As Authors"):].split("ER  -")[0]
    assert [line[6:] for line in record.splitlines() if line.startswith("AU  - ")] == [
        "World Health Organization", "ATLAS Collaboration", "Kowalska, Anna", "Allen Institute for AI"]
    csl_text = runner.invoke(cli, ["export", "--format", "csl-json"], catch_exceptions=False).output
    (item,) = [i for i in json.loads(csl_text) if i["title"] == "Bodies As Authors"]
    assert item["author"] == [{"literal": "World Health Organization"}, {"literal": "ATLAS Collaboration"},
                              {"family": "Kowalska", "given": "Anna"}, {"literal": "Allen Institute for AI"}]
    bib = runner.invoke(cli, ["export", "--format", "bibtex"], catch_exceptions=False).output
    assert ("author = {{World Health Organization} and {ATLAS Collaboration} and Anna Kowalska and "
            "{Allen Institute for AI}}") in bib
    for fmt, text in (("ris", ris), ("json", csl_text), ("bib", bib)):
        assert _authors_after_import(tmp_path, monkeypatch, fmt, text, "Bodies As Authors") == names, fmt


def test_bibtex_citation_keys_are_ascii(isolated_home):
    """Classic BibTeX (and bibtex8 without a code page) stops at a key such as 'núñez2001': keys are written
    in ASCII, accents dropped ('nunez2001...'), as Better BibTeX writes them."""
    from paperpass.store import open_library

    conn = open_library(isolated_home)
    upsert_paper(conn, Paper(title="Keys Of Accented Names", authors=["José Núñez"], year=2001, kind="thesis",
                             venue="MIT"))
    upsert_paper(conn, Paper(title="Keys Of Other Scripts", authors=["王 伟"], year=2002, kind="article",
                             venue="J"))
    conn.close()
    text = CliRunner().invoke(cli, ["export", "--format", "bibtex"], catch_exceptions=False).output
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    assert all(key.isascii() and key for key in keys), keys
    assert any(key.startswith("nunez2001") for key in keys)
    assert any(key.startswith("anon2002") for key in keys)


def test_bibtex_and_others_is_no_author(conn, tmp_path):
    """BibTeX's "and others" (a truncated author list, what "et al." prints from) became an author named
    "others", shown beside the real ones and exported as RIS `AU  - others`."""
    path = tmp_path / "others.bib"
    path.write_text("@article{x, author = {Smith, John and Others}, title = {Et Al Paper Here}, journal = {J},"
                    " year = {2001}}\n", encoding="utf-8")
    assert import_bibliography(conn, path).added == 1
    (paper,) = [p for p in list_papers(conn) if p.title == "Et Al Paper Here"]
    assert paper.authors == ["John Smith"]
