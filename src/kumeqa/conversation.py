"""Follow-up questions read against the conversation: ``peki kaç çalışanı var?`` after ``ostim ne zaman kuruldu``.

A follow-up usually drops its subject. When the new question names no subject of
its own (no name the corpus knows, no capitalised name), the subject names of
the nearest earlier question that has some are carried over, as the words the
user typed; when the earlier questions name none either, their content words
are. A question with a subject of its own is never changed, so changing topic
in the middle of a chat works. The resolved question is what is searched and is
returned with the answer (``resolved_question``), so the user sees what was asked.
"""

from __future__ import annotations

import re
import time

from .answer import Answer, answer_query
from .evidence import analyse_query
from .index import Index
from .text import content_words, tokenize

#: Turns of history looked at; older turns rarely hold the subject of a follow-up.
MAX_TURNS = 4


def resolve(index: Index, question: str, history: list[str]) -> str:
    """The question to search: ``question`` itself, or with the conversation's subject added."""
    query = analyse_query(index, question, embed=False)
    if query.names or query.unknown_names or not history:
        return question
    for earlier in reversed(history[-MAX_TURNS:]):
        if not earlier or not earlier.strip():
            continue
        previous = analyse_query(index, earlier, embed=False)
        carried = _words_for(earlier, set(previous.name_stems)) if previous.names else []
        if not carried and previous.predicate:
            own = set(query.tokens)
            carried = [w for w in _surface_words(earlier) if tokenize(w) and tokenize(w)[0] not in own]
        if carried:
            return f"{' '.join(carried)} {question}"
    return question


def answer_in_context(index: Index, question: str, history: list[str], k: int = 5) -> Answer:
    """Answer ``question`` as the next turn of a conversation whose earlier questions are ``history``."""
    started = time.perf_counter()
    resolved = resolve(index, question, history)
    answer = answer_query(index, analyse_query(index, resolved), k=k, started=started)
    return Answer(**{**answer.__dict__, "question": question, "resolved_question": resolved})


def _surface_words(text: str) -> list[str]:
    """The words of ``text`` as typed (suffixes after apostrophes kept), content words only."""
    keep = set(content_words(text))
    out = []
    for word in re.findall(r"[^\W_][\w’'.-]*", text):
        bare = re.split(r"[’']", word)[0]
        if any(w in keep for w in content_words(bare)):
            out.append(bare)
    return out


def _words_for(text: str, stems: set[str]) -> list[str]:
    """The words of ``text`` whose stems are among ``stems`` (a name as the user wrote it)."""
    return [w for w in _surface_words(text) if set(tokenize(w)) & stems]
