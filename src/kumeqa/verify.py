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
   same thing (the nouns after the numbers share roots or initials: ``12 adet
   Teknoloji Transfer Ofisi`` and ``12 adet TTO``), as intervals
   (:func:`kumeqa.values.relation`). A value belongs to the claim's subject only
   when the sentence names that subject, or names no other entity itself (then
   its heading or the sentence before gives the subject): ``OSSA, 2007 tarihinde
   kuruldu`` under an OSTİM heading says nothing about when OSTİM was founded.
   Time qualifies a figure: another year's figure leaves a year's figure open
   (``2019 yılındaki geliri`` against ``2023 yılındaki geliri``), and a sentence's
   year is compared only when it dates what the claim dates.
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
from dataclasses import dataclass, replace

from .chunk import Sentence
from .config import VerifyConfig
from .corpusviews import CorpusViews, views
from .evidence import Evidence as EvidenceSet
from .evidence import Scored, analyse_query, gather, owns_values
from .index import Index
from .lexicon import matches, translations
from .polarity import Flip, denies_existence, excepts, flip, negative
from .query import BARE_CASE, Query
from .spans import (
    Name,
    another_time_holder,
    asks_past_holder,
    names_in,
    office_holders,
    organisation,
    roles_asked,
    unit_match,
)
from .text import acronyms, fold, stem, synonyms, tokenize, with_acronym_matches, without_suffix
from .values import (
    COORDINATOR,
    DISJOINT,
    ESTABLISHED,
    OPEN,
    Value,
    aims,
    as_of,
    asked_measures,
    converted,
    dated_by,
    dated_now,
    dates_document,
    extract_values,
    interval,
    measure_of,
    planned,
    relation,
    speaks_of_now,
    stated,
    unit_of,
    value_measure,
)

SUPPORTED, CONTRADICTED, NOT_ENOUGH_INFO = "supported", "contradicted", "not_enough_info"

#: A word as the comparisons read it: letters first, then letters, digits, apostrophes, hyphens.
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")


@dataclass(frozen=True)
class Mismatch:
    """A value or name of the claim and what the source says instead.

    ``relation`` is ``"disjoint"`` (both cannot be true) or ``"open"`` (the source
    states a different bound that does not establish the claim's value).
    """

    claim: str
    source: str
    kind: str  # "number" | "percent" | "year" | "date" | "identifier" | "ordinal" | "rank" | "name" | "polarity"
    relation: str = DISJOINT
    #: The values as their texts bound them ("10.000’den fazla", "yaklaşık 300"), "" when
    #: unbounded: what is shown, so that "tam olarak 4.500" against "4.500’den fazla" does
    #: not read "4.500 ≠ 4.500". ``claim`` and ``source`` stay the bare values.
    claim_stated: str = ""
    source_stated: str = ""

    @property
    def shown_claim(self) -> str:
        return self.claim_stated or self.claim

    @property
    def shown_source(self) -> str:
        return self.source_stated or self.source

    def as_json(self) -> dict:
        found = {"claim": self.claim, "source": self.source, "kind": self.kind, "relation": self.relation}
        if self.claim_stated or self.source_stated:
            found.update(claim_stated=self.shown_claim, source_stated=self.shown_source)
        return found


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
    return judge(index, evidence, config, started)


def judge(index: Index, evidence: EvidenceSet, config: VerifyConfig, started: float | None = None) -> Verdict:
    """The verdict on gathered evidence under ``config`` (thresholds apart from retrieval,
    so that choosing them need not retrieve again)."""
    started = time.perf_counter() if started is None else started
    query = evidence.query
    claim = query.text
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

    def contradicted_by(lead: Scored, found: tuple[Mismatch, tuple[int, int], tuple[int, int]]) -> Verdict:
        """Contradicted by ``lead``'s name or value ``found`` (the mismatch with its two marks)."""
        mismatch, claim_mark, source_mark = found
        return verdict(
            CONTRADICTED, lead.score, lead, mismatches=[mismatch], claim_marks=[claim_mark], source_marks=[source_mark]
        )

    about = [s for s in ranked[: config.evidence_considered] if _about_subject(s, config)]
    unknown = _unknown_subject(query) and not (about and about[0].feature("predicate") >= config.min_predicate)
    if unknown:
        # The claim is about something the documents never mention ("Galatasaray …
        # kazandı"). An unknown name in a claim whose every other word a sentence on
        # the subject says ("Kümelenme … Rotterdam'da temsilcilik açtı") is compared instead.
        about = []
    # A sentence just under the evidence floor that names the subject and counts the
    # same thing fully ("2.300 çalışan" for "3000 calisan") is compared too: the
    # number it states is what the claim is about.
    near = (
        []
        if unknown
        else [s for s in ranked[:3] if s not in about and s.feature("names_ctx") >= config.min_names_share]
    )
    if not about and not query.values:
        # No sentence scores as evidence, but one on the subject has another name of the
        # claim name's kind where the claim has it ("Bu bölgenin merkezinde Wageningen
        # Üniversitesi … yer alıyor" against "… merkezinde Stanford Üniversitesi yer alır").
        for scored in near:
            found = _kind_instead(index, query, scored.sentence)
            if found is not None:
                return contradicted_by(scored, found)
    if not about:
        # No sentence scores as evidence, but one on the subject states the claim's very
        # quantity (a long sentence listing much else: "… 300’ü aşkın yerli ve yabancı
        # şirket …"): that sentence is the evidence.
        near = [s for s in near if any(_compare(index, query, v, [], [s]) for v in query.values)]
    if not about and not near:
        return verdict(NOT_ENOUGH_INFO, 1.0 - (ranked[0].score if ranked else 0.0))
    best = about[0] if about else near[0]
    if not query.values:
        # Nothing to compare: the evidence is the sentence on the subject that says
        # most of what the claim says ("ilk şirket … oldu"), even if another sentence
        # names the subject more often.
        named = [s for s in ranked[: config.evidence_considered] if s.feature("names_ctx") >= config.min_names_share]
        best = max(
            named, key=lambda s: (s.feature("predicate") >= config.min_predicate, s.feature("predicate") + s.score)
        )
    # "… bugünkü başkanı Mert Saraçoğlu’dur" against "kurucu başkanı Gülay Önder olup
    # 2021’den bu yana başkanlığı Mert Saraçoğlu yürütmektedir": office holders read name
    # by name. The wrong holder rules the claim out; the right one says what the claim
    # says of the office, and the rest of it is compared as usual ("… kurucusu X daha
    # önce Harran Üniversitesi’nde …" against "… Pamukkale Üniversitesi’nde …").
    office = _office_reading(query, best.sentence.text) if not query.values else None
    if office is not None and office[0] is not None:
        return contradicted_by(best, office)
    holder_said = office is not None
    if not query.values and not holder_said and best.feature("predicate") < config.min_predicate:
        # Nothing to compare, and the sentence does not say what the claim says, unless
        # it places the subject elsewhere ("… Konya’da bulunmaktadır" against "…
        # Merkezi (ŞİKM), Gaziantep Bilim ve Teknoloji Üniversitesi ile …").
        elsewhere, _ = _compare_names(index, query, best.sentence, places_only=True)
        if elsewhere is None:
            # Or has another name of the claim name's kind where the claim has it ("Bu
            # vadinin merkezinde Meriç Üniversitesi … yer alıyor" against "… merkezinde
            # Boğaziçi Üniversitesi yer alır").
            elsewhere = _kind_instead(index, query, best.sentence)
        denial = flip(claim, best.sentence.text)
        if elsewhere is None and denial is not None and _denies_any(best, denial, query):
            # "… İZKA programından kamu hibesi almıştır" against "herhangi bir kamu hibesi
            # almamıştır": the rest of the claim need not be said to be ruled out.
            return verdict(
                CONTRADICTED,
                best.score,
                best,
                mismatches=[Mismatch(denial.claim_word, denial.source_word, "polarity")],
                claim_marks=[denial.claim_span],
                source_marks=[denial.source_span],
            )
        if elsewhere is not None:
            return contradicted_by(best, elsewhere)
        return verdict(NOT_ENOUGH_INFO, 1.0 - best.score, best)
    if not query.values and not holder_said and another_time_holder(claim, best.sentence.text, roles_asked(query)):
        # "… bugünkü başkanı X’tir" against "kurucu başkanı X’tir": who led it then says
        # nothing of who leads it now.
        return verdict(NOT_ENOUGH_INFO, 0.5, best)

    comparisons: list[_Comparison] = []
    for value in query.values:
        found = _compare(index, query, value, about, near)
        if found is not None:
            comparisons.append(found)
    comparisons = _other_time(_dated_together(query, comparisons))
    # A year no sentence dates on its own is still compared when it dates the claim's
    # figure ("2023 yılında 2.500’den fazla işletme" against "… bu sayı 2023 yılında 2.800’ü aşmıştır").
    unresolved = any(not any(c.value is v for c in comparisons) for v in query.values)
    lead = comparisons[0].scored if comparisons else best
    mismatches: list[Mismatch] = []
    claim_marks: list[tuple[int, int]] = []
    source_marks: list[tuple[int, int]] = []
    for c in comparisons:
        claim_marks.append((c.value.start, c.value.end))
        if c.scored is lead:
            source_marks.append((c.source_value.start, c.source_value.end))
        if c.relation != ESTABLISHED:
            claim_text, source_text = _core(c.value), _core(c.source_value)
            said = ("", "")
            if c.value.kind in ("number", "percent"):
                # Bounds are shown with their words: "10.000’den fazla" against "4.500’den fazla".
                said = (stated(claim, c.value), stated(c.scored.sentence.text, c.source_value))
            claim_unit, source_unit = _unit_word(c.value, claim), _unit_word(c.source_value, c.scored.sentence.text)
            if claim_unit != source_unit:
                # Another unit of the same measure: say which ("1 bin 500 hektar" / "1 bin 500 dönüm").
                claim_text, source_text = f"{claim_text} {claim_unit}", f"{source_text} {source_unit}"
            mismatches.append(Mismatch(claim_text, source_text, _kind(c.value, c.source_value), c.relation, *said))
    name_mismatch, missing_name = _compare_names(index, query, lead.sentence)
    # A place no document names at all ("Silikon Vadisi Teksas’ta bulunmaktadır") is said by
    # no sentence: the rest of the claim may hold, the claim does not.
    missing_name = missing_name or (bool(query.names) and _unknown_place(query))
    if name_mismatch is None and not mismatches:
        name_mismatch = _paired_elsewhere(query, lead.sentence.text)
    if name_mismatch is None:
        name_mismatch = _place_elsewhere(index, query, lead.sentence.text)
    if name_mismatch is None:
        name_mismatch = _slot_elsewhere(query, lead.sentence.text)
    placed_without_subject = _placed_without_subject(index, query, lead.sentence)
    missing_name = missing_name or placed_without_subject
    if name_mismatch is None and not query.values and (missing_name or not _says_itself(index, query, lead, config)):
        # The best sentence does not say where ("İlk kurulan ODTÜ Teknokent, 1992 yılında
        # …"), or names the claim's place without saying what the claim says of it, which
        # only the sentence after it says ("A Ajansı, Mardin, Batman … illerini kapsar.
        # Merkezi Mardin’de …" against "A’nın merkezi Batman’dadır"); another on the
        # subject saying it does: a place there stands against the claim's place.
        lead, name_mismatch = _placed_elsewhere(index, query, ranked[: config.evidence_considered], lead, config)
    first = _first_of(claim)
    if first and not mismatches and name_mismatch is None and not _says_first(first, lead.sentence.text):
        # "Silikon Vadisi’nde kurulan ilk şirket Intel’dir" against "1968 yılında … Intel
        # kuruldu", which does not say "ilk": a sentence on the subject saying which was
        # the first of the same thing, naming another, rules the claim out ("1937’de
        # bölgede kurulan ilk şirket Hewlett-Packard oldu"; the eighth trial's Doğrulandı).
        for scored in ranked[: config.evidence_considered]:
            if scored is lead or not _says_first(first, scored.sentence.text):
                continue
            if scored.feature("predicate") < config.min_predicate:
                continue
            found, _ = _compare_names(index, query, scored.sentence)
            if found is not None:
                lead, name_mismatch = scored, found
                break
    if name_mismatch is not None:
        mismatch, claim_mark, source_mark = name_mismatch
        mismatches.append(mismatch)
        claim_marks.append(claim_mark)
        source_marks.append(source_mark)

    opposite = flip(claim, lead.sentence.text)
    denied = denies_existence(claim) if not negative(lead.sentence.text) else None
    if opposite is None and denied is not None and query.values and comparisons:
        # "Kümelenmenin 2023 yılında 95 kursiyeri yoktur" against "… 2023’te 95’e
        # yükselmiştir": a count stated is a count that exists.
        counted = comparisons[0].source_value
        if comparisons[0].scored is lead:
            opposite = Flip(denied[0], counted.text, denied[1], (counted.start, counted.end))
    if opposite is None and denied is not None and not query.values:
        counted = _counted_noun_before(claim, denied[1][0])
        for v in extract_values(lead.sentence.text) if counted else ():
            # "TOSB’da yabancı sermayeli firma bulunmamaktadır" against "… 18 yabancı
            # sermayeli firma faaliyet gösteriyor": a count of it says it exists.
            if v.kind == "number" and v.value > 0 and unit_match(v.unit, list(counted)) > 0:
                opposite = Flip(denied[0], v.text, denied[1], (v.start, v.end))
                break
    if excepts(lead.sentence.text, query.name_stems):
        # "GASTEK dışındaki yedi küme … yararlanmıştır": said of all but the subject,
        # so the opposite polarity agrees with it ("GASTEK … yararlanmamıştır").
        opposite = None
    if (
        opposite is not None
        and not mismatches
        and not unresolved
        and (not missing_name or _denies_any(lead, opposite, query))
    ):
        # Every value and name established: the claim still says the opposite
        # ("… bulunmamaktadır" against "… bulunmaktadır"). A source denying any at all
        # ("herhangi bir kamu desteği almamıştır") denies the claim's particular one too
        # ("KÜMEDES kapsamında kamu desteği almıştır"), a name it does not use and all.
        mismatches.append(Mismatch(opposite.claim_word, opposite.source_word, "polarity"))
        claim_marks.append(opposite.claim_span)
        source_marks.append(opposite.source_span)
    elif (
        opposite is not None
        and opposite.claim_negates
        and mismatches
        and all(m.relation == DISJOINT for m in mismatches)
        and not unresolved
        and not missing_name
    ):
        # The claim denies what the source rules out ("Kümelenmenin 2023 yılında 60
        # kursiyeri yoktur" against "… 2023’te 95’e yükselmiştir"; "… 2010 yılında
        # kurulmamıştır" against "2005 yılında kuruldu"): the denial holds.
        return verdict(SUPPORTED, lead.score, lead, claim_marks=claim_marks, source_marks=source_marks)

    found = {"mismatches": mismatches, "claim_marks": claim_marks, "source_marks": source_marks}
    if any(m.relation == DISJOINT for m in mismatches):
        return verdict(CONTRADICTED, lead.score, lead, **found)
    if mismatches or unresolved or missing_name:
        return verdict(NOT_ENOUGH_INFO, 0.5, lead, **found)
    return verdict(SUPPORTED, lead.score, lead, **found)


#: "ilk" (or "birinci") and the noun it singles out (folded): "ilk şirket", "ilk başkanı".
_FIRST_OF = re.compile(r"\b(?:ilk|birinci)\s+([^\W\d_]{3,})")


def _first_of(claim: str) -> str:
    """The stem of what a claim says was the first ("ilk şirket" → "şirke"), or ""."""
    m = _FIRST_OF.search(fold(claim))
    return stem(m.group(1)) if m else ""


def _says_first(first: str, sentence: str) -> bool:
    """Whether ``sentence`` says which was the first ``first`` (a stem, or a synonym of it)."""
    return any((s := stem(m.group(1))) == first or s in synonyms(first) for m in _FIRST_OF.finditer(fold(sentence)))


#: Words that make a denial total (folded): "herhangi bir", "hiçbir", "hiç".
_ANY_AT_ALL = re.compile(r"\b(?:herhangi bir|hicbir|hic)\b")


def _denies_any(lead: Scored, opposite: Flip, query: Query) -> bool:
    """Whether the source denies what the claim affirms for any instance at all: a
    total word ("herhangi bir", "hiçbir", "hiç") in the source's clause before its
    negated verb, and the noun it denies ("… kamu hibesi almamıştır") a word of the claim."""
    if opposite.claim_negates:
        return False
    text = lead.sentence.text
    start = _clause_start(text, opposite.source_span[0])
    denied = _counted_noun_before(text, opposite.source_span[0])
    return (
        bool(_ANY_AT_ALL.search(fold(text[start : opposite.source_span[0]])))
        and bool(denied)
        and bool(set(tokenize(denied[0])) & set(query.tokens))
    )


def _office_reading(query: Query, sentence: str) -> tuple[Mismatch | None, tuple[int, int], tuple[int, int]] | None:
    """The reading of a claim naming an office's holder, from a sentence telling its
    holders at two times (:func:`kumeqa.spans.office_holders`): ``(mismatch, claim mark,
    source mark)``, the mismatch None when the claim's holder is right; None when the
    sentence does not tell.

    A claim saying "kurucu/ilk/eski" asks of the past holder, any other of today's
    ("başkanı X’tir"). The claim's person holding the office at that time supports it;
    holding it at the other time while someone else holds it at this one contradicts it.
    """
    roles = roles_asked(query)
    holders = office_holders(sentence, roles) if roles else []
    if not holders:
        return None
    wanted = "then" if asks_past_holder(query.text, roles) else "now"
    for person in (n for n in names_in(query.text) if not organisation(n.text)):
        need = min(2, len(person.stems))
        same = [(n, when) for n, when in holders if len(n.stems & person.stems) >= need]
        if not same:
            continue
        if any(when == wanted for _, when in same):
            return None, (person.start, person.end), (same[0][0].start, same[0][0].end)
        other = next((n for n, when in holders if when == wanted and len(n.stems & person.stems) < need), None)
        if other is not None:
            mismatch = Mismatch(person.text, other.text, "name", DISJOINT)
            return mismatch, (person.start, person.end), (other.start, other.end)
    return None


def _counted_noun_before(claim: str, end: int) -> tuple[str, ...]:
    """The noun a denial denies, folded: the content word right before it ("… yabancı
    sermayeli firma bulunmamaktadır" → ``firma``), or none when a name or a number stands there."""
    words = re.findall(r"[^\W\d_][\w’'\-]*|\d\S*", claim[:end])
    if not words or words[-1][0].isupper() or words[-1][0].isdigit() or re.search(r"[’']", words[-1]):
        return ()
    last = fold(words[-1])
    return (last,) if last not in ("hic", "herhangi", "bir") else ()


def _dated_together(query: Query, comparisons: list[_Comparison]) -> list[_Comparison]:
    """A claim's year that dates its figure ("2023’te 347 üye") is compared with the year
    that dates the source's figure it was compared with ("2018’de 347 iken 2023’te 693’e":
    2023 with 2023), whatever other years the sentence states."""
    out = list(comparisons)
    for c in comparisons:
        if c.value.kind in ("year", "date"):
            continue
        claim_year = dated_by(query.text, c.value, query.values)
        if claim_year is None:
            continue
        text = c.scored.sentence.text
        source_values = extract_values(text)
        source_year = dated_by(text, c.source_value, source_values)
        now = dated_now(text, c.source_value, source_values) if source_year is None else None
        if now is not None and any(v.kind == claim_year.kind and v.value == claim_year.value for v in source_values):
            # "OSTİM 1967 yılında 6.500 işletme ile kuruldu" against "1967 yılında … 1.748 üye
            # ile faaliyete başlayan OSTİM; bugün … 6.500 işletme": the source gives the
            # figure for today and the claim's year to something else.
            now_value = Value("year", 0.0, "", now[0], now[1], text[now[0] : now[1]])
            paired = _Comparison(claim_year, c.scored, now_value, OPEN)
        elif source_year is not None:
            paired = _Comparison(claim_year, c.scored, source_year, relation(source_year, claim_year))
        else:
            continue
        out = [paired if d.value is claim_year else d for d in out]
        if not any(d.value is claim_year for d in out):
            out.append(paired)
    return out


def _other_time(comparisons: list[_Comparison]) -> list[_Comparison]:
    """A figure and its year both differing in one sentence ("2019 yılındaki geliri 1,5
    milyar TL" against "2023 yılındaki toplam geliri 2,2 milyar TL"): the source speaks
    of another time, so neither rules the claim out. One of the two matching keeps the
    other's difference (the right figure under a wrong year is wrong), and so does a
    span of years whose other end the sentence states ("2019-2023 döneminde %25")."""
    times = ("year", "date")
    for c in comparisons:
        if (
            c.value.kind in times
            and c.relation == DISJOINT
            and not any(
                d.value.kind in times and d.scored is c.scored and d.relation == ESTABLISHED for d in comparisons
            )
        ):
            figures = [
                d for d in comparisons if d.value.kind not in times and d.scored is c.scored and d.relation == DISJOINT
            ]
            if figures:
                opened = {id(c), *map(id, figures)}
                return [replace(d, relation=OPEN) if id(d) in opened else d for d in comparisons]
    return comparisons


def _unknown_place(query: Query) -> bool:
    """Whether a claim puts its subject in a place no document names: a title-case word
    with a bare locative or ablative ("Teksas’ta") whose stem is one of its unknown names.
    (An unknown acronym, "OSB’lere", may be one the documents write out.)"""
    if query.english or not query.unknown_names:
        return False
    for m in re.finditer(r"([^\W\d_]+)([’'][^\W\d_]+)", query.text):
        word, case = m.groups()
        if word[0].isupper() and not word.isupper() and BARE_CASE.match(case):
            if set(tokenize(word)) & set(query.unknown_names):
                return True
    return False


def _unknown_subject(query: Query) -> bool:
    """Whether the claim names only things the corpus never uses ("Galatasaray … UEFA
    Kupası"); an unknown name beside a known subject ("Kümelenme … Rotterdam'da …") is
    compared instead."""
    return not query.english and bool(query.unknown_names) and not query.names


def _evidence(scored: Scored) -> Evidence:
    return Evidence(scored.sentence, scored.hit.passage.title, scored.score)


def _about_subject(scored: Scored, config) -> bool:
    """Whether the sentence speaks of the claim: a probable piece of evidence naming its subject."""
    return scored.score >= config.min_evidence and scored.feature("names_ctx") >= config.min_names_share


def _owns_values(index: Index, query: Query, scored: Scored) -> bool:
    """Whether the sentence's values can be the claim's subject's (:func:`kumeqa.evidence.owns_values`)."""
    return owns_values(views(index), query, scored.sentence)


def _compare(
    index: Index, query: Query, value: Value, about: list[Scored], near: list[Scored] = ()
) -> _Comparison | None:
    """The source value that states the same quantity as ``value``, and how they relate.

    Among the sentences on the claim's subject, a value counting the very same
    thing first, then one in the sentence that names the subject itself (not a
    neighbour sharing a word of its name), then the value counting it best, then
    the better-scored sentence. ``near``: sentences on the subject below the
    evidence floor, used only where their number counts exactly the claim's thing
    and no evidence sentence has one.
    """
    options = []
    for rank, (scored, strict) in enumerate([*((s, False) for s in about[:3]), *((s, True) for s in near)]):
        sentence = scored.sentence
        if not _owns_values(index, query, scored):
            continue
        found = _aligned_value(value, sentence.text, query)
        if found is None or (strict and not (found[2] and found[1] >= 1.0)):
            continue
        source_value, alignment, full = found
        options.append(((full, not strict, scored.feature("names"), alignment, -rank), scored, source_value, full))
    if not options:
        return None
    _, scored, source_value, full = max(options, key=lambda o: o[0])
    found_relation = relation(source_value, value)
    if (
        found_relation == DISJOINT
        and not full
        and not (_narrower(query.text, value, source_value) and _below(value, source_value))
    ):
        # The source counts a narrower thing ("7 yabancı sermayeli firma" against
        # "300 firma"): a different figure, but not one that makes the claim false,
        # unless the claim allows fewer of the whole than the source counts of its
        # part ("1.000'den az proje" against "1.400’ü aşkın küçük ölçekli proje").
        found_relation = OPEN
    if found_relation == DISJOINT and planned(scored.sentence.text) and not planned(query.text):
        # The source gives a target ("120 işletmenin yer alması planlandı"): what is
        # there today ("bugün 40 firma var") is neither said nor ruled out by it.
        found_relation = OPEN
    if found_relation == DISJOINT and aims(query.text) and not planned(scored.sentence.text):
        # The other way round: a claimed target ("2030 yılına kadar 300 firmaya ulaşmayı
        # hedefliyor") is not contradicted by what a sentence reports of the past.
        found_relation = OPEN
    if (
        found_relation == DISJOINT
        and value.kind in ("year", "date")
        and source_value.kind in ("year", "date")
        and source_value.value < value.value
        and _ANOTHER_ONE.search(fold(query.text))
    ):
        # "… 2024 yılında yeni bir turizm stratejisi yayımlamıştır" against "2007 yılında
        # yayımlanan … Stratejisi": a new one after the one the source dates is another,
        # which the source neither says nor rules out.
        found_relation = OPEN
    return _Comparison(value, scored, source_value, found_relation)


#: "yeni bir", "ikinci bir", "bir başka": the claim speaks of another instance than an earlier one.
_ANOTHER_ONE = re.compile(r"\b(?:yeni|ikinci|baska|diger) bir\b|\bbir (?:baska|yenisi)\b")


def _narrower(text: str, claim: Value, source: Value) -> bool:
    """Whether the source counts a kind of what the claim (``text``) counts: the claim's
    noun, right after its number, stands in the source after words that narrow it
    ("küçük ölçekli proje" for "1.000'den az proje"). A noun the claim counts before its
    number may carry a modifier of its own ("tasarım merkezi sayısı" against "Ar-Ge
    merkezi"): a sibling, not a whole, so it is left out."""
    after = fold(text[claim.end : claim.end + 40])
    if not claim.unit or claim.unit[0] not in after or len(source.unit) < 2:
        return False
    return unit_match(source.unit[1:3], [claim.unit[0]], inflected=True) > 0


def _below(claim: Value, part: Value) -> bool:
    """Whether every quantity ``claim`` allows is smaller than every one ``part`` allows."""
    if claim.kind in ("year", "date") or part.kind in ("year", "date"):
        return False
    c, p = interval(claim), interval(part)
    return c[2] < p[0] or (c[2] == p[0] and not (c[3] and p[1]))


def _compatible(a: Value, b: Value) -> bool:
    times = {"year", "date"}
    return (a.kind in times and b.kind in times) or a.kind == b.kind


def _turkish_units(value: Value) -> list[Value]:
    """An English claim's value once per Turkish word its counted noun translates to
    (:func:`kumeqa.lexicon.translations`; "companies" → firma, şirket, …), the English
    noun itself kept (a currency or acronym may be written alike). The first word the
    lexicon knows is the noun ("10,000 companies", "1.7 billion dollars a year")."""
    for word in value.unit[:2]:
        keys = [k for k in translations(word) if not k.endswith("-") and not k.isdigit()]
        if keys:
            return [value, *(replace(value, unit=(k, *value.unit[1:])) for k in keys)]
    return [value]


def _counts_same(claim_value: Value, source_value: Value, sentence: str) -> tuple[float, bool]:
    """``(alignment, full)``: whether the nouns after two numbers say they count the same thing.

    ``full`` when the source's first word after its number (its counted noun) is
    the claim's noun, a general synonym of it, or its initials (``12 adet TTO`` for
    ``12 Teknoloji Transfer Ofisi``); a match only further on (``7 yabancı
    sermayeli firma``) is partial.
    """
    a, b = claim_value.unit, source_value.unit
    if not a or not b:
        return 0.0, False
    if _heads_differ(a, b):
        return 0.0, False  # "1.500 Ar-Ge personeli" and "12 Ar-Ge merkezi": the same modifier, other things
    initials = {"".join(w[0] for w in a[:size]) for size in (2, 3, 4) if len(a) >= size}
    # A noun counted before its number is read from its head back ("Deniz Araştırma
    # Merkezi sayısı 14" → merkezi, arastirma, deniz): its initials run the other way.
    initials |= {"".join(w[0] for w in reversed(a[:size])) for size in (2, 3) if len(a) >= size}
    source_initials = {"".join(w[0] for w in b[:size]) for size in (2, 3, 4) if len(b) >= size}
    if b[0] in initials or a[0] in source_initials or unit_match((b[0],), list(a[:2]), inflected=True) > 0:
        return 1.0, True
    # "5. Uluslararası Rekabeti Geliştirme (URGE) projesi": the source spells out what it
    # counts and names it by the acronym in parentheses, which the claim may use instead.
    defined = _DEFINED_AFTER.match(sentence[source_value.end :])
    if defined and fold(defined.group(1)).strip() == a[0]:
        return 1.0, True
    partial = unit_match(b[:4], list(a[:2]), inflected=True)
    # "yerli ve yabancı şirket": coordinated modifiers that together cover the noun.
    between = sentence[source_value.end : source_value.end + 60]
    coordinated = re.match(r"^\s*(?:\S+\s+){0,2}?\S+\s+(?:ve|ile|veya)\s+\S+\s+\S", between)
    return partial, bool(partial and coordinated and unit_match(b[2:3], list(a[:2]), inflected=True) > 0)


def _spent_on(query: Query, value: Value) -> set[str]:
    """The claim's words beside its sum of money that say what it is spent on (not its
    subject's name, the currency, a bound or a light verb): "3 milyar dolarlık pazar" → pazar."""
    own = set(tokenize(value.text)) | set(query.name_stems)
    # A word of a measure with its endings (the currency, "avrodur"; a period, "yıllık"):
    # its prefix stem is no unit word ("avrod"), and it is no thing the sum is spent on
    # ("yıllık cirosu" against "yılda … 10 milyar avroluk bir değer": the period matched).
    own |= {t for m in _WORD.finditer(query.text) if measure_of(fold(m.group(0))) for t in tokenize(m.group(0))}
    near = _near_words(query.text, value, reach=30)
    return {t for t in near if t not in own and t not in _MONEY_NOISE and measure_of(t) != "money"}


def _same_money(spent_on: set[str], sentence: str, source_value: Value) -> bool:
    """Whether a sum of money in the source is spent on what the claim's is (``spent_on``,
    from :func:`_spent_on`): one of those words is beside the source's sum. A market's
    sum is not an investment's in the same currency.

    The currency alone makes every sum in dollars look like the claim's; a claim that
    says nothing beside its sum is compared as before."""
    if not spent_on:
        return True
    around = _near_words(sentence, source_value, reach=60)
    return any(_near(t, around) > 0 or synonyms(t) & set(around) for t in spent_on)


#: Words beside a sum that say nothing about what it is spent on: bounds, verbs of size and
#: light verbs ("sahip", "yapan"), folded stems.
_MONEY_NOISE = frozenset(
    stem(w)
    for w in "asan askin asti fazla yaklasik civarinda uzerinde gecen gecti olan sahip yapan yapilan eden".split()
)


#: An acronym in parentheses closing the words after a number, before any other number.
_DEFINED_AFTER = re.compile(r"^[^()\d]{1,80}?\(\s*([^\W\d_][\w&-]{1,11})\s*\)")

#: Locative and ablative endings (folded): a noun bearing one closes its noun phrase.
_CLOSING_CASE = re.compile(r"[dt][ae]n?$")
#: A compound's head noun: possessive, perhaps with a case ending (``merkezi``, ``merkezinde``), folded.
_IZAFET_HEAD = re.compile(r"^[a-z]{3,}?s?[iu](?:n?[dt][ae]n?|n?[iu]n|y?[ie]|n?[ae])?$")


def _heads_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two counted noun phrases share their opening words but not their head noun.

    A Turkish compound puts its head last, in the possessive (``Ar-Ge merkezi``):
    when both phrases open with the same words and go on with such heads that
    differ (``Ar-Ge personeli`` / ``Ar-Ge merkezi``), they count different things."""
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    if shared == 0 or shared >= min(len(a), len(b)) or unit_of(a[0]):
        # A measure ("60.000 m²’lik sürekli sergi alanı"): the words after its unit
        # describe what is measured, the unit says what the number is.
        return False
    if _CLOSING_CASE.search(a[shared - 1]):
        # "13. yüzyılda kuruldu": a noun in the locative or ablative ends the phrase,
        # the words after it are the rest of the clause, not a compound's head.
        return False
    x, y = a[shared], b[shared]
    return bool(_IZAFET_HEAD.match(x) and _IZAFET_HEAD.match(y)) and unit_match((x,), [y], inflected=True) == 0


def _near_words(text: str, value: Value, reach: int = 40, within: tuple[int, int] | None = None) -> dict[str, float]:
    """Stems around a value, weighted by nearness (1 next to it, fading to 0 at ``reach`` characters),
    only those inside ``within`` (start, end) when given."""
    out: dict[str, float] = {}
    for m in _WORD.finditer(text):
        if value.start <= m.start() < value.end:
            continue
        if within is not None and not (within[0] <= m.start() and m.end() <= within[1]):
            continue
        distance = value.start - m.end() if m.end() <= value.start else m.start() - value.end
        if distance > reach:
            continue
        for token in tokenize(m.group(0)):
            out[token] = max(out.get(token, 0.0), 1.0 - max(distance, 0) / reach)
    return out


def _near(stem: str, near: dict[str, float]) -> float:
    """The nearness of ``stem`` or of a word sharing its first four letters (``açıldı`` / ``açılan``:
    the prefix stems differ in their fifth letter, the verb is the same)."""
    if stem in near:
        return near[stem]
    if len(stem) < 4:
        return 0.0
    return max((w for t, w in near.items() if len(t) >= 4 and t[:4] == stem[:4]), default=0.0)


def _aligned_value(value: Value, sentence: str, query: Query) -> tuple[Value, float, bool] | None:
    """``(source value, alignment, full)`` for the sentence's value stating the same quantity, or None.

    Numbers must count the same thing (:func:`_counts_same`); a number whose noun
    says nothing is compared only when it is the sentence's only number of its kind.
    Years and dates: the one whose neighbouring words (the claim's predicate, not
    its subject) match those around the claim's, ties going to one that establishes it.
    """
    sentence_values = extract_values(sentence)
    options = [v for v in sentence_values if _compatible(value, v)]
    if not options:
        return None
    if value.kind in ("number", "percent", "identifier", "ordinal", "rank"):
        measure = unit_of(value.unit[0]) if value.unit else None
        if measure is not None:
            # A measure in another unit of the same kind is compared after conversion
            # ("1.500 hektar" against "1 bin 500 dönümlük": 150 hektar).
            same_kind = [
                (v, c)
                for v in options
                if v.unit and (u := unit_of(v.unit[0])) and u[0] != measure[0] and (c := converted(v, measure[0]))
            ]
            if same_kind:
                return same_kind[0][1], 1.0, True
        if value.unit:
            # An English claim's noun ("10,000 companies") is compared through its Turkish
            # words ("firma", "şirket"): the best of them is what it counts.
            readings = _turkish_units(value) if query.english else [value]
            aligned = [
                (v, *max((_counts_same(r, v, sentence) for r in readings), default=(0.0, False))) for v in options
            ]
            aligned = [item for item in aligned if item[1] > 0]
            if value_measure(query.text, value) == "money":
                spent_on = _spent_on(query, value)
                aligned = [(v, a, full and _same_money(spent_on, sentence, v)) for v, a, full in aligned]
            if aligned:
                # Equally aligned numbers ("18’i merkez yöneticisi, 21’i merkezde faaliyet
                # gösteren firmaların temsilcisi"; "bütçesi 310 milyon TL olup bunun 62
                # milyon TL’si IPA kaynaklarıyla"): the one whose own words, up to the next
                # number, are most the claim's words around its value.
                # In a claim with several numbers, the words of this one's own stretch: in
                # "ARUS, 27 ilden 180 kuruluşu bir araya getirmektedir" the words after 180 are
                # 180's (they had aligned the claim's 27 with the source's 180: "27 ≠ 180").
                counts = [v for v in query.values if v.kind in ("number", "percent")]
                stretch = _own_stretch(query.text, value, counts) if len(counts) > 1 else None
                around = _near_words(query.text, value, reach=60, within=stretch)
                within = {id(v): _own_stretch(sentence, v, options) for v, _, _ in aligned}

                def shared(v: Value) -> float:
                    near = _near_words(sentence, v, reach=60, within=within[id(v)])
                    return sum(1 for t in around if _near(t, near))

                claim_year = dated_by(query.text, value, query.values)
                now = claim_year is None and speaks_of_now(query.text)
                years = {id(v): dated_by(sentence, v, sentence_values) for v in sentence_values}
                latest = max((y.value for y in years.values() if y is not None), default=0)

                def same_time(v: Value) -> float:
                    # "kuruluşunda 6 olan üye sayısı 2023’te 11’e yükselmiştir": of a count
                    # given at two times, the one dated as the claim's ("2023 yılında 6 üye");
                    # a claim of the present dating nothing, the latest.
                    year = years[id(v)]
                    if year is None:
                        return 0.0
                    if claim_year is None:
                        return float(now and year.value == latest)
                    return float(relation(year, claim_year) == ESTABLISHED)

                return max(aligned, key=lambda item: (item[2], item[1], same_time(item[0]), shared(item[0])))
            return None  # no number counting the claim's thing
        if len(options) == 1:
            if _measures_other(query.text, value, sentence, options[0]):
                return None
            return options[0], 0.5, True
        if value.kind == "percent":
            return _share_by_words(value, sentence, options, query)
        return None
    dated = [v for v in query.values if v.kind in ("year", "date")]
    if not as_of(query.text, value) and not any(v.kind in ("number", "percent") for v in query.values):
        # "bu merkezde 2023 itibarıyla 23 girişim barınmaktadır": a year "as of" which a
        # state is told dates no event ("merkez 2018 yılında açılmıştır").
        options = [v for v in options if not as_of(sentence, v)]
        if not options:
            return None
    if not dates_document(query.text, value):
        # "Kuruluşu 8 Ekim 1987 tarihli … kararlarına dayanan Teknopark İstanbul; … 4 Mayıs
        # 2010 tarihinde resmi olarak kurularak": a date "tarihli" is a document's (a
        # decision, a law), not when the claim's event happened ("2010 yılında kuruldu"
        # had been contradicted by 1987). (Never empties the options: all "tarihli", they stay.)
        options = [v for v in options if not dates_document(sentence, v)] or options
    role = _range_role(query.text, dated, value)
    if role is not None:
        # One end of a span ("2010-2030 dönemi"): compared with the same end of a span
        # in the source, the start with the start.
        ends = [v for v in options if _range_role(sentence, options, v) == role]
        if ends:
            return ends[0], 0.5, True
    # The claim's words that go with this value: the whole claim, or in a claim with
    # several dates its clause ("altyapısı 2016'da bitirildi, yatırımlar 2017'den …").
    claim_words = set(tokenize(_clause(query.text, value) if len(dated) > 1 else query.text))
    claim_words -= set(tokenize(value.text))
    # In a claim with several dates, the words of this date's own stretch, as in the
    # source ("sayısı 2012'de 3 iken 2023'te 14'e çıkmıştır": "sayısı" goes with 2012).
    around = _near_words(query.text, value, within=_own_stretch(query.text, value, dated) if len(dated) > 1 else None)
    if len(dated) == 1:
        around = {t: max(0.5, around.get(t, 0.0)) for t in claim_words | set(around)}
    if query.english:
        # An English claim's words are the sentence's through their translations ("was
        # founded in 2010" → kur- → "2004 yılında … kurulmuş"): no English word is near a
        # Turkish date (the trial's "Food Valley was founded in 2010." was not compared).
        found = _translated_in(query, sentence)
        claim_words |= found
        around = {**dict.fromkeys(found, 0.5), **around}
    scored = []
    nears = [_near_words(sentence, v, within=_own_stretch(sentence, v, options)) for v in options]
    shared = {t: sum(1 for near in nears if _near(t, near)) for t in around}
    for v, near in zip(options, nears):
        # A claim word counts by how few of the dates it sits near: in a list such as
        # "2013 yılında Liman Akademisi’ni, 2015 yılında Mavi Girişim’i kurdu" the name
        # tells the years apart, while a word shared by several items does not.
        overlap = sum(min(w, n) / shared[t] for t, w in around.items() if (n := _near(t, near)))
        # What follows the date up to the next one: a Turkish clause puts the time
        # first and its event after it ("2014 yılında Rize Tasarım Merkezini, 2016 yılında
        # Liman Akademisini kurdu"; "2011 yılında … çalışmasına başlamış ve … 2013-2015
        # yıllarında … seçmiştir").
        # Each claim word found there counts a quarter of a word right next to the value.
        scope = len(claim_words & set(tokenize(_scope(sentence, v, options))))
        scored.append((overlap + 0.25 * scope, relation(v, value) == ESTABLISHED, -v.start, v))
    best = max(scored, key=lambda item: item[:3])
    if best[0] == 0:
        return None  # no date tied to what the claim dates
    return best[3], 0.5, True


def _measures_other(claim: str, value: Value, sentence: str, source_value: Value) -> bool:
    """Whether a claim's bare number measures one thing by the noun before it and the
    source's number, by its unit, another: "Ankara'nın nüfusu 5 milyondur" (people)
    against "730 hektarlık alanda" (an area) are no two figures of one quantity, though
    each is its sentence's only number."""
    dimensions = asked_measures(fold(claim[max(0, value.start - 40) : value.start]).split())
    return bool(dimensions and source_value.unit and value_measure(sentence, source_value) not in dimensions)


def _translated_in(query: Query, sentence: str) -> set[str]:
    """The sentence's stems that translate a word of an English query, as the English
    features read them (:func:`kumeqa.lexicon.matches`): a stem the lexicon gives or its
    synonym, or a word built on a verb root it gives (``kur-`` → ``kurul``; a root longer
    than a stem, ``konumlan-``, cut to the stem's length)."""
    words = set(tokenize(sentence))
    keys = {t for words_of in query.translated for t in words_of if len(t.rstrip("-")) >= 3}
    return {w for w in words if any(matches(key, {w}) for key in keys)}


def _share_by_words(
    value: Value, sentence: str, options: list[Value], query: Query
) -> tuple[Value, float, bool] | None:
    """Of several shares with no counted noun ("şirketlerin %50’si yazılım-bilişim, %20’si
    elektronik, …"), the one whose own stretch holds the words around the claim's share
    ("yarısı yazılım-bilişim alanında"), or None when no share has them or two tie.

    A share is followed by what it is a share in, and preceded by the whole it is a share
    of ("şirketlerin"), which the whole list has in common but is written beside its first
    share only: so the words after the shares are compared first, and the words of each
    share's own stretch (the list's opening left out) only when those say nothing. Each
    word counts by how few shares it sits near, and the subject's names count for none. Unaligned, the claim had been compared with a
    share in another sentence (the eighth trial's "yarısı ≠ %90")."""
    stretches = [_own_stretch(sentence, v, options) for v in options]
    first = min(v.start for v in options)  # the whole's words open the list: no share's own
    for after in (True, False):
        around = _near_words(query.text, value, reach=60, within=(value.end, len(query.text)) if after else None)
        around = {t: w for t, w in around.items() if t not in query.name_stems}
        nears = [
            _near_words(sentence, v, reach=60, within=(v.end if after else max(start, first), end))
            for v, (start, end) in zip(options, stretches)
        ]
        if after and around:
            # The word right after the claim's share names what it is a share in ("yarısı
            # yazılım alanında"): the one share followed by it, before any sum of words
            # (a "kalan %9’u diğer alanlarda çalışmaktadır" shares two weaker ones).
            nearest = max(around, key=around.get)
            having = [v for v, near in zip(options, nears) if _near(nearest, near)]
            if len(having) == 1:
                return having[0], 0.5, True
        shared = {t: sum(1 for near in nears if _near(t, near)) for t in around}
        scores = [sum(min(w, n) / shared[t] for t, w in around.items() if (n := _near(t, near))) for near in nears]
        best = max(scores)
        if best > 0:
            return (options[scores.index(best)], 0.5, True) if scores.count(best) == 1 else None
    return None


#: What joins the two ends of a span of years: a hyphen or dash, or "ile" / "ve" ("2010 ile 2015 arasında").
_SPAN_JOIN = re.compile(r"\s*[-–—]\s*|\s+(?:ile|ve)\s+")


def _range_role(text: str, values: list[Value], value: Value) -> int | None:
    """0 when ``value`` opens a span of years (``2010-2030``), 1 when it closes one, else None."""
    for other in values:
        if other is value or other.kind not in ("year", "date"):
            continue
        if other.start >= value.end and _SPAN_JOIN.fullmatch(text[value.end : other.start]):
            return 0
        if value.start >= other.end and _SPAN_JOIN.fullmatch(text[other.end : value.start]):
            return 1
    return None


def _own_stretch(text: str, value: Value, values: list[Value]) -> tuple[int, int]:
    """The part of ``text`` that can speak of ``value`` alone: its clause (between ``,;:``),
    cut where another of ``values`` begins or ends.

    In a list of dated events ("2012 yılında Kıyı Fuarcılık A.Ş’yi, 2013 yılında Liman Akademisi’ni … kurdu")
    a name just before a date belongs to the previous clause, not to that date."""
    start, end = _clause_bounds(text, value)
    for other in values:
        if other.end <= value.start:
            start = max(start, _split_between(text, other.end, value.start)[1])
        elif other.start >= value.end:
            end = min(end, _split_between(text, value.end, other.start)[0])
    return start, end


def _split_between(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the stretch between two values parts: ``(end of the first's part, start of the
    second's)``, around the last separator or coordinator in it; with none, the whole
    stretch goes with both values."""
    found = list(COORDINATOR.finditer(text, start, end))  # "…’ni ve 2015 yılında …"
    return (found[-1].start(), found[-1].end()) if found else (end, start)


def _clause(text: str, value: Value) -> str:
    """The stretch of ``text`` between the separators (``,;:``) around ``value``."""
    start, end = _clause_bounds(text, value)
    return text[start:end]


def _clause_start(text: str, end: int) -> int:
    """Where the clause (between ``,;:``) holding position ``end`` of ``text`` starts."""
    return max(text.rfind(mark, 0, end) for mark in ",;:") + 1


def _clause_bounds(text: str, value: Value) -> tuple[int, int]:
    start = _clause_start(text, value.start)
    ends = [i for i in (text.find(mark, value.end) for mark in ",;:") if i >= 0]
    return start, min(ends) if ends else len(text)


def _scope(text: str, value: Value, values: list[Value]) -> str:
    """``text`` from ``value`` to the next of ``values`` (or the end of the sentence)."""
    following = [v.start for v in values if v.start >= value.end]
    scope = text[value.end : min(following) if following else len(text)]
    # "… 2018 yılına kadar … öngörülmüş, ancak bu hedefe 2021 yılında ulaşılabilmiştir":
    # a contrast opens another clause with its own time.
    return _CONTRAST.split(scope, maxsplit=1)[0]


_CONTRAST = re.compile(r"[,;]\s*(?:ancak|fakat|ama|oysa|ne var ki|buna karşın|buna karşılık)\b", re.IGNORECASE)


#: A lower-case word in the locative (``hopada``, ``garajdaki``).
_LOCATIVE_WORD = re.compile(r"(?<![\w’'])[a-zçğıöşü]{3,}?(?:n?[dt][ae])(?:ki)?(?![\w’'])")
#: A capitalised name in the locative (``Kuzey Sürmene’de``, ``Ankara’daki``).
_PLACE_NAME = re.compile(r"[A-ZÇĞİÖŞÜ][\w\-]*(?:\s+[A-ZÇĞİÖŞÜ][\w\-]*)*[’'](?:n?[dt][ae])(?:ki)?\b")


def _same_kind(claim_name: str, source_name: str) -> bool:
    """Two names of several words ending in the same head ("Stanford Üniversitesi",
    "Wageningen Üniversitesi"): two of one kind, so one stands for the other."""
    a, b = claim_name.split(), source_name.split()
    if len(a) < 2 or len(b) < 2:
        return False
    head_a, head_b = tokenize(a[-1]), tokenize(b[-1])
    return bool(head_a) and head_a == head_b and fold(a[0]) != fold(b[0])


def _kind_instead(
    index: Index, query: Query, sentence: Sentence
) -> tuple[Mismatch, tuple[int, int], tuple[int, int]] | None:
    """The evidence name standing for a claim name (:func:`_compare_names`) when the two
    are of one kind (:func:`_same_kind`), with both marks; else None."""
    found, _ = _compare_names(index, query, sentence)
    return found if found is not None and _same_kind(found[0].claim, found[0].source) else None


def _says_itself(index: Index, query: Query, scored: Scored, config) -> bool:
    """Whether a sentence's own words (not its heading's or neighbour's) cover
    ``min_predicate`` of what a claim says of its subject."""
    predicate = set(query.predicate)
    if not predicate:
        return True
    return len(predicate & views(index).tokens(scored.sentence)) / len(predicate) >= config.min_predicate


def _placed_without_subject(index: Index, query: Query, sentence: Sentence) -> bool:
    """Whether the claim puts its subject in a place (:attr:`Query.places`, "Yeşil Yazılım
    Kümelenmesi Samsun’da kurulmuştur") and ``sentence`` does not name the subject itself
    (its context may): "Bölgenin en büyük limanı Samsun’da bulunmaktadır", after a sentence on the
    subject, says where the port is, not where the subject is."""
    if not query.places or not query.names:
        return False
    own = with_acronym_matches(query.text, set(views(index).tokens(sentence)))
    return not any(name <= own for name in query.names)


def _placed_elsewhere(
    index: Index, query: Query, candidates: list[Scored], lead: Scored, config
) -> tuple[Scored, tuple[Mismatch, tuple[int, int], tuple[int, int]] | None]:
    """Another sentence naming the subject and saying what the claim says of it
    (``min_predicate``) that puts it in another place than the claim's; with the
    sentence, or ``lead`` and None."""
    # What the claim says of its subject apart from the place it is compared by: the place
    # of "… Samsun’da kurulmuştur" is what the sentence is to name otherwise ("… Sarıdere’de
    # kurulan"), so only "kurul-" must be said.
    place_stems = query.place_stems
    rest = set(query.predicate) - place_stems
    for scored in candidates:
        if scored is lead or scored.feature("names_ctx") < config.min_names_share:
            continue
        says_rest = bool(place_stems) and bool(rest) and rest <= set(views(index).tokens(scored.sentence))
        if scored.feature("predicate") < config.min_predicate and not says_rest:
            continue
        found, _ = _compare_names(index, query, scored.sentence, places_only=True)
        if found is not None:
            return scored, found
    return lead, None


def _place_elsewhere(index: Index, query: Query, text: str) -> tuple[Mismatch, tuple[int, int], tuple[int, int]] | None:
    """A place the documents never mention, typed in lower case ("hopada"), where the
    evidence names another place with the same words around it ("Sürmene’de ilk ahşap
    tekne atölyesi"). Words whose root the documents use (``yasada``) are not places."""
    known = index.spellings()
    for m in _LOCATIVE_WORD.finditer(query.text):
        word = fold(m.group(0))
        if any(index.backend.document_frequency(t) for t in tokenize(word)) or word[:4] in known.prefixes:
            continue
        neighbours = _neighbours(query.text, m.start(), m.end())
        for place in _PLACE_NAME.finditer(text):
            window = text[max(0, place.start() - 40) : place.end() + 40]
            if len(set(tokenize(window)) & neighbours) >= 2:
                return _name_instead(m, without_suffix(place.group(0)), place.start())
    return None


def _slot_elsewhere(query: Query, text: str) -> tuple[Mismatch, tuple[int, int], tuple[int, int]] | None:
    """A claim word the evidence replaces by a name between the very same two words.

    "OKS platin kalite sertifikası" against "OKS Altın Kalite sertifikası": the words
    on both sides agree, the one between them is another name. Only a capitalised word
    of the evidence (not opening it) counts as the replacement: an adjective swapped for
    another ("en büyük" / "en önemli") may be a paraphrase.
    """
    claim = [(m, fold(m.group(0))) for m in _WORD.finditer(query.text)]
    source = [(m, fold(m.group(0))) for m in _WORD.finditer(text)]
    source_stems = {t for _, w in source for t in tokenize(w)}

    def same(a: str, b: str) -> bool:
        return a == b or (len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4])

    for i in range(1, len(claim) - 1):
        m, word = claim[i]
        stems = tokenize(word)
        if not stems or len(word) < 3 or set(stems) & source_stems:
            continue
        if any(synonyms(t) & source_stems for t in stems):
            continue
        left, right = claim[i - 1][1], claim[i + 1][1]
        if max(len(left), len(right)) < 4:
            continue
        for j in range(1, len(source) - 1):
            other, replacement = source[j]
            if not other.group(0)[0].isupper():
                continue
            if re.search(r"[,;]", text[source[j - 1][0].end() : source[j + 1][0].start()]):
                continue  # items of a list ("(AA), Mardin, Batman"), not one phrase with a slot
            if same(source[j - 1][1], left) and same(source[j + 1][1], right) and not same(replacement, word):
                return _name_instead(m, without_suffix(other.group(0)), other.start())
    return None


#: The most words an item of a list usually has ("Karadeniz Üniversitesi - Balıkçılık").
_LIST_ITEM_WORDS = 6

#: "…, B ise …": the clause set against the one before it.
_SET_AGAINST = re.compile(r"\s(?:ise|ise de)\s", re.IGNORECASE)


def _paired_elsewhere(query: Query, text: str) -> tuple[Mismatch, tuple[int, int], tuple[int, int]] | None:
    """In a list sentence, the claim's words paired with another item than the one it names.

    "Karadeniz Üniversitesi - Balıkçılık, …, Yayla Üniversitesi - Arıcılık, …" holds
    every word of "Karadeniz Üniversitesi'nin alanı arıcılıktır", in two items.
    The words of the claim found in a single item of the list (between commas or
    semicolons) must all sit in one: the item of the claim's first such word is
    what the claim is about, and a name of that item the claim does not use is
    what the source says instead. Two items joined in the claim itself ("Yayla ve
    Karadeniz") are a claim about both and are left alone.
    """
    items = [m for m in re.finditer(r"[^,;:]+", text)]
    if items and re.match(r"\s*[;:]", text[items[0].end() :]):
        items = items[1:]  # the lead-in before "…; A, B, C"
    set_against = len(items) >= 2 and any(_SET_AGAINST.search(i.group(0)) for i in items[1:])
    if len(items) < 4 and not set_against:
        # Two clauses set side by side ("Firma sayısı bakımından en büyük küme Ankara
        # Siteler, istihdam bakımından ikinci … küme ise İnegöl’dür") pair like a list.
        return None
    sizes = [len(i.group(0).split()) for i in items]
    if not set_against and sum(n <= _LIST_ITEM_WORDS for n in sizes) * 2 < len(items):
        # Long clauses between commas ("…, 2001 yılında Edirne’de … kurulan, bugün 120
        # firmaya ev sahipliği yapan ve …") are one sentence's parts, not a list's items.
        return None
    if sum(n == 1 for n in sizes) * 2 >= len(items):
        # Items of one word each ("A Ajansı (AA), Mardin, Batman, Şırnak ve Siirt illerini
        # kapsar"): a list of names the sentence's subject covers, no pairs.
        return None
    claim_words = [(m, t) for m in _WORD.finditer(query.text) for t in tokenize(m.group(0))]
    item_tokens = [set(tokenize(i.group(0))) for i in items]
    placed: list[tuple[re.Match, int]] = []
    for word, token in claim_words:
        holders = [i for i, tokens in enumerate(item_tokens) if token in tokens]
        if len(holders) == 1:
            placed.append((word, holders[0]))
    if len({i for _, i in placed}) != 2:
        return None
    anchor = placed[0][1]
    stray = next(word for word, i in placed if i != anchor)
    if not (stray.group(0)[0].isupper() or set(tokenize(stray.group(0))) & query.name_stems):
        return None  # only a name is paired with the wrong item ("Arıcılık"), not a verb
    anchored = [word for word, i in placed if i == anchor]
    between = query.text[min(stray.end(), anchored[-1].end()) : max(stray.start(), anchored[0].start())]
    if re.search(r",|\b(?:ve|ile|veya|ya da|and)\b", between):
        return None
    claim_stems = {t for _, t in claim_words}
    item = items[anchor]
    # The sentence's first word is capitalised whatever it is ("Bölgenin …").
    for name in names_in(item.group(0), skip_first_word=item.start() == 0):
        if name.stems - claim_stems:
            return _name_instead(stray, name.text, item.start() + name.start)
    return None


def _name_instead(claim_word: re.Match, name: str, start: int) -> tuple[Mismatch, tuple[int, int], tuple[int, int]]:
    """A name mismatch: the claim's word, and the name the source has at ``start`` instead (with both marks)."""
    return Mismatch(claim_word.group(0), name, "name"), claim_word.span(), (start, start + len(name))


def _unit_word(value: Value, text: str) -> str:
    """The convertible unit right after ``value`` as ``text`` spells it (``dönümlük`` → ``dönüm``), or ""."""
    found = unit_of(value.unit[0]) if value.unit else None
    if found is None:
        return ""
    word = re.match(r"\s*(\S+)", text[value.end :])
    return word.group(1)[: len(found[0])] if word else found[0]


def _kind(claim_value: Value, source_value: Value) -> str:
    if "date" in (claim_value.kind, source_value.kind):
        return "date"
    return claim_value.kind


def _core(value: Value) -> str:
    """A value's text without its suffix (``4.500’den`` → ``4.500``, ``39 binin`` → ``39 bin``)."""
    text = without_suffix(value.text)
    text = re.sub(r"(bin|milyon|milyar|trilyon)(?:in|ın|un|ün|den|dan|de|da|e|a|i|ı|u|ü|lik|lık|luk|lük)$", r"\1", text)
    return text.strip()


def _neighbours(text: str, start: int, end: int, reach: int = 40) -> set[str]:
    """Stems within ``reach`` characters before and after ``text[start:end]`` (not of it)."""
    return set(tokenize(text[max(0, start - reach) : start])) | set(tokenize(text[end : end + reach]))


def _is_acronym(text: str) -> bool:
    letters = without_suffix(text)
    return len(letters) > 1 and letters.isupper() and " " not in letters


def _name_words(text: str) -> set[str]:
    """Stems of the capitalised words of a name ("Sanayi ve Teknoloji Bakanlığı" → sanay, tekno, bakan)."""
    return {t for w in text.split() if w[:1].isupper() for t in tokenize(w)}


def _lowercase_names(claim: str, query: Query) -> list[Name]:
    """Runs of words whose stems the query took as names, in a claim typed without capitals."""
    out: list[Name] = []
    stems = query.name_stems | set(query.unknown_names)
    run: list[re.Match] = []
    for m in [*_WORD.finditer(claim), None]:
        if m is not None and set(tokenize(m.group(0))) & stems:
            run.append(m)
            continue
        if run:
            start, end = run[0].start(), run[-1].end()
            out.append(Name(start, end, claim[start:end], frozenset(tokenize(claim[start:end]))))
            run = []
    return out


#: A bare locative after a name's apostrophe, with ``-ki`` or the copula ("Batman’dadır").
#: (An ablative is as often a source as a place: "Zhongguancun’dan esinlenerek".)
_IN_PLACE = re.compile(r"^[’'][dt][ae](?:ki|[dt][ıiuü]r)?\b", re.IGNORECASE)
#: A bare ablative after a name's apostrophe: "İspanya’dan", "Çin’den".
_FROM_PLACE = re.compile(r"^[’'][dt][ae]n\b", re.IGNORECASE)


def _compare_names(
    index: Index, query: Query, sentence: Sentence, places_only: bool = False
) -> tuple[tuple[Mismatch, tuple[int, int], tuple[int, int]] | None, bool]:
    """A claim name absent from the evidence and the evidence name standing in its place.

    Returns ``(mismatch with its marks, or None; whether a claim name is missing
    with nothing standing in its place)``. ``places_only``: only a place the claim
    puts its subject in, against another place.
    """
    corpus = views(index)
    claim = query.text
    present = set(corpus.tokens(sentence)) | corpus.heading(sentence.section)
    previous = corpus.previous(sentence)
    if previous is not None:
        present |= corpus.tokens(previous)
    present = with_acronym_matches(claim, present)
    folded_sentence = fold(sentence.text)
    # A long form in the evidence stands for the claim's acronym ("Teknoloji Transfer
    # Ofisi" for "TTO"), as the claim's long form does for the evidence's acronym. Any run
    # of words, not only capitalised ones (``name_initials``): a sentence may write the
    # long form in lower case ("… organize sanayi bölgelerine taşınarak" for the claim's
    # "OSB'lere"; with capitalised runs only, that true tuning claim was not confirmed).
    context = " ".join(t for t in (sentence.text, previous.text if previous is not None else "", sentence.section) if t)
    initials = set(acronyms(context, min_words=2))
    known = query.name_stems | set(query.unknown_names) | query.place_stems
    claim_names = [n for n in names_in(claim) if n.stems & known]
    if not any(ch.isupper() for ch in claim):
        # Typed in lower case: the names are the words the documents write as names.
        claim_names = _lowercase_names(claim, query)
    # A name opening the claim is its subject: the evidence gate already asked for it,
    # and documents often refer to it otherwise ("Ülkemizde" for "Türkiye'de").
    # Only if it is the opening name: a lone opening word is no name to ``names_in``
    # ("Zhongguancun, Şanghay’ın …": set off by a comma, or a name the query knows), and
    # the name after it is not the subject.
    before = claim[: claim_names[0].start] if claim_names else ""
    opener_before = before.rstrip().endswith(",") or set(tokenize(before)) & query.name_stems
    if claim_names and len(before.split()) < 2 and not opener_before:
        claim_names = claim_names[1:]

    def where(n: Name) -> bool:
        """Whether the claim puts something in place ``n`` ("… merkezi Batman’dadır"): a
        name taking a bare locative (:data:`_IN_PLACE`), not an acronym of an organisation."""
        return bool(_IN_PLACE.match(claim[n.end :])) and not _is_acronym(n.text)

    def from_place(n: Name) -> bool:
        """Whether the claim says where something comes from ("İtalya’dan ASICS"): a place
        the documents name, or a one-word name no document need name, in the ablative; a
        place of the evidence stands in its place first (then any name: an ablative is
        as often a source, "Zhongguancun’dan esinlenerek")."""
        return bool(_FROM_PLACE.match(claim[n.end :])) and (n.stems <= corpus.places or len(n.text.split()) == 1)

    own = corpus.tokens(sentence)
    missing = [
        n
        for n in claim_names
        # Where the claim puts its subject must be said in the sentence itself: the one
        # before may list every province of a region ("Mardin, Batman, Şırnak ve Siirt").
        if not n.stems <= (own if where(n) else present)
        and fold(n.text) not in folded_sentence
        and not (_is_acronym(n.text) and fold(n.text) in initials)
    ]
    if not missing:
        return None, False
    claim_stems = set(tokenize(claim))
    claim_acronyms = set(acronyms(claim, min_words=2))
    roles = roles_asked(query)
    # Each missing name in turn (a place the sentence does not say may come first:
    # "… Çin'deki Zhongguancun'dan esinlenerek" against "Silikon Vadisinden esinlenerek").
    for name in missing:
        in_place = where(name)
        place_slot = in_place or from_place(name)
        if places_only and not place_slot:
            continue
        # A person said to hold an office ("genel müdürü Mehmet Yılmaz'dır") is stood in for
        # by another person, not by an organisation the sentence names (the trial's "Mehmet
        # Yılmaz ≠ Telekomünikasyon Kümelenmesi").
        holder = not place_slot and not organisation(name.text) and _after_role(claim, name, roles)
        found = _standing_in(corpus, sentence, name, place_slot, claim, claim_stems, claim_acronyms, holder)
        if found is None and place_slot and not in_place:
            # "Zhongguancun’dan esinlenerek" against "Silikon Vadisinden esinlenerek": what
            # something comes from need not be a place.
            found = _standing_in(corpus, sentence, name, False, claim, claim_stems, claim_acronyms, holder)
        if found is not None:
            return (Mismatch(name.text, found.text, "name"), (name.start, name.end), (found.start, found.end)), False
    return None, True


def _after_role(claim: str, name: Name, roles: list[str]) -> bool:
    """Whether ``name`` comes right after an office the claim names ("genel müdürü Mehmet
    Yılmaz'dır"): its holder, a person (not "… üniversitelerinin kurucu üyeliğinde")."""
    before = fold(claim[: name.start]).split()
    return bool(before) and any(before[-1].startswith(r) for r in roles)


def _next_word(text: str, end: int) -> str:
    """The folded word after a name ending at ``end`` (past its apostrophe suffix)."""
    m = re.match(r"(?:[’'][^\W\d_]+)?[\s,]+([^\W\d_][\w\-]*)", text[end:])
    return fold(m.group(1)) if m else ""


def _standing_in(
    corpus: CorpusViews,
    sentence: Sentence,
    name: Name,
    place_slot: bool,
    claim: str,
    claim_stems: set[str],
    claim_acronyms: set[str],
    person: bool = False,
) -> Name | None:
    """The evidence name standing where the claim's ``name`` stands: not in the claim,
    and with the claim name's neighbouring words nearby (``person``: no organisation's)."""
    neighbours = _neighbours(claim, name.start, name.end)
    word_after = _next_word(claim, name.end)
    best_name: Name | None = None
    best_score = 0
    if place_slot:
        # The claim says where ("… Konya’da bulunmaktadır"): what stands in its place is
        # a place the documents write as one ("Gaziantep"), not any name near the
        # same words ("KOSGEB işbirliği").
        candidates = [
            Name(m.start(), m.end(), m.group(0), frozenset(tokenize(m.group(0))))
            for m in re.finditer(r"(?<![\w’'])[A-ZÇĞİÖŞÜ][^\W\d_]+", sentence.text)
            if set(tokenize(m.group(0))) <= corpus.places
        ]
    else:
        candidates = names_in(sentence.text)
    for candidate in candidates:
        if candidate.stems <= claim_stems or name.stems <= candidate.stems or fold(candidate.text) in claim_acronyms:
            continue  # a name the claim also uses, or its initials ("TMK")
        if candidate.stems & claim_stems and not (candidate.stems - claim_stems) & _name_words(candidate.text):
            continue  # shares the claim's words and adds no name of its own
        if person and (organisation(candidate.text) or candidate.stems & claim_stems):
            continue  # an organisation, or one of the claim's own ("ODTÜ Teknokent Bilişim")
        window = sentence.text[max(0, candidate.start - 40) : candidate.end + 40]
        score = len(set(tokenize(window)) & neighbours)
        if place_slot or len(candidate.stems & name.stems) * 2 >= len(name.stems) >= 3:
            # A name of the same kind, another one ("Konya Organize Sanayi Bölgesi" for
            # "Kayseri Organize Sanayi Bölgesi"): its shared words say it stands in the same
            # place; so does a place for a place.
            score += 1
        rest = sentence.text[candidate.end :]
        if place_slot and (_IN_PLACE.match(rest) or _FROM_PLACE.match(rest)):
            # A place in the locative (or ablative) here too ("2015 yılında Pendik’te bulunan
            # Teknopark İstanbul bünyesinde kuruldu" for "… Ankara’da kurulmuştur"): where, as
            # the claim says where; not a name that is only elsewhere a place.
            score += 1
        if place_slot and word_after and word_after == _next_word(sentence.text, candidate.end):
            # The same word right after both ("İtalya’dan ASICS" / "İspanya’dan ASICS, Fransa’dan
            # Elastopole"): the place of that item of the list, not of a neighbouring one.
            score += 2
        # Two shared neighbouring words at least ("kurulan ilk şirket Intel" / "kurulan ilk
        # şirket Hewlett-Packard"): one shared word is too often chance.
        if score >= 2 and score > best_score:
            best_name, best_score = candidate, score
    return best_name
