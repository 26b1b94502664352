"""The polarity of a claim against its source: Turkish verb negation read pairwise."""

from __future__ import annotations

import pytest

from kumeqa.polarity import excepts, flip, negates
from kumeqa.text import stem


@pytest.mark.parametrize(
    ("negative", "positive"),
    [
        ("kurulmamistir", "kurulmustur"),  # -mA-mIş against -mIş, whatever the vowel harmony
        ("bulunmamaktadir", "bulunmaktadir"),
        ("bulunmaz", "bulunur"),  # the aorist: -mAz against -(I)r
        ("bulunmuyor", "bulunuyor"),  # the progressive: -mI-yor
        ("almadi", "aldi"),
    ],
)
def test_a_negated_verb_form_is_recognised(negative, positive):
    assert negates(negative, positive)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("gelistirme", "gelistir"),  # a noun made with -mA, not a negation
        ("uygulamalar", "uygular"),
        ("kurulmustur", "kurulmamistir"),  # the other way round is not "negative of"
    ],
)
def test_nouns_in_ma_are_not_negations(word, other):
    assert not negates(word, other)


@pytest.mark.parametrize(
    ("claim", "source", "claim_word"),
    [
        (
            "Kümenin yurt dışında şubesi bulunmaktadır.",
            "Kümenin yurt dışında herhangi bir şubesi bulunmamaktadır.",
            "bulunmaktadır",
        ),
        ("Bölgede üniversite bulunmamaktadır.", "Bölgede bulunan ilk üniversite 2017’de açıldı.", "bulunmamaktadır"),
        ("Bölgede yabancı ortak yoktur.", "Bölgede iki yabancı ortak bulunmaktadır.", "yoktur"),
        ("Merkezin yeri Rize değildir.", "Merkezin yeri Rize’dir.", "Rize değil"),
        ("Küme kamu desteği almamıştır.", "Küme 2015 yılında kamu desteği almıştır.", "almamıştır"),
        # An affirmed -mIş form is no negation of the verb (the new user's "kurulmamıştır").
        (
            "Teknokent kurulmamıştır.",
            "Teknokent 1992 yılında kurulmuş, 2000’de bölge ilan edilmiştir.",
            "kurulmamıştır",
        ),
    ],
)
def test_a_claim_of_the_opposite_polarity_is_found(claim, source, claim_word):
    found = flip(claim, source)
    assert found is not None and found.claim_word == claim_word


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Küme 2010 yılında kurulmuştur.", "Küme 2010 yılında kurulmuştur."),
        ("Kümenin şubesi bulunmamaktadır.", "Kümenin herhangi bir şubesi bulunmamaktadır."),
        # "yalnızca A değil, B de": A is not denied.
        ("Merkez yalnızca bir atölye değil, aynı zamanda bir okuldur.", "Merkez bir atölyedir."),
        # A noun in -mA is no negation of its verb.
        ("Küme tekne geliştirmeye odaklanır.", "Küme tekne geliştirir."),
        # The source negates the verb too, beside an affirmed participle.
        ("Bölgede okul bulunmamaktadır.", "Bölgede okul bulunmamakta, çevrede bulunan okullar kullanılmaktadır."),
    ],
)
def test_the_same_polarity_is_no_flip(claim, source):
    assert flip(claim, source) is None


def test_all_but_the_subject_is_said_of_the_others():
    subject = frozenset({stem("gastek")})
    assert excepts("GASTEK dışındaki yedi küme destekten yararlanmıştır.", subject)
    assert not excepts("GASTEK 2015 yılında destekten yararlanmıştır.", subject)
