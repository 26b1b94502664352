"""Give a question typed without Turkish letters the letters the documents spell it with.

Students type ``karayelde kac firma var``. Word matching never minds (every token is
folded to ASCII on both sides, :func:`kumeqa.text.fold`), but the embedding model
does: to it ``kac`` and ``kaç``, ``sirket`` and ``şirket`` are different pieces, and
the letter-less question lands further from its answer than the same question with
its letters. So before a question is embedded, its letters are put back:

* a word the documents use in that folded form takes the documents' most frequent
  spelling (``karayelde`` → ``KARAYEL’de``, ``kumelenmesi`` → ``kümelenmesi``);
* otherwise, the longest prefix that is a name of the documents takes its spelling
  and an apostrophe (``mlkda`` → ``MLK’da``), or the longest prefix (4+ letters)
  some document word starts with takes that word's letters, and the rest follows vowel harmony (``firmalari`` →
  ``firmaları``); a word the documents never start like that is left as typed;
* question and function words come from the general Turkish list in
  :data:`kumeqa.text.STOPWORDS` (``kac`` → ``kaç``, ``nasil`` → ``nasıl``).

Only a text with no Turkish letter at all is touched, and in it only the words
typed in lower case without an apostrophe: a word the user wrote with capitals or
an apostrophe is theirs. English questions are left alone. The restored text is
embedded, and a question's names are read from it (``kizilirmak`` is the documents'
``Kızılırmak``, so the subject check applies to it); claims keep what the user typed
(their names read from the restored text measured worse on the tuning split).

Why from the documents and not a general deasciifier: no deasciifier is
installable here (PyPI ``turkish-deasciifier`` is not in the registry), and the
words that matter most — the documents' names and terms — are exactly the ones a
general model knows least.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .text import STOPWORDS, fold, has_turkish_letters, is_english, normalize, tr_lower

_VOWELS = "aeıioöuü"
_WORD = re.compile(r"[^\W\d_]+(?:’[^\W\d_]+)?")
#: Shortest prefix that may lend its letters to an unknown word.
MIN_PREFIX = 4


@dataclass(frozen=True)
class Spellings:
    """How the documents spell words: by folded form, and by folded prefix."""

    words: dict[str, str]
    prefixes: dict[str, str]


def spellings(texts: Iterable[str]) -> Spellings:
    """Count every word form of ``texts``: the most frequent spelling of each folded form wins."""
    whole: dict[str, Counter] = defaultdict(Counter)
    prefix: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for i, match in enumerate(_WORD.finditer(normalize(text))):
            word = match.group(0)
            # A sentence's first word is capitalised whatever it is: it counts only
            # where the word is never seen elsewhere.
            whole[fold(word.replace("’", ""))][word] += 0.01 if i == 0 else 1
            lower = tr_lower(word.split("’")[0])
            folded = fold(lower)
            if len(folded) != len(lower):
                continue
            for n in range(MIN_PREFIX, len(folded) + 1):
                prefix[folded[:n]][lower[:n]] += 1
    for word in STOPWORDS:
        if has_turkish_letters(word):
            whole[fold(word)] = Counter({word: 1})
    return Spellings(
        {k: c.most_common(1)[0][0] for k, c in whole.items()},
        {k: c.most_common(1)[0][0] for k, c in prefix.items()},
    )


def restore(text: str, known: Spellings) -> str:
    """``text`` with Turkish letters put back where the documents say how (see the module docstring)."""
    if has_turkish_letters(text) or is_english(text):
        return text

    def one(match: re.Match) -> str:
        word = match.group(0)
        if word != word.lower() or "’" in word:
            return word
        found = known.words.get(word)
        if found is not None:
            return found
        for n in range(len(word) - 1, 2, -1):
            whole = known.words.get(word[:n])
            if whole is not None and whole != tr_lower(whole):
                # A name with a case ending typed on: ``karayelde`` → ``KARAYEL’de``.
                return whole + "’" + _harmonise(tr_lower(whole), word[n:])
            lent = known.prefixes.get(word[:n]) if n >= MIN_PREFIX else None
            if lent is not None:
                return lent + _harmonise(lent, word[n:])
        return word

    return _WORD.sub(one, normalize(text))


def _harmonise(stem: str, suffix: str) -> str:
    """Suffix letters after ``stem`` by vowel harmony: ``i`` after a back vowel is ``ı``,
    ``u`` after a front vowel ``ü``, and ``g`` between vowels ``ğ``."""
    last = next((ch for ch in reversed(stem) if ch in _VOWELS), "e")
    out = []
    for i, ch in enumerate(suffix):
        if ch == "i" and last in "aı":
            ch = "ı"
        elif ch == "u" and last in "eiöü":
            ch = "ü"
        elif ch == "g" and 0 < i < len(suffix) - 1 and suffix[i - 1] in _VOWELS and suffix[i + 1] in _VOWELS:
            ch = "ğ"
        if ch in _VOWELS:
            last = ch
        out.append(ch)
    return "".join(out)
