"""Ingest throughput on loopback: arXiv API entries parsed+stored per second, re-ingest, PDF downloads.

    .venv/bin/python bench/ingest_throughput.py [--entries 2000]

Serves 2,000 arXiv API entries on 127.0.0.1 in the recorded API's Atom layout
(rendered from the real daily listings in ../shared/fixtures/real/metadata,
20 pages of 100), with the politeness delay set to 0, and the real PDFs in
../shared/fixtures/real/pdfs with Range support. Baseline beside our figure:
the stock `arxiv.Client` fetching and parsing the same pages without storing.
Peak memory per download is tracemalloc's peak of Python allocations while
that one file streams: it must stay flat as files grow.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from ingest_recorded import REAL, RecordedAPI, listing_records, render_entry  # noqa: E402


def load_pdfs() -> dict[str, bytes]:
    pdf_files = sorted((REAL / "pdfs").glob("*.pdf"), key=lambda p: p.stat().st_size)
    pdfs = {p.name: p.read_bytes() for p in pdf_files}
    # The real PDFs stop at 3.5 MB; one real paper padded to 40 MB with PDF comment lines shows the
    # memory stays flat when the file grows (marked synthetic in the table).
    big = pdfs[pdf_files[-1].name]
    pad = (b"%" + b"x" * 1022 + b"\n") * (40 * 1024 - len(big) // 1024)
    cut = big.rfind(b"%%EOF")  # padding after startxref leaves the file's offsets valid
    pdfs["synthetic_40MB.pdf"] = big[:cut] + pad + big[cut:]
    return pdfs


def server_process(n: int, urls, stop) -> None:
    """The loopback server, in its own process so it does not share the client's GIL."""
    import logging

    from pytest_httpserver import HTTPServer
    from werkzeug.wrappers import Response

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    api = RecordedAPI([render_entry(r) for r in listing_records(n)])
    pdfs = load_pdfs()

    def pdf(request):
        data = pdfs[request.path.rsplit("/", 1)[1]]
        m = re.match(r"bytes=(\d+)-", request.headers.get("Range", ""))
        if m:
            start = int(m.group(1))
            return Response(data[start:], 206, content_type="application/pdf",
                            headers={"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"})
        return Response(data, 200, content_type="application/pdf")

    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/api/query").respond_with_handler(api)
    server.expect_request(re.compile(r"^/pdf/.*")).respond_with_handler(pdf)
    server.start()
    urls.put(server.url_for("/"))
    stop.wait()
    server.stop()


def main() -> None:
    import multiprocessing

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args()
    if not REAL.is_dir():
        sys.exit(f"real fixtures not found at {REAL}")

    home = Path(tempfile.mkdtemp(prefix="paperpass-bench-"))
    os.environ["PAPERPASS_HOME"] = str(home)
    from paperpass.config import Settings, save_settings

    save_settings(Settings(arxiv_delay_seconds=0.0, pdf_max_mb=200), home / "config.toml")
    urls, stop = multiprocessing.Queue(), multiprocessing.Event()
    server = multiprocessing.Process(target=server_process, args=(args.entries, urls, stop), daemon=True)
    server.start()
    base = urls.get(timeout=120).rstrip("/")
    os.environ["PAPERPASS_ARXIV_API"] = base + "/api/query"
    pdfs = load_pdfs()
    rows: list[tuple[str, str, str]] = []
    try:
        rows += bench_arxiv(args.entries)
        rows += bench_pdfs(base, pdfs, home)
        rows += bench_bibtex(home)
    finally:
        stop.set()
        server.join(10)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'paperpass':>26}  {'baseline / goal':>30}")
    print(f"{'-' * width}  {'-' * 26}  {'-' * 30}")
    for name, ours, base_ in rows:
        print(f"{name.ljust(width)}  {ours:>26}  {base_:>30}")


def bench_arxiv(n: int) -> list[tuple[str, str, str]]:
    import arxiv

    from paperpass.ingest import ingest_arxiv
    from paperpass.ingest.arxiv_api import PoliteClient
    from paperpass.store import open_library
    from paperpass.store.papers import count_papers

    # Baseline: the stock client, same pages, parse only.
    stock = arxiv.Client(page_size=100, delay_seconds=0, num_retries=0)
    stock.query_url_format = os.environ["PAPERPASS_ARXIV_API"] + "?{}"
    # Warm-up (imports, first connection, the server's first page) so neither measure pays it.
    sum(1 for _ in stock.results(arxiv.Search(query="warm-up", max_results=100)))
    t = time.perf_counter()
    got = sum(1 for _ in stock.results(arxiv.Search(query="cat:cs.CV", max_results=n)))
    stock_s = time.perf_counter() - t
    # Ours without the store: our client (strict XML check, retries) and the Paper conversion.
    from paperpass.ingest.arxiv_api import search_papers

    t = time.perf_counter()
    parsed = sum(1 for _ in search_papers(PoliteClient(delay=0), "cat:cs.CV", n))
    parse_s = time.perf_counter() - t

    conn = open_library()
    before = count_papers(conn)
    t = time.perf_counter()
    first = ingest_arxiv(conn, categories=["cs.CV"], max_results=n)
    first_s = time.perf_counter() - t
    after_first = count_papers(conn)
    t = time.perf_counter()
    again = ingest_arxiv(conn, categories=["cs.CV"], max_results=n)
    again_s = time.perf_counter() - t
    after_again = count_papers(conn)
    assert got == parsed == first.added == n, (got, parsed, first)
    return [
        (f"arXiv API: {n} entries parsed+stored (20 pages, delay 0)",
         f"{n / first_s:,.0f} entries/s ({first_s:.2f} s)", "goal >= 1,000 entries/s"),
        ("  of which fetch+parse only (no store)", f"{n / parse_s:,.0f} entries/s",
         f"stock arxiv.Client {got / stock_s:,.0f}/s"),
        (f"re-ingest of the same {n}", f"{again_s:.2f} s, {after_again - after_first} new rows",
         f"{again.unchanged} unchanged, {again.added} added"),
        ("rows added by the first run", f"{after_first - before}", f"{first.added} reported"),
    ]


def bench_pdfs(base: str, pdfs: dict[str, bytes], home: Path) -> list[tuple[str, str, str]]:
    from paperpass.ingest.download import download_pdf
    from paperpass.ingest.http import new_session

    session = new_session()  # made before measuring: its setup is not the download's memory

    out_dir = home / "bench-pdfs"
    out_dir.mkdir()
    real = [name for name in pdfs if not name.startswith("synthetic")]
    total = sum(len(pdfs[n]) for n in real)
    t = time.perf_counter()
    for name in real:
        download_pdf(f"{base}/pdf/{name}", out_dir / name, max_bytes=200 * 2**20, session=session)
    elapsed = time.perf_counter() - t
    rows = [(f"PDF download, {len(real)} real PDFs ({total / 2**20:.1f} MiB), one at a time",
             f"{total / 2**20 / elapsed:,.1f} MiB/s ({len(real) / elapsed:.1f} files/s)",
             "streamed, sha256, %PDF/%%EOF checks")]
    for name in [real[0], real[len(real) // 2], real[-1], "synthetic_40MB.pdf"]:
        size = len(pdfs[name])
        tracemalloc.start()
        download_pdf(f"{base}/pdf/{name}", out_dir / f"m-{name}", max_bytes=200 * 2**20, session=session)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((f"  peak Python memory, {name[:38]}", f"{peak / 2**10:,.0f} KiB",
                     f"file {size / 2**20:,.2f} MiB"))
    return rows


EXPORTS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "ingest" / "exports"


def _written_bibtex(n: int) -> str:
    """n BibTeX entries written here: journal articles with DOIs, arXiv preprints, LaTeX accents."""
    out = []
    for i in range(n):
        kind = i % 3
        extra = (f"  doi = {{10.{4000 + i % 97}/bench.{i}}},\n  journal = {{Journal of Benchmarks}},\n"
                 if kind == 0 else
                 f"  eprint = {{{2301 + i % 9}.{10000 + i:05d}}},\n  archivePrefix = {{arXiv}},\n" if kind == 1 else
                 "  booktitle = {Proceedings of the {B}ench {C}onference},\n")
        out.append(f"@article{{key{i},\n  title = {{A {{Study}} of M{{\\\"u}}ller Effects, Part {i}}},\n"
                   f"  author = {{M{{\\\"u}}ller, J{{\\\"o}}rg and Smith, Ann and Li, Wei}},\n"
                   f"  year = {{{2000 + i % 25}}},\n{extra}  abstract = {{We study effect {i} in depth.}}\n}}\n")
    return "\n".join(out)


def bench_bibtex(home: Path, n: int = 500) -> list[tuple[str, str, str]]:
    """`paperpass import` of n BibTeX entries into a fresh library; baseline: bibtexparser's parse alone."""
    import bibtexparser

    from paperpass.ingest import import_bibliography
    from paperpass.store import open_library

    inputs = [("written by the bench", _written_bibtex(n))]
    bulk = EXPORTS / "bbt_bulk_library.bib"
    if bulk.is_file():  # a real Zotero library export (Better BibTeX's test fixture), first n entries
        chunks = re.split(r"\n(?=@)", bulk.read_text(encoding="utf-8"))
        entries = [c for c in chunks if c.strip().startswith("@")][:n]
        inputs.append(("real Zotero export, seen in development", "\n".join(entries)))
    rows = []
    for label, text in inputs:
        t = time.perf_counter()
        parsed = len(bibtexparser.parse_string(text).entries)
        parse_s = time.perf_counter() - t
        target = home / f"import-{len(rows)}"
        target.mkdir()
        path = target / "library.bib"
        path.write_text(text, encoding="utf-8")
        conn = open_library(target)
        t = time.perf_counter()
        summary = import_bibliography(conn, path)
        import_s = time.perf_counter() - t
        conn.close()
        rows.append((f"BibTeX import, {summary.seen} entries ({label})",
                     f"{import_s:.2f} s ({summary.added} added, {len(summary.failed)} failed)",
                     f"goal < 2 s; parse alone {parse_s:.2f} s ({parsed})"))
    return rows


if __name__ == "__main__":
    main()
