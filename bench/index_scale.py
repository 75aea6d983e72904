"""Index scale: the real search and triage path on a library of real abstracts, cold CLI calls, FAISS at 100k/1M.

Part 1 builds a library of N_LIBRARY (10,000) real arXiv papers from the daily
listings in ../shared/fixtures/real/metadata/arxiv_daily_listings (distinct
abstracts, as `paperpass ingest` stores them) and times, in the same run:
- `paperpass.index.search.search` in process (the real path: index sync check,
  query embedding, FAISS, FTS5, fusion, snippets), per backend;
- cold `paperpass search` and `paperpass triage` processes (wall time, median of
  COLD_RUNS), before = sentence-transformers on torch, after = the ONNX backend
  (PAPERPASS_EMBED_BACKEND), with what each printed on stderr.
The library's vectors are embedded once by the ONNX backend and cached under
/work/cache (PAPERPASS_BENCH_CACHE); the torch library is given the same vectors
under its own tag (its cold calls still load torch and embed the query with it;
vector values do not change timings). Embedding throughput per backend is
bench/embed_speed.py's.
Part 2 (vectors only, synthetic clustered unit vectors in 384 dimensions, as no
real set is this large): adding 1,000 to a 100k index vs a rebuild, and the
approximate index at 1M.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python bench/index_scale.py [--skip-1m] [--papers N]
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT.parent / "shared" / "fixtures" / "real" / "metadata" / "arxiv_daily_listings"
CACHE = Path(os.environ.get("PAPERPASS_BENCH_CACHE", "/work/cache/paperpass_embed"))
N_LIBRARY = 10_000
COLD_RUNS = 3
DIM = 384
QUERIES = ["diffusion models for image generation", "graph neural networks", "policy gradient robotics",
           "speech recognition transformer", "contrastive self-supervised learning", "bayesian optimisation",
           "adversarial examples robustness", "neural machine translation", "object detection", "federated learning"]


def real_papers(n):
    from paperpass.models import Paper

    papers, seen = [], set()
    for day in sorted(LISTINGS.glob("*.jsonl")):
        for line in day.open(encoding="utf-8"):
            r = json.loads(line)
            abstract = " ".join(r["summary"].split())
            if r["id"] in seen or abstract in seen or not abstract:
                continue
            seen.update((r["id"], abstract))
            papers.append(Paper(title=" ".join(r["title"].split()), abstract=abstract, authors=r["authors"],
                                categories=r["categories"], arxiv_id=r["id"], published=day.stem,
                                source="arxiv"))
    return papers[:n]


def build_library(home: Path, n: int, backends) -> int:
    """A library of n real papers whose vectors are in the embedding cache under every backend's tag."""
    from paperpass.index.embed import OnnxEmbedder, content_sha
    from paperpass.index.items import item_texts, sync_items
    from paperpass.store import db_path, open_library, transaction
    from paperpass.store.index_tables import put_embeddings
    from paperpass.store.papers import upsert_paper

    conn = open_library(home)
    with transaction(conn):
        for paper in real_papers(n):
            upsert_paper(conn, paper)
    sync_items(conn)
    texts = list(item_texts(conn, [r[0] for r in conn.execute("SELECT id FROM index_items")]).values())
    count = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    embedder = OnnxEmbedder()
    key = hashlib.sha256(("\n".join(texts) + embedder.name).encode()).hexdigest()[:16]
    path = CACHE / f"library-{embedder.name}-{key}.npy"
    if path.is_file():
        vectors = np.load(path)
    else:
        order = np.argsort([len(t) for t in texts], kind="stable")
        start = time.perf_counter()
        sorted_vecs = embedder.encode([texts[i] for i in order])
        print(f"(embedded {len(texts)} library texts with {embedder.name} in {time.perf_counter() - start:.0f} s; "
              f"cached at {path})", file=sys.stderr)
        vectors = np.zeros_like(sorted_vecs)
        vectors[order] = sorted_vecs
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)
    for tag in backends.values():
        put_embeddings(conn, tag, [(content_sha(t), DIM, v.astype("float32").tobytes())
                                   for t, v in zip(texts, vectors, strict=False)])
    conn.close()
    assert db_path(home).is_file()
    return count


def backend_tags():
    from paperpass.index.embed import DEFAULT_QUANT, backend_tag

    return {"torch": "all-MiniLM-L6-v2", f"onnx-{DEFAULT_QUANT}": backend_tag("all-MiniLM-L6-v2", DEFAULT_QUANT)}


def in_process_search(home: Path, backend: str):
    """p50/p95 ms of the real search() over QUERIES x 3, after one warm-up call (model loaded, index synced)."""
    code = f"""
import json, sys, time
from paperpass.index.search import search
from paperpass.store import open_library
conn = open_library()
search(conn, "warm up")
times = []
for _ in range(3):
    for q in {QUERIES!r}:
        t = time.perf_counter(); search(conn, q); times.append(time.perf_counter() - t)
print(json.dumps(times))
"""
    out = subprocess.run([sys.executable, "-c", code], env=_env(home, backend), capture_output=True, text=True,
                         check=True)
    times = np.array(json.loads(out.stdout.strip().splitlines()[-1])) * 1000
    return float(np.percentile(times, 50)), float(np.percentile(times, 95))


def _env(home: Path, backend: str) -> dict:
    return {**os.environ, "PAPERPASS_HOME": str(home), "PAPERPASS_EMBED_BACKEND": backend, "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": str(ROOT)}


def cold_cli(home: Path, backend: str, args: list[str]):
    """(median wall seconds, stderr of the last run) of fresh `paperpass ...` processes."""
    exe = Path(sys.executable).with_name("paperpass")
    times, stderr = [], ""
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        done = subprocess.run([str(exe), *args], env=_env(home, backend), capture_output=True, text=True,
                              check=False)
        times.append(time.perf_counter() - start)
        if done.returncode:
            raise SystemExit(f"paperpass {' '.join(args)} failed: {done.stderr}")
        stderr = done.stderr
    return statistics.median(times), stderr


def real_library_part(n: int) -> None:
    backends = backend_tags()
    with tempfile.TemporaryDirectory(prefix="pp-index-scale-") as tmp:
        home = Path(tmp) / "home"
        models = Path(os.environ.get("PAPERPASS_HOME", "")) / "models"
        if models.is_dir():  # reuse a built export instead of building one in the temporary home
            (home / "models").parent.mkdir(parents=True, exist_ok=True)
            (home / "models").symlink_to(models)
        count = build_library(home, n, backends)
        print(f"library: {count:,} real arXiv papers (daily listings), {os.cpu_count()} cores\n")
        print("| path | torch (before) | onnx (after) |\n|---|---|---|")
        for backend in backends:  # build each backend's FAISS file once, outside the timings
            subprocess.run([str(Path(sys.executable).with_name("paperpass")), "search", "warm up"],
                           env=_env(home, backend), capture_output=True, check=True)
        rows = {}
        for backend in backends:
            rows.setdefault("search() in process, p50 / p95 ms", []).append(
                "{:.0f} / {:.0f}".format(*in_process_search(home, backend)))
            for args in (["search", "diffusion models for image generation"], ["triage"]):
                wall, err = cold_cli(home, backend, args)
                rows.setdefault(f"cold `paperpass {args[0]}` wall s (median of {COLD_RUNS})", []).append(
                    f"{wall:.2f}")
                rows.setdefault(f"`paperpass {args[0]}` bytes on stderr", []).append(str(len(err)))
        for label, values in rows.items():
            print(f"| {label} | {' | '.join(values)} |")
        print()


def clustered(n, seed, clusters=5000, spread=0.35):
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(7).normal(size=(clusters, DIM)).astype("float32")
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    out = np.empty((n, DIM), dtype="float32")
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        block = centres[rng.integers(0, clusters, m)] + rng.normal(scale=spread / np.sqrt(DIM) * 2.5,
                                                                     size=(m, DIM)).astype("float32")
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + m] = block
    return out


def pct(values, q):
    return float(np.percentile(np.asarray(values) * 1000, q))


def incremental(n=100_000, extra=1000):
    from paperpass.index.vectors import VectorIndex

    vecs = clustered(n + extra, seed=3)
    vi = VectorIndex.build(vecs[:n], np.arange(n), DIM)
    start = time.perf_counter()
    vi.add(np.arange(n, n + extra), vecs[n:])
    add_s = time.perf_counter() - start
    start = time.perf_counter()
    VectorIndex.build(vecs, np.arange(n + extra), DIM)
    build_s = time.perf_counter() - start
    return vi.kind, add_s, build_s


def million(n=1_000_000):
    import faiss

    from paperpass.index.vectors import VectorIndex

    vecs = clustered(n, seed=11)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    vi = VectorIndex.approximate(vecs, np.arange(n))
    build = time.perf_counter() - start
    queries = clustered(200, seed=99)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(vecs)
    _, truth = exact.search(queries, 10)
    del exact
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = vi.search(q[None, :], 10)
        times.append(time.perf_counter() - t)
        found.append(ids[0])
    recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=False)])
    size = faiss.serialize_index(vi.index).nbytes
    return dict(nlist=vi.index.nlist, nprobe=vi.index.nprobe, build=build, recall=recall, p50=pct(times, 50),
                p95=pct(times, 95), index_mb=size / 2**20, rss_growth_mb=(resource.getrusage(
                    resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024)


def main():
    import faiss

    faiss.omp_set_num_threads(2)
    n = int(sys.argv[sys.argv.index("--papers") + 1]) if "--papers" in sys.argv else N_LIBRARY
    real_library_part(n)
    sys.stdout.flush()
    print("| vectors only (synthetic, clustered) | value |\n|---|---|")
    kind, add_s, build_s = incremental()
    print(f"| add 1,000 to a 100k index ({kind}) vs full rebuild of 101k | {add_s * 1000:.0f} ms vs "
          f"{build_s:.1f} s: ratio {add_s / build_s:.4f} |")
    sys.stdout.flush()
    if "--skip-1m" not in sys.argv:
        m = million()
        print(f"| 1M vectors, IVF-Flat nlist {m['nlist']}, nprobe {m['nprobe']}: build | {m['build']:.0f} s |")
        print(f"| 1M: recall@10 vs exact (200 queries) | {m['recall']:.3f} |")
        print(f"| 1M: search latency per query | p50 {m['p50']:.1f} ms, p95 {m['p95']:.1f} ms |")
        print(f"| 1M: index size / peak RSS growth | {m['index_mb']:.0f} MB / {m['rss_growth_mb']:.0f} MB |")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
