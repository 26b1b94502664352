"""English → Turkish word bridge, so that an English question's words can be found in Turkish text.

Why: an English question shares no word with the Turkish sentence that answers it,
so word overlap said nothing and the multilingual embedding alone ranked the
sentences; on the tuning split's English questions that was the weakest kind.
The Turkish WordNet KeNet (PyPI ``nlptoolkit-wordnet``, which also ships Princeton
WordNet 3.1) links 23,308 of its synsets to English synsets. Following those links
gives each English word its Turkish translations (``employee`` → çalışan, personel,
işçi …; ``founded`` → kurmak, başlamak …). Senses are not told apart: a wrong sense
rarely appears among the sentences retrieved for the question, and the English
ranker learns how much the resulting coverage is worth (tuning split, English ranker
cross-validated hit@1 0.774 → 0.849).

Only the package's XML files are read, not its code (which needs ``pkg_resources``).
Reading them takes about 3 s, so the map is kept as a small JSON file beside the
index (keyed by the package's version) and in memory.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import logging
import os
import re
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections import defaultdict
from functools import cache
from pathlib import Path

from .text import STEM_PREFIX, content_words, fold, stem, synonyms

log = logging.getLogger(__name__)

_PACKAGE = "nlptoolkit-wordnet"

#: English words that say nothing about what is asked: articles, pronouns, auxiliaries,
#: question words, prepositions and quantifiers (general English).
ENGLISH_STOPWORDS = frozenset(
    """
    a about after all also an and any are as at be been before being both but by can could did do
    does done during each either few for from get got had has have he her here his how however i if
    in into is it its just many may me might more most much must my no not of on one only or other
    our own same she should so some such than that the their them then there these they this those
    through to too under until up us very was we were what when where whether which while who whom
    whose why will with would yet you your
    """.split()
)

#: English inflections tried in order when a word itself has no entry (WordNet's own
#: "morphy" detachment rules): ``companies`` → company, ``founded`` → found, ``largest`` → large.
_DETACH = (
    ("ies", "y"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("men", "man"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("ied", "y"),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("est", "e"),
    ("est", ""),
    ("er", "e"),
    ("er", ""),
)

#: The Turkish infinitive endings: a verb is matched by its root (``kurmak`` → kur…).
_INFINITIVE = re.compile(r"(?:mak|mek)$")
#: Turkish light verbs: in "ihraç etmek" the noun says what is done.
_LIGHT_VERBS = frozenset({"etmek", "olmak", "yapmak", "eylemek", "kilmak", "edilmek", "olunmak"})

_LOCK = threading.Lock()
_LOADED: dict[str, dict[str, tuple[str, ...]]] = {}


def translations(word: str, cache_dir: Path | None = None) -> tuple[str, ...]:
    """The Turkish keys for an English ``word`` (any inflection), or () when unknown.

    A key is the prefix stem of a Turkish noun or adjective (``firma``, ``calis``),
    or a verb's root ending in ``-`` (``kur-``): a sentence matches it by
    :func:`matches`.
    """
    bridge = english_bridge(cache_dir)
    low = word.lower()
    found = set(bridge.get(low, ()))
    # Every base form, as WordNet's morphy does ("established" is an adjective of its
    # own and a form of "establish"): a word's senses include its base form's.
    for suffix, replacement in _DETACH:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            found.update(bridge.get(low[: -len(suffix)] + replacement, ()))
    return tuple(sorted(found))


def english_words(text: str) -> list[str]:
    """The content words of an English question: not function words, not names.

    A capitalised word after the first is a name ("OSTIM", "Silicon Valley") and is
    read by the name features instead.
    """
    found = []
    for i, match in enumerate(re.finditer(r"[A-Za-z][A-Za-z\-]*", text)):
        word = match.group()
        low = word.lower()
        if low in ENGLISH_STOPWORDS or len(low) < 3 or (i > 0 and word[0].isupper()):
            continue
        found.append(low)
    return found


def matches(key: str, tokens: set[str] | frozenset[str]) -> bool:
    """Whether a Turkish key of :func:`translations` is among a sentence's stems."""
    if key.endswith("-"):
        root = key[:-1][:STEM_PREFIX]
        return any(t.startswith(root) for t in tokens)
    return key in tokens or not synonyms(key).isdisjoint(tokens)


def english_bridge(cache_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """English word → Turkish keys, read once per process (and kept in ``cache_dir``)."""
    version = _version()
    found = _LOADED.get(version)
    if found is not None:
        return found
    with _LOCK:
        found = _LOADED.get(version)
        if found is None:
            found = _LOADED[version] = _load_or_build(version, cache_dir)
    return found


@cache
def _version() -> str:
    """The installed package's version, read once: looking it up reads package metadata
    from disk, and every English word of every question asks for the bridge."""
    try:
        return importlib.metadata.version(_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _load_or_build(version: str, cache_dir: Path | None) -> dict[str, tuple[str, ...]]:
    path = cache_dir / f"lexicon-en-tr-{version}.json" if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {k: tuple(v) for k, v in data.items()}
        except (OSError, ValueError) as exc:
            log.warning("lexicon cache %s unreadable (%s); reading WordNet again", path, exc)
    bridge = build_bridge()
    if path is not None and bridge:
        _write(path, bridge)
    return bridge


def _write(path: Path, bridge: dict[str, tuple[str, ...]]) -> None:
    """Write atomically; a cache that cannot be written only costs the next process 3 s."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(bridge, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not keep the lexicon in %s: %s", path.parent, exc)


def build_bridge() -> dict[str, tuple[str, ...]]:
    """Read the two WordNets and follow KeNet's links to English synsets.

    Without the package (an install that left it out) English questions fall back to
    the embedding alone, as before: an empty map.
    """
    try:
        data = importlib.resources.files("WordNet.data")
        english_xml = data.joinpath("english_wordnet_version_31.xml")
        turkish_xml = data.joinpath("turkish_wordnet.xml")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        log.warning("Turkish WordNet not installed (%s): English questions use the embedding alone", exc)
        return {}
    english: dict[str, list[str]] = {}
    with english_xml.open("rb") as stream:
        for synset in _synsets(stream):
            english[synset.findtext("ID", "")] = _literals(synset)
    bridge: dict[str, set[str]] = defaultdict(set)
    with turkish_xml.open("rb") as stream:
        for synset in _synsets(stream):
            links = [link.text.strip() for link in synset.findall("ILR") if link.text]
            if not links:
                continue
            keys = {key for literal in _literals(synset) if (key := _turkish_key(literal))}
            if not keys:
                continue
            for link in links:
                for word in english.get(link, ()):
                    bridge[word.lower()] |= keys
    # Irregular forms (``built`` → build, ``children`` → child) from WordNet's exception list.
    with data.joinpath("english_exception.xml").open("rb") as stream:
        for _, element in ET.iterparse(stream):
            form, root = element.get("name"), element.get("root")
            if element.tag == "word" and form and root and form not in bridge and root in bridge:
                bridge[form] = bridge[root]
    return {word: tuple(sorted(keys)) for word, keys in bridge.items()}


def _synsets(stream):
    for _, element in ET.iterparse(stream):
        if element.tag == "SYNSET":
            yield element
            element.clear()


def _literals(synset) -> list[str]:
    synonym = synset.find("SYNONYM")
    if synonym is None:
        return []
    return [literal.text.strip() for literal in synonym.findall("LITERAL") if literal.text and literal.text.strip()]


def _turkish_key(literal: str) -> str | None:
    """A one-word Turkish literal as a key: a verb's root (``kurmak`` → ``kur-``) or a stem.

    Multi-word literals ("yer almak", "yüz ölçümü") are left out: matching their
    words one by one would match the light verb or the first word alone.
    """
    parts = literal.split()
    if len(parts) == 2 and fold(parts[1]) in _LIGHT_VERBS:
        # "ihraç etmek", "kabul olmak": the noun carries the meaning (ihraç → ihracat).
        parts = parts[:1]
    words = content_words(" ".join(parts))
    if len(words) != 1 or len(parts) != 1:
        return None
    word = fold(words[0])
    if word in _LIGHT_VERBS:
        return None
    if _INFINITIVE.search(word):
        root = _INFINITIVE.sub("", word)
        return f"{root}-" if len(root) >= 3 else None
    return stem(word) if len(word) >= 2 else None


def translated_shares(
    translated: tuple[tuple[str, ...], ...], tokens: set[str] | frozenset[str], weak: set[str] | frozenset[str]
) -> tuple[float, float]:
    """Share of an English query's words (each as its Turkish keys) found in ``tokens``, and
    the same share where a word found only in ``weak`` (the heading, the sentence before)
    counts half: the ``lexical`` and ``lexical_ctx`` features, in one pass."""
    if not translated:
        return 0.0, 0.0
    found = weakly = 0
    for keys in translated:
        if any(matches(k, tokens) for k in keys):
            found += 1
        elif weak and any(matches(k, weak) for k in keys):
            weakly += 1
    return found / len(translated), (found + weakly / 2) / len(translated)
