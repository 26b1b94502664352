"""Claim → verdict (supported / contradicted / not_enough_info), evidence, mismatching values.

How a claim is checked:

1. Its *frame* is what remains after taking out its values (numbers, years, dates,
   percentages) and names: ``OSTİM'de 10.000 işletme faaliyet göstermektedir`` has the
   frame ``OSTİM … işletme faaliyet göstermek``. Evidence sentences are retrieved with
   the whole claim (same hybrid retrieval as questions) and ranked by how much of
   the frame they cover and by dense similarity: a sentence about the same subject
   and predicate, whatever value it states.
2. If no sentence covers the frame well enough, the documents do not speak about
   the claim: ``not_enough_info``. A number about something else is never taken
   as a contradiction.
3. Values are compared with the evidence's values of the same kind counting the
   same thing (the noun after the number), with their bounds: a claim of 900
   against ``800’den fazla`` is consistent, a claim of 500 is not
   (:meth:`kumeqa.values.Value.matches`).
4. Names: a name of the claim absent from the evidence, where the evidence has
   another name in the same place, is a contradiction (``ilk şirket Intel`` against
   ``ilk şirket Hewlett-Packard``).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from .chunk import Sentence
from .index import Index
from .retrieve import retrieve
from .scoring import CAP, common_prefix, coverage, previous_sentence_tokens
from .text import acronyms, fold, tokenize, with_acronym_matches
from .values import Value, extract_values

SUPPORTED, CONTRADICTED, NOT_ENOUGH_INFO = "supported", "contradicted", "not_enough_info"

_NAME_RE = re.compile(rf"{CAP}(?:\s+{CAP})*", re.UNICODE)


@dataclass(frozen=True)
class Mismatch:
    """A value or name of the claim and what the source says instead."""

    claim: str
    source: str
    kind: str  # "number" | "percent" | "year" | "date" | "name"

    def as_json(self) -> dict:
        return {"claim": self.claim, "source": self.source, "kind": self.kind}


@dataclass(frozen=True)
class Evidence:
    """A verbatim source sentence weighed against the claim."""

    sentence: Sentence
    title: str
    score: float
    frame_coverage: float
    dense: float
    #: Coverage of the claim's words outside its names, and of its names.
    predicate_coverage: float = 0.0
    names_coverage: float = 0.0

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


# ------------------------------------------------------------------ claim parts


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    text: str
    stems: frozenset[str]


def _names(text: str, skip_first_word: bool = True) -> list[_Name]:
    """Capitalised runs; a lone capital word opening a sentence is not taken as a name."""
    out = []
    for m in _NAME_RE.finditer(text):
        name = m.group(0).rstrip(".,;:")
        if (
            skip_first_word
            and m.start() == 0
            and " " not in name
            and not re.match(r"[’']", text[m.end() : m.end() + 1])
        ):
            continue
        stems = frozenset(tokenize(name))
        if stems:
            out.append(_Name(m.start(), m.start() + len(name), name, stems))
    return out


def _frame_tokens(claim: str, values: list[Value]) -> list[str]:
    """Claim tokens outside its values: the subject and predicate whose value is claimed."""
    masked = list(claim)
    for v in values:
        for i in range(v.start, v.end):
            masked[i] = " "
    return tokenize("".join(masked))


# ------------------------------------------------------------------ check


def check_claim(index: Index, claim: str, k: int = 8) -> Verdict:
    """Weigh ``claim`` against the documents; see the module docstring for the rules."""
    started = time.perf_counter()
    config = index.settings.verify
    retrieval = retrieve(index, claim, k=k)
    values = extract_values(claim)
    names = _names(claim)
    frame = _frame_tokens(claim, values)
    name_stems = {t for n in names for t in n.stems}
    # Names are weighed apart from the rest of the frame, so that a sentence with the
    # same predicate but another name ("ilk şirket Hewlett-Packard" for "ilk şirket
    # Intel") is still found as the evidence to compare with.
    predicate = [t for t in frame if t not in name_stems]

    candidates: dict[int, Evidence] = {}
    for hit in retrieval.hits:
        section_tokens = set(tokenize(hit.passage.section))
        ids = list(hit.passage.sentence_ids)
        dense = index.sentence_vectors[ids] @ retrieval.query_vector
        for sid, cos in zip(ids, dense.tolist()):
            sentence = index.sentences[sid]
            tokens = with_acronym_matches(claim, set(tokenize(sentence.text)))
            context = section_tokens | previous_sentence_tokens(index, sentence)
            frame_cov = coverage(index, frame, tokens, context)
            predicate_cov = coverage(index, predicate, tokens, context) if predicate else frame_cov
            names_cov = _names_present(names, tokens | context) if names else frame_cov
            states_value = _value_share(values, sentence.text)
            score = (
                config.w_dense * cos
                + config.w_frame * predicate_cov
                + config.w_names * names_cov
                + config.w_value * states_value
            )
            if sid not in candidates or candidates[sid].score < score:
                candidates[sid] = Evidence(sentence, hit.passage.title, score, frame_cov, cos, predicate_cov, names_cov)
    ranked = sorted(candidates.values(), key=lambda e: (-e.score, e.sentence.id))
    evidence = tuple(ranked[:3])
    total = lambda: (time.perf_counter() - started) * 1000  # noqa: E731

    if not evidence or not _same_subject(evidence[0], config):
        confidence = 1.0 - (_relatedness(evidence[0], config) if evidence else 0.0)
        return Verdict(claim, NOT_ENOUGH_INFO, confidence, evidence, (), (), (), {"total": total()})

    # Compare with the best evidence first; a value the best sentence does not state
    # may be stated by the next ones.
    mismatches: list[Mismatch] = []
    claim_marks: list[tuple[int, int]] = []
    source_marks: list[tuple[int, int]] = []
    unresolved = False
    best = evidence[0]
    # The sentence that states the claim's first value leads the evidence (it is the
    # one shown beside the claim); names are compared against it too.
    compared: list[tuple[Value, Evidence, bool, Value]] = []
    for value in values:
        # Among the sentences on the claim's subject, the one whose value counts the
        # same thing best (ties: the better-ranked sentence).
        options = []
        for rank, ev in enumerate(evidence):
            if ev is not best and not _same_subject(ev, config):
                continue
            outcome = _compare_value(value, ev.sentence.text, claim)
            if outcome is not None:
                ok, source_value, alignment = outcome
                options.append((alignment, -rank, ev, ok, source_value))
        if not options:
            unresolved = True
            continue
        _, _, ev, ok, source_value = max(options, key=lambda o: (o[0], o[1]))
        compared.append((value, ev, ok, source_value))
    lead = compared[0][1] if compared else best
    evidence = (lead, *[e for e in evidence if e is not lead])
    for value, ev, ok, source_value in compared:
        claim_marks.append((value.start, value.end))
        if ev is lead:
            source_marks.append((source_value.start, source_value.end))
        if not ok:
            mismatches.append(Mismatch(_core(value), _core(source_value), _kind(value, source_value)))
    name_mismatch, name_marks, missing_name = _compare_names(names, lead, claim, index)
    if name_mismatch is not None:
        mismatches.append(name_mismatch)
        claim_marks.extend(name_marks[0])
        source_marks.extend(name_marks[1])

    relatedness = _relatedness(lead, config)
    if mismatches:
        verdict, confidence = CONTRADICTED, relatedness
    elif unresolved or missing_name:
        verdict, confidence = NOT_ENOUGH_INFO, 0.5
    else:
        verdict, confidence = SUPPORTED, relatedness
    return Verdict(
        claim,
        verdict,
        round(min(max(confidence, 0.0), 1.0), 4),
        evidence,
        tuple(mismatches),
        tuple(claim_marks),
        tuple(source_marks),
        {"total": total()},
    )


def _names_present(names: list[_Name], tokens: set[str]) -> float:
    """Share of the claim's names that the sentence (or its context) mentions.

    Counted per name, not per stem: an unknown name's high IDF would otherwise
    hide that all the other names are there.
    """
    return sum(1 for n in names if len(n.stems & tokens) * 2 >= len(n.stems)) / len(names)


def _value_share(values: list[Value], sentence: str) -> float:
    """Share of the claim's values for which the sentence states a comparable value."""
    if not values:
        return 0.0
    return sum(1 for v in values if _compare_value(v, sentence) is not None) / len(values)


def _same_subject(ev: Evidence, config) -> bool:
    """Whether the sentence speaks of the claim's subject and predicate.

    Either most of the claim's frame is covered, or its predicate nearly all and
    at least half of its names (a wrong name in the claim leaves the rest covered).
    """
    if ev.dense < config.min_dense:
        return False
    return ev.frame_coverage >= config.min_frame_coverage or (
        ev.predicate_coverage >= config.min_predicate_coverage and ev.names_coverage >= config.min_names_coverage
    )


def _relatedness(ev: Evidence, config) -> float:
    dense = (ev.dense - config.min_dense) / max(1e-6, 1.0 - config.min_dense)
    return min(max(0.5 * ev.frame_coverage + 0.5 * min(max(dense * 2, 0.0), 1.0), 0.0), 1.0)


def _kind(claim_value: Value, source_value: Value) -> str:
    if "date" in (claim_value.kind, source_value.kind):
        return "date"
    return claim_value.kind


def _core(value: Value) -> str:
    """A value's text without its suffix (``4.500’den`` → ``4.500``, ``39 binin`` → ``39 bin``)."""
    text = re.split(r"[’']", value.text)[0]
    text = re.sub(r"(bin|milyon|milyar|trilyon)(?:in|ın|un|ün|den|dan|de|da|e|a|i|ı|u|ü|lik|lık|luk|lük)$", r"\1", text)
    return text.strip()


def _compatible(a: Value, b: Value) -> bool:
    times = {"year", "date"}
    return (a.kind in times and b.kind in times) or a.kind == b.kind


def _unit_overlap(a: Value, b: Value) -> float:
    """How well two values count the same thing (the nouns after them share roots or initials).

    ``12 adet Tarım Makineleri Kümesi`` and ``9 adet TMK`` count the same thing;
    ``15 adet Tarım Ürünleri Borsası`` shares only its first word.
    """
    best = 0.0
    for i, ua in enumerate(a.unit[:3]):
        for j, ub in enumerate(b.unit[:3]):
            shared = common_prefix(ua, ub)
            if shared >= 4:
                best = max(best, shared / max(len(ua), len(ub)) * (1 - 0.2 * (i + j)))
    for j, ub in enumerate(b.unit[:2]):
        for size in (2, 3, 4):
            if len(ub) == size and "".join(w[0] for w in a.unit[:size]) == ub:
                best = max(best, 1.0 - 0.2 * j)  # initials: "TMK"
    if best and len(a.unit) >= 2 and len(b.unit) >= 2:
        # Two-word units must agree beyond their first word to count fully.
        second = max(common_prefix(a.unit[1], w) for w in b.unit[:3])
        if second < 4 and not any(len(ub) <= 4 for ub in b.unit[:1]):
            best *= 0.5
    return best


def _neighbour_overlap(claim: str, value: Value, sentence: str, other: Value) -> int:
    """Shared words around two values: which of several source dates stands for the claim's."""
    around = set(tokenize(claim[max(0, value.start - 40) : value.end + 40]))
    return len(around & set(tokenize(sentence[max(0, other.start - 40) : other.end + 40])))


def _compare_value(value: Value, sentence: str, claim_text: str = "") -> tuple[bool, Value, float] | None:
    """``(consistent, source value, alignment)`` for the sentence's value stating the same quantity, or None.

    ``alignment`` says how surely the source value counts the same thing (1 when
    the nouns match, 0.5 when the sentence has a single comparable value).
    """
    options = [v for v in extract_values(sentence) if _compatible(value, v)]
    if not options:
        return None
    alignment = 0.5
    if value.kind in ("number", "percent") and value.unit:
        scored = [(v, _unit_overlap(value, v)) for v in options]
        aligned = [(v, s) for v, s in scored if s > 0]
        if aligned:
            best, alignment = max(aligned, key=lambda item: item[1])
            options = [best]
        elif len(options) > 1:
            return None  # several numbers, none counting the claim's thing: not comparable
    consistent = [v for v in options if v.matches(value)]
    if consistent:
        return True, consistent[0], alignment
    return False, max(options, key=lambda v: _neighbour_overlap(claim_text, value, sentence, v)), alignment


def _compare_names(
    names: list[_Name], best: Evidence, claim: str, index: Index
) -> tuple[Mismatch | None, tuple[list, list], bool]:
    """A claim name absent from the evidence and the evidence name standing in its place."""
    sentence = best.sentence.text
    present = (
        set(tokenize(sentence)) | set(tokenize(best.sentence.section)) | previous_sentence_tokens(index, best.sentence)
    )
    folded_sentence = fold(sentence)
    source_names = _names(sentence)
    claim_stems = set(tokenize(claim))
    claim_acronyms = set(acronyms(claim, min_words=2))
    missing = [n for n in names if not n.stems <= present and fold(n.text) not in folded_sentence]
    if not missing:
        return None, ([], []), False
    name = missing[0]
    # The evidence name standing where the claim's name stands: not in the claim,
    # and with the claim name's neighbouring words nearby.
    neighbours = set(tokenize(claim[max(0, name.start - 40) : name.start])) | set(
        tokenize(claim[name.end : name.end + 40])
    )
    best_name, best_score = None, 0
    for candidate in source_names:
        if candidate.stems <= claim_stems or fold(candidate.text) in claim_acronyms:
            continue  # a name the claim also uses, or its initials ("TMK")
        window = sentence[max(0, candidate.start - 40) : candidate.end + 40]
        score = len(set(tokenize(window)) & neighbours)
        if score > best_score:
            best_name, best_score = candidate, score
    if best_name is None:
        return None, ([], []), True
    return (
        Mismatch(name.text, best_name.text, "name"),
        ([(name.start, name.end)], [(best_name.start, best_name.end)]),
        False,
    )
