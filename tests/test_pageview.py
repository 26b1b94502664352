"""The original page of a citation: the PDF page rendered with the quote boxed over its text, or a text page marked."""

import base64

import pypdfium2 as pdfium
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kumeqa.service import IndexService
from kumeqa.ui import handle_open_citation
from kumeqa.ui import pageview as pv


def _text_in(pdf_path, page: int, box: pv.Box) -> str:
    """What the PDF's text layer holds under ``box``."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        p = pdf[page - 1]
        width, height = p.get_size()
        return p.get_textpage().get_text_bounded(
            left=box.left * width,
            bottom=height - (box.top + box.height) * height,
            right=(box.left + box.width) * width,
            top=height - box.top * height,
        )
    finally:
        pdf.close()


def _sentence(index, phrase: str):
    return next(s for s in index.sentences if phrase in s.text)


def test_the_boxes_lie_over_the_cited_sentence(paper_pdf, paper_index, expected):
    phrase, page = next(iter(expected["page_of_phrase"].items()))
    sentence = _sentence(paper_index, phrase)
    assert sentence.page == page
    boxes = pv.quote_boxes(paper_pdf, page, sentence.text)
    assert boxes and all(0 <= b.left < 1 and 0 <= b.top < 1 and b.width > 0 and b.height > 0 for b in boxes)
    under = " ".join(_text_in(paper_pdf, page, b) for b in boxes)
    assert " ".join(phrase.split()) in " ".join(under.replace("\r\n", " ").split())
    # Not some other place: the page's first line is not under them.
    elsewhere = pv.quote_boxes(paper_pdf, page, paper_index.page_text(sentence.source, page)[:80])
    assert elsewhere and elsewhere[0].top < boxes[0].top


def test_every_sentence_of_the_paper_is_found_on_its_page(paper_pdf, paper_index):
    """Cleaned text (lines joined, hyphenation removed) still finds its place in the PDF's text layer."""
    missing = [s.text[:60] for s in paper_index.sentences if not pv.quote_boxes(paper_pdf, s.page, s.text)]
    assert missing == []


def test_a_quote_not_on_the_page_has_no_box(paper_pdf):
    assert pv.quote_boxes(paper_pdf, 1, "Bu cümle hiçbir sayfada geçmiyor zeytinyağı kuantum.") == []


def test_find_quote_ignores_spacing_hyphenation_and_case():
    text = "Bölge’de 16 Ar-Ge\r\nmerkezi, bir tasar-\r\nım merkezi VE bir inovasyon merkezi bulunuyor."
    start, end = pv.find_quote(text, "bir tasarım merkezi ve bir inovasyon")
    assert text[start:end] == "bir tasar-\r\nım merkezi VE bir inovasyon"
    # A quote that runs on to the next page: matched as far as this page goes.
    start, end = pv.find_quote(text, "inovasyon merkezi bulunuyor. Ertesi sayfada devam eden bir cümle burada sürüyor.")
    assert text[start:end] == "inovasyon merkezi bulunuyor."
    assert pv.find_quote(text, "yok böyle bir şey") is None


@example(text="0000¾3", at=5, length=1)  # "¾" folds to "34": "3" was matched on half of it
@given(st.text(min_size=1, max_size=200), st.integers(0, 199), st.integers(1, 80))
def test_find_quote_finds_any_piece_of_the_text(text, at, length):
    piece = text[at % len(text) :][:length]
    found = pv.find_quote(text, piece)
    if not any(c.isalnum() for c in piece):
        return
    assert found is not None
    start, end = found
    assert pv._skeleton(text[start:end])[0] == pv._skeleton(piece)[0]


def test_rendered_pages_are_cached(paper_pdf):
    first = pv.render_page(paper_pdf, 2)
    assert pv.render_page(paper_pdf, 2) is first
    assert first.png.startswith(b"\x89PNG") and first.width > 800 and first.height > first.width


def test_a_citation_opens_the_pdf_page_with_the_quote_boxed(paper_settings, paper_index, expected):
    service = IndexService(paper_settings, paper_index)
    phrase, page = next(iter(expected["page_of_phrase"].items()))
    sentence = _sentence(paper_index, phrase)
    html = handle_open_citation(
        service, {"source": sentence.source, "page": page, "quote": sentence.text, "section": sentence.section}
    )
    assert 'class="kq-pv kq-pv-pdf"' in html and f"s. {page}" in html
    data = html.split("data:image/png;base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(data).startswith(b"\x89PNG")
    assert html.count('class="kq-hl"') >= 1


def test_a_quote_running_on_to_the_next_page_is_boxed_there_too(paper_settings, paper_index, paper_pdf, expected):
    """A sentence crossing a page break is cited by the page it starts on; its rest (which may
    hold the answer: the eleventh trial's date was on the next page, boxed nowhere) is shown
    below, on the next page, boxed."""
    service = IndexService(paper_settings, paper_index)
    crossing = [s for s in paper_index.sentences if s.page < expected["pages"]]
    sentence, first, rest = next(
        (s, first, pv.quote_boxes(paper_pdf, s.page + 1, s.text))
        for s in crossing
        if (found := pv._boxes(paper_pdf, s.page, s.text)) and (first := found[0]) and not found[1]
    )
    assert rest and rest[0].top < 0.2, "the rest is at the top of the next page"
    html = handle_open_citation(
        service, {"source": sentence.source, "page": sentence.page, "quote": sentence.text, "section": sentence.section}
    )
    assert html.count('class="kq-pv-page"') == 2 and f'data-page="{sentence.page + 1}"' in html
    assert html.count('class="kq-hl"') == len(first) + len(rest) and "sonraki sayfada" in html
    # A sentence wholly on its page shows that page only.
    whole = next(s for s in paper_index.sentences if s.page == sentence.page and s.id < sentence.id)
    alone = handle_open_citation(service, {"source": whole.source, "page": whole.page, "quote": whole.text})
    assert alone.count('class="kq-pv-page"') == 1


@pytest.mark.parametrize(
    "request_",
    [{"source": "../../etc/passwd", "page": 1}, {"source": None}, {"page": "x"}, "not a dict", None],
    ids=["traversal", "no-source", "bad-page", "string", "none"],
)
def test_a_citation_for_no_indexed_document_opens_nothing(paper_settings, paper_index, request_):
    html = handle_open_citation(IndexService(paper_settings, paper_index), request_)
    assert "kq-pv" not in html and "dizinde" in html


def test_a_page_number_out_of_range_opens_nothing(paper_settings, paper_index, expected):
    html = handle_open_citation(
        IndexService(paper_settings, paper_index), {"source": expected["paper"], "page": expected["pages"] + 1}
    )
    assert "kq-pv" not in html and "sayfa dizinde yok" in html


def test_a_text_document_opens_its_page_with_the_quote_marked(mini_service):
    sentence = next(s for s in mini_service.index.sentences if "420 üretici" in s.text)
    html = handle_open_citation(
        mini_service, {"source": sentence.source, "page": sentence.page, "quote": sentence.text}
    )
    assert 'class="kq-pv kq-pv-text"' in html
    assert f'<mark class="kq-mark">{sentence.text}</mark>' in html
