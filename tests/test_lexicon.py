"""English question words reach the Turkish text through the Turkish WordNet's links (kumeqa.lexicon).

Checked on general words and on the invented document of ``test_reading``, never on
the paper: the bridge is general vocabulary, and the English ranker reads its
coverage as one feature.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA
from kumeqa.answer import answer_question
from kumeqa.config import Settings
from kumeqa.evidence import ENGLISH_FEATURES, analyse_query, gather
from kumeqa.index import ensure_index
from kumeqa.lexicon import english_words, matches, translated_shares, translations
from kumeqa.text import tokenize


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("lexicon")


def _found(word: str, turkish: str, cache) -> bool:
    return any(matches(key, set(tokenize(turkish))) for key in translations(word, cache))


def test_inflected_and_irregular_english_words_find_their_turkish_words(cache):
    assert _found("employees", "çalışanları", cache)
    assert _found("companies", "firmalar", cache)
    assert _found("founded", "kuruldu", cache), "a verb matches by its root"
    assert _found("exports", "ihracatı", cache), "ihraç etmek: the noun of a light-verb phrase"
    assert _found("built", "inşa", cache), "irregular forms from WordNet's exception list"
    assert not _found("employees", "öğrenciler", cache)
    assert translations("qwertyuiop", cache) == ()


def test_function_words_and_names_are_not_translated():
    assert english_words("How many students does Mavi Liman have?") == ["students"]
    assert english_words("Why was it founded?") == ["founded"]


def test_the_share_counts_words_in_the_sentence_and_half_in_its_context(cache):
    words = tuple(translations(w, cache) for w in english_words("How many employees work there?"))
    sentence = set(tokenize("Bölgede 300 çalışan var."))
    other = set(tokenize("Bölgede 30 öğrenci staj yapıyor."))
    assert translated_shares(words, sentence, set()) == (1.0, 1.0)
    assert translated_shares(words, other, set()) == (0.0, 0.0)
    assert translated_shares(words, other, sentence) == (0.0, 0.5)


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("invented-en")
    shutil.copy(DATA / "invented" / "mavi-liman.md", corpus)
    index, _ = ensure_index(Settings().with_paths(corpus, tmp_path_factory.mktemp("index-en")))
    return index


def test_the_english_ranker_reads_the_translated_words(invented):
    assert "lexical_ctx" in ENGLISH_FEATURES
    assert dict(invented.settings.answer.english_weights)["lexical_ctx"] > 0
    query = analyse_query(invented, "How many students do an internship every year?")
    scored = {s.sentence.text: s for s in gather(invented, query, None, k=len(invented.passages)).ranked}
    students = next(s for t, s in scored.items() if "öğrenci staj" in t)
    members = next(s for t, s in scored.items() if "üye firma" in t)
    assert students.feature("lexical_ctx") > members.feature("lexical_ctx")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many students do an internship every year?", "60 öğrenci"),
        ("How many employees does the cluster have?", "2.300 çalışan"),
        ("Why did the cluster open an office in Hamburg?", "ihracatı artırmak amacıyla"),
    ],
)
def test_english_questions_on_an_invented_document(invented, question, expected):
    result = answer_question(invented, question)
    assert not result.abstained, result.reason
    assert expected in result.answer
