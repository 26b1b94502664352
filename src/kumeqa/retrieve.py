"""Question → ranked passages: dense and BM25 rankings, fused.

Fusion is reciprocal rank fusion by default: it needs no score calibration between
BM25 (unbounded) and cosine (compressed near 0.8 for e5), and on the dev set it
matched or beat min-max score mixing (``docs/tuning.md``). Both are kept so that
``kumeqa eval`` can compare them. A letter-less question finds the same passages
because both sides are folded to ASCII before BM25 (:mod:`kumeqa.text`) and the
multilingual model reads either spelling.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .backend import SearchBackend
from .chunk import Passage
from .index import Index
from .text import acronyms, tokenize


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score and the two scores behind it."""

    passage: Passage
    score: float
    dense: float | None
    lexical: float | None


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits plus what the answer stage reuses (question vector and tokens)."""

    question: str
    hits: tuple[Hit, ...]
    query_vector: np.ndarray
    query_tokens: tuple[str, ...]
    seconds: float


def query_tokens(question: str, backend: SearchBackend) -> list[str]:
    """BM25 tokens of a question, plus the acronyms of its word runs that the corpus uses.

    ``tarım makineleri kümesi`` also searches ``tmk``: documents introduce a name
    once and then use its initials. Only acronyms of three or more words that occur
    in the corpus are added, so that chance initials do not add noise.
    """
    tokens = tokenize(question)
    extra = [a for a in acronyms(question) if a not in tokens and backend.document_frequency(a) > 0]
    return tokens + list(dict.fromkeys(extra))


def retrieve(index: Index, question: str, k: int = 5, mode: str | None = None, source: str | None = None) -> Retrieval:
    """Rank passages for ``question``; ``mode`` is ``hybrid``, ``dense`` or ``lexical`` (default: config).

    ``source`` keeps only passages of one document (the researchers' filter).
    """
    started = time.perf_counter()
    config = index.settings.retrieval
    mode = mode or config.mode
    vector = index.query_vector(question)
    tokens = query_tokens(question, index.backend)
    depth = max(config.candidates, k) if source is None else index.backend.size
    dense = index.backend.dense_search(vector, depth) if mode in ("hybrid", "dense") else []
    lexical = index.backend.lexical_search(tokens, depth) if mode in ("hybrid", "lexical") else []
    if source is not None:
        dense = [(i, s) for i, s in dense if index.passages[i].source == source]
        lexical = [(i, s) for i, s in lexical if index.passages[i].source == source]
    fused = _fuse(dense, lexical, config.fusion, config.rrf_k, config.mix_dense_weight)
    dense_of, lexical_of = dict(dense), dict(lexical)
    hits = tuple(Hit(index.passages[pid], score, dense_of.get(pid), lexical_of.get(pid)) for pid, score in fused[:k])
    return Retrieval(question, hits, vector, tuple(tokens), time.perf_counter() - started)


def _fuse(
    dense: list[tuple[int, float]], lexical: list[tuple[int, float]], method: str, rrf_k: int, dense_weight: float
) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    if method == "rrf":
        # Scaled so that rank 1 in both lists scores 1.0: comparable across questions.
        scale = (rrf_k + 1) / 2
        for ranking in (dense, lexical):
            for rank, (pid, _) in enumerate(ranking, start=1):
                scores[pid] = scores.get(pid, 0.0) + scale / (rrf_k + rank)
    elif method == "mix":
        for ranking, weight in ((dense, dense_weight), (lexical, 1.0 - dense_weight)):
            if not ranking:
                continue
            values = [s for _, s in ranking]
            lo, hi = min(values), max(values)
            for pid, s in ranking:
                norm = (s - lo) / (hi - lo) if hi > lo else 1.0
                scores[pid] = scores.get(pid, 0.0) + weight * norm
    else:
        raise ValueError(f"unknown fusion method {method!r}")
    # Stable: ties broken by passage id so that results are the same on every run.
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class SearchResult:
    """One ranked passage for researchers: what to read and how to cite it."""

    source: str
    title: str
    page: int
    section: str
    text: str
    score: float

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 4),
        }


def search_passages(index: Index, query: str, k: int = 10, source: str | None = None) -> list[SearchResult]:
    """Ranked passages for ``query`` (hybrid retrieval), optionally from one document."""
    hits = retrieve(index, query, k=k, source=source).hits
    return [
        SearchResult(h.passage.source, h.passage.title, h.passage.page, h.passage.section, h.passage.text, h.score)
        for h in hits
    ]
