"""Fact-checking claims: verdicts by construction, bounds as intervals, acronyms, letter-less claims, batches."""

import json

import pytest

from conftest import DATA, assert_verdict, index_of, run_cli
from kumeqa.evaluate import evaluate_claims, load_claims, split_path
from kumeqa.verify import CONTRADICTED, NOT_ENOUGH_INFO, SUPPORTED, check_claim

VERDICT_KEYS = {"claim", "verdict", "confidence", "evidence", "mismatches", "timings_ms"}


def test_supported_never_lists_a_mismatch(paper_index):
    """The property: over every claim of both splits, 'supported' comes with no mismatch."""
    claims = [c for s in ("tune", "test") for c in load_claims(split_path("claims", s, DATA))]
    assert len(claims) >= 100
    for item in claims:
        verdict = check_claim(paper_index, item.claim)
        assert not (verdict.verdict == SUPPORTED and verdict.mismatches), item.claim
        if verdict.verdict == CONTRADICTED:
            assert verdict.mismatches, f"a contradiction names what the source says: {item.claim}"


@pytest.mark.parametrize(
    "case",
    [
        "bound_more",
        "bound_less",
        "bound_open",
        "acronym",
        "letterless",
        "founding",
        # the eighth trial's wrong verdicts: another said to be the first, a share in a list
        # ("yarısı ≠ %90"), "dolardan büyük" against "Dolar’dan fazla"
        "first_of_a_kind",
        "share_in_a_list",
        "larger_than",
    ],
)
def test_paper_claims(paper_index, expected, case):
    spec = expected["claims"][case]
    verdict = check_claim(paper_index, spec["claim"])
    assert verdict.verdict == spec["verdict"], [m.as_json() for m in verdict.mismatches]
    if "source" in spec:
        assert any(spec["source"] in m.source for m in verdict.mismatches)
        assert any(spec["source"] in e.sentence.text for e in verdict.evidence)
    else:
        assert not verdict.mismatches
    if verdict.verdict != NOT_ENOUGH_INFO:
        first = verdict.evidence[0].sentence
        assert first.text in paper_index.page_text(first.source, first.page)


def test_claims_hold_on_both_splits(paper_index):
    """A regression guard on the numbers in the closing note (floors well under them)."""
    for split in ("tune", "test"):
        report = evaluate_claims(paper_index, load_claims(split_path("claims", split, DATA)))
        assert report["accuracy"] >= 0.7, split
        assert report["supported_with_mismatch"] == 0
        named, found = map(int, report["contradictions_naming_the_value"].split("/"))
        assert found > 0 and named >= 0.8 * found


def test_check_cli_json_lines_batch(paper_settings, paper_index, expected):
    spec = expected["claims"]
    claims = [
        spec["bound_more"]["claim"],
        spec["bound_less"]["claim"],
        "kontrol\x07karakteri",
        "Galatasaray 2000 yılında UEFA Kupası'nı kazandı.",
    ]
    paths = ["--corpus", str(paper_settings.corpus_dir), "--index", str(paper_settings.index_dir)]
    result = run_cli("check", "--json", "-", *paths, stdin="\n".join(claims) + "\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("verdict") for r in rows] == [SUPPORTED, CONTRADICTED, None, NOT_ENOUGH_INFO]
    assert "error" in rows[2]
    for row in (rows[0], rows[1], rows[3]):
        assert set(row) == VERDICT_KEYS
        assert all(set(e) == {"source", "title", "page", "section", "quote", "score"} for e in row["evidence"])
    assert rows[1]["mismatches"][0]["kind"] == "number"


def test_check_cli_rejects_bad_claims(paper_settings, paper_index):
    paths = ["--corpus", str(paper_settings.corpus_dir), "--index", str(paper_settings.index_dir)]
    result = run_cli("check", "   ", *paths)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_two_inflections_of_a_short_root_count_the_same_thing_in_claims():
    from kumeqa.spans import unit_match

    # "210 üyesinden 60'ı" in a claim and "210 üyeden 40’ı" in the source count members.
    assert unit_match(("uyeden",), ["uyesinden"], inflected=True) > 0
    assert unit_match(("uyeden",), ["uyesinden"]) == 0  # answering keeps the stricter test
    assert unit_match(("uyeler",), ["uyum"], inflected=True) == 0  # another word, not an ending


def test_a_number_of_another_head_noun_is_not_compared():
    """'1.500 Ar-Ge personeli' is not contradicted by '12 Ar-Ge merkezi': the same modifier, another thing."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    claim = "Bölgedeki 12 Ar-Ge merkezinde toplam 1.500 Ar-Ge personeli çalışıyor."
    staff = extract_values(claim)[1]
    source = "Bölgede 12 Ar-Ge merkezi ve iki tasarım merkezi bulunuyor."
    assert _aligned_value(staff, source, parse(claim, claim=True)) is None
    centres = extract_values(claim)[0]
    assert _aligned_value(centres, source, parse(claim, claim=True))[0].text == "12"


def test_a_claim_word_replaced_by_another_name_between_the_same_words_is_contradicted():
    """'OKS platin kalite' against 'OKS Altın Kalite': the words around agree, the name between differs."""
    from kumeqa.query import parse
    from kumeqa.verify import _slot_elsewhere

    source = "Küme, Ulusal OKS Altın Kalite sertifikasına sahip olan ilk kümedir."
    found = _slot_elsewhere(parse("kume ulusal oks platin kalite sertifikasina sahip", claim=True), source)
    assert found is not None and (found[0].claim, found[0].source) == ("platin", "Altın")
    paraphrase = parse("Küme, Ulusal OKS Altın Kalite belgesine sahip.", claim=True)
    assert _slot_elsewhere(paraphrase, source) is None, "a synonym or the same name is no replacement"
    adjective = parse("Küme Türkiye'nin en büyük kümelerinden biridir.", claim=True)
    assert _slot_elsewhere(adjective, "Küme Türkiye’nin en önemli kümelerinden biridir.") is None


def test_a_planned_figure_neither_says_nor_rules_out_todays():
    """'120 işletmenin yer alması planlandı' is a target: it does not contradict 'bugün 40 firma var'."""
    from kumeqa.values import planned as _planned

    assert _planned("Bölgede 120 işletmenin yer alması ve 2 milyar USD ciro yapması planlandı.")
    assert _planned("2030’da 500 firmaya ulaşılması hedefleniyor.")
    assert not _planned("Kalkınma hedefiyle yola çıkan küme bugün 95 firmaya ulaştı."), "an aim, not a planned figure"
    assert not _planned("Bölgede bugün 100 firma faaliyet gösteriyor.")


def test_a_year_of_another_item_in_a_list_of_dated_events_is_told_apart():
    """In 'X’i 2011, Y’yi 2013 … kurdu' the year goes with its own item, not with the verb ending the list."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    source = (
        "Birlik, 2011 yılında Deniz Teknoloji Şirketini, 2012 yılında Kıyı Fuarcılık A.Ş’yi, "
        "2013 yılında Liman Akademisi’ni ve 2015 yılında Mavi Girişim’i kurdu."
    )
    for claim, year in (
        ("Birlik, Liman Akademisi'ni 2015 yılında kurdu.", "2013"),
        ("Kıyı Fuarcılık A.Ş., Birlik tarafından 2011 yılında kuruldu.", "2012"),
        ("Mavi Girişim 2015'te kuruldu.", "2015"),
    ):
        value = extract_values(claim)[0]
        assert _aligned_value(value, source, parse(claim, claim=True))[0].text == year, claim


def test_a_noun_counted_before_its_number_matches_the_sources_initials():
    """'Deniz Araştırma Merkezi sayısı 14'tür' is the '14 adet DAM' of the source (its initials)."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    claim = "Ülkedeki Deniz Araştırma Merkezi sayısı 14'tür."
    value = extract_values(claim)[0]
    found = _aligned_value(value, "Ülkemizde 14 adet DAM bulunmaktadır.", parse(claim, claim=True))
    assert found is not None and found[0].text == "14" and found[2]


def test_a_sum_of_money_spent_on_another_thing_is_not_compared():
    """'3 milyar dolarlık bir pazar' is compared with the market's sum, not with an investment's."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    source = (
        "Ülkedeki toplam girişim yatırımının yarısı 12,5 milyar dolar ile Mavi Vadi’de yapılıyor; "
        "yüzlerce şirketin bulunduğu Mavi Vadi ise 2 milyar Dolar’dan fazla pazara sahip."
    )
    claim = "Mavi Vadi 3 milyar dolarlık bir pazara sahiptir."
    found = _aligned_value(extract_values(claim)[0], source, parse(claim, claim=True))
    assert found is not None and found[0].text == "2 milyar"
    alone = "Ülkedeki toplam girişim yatırımının yarısı 12,5 milyar dolar ile Mavi Vadi’de yapılıyor."
    found = _aligned_value(extract_values(claim)[0], alone, parse(claim, claim=True))
    assert found is None or not found[2], "the investment's sum does not state the market's"


def test_a_noun_in_the_locative_ends_the_counted_phrase():
    """'15. yüzyılda kuruldu' and '13. yüzyılda Trabzon’da …' date the same thing: the words
    after 'yüzyılda' are the clause, not two compounds' differing heads."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value, _heads_differ

    assert not _heads_differ(("yuzyilda", "kuruldu"), ("yuzyilda", "ordu", "da"))
    assert _heads_differ(("ar-ge", "personeli"), ("ar-ge", "merkezi")), "a compound's head still counts"
    claim = "Loca 15. yüzyılda kuruldu."
    found = _aligned_value(extract_values(claim)[0], "Loca 13. yüzyılda Ordu’da kuruldu.", parse(claim, claim=True))
    assert found is not None and found[0].text == "13."


def test_each_end_of_a_span_of_years_is_compared_with_the_same_end():
    """'2010-2030 dönemi' against '2010-2023 döneminde': the start with the start, the end with the end."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    claim = "Kıyı Planı 2010-2030 dönemini kapsıyor."
    source = "Kıyı Planı 2010-2023 döneminde ülkenin limanlarını yeniledi."
    start, end = extract_values(claim)
    assert _aligned_value(start, source, parse(claim, claim=True))[0].text == "2010"
    assert _aligned_value(end, source, parse(claim, claim=True))[0].text == "2023"
    spaced = "Kıyı Planı 2010 ile 2023 yılları arasında uygulandı."
    assert _aligned_value(end, spaced, parse(claim, claim=True))[0].text == "2023"


def test_a_capital_only_of_the_sentence_start_is_not_part_of_the_subject(tmp_path):
    """'Ülkemizde Kıyı Planı 2012 …': the sentence speaks of the Kıyı Planı, so its
    year is the plan's and a claim about the plan is compared with it."""
    index = index_of(
        tmp_path,
        "plan.md",
        "# Kıyı Planı\n\nÜlkemizde Kıyı Planı 2012 yılında limanları yeniledi. "
        "Planın bütçesi her yıl artırıldı. Limanlarda bugün 4.000 kişi çalışıyor.\n",
    )
    verdict = check_claim(index, "Kıyı Planı limanları 2015 yılında yeniledi.")
    assert verdict.verdict == CONTRADICTED
    assert [(m.claim, m.source) for m in verdict.mismatches] == [("2015", "2012")]


def test_a_sentence_under_the_evidence_floor_that_states_the_claims_quantity_is_compared(tmp_path):
    """A long sentence listing much else scores low as evidence; when it names the subject
    and counts the claim's very thing, its number decides (here: every score forced low)."""
    from dataclasses import replace

    from kumeqa.evidence import analyse_query, gather
    from kumeqa.verify import judge

    index = index_of(
        tmp_path,
        "park.md",
        "# Kıyı Parkı\n\nKıyı Parkı’nda denizcilik, enerji ve yazılım alanlarında çalışan, aralarında "
        "Mavi Tekne ve Liman Yazılım gibi şirketlerin bulunduğu 300’ü aşkın yerli ve yabancı şirket ile "
        "bir kuluçka merkezi bulunuyor. Parkın yönetimi her yıl bir fuar düzenliyor.\n",
    )
    config = index.settings.verify
    for claim, expected in (
        ("Kıyı Parkı'nda 250'den fazla şirket yer alıyor.", SUPPORTED),
        ("Kıyı Parkı'nda 120 şirket yer alıyor.", CONTRADICTED),
    ):
        evidence = gather(index, analyse_query(index, claim, claim=True), dict(config.claim_weights))
        low = replace(evidence, ranked=tuple(replace(s, score=config.min_evidence / 4) for s in evidence.ranked))
        assert judge(index, low, config).verdict == expected, claim


def test_an_ordinal_counting_a_phrase_spelled_out_with_its_acronym_is_compared(tmp_path):
    """'6. Kırsal Ekonomi Destekleri (KEDES) projesini': the claim may name what is counted by
    the acronym the source gives in parentheses; and 'Liman Birliği üyesi olan DTK, …'
    is a sentence about DTK (the opening name sits in a relative clause on it)."""
    index = index_of(
        tmp_path,
        "kume.md",
        "# Deniz Teknolojileri Kümelenmesi\n\n"
        "Karadeniz Liman Birliği (KLB) üyesi olan DTK, Tarım Bakanlığı 6. Kırsal Ekonomi Destekleri (KEDES) "
        "projesini yürütmektedir. Kümede 40 firma bulunuyor.\n",
    )
    verdict = check_claim(index, "DTK, Tarım Bakanlığının 5. KEDES projesini yürütüyor.")
    assert verdict.verdict == CONTRADICTED
    assert [(m.claim, m.source) for m in verdict.mismatches] == [("5.", "6.")]
    assert check_claim(index, "DTK, Tarım Bakanlığının 6. KEDES projesini yürütüyor.").verdict == SUPPORTED


def test_a_claimed_target_is_not_contradicted_by_a_past_figure(tmp_path):
    """ "2030 yılına kadar 300 firmaya ulaşmayı hedefliyor" says nothing the sentence about
    2023 rules out; a claim about that past year still is contradicted."""
    index = index_of(
        tmp_path,
        "park.md",
        "# Kıyı Parkı\n\nKıyı Parkı’ndaki firmaların ihracatı 2023 yılında 48 milyon dolara ulaştı.\n",
    )
    aim = check_claim(index, "Kıyı Parkı 2030 yılına kadar ihracatını 90 milyon dolara çıkarmayı hedefliyor.")
    assert aim.verdict == NOT_ENOUGH_INFO
    past = check_claim(index, "Kıyı Parkı’ndaki firmaların ihracatı 2021 yılında 48 milyon dolara ulaştı.")
    assert past.verdict == CONTRADICTED


SERAMIK = (
    "# Ege Seramik Kümesi\n\n"
    "Ege Seramik Kümesi, 2012 yılında kurulan Ege Seramik Üreticileri Derneği (ESÜD) tarafından yönetilmektedir. "
    "Kümede 2013 yılında 60 firma bulunurken 2024 yılında bu sayı 140’a ulaşmıştır. "
    "Kümede ihracat yapan firma sayısı 25’i geçmemektedir. "
    "İhracat bakımından en büyük firma Kaya Seramik, istihdam bakımından en büyük firma ise Deniz Karo’dur. "
    "Bölgedeki ilk atölyeler 1970’li yıllarda açılmıştır.\n"
)


@pytest.fixture(scope="module")
def seramik(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("seramik"), "seramik.md", SERAMIK)


@pytest.mark.parametrize(
    "claim, expected, source_value",
    [
        # A participle's clause dates the name after it, though the sentence opens with another.
        ("Ege Seramik Üreticileri Derneği 2012 yılında kurulmuştur.", SUPPORTED, None),
        ("Ege Seramik Üreticileri Dernegi 2014 yilinda kurulmustur.", CONTRADICTED, "2012"),
        # "bu sayı" takes up the count before it; the claim's year picks the figure.
        ("Kümede 2024 yılında 100’den fazla firma bulunmaktadır.", SUPPORTED, None),
        ("Kümede 2024 yılında 200 firma bulunmaktadır.", CONTRADICTED, "140"),
        # "25’i geçmemektedir" is at most 25.
        ("Kümede ihracat yapan firma sayısı 10’dan fazladır.", NOT_ENOUGH_INFO, None),
        ("Kümede ihracat yapan firma sayısı 30’dan fazladır.", CONTRADICTED, "25"),
        # Two clauses set side by side ("…, … ise …") pair their words like a list.
        ("İhracat bakımından en büyük firma Deniz Karo’dur.", CONTRADICTED, "Kaya Seramik"),
        ("İstihdam bakımından en büyük firma Deniz Karo’dur.", SUPPORTED, None),
        # A decade holds a year without saying it.
        ("Bölgedeki ilk atölyeler 1975 yılında açılmıştır.", NOT_ENOUGH_INFO, None),
        ("Bölgedeki ilk atölyeler 1985 yılında açılmıştır.", CONTRADICTED, "1970"),
    ],
)
def test_figures_told_over_time_clauses_and_decades(seramik, claim, expected, source_value):
    assert_verdict(seramik, claim, expected, source_value)


DOKUMA = (
    "# Ege Dokuma Kümesi\n\n"
    "Ege Dokuma Kümesi 2011 yılında Denizli’de kurulmuştur. "
    "Derneğin kurucu başkanı Halil Yörük olup 2020’den bu yana başkanlığı Sevgi Acar yürütmektedir. "
    "Küme, kuruluşundan bu yana herhangi bir kamu hibesi almamıştır. "
    "Kümeye üye olabilmek için asgari 20 çalışan istihdam etmek gerekmektedir. "
    "Küme üyeleri 2023 yılında 40 milyon dolarlık ihracat yapmıştır.\n"
)


@pytest.fixture(scope="module")
def dokuma(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("dokuma"), "dokuma.md", DOKUMA)


@pytest.mark.parametrize(
    "claim, expected, source_name",
    [
        # Office holders read name by name: the founder then, the one "bu yana" now.
        ("Ege Dokuma Kümesi’nin bugünkü başkanı Sevgi Acar’dır.", SUPPORTED, None),
        ("Ege Dokuma Kümesi’nin başkanı Halil Yörük’tür.", CONTRADICTED, "Sevgi Acar"),
        ("Ege Dokuma Kümesi’nin kurucu başkanı Halil Yörük’tür.", SUPPORTED, None),
        ("Ege Dokuma Kümesi’nin kurucu başkanı Sevgi Acar’dır.", CONTRADICTED, "Halil Yörük"),
        # "herhangi bir … almamıştır" denies a particular one too.
        ("Ege Dokuma Kümesi, İZKA programından kamu hibesi almıştır.", CONTRADICTED, None),
        ("Ege Dokuma Kümesi, bankadan kredi almıştır.", NOT_ENOUGH_INFO, None),  # another thing
        # A sum with the copula ("dolardır") is money too: an export is no budget.
        ("Ege Dokuma Kümesi’nin yıllık bütçesi 5 milyon dolardır.", NOT_ENOUGH_INFO, None),
        ("Ege Dokuma Kümesi üyeleri 2023 yılında 30 milyon dolarlık ihracat yapmıştır.", CONTRADICTED, "40 milyon"),
        # "asgari 20" is "en az 20".
        ("Ege Dokuma Kümesi’ne üye olmak için en az 20 çalışan gerekir.", SUPPORTED, None),
    ],
)
def test_office_holders_total_denials_and_minimums(dokuma, claim, expected, source_name):
    assert_verdict(dokuma, claim, expected, source_name)


def test_a_minimum_written_asgari_is_no_maximum(dokuma):
    """ "asgari 20 çalışan" is a floor: "en fazla 20 çalışan" is not what it says."""
    verdict = check_claim(dokuma, "Ege Dokuma Kümesi’ne üye olmak için en fazla 20 çalışan gerekir.")
    assert verdict.verdict != SUPPORTED, verdict.mismatches


CAM = (
    "# Trakya Cam Kümeleri\n\n"
    "Bulgar hükümeti cam üretim merkezi olarak Başkent Sofya’nın doğu banliyösü olan Kestanelik’i seçti. "
    "Devletin yönlendirmesiyle Kestanelik’te bugün 40 cam atölyesi faaliyet göstermektedir.\n\n"
    "## Trakya Cam Teknokenti\n\n"
    "İlk kurulan Trakya Cam Teknokenti, 1995 yılında kuluçka merkezleri kurulması hedefiyle çalışmaya başladı. "
    "Bölgenin ilk cam teknokenti olarak kurulan Trakya Cam Teknokenti, 2001 yılında Edirne’de Meriç Üniversitesi "
    "bünyesinde kurulan, bugün 120 firmaya ev sahipliği yapan ve yazılım, tasarım ve malzeme alanlarında da "
    "çalışan bir yapıdır.\n\n"
    "## Cam Vadisi\n\n"
    "Cam Vadisi 2004 yılında Lüleburgaz’da kurulmuştur. "
    "Bu vadinin merkezinde Meriç Üniversitesi ve Cam Araştırma Enstitüsü yer alıyor.\n"
)


@pytest.fixture(scope="module")
def cam(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("cam"), "cam.md", CAM)


@pytest.mark.parametrize(
    "claim, expected, source_name",
    [
        # A lone opening name is the subject; the place after it is the claim's place.
        ("Kestanelik, Varna’nın doğu banliyösüdür.", CONTRADICTED, "Sofya"),
        # The best sentence does not say where; another saying the same of it does.
        ("Trakya Cam Teknokenti Tekirdağ’da kurulmuştur.", CONTRADICTED, "Edirne"),
        ("Trakya Cam Teknokenti Edirne’de kurulmuştur.", SUPPORTED, None),
        # Another name of the same kind where the claim has its name.
        ("Cam Vadisi’nin merkezinde Boğaziçi Üniversitesi yer alır.", CONTRADICTED, "Meriç Üniversitesi"),
        # A place right after a complete compound name is where it is, not the name's last
        # word ("Cam Vadisi Edirne’de" had been one name, "Cam Vadisi Edirne", found nowhere).
        ("Cam Vadisi Edirne’de kurulmuştur.", CONTRADICTED, "Lüleburgaz"),
        ("Cam Vadisi Lüleburgaz’da kurulmuştur.", SUPPORTED, None),
    ],
)
def test_places_and_names_of_a_kind_stand_against_the_claims(cam, claim, expected, source_name):
    assert_verdict(cam, claim, expected, source_name)


def test_a_claim_value_the_source_agrees_with_is_not_marked_as_wrong(cam):
    """ "… 2001 yılında Tekirdağ’da …": 2001 is right, Tekirdağ is not; only the place is
    marked in the claim's colour (the right year had been marked like the wrong place)."""
    from kumeqa.views import verdict_html

    verdict = check_claim(cam, "Trakya Cam Teknokenti 2001 yılında Tekirdağ’da kurulmuştur.")
    assert verdict.verdict == CONTRADICTED, verdict.mismatches
    html = verdict_html(verdict)
    assert '<mark class="agree">2001</mark>' in html and '<mark class="claim">Tekirdağ</mark>' in html, html


def test_the_place_standing_for_the_claims_place_is_the_one_in_the_locative(tmp_path):
    """ "… 2015 yılında Pendik’te bulunan Teknopark İstanbul bünyesinde kuruldu" against
    "… Ankara’da kurulmuştur": Pendik is where, not "Teknopark" (a place elsewhere in the
    documents, "Teknopark’ta")."""
    index = index_of(
        tmp_path,
        "havacilik.md",
        "# Havacılık Kümesi\n\nMarmara Havacılık Kümesi, üyelerinin yetkinliklerini geliştirmek amacıyla 2015 "
        "yılında Pendik’te bulunan Teknopark İstanbul bünyesinde kuruldu. Kümenin ofisi bugün Teknopark’ta yer "
        "alıyor ve 300 üyesi bulunuyor.\n",
    )
    assert_verdict(index, "Marmara Havacılık Kümesi 2015 yılında Ankara’da kurulmuştur.", CONTRADICTED, "Pendik")


FIRKA = (
    "# Kalkınma Ajansları\n\n"
    "## Doğu Anadolu’daki Ajanslar\n\n"
    "Türkiye’de 26 kalkınma ajansı bulunmaktadır. "
    "Fırat Havzası Kalkınma Ajansı (FIRKA), Elazığ, Malatya, Bingöl ve Tunceli illerini kapsayan TRB1 "
    "Bölgesinde faaliyet göstermektedir. "
    "Merkezi Malatya’da bulunan ajansta 40 personel çalışmaktadır. "
    "Ajansın 2022 yılı bütçesi 180 milyon TL’dir.\n"
)


@pytest.fixture(scope="module")
def firka(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("firka"), "firka.md", FIRKA)


@pytest.mark.parametrize(
    "claim, expected, source_name",
    [
        # The best sentence lists the claim's place among those the subject covers; what the
        # claim says of it (its centre) is in the sentence after, with another place.
        ("FIRKA'nın merkezi Bingöl'dedir.", CONTRADICTED, "Malatya"),
        ("FIRKA'nın merkezi Malatya'dadır.", SUPPORTED, None),
    ],
)
def test_a_place_listed_as_covered_is_not_where_the_claim_puts_the_subject(firka, claim, expected, source_name):
    assert_verdict(firka, claim, expected, source_name)


def test_a_list_of_names_is_neither_pairs_nor_a_phrase_with_a_slot(firka):
    """Against the sentence listing the provinces the agency covers, "FIRKA'nın merkezi
    Bingöl'dedir" had been contradicted with "Bingöl'dedir ≠ Fırat Havzası Kalkınma Ajansı"
    (the list read as pairs: the subject's name one item, Bingöl another) and then with
    "merkezi ≠ Malatya" (the words around "merkezi" in the claim are the list's items
    around Malatya). Neither is what the source says instead: the sentence after it is."""
    from kumeqa.evidence import analyse_query
    from kumeqa.verify import _paired_elsewhere, _slot_elsewhere

    query = analyse_query(firka, "FIRKA'nın merkezi Bingöl'dedir.", claim=True)
    listed = next(s.text for s in firka.sentences if s.text.startswith("Fırat"))
    assert _paired_elsewhere(query, listed) is None
    assert _slot_elsewhere(analyse_query(firka, "FIRKA'nın merkezi Elazığ'dadır.", claim=True), listed) is None


def test_a_place_no_document_names_does_not_support_a_claim(cam):
    """ "Cam Vadisi Teksas’ta kurulmuştur": Teksas is in no document, so no sentence says it;
    the claim had been supported by "Cam Vadisi 2004 yılında … kurulmuştur" alone (a new
    user's trial: "Silikon Vadisi Teksas'ta bulunmaktadır", Doğrulandı 0,99)."""
    verdict = check_claim(cam, "Cam Vadisi Teksas’ta kurulmuştur.")
    assert verdict.verdict != SUPPORTED, verdict


def test_a_share_in_a_list_of_shares_is_the_one_followed_by_the_claims_words():
    """'şirketlerin %50’si yazılım, %20’si elektronik, …': the claim's "yarısı yazılım
    alanında" is the share written before "yazılım", not the first share (the list's whole,
    "şirketlerin", opens it) nor one in another sentence (the eighth trial's "yarısı ≠ %90")."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    source = (
        "Parkta faaliyet gösteren şirketlerin %50’si yazılım, %20’si elektronik, %15’i makine ve tasarım, "
        "%6’sı medikal teknolojiler, kalan %9’u ise diğer alanlarda çalışmaktadır."
    )

    def aligned(claim: str) -> str | None:
        found = _aligned_value(extract_values(claim)[0], source, parse(claim, claim=True))
        return found[0].text if found else None

    assert aligned("Parktaki şirketlerin yarısı yazılım alanında çalışır.") == "%50’si"
    assert aligned("Parktaki şirketlerin %6'sı medikal teknolojiler alanındadır.") == "%6’sı"
    assert aligned("Parktaki şirketlerin yarısı elektronik alanında çalışır.") == "%20’si"
    # The share's words before it, when the claim says nothing after its share.
    assert aligned("Parktaki elektronik şirketlerinin oranı %20'dir.") == "%20’si"
    # Words near no share: nothing is compared.
    assert aligned("Parktaki şirketlerin %30'u kamu kurumudur.") is None


def test_the_country_standing_for_the_claims_is_the_one_of_the_same_list_item(tmp_path):
    """ "İtalya’dan ASICS" against "İspanya’dan ASICS, Fransa’dan Elastopole ve Belçika’dan
    Plastwin": the source's value is the country written before ASICS (the ninth trial's
    contradiction named "TEEPII", a name nearby), and a country no document names counts."""
    index = index_of(
        tmp_path,
        "lastik.md",
        "# Lastik Kümesi\n\nLastik Kümesi, uluslararasılaşma çerçevesinde Portekiz’den Borrax, Norveç’ten Fjordel "
        "ve Polonya’dan Gumex kümelenmeleri ile iletişim ağının güçlendirilmesi adına EURUB adlı Avrupa Lastik "
        "Birliği’ni kurmuştur. Küme bugün 60 firmayı bir araya getiriyor.\n",
    )
    assert_verdict(
        index, "Lastik Kümesi, İtalya’dan Borrax ile iletişim ağını güçlendirmiştir.", CONTRADICTED, "Portekiz"
    )
    assert_verdict(
        index, "Lastik Kümesi, Almanya’dan Fjordel ile iletişim ağını güçlendirmiştir.", CONTRADICTED, "Norveç"
    )
    assert_verdict(index, "Lastik Kümesi, Norveç’ten Fjordel ile iletişim ağını güçlendirmiştir.", SUPPORTED, None)


def test_each_number_of_a_claim_is_aligned_by_the_words_of_its_own_stretch(tmp_path):
    """ "27 ilden 180 kuruluşu bir araya getirmektedir": the words after 180 are 180's; read as
    the claim's 27's too, they aligned 27 with the source's 180 and a true claim was
    contradicted, "27 ≠ 180" (the ninth and tenth trials)."""
    index = index_of(
        tmp_path,
        "rayli.md",
        "# Raylı Sistemler Kümesi\n\nKüme, ülkemizde raylı sistemler üreten sanayicilerin bir araya gelmesiyle "
        "2012 yılında kurulmuştur. Küme, Anadolu’nun 23 ilinden sektörün önde gelen 160 kuruluşunu bir araya "
        "getirerek milli markalar üretme görevini üstlenmiştir.\n",
    )
    assert_verdict(index, "Küme, 23 ilden 160 kuruluşu bir araya getirmektedir.", SUPPORTED, None)
    assert_verdict(index, "Küme, 30 ilden 160 kuruluşu bir araya getirmektedir.", CONTRADICTED, "23")


def test_a_sum_is_compared_only_with_a_sum_spent_on_the_same_thing(tmp_path):
    """ "yıllık cirosu 20 milyar avrodur" against "yılda yaklaşık 10 milyar avroluk bir değer"
    (the livestock's): the currency with its copula ("avrodur") and the period ("yıllık" /
    "yılda") said the two sums were the same; the source says nothing of a turnover (the
    tenth trial's "Çelişiyor", high)."""
    index = index_of(
        tmp_path,
        "vadi.md",
        "# Çayır Vadisi\n\nÇayır Vadisi 2006 yılında Danimarka’da kurulmuştur. Vadide 120 firma bulunuyor. "
        "Vadide et, süt ve yumurta üretimi de yapılıyor ve yılda yaklaşık 8 milyar avroluk bir değer oluşturuyor.\n",
    )
    result = check_claim(index, "Çayır Vadisi'nin yıllık cirosu 20 milyar avrodur.")
    assert result.verdict != CONTRADICTED, result
    assert_verdict(
        index, "Çayır Vadisi'nde yılda yaklaşık 20 milyar avroluk değer oluşturuluyor.", CONTRADICTED, "8 milyar"
    )


def test_a_new_one_after_the_dated_one_is_not_ruled_out(tmp_path):
    """ "… 2024 yılında yeni bir strateji yayımlamıştır" against "2007 yılında yayımlanan …
    Stratejisi": a new one is another, which the source neither says nor rules out."""
    index = index_of(
        tmp_path,
        "strateji.md",
        "# Bakanlık\n\nDeniz Bakanlığı tarafından 2007 yılında yayımlanan Kıyı Stratejisi, bölgesel dengeyi temel "
        "hedefler arasında saymıştır.\n",
    )
    result = check_claim(index, "Deniz Bakanlığı 2024 yılında yeni bir kıyı stratejisi yayımlamıştır.")
    assert result.verdict == NOT_ENOUGH_INFO, result
    assert_verdict(index, "Deniz Bakanlığı Kıyı Stratejisini 2005 yılında yayımlamıştır.", CONTRADICTED, "2007")


KESTANE = (
    "# Kestane Vadisi\n\n"
    "Kestane Vadisi (Chestnut Valley), 2004 yılında Bursa’da kurulmuş olup gıda teknolojileri alanında "
    "dünyanın en güçlü ekosistemlerinden biridir. "
    "Kestane Teknokent Yazılım ve Elektronik Kümelenmesi üyesi şirketler, genellikle oyun, mobil uygulama "
    "ve bulut bilişim alanlarında faaliyet gösteriyor. "
    "Kestane Vadisi Teknoparkı, Bursa Valiliği ve Uludağ Üniversitesi’nin katılımlarıyla 730 hektarlık bir alanda kuruldu. "
    "Teknoparkın 2022 yılındaki bütçesi 40 milyon TL oldu.\n"
)


@pytest.fixture(scope="module")
def kestane(tmp_path_factory):
    return index_of(tmp_path_factory.mktemp("kestane"), "kestane.md", KESTANE)


def test_a_bare_number_of_one_measure_is_not_compared_with_a_number_of_another(kestane):
    """ "nüfusu 5 milyondur" counts people; the sentence's only number, "730 hektarlık", is an
    area: no figure of the same quantity (the trial's "5 milyondur ≠ 730 hektar"). A bare sum
    against a sum of money, and an area against an area, are still compared."""
    assert_verdict(kestane, "Kestane Vadisi Teknoparkı'nın nüfusu 5 milyondur.", NOT_ENOUGH_INFO, None)
    assert_verdict(
        kestane, "Kestane Vadisi Teknoparkı'nın 2022 yılındaki bütçesi 50 milyondur.", CONTRADICTED, "40 milyon"
    )
    assert_verdict(kestane, "Kestane Vadisi Teknoparkı 900 hektarlık bir alanda kuruldu.", CONTRADICTED, "730")


def test_an_office_holder_is_not_stood_in_for_by_an_organisation(kestane):
    """ "genel müdürü Ali Kaya'dır" names a person: an organisation near the subject's name
    ("… Elektronik Kümelenmesi üyesi şirketler, genellikle …") is no other holder (the trial's
    "Mehmet Yılmaz ≠ Telekomünikasyon Kümelenmesi"); another university still stands in for a
    university."""
    from kumeqa.evidence import analyse_query
    from kumeqa.verify import _compare_names

    query = analyse_query(kestane, "Kestane Teknokent'in genel müdürü Ali Kaya'dır.", claim=True)
    sentence = next(s for s in kestane.sentences if "üyesi şirketler" in s.text)
    found, _ = _compare_names(kestane, query, sentence)
    assert found is None, found[0]
    assert_verdict(
        kestane,
        "Kestane Vadisi Teknoparkı Bursa Valiliği ve Ege Üniversitesi'nin katılımlarıyla kuruldu.",
        CONTRADICTED,
        "Uludağ",
    )


def test_an_english_claim_is_compared_through_its_words_translations(kestane):
    """ "was founded in 2010": no English word is near the source's date, its translation
    is ("2004 yılında Bursa’da kurulmuş"); before, the claim was not enough information."""
    assert_verdict(kestane, "Chestnut Valley was founded in 2010.", CONTRADICTED, "2004")
    assert_verdict(kestane, "Chestnut Valley was founded in 2004.", SUPPORTED, None)


def test_a_date_of_a_document_is_not_the_claimed_events():
    """ "Kuruluşu 8 Ekim 1987 tarihli … kararına dayanan Kavak Park; … 4 Mayıs 2010 tarihinde
    resmi olarak kurularak": "Kavak Park 2010 yılında kuruldu" is the second date's claim,
    not a contradiction by the decision's (a claim on Teknopark İstanbul had been)."""
    from kumeqa.query import parse
    from kumeqa.values import extract_values
    from kumeqa.verify import _aligned_value

    source = (
        "Kuruluşu 8 Ekim 1987 tarihli Bakanlar Kurulu kararına dayanan Kavak Park; Kocaeli’de tahsis edilen "
        "arazi üzerine 4 Mayıs 2010 tarihinde resmi olarak kurularak faaliyete başlamıştır."
    )
    claim = "Kavak Park 2010 yılında kuruldu."
    assert _aligned_value(extract_values(claim)[0], source, parse(claim, claim=True))[0].text == "4 Mayıs 2010"


def test_a_verb_of_exceeding_shared_by_a_list_bounds_every_item():
    """ "Ar-Ge geliri 20 milyar TL’yi, ihracat geliri ise 1,7 milyar doları aştı": both figures
    were exceeded (the thirteenth trial's true claim "… Ar-Ge geliri 20 milyar TL'yi aştı" had
    been contradicted at 1.00, "20 milyar TL'yi aştı ≠ 20 milyar"); an adjective of one item
    ("300’ü aşkın şirketi") bounds that item only."""
    from kumeqa.values import GT, extract_values

    shared = extract_values("Kavak Park’ın geliri 20 milyar TL’yi, ihracatı ise 1,7 milyar doları aştı.")
    assert [v.bound for v in shared] == [GT, GT]
    own = extract_values("Merkez 150 girişimciyi, 300’ü aşkın şirketi barındırıyor.")
    assert [v.bound for v in own] == ["eq", GT]
