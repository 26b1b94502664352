"""Plain-text renderings shared by the CLI and the UI: citations, highlighted spans.

Kept apart from both front ends so that a citation reads the same everywhere
(``Yeni Nesil Kümelenmeler, s. 25, §2.3.4.1.5 Anadolu …``).
"""

from __future__ import annotations

from .answer import Answer, Citation
from .retrieve import Search
from .values import DISJOINT
from .verify import CONTRADICTED, SUPPORTED, Verdict

CONFIDENCE_WORDS = ((0.75, "yüksek"), (0.55, "orta"), (0.0, "düşük"))

#: Said under an answer of low confidence: the quote may not answer at all.
LOW_CONFIDENCE_NOTE = "Güven düşük: alıntı sorunuzu yanıtlamıyor olabilir; kaynağı okuyarak doğrulayın."
#: Said under an answer of medium confidence: right about two times in three on unseen
#: questions (``docs/reliability.png``), it must not read like a sure one either (the
#: twelfth trial's medium answers that were wrong looked exactly like the right ones).
MEDIUM_CONFIDENCE_NOTE = "Güven orta: yanıtı alıntıdan ve kaynak sayfadan kontrol edin."


def low_confidence(confidence: float) -> bool:
    """Whether a confidence is ``düşük``: an answer there is right less than half the time
    (``docs/reliability.png``) and must not read like one right nine times in ten."""
    return confidence_word(confidence) == "düşük"


def confidence_note(confidence: float) -> str:
    """The caution said under an answer: for a low or a medium confidence, nothing for a high one."""
    word = confidence_word(confidence)
    return LOW_CONFIDENCE_NOTE if word == "düşük" else MEDIUM_CONFIDENCE_NOTE if word == "orta" else ""


def answer_label(confidence: float) -> str:
    """ "Yanıt:", or "Olası yanıt:" at a low confidence (:func:`low_confidence`)."""
    return "Olası yanıt:" if low_confidence(confidence) else "Yanıt:"


def confidence_word(confidence: float) -> str:
    """``yüksek`` / ``orta`` / ``düşük`` for a confidence in [0, 1]."""
    return next(word for bound, word in CONFIDENCE_WORDS if confidence >= bound)


def citation_line(title: str, page: int | str, section: str) -> str:
    """``Title, s. 12, §2.3.4.1 Section title`` (section left out when unknown)."""
    parts = [title, f"s. {page}"]
    if section:
        parts.append(section)
    return ", ".join(parts)


def quote_citation(title: str, page: int | str, quote: str, max_chars: int = 1000) -> str:
    """A copyable citation: ``Title, s. 12, "…quote…"``.

    A sentence or a passage (at most 700 characters) is quoted whole: cut at 300, the
    copied source of a verdict stopped before its evidence (the founding year at the end
    of a long sentence, in a new user's trial). Only a runaway text is shortened, with an
    ellipsis."""
    text = " ".join(quote.split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rsplit(" ", 1)[0] + "…"
    return f'{title}, s. {page}, "{text}"'


def cited_page(source: object, page: object) -> tuple[str, str]:
    """What makes two citations the same for the reader: the document and the page.

    The buttons say "s. 21"; two of them with one page (two sections of it) read as a
    repeat (the eighth new user's trial), and the page view opens the page either way."""
    return str(source), str(page)


def distinct_citations(citations: tuple[Citation, ...] | list[Citation]) -> list[Citation]:
    """Citations with repeats left out: one per document and page (:func:`cited_page`), in their order.

    The passages behind an answer often come from one page; listing each would repeat
    the same line (five identical lines in the probe). The first kept is the answer's own.
    """
    seen: set[tuple[str, str]] = set()
    out = []
    for c in citations:
        key = cited_page(c.source, c.page)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def mark_span(sentence: str, start: int, span: str, left: str = "[[", right: str = "]]") -> str:
    """``sentence`` with ``span`` (at ``start``) wrapped in markers; unchanged if the span is the whole sentence."""
    if not span or span == sentence or sentence[start : start + len(span)] != span:
        return sentence
    return f"{sentence[:start]}{left}{span}{right}{sentence[start + len(span) :]}"


def answer_text(result: Answer) -> str:
    """What ``kumeqa ask`` prints without ``--json``."""
    if result.abstained:
        lines = ["Bu sorunun yanıtını belgelerde bulamadım. / No answer found in the documents."]
    else:
        label = answer_label(result.confidence)
        lines = [
            f"{label} {result.span}" if result.span and result.span != result.answer else f"{label} alıntının tamamı"
        ]
        if note := confidence_note(result.confidence):
            lines.append(note)
    if result.resolved_question and result.resolved_question != result.question:
        lines.append(f"(aranan / searched: {result.resolved_question})")
    if not result.abstained:
        lines.append("  " + mark_span(result.answer or "", result.span_start, result.span or ""))
    lines.append(f"(güven / confidence: {result.confidence:.2f})")
    citations = distinct_citations(result.citations)
    if citations:
        lines.append("En yakın pasajlar / closest passages:" if result.abstained else "Kaynak / source:")
    for i, c in enumerate(citations, start=1):
        if i == 2 and not result.abstained:
            lines.append("Yakın pasajlar / nearby passages:")
        lines.append(f"[{i}] {citation_line(c.title, c.page, c.section)}")
        if result.abstained or i > 1:
            quote = " ".join(c.quote.split())
            lines.append("    " + (quote[:240] + "…" if len(quote) > 240 else quote))
    return "\n".join(lines)


def search_text(search: Search) -> str:
    """What ``kumeqa search`` prints without ``--json`` (the no-match notice first, when it applies)."""
    results = search.results
    if not results:
        return "Eşleşen pasaj yok. / No matching passage."
    lines = []
    if not search.good_match:
        lines.append(
            f"İyi bir eşleşme yok; en yakın pasajlar: / No good match; the closest passages: (relevance {search.relevance:.2f})"
        )
    for i, r in enumerate(results, start=1):
        lines.append(f"[{i}] {citation_line(r.title, r.pages('-'), r.section)}  (score {r.score:.3f})")
        lines.append("    " + " ".join(r.text.split()))
    return "\n".join(lines)


VERDICT_LABELS = {SUPPORTED: "Doğrulandı", CONTRADICTED: "Çelişiyor"}
NOT_FOUND_LABEL = "Belgelerde yok"
#: not_enough_info where the documents do speak of it but state something that neither
#: establishes nor rules out the claim ("4.500’den fazla" for a claim of "9.000’den fazla").
NOT_ESTABLISHED_LABEL = "Doğrulanamıyor"


def verdict_label(verdict: str, mismatches: tuple = ()) -> str:
    """The Turkish label of a verdict (Doğrulandı / Çelişiyor / Doğrulanamıyor / Belgelerde yok)."""
    if verdict not in VERDICT_LABELS and mismatches:
        return NOT_ESTABLISHED_LABEL
    return VERDICT_LABELS.get(verdict, NOT_FOUND_LABEL)


def cites(result: Verdict) -> bool:
    """Whether a verdict's first sentence is a source for it: it supports or contradicts
    the claim, or states the value the claim is compared with. "Belgelerde yok" with
    nothing compared has only the nearest sentences, which are not evidence of anything."""
    return bool(result.evidence) and (result.verdict in VERDICT_LABELS or bool(result.mismatches))


def verdict_text(result: Verdict) -> str:
    """What ``kumeqa check`` prints without ``--json``."""
    label = verdict_label(result.verdict, result.mismatches)
    lines = [f"{label} ({result.verdict}, güven / confidence {result.confidence:.2f})"]
    for m in result.mismatches:
        sign = "≠" if m.relation == DISJOINT else "~"  # "~": both may be true, the source does not settle it
        lines.append(
            f"  iddia / claim: {m.shown_claim}  {sign}  kaynak / source: {m.shown_source}  ({m.kind}, {m.relation})"
        )
    if result.evidence:
        lines.append("Kanıt / evidence:" if cites(result) else "En yakın cümleler / closest sentences (no evidence):")
    for i, e in enumerate(result.evidence, start=1):
        s = e.sentence
        lines.append(f"[{i}] {citation_line(e.title, s.page, s.section)}")
        lines.append(f"    {s.text}")
    return "\n".join(lines)
