"""Long fuzz run: mutated real PDFs and feeds, and hand-made hostile ones, through the parser and ingester.

    .venv/bin/python bench/fuzz.py                      # 200 PDF cases, 300 feed cases
    .venv/bin/python bench/fuzz.py --pdf-cases 1000 --seed 7 --timeout 20
    .venv/bin/python bench/fuzz.py --feed-cases -1      # PDFs only (a negative count skips a kind)

PDFs go through `parse_document(path, isolated=True)` (the path the TUI, CLI and store use).
Feeds go through `ingest_feed(conn, path)` into a scratch library, each case in its own child
process killed after --timeout, so a hang or a memory blow-up is seen, not suffered.

Outcomes per input: `ok` (a Document / an ingest summary), `clear_error` (a PaperpassError with one
sentence), and the failures: `internal_error` (a parser bug wrapped by the child's catch-all),
`crashed` (the child died), `timeout` (the time bound fired, reported apart: correct behaviour, but
worth a look), `unexpected` (any other exception reached the caller), `hang` (no answer at all).
Every failure is printed with (source, mutator, seed), which reproduces it.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "fixtures" / "real"
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from mutators import FEED_MUTATORS, PDF_MUTATORS, hostile_feeds, hostile_pdfs  # noqa: E402

_INTERNAL = re.compile(r"cannot parse this PDF \(\w+: |\(\w+Error: ")
FAILURES = ("internal_error", "crashed", "unexpected", "hang")


def classify_pdf(path: Path, timeout: float) -> tuple[str, str]:
    from paperpass.errors import PaperpassError
    from paperpass.parse import parse_document

    start = time.monotonic()
    try:
        doc = parse_document(path, isolated=True, timeout=timeout)
    except PaperpassError as exc:
        message = str(exc)
        if "took longer than" in message or "took too long" in message:
            return "timeout", message
        if "parser crashed" in message:
            return "crashed", message
        if _INTERNAL.search(message) or "\n" in message:
            return "internal_error", message
        return "clear_error", message
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        return "unexpected", f"{type(exc).__name__}: {exc}"
    if time.monotonic() - start > timeout + 30:
        return "hang", "answered far past the bound"
    return "ok", f"{doc.pages} pages, title {doc.title[:50]!r}"


_FEED_CHILD = r"""
import sys, resource, json, socket
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
# Items' pages (ingest reads the page of an item that names no paper) resolve to nothing: no name but
# loopback's is looked up, so a fuzzed host name never becomes a DNS query out of this machine.
_resolve = socket.getaddrinfo
def _loopback_only(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else str(host or "")
    if name not in ("localhost", "::1") and not name.startswith("127."):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return _resolve(host, *args, **kwargs)
socket.getaddrinfo = _loopback_only
import paperpass.ingest.http
paperpass.ingest.http.sleep = lambda seconds: None
from paperpass.errors import PaperpassError
from paperpass.store.db import open_library
from paperpass.ingest import ingest_feed
conn = open_library()
try:
    s = ingest_feed(conn, sys.argv[1])
    print(json.dumps({"kind": "ok", "detail": f"seen {s.seen} added {s.added} failed {len(s.failed)}"}))
except PaperpassError as exc:
    print(json.dumps({"kind": "clear_error", "detail": str(exc)}))
except MemoryError:
    print(json.dumps({"kind": "unexpected", "detail": "MemoryError"}))
except Exception as exc:
    print(json.dumps({"kind": "unexpected", "detail": f"{type(exc).__name__}: {exc}"}))
"""


def classify_feed(path: Path, timeout: float, home: Path) -> tuple[str, str]:
    import json
    import os
    import subprocess

    # Linked-paper lookups go to a closed loopback port: the fuzz run never touches arxiv.org.
    env = dict(os.environ, PAPERPASS_HOME=str(home), PAPERPASS_ARXIV_API="http://127.0.0.1:9/api/query")
    try:
        done = subprocess.run([sys.executable, "-c", _FEED_CHILD, str(path)], capture_output=True, text=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "hang", f"no answer within {timeout:.0f} s"
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        return "crashed", f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:] }"
    result = json.loads(lines[-1])
    if result["kind"] == "clear_error" and ("\n" in result["detail"] or not result["detail"]):
        return "internal_error", result["detail"]
    return result["kind"], result["detail"]


def _cases(sources: list[Path], mutators: dict, hostile: dict[str, bytes], n: int, rng: random.Random):
    """(label, source name, mutator, seed, bytes): every hostile file once, then n seeded mutations."""
    for name, data in hostile.items():
        yield f"made:{name}", name, "made", 0, data
    for _ in range(n):
        source = rng.choice(sources)
        mutator = rng.choice(sorted(mutators))
        seed = rng.randrange(10**9)
        yield f"{source.name}/{mutator}/{seed}", source.name, mutator, seed, mutators[mutator](
            source.read_bytes(), random.Random(seed))


def run(kind: str, cases, classify, total: int) -> tuple[collections.Counter, dict, list]:
    outcomes: collections.Counter = collections.Counter()
    per_mutator: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures = []
    with tempfile.TemporaryDirectory(prefix=f"paperpass-fuzz-{kind}-") as tmp:
        tmpdir = Path(tmp)
        for i, (label, _source, mutator, _seed, data) in enumerate(cases, 1):
            path = tmpdir / f"case{i}.{'pdf' if kind == 'pdf' else 'xml'}"
            path.write_bytes(data)
            outcome, detail = classify(path, tmpdir / f"home{i}")
            outcomes[outcome] += 1
            per_mutator[mutator][outcome] += 1
            if outcome in FAILURES or outcome == "timeout":
                failures.append((outcome, label, detail[:200]))
            print(f"\r{kind}: {i}/{total} {dict(outcomes)}", end="", file=sys.stderr, flush=True)
            path.unlink()
    print(file=sys.stderr)
    return outcomes, per_mutator, failures


def report(kind: str, outcomes, per_mutator, failures, seconds: float) -> None:
    columns = ["ok", "clear_error", "timeout", *FAILURES]
    print(f"\n## {kind}: {sum(outcomes.values())} inputs in {seconds:.0f} s")
    print(f"{'mutator':18s}" + "".join(f"{c:>15s}" for c in columns))
    for mutator in sorted(per_mutator):
        print(f"{mutator:18s}" + "".join(f"{per_mutator[mutator][c]:>15d}" for c in columns))
    print(f"{'total':18s}" + "".join(f"{outcomes[c]:>15d}" for c in columns))
    bad = sum(outcomes[c] for c in FAILURES)
    print(f"failures: {bad}")
    for outcome, label, detail in failures:
        print(f"  {outcome:14s} {label}: {detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-cases", type=int, default=200, help="seeded PDF mutations (plus every made PDF)")
    parser.add_argument("--feed-cases", type=int, default=300, help="seeded feed mutations (plus every made feed)")
    parser.add_argument("--pdfs", type=int, default=8, help="how many real PDFs to mutate (smallest first)")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--timeout", type=float, default=20.0, help="per-input time bound, seconds")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bad = 0
    if args.pdf_cases >= 0:
        sources = sorted((REAL / "pdfs").glob("*.pdf"), key=lambda p: p.stat().st_size)[:args.pdfs]
        hostile = hostile_pdfs()
        start = time.monotonic()
        outcomes, per_mutator, failures = run(
            "pdf", _cases(sources, PDF_MUTATORS, hostile, args.pdf_cases, rng),
            lambda path, _home: classify_pdf(path, args.timeout), len(hostile) + args.pdf_cases)
        report("PDF parser (parse_document, isolated=True)", outcomes, per_mutator, failures,
               time.monotonic() - start)
        bad += sum(outcomes[c] for c in FAILURES)
    if args.feed_cases >= 0:
        sources = sorted(p for p in (REAL / "feeds").glob("*") if p.suffix in (".xml", ".json"))
        hostile = hostile_feeds()
        start = time.monotonic()
        outcomes, per_mutator, failures = run(
            "feed", _cases(sources, FEED_MUTATORS, hostile, args.feed_cases, rng),
            lambda path, home: classify_feed(path, args.timeout, home), len(hostile) + args.feed_cases)
        report("feed ingester (ingest_feed on a file)", outcomes, per_mutator, failures, time.monotonic() - start)
        bad += sum(outcomes[c] for c in FAILURES)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory of any child process: {peak:.0f} MB (children are capped at 2048 MB)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
