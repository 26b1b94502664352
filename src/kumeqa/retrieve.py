"""Question → ranked passages: dense and BM25 rankings, fused.

Fusion is reciprocal rank fusion by default: it needs no score calibration between
BM25 (unbounded) and cosine (compressed near 0.8 for e5), and on the dev set it
matched or beat min-max score mixing (``docs/tuning.md``). Both are kept so that
``kumeqa eval`` can compare them. A letter-less question finds the same passages
because both sides are folded to ASCII before BM25 (:mod:`kumeqa.text`) and the
multilingual model reads either spelling.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import numpy as np

from .backend import SearchBackend
from .chunk import Passage
from .corpusviews import views
from .index import Index
from .text import acronyms, tokenize, without_suffix
from .values import extract_values


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
    # "65 bin kişi" also searches "65000", the token of "65.000" in the documents.
    extra += [t for t in written_out_numbers(question) if t not in tokens and backend.document_frequency(t) > 0]
    return tokens + list(dict.fromkeys(extra))


def written_out_numbers(text: str) -> list[str]:
    """Number tokens (:func:`kumeqa.text.number_token`) of the amounts ``text`` writes with a
    word ("65 bin" → ``65000``, "2,5 milyon" → ``2500000``): documents write them in digits
    as often as in words."""
    out = []
    for value in extract_values(text):
        if value.kind == "number" and value.value >= 1000 and float(value.value).is_integer():
            token = str(int(value.value))
            if re.search(r"[^\W\d_]", without_suffix(value.text)):
                out.append(token)
    return out


def retrieve(index: Index, question: str, k: int = 5, mode: str | None = None, source: str | None = None) -> Retrieval:
    """Rank passages for ``question``; ``mode`` is ``hybrid``, ``dense`` or ``lexical`` (default: config).

    ``source`` keeps only passages of one document (the researchers' filter).
    """
    started = time.perf_counter()
    config = index.settings.retrieval
    mode = mode or config.mode
    vector = index.query_vector(question)
    tokens = query_tokens(question, index.backend)
    # "Food Valley" also searches "Gıda Vadisi", the name the sentences on it use
    # ("Gıda Vadisi (Food Valley), …" is said once).
    tokens += sorted(views(index).other_names(frozenset(tokens)) - set(tokens))
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
    """One ranked passage for researchers: what to read and how to cite it.

    Retrieved passages that overlap (they share a sentence by design, :mod:`kumeqa.chunk`)
    are shown once, joined: ``text`` is then the verbatim stretch they cover together,
    from ``page`` to ``page_end``, and ``score`` the best of theirs.
    """

    source: str
    title: str
    page: int
    section: str
    text: str
    score: float
    page_end: int = 0
    #: Where ``text`` lies in its document's cleaned text (to join overlapping passages).
    start: int = 0
    end: int = 0

    def pages(self, dash: str = "–") -> str:
        """``"6"``, or ``"6–7"`` for a passage running over a page break (BibTeX wants ``--``)."""
        return f"{self.page}{dash}{self.page_end}" if self.page_end > self.page else str(self.page)

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Search:
    """A passage search: the merged results, and how likely the documents hold a good match.

    ``relevance`` is a probability, calibrated on labelled queries by
    ``scripts/calibrate_search.py`` (:class:`kumeqa.config.SearchConfig`): the fused
    score cannot say this, because reciprocal rank fusion gives the best passage
    of a nonsense query the same score as the best passage of a good one.
    """

    query: str
    results: list[SearchResult]
    relevance: float
    min_relevance: float

    @property
    def good_match(self) -> bool:
        return bool(self.results) and self.relevance >= self.min_relevance

    def as_json(self) -> dict:
        return {
            "query": self.query,
            "good_match": self.good_match,
            "relevance": round(self.relevance, 4),
            "results": [r.as_json() for r in self.results],
        }


def relevance_features(hits: tuple[Hit, ...] | list[Hit]) -> dict[str, float]:
    """What the "no good match" model reads: the best cosine and the best BM25 score (log1p)."""
    dense = max((h.dense for h in hits if h.dense is not None), default=0.0)
    lexical = max((h.lexical for h in hits if h.lexical is not None), default=0.0)
    return {"dense": float(dense), "lexical": math.log1p(max(float(lexical), 0.0))}


def relevance(hits: tuple[Hit, ...] | list[Hit], weights: tuple[tuple[str, float], ...]) -> float:
    """The calibrated probability that ``hits`` hold a passage that matches the query."""
    if not hits:
        return 0.0
    features = relevance_features(hits)
    w = dict(weights)
    z = w.get("bias", 0.0) + sum(w.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def _merge(hits: tuple[Hit, ...], k: int) -> list[SearchResult]:
    """The first ``k`` results after joining hits whose passages overlap (rank order kept)."""
    results: list[SearchResult] = []
    for h in hits:
        if len(results) >= k:
            break
        p = h.passage
        new = SearchResult(p.source, p.title, p.page, p.section, p.text, h.score, p.page_end, p.start, p.end)
        joined = [r for r in results if r.source == p.source and r.start < p.end and p.start < r.end]
        if not joined:
            results.append(new)
            continue
        merged = new
        for r in joined:
            merged = _join(r, merged)
        first = results.index(joined[0])
        results = [r for r in results if r not in joined]
        results.insert(first, merged)
    return results


def _join(a: SearchResult, b: SearchResult) -> SearchResult:
    """One result covering two overlapping stretches of the same document (the better one's rank)."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    text = first.text
    if second.end > first.end:
        text += second.text[first.end - second.start :]
    return SearchResult(
        a.source,
        a.title,
        min(a.page, b.page),
        first.section,
        text,
        max(a.score, b.score),
        max(a.page_end, b.page_end, a.page, b.page),
        first.start,
        max(a.end, b.end),
    )


def search(index: Index, query: str, k: int = 10, source: str | None = None) -> Search:
    """Ranked passages for ``query`` (hybrid retrieval, overlaps joined), optionally from one document.

    More passages than ``k`` are retrieved so that joining overlaps still leaves ``k`` results.
    """
    config = index.settings.search
    hits = retrieve(index, query, k=k * config.overfetch, source=source).hits
    return Search(query, _merge(hits, k), relevance(hits, config.relevance_weights), config.min_relevance)


def search_passages(index: Index, query: str, k: int = 10, source: str | None = None) -> list[SearchResult]:
    """Ranked passages for ``query`` (see :func:`search`), without the match verdict."""
    return search(index, query, k=k, source=source).results
