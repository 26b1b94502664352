"""The corpus folder as the app changes it: add, replace, remove, and never lose a document.

A probe replaced the paper with a 5-byte upload of the same name (and overwrote the
corpus README), so every change here keeps the bytes it displaces:

* **add** stores a new name only; the same name with the same bytes is "already
  there", the same name with other bytes is refused unless the user asks to replace.
* **replace** moves the current file to ``.versions/`` and puts the new one in its
  place; if the new one then fails to index, :func:`restore` puts the old one back.
* **remove** moves the file to ``.trash/``. Nothing here deletes a document.

Folders starting with a dot are not part of the corpus (:func:`kumeqa.ingest.corpus_files`),
so kept versions are never indexed. Every upload is read before it is stored: a file
that cannot be read or is over a budget (:mod:`kumeqa.budgets`) is refused with the
reason and never reaches the corpus. Names are cleaned first and the extension is
checked on the clean name (``..txt`` is ``txt``: no extension, refused). Reserved
names (the corpus README, ``sources.toml``) are refused.

Writes are atomic: a file is copied into ``.incoming/`` (same file system) and then
linked or renamed into place, so the indexer never reads half a file.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from .config import BudgetConfig
from .ingest import CORPUS_OWN_FILES, SUPPORTED_SUFFIXES, UnreadableFile, file_sha256, load_document

#: Largest upload accepted into the corpus (a 28-page paper is ~0.1 MB; 20 MB leaves
#: room for long scanned-then-OCRed reports without letting a mistake fill the disk).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Files of the corpus folder that are not documents (examples for the UI, source list).
RESERVED_NAMES = CORPUS_OWN_FILES
#: Longest stored name; file systems allow 255 bytes and a Turkish letter takes two.
MAX_NAME_CHARS = 120
VERSIONS, TRASH, INCOMING = ".versions", ".trash", ".incoming"


class Refused(Exception):
    """A change the corpus does not take, with the reason in Turkish and English."""

    def __init__(self, turkish: str, english: str) -> None:
        super().__init__(f"{turkish} / {english}")
        self.turkish = turkish
        self.english = english


@dataclass(frozen=True)
class Change:
    """What happened to the corpus: ``added``, ``unchanged``, ``replaced`` or ``removed``.

    ``kept`` is where the displaced bytes went (a replaced or removed document).
    """

    kind: str
    name: str
    turkish: str
    english: str
    kept: Path | None = None


def clean_name(name: str) -> str:
    """A plain file name (no folders, no hidden files, no control characters) for the corpus folder."""
    base = unicodedata.normalize("NFC", Path(str(name).replace("\\", "/")).name)
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" ._")
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        keep_suffix = dot and len(suffix) <= 8
        base = stem[: MAX_NAME_CHARS - len(suffix) - 1] + dot + suffix if keep_suffix else base[:MAX_NAME_CHARS]
    return base or "belge"


def _checked_name(name: str) -> str:
    clean = clean_name(name)
    if clean.lower() in RESERVED_NAMES:
        raise Refused(
            f"{clean} ayrılmış bir ad (belge klasörünün kendi dosyası); belgeyi başka bir adla yükleyin.",
            f"{clean} is a reserved name (the corpus folder's own file); upload the document under another name.",
        )
    suffix = Path(clean).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or Path(clean).stem in ("", "."):
        raise Refused(
            f"Desteklenmeyen dosya türü: {suffix or clean} (yalnızca PDF, TXT, MD).",
            f"Unsupported file type: {suffix or clean} (PDF, TXT and MD only).",
        )
    return clean


def _staged(corpus_dir: Path, upload: Path, name: str, budget: BudgetConfig) -> Path:
    """The upload copied into ``.incoming/`` after every check; refused uploads leave nothing."""
    size = upload.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        mb = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise Refused(f"Dosya çok büyük (en fazla {mb} MB).", f"File too large (at most {mb} MB).")
    incoming = corpus_dir / INCOMING
    incoming.mkdir(parents=True, exist_ok=True)
    staged = incoming / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    shutil.copyfile(upload, staged)
    try:
        load_document(staged, name, budget)
    except UnreadableFile as exc:
        staged.unlink(missing_ok=True)
        raise Refused(f"{name} okunamadı, eklenmedi: {exc}", f"{name} could not be read, not added: {exc}") from None
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and file_sha256(a) == file_sha256(b)


def _keep(src: Path, dst: Path) -> None:
    """``dst`` becomes a second name for ``src``'s bytes (a copy where hard links are not supported)."""
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError:
        shutil.copy2(src, dst)


def _kept_path(corpus_dir: Path, folder: str, name: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = corpus_dir / folder / f"{stamp}-{uuid.uuid4().hex[:6]}-{name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def add(corpus_dir: Path, upload: Path, name: str, budget: BudgetConfig) -> Change:
    """Store ``upload`` as ``name`` unless a document of that name exists."""
    name = _checked_name(name)
    target = corpus_dir / name
    if target.exists():
        if _same_bytes(upload, target):
            return Change(
                "unchanged", name, f"{name} zaten var (aynı içerik).", f"{name} is already there (same bytes)."
            )
        raise Refused(
            f"{name} adlı başka bir belge var; değiştirmek için 'Aynı adlı belgeyi değiştir' kutusunu işaretleyin.",
            f"A different document named {name} exists; tick 'replace' to replace it.",
        )
    staged = _staged(corpus_dir, upload, name, budget)
    try:
        _keep(staged, target)  # fails if the name was taken meanwhile: never overwrites
    except FileExistsError:
        raise Refused(f"{name} az önce eklendi; yeniden deneyin.", f"{name} was just added; try again.") from None
    finally:
        staged.unlink(missing_ok=True)
    return Change("added", name, f"{name} eklendi; dizinleniyor.", f"{name} added; indexing.")


def replace(corpus_dir: Path, upload: Path, name: str, budget: BudgetConfig) -> Change:
    """Put ``upload`` in place of document ``name``; the current file is kept in ``.versions/``."""
    name = _checked_name(name)
    target = corpus_dir / name
    if not target.is_file():
        return add(corpus_dir, upload, name, budget)
    if _same_bytes(upload, target):
        return Change("unchanged", name, f"{name} zaten bu içerikte.", f"{name} already has these bytes.")
    staged = _staged(corpus_dir, upload, name, budget)
    kept = _kept_path(corpus_dir, VERSIONS, name)
    _keep(target, kept)
    os.replace(staged, target)
    return Change(
        "replaced",
        name,
        f"{name} değiştirildi; yeni sürüm dizinleniyor (önceki sürüm saklandı).",
        f"{name} replaced; indexing the new version (the previous one is kept).",
        kept,
    )


def restore(corpus_dir: Path, change: Change) -> None:
    """Undo a replace: the kept version goes back in place, the rejected one is kept in ``.trash/``."""
    if change.kind != "replaced" or change.kept is None:
        return
    target = corpus_dir / change.name
    if target.exists():
        _keep(target, _kept_path(corpus_dir, TRASH, change.name))
    tmp = change.kept.with_name(change.kept.name + ".restore")
    shutil.copyfile(change.kept, tmp)
    os.replace(tmp, target)


def remove(corpus_dir: Path, name: str) -> Change:
    """Move document ``name`` out of the corpus into ``.trash/`` (it can be put back by hand)."""
    clean = clean_name(name)
    target = corpus_dir / clean
    if clean != name or not target.is_file():
        raise Refused(f"{name} adlı belge yok.", f"No document named {name}.")
    kept = _kept_path(corpus_dir, TRASH, clean)
    os.replace(target, kept)
    return Change(
        "removed",
        clean,
        f"{clean} kaldırıldı (çöp kutusunda saklanıyor); dizin güncelleniyor.",
        f"{clean} removed (kept in the trash); updating the index.",
        kept,
    )
