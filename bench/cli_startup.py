"""Cold CLI wall time: `paperpass --help` (it must not import torch) beside bare `python -c pass` in the same
run; with --papers N, also cold `paperpass search` and `paperpass triage` on an N-paper library of real arXiv
papers (the daily listings in ../shared/fixtures/real, as bench/index_scale.py builds it).

The library's vectors are embedded once by the ONNX backend and cached under /work/cache
(PAPERPASS_BENCH_CACHE); the ONNX export lives in /work/cache/paperpass_models (made once), so reruns
take seconds to set up. Each timed call is a fresh process (median of --runs); before the timings one
call builds the FAISS file, as a user's library has it.

With --before REF (and --papers), search and triage also run on that git ref (extracted to a temporary
directory), alternating with this tree's runs, on the same library.

Run: python bench/cli_startup.py [--runs N] [--papers 10000 [--profile] [--stand-in-vectors] [--before main]]
"""

import argparse
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE_ROOT = Path(os.environ.get("PAPERPASS_BENCH_CACHE", "/work/cache/paperpass_embed")).parent
GOAL = 1.5  # seconds, issue 15


def wall(cmd: list[str], runs: int, env: dict, cwd: Path | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
        times.append(time.perf_counter() - start)
    return times


def alternating(cmd: list[str], runs: int, trees: dict[str, tuple[Path, dict]]) -> dict[str, list[float]]:
    """`cmd` timed in each tree (its paperpass on PYTHONPATH and as the working directory), a run of each in
    turn, so that a change of load weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, (tree, env) in trees.items():
            times[name] += wall(cmd, 1, env, cwd=tree)
    return times


def show(name: str, t: list[float], note: str = "") -> None:
    print(f"{name:<44} {statistics.median(t):>9.3f} {min(t):>7.3f} {max(t):>7.3f} {note}")


def startup(runs: int) -> None:
    env = {**os.environ, "PAPERPASS_HOME": tempfile.mkdtemp()}
    rows = [
        ("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
        ("paperpass --help", [sys.executable, "-m", "paperpass.cli", "--help"]),
        ("paperpass classics --json", [sys.executable, "-m", "paperpass.cli", "classics", "--json"]),
        ("import torch (for scale)", [sys.executable, "-c", "import torch"]),
    ]
    probe = ("import sys; from paperpass.cli import cli; "
             "from click.testing import CliRunner; CliRunner().invoke(cli, ['--help']); "
             "print(sorted(m for m in ('torch', 'sentence_transformers', 'faiss', 'pymupdf', 'textual') "
             "if m in sys.modules))")
    heavy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env).stdout.strip()
    print(f"{'command':<44} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, cmd in rows:
        show(name, wall(cmd, runs, env))
    print(f"heavy modules imported by --help: {heavy}")


def topped_up(papers: list, n: int) -> list:
    """The listings' papers, plus real ones from the 2007 OAI metadata snapshot until there are n."""
    import csv

    from paperpass.models import Paper

    seen = {p.arxiv_id for p in papers} | {p.abstract for p in papers}
    with (index_scale_listings().parent / "arxiv_oai_snapshot_0704.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if len(papers) >= n:
                break
            abstract = " ".join(r["abstract"].split())
            if not abstract or r["id"] in seen or abstract in seen:
                continue
            seen.update((r["id"], abstract))
            papers.append(Paper(title=" ".join(r["title"].split()), abstract=abstract,
                                authors=[a.strip() for a in r["authors"].replace(" and ", ",").split(",") if a.strip()],
                                categories=r["categories"].split(), arxiv_id=r["id"],
                                published=iso(r["update_date"]), source="arxiv"))
    return papers[:n]


def iso(date: str) -> str:
    """'6/23/2009' (the snapshot's dates) as '2009-06-23'."""
    month, day, year = date.split("/")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def index_scale_listings() -> Path:
    import index_scale

    return index_scale.LISTINGS


class StandIn:
    """--stand-in-vectors: seeded random unit vectors for the library under the ONNX backend's name (no
    embedding; search and ranking cost the same whatever the values; the query is still embedded for real)."""

    real: type = object

    def __init__(self):
        self.name = self.real().name + "-stand-in"  # its own cache file, never mistaken for real vectors

    def encode(self, texts):
        import numpy as np

        vectors = np.random.default_rng(0).standard_normal((len(texts), 384)).astype("float32")
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def big_library(papers: int, runs: int, profile: bool, stand_in: bool = False, before: str | None = None,
                quant: str | None = None) -> None:
    """Cold `paperpass search` / `paperpass triage` on a library of `papers` real papers (ONNX backend, the
    default plan or `quant`)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import index_scale  # the library index_scale.py times, topped up from the OAI snapshot when too few

    import paperpass.index.embed as embed
    from paperpass.index.embed import DEFAULT_QUANT, backend_tag

    quant = quant or DEFAULT_QUANT
    if quant != DEFAULT_QUANT:  # what build_library embeds with (this process only); the CLI reads the env
        planned = embed.OnnxEmbedder

        class Planned(planned):  # type: ignore[misc,valid-type]
            def __init__(self, name: str = embed.DEFAULT_MODEL, plan: str = quant, **kwargs):
                super().__init__(name, plan, **kwargs)

        embed.OnnxEmbedder = Planned
    listings = index_scale.real_papers
    index_scale.real_papers = lambda n: topped_up(listings(n), n)
    build_library = index_scale.build_library
    if stand_in:
        StandIn.real = embed.OnnxEmbedder
        embed.OnnxEmbedder = StandIn  # what build_library embeds the library with (this process only)
    tag = backend_tag("all-MiniLM-L6-v2", quant)
    with tempfile.TemporaryDirectory(prefix="pp-cli-startup-") as tmp:
        home = Path(tmp) / "home"
        models = CACHE_ROOT / "paperpass_models"
        models.mkdir(parents=True, exist_ok=True)
        home.mkdir(parents=True)
        (home / "models").symlink_to(models)  # the ONNX export, made once and kept
        env = {**os.environ, "PAPERPASS_HOME": str(home), "HF_HUB_OFFLINE": "1",
               "PAPERPASS_EMBED_BACKEND": f"onnx-{quant}"}
        os.environ.update(env)  # build_library exports/loads the ONNX model from this home
        count = build_library(home, papers, {"onnx": tag})
        print(f"(vectors: {'seeded random stand-ins' if stand_in else 'embedded by the ONNX backend, cached'}; "
              f"plan {quant})")
        exe = [sys.executable, "-m", "paperpass.cli"]
        search = [*exe, "search", "diffusion models for image generation"]
        triage = [*exe, "triage"]
        root = Path(__file__).resolve().parents[1]
        trees = {"": (root, {**env, "PYTHONPATH": str(root)})}
        if before:
            from tui_latency import before_tree  # bench/ is on sys.path (above)

            old = before_tree(before)
            trees[f"before ({before})"] = (old, {**env, "PYTHONPATH": str(old)})
        subprocess.run(search, check=True, capture_output=True, env=env, cwd=root)  # builds the FAISS file once
        subprocess.run(triage, check=True, capture_output=True, env=env, cwd=root)
        print(f"\n{'cold, ' + format(count, ',') + '-paper library (onnx)':<44} {'median s':>9} {'min s':>7} "
              f"{'max s':>7}")
        show("python -c pass (baseline)", wall([sys.executable, "-c", "pass"], runs, env))
        for name, cmd in (("paperpass search 'diffusion models for ...'", search), ("paperpass triage", triage),
                          ("paperpass triage --json", [*triage, "--json"])):
            timed = alternating(cmd, runs, trees)
            for tree_name, t in timed.items():
                show(f"{name} {tree_name}".strip(), t,
                     "ok" if statistics.median(t) < GOAL else f"over the {GOAL} s goal")
            outputs = {tree_name: subprocess.run(cmd, capture_output=True, text=True, env=tree_env, cwd=tree)
                       for tree_name, (tree, tree_env) in trees.items()}
            print(f"{'':<44} bytes on stderr: {len(outputs[''].stderr)}"
                  + ("; output the same as before" if before and len({o.stdout for o in outputs.values()}) == 1
                     else "; OUTPUT DIFFERS from before" if before else ""))
        if before:
            shutil.rmtree(trees[f"before ({before})"][0], ignore_errors=True)
        if profile:
            for name, cmd in (("search", search), ("triage", triage)):
                out = Path(tmp) / f"{name}.prof"
                subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "paperpass.cli",
                                *cmd[3:]], check=True, capture_output=True, env=env)
                print(f"\n--- cProfile: paperpass {name}, cumulative, top 25 ---")
                pstats.Stats(str(out)).sort_stats("cumtime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--papers", type=int, default=0, help="also time search/triage on a library this big")
    parser.add_argument("--profile", action="store_true", help="with --papers: a cProfile of each, slowest first")
    parser.add_argument("--quant", metavar="PLAN", help="with --papers: this ONNX plan (default: paperpass's)")
    parser.add_argument("--before", metavar="REF", help="with --papers: also time this git ref, alternating")
    parser.add_argument("--stand-in-vectors", action="store_true",
                        help="with --papers: random vectors instead of embedding the library (timings only)")
    args = parser.parse_args()
    if not args.papers:
        startup(args.runs)
    else:
        big_library(args.papers, args.runs, args.profile, args.stand_in_vectors, args.before, args.quant)


if __name__ == "__main__":
    main()
