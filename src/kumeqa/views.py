"""HTML for the web UI: answers with the span highlighted, passages, verdicts, exports.

Every piece of text that comes from a user or a document is escaped here with
:func:`html.escape` before any markup is added around it, so a question or a
document holding ``<img src=x onerror=...>`` is shown as text and never run.
The UI module only places these strings; it formats nothing itself. Downloads
(CSV, BibTeX, Markdown) are made by :mod:`kumeqa.exports`, the original page by
:mod:`kumeqa.ui.pageview`.

Buttons inside messages and results carry no script and no ``data-`` attributes
(the chat's HTML sanitiser strips both): what a button acts on (a citation's
document, page and quote as JSON; the text a copy button copies) is hidden text
right after it (``.kq-data``), and the page's own script (``ui/static/kumeqa.js``
and the page view's) listens for the clicks.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from html import escape

from .answer import FOLLOW_UP_WITHOUT_HISTORY, NO_WORDS, Answer, Citation
from .format import (
    NOT_ESTABLISHED_LABEL,
    NOT_FOUND_LABEL,
    VERDICT_LABELS,
    answer_label,
    citation_line,
    cites,
    confidence_note,
    confidence_word,
    distinct_citations,
    quote_citation,
    verdict_label,
)
from .retrieve import Search, SearchResult
from .text import content_words, fold, stem, tokenize, tr_lower
from .values import DISJOINT
from .verify import CONTRADICTED, SUPPORTED, Verdict

ABSTAIN_MESSAGE = "Bu sorunun yanıtını belgelerde bulamadım."
#: Said after "Yanıt:" when the answer is the quoted sentence(s) as a whole (a list, a
#: reason): an empty label read as if nothing had been found.
WHOLE_QUOTE = "aşağıdaki alıntının tamamı"


def highlight_many(text: str, marks: list[tuple[int, int]], css: str | Callable[[str], str]) -> str:
    """Escaped ``text`` with every ``(start, end)`` range marked (ranges must not overlap);
    ``css`` is the marks' class, or gives each mark's class from its text."""
    out, last = [], 0
    for start, end in sorted(marks):
        if start < last or end > len(text):
            continue
        marked = text[start:end]
        out.append(escape(text[last:start]))
        out.append(f'<mark class="{css if isinstance(css, str) else css(marked)}">{escape(marked)}</mark>')
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _claim_mark_class(result: Verdict) -> Callable[[str], str]:
    """A compared part of the claim is marked ``claim`` (the claim's colour, read as "wrong")
    only when a mismatch names it; a value the source agrees with is marked ``agree``
    ("SAHA İstanbul 2015 yılında Ankara’da kurulmuştur": 2015 is right, Ankara is not)."""
    wrong = [fold(m.claim) for m in result.mismatches if m.claim]

    def css(marked: str) -> str:
        folded = fold(marked)
        return "claim" if any(w in folded or folded in w for w in wrong) else "agree"

    return css


def search_terms_marked(text: str, query: str) -> str:
    """Escaped ``text`` with each word sharing its stem with a content word of ``query``
    marked: a researcher sees at a glance why a passage was found (the tenth trial's
    passage search showed the passages bare). Stems, not spellings: "ihracatı" marks
    "ihracat" and "ihracatta", and a query typed without Turkish letters marks them too."""
    wanted = {stem(w) for w in content_words(query)}
    marks = [
        (m.start(), m.end())
        for m in _TERM_WORD.finditer(text)
        if (tokens := tokenize(m.group(0))) and tokens[0] in wanted
    ]
    return highlight_many(text, marks, "kq-term")


#: A word of a passage as the search reads it (apostrophe and case ending included).
_TERM_WORD = re.compile(r"[^\W_][\w’'\-]*")


def highlight(text: str, start: int, length: int, css: str = "span") -> str:
    """Escaped ``text`` with ``text[start:start+length]`` wrapped in ``<mark>`` (plain if out of range)."""
    return highlight_many(text, [(start, start + length)] if length > 0 else [], css)


#: Why the assistant declined (:attr:`kumeqa.answer.Answer.reason`), as the user reads it.
DECLINE_REASONS = {
    "no passage": "Belgelerde ilgili bir pasaj yok.",
    "no sentence with the subject and a candidate of the asked type": (
        "Sorunun konusunu ve sorulan türde bir değeri birlikte içeren bir cümle yok."
    ),
    "no candidate of the asked type": "En uygun cümlede sorulan türde bir değer (sayı, tarih, ad …) yok.",
    "low confidence": "En yakın cümle soruyu yanıtladığından emin olunamadı.",
    FOLLOW_UP_WITHOUT_HISTORY: "Soru önceki bir soruya bağlı görünüyor: kimi ya da neyi sorduğunuzu yazar mısınız?",
    NO_WORDS: "Soruda bir sözcük yok: ne sormak istediğinizi yazar mısınız?",
}


def decimal(value: float) -> str:
    """``0,83``: two decimals with the Turkish decimal comma."""
    return f"{value:.2f}".replace(".", ",")


def _confidence(result: Answer) -> str:
    word = confidence_word(result.confidence)
    return f'<span class="kq-conf">güven: {word} ({decimal(result.confidence)})</span>'


def _short(title: str, limit: int = 32) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _data(text: str) -> str:
    """Text a button acts on, hidden beside it: the chat's sanitiser strips ``data-`` attributes, not text."""
    return f'<span class="kq-data">{escape(text)}</span>'


def citation_button(number: int, c: Citation, with_title: bool, turn: str = "") -> str:
    """A numbered citation that opens its page (the page view listens for clicks on ``.kq-ref``).

    What to open is JSON in the hidden text beside the button: the chat turn's id and
    the citation's number in it (the server keeps the turn, quote included), or, for
    a message without a turn, the document, page and section.
    """
    full = citation_line(c.title, c.page, c.section)
    label = f"[{number}] {_short(c.title) + ', ' if with_title else ''}s. {c.page}"
    target = {"turn": turn, "n": number} if turn else {"source": c.source, "page": c.page, "section": c.section}
    return (
        f'<span class="kq-refwrap"><button type="button" class="kq-ref" title="{escape(full)} — sayfayı aç">'
        f"{escape(label)}</button>{_data(json.dumps(target, ensure_ascii=False))}</span>"
    )


def citations_html(citations: list[Citation], turn: str = "", answered: bool = False) -> str:
    """Compact, numbered, clickable citations (repeats already left out by the caller).

    For an answer, [1] is its source and the rest are passages retrieval found near it:
    they are labelled so, apart, because listed together under "Kaynaklar" a researcher
    took them all for sources of the answer (the eighth new user's trial)."""
    if not citations:
        return ""
    several = len({c.source for c in citations}) > 1
    buttons = [citation_button(i, c, several, turn) for i, c in enumerate(citations, start=1)]
    if not answered:
        # A declined answer has no source: the buttons open the pages of the closest
        # passages listed above them ("Kaynaklar:" there read as sources, the ninth trial).
        return f'<p class="kq-refs"><span class="kq-refs-label">Sayfaları:</span> {" ".join(buttons)}</p>'
    html = f'<p class="kq-refs"><span class="kq-refs-label">Kaynak:</span> {buttons[0]}'
    if len(buttons) > 1:
        html += f' <span class="kq-refs-label kq-refs-near">Yakın pasajlar:</span> {" ".join(buttons[1:])}'
    return html + "</p>"


def copy_button(text: str, label: str, what: str) -> str:
    """A button that copies ``text`` (plain, never HTML) to the clipboard; ``what`` is its tooltip."""
    return f'<button type="button" class="kq-copy" title="{escape(what)}">{escape(label)}</button>{_data(text)}'


def answer_html(result: Answer, markdown: str = "", turn: str = "") -> str:
    """The assistant's chat message, answer first.

    Its first line holds the verdict, the span and the confidence, so it is what a
    user sees without scrolling; then the question as searched (for a follow-up),
    the verbatim sentence(s) with the span marked, the compact citations (``turn``:
    the chat turn they open pages of), and a button copying the answer as Markdown.
    """
    citations = distinct_citations(result.citations)
    parts = []
    if result.abstained or not result.answer:
        why = DECLINE_REASONS.get(result.reason, "")
        parts.append(
            f'<p class="kq-first kq-abstain"><strong>{ABSTAIN_MESSAGE}</strong> {_confidence(result)}</p>'
            + (f'<p class="kq-reason">{escape(why)}</p>' if why else "")
        )
    else:
        sentence, span = result.answer, result.span or ""
        whole = span == sentence or not span
        label = answer_label(result.confidence)
        first = (
            f"<strong>{label}</strong> {WHOLE_QUOTE}"
            if whole
            else f'<strong>{label}</strong> <mark class="span">{escape(span)}</mark>'
        )
        parts.append(f'<p class="kq-first">{first} {_confidence(result)}</p>')
        if note := confidence_note(result.confidence):
            parts.append(f'<p class="kq-reason">{note}</p>')
    if result.resolved_question and result.resolved_question != result.question:
        parts.append(f'<p class="kq-resolved">Sohbete göre aranan: <q>{escape(result.resolved_question)}</q></p>')
    if result.abstained or not result.answer:
        if citations:
            parts.append('<p class="kq-closest">En yakın pasajlar:</p><ol class="kq-closest-list">')
            for c in citations:
                quote = c.quote if len(c.quote) <= 240 else c.quote[:240].rsplit(" ", 1)[0] + "…"
                parts.append(f"<li><q>{escape(quote)}</q></li>")
            parts.append("</ol>")
    else:
        sentence, span = result.answer, result.span or ""
        length = 0 if span == sentence else len(span)
        parts.append(f'<blockquote class="kq-answer">{highlight(sentence, result.span_start, length)}</blockquote>')
    parts.append(citations_html(citations, turn, answered=not result.abstained and bool(result.answer)))
    if markdown:
        parts.append(
            f'<p class="kq-tools">{copy_button(markdown, "Markdown olarak kopyala", "Yanıtı kaynaklarıyla Markdown olarak kopyala")}</p>'
        )
    return f'<div class="kq-msg">{"".join(parts)}</div>'


def search_html(search: Search) -> str:
    """Ranked passages for researchers, each with its citation and a copy button; a notice when none fits."""
    results = search.results
    if not results:
        return '<p class="kq-empty" role="status">Eşleşen pasaj bulunamadı.</p>'
    parts = []
    if not search.good_match:
        parts.append(
            '<p class="kq-nomatch" role="status"><strong>İyi bir eşleşme yok.</strong> Belgelerde bu aramaya'
            f" gerçekten uyan bir pasaj görünmüyor (uygunluk {decimal(search.relevance)}; iyi bir eşleşme"
            f" en az {decimal(search.min_relevance)} ister); en yakın pasajlar yine de aşağıda.</p>"
        )
    for i, r in enumerate(results, start=1):
        where = ", ".join(x for x in (r.title, f"s. {r.pages()}", r.section) if x)
        cite = quote_citation(r.title, r.pages(), r.text)
        # The passage is shown once; the copy button carries the whole citation. (A second,
        # monospace copy of the passage doubled the page, and a per-passage score beside
        # the notice's "uygunluk" read as the same scale: a new user's trial.)
        parts.append(
            f'<div class="kq-result"><div class="kq-cite">[{i}] {escape(where)}</div>'
            f"<p>{search_terms_marked(r.text, search.query)}</p>"
            f'<p class="kq-result-tools">{copy_button(cite, "Kaynağıyla kopyala", f"{i}. sonucu kaynağıyla kopyala")}</p></div>'
        )
    return "".join(parts)


def citations_text(results: list[SearchResult]) -> str:
    """All citations of a search, one per line, ready to copy."""
    return "\n".join(f"[{i}] {quote_citation(r.title, r.pages(), r.text)}" for i, r in enumerate(results, 1))


_VERDICT_CSS = {SUPPORTED: "kq-ok", CONTRADICTED: "kq-bad"}

#: What a compared value is, in the user's language.
KIND_WORDS = {
    "number": "sayı",
    "percent": "yüzde",
    "year": "yıl",
    "date": "tarih",
    "identifier": "numara",
    "ordinal": "sıra",
    "rank": "sıralama",
    "name": "ad",
    "polarity": "olumlu / olumsuz",
}


def verdict_class(verdict: str | None) -> str:
    """The colour of a verdict, the same in the single check's badge and the batch table:
    ``kq-ok`` green, ``kq-bad`` red, ``kq-none`` grey (not settled, not found, refused input)."""
    return _VERDICT_CSS.get(verdict, "kq-none")


def verdict_html(result: Verdict) -> str:
    """Verdict label, the claim and the source sentence side by side with the compared values marked."""
    label = verdict_label(result.verdict, result.mismatches)
    css = verdict_class(result.verdict)
    parts = [
        f'<div class="kq-verdict {css}"><strong>{escape(label)}</strong> '
        f"(güven: {confidence_word(result.confidence)}, {decimal(result.confidence)})</div>"
    ]
    if result.mismatches:
        parts.append('<ul class="kq-mismatch">')
        for m in result.mismatches:
            kind = KIND_WORDS.get(m.kind, m.kind)
            if m.relation == DISJOINT:
                parts.append(
                    f'<li>İddia: <mark class="claim">{escape(m.shown_claim)}</mark> ≠ kaynak: '
                    f'<mark class="source">{escape(m.shown_source)}</mark> ({escape(kind)})</li>'
                )
            else:
                # An open bound: both could be true, the source does not establish the claim.
                parts.append(
                    f'<li>İddia: <mark class="claim">{escape(m.shown_claim)}</mark>; kaynak yalnızca '
                    f'<mark class="source">{escape(m.shown_source)}</mark> diyor ({escape(kind)}): '
                    "iddiayı ne doğruluyor ne çürütüyor.</li>"
                )
        parts.append("</ul>")
    if result.evidence:
        first = result.evidence[0]
        s = first.sentence
        # "Belgelerde yok" with nothing compared: the sentence is only the nearest one,
        # not a source of anything the claim says, and is not offered for citing.
        heading = "Kaynak" if cites(result) else "En yakın cümle (iddiayı ne doğruluyor ne çürütüyor)"
        parts.append(
            '<div class="kq-side"><div><h4>İddia</h4><p>'
            + highlight_many(result.claim, list(result.claim_marks), _claim_mark_class(result))
            + f"</p></div><div><h4>{heading}</h4><p>"
            + highlight_many(s.text, list(result.source_marks), "source")
            + f"</p><small>{escape(citation_line(first.title, s.page, s.section))}</small></div></div>"
        )
    return "".join(parts)


#: The order :func:`claims_summary` counts verdicts in: settled, unsettled, not found; any
#: other label (a line refused as input) after them.
SUMMARY_ORDER = (VERDICT_LABELS[SUPPORTED], VERDICT_LABELS[CONTRADICTED], NOT_ESTABLISHED_LABEL, NOT_FOUND_LABEL)


def claims_summary(labels: list[str]) -> str:
    """``21 iddia: 8 doğrulandı, 10 çelişiyor, 3 belgelerde yok``: the batch's verdict labels
    counted, in the table's own words, only the kinds that occur ("" for no claims).

    Without it a staff member checking a long list counted the coloured cells by eye
    (the eighth new user's trial). The order is fixed, so two batches read alike."""
    if not labels:
        return ""
    counts = Counter(labels)
    order = [label for label in SUMMARY_ORDER if label in counts]
    order += [label for label in counts if label not in SUMMARY_ORDER]
    return f"{len(labels)} iddia: " + ", ".join(f"{counts[label]} {tr_lower(label)}" for label in order)


def claims_table_html(headers: list[str], rows: list[list[str]], verdicts: list[str | None]) -> str:
    """The batch fact-check as an HTML table in the page's own font, growing with the page.

    ``rows`` are as shown, the claim first and its verdict's label second; ``verdicts`` is
    each row's verdict (``None`` for a line refused as input), which colours its verdict
    cell as :func:`verdict_html` colours the badge. Gradio's table had shown the cells in a
    monospace font inside a scroll box of one and a half rows, the verdicts uncoloured, and
    on a phone the columns after the verdict cut off unseen (a new user's trial).
    Each further cell carries its column's name, hidden in the table and shown when
    ``kumeqa.css`` stacks the rows as cards (a phone, a narrow window); an empty cell stays
    empty, so a card leaves it out. Above the table, :func:`claims_summary` counts the verdicts
    (a status line, so a screen reader announces it when a batch finishes).
    """
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row, verdict in zip(rows, verdicts):
        claim, label, *rest = (str(cell) for cell in row)
        cells = [
            f'<td class="kq-claim-text">{escape(claim)}</td>',
            f'<td class="kq-claim-verdict {verdict_class(verdict)}">{escape(label)}</td>',
        ]
        cells += [
            f'<td><span class="kq-cell-label">{escape(name)}: </span>{escape(cell)}</td>' if cell else "<td></td>"
            for name, cell in zip(headers[2:], rest)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    summary = claims_summary([str(row[1]) for row in rows])
    return (
        f'<p class="kq-claims-summary" role="status">{escape(summary)}</p>'
        '<div class="kq-claims-wrap" role="region" aria-label="Doğrulama sonuçları" tabindex="0">'
        f'<table class="kq-claims"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def verdict_citation(result: Verdict) -> str:
    """The copyable citation of a verdict's first evidence sentence ("" when it is only the nearest one)."""
    if not cites(result):
        return ""
    first = result.evidence[0]
    return quote_citation(first.title, first.sentence.page, first.sentence.text)
