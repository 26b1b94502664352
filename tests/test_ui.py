"""The web UI without a browser: the HTML it shows (escaping, answer first, citations) and its handlers."""

import csv
import io
import json
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import KIRAZ_QUESTION, ZEYTIN
from kumeqa import views
from kumeqa.answer import Answer, Citation
from kumeqa.documents import clean_name
from kumeqa.exports import TempExports, answer_markdown, search_bibtex, search_csv
from kumeqa.format import (
    LOW_CONFIDENCE_NOTE,
    MEDIUM_CONFIDENCE_NOTE,
    answer_text,
    citation_line,
    confidence_word,
    mark_span,
    quote_citation,
)
from kumeqa.retrieve import Search, SearchResult
from kumeqa.service import IndexService
from kumeqa.ui import handle_claim, handle_claims_batch, handle_question, handle_search, handle_upload
from kumeqa.ui import handlers as h
from kumeqa.ui.feedback import FeedbackLog
from kumeqa.ui.layout import _placeholder, corpus_examples

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
#: A first question about the small corpus, and a follow-up that names no subject.
KIRAZ_FIRST = "Kiraz Vadisi Tarım Kümelenmesi ne zaman kuruldu?"
KIRAZ_FOLLOW_UP = "peki kaç çalışan var?"


def _citation(page: int, quote: str = "Alıntı cümlesi.", section: str = "§1 Giriş", source: str = "a.pdf") -> Citation:
    return Citation(source, "Başlık", page, section, quote, 0.5, context=quote, quote_start=0)


def _answer(citations: tuple[Citation, ...], **fields) -> Answer:
    base = dict(
        question="Soru?",
        answer="Bugün 420 üretici var.",
        span="420 üretici",
        span_start=6,
        abstained=False,
        confidence=0.81,
        qtype="count",
        citations=citations,
        timings_ms={},
    )
    return Answer(**{**base, **fields})


def test_citation_line_and_copyable_quote():
    assert citation_line("Başlık", 12, "§2.3 Bölüm") == "Başlık, s. 12, §2.3 Bölüm"
    assert citation_line("Başlık", 3, "") == "Başlık, s. 3"
    quote = quote_citation("Başlık", 12, "kısa   alıntı\nburada")
    assert quote == 'Başlık, s. 12, "kısa alıntı burada"'
    long = quote_citation("B", 1, "kelime " * 200)
    assert long.endswith('…"') and len(long) < 1030
    # A long sentence is quoted whole: its evidence may be at its end.
    sentence = (
        "Kıyı Atölyesi, " + "tekne yapımı alanında çalışan ustaları bir araya getiren " * 6 + "1998 yılında açıldı."
    )
    assert quote_citation("B", 1, sentence).endswith('1998 yılında açıldı."')


def test_highlight_marks_exact_span_and_escapes_everything():
    html = views.highlight("a <b> 6.500 işletme c", 6, len("6.500 işletme"))
    assert '<mark class="span">6.500 işletme</mark>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert views.highlight(XSS, 0, 3).count("<img") == 0
    assert mark_span("x 42 y", 2, "42") == "x [[42]] y"
    # A span that does not fit leaves the text unmarked (and still escaped).
    for start, length in ((-1, 2), (3, 99), (2, 0)):
        assert views.highlight("a <b> c", start, length) == "a &lt;b&gt; c"


def test_highlight_many_ranges():
    html = views.highlight_many("10.000 ve 2004", [(0, 6), (10, 14)], "claim")
    assert html == '<mark class="claim">10.000</mark> ve <mark class="claim">2004</mark>'


def test_search_results_are_escaped_copyable_and_exportable():
    r = SearchResult("a.pdf", "Başlık <x>", 4, "§1 Giriş", XSS, 0.5)
    html = views.search_html(Search("q", [r], relevance=0.9, min_relevance=0.7))
    assert "<img" not in html and "<script>" not in html
    # The passage, shown once, and the copy button's hidden text (what it copies: plain text).
    assert unescape(html).count(XSS) == 2
    assert 'class="kq-copy"' in html and "kq-nomatch" not in html
    csv_text = search_csv([r])
    assert csv_text.splitlines()[0] == '"rank","title","source","page","section","score","text"'
    # A passage over a page break is cited with both pages, in the CSV too.
    spanning = search_csv([SearchResult("a.pdf", "B", 6, "", "metin", 0.5, page_end=7)])
    assert '"6–7"' in spanning.splitlines()[1]
    bib = search_bibtex([r])
    # Without author and year the entry says so in a comment instead of guessing them.
    assert bib.startswith("% yazar ve yıl bilinmiyor") and "\n@misc{a_p4_1," in bib and "pages = {4}" in bib
    assert "year =" not in bib


def test_search_results_mark_the_words_searched_for():
    """Each passage marks the words sharing a stem with the search's content words, in any
    of their forms and typed without Turkish letters (the tenth trial: the passages were
    shown bare), the rest escaped as before."""
    text = "Bölgenin ihracatı 2023’te arttı; ihracatta <b>rekor</b> kırıldı ve bölge büyüdü."
    r = SearchResult("a.pdf", "Başlık", 4, "", text, 0.5)
    html = views.search_html(Search("bolgenin ihracati ne kadar", [r], relevance=0.9, min_relevance=0.7))
    marked = re.findall(r'<mark class="kq-term">([^<]*)</mark>', html)
    assert marked == ["Bölgenin", "ihracatı", "ihracatta", "bölge"], marked
    assert "&lt;b&gt;rekor&lt;/b&gt;" in html and "<b>" not in html
    assert "<mark" not in views.search_terms_marked(text, "ne kadar?"), "question words mark nothing"


def test_a_weak_search_says_so_above_its_closest_passages():
    r = SearchResult("a.pdf", "Başlık", 4, "", "metin", 0.85)
    weak = views.search_html(Search("asdf", [r], relevance=0.12, min_relevance=0.7))
    assert "İyi bir eşleşme yok" in weak and weak.index("kq-nomatch") < weak.index("kq-result")
    # The score is given with the bar it misses: "0,69" alone read as a good score.
    assert "uygunluk 0,12; iyi bir eşleşme en az 0,70 ister" in weak
    assert "kq-nomatch" not in views.search_html(Search("q", [r], relevance=0.7, min_relevance=0.7))


def test_confidence_words():
    assert [views.confidence_word(c) for c in (0.9, 0.6, 0.2)] == ["yüksek", "orta", "düşük"]


def test_upload_names_cannot_escape_the_corpus_folder():
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("/tmp/x/..") == "belge"
    assert "/" not in clean_name("a/b\\c<d>.pdf")


def test_examples_come_from_the_corpus_readme(tmp_path):
    (tmp_path / "README.md").write_text(
        "# c\n\n## Örnek sorular\n\n- Bir?\n- İki?\n\n## Başka\n- x\n", encoding="utf-8"
    )
    assert corpus_examples(tmp_path, "Örnek sorular") == ["Bir?", "İki?"]
    # Placeholders quote the corpus's own first example, or none without one.
    assert _placeholder("Sorunuzu yazın…", ["Bir?", "İki?"]) == "Sorunuzu yazın… (ör. Bir?)"
    assert _placeholder("Sorunuzu yazın…", []) == "Sorunuzu yazın…"
    assert corpus_examples(tmp_path / "yok", "Örnek sorular") == []


# ------------------------------------------------------------------ answer first, compact citations


def test_a_whole_sentence_answer_says_so_after_the_label():
    """A list or a reason is the quoted sentence itself: the label says so instead of standing empty."""
    whole = views.answer_html(_answer((_citation(4),), span="Bugün 420 üretici var.", qtype="list"), "md")
    first = whole[: whole.index("</p>")]
    assert f"Yanıt:</strong> {views.WHOLE_QUOTE}" in first and '<mark class="span">' not in first
    assert "Yanıt: alıntının tamamı" in answer_text(_answer((), span=""))


def test_an_answer_message_starts_with_verdict_span_and_confidence():
    html = views.answer_html(_answer((_citation(4),)), "md")
    first = html[: html.index("</p>")]
    assert 'class="kq-first"' in first
    assert "Yanıt:" in first and '<mark class="span">420 üretici</mark>' in first and "güven: yüksek (0,81)" in first
    assert html.index("kq-first") < html.index("kq-answer") < html.index("kq-refs")


def test_a_declined_answer_starts_with_the_decline_and_its_reason():
    html = views.answer_html(
        _answer((_citation(4),), answer=None, span=None, abstained=True, confidence=0.1, reason="low confidence")
    )
    first = html[: html.index("</p>")]
    assert views.ABSTAIN_MESSAGE in first and "güven: düşük" in first
    assert views.DECLINE_REASONS["low confidence"] in html


def test_a_follow_up_asked_first_says_why_it_was_declined():
    """Without a text for its reason the user saw a bare "bulamadım" after "peki kaç çalışanı var?"."""
    from kumeqa.answer import FOLLOW_UP_WITHOUT_HISTORY

    html = views.answer_html(
        _answer(
            (_citation(4),), answer=None, span=None, abstained=True, confidence=0.1, reason=FOLLOW_UP_WITHOUT_HISTORY
        )
    )
    assert "önceki bir soruya bağlı" in html


def test_citations_are_numbered_once_per_page_and_carry_what_to_open():
    same = _citation(4, "Birinci.")
    citations = (same, _citation(4, "İkinci."), _citation(4, "Üçüncü."), _citation(7, "Başka sayfa."))
    html = views.answer_html(_answer(citations))
    assert html.count('class="kq-ref"') == 2
    assert ">[1] s. 4</button>" in html and ">[2] s. 7</button>" in html
    # Another section of a page already cited is no second "s. 4" (the eighth trial read it as a repeat).
    sections = views.answer_html(_answer((same, _citation(4, "Öteki.", section="§2 Yöntem"), _citation(7))))
    assert sections.count('class="kq-ref"') == 2
    # An answer's source stands apart from the passages found near it: listed together as
    # "Kaynaklar", the trial's researcher took unrelated pages for sources of the answer.
    assert (
        html.index("Kaynak:</span>") < html.index("[1] s. 4") < html.index("Yakın pasajlar:") < html.index("[2] s. 7")
    )
    declined = views.answer_html(_answer(citations, answer=None, span=None, abstained=True, confidence=0.1))
    assert "Sayfaları:" in declined and "Kaynak" not in declined and "Yakın pasajlar:" not in declined
    targets = [json.loads(unescape(t)) for t in _hidden(html)]
    assert targets[0] == {"source": "a.pdf", "page": 4, "section": "§1 Giriş"}
    # In a chat, a button names its turn and its number; the server keeps the quote.
    in_chat = views.answer_html(_answer(citations), turn="t1")
    assert [json.loads(unescape(t)) for t in _hidden(in_chat)] == [{"turn": "t1", "n": 1}, {"turn": "t1", "n": 2}]
    # Several documents: each citation names its document.
    other = views.answer_html(_answer((same, _citation(2, source="b.pdf"))))
    assert ">[1] Başlık, s. 4</button>" in other


def _hidden(html: str) -> list[str]:
    return [part.split("</span>", 1)[0] for part in html.split('<span class="kq-data">')[1:]]


def test_an_answer_copies_as_markdown_with_its_citations():
    citations = (_citation(4, "Bugün 420 üretici var."), _citation(4, "x"), _citation(9, "Başka *vurgu* [link](x)."))
    answer = _answer(citations, question="Kaç <b>üretici</b>?", resolved_question="Kiraz Kaç <b>üretici</b>?")
    md = answer_markdown(answer)
    assert md.splitlines()[0] == r"**Soru:** Kaç \<b\>üretici\</b\>?"
    assert r"*Aranan:* Kiraz Kaç \<b\>üretici\</b\>?" in md
    assert "**Yanıt:** 420 üretici" in md and "> Bugün **420 üretici** var. [1]" in md
    assert md.rstrip().endswith("2. Başlık, s. 9, §1 Giriş") and "3." not in md
    assert md.index("**Kaynak**\n1. Başlık, s. 4") < md.index("**Yakın pasajlar** (yanıtın kaynağı değil)\n2.")
    # The chat message carries that Markdown as what its copy button copies.
    html = views.answer_html(answer, md)
    assert unescape(_hidden(html)[-1]) == md


# ------------------------------------------------------------------ handlers


def test_chat_handler_answers_and_keeps_history(paper_settings, paper_index, expected):
    service = IndexService(paper_settings, paper_index)
    question, _, span = expected["letterless_pair"]
    chat, turns, cleared = handle_question(service, question, [], [])
    assert cleared == ""
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert f'<mark class="span">{span}' in chat[1]["content"]
    assert "s. " in chat[1]["content"]
    assert turns[0]["question"] == question and turns[0]["answer"]["span"].startswith(span)
    chat, turns, *_ = handle_question(service, expected["off_topic"], chat, turns)
    assert len(chat) == 4 and len(turns) == 2
    assert views.ABSTAIN_MESSAGE in chat[3]["content"]


def test_a_follow_up_is_read_against_the_earlier_question(mini_service):
    chat, turns, *_ = handle_question(mini_service, KIRAZ_FIRST, [], [])
    chat, turns, *_ = handle_question(mini_service, KIRAZ_FOLLOW_UP, chat, turns)
    assert "3.200 çalışan" in chat[-1]["content"]
    resolved = turns[-1]["resolved_question"]
    assert resolved != KIRAZ_FOLLOW_UP and resolved.endswith(KIRAZ_FOLLOW_UP) and "Kümelenmesi" in resolved
    assert "Sohbete göre aranan" in chat[-1]["content"]
    # A new chat has no earlier question: the follow-up is searched as typed.
    _, alone, *_ = handle_question(mini_service, KIRAZ_FOLLOW_UP, [], [])
    assert alone[-1]["resolved_question"] == KIRAZ_FOLLOW_UP


def test_a_follow_up_after_a_which_question_asks_of_the_answer(mini_service):
    """ "… hangisi?" answered with a name: "peki …" then asks about that name, not about
    the words of the question ("Eskişehir")."""
    chat, turns, *_ = handle_question(mini_service, "Eskişehir’de 2016’da açılan merkez hangisi?", [], [])
    assert turns[-1]["subject"].startswith("Lale Bahçesi")
    chat, turns, *_ = handle_question(mini_service, "peki kaç tasarımcı çalışıyor?", chat, turns)
    assert "Lale" in turns[-1]["resolved_question"] and "Eskişehir" not in turns[-1]["resolved_question"]
    assert "27 tasarımcı" in chat[-1]["content"]
    # A person answering "kim" is no new subject: the question's stays.
    chat, turns, *_ = handle_question(
        mini_service, KIRAZ_FIRST.replace("ne zaman kuruldu", "kimin öncülüğünde kuruldu"), [], []
    )
    assert turns[-1]["subject"] == ""


def test_a_question_refused_as_input_leaves_the_chat_as_it_was(mini_service):
    """An empty "Sor" had added a "…" bubble and a warning answer (with 👍/👎) to the chat
    and the saved conversation (a new user's trial): now only a notice says why."""
    chat, turns, _ = handle_question(mini_service, KIRAZ_QUESTION, [], [])
    for empty in ("", "   ", "\n\t ", None):
        with pytest.warns(UserWarning, match="^Soru boş olamaz\\.$"):  # the Turkish half only
            after = handle_question(mini_service, empty, chat, turns)
        assert after[:2] == (chat, turns)
        assert h.saved_chat(*after[:2]) == h.saved_chat(chat, turns)
    # A question too long stays in the box, to be shortened rather than typed again.
    long = "x" * 20_000
    with pytest.warns(UserWarning, match="çok uzun"):
        assert handle_question(mini_service, long, chat, turns) == (chat, turns, long)


def test_html_in_a_question_is_shown_as_text(paper_settings, paper_index):
    chat, *_ = handle_question(IndexService(paper_settings, paper_index), XSS, [], [])
    assert "<img" not in chat[0]["content"] and "<script" not in chat[0]["content"]


def test_a_saved_chat_loses_the_warnings_of_empty_questions_on_reload(mini_service):
    """Chats saved before empty questions were refused hold their warning turns: a reload
    drops them (and their two messages), so no 👍/👎 attaches to a warning."""
    chat, turns, _ = handle_question(mini_service, KIRAZ_QUESTION, [], [])
    warning = [
        {"role": "user", "content": "…"},
        {"role": "assistant", "content": '<div class="kq-msg"><p class="kq-first">⚠️ Soru boş olamaz.</p></div>'},
    ]
    refused = {"id": "a", "question": "", "error": "Soru boş olamaz."}
    old = {"chat": warning + chat + warning, "turns": [refused, *turns, refused]}
    assert h.handle_restore(old) == (chat, turns)


def test_a_reload_restores_only_a_chat_we_saved(mini_service):
    chat, turns, _ = handle_question(mini_service, KIRAZ_QUESTION, [], [])
    assert h.handle_restore(h.saved_chat(chat, turns)) == (chat, turns)
    # The Chatbot hands its value back with each message's text in parts.
    parts = [{**m, "content": [{"type": "text", "text": m["content"]}], "metadata": None} for m in chat]
    assert h.handle_restore(h.saved_chat(parts, turns)) == (chat, turns)
    for broken in (
        None,
        "x",
        {"chat": chat},
        {"chat": chat + chat, "turns": turns},
        {"chat": [{"a": 1}] * 2, "turns": [{}]},
    ):
        assert h.handle_restore(broken) == ([], [])
    cleared = h.handle_clear()
    assert cleared[:2] == ([], []) and "kq-pv" not in cleared[2] and cleared[3] == ""


def test_votes_are_appended_as_json_lines(mini_service, tmp_path):
    chat, turns, *_ = handle_question(mini_service, KIRAZ_QUESTION, [], [])
    log = FeedbackLog(tmp_path / "geri" / "oylar.jsonl")
    h.handle_feedback(mini_service, log, turns, SimpleNamespace(index=1, liked=False))
    h.handle_feedback(mini_service, log, turns, SimpleNamespace(index=[1, 0], liked=True))
    h.handle_feedback(mini_service, log, turns, SimpleNamespace(index=7, liked=True))  # no such turn
    votes = log.read()
    assert [v["liked"] for v in votes] == [False, True]
    assert votes[0]["question"] == KIRAZ_QUESTION and "420" in votes[0]["answer"]["span"]
    assert votes[0]["index_version"] == mini_service.index.version


def test_search_and_claim_handlers(paper_settings, paper_index, expected, tmp_path):
    service = IndexService(paper_settings, paper_index)
    html, cites, csv_update, bib_update = handle_search(
        service, expected["search_query"], None, 3, TempExports(root=tmp_path / "exports")
    )
    assert html.count('class="kq-result"') == 3 and "kq-nomatch" not in html
    assert cites.startswith("[1] ")
    assert csv_update["visible"] is True and bib_update["visible"] is True
    verdict, cite = handle_claim(service, expected["contradicted_claim"])
    assert "Çelişiyor" in verdict and '<mark class="claim">' in verdict
    assert cite.startswith(paper_index.docs[0].title)


@pytest.mark.parametrize("query", ["asdf qwer zxcv", "en iyi pizza tarifi", "how to fix a flat tire"])
def test_a_search_nothing_matches_shows_the_notice(paper_settings, paper_index, query, tmp_path):
    html, *_ = handle_search(IndexService(paper_settings, paper_index), query, None, 5, TempExports(root=tmp_path))
    assert "İyi bir eşleşme yok" in html and 'class="kq-result"' in html


def test_search_joins_overlapping_passages(paper_index, expected):
    from kumeqa.retrieve import retrieve, search

    found = search(paper_index, expected["search_query"], k=10)
    assert len(found.results) == 10
    spans = sorted((r.source, r.start, r.end) for r in found.results)
    for (s1, _, e1), (s2, b2, _) in zip(spans, spans[1:]):
        assert s1 != s2 or b2 >= e1, "no two results overlap"
    # Unjoined, the same ranking repeats sentences: passages overlap by design.
    hits = retrieve(paper_index, expected["search_query"], k=10).hits
    raw = sorted((x.passage.start, x.passage.end) for x in hits)
    assert any(b < e for (_, e), (b, _) in zip(raw, raw[1:]))


def test_upload_adds_several_documents_and_indexes_them_in_the_background(mini_service, mini_corpus, tmp_path):
    first, second = tmp_path / "yeni belge.md", tmp_path / "ikinci.txt"
    first.write_text(ZEYTIN, encoding="utf-8")
    second.write_text("İkinci belge 2020 yılında 15 kişiyle yazıldı.\n", encoding="utf-8")
    message, *_ = handle_upload(mini_service, [str(first), str(second)])
    assert message.count("eklendi") == 2
    assert (mini_corpus / "yeni belge.md").exists() and (mini_corpus / "ikinci.txt").exists()
    assert not first.exists() and not second.exists(), "uploads are deleted once stored"
    message, rows, *_ = h.follow_indexing(mini_service, message)
    assert not mini_service.busy
    assert any(row[1] == "yeni belge.md" and row[0] == "Zeytin Kooperatifi" and row[4] == "dizinde" for row in rows)
    chat, *_ = handle_question(mini_service, "Zeytin Kooperatifi kaç üreticiyle kuruldu?", [], [])
    assert "64 üretici" in chat[-1]["content"]

    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ")
    message, *_ = handle_upload(mini_service, [str(bad)])
    assert "Desteklenmeyen" in message
    assert not (mini_corpus / "virus.exe").exists()


def test_the_selected_document_is_replaced_by_a_new_version(mini_service, mini_corpus, tmp_path):
    new = tmp_path / "baska-ad.md"
    new.write_text("# Lale Bahçesi Tasarım Merkezi\n\nLale Bahçesi Tasarım Merkezinde 31 tasarımcı çalışıyor.\n")
    message, *_ = h.handle_replace(mini_service, None, [str(new)])
    assert "seçin" in message and not new.exists()
    new.write_text("# Lale Bahçesi Tasarım Merkezi\n\nLale Bahçesi Tasarım Merkezinde 31 tasarımcı çalışıyor.\n")
    message, *_ = h.handle_replace(mini_service, "lale.md", [str(new)])
    assert "değiştirildi" in message
    h.follow_indexing(mini_service, message)
    assert "31 tasarımcı" in (mini_corpus / "lale.md").read_text(encoding="utf-8")
    assert (
        "31 tasarımcı"
        in handle_question(mini_service, "Lale Bahçesinde kaç tasarımcı çalışıyor?", [], [])[0][-1]["content"]
    )
    wrong = tmp_path / "yeni.pdf"
    wrong.write_bytes(b"%PDF")
    assert ".md dosyası olmalı" in h.handle_replace(mini_service, "lale.md", [str(wrong)])[0]


def test_a_table_row_click_selects_its_document(mini_service):
    rows = mini_service.documents()
    assert h.handle_select_document(rows, SimpleNamespace(index=[1, 0])) == rows[1][1]
    assert h.handle_select_document(rows, SimpleNamespace(index=[99, 0])) is None
    # The status then says which document is selected (no stale "Önce … seçin").
    status = h.selection_status(mini_service, rows[1][1])
    assert status.startswith(f"Seçili belge: {rows[1][1]}") and "Önce" not in status
    assert h.selection_status(mini_service, None) == mini_service.status_line()


def test_a_skipped_file_is_listed_with_its_reason_in_turkish(mini_corpus, tmp_path):
    from kumeqa.config import Settings

    (mini_corpus / "bos.txt").write_bytes(b"")
    (mini_corpus / "ikili.txt").write_bytes(b"\x00\x01" * 100)
    service = IndexService.open(Settings().with_paths(mini_corpus, tmp_path / "index"), follow_seconds=None)
    assert service.wait_idle(600)
    status = {row[1]: row[4] for row in service.documents()}
    assert status["bos.txt"] == "atlandı: boş dosya"
    assert status["ikili.txt"] == "atlandı: ikili dosya, metin değil"
    service.close()


def test_a_citation_in_the_chat_opens_its_turns_page_with_the_quote(mini_service):
    chat, turns, _ = handle_question(mini_service, KIRAZ_QUESTION, [], [])
    chat, turns, _ = handle_question(
        mini_service, "Lale Bahçesi Tasarım Merkezinde kaç tasarımcı çalışıyor?", chat, turns
    )
    first = turns[0]
    html = h.handle_open_citation(mini_service, {"turn": first["id"], "n": 1}, turns)
    assert 'class="kq-pv kq-pv-text"' in html and '<mark class="kq-mark">' in html and "420 üretici" in html
    assert "kq-pv" not in h.handle_open_citation(mini_service, {"turn": "yok", "n": 1}, turns)
    assert "kq-pv" not in h.handle_open_citation(mini_service, {"turn": first["id"], "n": 99}, turns)
    # A button's number is its place among the message's buttons, one per page: the server
    # counts the same way, so [2] opens the page the message shows as [2].
    kept = [dict(c) for c in first["answer"]["citations"]]
    page_one = {**kept[0], "section": "başka bölüm", "quote": "Başka bölümden."}
    elsewhere = {**kept[0], "page": 99, "quote": "Başka sayfadan."}
    turns[0] = {**first, "answer": {**first["answer"], "citations": [kept[0], page_one, elsewhere]}}
    assert h._cited(turns, first["id"], 2)["page"] == 99


def test_the_page_last_opened_comes_back_after_a_reload_even_for_a_declined_answer(mini_service):
    """A reload had shown the latest answer's page, or nothing after a declined one, not the
    page the user had opened (the sixth new user's trial)."""
    chat, turns, _ = handle_question(mini_service, KIRAZ_QUESTION, [], [])
    chat, turns, _ = handle_question(mini_service, "Futbolda en çok şampiyon olan takım hangisidir?", chat, turns)
    assert turns[-1]["answer"]["abstained"] and turns[-1]["answer"]["citations"]
    assert "kq-pv" not in h.handle_open_answer_source(mini_service, turns), "a decline opens no page by itself"
    opened, kept = h.handle_open_and_keep(mini_service, {"turn": turns[-1]["id"], "n": 1}, turns)
    assert "kq-pv" in opened and "opened" not in turns[-1], "the chat's own state is not changed in place"
    restored_chat, restored = h.handle_restore(h.saved_chat(chat, kept))
    assert h.handle_open_answer_source(mini_service, restored) == opened
    _, unchanged = h.handle_open_and_keep(mini_service, {"turn": "yok", "n": 1}, turns)
    assert "opened" not in unchanged[-1], "a click that opens nothing is not kept"


def test_a_claim_the_documents_do_not_address_offers_no_source_to_cite(mini_service):
    """ "Belgelerde yok" with nothing compared: the nearest sentence is shown as such, not
    as the claim's source, and the copy box stays empty (a new user's trial: staff could
    copy an unrelated sentence as evidence)."""
    verdict, cite = handle_claim(mini_service, "Kiraz Vadisi Tarım Kümelenmesinin başkanı Mehmet Demir'dir.")
    assert "Belgelerde yok" in verdict and cite == ""
    assert "<h4>Kaynak</h4>" not in verdict
    contradicted, cited = handle_claim(mini_service, "Kiraz Vadisi Tarım Kümelenmesi 2001 yılında kuruldu.")
    assert "Çelişiyor" in contradicted and "<h4>Kaynak</h4>" in contradicted and cited


def _table_rows(html: str) -> list[list[str]]:
    """The batch table's body as text, cell by cell (a cell's hidden column name left out)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split("<tr>")[1:]:
        cells = [c.split("</td>", 1)[0].split(">", 1)[1] for c in row.split("<td")[1:]]
        rows.append([unescape(c.split("</span>", 1)[-1]) for c in cells])
    return rows


def test_the_bulk_table_shows_confidence_in_words_with_a_decimal_comma(mini_service, tmp_path):
    table, download = handle_claims_batch(
        mini_service, "Kiraz Vadisi Tarım Kümelenmesi 2001 yılında kuruldu.", TempExports(root=tmp_path)
    )
    confidence = _table_rows(table)[0][2]
    assert confidence.startswith(("yüksek (", "orta (", "düşük (")) and "," in confidence
    assert download["visible"] is True


def test_the_bulk_tables_verdicts_are_coloured_as_the_single_checks_badge(mini_service, tmp_path):
    """The batch table had shown its verdicts uncoloured (a new user's trial): each verdict
    cell has the class of the single check's badge; the CSV is as it was (the number for
    Excel, no markup)."""
    claims = {
        "Kiraz Vadisi Tarım Kümelenmesinde 420 üretici var.": "kq-ok",
        "Kiraz Vadisi Tarım Kümelenmesi 2001 yılında kuruldu.": "kq-bad",
        "Kiraz Vadisi Tarım Kümelenmesinin başkanı Mehmet Demir'dir.": "kq-none",
        "x" * 20_000: "kq-none",  # refused as input
    }
    table, download = handle_claims_batch(mini_service, "\n".join(claims), TempExports(root=tmp_path))
    classes = [cell.split('"', 1)[0] for cell in table.split('<td class="kq-claim-verdict ')[1:]]
    assert classes == list(claims.values())
    for claim, css in list(claims.items())[:3]:
        assert handle_claim(mini_service, claim)[0].startswith(f'<div class="kq-verdict {css}">')
    assert [row[1] for row in _table_rows(table)] == ["Doğrulandı", "Çelişiyor", "Belgelerde yok", "hata"]
    assert (
        '<p class="kq-claims-summary" role="status">4 iddia: 1 doğrulandı, 1 çelişiyor, 1 belgelerde yok, 1 hata</p>'
        in table
    )
    csv_rows = list(csv.reader(io.StringIO(Path(download["value"]).read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0] == h.CLAIM_CSV_HEADERS
    assert csv_rows[0][2:4] == ["Güven", "Güven düzeyi"]
    assert [r[1] for r in csv_rows[1:]] == ["Doğrulandı", "Çelişiyor", "Belgelerde yok", "hata"]
    assert float(csv_rows[1][2].replace(",", ".")) > 0 and "<" not in "".join(csv_rows[1])
    # Every confidence with two decimals and a decimal comma, its word (the table's) beside it;
    # a line refused as input has neither.
    shown = _table_rows(table)
    for row, table_row in zip(csv_rows[1:4], shown):
        assert re.fullmatch(r"[01],\d\d", row[2]), row
        assert table_row[2] == f"{row[3]} ({row[2]})"
    assert csv_rows[4][2:4] == ["", ""]
    # The sentence beside "Belgelerde yok" is the closest passage, said to be no evidence (the
    # tenth trial: a CSV pasted into a report would cite it as the source); evidence is not.
    assert csv_rows[3][5].startswith(h.NOT_EVIDENCE) and shown[2][4].startswith(h.NOT_EVIDENCE)
    assert not csv_rows[1][5].startswith(h.NOT_EVIDENCE) and csv_rows[1][5]
    empty, hidden = handle_claims_batch(mini_service, " \n ", TempExports(root=tmp_path))
    assert "iddia yazın" in empty and hidden["visible"] is False


def test_the_batch_summary_counts_each_verdict_in_the_tables_words():
    """One line above the batch table: how many claims, then each verdict that occurs, in a
    fixed order (settled, unsettled, not found, refused), lower-cased as in a sentence."""
    labels = ["Çelişiyor", "Belgelerde yok", "Doğrulandı", "Çelişiyor", "hata", "Doğrulanamıyor", "Çelişiyor"]
    assert views.claims_summary(labels) == (
        "7 iddia: 1 doğrulandı, 3 çelişiyor, 1 doğrulanamıyor, 1 belgelerde yok, 1 hata"
    )
    assert views.claims_summary(["Belgelerde yok"] * 3) == "3 iddia: 3 belgelerde yok"
    assert views.claims_summary([]) == ""


def test_the_bulk_table_is_escaped_and_names_each_cells_column():
    """Cells are text, never markup; each non-empty cell after the verdict carries its
    column's name for the phone's card layout, an empty one nothing (the card leaves it out)."""
    headers = ["İddia", "Sonuç", "Güven", "Farklı değerler", "Kaynak cümle", "Kaynak"]
    html = views.claims_table_html(
        headers, [[XSS, "Doğrulanamıyor", "düşük (0,40)", "", "Kaynak <b>", "B, s. 3"]], ["not_enough_info"]
    )
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert '<th scope="col">Farklı değerler</th>' in html
    assert '<td class="kq-claim-verdict kq-none">Doğrulanamıyor</td>' in html
    assert '<td><span class="kq-cell-label">Güven: </span>düşük (0,40)</td><td></td>' in html
    assert _table_rows(html) == [[XSS, "Doğrulanamıyor", "düşük (0,40)", "", "Kaynak <b>", "B, s. 3"]]
    assert [views.verdict_class(v) for v in ("supported", "contradicted", "not_enough_info", None)] == [
        "kq-ok",
        "kq-bad",
        "kq-none",
        "kq-none",
    ]


def test_an_answer_of_low_confidence_is_labelled_possible_and_says_why():
    """At "düşük" confidence an answer is right less than half the time: it is not
    presented as "Yanıt:" like a sure one, in the chat, the CLI or the Markdown copy."""
    low = _answer((_citation(4),), confidence=0.3)
    first = views.answer_html(low, "md")
    assert "<strong>Olası yanıt:</strong>" in first and LOW_CONFIDENCE_NOTE in first
    assert answer_text(low).startswith("Olası yanıt: 420 üretici")
    assert "**Olası yanıt:** 420 üretici" in answer_markdown(low)
    sure = views.answer_html(_answer((_citation(4),)), "md")
    assert "<strong>Yanıt:</strong>" in sure and LOW_CONFIDENCE_NOTE not in sure
    assert MEDIUM_CONFIDENCE_NOTE not in sure


def test_an_answer_of_medium_confidence_says_to_check_it():
    """At "orta" confidence an answer is right about two times in three: it keeps "Yanıt:"
    but says to check it against the quote, in the chat, the CLI and the Markdown copy (the
    twelfth trial: medium answers that were wrong looked exactly like sure ones)."""
    medium = _answer((_citation(4),), confidence=0.6)
    assert confidence_word(0.6) == "orta"
    first = views.answer_html(medium, "md")
    assert "<strong>Yanıt:</strong>" in first and MEDIUM_CONFIDENCE_NOTE in first and LOW_CONFIDENCE_NOTE not in first
    assert MEDIUM_CONFIDENCE_NOTE in answer_text(medium)
    assert MEDIUM_CONFIDENCE_NOTE in answer_markdown(medium)
