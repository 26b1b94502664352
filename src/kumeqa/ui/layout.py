"""The Gradio Blocks of the web app: components, their Turkish labels, and which handler each event calls.

Nothing here decides anything: :mod:`kumeqa.ui.handlers` does the work,
``static/kumeqa.css`` the look and ``static/kumeqa.js`` the few things only the
browser can do (copy to the clipboard, keep a new answer's first line in view).
Read-only mode renders no upload, replace or remove control, so it has no route
for them either.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import gradio as gr

from ..exports import TempExports, search_csv
from ..ingest import SUPPORTED_SUFFIXES
from ..inputs import BadInput, check_text
from ..retrieve import search
from ..service import IndexService
from . import handlers, pageview
from .feedback import FeedbackLog

#: Gradio's own cache (uploads, copies of downloads): every 10 minutes, files older
#: than an hour go (a download link stays valid for an hour), all of it at shutdown.
GRADIO_CACHE_CLEANUP = (600, 3600)
#: How often a session refreshes the Belgeler tab while indexing runs.
REFRESH_SECONDS = 3.0
#: Where the chat is kept in the browser (localStorage key); encrypted by Gradio.
CHAT_STORAGE_KEY = "kumeqa-chat"

HOW_IT_WORKS = """
**Nasıl çalışır?** Yanıtlar belgelerden **aynen alıntılanır**, hiçbir zaman üretilmez.
Sorunuz hem anlamca (çok dilli e5 modeli) hem sözcükçe (Türkçe kök ve harf katlamalı BM25)
aranır; en uygun cümle (ya da art arda en çok üç cümle) seçilir, yanıtı taşıyan kısım sarıyla
işaretlenir ve sayfa ile bölümüyle kaynak gösterilir. Kaynak numarasına tıklayınca belgenin o
sayfası, alıntı işaretlenmiş olarak açılır. Konuyu söylemeyen bir ek soru (*peki kaç çalışanı
var?*) önceki sorularınıza göre okunur. Belgeler yanıtı içermiyorsa asistan bunu söyler ve en
yakın pasajları gösterir. Türkçe karakter kullanmadan ya da İngilizce de sorabilirsiniz.
Sohbet yalnızca bu tarayıcıda saklanır; 👍/👎 oylarınız bu bilgisayarda bir dosyaya yazılır.
"""

#: The page view listens for clicks on any citation button (``.kq-ref``, in chat
#: messages) and asks the server for that page; after each new page it scrolls its
#: frame to the mark, and after a click also brings itself into the window (phones).
PAGE_VIEW_JS = """
const applyZoom = () => {
  const view = element.querySelector('.kq-pv-pdf');
  const button = element.querySelector('.kq-zoom');
  const zoomed = element.dataset.zoom === '1';
  if (view) view.classList.toggle('kq-zoomed', zoomed);
  if (button) {
    button.textContent = zoomed ? 'Küçült' : 'Büyüt';
    button.setAttribute('aria-pressed', zoomed ? 'true' : 'false');
  }
  // Fit-to-width by default where the rendered page (900 px) is wider than the screen.
  if (element.dataset.fit === undefined) element.dataset.fit = window.innerWidth < 900 ? '1' : '';
  const fitted = element.dataset.fit === '1';
  if (view) view.classList.toggle('kq-fitted', fitted);
  const fit = element.querySelector('.kq-fit');
  if (fit) {
    fit.textContent = fitted ? 'Yakınlaştır' : 'Sayfaya sığdır';
    fit.setAttribute('aria-pressed', fitted ? 'true' : 'false');
  }
};
// After a citation is tapped, bring the page view into view once (on a phone it sits
// below the chat); called when the page arrives, or after a while if it was already shown.
const reveal = () => {
  if (element.dataset.reveal !== '1') return;
  element.dataset.reveal = '';
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight * 0.5) element.scrollIntoView({block: 'start'});
};
// Scroll the frame to the quote: all its boxes, not the first one only (a sentence that
// starts at the end of a line has its first box at the right edge and the rest at the
// left; zoomed on a phone, scrolling to the first box hid the rest). Where the boxes
// are wider than the frame, their left edge is shown. After layout (the zoomed page
// is laid out in the next frame).
const centre = () => requestAnimationFrame(() => requestAnimationFrame(() => {
  const frame = element.querySelector('.kq-pv-scroll');
  const marks = Array.from(element.querySelectorAll('.kq-hl, mark.kq-mark'));
  if (!frame || !marks.length) return;
  const origin = frame.getBoundingClientRect();
  const boxes = marks.map((mark) => mark.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left)) - origin.left + frame.scrollLeft;
  const right = Math.max(...boxes.map((b) => b.right)) - origin.left + frame.scrollLeft;
  const top = Math.min(...boxes.map((b) => b.top)) - origin.top + frame.scrollTop;
  frame.scrollTop = Math.max(0, top - frame.clientHeight / 3);
  const width = right - left;
  frame.scrollLeft = Math.max(0, width > frame.clientWidth ? left - 8 : left - (frame.clientWidth - width) / 2);
}));
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || element.dataset.zoom !== '1') return;
  element.dataset.zoom = '';
  applyZoom();
  centre();
  element.scrollIntoView({block: 'start'});
});
element.addEventListener('click', (event) => {
  if (event.target.closest('.kq-back')) {
    // Back to the newest answer in the chat (on a phone, above the page view).
    const messages = document.querySelectorAll('#kq-chat .kq-msg');
    const target = messages.length ? messages[messages.length - 1] : document.getElementById('kq-chat');
    if (target) target.scrollIntoView({block: 'start'});
    return;
  }
  if (event.target.closest('.kq-fit')) {
    element.dataset.fit = element.dataset.fit === '1' ? '' : '1';
    applyZoom();
    centre();
    return;
  }
  if (!event.target.closest('.kq-zoom')) return;
  element.dataset.zoom = element.dataset.zoom === '1' ? '' : '1';
  applyZoom();
  centre();
  // "Küçült": the page view goes back into the page where it was, not where the window
  // happened to be scrolled under the full-screen view (on a phone, the chat above it).
  if (element.dataset.zoom !== '1') element.scrollIntoView({block: 'start'});
});
document.addEventListener('click', (event) => {
  const ref = event.target.closest('.kq-ref');
  const data = ref && ref.parentElement.querySelector('.kq-data');
  if (!data) return;
  event.preventDefault();
  let target;
  try { target = JSON.parse(data.textContent); } catch (error) { return; }
  element.dataset.reveal = '1';
  trigger('click', target);
  // The page may be the one already shown (the latest answer's): its value does not
  // change and the watch below does not run.
  setTimeout(reveal, 1200);
});
watch('value', () => {
  applyZoom();
  const place = () => {
    centre();
    reveal();
  };
  const img = element.querySelector('.kq-pv-img');
  if (img && !img.complete) img.addEventListener('load', place, {once: true}); else place();
});
"""


#: The remove button asks before it acts (the file goes to the corpus's trash, but a
#: user should not lose a document from the list by one stray click).
CONFIRM_REMOVE_JS = """(name, ok) => {
  if (!name) { return [name, false]; }
  return [name, window.confirm("«" + name + "» belgesi kaldırılsın mı? Dosya corpus/.trash klasörüne taşınır.")];
}"""


def _static(name: str) -> str:
    return resources.files("kumeqa.ui").joinpath("static", name).read_text(encoding="utf-8")


def css() -> str:
    return _static("kumeqa.css")


def client_js() -> str:
    return _static("kumeqa.js")


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


def _placeholder(prompt: str, examples: list[str]) -> str:
    """The prompt, with the corpus's first example when its README gives one."""
    return f"{prompt} (ör. {examples[0]})" if examples else prompt


def _checked(text: str, what: str) -> str:
    try:
        return check_text(text, what)
    except BadInput as exc:
        raise gr.Error(str(exc)) from None


SHOW_LATEST = "() => { if (window.kumeqa) window.kumeqa.showLatestAnswerSoon(); }"


def build_app(
    service: IndexService, exports: TempExports | None = None, feedback: FeedbackLog | None = None
) -> gr.Blocks:
    """The Blocks app; :mod:`kumeqa.ui.handlers` does the work."""
    exports = exports or TempExports()
    feedback = feedback or FeedbackLog()
    questions = corpus_examples(service.settings.corpus_dir, "Örnek sorular")
    claims = corpus_examples(service.settings.corpus_dir, "Örnek iddialar")
    with gr.Blocks(title="kumeqa — belgelerden kaynaklı yanıtlar", delete_cache=GRADIO_CACHE_CLEANUP) as demo:
        gr.Markdown("# kumeqa\nBelgelerdeki cümleleri **aynen** alıntılayarak, kaynağıyla yanıt verir.")
        turns = gr.State([])
        saved = gr.BrowserState({"chat": [], "turns": []}, storage_key=CHAT_STORAGE_KEY)
        with gr.Tab("Soru-Cevap", id="chat"):
            with gr.Row():
                with gr.Column(scale=3, min_width=320):
                    # render_markdown=False: messages are our escaped HTML, never markdown, so
                    # "![x](http://…)" in a question stays text and loads nothing. autoscroll is
                    # off: kumeqa.js brings the new answer's first line into view instead.
                    chatbot = gr.Chatbot(
                        label="Sohbet",
                        show_label=False,
                        elem_id="kq-chat",
                        sanitize_html=True,
                        render_markdown=False,
                        autoscroll=False,
                        buttons=[],  # Gradio's copy buttons copy a message's HTML; ours copy Markdown
                        feedback_options=("Like", "Dislike"),
                        placeholder="Belgeler hakkında bir soru sorun; yanıt kaynağıyla birlikte burada görünür.",
                    )
                    with gr.Row(equal_height=True):
                        question = gr.Textbox(
                            placeholder=_placeholder("Sorunuzu yazın…", questions),
                            label="Soru",
                            show_label=False,
                            scale=5,
                            elem_id="kq-question",
                            max_lines=3,
                            autofocus=True,
                        )
                        ask = gr.Button("Sor", variant="primary", scale=1, min_width=70, elem_id="kq-ask")
                    clear = gr.Button("Sohbeti temizle", size="sm", elem_id="kq-clear")
                    if questions:
                        gr.Examples(questions, inputs=question, label="Örnek sorular")
                    with gr.Accordion("Nasıl çalışır?", open=False):
                        gr.Markdown(HOW_IT_WORKS)
                with gr.Column(scale=2, min_width=320):
                    gr.Markdown("### Kaynak sayfa")
                    page_view = gr.HTML(pageview.EMPTY, elem_id="kq-page", js_on_load=PAGE_VIEW_JS)

            def open_answer_source(t: list) -> str:
                return handlers.handle_open_answer_source(service, t)

            def ask_event(trigger):
                # The answer is shown first; then it is brought into view, the browser's copy
                # of the chat is written, and the answer's page opens beside it.
                return (
                    trigger(
                        lambda q, c, t: handlers.handle_question(service, q, c, t),
                        [question, chatbot, turns],
                        [chatbot, turns, question],
                    )
                    .then(None, js=SHOW_LATEST)
                    .then(handlers.saved_chat, [chatbot, turns], saved, show_progress="hidden")
                    .then(open_answer_source, turns, page_view, show_progress="hidden")
                )

            ask_event(ask.click)
            ask_event(question.submit)
            cleared = [chatbot, turns, page_view, question]
            for trigger in (clear.click, chatbot.clear):  # our button and the chat's own 🗑
                trigger(handlers.handle_clear, None, cleared).then(handlers.saved_chat, [chatbot, turns], saved)

            def open_citation(t: list, data: gr.EventData) -> tuple[str, list]:
                return handlers.handle_open_and_keep(service, getattr(data, "_data", None), t)

            page_view.click(open_citation, turns, [page_view, turns]).then(
                handlers.saved_chat, [chatbot, turns], saved, show_progress="hidden"
            )

            def vote(t: list, data: gr.LikeData) -> None:
                handlers.handle_feedback(service, feedback, t, data)

            chatbot.like(vote, turns, None)
            # After a reload the latest answer's page is shown again beside the restored chat
            # (it had been left empty: the fifth new user's trial).
            demo.load(handlers.handle_restore, saved, [chatbot, turns]).then(None, js=SHOW_LATEST).then(
                open_answer_source, turns, page_view, show_progress="hidden"
            )

        with gr.Tab("Pasaj Ara", id="search"):
            with gr.Row():
                query = gr.Textbox(label="Arama", placeholder="Anahtar sözcükler…", scale=4, elem_id="kq-query")
                source_filter = gr.Dropdown(
                    [handlers.ALL_DOCUMENTS, *service.sources()],
                    value=handlers.ALL_DOCUMENTS,
                    label="Belge",
                    scale=2,
                    elem_id="kq-source-filter",
                )
                k = gr.Slider(1, 30, value=10, step=1, label="Pasaj sayısı", scale=1, elem_id="kq-k")
            run_search = gr.Button("Ara", variant="primary", elem_id="kq-search")
            results = gr.HTML(elem_id="kq-results")
            citations = gr.Textbox(
                label="Kaynakça (hepsini kopyalayın)", lines=4, buttons=["copy"], elem_id="kq-citations"
            )
            with gr.Row():
                csv_download = gr.DownloadButton("CSV indir (Excel)", visible=False, elem_id="kq-csv")
                bib_download = gr.DownloadButton("BibTeX indir", visible=False, elem_id="kq-bib")
            search_outputs = [results, citations, csv_download, bib_download]
            search_inputs = [query, source_filter, k]
            for trigger in (run_search.click, query.submit):
                trigger(
                    lambda q, s, n: handlers.handle_search(service, q, s, n, exports), search_inputs, search_outputs
                )

        with gr.Tab("Doğrula", id="verify"):
            gr.Markdown(
                "Bir iddiayı belgelere göre denetleyin: **Doğrulandı**, **Çelişiyor**, **Doğrulanamıyor** "
                "(kaynak konuyu anlatıyor ama iddiayı ne doğruluyor ne çürütüyor) ya da **Belgelerde yok**."
            )
            claim = gr.Textbox(
                label="İddia", placeholder=_placeholder("Denetlenecek cümle…", claims), elem_id="kq-claim"
            )
            check = gr.Button("Doğrula", variant="primary", elem_id="kq-check")
            verdict = gr.HTML(elem_id="kq-verdict")
            verdict_cite = gr.Textbox(label="Kaynak (kopyalayın)", buttons=["copy"], elem_id="kq-verdict-cite")
            if claims:
                gr.Examples(claims, inputs=claim, label="Örnek iddialar")
            for trigger in (check.click, claim.submit):
                trigger(lambda c: handlers.handle_claim(service, c), claim, [verdict, verdict_cite])
            with gr.Accordion("Toplu doğrulama (her satıra bir iddia)", open=False):
                batch = gr.Textbox(lines=5, label="İddialar", elem_id="kq-batch")
                run_batch = gr.Button("Hepsini doğrula", elem_id="kq-run-batch")
                # Our own table (views.claims_table_html), not a Dataframe: Gradio's showed
                # monospace cells in a scroll box of one and a half rows, could not colour a
                # verdict, and on a phone hid the columns after it (a new user's trial; pixel
                # widths and shares of the width had been the fifth and sixth trials' fixes).
                table = gr.HTML(elem_id="kq-table")
                table_csv = gr.DownloadButton("CSV indir (Excel)", visible=False, elem_id="kq-table-csv")
                run_batch.click(lambda t: handlers.handle_claims_batch(service, t, exports), batch, [table, table_csv])

        with gr.Tab("Belgeler", id="documents"):
            status = gr.Textbox(label="Durum", interactive=False, lines=2, max_lines=8, elem_id="kq-status")
            docs = gr.Dataframe(
                value=service.documents(),
                headers=["Başlık", "Dosya", "Sayfa", "Pasaj", "Durum"],
                interactive=False,
                wrap=True,
                # Shares of the width, not widths measured from the content: measured, a
                # long file name took a phone's whole width and the table scrolled sideways,
                # Sayfa, Pasaj and Durum out of sight (the tenth new user's trial).
                column_widths=["29%", "25%", "15%", "13%", "18%"],
                label="Belgeler (seçmek için bir satıra tıklayın)",
                elem_id="kq-docs",
                buttons=[],
            )
            refresh = gr.Timer(REFRESH_SECONDS, active=False)
            # Nothing is selected until the user picks a row: removal must never start from a default.
            selected = gr.Dropdown(
                choices=service.sources(), value=None, label="Seçili belge", elem_id="kq-selected", render=False
            )
            tab_outputs = [status, docs, source_filter, selected, refresh]
            if service.read_only:
                gr.Markdown("Salt okunur mod: belge eklenemez, değiştirilemez ya da kaldırılamaz.")
                selected.visible = False  # rendered hidden: the refresh outputs keep one shape
                selected.render()
            else:
                with gr.Row():
                    upload = gr.UploadButton(
                        "Belge ekle (PDF, TXT, MD; birden çok seçilebilir)",
                        file_types=list(SUPPORTED_SUFFIXES),
                        file_count="multiple",
                        variant="primary",
                        elem_id="kq-upload",
                    )
                    replace = gr.Checkbox(
                        label="Aynı adlı belgeyi değiştir (önceki sürüm saklanır)", value=False, elem_id="kq-replace"
                    )
                with gr.Row(equal_height=True):
                    selected.render()
                    new_version = gr.UploadButton(
                        "Seçili belgenin yeni sürümünü yükle",
                        file_types=list(SUPPORTED_SUFFIXES),
                        file_count="single",
                        elem_id="kq-new-version",
                    )
                    remove = gr.Button("Seçili belgeyi kaldır (çöp kutusuna)", variant="stop", elem_id="kq-remove")

                def follow(message: str, progress=gr.Progress()):
                    return handlers.follow_indexing(service, message, progress)

                upload.upload(lambda f, r: handlers.handle_upload(service, f, r), [upload, replace], tab_outputs).then(
                    follow, status, tab_outputs
                )
                new_version.upload(
                    lambda name, f: handlers.handle_replace(service, name, f), [selected, new_version], tab_outputs
                ).then(follow, status, tab_outputs)
                # Asked once more in the browser; the answer travels in a hidden checkbox.
                confirmed = gr.Checkbox(value=False, visible=False)
                remove.click(
                    lambda name, ok: handlers.handle_remove(service, name, ok),
                    [selected, confirmed],
                    tab_outputs,
                    js=CONFIRM_REMOVE_JS,
                ).then(follow, status, tab_outputs)

                # A choice made answers "Önce … seçin": the status says what is selected.
                def chosen(name: str | None) -> str:
                    return handlers.selection_status(service, name)

                docs.select(handlers.handle_select_document, docs, selected).then(
                    chosen, selected, status, show_progress="hidden"
                )
                selected.input(chosen, selected, status, show_progress="hidden")
            refresh.tick(lambda: handlers.handle_refresh(service), None, tab_outputs, show_progress="hidden")
            demo.load(lambda: handlers.handle_refresh(service), None, tab_outputs, show_progress="hidden")

        # The same engine as JSON endpoints, for scripts and the load test (gradio_client).
        def answer(question: str) -> dict:
            """The CLI's `ask --json` object for one question."""
            from ..answer import answer_question

            return answer_question(service.index, _checked(question, "question")).as_json()

        def answer_in_context(question: str, history: list[str]) -> dict:
            """The same for a follow-up, read against the earlier questions of its conversation.

            Kept apart from ``/answer`` so that a caller sending only the question (raw
            HTTP, older scripts) keeps working.
            """
            from ..conversation import answer_in_context as in_context

            earlier = [str(h) for h in (history or [])][-10:]
            return in_context(service.index, _checked(question, "question"), earlier).as_json()

        def check_api(claim: str) -> dict:
            """The CLI's `check --json` object for one claim."""
            from ..verify import check_claim

            return check_claim(service.index, _checked(claim, "claim")).as_json()

        def search_api(query: str, k: int = 10, source: str | None = None) -> dict:
            """Ranked passages (overlaps joined) and whether any matches well."""
            return search(service.index, _checked(query, "query"), k=max(1, min(int(k), 100)), source=source).as_json()

        def search_csv_api(query: str, k: int = 10, source: str | None = None) -> str:
            """The search as plain CSV (UTF-8, comma-separated, every cell neutralised)."""
            found = search(service.index, _checked(query, "query"), k=max(1, min(int(k), 100)), source=source)
            return search_csv(found.results)

        gr.api(answer, api_name="answer", concurrency_limit=None)
        gr.api(answer_in_context, api_name="answer_in_context", concurrency_limit=None)
        gr.api(check_api, api_name="check", concurrency_limit=None)
        gr.api(search_api, api_name="search", concurrency_limit=None)
        gr.api(search_csv_api, api_name="search_csv", concurrency_limit=None)
    return demo
