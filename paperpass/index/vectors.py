"""FAISS vectors with stable ids (the index_items ids), persisted atomically beside the database.

Small libraries get an exact inner-product index (IndexIDMap2 over IndexFlatIP);
from APPROX_THRESHOLD vectors on, an IVF index (IndexIVFFlat, inner product).
IVF rather than HNSW because IVF can remove ids in place, so updates and
deletes never need a rebuild at any size. Both take add_with_ids/remove_ids.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

APPROX_THRESHOLD = 50_000
# Back to exact below half the threshold, so a library near the line does not flip-flop.
EXACT_BELOW = APPROX_THRESHOLD // 2


def ivf_lists(n: int) -> int:
    return max(64, min(4096, int(2 * math.sqrt(n))))


def ivf_probes(nlist: int) -> int:
    return max(16, nlist // 24)


class VectorIndex:
    """A FAISS index plus the little we need to know about it."""

    def __init__(self, index, dim: int):
        self.index = index
        self.dim = dim

    # -- construction ---------------------------------------------------------------

    @classmethod
    def exact(cls, dim: int) -> VectorIndex:
        import faiss

        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)), dim)

    @classmethod
    def approximate(cls, vectors, ids, *, nlist: int | None = None, seed: int = 1234) -> VectorIndex:
        import faiss
        import numpy as np

        n, dim = vectors.shape
        nlist = nlist or ivf_lists(n)
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        # 40 points per list is what k-means needs; more only costs build time.
        sample = vectors if n <= nlist * 40 else vectors[rng.choice(n, nlist * 40, replace=False)]
        index.train(np.ascontiguousarray(sample, dtype="float32"))
        index.nprobe = ivf_probes(nlist)
        built = cls(index, dim)
        built.add(ids, vectors)
        return built

    @classmethod
    def build(cls, vectors, ids, dim: int) -> VectorIndex:
        """The right kind of index for this many vectors."""
        if len(ids) >= APPROX_THRESHOLD:
            return cls.approximate(vectors, ids)
        built = cls.exact(dim)
        built.add(ids, vectors)
        return built

    # -- facts ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return "approximate" if self.is_ivf else "exact"

    @property
    def is_ivf(self) -> bool:
        import faiss

        return isinstance(self.index, faiss.IndexIVF)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def wants_rebuild(self) -> bool:
        """Whether the size has moved far enough that another kind (or more IVF lists) fits better."""
        n = len(self)
        if self.is_ivf:
            return n < EXACT_BELOW or ivf_lists(n) > 2 * self.index.nlist
        return n >= APPROX_THRESHOLD

    def ids(self):
        import faiss
        import numpy as np

        if not self.is_ivf:
            return faiss.vector_to_array(self.index.id_map).astype("int64")
        invlists = self.index.invlists
        parts = []
        for lst in range(self.index.nlist):
            size = invlists.list_size(lst)
            if size:
                parts.append(faiss.rev_swig_ptr(invlists.get_ids(lst), size).copy())
        return np.concatenate(parts).astype("int64") if parts else np.zeros(0, dtype="int64")

    # -- changes --------------------------------------------------------------------

    def add(self, ids, vectors) -> None:
        import numpy as np

        if len(ids) == 0:
            return
        self.index.add_with_ids(np.ascontiguousarray(vectors, dtype="float32"),
                                np.asarray(ids, dtype="int64"))

    def remove(self, ids) -> int:
        import faiss
        import numpy as np

        if len(ids) == 0:
            return 0
        return int(self.index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype="int64"))))

    def search(self, queries, k: int):
        """(scores, ids), each (n_queries x k); missing results have id -1."""
        import numpy as np

        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype="float32")
        k = max(1, min(k, len(self))) if len(self) else 1
        if not len(self):
            return np.zeros((len(queries), 0), dtype="float32"), np.zeros((len(queries), 0), dtype="int64")
        return self.index.search(queries, k)

    # -- persistence ----------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write to a temporary file, then rename over the old one: a crash leaves one or the other."""
        import faiss

        tmp = path.with_name(path.name + ".tmp")
        faiss.write_index(self.index, str(tmp))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> VectorIndex | None:
        """The index in this file, or None when it is missing or unreadable (it is rebuilt then)."""
        import faiss

        if not path.is_file():
            return None
        try:
            index = faiss.read_index(str(path))
        except RuntimeError:  # faiss reports a truncated or foreign file as RuntimeError
            return None
        if isinstance(index, faiss.IndexIVF):
            index.nprobe = ivf_probes(index.nlist)
        return cls(index, index.d)


def stored_vector_count(path: Path) -> int:
    """How many vectors the index file holds. Raises ImportError without faiss, RuntimeError for a
    damaged file (what `paperpass doctor` reports)."""
    import faiss

    return int(faiss.read_index(str(path)).ntotal)
