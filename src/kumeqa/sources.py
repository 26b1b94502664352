"""Bibliographic data of a document (author, year, title) for BibTeX: ``corpus/sources.toml``, else the PDF.

A researcher's BibTeX entry needs an author and a year, which the text of a
document seldom states in a findable place. Two places give them, the first
that has a field wins:

1. ``corpus/sources.toml``, which users edit (the app refuses uploads of that name)::

       ["yeni-nesil-kumelenmeler.pdf"]
       author = "Soyad, Ad and Soyad, Ad"
       year = 2024
       title = "Yeni Nesil Kümelenmeler"
       type = "article"            # BibTeX entry type (default: misc)
       journal = "Dergi Adı"       # also: booktitle, publisher, institution, volume, number, doi, url

2. the PDF's own metadata (``/Author``, ``/Title``, and the year of ``/CreationDate``
   only when the metadata names an author: a PDF without one was usually produced by
   a converter, whose creation date is the day of the conversion, not the work's year).

A field neither place gives stays empty, and the BibTeX export says so in a comment
rather than guessing.

The index's title is the fallback for the title. A ``sources.toml`` that does not
parse is logged once and ignored, so an export never fails on it.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

SOURCES_FILE = "sources.toml"
#: Fields of ``sources.toml`` copied into a BibTeX entry besides author, year and title.
EXTRA_FIELDS = ("journal", "booktitle", "publisher", "institution", "volume", "number", "doi", "url")


@dataclass(frozen=True)
class SourceInfo:
    """What a citation of one document says about it."""

    title: str
    author: str = ""
    year: str = ""
    entry_type: str = "misc"
    extra: tuple[tuple[str, str], ...] = ()


def source_info(corpus_dir: Path, source: str, title: str) -> SourceInfo:
    """The bibliographic data of ``source`` (a path relative to ``corpus_dir``); ``title`` is the fallback."""
    listed = _listed(corpus_dir / SOURCES_FILE).get(source, {})
    meta = _pdf_metadata(corpus_dir / source) if source.lower().endswith(".pdf") else {}
    entry_type = str(listed.get("type", "misc"))
    return SourceInfo(
        title=str(listed.get("title") or meta.get("title") or title),
        author=str(listed.get("author") or meta.get("author") or ""),
        year=str(listed.get("year") or meta.get("year") or ""),
        entry_type=entry_type if re.fullmatch(r"[a-z]+", entry_type) else "misc",
        extra=tuple((k, str(listed[k])) for k in EXTRA_FIELDS if listed.get(k)),
    )


def _read_cached(path: Path, read):
    """``read(path, mtime_ns, size)``: cached per version of the file; {} when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return read(str(path), stat.st_mtime_ns, stat.st_size)


def _listed(path: Path) -> dict[str, dict]:
    return _read_cached(path, _parse_sources)


@lru_cache(maxsize=4)
def _parse_sources(path: str, mtime_ns: int, size: int) -> dict[str, dict]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return {}
    return {name: table for name, table in data.items() if isinstance(table, dict)}


def _pdf_metadata(path: Path) -> dict[str, str]:
    return _read_cached(path, _read_pdf_metadata)


@lru_cache(maxsize=256)
def _read_pdf_metadata(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    from pypdf import PdfReader

    try:
        meta = PdfReader(path).metadata
    except Exception as exc:  # noqa: BLE001 - metadata is a nicety; an odd PDF must not break an export
        log.warning("no metadata from %s: %s: %s", path, type(exc).__name__, exc)
        return {}
    if meta is None:
        return {}
    out: dict[str, str] = {}
    for key, name in (("title", "/Title"), ("author", "/Author")):
        value = str(meta.get(name) or "").strip()
        if value:
            out[key] = value
    year = re.match(r"(?:D:)?(\d{4})", str(meta.get("/CreationDate") or ""))
    if year and "author" in out:
        out["year"] = year.group(1)
    return out
