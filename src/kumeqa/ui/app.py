"""Starting the web app: options, the index service, the page served in Turkish, launch.

``python app.py`` (at the repository's root) calls :func:`main`. The app binds
127.0.0.1 unless told otherwise, checks Host and Origin (:mod:`kumeqa.hosts`),
fetches nothing from outside (system fonts, analytics off, models offline) and
serves the page in Turkish whatever the browser's language (:class:`TurkishPage`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace

import gradio as gr
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import hosts
from ..config import Settings
from ..documents import MAX_UPLOAD_BYTES
from ..exports import TempExports
from ..index import IndexUnavailable
from ..service import IndexService
from .feedback import DEFAULT_PATH, FeedbackLog
from .layout import build_app, client_js, css

#: Runs before Gradio's own scripts: Gradio picks its interface language (upload
#: boxes, progress, screen-reader labels) from ``navigator.language``, so an English
#: browser would get "Drop File Here"; the app is Turkish, so it says it is.
_PIN_LOCALE = (
    b"<script>(function(){var tr=function(){return 'tr'};"
    b"try{Object.defineProperty(Navigator.prototype,'language',{get:tr,configurable:true});"
    b"Object.defineProperty(Navigator.prototype,'languages',{get:function(){return ['tr']},configurable:true});}"
    b"catch(e){}})();</script>"
)


class TurkishPage:
    """ASGI middleware: the HTML page says ``lang="tr"`` and pins Gradio's interface language to Turkish."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        html = False
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start, html
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers
                if html:
                    start = message
                    return
            elif html and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = turkish_html(b"".join(body))
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(page)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, rewrite)


def turkish_html(page: bytes) -> bytes:
    """Gradio's page with ``lang="tr"`` and the locale pin before its first script."""
    page = page.replace(b'lang="en"', b'lang="tr"', 1)
    at = page.find(b"<script")
    return page[:at] + _PIN_LOCALE + page[at:] if at >= 0 else page


#: Words Gradio's Turkish locale lacks: its status tracker announces a finished answer to
#: screen readers (and into the page's text) as ``common.complete``, the bare key.
STATUS_WORDS = {"common.complete": "Tamamlandı", "common.progress": "İlerleme"}


def status_words() -> gr.I18n:
    """The missing status words, for the pinned Turkish locale and the English fallback."""
    return gr.I18n(tr=dict(STATUS_WORDS), en=dict(STATUS_WORDS))


def theme() -> gr.themes.Base:
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
    parser.add_argument(
        "--feedback",
        default=env.get("KUMEQA_FEEDBACK", str(DEFAULT_PATH)),
        metavar="FILE",
        help=f"JSON Lines file for 👍/👎 on answers (default {DEFAULT_PATH}; also KUMEQA_FEEDBACK)",
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
        settings = replace(settings, model=args.model)
    try:
        service = IndexService.open(settings, read_only=args.read_only)
    except IndexUnavailable as exc:
        sys.exit(f"error: {exc}")
    exports = TempExports()
    exports.sweep_every(exports.keep_seconds)
    app = build_app(service, exports, FeedbackLog(args.feedback))
    app.queue(default_concurrency_limit=4)
    for warning in hosts.launch_warnings(args.host, auth, args.allowed_host):
        print(warning, file=sys.stderr, flush=True)
    print(f"kumeqa: http://{args.host}:{args.port}", flush=True)
    app.launch(
        server_name=args.host,
        server_port=args.port,
        theme=theme(),
        css=css(),
        js=client_js(),
        footer_links=[],
        i18n=status_words(),
        # Gradio would keep every request's inputs and outputs (questions, page images) in the
        # browser's storage, growing with each answer and slowing every later one; the chat
        # keeps its own copy.
        run_history=False,
        max_file_size=MAX_UPLOAD_BYTES,
        show_error=False,
        auth=auth,
        app_kwargs={"middleware": [*hosts.middleware(args.host, args.allowed_host), Middleware(TurkishPage)]},
    )
