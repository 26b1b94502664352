"""A question or a claim, analysed once: tokens, type, subject names, values, vector.

Answering and fact-checking read the same things off their input: which words
carry the topic, which of them name the subject (``OSTİM``, ``Gıda Vadisi``), which
value is stated or asked for, and what kind of answer a question wants. Doing this
in one place means a question and a claim are understood the same way, and the
evidence stage (:mod:`kumeqa.evidence`) never re-parses its input.

Why the pieces are read the way they are:

* Question type comes from Turkish (and English) question forms, matched on the
  folded text so that ``kac`` and ``kaç`` are the same. The forms are general
  Turkish grammar, never words of a particular document.
* Subject names. Students type ``ostim ne zaman kuruldu`` in lower case, so a
  capital letter cannot be the only sign of a name. A word is also taken as a
  name when the *corpus* writes it as one (capitalised inside sentences in most of
  its uses): the documents say what their names are.
* A capitalised word of the question the corpus never uses (``Galatasaray``) is
  kept apart as an *unknown name*: a question about something the documents do not
  mention should be declined, whatever else it shares with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .text import APOSTROPHES, content_words, fold, is_english, stem, tokenize, tr_lower, without_suffix
from .values import Value, asked_measures, english_values, extract_values

QUANTITY, PERCENT, DATE, PERSON, PLACE, ENTITY = "quantity", "percent", "date", "person", "place", "entity"
DEFINITION, LIST, REASON, OTHER, CLAIM = "definition", "list", "reason", "other", "claim"

#: Types whose answer is a value or name inside a sentence (a span), as opposed to
#: the sentence(s) themselves.
TYPED = frozenset({QUANTITY, PERCENT, DATE, PERSON, PLACE, ENTITY})
#: Types a sentence must hold a candidate of to answer at all. ``hangi X`` (ENTITY)
#: is answered by a name when there is one, but as often by common nouns ("hangi
#: sektörlerde"), so it gets a span without being required to have one.
REQUIRED = frozenset({QUANTITY, PERCENT, DATE, PERSON, PLACE})
#: Types whose answer may need a few consecutive sentences (a list, a reason, a way).
EXTENDED = frozenset({LIST, REASON})

# Folded question patterns, most specific first. General Turkish/English question
# forms only; nothing about any document.
#: Words after "hangi" that ask for the level of a measure, not a thing counted
#: ("ihracatı hangi düzeyde?" asks the export's amount, not a number of levels).
_LEVEL_WORDS = ("duzey", "seviye", "miktar", "boyut", "olcek", "hacim")

_QUESTION_FORMS: tuple[tuple[str, str], ...] = (
    (r"\byuzde kac|\bkacta kac|\boran[ii]? (ne|kac)|\bwhat percent|\bpercentage\b|%\s*kac|\bhangi oran", PERCENT),
    (
        r"\bne zaman(dan)?\b|\bhangi (yil|tarih|donem|yuzyil|sene)|\bkac yilinda\b|\bkac tarihinde\b|\bhangi yilda\b"
        r"|\byil(i|in)? hangisi|\bsince when\b"
        r"|\b(kurulus|acilis|baslangic|kurulma)? ?(yili|tarihi) (ne|nedir|kac|hangisi|neydi)\b"
        r"|\bwhen\b|\bwhat year\b|\bwhich year\b|\bin what year\b|\bwhat date\b",
        DATE,
    ),
    (
        r"\bkac\b|\bkactir\b|\bkacinci\b|\bkac(i|ini|inda)\b|\bne kadar|\bsayisi (ne|kac|nedir)|\bhow many\b|\bhow much\b|\bnumber of\b"
        r"|\bhow large\b|\bhow big\b"
        # "hangi düzeyde", "ne büyüklükte": the level or size of a measure is an amount
        rf"|\bhangi ({'|'.join(_LEVEL_WORDS)})\w*|\bne (buyuklukte|genislikte|hacimde|boyutta|miktarda)\b"
        # "yüzölçümü nedir", "bütçesi neydi", "what turnover": the amount of a measured noun
        r"|\b(yuzolcumu|cirosu|butcesi|nufusu|maliyeti|tutari|hasilati|hacmi|miktari|buyuklugu|genisligi) (ne|nedir|neydi)\b"
        r"|\bwhat(?: is| was| are| were)?(?: the| its| their)? (turnover|revenue|budget|population|income)\b",
        QUANTITY,
    ),
    # "adını nereden almış?", "adı nereden geliyor?": where a name comes from is a reason
    # ("… Silikon Vadisinden esinlenerek"), not a place.
    (r"\b(ad[ii]?|adini|ism[ii]|ismini) nereden\b", REASON),
    (r"\bkimler(dir|e|i|in)?\b", LIST),
    (r"\bkim(dir|in|e|i|di)?\b|\bkim tarafindan\b|\bwho\b|\bwhom\b", PERSON),
    (
        r"\bnerede(dir)?\b|\bneresi|\bnereye\b|\bnereden\b|\bhangi (sehir|ulke|il|ilde|ilce|sehirde|ulkede|bolge|bolgede"
        r"|kent|kentte|ulkeye|sehre)|\bwhere\b|\bwhich (city|country|region)\b|\bin what (city|country)\b",
        PLACE,
    ),
    (
        r"\bneden\b|\bnicin\b|\bniye\b|\bne amac|\bamaci (ne|nedir)|\bhangi amac|\bsebeb|\bnedeni (ne|nedir)"
        r"|\bniçin\b|\bnasil\b|\bne sekilde\b|\b(?:hangi|ne) (?:bakimdan|acidan|yonden|yonuyle)\b|\bwhy\b|\bhow (does|do|did|is|are|was|were|can)\b|\bfor what purpose\b",
        REASON,
    ),
    (
        r"\bhangileri|\bnelerdir\b|\bneler\b|\bnelerden\b|\bnelere\b|\bhangi (\w+ )?\w+(ler|lar)\w*\b|\bsayar misin|\bsiralar"
        r"|\bwhat are\b|\bwhich \w+s (are|were|does|do)\b|\blist\b|\bname the\b",
        LIST,
    ),
    (
        r"\bhangi\b|\bhangisi\w*|\bwhich\b|\bwhat (company|university|organisation|organization|institution|firm)\b",
        ENTITY,
    ),
    (r"\bnedir\b|\bne demek|\bne anlama|\bnasil tanimlan|\btanimi\b|\bwhat is\b|\bdefine\b|\bne(dir)?$", DEFINITION),
)


def question_type(question: str) -> str:
    """The kind of answer ``question`` asks for (see :data:`_QUESTION_FORMS`)."""
    folded = fold(question)
    for pattern, kind in _QUESTION_FORMS:
        if re.search(pattern, folded):
            return kind
    return OTHER


#: A capitalised word (Turkish capitals included), as names are written.
CAP = r"[A-ZÇĞİÖŞÜ][\w\-&.]*"
_CAP_WORD = re.compile(rf"(?<![\w’']){CAP}", re.UNICODE)
_APOS = re.compile(f"[{APOSTROPHES}]")


def capitalised_stems(text: str) -> list[tuple[str, bool]]:
    """``(stem, sentence_initial)`` for every capitalised word of ``text``.

    A sentence-initial capital says nothing by itself; one followed by an
    apostrophe suffix (``OSTİM’in``) or written in capitals (``ARUS``) is a name anyway.
    """
    out = []
    for m in _CAP_WORD.finditer(text):
        word = m.group(0).rstrip(".,;:")
        tokens = tokenize(word)
        if not tokens or tokens[0] in _MONTHS:
            continue
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in '.!?:;\n"“('
        strong = word.isupper() and len(word) > 1 or bool(_APOS.match(text[m.end() : m.end() + 1]))
        out.append((tokens[0], initial and not strong))
    return out


@dataclass(frozen=True)
class Query:
    """Everything the later stages read off a question or claim.

    ``tokens`` are the BM25 tokens (folded prefix stems, acronyms the corpus uses
    added by retrieval); ``names`` the subject's names, each the set of its stems
    (``SAHA İstanbul`` → ``{saha, istan}``: a name is present only as a whole);
    ``predicate`` the other content stems (what is asked or stated about the
    subject) and ``asked`` those as folded words, to match the noun a number counts.
    """

    text: str
    qtype: str
    tokens: tuple[str, ...]
    names: tuple[frozenset[str], ...]
    predicate: tuple[str, ...]
    asked: tuple[str, ...]
    unknown_names: tuple[str, ...]
    values: tuple[Value, ...]
    english: bool
    #: The noun a ``kaç``/``hangi`` question asks about (``kaç üretici`` → ``uretici``).
    head: str | None
    vector: np.ndarray
    #: The text without its subject's names (``yönetim kurulu başkanı kim?``) and its
    #: vector (empty when not embedded): what is asked, apart from whom it is about.
    #: Dimensions a "ne kadar" question asks an amount of (``cirosu`` → money;
    #: :func:`kumeqa.values.asked_measures`).
    measures: frozenset[str] = frozenset()
    asked_text: str = ""
    asked_vector: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    #: An English query's content words, each as its Turkish translations
    #: (:func:`kumeqa.lexicon.translations`); words without one are left out.
    translated: tuple[tuple[str, ...], ...] = ()
    #: Each name's first stem, in the order of ``names``: the word that tells one entity
    #: from its neighbours of the same kind ("Erzurum" in "Erzurum Ticaret ve Sanayi Odası").
    name_keys: tuple[str, ...] = ()
    #: Places set right after a complete name ("Gıda Vadisi İsviçre’de"), each as its stems:
    #: where the subject is, so not among ``names`` (a sentence naming only the place is not
    #: about the subject), but a name the claim's names are compared by.
    places: tuple[frozenset[str], ...] = ()

    @property
    def typed(self) -> bool:
        """Whether an answer must hold a candidate of the asked type (a number, a date, a name)."""
        return self.qtype in REQUIRED

    @property
    def name_stems(self) -> frozenset[str]:
        return frozenset(t for name in self.names for t in name)

    @property
    def place_stems(self) -> frozenset[str]:
        return frozenset(t for place in self.places for t in place)


_HEAD_AFTER = re.compile(r"\b(?:hangi|kac|which|how many)\s+(?:adet\s+|tane\s+)?(\w+)")
_HEAD_BEFORE = re.compile(r"(\w+?)(?:\s+sayisi)\b")
#: ``nüfusu kaç?``, ``çalışanı kaçtır``: the noun right before a closing ``kaç`` is what is counted.
_HEAD_BEFORE_KAC = re.compile(r"(\w+?)\s+kac(?:tir|dir)?\s*\??\s*$")
#: ``57 bölgeden kaçı``, ``parsellerin kaçında``: how many of the noun before.
_HEAD_BEFORE_KACI = re.compile(r"(\w+?)\s+kac(?:i|ini|inda)\b")
#: ``ilk kümelenme hangisidir``: the noun before ``hangisi`` names the kind asked for.
_HEAD_BEFORE_HANGISI = re.compile(r"(\w+?)\s+hangisi\w*")
_WORD = re.compile(r"[^\W_][\w’'.\-]*", re.UNICODE)


#: What "kaç" / "how many" / "number of" counts: up to three words after it (folded).
_COUNTED_AFTER = re.compile(r"\b(?:kac|how many|number of)\s+((?:[\w-]+\s+){0,2}[\w-]+)")


def counted_words(text: str) -> list[str]:
    """The folded words after "kaç" / "how many" / "number of", up to three: what is counted,
    with what narrows it ("kaç Ar-Ge merkezine", "how many foreign firms"). Read by the
    span finder (an English question's counted noun) and by the follow-up reader (a name
    inside them is the kind counted, not whose)."""
    m = _COUNTED_AFTER.search(fold(text))
    return m.group(1).split() if m else []


def head_noun(text: str) -> str | None:
    """The folded noun asked about: ``hangi üniversite`` → ``universite``, ``çalışan sayısı`` → ``calisan``,
    ``48 parselin kaçı`` → ``parselin``."""
    folded = fold(text)
    m = _HEAD_AFTER.search(folded)
    if m:
        return None if m.group(1).startswith(_LEVEL_WORDS) else m.group(1)
    m = (
        _HEAD_BEFORE.search(folded)
        or _HEAD_BEFORE_KAC.search(folded)
        or _HEAD_BEFORE_KACI.search(folded)
        or _HEAD_BEFORE_HANGISI.search(folded)
    )
    return m.group(1) if m else None


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


#: The last word of an organisation's name: its kind ("… Derneği", "… Teknokent") or a legal form.
ORGANISATION_HEADS = re.compile(
    r"(?:odas|üniversites|bakanlığ|başkanlığ|müdürlüğ|müsteşarlığ|kurum|vakf|derneğ|merkez|şirket|enstitüs"
    r"|birliğ|platform|kooperatif|kümelenmes|kümes|teknokent|teknopark|bölges|komites|konseyi|ajans|holding)\w*$"
    r"|\b(?:A\.Ş|Ltd|Inc|Co|OSB|TTO)\.?$",
    re.IGNORECASE,
)

#: A bare case ending (no ``n`` of a compound's possessive): locative or ablative, with
#: ``-ki`` or the copula (``Batman’dadır``).
BARE_CASE = re.compile(r"^[’'](?:d|t)[ae]n?(?:ki|[dt][ıiuü]r)?\b", re.IGNORECASE)

#: A compound name's head with its possessive ("Vadisi", "Bölgesi"): the name is complete.
_COMPOUND_HEAD = re.compile(r"\w{2,}s[ıiuü]$")


#: A locative made an adjective ("Macaristan’daki"), and a word ending in the genitive.
_ADJECTIVAL_CASE = re.compile(r"[’'][dt][ae]ki\b", re.IGNORECASE)
_GENITIVE_END = re.compile(r"n[ıiuü]n$")


def place_after_name(before: str, word: str) -> bool:
    """Whether a title-case ``word`` taking a bare locative or ablative ("İsviçre’de") is
    where the complete name ending in ``before`` is, not that name's last word: ``before``
    is in capitals ("ODTÜ"), an organisation's kind ("Teknokent"), or a compound's head
    with its possessive ("Gıda Vadisi"). A compound name takes the possessive's ``n``
    before its case ("Silikon Vadisi’nde"), so a bare case cannot end one. (The caller
    also needs two words before it: "Teknopark İstanbul’da" stays one name.)"""
    letters = re.split(r"[’']", word)[0]
    if not letters[:1].isupper() or letters.isupper() or not BARE_CASE.match(word[len(letters) :]):
        return False
    head = re.split(r"[’']", before)[0]
    if head != before:
        return False
    lowered = tr_lower(head)
    return (head.isupper() and len(head) > 1) or bool(
        ORGANISATION_HEADS.search(lowered) or _COMPOUND_HEAD.search(lowered)
    )


def _name_groups(
    text: str, is_corpus_name, document_frequency
) -> tuple[list[tuple[str, ...]], list[str], list[tuple[str, ...]]]:
    """Runs of name words (capitalised, or written as names by the corpus) as stems in
    their order, unknown capitalised words, and the places set after a complete name
    ("Gıda Vadisi İsviçre’de": İsviçre), which are where the subject is, not a subject."""
    groups: list[list[str]] = []
    unknown: list[str] = []
    places: list[list[str]] = []
    owned = False  # a name in the genitive came before ("Teknopark İstanbul’un …")
    run: list[str] = []
    place_next = False
    titled = 0
    previous_end = 0
    previous_word = ""
    for m in _WORD.finditer(text):
        word = m.group(0).rstrip(".,;:")
        tokens = tokenize(word)
        gap = text[previous_end : m.start()]
        previous_end = m.end()
        if not tokens:
            if word and fold(word) not in ("ve", "and", "of"):
                run = []
            continue
        token = tokens[0]
        if token in _MONTHS:
            run = []
            continue  # "4 Mayıs 2010": a date, not a name
        capital = word[0].isupper()
        initial = not text[: m.start()].strip() or text[: m.start()].rstrip()[-1] in '.!?:;\n"“('
        strong = (word.isupper() and len(word) > 1) or bool(_APOS.search(word))
        # "Mavi Liman Kümelenmesi …": an opening capital followed by another one
        # starts a multi-word name.
        following = _WORD.match(text, _skip_space(text, m.end()))
        strong = strong or (initial and following is not None and following.group(0)[0].isupper())
        corpus_name = is_corpus_name(token)
        is_name = corpus_name or (capital and (not initial or strong))
        if is_name and capital and not corpus_name and document_frequency(token) == 0 and not token[0].isdigit():
            unknown.append(token)
            run = []
            continue
        letters = without_suffix(word)
        if not is_name or any(c in gap for c in ",;:()"):
            run = []
        elif (
            letters.isupper()
            and len(letters) > 1
            and len(run) >= 2
            and titled >= 2
            and (_COMPOUND_HEAD.search(tr_lower(previous_word)) or ORGANISATION_HEADS.search(previous_word))
        ):
            # "... Kümelenmesi ODTÜ": an acronym after a complete titled name starts a new
            # one; after a name still missing its head ("Kırıkkale Silah İhtisas OSB") it is
            # the head (split off, "OSB" alone was another zone's, the twelfth trial).
            run = []
        elif len(run) >= 2 and place_after_name(previous_word, word):
            run = []  # "Gıda Vadisi İsviçre’de": where the complete name before it is
            # … unless the place describes what follows ("Macaristan’daki bir küme") or the
            # name before owns what follows ("Kümelenmesinin Macaristan’daki …"): then it is
            # another name, not where the subject is.
            place_next = not (_ADJECTIVAL_CASE.search(word) or _GENITIVE_END.search(tr_lower(previous_word)))
        titled = 0 if not run else titled
        if is_name and not letters.isupper():
            titled += 1
        previous_word = word
        if is_name:
            if not run:
                run = []
                after = _WORD.match(text, _skip_space(text, m.end()))
                # "Teknopark İstanbul’un yıllık Ar-Ge geliri": after the owner's name, a name
                # with no ending of its own right before a lower-case noun is a kind of that
                # noun (what is asked of the owner), not a second subject.
                modifier = (
                    owned
                    and not _APOS.search(word)
                    and after is not None
                    and after.group(0)[0].islower()
                    and bool(content_words(after.group(0)))  # not "Türkiye'nin Başkenti neresidir?"
                )
                if place_next:
                    places.append(run)
                elif not modifier:
                    groups.append(run)  # a qualifying name's words stay in the predicate
            place_next = False
            run.append(token)
            if _APOS.search(word):
                # A case ending after an apostrophe closes the name ("Yurtland’daki Deniz
                # Araştırma Merkezi" is a place and another name, not one name).
                owned = owned or bool(_OWNER.search(fold(word)))
                run = []
    return [tuple(g) for g in groups if g], unknown, [tuple(g) for g in places if g]


#: A genitive after a name's apostrophe ("İstanbul’un", "OSTİM’in", "ODTÜ’nün"), folded.
_OWNER = re.compile(r"[’'](?:n)?[iu]n$")


#: Case endings (folded) a name takes; typed without an apostrophe ("mlknin", "mlkda")
#: they hide the name from every later stage.
_CASE_ENDINGS = (
    "nindeki ninki ndeki nden ndan nin nun nde nda deki daki teki taki den dan ten tan "
    "sidir sudur dir dur tir tur yle yla si su in un de da te ta ye ya yi yu e a i u"
).split()


#: Words of the language's own grammar a name may be spelled like once its letters are
#: folded ("YÖK" / "yok"): "yoktur" is "there is none", never "YÖK’tür".
_NEVER_NAMES = frozenset("yok var degil bir her hic".split())


def separate_name_suffixes(text: str, is_corpus_name, document_frequency) -> str:
    """``mlknin kac uyesi var`` → ``mlk’nin kac uyesi var``: a case ending typed onto a
    name the corpus uses, without the apostrophe, is set off as Turkish writes it.

    Only a word the corpus never uses as it is typed (its stem has no document)
    whose beginning is a name of the corpus is split, so ordinary words are left alone.
    """

    def split(m: re.Match) -> str:
        word = m.group(0)
        folded = fold(word)
        if len(folded) != len(word) or document_frequency(stem(folded)) > 0:
            return word
        for ending in _CASE_ENDINGS:
            base = folded[: -len(ending)]
            if folded.endswith(ending) and len(base) >= 3 and base not in _NEVER_NAMES and is_corpus_name(stem(base)):
                return f"{word[: len(base)]}’{word[len(base) :]}"
        return word

    return re.sub(r"(?<![\w’'])[^\W\d_]{4,}(?![\w’'])", split, text)


def english_name_runs(text: str) -> list[list[str]]:
    """An English text's names as runs of capitalised words after its first word, each
    hyphenated word in its parts ("Hewlett-Packard" → Hewlett, Packard), without a
    possessive "'s"."""
    runs: list[list[str]] = []
    run: list[str] = []
    for i, m in enumerate(re.finditer(r"[^\W\d_][\w’'\-]*", text)):
        word = re.sub(r"[’'](?:s)?$", "", m.group(0))
        if i == 0 or not word[:1].isupper():
            run = []
            continue
        if not run:
            runs.append(run)
        run.extend(p for p in word.split("-") if p)
    return runs


def analyse(
    text: str,
    vector: np.ndarray,
    is_corpus_name,
    document_frequency,
    extra_tokens: tuple[str, ...] = (),
    claim: bool = False,
) -> Query:
    """Read ``text`` once. ``is_corpus_name(stem)`` and ``document_frequency(stem)`` come from the index.

    Kept free of the index type so that it can be tested on its own and reused by
    any backend; :func:`kumeqa.evidence.analyse_query` passes the index's views.
    """
    qtype = CLAIM if claim else question_type(text)
    tokens = tuple(dict.fromkeys([*tokenize(text), *extra_tokens]))
    groups, unknown, places = _name_groups(text, is_corpus_name, document_frequency)
    english = is_english(text)
    if english:
        # English capitalises words the Turkish documents translate ("Health Industry
        # Cluster"): only the words the corpus itself uses are names.
        groups = [kept for g in groups if (kept := tuple(t for t in g if document_frequency(t) > 0))]
        unknown, places = [], []
    # A Turkish name puts what sets it apart first and its kind last ("Erzurum Ticaret
    # ve Sanayi Odası", "Palandöken Teknokenti"): its first word is its key.
    keys: dict[frozenset[str], str] = {}
    for g in groups:
        keys.setdefault(frozenset(g), g[0])
    name_stems = {t for g in groups for t in g}
    values = tuple(english_values(text) if english else extract_values(text))
    value_tokens = {t for v in values for t in tokenize(v.text)}
    skip = name_stems | set(unknown) | value_tokens
    predicate = tuple(t for t in tokens if t not in skip and t not in extra_tokens)
    asked = tuple(dict.fromkeys(w for w in content_words(text) if not w[0].isdigit() and stem(w) not in skip))
    head = head_noun(text)
    asked_text = " ".join(
        m.group(0) for m in _WORD.finditer(text) if not (set(tokenize(m.group(0))) & (name_stems | set(unknown)))
    )
    return Query(
        text=text,
        qtype=qtype,
        tokens=tokens,
        names=tuple(keys),
        name_keys=tuple(keys.values()),
        predicate=predicate,
        asked=asked,
        unknown_names=tuple(dict.fromkeys(unknown)),
        places=tuple(dict.fromkeys(frozenset(g) for g in places)),
        values=values,
        english=english,
        head=stem(head) if head and head not in _FOLDED_QUESTION_WORDS else None,
        vector=vector,
        measures=frozenset() if claim else asked_measures(content_words(text)),
        asked_text=asked_text,
    )


#: Month names (stems) are capitalised in dates but are not names.
MONTH_STEMS = _MONTHS = frozenset(
    stem(fold(m)) for m in "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık".split()
)

_FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in "adet tane yıl yılı yılda yılında tarihte zaman yüzde".split())


def parse(text: str, claim: bool = False) -> Query:
    """:func:`analyse` without an index: names from capitals only, no vector.

    For reading a sentence on its own (span tests, tools); the answer and verify
    stages use :func:`kumeqa.evidence.analyse_query`, which knows the corpus.
    """
    return analyse(text, np.zeros(0, np.float32), lambda _t: False, lambda _t: 1, claim=claim)
