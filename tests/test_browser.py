"""The UI in a real browser: Debian's headless Chromium driven by Playwright, against app.py.

Issue 9's checks run at a desktop size (1400×900) and a phone size (390×844): a
follow-up answered from the chat's context, the new answer's first line inside the
window after a long answer, a citation opening the PDF page with a box over the
evidence, deleting and re-uploading a document, the search's no-match notice.
No test here is timed: ``scripts/bench_ui.py`` measures how fast the page is.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from conftest import DATA, ROOT, open_page

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
#: A document each size uploads, deletes and uploads again, and the question only it answers.
NEW_DOCS = {
    "desktop": (
        "zeytin.md",
        "# Zeytin Kooperatifi\n\nZeytin Kooperatifi 2005 yılında 64 üreticiyle kuruldu.\n",
        "Zeytin Kooperatifi kaç üreticiyle kuruldu?",
        "64 üretici",
    ),
    "phone": (
        "incir.md",
        "# İncir Birliği\n\nİncir Birliği 1999 yılında 12 köyle kuruldu.\n",
        "İncir Birliği kaç köyle kuruldu?",
        "12 köy",
    ),
}
BOT = "#kq-chat .kq-msg"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(corpus: Path, index: Path, log_dir: Path, *extra: str):
    """app.py on a free loopback port; returns (process, url)."""
    port = _free_port()
    log = (log_dir / f"app-{port}.log").open("w")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GRADIO_ANALYTICS_ENABLED": "False"}
    args = ["--port", str(port), "--corpus", str(corpus), "--index", str(index), *extra]
    proc = subprocess.Popen([sys.executable, "app.py", *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}; see {log.name}")
        try:
            with urlopen(url, timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("app.py did not start within 300 s")


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def feedback_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "oylar.jsonl"


@pytest.fixture(scope="module")
def app_url(paper_settings, paper_index, tmp_path_factory, feedback_file):
    """app.py with the session's paper index (no rebuild): chat, page view, search."""
    shutil.copy(ROOT / "corpus" / "README.md", paper_settings.corpus_dir / "README.md")  # example questions
    proc, url = _start(
        paper_settings.corpus_dir,
        paper_settings.index_dir,
        tmp_path_factory.mktemp("app"),
        "--feedback",
        str(feedback_file),
    )
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def docs_app(tmp_path_factory):
    """app.py over its own copy of the small corpus, for changing documents."""
    tmp = tmp_path_factory.mktemp("docs-app")
    shutil.copytree(DATA / "mini", tmp / "corpus")
    proc, url = _start(tmp / "corpus", tmp / "index", tmp)
    yield url, tmp / "corpus"
    _stop(proc)


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


@pytest.fixture
def sized_page(browser, app_url, size):
    """A new session at ``size``."""
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#kq-question textarea", timeout=60_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def page(browser, app_url):
    return open_page(browser, app_url)


def _ask(page, question: str) -> str:
    """Type ``question``, click "Sor", wait for its answer (and for the page to settle); the answer's text."""
    before = page.locator(BOT).count()
    page.fill("#kq-question textarea", question)
    page.click("#kq-ask")
    page.wait_for_function(f"n => document.querySelectorAll('{BOT}').length > n", arg=before, timeout=60_000)
    page.wait_for_timeout(400)  # the scroll that brings the answer into view runs just after it arrives
    return page.locator(BOT).last.inner_text()


def _clear_chat(page) -> None:
    """Click "Sohbeti temizle" and wait until it is done: it also empties the question box,
    so a question typed before it lands would be wiped (a loaded CI run asked an empty one)."""
    page.click("#kq-clear")
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 0", timeout=30_000)
    page.wait_for_timeout(1000)  # the emptied chat is written to the browser's storage


def _first_line_in_view(page) -> dict:
    """Where the newest answer's first line is, against the window and against the chat's scrolling box."""
    return page.evaluate(
        """() => {
        const first = Array.from(document.querySelectorAll('#kq-chat .kq-first')).pop();
        const r = first.getBoundingClientRect();
        let box = first.parentElement;
        while (box && !(/(auto|scroll)/.test(getComputedStyle(box).overflowY) && box.scrollHeight > box.clientHeight))
            box = box.parentElement;
        const b = box ? box.getBoundingClientRect() : {top: 0, bottom: window.innerHeight};
        return {top: r.top, bottom: r.bottom, window: window.innerHeight, boxTop: b.top, boxBottom: b.bottom,
                text: first.textContent, overflow: box ? box.scrollHeight - box.clientHeight : 0,
                messageHeight: first.closest('.kq-msg').getBoundingClientRect().height};
    }"""
    )


def _assert_in_view(where: dict) -> None:
    assert 0 <= where["top"] and where["bottom"] <= where["window"], where
    assert where["boxTop"] - 1 <= where["top"] and where["bottom"] <= where["boxBottom"] + 1, where


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def _follow_up_item() -> dict:
    lines = (DATA / "conversations-test.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[0])


def _long_question() -> str:
    """A list question of the test split: its answer runs to several sentences."""
    rows = [json.loads(line) for line in (DATA / "questions-test.jsonl").read_text(encoding="utf-8").splitlines()]
    return next(r["question"] for r in rows if r["type"] == "list")


# ------------------------------------------------------------------ issue 9, at both sizes


def test_a_follow_up_is_answered_from_the_chat(sized_page):
    item = _follow_up_item()
    for earlier in item["history"]:
        _ask(sized_page, earlier)
    text = _ask(sized_page, item["question"])
    assert item["span"] in text, text
    assert "Sohbete göre aranan" in text
    _assert_in_view(_first_line_in_view(sized_page))


def test_the_latest_question_is_not_under_the_chats_clear_icon(sized_page, expected):
    """On a phone the latest question's bubble ended under Gradio's 🗑 icon (a new user's trial)."""
    _ask(sized_page, expected["letterless_pair"][0])
    overlap = sized_page.evaluate(
        """() => {
          const icon = document.querySelector('#kq-chat button[aria-label="Sohbeti Temizle"]');
          const bubbles = [...document.querySelectorAll('#kq-chat .message.user')];
          if (!icon || !bubbles.length) return null;
          const a = icon.getBoundingClientRect(), b = bubbles[bubbles.length - 1].getBoundingClientRect();
          return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        }"""
    )
    assert overlap is False


def test_the_answer_first_line_is_in_view_after_every_question(sized_page, expected):
    questions = [expected["letterless_pair"][0], _long_question(), expected["english_pair"][0], _long_question()]
    for question in questions:
        _ask(sized_page, question)
        where = _first_line_in_view(sized_page)
        _assert_in_view(where)
    # The chat holds more than its box shows, and the last answer is a long one: scrolling to its
    # end (Gradio's autoscroll) would have hidden its first line.
    assert where["overflow"] > where["messageHeight"] > 150, where


def test_the_latest_answers_citation_brings_its_page_into_view(sized_page, expected):
    """On a phone the page view sits below the chat; tapping the citation of the answer whose
    page is already open (nothing changes in it) must still bring it into view."""
    _ask(sized_page, expected["letterless_pair"][0])
    sized_page.wait_for_function(
        "() => { const i = document.querySelector('#kq-page .kq-pv-img'); return i && i.complete && i.naturalWidth > 0; }",
        timeout=60_000,
    )
    sized_page.locator(BOT).last.locator(".kq-ref").first.click()
    sized_page.wait_for_timeout(2_000)
    top = sized_page.evaluate("() => document.querySelector('#kq-page').getBoundingClientRect().top")
    height = sized_page.evaluate("() => window.innerHeight")
    assert 0 <= top <= 0.5 * height, (top, height)


def test_a_citation_opens_the_pdf_page_with_a_box_over_the_evidence(sized_page, paper_pdf, paper_index, expected, size):
    from kumeqa.ui.pageview import quote_boxes

    question, _, span = expected["letterless_pair"]
    _ask(sized_page, question)
    page_number = expected["page_of_phrase"]["6.500 işletme ve 65.000 çalışanı"]
    _ask(sized_page, expected["english_pair"][0])
    # The page view then opens the new answer's page (another page) after the answer shows;
    # a click before that step ends would be overwritten by it.
    sized_page.wait_for_function(
        "n => { const h = document.querySelector('#kq-page .kq-pv-head'); return h && !h.textContent.includes('s. ' + n); }",
        arg=page_number,
        timeout=60_000,
    )
    first_answer = sized_page.locator(BOT).first
    first_answer.locator(".kq-ref").first.click()
    sized_page.wait_for_function(
        "n => { const h = document.querySelector('#kq-page .kq-pv-head'); return h && h.textContent.includes('s. ' + n); }",
        arg=page_number,
        timeout=60_000,
    )
    sized_page.wait_for_function(
        "() => { const i = document.querySelector('#kq-page .kq-pv-img'); return i && i.complete && i.naturalWidth > 0; }"
    )
    sized_page.wait_for_timeout(300)
    seen = sized_page.evaluate(
        """() => {
        const img = document.querySelector('#kq-page .kq-pv-img').getBoundingClientRect();
        const frame = document.querySelector('#kq-page .kq-pv-scroll').getBoundingClientRect();
        const boxes = Array.from(document.querySelectorAll('#kq-page .kq-hl')).map(e => e.getBoundingClientRect());
        return {img: [img.left, img.top, img.width, img.height], frame: [frame.top, frame.bottom],
                boxes: boxes.map(b => [b.left, b.top, b.width, b.height]), window: window.innerHeight};
    }"""
    )
    assert seen["boxes"], "the evidence is boxed"
    left, top, width, height = seen["img"]
    quote = next(s.text for s in paper_index.sentences if "6.500 işletme" in s.text)
    expected_boxes = quote_boxes(paper_pdf, page_number, quote)
    assert len(seen["boxes"]) == len(expected_boxes)
    for (bl, bt, bw, bh), e in zip(seen["boxes"], expected_boxes):
        # Where the text layer puts the sentence, drawn over the image at whatever size it is shown.
        assert abs((bl - left) / width - e.left) < 0.01 and abs((bt - top) / height - e.top) < 0.01
        assert bw > 0 and bh > 0
    first_top = seen["boxes"][0][1]
    assert seen["frame"][0] <= first_top <= seen["frame"][1], "the frame is scrolled to the mark"
    assert 0 <= first_top <= seen["window"], "the mark is inside the window"
    if size == "desktop":
        sized_page.screenshot(path=str(_shots() / "pageview-desktop.png"))
    # "Büyüt" shows the page over the whole window for reading: on a phone first fitted to
    # the screen's width (no sideways scrolling), "Yakınlaştır" then gives the rendered
    # size (at least 900 px wide); the boxes stay on the text and the mark in the frame;
    # Escape puts it back.
    sized_page.click("#kq-page .kq-zoom")
    sized_page.wait_for_function("() => document.querySelector('#kq-page .kq-pv.kq-zoomed')", timeout=10_000)
    if size == "phone":
        fitted = sized_page.evaluate(
            """() => { const f = document.querySelector('#kq-page .kq-pv-scroll');
            const i = document.querySelector('#kq-page .kq-pv-img').getBoundingClientRect();
            return {sideways: f.scrollWidth - f.clientWidth, img: i.width, window: window.innerWidth}; }"""
        )
        assert fitted["sideways"] <= 1, "fitted to the width: no sideways scrolling"
        assert fitted["img"] >= 0.8 * fitted["window"], "and as wide as the screen"
        sized_page.click("#kq-page .kq-fit")
        sized_page.wait_for_function("() => !document.querySelector('#kq-page .kq-pv.kq-fitted')", timeout=10_000)
    sized_page.wait_for_timeout(300)  # the frame scrolls to the quote after layout
    zoomed = sized_page.evaluate(
        """() => {
        const img = document.querySelector('#kq-page .kq-pv-img').getBoundingClientRect();
        const frame = document.querySelector('#kq-page .kq-pv-scroll').getBoundingClientRect();
        const box = document.querySelector('#kq-page .kq-hl').getBoundingClientRect();
        const lefts = Array.from(document.querySelectorAll('#kq-page .kq-hl')).map((b) => b.getBoundingClientRect().left);
        return {img: [img.left, img.top, img.width, img.height], frame: [frame.left, frame.top, frame.right, frame.bottom],
                box: [box.left, box.top], left: Math.min(...lefts)};
    }"""
    )
    # Zoomed on a phone, the quote's start of line is on screen, not only its first box
    # (a sentence starting at the end of a line had its rest scrolled off to the left).
    assert zoomed["frame"][0] - 1 <= zoomed["left"] <= zoomed["frame"][2], zoomed
    assert zoomed["img"][2] >= max(1.9 * width, 890), "the page is shown far larger"
    assert zoomed["frame"][0] <= 20 and zoomed["frame"][3] >= seen["window"] * 0.8, "over the whole window"
    zl, zt, zw, zh = zoomed["img"]
    assert abs((zoomed["box"][0] - zl) / zw - expected_boxes[0].left) < 0.01
    assert abs((zoomed["box"][1] - zt) / zh - expected_boxes[0].top) < 0.01
    assert zoomed["frame"][1] <= zoomed["box"][1] <= zoomed["frame"][3], "still scrolled to the mark"
    if size == "desktop":
        sized_page.screenshot(path=str(_shots() / "pageview-zoomed-desktop.png"))
    sized_page.keyboard.press("Escape")
    sized_page.wait_for_function("() => !document.querySelector('#kq-page .kq-pv.kq-zoomed')", timeout=10_000)
    if size == "phone":
        # Below the chat, "Yanıta dön" goes back up to the answer just read.
        sized_page.click("#kq-page .kq-back")
        sized_page.wait_for_timeout(400)
        answer_top = sized_page.evaluate(
            "s => { const b = document.querySelectorAll(s); return b[b.length - 1].getBoundingClientRect().top; }", BOT
        )
        assert -60 <= answer_top < seen["window"] * 0.6, answer_top
        sized_page.locator("#kq-page").scroll_into_view_if_needed()
    else:
        assert not sized_page.locator("#kq-page .kq-back").is_visible(), "beside the chat on a desktop: no need"
    # Back in the page, the page view is where the user is (on a phone "Küçült" jumped up to the chat).
    for close in ("button", "key"):
        sized_page.click("#kq-page .kq-zoom")
        sized_page.wait_for_function("() => document.querySelector('#kq-page .kq-pv.kq-zoomed')", timeout=10_000)
        if close == "button":
            sized_page.click("#kq-page .kq-zoom")
        else:
            sized_page.keyboard.press("Escape")
        sized_page.wait_for_function("() => !document.querySelector('#kq-page .kq-pv.kq-zoomed')", timeout=10_000)
        top = sized_page.evaluate("() => document.querySelector('#kq-page').getBoundingClientRect().top")
        assert -5 <= top < seen["window"] * 0.5, (close, top)
    # Clearing the chat clears the page view.
    sized_page.click("#kq-clear")
    sized_page.wait_for_function("() => !document.querySelector('#kq-page .kq-pv')", timeout=30_000)
    assert sized_page.locator(BOT).count() == 0


def _shots() -> Path:
    """Where screenshots go: $KUMEQA_SCREENSHOTS (docs/ for the README), else a temporary folder."""
    folder = Path(os.environ.get("KUMEQA_SCREENSHOTS") or ROOT / ".pytest_cache" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_search_nothing_matches_shows_the_notice(sized_page, expected):
    _open_tab(sized_page, "Pasaj Ara")
    sized_page.fill("#kq-query textarea", "asdf qwer zxcv")
    sized_page.click("#kq-search")
    sized_page.wait_for_selector("#kq-results .kq-nomatch", timeout=60_000)
    assert "İyi bir eşleşme yok" in sized_page.locator("#kq-results").inner_text()
    assert sized_page.locator("#kq-results .kq-result").count() >= 1, "the closest passages are still shown"
    sized_page.fill("#kq-query textarea", expected["search_query"])
    sized_page.click("#kq-search")
    sized_page.wait_for_function(
        "() => document.querySelector('#kq-results .kq-result') && !document.querySelector('#kq-results .kq-nomatch')",
        timeout=60_000,
    )


def test_a_document_is_deleted_and_uploaded_again(browser, docs_app, size, tmp_path):
    url, corpus = docs_app
    name, text, question, answer = NEW_DOCS[size]
    upload = tmp_path / name
    upload.write_text(text, encoding="utf-8")
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#kq-question textarea", timeout=60_000)

    def add() -> None:
        _open_tab(page, "Belgeler")
        with page.expect_file_chooser() as chooser:
            page.click("#kq-upload")
        chooser.value.set_files(str(upload))
        page.wait_for_function(
            "name => { const t = document.querySelector('#kq-docs'); const text = t ? t.innerText : '';"
            " return text.includes(name) && !text.includes('dizinleniyor'); }",
            arg=name,
            timeout=300_000,
        )

    add()
    _open_tab(page, "Soru-Cevap")
    assert answer in _ask(page, question)

    _open_tab(page, "Belgeler")
    page.locator("#kq-docs").get_by_text(name, exact=True).first.click()
    page.wait_for_function(
        "name => document.querySelector('#kq-selected input') && document.querySelector('#kq-selected input').value === name",
        arg=name,
        timeout=30_000,
    )
    # The browser asks first: dismissed, nothing happens; accepted, the document goes.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#kq-remove")
    page.wait_for_function(
        "() => { const box = document.querySelector('#kq-status textarea'); return box && box.value.includes('iptal'); }",
        timeout=30_000,
    )
    assert (corpus / name).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#kq-remove")
    page.wait_for_function(
        "name => !document.querySelector('#kq-docs').textContent.includes(name)", arg=name, timeout=300_000
    )
    assert not (corpus / name).exists() and any((corpus / ".trash").iterdir())
    _open_tab(page, "Soru-Cevap")
    assert answer not in _ask(page, question)

    add()
    assert (corpus / name).read_text(encoding="utf-8") == text
    _open_tab(page, "Soru-Cevap")
    assert answer in _ask(page, question)
    context.close()


# ------------------------------------------------------------------ more of the chat


def test_the_chat_survives_a_reload_and_copies_as_markdown(page, expected):
    _clear_chat(page)
    question, _, span = expected["letterless_pair"]
    stored = page.evaluate("localStorage.getItem('kumeqa-chat')")
    _ask(page, question)
    # The browser's copy is written just after the answer is shown.
    page.wait_for_function("old => localStorage.getItem('kumeqa-chat') !== old", arg=stored, timeout=30_000)
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 1", timeout=60_000)
    assert span in page.locator(BOT).first.inner_text()
    # The latest answer's page is shown again beside the restored chat.
    page.wait_for_selector("#kq-page .kq-pv", timeout=60_000)
    page.locator(BOT).first.locator(".kq-copy").click()
    page.wait_for_function("() => window.kumeqa && window.kumeqa.copied.length > 0")
    copied = page.evaluate("window.kumeqa.copied")
    assert copied.startswith("**Soru:**") and f"**{span}" in copied and "**Kaynak**" in copied
    assert "<" not in copied.replace("\\<", ""), "Markdown, not the message's HTML"
    _clear_chat(page)
    page.reload()
    page.wait_for_selector("#kq-question textarea")
    page.wait_for_timeout(2000)
    assert page.locator(BOT).count() == 0


def test_the_page_opened_from_a_declined_answer_comes_back_after_a_reload(page, expected):
    """A reload after a declined answer had left the page view empty, though the user had
    opened one of its closest passages (the sixth new user's trial)."""
    _clear_chat(page)
    text = _ask(page, expected["off_topic"])
    assert "bulamadım" in text, text
    page.wait_for_timeout(1500)  # the answer's own copy is written to the browser's storage
    stored = page.evaluate("localStorage.getItem('kumeqa-chat')")
    page.locator(BOT).last.locator(".kq-ref").first.click()
    page.wait_for_selector("#kq-page .kq-pv", timeout=60_000)
    head = page.locator("#kq-page .kq-pv-head strong").inner_text()
    page.wait_for_function("old => localStorage.getItem('kumeqa-chat') !== old", arg=stored, timeout=30_000)
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 1", timeout=60_000)
    page.wait_for_selector("#kq-page .kq-pv", timeout=60_000)
    assert page.locator("#kq-page .kq-pv-head strong").inner_text() == head
    _clear_chat(page)


def test_a_vote_on_an_answer_is_stored_locally(page, expected, feedback_file):
    question, _, span = expected["letterless_pair"]
    _ask(page, question)
    page.locator("#kq-chat button[aria-label='Beğenme']").last.click()
    deadline = time.time() + 30
    # The file exists as soon as it is opened for appending: wait for the vote's line.
    while time.time() < deadline and not (feedback_file.exists() and feedback_file.read_text(encoding="utf-8").strip()):
        time.sleep(0.2)
    votes = [json.loads(line) for line in feedback_file.read_text(encoding="utf-8").splitlines()]
    assert votes[-1]["liked"] is False and votes[-1]["question"] == question
    assert votes[-1]["answer"]["span"].startswith(span)


def test_the_page_is_turkish_for_any_browser(browser, app_url, expected):
    context = browser.new_context(viewport=SIZES["desktop"], locale="en-US")
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#kq-question textarea", timeout=60_000)
    assert page.evaluate("document.documentElement.lang") == "tr"
    page.wait_for_selector("#kq-chat [aria-label='Sohbet']")
    _open_tab(page, "Belgeler")
    body = page.locator("body").inner_text()
    assert "Drop File Here" not in body and "Click to Upload" not in body
    assert "Belge ekle" in page.locator("#kq-upload").inner_text()
    _open_tab(page, "Soru-Cevap")
    _ask(page, expected["letterless_pair"][0])
    page.wait_for_timeout(1500)  # the status tracker announces the finished answer
    # Gradio's Turkish locale lacks "common.complete": the bare key was announced to screen
    # readers and read in the page's text under the page view (the sixth new user's trial).
    text = page.evaluate("document.body.textContent")
    assert "common." not in text, text[text.find("common.") - 80 : text.find("common.") + 40]
    context.close()


def test_html_in_a_question_is_shown_as_text_never_run(page):
    page.evaluate("window.__xss = undefined")
    text = _ask(page, '<img src=x onerror="window.__xss=1">kaç firma var')
    assert text
    time.sleep(0.5)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#kq-chat img[src='x']").count() == 0
    assert "<img" in page.locator("#kq-chat").inner_text()


def test_passage_search_lists_ranked_passages_with_copy_buttons(page, expected):
    _open_tab(page, "Pasaj Ara")
    page.fill("#kq-query textarea", expected["search_query"])
    page.click("#kq-search")
    page.wait_for_selector("#kq-results .kq-result", timeout=60_000)
    assert page.locator("#kq-results .kq-result").count() >= 3
    assert "s. " in page.locator("#kq-results .kq-cite").first.inner_text()
    # Each passage is shown once (a second monospace copy doubled the page) and without a
    # score of another scale than the notice's.
    first = page.locator("#kq-results .kq-result").first
    passage = first.locator("p").first.inner_text()
    assert first.inner_text().count(passage[:60]) == 1
    assert "skor" not in page.locator("#kq-results").inner_text()
    # The words searched for are marked in the passages (the tenth trial: shown bare).
    assert page.locator("#kq-results .kq-result").first.locator("mark.kq-term").count() >= 1
    assert page.locator("#kq-citations textarea").input_value().startswith("[1] ")
    page.locator("#kq-results .kq-copy").first.click()
    page.wait_for_function("() => window.kumeqa.copied.includes(', s. ')")
    _open_tab(page, "Soru-Cevap")


def test_fact_check_tab_shows_a_contradiction(page, expected):
    _open_tab(page, "Doğrula")
    page.fill("#kq-claim textarea", expected["contradicted_claim"])
    page.click("#kq-check")
    page.wait_for_selector("#kq-verdict .kq-verdict", timeout=60_000)
    assert "Çelişiyor" in page.locator("#kq-verdict").inner_text()
    assert page.locator("#kq-verdict mark.source").count() >= 1
    _open_tab(page, "Soru-Cevap")


#: What the batch table shows of its cells: each verdict cell's class and background
#: against a badge of the single check with the same class, the lines "Doğrulanamıyor" takes,
#: any box inside the table that scrolls by itself, cells outside the table's frame.
_BATCH_LAYOUT = """() => {
  const wrap = document.querySelector('#kq-table .kq-claims-wrap');
  const frame = wrap.getBoundingClientRect();
  const badge = (css) => {
    const probe = document.createElement('div');
    probe.className = 'kq-verdict ' + css;
    document.querySelector('#kq-verdict').appendChild(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour;
  };
  const verdicts = Array.from(wrap.querySelectorAll('td.kq-claim-verdict')).map((td) => {
    const css = Array.from(td.classList).find((c) => ['kq-ok', 'kq-bad', 'kq-none'].includes(c)) || '';
    const range = document.createRange();
    range.selectNodeContents(td);
    return {text: td.innerText.trim(), css, colour: getComputedStyle(td).backgroundColor, badge: badge(css),
            lines: new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size,
            height: range.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(td).lineHeight)};
  });
  const scrollers = [];
  for (let el = wrap.querySelector('td'); el && el.id !== 'kq-table'; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) scrollers.push(el.className);
  }
  const cells = Array.from(wrap.querySelectorAll('td')).filter((td) => td.innerText.trim());
  return {
    verdicts, scrollers,
    font: getComputedStyle(wrap.querySelector('td')).fontFamily, pageFont: getComputedStyle(document.querySelector('#kq-verdict')).fontFamily,
    outside: cells.filter((td) => { const r = td.getBoundingClientRect();
      return r.width === 0 || r.left < frame.left - 1 || r.right > frame.right + 1; }).map((td) => td.innerText),
    sideways: wrap.scrollWidth - wrap.clientWidth,
    tableWidth: wrap.querySelector('table').getBoundingClientRect().width, frameWidth: frame.width,
    headers: Array.from(wrap.querySelectorAll('th')).filter((th) => th.getBoundingClientRect().width > 0).length,
    labels: Array.from(wrap.querySelectorAll('.kq-cell-label')).filter((l) => l.getBoundingClientRect().width > 0).length,
    labelled: cells.filter((td) => td.querySelector('.kq-cell-label')).length,
    pageWidth: document.documentElement.scrollWidth,
  };
}"""


def test_the_batch_table_is_readable_with_coloured_verdicts_at_every_size(sized_page, expected, size):
    """A new user's trial: the table was in a monospace font inside a scroll box of one and a
    half rows, its verdicts uncoloured; on a phone the columns after the verdict were cut off
    unseen and "Doğrulanamıyor" broke inside the word. Now: the page's font, no scroll box of
    its own, verdicts coloured as the single check's badge and on one line, every cell inside
    the frame (a table filling it on a desktop, one card per claim on a phone), the CSV as before."""
    _open_tab(sized_page, "Doğrula")
    sized_page.get_by_text("Toplu doğrulama").click()
    claims = {
        expected["contradicted_claim"]: "kq-bad",
        expected["claims"]["founding"]["claim"]: "kq-ok",
        expected["claims"]["bound_open"]["claim"]: "kq-none",
    }
    sized_page.fill("#kq-batch textarea", "\n".join(claims))
    sized_page.click("#kq-run-batch")
    sized_page.wait_for_selector("#kq-table .kq-claims", timeout=60_000)
    sized_page.wait_for_timeout(300)
    seen = sized_page.evaluate(_BATCH_LAYOUT)
    summary = sized_page.locator("#kq-table .kq-claims-summary[role=status]")
    assert summary.inner_text() == "3 iddia: 1 doğrulandı, 1 çelişiyor, 1 doğrulanamıyor", "the count above the table"
    verdicts = seen["verdicts"]
    assert [v["css"] for v in verdicts] == list(claims.values()), verdicts
    assert [v["text"] for v in verdicts] == ["Çelişiyor", "Doğrulandı", "Doğrulanamıyor"], verdicts
    for v in verdicts:
        assert v["colour"] == v["badge"] and v["colour"] != "rgba(0, 0, 0, 0)", v
        assert v["lines"] == 1 and v["height"] <= 1.5 * v["lineHeight"], v
    assert "mono" not in seen["font"].lower() and seen["font"] == seen["pageFont"], seen["font"]
    assert seen["scrollers"] == [], "the page scrolls, not a box inside the table"
    assert seen["outside"] == [] and seen["sideways"] <= 1, seen
    assert seen["pageWidth"] <= sized_page.viewport_size["width"] + 1
    if size == "desktop":
        assert seen["headers"] == 6 and seen["labels"] == 0, seen
        assert seen["tableWidth"] >= seen["frameWidth"] - 1, "no unused space right of the last column"
    else:
        assert seen["headers"] == 0 and seen["labels"] == seen["labelled"] > 3, "every cell under its column's name"
        sized_page.locator("#kq-table").screenshot(path=str(_shots() / "batch-phone.png"))
    with sized_page.expect_download() as download:
        sized_page.click("#kq-table-csv")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "<" not in data.decode("utf-8-sig")
    rows = data.decode("utf-8-sig").splitlines()
    assert rows[0] == '"İddia";"Sonuç";"Güven";"Güven düzeyi";"Farklı değerler";"Kaynak cümle";"Kaynak"', rows[0]
    assert len(rows) == 4 and '"Çelişiyor"' in rows[1]
    assert all(re.search(r'^"[^"]*";"[^"]*";"[01],\d\d";"(yüksek|orta|düşük)";', row) for row in rows[1:]), rows
    _open_tab(sized_page, "Soru-Cevap")


_FITS = """(selector) => {
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  const arrow = el.closest('.block').querySelector('.dropdown-arrow path');
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = style.font;
  const box = el.getBoundingClientRect();
  return {
    placeholder: el.placeholder, value: el.value, height: el.clientHeight, scrollHeight: el.scrollHeight,
    textRight: box.left + parseFloat(style.paddingLeft) + canvas.measureText(el.value).width,
    arrowLeft: arrow ? arrow.getBoundingClientRect().left : null,
  };
}"""


def test_the_question_placeholder_and_the_document_picker_fit_on_a_phone(browser, app_url):
    """The eighth new user's trial, at 390×844: the question box's placeholder was cut off
    ("…işletme var?)" clipped) and "Tüm belgeler" in the search's document picker touched
    its arrow. Now the empty box is as tall as its placeholder, and the picker's text ends
    short of the arrow."""
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#kq-question textarea", timeout=60_000)
    page.wait_for_timeout(300)
    box = page.evaluate(_FITS, "#kq-question textarea")
    assert "(ör. " in box["placeholder"] and box["scrollHeight"] <= box["height"], box
    page.fill("#kq-question textarea", "kaç")
    typed = page.evaluate(_FITS, "#kq-question textarea")
    assert typed["height"] < box["height"], "typed into, the box is sized to its text again"
    _open_tab(page, "Pasaj Ara")
    page.wait_for_selector("#kq-source-filter input")
    picker = page.evaluate(_FITS, "#kq-source-filter input")
    assert picker["value"] == "Tüm belgeler" and picker["textRight"] + 4 <= picker["arrowLeft"], picker
    page.screenshot(path=str(_shots() / "search-phone.png"))
    # The Belgeler table in the phone's width: every column seen without scrolling sideways
    # (the tenth trial: only Başlık and part of Dosya were, the table 683 px wide).
    _open_tab(page, "Belgeler")
    page.wait_for_selector("#kq-docs table")
    sizes = page.evaluate(
        "() => { const d = document.querySelector('#kq-docs'); const t = d.querySelector('table');"
        " return {box: d.getBoundingClientRect().width, table: t.getBoundingClientRect().width}; }"
    )
    assert sizes["table"] <= sizes["box"] + 1, sizes
    page.screenshot(path=str(_shots() / "documents-phone.png"))
    context.close()


def test_an_empty_question_changes_nothing_in_the_chat(page, expected):
    """A new user's trial: "Sor" with an empty box added a "…" bubble and a warning answer with
    👍/👎, kept in the saved chat. Now a notice says why and the chat stays as it was."""
    _clear_chat(page)
    stored = page.evaluate("localStorage.getItem('kumeqa-chat')")
    _ask(page, expected["letterless_pair"][0])
    page.wait_for_function("old => localStorage.getItem('kumeqa-chat') !== old", arg=stored, timeout=30_000)
    count = """() => [document.querySelectorAll('#kq-chat .message-row').length,
        document.querySelectorAll("#kq-chat button[aria-label='Beğenme']").length,
        document.querySelector('#kq-chat').innerText]"""
    before = page.evaluate(count)
    page.fill("#kq-question textarea", "   ")
    page.click("#kq-ask")
    notice = page.locator(".toast-body", has_text="Soru boş olamaz.")
    notice.wait_for(timeout=30_000)
    assert "Uyarı" in notice.inner_text() and "Warning" not in notice.inner_text()
    page.fill("#kq-question textarea", "")
    page.press("#kq-question textarea", "Enter")
    page.wait_for_timeout(2_000)  # what the chain writes to the browser's storage after a question
    assert page.evaluate(count) == before
    page.reload()
    page.wait_for_function(f"() => document.querySelectorAll('{BOT}').length === 1", timeout=60_000)
    page.wait_for_timeout(1_000)
    assert page.evaluate(count) == before, "nothing of the empty question was saved"
    _clear_chat(page)


def test_two_users_keep_separate_histories(browser, app_url, expected):
    first_q, _, first_span = expected["letterless_pair"]
    second_q, second_span = expected["english_pair"]
    pages = [open_page(browser, app_url), open_page(browser, app_url)]
    for page in pages:
        _clear_chat(page)  # both share one browser profile's storage: start empty
    # Both questions are in flight together.
    for page, question in zip(pages, (first_q, second_q)):
        page.fill("#kq-question textarea", question)
    for page in pages:
        page.click("#kq-ask")
    for page in pages:
        page.wait_for_selector("#kq-chat mark.span", timeout=60_000)
    first_chat = pages[0].locator("#kq-chat").inner_text()
    second_chat = pages[1].locator("#kq-chat").inner_text()
    assert first_span in first_chat and second_q not in first_chat
    assert second_span in second_chat and first_q not in second_chat
