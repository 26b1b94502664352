"""Follow-up questions read against the conversation: ``peki kaç çalışanı var?`` after ``ostim ne zaman kuruldu``.

A follow-up usually drops its subject. The subject names of the nearest earlier
question that has some (as the user typed them; when the earlier questions name
none, their content words) are carried over to a question that lacks them.

Whether a question is a follow-up at all is decided in two ways:

* it says so (``peki …``, ``ya …``, ``bunun …``, ``orada …``, ``and …``) and names
  no subject of its own: read in context;
* otherwise it is answered both ways, alone and with the carried subject. A
  question without a subject of its own is read in context unless it is clearly
  (:data:`CONTEXT_MARGIN`) more confidently answered alone; one that names its own
  subject stands alone unless clearly better answered in context.
  ``Lonca nedir?`` after a question on harbours stands on its own (a new topic,
  answered confidently alone); ``kaçıncı KOBİ projesini yürütüyor?`` after
  ``MLK ne zaman kuruldu?`` names a project but not whose, and is answered far
  better with ``MLK`` carried over.

The resolved question is what is searched and is returned with the answer
(``resolved_question``), so the user sees what was asked.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import replace

from .answer import FOLLOW_UP_WITHOUT_HISTORY, Answer, answer_query
from .evidence import analyse_query
from .index import Index
from .query import ENTITY, Query, counted_words
from .text import content_words, fold, tokenize, without_suffix

#: Turns of history looked at; older turns rarely hold the subject of a follow-up.
MAX_TURNS = 4

#: How much more confident (in log-odds) the reading with the carried subject must be
#: than the question alone to be taken, for a question that names its own subject, and
#: the other way round for one that does not. Log-odds, because confidences crowd near 1
#: (0.996 against 0.916 is a large difference, 0.55 against 0.47 a small one). Both
#: readings are the product's own answers; the margin only breaks near-ties.
CONTEXT_MARGIN = 1.0

#: Words (folded) that make a question a follow-up by themselves: "peki", "ya" opening
#: it, and references back to something said before.
_REFERS_BACK = re.compile(
    r"\b(?:bunun|bunlarin|onun|onlarin|orada|oradaki|orasi|oranin|burada|buradaki|burasi|buranin|its|their)\b"
    # "there", but not the existential "are there" ("How many firms are there in Daedeok?"
    # names its own subject: read as a reference back, it was glued to the earlier one, the
    # ninth trial)
    r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b"
)
_FOLLOWS_UP = re.compile(r"^\s*(?:peki|ya|o zaman|and|what about|how about)\b|" + _REFERS_BACK.pattern)

#: A question asking what a term means (folded): ``Ahilik nedir?``, ``lonca ne demektir``.
#: It says its own subject even when the term is no corpus name (a concept the text writes
#: in lower case too), so it is read alone.
_DEFINES = re.compile(
    r"^\s*(?P<term>[^\W\d_][\w’'\s-]*?)\s*,?\s*"
    r"(?:nedir|ne\s+demek(?:tir)?|ne\s+anlama\s+gel\w*)\s*[?.!]*\s*$"
)

#: The same in English (``What is smart specialization?``, ``what does Ahilik mean``); "What
#: is the budget?" may ask of the earlier subject and is left to the follow-up reading.
_DEFINES_EN = re.compile(
    r"^\s*(?:what\s+(?:is|are)\s+(?:an?\s+)?(?!the\b)[^\W\d_][\w’'\s-]*?"
    r"|what\s+does\s+[^\W\d_][\w’'\s-]*?\s+mean)\s*[?.!]*\s*$"
)

#: A term ending in a high vowel may be a possessive that needs the earlier subject
#: (``hedefi nedir?``: whose aim?); such a question keeps the follow-up reading.
_MAY_BE_POSSESSIVE = re.compile(r"[iu]$")


def carried(index: Index, question: str, history: list[str], words: Query | None = None) -> str:
    """``question`` with the conversation's subject added (the question itself if there is none to add).

    Names the question already has are not repeated; content words of an earlier
    question are carried only when no earlier question names a subject. ``words`` is
    the question already read without its vector, if the caller has it.
    """
    if not history:
        return question
    query = words or analyse_query(index, question, embed=False)
    own = set(query.tokens)
    nearest = None  # the nearest earlier question, when none names a subject
    for earlier in reversed(history[-MAX_TURNS:]):
        if not earlier or not earlier.strip():
            continue
        previous = analyse_query(index, earlier, embed=False)
        if not previous.names:
            term = defined_term(previous)
            if term:
                # "Ahilik nedir?" names no corpus name, yet its term is what the conversation
                # is about now ("kim tarafından kurulmuştur?" after it asks who founded Ahilik,
                # not the subject of the question before; the eleventh trial got "Stanford").
                words = _words_for(earlier, term - own)
                return f"{' '.join(words)} {question}" if words else question
            # An earlier follow-up ("hangi üniversiteyle kurulmuş?") has no subject of
            # its own to lend: the subject is further back.
            nearest = nearest or (earlier, previous)
            continue
        missing = {t for name in previous.names if not name <= own for t in name}
        words = _words_for(earlier, missing) if missing else []
        return f"{' '.join(words)} {question}" if words else question
    if nearest is not None and nearest[1].predicate and not query.names:
        words = [w for w in _surface_words(nearest[0]) if tokenize(w) and tokenize(w)[0] not in own]
        if words:
            return f"{' '.join(words)} {question}"
    return question


#: The longest span carried as the next subject: a name, not a clause.
MAX_SUBJECT_WORDS = 8


def answered_subject(answer: Answer) -> str:
    """The thing a "hangisi" question's answer names ("Türkiye’de açılan ilk teknokent
    hangisi?" → "ODTÜ Teknokent"), or "": what a follow-up ("peki ne zaman kuruldu?")
    asks about next. A person answering "kim" is not (after "OSTİM’in başkanı kim?",
    "peki kaç çalışanı var?" still asks of OSTİM)."""
    if answer.abstained or answer.qtype != ENTITY or not answer.span:
        return ""
    if answer.span == answer.answer or len(answer.span.split()) > MAX_SUBJECT_WORDS:
        return ""  # no name marked: the whole quote is no subject
    return answer.span


def history_of(turns: list[tuple[str, str]]) -> list[str]:
    """The history :func:`carried` reads, from ``(question, answered subject)`` turns: each
    question followed by the subject its answer named, so that the nearest named subject
    is the answer's when there is one, else the question's."""
    return [text for turn in turns for text in turn if text]


def follows_up(words: Query) -> bool:
    """Whether the question (read without its vector) says it continues the conversation
    and names no subject of its own."""
    return not (words.names or words.unknown_names) and bool(_FOLLOWS_UP.search(fold(words.text)))


def calls_by_kind(index: Index, words: Query, history: list[str]) -> bool:
    """Whether the question opens with the kind of the conversation's subject: "Vadi kaç
    teknoloji şirketine ev sahipliği yapıyor?" after a question on "Silikon Vadisi" (as
    "Üniversite …" after "Stanford Üniversitesi"). Its first word, naming nothing itself,
    is a later word of a name the nearest earlier question with names has; answered
    alone, the tenth trial got another valley's figure."""
    if words.names or not history:
        return False
    first = next(iter(tokenize(words.text)), "")
    if len(first) < 4:
        return False
    for earlier in reversed(history[-MAX_TURNS:]):
        if not earlier or not earlier.strip():
            continue
        previous = analyse_query(index, earlier, embed=False)
        if previous.names:
            return any(
                (first.startswith(t) or t.startswith(first)) and t != key
                for name, key in zip(previous.names, previous.name_keys)
                if len(name) > 1
                for t in name
            )
    return False


def defines(words: Query) -> bool:
    """Whether the question asks what a term of its own means (``Ahilik nedir?``), the
    term being no reference back (``bu nedir``, ``peki bunun anlamı ne``)."""
    folded = fold(words.text)
    if _FOLLOWS_UP.search(folded):
        return False
    if _DEFINES_EN.match(folded):
        return True
    return bool(defined_term(words))


def defined_term(words: Query) -> frozenset[str]:
    """The stems of the term a Turkish definition question asks about (``Ahilik nedir?`` →
    ``{ahili}``), or nothing: a term a later follow-up may ask more of."""
    folded = fold(words.text)
    match = None if _FOLLOWS_UP.search(folded) else _DEFINES.match(folded)
    if match is None:
        return frozenset()
    term = match.group("term").strip()
    if not content_words(term) or _MAY_BE_POSSESSIVE.search(term):
        return frozenset()
    return frozenset(tokenize(term))


def default_reading(index: Index, question: str, history: list[str]) -> str:
    """The reading chosen before any answer is compared: in context when the question names
    no subject of its own, alone otherwise. Training reads conversations this way, so that
    the learned weights do not depend on the weights they replace."""
    words = analyse_query(index, question, embed=False)
    return question if words.names or defines(words) or says_all(words) else carried(index, question, history, words)


def answer_in_context(index: Index, question: str, history: list[str], k: int = 5) -> Answer:
    """Answer ``question`` as the next turn of a conversation whose earlier questions are ``history``."""
    started = time.perf_counter()
    words = analyse_query(index, question, embed=False)
    # "Ahilik nedir?" asks about its own term, and "Liman Akademisi hangi yıl kuruldu?" says
    # all it asks (unless it says it follows up): a subject glued from earlier turns would only
    # turn it into a question about something else.
    by_kind = calls_by_kind(index, words, history)
    stands_alone = (
        not words.tokens
        or defines(words)
        or (says_all(words) and not follows_up(words) and not by_kind)
        or unknown_words(index, words)
    )
    # "Vadi kaç …" → "Silikon Vadisi kaç …": the kind gives way to the name it stands for
    # (kept beside it, "Silikon Vadisi Vadi", it read as a longer name no sentence has).
    asked = question.split(maxsplit=1)[1] if by_kind and len(question.split()) > 1 else question
    with_subject = question if stands_alone else carried(index, asked, history, words)
    if with_subject == question:
        chosen = answer_query(index, analyse_query(index, question), k=k, started=started)
        resolved = question
        if (
            follows_up(words)
            and len(words.predicate) <= 3
            and not any(h.strip() for h in history)
            and not chosen.abstained
        ):
            # "peki kaç çalışanı var?" as the first question: it says it continues a
            # conversation there is none of, so whose employees is anybody's guess. (A
            # question that says what it is about, "Peki liman ve demiryolu arasındaki
            # yük taşımacılığı ne zaman başlamış?", is answered as it stands.)
            chosen = replace(
                chosen,
                answer=None,
                span=None,
                span_start=0,
                abstained=True,
                confidence=min(chosen.confidence, index.settings.answer.abstain_below - 1e-3),
                reason=FOLLOW_UP_WITHOUT_HISTORY,
            )
    elif follows_up(words) or too_short_alone(words):
        chosen = answer_query(index, analyse_query(index, with_subject), k=k, started=started)
        resolved = with_subject
    else:
        alone = answer_query(index, analyse_query(index, question), k=k, started=started)
        in_context = answer_query(index, analyse_query(index, with_subject), k=k, started=started)
        # "orada kaç Ar-Ge merkezi var?" names "Ar-Ge", but "orada" stands for the earlier
        # subject: the question does not say whose centres, so it is no own subject; nor is a
        # name inside what "kaç" counts ("peki şimdi kaç Ar-Ge merkezine ulaştı?").
        own_subject = bool(words.names) and not _REFERS_BACK.search(fold(words.text)) and not _only_counted(words)
        if _prefer_context(own_subject, alone, in_context):
            chosen, resolved = in_context, with_subject
        else:
            chosen, resolved = alone, question
    return Answer(**{**chosen.__dict__, "question": question, "resolved_question": resolved})


#: Words that open a follow-up without being part of it ("peki", "ya", "and").
_LEAD_IN = re.compile(r"^\s*(?:(?:peki|ya|and|so|what about)\b[\s,]*)+", re.IGNORECASE)
#: Content words of a question that names nothing and still says all it asks about
#: ("Kümelenme yurt dışındaki ilk temsilciliğini hangi şehirde açtı?"); a follow-up is
#: shorter ("kaç çalışanı var?", "ilk şubesini nerede açtı?"). Chosen on
#: the tuning data: right answers kept by 957 tuning questions asked after an unrelated
#: one, and tuning follow-ups right (of 104): 4 words 954 and 87, 5 words 952 and 89,
#: 6 words 952 and 88 (933 and 88 gluing as before).
COMPLETE_WORDS = 5


def says_all(words: Query) -> bool:
    """Whether a question is complete on its own, so that no earlier subject is glued to
    it: it opens with its subject's name and asks something of it ("Liman Akademisi hangi
    yıl kuruldu?" after a question on Rize Tasarım Merkezi; not the elliptic "and X
    University's?"), or it names nothing and is long enough to say what it is about.
    Glued, "Rize Tasarım Merkezi … Liman Akademisi hangi yıl kuruldu?" was answered with
    the other centre's year (24 of 957 tuning questions lost their answer after an
    unrelated question)."""
    if words.names:
        text = _LEAD_IN.sub("", words.text).split()
        first = tokenize(text[0]) if text else []
        return (
            bool(first)
            and first[0] in words.name_stems
            and words.qtype != "other"
            and bool(set(words.predicate) - words.name_stems)
        )
    return len(set(words.predicate)) >= COMPLETE_WORDS


#: The most content words of a nameless question that cannot be about anything on its own
#: ("hangi şehirlerden?", "kaç çalışanı?"): in a conversation it is read only with the
#: subject. Two glued a new question asked after an unrelated one ("Vadide ne kadar
#: inkübatör var?", `scripts/after_unrelated.py` on the tuning split).
SHORT_WORDS = 1


def too_short_alone(words: Query) -> bool:
    """Whether a question names nothing and says too little to be asked of the documents
    alone: after "OSSA … kaç üye firması var?", the twelfth trial's "hangi şehirlerden?"
    read alone got "Silikon Vadisi" at 0.78 (its reading with OSSA, the right sentence at
    0.55, lost on confidence)."""
    return not (words.names or words.unknown_names) and 0 < len(set(words.predicate)) <= SHORT_WORDS


def unknown_words(index: Index, words: Query) -> bool:
    """Whether a question names nothing, does not say it follows up, and no word of it is
    one the documents use ("asdfgh qwerty"): the earlier subject glued to it would be
    the only thing searched, an answer to a question nobody asked."""
    if words.names or follows_up(words) or not words.predicate:
        return False
    return all(index.backend.document_frequency(t) == 0 for t in words.predicate)


def _only_counted(words: Query) -> bool:
    """Whether every name of the question is in what it counts: "peki şimdi kaç Ar-Ge merkezine
    ulaştı?" names "Ar-Ge", the kind of thing counted, not whose (after a question on
    ARGEMİP it had been answered alone with the national 961, the ninth trial)."""
    counted = counted_words(words.text)
    if not counted:
        return False
    tokens = set(tokenize(" ".join(counted)))
    return all(name <= tokens for name in words.names)


def _prefer_context(own_subject: bool, alone: Answer, in_context: Answer) -> bool:
    """Whether the reading with the carried subject wins: by default for a question that
    names no subject (``kaç çalışanı var?``), only when clearly more confident for one
    that names its own (``Intel hangi yıl kuruldu?``). When both decline, the user's
    own words are what was searched: a glued reading would only confuse."""
    if alone.abstained != in_context.abstained:
        return alone.abstained
    if alone.abstained:
        return False
    lead = _log_odds(in_context.confidence) - _log_odds(alone.confidence)
    if own_subject:
        return lead > CONTEXT_MARGIN
    return not lead < -CONTEXT_MARGIN


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _surface_words(text: str) -> list[str]:
    """The words of ``text`` as typed (suffixes after apostrophes kept), content words only."""
    keep = set(content_words(text))
    out = []
    for word in re.findall(r"[^\W_][\w’'.-]*", text):
        bare = without_suffix(word)
        if any(w in keep for w in content_words(bare)):
            out.append(bare)
    return out


def _words_for(text: str, stems: set[str]) -> list[str]:
    """The words of ``text`` whose stems are among ``stems`` (a name as the user wrote it)."""
    return [w for w in _surface_words(text) if set(tokenize(w)) & stems]
