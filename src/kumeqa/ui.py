"""The Gradio web UI (Turkish): chat with cited answers, sources, passage search, fact-check, documents.

The UI holds no logic of its own: it calls the same functions as the CLI
(:func:`kumeqa.answer.answer_question`, :func:`kumeqa.retrieve.search_passages`,
:func:`kumeqa.verify.check_claim`, :func:`kumeqa.index.build_index`) and places
the HTML that :mod:`kumeqa.views` renders (escaped there).

Each browser session keeps its own chat history and last answer in Gradio state,
so concurrent users never see each other's conversation; the index is shared and
read-only, and is swapped for a new one after an upload under a lock.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from . import views  # noqa: E402
from .answer import Answer, answer_question  # noqa: E402
from .config import Settings  # noqa: E402
from .index import Index, build_index, ensure_index, load_index  # noqa: E402
from .ingest import SUPPORTED_SUFFIXES  # noqa: E402
from .inputs import BadInput, check_text  # noqa: E402
from .retrieve import search_passages  # noqa: E402
from .verify import check_claim  # noqa: E402

#: Largest upload accepted into the corpus (a 28-page paper is ~0.1 MB; 20 MB leaves
#: room for long scanned-then-OCRed reports without letting a mistake fill the disk).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALL_DOCUMENTS = "Tüm belgeler"

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


@dataclass
class Service:
    """The live index, shared by every session; replaced under a lock after an upload."""

    settings: Settings
    index: Index
    lock: threading.Lock

    @classmethod
    def start(cls, settings: Settings) -> Service:
        index, _ = ensure_index(settings)
        return cls(settings, index, threading.Lock())

    def reindex(self, progress=None) -> None:
        with self.lock:
            build_index(self.settings, progress=progress)
            self.index = load_index(self.settings)

    def documents(self) -> list[list]:
        rows = [[d.title, d.source, d.pages, d.passages, "dizinde"] for d in self.index.docs]
        rows += [["—", s.source, 0, 0, f"atlandı: {s.reason}"] for s in self.index.skipped]
        return rows

    def sources(self) -> list[str]:
        return [ALL_DOCUMENTS] + [d.source for d in self.index.docs]


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


def handle_question(service: Service, question: str, history: list[dict] | None):
    """A chat turn: returns (history, sources panel, last answer, source choices, cleared textbox)."""
    history = list(history or [])
    try:
        question = check_text(question, "question")
    except BadInput as exc:
        history.append({"role": "user", "content": views.escape(question or "")[:200] or "…"})
        history.append({"role": "assistant", "content": f"⚠️ {views.escape(exc.turkish)}"})
        return history, views.sources_html(None), None, gr.update(choices=[], value=None), ""
    result = answer_question(service.index, question)
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


def handle_show_page(service: Service, last: Answer | None, choice: str | None) -> str:
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


def handle_search(service: Service, query: str, source: str | None, k: float):
    """Passage search: results HTML, citations to copy, CSV and BibTeX downloads."""
    hidden = gr.update(value=None, visible=False)
    try:
        query = check_text(query, "query")
    except BadInput as exc:
        return f"<p>⚠️ {views.escape(exc.turkish)}</p>", "", hidden, hidden
    only = None if not source or source == ALL_DOCUMENTS else source
    results = search_passages(service.index, query, k=int(k), source=only)
    if not results:
        return views.search_html(results), "", hidden, hidden
    folder = Path(tempfile.mkdtemp(prefix="kumeqa-search-"))
    csv_path = folder / "pasajlar.csv"
    bib_path = folder / "pasajlar.bib"
    csv_path.write_text(views.results_csv(results), encoding="utf-8")
    bib_path.write_text(views.results_bibtex(results), encoding="utf-8")
    return (
        views.search_html(results),
        views.citations_text(results),
        gr.update(value=str(csv_path), visible=True),
        gr.update(value=str(bib_path), visible=True),
    )


def handle_claim(service: Service, claim: str):
    """One claim: verdict HTML and the citation to copy."""
    try:
        claim = check_text(claim, "claim")
    except BadInput as exc:
        return f"<p>⚠️ {views.escape(exc.turkish)}</p>", ""
    result = check_claim(service.index, claim)
    return views.verdict_html(result), views.verdict_citation(result)


def handle_claims_batch(service: Service, text: str):
    """Several claims, one per line: a table and a CSV download."""
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
        r = check_claim(service.index, claim)
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
    path = Path(tempfile.mkdtemp(prefix="kumeqa-claims-")) / "dogrulama.csv"
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CLAIM_HEADERS)
        writer.writerows(rows)
    return rows, gr.update(value=str(path), visible=True)


CLAIM_HEADERS = ["İddia", "Sonuç", "Güven", "Farklı değerler", "Kaynak cümle", "Kaynak"]


def safe_upload_name(name: str) -> str:
    """A plain file name (no folders, no hidden files) to store an upload under the corpus folder."""
    base = Path(name).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base or "belge"


def handle_upload(service: Service, file_path: str | None, progress=gr.Progress(track_tqdm=True)):
    """Copy an uploaded PDF/TXT/MD into the corpus folder and re-index (only it is embedded)."""
    if not file_path:
        return "Önce bir dosya seçin.", service.documents(), gr.update()
    path = Path(file_path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"Desteklenmeyen dosya türü: {suffix or '?'} (yalnızca PDF, TXT, MD).", service.documents(), gr.update()
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        return f"Dosya çok büyük (en fazla {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).", service.documents(), gr.update()
    target = service.settings.corpus_dir / safe_upload_name(path.name)
    if target.resolve().parent != service.settings.corpus_dir.resolve():
        return "Geçersiz dosya adı.", service.documents(), gr.update()
    shutil.copyfile(path, target)
    service.reindex(progress=lambda done, total, what: progress((done, max(total, 1)), desc=f"Dizinleniyor: {what}"))
    skipped = {s.source: s.reason for s in service.index.skipped}
    if target.name in skipped:
        message = f"{target.name} eklendi ama okunamadı: {skipped[target.name]}"
    else:
        message = f"{target.name} eklendi ve dizinlendi."
    return message, service.documents(), gr.update(choices=service.sources(), value=ALL_DOCUMENTS)


# ------------------------------------------------------------------ layout


def _placeholder(prompt: str, examples: list[str]) -> str:
    """The prompt, with the corpus's first example when its README gives one."""
    return f"{prompt} (ör. {examples[0]})" if examples else prompt


def build_app(service: Service) -> gr.Blocks:
    """The Blocks app; handlers above do the work."""
    questions = corpus_examples(service.settings.corpus_dir, "Örnek sorular")
    claims = corpus_examples(service.settings.corpus_dir, "Örnek iddialar")
    with gr.Blocks(title="kumeqa — belgelerden kaynaklı yanıtlar") as demo:
        gr.Markdown("# kumeqa\nBelgelerdeki cümleleri **aynen** alıntılayarak, kaynağıyla yanıt verir.")
        last_answer = gr.State(None)
        with gr.Tab("Soru-Cevap", id="chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="Sohbet", show_label=False, height=460, elem_id="kq-chat", sanitize_html=True
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
                source_filter = gr.Dropdown(service.sources(), value=ALL_DOCUMENTS, label="Belge", scale=2)
                k = gr.Slider(1, 30, value=10, step=1, label="Pasaj sayısı", scale=1)
            search = gr.Button("Ara", variant="primary", elem_id="kq-search")
            results = gr.HTML(elem_id="kq-results")
            citations = gr.Textbox(label="Kaynakça (kopyalayın)", lines=4, buttons=["copy"], elem_id="kq-citations")
            with gr.Row():
                csv_download = gr.DownloadButton("CSV indir", visible=False)
                bib_download = gr.DownloadButton("BibTeX indir", visible=False)
            search_outputs = [results, citations, csv_download, bib_download]
            search.click(lambda q, s, n: handle_search(service, q, s, n), [query, source_filter, k], search_outputs)
            query.submit(lambda q, s, n: handle_search(service, q, s, n), [query, source_filter, k], search_outputs)

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
                run_batch.click(lambda t: handle_claims_batch(service, t), batch, [table, table_csv])

        with gr.Tab("Belgeler", id="documents"):
            docs = gr.Dataframe(
                value=service.documents(),
                headers=["Başlık", "Dosya", "Sayfa", "Pasaj", "Durum"],
                interactive=False,
                elem_id="kq-docs",
            )
            upload = gr.File(label="Belge ekle (PDF, TXT, MD; en fazla 20 MB)", file_types=list(SUPPORTED_SUFFIXES))
            add = gr.Button("Ekle ve dizinle")
            upload_status = gr.Markdown()
            add.click(
                lambda f, p=gr.Progress(track_tqdm=True): handle_upload(service, f, p),
                upload,
                [upload_status, docs, source_filter],
            )

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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="app.py", description="kumeqa web UI")
    parser.add_argument("--host", default=os.environ.get("KUMEQA_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("KUMEQA_PORT", "7860")))
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--index", default=None)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    settings = Settings().with_paths(args.corpus, args.index)
    if args.model:
        from dataclasses import replace

        settings = replace(settings, model=args.model)
    service = Service.start(settings)
    app = build_app(service)
    app.queue(default_concurrency_limit=4)
    print(f"kumeqa: http://{args.host}:{args.port}", flush=True)
    app.launch(
        server_name=args.host,
        server_port=args.port,
        theme=_theme(),
        css=CSS,
        footer_links=[],
        max_file_size=MAX_UPLOAD_BYTES,
        show_error=False,
    )
