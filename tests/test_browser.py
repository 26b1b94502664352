"""The UI in a real browser: Debian's headless Chromium driven by Playwright, against app.py."""

import os
import shutil
import socket
import subprocess
import sys
import time
from urllib.request import urlopen

import pytest

from conftest import ROOT, open_page

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(paper_settings, paper_index, tmp_path_factory):
    """app.py on a free loopback port, with the session's paper index (no rebuild)."""
    corpus = paper_settings.corpus_dir
    shutil.copy(ROOT / "corpus" / "README.md", corpus / "README.md")  # example questions
    port = _free_port()
    log = (tmp_path_factory.mktemp("app") / "app.log").open("w")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "app.py",
            "--port",
            str(port),
            "--corpus",
            str(corpus),
            "--index",
            str(paper_settings.index_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}; see {log.name}")
        try:
            with urlopen(url, timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("app.py did not start within 120 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def page(browser, app_url):
    return open_page(browser, app_url)


def _ask(page, question: str, turns_before: int) -> str:
    page.fill("#kq-question textarea", question)
    page.click("#kq-ask")
    bot = page.locator("#kq-chat .message.bot, #kq-chat [data-testid='bot']")
    page.wait_for_function(
        "n => document.querySelectorAll(\"#kq-chat [data-testid='bot'], #kq-chat .message.bot\").length > n",
        arg=turns_before,
        timeout=30_000,
    )
    return bot.last.inner_text()


def test_ask_shows_answer_span_and_citation(page, expected, tmp_path):
    question, _, span = expected["letterless_pair"]
    started = time.perf_counter()
    text = _ask(page, question, 0)
    answer_seconds = time.perf_counter() - started
    assert span in text
    page_number = expected["page_of_phrase"]["6.500 işletme ve 65.000 çalışanı"]
    assert f"s. {page_number}" in text
    assert page.locator("#kq-chat mark.span").first.inner_text().startswith(span)
    # Sources panel: the cited passage with the answer sentence highlighted; "Kaynak göster" opens the page.
    assert page.locator("#kq-sources mark.sentence").count() >= 1
    page.click("#kq-show")
    page.wait_for_selector("#kq-page .kq-page", timeout=15_000)
    assert f"s. {page_number}" in page.locator("#kq-page").inner_text()
    shot = tmp_path / "kumeqa-chat.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("KUMEQA_SCREENSHOT"):
        shutil.copy(shot, os.environ["KUMEQA_SCREENSHOT"])
    print(f"answer shown {answer_seconds:.2f} s after the click")


def test_html_in_a_question_is_shown_as_text_never_run(page):
    page.evaluate("window.__xss = undefined")
    before = page.locator("#kq-chat [data-testid='bot'], #kq-chat .message.bot").count()
    text = _ask(page, '<img src=x onerror="window.__xss=1">kaç firma var', before)
    assert text
    time.sleep(0.5)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#kq-chat img[src='x']").count() == 0
    assert "<img" in page.locator("#kq-chat").inner_text()


def test_passage_search_lists_ranked_passages(page, expected):
    page.get_by_role("tab", name="Pasaj Ara").click()
    page.fill("#kq-query textarea", expected["search_query"])
    page.click("#kq-search")
    page.wait_for_selector("#kq-results .kq-result", timeout=30_000)
    assert page.locator("#kq-results .kq-result").count() >= 3
    assert "s. " in page.locator("#kq-results .kq-cite").first.inner_text()
    assert page.locator("#kq-citations textarea").input_value().startswith("[1] ")


def test_fact_check_tab_shows_a_contradiction(page, expected):
    page.get_by_role("tab", name="Doğrula").click()
    page.fill("#kq-claim textarea", expected["contradicted_claim"])
    page.click("#kq-check")
    page.wait_for_selector("#kq-verdict .kq-verdict", timeout=30_000)
    assert "Çelişiyor" in page.locator("#kq-verdict").inner_text()
    assert page.locator("#kq-verdict mark.source").count() >= 1


def test_two_users_keep_separate_histories(browser, app_url, expected):
    first_q, _, first_span = expected["letterless_pair"]
    second_q, second_span = expected["english_pair"]
    pages = [open_page(browser, app_url), open_page(browser, app_url)]
    # Both questions are in flight together.
    for page, question in zip(pages, (first_q, second_q)):
        page.fill("#kq-question textarea", question)
    for page in pages:
        page.click("#kq-ask")
    for page in pages:
        page.wait_for_selector("#kq-chat mark.span", timeout=30_000)
    first_chat = pages[0].locator("#kq-chat").inner_text()
    second_chat = pages[1].locator("#kq-chat").inner_text()
    assert first_span in first_chat and second_q not in first_chat
    assert second_span in second_chat and first_q not in second_chat
