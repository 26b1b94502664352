"""Values in Turkish text: numbers, percentages, years, dates, with their bounds.

Used to cut the answer span out of a sentence (``kaç`` wants a number, ``ne zaman``
a date) and to compare a claim with its evidence. Turkish conventions handled:

* ``.`` groups thousands and ``,`` marks decimals: ``6.500`` is 6500, ``1,7`` is 1.7.
  A dot followed by one or two digits is read as a decimal point (``1.22 milyar``,
  ``5.4 milyon``), as Turkish texts written on English keyboards do.
* Scale words: ``bin``, ``milyon``, ``milyar``, ``trilyon`` (``39 bin``, ``2 bin 800``).
* Written numbers: ``dört``, ``on beş``, ``yedi milyon``.
* Percentages: ``%50``, ``% 50``, ``yüzde 50``.
* Years, decades and dates: ``2004``, ``1990’lı yıllar``, ``4 Mayıs 2010``, ``15.04.2000``.
* Bounds: ``800’den fazla``, ``300’ü aşkın``, ``39 binin üzerinde`` (more than),
  ``300’e yakın`` (just under), ``yaklaşık``/``civarında`` (about), ``en az 15``
  (at least), ``en fazla`` (at most).

A bounded value is an *interval*, and claims are compared with their source as
intervals (:func:`relation`): the source *establishes* a claim when every value the
source allows is one the claim allows (``4.500’den fazla`` establishes ``4.000'den
fazla``), *contradicts* it when no value fits both (``3.000``), and otherwise leaves it
open (``6.000'den fazla`` or ``5.000`` against ``4.500’den fazla``: possible, not shown).
Two limits of one kind (``en fazla 24 ay`` against ``en fazla 36 ay``) state a rule, and
another limit misstates it: they are disjoint even where one interval holds the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import APOSTROPHES, fold, strip_diacritics, tr_lower

EQ, GT, GE, LT, LE, APPROX, DECADE = "eq", "gt", "ge", "lt", "le", "approx", "decade"
#: "tam olarak 470": a point the writer insists on; a rounded source ("500’e yakın")
#: allows it but does not establish it.
EXACT = "exact"

#: Relative tolerance of "yaklaşık"/"yakın": a 10 % band is how loosely such
#: figures are rounded in reports; a claim inside it is not a contradiction.
APPROX_TOLERANCE = 0.10

_UNITS = {
    "sıfır": 0,
    "bir": 1,
    "iki": 2,
    "üç": 3,
    "dört": 4,
    "beş": 5,
    "altı": 6,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
}
_TENS = {
    "on": 10,
    "yirmi": 20,
    "otuz": 30,
    "kırk": 40,
    "elli": 50,
    "altmış": 60,
    "yetmiş": 70,
    "seksen": 80,
    "doksan": 90,
}
_SCALES = {"yüz": 100, "bin": 1_000, "milyon": 1_000_000, "milyar": 1_000_000_000, "trilyon": 10**12}
_MONTHS = {
    "ocak": 1,
    "şubat": 2,
    "mart": 3,
    "nisan": 4,
    "mayıs": 5,
    "haziran": 6,
    "temmuz": 7,
    "ağustos": 8,
    "eylül": 9,
    "ekim": 10,
    "kasım": 11,
    "aralık": 12,
}
_FOLDED_MONTHS = {fold(k): v for k, v in _MONTHS.items()}
_WORD_NUMBERS = {fold(k): v for k, v in {**_UNITS, **_TENS}.items()}
_FOLDED_SCALES = {fold(k): v for k, v in _SCALES.items()}

_A = f"[{APOSTROPHES}]"
_SUFFIX = rf"(?:{_A}?[a-zçğıöşüâîû]+)?"
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d{1,2}(?!\d)|\d+"
_WORDNUM = r"(?:" + "|".join(sorted({*_UNITS, *_TENS, "yüz"}, key=len, reverse=True)) + r")"
#: A scale word, with an ending only in its own vowel harmony: "5 bina" and "bir bina" are
#: buildings, not thousands ("bine", "bini", "milyona", "milyarı" are the scale's).
#: (Case-sensitive lookaheads: under IGNORECASE "ı" and "i" match each other.)
_SCALE = (
    r"(?:trilyon(?!(?-i:[eiöüEİÖÜ]))|milyar(?!(?-i:[eiöüEİÖÜ]))|milyon(?!(?-i:[eiöüEİÖÜ]))"
    r"|bin(?!(?-i:[aıouAIOU]))|yüz(?!(?-i:[aıouAIOU])))"
)

#: A scale word standing alone with a case ending ("bini aşkın", "milyonu geçti",
#: "binden fazla"): one thousand, one million. Only with these endings: "bina" is a building.
_LONE_SCALE = r"(?:bin(?=(?:i|e|in|den)\b)|milyon(?=(?:u|a|un|dan)\b)|milyar(?=(?:ı|a|ın|dan)\b))"

#: Plural "many" numbers: onlarca (tens), yüzlerce (hundreds), binlerce, milyonlarca.
_VAGUE = {"on": 10, "yuz": 100, "bin": 1_000, "milyon": 1_000_000, "milyar": 1_000_000_000}
_VAGUE_RE = re.compile(r"(?<!\w)(?P<scale>on|yüz|bin|milyon|milyar)(?:larca|lerce)\b", re.IGNORECASE)

_NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?P<num>(?:{_DIGITS})(?:\s+{_SCALE}(?:\s+\d+)?)?|{_WORDNUM}(?:\s+(?:{_WORDNUM}|{_SCALE}))*|{_LONE_SCALE})"
    rf"(?P<suffix>{_SUFFIX})",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    rf"(?:%\s?(?P<a>\d+(?:[.,]\d+)?)|(?:yüzde|yuzde)\s+(?P<b>\d+(?:[.,]\d+)?|{_WORDNUM}(?:\s+{_WORDNUM})?)){_SUFFIX}",
    re.IGNORECASE,
)
_DATE_RE = re.compile(
    rf"(?<![\w.])(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{'|'.join(_MONTHS)})\s+(?P<y>1\d{{3}}|20\d{{2}}){_SUFFIX}"
    rf"|(?<![\w.])(?P<d2>\d{{1,2}})\.(?P<m2>\d{{1,2}})\.(?P<y2>1\d{{3}}|20\d{{2}})(?![\d])",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(rf"(?<![\w.,])(?P<y>1\d{{3}}|20\d{{2}})(?!\d)(?P<suffix>{_SUFFIX})(?![\w.,]\d)", re.IGNORECASE)
#: "1990’lı yıllar", and the plural "1990’larda", "2000’lerin başında": a decade.
_DECADE_SUFFIX = re.compile(rf"^{_A}?(?:lı|li|lu|lü|lar|ler)", re.IGNORECASE)

#: A bound may follow the number directly ("800’den fazla") or its noun in the
#: genitive ("1 milyar doların üzerinde", "300 işletmenin altında").
_GENITIVE = r"(?:\s+[^\W\d_]+(?:[nsy]?[ıiuü]n))?"
#: "2 milyon metrekareyi aşan", "600.000 TEU’yu aşmaktadır": the noun in the accusative
#: before a verb of exceeding.
_ACCUSATIVE = r"(?:\s+[^\W\d_]+(?:[’']y?[ıiuü]|y?[ıiuü]))?"
#: "2 milyar Dolar’dan fazla", "300 firmadan az": the noun in the ablative before a comparison.
_ABLATIVE_NOUN = r"(?:\s+[^\W\d_]+[’']?[dt][ae]n)"
#: The finite forms of the verbs of exceeding ("aştı", "geçmektedir"): they close a clause.
_EXCEEDS_FINITE = r"aşmış|aştı|aşıyor|aşmakta|geçmiş|geçti|geçiyor|geçmekte"
_AFTER_GT = re.compile(
    rf"^(?:{_ABLATIVE_NOUN}?\s*(?:daha\s+)?(?:fazla\w*|çok\b|büyük\w*)"
    rf"|{_GENITIVE}\s*(?:daha\s+)?(?:fazla\w*|çok\b|üzerinde\w*|üzerine\w*|üstünde\w*|üstüne\w*|üstü)"
    rf"|{_ACCUSATIVE}\s*(?:aşkın|aşan\w*|geçen\w*|(?:{_EXCEEDS_FINITE})\w*))\b",
    re.IGNORECASE,
)
_AFTER_NEAR = re.compile(
    rf"^{_GENITIVE}\s*(?:yakın\w*|civarında\w*|civarı|dolaylarında\w*|dolayında\w*)\b", re.IGNORECASE
)
_AFTER_LT = re.compile(
    rf"^(?:{_ABLATIVE_NOUN}?\s*(?:daha\s+)?(?:az|azdır|azdir|küçük\w*)|{_GENITIVE}\s*(?:daha\s+)?(?:az|azdır|azdir|altında\w*))\b",
    re.IGNORECASE,
)
#: "firma sayısı 4.000’den azdır": the counted noun stands before the number.
_COUNT_BEFORE = re.compile(
    r"(?:(?<![\w\-’'])(?:([^\W\d_]{3,})\s+)?([^\W\d_]{3,})\s+)?([^\W\d_]+)\s+(?:sayısı|sayisi|adedi|miktarı|miktari)\w*\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_ABLATIVE = re.compile(r"[’']?[dt][ae]n$")
_BEFORE_GE = re.compile(r"\b(?:en\s+az|asgari|asgarî|minimum)\s*$", re.IGNORECASE)
_BEFORE_LE = re.compile(r"\b(?:en\s+(?:fazla|çok)|azami|azamî|maksimum)\s*$", re.IGNORECASE)
_BEFORE_APPROX = re.compile(
    r"\b(?:yaklaşık|takriben|tahminen|aşağı yukarı|ortalama|kabaca|neredeyse|hemen hemen)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Value:
    """A value found in text; ``text == source[start:end]`` (verbatim)."""

    kind: str  # "number" | "percent" | "year" | "date" | "identifier" ("5827 sayılı") | "ordinal" ("3.")
    # | "rank" ("ilk 100": a band of a ranking, at most the 100th)
    value: float
    bound: str
    start: int
    end: int
    text: str
    #: Folded words that follow the value (``420 üretici ve`` → ``uretici``, ``ve``...),
    #: so that a claim's number is compared with the source's number of the same thing.
    unit: tuple[str, ...] = ()
    #: For dates: (year, month, day), 0 where unknown.
    date: tuple[int, int, int] = (0, 0, 0)


ESTABLISHED, OPEN, DISJOINT = "established", "open", "disjoint"


def interval(value: Value) -> tuple[float, bool, float, bool]:
    """``(low, low_closed, high, high_closed)`` of the quantities a number or percentage allows."""
    v = value.value
    tol = APPROX_TOLERANCE * max(abs(v), 1e-9)
    inf = float("inf")
    return {
        GT: (v, False, inf, False),
        GE: (v, True, inf, False),
        LT: (-inf, False, v, False),
        LE: (-inf, False, v, True),
        APPROX: (v - tol, True, v + tol, True),
    }.get(value.bound, (v, True, v, True))


def _inside(a: tuple[float, bool, float, bool], b: tuple[float, bool, float, bool]) -> bool:
    """Whether interval ``a`` lies inside interval ``b``."""
    lo_ok = a[0] > b[0] or (a[0] == b[0] and (b[1] or not a[1]))
    hi_ok = a[2] < b[2] or (a[2] == b[2] and (b[3] or not a[3]))
    return lo_ok and hi_ok


def _meet(a: tuple[float, bool, float, bool], b: tuple[float, bool, float, bool]) -> bool:
    """Whether intervals ``a`` and ``b`` share a value."""
    lo, lo_closed = max((a[0], a[1]), (b[0], b[1]), key=lambda e: (e[0], not e[1]))
    hi, hi_closed = min((a[2], a[3]), (b[2], b[3]), key=lambda e: (e[0], e[1]))
    return lo < hi or (lo == hi and lo_closed and hi_closed)


def relation(source: Value, claim: Value) -> str:
    """How the source's value bears on the claim's: :data:`ESTABLISHED`, :data:`OPEN` or :data:`DISJOINT`.

    Years and dates: the same time (or a source's year inside the claim's decade)
    is established, another one disjoint; a claim's year inside the source's decade
    is open. Numbers: as intervals (module docstring);
    ``yaklaşık X`` in the source establishes a claim within its tolerance, as
    such figures are rounded.
    """
    if source.kind in ("year", "date") or claim.kind in ("year", "date"):
        if source.bound == DECADE and claim.bound != DECADE and claim.kind in ("year", "date"):
            # A decade in the source ("1990’lı yıllarda") holds the claim's year without
            # saying it: open inside the decade, disjoint outside.
            inside = int(source.value) <= claim.date[0] < int(source.value) + 10
            return OPEN if inside else DISJOINT
        return ESTABLISHED if _same_time(source, claim) else DISJOINT
    if (
        source.bound == claim.bound
        and source.bound in (GE, LE)
        and {source.kind, claim.kind} <= {"number", "percent"}
        and source.value != claim.value
    ):
        # "en fazla 36 ay" against "en fazla 24 ay": both state a limit (a rule, a cap),
        # and a claim that states another limit misstates the rule, though one interval
        # holds the other. (A band of a ranking, "ilk 20" within "ilk 50", is no rule.)
        return DISJOINT
    s, c = interval(source), interval(claim)
    if (
        source.bound == APPROX
        and claim.bound == APPROX
        and abs(source.value - claim.value) > max(s[2] - source.value, c[2] - claim.value)
    ):
        # "ortalama 45 dakika" against "ortalama 55 dakika": two rounded figures whose
        # centres lie outside each other's band say different things, even where the
        # bands touch.
        return DISJOINT
    if (
        source.bound == APPROX
        and claim.bound in (EQ, APPROX)
        and abs(source.value - claim.value) <= s[2] - source.value
    ):
        return ESTABLISHED
    if _inside(s, c):
        return ESTABLISHED
    return OPEN if _meet(s, c) else DISJOINT


def _same_time(source: Value, claim: Value) -> bool:
    if source.bound == DECADE or claim.bound == DECADE:
        decade = source if source.bound == DECADE else claim
        other = claim if decade is source else source
        return int(decade.value) <= other.date[0] < int(decade.value) + 10
    sy, sm, sd = source.date
    cy, cm, cd = claim.date
    if sy != cy:
        return False
    if sm and cm and sm != cm:
        return False
    return not (sd and cd and sd != cd)


def parse_number(text: str) -> float | None:
    """Numeric value of a Turkish number expression (``6.500``, ``1,7 milyar``, ``on beş``)."""
    tokens = text.split()
    if not tokens:
        return None
    total, current = 0.0, 0.0
    seen = False
    for token in tokens:
        low = fold(token)
        if re.fullmatch(r"[\d.,]+", token):
            current += _digits_value(token)
            seen = True
        elif low in _WORD_NUMBERS:
            current += _WORD_NUMBERS[low]
            seen = True
        elif low in _FOLDED_SCALES:
            scale = _FOLDED_SCALES[low]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def _digits_value(raw: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d+", raw):
        return float(raw.replace(",", "."))
    return float(raw)


#: Words that read as a number word plus a suffix but are common words of their own.
_NOT_NUMBERS = frozenset("altinda altina altindan altindaki altini altinin".split())

_NOT_UNITS = frozenset(
    "fazla fazladir askin asmis asti asan asiyor gecmis gecti gecen geciyor uzerinde uzerindeki uzerine ustunde"
    " ustune yakin civarinda dolaylarinda dolayinda daha cok az azdir adet tane kadar ve ile ise olan".split()
)


def _unit_after(text: str, end: int, words: int = 4) -> tuple[str, ...]:
    """Up to ``words`` folded words after ``end`` (bound words and scale words skipped).

    The first is usually the counted noun (``420 üretici``); later ones catch
    ``40 tane yerli ve yabancı firma``.
    """
    out: list[str] = []
    clause = re.split(r"[,;:.!?()]", text[end : end + 80], maxsplit=1)[0]  # the counted noun is in the same clause
    # "2.5 milyon m2 arazi": a unit's power is part of it ("m²" is one word already).
    for word in re.findall(r"[^\W\d_]+(?:[23](?![\d.,]\d))?", clause):
        low = fold(word)
        if low in _NOT_UNITS or low in _FOLDED_SCALES or low in _WORD_NUMBERS:
            continue
        out.append(low)
        if len(out) == words:
            break
    return tuple(out)


#: Folded stems of the words after a number that say what became of a count ("iken",
#: "yükselmiştir", "ulaştı", "geriledi" …), not what it counts; shared with the answer span.
CHANGE_STEMS = "iken|cik|ulas|yuksel|geril|dus|azal"
#: Words after a number that say what became of a count, not what it counts.
_CHANGE = re.compile(rf"(?:{CHANGE_STEMS}|art|in[di])")
#: What ends one item of a list or clause and opens the next (",", "ve", "ile", "ya da").
COORDINATOR = re.compile(r"[,;:]|\s(?:ve|ile|veya|ya da)\s", re.IGNORECASE)
#: "üye sayısı" anywhere earlier in the sentence, up to the number.
_COUNT_EARLIER = re.compile(
    r"(?<![\w\-’'])([^\W\d_]{3,})\s+(?:sayısı|sayisi)\w*(?![^.!?]*(?:sayısı|sayisi))", re.IGNORECASE
)


def _counted_earlier(text: str, start: int) -> tuple[str, ...]:
    """The noun of the last "X sayısı" of the sentence before ``start``."""
    window = text[max(0, start - 120) : start]
    window = re.split(r"[.!?]\s", window)[-1]
    m = _COUNT_EARLIER.search(window)
    return (fold(m.group(1)),) if m else ()


#: Words that take up a figure already given ("bu sayı", "söz konusu rakam"), folded.
_TAKEN_UP = re.compile(r"\b(?:bu|soz konusu|sozkonusu)\s+(?:sayi|rakam|adet|miktar)\w*")


def _taken_up(text: str, start: int, found: list[Value]) -> tuple[str, ...]:
    """The counted noun of the sentence's number before ``start`` when "bu sayı" (or "söz
    konusu rakam") stands between the two in the same sentence, else ()."""
    earlier = [v for v in found if v.kind == "number" and v.end <= start and v.unit]
    if not earlier:
        return ()
    last = max(earlier, key=lambda v: v.end)
    between = text[last.end : start]
    if re.search(r"[.!?]\s", between) or not _TAKEN_UP.search(fold(between)):
        return ()
    return last.unit[:1]


def _counted_before(text: str, start: int) -> tuple[str, ...]:
    """The noun of an "X sayısı" just before a number (``üye sayısı 700’ü geçti`` → ``uye``),
    then the word before it (``üye firma sayısı`` → ``firma``, ``uye``): it may be the
    noun the source counts by (``300 üye firması``)."""
    m = _COUNT_BEFORE.search(text[max(0, start - 60) : start])
    if not m:
        return ()
    out = (fold(m.group(3)),)
    # The modifiers, nearest first ("Deniz Araştırma Merkezi sayısı" → merkezi, arastirma, deniz).
    for group in (2, 1):
        modifier = fold(m.group(group)) if m.group(group) else ""
        if not modifier or modifier in _NOT_UNITS or not re.fullmatch(r"[a-z]+", modifier):
            break
        out += (modifier,)
    return out


def _folded(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` for text typed without Turkish letters (folding keeps every offset)."""
    return re.compile(strip_diacritics(pattern.pattern), pattern.flags)


_BEFORE_EXACT = re.compile(r"(?:\btam olarak|\btamı tamına|\bkesin olarak|\btam)\s*$", re.IGNORECASE)
#: "15’i geçmemektedir", "1 milyonu aşmayan": a verb of exceeding denied is an upper bound.
_AFTER_LE = re.compile(
    rf"^{_ACCUSATIVE}\s*(?:geçme[zymd]\w*|geçmiyor\w*|aşma[zymd]\w*|aşmıyor\w*)\b",
    re.IGNORECASE,
)
#: Comparatives that bound a number only after an ablative ("-den çok", "-dan büyük",
#: "-den az"; "5 az bilinen tür" is five).
_COMPARATIVE = re.compile(r"\b(?:çok|cok|az|azdır|azdir|büyük\w*|buyuk\w*|küçük\w*|kucuk\w*)$", re.IGNORECASE)
_AFTER_BOUNDS = ((_AFTER_GT, GT), (_AFTER_NEAR, APPROX), (_AFTER_LT, LT), (_AFTER_LE, LE))
_BEFORE_BOUNDS = ((_BEFORE_GE, GE), (_BEFORE_LE, LE), (_BEFORE_APPROX, APPROX), (_BEFORE_EXACT, EXACT))
_AFTER_BOUNDS_FOLDED = tuple((_folded(p), b) for p, b in _AFTER_BOUNDS)
_BEFORE_BOUNDS_FOLDED = tuple((_folded(p), b) for p, b in _BEFORE_BOUNDS)


def _bound(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Bound of the value at ``[start, end)`` and where its bound phrase starts and ends.

    The bound words are matched as written and, for letter-less text, folded
    (``300u askin``, ``en az 15``, ``yaklasik 300``)."""
    after = text[end : end + 30]
    offset = max(0, start - 25)
    before = text[offset:start]
    for typed, patterns in ((after, _AFTER_BOUNDS), (fold(after), _AFTER_BOUNDS_FOLDED)):
        for pattern, bound in patterns:
            match = pattern.match(typed)
            phrase = match.group(0).rstrip() if match else ""
            compared = _COMPARATIVE.search(phrase)
            head = re.sub(r"\s*daha\s*$", "", phrase[: compared.start()]).rstrip() if compared else ""
            if compared and not _ABLATIVE.search(text[start:end] + head):
                # "500’den çok" is more than 500, "1 trilyon dolardan büyük" more than a
                # trillion; "5 çok önemli proje" is five, "2 büyük proje" two.
                continue
            if match:
                return bound, start, end + match.end()
    for typed, patterns in ((before, _BEFORE_BOUNDS), (fold(before), _BEFORE_BOUNDS_FOLDED)):
        for pattern, bound in patterns:
            if match := pattern.search(typed):
                return bound, offset + match.start() if len(typed) == len(before) else start, end
    return EQ, start, end


def stated(text: str, value: Value) -> str:
    """The value as ``text`` bounds it, verbatim ("4.500’den fazla", "yaklaşık 300"), or ""
    when it states no bound: what a mismatch shows, so that "tam olarak 4.500" against a
    source's "4.500’den fazla" does not read as "4.500 ≠ 4.500"."""
    bound, start, end = _bound(text, value.start, value.end)
    return "" if bound == EQ else text[start:end].strip()


#: Endings a number word takes without an apostrophe ("ikisi", "beşer", "yüzde", "dördüncü").
_NUMBER_ENDINGS = frozenset(
    """
    a e ı i u ü de da te ta den dan ten tan si sı su sü in ın un ün nin nın nun nün
    yle yla le la er ar şer şar lı li lu lü lık lik luk lük dır dir dur dür tır tir tur tür
    ncı nci ncu ncü ıncı inci uncu üncü ya ye yı yi yu yü
    """.split()
)

#: Words (folded) that make the number after them a band of a ranking: "ilk 100", "son 10",
#: "ikinci 100" (an ordinal word: -ncı/-nci/-ncu/-ncü, folded), "top 100".
_RANK_BEFORE = re.compile(r"(?:^|[^\w])(?:ilk|son|top|\w+nc[iu])\s+$")
#: The ending that makes a number word an ordinal (folded): "iki-nci", "dörd-üncü".
_ORDINAL_ENDING = re.compile(r"[iu]?nc[iu]")
#: ... unless a span of time follows: "son 10 yılda", "ilk 3 ayda" count years, months.
_TIME_AFTER = re.compile(r"\s*(?:yil|ay\b|aylik|ayd|gun|hafta|saat|dakika|donem|sene)")

#: "5827 sayılı Kanun", "5 numaralı salon": a number that names something, not a count or a year.
_IDENTIFIER_AFTER = re.compile(r"^\s*(?:sayılı|sayili|numaralı|numarali|nolu|no[’']lu)\b", re.IGNORECASE)


#: An author–year reference in parentheses: "(Aydın, 2023)", "(Kaya ve Demir, 2019: 45)",
#: "(Mowery vd., 2004; Oh ve Kang, 2017)", "(Sanayi ve Teknoloji Bakanlığı, 2024)".
_CITATION = re.compile(
    r"\(\s*(?:[A-ZÇĞİÖŞÜ][^()\d]{0,80}?,?\s*(?:1[5-9]\d{2}|20\d{2})[a-z]?(?:\s*:\s*\d+(?:-\d+)?)?\s*[;,]?\s*)+\)"
)


#: Fractions as Turkish writes them (folded): "üçte biri", "dörtte üçü", "yarısı",
#: "yarısından", "çeyreği". A bare "yarı" ("yarı zamanlı") and "çeyrek" ("çeyrek asır")
#: are not shares.
_FRACTION_RE = re.compile(
    r"(?<!\w)(?:(?P<den>iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on)(?:de|te|da|ta)\s+"
    r"(?P<num>bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz)(?:[iu]|s[iu])?(?:n(?:[iu]n|[ae]|[iu]|[dt][ae]n?))?"
    r"|(?P<half>yari(?:s[iu](?:n(?:[iu]n|[ae]|[iu]|[dt][ae]n?))?|[dt]an|ya))"
    r"|(?P<quarter>ceyreg[iu](?:n(?:[iu]n|[ae]|[iu]|[dt][ae]n?))?))(?!\w)"
)
_FRACTION_GT = re.compile(r"\s+(?:daha\s+)?(?:fazla|cog)\w*")
_FRACTION_LT = re.compile(r"\s+(?:daha\s+)?az\b")


def _fractions(text: str):
    """``(start, end, share in percent, bound)`` for each fraction in ``text``. A fraction
    is a rounded share: "yarısı" stands for about 50 %, unless bounded ("yarısından
    fazlası", "en az üçte biri")."""
    folded = fold(text)
    for m in _FRACTION_RE.finditer(folded):
        if m.group("half"):
            share = 50.0
        elif m.group("quarter"):
            share = 25.0
        else:
            share = 100.0 * _WORD_NUMBERS[m.group("num")] / _WORD_NUMBERS[m.group("den")]
        after = folded[m.end() : m.end() + 20]
        ablative = re.search(r"[dt][ae]n$", m.group(0))
        if ablative and _FRACTION_GT.match(after):
            bound = GT
        elif ablative and _FRACTION_LT.match(after):
            bound = LT
        else:
            bound, _, _ = _bound(text, m.start(), m.end())
            bound = APPROX if bound == EQ else bound
        yield m.start(), m.end(), share, bound


#: English number writing, read as Turkish writes it: "10,000" groups thousands with a
#: comma ("10.000"), "1.75" has a decimal point; the scale words, padded to keep every
#: offset ("1.7 billion" → "1.7 milyar ").
_ENGLISH_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_ENGLISH_SCALES = {"thousand": "bin", "million": "milyon", "billion": "milyar", "trillion": "trilyon"}
_ENGLISH_SCALE = re.compile(r"\b(thousand|million|billion|trillion)s?\b", re.IGNORECASE)
#: English bounds before a number ("more than 800", "about 300", "at least 15").
_ENGLISH_BOUNDS = (
    (re.compile(r"\b(?:more\s+than|over|above|in\s+excess\s+of|upwards\s+of)\s*$", re.IGNORECASE), GT),
    (re.compile(r"\b(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of)\s*$", re.IGNORECASE), GE),
    (re.compile(r"\b(?:less\s+than|fewer\s+than|under|below)\s*$", re.IGNORECASE), LT),
    (re.compile(r"\b(?:at\s+most|up\s+to|no\s+more\s+than|a\s+maximum\s+of)\s*$", re.IGNORECASE), LE),
    (
        re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|close\s+to)\s*$", re.IGNORECASE),
        APPROX,
    ),
)


def english_values(text: str) -> list[Value]:
    """The values of an English text (a claim typed in English): its numbers read as
    English writes them ("10,000 companies", "1.7 billion dollars", "more than 800
    members"), at the offsets of ``text``; read with Turkish conventions, "10,000" had
    been ten and the claim's number matched nothing in the documents."""

    def grouped(m: re.Match) -> str:
        return m.group(0).translate(str.maketrans({",": ".", ".": ","}))

    def scale(m: re.Match) -> str:
        word = _ENGLISH_SCALES[m.group(1).lower()]
        return word.ljust(len(m.group(0)))

    turkish = _ENGLISH_SCALE.sub(scale, _ENGLISH_GROUPED.sub(grouped, text))
    out = []
    for v in extract_values(turkish):
        bound = v.bound
        if bound == EQ:
            before = text[max(0, v.start - 25) : v.start]
            bound = next((b for pattern, b in _ENGLISH_BOUNDS if pattern.search(before)), EQ)
        end = v.end
        while end < len(text) and text[end - 1].isalpha() and text[end].isalpha():
            end += 1  # a padded scale word ends where the English one does
        out.append(Value(v.kind, v.value, bound, v.start, end, text[v.start : end], v.unit, v.date))
    return out


#: After a date: it dates a document ("8 Ekim 1987 tarihli … kararı", "2001 tarihli Kanun").
_DOCUMENT_DATE = re.compile(r"[’']?\w{0,4}\s+tarihli\b", re.IGNORECASE)


def dates_document(text: str, value: Value) -> bool:
    """Whether a date of ``text`` is a document's ("Kuruluşu 8 Ekim 1987 tarihli … kararlarına
    dayanan"): the day a decision or law was signed, not when what the sentence tells
    happened. The answer span and the claim check both set such a date aside."""
    return bool(_DOCUMENT_DATE.match(text, value.end))


def extract_values(text: str) -> list[Value]:
    """Every value in ``text``, left to right, non-overlapping (dates before years before numbers)."""
    found: list[Value] = []
    # A reference ("(Aydın, 2023)") dates a publication, not anything the sentence says.
    cited = [(m.start(), m.end()) for m in _CITATION.finditer(text)]
    taken: list[tuple[int, int]] = list(cited)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(value: Value) -> None:
        if any(s <= value.start and value.end <= e for s, e in cited):
            return
        found.append(value)
        taken.append((value.start, value.end))

    for m in _DATE_RE.finditer(text):
        if m.group("y"):
            y, mo, d = (
                int(m.group("y")),
                _MONTHS.get(m.group("m").lower(), 0) or _FOLDED_MONTHS.get(fold(m.group("m")), 0),
                int(m.group("d") or 0),
            )
        else:
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        add(Value("date", float(y), EQ, m.start(), m.end(), m.group(0), date=(y, mo, d)))
    for start, end, share, bound in _fractions(text):
        if free(start, end):
            add(Value("percent", share, bound, start, end, text[start:end]))
    for m in _PERCENT_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        raw = m.group("a") or m.group("b")
        number = parse_number(raw.replace(",", ".") if re.fullmatch(r"\d+,\d+", raw) else raw)
        if number is None:
            continue
        bound, _, _ = _bound(text, m.start(), m.end())
        add(Value("percent", number, bound, m.start(), m.end(), m.group(0)))
    for m in _YEAR_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        suffix = m.group("suffix") or ""
        if _IDENTIFIER_AFTER.match(text[m.end() :]):
            continue  # "2547 sayılı": read below as an identifier
        if re.match(r"\s*(?:bin|milyon|milyar|trilyon)\b", text[m.end() : m.end() + 10], re.IGNORECASE):
            continue
        # A plain 4-digit 1000-2099 is taken as a year: Turkish writes counts that
        # large with a thousands dot ("1.748 üye"), so the reading is rarely wrong.
        y = int(m.group("y"))
        is_decade = bool(_DECADE_SUFFIX.match(suffix)) and y % 10 == 0
        add(Value("year", float(y), DECADE if is_decade else EQ, m.start(), m.end(), m.group(0), date=(y, 0, 0)))
    for m in _VAGUE_RE.finditer(text):
        # "yüzlerce firma" is at least a hundred firms: a lower bound, not 100.
        if free(m.start(), m.end()):
            add(
                Value(
                    "number",
                    float(_VAGUE[fold(m.group("scale"))]),
                    GE,
                    m.start(),
                    m.end(),
                    m.group(0),
                    unit=_unit_after(text, m.end()),
                )
            )
    for m in _NUMBER_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        raw = m.group("num")
        number = parse_number(raw)
        if number is None:
            continue
        if number == 1 and not re.match(r"\d", raw):
            continue  # "bir" is mostly the article "a"
        named = _IDENTIFIER_AFTER.match(text[m.end("num") :])
        if named:
            # A law's or a room's number: compared with the source's (claims), never a count.
            end = m.end("num") + named.end()
            add(Value("identifier", number, EQ, m.start(), m.end("num"), raw, unit=_unit_after(text, end)))
            continue
        if fold(raw) == "on":
            continue  # bare "on" is mostly "on yıllardır" (for decades), not ten
        if fold(m.group(0).strip()) in _NOT_NUMBERS:
            continue  # "altında" is "under", not "at six"
        glued = m.group("suffix") or ""
        if glued and not re.match(r"\d", raw) and glued[0].isalpha() and tr_lower(glued) not in _NUMBER_ENDINGS:
            continue  # "yüzyılda", "yüzey", "onay": a word that begins like a number word
        if glued and not re.match(r"\d", raw) and _ORDINAL_ENDING.fullmatch(fold(glued)):
            # "ikinci", "dördüncü": an ordinal word, like "2." (compared only with ordinals),
            # not a count of two.
            add(Value("ordinal", number, EQ, m.start(), m.end(), m.group(0), unit=_unit_after(text, m.end())))
            continue
        if re.match(r"\.\s+\w", text[m.end("num") :]) and not m.group("suffix") and re.fullmatch(r"\d{1,3}", raw):
            # An ordinal: "3. KOBİ projesi" (the third), compared only with ordinals.
            end = m.end("num") + 1
            add(Value("ordinal", number, EQ, m.start(), end, text[m.start() : end], unit=_unit_after(text, end)))
            continue
        if _RANK_BEFORE.search(fold(text[max(0, m.start() - 12) : m.start()])) and not _TIME_AFTER.match(
            fold(text[m.end() : m.end() + 12])
        ):
            # "ülkenin ilk 100 firması", "ikinci 100’üne giren": a band of a ranking
            # (at most the 100th), not a count of the firms; compared only with ranks.
            add(Value("rank", number, LE, m.start(), m.end(), m.group(0).rstrip(), unit=_unit_after(text, m.end())))
            continue
        bound, _, _ = _bound(text, m.start(), m.end())
        after = _unit_after(text, m.end())
        before = _counted_before(text, m.start())
        if not before and (not after or _CHANGE.match(after[0])):
            # "üye sayısı 2018’de 120 iken 2023’te 210’a yükselmiştir": a number followed by
            # a verb of change (or nothing) counts the "X sayısı" earlier in its sentence.
            before = _counted_earlier(text, m.start())
        if not before and (not after or _CHANGE.match(after[0]) or re.match(r"(?:as|gec)[mt]", after[0])):
            # "2016 yılında 48 firma bulunurken 2023 yılında bu sayı 95’e ulaşmıştır": "bu
            # sayı" takes up the count before it, so 95 counts what 48 counted.
            before = _taken_up(text, m.start(), found)
        unit = before + after
        if re.fullmatch(r"\d{1,3},\d{3}", raw) and re.match(r"\s+(?:adet|tane)\b", text[m.end("num") :]):
            # "2,345 adet firma": a count is whole, so the comma groups thousands here
            # (English style) rather than marking decimals.
            number = float(raw.replace(",", ""))
        add(Value("number", number, bound, m.start(), m.end(), m.group(0).rstrip(), unit=unit))
    found.sort(key=lambda v: v.start)
    return _shared_verb_bounds(text, found)


#: A number's noun in the accusative, then a comma: the verb comes later ("20 milyar TL’yi, …").
_ACCUSATIVE_ITEM = re.compile(r"^\s+[^\W\d_]+[’']?y?[ıiuü]\s*,")
#: A finite verb of exceeding closing its clause: the bound a list of accusatives shares.
_SHARED_EXCEEDS = re.compile(rf"^{_ACCUSATIVE}\s*(?:{_EXCEEDS_FINITE})\w*\s*(?:[.!?…]|$)", re.IGNORECASE)


def _shared_verb_bounds(text: str, found: list[Value]) -> list[Value]:
    """Values of a list whose items share one verb of exceeding: in "Ar-Ge geliri 20 milyar
    TL’yi, ihracat geliri ise 1,7 milyar doları aştı" both figures were exceeded, not only
    the one beside the verb (the thirteenth trial's true claim "… 20 milyar TL'yi aştı" had
    been contradicted at 1.00, "20 milyar TL'yi aştı ≠ 20 milyar")."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        v, later = out[i], out[i + 1]
        if (
            v.kind in ("number", "percent")
            and v.bound == EQ
            and later.bound == GT
            and later.kind == v.kind
            and _ACCUSATIVE_ITEM.match(text[v.end :])
            and not re.search(r"[.!?;]", text[v.end : later.start])
            and _SHARED_EXCEEDS.match(text[later.end :])
        ):
            out[i] = Value(v.kind, v.value, GT, v.start, v.end, v.text, v.unit, v.date)
    return out


# --------------------------------------------------------------------------- units

#: Units that convert into each other: (dimension, size in the dimension's base unit).
#: General measures, so that "1.500 dönüm" and "150 hektar" are the same area and
#: "1.500 hektar" is not.
UNITS: dict[str, tuple[str, float]] = {
    "m2": ("area", 1.0),
    "metrekare": ("area", 1.0),
    "donum": ("area", 1e3),
    "dekar": ("area", 1e3),
    "hektar": ("area", 1e4),
    "km2": ("area", 1e6),
    "kilometrekare": ("area", 1e6),
    "metre": ("length", 1.0),
    "km": ("length", 1e3),
    "kilometre": ("length", 1e3),
    "gram": ("mass", 1e-3),
    "kg": ("mass", 1.0),
    "kilogram": ("mass", 1.0),
    "ton": ("mass", 1e3),
}
#: Endings a unit takes, folded ("donumluk", "hektarlik", "metrekareyi", "tonluk", "dolarlik"),
#: and the copula after them ("5 milyon dolardır", "850 hektardır").
_UNIT_ENDING = re.compile(r"(?:l[iu]k|[dt][ae]n?|[nsy]?[iuae]|[nsy]?[iu]n|ler|lar|lik)?(?:[dt][iu]r)?")


def unit_of(word: str) -> tuple[str, str, float] | None:
    """``(unit, dimension, size)`` of a folded word naming a convertible unit, or None."""
    for unit, (dimension, size) in UNITS.items():
        if word.startswith(unit) and _UNIT_ENDING.fullmatch(word[len(unit) :]):
            return unit, dimension, size
    return None


#: What a number measures when its first word is one of these (folded; endings as for
#: :data:`UNITS`): the convertible units' dimensions, and money, people, time, energy
#: and volume. General vocabulary: it tells a measure ("500 dönümlük", "1,7 milyar
#: dolar") from a count of things ("300 firma"). ("yen" and "won" are left out: "yeni"
#: and "won" are Turkish and English words far more often.)
MEASURES: dict[str, frozenset[str]] = {
    **{
        dimension: frozenset(u for u, (d, _) in UNITS.items() if d == dimension)
        for dimension in {d for d, _ in UNITS.values()}
    },
    "money": frozenset("dolar usd euro avro eur tl lira sterlin pound yuan frank".split()),
    "people": frozenset("kisi nufus".split()),
    "time": frozenset("yil sene gun saat ay hafta dakika".split()),
    "energy": frozenset("mw kw gw kwh gwh mwh".split()),
    "volume": frozenset("litre varil".split()),
}
#: Currency signs written after (or before) an amount ("21,6 milyar $").
_CURRENCY_SIGN = re.compile(r"[$€₺£]")


def measure_of(word: str) -> str | None:
    """The dimension a folded word measures (``donumluk`` → ``area``, ``dolardan`` → ``money``), or None.

    A short word such as ``ay`` must be the whole word but for its ending
    (not the beginning of ``ayrıca``)."""
    for dimension, words in MEASURES.items():
        if any(word.startswith(m) and _UNIT_ENDING.fullmatch(word[len(m) :]) for m in words):
            return dimension
    return None


#: Passive verbs that make a figure a plan or a target, not a fact (folded, general Turkish):
#: "… yapması planlandı", "… hedefleniyor", "… öngörülüyor", "… hedeflemektedir".
_PLAN = re.compile(
    r"\b(?:planlan|hedeflen|ongorul|amaclan)\w*|\bbeklen(?:iyor|mektedir)\b"
    # The active voice: "… 20’ye çıkarılmasını hedeflemektedir" (TMKP aims at it). Not the
    # aorist "hedefler": it is spelt as the plural noun ("bu hedefler doğrultusunda"),
    # which plans nothing (the trial's "220 üye firması bulunan …" had been a target).
    r"|\b(?:hedefle|planla|amacla)(?:mekte|makta|mis|di|yor)\w*"
)
#: What makes a question ask for a plan or a target rather than what is: those verbs, the
#: nouns "hedef", "plan", the future tense ("kaç firma yer alacak"), and in English "will",
#: "expected", "planned", "target".
_ASKS_PLAN = re.compile(
    r"\b(?:plan|hedef|ongor|amacl|beklen|isten(?:iyor|mekte|en|di|mis)|istiyor|istemekte)\w*|\b\w+(?:acak|ecek|acag|eceg)\w*"
    r"|\b(?:will|expected|planned|plans?|targets?|projected)\b"
)


#: A claim stating an aim or a plan with a verb ("ulaşmayı hedefliyor", "planlanıyor", the
#: future tense), not with the noun ("kurma hedefiyle" tells why something was done then).
_AIMS = re.compile(r"\b(?:hedefl|planl|ongor|amacl|beklen)\w*|\b\w+(?:acak|ecek|acag|eceg)\w*")


def aims(text: str) -> bool:
    """Whether ``text`` states an aim or a plan by its verb (a claimed target)."""
    return bool(_AIMS.search(fold(text)))


def planned(text: str) -> bool:
    """Whether ``text`` states a plan or a target ("… yapması planlandı")."""
    return bool(_PLAN.search(fold(text)))


def asks_plan(question: str) -> bool:
    """Whether a question asks about a plan or a target ("kaç işletme yer alacak?")."""
    return bool(_ASKS_PLAN.search(fold(question)))


#: A year that identifies what the question is about rather than when: followed by a
#: participle ("1967 yılında kurulan OSTİM", "2010’da açılan merkez").
_YEAR_NAMES_SUBJECT = re.compile(r"^\S*(?:\s+yil\w*)?\s+\w+(?:y|n)?[ae]n\b")
#: Two years joined as a span ("2015-2020 döneminde", "2003–2006").
_YEAR_SPAN = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")


def pinned_years(question: str) -> frozenset[int]:
    """The years a question asks about ("EHKA’nın 2015 yılı bütçesi", "1999’da kaç
    TEKMER vardı"): its answer is of that year. A year describing the subject ("1967
    yılında kurulan OSTİM’de …") pins nothing."""
    years = set()
    for v in extract_values(question):
        if v.kind in ("year", "date") and v.bound == EQ and v.date[0]:
            if not _YEAR_NAMES_SUBJECT.match(fold(question[v.end :])):
                years.add(v.date[0])
    return frozenset(years)


def states_other_years(text: str, years: frozenset[int]) -> bool:
    """Whether ``text`` states years, none of them (nor a span of them) one of ``years``:
    "Ajansın 2022 bütçesi 78 milyon TL" is not the 2015 budget."""
    stated = [v.date[0] for v in extract_values(text) if v.kind in ("year", "date") and v.date[0]]
    if not stated or years & set(stated):
        return False
    spans = [(int(a), int(b)) for a, b in _YEAR_SPAN.findall(text)]
    return not any(lo <= y <= hi for y in years for lo, hi in spans)


def value_measure(text: str, value: Value) -> str | None:
    """What ``value`` (found in ``text``) measures: its first unit word, or a currency sign beside it."""
    if value.unit and (found := measure_of(value.unit[0])):
        return found
    beside = text[max(0, value.start - 2) : value.start] + text[value.end : value.end + 3]
    return "money" if _CURRENCY_SIGN.search(beside) else None


#: Nouns whose amount is a measure of one dimension (folded prefixes): "cirosu ne
#: kadar" asks for money, "yüzölçümü" for an area, "ne kadar sürede" for time. A
#: "ne kadar" question about one of them is not answered by a count of something else
#: ("300 firma") nor by another dimension ("500 dönümlük" for an export figure).
#: General Turkish vocabulary, nothing about any document.
MEASURED_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        "ciro ihracat ithalat gelir butce harcama yatirim tutar maliyet fiyat sermaye hasilat"
        " gider fon hibe kredi maas ucret borc odenek masraf dissatim disalim".split(),
        "money",
    ),
    **dict.fromkeys("yuzolcum arazi".split(), "area"),
    **dict.fromkeys("nufus".split(), "people"),
    **dict.fromkeys("sure".split(), "time"),
}


#: The same nouns in English (lower case, singular or plural as written).
ENGLISH_MEASURED_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        "turnover revenue revenues income budget budgets export exports import imports investment investments"
        " cost costs price prices capital spending expenditure funding fund funds grant grants salary".split(),
        "money",
    ),
    **dict.fromkeys("surface acreage".split(), "area"),
    **dict.fromkeys("population".split(), "people"),
}


def asked_measures(words: list[str]) -> frozenset[str]:
    """Dimensions the folded question ``words`` ask an amount of (see :data:`MEASURED_NOUNS`).

    A noun matches with a plural, possessive or case ending only (``ihracatı``,
    ``bütçesi``, ``sürede``), so ``süre`` does not take ``süreç`` nor ``gelir`` ``gelirken``."""
    return frozenset(
        dimension
        for word in words
        for noun, dimension in MEASURED_NOUNS.items()
        if word.startswith(noun) and NOUN_ENDING.fullmatch(word[len(noun) :])
    ) | frozenset(ENGLISH_MEASURED_NOUNS[w] for w in words if w in ENGLISH_MEASURED_NOUNS)


#: Endings of an inflected noun, folded (plural, possessive, case): what may follow a
#: root for the word to still name the same thing.
NOUN_ENDING = re.compile(
    r"(?:l[ae]r)?(?:s?[iu]|[iu]?m|[iu]?n|[iu]m[iu]z|[iu]n[iu]z|l[ae]r[i])?(?:n?[dt][ae]n?|n?[dt][ae]ki|n?[iu]n|y?[iuae]|y?l[ae])?"
)


def converted(value: Value, into: str) -> Value | None:
    """``value`` (whose first unit word is a convertible unit) expressed in unit ``into``."""
    have = unit_of(value.unit[0]) if value.unit else None
    want = UNITS.get(into)
    if have is None or want is None or have[1] != want[0]:
        return None
    return Value(
        value.kind,
        value.value * have[2] / want[1],
        value.bound,
        value.start,
        value.end,
        value.text,
        value.unit,
        value.date,
    )


_PRESENT = re.compile(r"(?:(?:makta|mekte|[iu]?yor)\w*|(?<!m[iu]s)[dt][iu]r|var|mevcut|sahip)$")


def speaks_of_now(text: str) -> bool:
    """Whether a claim's verb speaks of the present ("… bulunmaktadır", "… 3’tür", "vardır"),
    not of a past time ("… üyeydi", "… sahipti", "… ulaşmıştır")."""
    words = [w for w in map(fold, re.findall(r"[^\W\d_]+", text)) if w not in ("mi", "mu", "midir", "mudur")]
    if _NOW.search(" ".join(words)):
        return True
    return bool(words) and bool(_PRESENT.search(words[-1]))


#: Words that place a statement in the present whatever its verb ("bugün kaç küme üye?").
_NOW = re.compile(r"\b(?:bugun\w*|gunumuz\w*|su an\w*|halen|hala|today|currently|now)\b")


def dated_by(text: str, value: Value, values: list[Value] | tuple[Value, ...]) -> Value | None:
    """The year that dates ``value``: one standing just before it in its clause, at most
    four words away ("2018’de 347 iken 2023’te 693’e": 2023 dates 693; "2023 yılı
    itibarıyla 50 üye"), not one across a coordinator ("2005’te kuruldu ve bugün 140 firma")."""
    for year in sorted(
        (v for v in values if v.kind in ("year", "date") and v.end <= value.start), key=lambda v: -v.end
    ):
        between = text[year.end : value.start]
        if COORDINATOR.search(between) or len(between.split()) > 4 or re.search(r"\d", between):
            return None
        return year
    return None


def dated_now(text: str, value: Value, values: list[Value] | tuple[Value, ...]) -> tuple[int, int] | None:
    """The span of a word placing ``value`` in the present ("1967 yılında … başlayan
    OSTİM; bugün … 6.500 işletme": ``bugün`` dates 6.500), after the last year before it
    and at most about fifteen words before it; None when there is none."""
    start = max((v.end for v in values if v.kind in ("year", "date") and v.end <= value.start), default=0)
    start = max(start, value.start - 100)
    found = list(_NOW.finditer(fold(text[start : value.start])))
    if not found:
        return None
    return start + found[-1].start(), start + found[-1].end()


def as_of(text: str, value: Value) -> bool:
    """Whether ``value`` is a year "as of" which something is told ("2023 itibarıyla", "2023
    sonu itibarıyla"): it dates a state, not an event."""
    after = fold(text[value.end : value.end + 30])
    return bool(re.match(r"(?:[’']\w+)?(?:\s+(?:yili|sonu|basi|yili sonu))?\s+itibar", after))


#: A question pinned to the founding ("kurulduğunda kaç üyesi vardı?", "kuruluşunda").
_AT_FOUNDING = re.compile(r"\b(?:kuruldugu(?:nda| yil| sirada| zaman)|kurulusunda|kurulurken|kurulus asamasinda)")
#: What a sentence says of a founding (folded prefixes): "kuruluşunda 6 olan", "18 kurucu firma";
#: not "yönetim kurullarında" (a board).
_FOUNDING = re.compile(
    r"\b(?:kurul(?:d|m|an|us|ur|ac|ma)|kurucu|kurdu|kurmus|kurarak"
    # "1967 yılında 1.748 üye ile faaliyete başlayan OSTİM", "hayata geçirilen", "yola çıkan"
    r"|faaliyete basla|faaliyetine basla|hayata gec|yola cik)"
)


def asks_at_founding(question: str) -> bool:
    """Whether a question asks about the time of a founding ("İTGP kurulduğunda kaç üyesi vardı?")."""
    return bool(_AT_FOUNDING.search(fold(question)))


def tells_founding(text: str) -> bool:
    """Whether ``text`` speaks of a founding at all (it can then give a count at it)."""
    return bool(_FOUNDING.search(fold(text)))
