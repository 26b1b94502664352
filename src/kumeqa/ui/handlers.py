"""What the web app does when a user acts: plain functions of the index service and the inputs.

Each handler takes :class:`kumeqa.service.IndexService` and what the browser sent,
and returns what the page shows; :mod:`kumeqa.ui.layout` wires them to components.
They are tested without a browser. None holds logic of its own: answering is
:func:`kumeqa.conversation.answer_in_context`, search :func:`kumeqa.retrieve.search`,
checking :func:`kumeqa.verify.check_claim`, HTML :mod:`kumeqa.views`, files
:mod:`kumeqa.exports`, the original page :mod:`kumeqa.ui.pageview`, documents the
service (:mod:`kumeqa.documents`).

A chat is two lists kept in step: ``chat``, the messages as the Chatbot shows them
(escaped HTML), and ``turns``, one dict per question answered (an id, the question as
typed and as searched, the answer's JSON); a question refused as input (empty, too
long) adds to neither. Earlier questions of ``turns`` are the conversation a
follow-up is read against; a vote (👍/👎) on message ``i`` concerns
turn ``i // 2``; a citation button names its turn's id and its number, and the page
it opens is looked up here, quote included. The browser keeps a copy of both
(written after each answer is shown), so a reload keeps the chat. Each handler takes
``service.index`` once, so a swap in the middle of a request cannot mix two indexes.
"""

from __future__ import annotations

import time
import uuid
from decimal import Decimal
from html import escape
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder

from .. import views
from ..conversation import answer_in_context, answered_subject, history_of
from ..documents import Refused
from ..exports import EXCEL_TR, TempExports, answer_markdown, csv_text, search_bibtex, search_csv
from ..format import cited_page
from ..inputs import BadInput, check_text
from ..retrieve import search
from ..service import IndexService
from ..sources import source_info
from ..values import DISJOINT
from ..verify import NOT_ENOUGH_INFO, check_claim
from . import pageview
from .feedback import FeedbackLog

ALL_DOCUMENTS = "Tüm belgeler"
#: Turns kept in a chat (and in the browser's storage): older ones no longer steer follow-ups.
MAX_TURNS = 50
#: How long the documents tab follows an indexing run with a progress bar before
#: leaving it to the periodic refresh (a build of a large upload can take minutes).
PROGRESS_SECONDS = 30 * 60
CLAIM_HEADERS = ["İddia", "Sonuç", "Güven", "Farklı değerler", "Kaynak cümle", "Kaynak"]
#: The batch CSV's columns: the table's, with the confidence's word in a column of its own
#: right after its number (the table shows both in one cell, "yüksek (0,89)"; in a
#: spreadsheet each can be sorted and filtered on).
CLAIM_CSV_HEADERS = [*CLAIM_HEADERS[:3], "Güven düzeyi", *CLAIM_HEADERS[3:]]


# ------------------------------------------------------------------ chat


def handle_question(service: IndexService, question: str, chat: list[dict] | None, turns: list[dict] | None = None):
    """A chat turn: (chat, turns, cleared textbox). Follow-ups are read against earlier questions.

    A question refused as input leaves chat and turns as they were and the text in the box;
    a warning says why (``gr.Warning``: a notice in the page, a Python warning outside it)."""
    index = service.index
    chat, turns = list(chat or []), list(turns or [])
    try:
        question = check_text(question, "question")
    except BadInput as exc:
        # Nothing is added to the chat: a "…" bubble and a warning answer with 👍/👎 had
        # been kept in the history and the saved conversation (a new user's trial). The
        # warning is a passing notice; a question too long stays in the box to be shortened.
        gr.Warning(escape(exc.turkish), duration=5, title="Uyarı")
        return chat, turns, question or ""
    turn_id = uuid.uuid4().hex[:12]
    history = history_of([(str(t.get("question") or ""), str(t.get("subject") or "")) for t in turns])
    result = answer_in_context(index, question, history)
    chat.append({"role": "user", "content": escape(question)})
    chat.append({"role": "assistant", "content": views.answer_html(result, answer_markdown(result), turn_id)})
    turns.append(
        {
            "id": turn_id,
            "question": question,
            "resolved_question": result.resolved_question or question,
            "subject": answered_subject(result),
            "answer": result.as_json(),
        }
    )
    return chat[-2 * MAX_TURNS :], turns[-MAX_TURNS:], ""


def handle_clear():
    """ "Sohbeti temizle": empty chat, turns and page view (the layout then empties the browser's copy)."""
    return [], [], pageview.EMPTY, ""


def saved_chat(chat: list[dict] | None, turns: list[dict] | None) -> dict:
    """What the browser keeps of a chat (written after each answer is shown, read back by :func:`handle_restore`)."""
    return {"chat": [_message(m) for m in chat or []], "turns": list(turns or [])}


def _message(message: dict) -> dict:
    """A chat message as ``{"role", "content": str}``: the Chatbot hands its value back as text parts."""
    content = message.get("content")
    if isinstance(content, list):
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return {"role": message.get("role"), "content": content if isinstance(content, str) else ""}


def handle_restore(saved: dict | None):
    """A page (re)load: the chat saved in this browser, if it is one we wrote."""
    chat = saved.get("chat") if isinstance(saved, dict) else None
    turns = saved.get("turns") if isinstance(saved, dict) else None
    valid = (
        isinstance(chat, list)
        and isinstance(turns, list)
        and len(chat) == 2 * len(turns)
        and all(isinstance(m, dict) and m.get("role") in ("user", "assistant") for m in chat)
        and all(isinstance(m.get("content"), str) for m in chat)
        and all(isinstance(t, dict) for t in turns)
    )
    if not valid:
        return [], []
    # A chat saved before empty questions were refused may hold their warnings (a turn
    # with an "error"): they go, with their two messages, so no vote attaches to them.
    kept = [i for i, t in enumerate(turns) if not t.get("error")]
    chat = [m for i in kept for m in chat[2 * i : 2 * i + 2]]
    turns = [turns[i] for i in kept]
    return chat[-2 * MAX_TURNS :], turns[-MAX_TURNS:]


def handle_feedback(service: IndexService, feedback: FeedbackLog, turns: list[dict] | None, data: gr.LikeData) -> None:
    """👍/👎 on an assistant message: the turn it answers is appended to the feedback file."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    turns = turns or []
    number = int(index) // 2
    if 0 <= number < len(turns) and turns[number].get("question"):
        liked = data.liked if isinstance(data.liked, bool) else str(data.liked).lower() in ("like", "true")
        feedback.record(liked, turns[number], service.index.version)


# ------------------------------------------------------------------ the original page


def _cited(turns: list[dict] | None, turn: object, number: object) -> dict:
    """Citation ``number`` (1-based, as numbered in the message) of the turn with id ``turn``."""
    for t in turns or []:
        if t.get("id") == turn:
            seen, distinct = set(), []
            for c in t.get("answer", {}).get("citations", []):
                key = cited_page(c.get("source"), c.get("page"))
                if key not in seen:
                    seen.add(key)
                    distinct.append(c)
            if isinstance(number, int) and 1 <= number <= len(distinct):
                return distinct[number - 1]
    return {}


def handle_open_citation(service: IndexService, request: dict | None, turns: list[dict] | None = None) -> str:
    """A citation click: the cited page, rendered from the PDF with the quote boxed, or the text page marked.

    ``request`` is what the button holds: ``{"turn", "n"}`` (looked up in ``turns``) or
    ``{"source", "page", "section", "quote"}``.
    """
    index = service.index
    request = request if isinstance(request, dict) else {}
    if "turn" in request:
        request = _cited(turns, request.get("turn"), request.get("n"))
    source = str(request.get("source") or "")
    if source not in {d.source for d in index.docs}:
        return '<p class="kq-empty">Bu belge artık dizinde değil.</p>'
    try:
        page = int(request.get("page") or 0)
        text = index.page_text(source, page)
    except (TypeError, ValueError, KeyError):
        return '<p class="kq-empty">Bu sayfa dizinde yok.</p>'
    quote = str(request.get("quote") or "")[:5000]
    section = str(request.get("section") or "")[:300]
    return pageview.page_view_html(
        service.settings.corpus_dir, source, index.title_of(source), page, section, text, quote
    )


def handle_open_and_keep(service: IndexService, request: dict | None, turns: list[dict] | None) -> tuple[str, list]:
    """A citation click in the chat: the cited page, and the turns with the click kept on the
    latest turn, so that a reload shows the page the user was reading (a declined answer's
    closest passage included) instead of an empty view (the sixth new user's trial)."""
    html = handle_open_citation(service, request, turns)
    turns = list(turns or [])
    if turns and isinstance(request, dict) and "kq-pv" in html:
        kept = {k: request[k] for k in ("turn", "n", "source", "page", "section", "quote") if k in request}
        turns[-1] = {**turns[-1], "opened": kept}
    return html, turns


def handle_open_answer_source(service: IndexService, turns: list[dict] | None) -> str:
    """After an answer or a reload: the page the user last opened from the latest turn, else
    that answer's first citation (its own sentence), else the empty view."""
    turns = turns or []
    opened = turns[-1].get("opened") if turns else None
    if isinstance(opened, dict):
        return handle_open_citation(service, opened, turns)
    answer = turns[-1].get("answer", {}) if turns else {}
    if not answer or answer.get("abstained") or not answer.get("citations"):
        return pageview.EMPTY
    return handle_open_citation(service, answer["citations"][0])


# ------------------------------------------------------------------ search


def _bib_info(service: IndexService):
    corpus = service.settings.corpus_dir
    return lambda r: source_info(corpus, r.source, r.title)


def handle_search(service: IndexService, query: str, source: str | None, k: float, exports: TempExports):
    """Passage search: results HTML (with the no-match notice), citations to copy, CSV for Excel, BibTeX."""
    index = service.index
    hidden = gr.update(value=None, visible=False)
    try:
        query = check_text(query, "query")
    except BadInput as exc:
        return f'<p role="alert">⚠️ {escape(exc.turkish)}</p>', "", hidden, hidden
    only = None if not source or source == ALL_DOCUMENTS else source
    found = search(index, query, k=int(k), source=only)
    if not found.results:
        return views.search_html(found), "", hidden, hidden
    csv_path = exports.write("pasajlar.csv", search_csv(found.results, EXCEL_TR))
    bib_path = exports.write("pasajlar.bib", search_bibtex(found.results, _bib_info(service)))
    return (
        views.search_html(found),
        views.citations_text(found.results),
        gr.update(value=str(csv_path), visible=True),
        gr.update(value=str(bib_path), visible=True),
    )


# ------------------------------------------------------------------ fact-checking


def handle_claim(service: IndexService, claim: str):
    """One claim: verdict HTML and the citation to copy."""
    try:
        claim = check_text(claim, "claim")
    except BadInput as exc:
        return f'<p role="alert">⚠️ {escape(exc.turkish)}</p>', ""
    result = check_claim(service.index, claim)
    return views.verdict_html(result), views.verdict_citation(result)


def _confidence_cells(confidence: float | None) -> list[Decimal | str]:
    """A batch row's two confidence cells in the CSV: the number for Excel, always with two
    decimals ("1,00", as a float it was "1,0" beside "0,99": the eighth new user's trial),
    and its word as the UI shows it; both empty for a line refused as input."""
    if confidence is None:
        return ["", ""]
    return [Decimal(f"{confidence:.2f}"), views.confidence_word(confidence)]


#: Before the sentence of a claim the documents do not settle: it is the closest passage,
#: not evidence (a new user pasting the CSV into a report would have cited it as the source).
NOT_EVIDENCE = "Kanıt değil, en yakın pasaj: "


def _evidence_cell(verdict: str, mismatches, sentence: str) -> str:
    """The batch's "Kaynak cümle": the evidence, or the closest passage said to be no evidence
    ("Belgelerde yok"; "Doğrulanamıyor" names what the sentence does say, so it is evidence)."""
    return f"{NOT_EVIDENCE}{sentence}" if verdict == NOT_ENOUGH_INFO and not mismatches else sentence


def handle_claims_batch(service: IndexService, text: str, exports: TempExports):
    """Several claims, one per line: a table (HTML, :func:`kumeqa.views.claims_table_html`)
    and a CSV download (Excel, Turkish locale; :data:`CLAIM_CSV_HEADERS`)."""
    index = service.index
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return '<p role="alert">⚠️ Her satıra bir iddia yazın.</p>', gr.update(value=None, visible=False)
    rows, verdicts = [], []
    for line in lines[:200]:
        try:
            claim = check_text(line, "claim")
        except BadInput as exc:
            rows.append([line[:120], "hata", None, exc.turkish, "", ""])  # no confidence: nothing was checked
            verdicts.append(None)
            continue
        r = check_claim(index, claim)
        verdicts.append(r.verdict)
        first = r.evidence[0] if r.evidence else None
        rows.append(
            [
                claim,
                views.verdict_label(r.verdict, r.mismatches),
                round(r.confidence, 2),
                "; ".join(
                    f"{m.shown_claim} ≠ {m.shown_source}"
                    if m.relation == DISJOINT
                    else f"{m.shown_claim} (kaynak yalnızca: {m.shown_source})"
                    for m in r.mismatches
                ),
                _evidence_cell(r.verdict, r.mismatches, first.sentence.text) if first else "",
                views.citation_line(first.title, first.sentence.page, first.sentence.section) if first else "",
            ]
        )
    csv_rows = [[*row[:2], *_confidence_cells(row[2]), *row[3:]] for row in rows]
    path = exports.write("dogrulama.csv", csv_text(CLAIM_CSV_HEADERS, csv_rows, EXCEL_TR))
    # The table shows the confidence as the rest of the UI does ("yüksek (0,89)", Turkish decimal comma).
    shown = [
        [*row[:2], "" if row[2] is None else f"{views.confidence_word(row[2])} ({views.decimal(row[2])})", *row[3:]]
        for row in rows
    ]
    return views.claims_table_html(CLAIM_HEADERS, shown, verdicts), gr.update(value=str(path), visible=True)


# ------------------------------------------------------------------ documents


def discard_upload(path: Path) -> None:
    """Delete an upload once it has been stored or refused (and its folder, if Gradio made one for it)."""
    path.unlink(missing_ok=True)
    upload_root = Path(get_upload_folder()).resolve()
    if path.parent.resolve().parent == upload_root:
        try:
            path.parent.rmdir()
        except OSError:
            pass


def _refresh(service: IndexService, message: str | None = None):
    """The Belgeler tab as it is now: status, table, document choices (search filter, selection), refresh timer."""
    sources = service.sources()
    return (
        message if message is not None else service.status_line(),
        service.documents(),
        gr.update(choices=[ALL_DOCUMENTS, *sources]),
        gr.update(choices=sources),
        gr.Timer(active=service.busy),
    )


def handle_refresh(service: IndexService):
    """A new session, or a tick while indexing: the current documents and status."""
    return _refresh(service)


def _paths(files) -> list[Path]:
    if not files:
        return []
    if isinstance(files, (str, Path)):
        files = [files]
    return [Path(getattr(f, "name", f)) for f in files]


def handle_upload(service: IndexService, files, replace: bool = False):
    """Store uploaded PDF/TXT/MD files (several at once) and index them in the background."""
    uploads = _paths(files)
    if not uploads:
        return ("Önce bir dosya seçin.", *_refresh(service)[1:])
    messages = []
    for upload in uploads:
        try:
            if not upload.is_file():
                messages.append(f"{upload.name}: dosya artık yok; yeniden seçin.")
                continue
            change = (service.replace_document if replace else service.add_document)(upload, upload.name)
            messages.append(change.turkish)
        except Refused as exc:
            messages.append(exc.turkish)
        finally:
            discard_upload(upload)
    return _refresh(service, "\n".join(messages))


def handle_replace(service: IndexService, name: str | None, files):
    """A new version of the selected document, whatever the uploaded file is called; the old one is kept."""
    uploads = _paths(files)
    if not name:
        for upload in uploads:
            discard_upload(upload)
        return ("Önce tablodan değiştirilecek belgeyi seçin.", *_refresh(service)[1:])
    if not uploads:
        return ("Önce yeni sürümün dosyasını seçin.", *_refresh(service)[1:])
    upload, *extra = uploads
    for other in extra:
        discard_upload(other)
    if Path(name).suffix.lower() != upload.suffix.lower():
        discard_upload(upload)
        return (f"Yeni sürüm de {Path(name).suffix.lower()} dosyası olmalı.", *_refresh(service)[1:])
    try:
        message = service.replace_document(upload, name).turkish
    except Refused as exc:
        message = exc.turkish
    finally:
        discard_upload(upload)
    return _refresh(service, message)


def handle_remove(service: IndexService, name: str | None, confirmed: bool = True):
    """Move a document to the corpus's trash and drop it from the index in the background.

    ``confirmed`` is the browser's answer to "kaldırılsın mı?" (API callers confirm by calling)."""
    if not name:
        return ("Önce tablodan bir belge seçin.", *_refresh(service)[1:])
    if not confirmed:
        return ("Kaldırma iptal edildi.", *_refresh(service)[1:])
    try:
        message = service.remove_document(name).turkish
    except Refused as exc:
        message = exc.turkish
    return _refresh(service, message)


def selection_status(service: IndexService, name: str | None) -> str:
    """The Belgeler tab's status after a document is chosen: which one, then the index's own line."""
    line = service.status_line()
    return f"Seçili belge: {name}\n{line}" if name else line


def handle_select_document(rows, data: gr.SelectData) -> str | None:
    """A click on a row of the documents table selects that document (its file name)."""
    row = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    values = rows.values.tolist() if hasattr(rows, "values") else list(rows or [])
    if not isinstance(row, int) or not 0 <= row < len(values):
        return None
    return str(values[row][1])


def follow_indexing(service: IndexService, message: str, progress: gr.Progress | None = None):
    """Show Gradio's progress bar while the background build runs, then the tab as it is after it."""
    deadline = time.monotonic() + PROGRESS_SECONDS
    while service.busy and time.monotonic() < deadline:
        state = service.state
        if progress is not None:
            if state.total:
                progress((state.done, state.total), desc=f"Dizinleniyor: {state.progress}", unit="belge")
            else:
                progress(None, desc="Dizinleme başlıyor…")
        service.wait_idle(0.5)
    done = service.state.message or service.status_line()
    return _refresh(service, f"{message}\n{done}" if message else done)
