"""HTML for the web UI: answers with the span highlighted, passages, verdicts, exports.

Every piece of text that comes from a user or a document is escaped here with
:func:`html.escape` before any markup is added around it, so a question or a
document holding ``<img src=x onerror=...>`` is shown as text and never run.
The UI module only places these strings; it formats nothing itself. Downloads
(CSV, BibTeX) are made by :mod:`kumeqa.exports`.
"""

from __future__ import annotations

from html import escape

from .answer import Answer, Citation
from .format import citation_line, quote_citation, verdict_label
from .retrieve import SearchResult
from .verify import CONTRADICTED, SUPPORTED, Verdict

CONFIDENCE_WORDS = ((0.75, "yüksek"), (0.55, "orta"), (0.0, "düşük"))
ABSTAIN_MESSAGE = "Bu sorunun yanıtını belgelerde bulamadım."


def confidence_word(confidence: float) -> str:
    """``yüksek`` / ``orta`` / ``düşük`` for a confidence in [0, 1]."""
    return next(word for bound, word in CONFIDENCE_WORDS if confidence >= bound)


def highlight_many(text: str, marks: list[tuple[int, int]], css: str) -> str:
    """Escaped ``text`` with every ``(start, end)`` range marked (ranges must not overlap)."""
    out, last = [], 0
    for start, end in sorted(marks):
        if start < last or end > len(text):
            continue
        out.append(escape(text[last:start]))
        out.append(f'<mark class="{css}">{escape(text[start:end])}</mark>')
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def highlight(text: str, start: int, length: int, css: str = "span") -> str:
    """Escaped ``text`` with ``text[start:start+length]`` wrapped in ``<mark>`` (plain if out of range)."""
    return highlight_many(text, [(start, start + length)] if length > 0 else [], css)


def _citation_label(number: int, c: Citation) -> str:
    return f"[{number}] {escape(citation_line(c.title, c.page, c.section))}"


def answer_html(result: Answer) -> str:
    """The assistant's chat message: the sentence with its span marked, confidence, citations."""
    if result.abstained:
        parts = [
            f'<p class="kq-abstain"><strong>{ABSTAIN_MESSAGE}</strong> '
            f"(güven: {confidence_word(result.confidence)}, {result.confidence:.2f})</p>",
            "<p>En yakın pasajlar:</p><ol>",
        ]
        for i, c in enumerate(result.citations, start=1):
            quote = c.quote if len(c.quote) <= 300 else c.quote[:300].rsplit(" ", 1)[0] + "…"
            parts.append(f"<li>{_citation_label(i, c)}<br><q>{escape(quote)}</q></li>")
        parts.append("</ol>")
        return "".join(parts)
    sentence = result.answer or ""
    span = result.span or ""
    whole = span == sentence
    body = highlight(sentence, result.span_start, 0 if whole else len(span))
    lines = []
    if not whole:
        lines.append(f'<p class="kq-span"><strong>Yanıt:</strong> <mark class="span">{escape(span)}</mark></p>')
    lines.append(f'<blockquote class="kq-answer">{body}</blockquote>')
    lines.append(f'<p class="kq-confidence">Güven: {confidence_word(result.confidence)} ({result.confidence:.2f})</p>')
    lines.append(
        '<p class="kq-citations">'
        + "<br>".join(_citation_label(i, c) for i, c in enumerate(result.citations, 1))
        + "</p>"
    )
    return "".join(lines)


def sources_html(result: Answer | None) -> str:
    """The sources panel: each cited passage in full, the answer sentence marked in the first."""
    if result is None or not result.citations:
        return '<p class="kq-empty">Bir soru sorun; kaynak pasajlar burada görünür.</p>'
    parts = []
    for i, c in enumerate(result.citations, start=1):
        if i == 1 and not result.abstained:
            text = highlight(c.context, c.quote_start, len(c.quote), css="sentence")
        else:
            text = escape(c.context or c.quote)
        parts.append(
            f'<div class="kq-source"><div class="kq-cite">{_citation_label(i, c)}'
            f" <small>(skor {c.score:.3f})</small></div><p>{text}</p></div>"
        )
    return "".join(parts)


def page_html(title: str, page: int, text: str, quote: str = "") -> str:
    """A whole page of a source ("Kaynak göster"), with the cited sentence marked when found."""
    start = text.find(quote) if quote else -1
    body = highlight(text, start, len(quote), css="sentence") if start >= 0 else escape(text)
    body = body.replace("\n", "<br>")
    return f'<div class="kq-page"><h4>{escape(title)}, s. {page}</h4><p>{body}</p></div>'


def search_html(results: list[SearchResult]) -> str:
    """Ranked passages for researchers, each with a citation to copy."""
    if not results:
        return '<p class="kq-empty">Eşleşen pasaj bulunamadı.</p>'
    parts = []
    for i, r in enumerate(results, start=1):
        parts.append(
            f'<div class="kq-result"><div class="kq-cite">[{i}] {escape(citation_line(r.title, r.page, r.section))}'
            f" <small>(skor {r.score:.3f})</small></div><p>{escape(r.text)}</p>"
            f'<code class="kq-copy">{escape(quote_citation(r.title, r.page, r.text))}</code></div>'
        )
    return "".join(parts)


def citations_text(results: list[SearchResult]) -> str:
    """All citations of a search, one per line, ready to copy."""
    return "\n".join(f"[{i}] {quote_citation(r.title, r.page, r.text)}" for i, r in enumerate(results, 1))


_VERDICT_CSS = {SUPPORTED: "kq-ok", CONTRADICTED: "kq-bad"}


def verdict_html(result: Verdict) -> str:
    """Verdict label, the claim and the source sentence side by side with the compared values marked."""
    label = verdict_label(result.verdict)
    css = _VERDICT_CSS.get(result.verdict, "kq-none")
    parts = [
        f'<div class="kq-verdict {css}"><strong>{escape(label)}</strong> '
        f"(güven: {confidence_word(result.confidence)}, {result.confidence:.2f})</div>"
    ]
    if result.mismatches:
        parts.append('<ul class="kq-mismatch">')
        for m in result.mismatches:
            parts.append(
                f'<li>İddia: <mark class="claim">{escape(m.claim)}</mark> ≠ kaynak: '
                f'<mark class="source">{escape(m.source)}</mark> ({escape(m.kind)})</li>'
            )
        parts.append("</ul>")
    if result.evidence:
        first = result.evidence[0]
        s = first.sentence
        parts.append(
            '<div class="kq-side"><div><h4>İddia</h4><p>'
            + highlight_many(result.claim, list(result.claim_marks), "claim")
            + "</p></div><div><h4>Kaynak</h4><p>"
            + highlight_many(s.text, list(result.source_marks), "source")
            + f"</p><small>{escape(citation_line(first.title, s.page, s.section))}</small></div></div>"
        )
    return "".join(parts)


def verdict_citation(result: Verdict) -> str:
    """The copyable citation of a verdict's first evidence sentence."""
    if not result.evidence:
        return ""
    first = result.evidence[0]
    return quote_citation(first.title, first.sentence.page, first.sentence.text)
