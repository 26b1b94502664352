"""The search backend: where passage vectors and BM25 postings live and are searched.

Retrieval and answering talk to a :class:`SearchBackend` only, so the local
FAISS + BM25 pair below can be swapped for a server-side engine (OpenSearch k-NN
with a Turkish analyzer, PostgreSQL + pgvector; see ``docs/scaling.md``) without
touching them.

Local choices:

* FAISS ``IndexFlatIP`` (exact cosine on normalised vectors) while the corpus is
  small; HNSW past ``RetrievalConfig.hnsw_threshold`` passages, where exact search
  stops being cheap (measured by ``make bench``).
* ``bm25s`` for BM25: sparse-matrix scoring, a few ms for 10^5 passages. It is fed
  our own Turkish tokens (:func:`kumeqa.text.tokenize`), never its English default.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from .chunk import Passage
from .config import RetrievalConfig
from .text import tokenize


class SearchBackend(Protocol):
    """Ranked passage ids and scores for a query vector or query tokens."""

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]: ...

    def lexical_search(self, tokens: list[str], k: int) -> list[tuple[int, float]]: ...

    def document_frequency(self, token: str) -> int: ...

    @property
    def size(self) -> int: ...


def passage_tokens(passage: Passage) -> list[str]:
    """BM25 tokens of a passage: its section title gives context words ("OSTİM", "ARUS")."""
    return tokenize(f"{passage.section} {passage.text}")


class LocalBackend:
    """FAISS for dense vectors, bm25s for BM25, both in this process."""

    def __init__(self, dense, passages: list[Passage], config: RetrievalConfig) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self._dense = dense
        self._config = config
        corpus_tokens = [passage_tokens(p) or ["∅"] for p in passages]
        self._doc_freq: dict[str, int] = {}
        for tokens in corpus_tokens:
            for token in set(tokens):
                self._doc_freq[token] = self._doc_freq.get(token, 0) + 1
        self._bm25 = bm25s.BM25()
        self._n = len(passages)
        if passages:
            self._bm25.index(corpus_tokens, show_progress=False)

    @staticmethod
    def build_dense(matrix: np.ndarray, config: RetrievalConfig):
        """Exact inner product below the HNSW threshold, HNSW above it."""
        import faiss

        dim = matrix.shape[1]
        if matrix.shape[0] > config.hnsw_threshold:
            index = faiss.IndexHNSWFlat(dim, config.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
        else:
            index = faiss.IndexFlatIP(dim)
        if matrix.shape[0]:
            index.add(np.ascontiguousarray(matrix, dtype=np.float32))
        return index

    @classmethod
    def write_dense(cls, matrix: np.ndarray, path: Path, config: RetrievalConfig) -> None:
        import faiss

        faiss.write_index(cls.build_dense(matrix, config), str(path))

    @classmethod
    def load(cls, path: Path, passages: list[Passage], config: RetrievalConfig) -> LocalBackend:
        import faiss

        dense = faiss.read_index(str(path))
        if dense.ntotal != len(passages):
            raise ValueError(f"{path.name} holds {dense.ntotal} vectors for {len(passages)} passages")
        return cls(dense, passages, config)

    @property
    def size(self) -> int:
        return self._n

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._n == 0:
            return []
        if hasattr(self._dense, "hnsw"):
            self._dense.hnsw.efSearch = max(self._config.hnsw_ef_search, k)
        scores, ids = self._dense.search(np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32), min(k, self._n))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def lexical_search(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        known = [t for t in tokens if t in self._doc_freq]
        if self._n == 0 or not known:
            return []
        scores = np.asarray(self._bm25.get_scores(known), dtype=np.float32)
        k = min(k, self._n)
        top = np.argpartition(-scores, k - 1)[:k]
        # Stable order: by score, then by passage id, so ties break the same way every run.
        ranked = sorted(top.tolist(), key=lambda i: (-float(scores[i]), i))
        return [(int(i), float(scores[i])) for i in ranked if scores[i] > 0]

    def document_frequency(self, token: str) -> int:
        return self._doc_freq.get(token, 0)
