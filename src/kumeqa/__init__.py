"""kumeqa: cited, extractive question answering over Turkish documents.

The path of a question: :mod:`kumeqa.ingest` (files → pages) → :mod:`kumeqa.chunk`
(sentences, passages) → :mod:`kumeqa.index` (FAISS + BM25 on disk) →
:mod:`kumeqa.retrieve` (hybrid ranking) → :mod:`kumeqa.answer` (verbatim sentence,
span, citations, abstention). Claims go through :mod:`kumeqa.verify`.
"""

__version__ = "0.1.0"
