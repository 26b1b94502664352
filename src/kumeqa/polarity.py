"""Whether a claim and its source sentence say the same thing with opposite polarity.

Turkish negates a verb with the suffix ``-mA-`` right after its stem
(``kurulmuştur`` / ``kurulmamıştır``, ``bulunmaktadır`` / ``bulunmamaktadır``,
``almış`` / ``almamış``), its aorist with ``-mAz`` against ``-(I)r``
(``bulunur`` / ``bulunmaz``), existence with ``yok`` against ``var`` (or a verb of
being: ``bulunmaktadır``, ``mevcuttur``), and a predicate noun with ``değil``. A claim
whose every value and name the source establishes can still say the opposite of the
source ("Merkezin yurt dışında şubesi bulunmaktadır" against "… herhangi bir şubesi bulunmamaktadır"):
comparing values and names alone would call it supported.

The test is made pairwise, on the words the two texts share: a negated form of a
word is one the other text has in the affirmative, with the same stem and the same
tense consonants around the ``-mA-`` (so the vowel harmony of ``-mış``/``-muş``
does not matter), and the text lacks the same-polarity form itself. Nouns made with
``-mA`` (``geliştirme``, ``uygulama``) are not negations: a negative verb form must go
on after the ``-mA-`` with a tense or person ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, stem, without_suffix

_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
_VOWELS = frozenset("aeiou")

#: Words that state that something exists or is present, and their negatives.
_EXISTS = frozenset({"var", "vardir", "vardi", "mevcut", "mevcuttur", "bulunmaktadir", "bulunur", "bulunuyor"})
#: "X dışındaki / dışında / hariç": what follows is said of all but X.
_EXCEPT = re.compile(r"^\s*(?:disinda\w*|haric\w*)\b")
_ONLY = frozenset({"yalnizca", "sadece", "salt", "sirf", "yalniz"})
_MISSING = frozenset({"yok", "yoktur", "yoktu", "bulunmamaktadir", "bulunmaz", "bulunmuyor"})


@dataclass(frozen=True)
class Flip:
    """A word of the claim and the word of the source that says the opposite, with their places."""

    claim_word: str
    source_word: str
    claim_span: tuple[int, int]
    source_span: tuple[int, int]
    #: Whether the claim is the side that negates ("… 10.000 işletme yoktur").
    claim_negates: bool = True


def _skeleton(suffix: str) -> str:
    """The consonants of a suffix: what stays when vowel harmony changes its vowels."""
    return "".join(c for c in suffix if c not in _VOWELS)


def negates(negative: str, positive: str) -> bool:
    """Whether folded ``negative`` is folded ``positive`` with the verb negation ``-mA-``.

    >>> negates("kurulmamistir", "kurulmustur"), negates("bulunmaz", "bulunur")
    (True, True)
    >>> negates("gelistirme", "gelistir"), negates("uygulamalar", "uygular")
    (False, False)
    """
    for cut in range(2, min(len(negative), len(positive) + 1)):
        if negative[:cut] != positive[:cut]:
            continue
        # The progressive takes -mI-yor ("bulunmuyor" / "bulunuyor").
        progressive = re.match(r"m[iu]yor", negative[cut:])
        if progressive and re.match(r"[iu]?yor", positive[cut:]):
            tail_negative, tail_positive = negative[cut + 5 :], re.sub(r"^[iu]?yor", "", positive[cut:])
            if _skeleton(tail_negative) == _skeleton(tail_positive):
                return True
        if negative[cut : cut + 2] not in ("ma", "me"):
            continue
        after, rest = negative[cut + 2 :], positive[cut:]
        # A negative aorist -mAz against the affirmative -(I)r / -Ar ("bulunmaz" / "bulunur").
        if after.startswith("z") and re.match(r"[aeiou]?r", rest):
            if _skeleton(after[1:]) == _skeleton(re.sub(r"^[aeiou]?r", "", rest)):
                return True
            continue
        skeleton = _skeleton(after)
        # A tense, aspect or person ending must follow (-mış, -dı, -makta, -yacak …):
        # "geliştir-me" with nothing after is a noun.
        if skeleton and skeleton == _skeleton(rest) and re.match(r"[mdyskl]", skeleton):
            return True
    return False


#: A negated verb: its root (4+ letters), the negation -mA-, a tense or mood ending.
_NEGATED = re.compile(r"^([a-z]{4,}?)m[ae](?:m[iu]s|d[iu](?!r)|makta|mekte|z|yacak|yecek|yan|yen|d[iu]g)")
#: What follows a verb root in an affirmed form: a participle, a converb or a tense
#: (bulun-an, bulun-duğu, bulun-ur, bulun-up, bulun-uyor, bulun-muş, bulun-du, bulun-makta).
_AFFIRMED = re.compile(
    r"^(?:[aeiu]n\b|[aeiu]n[ae]?\w*|[dt][iu]g|[aeiu]?r\b|[aeiu]?r[dl]|[iu]p\b|[iu]?yor|m[iu]s|[dt][iu]|makta|mekte)"
)


def _negated_root(word: str) -> str | None:
    """The root of a negated verb form ("bulunmamaktadır" → "bulun"), else None."""
    m = _NEGATED.match(word)
    return m.group(1) if m else None


def _words(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(fold(without_suffix(m.group(0))), m.span()) for m in _WORD.finditer(text)]


def _flip_one_way(negative_text: str, positive_text: str) -> tuple[str, tuple[int, int], str, tuple[int, int]] | None:
    """A word negated in ``negative_text`` whose affirmative ``positive_text`` has, while
    ``positive_text`` lacks the negated form itself."""
    negative_words, positive_words = _words(negative_text), _words(positive_text)
    positive_forms = {w for w, _ in positive_words}
    for word, span in negative_words:
        if len(word) < 5 or word in positive_forms:
            continue
        for other, other_span in positive_words:
            if negates(word, other):
                return word, span, other, other_span
    for word, span in negative_words:
        root = _negated_root(word)
        if root is None or any(_negated_root(w) == root for w, _ in positive_words):
            continue
        for other, other_span in positive_words:
            if other.startswith(root) and _AFFIRMED.match(other[len(root) :]):
                # "… üniversite bulunmamaktadır" against "… bulunan ilk üniversite": the
                # same verb, affirmed in a participle or another tense.
                return word, span, other, other_span
    missing = [(w, s) for w, s in negative_words if w in _MISSING]
    exists = [(w, s) for w, s in positive_words if w in _EXISTS]
    if missing and exists and not any(w in _MISSING for w, _ in positive_words):
        return missing[0][0], missing[0][1], exists[0][0], exists[0][1]
    return None


def _denied(text: str) -> set[str]:
    """The words a ``değil`` denies in ``text`` (the word before it)."""
    words = _words(text)
    denied = set()
    for i, (word, span) in enumerate(words):
        if not i or not word.startswith("degil"):
            continue
        # "yalnızca A değil, B de …" and "değil mi" do not deny A.
        only = i >= 2 and words[i - 2][0] in _ONLY
        then = text[span[1] : span[1] + 30]
        if only or re.match(r"\s*(?:,\s*)?(?:ayni zamanda|ayrica|mi\b|mı\b)", fold(then)):
            continue
        denied.add(words[i - 1][0])
    return denied


def negative(text: str) -> bool:
    """Whether ``text`` negates anything itself (a negated verb, ``yok``, ``değil``)."""
    return any(_negated_root(w) or w in _MISSING or w.startswith("degil") for w, _ in _words(text))


def denies_existence(claim: str) -> tuple[str, tuple[int, int]] | None:
    """The word by which a claim says something does not exist ("… 10.000 işletme yoktur",
    "… bulunmamaktadır"), with its place: a source stating how many there are says the
    opposite, whatever its verb."""
    for word, span in _words(claim):
        if word in _MISSING:
            return claim[span[0] : span[1]], span
    return None


def excepts(source: str, subject: frozenset[str]) -> bool:
    """Whether ``source`` speaks of all but the subject (whose stems are ``subject``):
    "GASTEK dışındaki yedi küme … yararlanmıştır" says GASTEK did not."""
    folded = fold(source)
    for m in _WORD.finditer(source):
        word = fold(without_suffix(m.group(0)))
        if word and stem(word) in subject and _EXCEPT.match(folded[m.end() :]):
            return True
    return False


def flip(claim: str, source: str) -> Flip | None:
    """The first pair of words in which ``claim`` and ``source`` differ in polarity, if any.

    >>> flip("Bölgede üniversite bulunmamaktadır.", "Bölgede iki üniversite bulunmaktadır.").claim_word
    'bulunmamaktadır'
    >>> flip("Küme 2010 yılında kurulmuştur.", "Küme 2010 yılında kurulmuştur.") is None
    True
    """
    found = _flip_one_way(claim, source)
    if found:
        word, span, other, other_span = found
        return Flip(claim[span[0] : span[1]], source[other_span[0] : other_span[1]], span, other_span)
    found = _flip_one_way(source, claim)
    if found:
        word, span, other, other_span = found
        return Flip(claim[other_span[0] : other_span[1]], source[span[0] : span[1]], other_span, span, False)
    # "X değildir" against a source stating X plainly, or the other way round.
    for denied, plain, claim_denies in ((claim, source, True), (source, claim, False)):
        for word in _denied(denied) - _denied(plain):
            stem_ = word[: max(4, len(word) - 3)]
            for other, other_span in _words(plain):
                if other.startswith(stem_) and len(stem_) >= 4:
                    words = _words(denied)
                    span = next(s for w, s in words if w == word)
                    if claim_denies:
                        return Flip(
                            claim[span[0] : span[1]] + " değil", source[other_span[0] : other_span[1]], span, other_span
                        )
                    return Flip(
                        claim[other_span[0] : other_span[1]],
                        source[span[0] : span[1]] + " değil",
                        other_span,
                        span,
                        False,
                    )
    return None
