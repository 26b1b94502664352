"""How fast the web page is for a user: ``make bench`` (after scripts/bench.py), or on its own.

    .venv/bin/python scripts/bench_ui.py [--index DIR] [--loads 5] [--questions 12] [--screenshots docs]

Starts ``app.py`` over ``corpus/`` (with an index built beforehand, so that no
build is measured) on a free loopback port and drives Debian's headless Chromium:

* **server ready** — from starting ``app.py`` to its first HTTP answer (Python,
  torch, Gradio and the index loading);
* **page interactive** — from navigation start to the question box taking input
  with kumeqa's script running (``window.kumeqa``), for fresh sessions (no cache
  shared between them), at desktop (1400×900) and phone (390×844) size;
* **click to answer** — from the click on "Sor" to the answer's first line in the
  page, timed inside the page (``performance.now()`` at the click, a
  MutationObserver for the new ``.kq-first``), over the corpus README's example
  questions and the tuning split's questions: each asked first ("cold": the
  reading stage meets it for the first time) and then once more ("warm": what is
  left is the page's own cost, the request, the HTML and its layout).

The machine's load average is recorded beside the numbers: the 2 cores are shared.

Targets (issue 9): page interactive ≤ 3 s, answer shown ≤ 1 s after the click,
on the 2-core machine. Writes docs/bench-ui.json and prints a summary; with
``--screenshots`` also saves the README's screenshots.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from kumeqa.config import Settings
from kumeqa.index import ensure_index
from kumeqa.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}

#: Resolves with the milliseconds from the click on "Sor" to the new answer's first line in the DOM.
CLICK_TO_ANSWER = """
(question) => new Promise((resolve) => {
  const count = () => document.querySelectorAll('#kq-chat .kq-first').length;
  const before = count();
  const box = document.querySelector('#kq-question textarea');
  box.value = question;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  let clicked = 0;
  const seen = new MutationObserver(() => {
    if (count() > before) { seen.disconnect(); resolve(performance.now() - clicked); }
  });
  seen.observe(document.querySelector('#kq-chat'), {childList: true, subtree: true});
  requestAnimationFrame(() => { clicked = performance.now(); document.querySelector('#kq-ask').click(); });
})
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _questions(limit: int) -> list[str]:
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"^- (.+)$", readme.split("## Örnek sorular", 1)[1].split("##", 1)[0], re.MULTILINE)
    rows = (ROOT / "tests" / "data" / "questions-tune.jsonl").read_text(encoding="utf-8").splitlines()
    tune = [json.loads(line)["question"] for line in rows if line.strip()]
    return (examples + tune)[:limit]


def _interactive(browser, url: str, size: str) -> tuple[float, object]:
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "() => { const t = document.querySelector('#kq-question textarea');"
        " return t && !t.disabled && t.offsetParent !== null && window.kumeqa; }",
        timeout=60_000,
        polling=20,
    )
    return time.perf_counter() - started, (context, page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--index", default=None, help="index folder for corpus/ (default: a temporary one, built first)"
    )
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads per size")
    parser.add_argument("--questions", type=int, default=12, help="questions asked per size")
    parser.add_argument("--screenshots", default=None, help="folder for the README's screenshots")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/bench-ui.json")
    args = parser.parse_args()

    index_dir = Path(args.index or tempfile.mkdtemp(prefix="kumeqa-bench-ui-"))
    ensure_index(Settings().with_paths(ROOT / "corpus", index_dir))
    feedback = Path(tempfile.mkdtemp(prefix="kumeqa-bench-ui-fb-")) / "votes.jsonl"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "app.py", "--port", str(port), "--index", str(index_dir), "--feedback", str(feedback)]
    log = open(index_dir.parent / f"bench-ui-app-{port}.log", "w")  # noqa: SIM115 - closed with the app
    started = time.perf_counter()
    app = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if app.poll() is not None:
                sys.exit(f"app.py exited with {app.returncode}; see {log.name}")
            try:
                with urlopen(url, timeout=2):
                    break
            except OSError:
                time.sleep(0.05)
        server_ready = time.perf_counter() - started
        result = {"server_ready_s": round(server_ready, 2), "sizes": {}}
        from playwright.sync_api import sync_playwright

        questions = _questions(args.questions)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            first, (context, _) = _interactive(browser, url, "desktop")  # first load after start
            context.close()
            result["first_page_interactive_after_start_s"] = round(server_ready + first, 2)
            for size in SIZES:
                loads = []
                for _ in range(args.loads):
                    seconds, (context, page) = _interactive(browser, url, size)
                    loads.append(seconds)
                    context.close()
                seconds, (context, page) = _interactive(browser, url, size)
                answers = [page.evaluate(CLICK_TO_ANSWER, q) / 1000 for q in questions]
                warm = [page.evaluate(CLICK_TO_ANSWER, q) / 1000 for q in questions]
                if args.screenshots and size == "phone":
                    page.wait_for_timeout(500)
                    page.screenshot(path=str(Path(args.screenshots) / "screenshot-phone.png"))
                if args.screenshots and size == "desktop":
                    _page_view_screenshot(page, Path(args.screenshots))
                context.close()
                result["sizes"][size] = {
                    "page_interactive_s_p50": round(percentile(loads, 50), 2),
                    "page_interactive_s_max": round(max(loads), 2),
                    "click_to_answer_s_p50": round(percentile(answers, 50), 3),
                    "click_to_answer_s_p95": round(percentile(answers, 95), 3),
                    "click_to_answer_s_max": round(max(answers), 3),
                    "click_to_answer_warm_s_p50": round(percentile(warm, 50), 3),
                    "click_to_answer_warm_s_p95": round(percentile(warm, 95), 3),
                    "loads": args.loads,
                    "questions": len(answers),
                }
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=30)
        log.close()
    result["machine"] = {"cores": os.cpu_count(), "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(result, indent=1))
    if not args.no_write:
        (ROOT / "docs" / "bench-ui.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def _page_view_screenshot(page, folder: Path) -> None:
    """The README's picture: an answer, and its cited PDF page with the evidence boxed."""
    page.click("#kq-clear")
    page.wait_for_function("() => !document.querySelector('#kq-chat .kq-msg')")
    page.evaluate(CLICK_TO_ANSWER, _questions(1)[0])
    page.locator("#kq-chat .kq-ref").first.click()
    page.wait_for_selector("#kq-page .kq-hl", timeout=60_000)
    page.wait_for_timeout(800)
    page.screenshot(path=str(folder / "screenshot-pageview.png"))


if __name__ == "__main__":
    main()
