"""Letter-less questions are embedded with the letters the documents spell them with."""

from kumeqa.letters import restore, spellings

# Invented sentences: the spellings come from whatever documents are indexed.
DOCS = [
    "KARAYEL’de 1.200 işletme bulunuyor.",
    "Yeşilova Gıda Kümelenmesi üyelerinin ihracatı büyüyor.",
    "KARAYEL, bölgedeki firmaların çoğunu bir araya getiriyor.",
    "Kümelenme başkanı Ayşe Öztürk oldu.",
]


def test_words_take_the_documents_spelling():
    known = spellings(DOCS)
    assert restore("yesilova gida kumelenmesi uyelerinin ihracati", known) == (
        "Yeşilova Gıda Kümelenmesi üyelerinin ihracatı"
    )


def test_a_name_with_a_case_ending_gets_its_apostrophe():
    known = spellings(DOCS)
    assert restore("karayelde kac isletme var", known) == "KARAYEL’de kaç işletme var"
    assert restore("karayelin baskani kim", known) == "KARAYEL’in başkanı kim"


def test_unknown_endings_follow_vowel_harmony():
    known = spellings(DOCS)
    # "firmaların" is a document word; "firmalarının" is not: its ending follows the stem's vowels.
    assert restore("firmalarinin sayisi", known).startswith("firmalarının")


def test_text_with_turkish_letters_or_capitals_is_left_as_typed():
    known = spellings(DOCS)
    assert restore("Karayel'de kaç isletme var", known) == "Karayel'de kaç isletme var"
    assert restore("KARAYEL uyeleri", known) == "KARAYEL üyeleri"
    assert restore("How many members does Karayel have", known) == "How many members does Karayel have"


def test_words_the_documents_do_not_know_stay():
    known = spellings(DOCS)
    assert restore("zzz qqq", known) == "zzz qqq"


def test_a_capital_i_is_lowered_the_turkish_way_before_its_ending_is_harmonised():
    # "KAPI" ends in a dotless ı, so the accusative is "-yı" (str.lower would say "kapi", "-yi").
    assert restore("kapiyi bulduk", spellings(["Biz bugün KAPI ile çalışıyoruz."])).startswith("KAPI’yı")
