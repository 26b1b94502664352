"""Question → one verbatim answer (a sentence, or up to three consecutive ones), its span, citations.

Nothing is generated: the answer is source text exactly as indexed, and the span
is a substring of it. The path is ``retrieve → evidence → span → decide``:

1. :mod:`kumeqa.evidence` analyses the question once and scores every sentence of
   the top passages with the learned question weights.
2. The answer window starts at the best sentence. A sentence that refers back
   (``Burada …``, ``Bu bölgede …``) while the value asked for sits in the sentence
   before is answered together with it; list and why/how questions take the next
   sentences while they keep scoring close to the best (a list seldom fits in one
   sentence). At most :attr:`kumeqa.config.AnswerConfig.max_sentences`.
3. The span is the shortest part that answers (:mod:`kumeqa.spans`).
4. Decide. The confidence is a second logistic model's probability that this
   answer is right, from the best sentence's score, its lead over the next one,
   and whether the question's subject and asked type are there. The assistant
   declines below :attr:`~kumeqa.config.AnswerConfig.abstain_below`, and always
   when a typed question (``kaç``, ``ne zaman``, ``kim`` …) has no candidate of its
   type in the answer, or when the question's subject names are not in the
   sentence, its heading or the sentence before: a number about a neighbouring
   entity is not an answer.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from itertools import islice

from .chunk import Sentence
from .corpusviews import views
from .evidence import FEATURES, Evidence, Scored, analyse_query, gather, share
from .index import Index
from .query import EXTENDED, TYPED, Query
from .retrieve import Hit
from .scoring import idf
from .spans import best_candidate
from .values import pinned_years, states_other_years

#: What the confidence model reads about an answer, in the order of its weights.
CONFIDENCE_FEATURES: tuple[str, ...] = (
    "score",  # the ranker's probability for the best sentence
    "lead",  # its lead over the second best
    "dense",
    "dense_asked",
    "pred_unknown",
    "lexical_ctx",
    "predicate",
    "missing",
    "names_ctx",
    "no_names",
    "unknown",
    "typed",
    "type_ok",
    "english",
)


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
    """The result of a question: verbatim sentence(s) and span, or an abstention."""

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
    #: Why the assistant declined ("" when it answered): shown to the user.
    reason: str = ""
    #: The question actually searched (a follow-up read against the conversation).
    resolved_question: str = ""

    def as_json(self) -> dict:
        return {
            "question": self.question,
            "resolved_question": self.resolved_question or self.question,
            "answer": self.answer,
            "span": self.span,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.as_json() for c in self.citations],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


#: Why a follow-up asked first is declined (:func:`kumeqa.conversation.answer_in_context`).
FOLLOW_UP_WITHOUT_HISTORY = "a follow-up with no earlier question"
#: Why a "question" without a single word (``?``, ``...``) is declined.
NO_WORDS = "no words"


@dataclass(frozen=True)
class Window:
    """Consecutive sentences that answer, the verbatim text they make, and the span in it."""

    sentences: tuple[Sentence, ...]
    text: str
    span_start: int
    span: str
    has_candidate: bool


def answer_question(index: Index, question: str, k: int = 5) -> Answer:
    """Answer ``question`` from ``index``: verbatim sentence(s) + span + citations, or decline."""
    started = time.perf_counter()
    query = analyse_query(index, question)
    result = answer_query(index, query, k=k, started=started)
    # The analysis may set off a name's case ending ("mlk’nin"): the user's words are kept.
    return result if result.question == question else replace(result, question=question)


def answer_query(index: Index, query: Query, k: int = 5, started: float | None = None) -> Answer:
    """:func:`answer_question` for an already analysed query (follow-ups build their own)."""
    started = time.perf_counter() if started is None else started
    config = index.settings.answer
    if not query.tokens:
        # "?" or "..." alone asks nothing, and the passages closest to punctuation are no
        # closest passages (the tenth trial's lone "?" repeated the answer before it).
        total = (time.perf_counter() - started) * 1000
        return Answer(
            question=query.text,
            qtype=query.qtype,
            timings_ms={"retrieve": 0.0, "answer": total, "total": total},
            answer=None,
            span=None,
            span_start=0,
            abstained=True,
            confidence=0.0,
            citations=(),
            reason=NO_WORDS,
        )
    evidence = gather(index, query, dict(config.question_weights), k=max(k, config.passages_considered))
    t_retrieve = evidence.retrieval.seconds
    passages = [_passage_citation(h) for h in evidence.retrieval.hits[:k]]

    def finish(**fields) -> Answer:
        total = time.perf_counter() - started
        timings = {"retrieve": t_retrieve * 1000, "answer": (total - t_retrieve) * 1000, "total": total * 1000}
        return Answer(question=query.text, qtype=query.qtype, timings_ms=timings, **fields)

    def decline(confidence: float, reason: str) -> Answer:
        return finish(
            answer=None,
            span=None,
            span_start=0,
            abstained=True,
            confidence=confidence,
            citations=tuple(passages),
            reason=reason,
        )

    if not evidence.ranked:
        return decline(0.0, "no passage")
    best, second = choose(evidence.ranked, query, config.min_names_share)
    if best is None and not query.unknown_names and config.passages_on_decline > len(evidence.retrieval.hits):
        # Nothing eligible near the top: read further down before declining, and take
        # what is found there only when it is sure.
        deeper = gather(index, query, dict(config.question_weights), k=config.passages_on_decline)
        found, next_score = choose(deeper.ranked, query, config.min_names_share)
        if found is not None and confidence_of(index, found, next_score) >= config.confident_on_decline:
            evidence, best, second = deeper, found, next_score
    if best is None:
        # Every sentence lacks a candidate of the asked type or the question's subject.
        return decline(0.0, "no sentence with the subject and a candidate of the asked type")
    window = answer_window(index, query, evidence, best)
    confidence = confidence_of(index, best, second)
    if query.typed and not window.has_candidate:
        return decline(min(confidence, config.abstain_below - 1e-3), "no candidate of the asked type")
    if confidence < config.abstain_below:
        return decline(confidence, "low confidence")
    first = _window_citation(index, window, best)
    others = [c for h, c in zip(evidence.retrieval.hits[:k], passages) if h.passage.id != best.hit.passage.id]
    return finish(
        answer=window.text,
        span=window.span,
        span_start=window.span_start,
        abstained=False,
        confidence=confidence,
        citations=(first, *others[: k - 1]),
    )


# ------------------------------------------------------------------ confidence


def eligible(scored: Scored, query: Query, min_names_share: float, years: frozenset[int] = frozenset()) -> bool:
    """Whether a sentence may answer at all: the question's subject is there, a
    typed question's candidate (in it, or in the sentence it refers back to), and
    the year the question asks about (``years``, :func:`kumeqa.values.pinned_years`)
    unless it states no year at all.

    Requiring the value to belong to the subject (the sentence not opening with
    another entity) was measured on the tuning split and lost more than it gained
    (hit@1 0.767 vs 0.772, unanswerable declined 0.44 vs 0.51): the subject is a
    feature of the ranker instead."""
    if query.typed and not (scored.feature("type_ok") or scored.feature("type_prev")):
        return False
    if lead_in(scored.sentence.text):
        return False
    if years and states_other_years(scored.sentence.text, years):
        return False
    if query.typed and scored.feature("placed"):
        # "… 2007 yılında OSTİM’de kurulan ilk kümelenme" names OSTİM only as where
        # something else was founded: its year is not OSTİM's.
        return False
    # An English question's names are mostly translated ("Silicon Valley"): only the
    # ones the documents use count, and their share says little.
    return query.english or scored.feature("names_ctx") >= min_names_share


def lead_in(text: str) -> bool:
    """Whether a sentence only announces what follows ("Bu Kümelenmeler;", "Bunlara örnek
    olarak:"): a few words ending in a colon or semicolon say nothing on their own, and
    the split may have put what they announce in another passage."""
    stripped = text.rstrip()
    return stripped.endswith((":", ";")) and len(stripped.split()) <= 4


def choose(ranked: tuple[Scored, ...], query: Query, min_names_share: float) -> tuple[Scored | None, float]:
    """The best eligible sentence and the score of the next eligible one (0 if none).

    None when the question names something the documents never mention (a
    capitalised name no passage uses, "Galatasaray", "Zeytin Kooperatifi"): a
    neighbouring entity's value is not its answer; and when none of its words is one
    the documents use.
    """
    if query.unknown_names and not (query.english and query.names):
        # (An English question's unknown names are the ones the documents neither write nor
        # translate, "France"; beside a name they do write, it may be one they translate
        # in a way the lexicon does not know.)
        return None, 0.0
    if ranked and not query.english and not query.names and ranked[0].feature("pred_unknown") >= 1.0:
        # Nothing the question asks about is a word of any document, and it names no
        # subject they know ("Futbolda en çok şampiyon olan takım hangisidir?"): there
        # is nothing to quote. (No tuning question, answerable or not, is of this kind.)
        return None, 0.0
    years = pinned_years(query.text)
    # Only the first two eligible sentences are needed: the checks (a year question reads
    # every sentence's values) stop there instead of running over the whole ranking.
    found = list(islice((s for s in ranked if eligible(s, query, min_names_share, years)), 2))
    if not found:
        return None, 0.0
    return found[0], (found[1].score if len(found) > 1 else 0.0)


def confidence_features(best: Scored, second: float) -> tuple[float, ...]:
    """The confidence model's inputs for the chosen sentence and the next eligible one's score."""
    named = {name: best.feature(name) for name in FEATURES}
    return (best.score, best.score - second, *(named[n] for n in CONFIDENCE_FEATURES[2:]))


def confidence_of(index: Index, best: Scored, second: float) -> float:
    """Probability that the chosen sentence answers, from :attr:`AnswerConfig.confidence_weights`."""
    weights = dict(index.settings.answer.confidence_weights)
    z = weights.get("bias", 0.0) + sum(
        weights.get(name, 0.0) * value for name, value in zip(CONFIDENCE_FEATURES, confidence_features(best, second))
    )
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


# ------------------------------------------------------------------ the answer window


def window_sentences(
    index: Index, query: Query, evidence: Evidence, best: Scored
) -> tuple[list[Sentence], Sentence | None]:
    """The consecutive sentences that answer with ``best`` and the one holding the span (None: no span).

    Shared by the answer and by training, so that a sentence is learned as right
    exactly when the answer built from it would be.
    """
    config = index.settings.answer
    corpus = views(index)
    sentences = [best.sentence]
    span_in: Sentence | None = None
    if query.qtype in TYPED:
        if best.feature("type_ok") and best_candidate(best.sentence.text, query) is not None:
            span_in = best.sentence
        elif best.feature("type_prev"):
            previous = corpus.previous(best.sentence)
            if previous is not None:
                sentences.insert(0, previous)
                span_in = previous
    elif best.feature("anaphor") and best.feature("names") < 1.0 <= _names_in(corpus, query, best.sentence, True):
        # The sentence refers back to the one naming the subject: quote both.
        previous = corpus.previous(best.sentence)
        if previous is not None:
            sentences.insert(0, previous)
    if query.qtype in EXTENDED:
        scores = {s.sentence.id: s.score for s in evidence.ranked}
        following = corpus.next(sentences[-1])
        while (
            following is not None
            and len(sentences) < config.max_sentences
            and scores.get(following.id, 0.0) >= config.extend_ratio * best.score
        ):
            sentences.append(following)
            following = corpus.next(following)
    return sentences, span_in


def answer_window(index: Index, query: Query, evidence: Evidence, best: Scored) -> Window:
    """The sentence(s) that answer, starting from the chosen one (see the module docstring)."""
    sentences, span_in = window_sentences(index, query, evidence, best)
    text = window_text(index, sentences)
    candidate = best_candidate(span_in.text, query, lambda t: idf(index, t)) if span_in is not None else None
    if span_in is None or candidate is None:
        return Window(tuple(sentences), text, 0, text, not query.typed)
    offset = _offset_in(index, sentences, span_in)
    start = offset + candidate[0].start
    return Window(tuple(sentences), text, start, text[start : offset + candidate[0].end], True)


def _names_in(corpus, query: Query, sentence: Sentence, previous: bool) -> float:
    """Share of the query's names in ``sentence`` (or in the sentence before it)."""
    if not query.names:
        return 1.0
    target = corpus.previous(sentence) if previous else sentence
    if target is None:
        return 0.0
    return share(query.names, corpus.tokens(target), query.name_keys)


def window_text(index: Index, sentences: list[Sentence]) -> str:
    """Consecutive sentences as the document has them (with the space or line break between)."""
    text = sentences[0].text
    for a, b in zip(sentences, sentences[1:]):
        text += _gap(index, a, b) + b.text
    return text


def _offset_in(index: Index, sentences: list[Sentence], target: Sentence) -> int:
    offset = 0
    for a, b in zip(sentences, sentences[1:]):
        if a.id == target.id:
            return offset
        offset += len(a.text) + len(_gap(index, a, b))
    return offset


def _gap(index: Index, a: Sentence, b: Sentence) -> str:
    """The white space between two consecutive sentences, read from a passage holding both."""
    for passage in _passages_with(index, a.id):
        if b.id in passage.sentence_ids:
            return passage.text[a.end - passage.start : b.start - passage.start]
    return " "


def _passages_with(index: Index, sentence_id: int):
    by_sentence = index.cache.get("passages_by_sentence")
    if by_sentence is None:
        by_sentence = {}
        for passage in index.passages:
            for sid in passage.sentence_ids:
                by_sentence.setdefault(sid, []).append(passage)
        index.cache["passages_by_sentence"] = by_sentence
    return by_sentence.get(sentence_id, [])


# ------------------------------------------------------------------ citations


def _passage_citation(hit: Hit) -> Citation:
    p = hit.passage
    return Citation(p.source, p.title, p.page, p.section, p.text, hit.score, context=p.text, quote_start=0)


def _window_citation(index: Index, window: Window, best: Scored) -> Citation:
    """The answer's own citation: the window as quote, inside a passage that holds it when there is one."""
    first, last = window.sentences[0], window.sentences[-1]
    context, quote_start = window.text, 0
    for passage in _passages_with(index, first.id):
        if last.id in passage.sentence_ids:
            context, quote_start = passage.text, first.start - passage.start
            break
    return Citation(
        source=first.source,
        title=best.hit.passage.title,
        page=first.page,
        section=first.section,
        quote=window.text,
        score=best.score,
        context=context,
        quote_start=quote_start,
    )
