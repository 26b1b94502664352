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
from functools import lru_cache

from .query import (
    BARE_CASE,
    CAP,
    DATE,
    ENTITY,
    MONTH_STEMS,
    ORGANISATION_HEADS,
    PERCENT,
    PERSON,
    PLACE,
    QUANTITY,
    Query,
    counted_words,
    place_after_name,
)
from .text import (
    acronyms,
    common_prefix,
    content_words,
    english_counted,
    fold,
    stem,
    synonyms,
    tokenize,
    tr_lower,
    without_suffix,
)
from .values import (
    CHANGE_STEMS,
    ESTABLISHED,
    NOUN_ENDING,
    Value,
    as_of,
    asked_measures,
    asks_at_founding,
    asks_plan,
    dated_by,
    dates_document,
    extract_values,
    measure_of,
    planned,
    relation,
    speaks_of_now,
    tells_founding,
    unit_of,
    value_measure,
)

#: A genitive suffix after an apostrophe: "Ege’nin Kiraz Vadisi" is one name, but
#: "Palo Alto’da Federal Telegraph" is two (a locative ends a name).
_GENITIVE = r"(?:[’'](?:n?[ıiuü]n|[ıiuü]n))?"
NAME_RE = re.compile(rf"{CAP}(?:{_GENITIVE}\s+{CAP})*", re.UNICODE)
_CENTURY = re.compile(r"\b(?:\d{1,2}|[IVXLC]{1,6})\.\s*(?:yüzyıl|yy|asır)\w*", re.IGNORECASE)
_LOCATIVE = re.compile(r"^[’'](?:de|da|te|ta|nde|nda)\b", re.IGNORECASE)
#: A place followed by a participle of being somewhere and a name ("ABD’de bulunan
#: Silikon Vadisi", "Ankara’da yer alan OSTİM"): group 1 is the name it locates.
_PLACES_ANOTHER = re.compile(
    r"^[’']\w+\s+(?:bulunan|yer\s+alan|kurulan|kurulmuş\s+olan|faaliyet\s+gösteren)\s+"
    r"([A-ZÇĞİÖŞÜ][\w’']*(?:\s+[A-ZÇĞİÖŞÜ][\w’']*){0,3})"
)
#: After the name a place locates, a word saying the subject is inside it ("Pendik’te bulunan
#: Teknopark İstanbul bünyesinde kuruldu", "… Kampüsü içinde"; or the name's own locative,
#: :data:`_LOCATIVE`): the place is the subject's too.
_INSIDE = re.compile(r"^\s+(?:bünyesinde|içinde|içerisinde|yerleşkesinde|kampüsünde|çatısı\s+altında)\b", re.IGNORECASE)
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
    #: For numbers: whether the noun after it is one the question asks about (a
    #: ``kaç çalışan`` question is not answered by ``500 dönümlük``).
    counts: bool = True


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
        for start, name in _split_off_place(text, *_split_before_acronym(m.start(), m.group(0).rstrip(".,;:"))):
            words = name.split()
            if skip_first_word and start == 0 and len(words) == 1 and not _LOCATIVE.match(text[start + len(name) :]):
                end = start + len(name)
                if not (name.isupper() and len(name) > 1) and not re.match(r"[’']", text[end : end + 1]):
                    continue
            stems = frozenset(tokenize(name)) - MONTH_STEMS
            if stems:
                out.append(Name(start, start + len(name), name, stems))
    return out


#: Head nouns of Turkish organisation names (general vocabulary): a name ending in one
#: of these, or written in capitals, is an organisation, not a person.
def organisation(name: str) -> bool:
    """Whether a name is an organisation's (its last word an acronym or a head such as "Derneği")."""
    last = name.split()[-1]
    return (last.isupper() and len(last) > 1) or bool(ORGANISATION_HEADS.search(tr_lower(last)))


def _split_off_place(text: str, *parts: tuple[int, str]) -> list[tuple[int, str]]:
    """``ODTÜ Teknokent İstanbul’da``, ``Gıda Vadisi İsviçre’de``: a title-case word taking a
    bare locative or ablative right after a complete name of two or more words is where
    it is, not part of it (:func:`kumeqa.query.place_after_name`, which reads a
    question's or claim's names the same way).

    A compound name takes the possessive's ``n`` before its case (``Silikon
    Vadisi’nde``, ``Teknoloji Üniversitesi’nden``), so those stay whole, as does a
    name whose last word is itself in capitals (``OSTİM OSB’de``).
    """
    out: list[tuple[int, str]] = []
    for start, name in parts:
        words = list(re.finditer(r"\S+", name))
        end = start + len(name)
        case = BARE_CASE.match(text[end:])
        if len(words) >= 3 and case:
            last, before = words[-1].group(0), words[-2].group(0)
            if place_after_name(before, last + case.group(0)):
                cut = words[-1].start()
                out += [(start, name[:cut].rstrip()), (start + cut, last)]
                continue
        out.append((start, name))
    return out


def _split_before_acronym(start: int, name: str) -> list[tuple[int, str]]:
    """``İnşaat Makineleri Kümelenmesi ODTÜ`` is two names: a run of two or more
    title-case words followed by a word in capitals starts a new name there
    (``Ostim OSB Müdürlüğü`` stays one)."""
    parts: list[tuple[int, str]] = []
    offset = 0
    titled = 0
    for m in re.finditer(r"\S+", name):
        word = m.group(0)
        letters = without_suffix(word)
        if letters.isupper() and len(letters) > 1 and titled >= 2:
            parts.append((start + offset, name[offset : m.start()].rstrip()))
            offset, titled = m.start(), 0
        elif not letters.isupper():
            titled += 1
    parts.append((start + offset, name[offset:]))
    return parts


#: Offices a "kim" question may ask the holder of (folded roots; general vocabulary).
ROLE_NOUNS: tuple[str, ...] = tuple(
    "rektor baskan sekreter mudur yonetici direktor koordinator bakan vali kaymakam dekan kurucu".split()
)


#: The same offices asked in English (singular, lower case) and their Turkish roots.
ENGLISH_ROLES: dict[str, tuple[str, ...]] = {
    "rector": ("rektor",),
    "president": ("baskan",),
    "chairman": ("baskan",),
    "chair": ("baskan",),
    "head": ("baskan", "mudur"),
    "secretary": ("sekreter",),
    "manager": ("mudur", "yonetici"),
    "director": ("mudur", "direktor"),
    "ceo": ("mudur", "ceo"),
    "coordinator": ("koordinator",),
    "minister": ("bakan",),
    "governor": ("vali",),
    "mayor": ("baskan",),
    "dean": ("dekan",),
    "founder": ("kurucu", "kurdu", "kurul"),
}


def _english_counted_nouns(text: str) -> tuple[str, ...]:
    """Turkish words for what "how many …" / "number of …" counts (up to three words on, past adjectives)."""
    for word in counted_words(text):
        found = english_counted(word)
        if found:
            return found
    return ()


def unit_match(unit: tuple[str, ...], words: list[str], inflected: bool = False) -> float:
    """How well a value's counted noun (``unit``) matches the asked words, in [0, 1].

    The first word after a number is usually what it counts; later ones count less.
    Shared roots of 4+ letters match (``çalışan``/``çalışanı``), and so do general
    synonyms (``firma``/``şirket``: :func:`kumeqa.text.synonyms`). ``inflected``: a
    3-letter root both words inflect matches too (``üyesinden``/``üyeden``); fact-checking
    compares two numbers' nouns this way, while answering keeps the stricter test (on the
    tuning split the looser one answered one more unanswerable question).
    """
    best = 0.0
    for rank, u in enumerate(unit):
        u_stem = stem(u)
        alternatives = synonyms(u_stem)
        for w in words:
            w_stem = stem(w)
            shared = common_prefix(u, w)
            # A shared root of 4+ letters, or a whole short root (``üye``/``üyesi``), or a
            # short root both words inflect (``üyesinden``/``üyeden``).
            root = (
                shared >= 4
                or (
                    shared >= 3
                    and (
                        shared == min(len(u), len(w))
                        or (inflected and NOUN_ENDING.fullmatch(u[shared:]) and NOUN_ENDING.fullmatch(w[shared:]))
                    )
                )
                or _short_root(u, w, shared)
            )
            if u == w or _same_unit(u, w):
                best = max(best, 1.0 - 0.2 * rank)
            elif root and not _agent_noun(u, w, shared):
                best = max(best, (max(shared, 4) / max(len(u), len(w), 4)) * (1.0 - 0.2 * rank))
            elif w_stem in alternatives or _synonymous(u, w):
                best = max(best, 0.8 * (1.0 - 0.2 * rank))
            elif {u_stem, w_stem} <= _WORKFORCE and _PERSON in {u_stem, w_stem}:
                # "25 bin kişi" counts the workforce a "kaç çalışan" asks for (and the other
                # way round): people, without saying which; half as sure as the noun itself.
                best = max(best, 0.6 * (1.0 - 0.2 * rank))
    return best


def _roots(word: str) -> set[str]:
    """The stem of a folded word, and its root when a short noun is inflected: a synonym
    of four letters or fewer is a whole word ("ciro"), and "ciroda"'s prefix stem "cirod"
    is not it."""
    out = {stem(word)}
    for k in (3, 4):
        if len(word) > k and NOUN_ENDING.fullmatch(word[k:]):
            out.add(word[:k])
    return out


def _synonymous(a: str, b: str) -> bool:
    """Whether two folded words are general synonyms (:func:`kumeqa.text.synonyms`) by their
    roots: "hasılatı" / "ciroda"."""
    roots_b = _roots(b)
    return any(synonyms(r) & roots_b for r in _roots(a))


def _short_root(a: str, b: str, shared: int) -> bool:
    """Whether two folded words are one root of two letters, each inflected with a case
    ending ("ilden" / "ilinden"): a root so short matches only when both endings are
    whole case endings after a possessive, so "il" never matches "ilk" or "ilgi"."""
    if shared != 2:
        return False
    ends = a[2:], b[2:]
    return all(e and _SHORT_ROOT_ENDING.fullmatch(e) for e in ends)


#: After a root of two letters: an optional possessive, then a case ending of two or more
#: letters (the ablative, locative, genitive): "-den", "-inden", "-de", "-inin".
_SHORT_ROOT_ENDING = re.compile(r"(?:[ıiuü]?n?)?(?:[dt][ae]n?|n[ıiuü]n|[ıiuü]n)")


def _same_unit(a: str, b: str) -> bool:
    """Whether two words name one convertible unit (``km`` / ``kilometrelik``)."""
    ua, ub = unit_of(a), unit_of(b)
    return ua is not None and ub is not None and ua[1:] == ub[1:]


#: "kişi" and the nouns of a workforce it can count (folded stems; general vocabulary).
_PERSON = stem("kisi")
_WORKFORCE = frozenset(stem(fold(w)) for w in "kişi çalışan personel işçi istihdam eleman".split())


#: The Turkish agent suffix -CI (``araştırma`` → ``araştırmacı``, ``ihracat`` →
#: ``ihracatçı``): it makes another noun, so a number of researchers does not count
#: research institutes.
_AGENT_SUFFIX = re.compile(r"^[cç][ıiuü](?:[^ıiuüaeoö]|$)")


def _agent_noun(a: str, b: str, shared: int) -> bool:
    """Whether one folded word is the other plus the agent suffix."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return shared == len(shorter) and bool(_AGENT_SUFFIX.match(longer[shared:]))


def roles_asked(query: Query) -> list[str]:
    """The offices (:data:`ROLE_NOUNS` roots) a ``kim`` question asks the holder of.

    Every word of the question counts, names too: a corpus that writes "Müdürlüğü"
    makes "müdür" a name."""
    words = content_words(query.text)
    if query.english:
        return [r for w in words for r in ENGLISH_ROLES.get(w.rstrip("s"), ())]
    return [r for r in ROLE_NOUNS if any(w.startswith(r) for w in words)]


#: "şu anki başkanı", "current chair": a question or claim about who holds an office now.
_NOW = re.compile(r"\b(?:su an(?:ki)?|simdiki|bugunku|halihazirdaki|mevcut|current|present)\b")
#: "kurucu başkanı", "ilk müdürü", "eski başkan": the holder at another time.
_THEN = r"(?:kurucu|ilk|eski|onceki|founding|first|former)"


def asks_past_holder(text: str, roles: list[str]) -> bool:
    """Whether ``text`` speaks of an office's holder at another time ("kurucu başkanı", "ilk dönem başkanı")."""
    roles = [r for r in roles if r != "kurucu"] or roles
    return any(re.search(rf"\b{_THEN}\s+(?:\w+\s+)?{re.escape(r)}", fold(text)) for r in roles)


def another_time_holder(text: str, sentence: str, roles: list[str]) -> bool:
    """Whether ``text`` asks for an office's holder now while ``sentence`` names its holder
    at another time ("AFTERM’in şu anki başkanı" against "Kümenin kurucu başkanı …
    Hüseyin Kocabaş’tır"): the founder is no answer to who leads it today."""
    if not _NOW.search(fold(text)):
        return False
    folded = fold(sentence)
    return any(re.search(rf"\b{_THEN}\s+{re.escape(r)}", folded) for r in roles)


#: Words that tell of an office held today (folded): "2021’den bu yana", "bugünkü başkanı".
_NOW_TOLD = re.compile(r"\b(?:bu yana|bugunku|mevcut|su anki|simdiki|halen|gunumuzde)\b")
#: How far before a name (characters) the office it holds is looked for.
_ROLE_REACH = 60


def office_holders(sentence: str, roles: list[str]) -> list[tuple[Name, str]]:
    """The people ``sentence`` names as holders of one of ``roles``, each with when:
    ``"then"`` ("kurucu başkanı Gülay Önder", "ilk dönem başkanlığını … Aydın Sezer"),
    ``"now"`` (another holder of an office the sentence also gives a past holder of, or
    one told of today: "2021’den bu yana başkanlığı Mert Saraçoğlu yürütmektedir").

    The office a name holds is the nearest mention of a role before it (the Turkish
    order: "kurucu başkanı X, bugünkü başkanı ise Y"), else one right after it ("Y
    platformun başkanıdır"); names with neither are left out.
    """
    roles = [r for r in roles if r != "kurucu"] or roles
    folded = fold(sentence)
    mentions = [m for r in roles for m in re.finditer(rf"\b{re.escape(r)}\w*", folded)]
    if not mentions:
        return []
    found: list[tuple[Name, bool]] = []
    people = [n for n in names_in(sentence) if not organisation(n.text)]
    for name in people:
        # A role before the name, with no other person between the two (that one holds it).
        before = [
            m
            for m in mentions
            if m.end() <= name.start
            and name.start - m.end() <= _ROLE_REACH
            and not any(m.end() <= p.start and p.end <= name.start for p in people)
        ]
        # Or the predicate after it: "… Elif Karakuş platformun başkanıdır".
        after = [m for m in mentions if m.start() >= name.end and m.start() - name.end <= 30]
        if not before and not after:
            continue
        role = max(before, key=lambda m: m.end()) if before else min(after, key=lambda m: m.start())
        then = re.search(rf"\b{_THEN}\s+(?:\w+\s+)?$", folded[max(0, role.start() - 30) : role.start()])
        found.append((name, bool(then)))
    any_then = any(then for _, then in found)
    told_now = bool(_NOW_TOLD.search(folded))
    return [(name, "then" if then else "now") for name, then in found if then or any_then or told_now]


def _modifiers_said(unit: tuple[str, ...], after_kac: list[str], sentence_words: list[str]) -> bool:
    """Whether the words narrowing a ``kaç`` question's counted noun are in the sentence.

    In "kaç girişim sermayesi şirketi", ``şirketi`` is the noun the number counts (it
    matches the first word after the value, ``firma``) and ``girişim sermayesi`` narrow it: each must be a
    word of the sentence (a 4+ letter shared root, or a general synonym: "kaç şirket üye"
    is said by "150 üye firması"). Units of measure (``kişi``) and ``adet``/``tane``
    narrow nothing.
    """
    stems = {stem(w) for w in sentence_words}
    for i, word in enumerate(after_kac):
        if unit and unit_match(unit[:1], [word]) > 0:
            return all(
                measure_of(m) is not None
                or m in ("adet", "tane", "toplam")
                or any(common_prefix(m, w) >= min(4, len(m)) for w in sentence_words)
                or not synonyms(stem(m)).isdisjoint(stems)
                for m in after_kac[:i]
            )
    return True


#: Derived adjectives (folded): "-lI" (sermayeli), "-sIz", "-sAl" (bölgesel). Before a counted
#: noun they narrow it ("18 yabancı sermayeli firma" are not all the firms).
_DERIVED_ADJECTIVE = re.compile(r"\w{3,}(?:l[iu]|s[iu]z|sal|sel)$")


def _narrowed(unit: tuple[str, ...], asked: list[str], question_words: list[str], after: str) -> bool:
    """Whether a derived adjective the question does not say stands between the number and
    the noun it counts: "18 yabancı sermayeli firma" does not answer "kaç firma var", while
    coordinated ones cover the whole ("300 yerli ve yabancı firma"). ``after``: the text
    following the number."""
    for i, word in enumerate(unit[:4]):
        if unit_match((word,), asked) > 0:
            before_noun = fold(after).split()[: i + 1]
            return not {"ve", "ile", "veya"} & set(before_noun) and any(
                _DERIVED_ADJECTIVE.match(m) and not any(common_prefix(m, w) >= 4 for w in question_words)
                for m in unit[:i]
            )
    return False


#: "kaç sayılı", "sayısı kaç olan kanun": the number a law or a decree is known by (folded question).
_ASKS_IDENTIFIER = re.compile(
    r"\bkac sayil|\bsayisi (?:kac|nedir)\b.*\b(?:kanun|yasa|yonetmelik|karar)|\b(?:kanun|yasa)\w* (?:numarasi|sayisi)\b"
)

#: "kaç ziyaretçi", "how many beds": a count of a noun (folded question).
_COUNTS_A_NOUN = re.compile(r"\b(?:kac|how many)\s+(?!tir\b|dir\b)[^\W\d_]{2,}")
#: Words that make a count question ask for a share after all ("yüzde kaç", "kaç puan
#: oranında", "kaçı", "payı").
_ASKS_SHARE = re.compile(r"\b(?:yuzde|oran\w*|pay\w*|kaci\w*|percent\w*|share)\b|%")
#: A question asking how many of a whole ("enstitülerinden kaçı", "ne kadarı", "how many of"),
#: which a part written as one answers ("42’si").
_ASKS_PART = re.compile(r"\b(?:kaci(?!nc)\w*|ne kadari\w*|how many of)\b")
#: The prior a part ("42’si") gains for a question asking how many of a whole.
PART_PRIOR = 1.5
#: A question of how much an amount changed or what share it is ("ne kadarını"), which a
#: percent answers.
_ASKS_CHANGE_OR_SHARE = re.compile(
    rf"{_ASKS_SHARE.pattern}|\bne kadari\w*|\b(?:art|buyu|azal|yuksel|dus|geril|degis)\w*|\b(?:grow|increase|rise|fall|drop)\w*"
)


@lru_cache(maxsize=256)
def _times_asked(question: str) -> tuple[tuple[Value, ...], bool]:
    """The years a question names, and whether it asks of the present (read once per question,
    not once per candidate sentence)."""
    years = tuple(v for v in extract_values(question) if v.kind in ("year", "date"))
    return years, not years and speaks_of_now(question)


#: How much a number's noun matching an asked word other than the counted head counts: in
#: "İSEK'in kaç firma üyesi var", "187 firma" counts the asked firms, "2 kamu üyesi"
#: only says members; in "kaç şirket faaliyette", "araştırmacı faaliyet gösteriyor" says
#: the verb, not the firms.
OTHER_WORD_FIT = 0.5


def _count_fit(unit: tuple[str, ...], counted: list[str], main: list[str], head: str | None) -> float:
    """How well a number's noun matches what a count question counts: the ``main`` words
    (its head noun, the question's acronyms, the English noun's Turkish words) in full,
    its other ``counted`` words at :data:`OTHER_WORD_FIT` (all in full without a head)."""
    if not head:
        return unit_match(unit, [*counted, *main])
    others = [w for w in counted if stem(w) != head]
    return max(unit_match(unit, main), OTHER_WORD_FIT * unit_match(unit, others) if others else 0.0)


def _item_end(sentence: str, start: int) -> int:
    """Where the list item running from ``start`` ends: at its comma (or the sentence's end)."""
    comma = sentence.find(",", start)
    return comma if comma >= 0 else len(sentence)


#: What a date question loses for a year that begins or ends a period ("2004-2022").
RANGE_END_PRIOR = 0.5
#: What it loses for a document's date ("8 Ekim 1987 tarihli … kararı").
DOCUMENT_DATE_PRIOR = 0.5
#: What it gains for a year a participle ties to the name asked about ("2003 yılında kurulan X").
DATED_NAME_PRIOR = 0.5
#: A question asking for a period, which a range answers ("hangi yıllar arasında").
_ASKS_PERIOD = re.compile(r"\b(?:arasinda|yillar|donem\w*|surec\w*|between|period)\b")
_RANGE_AFTER = re.compile(r"\s?[-–—]\s?\d{4}\b")
_RANGE_BEFORE = re.compile(r"\b\d{4}\s?[-–—]\s?$")
#: After a year: its time word, then a participle ("2003 yılında kurulan").
_YEAR_PARTICIPLE = re.compile(
    r"^(?:[’'][a-zçğıöşü]+)?\s+(?:yılında\s+|tarihinde\s+)?([^\W\d_]{3,}[ae]n)\s+", re.IGNORECASE
)


def _in_range(sentence: str, value: Value) -> bool:
    """Whether a year is one end of a written period ("2004-2022")."""
    return bool(_RANGE_AFTER.match(sentence, value.end) or _RANGE_BEFORE.search(sentence[: value.start]))


def _dated_name(sentence: str, value: Value, query: Query) -> bool | None:
    """For a year followed by a participle of the question's predicate and names ("2003
    yılında kurulan Hacettepe Üniversitesi …, İTÜ Arı Teknokent …"): whether one of those
    names, up to the clause's next lower-case word, is the one the question asks about.
    None when no such participle and name follow."""
    m = _YEAR_PARTICIPLE.match(sentence[value.end :])
    if not m or not query.names:
        return None
    said = tokenize(m.group(1))
    if not said or said[0] not in set(query.predicate):
        return None
    rest = sentence[value.end + m.end() :]
    if not rest[:1].isupper():
        return None
    listed = re.split(r"\s(?=[a-zçğıöşü])", rest, maxsplit=1)[0]
    for item in re.split(r",|\s+ve\s+", listed):
        following = tokenize(item)
        # The name must start the item ("2003 yılında kurulan Hacettepe Üniversitesi Teknoloji
        # Geliştirme Bölgesi" is not İzmir's zone, though most of its words are the question's).
        if following and any(
            following[0] in name and len(name & set(following)) >= max(1, round(0.75 * len(name)))
            for name in query.names
        ):
            return True
    return False


def candidates(sentence: str, query: Query) -> list[Candidate]:
    """Possible answer spans of the query's type in ``sentence``, with a prior each."""
    qtype = query.qtype
    folded_question = fold(query.text)
    out: list[Candidate] = []
    if qtype in (QUANTITY, PERCENT, DATE):
        kinds = {QUANTITY: ("number", "percent"), PERCENT: ("percent",), DATE: ("date", "year")}[qtype]
        asks_number_of_law = qtype == QUANTITY and bool(_ASKS_IDENTIFIER.search(folded_question))
        if qtype == QUANTITY and re.search(r"\bkacinci\b", folded_question):
            kinds = ("ordinal",)  # "kaçıncı proje" asks which in a row: "3. KOBİ projesi"
        elif asks_number_of_law:
            kinds = ("identifier",)  # "kanun kaç sayılı" asks for its number: "4691 sayılı … Kanunu"
        elif qtype == QUANTITY and _COUNTS_A_NOUN.search(folded_question) and not _ASKS_SHARE.search(folded_question):
            kinds = ("number",)  # "kaç ziyaretçi" asks for a count: "ziyaretçilerin %41’i" is a share
        # The asked words, and the initials of their runs: "kaç teknoloji transfer
        # ofisi" is answered by "12 adet TTO".
        # In "… kaç X VERB", what is counted is X or what the verb says X does; the words
        # before "kaç" name whom it is about and where ("MLK üyesi Ar-Ge merkezlerinde
        # kaç kişi çalışıyor" is not answered by "35 Ar-Ge merkezi").
        after_kac = re.split(r"\bkac\b", folded_question, maxsplit=1)
        counted = list(query.asked)
        if len(after_kac) == 2 and query.head and query.head in after_kac[1]:
            said_after = set(content_words(after_kac[1]))
            counted = [w for w in query.asked if w in said_after]
        initials = acronyms(query.text)
        asked = [*counted, *([query.head] if query.head else []), *initials]
        # "kaç girişim sermayesi şirketi": the words before the counted noun narrow it
        # down; a number of all firms ("2.700 firma") does not count the narrower set.
        after_words = content_words(after_kac[1]) if len(after_kac) == 2 else []
        # "firmaların cirosu ne kadar": the asked words that are measured nouns (cirosu).
        measured_words = [w for w in query.asked if asked_measures([w])] if query.measures else []
        sentence_words = content_words(sentence) if query.head or measured_words else []
        # A sum of money must be the asked noun's: the sentence says "ihracat" or "gelir"
        # somewhere, or its budget is no answer to "ihracat geliri ne kadar".
        money_of_asked = query.measures != {"money"} or any(
            unit_match((w,), measured_words) > 0 for w in sentence_words
        )
        counted_in_english = _english_counted_nouns(query.text) if query.english and qtype == QUANTITY else ()
        asked += counted_in_english
        head_words = [w for w in counted if stem(w) == query.head] or ([query.head] if query.head else [])
        main_counted = [*head_words, *initials, *counted_in_english]
        asks_target = asks_plan(query.text)
        question_words = content_words(folded_question)
        sentence_values = extract_values(sentence)
        # Of a count given at several times ("2018’de 27 iken 2023’te 58’e"), the one of the
        # year the question names, or for a question of the present not an earlier one.
        asked_years, now = _times_asked(query.text)
        dated = {id(v): y for v in sentence_values if (y := dated_by(sentence, v, sentence_values)) is not None}
        latest = max((y.value for y in dated.values()), default=None)
        # "… kurulduğunda kaç üyesi vardı?": a count at the founding, which a sentence that
        # says nothing of a founding does not give.
        founding_untold = qtype == QUANTITY and asks_at_founding(query.text) and not tells_founding(sentence)
        event_date = qtype == DATE and not re.search(r"\bitibar", folded_question)
        asks_span = qtype == DATE and bool(_ASKS_PERIOD.search(folded_question))
        asks_part = qtype == QUANTITY and bool(_ASKS_PART.search(folded_question))
        asks_increment = bool(re.search(r"\b(?:daha|more|additional)\b", folded_question))
        list_owner: tuple[tuple[str, ...], int] | None = None  # a list of shares' whole, and where its item ends
        for v in sentence_values:
            core = re.escape(fold(without_suffix(v.text)))
            if v.kind not in kinds or re.search(rf"(?<!\w){core}(?!\w)", folded_question):
                continue  # a value the question itself states ("2021 yılında ...") is not its answer
            if event_date and as_of(sentence, v):
                continue  # "2023 itibarıyla 23 girişim": the year of a state, not when something happened
            if qtype == DATE and not asks_target and planned(sentence[v.end :]):
                continue  # "2030 yılına kadar … hedeflenmektedir": a deadline, not when something happened
            if asks_number_of_law:
                out.append(Candidate(v.start, v.end, 0.0, True))
                continue
            prior = 0.5 if v.kind == "date" else 0.0
            if qtype == DATE and not asks_span:
                if _in_range(sentence, v):
                    # "2004-2022 yılları arasında 79 adet Teknokent daha kurulmuştur": an end
                    # of a period is not the year something happened (the twelfth trial's
                    # Hacettepe zone, "2003 yılında kurulan", got 2022).
                    prior -= RANGE_END_PRIOR
                if dates_document(sentence, v) and not re.search(r"\btarihli", folded_question):
                    # "Kuruluşu 8 Ekim 1987 tarihli … kararlarına dayanan Teknopark İstanbul; …
                    # 4 Mayıs 2010 tarihinde resmi olarak kurularak": a date "tarihli" is a
                    # document's (a decision, a law), not when the thing asked about happened.
                    prior -= DOCUMENT_DATE_PRIOR
                dates = _dated_name(sentence, v, query)
                if dates is not None:
                    # "2003 yılında kurulan Hacettepe Üniversitesi …": the participle after the
                    # year ties it to the name right after it, the one asked about or another.
                    prior += DATED_NAME_PRIOR if dates else -DATED_NAME_PRIOR
            end = _extend_quantity(sentence, v.end) if qtype == QUANTITY else v.end
            year = dated.get(id(v))
            if year is not None and qtype != DATE:
                if any(relation(year, y) == ESTABLISHED for y in asked_years):
                    prior += 1.0
                elif now and latest is not None and year.value < latest:
                    prior -= 1.0  # an earlier count than the sentence's latest
            counts = True
            if qtype == QUANTITY:
                # The number that counts the thing asked about ("kaç üretici" → "420 üretici").
                # A "kaç X" question needs a number counting X (or what the question says
                # X does: "kaç kişi çalışıyor" → "65.000 çalışanı"); "ne kadar" asks for a
                # measure (below).
                fit = _count_fit(v.unit, counted, main_counted, query.head)
                # "nüfusu 52.000 kişi": the asked noun may stand right before the number, in
                # its possessive form (not "Kümede 7 proje", where it only says where).
                # ("ihracat geliri ise 1,7 milyar": past the topic particle.)
                before = re.search(r"(?:([^\W\d_]+)\s+)?([^\W\d_]+)\s+(?:ise\s+)?$", sentence[: v.start])
                # Or the whole a part of which the number is: "bölgelerin 30’u", "180 üyeden 35’i".
                partitive = bool(re.search(r"[’'](?:s?[ıiuü])$", v.text))
                if partitive and asks_part:
                    # "enstitülerinden kaçı şirketlere ait": a part ("42’si özel sektöre ait"),
                    # not the whole it is of ("94 adet araştırma enstitüsü"), answers.
                    prior += PART_PRIOR
                owner_ending = r"[ıiuü]n?$|[dt][ae]n$" if partitive else r"[ıiuü]$"
                owner = (
                    (fold(before.group(2)),) if before and re.search(owner_ending, tr_lower(before.group(2))) else ()
                )
                if (
                    partitive
                    and not owner
                    and list_owner
                    and re.fullmatch(r",\s*(?:[^\W\d_]+\s+)?", sentence[list_owner[1] : v.start])
                ):
                    # "şirketlerin %50’si yazılım, %20’si elektronik, %6’sı medikal": the
                    # whole is written before the list's first share only, and is every
                    # share's (the eighth trial's medical share got the first one, %50).
                    owner = list_owner[0]
                if partitive and owner:
                    list_owner = (owner, _item_end(sentence, v.end))
                if owner and not _other_compound(before.group(1) if before else None, owner[0], query):
                    nouns = [query.head] if query.head else list(query.asked)
                    fit = max(fit, 0.8 * unit_match(owner, nouns, inflected=partitive))
                prior += 2.0 * fit
                if query.english:
                    # English words are not the document's: held to the counted noun only
                    # when the question's noun is one whose Turkish words are known, and to
                    # the dimension asked ("how much turnover" → money).
                    if counted_in_english:
                        counts = fit > 0
                    else:
                        counts = (
                            not query.measures or v.kind == "percent" or value_measure(sentence, v) in query.measures
                        )
                elif query.head:
                    # "6 dönümlük 48 parselden": a number of a measure (dönüm) measures, it
                    # does not count the parcels named after it.
                    of_a_measure = bool(v.unit) and measure_of(v.unit[0]) is not None
                    counts = (
                        fit > 0
                        and _modifiers_said(v.unit, after_words, sentence_words)
                        and not _narrowed(v.unit, asked, question_words, sentence[v.end : v.end + 80])
                        and (
                            not of_a_measure
                            or measure_of(query.head) is not None
                            or unit_match(v.unit[:1], [query.head]) > 0
                        )
                    )
                elif query.measures and v.kind != "percent":
                    # "firmaların cirosu ne kadar": an amount of the dimension asked (money),
                    # or a number of the measured noun itself, not "87 firma" nor "350 dönümlük".
                    counts = (value_measure(sentence, v) in query.measures and money_of_asked) or unit_match(
                        v.unit + owner, measured_words
                    ) > 0
                elif query.measures and not _ASKS_CHANGE_OR_SHARE.search(folded_question):
                    # "ihracatı ne kadar": a share ("yüzde 92’yi bulan doluluk") is no amount of
                    # money; "ne kadar arttı" or "payı ne kadar" asks for one.
                    counts = False
                else:
                    # "ne kadar ihracat": a measure (money, area, people, time) or the asked
                    # noun itself, not a count of some other thing ("dokuz adet proje").
                    counts = fit > 0 or not v.unit or measure_of(v.unit[0]) is not None or v.kind == "ordinal"
            if qtype == QUANTITY and v.kind == "number" and not asks_increment and _INCREMENT.match(sentence, end):
                # "2004-2022 yılları arasında 79 adet Teknokent daha kurulmuştur": a number
                # added to others, not how many there are (the eighth trial's "kaç
                # teknoloji geliştirme bölgesi var?" got 79 of 92).
                prior -= 1.0
            if founding_untold:
                counts = False
            if counts and qtype != DATE and not asks_target and planned(sentence[v.end :]):
                # "300 işletmenin yer alması planlandı" is a target: it does not say how
                # many there are, unless the question asks for the target.
                counts = False
            out.append(Candidate(v.start, end, prior, counts))
        if qtype == DATE:
            # Centuries: "13. yüzyılda", "XVIII. asırdan".
            out += [Candidate(m.start(), m.end(), 0.5) for m in _CENTURY.finditer(sentence)]
    elif qtype in (PERSON, PLACE, ENTITY):
        question_stems = set(tokenize(query.text))
        # "rektörü kimdir": the one holding the asked office, so the sentence must name
        # the office (any name in a sentence without it is somebody else's).
        roles = roles_asked(query) if qtype == PERSON else []
        # ("Başkanlığı", "Müdürlüğü": the office as an institution, not its holder.)
        holds_role = not roles or any(
            w.startswith(r) and not w[len(r) :].startswith(("lig", "lik", "luk", "lug"))
            for w in content_words(sentence)
            for r in roles
        )
        holds_role = holds_role and not (roles and another_time_holder(query.text, sentence, roles))
        found_names = _after_partitives(names_in(sentence))
        # "Harvard’lı hoca" → "Harvard Üniversitesi Profesörlerinden Porter": a member of
        # the group the question names.
        members = {
            n.start
            for n in found_names
            for run in found_names
            if run.start < n.start and n.end == run.end and run.stems & query.name_stems
        }
        subjects = [n for n in found_names if n.stems & query.name_stems]
        # "Çin Bilimler Akademisi, Peking ve Tsinghua Üniversiteleri bu bölgede yer alıyor":
        # a sentence whose place is the subject itself, referred back to, says what is in
        # the subject, not where it is (the eighth trial's "Zhongguancun nerede?").
        # So does one placing things where the subject is ("Zhongguancun ekosisteminin
        # bulunduğu alanda … firmaların ofisleri").
        places_in_subject = (
            qtype == PLACE
            and bool(query.names)
            and (
                (not subjects and bool(_IN_THIS_PLACE.search(sentence)))
                or any(
                    (tokens := tokenize(m.group(0)))
                    and tokens[0] in query.name_stems
                    and _WHERE_IT_IS.match(sentence[m.end() :])
                    for m in re.finditer(r"\w+", sentence)
                )
            )
        )
        for name in found_names:
            if name.stems <= question_stems or name.stems & query.name_stems:
                titled = _after_title(name, query) if qtype != ENTITY else None
                if titled is not None:
                    # "Türkiye'nin başkenti neresidir?" → "Başkent Ankara’nın": the question
                    # asks the title, the sentence gives its holder after it (the tenth
                    # trial's headline was "OSTİM", the only other name).
                    out.append(Candidate(titled.start, titled.end, 1.0, holds_role and not places_in_subject))
                continue  # the question's own subject (or its acronym), not its answer
            if any(_PARTITIVE_WORD.fullmatch(w) for w in name.text.split()[:-1]):
                continue  # a group and its member in one run: each answers on its own
            if _listed_with(sentence, name, subjects):
                continue  # "HP, Google, Intel ve You Tube’nin kurucuları": a sibling of the subject
            if qtype == PERSON and not _AGENT.match(sentence[name.end :]) and organisation(name.text):
                continue  # "kim" asks for a person unless an organisation acted ("X tarafından")
            if (
                qtype == PLACE
                and _ASKS_SETTLEMENT.search(folded_question)
                and _of_an_organisation(sentence, name)
                and not _LOCATIVE.match(sentence[name.end :])
            ):
                continue  # "hangi şehirde": "… Organize Sanayi Bölgesi" is no city, unless something is in it
            if qtype == PERSON and _LOCATIVE.match(sentence[name.end :]):
                continue  # "Türkiye’de": a place, not who
            after = sentence[name.end :]
            prior = 0.0
            if query.head and any(common_prefix(fold(w), query.head) >= 5 for w in name.text.split()):
                prior += 1.0  # "hangi üniversite" → "Ege Üniversitesi"
            if qtype == PLACE and _LOCATIVE.match(after):
                located = _PLACES_ANOTHER.match(after)
                if (
                    located is not None
                    and tokenize(located.group(1))[0] not in query.name_keys
                    and not _within(after[located.end() :])
                ):
                    # "ABD’de bulunan Silikon Vadisinden esinlenerek … Gıda Vadisi": the
                    # place of another name the sentence goes on to (another first word
                    # than the subject's), not the subject's.
                    continue
                prior += 1.0
            if qtype == PERSON and (_AGENT.match(after) or _TITLE_BEFORE.search(sentence[: name.start])):
                prior += 1.0
            if name.start in members:
                prior += 1.0
            out.append(Candidate(name.start, name.end, prior, holds_role and not places_in_subject))
        if qtype == ENTITY:
            out += _items_of(sentence, subjects)
    return out


def _after_title(name: Name, query: Query) -> Name | None:
    """The words of ``name`` after its first word, when that word is one the question asks
    about in lower case ("başkenti", "rektörü": a title, not a name it writes) and the rest
    is no word of the question: "Başkent Ankara", "Rektör Ayşe Kaya"."""
    words = name.text.split()
    if len(words) < 2:
        return None
    title = tokenize(words[0])[:1]
    if not title or title[0] not in query.name_stems:
        return None
    asked_in_lower = any(w[:1].islower() and tokenize(w)[:1] == title for w in query.text.split())
    rest_start = name.text.index(words[1])
    rest = name.text[rest_start:]
    stems = frozenset(tokenize(rest)) - MONTH_STEMS
    if not asked_in_lower or not stems or stems & (query.name_stems | set(query.tokens)):
        return None
    return Name(name.start + rest_start, name.end, rest, stems)


#: A list item led by a place: "Konya’da otomotiv yan sanayi;" (the place, its case, the item).
_PLACE_ITEM = re.compile(r"[’'](?:n?[dt][ae])\s+([a-zçğıöşü][^;,.:]{2,80}?)\s*(?=[;,.:]|\s+ve\s+[A-ZÇĞİÖŞÜ])")
#: The prior of the item a subject leads in such a list.
ITEM_PRIOR = 1.0


def _items_of(sentence: str, subjects: list[Name]) -> list[Candidate]:
    """In a list of items each led by a place ("Ankara’da yazılım ve makine; Konya’da otomotiv
    yan sanayi; Muğla’da yat üretimi; …"), the item the question's subject leads: what
    "Konya hangi sektörde …" asks is no name, and every name of the sentence is another
    item's place (the tenth trial had marked "Marmara", the list's last)."""
    items = list(_PLACE_ITEM.finditer(sentence))
    if len(items) < 2:
        return []
    out = []
    for subject in subjects:
        item = _PLACE_ITEM.match(sentence, subject.end)
        if item is not None:
            out.append(Candidate(item.start(1), item.end(1), ITEM_PRIOR))
    return out


#: What follows a name to say "where it is": "(Zhongguancun) ekosisteminin bulunduğu alanda",
#: "(OSTİM)’in yer aldığı bölgede".
_WHERE_IT_IS = re.compile(
    r"(?:[’']\w+)?(?:\s+\w+?n?[ıiuü]n)?\s+(?:bulundu|yer\s+aldı|yer\s+aldi|konumland)\w*\s+\w+?n?[dt][ae]\b"
)
#: A place referred back to: "bu bölgede", "söz konusu kentte", "burada".
_IN_THIS_PLACE = re.compile(r"\b(?:[Bb]u|[Şş]u|söz konusu)\s+\w+?n?[dt][ae](?:ki)?\b|\b[Bb]urada(?:ki)?\b")


#: A question asking for a settlement or a country ("hangi şehirde", "hangi ülkede"), which an
#: organisation's name does not answer.
_ASKS_SETTLEMENT = re.compile(r"\bhangi (?:sehir|ulke|il|ilce|kent|kasaba|koy)\w*|\bwhich (?:city|country|town)\b")


def _of_an_organisation(sentence: str, name: Name) -> bool:
    """Whether ``name`` names an organisation: its last word is a kind ("… Bölgesi") or the
    next word is ("Kırıkkale Silah İhtisas" before "OSB", split off as an acronym)."""
    after = re.match(r"\s+(\S+)", sentence[name.end :])
    words = [name.text.split()[-1], *([after.group(1).rstrip(".,;:")] if after else [])]
    return any(ORGANISATION_HEADS.search(tr_lower(w)) for w in words)


#: A word naming a group a member is taken from: "Profesörlerinden", "Kurucularından".
_PARTITIVE_WORD = re.compile(r"\w+(?:ler|lar)[ıiuü]n(?:den|dan)$", re.IGNORECASE)


def _other_compound(modifier: str | None, owner: str, query: Query) -> bool:
    """Whether the noun before a number is another compound than the asked one: "Ar-Ge
    geliri 20 milyar TL" is no "ihracat geliri" (the question's word before "geliri" is
    "ihracat", the sentence's "Ge"). Only when the question says the noun with a word of
    its own before it, and that word is not the sentence's."""
    words = content_words(query.text)
    for i, word in enumerate(words[1:], 1):
        if unit_match((owner,), [word]) > 0 and words[i - 1] in query.asked:
            return modifier is None or unit_match((fold(modifier),), [words[i - 1]]) == 0
    return False


def _within(rest: str) -> bool:
    """Whether ``rest``, the text after a name a place locates, puts the subject inside that name."""
    return bool(_LOCATIVE.match(rest) or _INSIDE.match(rest))


def _after_partitives(names: list[Name]) -> list[Name]:
    """Names, with the member and its group split off a capitalised run that names the
    group first: "Harvard Üniversitesi Profesörlerinden Porter" is Porter, one of
    Harvard's professors, and Harvard Üniversitesi, each a name of its own beside the
    run (so "Porter hangi üniversitede?" finds the university, though the run holds Porter)."""
    out: list[Name] = []
    for name in names:
        out.append(name)
        words = list(re.finditer(r"\S+", name.text))
        for i, word in enumerate(words[:-1]):
            if _PARTITIVE_WORD.fullmatch(word.group(0)):
                start = name.start + words[i + 1].start()
                text = name.text[words[i + 1].start() :]
                stems = frozenset(tokenize(text))
                if stems:
                    out.append(Name(start, start + len(text), text, stems))
                group = name.text[: words[i - 1].end()] if i else ""
                if stems and group and (group_stems := frozenset(tokenize(group))):
                    out.append(Name(name.start, name.start + len(group), group, group_stems))
                break
    return out


#: A genitive after a name's apostrophe ("You Tube’nin"): the name owns what follows.
_OWNER_AFTER = re.compile(r"[’'](?:n[ıiuü]n|[ıiuü]n)\b")


#: More names listed after one (", Sun, Intel ve You Tube"), up to the list's last name.
_MORE_LISTED = re.compile(rf"(?:(?:\s*,\s*|\s+(?:ve|veya)\s+){CAP}(?:\s+{CAP})*)*")


def _listed_with(sentence: str, name: Name, subjects: list[Name]) -> bool:
    """Whether ``name`` is listed beside one of ``subjects`` as one of the owners of what
    follows ("HP, Google, Sun, Intel ve You Tube’nin kurucuları"): only names, commas and
    "ve / veya" between them, and the list's last name in the genitive. (A name joined
    to the subject otherwise, "Çankaya Üniversitesi ile Ostim OSB", "Hewlett-Packard ve
    Varian Brothers, ilk kiracılar", may well be the answer.)"""
    for subject in subjects:
        left, right = (name, subject) if name.end <= subject.start else (subject, name)
        rest = _MORE_LISTED.match(sentence, right.end)
        if left.end > right.start or not _OWNER_AFTER.match(sentence, rest.end() if rest else right.end):
            continue
        between = sentence[left.end : right.start]
        # The names in between are themselves listed: drop them, then only joiners remain.
        between = re.sub(rf"{CAP}(?:\s+{CAP})*", " ", re.sub(r"[’'][^\W\d_]+", "", between))
        if re.fullmatch(r"(?:\s|,|\bve\b|\bveya\b)*", between) and between.strip():
            return True
    return False


def _support(
    sentence: str, candidate: Candidate, query: Query, weight: Callable[[str], float], names_from: int = 0
) -> float:
    """IDF-weighted nearness of the question's words to ``candidate`` (distinct stems, nearest occurrence).

    The predicate's words count (``ihracat`` next to ``1.7 milyar dolar``), and so do the
    question's names: in a list ("2019 yılında SAHA Akademi’yi, 2020 yılında … MİHENK’i")
    the name asked about marks its item. A name before ``names_from`` (the sentence's first
    candidate) is not counted: it introduces the whole sentence ("Mavi Park’ta … şirketlerin
    %50’si yazılım, %20’si elektronik"), and is often next to another of its values.
    """
    predicate = set(query.predicate) or set(tokenize(query.text))
    stems = tuple(sorted(predicate | query.name_stems))
    best: dict[str, float] = {}
    for start, end, asked in _asked_words_in(sentence, query.text, stems):
        if start < names_from and asked not in predicate:
            continue
        if candidate.start <= start < candidate.end:
            closeness = 1.0  # the counted noun or a word of the name itself
        else:
            distance = candidate.start - end if end <= candidate.start else start - candidate.end
            closeness = max(0.0, 1.0 - max(distance, 0) / SPAN_WINDOW)
            between = sentence[end : candidate.start] if end <= candidate.start else sentence[candidate.end : start]
            if _ITEM_BREAK.search(between):
                # "ihracatta 2 milyar dolar, ciroda 9 milyar dolar": a listed item's word
                # belongs to its own clause, so across a comma (or "ve") it counts half.
                closeness *= 0.5
                if query.qtype == DATE and end <= candidate.start:
                    # A Turkish clause puts its time first and the event after it: "2020
                    # yılında … MİHENK’i ve 2021 yılında SAHA GİRİŞİM’i kurdu" — a word
                    # before a date across a break is the previous date's.
                    closeness *= EARLIER_ITEM_DATE
        best[asked] = max(best.get(asked, 0.0), closeness)
    total = sum(weight(t) for t in stems) or 1.0
    return sum(weight(t) * c for t, c in best.items()) / total


#: What a word before a date, across an item break, still counts for it (on top of the half).
EARLIER_ITEM_DATE = 0.5

#: What ends a listed item between a word and a candidate: a comma, a semicolon, "ve".
_ITEM_BREAK = re.compile(r"[,;]|\bve\b")


@lru_cache(maxsize=4096)
def _asked_words_in(sentence: str, question: str, stems: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, asked stem)`` of each word of ``sentence`` saying one of the asked
    ``stems``: the stem itself, the asked word in another form ("cirosu" / "ciroda": one
    root, two prefix stems) or a general synonym ("dış satım" is the "ihracat" beside a
    sum). Cached: every candidate of a sentence is weighed against the same words."""
    asked_words = [w for w in content_words(question) if stem(w) in stems]
    out = []
    for m in re.finditer(r"\w+", sentence):
        tokens = tokenize(m.group(0))
        if not tokens:
            continue
        asked = tokens[0] if tokens[0] in stems else None
        if asked is None and not tokens[0][0].isdigit():
            word = fold(m.group(0))
            asked = next((stem(w) for w in asked_words if unit_match((word,), [w]) > 0), None)
        if asked is not None:
            out.append((m.start(), m.end(), asked))
    return tuple(out)


def best_candidate(
    sentence: str, query: Query, weight: Callable[[str], float] | None = None
) -> tuple[Candidate, float] | None:
    """The candidate with the highest prior plus support from nearby question words, with that score."""
    weight = weight or (lambda _token: 1.0)
    # A number that does not count the asked noun is no answer to a ``kaç`` question
    # (nor to "how many" when the English noun's Turkish words are known).
    found = [c for c in candidates(sentence, query) if c.counts]
    if not found:
        return None
    first = min(c.start for c in found)
    scored = [(c, c.prior + 2.0 * _support(sentence, c, query, weight, first)) for c in found]
    return max(scored, key=lambda item: (item[1], -item[0].start))


def find_span(sentence: str, query: Query, weight: Callable[[str], float] | None = None) -> tuple[int, str]:
    """``(start, span)``: the shortest substring of ``sentence`` that answers; the sentence if none."""
    best = best_candidate(sentence, query, weight)
    if best is None:
        return 0, sentence
    candidate = best[0]
    return candidate.start, sentence[candidate.start : candidate.end]


#: "daha" right after a counted noun: a number added to others ("79 adet Teknokent daha").
_INCREMENT = re.compile(r"\s+daha\b", re.IGNORECASE)

#: Words after a number that are not what it counts: "58’e yükselmiştir", "27 iken", "6 olan".
_NOT_A_NOUN = re.compile(rf"(?:{CHANGE_STEMS}|olan|olup|art[ai]|artmis)")


#: The head of a noun compound, folded: a noun with the compound's possessive ending, then
#: perhaps a case ("merkezi", "projesinde", "personelinin").
_COMPOUND_HEAD = re.compile(r"[a-z]{3,}?s?[iu](?:n?[dt][ae]n?|n?[iu]n|y?[ie]|n?[ae])?")


#: "kendi", "kendisi": a pronoun ending like a compound's head ("4 milyar USD kendi yatırım fonu").
_PRONOUN = re.compile(r"kendi")


def _is_head(word: str) -> bool:
    """Whether a word (as written) can be a compound's head ("merkezi", "Bölgesi"), not "kendi"."""
    folded = fold(word)
    return bool(_COMPOUND_HEAD.fullmatch(folded)) and not _PRONOUN.match(folded)


def _extend_quantity(sentence: str, end: int) -> int:
    """Extend a number over its bound phrase and the noun it counts: ``4.500’den fazla firma``."""
    bound = _BOUND_WORDS.match(sentence, end)
    if bound:
        end = bound.end()
    noun = re.match(r"\s+(?:adet\s+|tane\s+)?[^\W\d_]+(?:-[^\W\d_]+)*(?:[23](?![\d.,]\d))?", sentence[end:])
    if noun and not _NOT_A_NOUN.match(fold(noun.group(0).strip())):
        end += noun.end()
        if noun.group(0).split()[-1][:1].isupper():
            # "93 adet Teknoloji Geliştirme Bölgesi": a name's words up to its head.
            run = re.match(r"(?:\s+[A-ZÇĞİÖŞÜ][^\W\d_]*(?:-[^\W\d_]+)*){1,3}", sentence[end:])
            heads = [m.end() for m in re.finditer(r"\s+([^\s]+)", run.group(0) if run else "") if _is_head(m.group(1))]
            if heads:
                return end + heads[-1]
            # "45 Ar-Ge merkezi", "12 KOBİ projesi": a name qualifying the counted noun after it.
            head = re.match(r"\s+[a-zçğıöşü]+", sentence[end:])
            if head and _is_head(head.group(0).strip()):
                end += head.end()
    return end
