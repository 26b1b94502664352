"""What leaves the app as a file: CSV and BibTeX downloads, safe to open, and not left lying around.

CSV cells are neutralised by OWASP's rule for CSV injection: a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so
that Excel or LibreOffice shows it as text instead of running it as a formula
(``=HYPERLINK(...)`` in a document or a claim would otherwise reach a researcher's
spreadsheet as a live link). Every cell is quoted. Numbers stay numbers.

Downloads are written to one folder per process, each export in a folder of its own;
Gradio copies a returned file into its own cache when it serves it, so ours are
deleted after :data:`EXPORT_KEEP_SECONDS` by a sweep that runs on every new export
and on a timer, and the whole folder goes when the process ends.
"""

from __future__ import annotations

import atexit
import csv
import io
import logging
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .retrieve import SearchResult

log = logging.getLogger(__name__)

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Our copy of an export is needed only until Gradio has copied it into its cache,
#: which happens as the handler returns; a minute is ample and bounds the disk used.
EXPORT_KEEP_SECONDS = 60.0

SEARCH_HEADERS = ["rank", "title", "source", "page", "section", "score", "text"]


def neutralise(cell: object) -> object:
    """``cell`` as a spreadsheet will show it, never run it: text starting like a formula gets a ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document with every cell quoted and neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def search_csv(results: list[SearchResult]) -> str:
    """Search results as CSV (rank, title, source, page, section, score, text)."""
    return csv_text(
        SEARCH_HEADERS,
        ([i, r.title, r.source, r.page, r.section, round(r.score, 4), r.text] for i, r in enumerate(results, 1)),
    )


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\%&$#_])", r"\\\1", text)


def search_bibtex(results: list[SearchResult]) -> str:
    """Search results as BibTeX-like ``@misc`` entries with the quoted passage in ``note``."""
    entries = []
    for i, r in enumerate(results, start=1):
        key = re.sub(r"\W+", "", r.source.rsplit(".", 1)[0])[:24] or "kaynak"
        entries.append(
            f"@misc{{{key}_p{r.page}_{i},\n"
            f"  title = {{{_bibtex_escape(r.title)}}},\n"
            f"  howpublished = {{{_bibtex_escape(r.source)}}},\n"
            f"  pages = {{{r.page}}},\n"
            f'  note = {{{_bibtex_escape(r.section + ": " if r.section else "")}"{_bibtex_escape(" ".join(r.text.split()))}"}}\n'
            "}"
        )
    return "\n\n".join(entries) + "\n"


class TempExports:
    """Download files with a short life: one folder per export under one root per process."""

    def __init__(self, keep_seconds: float = EXPORT_KEEP_SECONDS, root: Path | None = None) -> None:
        self.keep_seconds = keep_seconds
        self.root = root or Path(tempfile.mkdtemp(prefix="kumeqa-exports-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        atexit.register(self.close)

    def write(self, name: str, text: str) -> Path:
        """Write ``text`` to a new file called ``name`` and return its path (older exports are swept first)."""
        self.sweep()
        folder = Path(tempfile.mkdtemp(dir=self.root))
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def sweep(self, now: float | None = None) -> int:
        """Delete exports older than ``keep_seconds``; return how many went."""
        now = time.time() if now is None else now
        removed = 0
        with self._lock:
            for folder in self.root.iterdir() if self.root.is_dir() else ():
                try:
                    old = now - folder.stat().st_mtime > self.keep_seconds
                except FileNotFoundError:
                    continue
                if old:
                    shutil.rmtree(folder, ignore_errors=True)
                    removed += 1
        return removed

    def sweep_every(self, seconds: float) -> None:
        """Sweep on a timer (a daemon thread), so exports go even when no one exports again."""

        def tick() -> None:
            self.sweep()
            self.sweep_every(seconds)

        self._timer = threading.Timer(seconds, tick)
        self._timer.daemon = True
        self._timer.start()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        shutil.rmtree(self.root, ignore_errors=True)
