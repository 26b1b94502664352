"""Turkish number, date and bound parsing (table-driven)."""

import pytest

from kumeqa.values import (
    APPROX,
    DECADE,
    DISJOINT,
    EQ,
    ESTABLISHED,
    GE,
    GT,
    LE,
    LT,
    OPEN,
    extract_values,
    parse_number,
    relation,
)

NUMBERS = [
    ("6.500", 6500),
    ("65.000", 65000),
    ("1,7 milyar", 1_700_000_000),
    ("1.22 milyar", 1_220_000_000),
    ("39 bin", 39000),
    ("2 bin 800", 2800),
    ("dört", 4),
    ("on beş", 15),
    ("yedi milyon", 7_000_000),
    ("750 milyon", 750_000_000),
    ("yüz", 100),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


VALUES = [
    ("OSTİM’de 6.500 işletme var", "number", 6500, EQ, "isletme"),
    ("4.500’den fazla firma bulunmaktadır", "number", 4500, GT, "firma"),
    ("39 binin üzerinde şirket kurarak", "number", 39000, GT, "sirket"),
    ("300’e yakın üye firması ile", "number", 300, APPROX, "uye"),
    ("yaklaşık 650 milyon USD melek yatırım", "number", 650_000_000, APPROX, "usd"),
    ("en az 15 tam zaman eşdeğer personel", "number", 15, GE, "tam"),
    ("şirketlerin %50’si yazılım", "percent", 50, EQ, ""),
    ("yüzde 50 oranında büyüyen", "percent", 50, EQ, ""),
    ("750 milyon USD’lık ihracat", "number", 750_000_000, EQ, "usd"),
    ("dört ortak rekabet alanı", "number", 4, EQ, "ortak"),
]


@pytest.mark.parametrize(("text", "kind", "value", "bound", "unit"), VALUES)
def test_extract_values(text, kind, value, bound, unit):
    found = [v for v in extract_values(text) if v.kind == kind]
    assert found, text
    v = found[0]
    assert v.value == pytest.approx(value)
    assert v.bound == bound
    assert text[v.start : v.end] == v.text
    if unit:
        assert v.unit[0] == unit


def test_years_dates_and_decades():
    (date,) = extract_values("4 Mayıs 2010 tarihinde resmi olarak")
    assert date.kind == "date" and date.date == (2010, 5, 4)
    (dotted,) = [v for v in extract_values("02.02.2019 tarihli Resmi Gazete") if v.kind == "date"]
    assert dotted.date == (2019, 2, 2)
    (decade,) = extract_values("1990’lı yıllarda")
    assert decade.kind == "year" and decade.bound == DECADE
    (year,) = extract_values("2004 yılında Hollanda’da kurulmuş")
    assert year.kind == "year" and year.value == 2004


def test_plural_decades():
    """ "1990’larda", "2000’lerin başında": a decade, as "1990’lı yıllarda"."""
    for text in ("1990’larda kuruldu", "2000'lerin başında", "1980lerde"):
        (decade,) = [v for v in extract_values(text) if v.kind == "year"]
        assert decade.bound == DECADE, text
    (year,) = extract_values("1995’lerde")  # not a round decade: a year
    assert year.bound != DECADE


def test_this_number_takes_up_the_count_before_it():
    """ "48 firma bulunurken … bu sayı 95’e ulaşmıştır": 95 counts firms too."""
    values = [
        v
        for v in extract_values("Kümede 2016 yılında 48 firma bulunurken 2023 yılında bu sayı 95’e ulaşmıştır.")
        if v.kind == "number"
    ]
    assert [v.unit[0] for v in values] == ["firma", "firma"]
    over = [
        v
        for v in extract_values("2010’da 1.350 işletme kayıtlıyken bu sayı 2023’te 2.800’ü aşmıştır.")
        if v.kind == "number"
    ]
    assert over[1].unit[0] == "isletme" and over[1].bound == GT
    # Its own noun wins ("bu sayı … 9.000’e yakın işletmeye"); without "bu sayı" nothing is taken up.
    own = [
        v
        for v in extract_values("1985’te yaklaşık 4.500 atölye varken bu sayı 2020’de 9.000’e yakın işletmeye ulaştı.")
        if v.kind == "number"
    ]
    assert own[1].unit[0] == "isletmeye"
    alone = [
        v for v in extract_values("Kümede 48 firma bulunurken 2023 yılında 95’e ulaşmıştır.") if v.kind == "number"
    ]
    assert not alone[1].unit or alone[1].unit[0] != "firma"


def _relation(source: str, claim: str) -> str:
    return relation(extract_values(source)[0], extract_values(claim)[0])


def test_bounds_compare_as_intervals():
    """A source bound establishes a claim only when every value it allows is one the claim allows."""
    assert _relation("4.500’den fazla firma", "4.000'den fazla firma") == ESTABLISHED
    assert _relation("4.500’den fazla firma", "6.000'den fazla firma") == OPEN  # possible, not shown
    assert _relation("4.500’den fazla firma", "5.000 firma") == OPEN
    assert _relation("4.500’den fazla firma", "3.000 firma") == DISJOINT
    assert _relation("4.500’den fazla firma", "4.000'den az firma") == DISJOINT
    assert _relation("800’den fazla üyesiyle", "800'den fazla üye") == ESTABLISHED
    assert _relation("en az 15 tam zamanlı", "15 tam zamanlı") == OPEN
    assert _relation("yaklaşık 15.000 araştırmacı", "14.000 araştırmacı") == ESTABLISHED
    assert _relation("yaklaşık 15.000 araştırmacı", "9.000 araştırmacı") == DISJOINT
    assert _relation("6.500 işletme", "10.000 işletme") == DISJOINT
    # A decade holds the claim's year without saying it; the claim's decade holds the source's year.
    assert _relation("1990’lı yıllarda", "1995 yılında") == OPEN
    assert _relation("1990’lı yıllarda", "1985 yılında") == DISJOINT
    assert _relation("1995 yılında", "1990’lı yıllarda") == ESTABLISHED
    assert _relation("1990’lı yıllarda", "1990’larda") == ESTABLISHED
    assert _relation("300’ü aşkın şirket", "yüzlerce şirket") == ESTABLISHED
    # Two rounded figures whose centres lie outside each other's band, though the bands touch.
    assert _relation("ortalama 55 dakika", "ortalama 45 dakika") == DISJOINT
    assert _relation("yaklaşık 55 dakika", "yaklaşık 52 dakika") == ESTABLISHED


def test_a_reference_in_parentheses_holds_no_value():
    """ "(Aydın, 2023)" dates a publication: compared as a year, it contradicted a claim
    about "2013-2023" and "1513 programı"."""
    texts = [v.text for v in extract_values("Ofisin 42 lisans sözleşmesi dikkat çekicidir (Aydın, 2023).")]
    assert texts == ["42"]
    cited = "Bugün 102 bölge ilan edilmiştir (Kaya ve Demir, 2019: 45; Sanayi Bakanlığı, 2024)."
    assert [v.text for v in extract_values(cited)] == ["102"]
    assert [v.text for v in extract_values("Plan (2010-2015) dönemini kapsar.")] == ["2010", "2015"]


def test_bounds_are_read_after_a_noun_and_in_plural_numbers():
    (over,) = extract_values("ihracatı 1 milyar doların üzerindedir")
    assert over.bound == GT and over.value == 1e9
    (passed,) = extract_values("üye sayısı 700’ü geçmiş durumda")
    assert passed.bound == GT and passed.unit[0] == "uye"
    (vague,) = extract_values("binlerce firma")
    assert vague.bound == GE and vague.value == 1000
    assert [v.kind for v in extract_values("ostimde 10000 isletme var")] == ["number"]
    # "üzerine çıktı" and a noun in the accusative before a verb of exceeding.
    (share,) = extract_values("doluluk oranı yüzde 80’in üzerine çıktı")
    assert share.kind == "percent" and share.bound == GT
    (area,) = extract_values("3 milyon metrekareyi aşan bir arazi")
    assert area.bound == GT and area.value == 3e6 and area.unit[0] == "metrekareyi"
    assert _relation("yüzde 85’lik doluluk", "yüzde 80’in üzerine çıktı") == ESTABLISHED


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("3.200’den daha fazla firma", GT),
        ("700’den çok üye", GT),
        ("1.000’den daha az firma", LT),
        ("kabaca 40 milyon dolar", APPROX),
        ("neredeyse 250 üye", APPROX),
        ("250 dolaylarında üye", APPROX),
        # typed without Turkish letters
        ("700den cok uye", GT),
        ("250yi askin sirket", GT),
        ("en az 12 personel", GE),
        ("yaklasik 250 uye", APPROX),
        ("2 milyar dolarin uzerinde", GT),
        # a noun with an apostrophe in the accusative, a present-continuous verb of exceeding
        ("kapasitesi 600.000 TEU’yu aşmaktadır", GT),
        ("istihdam 1.300’ü aşmaktadır", GT),
        ("bölgede 300 firmayı geçmektedir", GT),
        # a verb of exceeding denied: at most
        ("ihracat yapan firma sayısı 15’i geçmemektedir", LE),
        ("bütçe 2 milyonu aşmayan projeler", LE),
        ("firma sayisi 15i gecmemektedir", LE),
        # not a bound: "çok" after a plain number is "very"
        ("7 çok önemli proje", EQ),
        # "büyük" / "küçük" after an ablative compare (the eighth trial's "1 trilyon ≠ 1
        # trilyon Dolar’dan fazla"); after a plain number or a genitive they describe
        ("1 trilyon dolardan büyük bir pazar", GT),
        ("1 trilyondan daha büyük", GT),
        ("100 kişiden küçük firmalar", LT),
        ("2 büyük proje", EQ),
        ("1 milyar doların büyük kısmı", EQ),
        ("5 az bilinen tür", EQ),
        ("500’den daha çok", GT),
    ],
)
def test_more_ways_to_say_a_bound(text, bound):
    assert extract_values(text)[0].bound == bound


def test_a_number_that_names_a_law_is_an_identifier_not_a_count_or_a_year():
    found = extract_values("2003 yılında 5827 sayılı Kanun çıktı; 1984 sayılı karar ile 41 bölge kuruldu.")
    assert [(v.kind, v.text) for v in found] == [
        ("year", "2003"),
        ("identifier", "5827"),
        ("identifier", "1984"),
        ("number", "41"),
    ]
    assert found[1].unit[0] == "kanun"


def test_a_how_many_question_is_not_answered_by_a_law_number():
    from kumeqa.query import parse
    from kumeqa.spans import best_candidate

    query = parse("Kaç teknoloji bölgesi var?")
    assert best_candidate("5827 sayılı Teknoloji Bölgeleri Kanunu yürürlüğe girdi.", query) is None
    assert best_candidate("Bugün 41 teknoloji bölgesi var.", query)[0].start == 6


def test_ordinals_are_their_own_kind_and_words_that_begin_like_numbers_are_not_numbers():
    found = extract_values("Küme 15. yüzyılda kuruldu ve 4. KOBİ projesini yürütüyor; yüzey alanı on iki dönüm.")
    assert [(v.kind, v.text) for v in found] == [("ordinal", "15."), ("ordinal", "4."), ("number", "on iki")]
    assert found[1].unit[:2] == ("kobi", "projesini")
    assert extract_values("ikisi de") and not extract_values("onay verdi") and not extract_values("dördüncü sırada")


def test_measures_in_other_units_are_converted_before_comparing():
    from kumeqa.values import converted, unit_of

    assert unit_of("donumluk")[0] == "donum" and unit_of("hektarlik")[0] == "hektar"
    assert unit_of("tonluk")[0] == "ton" and unit_of("tonlarca") is None and unit_of("metrekareyi")[0] == "metrekare"
    (area,) = extract_values("1.500 dönümlük bir alan")
    in_hectares = converted(area, "hektar")
    assert in_hectares.value == 150
    (claim,) = extract_values("1.500 hektarlık bir alan")
    assert relation(in_hectares, claim) == DISJOINT
    assert converted(area, "ton") is None  # an area is not a weight


def test_a_scale_word_alone_with_a_case_ending_is_a_number():
    """'bini aşmıştır' is more than a thousand; 'bina' is a building."""
    found = extract_values("Merkezlerin sayısı bini aşmıştır.")
    assert [(v.value, v.bound) for v in found] == [(1000.0, "gt")]
    assert extract_values("Yeni bina yapıldı.") == []
    assert extract_values("Nüfusu milyonu aşkın.")[0].value == 1_000_000


def test_a_comma_before_three_digits_of_a_count_groups_thousands():
    """'2,345 adet firma' counts 2345 firms (whole things); '2,500 ton' stays two and a half."""
    assert extract_values("Bölgede 2,345 adet ileri teknoloji firması var.")[0].value == 2345
    assert extract_values("Yılda 2,500 ton üretiliyor.")[0].value == 2.5


def test_an_exact_claim_is_not_established_by_a_rounded_source():
    """'tam olarak 470' is possible under '500’e yakın' but not shown by it; a plain '470' is (±10 %)."""
    source = extract_values("500’e yakın üye firma")[0]
    assert relation(source, extract_values("tam olarak 470 üye firma")[0]) == OPEN
    assert relation(source, extract_values("kumenin tam olarak 470 uye firmasi var")[0]) == OPEN
    assert relation(source, extract_values("470 üye firma")[0]) == ESTABLISHED
    assert relation(extract_values("500 firma")[0], extract_values("tam 500 firma")[0]) == ESTABLISHED


def test_a_band_of_a_ranking_is_not_a_count():
    """'ilk 300 ve ikinci 300’üne giren firmalar' names a ranking's band, not 300 firms; 'son 5 yılda' still counts years."""
    from kumeqa.values import LE, extract_values, relation

    ranks = [v for v in extract_values("Sıralamada ilk 300 ve ikinci 300’üne giren firmalara ev sahipliği yapıyor.")]
    assert [(v.kind, v.value, v.bound) for v in ranks if v.value == 300] == [("rank", 300, LE), ("rank", 300, LE)]
    assert [v.kind for v in extract_values("Son 5 yılda 40 firma kuruldu.")] == ["number", "number"]
    # An ordinal word is an ordinal like "2.", not a count of two (it was shown as the source's count).
    assert [(v.kind, v.value) for v in extract_values("ikinci 300’üne giren iki firma")] == [
        ("ordinal", 2),
        ("rank", 300),
        ("number", 2),
    ]
    claim = extract_values("Şirket ilk 50'ye girdi.")[0]
    source = extract_values("Şirket listede ilk 20 arasında yer aldı.")[0]
    assert relation(source, claim) == "established", "among the first 20 is among the first 50"


def test_a_bound_after_the_noun_in_the_ablative():
    """'2 milyar Dolar’dan fazla', '300 firmadan az', '500 firmadan çok' are bounds, as '300’den fazla' is."""
    from kumeqa.values import GT, LT, extract_values

    assert extract_values("2 milyar Dolar’dan fazla pazara sahip")[0].bound == GT
    assert extract_values("Bölgede 300 firmadan az işletme var")[0].bound == LT
    assert extract_values("500 firmadan çok üye")[0].bound == GT
    assert extract_values("5 çok önemli proje")[0].bound != GT, "'çok' after a bare number is 'very'"


def test_a_bounded_value_is_shown_with_its_bound_words():
    """A mismatch shows "4.500’den fazla", not "4.500", so that an exact claim against a
    bound does not read "4.500 ≠ 4.500"."""
    from kumeqa.values import stated

    for text, expected in (
        ("Vadide 4.500’den fazla firma var.", "4.500’den fazla"),
        ("Kümede yaklaşık 300 firma var.", "yaklaşık 300"),
        ("Bölgede en az 15 merkez var.", "en az 15"),
        ("Bölge 2 milyon metrekareyi aşan bir alanda.", "2 milyon metrekareyi aşan"),
        ("Kümede 300 firma var.", ""),
    ):
        value = extract_values(text)[0]
        assert stated(text, value) == expected, text


def test_a_question_pins_the_year_it_asks_about_not_one_describing_its_subject():
    from kumeqa.values import pinned_years, states_other_years

    assert pinned_years("EHKA'nın 2015 yılı bütçesi ne kadardı?") == {2015}
    assert pinned_years("1999’da kaç TEKMER vardı?") == {1999}
    assert pinned_years("1967 yılında kurulan OSTİM'de kaç firma var?") == set()
    assert pinned_years("OSTİM ne zaman kuruldu?") == set()
    assert states_other_years("Ajansın 2022 bütçesi 78 milyon TL olarak gerçekleşmiştir.", frozenset({2015}))
    assert not states_other_years("2015-2020 döneminde 30 proje desteklendi.", frozenset({2017}))
    assert not states_other_years("Bugün 30 proje yürütülüyor.", frozenset({2017}))


@pytest.mark.parametrize(
    ("text", "share", "bound"),
    [
        ("personelin yaklaşık üçte biri ayrıldı", 100 / 3, APPROX),
        ("uzman personelin yarısı ayrıldı", 50.0, APPROX),  # a fraction is a rounded share
        ("işletmelerin yarısından fazlası", 50.0, GT),
        ("isletmelerin yarisindan fazlasi", 50.0, GT),  # typed without Turkish letters
        ("görüşmecilerin dörtte üçü", 75.0, APPROX),
        ("firmaların çeyreği", 25.0, APPROX),
    ],
)
def test_fractions_are_shares(text, share, bound):
    (value,) = extract_values(text)
    assert value.kind == "percent" and value.value == pytest.approx(share) and value.bound == bound


def test_half_and_quarter_words_that_are_not_shares():
    assert [v.kind for v in extract_values("yarı zamanlı 30 kişi, yarışmada 3 ödül, çeyrek asır")] == [
        "number",
        "number",
    ]


def test_a_building_is_not_a_thousand():
    """ "bir bina", "5 bina": "bin" followed by a back vowel is another word, not the scale."""
    assert extract_values("Akademi yeni bir bina satın aldı.") == []
    assert [v.value for v in extract_values("Kampüste 5 bina var.")] == [5]
    assert [v.value for v in extract_values("41 binin üzerinde şirket, 2 milyarı aşkın ciro")] == [41_000, 2e9]


def test_the_plural_noun_hedefler_plans_nothing():
    """ "bu hedefler doğrultusunda" is the plural noun: the figure before it is no target
    (the tenth trial's "220 üye firması bulunan …" had been read as one and declined)."""
    from kumeqa.values import planned

    assert not planned("220 üye firması bulunan kümelenme, bu hedefler doğrultusunda çalışıyor.")
    assert planned("Kümelenme 2030 yılına kadar 500 üyeye ulaşmayı hedeflemektedir.")
    assert planned("300 işletmenin yer alması planlandı.")
