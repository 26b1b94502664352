"""Turkish text: casing, ASCII folding, tokens and stems for BM25, sentence splitting.

Why each rule exists:

* Casing. Python's ``str.lower`` maps ``I`` to ``i`` and ``İ`` to ``i̇`` (i + combining
  dot), which is wrong for Turkish: ``ISPARTA`` must become ``ısparta`` and ``İZMİR``
  ``izmir``. We map the two dotted/dotless pairs first, then lower the rest.
* Folding. Students type without Turkish letters (``izmirde kac uretici var``). Every
  token is folded to ASCII (``ç→c ğ→g ı→i ö→o ş→s ü→u`` and circumflexes) both at
  index and at query time, so both spellings meet in the same token.
* Apostrophes. Proper nouns and numbers take their suffix after an apostrophe
  (``İZMİR’de``, ``4.500’den``). The suffix is dropped, so ``İZMİR’de`` indexes as
  ``izmir``. A letter-less query has no apostrophe (``izmirde``), which the prefix
  stem below catches.
* Stemming. Turkish is agglutinative; a 5-character prefix of the folded token is a
  cheap stem that merges ``işletme/işletmeler/işletmenin``. It beat Snowball's Turkish
  stemmer and no stemming on the dev set (``docs/tuning.md``).
* Numbers. ``.`` groups thousands and ``,`` marks decimals (``6.500``, ``1,7``), so
  tokens keep digits with their separators removed for the thousands form only.
* Sentences. A dot ends a sentence unless it belongs to an abbreviation (``vb.``,
  ``Prof.``, ``T.C.``, ``A.Ş.``), an initial, a number (``4.500``) or an ordinal
  (``4. URGE``); see :func:`split_sentences`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_UPPER_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_LOWER_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_FOLD = str.maketrans(
    {
        "ç": "c",
        "ğ": "g",
        "ı": "i",
        "ö": "o",
        "ş": "s",
        "ü": "u",
        "â": "a",
        "î": "i",
        "û": "u",
        "ê": "e",
        # "m²" kept as written in the text (normalize) is typed "m2": both fold alike.
        "¹": "1",
        "²": "2",
        "³": "3",
    }
)
#: Every apostrophe-like character a PDF or keyboard produces.
APOSTROPHES = "'’‘`´ʼ"
_APOS_RE = re.compile(f"[{APOSTROPHES}]")

STEM_PREFIX = 5

# Question words and function words: they carry no topic, and keeping them let
# BM25 rank passages by "kaç" and "nedir". General Turkish (and a few English
# question words, since English questions are supported), not facts of a corpus.
STOPWORDS = frozenset(
    """
    acaba ama ancak artık aslında az bana bazı belki ben beni benim bile bir birçok biri
    birkaç biz bu buna bunda bundan bunlar bunları bunların bunu bunun burada çok çünkü
    da daha de defa diye dolayı en gibi göre hangi hangisi hangileri hem hep her hiç için
    ile ise işte kaç kaçtır kaçta kadar kendi kez ki kim kimdir kimi kimin kimler kimlerdir kimdi mi mı
    mu mü midir mıdır mudur müdür nasıl nasıldır ne neden nedir nelerdir neydi nerede neredir nerededir neresidir
    nereden nereye niçin hangileridir
    niye o olan olarak oldu olduğu olmak olup on ona ondan onlar onu onun öyle şey şu
    şunu tarafından üzere var vardır ve veya ya yani yapılan yılında
    what when where which who whom whose why how many much is are was were the a an of
    in on at to for by and or did does do with from its it
    """.split()
)


def tr_lower(text: str) -> str:
    """Lower-case with Turkish rules (``İ→i``, ``I→ı``)."""
    return text.translate(_UPPER_TO_LOWER).lower()


def tr_upper(text: str) -> str:
    """Upper-case with Turkish rules (``i→İ``, ``ı→I``)."""
    return text.translate(_LOWER_TO_UPPER).upper()


def fold(text: str) -> str:
    """Turkish-lower and strip Turkish diacritics, for letter-less matching."""
    return tr_lower(text).translate(_FOLD)


def strip_diacritics(text: str) -> str:
    """``ç→c ğ→g ı→i ö→o ş→s ü→u`` (and circumflexes) without changing case or anything else."""
    return text.translate(_FOLD)


#: Everything but superscripts, subscripts and vulgar fractions: NFKC would rewrite ``m²``
#: as ``m2`` and ``½`` as ``1⁄2``, so an answer would no longer be the document's own text.
_NOT_KEPT_AS_WRITTEN = re.compile(r"[^\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218b]+")


def normalize(text: str) -> str:
    """NFKC except for superscripts, subscripts and fractions, with every apostrophe
    variant kept but unified to ``’``.

    NFKC turns ligatures and full-width forms into plain letters; unifying the
    apostrophes keeps ``OSTİM'de`` and ``OSTİM’de`` searchable as the same word.
    """
    text = _NOT_KEPT_AS_WRITTEN.sub(lambda run: unicodedata.normalize("NFKC", run.group(0)), text)
    return _APOS_RE.sub("’", text)


# A token: a number with Turkish separators, or a run of letters/digits.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:\d+)?|\d+", re.UNICODE)
_WORD_WITH_SUFFIX = re.compile(rf"(\w[\w.,\-]*)[{APOSTROPHES}](\w+)", re.UNICODE)


def strip_apostrophe_suffixes(text: str) -> str:
    """Drop the suffix after an apostrophe: ``OSTİM’de`` → ``OSTİM``."""
    return _WORD_WITH_SUFFIX.sub(r"\1", text)


def number_token(raw: str) -> str:
    """``6.500`` → ``6500``; ``1,7`` → ``1,7``; ``1.22`` stays ``1.22`` (a decimal)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return raw.replace(".", "")
    return raw


def without_suffix(word: str) -> str:
    """``word`` without the case ending after its apostrophe (``Sürmene’de`` → ``Sürmene``)."""
    return _SUFFIX.split(word, maxsplit=1)[0]


_SUFFIX = re.compile(r"[’']")


def words(text: str) -> list[str]:
    """Folded surface words of ``text`` (suffixes after apostrophes removed)."""
    return list(_words(text))


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[str, ...]:
    """Cached body of :func:`words` and :func:`content_words`.

    Why cached: one question reads the same candidate sentences several times over
    (features, spans, support, windows) — about 500 tokenisations per question, most
    of them repeats, and they were the larger half of a warm ``ask``. The cache holds
    immutable tuples; the public functions hand out fresh lists.
    """
    text = strip_apostrophe_suffixes(normalize(text))
    out = []
    for match in _TOKEN_RE.finditer(text):
        raw = match.group(0)
        out.append(number_token(raw) if raw[0].isdigit() else fold(raw))
    return tuple(out)


def stem(word: str) -> str:
    """Prefix stem of a folded word; numbers are kept whole."""
    if word[0].isdigit():
        return word
    return word[:STEM_PREFIX]


def common_prefix(a: str, b: str) -> int:
    """Length of the shared prefix: ``çalışan``/``çalışıyor`` share a root of 5."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def content_words(text: str) -> list[str]:
    """Folded words minus stopwords and one-letter noise."""
    return list(_content_words(text))


@lru_cache(maxsize=16384)
def _content_words(text: str) -> tuple[str, ...]:
    """Cached body of :func:`content_words` (see :func:`_words` for why)."""
    return tuple(w for w in _joined(_words(text)) if w not in _FOLDED_STOPWORDS and len(w) > 1)


#: Compounds Turkish writes both joined and apart (TDK writes "iş birliği", most texts
#: "işbirliği"; "dış satım" / "dışsatım"), as the folded first word and the folded
#: start of the second. Read as one word, both spellings share a stem: apart, "iş"
#: folds to the stopword "is" and "iş birliği" kept only "birli", which no
#: "işbirliği" shares. General orthography, not words of any document.
SPLIT_COMPOUNDS: tuple[tuple[str, str], ...] = (
    ("is", "birli"),
    ("is", "yeri"),
    ("is", "yerl"),
    ("is", "gucu"),
    ("is", "gucun"),
    ("dis", "satim"),
    ("dis", "alim"),
    ("alt", "yapi"),
    ("ust", "yapi"),
    ("oz", "kaynak"),
    ("oz", "sermaye"),
    ("hava", "alan"),
    ("hava", "liman"),
    ("yer", "alti"),
    ("bilgi", "islem"),
    ("on", "gorul"),
    ("on", "gorun"),
)
_COMPOUND_HEADS = {first: tuple(s for f, s in SPLIT_COMPOUNDS if f == first) for first, _ in SPLIT_COMPOUNDS}


def _joined(folded: tuple[str, ...]) -> tuple[str, ...]:
    """``folded`` with each compound written apart (:data:`SPLIT_COMPOUNDS`) made one word."""
    if not any(w in _COMPOUND_HEADS for w in folded):
        return folded
    out: list[str] = []
    i = 0
    while i < len(folded):
        word = folded[i]
        starts = _COMPOUND_HEADS.get(word)
        if starts and i + 1 < len(folded) and folded[i + 1].startswith(starts):
            out.append(word + folded[i + 1])
            i += 2
            continue
        out.append(word)
        i += 1
    return tuple(out)


def tokenize(text: str) -> list[str]:
    """BM25 tokens: folded, stopwords removed, prefix-stemmed."""
    return [stem(w) for w in content_words(text)]


_FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)


#: Near-synonyms of general Turkish that questions and documents use for one
#: another, above all for what a number counts ("kaç şirket" / "4.500 firma") and
#: for the measures asked about. General vocabulary, not words of any document;
#: a multilingual embedding does not separate these reliably (firma ~ şirket scored
#: below şirket ~ ihracat with e5-small), and the Turkish WordNet KeNet does not
#: link firma, şirket and işletme.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("firma", "şirket", "işletme"),
    ("çalışan", "personel", "işçi", "istihdam", "eleman"),
    ("üye", "aza"),
    ("yıl", "sene"),
    ("yıllık", "yılda"),
    ("ciro", "hasılat", "gelir"),
    ("ihracat", "dışsatım"),
    ("alan", "arazi", "yüzölçümü", "büyüklük"),
    ("kent", "şehir"),
    ("ülke", "devlet"),
    ("amaç", "hedef", "gaye", "maksat"),
    ("neden", "sebep", "gerekçe"),
    ("önemli", "kritik", "stratejik"),
    ("ilk", "birinci"),
    ("dolar", "usd"),
    ("avro", "euro", "eur"),
    ("lira", "tl"),
    ("üretim", "imalat", "imal"),
    ("kanun", "yasa", "mevzuat"),
    ("belge", "sertifika"),
    ("finansman", "para", "fon", "sermaye"),
    ("hükümet", "devlet"),
    ("taşıt", "araç", "otomobil", "araba", "otomotiv"),
    ("inkübatör", "kuluçka"),
    ("katkı", "destek"),
    ("büyüme", "artış"),
    ("laboratuvar", "lab"),
    ("ortak", "paydaş"),
    ("örgüt", "teşkilat"),
    ("dünya", "küresel", "global"),
    ("ürün", "mamul"),
    ("pazar", "piyasa"),
    ("yüzyıl", "asır"),
    # A verb of three letters is cut at five letters into different stems by voice and
    # tense: "açıldı" (acild-), "açılmıştır" (acilm-), "açtı", "açan". ("kur-" is left out:
    # who founded and what was founded differ by voice, and claims were lost, docs/tuning.md.)
    ("açıldı", "açılan", "açılmış", "açılış", "açtı", "açtığı", "açmış", "açan", "açmak", "açarak"),
)


def _synonym_stems() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        stems = {stem(fold(w)) for w in group}
        for s in stems:
            out.setdefault(s, set()).update(stems - {s})
    return {k: frozenset(v) for k, v in out.items()}


def synonyms(token: str) -> frozenset[str]:
    """Stems that mean the same as stem ``token`` in general Turkish (:data:`SYNONYM_GROUPS`)."""
    return _SYNONYMS.get(token, frozenset())


#: English nouns a "how many …" question counts, and the Turkish words (folded) that
#: count the same thing: general vocabulary, so that an English question is held to a
#: number of what it asks about ("How many employees" is not answered by "1.748 üye").
ENGLISH_COUNTED_NOUNS: dict[str, tuple[str, ...]] = {
    "employee": ("calisan", "personel", "isci", "istihdam", "kisi"),
    "worker": ("calisan", "personel", "isci", "istihdam", "kisi"),
    "people": ("kisi", "calisan", "nufus", "istihdam"),
    "person": ("kisi", "calisan"),
    "job": ("istihdam", "is", "kisi"),
    "member": ("uye",),
    "company": ("firma", "sirket", "isletme"),
    "firm": ("firma", "sirket", "isletme"),
    "business": ("firma", "sirket", "isletme"),
    "enterprise": ("firma", "sirket", "isletme"),
    "researcher": ("arastirmaci",),
    "scientist": ("bilim", "arastirmaci"),
    "university": ("universite",),
    "student": ("ogrenci",),
    "graduate": ("mezun",),
    "country": ("ulke",),
    "project": ("proje",),
    "cluster": ("kumelenme", "kume"),
    "institute": ("enstitu", "kurum"),
    "institution": ("kurum", "kurulus", "enstitu"),
    "centre": ("merkez",),
    "center": ("merkez",),
    "zone": ("bolge",),
    "region": ("bolge",),
    "park": ("park",),
    "startup": ("girisim",),
    "patent": ("patent",),
    "incubator": ("kulucka",),
    "office": ("ofis",),
    "partner": ("ortak", "paydas"),
    "sector": ("sektor",),
    "product": ("urun",),
}


def english_counted(word: str) -> tuple[str, ...]:
    """The Turkish words for an English counted noun (``employees`` → ``calisan``, …), or ()."""
    low = word.lower()
    for form in (low, low[:-1] if low.endswith("s") else low, low[:-3] + "y" if low.endswith("ies") else low):
        if form in ENGLISH_COUNTED_NOUNS:
            return ENGLISH_COUNTED_NOUNS[form]
    return ()


def acronyms(text: str, min_words: int = 3) -> list[str]:
    """Folded initials of every run of ``min_words`` or more consecutive content words.

    ``Bölgede kaç Tarım Makineleri Kümesi var`` → ``tmk`` among others; the
    caller keeps only those the corpus uses. Case is ignored because students
    type names in lower case.
    """
    words_ = content_words(text)
    alpha = [w for w in words_ if not w[0].isdigit()]
    out = []
    for size in range(min_words, min(len(alpha), 5) + 1):
        for i in range(len(alpha) - size + 1):
            out.append("".join(w[0] for w in alpha[i : i + size]))
    return out


#: Lower-case words inside a name that its acronym skips.
_NAME_JOINERS = frozenset({"ve", "ile", "için", "of", "and", "for"})
_CASED_WORD = re.compile(r"[^\W\d_]\w*(?:[’'][^\W\d_]+)?")


def name_initials(text: str, min_words: int = 2) -> list[str]:
    """Folded initials of every run of ``min_words`` to 5 consecutive capitalised words.

    What a document spells an acronym out as: its names are written with capitals
    (``Organize Sanayi Bölgeleri`` → ``osb``). Any run of content words, as
    :func:`acronyms` reads a question, made "tarihli Organize Sanayi Bölgeleri" the
    TOSB the eighth trial asked about. A run ends at anything but spaces and hyphens
    (``Hewlett-Packard`` → ``hp``).
    """
    runs: list[list[str]] = []
    run: list[str] = []
    last_end = 0
    for m in _CASED_WORD.finditer(text):
        word = m.group(0)
        if run and text[last_end : m.start()].strip(" \t\n-"):
            runs.append(run)
            run = []
        if word[0].isupper():
            run.append(fold(word)[0])
        elif run and word in _NAME_JOINERS:
            pass  # "Sanayi ve Ticaret Odası" → "sto": a name's "ve" has no letter in its acronym
        elif run:
            runs.append(run)
            run = []
        last_end = m.end()
    runs.append(run)
    out = []
    for letters in runs:
        for size in range(min_words, min(len(letters), 5) + 1):
            for i in range(len(letters) - size + 1):
                out.append("".join(letters[i : i + size]))
    return out


def with_acronym_matches(query: str, tokens: set[str]) -> set[str]:
    """``tokens`` plus the query's stems whose initials appear among them.

    A sentence that says ``TMK`` covers a question's ``Tarım Makineleri Kümesi``.
    """
    alpha = [w for w in content_words(query) if not w[0].isdigit()]
    found = set(tokens)
    for size in range(2, min(len(alpha), 5) + 1):
        for i in range(len(alpha) - size + 1):
            run = alpha[i : i + size]
            if "".join(w[0] for w in run) in tokens:
                found.update(stem(w) for w in run)
    return found


#: The letters Turkish has and English lacks.
TURKISH_LETTERS = frozenset("çğıöşüÇĞİÖŞÜ")


def has_turkish_letters(text: str) -> bool:
    """Whether ``text`` has a letter only Turkish writes (typed without them, it may be either)."""
    return any(ch in TURKISH_LETTERS for ch in text)


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English: two or more English function words, or one word
    no Turkish text uses ("has", "the", "million") in a text without Turkish letters or
    apostrophe endings (a short claim: "OSTIM has 10,000 companies.").

    Used to score an English question's coverage over the words the Turkish
    documents know, since its own words are mostly translations, and to read an English
    claim's numbers as English writes them (:func:`kumeqa.values.english_values`).
    """
    # Whole words, a suffix after an apostrophe dropped: "Teknokent'in" and "Doğu" had been
    # read as "in" and "do", and Turkish claims as English.
    words = [m.group(1) for m in _ENGLISH_WORD.finditer(text.lower())]
    if sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS) >= 2:
        return True
    # A short claim has one ("OSTIM has 10,000 companies."): a word no Turkish text uses,
    # in a text without Turkish letters or apostrophe endings, is enough.
    return (
        any(w in _ENGLISH_ONLY_WORDS for w in words)
        and not has_turkish_letters(text)
        and not re.search(r"\w['’]\w", text)
    )


#: English words that are no Turkish word, even typed without Turkish letters.
_ENGLISH_ONLY_WORDS = frozenset(
    "the a an of and with from than was were are has have had does did which what how when where who there its their"
    " worth thousand million billion trillion".split()
)
_ENGLISH_WORD = re.compile(r"([^\W\d_]+)(?:['’][^\W\d_]+)?")


_ENGLISH_FUNCTION_WORDS = frozenset(
    "the is are was were how what when where who which many much does do did there of for in by with".split()
)


# --------------------------------------------------------------------------- sentences

#: Abbreviations that end in a dot but do not end a sentence (lower-cased, without
#: the final dot). General Turkish usage, not taken from any corpus.
ABBREVIATIONS = frozenset(
    """
    vb vs vd bkz örn yy prof doç dr yrd öğr gör arş av müh uzm sn st no nr s sy ss
    ltd şti a.ş t.c inc co corp ave mr mrs ms jr sr vol ed eds çev haz yay bşk gn
    mah cad sok apt kat ör fig tab min maks yak ing alm fr lat ar.-ge
    """.split()
)
_SENT_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"“‘(\[]*[A-ZÇĞİÖŞÜ0-9]")


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` inside a text."""

    start: int
    end: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the dot at ``dot`` closes an abbreviation, initial or ordinal."""
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in '("“':
        word_start -= 1
    word = text[word_start:dot]
    low = tr_lower(word)
    if low in ABBREVIATIONS or low.rstrip(".") in ABBREVIATIONS:
        return True
    if re.fullmatch(r"[A-ZÇĞİÖŞÜ]", word):  # an initial: "M. Porter"
        return True
    if re.fullmatch(r"(?:[A-Za-zÇĞİÖŞÜçğıöşü]\.)+[A-Za-zÇĞİÖŞÜçğıöşü]?", word):  # "T.C", "A.Ş"
        return True
    # An ordinal: "4. URGE projesini", "en iyi 59. Üniversitesi", "XVIII. asırdan".
    return bool(re.fullmatch(r"\d{1,3}|[IVXLC]{1,6}", word))


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans; whitespace between sentences is left out.

    A boundary is a run of ``.!?…`` followed by white space and a capital letter or
    digit, unless the dot closes an abbreviation, initial or ordinal. A newline
    always ends a sentence (headings sit on their own line).
    """
    spans: list[Span] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line_start = line_match.start()
        line = line_match.group(0)
        start = 0
        for end_match in _SENT_END.finditer(line):
            end = end_match.end()
            if not _NEXT_START.match(line, end):
                continue
            punct = end_match.group(0)
            if punct.startswith(".") and len(punct.rstrip('"”’)]')) == 1 and _is_abbreviation(line, end_match.start()):
                continue
            spans.append(Span(line_start + start, line_start + end))
            start = end
        spans.append(Span(line_start + start, line_start + len(line)))
    return [trimmed for span in spans if (trimmed := _trim(text, span)) is not None]


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


_SYNONYMS = _synonym_stems()
