"""The search backend: where passage vectors and BM25 postings live and are searched.

Retrieval and answering talk to a :class:`SearchBackend` only, so the in-process
FAISS + BM25 pair (:mod:`kumeqa.index.local`) can be swapped for a search engine
(see ``docs/scaling.md``) without touching them. Each backend is one file under
``kumeqa/index/`` and is registered by name in :data:`BACKENDS`; ``Settings.backend``
picks one, and the name is part of the index fingerprint, so switching rebuilds.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .chunk import Passage
from .text import tokenize

if TYPE_CHECKING:
    from .config import Settings


class SearchBackend(Protocol):
    """Ranked passage ids and scores for a query vector or query tokens.

    Passage ids are the corpus-wide ids of :attr:`kumeqa.index.Index.passages`.
    Results are ordered by score, ties by passage id, so that every run and every
    backend breaks them the same way.
    """

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]: ...

    def lexical_search(self, tokens: list[str], k: int) -> list[tuple[int, float]]: ...

    def document_frequency(self, token: str) -> int: ...

    @property
    def size(self) -> int: ...


class BackendClass(Protocol):
    """What the index builder and loader need from a backend's class.

    ``write`` is called once per index version with every passage and its vector, in
    corpus order, while the version folder is still being written; ``activate`` once
    ``CURRENT`` names the version; ``load`` opens what ``write`` wrote. ``discard``
    drops what the backend keeps outside the folder (a server-side collection) when a
    version is abandoned or pruned. ``params`` is what the search structures depend on
    besides the vectors (recorded in the manifest: a change rebuilds them without
    re-embedding). ``unchecked_files`` names the files in the folder that the engine
    itself rewrites (a live database), which the manifest therefore does not checksum.
    """

    unchecked_files: tuple[str, ...]

    @classmethod
    def params(cls, settings: Settings) -> dict: ...

    @classmethod
    def write(cls, matrix: np.ndarray, passages: list[Passage], out_dir: Path, settings: Settings) -> None: ...

    @classmethod
    def load(cls, version_dir: Path, passages: list[Passage], settings: Settings) -> SearchBackend: ...

    @classmethod
    def activate(cls, version_dir: Path, settings: Settings) -> None: ...

    @classmethod
    def discard(cls, version_dir: Path, settings: Settings) -> None: ...


def passage_tokens(passage: Passage) -> list[str]:
    """BM25 tokens of a passage: its section title gives context words (the subject's name, its initials)."""
    return tokenize(f"{passage.section} {passage.text}")


def document_frequencies(corpus_tokens: list[list[str]]) -> dict[str, int]:
    """In how many passages each BM25 token occurs (IDF for the answer stage's coverage)."""
    doc_freq: dict[str, int] = {}
    for tokens in corpus_tokens:
        for token in set(tokens):
            doc_freq[token] = doc_freq.get(token, 0) + 1
    return doc_freq


#: Backends by name (``Settings.backend``), as ``module:Class``: a backend's module is
#: imported only when it is used, so the local default never loads a Milvus client.
BACKENDS: dict[str, str] = {
    "local": "kumeqa.index.local:LocalBackend",
    "milvus": "kumeqa.index.milvus:MilvusBackend",
}


def backend_class(name: str) -> BackendClass:
    try:
        module, cls = BACKENDS[name].split(":")
    except KeyError:
        raise ValueError(f"unknown search backend {name!r} (known: {', '.join(BACKENDS)})") from None
    return getattr(importlib.import_module(module), cls)
