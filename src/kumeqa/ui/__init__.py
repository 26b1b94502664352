"""The Gradio web UI (Turkish): chat with cited answers, the original page, passage search, fact-check, documents.

One module per job:

* :mod:`~kumeqa.ui.layout` — the Blocks: components, Turkish labels, which handler each event calls;
* :mod:`~kumeqa.ui.handlers` — what happens on each event (plain functions, tested without a browser);
* :mod:`~kumeqa.ui.pageview` — a citation's original page: the PDF page rendered with the quote boxed;
* :mod:`~kumeqa.ui.feedback` — 👍/👎 stored locally as JSON Lines;
* :mod:`~kumeqa.ui.app` — options, the served page in Turkish, launch (``python app.py``);
* ``static/`` — the stylesheet and the little script only the browser can run.

The index's life (background builds, following ``CURRENT``, uploads) is
:class:`kumeqa.service.IndexService`; HTML is :mod:`kumeqa.views` (escaped there);
downloads are :mod:`kumeqa.exports`. Each browser session keeps its own chat; the
index is shared and read-only. What a user types is shown as text, never markdown.
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from .app import main, parse_args  # noqa: E402
from .handlers import (  # noqa: E402
    ALL_DOCUMENTS,
    handle_claim,
    handle_claims_batch,
    handle_clear,
    handle_open_citation,
    handle_question,
    handle_refresh,
    handle_remove,
    handle_replace,
    handle_restore,
    handle_search,
    handle_upload,
)
from .layout import build_app  # noqa: E402

__all__ = [
    "ALL_DOCUMENTS",
    "build_app",
    "handle_claim",
    "handle_claims_batch",
    "handle_clear",
    "handle_open_citation",
    "handle_question",
    "handle_refresh",
    "handle_remove",
    "handle_replace",
    "handle_restore",
    "handle_search",
    "handle_upload",
    "main",
    "parse_args",
]
