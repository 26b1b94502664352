"""What the evidence stage reads off the corpus, computed once per loaded index (:class:`CorpusViews`).

Kept apart from :mod:`kumeqa.evidence` because retrieval reads it too (a name given
again in parentheses, "Gıda Vadisi (Food Valley)", is searched under both names), and
the evidence stage reads retrieval: here, neither imports the other's module.
"""

from __future__ import annotations

import re
import threading

from .chunk import Sentence
from .index import Index
from .query import capitalised_stems
from .spans import Name, names_in
from .text import fold, name_initials, tokenize

#: "ülkemiz" in Turkish prose is Türkiye: a sentence saying it names Türkiye for a
#: question or claim that does ("Türkiye’de kaç …" / "ülkemizde 93 adet …").
_OUR_COUNTRY = frozenset(tokenize("ülkemiz ülkemizde ülkemizin ülkemizdeki"))
_TURKIYE = frozenset(tokenize("Türkiye"))

#: Case endings that make a name a modifier rather than the subject: a suffix after an
#: apostrophe ("Türkiye’nin ilk …"), or a compound name's locative, ablative or
#: genitive ("İstanbul Bölgesinde …", "… Kümelenmesinin").
_OBLIQUE = re.compile(r"(?:n[dt][ae]n?|n[ıiuü]n)$")


#: A genitive ending after an apostrophe ("OBKA’nın", "GEKA’nın", "Ostim’in").
_GENITIVE = re.compile(r"n?[ıiuü]n")
_SUBJECT_COMMA = re.compile(r"\s*(?:\([^()]{1,15}\))?\s*,")
#: A name (with its acronym in parentheses, if any) followed within three words by a
#: participle ending in -An ("üyesi olan", "tarafından kurulan"; not an ablative
#: "-dAn") and another name: a relative clause on that next name.
_MODIFIES_NEXT = re.compile(
    r"\s*(?:\([^()]{1,15}\))?(?:\s+[^\s,;:()]+){0,2}?\s+(?:eden|[^\W\d_]*[^\W\d_dt](?:y|n)?[ae]n)\s+[A-ZÇĞİÖŞÜ]"
)


def _is_list(text: str, names) -> bool:
    """Whether the sentence lists names ("A OSB, B OSB, C OSB …"): then none of them is its subject."""
    run = 1
    for a, b in zip(names, names[1:]):
        run = run + 1 if re.fullmatch(r"\s*[,;]\s*", text[a.end : b.start]) else 1
        if run >= 3:
            return True
    return False


def _nominative(text: str, name) -> bool:
    """Whether a name stands in the nominative (can be the sentence's subject)."""
    if re.match(r"[’']", text[name.end : name.end + 1]):
        return False
    return not _OBLIQUE.search(name.text.split()[-1])


#: A capitalised word taking a bare locative or ablative ("Gaziantep’teki", "Ankara’da"):
#: a place, as the documents write it.
_PLACE_WORD = re.compile(r"(?<![\w’'])([A-ZÇĞİÖŞÜ][^\W\d_]+)[’'][dt][ae]n?(?:ki)?\b")


class CorpusViews:
    """What the evidence stage reads off the corpus, computed once per loaded index.

    * which stems the corpus writes as names (capitalised inside sentences in at
      least half of their uses), so a lower-case ``ostim`` is still a name;
    * each sentence's and heading's token set (tokenizing on every query would
      cost more than the scoring itself);
    * which stems the documents write as places (a capitalised word taking a bare
      locative or ablative somewhere: ``Gaziantep’teki``), so a claim placing
      something elsewhere is compared with a place, not any name;
    * the acronyms the documents define (``OSTİM Savunma ve Havacılık Kümelenmesi
      (OSSA)``): a sentence that says ``OSSA`` also counts as naming the long form
      and the other way round, so a question may use either.
    """

    def __init__(self, index: Index) -> None:
        self._index = index
        self._tokens: dict[int, frozenset[str]] = {}
        self._headings: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()
        name_uses: dict[str, int] = {}
        uses: dict[str, int] = {}
        aliases: dict[str, set[str]] = {}
        alternates: set[tuple[frozenset[str], frozenset[str]]] = set()
        for text in [s.text for s in index.sentences] + sorted({s.section for s in index.sentences}):
            for short, long in defined_acronyms(text):
                aliases.setdefault(short, set()).update(long)
            alternates.update(alternate_names(text))
        for sentence in index.sentences:
            for token in tokenize(sentence.text):
                uses[token] = uses.get(token, 0) + 1
            for token, initial in capitalised_stems(sentence.text):
                if not initial:
                    name_uses[token] = name_uses.get(token, 0) + 1
        self.names = frozenset(t for t, n in name_uses.items() if n * 3 >= uses.get(t, n) * 2)
        self.places = frozenset(
            t for sentence in index.sentences for m in _PLACE_WORD.finditer(sentence.text) for t in tokenize(m.group(1))
        )
        self.aliases = {short: frozenset(long) for short, long in aliases.items()}
        #: Pairs of names for one thing ("Gıda Vadisi (Food Valley)"), as their stems.
        self.alternates = tuple(sorted(alternates, key=sorted))

    def expand(self, tokens: set[str] | frozenset[str]) -> frozenset[str]:
        """``tokens`` plus the long forms of the defined acronyms among them, and the acronyms of long forms."""
        out = set(tokens)
        for short, long in self.aliases.items():
            if short in tokens:
                out |= long
            elif long <= tokens:
                out.add(short)
        out |= self.other_names(tokens)
        return frozenset(out)

    def other_names(self, tokens: set[str] | frozenset[str]) -> frozenset[str]:
        """The stems of the other names (:func:`alternate_names`) of the names all of whose stems ``tokens`` hold."""
        out: set[str] = set()
        for one, other in self.alternates:
            if one <= tokens:
                out |= other
            elif other <= tokens:
                out |= one
        return frozenset(out)

    def tokens(self, sentence: Sentence) -> frozenset[str]:
        found = self._tokens.get(sentence.id)
        if found is None:
            found = self.expand(frozenset(tokenize(sentence.text)))
            if _OUR_COUNTRY & found:
                found |= _TURKIYE
            with self._lock:
                self._tokens[sentence.id] = found
        return found

    def initials(self, sentence: Sentence) -> frozenset[str]:
        """Initials of the sentence's runs of capitalised words (``Organize Sanayi Bölgesi`` → ``osb``).

        A question that writes a name's acronym then finds the sentence that spells it out.
        """
        key = -1 - sentence.id
        found = self._tokens.get(key)
        if found is None:
            found = frozenset(name_initials(sentence.text))
            with self._lock:
                self._tokens[key] = found
        return found

    def heading_initials(self, section: str) -> frozenset[str]:
        """Initials of the heading's word runs (a heading that spells out ``OSB``)."""
        key = "\0" + section
        found = self._headings.get(key)
        if found is None:
            found = frozenset(name_initials(section))
            with self._lock:
                self._headings[key] = found
        return found

    def subject(self, sentence: Sentence) -> frozenset[str] | None:
        """Stems of the entity a sentence opens with (``OSSA, 2007 tarihinde …`` → ``ossa`` and
        its long form), or None when it opens with none (``Bugün bu bilim kentinde …``)."""
        key = -20_000_000 - sentence.id
        found = self._tokens.get(key, False)
        if found is False:
            found = None
            names = names_in(sentence.text, skip_first_word=False)
            if not _is_list(sentence.text, names):
                for name in names:
                    opening = len(sentence.text[: name.start].split()) <= 2
                    # "…yola çıkan İSEK, bugün itibarıyla 187 firma…": a name set off by a
                    # comma (after its acronym in parentheses, if any) is the subject too.
                    marked = bool(_SUBJECT_COMMA.match(sentence.text, name.end))
                    if not (opening or marked):
                        continue
                    if _MODIFIES_NEXT.match(sentence.text, name.end):
                        # "EACP üyesi olan OSSA, …": the opening name is inside a relative
                        # clause on the name after it, which is the subject.
                        continue
                    entity = len(name.text.split()) > 1 or name.text.isupper() or name.stems & self.names
                    if entity and _nominative(sentence.text, name):
                        found = self._without_opening_word(sentence.text, name)
                    break
            with self._lock:
                self._tokens[key] = found
        return found

    def _without_opening_word(self, text: str, name: Name) -> frozenset[str]:
        """A name's stems without the sentence's first word when only the capital of a
        sentence start made it part of the name: "Ülkemizde Ulusal Plan …" is about the
        Ulusal Plan. The word stays when the documents write it capitalised elsewhere."""
        words = name.text.split()
        if name.start != 0 or len(words) < 2:
            return name.stems
        first = set(tokenize(words[0]))
        if not first or first & self.names:
            return name.stems
        rest = frozenset(tokenize(" ".join(words[1:])))
        return rest or name.stems

    def heading(self, section: str) -> frozenset[str]:
        found = self._headings.get(section)
        if found is None:
            title = section.split(" ", 1)[1] if section.startswith("§") and " " in section else section
            found = self.expand(frozenset(tokenize(title)))
            with self._lock:
                self._headings[section] = found
        return found

    def topic(self, sentence: Sentence, reach: int = 4) -> frozenset[str]:
        """Stems of the entity the sentences before this one are about: the name opening
        the nearest of them (up to ``reach`` back, in the same section) that opens with one.

        A paragraph names its entity once and then says "Ajansın …", "Söz konusu ajansın
        …", "Burada …" for several sentences: the figure two sentences on is still that
        entity's, while the section heading names only the kind ("Batı Bölgelerindeki
        Ajanslar")."""
        key = -30_000_000 - sentence.id
        found = self._tokens.get(key)
        if found is None:
            found = frozenset()
            earlier = self.previous(sentence)
            for _ in range(reach):
                if earlier is None:
                    break
                opening = self.opening_entity(earlier)
                if opening:
                    found = opening
                    break
                earlier = self.previous(earlier)
            with self._lock:
                self._tokens[key] = found
        return found

    def opening_entity(self, sentence: Sentence) -> frozenset[str]:
        """The stems of the name a sentence starts with, as its subject or its owner
        ("OBKA’nın öncelikli sektörleri …"), with the acronym it defines there
        ("Kuzey Marmara Kalkınma Ajansı (KUMKA), …"); empty when it starts otherwise
        (with a place it is in: "İzmir’de …")."""
        key = -40_000_000 - sentence.id
        found = self._tokens.get(key)
        if found is None:
            found = self._opening(sentence.text)
            with self._lock:
                self._tokens[key] = found
        return found

    def _opening(self, text: str) -> frozenset[str]:
        names = names_in(text, skip_first_word=False)
        if not names or names[0].start != 0:
            return frozenset()
        name = names[0]
        if not (len(name.text.split()) > 1 or name.text.isupper() or name.stems & self.names):
            return frozenset()
        ending = re.match(r"[’'](\w+)", text[name.end :])
        if ending and not _GENITIVE.fullmatch(ending.group(1)):
            return frozenset()
        defined = {short for short, long in defined_acronyms(text) if len(long & name.stems) >= 2}
        return self.expand(name.stems | defined)

    def previous(self, sentence: Sentence) -> Sentence | None:
        """The sentence before, when it is in the same section of the same document."""
        if sentence.id == 0:
            return None
        previous = self._index.sentences[sentence.id - 1]
        if previous.source != sentence.source or previous.section != sentence.section:
            return None
        return previous

    def next(self, sentence: Sentence) -> Sentence | None:
        """The sentence after, when it is in the same section of the same document."""
        if sentence.id + 1 >= len(self._index.sentences):
            return None
        following = self._index.sentences[sentence.id + 1]
        if following.source != sentence.source or following.section != sentence.section:
            return None
        return following


_DEFINITION = re.compile(r"\(\s*([A-ZÇĞİÖŞÜ][A-ZÇĞİÖŞÜa-zçğıöşü.\-]{1,11})\s*\)")


def _name_before(text: str, end: int) -> list[str]:
    """The words of the capitalised run (``ve``/``and``/``ile`` allowed inside) that ends
    right before ``end``, at most eight: the name a parenthesis after it gives again."""
    words = re.findall(r"[^\W\d_][\w’'\-]*", text[:end])[-8:]
    run: list[str] = []
    for word in reversed(words):
        if word[0].isupper():
            run.insert(0, word)
        elif fold(word) in ("ve", "and", "ile") and run:
            run.insert(0, word)
        else:
            break
    while run and not run[0][0].isupper():
        run.pop(0)
    return run


def defined_acronyms(text: str) -> list[tuple[str, frozenset[str]]]:
    """``(acronym stem, stems of its long form)`` for every ``Long Form Name (LFN)`` in ``text``.

    The long form is the capitalised run (``ve``/``and`` allowed inside) right
    before the parenthesis; an acronym must be mostly capitals and shorter than it.
    """
    found = []
    for m in _DEFINITION.finditer(text):
        short = m.group(1)
        if sum(c.isupper() for c in short) * 2 < len(short.replace(".", "")):
            continue
        run = _name_before(text, m.start())
        long = frozenset(tokenize(" ".join(run)))
        short_tokens = tokenize(short)
        if len(run) >= 2 and short_tokens and short_tokens[0] not in long:
            found.append((short_tokens[0], long))
    return found


#: A name given again in parentheses, in another language or form: "(Food Valley)",
#: "(World Intellectual Property Organization, WIPO)" — two or more capitalised words.
_ALTERNATE = re.compile(
    r"\(\s*([A-ZÇĞİÖŞÜ][\w’'\-]*(?:\s+(?:[A-ZÇĞİÖŞÜ][\w’'\-]*|of|and|for))*\s+[A-ZÇĞİÖŞÜ][\w’'\-]*)\s*[,;)]"
)


def alternate_names(text: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """``(stems of a name, stems of the other name it is given in parentheses)`` for every
    ``Gıda Vadisi (Food Valley)`` in ``text``: an English question says "Food Valley",
    the sentences on it "Gıda Vadisi" (the eighth trial's question was declined)."""
    found = []
    for m in _ALTERNATE.finditer(text):
        run = _name_before(text, m.start())
        one, other = frozenset(tokenize(" ".join(run))), frozenset(tokenize(m.group(1)))
        if len(run) >= 2 and len(other) >= 2 and not one & other:
            found.append((one, other))
    return found


_VIEWS_LOCK = threading.Lock()


def views(index: Index) -> CorpusViews:
    """The index's :class:`CorpusViews`, built on first use and kept with the index."""
    found = index.cache.get("evidence")
    if found is None:
        with _VIEWS_LOCK:
            found = index.cache.get("evidence")
            if found is None:
                found = index.cache["evidence"] = CorpusViews(index)
    return found
