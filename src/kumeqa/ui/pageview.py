"""The original page of a citation: a PDF page rendered with the cited text boxed, or a text page marked.

Why render instead of showing extracted text: researchers check a quote against the
page they would cite, with its layout, tables and figures. PDF pages are rendered
by PDFium (PyPI ``pypdfium2``, the engine in Chromium: fast, and it gives each
character's box from the PDF's text layer). The cited text is found in that text
layer and its line boxes are drawn over the image as ``.kq-hl`` elements placed in
percent of the page, so they stay on the text at any display width.

Finding the quote: the index quotes cleaned text (lines joined, hyphenated words
rejoined, spaces squashed), the text layer has the page as printed. Both are
reduced to their letters and digits, NFKC-normalised and case-folded, with each
kept character remembering where it came from; the quote is searched in the page
in that form. A quote that runs on to the next page (answers may be three
sentences) is matched as far as the page goes.

Rendered pages are cached by file, modification time, size and page, so a second
look at a page costs no rendering. PDFium is not thread-safe: one lock serialises
every call into it. A file that is gone, or is no longer a PDF, gives the text
view instead.
"""

from __future__ import annotations

import base64
import ctypes
import io
import logging
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from ..format import citation_line

log = logging.getLogger(__name__)

#: Pixels per PDF point: an A4 page becomes 893 × 1263 px, sharp in the 500-px-wide
#: panel on a desktop and readable zoomed on a phone; ~240 KB as PNG, ~70 ms to render.
RENDER_SCALE = 1.5
#: Rendered pages kept (each ~240 KB): a reading session's pages, not a whole library.
CACHE_PAGES = 48
#: Letters of a quote's start (or end) that locate a quote running past the page, longest
#: first: a short probe matches by chance more easily, so it is tried only when longer ones fail.
PROBES = (40, 24, 12)

_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Box:
    """A highlighted rectangle, in fractions of the page's width and height from its top-left corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PageImage:
    """A rendered page: PNG bytes and the pixel size they have."""

    png: bytes
    width: int
    height: int


# ------------------------------------------------------------------ finding a quote in page text


def _skeleton(text: str) -> tuple[str, list[int]]:
    """``text``'s letters and digits (NFKC, case-folded), and where in ``text`` each came from."""
    kept: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                kept.append(c)
                where.append(i)
    return "".join(kept), where


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """``(start, end)`` of ``quote`` in ``text`` ignoring spacing, hyphenation, punctuation and case.

    A quote that starts on this page and runs on (or starts on the page before) is
    matched as far as the page holds it: the longest stretch of the page that
    continues the quote's start, or leads into its end. ``None`` when it is not there.
    """
    found = _match(text, quote)
    return found[:2] if found else None


def _match(text: str, quote: str) -> tuple[int, int, bool] | None:
    """:func:`find_quote`'s ``(start, end)`` and whether the whole quote is there (not
    only the part of a quote running on to the next page)."""
    hay, where = _skeleton(text)
    needle, _ = _skeleton(quote)
    if not needle or not hay:
        return None
    pos = next((at for at in _occurrences(hay, needle) if _whole(where, at, at + len(needle))), -1)
    if pos >= 0:
        return where[pos], _past_punctuation(text, where[pos + len(needle) - 1] + 1), True
    best = (0, 0, 0)  # length, start, end in the skeleton
    for probe in PROBES:
        head, tail = needle[:probe], needle[-probe:]
        for at in _occurrences(hay, head):
            end = at + len(head)
            while end < len(hay) and end - at < len(needle) and hay[end] == needle[end - at]:
                end += 1
            if _whole(where, at, end):
                best = max(best, (end - at, at, end))
        for at in _occurrences(hay, tail):
            start, k = at, len(needle) - len(tail)
            while start > 0 and k > 0 and hay[start - 1] == needle[k - 1]:
                start, k = start - 1, k - 1
            if _whole(where, start, at + len(tail)):
                best = max(best, (at + len(tail) - start, start, at + len(tail)))
        if best[0]:
            return where[best[1]], _past_punctuation(text, where[best[2] - 1] + 1), False
    return None


def _whole(where: list[int], start: int, end: int) -> bool:
    """Whether the skeleton's ``[start, end)`` covers whole characters of the text: "¾"
    gives two (``34``), and a quote "3" must not be matched on half of it."""
    return (start == 0 or where[start - 1] != where[start]) and (end == len(where) or where[end] != where[end - 1])


def _past_punctuation(text: str, end: int) -> int:
    """``end`` moved over the punctuation that closes the quote (``.``, ``)``, ``’``), up to a space."""
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1
    return end


def _occurrences(hay: str, piece: str) -> list[int]:
    out, at = [], hay.find(piece)
    while at >= 0:
        out.append(at)
        at = hay.find(piece, at + 1)
    return out


# ------------------------------------------------------------------ PDF pages


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=CACHE_PAGES)
def _render(path: str, mtime_ns: int, size: int, page: int, scale: float) -> PageImage:
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(path)
        try:
            image = pdf[page - 1].render(scale=scale).to_pil()
        finally:
            pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return PageImage(buffer.getvalue(), image.width, image.height)


def render_page(path: Path, page: int, scale: float = RENDER_SCALE) -> PageImage:
    """Page ``page`` (1-based) of the PDF at ``path`` as PNG (cached)."""
    return _render(*_file_key(path), page, scale)


def quote_boxes(path: Path, page: int, quote: str) -> list[Box]:
    """Line boxes of ``quote`` on page ``page`` of the PDF at ``path`` (empty when not found)."""
    return _boxes(path, page, quote)[0]


def _boxes(path: Path, page: int, quote: str) -> tuple[list[Box], bool]:
    """:func:`quote_boxes`, and whether the page holds the whole quote (a sentence that
    runs on to the next page is boxed there too, :func:`page_view_html`)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(path))
        try:
            pdf_page = pdf[page - 1]
            textpage = pdf_page.get_textpage()
            count = textpage.count_chars()
            # Character by character: the index of each is what PDFium's box calls take.
            chars = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(count))
            found = _match(chars, quote)
            if found is None:
                return [], False
            start, end, whole = found
            width, height = pdf_page.get_size()
            boxes = []
            # Device coordinates of a large virtual rendering: PDFium applies the
            # page's crop box and rotation; dividing gives fractions of the page.
            dev_w, dev_h = 10_000, max(1, round(10_000 * height / width))
            for i in range(textpage.count_rects(start, end - start)):
                left, bottom, right, top = textpage.get_rect(i)
                x0, y0 = _to_device(pdf_page, dev_w, dev_h, left, top)
                x1, y1 = _to_device(pdf_page, dev_w, dev_h, right, bottom)
                x0, x1 = sorted((x0, x1))
                y0, y1 = sorted((y0, y1))
                if x1 > x0 and y1 > y0:
                    boxes.append(Box(x0 / dev_w, y0 / dev_h, (x1 - x0) / dev_w, (y1 - y0) / dev_h))
            return boxes, whole
        finally:
            pdf.close()


def _to_device(page, dev_w: int, dev_h: int, x: float, y: float) -> tuple[int, int]:
    import pypdfium2.raw as raw

    out_x, out_y = ctypes.c_int(), ctypes.c_int()
    raw.FPDF_PageToDevice(page.raw, 0, 0, dev_w, dev_h, 0, x, y, out_x, out_y)
    return out_x.value, out_y.value


# ------------------------------------------------------------------ HTML


def _head(title: str, page: int, section: str, note: str = "", control: str = "") -> str:
    """The page's citation line; ``control`` is trusted markup (the page view's buttons), never document text."""
    extra = f' <span class="kq-pv-note">{escape(note)}</span>' if note else ""
    return (
        f'<div class="kq-pv-head"><strong>{escape(citation_line(title, page, section))}</strong>{extra}{control}</div>'
    )


def _page_html(title: str, page: int, image: PageImage, boxes: list[Box]) -> str:
    """One rendered page with the quote's boxes over it."""
    data = base64.b64encode(image.png).decode("ascii")
    marks = "".join(
        f'<div class="kq-hl" style="left:{b.left:.3%};top:{b.top:.3%};width:{b.width:.3%};height:{b.height:.3%}"></div>'
        for b in boxes
    )
    alt = f"{title}, sayfa {page} (PDF sayfasının görüntüsü)"
    return (
        f'<div class="kq-pv-page" data-page="{page}">'
        + f'<img class="kq-pv-img" src="data:image/png;base64,{data}" width="{image.width}" height="{image.height}"'
        + f' alt="{escape(alt)}">{marks}</div>'
    )


def pdf_page_html(
    title: str,
    page: int,
    section: str,
    image: PageImage,
    boxes: list[Box],
    next_page: tuple[PageImage, list[Box]] | None = None,
) -> str:
    """The rendered page with the quote's boxes over it, in a scrolling frame; ``next_page``:
    the page a quote runs on to, shown below it with the rest of the quote boxed (a sentence
    crossing a page break often holds its answer on the second page: the eleventh trial's
    "4 Mayıs 2010" was on s. 16, boxed nowhere)."""
    note = "" if boxes else "alıntı bu sayfanın metin katmanında bulunamadı"
    if next_page is not None:
        note = f"alıntı sonraki sayfada sürüyor (s. {page + 1}, altta)"
    # On a phone the page sits below the chat, and a page 900 px wide does not fit the
    # screen: "Yanıta dön" goes back to the answer, "Sayfaya sığdır" / "Yakınlaştır"
    # switch the full-window page between fit-to-width and the rendered size.
    controls = (
        '<button type="button" class="kq-back">↑ Yanıta dön</button>'
        '<button type="button" class="kq-fit" aria-pressed="false">Sayfaya sığdır</button>'
        '<button type="button" class="kq-zoom" aria-pressed="false">Büyüt</button>'
    )
    return (
        f'<section class="kq-pv kq-pv-pdf" aria-label="Kaynak sayfa: {escape(title)}, s. {page}">'
        + _head(title, page, section, note, controls)
        + '<div class="kq-pv-scroll" tabindex="0">'
        + _page_html(title, page, image, boxes)
        + (_page_html(title, page + 1, *next_page) if next_page is not None else "")
        + "</div></section>"
    )


def text_page_html(title: str, page: int, section: str, text: str, quote: str) -> str:
    """A text page (TXT, MD, or a PDF that cannot be rendered) with the quote marked."""
    found = find_quote(text, quote) if quote else None
    if found is None:
        body = escape(text)
    else:
        start, end = found
        body = f'{escape(text[:start])}<mark class="kq-mark">{escape(text[start:end])}</mark>{escape(text[end:])}'
    note = "" if found or not quote else "alıntı bu sayfada bulunamadı"
    return (
        f'<section class="kq-pv kq-pv-text" aria-label="Kaynak sayfa: {escape(title)}, s. {page}">'
        + _head(title, page, section, note)
        + f'<div class="kq-pv-scroll" tabindex="0"><p>{body.replace(chr(10), "<br>")}</p></div></section>'
    )


EMPTY = '<p class="kq-empty">Yanıttaki bir kaynağa ([1], [2] …) tıklayın: sayfası burada açılır.</p>'


def page_view_html(
    corpus_dir: Path, source: str, title: str, page: int, section: str, page_text: str, quote: str
) -> str:
    """The original page of a citation: the rendered PDF page when there is one, else the text page."""
    path = corpus_dir / source
    if source.lower().endswith(".pdf") and path.is_file():
        try:
            image = render_page(path, page)
            boxes, whole = _boxes(path, page, quote) if quote else ([], True)
            return pdf_page_html(
                title, page, section, image, boxes, _run_on(path, page, quote) if boxes and not whole else None
            )
        except Exception as exc:  # noqa: BLE001 - a page that will not render still has its text
            log.warning("could not render %s page %d: %s: %s", source, page, type(exc).__name__, exc)
    return text_page_html(title, page, section, page_text, quote)


def _run_on(path: Path, page: int, quote: str) -> tuple[PageImage, list[Box]] | None:
    """The next page and the boxes of the rest of ``quote`` on it, or None (no next page,
    or the quote does not go on there)."""
    try:
        boxes = quote_boxes(path, page + 1, quote)
        return (render_page(path, page + 1), boxes) if boxes else None
    except Exception:  # noqa: BLE001 - the last page has no next one; the page itself still shows
        return None
