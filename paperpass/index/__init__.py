"""Embeddings, FAISS vectors, FTS5 keyword search and triage ranking."""
