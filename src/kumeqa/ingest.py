"""Files → documents: text per page, cleaned, with numbered section headings found.

A document's cleaned text is one string in which every heading sits on a line of
its own and body text flows with single spaces (hard line wraps, tabs and runs of
spaces of justified PDF text are removed, words hyphenated at a line end are
rejoined). Pages are kept as character offsets into that string, so a sentence
that runs over a page break stays whole and still knows the page it starts on.
Everything an answer quotes is a substring of this text.

A file that cannot be read, or that is over one of the per-document budgets
(:mod:`kumeqa.budgets`), is skipped with a reason; the others are still loaded.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import budgets
from .config import BudgetConfig
from .text import normalize, split_sentences, tr_lower

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
#: Files of the corpus folder that are not documents: its README (examples for the UI)
#: and ``sources.toml`` (bibliographic data for BibTeX, :mod:`kumeqa.sources`).
CORPUS_OWN_FILES = frozenset({"readme.md", "sources.toml"})
#: Files larger than this are skipped: a corpus document of more than 200 MB is
#: almost certainly a mistake (a dump, a binary), and reading it would stall indexing.
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Section:
    """A heading: its number (``2.3.4.1.5``, may be empty) and title, where it starts."""

    number: str
    title: str
    start: int

    @property
    def label(self) -> str:
        return f"§{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Document:
    """One source file, cleaned. ``page_starts[i]`` is where page ``i + 1`` begins."""

    source: str
    title: str
    sha256: str
    text: str
    page_starts: tuple[int, ...]
    sections: tuple[Section, ...]

    @property
    def n_pages(self) -> int:
        return len(self.page_starts)

    def page_at(self, offset: int) -> int:
        """1-based page number of the character at ``offset``."""
        return max(1, bisect.bisect_right(self.page_starts, offset))

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    def section_at(self, offset: int) -> Section | None:
        """The last heading that starts at or before ``offset``."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return self.sections[i] if i >= 0 else None

    def heading_end(self, section: Section) -> int:
        """Where the line of ``section``'s heading ends."""
        end = self.text.find("\n", section.start)
        return len(self.text) if end < 0 else end

    def page_text(self, page: int) -> str:
        """The cleaned text of 1-based ``page``."""
        start = self.page_starts[page - 1]
        end = self.page_starts[page] if page < self.n_pages else len(self.text)
        return self.text[start:end].strip()


@dataclass(frozen=True)
class Skipped:
    """A file left out of the index, and why (shown to the user)."""

    source: str
    reason: str


class UnreadableFile(Exception):
    """Raised by a loader with a reason a user can act on (English; :func:`turkish_reason` translates it)."""


#: The Turkish for each reason a file is skipped, by how the English reason starts
#: (the manifest keeps the English one; the Belgeler tab shows these).
_TURKISH_REASONS: tuple[tuple[str, str], ...] = (
    ("encrypted PDF", "şifreli PDF (parola gerekiyor)"),
    ("corrupt or unreadable PDF", "bozuk ya da okunamayan PDF"),
    ("PDF has no text layer", "PDF'de metin katmanı yok (taranmış görüntü mü?); önce OCR uygulayın"),
    ("binary file", "ikili dosya, metin değil"),
    ("unknown text encoding", "bilinmeyen metin kodlaması (ne UTF-8 ne Windows-1254)"),
    ("unsupported file type", "desteklenmeyen dosya türü (yalnızca PDF, TXT, MD)"),
    ("empty file", "boş dosya"),
    ("file too large", "dosya çok büyük"),
    ("no text in file", "dosyada metin yok"),
    ("could not read", "okunamadı"),
)


def turkish_reason(reason: str) -> str:
    """Why a file was skipped, in Turkish, from the reason the index stored.

    A budget overrun is stored in both languages (``Türkçe / English``, :class:`kumeqa.budgets.Overrun`)
    and gives its Turkish half; the loaders' English reasons are looked up by how they start.
    """
    for english, turkish in _TURKISH_REASONS:
        if reason.startswith(english):
            return turkish
    turkish, sep, _ = reason.partition(" / ")
    return turkish if sep else reason


class OverBudget(UnreadableFile):
    """The file is over a per-document budget; ``str()`` gives the reason in Turkish and English."""

    def __init__(self, overrun: budgets.Overrun) -> None:
        super().__init__(str(overrun))
        self.overrun = overrun


def _enforce(overrun: budgets.Overrun | None) -> None:
    if overrun is not None:
        raise OverBudget(overrun)


# ------------------------------------------------------------------ raw page readers


def _read_pdf(path: Path, budget: BudgetConfig) -> tuple[list[str], str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise UnreadableFile("encrypted PDF (password required)")
            except NotImplementedError as exc:
                raise UnreadableFile(f"encrypted PDF ({exc})") from exc
        _enforce(budgets.check_pages(len(reader.pages), budget))
        pages: list[str] = []
        total = 0
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            _enforce(budgets.check_page_chars(number, len(text), budget))
            total += len(text)
            _enforce(budgets.check_chars(total, budget))
            pages.append(text)
        meta_title = None
        if reader.metadata is not None and reader.metadata.title:
            meta_title = str(reader.metadata.title).strip() or None
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        raise UnreadableFile(f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not any(p.strip() for p in pages):
        raise UnreadableFile("PDF has no text layer (scanned image?); OCR it first")
    return pages, meta_title


def decode_text(data: bytes) -> str:
    """UTF-8 first; else Windows-1254 (Turkish Windows), the usual legacy encoding.

    Windows-1254 maps almost every byte, so a wrong guess would not raise; it is
    tried only after UTF-8 fails, and bytes that are not text (NUL bytes) are refused.
    """
    if b"\x00" in data[:4096]:
        raise UnreadableFile("binary file (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp1254"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("unknown text encoding (neither UTF-8 nor Windows-1254)")


def _read_text(path: Path, budget: BudgetConfig) -> tuple[list[str], str | None]:
    # Every character takes 1 to 4 bytes, so a file this large is over budget unread.
    _enforce(budgets.check_chars(path.stat().st_size // 4, budget))
    text = decode_text(path.read_bytes())
    _enforce(budgets.check_chars(len(text), budget))
    _enforce(budgets.check_text_shape(text, budget))
    pages = text.split("\f") if "\f" in text else [text]
    if pages and not pages[-1].strip() and len(pages) > 1:
        pages = pages[:-1]  # pdftotext ends the last page with a form feed too
    _enforce(budgets.check_pages(len(pages), budget))
    return pages, None


# ------------------------------------------------------------------ cleaning

#: "1. GİRİŞ", "2.2 YENİ NESİL ...", "2.3.4.1.5. Anadolu ..." - at least one dot in the
#: numbering, so "2012 yılında ..." or "15 adet ..." at a line start is not a heading.
_HEADING_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(\.?)\s+(\S.*)$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def _is_caps(line: str) -> bool:
    letters = _LETTER.findall(line)
    return bool(letters) and all(ch == ch.upper() for ch in letters)


def _heading(line: str) -> tuple[str, str] | None:
    """``(number, title)`` when ``line`` looks like a heading, else ``None``.

    Numbered: ``2.3.4.1. Kiraz Vadisi Tarım Kümelenmesi (KVTK)`` (title starts with a capital,
    short, not a sentence). Unnumbered: a short line all in capitals (``ÖZET``).
    Markdown ``#`` headings count too.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 140:
        return None
    md = _MD_HEADING.match(stripped)
    if md:
        return "", md.group(1)
    match = _HEADING_NUMBER.match(stripped)
    if match:
        number, trailing_dot, title = match.groups()
        if (
            ("." in number or trailing_dot)
            and title[0].isupper()
            and not re.search(r"[.!?]\s+\S", title)  # a sentence continues after it
            and not title.endswith((",", ";", "."))
            and len(title.split()) <= 16
        ):
            return number, title
        return None
    if (
        _is_caps(stripped)
        and len(stripped.split()) <= 10
        and not stripped.endswith((".", ",", ":"))
        and len(_LETTER.findall(stripped)) >= 3
    ):
        return "", stripped
    return None


def _is_caps_heading(parts: list[str]) -> bool:
    """Whether a heading in progress is in capitals (so a capital line continues it)."""
    return _is_caps(" ".join(parts))


def _squash(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def clean_pages(raw_pages: list[str]) -> tuple[str, list[int], list[Section]]:
    """Join raw pages into one cleaned text; return it, page offsets and headings."""
    out: list[str] = []
    length = 0
    page_starts: list[int] = []
    sections: list[Section] = []
    pending_heading: list[str] | None = None  # heading that may continue on the next line
    pending_number = ""

    def emit(chunk: str) -> None:
        nonlocal length
        out.append(chunk)
        length += len(chunk)

    def flush_heading() -> None:
        nonlocal pending_heading
        if pending_heading is None:
            return
        title = " ".join(pending_heading)
        if out and not out[-1].endswith("\n"):
            emit("\n")
        start = length
        emit((f"{pending_number}. {title}" if pending_number else title) + "\n")
        sections.append(Section(pending_number, title, start))
        pending_heading = None

    for raw in raw_pages:
        page_text = normalize(raw)
        page_starts.append(length)
        lines = page_text.split("\n")
        last_text = max((i for i, raw_line in enumerate(lines) if raw_line.strip()), default=-1)
        for number, raw_line in enumerate(lines):
            line = _squash(raw_line)
            if not line:
                # A blank line inside a page ends a paragraph (a title line stays apart
                # from the text under it); blank lines at a page's end do not, so a
                # sentence running over a page break stays whole.
                if number < last_text and out and not out[-1].endswith("\n") and pending_heading is None:
                    emit("\n")
                continue
            heading = _heading(line)
            if pending_heading is not None:
                # An all-caps heading wrapped onto a second all-caps line.
                if (
                    (heading is None or not heading[0])
                    and _is_caps(line)
                    and _is_caps_heading(pending_heading)
                    and len(line.split()) <= 8
                ):
                    pending_heading.append(line)
                    continue
                flush_heading()
            if heading is not None:
                pending_number, title = heading
                pending_heading = [title]
                continue
            if out and not out[-1].endswith("\n"):
                prev = out[-1]
                if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and line[:1].islower():
                    out[-1] = prev[:-1]  # "kulla-" + "nım" → "kullanım"
                    length -= 1
                elif not (prev.endswith("-") and line[:1].isupper()):
                    emit(" ")
            emit(line)
        flush_heading()
    text = "".join(out)
    # Page starts that fell on a separator: move them onto the next character.
    fixed = [min(_skip_space(text, s), len(text)) for s in page_starts]
    return text, fixed, sections


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


# ------------------------------------------------------------------ documents


#: Headings that name a part of any paper, not the paper itself; never a title.
_GENERIC_HEADINGS = frozenset(
    "özet abstract giriş önsöz içindekiler sonuç kaynakça kaynaklar ekler summary introduction contents".split()
)


def _title_for(path: Path, meta_title: str | None, sections: list[Section]) -> str:
    if meta_title:
        return meta_title
    if sections and sections[0].start == 0 and tr_lower(sections[0].title) not in _GENERIC_HEADINGS:
        return sections[0].title
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name


def load_document(path: Path, source: str | None = None, budget: BudgetConfig | None = None) -> Document:
    """Read one file into a :class:`Document`; raise :class:`UnreadableFile` if not possible.

    ``budget`` (default: :class:`BudgetConfig`'s limits) is enforced while reading, so a
    file over it raises :class:`OverBudget` before it has cost more than its reading.
    """
    budget = budget or BudgetConfig()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            f"unsupported file type '{suffix or path.name}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("empty file")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"file too large ({size // (1024 * 1024)} MB > {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    if suffix == ".pdf":
        raw_pages, meta_title = _read_pdf(path, budget)
    else:
        raw_pages, meta_title = _read_text(path, budget)
    text, page_starts, sections = clean_pages(raw_pages)
    if not text.strip():
        raise UnreadableFile("no text in file")
    _enforce(budgets.check_sentences(len(split_sentences(text)), budget))
    return Document(
        source=source or path.name,
        title=_title_for(path, meta_title, sections),
        sha256=file_sha256(path),
        text=text,
        page_starts=tuple(page_starts),
        sections=tuple(sections),
    )


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file under ``corpus_dir`` a user put there (hidden files, the README and sources.toml excluded)."""
    if not corpus_dir.is_dir():
        return []
    files = []
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if rel.name.lower() in CORPUS_OWN_FILES and len(rel.parts) == 1:
            continue  # the corpus folder's own description and source list, not documents
        files.append(path)
    return files


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_corpus(corpus_dir: Path, budget: BudgetConfig | None = None) -> tuple[list[Document], list[Skipped]]:
    """Load every document; collect the skipped ones with their reasons."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for path in corpus_files(corpus_dir):
        source = path.relative_to(corpus_dir).as_posix()
        try:
            documents.append(load_document(path, source, budget))
        except UnreadableFile as exc:
            log.warning("skipping %s: %s", source, exc)
            skipped.append(Skipped(source, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the corpus
            log.warning("skipping %s: %s", source, exc)
            skipped.append(Skipped(source, f"could not read ({type(exc).__name__}: {exc})"))
    return documents, skipped
