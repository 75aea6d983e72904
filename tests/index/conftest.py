"""Index fixtures: a small deterministic fake embedder for fast tests, the real model once per session."""

from __future__ import annotations

import csv
import hashlib
import re

import numpy as np
import pytest

from paperpass.index import embed


class FakeEmbedder:
    """Bag of words hashed into 64 dimensions: texts sharing words are close, and it is instant."""

    name = "fake-bow-64"
    dim = 64

    def __init__(self):
        self.calls = 0
        self.texts: list[str] = []

    def encode(self, texts):
        self.calls += 1
        self.texts += list(texts)
        out = np.zeros((len(texts), self.dim), dtype="float32")
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            out[row] /= max(np.linalg.norm(out[row]), 1e-9)
        return out


@pytest.fixture
def fake_embedder():
    fake = FakeEmbedder()
    embed.set_embedder(fake)
    yield fake
    embed.set_embedder(None)


@pytest.fixture(scope="session")
def real_embedder():
    """all-MiniLM-L6-v2 from the bundled weights, loaded once for the whole session."""
    e = embed.SentenceEmbedder()
    _ = e.dim  # loads the model
    return e


@pytest.fixture
def use_real_model(real_embedder):
    embed.set_embedder(real_embedder)
    yield real_embedder
    embed.set_embedder(None)


def real_abstracts(real, limit=None):
    """[(title, abstract, [terms])] from the real arXiv metadata sample."""
    import ast

    path = real / "metadata" / "arxiv_ml_titles_abstracts_terms.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((" ".join(r["titles"].split()), " ".join(r["summaries"].split()),
                         ast.literal_eval(r["terms"])))
            if limit and len(rows) >= limit:
                break
    return rows


@pytest.fixture
def abstracts(real):
    """abstracts(limit) -> [(title, abstract, terms)] from the real metadata sample."""
    return lambda limit=None: real_abstracts(real, limit)
