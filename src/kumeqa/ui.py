"""The Gradio web UI (Turkish): chat with cited answers, sources, passage search, fact-check, documents.

The UI holds no logic of its own: it calls the same functions as the CLI
(:func:`kumeqa.answer.answer_question`, :func:`kumeqa.retrieve.search_passages`,
:func:`kumeqa.verify.check_claim`), places the HTML that :mod:`kumeqa.views`
renders (escaped there), hands out the files :mod:`kumeqa.exports` writes, and
leaves the index's life (background builds, following ``CURRENT``, uploads) to
:class:`kumeqa.service.IndexService`.

Each browser session keeps its own chat history and last answer in Gradio state,
so concurrent users never see each other's conversation; the index is shared and
read-only, and each handler takes ``service.index`` once, so a swap in the middle
of a request cannot mix two indexes. A new session reads the current document list.

What a user types is shown as text: the chat renders no markdown (an image in a
question would otherwise load from an outside host) and its HTML is escaped. The
app answers only requests whose Host and Origin name it (:mod:`kumeqa.hosts`).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402
from gradio.utils import get_upload_folder  # noqa: E402

from . import hosts, views  # noqa: E402
from .answer import Answer, answer_question  # noqa: E402
from .config import Settings  # noqa: E402
from .documents import MAX_UPLOAD_BYTES, Refused  # noqa: E402
from .exports import TempExports, csv_text, search_bibtex, search_csv  # noqa: E402
from .index import IndexUnavailable  # noqa: E402
from .ingest import SUPPORTED_SUFFIXES  # noqa: E402
from .inputs import BadInput, check_text  # noqa: E402
from .retrieve import search_passages  # noqa: E402
from .service import IndexService  # noqa: E402
from .verify import check_claim  # noqa: E402

log = logging.getLogger(__name__)

ALL_DOCUMENTS = "Tüm belgeler"
#: Gradio's own cache (uploads, copies of downloads): every 10 minutes, files older
#: than an hour go (a download link stays valid for an hour), all of it at shutdown.
GRADIO_CACHE_CLEANUP = (600, 3600)
#: How often a session that started a change refreshes the Belgeler tab while it indexes.
REFRESH_SECONDS = 3.0

CSS = """
mark.span { background: #ffe27a; padding: 0 2px; border-radius: 3px; }
mark.sentence { background: #fff4c2; }
mark.claim { background: #ffd0d0; }
mark.source { background: #cdeccd; }
.kq-source, .kq-result { border-left: 3px solid #8aa4c8; padding: 4px 10px; margin: 8px 0; }
.kq-cite { font-weight: 600; }
.kq-copy { display: block; white-space: pre-wrap; font-size: 0.85em; margin-top: 4px; }
.kq-verdict { font-size: 1.2em; padding: 6px 10px; border-radius: 6px; display: inline-block; }
.kq-ok { background: #d7f5d7; color: #145214; }
.kq-bad { background: #ffd9d9; color: #7a1212; }
.kq-none { background: #e8e8e8; color: #333; }
.kq-side { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-top: 8px; }
.kq-page { max-height: 480px; overflow-y: auto; }
"""

HOW_IT_WORKS = """
**Nasıl çalışır?** Yanıtlar belgelerden **aynen alıntılanır**, hiçbir zaman üretilmez.
Sorunuz hem anlamca (çok dilli e5 modeli) hem sözcükçe (Türkçe kök ve harf katlamalı BM25)
aranır; en uygun cümle seçilir, yanıtı taşıyan kısım sarıyla işaretlenir ve sayfa ile
bölümüyle kaynak gösterilir. Belgeler yanıtı içermiyorsa asistan bunu söyler ve en yakın
pasajları gösterir. Türkçe karakter kullanmadan (ç, ğ, ı, ö, ş, ü yerine c, g, i, o, s, u)
ya da İngilizce de sorabilirsiniz.
"""


# ------------------------------------------------------------------ examples from corpus/README.md


def corpus_examples(corpus_dir: Path, heading: str) -> list[str]:
    """Bullet lines under ``## heading`` in ``corpus/README.md`` (examples belong with the corpus)."""
    readme = corpus_dir / "README.md"
    if not readme.is_file():
        return []
    text = readme.read_text(encoding="utf-8")
    match = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", text, re.MULTILINE | re.DOTALL)
    if not match:
        return []
    return [line[2:].strip() for line in match.group(1).splitlines() if line.startswith("- ")]


# ------------------------------------------------------------------ handlers (plain functions, tested directly)


def handle_question(service: IndexService, question: str, history: list[dict] | None):
    """A chat turn: returns (history, sources panel, last answer, source choices, cleared textbox)."""
    index = service.index
    history = list(history or [])
    try:
        question = check_text(question, "question")
    except BadInput as exc:
        history.append({"role": "user", "content": views.escape(question or "")[:200] or "…"})
        history.append({"role": "assistant", "content": f"⚠️ {views.escape(exc.turkish)}"})
        return history, views.sources_html(None), None, gr.update(choices=[], value=None), ""
    result = answer_question(index, question)
    history.append({"role": "user", "content": views.escape(question)})
    history.append({"role": "assistant", "content": views.answer_html(result)})
    choices = [f"[{i}] s. {c.page}" for i, c in enumerate(result.citations, start=1)]
    return (
        history,
        views.sources_html(result),
        result,
        gr.update(choices=choices, value=choices[0] if choices else None),
        "",
    )


def handle_show_page(service: IndexService, last: Answer | None, choice: str | None) -> str:
    """The "Kaynak göster" button: the whole page of the chosen citation."""
    if last is None or not choice:
        return '<p class="kq-empty">Önce bir soru sorun ve bir kaynak seçin.</p>'
    number = int(choice.split("]")[0].strip("[")) - 1
    if not 0 <= number < len(last.citations):
        return '<p class="kq-empty">Kaynak bulunamadı.</p>'
    c = last.citations[number]
    try:
        text = service.index.page_text(c.source, c.page)
    except KeyError:
        return '<p class="kq-empty">Bu sayfa artık dizinde değil.</p>'
    return views.page_html(c.title, c.page, text, c.quote)


def handle_search(service: IndexService, query: str, source: str | None, k: float, exports: TempExports):
    """Passage search: results HTML, citations to copy, CSV and BibTeX downloads."""
    index = service.index
    hidden = gr.update(value=None, visible=False)
    try:
        query = check_text(query, "query")
    except BadInput as exc:
        return f"<p>⚠️ {views.escape(exc.turkish)}</p>", "", hidden, hidden
    only = None if not source or source == ALL_DOCUMENTS else source
    results = search_passages(index, query, k=int(k), source=only)
    if not results:
        return views.search_html(results), "", hidden, hidden
    csv_path = exports.write("pasajlar.csv", search_csv(results))
    bib_path = exports.write("pasajlar.bib", search_bibtex(results))
    return (
        views.search_html(results),
        views.citations_text(results),
        gr.update(value=str(csv_path), visible=True),
        gr.update(value=str(bib_path), visible=True),
    )


def handle_claim(service: IndexService, claim: str):
    """One claim: verdict HTML and the citation to copy."""
    try:
        claim = check_text(claim, "claim")
    except BadInput as exc:
        return f"<p>⚠️ {views.escape(exc.turkish)}</p>", ""
    result = check_claim(service.index, claim)
    return views.verdict_html(result), views.verdict_citation(result)


def handle_claims_batch(service: IndexService, text: str, exports: TempExports):
    """Several claims, one per line: a table and a CSV download."""
    index = service.index
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [], gr.update(value=None, visible=False)
    rows = []
    for line in lines[:200]:
        try:
            claim = check_text(line, "claim")
        except BadInput as exc:
            rows.append([line[:120], "hata", 0.0, exc.turkish, "", ""])
            continue
        r = check_claim(index, claim)
        first = r.evidence[0] if r.evidence else None
        rows.append(
            [
                claim,
                views.verdict_label(r.verdict),
                round(r.confidence, 2),
                "; ".join(f"{m.claim} ≠ {m.source}" for m in r.mismatches),
                first.sentence.text if first else "",
                views.citation_line(first.title, first.sentence.page, first.sentence.section) if first else "",
            ]
        )
    path = exports.write("dogrulama.csv", csv_text(CLAIM_HEADERS, rows))
    return rows, gr.update(value=str(path), visible=True)


CLAIM_HEADERS = ["İddia", "Sonuç", "Güven", "Farklı değerler", "Kaynak cümle", "Kaynak"]


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
    """The Belgeler tab as it is now: status, table, document choices, and whether to keep refreshing."""
    return (
        message if message is not None else service.status_line(),
        service.documents(),
        gr.update(choices=[ALL_DOCUMENTS, *service.sources()]),
        gr.update(choices=service.sources()),
        gr.Timer(active=service.busy),
    )


def handle_refresh(service: IndexService):
    """A new session, or a tick while indexing: the current documents and status."""
    return _refresh(service)


def handle_upload(service: IndexService, file_path: str | None, replace: bool = False):
    """Store an uploaded PDF/TXT/MD (or replace the document of that name) and index it in the background."""
    if not file_path:
        return ("Önce bir dosya seçin.", *_refresh(service)[1:])
    upload = Path(file_path)
    try:
        if not upload.is_file():
            return ("Dosya artık yok; yeniden seçin.", *_refresh(service)[1:])
        change = (service.replace_document if replace else service.add_document)(upload, upload.name)
        message = change.turkish
    except Refused as exc:
        message = exc.turkish
    finally:
        discard_upload(upload)
    return _refresh(service, message)


def handle_remove(service: IndexService, name: str | None):
    """Move a document to the corpus's trash and drop it from the index in the background."""
    if not name:
        return ("Önce bir belge seçin.", *_refresh(service)[1:])
    try:
        message = service.remove_document(name).turkish
    except Refused as exc:
        message = exc.turkish
    return _refresh(service, message)


# ------------------------------------------------------------------ layout


def _placeholder(prompt: str, examples: list[str]) -> str:
    """The prompt, with the corpus's first example when its README gives one."""
    return f"{prompt} (ör. {examples[0]})" if examples else prompt


def build_app(service: IndexService, exports: TempExports | None = None) -> gr.Blocks:
    """The Blocks app; handlers above do the work. Read-only: no upload or remove controls or routes."""
    exports = exports or TempExports()
    questions = corpus_examples(service.settings.corpus_dir, "Örnek sorular")
    claims = corpus_examples(service.settings.corpus_dir, "Örnek iddialar")
    with gr.Blocks(title="kumeqa — belgelerden kaynaklı yanıtlar", delete_cache=GRADIO_CACHE_CLEANUP) as demo:
        gr.Markdown("# kumeqa\nBelgelerdeki cümleleri **aynen** alıntılayarak, kaynağıyla yanıt verir.")
        last_answer = gr.State(None)
        with gr.Tab("Soru-Cevap", id="chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    # render_markdown=False: messages are our escaped HTML, never markdown, so
                    # "![x](http://…)" in a question stays text and loads nothing.
                    chatbot = gr.Chatbot(
                        label="Sohbet",
                        show_label=False,
                        height=460,
                        elem_id="kq-chat",
                        sanitize_html=True,
                        render_markdown=False,
                    )
                    with gr.Row():
                        question = gr.Textbox(
                            placeholder=_placeholder("Sorunuzu yazın…", questions),
                            show_label=False,
                            scale=5,
                            elem_id="kq-question",
                            max_lines=3,
                        )
                        ask = gr.Button("Sor", variant="primary", scale=1, elem_id="kq-ask")
                    clear = gr.Button("Sohbeti temizle", size="sm")
                    if questions:
                        gr.Examples(questions, inputs=question, label="Örnek sorular")
                    with gr.Accordion("Nasıl çalışır?", open=False):
                        gr.Markdown(HOW_IT_WORKS)
                with gr.Column(scale=2):
                    gr.Markdown("### Kaynaklar")
                    sources = gr.HTML(views.sources_html(None), elem_id="kq-sources")
                    with gr.Row():
                        source_choice = gr.Dropdown(choices=[], label="Kaynak", scale=2, elem_id="kq-source-choice")
                        show = gr.Button("Kaynak göster", scale=1, elem_id="kq-show")
                    page_view = gr.HTML("", elem_id="kq-page")
            outputs = [chatbot, sources, last_answer, source_choice, question]
            ask.click(lambda q, h: handle_question(service, q, h), [question, chatbot], outputs)
            question.submit(lambda q, h: handle_question(service, q, h), [question, chatbot], outputs)
            clear.click(
                lambda: ([], views.sources_html(None), None, gr.update(choices=[], value=None), ""), None, outputs
            )
            show.click(
                lambda last, choice: handle_show_page(service, last, choice), [last_answer, source_choice], page_view
            )

        with gr.Tab("Pasaj Ara", id="search"):
            with gr.Row():
                query = gr.Textbox(label="Arama", placeholder="Anahtar sözcükler…", scale=4, elem_id="kq-query")
                source_filter = gr.Dropdown(
                    [ALL_DOCUMENTS, *service.sources()], value=ALL_DOCUMENTS, label="Belge", scale=2
                )
                k = gr.Slider(1, 30, value=10, step=1, label="Pasaj sayısı", scale=1)
            search = gr.Button("Ara", variant="primary", elem_id="kq-search")
            results = gr.HTML(elem_id="kq-results")
            citations = gr.Textbox(label="Kaynakça (kopyalayın)", lines=4, buttons=["copy"], elem_id="kq-citations")
            with gr.Row():
                csv_download = gr.DownloadButton("CSV indir", visible=False)
                bib_download = gr.DownloadButton("BibTeX indir", visible=False)
            search_outputs = [results, citations, csv_download, bib_download]
            search_inputs = [query, source_filter, k]
            search.click(lambda q, s, n: handle_search(service, q, s, n, exports), search_inputs, search_outputs)
            query.submit(lambda q, s, n: handle_search(service, q, s, n, exports), search_inputs, search_outputs)

        with gr.Tab("Doğrula", id="verify"):
            gr.Markdown(
                "Bir iddiayı belgelere göre denetleyin: **Doğrulandı**, **Çelişiyor** ya da **Belgelerde yok**."
            )
            claim = gr.Textbox(
                label="İddia", placeholder=_placeholder("Denetlenecek cümle…", claims), elem_id="kq-claim"
            )
            check = gr.Button("Doğrula", variant="primary", elem_id="kq-check")
            verdict = gr.HTML(elem_id="kq-verdict")
            verdict_cite = gr.Textbox(label="Kaynak (kopyalayın)", buttons=["copy"], elem_id="kq-verdict-cite")
            if claims:
                gr.Examples(claims, inputs=claim, label="Örnek iddialar")
            check.click(lambda c: handle_claim(service, c), claim, [verdict, verdict_cite])
            claim.submit(lambda c: handle_claim(service, c), claim, [verdict, verdict_cite])
            with gr.Accordion("Toplu doğrulama (her satıra bir iddia)", open=False):
                batch = gr.Textbox(lines=5, label="İddialar", elem_id="kq-batch")
                run_batch = gr.Button("Hepsini doğrula", elem_id="kq-run-batch")
                table = gr.Dataframe(headers=CLAIM_HEADERS, interactive=False, wrap=True, elem_id="kq-table")
                table_csv = gr.DownloadButton("CSV indir", visible=False)
                run_batch.click(lambda t: handle_claims_batch(service, t, exports), batch, [table, table_csv])

        with gr.Tab("Belgeler", id="documents"):
            status = gr.Textbox(label="Durum", interactive=False, elem_id="kq-status")
            docs = gr.Dataframe(
                value=service.documents(),
                headers=["Başlık", "Dosya", "Sayfa", "Pasaj", "Durum"],
                interactive=False,
                elem_id="kq-docs",
            )
            refresh = gr.Timer(REFRESH_SECONDS, active=False)
            to_remove = gr.Dropdown(
                choices=service.sources(), label="Kaldırılacak belge", elem_id="kq-to-remove", render=False
            )
            tab_outputs = [status, docs, source_filter, to_remove, refresh]
            if service.read_only:
                gr.Markdown("Salt okunur mod: belge eklenemez, değiştirilemez ya da kaldırılamaz.")
                to_remove.visible = False  # rendered hidden: the refresh outputs keep one shape
                to_remove.render()
            else:
                upload = gr.File(
                    label="Belge ekle (PDF, TXT, MD; en fazla 20 MB)",
                    file_types=list(SUPPORTED_SUFFIXES),
                    elem_id="kq-upload",
                )
                replace = gr.Checkbox(
                    label="Aynı adlı belgeyi değiştir (önceki sürüm saklanır)", value=False, elem_id="kq-replace"
                )
                add = gr.Button("Ekle ve dizinle", elem_id="kq-add")
                with gr.Accordion("Belge kaldır", open=False):
                    to_remove.render()
                    remove = gr.Button("Kaldır (çöp kutusuna taşınır)", variant="stop", elem_id="kq-remove")
                add.click(lambda f, r: handle_upload(service, f, r), [upload, replace], tab_outputs).then(
                    lambda: None, None, upload
                )
                remove.click(lambda name: handle_remove(service, name), to_remove, tab_outputs)
            refresh.tick(lambda: handle_refresh(service), None, tab_outputs, show_progress="hidden")
            demo.load(lambda: handle_refresh(service), None, tab_outputs, show_progress="hidden")

        # The same engine as JSON endpoints, for scripts and the load test (gradio_client).
        def answer(question: str) -> dict:
            """The CLI's `ask --json` object for one question."""
            return answer_question(service.index, _checked(question, "question")).as_json()

        def check(claim: str) -> dict:
            """The CLI's `check --json` object for one claim."""
            return check_claim(service.index, _checked(claim, "claim")).as_json()

        gr.api(answer, api_name="answer", concurrency_limit=None)
        gr.api(check, api_name="check", concurrency_limit=None)
    return demo


def _checked(text: str, what: str) -> str:
    try:
        return check_text(text, what)
    except BadInput as exc:
        raise gr.Error(str(exc)) from None


def _theme() -> gr.themes.Base:
    # System fonts only: the default theme fetches Google Fonts, and no request may
    # leave the machine for the page to work.
    system = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "sans-serif"]
    mono = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
    return gr.themes.Soft(font=system, font_mono=mono)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(prog="app.py", description="kumeqa web UI")
    parser.add_argument("--host", default=env.get("KUMEQA_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env.get("KUMEQA_PORT", "7860")))
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--index", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=env.get("KUMEQA_READ_ONLY", "") not in ("", "0", "false", "False"),
        help="offer no upload, replace or remove (also KUMEQA_READ_ONLY=1)",
    )
    parser.add_argument(
        "--auth", default=env.get("KUMEQA_AUTH"), help="require login as user:password (also KUMEQA_AUTH)"
    )
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[h for h in env.get("KUMEQA_ALLOWED_HOSTS", "").split(",") if h.strip()],
        metavar="NAME",
        help="a host name users reach the app by, besides the bound host and loopback (repeatable;"
        " also KUMEQA_ALLOWED_HOSTS=a,b)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("kumeqa").setLevel(logging.INFO)
    try:
        auth = hosts.parse_auth(args.auth)
    except ValueError as exc:
        sys.exit(f"error: {exc}")
    settings = Settings().with_paths(args.corpus, args.index)
    if args.model:
        from dataclasses import replace

        settings = replace(settings, model=args.model)
    try:
        service = IndexService.open(settings, read_only=args.read_only)
    except IndexUnavailable as exc:
        sys.exit(f"error: {exc}")
    exports = TempExports()
    exports.sweep_every(exports.keep_seconds)
    app = build_app(service, exports)
    app.queue(default_concurrency_limit=4)
    for warning in hosts.launch_warnings(args.host, auth, args.allowed_host):
        print(warning, file=sys.stderr, flush=True)
    print(f"kumeqa: http://{args.host}:{args.port}", flush=True)
    app.launch(
        server_name=args.host,
        server_port=args.port,
        theme=_theme(),
        css=CSS,
        footer_links=[],
        max_file_size=MAX_UPLOAD_BYTES,
        show_error=False,
        auth=auth,
        app_kwargs={"middleware": hosts.middleware(args.host, args.allowed_host)},
    )
