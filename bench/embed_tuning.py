"""How the int8sq export plan was chosen, on abstracts held apart from bench/embed_speed.py's.

Tuning texts: TUNE_DOCS real arXiv abstracts and TUNE_QUERIES titles from the daily listings,
read from the newest day backwards and skipping every paper embed_speed.py reports on (its
first 1,000 abstracts + 100 queries). Against the fp32 export of the same graph:
- SmoothQuant strength alpha (all weighted products int8): mean 1 - cos and recall@10;
- per-product sensitivity at the chosen alpha: 1 - cos with only that product in int8 (on the
  first SENS_DOCS texts);
- recall@10 with the k most sensitive products left in fp32, k = 0..4.
The calibration (max |x| per channel) is the shipped sample week's, as on a user's machine.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python bench/embed_tuning.py [alpha ...]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from embed_speed import LISTINGS, load, recall_at_10

TUNE_DOCS, TUNE_QUERIES, SENS_DOCS = 200, 40, 48


def tuning_texts():
    rows, queries = load()
    held = {a for _, a, _ in rows} | set(queries)
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for day in sorted(LISTINGS.glob("*.jsonl"), reverse=True):
        for line in day.open(encoding="utf-8"):
            r = json.loads(line)
            title, abstract = " ".join(r["title"].split()), " ".join(r["summary"].split())
            if not abstract or abstract in held or title in held or abstract in seen or r["id"] in seen:
                continue
            seen.update((abstract, r["id"]))
            out.append((title, abstract))
            if len(out) == TUNE_DOCS + TUNE_QUERIES:
                return [f"{t}. {a}" for t, a in out[:TUNE_DOCS]], [t for t, _ in out[TUNE_DOCS:]]
    return [f"{t}. {a}" for t, a in out[:TUNE_DOCS]], [t for t, _ in out[TUNE_DOCS:]]


def main(alphas: list[float]):
    with tempfile.TemporaryDirectory(prefix="embed_tuning.") as tmp:
        run(alphas, Path(tmp))


def run(alphas: list[float], work: Path):
    import onnx
    import onnxruntime

    from paperpass.config import DEFAULT_MODEL
    from paperpass.index import embed

    docs, queries = tuning_texts()
    tokenizer = embed._tokenizer(DEFAULT_MODEL)

    def vectors(path, texts):
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        order = np.argsort([len(t) for t in texts], kind="stable")
        out, start = np.zeros((len(texts), 384), "float32"), 0
        for feed, mask in embed._feeds(tokenizer, [texts[i] for i in order], embed.ONNX_BATCH_SIZE, session):
            hidden = session.run(None, feed)[0]
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            out[order[start:start + len(mask)]] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
            start += len(mask)
        return out

    fused = work / "fused.onnx"
    embed._torch_export(DEFAULT_MODEL, work / "eager.onnx", eager_attention=True)
    embed._fuse(DEFAULT_MODEL, work / "eager.onnx", fused)
    ref_d, ref_q = vectors(fused, docs), vectors(fused, queries)

    def score(path):
        d, q = vectors(path, docs), vectors(path, queries)
        return float(np.mean(1 - (d * ref_d).sum(1))), recall_at_10(d, q, ref_d, ref_q)

    print(f"{len(docs)} tuning abstracts, {len(queries)} tuning title queries (none in embed_speed.py's set)\n")
    print("| plan | 1 - cos (mean) | recall@10 (tuning) |\n|---|---|---|")
    embed._quantise(fused, work / "q.onnx", {"fused": True})
    err, rec = score(work / "q.onnx")
    print(f"| int8f (no smoothing) | {err:.5f} | {rec:.3f} |", flush=True)
    for alpha in alphas:
        embed._smooth(DEFAULT_MODEL, fused, work / f"s{alpha}.onnx", alpha)
        embed._quantise(work / f"s{alpha}.onnx", work / "q.onnx", {"fused": True})
        err, rec = score(work / "q.onnx")
        print(f"| smooth alpha {alpha} | {err:.5f} | {rec:.3f} |", flush=True)
    alpha = float(embed.QUANT_PLANS["int8sq"]["smooth"])  # type: ignore[index]
    smoothed = work / f"s{alpha}.onnx"
    if not smoothed.exists():
        embed._smooth(DEFAULT_MODEL, fused, smoothed, alpha)
    names = [n.name for n in embed._weighted_products(onnx.load(str(smoothed), load_external_data=False).graph)]
    sub, ref_sub = docs[:SENS_DOCS], ref_d[:SENS_DOCS]
    sensitivity = {}
    for name in names:
        embed._quantise(smoothed, work / "q.onnx", {"fused": True, "exclude": tuple(
            f"^{n}$" for n in names if n != name)})
        sensitivity[name] = float(np.mean(1 - (vectors(work / "q.onnx", sub) * ref_sub).sum(1)))
    ranked = sorted(sensitivity, key=sensitivity.__getitem__, reverse=True)
    print(f"\nalpha {alpha}: 1 - cos with only this product in int8 ({SENS_DOCS} tuning abstracts), top 8:")
    for name in ranked[:8]:
        print(f"  {sensitivity[name]:.6f}  {name}")
    print("\n| left in fp32 | 1 - cos | recall@10 (tuning) |\n|---|---|---|")
    for k in range(5):
        embed._quantise(smoothed, work / "q.onnx", {"fused": True, "exclude": tuple(f"^{n}$" for n in ranked[:k])})
        err, rec = score(work / "q.onnx")
        print(f"| {', '.join(n.split('/encoder/')[-1] for n in ranked[:k]) or 'none'} | {err:.5f} | {rec:.3f} |",
              flush=True)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main([float(a) for a in sys.argv[1:]] or [0.5, 0.75, 0.9])
