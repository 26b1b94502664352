"""Per-document budgets: how much one file may cost before anything is embedded.

Why budgets and not hopes: a 5 KB PDF whose pages share one 1 MB content stream
extracts 354,161 characters a page, and a 2 MB file of binary junk that happens to
decode as Windows-1254 splits into tens of thousands of "sentences"; either would
be embedded for many minutes while every other upload waits. Each check below is
made as early as the information exists (the page count before extraction, each
page's characters as it is extracted, the sentence count before embedding), so an
over-budget file costs a fraction of a second to refuse.

The checks return an :class:`Overrun` (what is over, in Turkish and English) or
``None``; :mod:`kumeqa.ingest` turns an overrun into a skipped file. The limits live
in :class:`kumeqa.config.BudgetConfig` with the measurements behind them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import BudgetConfig

_LETTER = re.compile(r"[^\W\d_]")
_NON_SPACE = re.compile(r"\S")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # tab, LF, CR, FF are text


@dataclass(frozen=True)
class Overrun:
    """One budget a document is over: what, the numbers, and the reason in both languages."""

    what: str
    turkish: str
    english: str

    def __str__(self) -> str:
        return f"{self.turkish} / {self.english}"


def _n(value: int) -> str:
    """Thousands with a dot in Turkish (1.000.000), a comma in English."""
    return f"{value:,}".replace(",", ".")


def check_pages(pages: int, budget: BudgetConfig) -> Overrun | None:
    if pages <= budget.max_pages:
        return None
    return Overrun(
        "pages",
        f"çok fazla sayfa: {_n(pages)} (en fazla {_n(budget.max_pages)})",
        f"too many pages: {pages:,} (at most {budget.max_pages:,})",
    )


def check_page_chars(page: int, chars: int, budget: BudgetConfig) -> Overrun | None:
    if chars <= budget.max_page_chars:
        return None
    return Overrun(
        "page_chars",
        f"{page}. sayfada çok fazla metin: {_n(chars)} karakter (en fazla {_n(budget.max_page_chars)})",
        f"too much text on page {page}: {chars:,} characters (at most {budget.max_page_chars:,})",
    )


def check_chars(chars: int, budget: BudgetConfig) -> Overrun | None:
    if chars <= budget.max_chars:
        return None
    return Overrun(
        "chars",
        f"çok uzun: en az {_n(chars)} karakter metin (en fazla {_n(budget.max_chars)})",
        f"too long: at least {chars:,} characters of text (at most {budget.max_chars:,})",
    )


def check_sentences(sentences: int, budget: BudgetConfig) -> Overrun | None:
    if sentences <= budget.max_sentences:
        return None
    return Overrun(
        "sentences",
        f"çok fazla cümle: {_n(sentences)} (en fazla {_n(budget.max_sentences)})",
        f"too many sentences: {sentences:,} (at most {budget.max_sentences:,})",
    )


@dataclass(frozen=True)
class TextShape:
    """What separates prose from junk that decodes: letters, control characters, word and line lengths."""

    letter_share: float
    control_share: float
    long_word_share: float
    longest_line: int

    @classmethod
    def of(cls, text: str, long_word_chars: int) -> TextShape:
        non_space = len(_NON_SPACE.findall(text)) or 1
        long_words = sum(len(word) for word in text.split() if len(word) > long_word_chars)
        return cls(
            letter_share=len(_LETTER.findall(text)) / non_space,
            control_share=len(_CONTROL.findall(text)) / max(len(text), 1),
            long_word_share=long_words / non_space,
            longest_line=max((len(line) for line in text.split("\n")), default=0),
        )


def _pct(share: float, digits: int = 0) -> str:
    """A share as a Turkish percentage: ``%11,7``."""
    return "%" + f"{share * 100:.{digits}f}".replace(".", ",")


def check_text_shape(text: str, budget: BudgetConfig) -> Overrun | None:
    """A text file must look like text; the first failing measure is the reason. Short files pass."""
    if len(text) < budget.shape_min_chars:
        return None
    shape = TextShape.of(text, budget.long_word_chars)
    tr, en = "metin gibi görünmüyor", "does not look like text"
    if shape.control_share > budget.max_control_share:
        return Overrun(
            "text_shape",
            f"{tr}: kontrol karakteri oranı {_pct(shape.control_share, 1)} (en fazla {_pct(budget.max_control_share)})",
            f"{en}: {shape.control_share:.1%} control characters (at most {budget.max_control_share:.0%})",
        )
    if shape.letter_share < budget.min_letter_share:
        return Overrun(
            "text_shape",
            f"{tr}: harf oranı {_pct(shape.letter_share)} (en az {_pct(budget.min_letter_share)})",
            f"{en}: {shape.letter_share:.0%} letters (at least {budget.min_letter_share:.0%})",
        )
    if shape.long_word_share > budget.max_long_word_share:
        return Overrun(
            "text_shape",
            f"{tr}: {budget.long_word_chars} karakterden uzun 'sözcüklerin' oranı {_pct(shape.long_word_share)}"
            f" (en fazla {_pct(budget.max_long_word_share)})",
            f"{en}: {shape.long_word_share:.0%} of it in 'words' longer than {budget.long_word_chars} characters"
            f" (at most {budget.max_long_word_share:.0%})",
        )
    if shape.longest_line > budget.max_line_chars:
        return Overrun(
            "text_shape",
            f"{tr}: {_n(shape.longest_line)} karakterlik bir satır var (en fazla {_n(budget.max_line_chars)})",
            f"{en}: a line of {shape.longest_line:,} characters (at most {budget.max_line_chars:,})",
        )
    return None
