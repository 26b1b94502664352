"""Claim → verdict (supported / contradicted / not_enough_info), evidence, mismatching values.

The path is ``retrieve → evidence → compare``, with the same evidence stage as
answering (:mod:`kumeqa.evidence`) and the claim weights of
:class:`kumeqa.config.VerifyConfig`:

1. Evidence: sentences about the claim's subject and predicate, whatever value
   they state. Below :attr:`~kumeqa.config.VerifyConfig.min_evidence` (the learned
   probability) or without the claim's subject names in the sentence, its heading
   or the sentence before, the documents do not speak about the claim:
   ``not_enough_info``. A number about something else is never a contradiction.
2. Values are compared with the source's value of the same kind that counts the
   same thing (the nouns after the numbers share roots or initials: ``63 adet
   Teknoloji Transfer Ofisi`` and ``63 adet TTO``), as intervals
   (:func:`kumeqa.values.relation`). A value belongs to the claim's subject only
   when the sentence names that subject, or names no other entity itself (then
   its heading or the sentence before gives the subject): ``OSSA, 2007 tarihinde
   kuruldu`` under an OSTİM heading says nothing about when OSTİM was founded.
3. Names: a name of the claim absent from the evidence, where the evidence has
   another name in the same place, is a contradiction.
4. The verdict follows by construction: any value that cannot be true →
   contradicted; any value or name left open → not_enough_info (the source's
   value is still named); only a claim every part of which is established is
   supported, so a supported verdict never lists a mismatch.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from .chunk import Sentence
from .evidence import Scored, analyse_query, gather, views
from .index import Index
from .query import Query
from .spans import Name, names_in, unit_match
from .text import acronyms, fold, tokenize
from .values import DISJOINT, ESTABLISHED, Value, extract_values, relation

SUPPORTED, CONTRADICTED, NOT_ENOUGH_INFO = "supported", "contradicted", "not_enough_info"


@dataclass(frozen=True)
class Mismatch:
    """A value or name of the claim and what the source says instead.

    ``relation`` is ``"disjoint"`` (both cannot be true) or ``"open"`` (the source
    states a different bound that does not establish the claim's value).
    """

    claim: str
    source: str
    kind: str  # "number" | "percent" | "year" | "date" | "name"
    relation: str = DISJOINT

    def as_json(self) -> dict:
        return {"claim": self.claim, "source": self.source, "kind": self.kind, "relation": self.relation}


@dataclass(frozen=True)
class Evidence:
    """A verbatim source sentence weighed against the claim."""

    sentence: Sentence
    title: str
    score: float

    def as_json(self) -> dict:
        s = self.sentence
        return {
            "source": s.source,
            "title": self.title,
            "page": s.page,
            "section": s.section,
            "quote": s.text,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Verdict:
    claim: str
    verdict: str
    confidence: float
    evidence: tuple[Evidence, ...]
    mismatches: tuple[Mismatch, ...]
    #: Where the compared values sit: (start, end) in the claim and in the first evidence sentence.
    claim_marks: tuple[tuple[int, int], ...]
    source_marks: tuple[tuple[int, int], ...]
    timings_ms: dict[str, float]

    def as_json(self) -> dict:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "confidence": round(self.confidence, 4),
            "evidence": [e.as_json() for e in self.evidence],
            "mismatches": [m.as_json() for m in self.mismatches],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class _Comparison:
    value: Value
    scored: Scored
    source_value: Value
    relation: str


def check_claim(index: Index, claim: str, k: int = 8) -> Verdict:
    """Weigh ``claim`` against the documents; see the module docstring for the rules."""
    started = time.perf_counter()
    config = index.settings.verify
    query = analyse_query(index, claim, claim=True)
    evidence = gather(index, query, dict(config.claim_weights), k=k)
    ranked = list(evidence.ranked)
    shown = tuple(_evidence(s) for s in ranked[:3])

    def verdict(label: str, confidence: float, lead: Scored | None = None, **found) -> Verdict:
        order = shown if lead is None else (_evidence(lead), *[e for e in shown if e.sentence.id != lead.sentence.id])
        return Verdict(
            claim,
            label,
            round(min(max(confidence, 0.0), 1.0), 4),
            order[:3],
            tuple(found.get("mismatches", ())),
            tuple(found.get("claim_marks", ())),
            tuple(found.get("source_marks", ())),
            {"total": (time.perf_counter() - started) * 1000},
        )

    about = [s for s in ranked[: config.evidence_considered] if _about_subject(s, config)]
    if not about:
        return verdict(NOT_ENOUGH_INFO, 1.0 - (ranked[0].score if ranked else 0.0))
    best = about[0]

    comparisons: list[_Comparison] = []
    unresolved = False
    for value in query.values:
        found = _compare(index, query, value, about)
        if found is None:
            unresolved = True
        else:
            comparisons.append(found)
    lead = comparisons[0].scored if comparisons else best
    mismatches: list[Mismatch] = []
    claim_marks: list[tuple[int, int]] = []
    source_marks: list[tuple[int, int]] = []
    for c in comparisons:
        claim_marks.append((c.value.start, c.value.end))
        if c.scored is lead:
            source_marks.append((c.source_value.start, c.source_value.end))
        if c.relation != ESTABLISHED:
            mismatches.append(Mismatch(_core(c.value), _core(c.source_value), _kind(c.value, c.source_value), c.relation))
    name_mismatch, missing_name = _compare_names(index, query, lead.sentence)
    if name_mismatch is not None:
        mismatch, claim_mark, source_mark = name_mismatch
        mismatches.append(mismatch)
        claim_marks.append(claim_mark)
        source_marks.append(source_mark)

    found = {"mismatches": mismatches, "claim_marks": claim_marks, "source_marks": source_marks}
    if any(m.relation == DISJOINT for m in mismatches):
        return verdict(CONTRADICTED, lead.score, lead, **found)
    if mismatches or unresolved or missing_name:
        return verdict(NOT_ENOUGH_INFO, 0.5, lead, **found)
    return verdict(SUPPORTED, lead.score, lead, **found)


def _evidence(scored: Scored) -> Evidence:
    return Evidence(scored.sentence, scored.hit.passage.title, scored.score)


def _about_subject(scored: Scored, config) -> bool:
    """Whether the sentence speaks of the claim: a probable piece of evidence naming its subject."""
    return scored.score >= config.min_evidence and scored.feature("names_ctx") >= config.min_names_share


def _owns_values(index: Index, query: Query, sentence: Sentence) -> bool:
    """Whether the sentence's values can be the claim's subject's (see the module docstring)."""
    if not query.names:
        return True
    tokens = views(index).tokens(sentence)
    if any(n in tokens for n in query.names):
        return True
    claim_stems = set(tokenize(query.text))
    claim_acronyms = set(acronyms(query.text, min_words=2))
    return all(name.stems & claim_stems or fold(name.text) in claim_acronyms for name in names_in(sentence.text))


def _compare(index: Index, query: Query, value: Value, about: list[Scored]) -> _Comparison | None:
    """The source value that states the same quantity as ``value``, and how they relate.

    Among the sentences on the claim's subject, the value counting the same thing
    best (ties: the sentence that names the subject itself, then the better-scored one).
    """
    options = []
    for rank, scored in enumerate(about[:3]):
        sentence = scored.sentence
        if not _owns_values(index, query, sentence):
            continue
        found = _aligned_value(value, sentence.text, query.text)
        if found is None:
            continue
        source_value, alignment = found
        names_here = scored.feature("names")
        options.append((alignment, names_here, -rank, scored, source_value))
    if not options:
        return None
    _, _, _, scored, source_value = max(options, key=lambda o: o[:3])
    return _Comparison(value, scored, source_value, relation(source_value, value))


def _compatible(a: Value, b: Value) -> bool:
    times = {"year", "date"}
    return (a.kind in times and b.kind in times) or a.kind == b.kind


def unit_overlap(a: Value, b: Value) -> float:
    """How well two values count the same thing (the nouns after them share roots or initials).

    ``12 adet Tarım Makineleri Kümesi`` and ``9 adet TMK`` count the same thing;
    ``15 adet Tarım Ürünleri Borsası`` shares only its first word.
    """
    best = unit_match(a.unit[:3], list(b.unit[:3]))
    for j, ub in enumerate(b.unit[:2]):
        for size in (2, 3, 4):
            if len(ub) == size and "".join(w[0] for w in a.unit[:size]) == ub:
                best = max(best, 1.0 - 0.2 * j)  # initials: "TMK"
    for j, ua in enumerate(a.unit[:2]):
        for size in (2, 3, 4):
            if len(ua) == size and "".join(w[0] for w in b.unit[:size]) == ua:
                best = max(best, 1.0 - 0.2 * j)
    if best and len(a.unit) >= 2 and len(b.unit) >= 2:
        # Two-word units must agree beyond their first word to count fully.
        second = unit_match((a.unit[1],), list(b.unit[:3]))
        if second == 0 and not any(len(ub) <= 4 for ub in b.unit[:1]) and not any(len(ua) <= 4 for ua in a.unit[:1]):
            best *= 0.5
    return best


def _neighbour_overlap(claim: str, value: Value, sentence: str, other: Value) -> int:
    """Shared words around two values: which of several source dates stands for the claim's."""
    around = set(tokenize(claim[max(0, value.start - 40) : value.end + 40]))
    return len(around & set(tokenize(sentence[max(0, other.start - 40) : other.end + 40])))


def _aligned_value(value: Value, sentence: str, claim: str) -> tuple[Value, float] | None:
    """``(source value, alignment)`` for the sentence's value stating the same quantity, or None.

    ``alignment`` says how surely the source value counts the same thing (1 when
    the nouns match, 0.5 when the sentence has a single comparable value).
    """
    options = [v for v in extract_values(sentence) if _compatible(value, v)]
    if not options:
        return None
    if value.kind in ("number", "percent") and value.unit:
        aligned = [(v, unit_overlap(value, v)) for v in options]
        aligned = [(v, s) for v, s in aligned if s > 0]
        if aligned:
            return max(aligned, key=lambda item: item[1])
        if len(options) > 1:
            return None  # several numbers, none counting the claim's thing: not comparable
        return options[0], 0.5
    established = [v for v in options if relation(v, value) == ESTABLISHED]
    if established:
        return established[0], 0.5
    return max(options, key=lambda v: _neighbour_overlap(claim, value, sentence, v)), 0.5


def _kind(claim_value: Value, source_value: Value) -> str:
    if "date" in (claim_value.kind, source_value.kind):
        return "date"
    return claim_value.kind


def _core(value: Value) -> str:
    """A value's text without its suffix (``4.500’den`` → ``4.500``, ``39 binin`` → ``39 bin``)."""
    text = re.split(r"[’']", value.text)[0]
    text = re.sub(r"(bin|milyon|milyar|trilyon)(?:in|ın|un|ün|den|dan|de|da|e|a|i|ı|u|ü|lik|lık|luk|lük)$", r"\1", text)
    return text.strip()


def _compare_names(
    index: Index, query: Query, sentence: Sentence
) -> tuple[tuple[Mismatch, tuple[int, int], tuple[int, int]] | None, bool]:
    """A claim name absent from the evidence and the evidence name standing in its place.

    Returns ``(mismatch with its marks, or None; whether a claim name is missing
    with nothing standing in its place)``.
    """
    corpus = views(index)
    claim = query.text
    present = set(corpus.tokens(sentence)) | corpus.heading(sentence.section)
    previous = corpus.previous(sentence)
    if previous is not None:
        present |= corpus.tokens(previous)
    folded_sentence = fold(sentence.text)
    claim_names = [n for n in names_in(claim) if any(s in query.names or s in query.unknown_names for s in n.stems)]
    missing = [n for n in claim_names if not n.stems <= present and fold(n.text) not in folded_sentence]
    if not missing:
        return None, False
    name = missing[0]
    claim_stems = set(tokenize(claim))
    claim_acronyms = set(acronyms(claim, min_words=2))
    # The evidence name standing where the claim's name stands: not in the claim,
    # and with the claim name's neighbouring words nearby.
    neighbours = set(tokenize(claim[max(0, name.start - 40) : name.start])) | set(
        tokenize(claim[name.end : name.end + 40])
    )
    best_name: Name | None = None
    best_score = 0
    for candidate in names_in(sentence.text):
        if candidate.stems & claim_stems or fold(candidate.text) in claim_acronyms:
            continue  # a name the claim also uses, or its initials ("TMK")
        window = sentence.text[max(0, candidate.start - 40) : candidate.end + 40]
        score = len(set(tokenize(window)) & neighbours)
        if score > best_score:
            best_name, best_score = candidate, score
    if best_name is None:
        return None, True
    return (
        Mismatch(name.text, best_name.text, "name"),
        (name.start, name.end),
        (best_name.start, best_name.end),
    ), False

