"""The in-process search backend: FAISS for dense vectors, bm25s for BM25.

* FAISS ``IndexFlatIP`` (exact cosine on normalised vectors) while the corpus is
  small; HNSW past ``RetrievalConfig.hnsw_threshold`` passages, where exact search
  stops being cheap (measured by ``make bench``).
* ``bm25s`` for BM25: sparse-matrix scoring, a few ms for 10^5 passages. It is fed
  our own Turkish tokens (:func:`kumeqa.text.tokenize`), never its English default.

Files in the version folder: ``dense.faiss``, ``bm25/``, ``doc_freq.json``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from ..backend import document_frequencies, passage_tokens
from ..chunk import Passage
from ..config import RetrievalConfig, Settings


class LocalBackend:
    """FAISS for dense vectors, bm25s for BM25, both in this process."""

    #: Every file this backend writes is static: all are checksummed.
    unchecked_files: tuple[str, ...] = ()

    def __init__(self, dense, bm25, doc_freq: dict[str, int], size: int, config: RetrievalConfig) -> None:
        self._dense = dense
        self._bm25 = bm25
        self._doc_freq = doc_freq
        self._n = size
        self._config = config

    @property
    def dense_kind(self) -> str:
        """``"hnsw"`` or ``"exact"``: which FAISS index this corpus size got."""
        return "hnsw" if hasattr(self._dense, "hnsw") else "exact"

    @staticmethod
    def build_lexical(passages: list[Passage]):
        """The bm25s index over the passages' Turkish tokens, and their document frequencies."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        corpus_tokens = [passage_tokens(p) or ["∅"] for p in passages]
        bm25 = bm25s.BM25()
        if passages:
            # Token ids in sorted order: bm25s numbers the tokens it is given in set order,
            # which changes with Python's string hashing from one build to the next, and
            # with it the order scores are summed in (last bits, and so near-ties).
            vocab = {token: i for i, token in enumerate(sorted({t for tokens in corpus_tokens for t in tokens}))}
            bm25.index(([[vocab[t] for t in tokens] for tokens in corpus_tokens], vocab), show_progress=False)
        return bm25, document_frequencies(corpus_tokens)

    @staticmethod
    def build_dense(matrix: np.ndarray, config: RetrievalConfig):
        """Exact inner product below the HNSW threshold, HNSW above it."""
        import faiss

        dim = matrix.shape[1]
        if matrix.shape[0] > config.hnsw_threshold:
            index = faiss.IndexHNSWFlat(dim, config.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = config.hnsw_ef_construction
        else:
            index = faiss.IndexFlatIP(dim)
        if matrix.shape[0]:
            index.add(np.ascontiguousarray(matrix, dtype=np.float32))
        return index

    @classmethod
    def write(cls, matrix: np.ndarray, passages: list[Passage], out_dir: Path, settings: Settings) -> None:
        """Write the dense index and the BM25 index of one index version into ``out_dir``.

        BM25 is written too (not rebuilt at load): tokenizing 10^5 passages takes
        ~20 s, loading the saved matrices well under a second.
        """
        import faiss

        faiss.write_index(cls.build_dense(matrix, settings.retrieval), str(out_dir / "dense.faiss"))
        bm25, doc_freq = cls.build_lexical(passages)
        if passages:
            bm25.save(str(out_dir / "bm25"))
        (out_dir / "doc_freq.json").write_text(
            json.dumps(doc_freq, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )

    @classmethod
    def load(cls, version_dir: Path, passages: list[Passage], settings: Settings) -> LocalBackend:
        import bm25s
        import faiss

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        dense = faiss.read_index(str(version_dir / "dense.faiss"))
        if dense.ntotal != len(passages):
            raise ValueError(f"dense.faiss holds {dense.ntotal} vectors for {len(passages)} passages")
        bm25 = bm25s.BM25.load(str(version_dir / "bm25")) if passages else bm25s.BM25()
        doc_freq = json.loads((version_dir / "doc_freq.json").read_text(encoding="utf-8"))
        return cls(dense, bm25, doc_freq, len(passages), settings.retrieval)

    @classmethod
    def params(cls, settings: Settings) -> dict:
        """The FAISS index's structure (exact or HNSW, and HNSW's build breadth)."""
        return settings.retrieval.dense_index_params()

    @classmethod
    def activate(cls, version_dir: Path, settings: Settings) -> None:
        """Nothing to switch: ``CURRENT`` is the only pointer."""

    @classmethod
    def discard(cls, version_dir: Path, settings: Settings) -> None:
        """Nothing lives outside the version folder."""

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
        # Every passage scoring at least the k-th score, so that passages tied at the cut
        # are all candidates; then by score and passage id, so ties break the same way on
        # every run and in every backend (argpartition alone keeps an arbitrary tied one).
        kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
        top = np.flatnonzero((scores >= kth) & (scores > 0))
        ranked = sorted(top.tolist(), key=lambda i: (-float(scores[i]), i))[:k]
        return [(int(i), float(scores[i])) for i in ranked]

    def document_frequency(self, token: str) -> int:
        return self._doc_freq.get(token, 0)
