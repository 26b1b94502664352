"""Checks on what a user types, shared by the CLI and the UI.

Errors are raised as :class:`BadInput` with a message in Turkish and English, so
that the CLI prints it and exits non-zero and the UI shows it, never a traceback.
"""

from __future__ import annotations

import re
import unicodedata

#: Longest question or claim accepted. Real questions are under 300 characters;
#: 1,000 leaves room for a pasted sentence while refusing pasted documents.
MAX_INPUT_CHARS = 1000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class BadInput(ValueError):
    """A question or claim that cannot be answered as typed.

    ``str()`` gives both languages (the CLI prints it); ``turkish`` is what the UI shows.
    """

    def __init__(self, turkish: str, english: str) -> None:
        super().__init__(f"{turkish} / {english}")
        self.turkish = turkish


def check_text(text: str | None, what: str = "question") -> str:
    """The stripped text, or :class:`BadInput` saying what is wrong with it."""
    label_tr = {"question": "Soru", "claim": "İddia", "query": "Arama"}.get(what, "Girdi")
    if text is None or not text.strip():
        raise BadInput(f"{label_tr} boş olamaz.", f"The {what} is empty.")
    if _CONTROL.search(text):
        raise BadInput(f"{label_tr} kontrol karakterleri içeriyor.", f"The {what} contains control characters.")
    text = unicodedata.normalize("NFC", text.strip())
    if len(text) > MAX_INPUT_CHARS:
        raise BadInput(
            f"{label_tr} çok uzun ({len(text)} karakter; en fazla {MAX_INPUT_CHARS}).",
            f"The {what} is too long ({len(text)} characters; at most {MAX_INPUT_CHARS}).",
        )
    if not re.search(r"\w", text):
        raise BadInput(f"{label_tr} harf ya da rakam içermiyor.", f"The {what} has no letters or digits.")
    return text
