"""Reading that generalises: behaviour checked on an invented document the weights never saw.

``tests/data/invented/mavi-liman.md`` describes a cluster that does not exist, so
these tests cannot pass by remembering the paper: they check that the reading
rules hold on any Turkish text (the answer in the sentence before, lists and
reasons, acronyms, bounds, follow-ups, declining a question the text does not
answer).
"""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA, index_of
from kumeqa.answer import answer_question
from kumeqa.config import Settings
from kumeqa.conversation import answer_in_context
from kumeqa.index import ensure_index
from kumeqa.text import tokenize
from kumeqa.verify import CONTRADICTED, NOT_ENOUGH_INFO, SUPPORTED, check_claim

DOCUMENT = DATA / "invented" / "mavi-liman.md"
#: A second invented document, indexed alone: dated counts, negation, targets.
ADDENDUM = DATA / "invented" / "mavi-liman-ek.md"


def _indexed_alone(document, tmp_path_factory):
    """The index of a corpus holding ``document`` only."""
    corpus = tmp_path_factory.mktemp(document.stem)
    shutil.copy(document, corpus)
    index, _ = ensure_index(Settings().with_paths(corpus, tmp_path_factory.mktemp("index")))
    return index


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    return _indexed_alone(DOCUMENT, tmp_path_factory)


@pytest.fixture(scope="module")
def addendum(tmp_path_factory):
    return _indexed_alone(ADDENDUM, tmp_path_factory)


def _answered(index, question: str, document=DOCUMENT):
    result = answer_question(index, question)
    assert not result.abstained, f"{question!r} declined ({result.reason})"
    assert result.answer in document.read_text(encoding="utf-8").replace("\n", " ") or all(
        part in document.read_text(encoding="utf-8") for part in result.answer.split("\n")
    ), "the answer is verbatim source text"
    return result


def test_answer_in_the_sentence_before_is_quoted_with_it(invented):
    result = _answered(invented, "Bölgenin ilk deniz feneri nerede yapıldı?")
    assert result.span == "Sürmene"
    assert "burada yapıldı" in result.answer and "Sürmene’de" in result.answer
    assert result.answer.index("Sürmene") < result.answer.index("burada")


def test_list_question_gets_the_whole_list(invented):
    result = _answered(invented, "Kümenin üyeleri hangi alanlarda çalışıyor?")
    for item in ("tekne yapımı", "yat tasarımı", "liman lojistiği"):
        assert item in result.answer


def test_why_question_gets_the_reason(invented):
    result = _answered(invented, "Kümelenme Hamburg'da neden temsilcilik açtı?")
    assert "ihracatı artırmak amacıyla" in result.answer


def test_paraphrase_sharing_no_content_word_with_its_answer(invented):
    question = "MLK kaç şirketi bir araya getiriyor?"
    result = _answered(invented, question)
    assert "140’tan fazla" in result.span
    sentence = "Kümede bugün 140’tan fazla üye firma ve 2.300 çalışan bulunuyor."
    assert sentence in result.answer
    asked = set(tokenize(question)) - {"mlk"}
    assert not asked & set(tokenize(sentence)), "the test needs a question without shared content words"


def test_acronym_and_letterless_questions_find_the_long_form(invented):
    assert _answered(invented, "MLK ne zaman kuruldu?").span == "2005"
    assert _answered(invented, "mavi liman kumelenmesi ne zaman kuruldu").span == "2005"


@pytest.mark.parametrize(
    "question",
    [
        "Mavi Liman Kümelenmesinde kaç otel var?",  # a count of something the text never counts
        "Mavi Liman Kümelenmesinin başkanı kimdir?",  # an officer the text never names
        "Futbolda en çok şampiyon olan takım hangisidir?",  # off-topic
    ],
)
def test_a_question_without_a_candidate_of_its_type_is_declined(invented, question):
    result = answer_question(invented, question)
    assert result.abstained, f"answered {result.span!r}"
    assert result.answer is None and result.citations, "closest passages are still shown"


def test_a_question_declined_alone_and_in_context_reports_the_users_own_words(invented):
    result = answer_in_context(invented, "Futbolda en çok şampiyon olan takım hangisidir?", ["Kümede kaç öğrenci var?"])
    assert result.abstained
    assert result.resolved_question == "Futbolda en çok şampiyon olan takım hangisidir?"


def test_words_no_document_uses_take_no_subject_from_the_turn_before(invented):
    """ "asdfgh qwerty" after a question: glued to the earlier subject, the subject alone was
    searched and answered (a new user's trial: "France asdfgh qwerty"). A short follow-up
    still takes it."""
    earlier = ["Mavi Liman Kümelenmesi ne zaman kuruldu?"]
    noise = answer_in_context(invented, "asdfgh qwerty", earlier)
    assert noise.abstained and noise.resolved_question == "asdfgh qwerty"
    follow = answer_in_context(invented, "kaç çalışanı var?", earlier)
    assert "Mavi Liman" in follow.resolved_question and follow.span == "2.300 çalışan"


def test_a_follow_up_asked_first_is_declined_with_the_closest_passages(invented):
    """'peki kaç çalışanı var?' with no earlier question: whose employees is a guess."""
    result = answer_in_context(invented, "peki kaç çalışanı var?", [])
    assert result.abstained and result.answer is None and result.citations
    named = answer_in_context(invented, "Mavi Liman Kümelenmesi'nin kaç çalışanı var?", [])
    assert not named.abstained and named.span == "2.300 çalışan", "a question naming its subject is answered"


def test_follow_up_is_read_against_the_conversation(invented):
    result = answer_in_context(invented, "peki kaç çalışanı var?", ["Mavi Liman Kümelenmesi ne zaman kuruldu?"])
    assert not result.abstained
    assert result.span == "2.300 çalışan"
    assert "Mavi Liman" in result.resolved_question
    changed = answer_in_context(invented, "MLK kaç öğrenciye staj veriyor?", ["Hamburg'da ne açıldı?"])
    assert changed.resolved_question == "MLK kaç öğrenciye staj veriyor?", "a question with its own subject is kept"
    # A new topic without a name ("deniz feneri") is answered confidently on its own: the
    # earlier question's words are not glued to it.
    new_topic = answer_in_context(invented, "deniz feneri nerede yapildi", ["Kümede kaç öğrenci staj yapıyor?"])
    assert new_topic.resolved_question == "deniz feneri nerede yapildi" and new_topic.span == "Sürmene"
    # Two turns on: the subject is the one named last, not the words of the follow-up between.
    later = answer_in_context(
        invented, "peki kaç çalışanı var?", ["Mavi Liman Kümelenmesi ne zaman kuruldu?", "kimin öncülüğünde?"]
    )
    assert later.resolved_question.startswith("Mavi Liman Kümelenmesi") and "öncülüğünde" not in later.resolved_question
    assert later.span == "2.300 çalışan"


def test_a_follow_up_saying_orada_is_read_in_context_even_when_it_names_something(invented):
    """ "orada kaç Ar-Ge merkezi var?" after a question on TOSB names "Ar-Ge" but not whose
    centres: "orada" stands for the earlier subject (the eighth trial got the national total)."""
    result = answer_in_context(
        invented, "orada Sürmene'de kaç kursiyer eğitim aldı?", ["Liman Akademisi ne zaman kuruldu?"]
    )
    assert result.resolved_question.startswith("Liman Akademisi") and result.span == "45 kursiyer"


def test_a_question_asking_what_a_term_means_is_read_alone(invented):
    """ "çıraklık ne demek" names no corpus name (the term is a lower-case concept), yet it says
    what it asks about: gluing the earlier subject on would ask about something else."""
    result = answer_in_context(invented, "çıraklık ne demek", ["Karadeniz Teknik Üniversitesi ile ne düzenleniyor?"])
    assert result.resolved_question == "çıraklık ne demek"
    assert not result.abstained and "ustanın yanında" in result.answer
    # A possessive term needs the earlier subject ("hedefi nedir?": whose aim?).
    whose = answer_in_context(invented, "amacı nedir?", ["Mavi Liman Kümelenmesi ne zaman kuruldu?"])
    assert "Mavi Liman" in whose.resolved_question


def test_a_follow_up_after_a_definition_asks_of_the_term_defined(invented):
    """ "çıraklık nedir?" names no corpus name, yet the next question ("peki nasıl yapılır?")
    asks more of çıraklık, not of the subject named before it (the eleventh trial: "Ahilik
    nedir?" then "kim tarafından kurulmuştur?" was answered of Silikon Vadisi)."""
    earlier = ["Liman Akademisi ne zaman kuruldu?", "", "çıraklık nedir?", ""]
    result = answer_in_context(invented, "peki nasıl yapılır?", earlier)
    assert result.resolved_question.startswith("çıraklık") and "Liman" not in result.resolved_question
    assert not result.abstained and "ustanın yanında" in result.answer


@pytest.mark.parametrize(
    ("claim", "verdict", "source_value"),
    [
        ("Mavi Liman Kümelenmesi 2007 yılında kuruldu.", CONTRADICTED, "2005"),
        ("MLK'da 100'den fazla üye firma bulunuyor.", SUPPORTED, None),  # acronym + a bound the source implies
        ("Kümede 200'den fazla üye firma var.", NOT_ENOUGH_INFO, "140"),  # possible, not shown: say what it says
        ("mavi liman kumelenmesinde 3000 calisan var", CONTRADICTED, "2.300"),  # letter-less
        ("Kümelenme 2012 yılında Hamburg'da temsilcilik açtı.", SUPPORTED, None),
        ("Kümelenme 2012 yılında Rotterdam'da temsilcilik açtı.", CONTRADICTED, "Hamburg"),
        ("Galatasaray 2000 yılında UEFA Kupası'nı kazandı.", NOT_ENOUGH_INFO, None),
        # An acronym the document never defines stands for the long form it writes.
        ("Eğitimler KTÜ ile birlikte düzenleniyor.", SUPPORTED, None),
        # A place the document never mentions, typed without capitals, where it names another.
        ("1998 yilinda hopada ilk ahsap tekne atolyesi acildi", CONTRADICTED, "Sürmene"),
        ("1998 yilinda surmenede ilk ahsap tekne atolyesi acildi", SUPPORTED, None),
        # In a list of years, each year goes with what follows it. (Under min_evidence 0.7,
        # chosen on the tuning claims in earlier rounds, the sentence dating it fell under
        # the evidence floor; the retrain of the seventh session chose 0.6 again.)
        ("Liman Akademisi 2014 yılında kuruldu.", CONTRADICTED, "2016"),
        ("Rize Tasarım Merkezi 2014 yılında kuruldu.", SUPPORTED, None),
        # A sentence on another centre, naming another chamber that shares three of the
        # claim's four name words, says nothing of the claim's subject or its chamber.
        (
            "Liman Akademisi'nin kuruluşunda Trabzon Ticaret ve Sanayi Odası ortak olarak yer aldı.",
            NOT_ENOUGH_INFO,
            None,
        ),
        ("Rize Tasarım Merkezi'nin kuruluşunda Ordu Ticaret ve Sanayi Odası ortak olarak yer aldı.", SUPPORTED, None),
        (
            "Rize Tasarım Merkezi'nin kuruluşunda Trabzon Ticaret ve Sanayi Odası ortak olarak yer aldı.",
            CONTRADICTED,
            "Ordu",
        ),
        # "Söz konusu kurumda …" two sentences after the paragraph names its subject.
        ("Liman Akademisi'nde 2020 yılında 45 kursiyer eğitim aldı.", SUPPORTED, None),
        # "Merkezde …" after "Rize Tasarım Merkezi, Trabzon Ticaret Odası ile …": the
        # centre's designers, not the chamber's.
        ("Trabzon Ticaret Odası'nda 35 tasarımcı görev yapıyor.", NOT_ENOUGH_INFO, None),
        ("Rize Tasarım Merkezi'nde 35 tasarımcı görev yapıyor.", SUPPORTED, None),
        # A fraction is a share: "yarısı" is not "yaklaşık üçte biri", "%33" is.
        ("Üye firmaların yarısı yat tasarımı alanında faaliyet gösteriyor.", CONTRADICTED, "üçte biri"),
        ("Üye firmaların %33'ü yat tasarımı alanında faaliyet gösteriyor.", SUPPORTED, None),
        # A limit is a rule: another limit misstates it, though one interval holds the other.
        ("Liman Akademisi'nde kursiyerler programda en fazla 12 ay kalabiliyor.", CONTRADICTED, "18"),
        ("Liman Akademisi'nde kursiyerler programda en fazla 18 ay kalabiliyor.", SUPPORTED, None),
        # Fewer of the whole than the source counts of a kind of it ("kısa süreli kurs").
        ("Liman Akademisi kuruluşundan bu yana 400'den az seminer düzenledi.", CONTRADICTED, "600"),
        ("Liman Akademisi kuruluşundan bu yana 900'den fazla seminer düzenledi.", NOT_ENOUGH_INFO, "600"),
        # Of two sums in one sentence, the one whose own words are the claim's.
        ("Kümelenmenin bütçesine AB fonlarından 12 milyon TL sağlandı.", SUPPORTED, None),
        # Another year's figure neither confirms nor rules out this year's; the right
        # figure under a wrong year is wrong.
        ("Mavi Liman Kümelenmesi'nin 2018 yılındaki bütçesi 30 milyon TL idi.", NOT_ENOUGH_INFO, "2022"),
        ("Mavi Liman Kümelenmesi'nin 2018 yılındaki bütçesi 40 milyon TL idi.", CONTRADICTED, "2022"),
        ("Mavi Liman Kümelenmesi'nin 2022 yılındaki bütçesi 30 milyon TL idi.", CONTRADICTED, "40 milyon"),
        # The only year of a sentence dates something else ("2020 yılında 45 kursiyer eğitim
        # aldı"): it does not rule out a year the claim gives another event.
        ("Liman Akademisi 2021 yılında Sürmene'deki binasını yeniledi.", NOT_ENOUGH_INFO, None),
    ],
)
def test_claims_on_a_document_never_tuned_on(invented, claim, verdict, source_value):
    result = check_claim(invented, claim)
    assert result.verdict == verdict, [m.as_json() for m in result.mismatches]
    if source_value is None:
        assert not result.mismatches
    else:
        assert any(source_value in m.source for m in result.mismatches)
        assert any(source_value in e.sentence.text for e in result.evidence)


def test_an_open_bound_is_shown_as_not_established_with_what_the_source_says(invented):
    """'200'den fazla' against a source's '140’tan fazla': not "not in the documents", not "≠"."""
    from kumeqa.views import verdict_html

    verdict = check_claim(invented, "Kümede 200'den fazla üye firma var.")
    assert verdict.verdict == NOT_ENOUGH_INFO and verdict.mismatches
    html = verdict_html(verdict)
    assert "Doğrulanamıyor" in html and "Belgelerde yok" not in html
    assert "kaynak yalnızca" in html and "≠" not in html
    assert "Belgelerde yok" in verdict_html(check_claim(invented, "Galatasaray 2000 yılında UEFA Kupası'nı kazandı."))


def test_a_question_typed_without_letters_names_its_subject_as_the_document_spells_it(invented):
    """ "rize tasarim merkezinde kac calisan var": the words are those of a name the document
    writes with capitals (Rize Tasarım Merkezi), so the subject check applies, and the
    cluster's 2.300 employees are not that centre's."""
    from kumeqa.evidence import analyse_query

    query = analyse_query(invented, "rize tasarim merkezinde kac calisan var")
    assert any({"rize", "tasar"} <= name for name in query.names)
    assert answer_question(invented, "rize tasarim merkezinde kac calisan var").abstained
    # A capital the user (or the phone) typed is not the documents' spelling of a name.
    assert analyse_query(invented, "Kumede kac ogrenci staj yapiyor", embed=False).names == ()
    assert answer_question(invented, "mavi liman kumelenmesinde kac calisan var").span == "2.300 çalışan"


def test_a_paragraph_names_its_subject_once_and_later_sentences_still_speak_of_it(invented):
    """ "Liman Akademisi … . Eğitimler … . Söz konusu kurumda 2020 yılında 45 kursiyer …":
    the count is the academy's, though neither it nor the sentence before names it; and
    "Merkezde 35 tasarımcı" after "Rize Tasarım Merkezi, Trabzon Ticaret Odası ile …" is
    the centre's, not the chamber's."""
    assert _answered(invented, "Liman Akademisi'nde kaç kursiyer eğitim aldı?").span == "45 kursiyer"
    assert _answered(invented, "Rize Tasarım Merkezi'nde kaç tasarımcı görev yapıyor?").span == "35 tasarımcı"
    assert answer_question(invented, "Trabzon Ticaret Odası'nda kaç tasarımcı görev yapıyor?").abstained


def test_a_question_about_one_year_is_not_answered_with_another_years_figure(invented):
    """The 2020 count does not answer "2018 yılında kaç …"; a year describing the subject
    ("2014 yılında kurulan …") pins nothing."""
    assert answer_question(invented, "Liman Akademisi'nde 2018 yılında kaç kursiyer eğitim aldı?").abstained
    assert _answered(invented, "Liman Akademisi'nde 2020 yılında kaç kursiyer eğitim aldı?").span == "45 kursiyer"


def test_a_question_asking_for_a_target_in_other_words_or_in_a_units_short_form(invented):
    """ "kaç üyeye ulaşması isteniyor" asks for the target ("400 üyeye ulaşması
    hedeflenmektedir"), not today's count; "kaç km" is answered by "42 kilometrelik"."""
    for question in (
        "Kümelenmenin 2030'a kadar kaç üyeye ulaşması isteniyor?",
        "Mavi Liman Kümelenmesi 2030'a kadar kaç üyeye ulaşmak istiyor?",
    ):
        assert _answered(invented, question).span.startswith("400")
    assert _answered(invented, "Kümelenmenin yürüyüş rotası kaç km?").span.startswith("42 kilometre")


def test_a_count_question_is_not_answered_with_a_share(invented):
    """ "kaç ziyaretçi" asks how many: "ziyaretçilerin %35’i" is a share, which answers "yüzde
    kaçı" and "kaçı" but not the count (none of 362 "kaç X" tuning questions has one)."""
    assert answer_question(invented, "Kümelenmenin 2022 fuarına kaç ziyaretçi geldi?").abstained
    assert _answered(invented, "Fuara gelen ziyaretçilerin yüzde kaçı yabancıydı?").span.startswith("%35")
    assert _answered(invented, "Fuara gelen ziyaretçilerin kaçı yabancıydı?").span.startswith("%35")


def test_the_founding_holder_of_an_office_does_not_answer_who_holds_it_now(invented):
    """ "şu anki müdürü kim?" is not answered by "kurucu müdürü … Ayşe Demir’dir", and the
    claim that she is its head today is not established by it."""
    assert _answered(invented, "Liman Akademisi'nin kurucu müdürü kim?").span == "Ayşe Demir"
    assert answer_question(invented, "Liman Akademisi'nin şu anki müdürü kim?").abstained
    now = check_claim(invented, "Liman Akademisi'nin bugünkü müdürü Ayşe Demir'dir.")
    assert now.verdict == NOT_ENOUGH_INFO
    then = check_claim(invented, "Liman Akademisi'nin kurucu müdürü Ayşe Demir'dir.")
    assert then.verdict == SUPPORTED


def test_a_complete_question_after_an_unrelated_one_is_read_on_its_own(invented):
    """A question that opens with its own subject, or names none but says all it asks,
    takes no subject from the turn before ("Rize Tasarım Merkezi tasarımcı Kümelenme yurt
    dışındaki …" was answered "Liman Akademisini"); a short follow-up still does."""
    earlier = ["Rize Tasarım Merkezi kaç tasarımcı çalıştırıyor?"]
    own = answer_in_context(invented, "Liman Akademisi hangi yıl kuruldu?", earlier)
    assert own.resolved_question == "Liman Akademisi hangi yıl kuruldu?"
    long = answer_in_context(invented, "Kümelenme yurt dışındaki ilk temsilciliğini hangi şehirde açtı?", earlier)
    assert long.span == "Hamburg"
    short = answer_in_context(invented, "kaç çalışanı var?", ["Mavi Liman Kümelenmesi ne zaman kuruldu?"])
    assert "Mavi Liman" in short.resolved_question and short.span == "2.300 çalışan"


@pytest.mark.parametrize(
    ("claim", "verdict", "kind"),
    [
        # The negation -mA- against the affirmative, both ways.
        ("Rize Tasarım Merkezi'nin yurt dışında bir şubesi bulunmaktadır.", CONTRADICTED, "polarity"),
        ("Rize Tasarım Merkezi'nin yurt dışında şubesi bulunmamaktadır.", SUPPORTED, None),
        # "X dışındaki bütün kurumlar … yararlanmıştır" says X did not.
        ("Liman Akademisi belediye hibesinden yararlanmamıştır.", SUPPORTED, None),
        # A count denied: false where the source states it, true where the source rules it out.
        ("Kümelenmenin 2023 yılında 95 kursiyeri yoktur.", CONTRADICTED, "polarity"),
        ("Kümelenmenin 2023 yılında 60 kursiyeri yoktur.", SUPPORTED, None),
        # An affirmed verb of another tense in the source ("kuruldu") against a negated one.
        ("Mavi Liman Kümelenmesi kurulmamıştır.", CONTRADICTED, "polarity"),
    ],
)
def test_a_claim_saying_the_opposite_of_its_source_is_contradicted(addendum, claim, verdict, kind):
    """Every value and name of "… şubesi bulunmaktadır" is in "… herhangi bir şubesi
    bulunmamaktadır": only the verb's polarity tells them apart."""
    result = check_claim(addendum, claim)
    assert result.verdict == verdict, (claim, result.verdict, result.mismatches)
    assert [m.kind for m in result.mismatches] == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("claim", "verdict", "source_value"),
    [
        # "2019’da 40 iken 2023’te 95’e": a figure goes with the year that dates it.
        ("Kümelenmenin 2023 yılında 40 kursiyeri vardır.", CONTRADICTED, "95"),
        ("Kümelenmenin kursiyer sayısı 2019'da 40 iken 2023'te 95'e çıkmıştır.", SUPPORTED, None),
        ("Kümelenmenin 2023'te 90'dan fazla kursiyeri vardır.", SUPPORTED, None),
        # A year "as of" which a state is told dates no event.
        ("Liman Akademisi'nin yüzme havuzu 2018 yılında açılmıştır.", NOT_ENOUGH_INFO, None),
        # A target in the active voice ("… çıkarılmasını hedeflemektedir") against a claimed one.
        ("Mavi Liman Kümelenmesi 2030'a kadar şube sayısını 15'e çıkarmayı hedeflemektedir.", CONTRADICTED, "12"),
        # Another of the same kind of name in its place.
        (
            "Liman Akademisi, Rize Organize Sanayi Bölgesi'nde eğitim alanı kullanmaktadır.",
            CONTRADICTED,
            "Trabzon Organize Sanayi Bölgesi",
        ),
        # A measure: the words after "m²’lik" describe what is measured.
        ("Liman Akademisi'nin 3.000 m²'lik eğitim alanı vardır.", SUPPORTED, None),
    ],
)
def test_figures_years_and_names_are_compared_with_what_dates_and_places_them(addendum, claim, verdict, source_value):
    result = check_claim(addendum, claim)
    assert result.verdict == verdict, (claim, result.verdict, result.mismatches)
    if source_value:
        assert any(m.source == source_value for m in result.mismatches), result.mismatches


def test_a_count_given_at_two_times_answers_by_the_asked_time(addendum):
    """ "2019’da 40 iken 2023’te 95’e yükselmiştir": a question naming 2019 gets 40; one of
    the present ("bugün", "kaç … var") gets 95, without the verb after it."""
    assert _answered(addendum, "Kümelenmenin 2019'da kaç kursiyeri vardı?", ADDENDUM).span == "40"
    for question in ("Kümelenmenin bugün kaç kursiyeri var?", "kumelenmenin kac kursiyeri var"):
        assert _answered(addendum, question, ADDENDUM).span == "95’e"


def test_a_state_as_of_a_year_and_a_count_of_another_time_answer_no_founding_question(addendum):
    """ "2023 itibarıyla 30 kursiyere hizmet vermektedir" does not say when the pool opened,
    and "2019’da 40 iken 2023’te 95’e" does not say how many there were at the founding."""
    assert answer_question(addendum, "Liman Akademisi'nin yüzme havuzu hangi yıl açıldı?").abstained
    assert answer_question(addendum, "Kümelenme kurulduğunda kaç kursiyeri vardı?").abstained
    assert _answered(
        addendum, "Liman Akademisi'nin yüzme havuzu kaç kursiyere hizmet veriyor?", ADDENDUM
    ).span.startswith("30")


#: A third invented document, indexed alone: foundings, places, figures of today.
PLACES = DATA / "invented" / "mavi-liman-yer.md"


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    return _indexed_alone(PLACES, tmp_path_factory)


@pytest.mark.parametrize(
    "question", ["Sarıdere Sanayi Sitesi ne zaman kuruldu?", "saridere sanayi sitesi hangi yil kuruldu"]
)
def test_a_founding_question_is_not_answered_by_what_was_founded_in_its_subject(places, question):
    """ "… 2011 yılında Sarıdere’de kurulan ilk kümelenme oldu" names Sarıdere only as the
    place of another founding (and "Sarıdere Site Müdürlüğü" is another name): the site's
    own year is in "1998 yılında … faaliyete başlayan Sarıdere Sanayi Sitesi"."""
    assert _answered(places, question, PLACES).span == "1998"


def test_a_question_asked_in_the_place_is_answered_by_what_was_founded_there(places):
    assert _answered(places, "Sarıdere'de ilk kümelenme hangi yıl kuruldu?", PLACES).span == "2011"


def test_a_place_of_another_name_does_not_answer_where_the_subject_is(places):
    """ "İtalya’da bulunan Piemonte Vadisinden esinlenerek bu bölgeye “Kestane Vadisi” adı
    verildi": İtalya is where Piemonte Vadisi is."""
    assert _answered(places, "Kestane Vadisi nerede?", PLACES).span == "Artvin"


@pytest.mark.parametrize(
    ("claim", "verdict", "source_value"),
    [
        # A place the documents write as one stands where the claim puts its subject.
        ("Çınar İnovasyon ve Girişim Merkezi Samsun'da bulunmaktadır.", CONTRADICTED, "Giresun"),
        # "ODTÜ Teknokent İstanbul’da": the place is not part of the name, and a sentence
        # not saying where does not support it; the one saying where it was founded
        # ("… 2009 yılında Ordu’da … kurulmuştur") stands against it (it had been
        # not_enough_info: the place counted in what that sentence must say).
        ("Fındık Teknokent Giresun'da kurulmuştur.", CONTRADICTED, "Ordu"),
        ("Yeşil Yazılım Kümelenmesi Samsun'da kurulmuştur.", CONTRADICTED, "Sarıdere"),
        ("Fındık Teknokent Ordu'da kurulmuştur.", SUPPORTED, None),
        # A past year joined to a figure the source gives for today.
        ("Sarıdere Sanayi Sitesi 1998 yılında 3.400 işletme ile kurulmuştur.", NOT_ENOUGH_INFO, "bugün"),
        ("Sarıdere Sanayi Sitesi'nde bugün 3.400 işletme vardır.", SUPPORTED, None),
        ("Sarıdere Sanayi Sitesi 1998 yılında 240 üye ile kurulmuştur.", SUPPORTED, None),
        # Denying what the source counts, with another verb than the source's.
        ("Sarıdere Sanayi Sitesi'nde işletme bulunmamaktadır.", CONTRADICTED, "3.400"),
    ],
)
def test_a_claim_is_held_to_the_place_and_the_time_its_source_gives(places, claim, verdict, source_value):
    result = check_claim(places, claim)
    assert result.verdict == verdict, (claim, result.verdict, result.mismatches)
    if source_value:
        assert any(m.source == source_value for m in result.mismatches), result.mismatches


def test_an_english_question_asking_what_a_term_means_is_read_alone(invented):
    """After a question on another subject, "What is …?" asks about its own term (the new
    user's "ARUS What is smart specialization?"); "What is its …?" still follows up."""
    earlier = ["Rize Tasarım Merkezi kaç tasarımcı çalıştırıyor?"]
    alone = answer_in_context(invented, "What is a maritime cluster?", earlier)
    assert alone.resolved_question == "What is a maritime cluster?"
    follow = answer_in_context(invented, "What is its budget?", earlier)
    assert "Rize" in follow.resolved_question


def test_an_amount_written_with_a_word_also_searches_its_digits():
    """ "65 bin kişi" is "65.000" in the documents (token ``65000``): a claim or question
    writing the word finds the sentence writing the digits."""
    from kumeqa.retrieve import written_out_numbers

    assert written_out_numbers("OSTİM yaklaşık 65 bin kişiye istihdam sağlıyor.") == ["65000"]
    assert written_out_numbers("Bölgede 2,5 milyon ton üretiliyor.") == ["2500000"]
    assert written_out_numbers("6.500 firma 2004 yılında kuruldu.") == []  # already digits


def test_an_english_are_there_names_its_own_subject():
    """ "How many … are there in X?" does not refer back: the ninth trial's "How many
    high-tech firms are there in Daedeok?" was glued to the earlier subject and answered
    with its 143 firms."""
    from kumeqa.conversation import _REFERS_BACK

    assert not _REFERS_BACK.search("how many firms are there in mavi liman?")
    assert _REFERS_BACK.search("how many firms work there?")


def test_a_follow_up_naming_only_what_it_counts_is_read_in_context(tmp_path):
    """ "peki şimdi kaç Ar-Ge merkezine ulaştı?" after a question on a platform names "Ar-Ge",
    the kind of thing counted, not whose: it asks of the platform (the ninth trial got the
    national total, the sentence matching its words best)."""

    index = index_of(
        tmp_path,
        "platform.md",
        "# Ar-Ge Merkezleri\n\nÜlkemizde teşviklerle kurulan Ar-Ge merkezi sayısı 900’e ulaştı.\n\n"
        "## Kuzey Platformu\n\nKuzey Platformu (KUPLAT), Ar-Ge merkezlerinin deneyimlerini paylaşmak amacıyla "
        "2016 yılında kuruldu. 10 üye ile kurulan KUPLAT, bugün 70 firmada 85 Ar-Ge merkezine ulaşmış bulunuyor.\n",
    )
    result = answer_in_context(index, "peki şimdi kaç Ar-Ge merkezine ulaştı?", ["KUPLAT ne zaman kuruldu?"])
    assert result.resolved_question.startswith("KUPLAT") and result.span.startswith("85"), result
    alone = answer_in_context(index, "Ülkede kaç Ar-Ge merkezi var?", ["KUPLAT ne zaman kuruldu?"])
    assert alone.span.startswith("900"), "a question saying where is its own"


def test_a_follow_up_opening_with_the_subjects_kind_is_read_in_context(tmp_path):
    """ "Vadi kaç teknoloji şirketine ev sahipliği yapıyor?" after a question on "Silikon
    Vadisi" calls the valley by its kind: answered alone, it matched another valley's
    sentence best (the tenth trial's "15.000 araştırmacıya")."""
    index = index_of(
        tmp_path,
        "vadiler.md",
        "# Vadiler\n\n## Kuzey Vadisi\n\nKuzey Vadisinde 3.000’den fazla firma bulunmaktadır. Dünyanın en büyük "
        "500 teknoloji şirketine ev sahipliği yapmakta olan bölgede 12 üniversite bulunmaktadır.\n\n"
        "## Güney Vadisi\n\nGüney Vadisi içerisinde 90 firma bulunuyor ve vadi, tarım alanında çalışan yaklaşık "
        "8.000 araştırmacıya da ev sahipliği yapıyor.\n",
    )
    history = ["Kuzey Vadisi'nde kaç firma bulunuyor?"]
    result = answer_in_context(index, "Vadi kaç teknoloji şirketine ev sahipliği yapıyor?", history)
    assert result.span is not None and result.span.startswith("500"), result
    alone = answer_in_context(index, "Güney Vadisi'nde kaç araştırmacı var?", history)
    assert alone.span.startswith("8.000"), "a question naming its own valley is its own"


def test_a_question_without_a_word_is_declined_not_read_as_a_follow_up(tmp_path):
    """A lone "?" after a question repeated that question's answer at high confidence (the
    tenth trial): it asks nothing, so it is declined with a reason, after a question or not."""
    from kumeqa.answer import NO_WORDS

    index = index_of(tmp_path, "kume.md", "# Kuzey Kümesi\n\nKuzey Kümesi 2011 yılında kuruldu. Kümede 40 firma var.\n")
    for history in ([], ["Kuzey Kümesi ne zaman kuruldu?"]):
        for question in ("?", "...", " !! "):
            result = answer_in_context(index, question, history)
            assert result.abstained and result.reason == NO_WORDS and not result.citations, (question, result)


def test_a_one_word_question_in_a_conversation_asks_of_its_subject(invented):
    """ "hangi şehirlerden?" says nothing on its own: in a conversation it is read only with
    the subject (the twelfth trial's, read alone, got another region's "Silikon Vadisi" at
    0.78 and beat the reading with the subject on confidence). A question of two content
    words may still be a new one ("Vadide ne kadar inkübatör var?")."""
    from kumeqa.conversation import too_short_alone
    from kumeqa.query import parse

    assert too_short_alone(parse("hangi şehirlerden?"))
    assert not too_short_alone(parse("Vadide ne kadar inkübatör var?"))
    assert not too_short_alone(parse("Liman Akademisi nerede?"))
    earlier = ["Mavi Liman Kümelenmesi ne zaman kuruldu?", ""]
    result = answer_in_context(invented, "kaç çalışanı?", earlier)
    assert result.resolved_question.startswith("Mavi Liman"), result.resolved_question
    assert not result.abstained and "2.300" in result.span


@pytest.mark.parametrize(
    ("claim", "verdict", "source_value"),
    [
        # English numbers: a comma groups thousands, "more than" bounds.
        ("MLK has 3,000 employees.", CONTRADICTED, "2.300"),
        ("MLK has 2,300 employees.", SUPPORTED, None),
        ("MLK has more than 100 member firms.", SUPPORTED, None),
        # No function word but "in": the English scale word says it ("40 million TL").
        ("MLK budget reached 40 million TL in 2022.", SUPPORTED, None),
    ],
)
def test_an_english_claim_with_a_number_is_compared(invented, claim, verdict, source_value):
    """An English claim's number is read as English writes it and its noun through its
    Turkish words (the twelfth trial's "OSTIM has 10,000 companies." was "not in the
    documents" at 0.82, beside the sentence with 6.500)."""
    result = check_claim(invented, claim)
    assert result.verdict == verdict, result
    if source_value:
        assert result.mismatches and result.mismatches[0].source == source_value, result
