"""Scores shared by answering and fact-checking: IDF and IDF-weighted coverage of a query.

Kept in one place so that a question and a claim are weighed against a sentence
in the same way.
"""

from __future__ import annotations

import math

from .index import Index
from .text import synonyms


def idf(index: Index, token: str) -> float:
    """BM25-style IDF of a stem over the passages; a stem the corpus never uses scores highest."""
    n = max(index.backend.size, 1)
    df = index.backend.document_frequency(token)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def max_idf(index: Index) -> float:
    """The IDF of a stem no passage uses: the top of the scale :func:`idf` gives."""
    n = max(index.backend.size, 1)
    return math.log(1 + (n + 0.5) / 0.5)


def coverage(index: Index, query_tokens, text_tokens: set[str], weak_tokens: set[str]) -> float:
    """IDF-weighted share of query stems present; stems only in ``weak_tokens`` count half.

    A stem unknown to the whole corpus gets the highest IDF, so a question about
    something the documents never mention scores low here. A general Turkish
    synonym (:func:`kumeqa.text.synonyms`) counts as the word itself.
    """
    unique = dict.fromkeys(query_tokens)
    total = found = 0.0
    for token in unique:
        weight = idf(index, token)
        total += weight
        alternatives = synonyms(token)
        if token in text_tokens or not alternatives.isdisjoint(text_tokens):
            found += weight
        elif token in weak_tokens or not alternatives.isdisjoint(weak_tokens):
            found += weight / 2
    return found / total if total else 0.0
