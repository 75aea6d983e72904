"""The embedding backends: the ONNX export (built once, cached, rebuilt when stale or broken),
backend tags that keep two backends' vectors apart, shipped vectors, and a quiet CLI."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from paperpass.index import embed
from paperpass.index.embed import (
    DEFAULT_QUANT,
    OnnxEmbedder,
    backend_tag,
    embed_texts,
    onnx_export_path,
    onnx_query_path,
    write_shipped_vectors,
)
from paperpass.index.sync import ensure_index, index_item_vectors, vector_path
from paperpass.models import Paper
from paperpass.store.papers import upsert_paper

ROOT = Path(__file__).resolve().parents[2]
TOPICS = ["residual networks for image recognition", "diffusion models for video generation",
          "reinforcement learning for robot control", "graph neural networks for molecules",
          "speech recognition with transformers", "contrastive learning of visual representations"]


def _papers(conn):
    for i, topic in enumerate(TOPICS):
        upsert_paper(conn, Paper(title=f"{topic.capitalize()} at scale", abstract=f"We study {topic} in depth.",
                                 authors=[f"Author {i}"], published=f"2024-01-0{1 + i}", arxiv_id=f"2401.0000{i}"))


@pytest.fixture
def other_fake(fake_embedder):
    """Same dimension as the fake embedder, another model: its vectors must never land in the first's index."""

    class OtherFake(type(fake_embedder)):
        name = "other-bow-64"

        def encode(self, texts):
            return np.roll(super().encode(texts), 7, axis=1)

    return OtherFake()


def test_backend_tag_keeps_two_backends_vectors_apart(conn, fake_embedder, other_fake):
    _papers(conn)
    first, second = fake_embedder, other_fake
    a = ensure_index(conn, embedder=first)
    b = ensure_index(conn, embedder=second)
    items = conn.execute("SELECT count(*) FROM index_items").fetchone()[0]
    assert len(second.texts) == items  # switching backends re-embeds everything instead of reusing
    assert vector_path(conn, first.name) != vector_path(conn, second.name)
    per_model = dict(conn.execute("SELECT model, count(*) FROM embeddings GROUP BY model"))
    assert per_model == {first.name: items, second.name: items}
    ids = b.vectors.ids().tolist()
    mine = index_item_vectors(conn, second, ids)
    scores, found = b.vectors.search(np.asarray([mine[ids[0]]]), 1)
    assert found[0][0] == ids[0] and scores[0][0] == pytest.approx(1.0, abs=1e-5)
    # back to the first: its vectors, not the second's, answer
    a = ensure_index(conn, embedder=first)
    theirs = index_item_vectors(conn, first, ids)
    assert not np.allclose(theirs[ids[0]], mine[ids[0]])
    assert a.vectors.search(np.asarray([theirs[ids[0]]]), 1)[1][0][0] == ids[0]


def test_onnx_backends_are_tagged_apart_from_torch_and_each_other():
    tags = {backend_tag("all-MiniLM-L6-v2", q) for q in embed.QUANT_PLANS}
    assert len(tags) == len(embed.QUANT_PLANS) and "all-MiniLM-L6-v2" not in tags
    assert OnnxEmbedder().name == backend_tag("all-MiniLM-L6-v2", DEFAULT_QUANT)


def test_shipped_vectors_fill_the_cache_for_their_model_only(conn, tmp_path, monkeypatch, fake_embedder,
                                                            other_fake):
    texts = [f"We study {t}." for t in TOPICS[:3]]
    # a text whose digest ends in a zero byte, which a fixed-width bytes array would silently drop
    texts[1] = next(t for t in (f"We study {TOPICS[1]} ({i})." for i in range(5000))
                    if embed.content_sha(t).endswith("00"))
    shipped = type(fake_embedder)()
    path = tmp_path / "shipped.npz"
    write_shipped_vectors(path, shipped.name, texts[:2], shipped.encode(texts[:2]))
    monkeypatch.setattr(embed, "_shipped_path", lambda: path)
    embed.shipped_vectors.cache_clear()
    try:
        fake = fake_embedder
        vectors = embed_texts(conn, fake, texts)
        assert fake.texts == texts[2:]  # only the text without a shipped vector goes to the model
        assert np.allclose(vectors, shipped.encode(texts), atol=2e-3)  # float16 is close enough
        other = other_fake
        embed_texts(conn, other, texts)
        assert sorted(other.texts) == sorted(texts)  # another model's vectors are never taken
    finally:
        embed.shipped_vectors.cache_clear()


class NoModel:
    """The default backend's name and size; fails if anything asks it to embed."""

    name = backend_tag("all-MiniLM-L6-v2", DEFAULT_QUANT)
    dim = 384

    def encode(self, texts):
        raise AssertionError(f"the model was asked to embed {len(texts)} texts")


def test_a_fresh_demo_library_ranks_from_the_shipped_vectors_without_the_model(isolated_home):
    from paperpass.index.rank import rank_for_triage
    from paperpass.ingest.sample import load_sample_week
    from paperpass.store import open_library

    path = ROOT / "data" / embed.SHIPPED_VECTORS
    assert path.stat().st_size < 2_000_000
    with np.load(path) as shipped:
        assert shipped["vectors"].dtype == np.float16 and str(shipped["model"]) == NoModel.name
    conn = open_library(isolated_home)
    load_sample_week(conn)
    embed.set_embedder(NoModel())
    try:
        handle = ensure_index(conn)
        assert len(handle.vectors) == conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        assert len(rank_for_triage(conn, days=7, limit=20)) == 20
    finally:
        embed.set_embedder(None)
        conn.close()


@pytest.mark.slow
def test_export_built_once_cached_and_rebuilt_when_stale_or_broken(tmp_path, monkeypatch, real_embedder):
    builds = []
    real_build = embed.build_onnx_export
    monkeypatch.setattr(embed, "build_onnx_export", lambda *a: (builds.append(a), real_build(*a)))
    plan = "int8"  # the quickest plan to build; the CLI test below builds the default one
    path = onnx_export_path(quant=plan, directory=tmp_path)
    assert len(builds) == 1 and path.is_file()
    stamp = path.stat().st_mtime_ns
    assert onnx_export_path(quant=plan, directory=tmp_path) == path and len(builds) == 1
    assert path.stat().st_mtime_ns == stamp
    texts = ["Diffusion models generate images by reversing a noising process.", "Graph neural networks."]
    onnx = OnnxEmbedder(quant=plan, directory=tmp_path)
    got, want = onnx.encode(texts), real_embedder.encode(texts)
    assert len(builds) == 1
    assert np.all(np.sum(got * want, axis=1) > 0.97)  # the same model, within int8's error
    # queries run on the unquantised graph kept beside the export: the fp32 model's vectors
    queries = onnx.encode_queries(texts)
    assert onnx_query_path(quant=plan, directory=tmp_path) == path.with_name(embed.QUERY_MODEL)
    assert np.all(np.sum(queries * want, axis=1) > 0.9999) and len(builds) == 1
    assert np.all(np.sum(queries * want, axis=1) > np.sum(got * want, axis=1))
    # broken: the bytes change under an unchanged manifest
    with path.open("r+b") as fh:
        fh.seek(path.stat().st_size // 2)
        fh.write(b"\0" * 4096)
    assert onnx_export_path(quant=plan, directory=tmp_path) == path and len(builds) == 2
    assert np.allclose(OnnxEmbedder(quant=plan, directory=tmp_path).encode(texts), got, atol=1e-4)
    # stale: built by another onnxruntime
    manifest = path.with_name("manifest.json")
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "onnxruntime": "0.0.1"}))
    onnx_export_path(quant=plan, directory=tmp_path)
    assert len(builds) == 3 and json.loads(manifest.read_text())["onnxruntime"] == data["onnxruntime"]
    # an export without its query graph (one made before queries had their own) is rebuilt
    path.with_name(embed.QUERY_MODEL).unlink()
    assert onnx_query_path(quant=plan, directory=tmp_path).is_file() and len(builds) == 4
    assert [p.name for p in tmp_path.iterdir()] == [path.parent.name]  # no temporary dirs left behind


@pytest.mark.slow
def test_cli_search_and_triage_print_only_the_answer_without_torch(tmp_path, isolated_home, onnx_export):
    from paperpass.store import connect, db_path

    home = isolated_home
    assert onnx_export is not None and onnx_export.parent == home / "models"  # the export a first run would have built
    conn = connect(db_path(home))
    _papers(conn)
    conn.close()
    env = {**os.environ, "PAPERPASS_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT),
           "PAPERPASS_EMBED_BACKEND": f"onnx-{DEFAULT_QUANT}"}
    paperpass = Path(sys.executable).with_name("paperpass")
    for args, expect in ((["search", "diffusion video"], "Diffusion models for video generation at scale"),
                         (["triage", "--days", "30"], "at scale")):
        done = subprocess.run([str(paperpass), *args], env=env, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        assert expect in done.stdout
    code = ("import sys; from paperpass.index.search import search; from paperpass.store import open_library; "
            "search(open_library(), 'graph neural networks'); print('torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.stdout.strip() == "False", done.stderr


def test_a_first_week_is_ranked_in_steps_as_batches_are_embedded(conn, isolated_home, fake_embedder, monkeypatch):
    from paperpass.index.sync import vector_path
    from paperpass.tui import backend

    for i in range(40):
        topic = TOPICS[i % len(TOPICS)]
        upsert_paper(conn, Paper(title=f"{topic.capitalize()}, part {i}", abstract=f"We study {topic} ({i}).",
                                 authors=[f"Author {i}"], published=f"2024-01-{1 + i % 5:02d}",
                                 arxiv_id=f"2401.{i:05d}"))
    conn.commit()
    monkeypatch.setattr(backend, "_in_engine", lambda func, *args: func(*args))  # the engine, in this process
    monkeypatch.setattr(backend, "FIRST_STEP", 8)
    steps = []

    def on_partial(ranked, step):
        embedded = conn.execute("SELECT count(*) FROM embeddings WHERE model = ?", (fake_embedder.name,)).fetchone()
        steps.append((len(ranked), step.done, step.total, step.seconds_left, embedded[0]))

    final = backend.rank_week(isolated_home, 7, on_partial=on_partial)
    papers = 40  # the week's (the seeded classics are older)
    assert [s[1] for s in steps] == [8, 16]  # then 16 left <= the next budget of 32: the final ranking
    assert steps[0][2] == papers and steps[1][2] == papers - 8
    assert all(n == papers for n, *_ in steps)  # every paper of the week is listed at every step
    assert steps[0][4] == 8 and steps[1][4] == 24  # only real vectors reach the cache, none of the zeros
    assert all(s[3] > 0 for s in steps)
    assert len(final) == papers and vector_path(conn, fake_embedder.name).is_file()


def _run_onnx(path, texts):
    """Unit vectors of texts from an exported graph file, the way OnnxEmbedder pools them."""
    import onnxruntime

    tokenizer = embed._tokenizer("all-MiniLM-L6-v2")
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (feed, mask), = embed._feeds(tokenizer, texts, len(texts), session)
    hidden = session.run(None, feed)[0]
    pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


@pytest.mark.slow
def test_fused_and_smoothed_graphs_compute_the_model_and_the_plan_quantises_all_but_its_exclusions(
        tmp_path, real_embedder):
    from collections import Counter

    import onnx

    texts = ["Diffusion models generate images by reversing a noising process.",
             "Graph neural networks for molecules, at scale, with a long title to pad the batch unevenly."]
    encoder = real_embedder.model[0].auto_model
    before = encoder.config._attn_implementation
    embed._torch_export("all-MiniLM-L6-v2", tmp_path / "eager.onnx", eager_attention=True)
    assert encoder.config._attn_implementation == before  # the torch backend keeps its attention
    embed._fuse("all-MiniLM-L6-v2", tmp_path / "eager.onnx", tmp_path / "fused.onnx")
    ops = Counter(n.op_type for n in onnx.load(str(tmp_path / "fused.onnx")).graph.node)
    assert ops["Attention"] == 6 and ops["SkipLayerNormalization"] == 12  # one per layer, two per layer
    want = real_embedder.encode(texts)
    fused = _run_onnx(tmp_path / "fused.onnx", texts)
    assert np.all(np.sum(fused * want, axis=1) > 0.9999)
    embed._smooth("all-MiniLM-L6-v2", tmp_path / "fused.onnx", tmp_path / "smoothed.onnx", 0.75)
    assert np.all(np.sum(_run_onnx(tmp_path / "smoothed.onnx", texts) * fused, axis=1) > 0.9999)  # exact in fp32
    plan = embed.QUANT_PLANS["int8sq"]
    embed._quantise(tmp_path / "smoothed.onnx", tmp_path / "int8.onnx", plan)
    graph = onnx.load(str(tmp_path / "int8.onnx")).graph
    ops = Counter(n.op_type for n in graph.node)
    assert ops["QAttention"] == 6
    fp32_products = [n.name for n in graph.node if n.op_type == "MatMul" and "/dense/" in n.name]
    assert fp32_products and all(any(re.search(p, n) for p in plan["exclude"]) for n in fp32_products)
    assert np.all(np.sum(_run_onnx(tmp_path / "int8.onnx", texts) * want, axis=1) > 0.98)


def test_the_torch_embedders_dimension_comes_from_the_saved_configs_without_torch(tmp_path):
    """The vector index's dimension check must not import torch and load the model when every vector is
    cached: a saved model's modules say their output length (Pooling, then a Dense layer); a module they do
    not size, or a path that is no local model, falls back to loading it."""
    code = ("import sys; from paperpass.index.embed import SentenceEmbedder, DEFAULT_MODEL; "
            "print(SentenceEmbedder(DEFAULT_MODEL).dim, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["384", "False", "False"]

    def model(*modules):
        folder = tmp_path / f"model{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        listed = []
        for i, (kind, config) in enumerate(modules):
            path = f"{i}_{kind}" if config is not None else ""
            if config is not None:
                (folder / path).mkdir()
                (folder / path / "config.json").write_text(json.dumps(config), encoding="utf-8")
            listed.append({"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"})
        (folder / "modules.json").write_text(json.dumps(listed), encoding="utf-8")
        return str(folder)

    pooled = model(("Transformer", None), ("Pooling", {"word_embedding_dimension": 768}), ("Normalize", None))
    assert embed.saved_dimension(pooled) == 768
    dense = model(("Transformer", None), ("Pooling", {"word_embedding_dimension": 768}),
                  ("Dense", {"in_features": 768, "out_features": 256}), ("Normalize", None))
    assert embed.saved_dimension(dense) == 256
    assert embed.saved_dimension(model(("Transformer", None), ("Pooling", {"word_embedding_dimension": 768}),
                                       ("LayerNorm", {"dimension": 768}))) is None
    assert embed.saved_dimension(model(("Transformer", None), ("Pooling", {}))) is None
    assert embed.saved_dimension(str(tmp_path / "nowhere")) is None
    assert embed.saved_dimension("sentence-transformers/all-MiniLM-L6-v2") is None  # a hub name, not a folder
