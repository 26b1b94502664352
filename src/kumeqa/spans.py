"""Answer candidates of a question's type inside a sentence, and the span that answers.

A ``kaç`` question wants a number with the noun it counts (``420 üretici``), a
``ne zaman`` question a date or year, ``kim``/``nerede``/``hangi`` a name. The
evidence stage asks whether a sentence holds such a candidate at all (a typed
question without one is not answered by that sentence); the answer stage picks
the best one as the span. Both read the same candidates from here.

Nothing here knows a document: the patterns are Turkish morphology and typography
(capitalised names with apostrophe suffixes, ``tarafından`` after an agent,
locative ``’de`` after a place).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .query import CAP, DATE, ENTITY, PERCENT, PERSON, PLACE, QUANTITY, Query
from .text import common_prefix, fold, tokenize
from .values import extract_values

#: The suffix proper nouns take after an apostrophe; it is not part of the name.
_SUFFIX = r"(?:[’'][a-zçğıöşü]+)?"
#: "Ege’nin Kiraz Vadisi" is one name: a genitive suffix may sit inside it.
NAME_RE = re.compile(rf"{CAP}(?:{_SUFFIX}\s+{CAP})*", re.UNICODE)
_APOSTROPHE = re.compile("[’']")
_LOCATIVE = re.compile(r"^[’'](?:de|da|te|ta|nde|nda)\b", re.IGNORECASE)
_AGENT = re.compile(r"^(?:[’'][a-zçğıöşü]+)?\s+tarafından\b", re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"(?:Prof|Doç|Dr|Yrd|Öğr|Arş|Sn|Av|Müh)\.\s*$")
_BOUND_WORDS = re.compile(r"^\s*(?:fazla|aşkın|üzerinde\w*|üstünde\w*|yakın|civarında)\b", re.IGNORECASE)

#: Question words within this many characters of a candidate span support it,
#: the nearer the more (linear decay). 60 characters is about 8 Turkish words.
SPAN_WINDOW = 60


@dataclass(frozen=True)
class Candidate:
    """A possible answer span ``[start, end)`` and the evidence from the span itself."""

    start: int
    end: int
    #: Evidence from the candidate itself: its counted noun matches the asked one,
    #: a place takes the locative, an agent ``tarafından``.
    prior: float


@dataclass(frozen=True)
class Name:
    """A capitalised run of words in a text (a name), with its stems."""

    start: int
    end: int
    text: str
    stems: frozenset[str]


def names_in(text: str, skip_first_word: bool = True) -> list[Name]:
    """Capitalised runs; a lone capital word opening the text is not taken as a name."""
    out = []
    for m in NAME_RE.finditer(text):
        name = m.group(0).rstrip(".,;:")
        words = name.split()
        if skip_first_word and m.start() == 0 and len(words) == 1 and not _LOCATIVE.match(text[m.end() :]):
            if not (name.isupper() and len(name) > 1) and not re.match(r"[’']", text[m.end() : m.end() + 1]):
                continue
        stems = frozenset(tokenize(name))
        if stems:
            out.append(Name(m.start(), m.start() + len(name), name, stems))
    return out


def unit_match(unit: tuple[str, ...], words: list[str]) -> float:
    """How well a value's counted noun (``unit``) matches the asked words, in [0, 1].

    The first word after a number is usually what it counts; later ones count less.
    Shared roots of 4+ letters match (``çalışan``/``çalışanı``).
    """
    best = 0.0
    for rank, u in enumerate(unit):
        for w in words:
            shared = common_prefix(u, w)
            if shared >= 4:
                best = max(best, (shared / max(len(u), len(w))) * (1.0 - 0.2 * rank))
    return best


def candidates(sentence: str, query: Query) -> list[Candidate]:
    """Possible answer spans of the query's type in ``sentence``, with a prior each."""
    qtype = query.qtype
    folded_question = fold(query.text)
    out: list[Candidate] = []
    if qtype in (QUANTITY, PERCENT, DATE):
        kinds = {QUANTITY: ("number", "percent"), PERCENT: ("percent",), DATE: ("date", "year")}[qtype]
        asked = [w for w in folded_words(query.text) if not w[0].isdigit()]
        if query.head:
            asked.append(query.head)
        for v in extract_values(sentence):
            core = re.escape(fold(_APOSTROPHE.split(v.text)[0]))
            if v.kind not in kinds or re.search(rf"(?<!\w){core}(?!\w)", folded_question):
                continue  # a value the question itself states ("2021 yılında ...") is not its answer
            prior = 0.5 if v.kind == "date" else 0.0
            if qtype == QUANTITY:
                # The number that counts the thing asked about ("kaç üretici" → "420 üretici").
                prior += 2.0 * unit_match(v.unit, asked)
            end = _extend_quantity(sentence, v.end) if qtype == QUANTITY else v.end
            out.append(Candidate(v.start, end, prior))
    elif qtype in (PERSON, PLACE, ENTITY):
        question_stems = set(tokenize(query.text))
        for name in names_in(sentence):
            if name.stems <= question_stems:
                continue  # the question's own subject, not its answer
            after = sentence[name.end :]
            prior = 0.0
            if query.head and any(common_prefix(fold(w), query.head) >= 5 for w in name.text.split()):
                prior += 1.0  # "hangi üniversite" → "Ege Üniversitesi"
            if qtype == PLACE and _LOCATIVE.match(after):
                prior += 1.0
            if qtype == PERSON and (_AGENT.match(after) or _TITLE_BEFORE.search(sentence[: name.start])):
                prior += 1.0
            out.append(Candidate(name.start, name.end, prior))
    return out


def folded_words(text: str) -> list[str]:
    """Folded words of ``text`` (for matching counted nouns)."""
    return [fold(w) for w in re.findall(r"[^\W_]+", text)]


def _support(sentence: str, candidate: Candidate, question: str, weight: Callable[[str], float]) -> float:
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


def best_candidate(
    sentence: str, query: Query, weight: Callable[[str], float] | None = None
) -> tuple[Candidate, float] | None:
    """The candidate with the highest prior plus support from nearby question words, with that score."""
    weight = weight or (lambda _token: 1.0)
    found = candidates(sentence, query)
    if not found:
        return None
    scored = [(c, c.prior + 2.0 * _support(sentence, c, query.text, weight)) for c in found]
    return max(scored, key=lambda item: (item[1], -item[0].start))


def find_span(sentence: str, query: Query, weight: Callable[[str], float] | None = None) -> tuple[int, str]:
    """``(start, span)``: the shortest substring of ``sentence`` that answers; the sentence if none."""
    best = best_candidate(sentence, query, weight)
    if best is None:
        return 0, sentence
    candidate = best[0]
    return candidate.start, sentence[candidate.start : candidate.end]


def _extend_quantity(sentence: str, end: int) -> int:
    """Extend a number over its bound phrase and the noun it counts: ``4.500’den fazla firma``."""
    bound = _BOUND_WORDS.match(sentence, end)
    if bound:
        end = bound.end()
    noun = re.match(r"\s+(?:adet\s+|tane\s+)?[^\W\d_]+", sentence[end:])
    if noun:
        end += noun.end()
    return end
