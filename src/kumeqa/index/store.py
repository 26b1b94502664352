"""The on-disk index: versions, ``CURRENT``, the manifest, document units, loading.

Layout of ``index/`` (see ``index/README.md``)::

    CURRENT                 name of the live version folder (replaced atomically)
    v-<time>-<pid>/
        manifest.json       fingerprint (format, model, chunking, backend), documents, sha256 of every file
        docs/<key>.json     one document: page texts, sentences, passages
        docs/<key>.npz      its passage and sentence embeddings
        ...                 what the search backend writes (``kumeqa.index.local``, ``kumeqa.index.milvus``)

Why this shape:

* Atomic. A build writes a new version folder and only then replaces ``CURRENT``
  (``os.replace`` is atomic), so killing a build at any moment leaves the previous
  index loadable. A lock file keeps two builds from running at once.
* Incremental. A document's unit (``docs/<key>.*``) is keyed by its content hash and
  the index fingerprint (:func:`index_params`); an unchanged document is carried over
  from the previous version without re-embedding. The search backend and its settings
  (:func:`search_params`) are recorded apart: changing them rebuilds only the backend.
* Checked. The manifest stores the sha256 of every file; a truncated or edited
  file is detected at load and the index is rebuilt with a warning, never used.
  A manifest without that list is damaged too: nothing could be checked.
  A backend's live database files (which the engine itself rewrites while serving)
  are named by the backend and left out of the checksums.

This module knows files and folders only; turning documents into units is
:mod:`kumeqa.index.builder`'s job, searching them the backend's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
from filelock import FileLock

from ..backend import SearchBackend, backend_class
from ..chunk import Passage, Sentence
from ..config import INDEX_FORMAT_VERSION, Settings
from ..embed import Embedder, QueryCache, get_embedder
from ..ingest import Skipped, corpus_files, file_sha256
from ..letters import Spellings, restore, spellings

#: How long a second build waits for the first one's lock before giving up.
LOCK_TIMEOUT_S = 600


class IndexUnavailable(Exception):
    """The index could not be built or loaded; the message says why."""


@dataclass(frozen=True)
class DocInfo:
    """A document as the index knows it."""

    source: str
    title: str
    sha256: str
    key: str
    pages: int
    passages: int
    sentences: int


@dataclass(frozen=True)
class Unit:
    """One document as stored: page texts, sentences, passages and their vectors.

    Sentence and passage ids are local to the document (0, 1, ...); loading offsets
    them into corpus-wide ids.
    """

    source: str
    title: str
    sha256: str
    pages: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    passages: tuple[Passage, ...]
    passage_vectors: np.ndarray = field(repr=False)
    sentence_vectors: np.ndarray = field(repr=False)

    def renamed(self, source: str) -> Unit:
        """The same unit under another file name (the same bytes copied or moved)."""
        return replace(
            self,
            source=source,
            sentences=tuple(replace(s, source=source) for s in self.sentences),
            passages=tuple(replace(p, source=source) for p in self.passages),
        )


@dataclass
class Index:
    """A loaded index: text units, their vectors, the search backend, the page texts."""

    settings: Settings
    embedder: Embedder
    docs: list[DocInfo]
    skipped: list[Skipped]
    passages: list[Passage]
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    backend: SearchBackend
    pages: dict[str, list[str]] = field(repr=False)
    version: str = ""
    queries: QueryCache | None = field(default=None, repr=False)
    #: Views that later stages compute from this index once, on first use (the
    #: corpus's names and token sets: :class:`kumeqa.corpusviews.CorpusViews`).
    cache: dict = field(default_factory=dict, repr=False)

    def query_vector(self, text: str) -> np.ndarray:
        """The question's embedding (cached: repeated questions are embedded once).

        A question typed without Turkish letters is embedded as the documents would
        spell it (:mod:`kumeqa.letters`): the model reads ``kaç`` and ``kac`` apart.
        """
        if self.queries is None:
            self.queries = QueryCache(self.embedder)
        return self.queries.query_vector(restore(text, self.spellings()))

    def spellings(self) -> Spellings:
        """How the documents spell their words (:mod:`kumeqa.letters`), counted on first use."""
        known = self.cache.get("spellings")
        if known is None:
            known = self.cache["spellings"] = spellings(s.text for s in self.sentences)
        return known

    def page_text(self, source: str, page: int) -> str:
        """The cleaned text of one page (the "Kaynak göster" view)."""
        pages = self.pages.get(source, [])
        if not 1 <= page <= len(pages):
            raise KeyError(f"{source} has no page {page}")
        return pages[page - 1]

    def title_of(self, source: str) -> str:
        return next((d.title for d in self.docs if d.source == source), source)


# ------------------------------------------------------------------ fingerprint and manifest


def index_params(settings: Settings, embedder: Embedder) -> dict:
    """What a document's unit depends on: a change re-embeds every document.

    Besides the model and the chunking, the text pipeline's own constants: the
    abbreviations decide where sentences end; the stopwords, the stem length and the
    compounds read as one word decide what BM25 indexes. Editing any of them rebuilds
    instead of silently reusing an index made under other rules.
    """
    from .. import text

    pipeline = json.dumps(
        [text.STEM_PREFIX, sorted(text.STOPWORDS), sorted(text.ABBREVIATIONS), text.SPLIT_COMPOUNDS], ensure_ascii=False
    ).encode()
    return {
        "format_version": INDEX_FORMAT_VERSION,
        "model_id": embedder.model_id,
        "dim": embedder.dim,
        "chunk": asdict(settings.chunk),
        "text_pipeline": hashlib.sha256(pipeline).hexdigest()[:16],
    }


def search_params(settings: Settings) -> dict:
    """The backend and what its search structures depend on: a change rebuilds them from the
    stored units, without re-embedding (switching ``--backend`` costs no embedding)."""
    return {"backend": settings.backend, **backend_class(settings.backend).params(settings)}


def doc_key(sha256: str, params: dict) -> str:
    blob = json.dumps({"sha256": sha256, **params}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


def current_version(index_dir: Path) -> Path | None:
    """The live version folder named by ``CURRENT``, or ``None``."""
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    path = index_dir / name
    return path if name and path.is_dir() else None


def current_version_name(index_dir: Path) -> str | None:
    """The name of the live version (what ``CURRENT`` points to), read without loading anything.

    A running app polls this to notice a version written by another process.
    """
    try:
        version_dir = current_version(index_dir)
    except OSError:
        return None
    return version_dir.name if version_dir else None


def read_manifest(version_dir: Path) -> dict | None:
    try:
        return json.loads((version_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_manifest(version_dir: Path, manifest: dict, unchecked: tuple[str, ...] = ()) -> None:
    """Write ``manifest.json`` with the sha256 of every file except the ``unchecked`` ones."""
    manifest = {**manifest, "unchecked": list(unchecked)}
    manifest["files"] = {
        p.relative_to(version_dir).as_posix(): file_sha256(p)
        for p in sorted(version_dir.rglob("*"))
        if p.is_file() and not _is_unchecked(p.relative_to(version_dir).as_posix(), unchecked)
    }
    tmp = version_dir / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, version_dir / "manifest.json")


def _is_unchecked(name: str, unchecked: tuple[str, ...] | list[str]) -> bool:
    return any(name == u or name.startswith(u.rstrip("/") + "/") for u in unchecked)


def _corpus_state(corpus_dir: Path) -> dict[str, str]:
    return {p.relative_to(corpus_dir).as_posix(): file_sha256(p) for p in corpus_files(corpus_dir)}


def stale_reason(settings: Settings, embedder: Embedder) -> str | None:
    """Why the index must be (re)built, or ``None`` if it is up to date."""
    version_dir = current_version(settings.index_dir)
    if version_dir is None:
        return "no index yet"
    manifest = read_manifest(version_dir)
    if manifest is None:
        return "manifest missing or unreadable"
    if not manifest.get("files"):
        return "manifest has no checksums"
    if manifest.get("params") != index_params(settings, embedder):
        return "index format, model or chunking changed"
    if manifest.get("dense_index") != search_params(settings):
        return "search backend or dense index settings changed"
    if manifest.get("budget") != asdict(settings.budget):
        return "document budgets changed"
    known = {d["source"]: d["sha256"] for d in manifest["documents"]}
    known.update({s["source"]: s["sha256"] for s in manifest.get("skipped", []) if s.get("sha256")})
    if known != _corpus_state(settings.corpus_dir):
        return "corpus changed"
    return None


# ------------------------------------------------------------------ versions


@contextmanager
def new_version(
    index_dir: Path,
    previous: Path | None,
    activate: Callable[[Path], None],
    discard: Callable[[Path], None],
) -> Iterator[Path]:
    """A fresh version folder to write into; it goes live only if the block finishes.

    Inside the block the folder is ``v-….tmp``; on success it is renamed and
    ``CURRENT`` switched to it, then versions older than ``previous`` are pruned.
    On any exception (a crash, Ctrl-C) the folder is removed and ``CURRENT`` is not
    touched. ``activate(folder)`` tells the backend that the version is live (a Milvus
    alias follows ``CURRENT``); ``discard(folder)`` lets it drop what it keeps outside
    the folder (a collection on a Milvus server) for a failed or pruned version.
    """
    name = f"v-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    version_dir = index_dir / name
    tmp_dir = version_dir.with_name(name + ".tmp")
    (tmp_dir / "docs").mkdir(parents=True)
    try:
        yield tmp_dir
        os.replace(tmp_dir, version_dir)
        _switch_current(index_dir, version_dir.name)
    except BaseException:
        discard(tmp_dir)
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    activate(version_dir)
    _prune_old_versions(index_dir, {version_dir.name, previous.name if previous else ""}, discard)


def build_lock(index_dir: Path) -> FileLock:
    """One build at a time per index folder (the UI and a CLI may both try)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(index_dir / ".lock"), timeout=LOCK_TIMEOUT_S)


def _switch_current(index_dir: Path, name: str) -> None:
    tmp = index_dir / f"CURRENT.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / "CURRENT")


def _prune_old_versions(index_dir: Path, keep: set[str], discard: Callable[[Path], None]) -> None:
    """Remove older versions and leftovers of killed builds; keep the live and previous one.

    The previous version stays so that a reader that resolved ``CURRENT`` just
    before the switch can still finish loading it.
    """
    for path in index_dir.glob("v-*"):
        if path.name not in keep and path.is_dir():
            discard(path)
            shutil.rmtree(path, ignore_errors=True)


# ------------------------------------------------------------------ units


def write_unit(version_dir: Path, key: str, unit: Unit) -> None:
    """``docs/<key>.json`` (texts) and ``docs/<key>.npz`` (vectors)."""
    data = {
        "source": unit.source,
        "title": unit.title,
        "sha256": unit.sha256,
        "pages": list(unit.pages),
        "sentences": [asdict(s) for s in unit.sentences],
        "passages": [asdict(p) for p in unit.passages],
    }
    (version_dir / "docs" / f"{key}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with (version_dir / "docs" / f"{key}.npz").open("wb") as fh:
        np.savez(fh, passages=unit.passage_vectors, sentences=unit.sentence_vectors)


def read_unit(version_dir: Path, key: str) -> Unit:
    data = json.loads((version_dir / "docs" / f"{key}.json").read_text(encoding="utf-8"))
    vectors = np.load(version_dir / "docs" / f"{key}.npz")
    return Unit(
        source=data["source"],
        title=data["title"],
        sha256=data["sha256"],
        pages=tuple(data["pages"]),
        sentences=tuple(Sentence(**s) for s in data["sentences"]),
        passages=tuple(Passage(**{**p, "sentence_ids": tuple(p["sentence_ids"])}) for p in data["passages"]),
        passage_vectors=vectors["passages"],
        sentence_vectors=vectors["sentences"],
    )


def copy_unit(previous: Path, out_dir: Path, key: str) -> bool:
    """Carry a document's unit over from the previous version; False if not there or damaged."""
    manifest = read_manifest(previous)
    if manifest is None:
        return False
    checksums = manifest.get("files", {})
    names = [f"docs/{key}.json", f"docs/{key}.npz"]
    if not all(
        n in checksums and (previous / n).is_file() and file_sha256(previous / n) == checksums[n] for n in names
    ):
        return False
    for name in names:
        shutil.copy2(previous / name, out_dir / name)
    return True


# ------------------------------------------------------------------ load


def _verify(version_dir: Path, manifest: dict) -> str | None:
    if not manifest.get("files"):
        return "the manifest has no checksums"
    for name, checksum in manifest["files"].items():
        path = version_dir / name
        if not path.is_file():
            return f"{name} is missing"
        if file_sha256(path) != checksum:
            return f"{name} does not match its checksum"
    return None


def load_index(settings: Settings) -> Index:
    """Load the live index (it must exist and be fresh; see :func:`kumeqa.index.ensure_index`)."""
    embedder = get_embedder(settings.model)
    version_dir = current_version(settings.index_dir)
    if version_dir is None:
        raise IndexUnavailable(f"no index in {settings.index_dir}; run 'kumeqa index'")
    manifest = read_manifest(version_dir)
    if manifest is None:
        raise IndexUnavailable(f"index manifest in {version_dir} is missing or unreadable")
    problem = _verify(version_dir, manifest)
    if problem:
        raise IndexUnavailable(f"index {version_dir.name} is damaged: {problem}")
    docs = [DocInfo(**d) for d in manifest["documents"]]
    passages: list[Passage] = []
    sentences: list[Sentence] = []
    sentence_vectors: list[np.ndarray] = []
    pages: dict[str, list[str]] = {}
    for doc in docs:
        unit = read_unit(version_dir, doc.key)
        s_offset, p_offset = len(sentences), len(passages)
        sentences.extend(replace(s, id=s.id + s_offset) for s in unit.sentences)
        passages.extend(
            replace(p, id=p.id + p_offset, sentence_ids=tuple(i + s_offset for i in p.sentence_ids))
            for p in unit.passages
        )
        sentence_vectors.append(unit.sentence_vectors)
        pages[doc.source] = list(unit.pages)
    backend = backend_class(settings.backend).load(version_dir, passages, settings)
    return Index(
        settings=settings,
        embedder=embedder,
        docs=docs,
        skipped=[Skipped(s["source"], s["reason"]) for s in manifest.get("skipped", [])],
        passages=passages,
        sentences=sentences,
        sentence_vectors=np.concatenate(sentence_vectors)
        if sentence_vectors
        else np.zeros((0, embedder.dim), np.float32),
        backend=backend,
        pages=pages,
        version=version_dir.name,
    )
