"""The web UI: formatting functions (escaping, highlighting, citations) and the handlers."""

from html import unescape

from kumeqa import views
from kumeqa.documents import clean_name
from kumeqa.exports import TempExports, search_bibtex, search_csv
from kumeqa.format import citation_line, mark_span, quote_citation
from kumeqa.retrieve import SearchResult
from kumeqa.service import IndexService
from kumeqa.ui import (
    _placeholder,
    corpus_examples,
    handle_claim,
    handle_question,
    handle_search,
    handle_upload,
)

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_citation_line_and_copyable_quote():
    assert citation_line("Başlık", 12, "§2.3 Bölüm") == "Başlık, s. 12, §2.3 Bölüm"
    assert citation_line("Başlık", 3, "") == "Başlık, s. 3"
    quote = quote_citation("Başlık", 12, "kısa   alıntı\nburada")
    assert quote == 'Başlık, s. 12, "kısa alıntı burada"'
    long = quote_citation("B", 1, "kelime " * 200)
    assert long.endswith('…"') and len(long) < 330


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


def test_search_results_are_escaped_and_exportable():
    r = SearchResult("a.pdf", "Başlık <x>", 4, "§1 Giriş", XSS, 0.5)
    html = views.search_html([r])
    assert "<img" not in html and "<script>" not in html
    assert unescape(html).count(XSS) == 2  # the passage and its copyable citation
    csv_text = search_csv([r])
    assert csv_text.splitlines()[0] == '"rank","title","source","page","section","score","text"'
    bib = search_bibtex([r])
    assert bib.startswith("@misc{a_p4_1,") and "pages = {4}" in bib


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


def test_chat_handler_answers_and_keeps_history(paper_settings, paper_index, expected):
    service = IndexService(paper_settings, paper_index)
    question, _, span = expected["letterless_pair"]
    history, sources, last, _, cleared = handle_question(service, question, [])
    assert cleared == ""
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert f'<mark class="span">{span}' in history[1]["content"]
    assert "s. " in history[1]["content"]
    assert '<mark class="sentence">' in sources
    history, *_ = handle_question(service, expected["off_topic"], history)
    assert len(history) == 4
    assert views.ABSTAIN_MESSAGE in history[3]["content"]


def test_chat_handler_gives_turkish_messages_for_bad_input(paper_settings, paper_index):
    service = IndexService(paper_settings, paper_index)
    history, *_ = handle_question(service, "   ", [])
    assert "boş olamaz" in history[-1]["content"]
    assert "empty" not in history[-1]["content"]  # the Turkish half only
    history, *_ = handle_question(service, "x" * 20_000, [])
    assert "çok uzun" in history[-1]["content"]
    history, *_ = handle_question(service, XSS, [])
    assert "<img" not in history[0]["content"] and "<script" not in history[0]["content"]


def test_search_and_claim_handlers(paper_settings, paper_index, expected, tmp_path):
    service = IndexService(paper_settings, paper_index)
    html, cites, csv_update, bib_update = handle_search(
        service, expected["search_query"], None, 3, TempExports(root=tmp_path / "exports")
    )
    assert html.count('class="kq-result"') == 3
    assert cites.startswith("[1] ")
    assert csv_update["visible"] is True
    verdict, cite = handle_claim(service, expected["contradicted_claim"])
    assert "Çelişiyor" in verdict and '<mark class="claim">' in verdict
    assert cite.startswith(paper_index.docs[0].title)


def test_upload_adds_a_document_and_indexes_it_in_the_background(mini_corpus, tmp_path):
    from kumeqa.config import Settings

    service = IndexService.open(Settings().with_paths(mini_corpus, tmp_path / "idx"), follow_seconds=None)
    assert service.wait_idle(600)
    new = tmp_path / "yeni belge.md"
    new.write_text("# Zeytin Kooperatifi\n\nZeytin Kooperatifi 2005 yılında 64 üreticiyle kuruldu.\n", encoding="utf-8")
    message, rows, *_ = handle_upload(service, str(new))
    assert "eklendi" in message
    assert (mini_corpus / "yeni belge.md").exists()
    assert not new.exists(), "the uploaded temporary file is deleted once stored"
    assert service.wait_idle(600)
    rows = service.documents()
    assert any(row[1] == "yeni belge.md" and row[0] == "Zeytin Kooperatifi" and row[4] == "dizinde" for row in rows)
    history, *_ = handle_question(service, "Zeytin Kooperatifi kaç üreticiyle kuruldu?", [])
    assert "64 üretici" in history[-1]["content"]

    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ")
    message, *_ = handle_upload(service, str(bad))
    assert "Desteklenmeyen" in message
    assert not (mini_corpus / "virus.exe").exists()
