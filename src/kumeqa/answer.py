"""Ranked passages → one verbatim answer sentence, its answer span, citations, confidence.

Nothing is generated: the answer is a sentence of a source exactly as indexed, and
the span is a substring of it. The steps:

1. Question type from Turkish question forms (``kaç``, ``ne zaman``, ``kim``,
   ``nerede``, ``nedir``, ``hangi …``); folded, so ``kac`` and ``ne zaman`` typed
   without Turkish letters work the same.
2. Every sentence of the top passages is scored: dense cosine to the question,
   IDF-weighted share of the question's stems found in it (or its section
   heading), a bonus when it holds the kind of value asked for, and the fused
   retrieval score of its passage. Weights: :class:`kumeqa.config.AnswerConfig`.
3. The span is the shortest part that answers: a number with the noun it counts
   (``420 üretici``), a date (``12 Mart 1998``), a name (``Ege Üniversitesi``),
   else the whole sentence.
4. Confidence in [0, 1] from the best sentence's dense cosine and the share of
   rare question terms it covers; below the threshold the assistant abstains and
   shows the closest passages instead.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from .chunk import Sentence
from .embed import DEFAULT_MODEL_ID
from .index import Index
from .retrieve import Hit, Retrieval, retrieve
from .scoring import CAP, common_prefix, coverage, idf, previous_sentence_tokens
from .text import content_words, fold, is_english, tokenize, with_acronym_matches
from .values import extract_values

QUANTITY, PERCENT, DATE, PERSON, PLACE, DEFINITION, ENTITY, OTHER = (
    "quantity",
    "percent",
    "date",
    "person",
    "place",
    "definition",
    "entity",
    "other",
)

# Folded question patterns, most specific first. General Turkish/English question
# forms only; nothing about any document.
_QUESTION_FORMS: tuple[tuple[str, str], ...] = (
    (r"\byuzde kac\b|\boran[ii]? (ne|kac)|\bwhat percent|\bpercentage\b|%\s*kac", PERCENT),
    (
        r"\bne zaman\b|\bhangi (yil|tarih|donem|yuzyil)|\bkac yilinda\b|\bkac tarihinde\b|\bwhen\b|\bwhat year\b|\bwhich year\b|\bin what year\b",
        DATE,
    ),
    (r"\bkac\b|\bkactir\b|\bne kadar\b|\bsayisi (ne|kac)|\bhow many\b|\bhow much\b|\bnumber of\b", QUANTITY),
    (r"\bkim(dir|ler|lerdir|in|e|i)?\b|\bkim tarafindan\b|\bwho\b|\bwhom\b", PERSON),
    (
        r"\bnerede\b|\bneresi|\bnereye\b|\bhangi (sehir|ulke|il|ilde|sehirde|ulkede|bolge|bolgede|kent)|\bwhere\b|\bwhich (city|country)\b",
        PLACE,
    ),
    (r"\bhangi\b|\bwhich\b|\bwhat (company|university|organisation|organization|institution)\b", ENTITY),
    (r"\bnedir\b|\bne demek|\bne anlama|\bnasil tanimlan|\btanimi\b|\bwhat is\b|\bwhat are\b|\bdefine\b", DEFINITION),
)


def question_type(question: str) -> str:
    """The kind of answer ``question`` asks for (see the module docstring)."""
    folded = fold(question)
    for pattern, kind in _QUESTION_FORMS:
        if re.search(pattern, folded):
            return kind
    return OTHER


@dataclass(frozen=True)
class Citation:
    """Where an answer or passage comes from. ``quote`` is verbatim source text."""

    source: str
    title: str
    page: int
    section: str
    quote: str
    score: float
    #: The passage around the quote, and where the quote sits in it (for highlighting).
    context: str = ""
    quote_start: int = 0

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    """The result of a question: a verbatim sentence and span, or an abstention."""

    question: str
    answer: str | None
    span: str | None
    #: Where the span starts inside ``answer`` (``answer[span_start:...] == span``).
    span_start: int
    abstained: bool
    confidence: float
    qtype: str
    citations: tuple[Citation, ...]
    timings_ms: dict[str, float]

    def as_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "span": self.span,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.as_json() for c in self.citations],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class _Scored:
    sentence: Sentence
    hit: Hit
    score: float
    dense: float
    coverage: float


def _type_score(sentence: str, question: str, qtype: str) -> float:
    """1 when the sentence holds a candidate answer of the asked type (plus its best prior), else 0."""
    if qtype in (DEFINITION, OTHER):
        return 1.0
    candidates = _candidates(sentence, question, qtype)
    return 1.0 + max(c.prior for c in candidates) / 2 if candidates else 0.0


def answer_question(index: Index, question: str, k: int = 5) -> Answer:
    """Answer ``question`` from ``index``: verbatim sentence + span + citations, or abstain."""
    started = time.perf_counter()
    config = index.settings.answer
    retrieval = retrieve(index, question, k=max(k, config.passages_considered))
    t_retrieve = time.perf_counter() - started
    qtype = question_type(question)
    scored = _score_sentences(index, retrieval, qtype)
    citations_for_hits = [_passage_citation(index, h) for h in retrieval.hits[:k]]
    if not scored:
        return _abstain(question, qtype, citations_for_hits, 0.0, t_retrieve, started)
    best = scored[0]
    confidence = _confidence(index, best, retrieval.query_vector)
    if confidence < config.abstain_below:
        return _abstain(question, qtype, citations_for_hits, confidence, t_retrieve, started)
    sentence = best.sentence
    span_start, span = find_span(sentence.text, question, qtype, weight=lambda t: idf(index, t))
    passage = best.hit.passage
    first = Citation(
        source=sentence.source,
        title=passage.title,
        page=sentence.page,
        section=sentence.section,
        quote=sentence.text,
        score=best.score,
        context=passage.text,
        quote_start=sentence.start - passage.start,
    )
    others = [c for h, c in zip(retrieval.hits[:k], citations_for_hits) if h.passage.id != passage.id]
    total = time.perf_counter() - started
    return Answer(
        question=question,
        answer=sentence.text,
        span=span,
        span_start=span_start,
        abstained=False,
        confidence=confidence,
        qtype=qtype,
        citations=(first, *others[: k - 1]),
        timings_ms={"retrieve": t_retrieve * 1000, "answer": (total - t_retrieve) * 1000, "total": total * 1000},
    )


def _passage_citation(index: Index, hit: Hit) -> Citation:
    p = hit.passage
    return Citation(p.source, p.title, p.page, p.section, p.text, hit.score, context=p.text, quote_start=0)


def _abstain(
    question: str, qtype: str, citations: list[Citation], confidence: float, t_retrieve: float, started: float
) -> Answer:
    total = time.perf_counter() - started
    return Answer(
        question=question,
        answer=None,
        span=None,
        span_start=0,
        abstained=True,
        confidence=confidence,
        qtype=qtype,
        citations=tuple(citations),
        timings_ms={"retrieve": t_retrieve * 1000, "answer": (total - t_retrieve) * 1000, "total": total * 1000},
    )


def _confidence(index: Index, best: _Scored, query_vector) -> float:
    """Confidence in [0, 1]: the best sentence's dense similarity and its coverage of the question.

    The default model's cosine range was measured on the dev set; for any other
    model the cosine is read as a z-score against every sentence of the corpus,
    which needs no per-model calibration.
    """
    config = index.settings.answer
    if index.embedder.model_id == DEFAULT_MODEL_ID:
        dense = (best.dense - config.conf_dense_lo) / (config.conf_dense_hi - config.conf_dense_lo)
    else:
        cosines = index.sentence_vectors @ query_vector
        z = (best.dense - float(cosines.mean())) / (float(cosines.std()) or 1.0)
        dense = (z - config.conf_z_lo) / (config.conf_z_hi - config.conf_z_lo)
    dense = min(max(dense, 0.0), 1.0)
    return (1 - config.conf_w_coverage) * dense + config.conf_w_coverage * best.coverage


def _score_sentences(index: Index, retrieval: Retrieval, qtype: str) -> list[_Scored]:
    config = index.settings.answer
    hits = retrieval.hits[: config.passages_considered]
    if not hits:
        return []
    top_score = hits[0].score or 1.0
    q_tokens = retrieval.query_tokens
    if is_english(retrieval.question):
        # An English question's words are mostly translations the Turkish text never
        # uses; coverage is measured over the words the corpus knows (names, acronyms).
        q_tokens = tuple(t for t in q_tokens if index.backend.document_frequency(t) > 0)
    best_for: dict[int, _Scored] = {}
    for hit in hits:
        section_tokens = set(tokenize(hit.passage.section))
        ids = list(hit.passage.sentence_ids)
        dense = index.sentence_vectors[ids] @ retrieval.query_vector
        for sid, cos in zip(ids, dense.tolist()):
            sentence = index.sentences[sid]
            tokens = with_acronym_matches(retrieval.question, set(tokenize(sentence.text)))
            # The subject of a sentence is often only in its heading or in the sentence
            # before ("Kümede 40 firma yer alıyor."): those words count half.
            context_tokens = section_tokens | previous_sentence_tokens(index, sentence)
            covered = coverage(index, q_tokens, tokens, context_tokens)
            score = (
                config.w_dense * cos
                + config.w_lexical * covered
                + config.w_type * _type_score(sentence.text, retrieval.question, qtype)
                + config.w_passage * hit.score / top_score
            )
            if sid not in best_for or best_for[sid].score < score:
                best_for[sid] = _Scored(sentence, hit, score, cos, covered)
    # Stable: ties go to the earlier sentence in the corpus.
    return sorted(best_for.values(), key=lambda s: (-s.score, s.sentence.id))


# ------------------------------------------------------------------ spans

#: A run of capitalised words (Turkish capitals included), optionally with the
#: apostrophe suffix that proper nouns take; the suffix is not part of the name.
_SUFFIX = r"(?:[’'][a-zçğıöşü]+)?"
#: "Ege’nin Kiraz Vadisi" is one name: a genitive suffix may sit inside it.
_NAME_RE = re.compile(rf"{CAP}(?:{_SUFFIX}\s+{CAP})*", re.UNICODE)
_LOCATIVE = re.compile(r"^[’'](?:de|da|te|ta|nde|nda)\b", re.IGNORECASE)
_AGENT = re.compile(r"^(?:[’'][a-zçğıöşü]+)?\s+tarafından\b", re.IGNORECASE)
_BOUND_WORDS = re.compile(r"^\s*(?:fazla|aşkın|üzerinde\w*|üstünde\w*|yakın|civarında)\b", re.IGNORECASE)

#: Question words within this many characters of a candidate span support it,
#: the nearer the more (linear decay). 60 characters is about 8 Turkish words.
SPAN_WINDOW = 60


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    prior: float  # evidence from the candidate itself (unit match, suffix, head noun)


def _question_words(question: str) -> list[str]:
    return [w for w in content_words(question) if not w[0].isdigit()]


def _head_noun(question: str) -> str | None:
    """The word after ``hangi``/``which`` (``hangi üniversite`` → ``universite``)."""
    match = re.search(r"\b(?:hangi|which)\s+(\w+)", fold(question))
    return match.group(1) if match else None


def _candidates(sentence: str, question: str, qtype: str) -> list[_Candidate]:
    """Possible answer spans of the question's type in ``sentence``, with a prior each."""
    folded_question = fold(question)
    q_words = _question_words(question)
    out: list[_Candidate] = []
    if qtype in (QUANTITY, PERCENT, DATE):
        kinds = {QUANTITY: ("number", "percent"), PERCENT: ("percent",), DATE: ("date", "year")}[qtype]
        for v in extract_values(sentence):
            if v.kind not in kinds or re.search(
                rf"(?<!\w){re.escape(fold(v.text.split('’')[0]))}(?!\w)", folded_question
            ):
                continue  # a value the question itself states ("2021 yılında ...") is not its answer
            prior = 0.5 if v.kind == "date" else 0.0
            if qtype == QUANTITY:
                # The number that counts the thing asked about ("kaç üretici" → "420 üretici").
                best = 0.0
                for rank, unit in enumerate(v.unit):
                    for w in q_words:
                        shared = common_prefix(unit, w)
                        if shared >= 4:
                            best = max(best, (shared / max(len(unit), len(w))) * (1.0 - 0.2 * rank))
                prior += 2.0 * best
            out.append(_Candidate(v.start, _extend_quantity(sentence, v.end) if qtype == QUANTITY else v.end, prior))
    elif qtype in (PERSON, PLACE, ENTITY):
        stems = set(tokenize(question))
        head = _head_noun(question)
        for m in _NAME_RE.finditer(sentence):
            text = m.group(0).rstrip(".,;:")
            words = text.split()
            name_stems = {t for w in words for t in tokenize(w)}
            if not name_stems or name_stems <= stems:
                continue  # the question's own subject, not its answer
            after = sentence[m.end() :]
            if m.start() == 0 and len(words) == 1 and not _LOCATIVE.match(after):
                continue  # a sentence-initial capital is not a name by itself
            prior = 0.0
            if head and any(common_prefix(fold(w), head) >= 5 for w in words):
                prior += 1.0  # "hangi üniversite" → "Ege Üniversitesi"
            if qtype == PLACE and _LOCATIVE.match(after):
                prior += 1.0
            if qtype == PERSON and _AGENT.match(after):
                prior += 1.0
            out.append(_Candidate(m.start(), m.start() + len(text), prior))
    return out


def _support(sentence: str, candidate: _Candidate, question: str, weight: Callable[[str], float]) -> float:
    """IDF-weighted nearness of the question's words to ``candidate`` (distinct stems, nearest occurrence)."""
    stems = set(tokenize(question))
    best: dict[str, float] = {}
    for m in re.finditer(r"\w+", sentence):
        tokens = tokenize(m.group(0))
        if not tokens or tokens[0] not in stems:
            continue
        if candidate.start <= m.start() < candidate.end:
            closeness = 1.0  # the counted noun or a word of the name itself
        else:
            distance = candidate.start - m.end() if m.end() <= candidate.start else m.start() - candidate.end
            closeness = max(0.0, 1.0 - max(distance, 0) / SPAN_WINDOW)
        best[tokens[0]] = max(best.get(tokens[0], 0.0), closeness)
    total = sum(weight(t) for t in stems) or 1.0
    return sum(weight(t) * c for t, c in best.items()) / total


def find_span(
    sentence: str, question: str, qtype: str, weight: Callable[[str], float] | None = None
) -> tuple[int, str]:
    """``(start, span)``: the shortest substring of ``sentence`` that answers; the sentence if none.

    Among the candidates of the asked type, the one with the highest prior plus
    support from nearby question words wins; ties go to the earlier one.
    """
    weight = weight or (lambda _token: 1.0)
    candidates = _candidates(sentence, question, qtype)
    if not candidates:
        return 0, sentence
    best = max(candidates, key=lambda c: (c.prior + 2.0 * _support(sentence, c, question, weight), -c.start))
    return best.start, sentence[best.start : best.end]


def _extend_quantity(sentence: str, end: int) -> int:
    """Extend a number over its bound phrase and the noun it counts: ``4.500’den fazla firma``."""
    bound = _BOUND_WORDS.match(sentence, end)
    if bound:
        end = bound.end()
    noun = re.match(r"\s+(?:adet\s+|tane\s+)?[^\W\d_]+", sentence[end:])
    if noun:
        end += noun.end()
    return end
