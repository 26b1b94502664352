"""Answers a user would check: verbatim, cited, the same without Turkish letters, honest when absent."""

from pathlib import Path

from kumeqa.answer import DATE, PERSON, PLACE, QUANTITY, answer_question, find_span, question_type
from kumeqa.config import Settings
from kumeqa.evaluate import evaluate, load_dev_set
from kumeqa.index import ensure_index

DEV = Path(__file__).parent / "data" / "dev.jsonl"


def _source_text(index, source: str) -> str:
    return "\n".join(index.pages[source])


def test_answer_is_a_verbatim_sentence_with_its_span_and_page(paper_index, expected):
    question, _, span_gold = expected["letterless_pair"]
    result = answer_question(paper_index, question)
    assert not result.abstained
    assert span_gold in result.span
    assert result.answer[result.span_start :].startswith(result.span)
    first = result.citations[0]
    assert first.quote == result.answer
    assert result.answer in paper_index.page_text(first.source, first.page)
    assert first.page == expected["page_of_phrase"]["6.500 işletme ve 65.000 çalışanı"]
    assert first.section.startswith("§")


def test_question_without_turkish_letters_finds_the_same_answer(paper_index, expected):
    turkish, letterless, _ = expected["letterless_pair"]
    a = answer_question(paper_index, turkish)
    b = answer_question(paper_index, letterless)
    assert a.answer == b.answer
    assert a.span == b.span


def test_off_topic_question_is_declined_with_closest_passages(paper_index, expected):
    result = answer_question(paper_index, expected["off_topic"])
    assert result.abstained
    assert result.answer is None and result.span is None
    assert result.citations, "closest passages are still shown"
    assert result.confidence < paper_index.settings.answer.abstain_below


def test_english_question_gets_the_turkish_source_sentence(paper_index, expected):
    question, gold = expected["english_pair"]
    result = answer_question(paper_index, question)
    assert not result.abstained
    assert gold in result.span


def test_question_types():
    assert question_type("OSTİM'de kaç işletme var?") == QUANTITY
    assert question_type("gida vadisi ne zaman kuruldu") == DATE
    assert question_type("Ahilik teşkilatını kim kurdu?") == PERSON
    assert question_type("ilk OSB hangi şehirde kuruldu?") == PLACE


def test_span_is_the_shortest_part_that_answers():
    sentence = "Kümelenmede bugün 420 üretici ve 3.200 çalışan bulunuyor."
    start, span = find_span(sentence, "Kümelenmede kaç çalışan var?", QUANTITY)
    assert span == "3.200 çalışan" and sentence[start:].startswith(span)
    start, span = find_span("Merkez 2016 yılında Eskişehir’de açıldı.", "Merkez hangi şehirde açıldı?", PLACE)
    assert span == "Eskişehir"


def test_dev_set_quality_holds(paper_index):
    """The targets of the core issue, on our dev set (a regression guard, not a timing test)."""
    report = evaluate(paper_index, load_dev_set(DEV)).as_json()
    by_type = report["by_type"]
    assert by_type["factoid"]["hit@1"] >= 0.90
    assert by_type["paraphrase"]["hit@1"] >= 0.80
    assert by_type["noletters"]["hit@1"] >= 0.80
    assert report["evidence@5"] >= 0.98
    assert report["abstain_unanswerable"] >= 0.75
    assert report["abstain_answerable"] <= 0.05


def test_small_corpus_end_to_end(mini_corpus, tmp_path):
    index, _ = ensure_index(Settings().with_paths(mini_corpus, tmp_path / "idx"))
    result = answer_question(index, "Deniz Feneri Yazılım Kümesinde kaç şirket var?")
    assert not result.abstained
    assert result.span == "85 şirket"
    assert result.citations[0].source == "fener-cp1254.txt"
