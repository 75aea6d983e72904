"""The index keeps itself in step with the database: incremental, cached, repaired at open."""


import numpy as np

from paperpass.index import rebuild_index
from paperpass.index.items import chunk_text
from paperpass.index.search import search
from paperpass.index.sync import ensure_index, vector_path
from paperpass.index.vectors import VectorIndex
from paperpass.models import Paper
from paperpass.store.papers import upsert_paper
from paperpass.store.reading import add_note, update_note


def _papers(conn, n=6):
    topics = ["residual networks for image recognition", "diffusion models for video generation",
              "reinforcement learning for robot control", "graph neural networks for molecules",
              "speech recognition with transformers", "contrastive learning of visual representations"]
    ids = []
    for i in range(n):
        p = upsert_paper(conn, Paper(title=f"Paper {i}: {topics[i % 6]}", abstract=f"We study {topics[i % 6]}.",
                                     authors=[f"Author {i}", "Kaiming He"] if i == 0 else [f"Author {i}"],
                                     published=f"2024-01-0{1 + i % 7}", arxiv_id=f"2401.0000{i}")).paper
        ids.append(p.id)
    return ids


def _vector_ids(conn, fake):
    return set(ensure_index(conn).vectors.ids().tolist())


def _item_ids(conn):
    return {r[0] for r in conn.execute("SELECT id FROM index_items")}


def test_only_new_and_changed_texts_are_embedded(conn, fake_embedder):
    ids = _papers(conn)
    ensure_index(conn)
    first = len(fake_embedder.texts)
    assert first >= len(ids)
    ensure_index(conn)
    assert len(fake_embedder.texts) == first  # nothing changed, nothing embedded
    note = add_note(conn, ids[0], 1, "the skip connections make deep networks trainable")
    search(conn, "skip connections", scope="notes")
    assert fake_embedder.texts[first:] == [note.text, "skip connections"]  # the note, then the query
    update_note(conn, note.id, "identity shortcuts make very deep networks trainable")
    hits = search(conn, "identity shortcuts", scope="notes")
    assert hits and hits[0].kind == "note" and hits[0].pass_no == 1 and hits[0].paper_id == ids[0]
    assert _vector_ids(conn, fake_embedder) == _item_ids(conn)


def test_deleted_paper_leaves_both_indexes(conn, fake_embedder):
    ids = _papers(conn)
    ensure_index(conn)
    conn.execute("DELETE FROM papers WHERE id = ?", (ids[1],))
    assert all(h.paper_id != ids[1] for h in search(conn, "diffusion video generation", limit=10))
    assert _vector_ids(conn, fake_embedder) == _item_ids(conn)


def test_embedding_cache_survives_rebuild(conn, fake_embedder):
    _papers(conn)
    rebuild_index(conn)
    before = len(fake_embedder.texts)
    summary = rebuild_index(conn)
    assert summary["embedded"] == 0 and len(fake_embedder.texts) == before
    assert summary["papers"] == conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    assert summary["index"] == "exact"


def test_deleted_vector_file_is_rebuilt_at_open(conn, fake_embedder):
    _papers(conn)
    handle = ensure_index(conn)
    path = vector_path(conn, fake_embedder.name)
    assert path.is_file() and path.parent == conn_path(conn).parent
    path.unlink()
    from paperpass.index import sync
    sync._loaded.clear()  # a new process
    assert set(ensure_index(conn).vectors.ids().tolist()) == _item_ids(conn)
    assert path.is_file()
    assert len(handle.vectors) == len(_item_ids(conn))


def test_stale_file_after_a_crash_is_repaired(conn, fake_embedder):
    ids = _papers(conn)
    ensure_index(conn)
    path = vector_path(conn, fake_embedder.name)
    stale = path.read_bytes()
    add_note(conn, ids[2], 3, "policy gradient with a learned baseline")
    ensure_index(conn)
    path.write_bytes(stale)  # as if the process died before writing the new file
    from paperpass.index import sync
    sync._loaded.clear()
    assert set(ensure_index(conn).vectors.ids().tolist()) == _item_ids(conn)


def test_corrupt_vector_file_is_rebuilt(conn, fake_embedder):
    _papers(conn)
    ensure_index(conn)
    path = vector_path(conn, fake_embedder.name)
    path.write_bytes(b"not a faiss index")
    from paperpass.index import sync
    sync._loaded.clear()
    assert set(ensure_index(conn).vectors.ids().tolist()) == _item_ids(conn)


def test_model_change_starts_a_fresh_index(conn, fake_embedder):
    from paperpass.index import embed

    _papers(conn)
    ensure_index(conn)
    old = vector_path(conn, fake_embedder.name)

    class Other(type(fake_embedder)):
        name = "other-model"
        dim = 32

    other = Other()
    embed.set_embedder(other)
    handle = ensure_index(conn)
    assert handle.vectors.dim == 32 and len(handle.vectors) == len(_item_ids(conn))
    assert len(other.texts) == len(_item_ids(conn))  # re-embedded, not mixed
    assert not old.exists() and vector_path(conn, "other-model").exists()


def test_parsed_sections_are_indexed_as_chunks(conn, fake_embedder):
    from paperpass.library.documents import cache_document
    from paperpass.models import Document, Section
    from paperpass.store.papers import set_pdf

    ids = _papers(conn)
    body = "We minimise a hinge loss function over pairs of frames. " * 3
    doc = Document(title="x", sections=[Section("Introduction", 1, 1, "Intro text about robots."),
                                         Section("Training objective", 1, 4, body),
                                         Section("References", 1, 9, "[1] A. Person.", kind="references")])
    set_pdf(conn, ids[2], "/nowhere.pdf", "abc123")
    cache_document(conn, "abc123", doc)
    hits = search(conn, "hinge loss function", scope="papers")
    section_hits = [h for h in hits if h.kind == "section"]
    assert section_hits and section_hits[0].section == "Training objective" and section_hits[0].page == 4
    assert not [h for h in hits if h.section == "References"]


def test_chunks_stay_under_the_model_window():
    text = ("A sentence about attention. " * 200) + "\n\n" + "Short tail."
    pieces = chunk_text(text)
    assert len(pieces) > 3 and all(len(p) <= 1800 for p in pieces)
    assert "Short tail." in pieces[-1]


def conn_path(conn):
    from pathlib import Path
    return Path(next(iter(conn.execute("PRAGMA database_list")))[2])


def test_vector_index_add_remove_and_switch_to_approximate():
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(3000, 16)).astype("float32")
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    ids = np.arange(100, 3100)
    exact = VectorIndex.build(vecs, ids, 16)
    assert exact.kind == "exact"
    exact.remove(ids[:10])
    assert len(exact) == 2990 and 100 not in set(exact.ids().tolist())
    approx = VectorIndex.approximate(vecs, ids, nlist=64)
    assert approx.kind == "approximate" and set(approx.ids().tolist()) == set(ids.tolist())
    approx.remove(ids[:5])
    approx.add(ids[:5], vecs[:5])  # update in place, same stable ids
    _, found = approx.search(vecs[:1], 1)
    assert found[0][0] == ids[0]
    assert sorted(approx.ids().tolist()) == sorted(ids.tolist())
