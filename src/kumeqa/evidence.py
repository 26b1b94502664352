"""Retrieved passages → scored sentences: the one evidence loop answering and fact-checking share.

Every sentence of the top passages is described by the same features, whether
the input is a question or a claim (:data:`FEATURES`): how close it is in the
dense space, how much of the query's words it (or its heading and the sentence
before it) contains, whether it names the query's subject, whether it holds a
candidate of the asked type, how its passage ranked. A linear model turns the
features into a probability that the sentence is the evidence; its weights are
learned on the tuning split (``scripts/train.py``) and live in
:mod:`kumeqa.config` — one set for questions, one for claims, the same features.

Why one loop: two copies of a scoring loop drift apart silently. Before this
module, answering and fact-checking weighed names, units and context differently
and disagreed on the same sentence.

Why a learned linear model rather than hand weights: hand weights fitted the
questions they were tuned on and not the next ones (0.95 vs 0.58 on unseen
paraphrases). A logistic regression over a handful of bounded features, chosen by
cross-validation on the tuning split and checked on the locked test split, is as
cheap to run and says how much each signal is worth.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from .chunk import Sentence
from .corpusviews import CorpusViews, views
from .embed import DEFAULT_MODEL_ID
from .index import Index
from .letters import restore
from .lexicon import english_words, translated_shares, translations
from .query import CLAIM, TYPED, Query, analyse, english_name_runs, separate_name_suffixes
from .retrieve import Hit, Retrieval, query_tokens, retrieve
from .scoring import coverage, idf, max_idf
from .spans import best_candidate
from .text import acronyms, fold, synonyms, tokenize, with_acronym_matches
from .values import extract_values

#: The features of a (query, sentence) pair, in the order the weights use.
FEATURES: tuple[str, ...] = (
    "dense",  # cosine of query and sentence
    "dense_gap",  # that cosine minus the best cosine among the candidates (≤ 0)
    "dense_prev",  # cosine of query and the sentence before (it may carry the subject)
    "dense_asked",  # cosine of the query without its subject's names and the sentence
    "asked_gap",  # that cosine minus the best one among the candidates (≤ 0)
    "pred_unknown",  # IDF share of the query's predicate stems the corpus never uses
    "lexical",  # IDF-weighted share of the query's stems in the sentence
    "lexical_ctx",  # the same, stems of the heading and the sentence before counting half
    "predicate",  # share of the query's non-name stems in the sentence (+ context at half)
    "missing",  # the rarest predicate stem absent from the sentence and its context (its IDF, scaled)
    "names",  # share of the query's subject names in the sentence
    "names_ctx",  # share of them in the sentence, its heading or the sentence before
    "subject",  # the sentence opens with the query's subject (1), with another entity (0), with none (0.5)
    "placed",  # the sentence names the query's subject only as a place (OSTİM’de), the query not
    "no_names",  # the query names no subject
    "unknown",  # the query has a capitalised name the corpus never uses
    "typed",  # the query asks for a value or a name (kaç, ne zaman, kim, nerede, hangi) / a claim states a value
    "type_ok",  # the sentence holds a candidate of that type (claims: a comparable value)
    "type_prior",  # how well the best candidate fits (its counted noun is the asked one ...)
    "type_prev",  # the sentence before holds a candidate and this one refers back to it
    "passage",  # fused retrieval score of the passage, relative to the best passage
    "rank",  # 1 / rank of the passage
    "anaphor",  # the sentence refers back (Bu ..., Burada ...)
    "english",  # the query is in English
    "length",  # sentence length (characters / 400, capped at 1)
)

#: The features the English ranker reads (:attr:`kumeqa.config.AnswerConfig.english_weights`):
#: the similarity of what is asked alone and of the whole question (each relative to the
#: best candidate), the subject's names (only those the corpus uses survive in an English
#: question) and whether the sentence holds a value of the asked type. Chosen by grouped
#: cross-validation on the tuning split's 30 English questions among eleven sets (hit@1
#: 0.80; the similarity alone 0.66, with passage rank added 0.38-0.62): few questions,
#: so the locked test split is the judge.
ENGLISH_FEATURES: tuple[str, ...] = ("asked_gap", "dense_gap", "names_ctx", "type_ok", "lexical_ctx")

#: Sentence openings that refer back to the sentence before: Turkish demonstratives.
_ANAPHOR = re.compile(
    r"^(?:bu|bunun|bunlar\w*|burada\w*|bunda\w*|bundan|boylece|soz konusu|ayni \w+|ayrica|o donem\w*|sehir\w*)\b"
    r"|\bburada\w*\b|\bbu (?:bolge|kume|kent|sehir|merkez|park|yapi|kurum|sirket|donem|tarih)\w*\b"
)


@dataclass(frozen=True)
class Scored:
    """A sentence weighed against a query: its features and the model's probability."""

    sentence: Sentence
    hit: Hit
    features: tuple[float, ...]
    score: float

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]


@dataclass(frozen=True)
class Evidence:
    """The query, its retrieval and every candidate sentence, best first."""

    query: Query
    retrieval: Retrieval
    ranked: tuple[Scored, ...]


# ------------------------------------------------------------------ the stage


def _starts_a_word(index: Index):
    """Whether some word of the documents starts with a folded word (:mod:`kumeqa.letters`
    counts their words and prefixes once per index)."""
    known = index.spellings()
    return lambda folded: folded in known.words or folded in known.prefixes


def _english_names(index: Index, text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """An English question's names the documents do not write as it does.

    A name of one word no document word starts with, whose prefix stem some document
    word shares, and whose Turkish translation (:mod:`kumeqa.lexicon`) the documents
    use, is read as that translation ("France": its stem "franc" is "San Francisco"'s,
    its "Fransa" is the documents' France): the stem and the documents' stem for it.

    A name whose stems no document uses, that translates, but into no word they use
    either ("Germany" → "Almanya" where no document names it), is one they never
    mention: its stems. A name with no dictionary word ("Cappadocia") is left alone:
    the documents may spell it their own way ("Kapadokya")."""
    known = _starts_a_word(index)
    frequency = index.backend.document_frequency
    cache = index.settings.index_dir
    read_as: dict[str, str] = {}
    unknown: list[str] = []
    for run in english_name_runs(text):
        if any(known(fold(word)) for word in run):
            continue
        stems = [t for word in run for t in tokenize(word)]
        keys = [k.rstrip("-") for word in run for k in translations(word, cache)]
        used = sorted({k for k in keys if (known(k) if len(k) >= 4 else frequency(k) > 0)})
        if len(run) == 1 and used and any(frequency(t) > 0 for t in stems):
            best = max(used, key=frequency)
            read_as.update({t: best for t in stems})
        elif keys and not used and not any(frequency(t) > 0 for t in stems):
            unknown.extend(stems)
    return read_as, tuple(dict.fromkeys(unknown))


def _read_names_as(query: Query, read_as: dict[str, str]) -> Query:
    """``query`` with the stems of its names replaced as ``read_as`` says (each name's key too)."""
    names = tuple(frozenset(read_as.get(t, t) for t in group) for group in query.names)
    keys = tuple(read_as.get(k, k) for k in query.name_keys)
    return replace(query, names=names, name_keys=keys)


def analyse_query(index: Index, text: str, claim: bool = False, embed: bool = True) -> Query:
    """:func:`kumeqa.query.analyse` with the index's vector, names and document frequencies.

    ``embed=False`` skips the embedding (a zero vector) for callers that only read
    the words, such as the follow-up resolver looking at earlier turns.
    """
    corpus = views(index)
    spelled: set[str] = set()
    if not claim:
        # "kizilirmak kulucka merkezinden kac girisim": a question typed without letters or
        # capitals has its names read as the documents spell them ("Kızılırmak …’nden"): a
        # word the documents mostly write with a capital is one of their names. Only the
        # capitals the restoring put there count ("Kumede kac firma", capitalised by a
        # phone, names nothing). (Claims measured worse with it, 0.921 → 0.915.)
        restored = restore(text, index.spellings())
        if restored != text:
            spelled = _capitalised_first_stems(restored) - _capitalised_first_stems(text)
            text = restored
    is_name = (lambda t: t in corpus.names or t in spelled) if spelled else (lambda t: t in corpus.names)
    text = separate_name_suffixes(text, is_name, index.backend.document_frequency)
    tokens = query_tokens(text, index.backend)
    plain = set(tokenize(text))
    query = analyse(
        text,
        index.query_vector(text) if embed else np.zeros(index.embedder.dim, np.float32),
        is_corpus_name=is_name,
        document_frequency=index.backend.document_frequency,
        extra_tokens=tuple(t for t in tokens if t not in plain),
        claim=claim,
    )
    # A name written out also goes by the acronym the documents define for it, and
    # the other way round: both stand for the same subject.
    names = tuple(frozenset(corpus.expand(group)) for group in query.names)
    if names != query.names:
        query = replace(query, names=names)
    if embed and query.names and query.asked_text.strip() and query.asked_text != text:
        # The asked part on its own: a sentence about the right subject that does not
        # say what is asked (an officer, a yearly figure) is close to the whole
        # question but not to this.
        query = replace(query, asked_vector=index.query_vector(query.asked_text))
    if query.english:
        cache = index.settings.index_dir
        translated = tuple(found for w in english_words(text) if (found := translations(w, cache)))
        query = replace(query, translated=translated)
        read_as, unknown = _english_names(index, text)
        if read_as:
            query = _read_names_as(query, read_as)
        if unknown:
            query = replace(query, unknown_names=unknown)
    return query


def _capitalised_first_stems(text: str) -> set[str]:
    """The stems of the capitalised words of ``text`` (each word's first token)."""
    return {t for w in text.split() if w[:1].isupper() for t in tokenize(w)[:1]}


def gather(index: Index, query: Query, weights: dict[str, float] | None, k: int | None = None) -> Evidence:
    """Retrieve for ``query`` and score every sentence of the top passages (best first).

    ``weights`` maps feature names (and ``"bias"``) to weights; ``None`` leaves the
    score at 0 (the training script only wants the features).
    """
    config = index.settings.answer
    depth = k or config.passages_considered
    retrieval = retrieve(index, query.text, k=depth)
    rows = _features(index, query, retrieval.hits[:depth])
    if query.english and weights is not None and query.qtype != CLAIM:
        # English questions are read by the multilingual model alone (word overlap and
        # Turkish morphology say nothing about them), with weights learned on the
        # tuning split's English questions.
        weights = dict(config.english_weights)
    scored = [Scored(s, h, f, _probability(f, weights)) for s, h, f in rows]
    # Stable: ties go to the earlier sentence in the corpus.
    scored.sort(key=lambda s: (-s.score, s.sentence.id))
    return Evidence(query, retrieval, tuple(scored))


def _probability(features: tuple[float, ...], weights: dict[str, float] | None) -> float:
    if not weights:
        return 0.0
    z = weights.get("bias", 0.0) + sum(weights.get(name, 0.0) * f for name, f in zip(FEATURES, features))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def _features(index: Index, query: Query, hits: tuple[Hit, ...]) -> list[tuple[Sentence, Hit, tuple[float, ...]]]:
    if not hits:
        return []
    corpus = views(index)
    top_score = hits[0].score or 1.0
    q_tokens = query.tokens
    if query.qtype == CLAIM:
        # A claim's own values must not pull in sentences that merely repeat them
        # ("Stanford 1909'da açıldı" is not about the 1909 of another sentence).
        value_tokens = {t for v in query.values for t in tokenize(v.text)}
        q_tokens = tuple(t for t in q_tokens if t not in value_tokens)
    predicate = query.predicate
    names = query.names
    # The query's acronyms (``OSB``) that a sentence may spell out instead.
    acronym_tokens = {t for t in query.tokens if 2 <= len(t) <= 5 and t.isalpha()}
    typed = query.typed or (query.qtype == CLAIM and bool(query.values))
    weight = lambda t: idf(index, t)  # noqa: E731
    seen: dict[int, tuple[Hit, int]] = {}
    for rank, hit in enumerate(hits, start=1):
        for sid in hit.passage.sentence_ids:
            seen.setdefault(sid, (hit, rank))
    ids = list(seen)
    on_scale = _e5_scale(index, query.vector)
    cosines = on_scale(index.sentence_vectors[ids] @ query.vector)
    asked = (
        _e5_scale(index, query.asked_vector)(index.sentence_vectors[ids] @ query.asked_vector)
        if len(query.asked_vector)
        else cosines
    )
    best_asked = float(asked.max()) if len(ids) else 0.0
    unknown = _unknown_share(index, query.predicate)
    keys = spoken_keys(query)
    best_cos = float(cosines.max()) if len(ids) else 0.0
    rows = []
    for sid, cos, asked_cos in zip(ids, cosines.tolist(), asked.tolist()):
        hit, rank = seen[sid]
        sentence = index.sentences[sid]
        tokens = set(with_acronym_matches(query.text, set(corpus.tokens(sentence))))
        tokens |= acronym_tokens & corpus.initials(sentence)
        previous = corpus.previous(sentence)
        prev_tokens = corpus.tokens(previous) if previous else frozenset()
        heading = corpus.heading(sentence.section) | (acronym_tokens & corpus.heading_initials(sentence.section))
        if previous:
            prev_tokens |= acronym_tokens & corpus.initials(previous)
        topic = corpus.topic(sentence)
        context = heading | prev_tokens | topic
        # The names around the sentence: when the sentence before opens with an entity,
        # that entity is what "Ajansın …"/"Burada …" refers to, not the other names it
        # mentions on the way ("AOKA, … GEKA ile birlikte 2006 yılında kurulan …").
        opening = corpus.opening_entity(previous) if previous else frozenset()
        name_context = heading | topic | (opening or prev_tokens)
        folded = fold(sentence.text)
        anaphor = bool(_ANAPHOR.search(folded))
        prev_cos = float(on_scale(index.sentence_vectors[previous.id] @ query.vector)) if previous else 0.0
        subject = subject_match(corpus, query, sentence)
        if query.qtype == CLAIM:
            type_ok, prior = _claim_value_fit(query, sentence.text)
            type_prev = 0.0
        elif query.qtype in TYPED:
            best = best_candidate(sentence.text, query, weight)
            type_ok, prior = (1.0, min(best[1], 4.0) / 4.0) if best else (0.0, 0.0)
            type_prev = float(
                not best and anaphor and previous is not None and best_candidate(previous.text, query) is not None
            )
        else:
            type_ok, prior, type_prev = 1.0, 0.0, 0.0
        if query.english:
            # An English query's own words never occur in the Turkish text: its
            # overlap is the share of its words a translation of which the sentence
            # uses (the heading and the sentence before counting half); the Turkish
            # predicate features stay uninformative.
            lexical, lexical_ctx = translated_shares(query.translated, tokens, context)
            pred = 0.0
        else:
            lexical = coverage(index, q_tokens, tokens, set())
            lexical_ctx = coverage(index, q_tokens, tokens, context)
            pred = coverage(index, predicate, tokens, context) if predicate else 1.0
        missing = 0.0 if query.english else _missing(index, predicate, tokens | context)
        features = (
            cos,
            cos - best_cos,
            prev_cos,
            asked_cos,
            asked_cos - best_asked,
            unknown,
            lexical,
            lexical_ctx,
            pred,
            missing,
            share(names, tokens, query.name_keys),
            share(names, tokens | name_context, query.name_keys),
            subject,
            placed(keys, sentence.text, subject, query.names),
            float(not names),
            float(bool(query.unknown_names)),
            float(typed),
            type_ok,
            prior,
            type_prev,
            hit.score / top_score,
            1.0 / rank,
            float(anaphor),
            float(query.english),
            min(len(sentence.text) / 400, 1.0),
        )
        rows.append((sentence, hit, features))
    return rows


#: How the default model's (multilingual-e5-small) cosines of a question with every sentence
#: of a document spread: their mean and standard deviation, averaged over 100 tuning
#: questions on the paper (0.782, 0.022). The learned weights read cosines on this scale.
E5_COSINE_MEAN, E5_COSINE_STD = 0.782, 0.022


def _e5_scale(index: Index, vector: np.ndarray):
    """What puts cosines of ``vector`` with the sentences on the default model's scale.

    The weights were learned with e5, whose cosines crowd near 0.8; another
    sentence-transformers model (an English MiniLM reads Turkish at 0.1–0.5) would make
    every answer look unsure and be declined. For such a model a cosine is placed on
    e5's scale by where it stands among the question's cosines with all sentences
    (its z-score), so what the weights read is "how much closer than the rest". Computed
    once per question vector: it reads every sentence."""
    if index.embedder.model_id == DEFAULT_MODEL_ID or not len(index.sentence_vectors):
        return lambda raw: raw
    everything = index.sentence_vectors @ vector
    mean, spread = float(everything.mean()), float(everything.std()) or 1.0
    return lambda raw: E5_COSINE_MEAN + (raw - mean) / spread * E5_COSINE_STD


def _missing(index: Index, stems: tuple[str, ...], present: set[str]) -> float:
    """The IDF of the rarest asked stem (or its synonyms) not in ``present``, over the largest IDF.

    A near-topic question ("rektörü kim", "yıllık cirosu") shares the subject and
    most words with a sentence but not the one word that says what is asked: that
    word's rarity, not the share of words found, tells the two apart.
    """
    top = max_idf(index)
    gaps = [idf(index, t) for t in stems if t not in present and synonyms(t).isdisjoint(present)]
    return min(max(gaps, default=0.0) / top, 1.0) if top else 0.0


def _unknown_share(index: Index, stems: tuple[str, ...]) -> float:
    """IDF-weighted share of ``stems`` that no passage uses (asked about something never mentioned)."""
    weights = {t: idf(index, t) for t in stems}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if index.backend.document_frequency(t) == 0) / total if total else 0.0


def subject_match(corpus: CorpusViews, query: Query, sentence: Sentence) -> float:
    """1 when the sentence opens with (a name sharing words with) the query's subject, 0
    when it opens with another entity, 0.5 when it opens with none. A ranking signal;
    :func:`owns_values` is the strict test."""
    if not query.names:
        return 0.5
    subject = corpus.subject(sentence)
    if subject is None:
        return 0.5
    subject = corpus.expand(subject)
    return 1.0 if any(name_present(n, subject) or (n & subject) for n in query.names) else 0.0


#: A bare locative or ablative after a name's apostrophe (``OSTİM’de``, ``OSTİM’ de``,
#: ``Ankara’dan``, ``…’deki``): the name says where, it is not what is spoken of.
_PLACED = re.compile(r"[’']\s?[dt][ae]n?(?:ki)?\b", re.IGNORECASE)


def spoken_keys(query: Query) -> tuple[str, ...]:
    """The first words of the query's subject names that it does not itself use as a place
    (``OSTİM ne zaman kuruldu?`` → ``ostim``; ``OSTİM’de kaç firma var?`` → none); none
    for English, which marks a place with "in", before the name. Read once per query."""
    if query.english:
        return ()
    return tuple(key for key in query.name_keys if not any(_as_place(query.text, key)))


def placed(keys: tuple[str, ...], text: str, subject: float, names: tuple[frozenset[str], ...] = ()) -> float:
    """1.0 when a sentence opening with another entity (``subject`` 0, :func:`subject_match`)
    names a subject the query speaks of (``keys``, :func:`spoken_keys`) as a place
    (``İŞİM, … 2007 yılında OSTİM’de kurulan ilk kümelenme oldu`` for ``OSTİM ne zaman
    kuruldu?``): a sentence about something founded in OSTİM does not date OSTİM. A
    sentence opening with no entity or with the subject reads 0, and so does one that
    also writes the query's whole name of several words ("2002 yılında İzmir’de …
    İzmir Teknoloji Geliştirme Bölgesi … kurulmuştur" dates the zone, not a place in
    İzmir: the twelfth trial's answer came from the next sentence)."""
    if subject != 0.0 or not any(any(_as_place(text, key)) for key in keys):
        return 0.0
    # (Read only for a sentence naming the subject as a place: every word is a possible start.)
    return float(not any(_written_whole(text, name) for name in names if len(name) >= 2))


def _written_whole(text: str, name: frozenset[str]) -> bool:
    """Whether ``name`` (its stems, several) stands in ``text`` as a run of its own words."""
    return any(_name_starts(text, m.start(), name) for m in re.finditer(r"[^\W\d_]\w*", text))


def _name_starts(text: str, at: int, name: frozenset[str], extra: int = 0) -> bool:
    """Whether ``name`` (its stems) is written from ``at`` on: its first word there and
    (nearly) all of it within its length in words (plus ``extra``)."""
    following = tokenize(text[at : at + 160])[: len(name) + extra]
    return bool(following) and following[0] in name and name_present(name, set(following))


def _as_place(text: str, key: str) -> list[bool]:
    """For each word of ``text`` whose first stem is ``key``: whether it takes a bare locative or ablative."""
    return [
        bool(_PLACED.match(text, m.end()))
        for m in re.finditer(r"[^\W\d_]\w*", text)
        if (tokens := tokenize(m.group(0))) and tokens[0] == key
    ]


def owns_values(corpus: CorpusViews, query: Query, sentence: Sentence) -> bool:
    """Whether the sentence's values can be the query subject's: it opens with no entity,
    or with the query's subject itself (or its acronym) — not with a longer name that
    merely contains it ("Ostim Medikal Sanayi Kümelenmesi 2007 yılında …" does not date
    OSTİM, nor "OSSA, … OSTİM öncülüğünde 2008 yılında kuruldu")."""
    subject = corpus.subject(sentence)
    if subject is None or not query.names:
        return True
    # The query's names by their initials too: "Kayseri OSB" is the claim's "Kayseri
    # Organize Sanayi Bölgesi".
    words = set(query.tokens) | query.name_stems | (set(acronyms(query.text)) & subject)
    forms = [subject, *(corpus.aliases[s] for s in subject if s in corpus.aliases)]
    forms += [frozenset({short}) for short, long in corpus.aliases.items() if long <= subject]
    if any(len(form & words) >= 0.75 * len(form) for form in forms):
        return True
    # "Kastamonu … Kümesi, 2016 yılında kurulan Kastamonu Orman Ürünleri Kümelenme Derneği
    # (KOKDER) tarafından yönetilmektedir": a participle's clause tells of the name right
    # after it, whatever the sentence opens with.
    return any(_described(sentence.text, name) for name in query.names if len(name) >= 2)


#: A participle ("kurulan", "yer alan", "bulunan"): its clause describes the noun after it.
_PARTICIPLE = re.compile(r"(?<![\w’'])[^\W\d_]{3,}[ae]n\s+(?=[^\W\d_])")


def _described(text: str, name: frozenset[str]) -> bool:
    """Whether ``name`` (its stems) stands right after a participle in ``text``."""
    return any(_name_starts(text, m.end(), name, extra=1) for m in _PARTICIPLE.finditer(text))


def share(names: tuple[frozenset[str], ...], tokens: set[str] | frozenset[str], keys: tuple[str, ...] = ()) -> float:
    """Share of the names present; a name is present when (nearly) all its stems are,
    its key (:attr:`Query.name_keys`) among them."""
    if not names:
        return 1.0
    keys = keys or (None,) * len(names)
    return sum(1 for n, key in zip(names, keys) if name_present(n, tokens, key)) / len(names)


def name_present(name: frozenset[str], tokens: set[str] | frozenset[str], key: str | None = None) -> bool:
    """Whether a name (its stems) is in ``tokens``: all of a short name, 3 of 4 of a long
    one, and its ``key`` whenever given."""
    found = len(name & tokens)
    return found >= max(1, math.ceil(0.75 * len(name))) and (key is None or key in tokens)


def _claim_value_fit(query: Query, sentence: str) -> tuple[float, float]:
    """(share of the claim's values with a value of the same kind in the sentence, 0)."""
    if not query.values:
        return 1.0, 0.0
    kinds = {v.kind for v in extract_values(sentence)}
    times = {"year", "date"}
    found = sum(1 for v in query.values if v.kind in kinds or (v.kind in times and kinds & times))
    return found / len(query.values), 0.0


def feature_matrix(evidence: Evidence) -> np.ndarray:
    """The candidates' features as rows (for training and inspection)."""
    return np.array([s.features for s in evidence.ranked], dtype=np.float64).reshape(-1, len(FEATURES))
