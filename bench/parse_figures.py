"""Figure and table extraction on the real papers: how many captions get an image, PNG size per paper, and
the parser's text speed without and with figure extraction, in one run.

    python bench/parse_figures.py [--half tuning|held-out|both] [--limit N] [--dpi D]

Papers are ../shared/fixtures/real/pdfs/*.pdf sorted by file name; the tuning half is the even positions
(0, 2, 4, ...), the held-out half the odd ones. The extraction rules were tuned by looking at the tuning
half only (pages rendered with the regions drawn on them); the held-out half was only ever run through
this script. (bench/parse_accuracy.py splits by a hash of the name; this split was fixed first for the
figure work and is kept so the held-out papers stay unseen.)

  figures with image   "Figure N" captions whose region was found and rendered
  tables with image    the same for "Table N" captions
  MB per paper         PNG bytes written per paper (mean and max; the budget is 5 MB)
  text pages/s         `build_document` alone (the parse every reader open does; the baseline)
  text+figures pages/s `build_document` then `extract_figures` (what parsing would cost if figures were
                       extracted in the same pass; paperpass extracts them lazily instead, the first time
                       pass 2 or `paperpass figures` asks)
Speeds are pages per CPU-second of this process (other work on a shared machine does not count).

A count says a region was found, not that it is right. `--pages DIR` also writes, for a fixed sample
(the first figure and the first table of every other paper of the half), the page with the region
drawn on it in red, to be judged by eye: does the box hold the whole figure and little else?
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT.parent / "shared" / "fixtures" / "real" / "pdfs"

from paperpass.parse.document import build_document  # noqa: E402
from paperpass.parse.figures import DEFAULT_DPI, MAX_BYTES_PER_PAPER, extract_figures  # noqa: E402


def halves() -> dict[str, list[Path]]:
    papers = sorted(FIXTURES.glob("*.pdf"), key=lambda p: p.name)
    return {"tuning": papers[0::2], "held-out": papers[1::2]}


def measure(papers: list[Path], dpi: int) -> dict:
    pages = 0
    text_cpu = figures_cpu = 0.0
    counts = {"figure": [0, 0], "table": [0, 0]}
    sizes: list[int] = []
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, pdf in enumerate(papers):
            start = time.process_time()
            document = build_document(pdf)
            text_cpu += time.process_time() - start
            start = time.process_time()
            figures = extract_figures(pdf, Path(tmp) / str(index), dpi=dpi)
            figures_cpu += time.process_time() - start
            pages += document.pages
            sizes.append(sum(f.bytes for f in figures))
            for f in figures:
                counts[f.kind][0] += 1
                counts[f.kind][1] += bool(f.image)
                if not f.image:
                    misses.append(f"{pdf.name}: {f.kind} {f.number} p.{f.page}")
    return {"papers": len(papers), "pages": pages, "counts": counts, "sizes": sizes, "misses": misses,
            "text_speed": pages / text_cpu if text_cpu else 0.0,
            "both_speed": pages / (text_cpu + figures_cpu) if text_cpu + figures_cpu else 0.0}


def draw_sample(papers: list[Path], out: Path) -> list[str]:
    """The fixed sample's pages with the regions drawn on them, for a check by eye."""
    import pymupdf

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, pdf in enumerate(papers[::2]):
            figures = extract_figures(pdf, Path(tmp) / str(index))
            for kind in ("figure", "table"):
                figure = next((f for f in figures if f.kind == kind and f.image), None)
                if figure is None:
                    continue
                with pymupdf.open(pdf) as doc:
                    page = doc[figure.page - 1]
                    page.draw_rect(pymupdf.Rect(figure.bbox), color=(1, 0, 0), width=2)
                    target = out / f"{len(written):02d}-{pdf.stem}-{kind}-{figure.number}.png"
                    page.get_pixmap(dpi=60).save(target)
                written.append(f"{target.name}: {kind} {figure.number}, p. {figure.page}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tuning", "held-out", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="At most N papers per half.")
    parser.add_argument("--dpi", type=int, default=DEFAULT_DPI)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--pages", type=Path, default=None, help="Write the sample pages with regions drawn here.")
    args = parser.parse_args()
    if not FIXTURES.is_dir():
        sys.exit(f"no fixtures at {FIXTURES}")
    chosen = ["tuning", "held-out"] if args.half == "both" else [args.half]
    print(f"{'half':<10} {'papers':>6} {'pages':>6} {'figures with image':>19} {'tables with image':>18} "
          f"{'MB/paper mean':>13} {'max':>5} {'text pages/s':>12} {'text+figures pages/s':>20}")
    for name in chosen:
        papers = halves()[name][:args.limit]
        r = measure(papers, args.dpi)
        (fig_n, fig_ok), (tab_n, tab_ok) = r["counts"]["figure"], r["counts"]["table"]
        sizes = r["sizes"]
        print(f"{name:<10} {r['papers']:>6} {r['pages']:>6} "
              f"{f'{fig_ok}/{fig_n} ({100 * fig_ok / max(fig_n, 1):.1f}%)':>19} "
              f"{f'{tab_ok}/{tab_n} ({100 * tab_ok / max(tab_n, 1):.1f}%)':>18} "
              f"{sum(sizes) / max(len(sizes), 1) / 1e6:>13.2f} {max(sizes, default=0) / 1e6:>5.2f} "
              f"{r['text_speed']:>12.1f} {r['both_speed']:>20.1f}")
        over = [s for s in sizes if s > MAX_BYTES_PER_PAPER]
        if over:
            print(f"  {len(over)} papers over the {MAX_BYTES_PER_PAPER / 1e6:.0f} MB budget")
        if args.show_misses:
            for miss in r["misses"]:
                print(f"  no image: {miss}")
        if args.pages is not None:
            for line in draw_sample(papers, args.pages / name):
                print(f"  {line}")


if __name__ == "__main__":
    main()
