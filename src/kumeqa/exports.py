"""What leaves the app as a file: CSV and BibTeX downloads, safe to open, and not left lying around.

CSV cells are neutralised by OWASP's rule for CSV injection: a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so
that Excel or LibreOffice shows it as text instead of running it as a formula
(``=HYPERLINK(...)`` in a document or a claim would otherwise reach a researcher's
spreadsheet as a live link). Every cell is quoted. Numbers stay numbers.

Two CSV dialects: the plain one (UTF-8, ``,``, ``0.85``) for scripts and the API, and
the one a Turkish-locale Excel opens by double-click (:data:`EXCEL_TR`): a UTF-8
byte-order mark (without it Excel reads UTF-8 as Windows-1254 and garbles ``ş``, ``ğ``,
``İ``), ``;`` between cells (the list separator where ``,`` is the decimal comma) and
decimal commas (``0,85``). BibTeX entries take author, year and title from
:mod:`kumeqa.sources`; an answer copies as Markdown with its citations.

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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .answer import Answer
from .format import answer_label, citation_line, confidence_note, distinct_citations
from .retrieve import SearchResult
from .sources import SourceInfo

log = logging.getLogger(__name__)

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Our copy of an export is needed only until Gradio has copied it into its cache,
#: which happens as the handler returns; a minute is ample and bounds the disk used.
EXPORT_KEEP_SECONDS = 60.0

SEARCH_HEADERS = ["rank", "title", "source", "page", "section", "score", "text"]
#: The same columns for people: the Excel file is read by Turkish users, scripts read the plain CSV.
SEARCH_HEADERS_TR = ["Sıra", "Başlık", "Dosya", "Sayfa", "Bölüm", "Skor", "Metin"]


def neutralise(cell: object) -> object:
    """``cell`` as a spreadsheet will show it, never run it: text starting like a formula gets a ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: separator, decimal mark, and whether it starts with a BOM."""

    delimiter: str = ","
    decimal: str = "."
    bom: bool = False


PLAIN = CsvDialect()
#: What Excel with a Turkish locale opens cleanly by double-click.
EXCEL_TR = CsvDialect(delimiter=";", decimal=",", bom=True)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], dialect: CsvDialect = PLAIN) -> str:
    """A CSV document with every cell quoted and neutralised."""
    buffer = io.StringIO()
    if dialect.bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, delimiter=dialect.delimiter)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([_cell(neutralise(cell), dialect) for cell in row])
    return buffer.getvalue()


def _cell(cell: object, dialect: CsvDialect) -> object:
    """A number with the dialect's decimal mark. A :class:`~decimal.Decimal` is written with
    the places it has (``Decimal("1.00")`` as ``1,00``), for a column whose numbers should
    line up; a float is written as Python shortens it (``1,0``)."""
    if isinstance(cell, (float, Decimal)) and dialect.decimal != ".":
        return str(cell).replace(".", dialect.decimal)
    return cell


def search_csv(results: list[SearchResult], dialect: CsvDialect = PLAIN) -> str:
    """Search results as CSV (rank, title, source, page, section, score, text; Turkish headers for Excel)."""
    return csv_text(
        SEARCH_HEADERS_TR if dialect is EXCEL_TR else SEARCH_HEADERS,
        # The page as a reader cites it: "6–7" for a passage over a page break.
        ([i, r.title, r.source, r.pages(), r.section, round(r.score, 4), r.text] for i, r in enumerate(results, 1)),
        dialect,
    )


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\%&$#_])", r"\\\1", text)


def _bibtex_key(info: SourceInfo, r: SearchResult, number: int) -> str:
    author = re.split(r"[,\s]", info.author.strip(), maxsplit=1)[0] if info.author.strip() else ""
    stem = re.sub(r"\W+", "", (author or r.source.rsplit(".", 1)[0]).lower())[:24] or "kaynak"
    return f"{stem}{info.year}_p{r.page}_{number}"


def search_bibtex(results: list[SearchResult], info: Callable[[SearchResult], SourceInfo] | None = None) -> str:
    """Search results as BibTeX entries (author, year, title when known), the quoted passage in ``note``.

    ``info`` gives a result's bibliographic data (:func:`kumeqa.sources.source_info`);
    without it only the index's title is known.
    """
    entries = []
    for i, r in enumerate(results, start=1):
        meta = info(r) if info else SourceInfo(title=r.title)
        fields = [("author", meta.author), ("title", meta.title), ("year", meta.year), *meta.extra]
        fields += [("howpublished", r.source), ("pages", r.pages("--"))]
        note = f'{r.section + ": " if r.section else ""}"{" ".join(r.text.split())}"'
        fields.append(("note", note))
        body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields if value)
        missing = [label for label, value in (("yazar", meta.author), ("yıl", meta.year)) if not value]
        note_missing = (
            f"% {' ve '.join(missing)} bilinmiyor: corpus/sources.toml dosyasına ekleyin (README)\n" if missing else ""
        )
        entries.append(f"{note_missing}@{meta.entry_type}{{{_bibtex_key(meta, r, i)},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Text as Markdown shows it literally (no emphasis, links or HTML from a document)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def answer_markdown(result: Answer) -> str:
    """An answer as Markdown, with its citations: what "Markdown olarak kopyala" copies."""
    lines = [f"**Soru:** {_md(result.question)}"]
    if result.resolved_question and result.resolved_question != result.question:
        lines.append(f"*Aranan:* {_md(result.resolved_question)}")
    citations = distinct_citations(result.citations)
    if result.abstained or not result.answer:
        lines.append("")
        lines.append("**Yanıt:** Bu sorunun yanıtını belgelerde bulamadım.")
        if citations:
            lines += ["", "**En yakın pasajlar**"]
    else:
        span, sentence = result.span or "", result.answer
        start = result.span_start
        if span and span != sentence and sentence[start : start + len(span)] == span:
            quote = f"{_md(sentence[:start])}**{_md(span)}**{_md(sentence[start + len(span) :])}"
            lines.append(f"**{answer_label(result.confidence)}** {_md(span)}")
            if note := confidence_note(result.confidence):
                lines.append(f"*{note}*")
        else:
            quote = _md(sentence)
        lines += ["", f"> {quote.strip()} [1]", "", "**Kaynak**"]
    for i, c in enumerate(citations, start=1):
        if i == 2 and not (result.abstained or not result.answer):
            lines += ["", "**Yakın pasajlar** (yanıtın kaynağı değil)"]
        lines.append(f"{i}. {_md(citation_line(c.title, c.page, c.section))}")
    return "\n".join(lines) + "\n"


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
