"""Build, refresh and load the on-disk index.

Layout of ``index/`` (see ``index/README.md``)::

    CURRENT                 name of the live version folder (replaced atomically)
    v-<time>-<pid>/
        manifest.json       format, model, chunking, documents, sha256 of every file
        docs/<key>.json     one document: page texts, sentences, passages
        docs/<key>.npz      its passage and sentence embeddings
        dense.faiss         the FAISS index over all passage embeddings
        bm25/, doc_freq.json  the BM25 index over the passages' Turkish tokens

Why this shape:

* Atomic. A build writes a new version folder and only then replaces ``CURRENT``
  (``os.replace`` is atomic), so killing a build at any moment leaves the previous
  index loadable. A lock file keeps two builds from running at once.
* Incremental. A document's unit (``docs/<key>.*``) is keyed by its content hash,
  the model and the chunking parameters; an unchanged document is carried over
  from the previous version without re-embedding.
* Checked. The manifest stores the sha256 of every file; a truncated or edited
  file is detected at load and the index is rebuilt with a warning, never used.
  A manifest without that list is damaged too: nothing could be checked.
* Plain failures. A folder that cannot be written (read-only, full disk) raises
  :class:`IndexUnavailable` with one line saying so; the live version is untouched.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from .backend import SearchBackend, backend_class
from .chunk import Passage, Sentence, chunk_document
from .config import INDEX_FORMAT_VERSION, Settings
from .embed import Embedder, QueryCache, get_embedder
from .ingest import Document, Skipped, UnreadableFile, corpus_files, file_sha256, load_document

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: called while documents are embedded."""


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
class BuildReport:
    """What ``kumeqa index`` prints: what was indexed, skipped, embedded, and how long it took."""

    documents: tuple[DocInfo, ...]
    skipped: tuple[Skipped, ...]
    embedded: tuple[str, ...]
    reused: tuple[str, ...]
    seconds: float
    rebuilt: bool

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)

    @property
    def passages(self) -> int:
        return sum(d.passages for d in self.documents)


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
    #: corpus's names and token sets: :class:`kumeqa.evidence.CorpusViews`).
    cache: dict = field(default_factory=dict, repr=False)

    def query_vector(self, text: str) -> np.ndarray:
        """The question's embedding (cached: repeated questions are embedded once)."""
        if self.queries is None:
            self.queries = QueryCache(self.embedder)
        return self.queries.query_vector(text)

    def page_text(self, source: str, page: int) -> str:
        """The cleaned text of one page (the "Kaynak göster" view)."""
        pages = self.pages.get(source, [])
        if not 1 <= page <= len(pages):
            raise KeyError(f"{source} has no page {page}")
        return pages[page - 1]

    def title_of(self, source: str) -> str:
        return next((d.title for d in self.docs if d.source == source), source)


# ------------------------------------------------------------------ keys and manifest


def _params(settings: Settings, embedder: Embedder) -> dict:
    return {
        "format_version": INDEX_FORMAT_VERSION,
        "model_id": embedder.model_id,
        "dim": embedder.dim,
        "chunk": asdict(settings.chunk),
        "backend": settings.backend,
    }


def _doc_key(sha256: str, params: dict) -> str:
    blob = json.dumps({"sha256": sha256, **params}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


def _current_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    path = index_dir / name
    return path if name and path.is_dir() else None


def current_version(index_dir: Path) -> str | None:
    """The name of the live version (what ``CURRENT`` points to), read without loading anything.

    A running app polls this to notice a version written by another process.
    """
    try:
        version_dir = _current_dir(index_dir)
    except OSError:
        return None
    return version_dir.name if version_dir else None


def _read_manifest(version_dir: Path) -> dict | None:
    try:
        return json.loads((version_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _corpus_state(corpus_dir: Path) -> dict[str, str]:
    return {p.relative_to(corpus_dir).as_posix(): file_sha256(p) for p in corpus_files(corpus_dir)}


def stale_reason(settings: Settings, embedder: Embedder) -> str | None:
    """Why the index must be (re)built, or ``None`` if it is up to date."""
    version_dir = _current_dir(settings.index_dir)
    if version_dir is None:
        return "no index yet"
    manifest = _read_manifest(version_dir)
    if manifest is None:
        return "manifest missing or unreadable"
    if not manifest.get("files"):
        return "manifest has no checksums"
    if manifest.get("params") != _params(settings, embedder):
        return "index format, model or chunking changed"
    if manifest.get("dense_index") != settings.retrieval.dense_index_params():
        return "dense index settings changed"
    if manifest.get("budget") != asdict(settings.budget):
        return "document budgets changed"
    known = {d["source"]: d["sha256"] for d in manifest["documents"]}
    known.update({s["source"]: s["sha256"] for s in manifest.get("skipped", []) if s.get("sha256")})
    if known != _corpus_state(settings.corpus_dir):
        return "corpus changed"
    return None


# ------------------------------------------------------------------ build


def build_index(settings: Settings, rebuild: bool = False, progress: Progress | None = None) -> BuildReport:
    """Build or refresh ``settings.index_dir`` from ``settings.corpus_dir``.

    Unchanged documents are reused from the live version unless ``rebuild``.
    """
    started = time.perf_counter()
    embedder = get_embedder(settings.model)
    params = _params(settings, embedder)
    try:
        return _build_locked(settings, embedder, params, rebuild, progress, started)
    except (OSError, RuntimeError) as exc:  # faiss reports a failed write as RuntimeError
        raise IndexUnavailable(write_problem(exc, settings.index_dir)) from exc


def write_problem(exc: BaseException, index_dir: Path) -> str:
    """One line saying why the index folder could not be written (no traceback for a full disk)."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if isinstance(exc, Timeout):
        why = "another build still holds the lock"
    elif code == errno.EROFS or "Read-only file system" in text:
        why = "the folder is read-only"
    elif code == errno.ENOSPC or "No space left" in text:
        why = "the disk is full"
    elif code in (errno.EACCES, errno.EPERM):
        why = "no permission to write there"
    else:
        why = text.splitlines()[0] if text else type(exc).__name__
    return f"index not updated: cannot write to {index_dir} ({why})"


def _build_locked(
    settings: Settings, embedder: Embedder, params: dict, rebuild: bool, progress: Progress | None, started: float
) -> BuildReport:
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(index_dir / ".lock"), timeout=600):
        previous = None if rebuild else _current_dir(index_dir)
        version_dir = index_dir / f"v-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        tmp_dir = version_dir.with_name(version_dir.name + ".tmp")
        (tmp_dir / "docs").mkdir(parents=True)
        try:
            report = _write_version(settings, embedder, params, previous, tmp_dir, progress, started)
            os.replace(tmp_dir, version_dir)
            _switch_current(index_dir, version_dir.name)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        _prune_old_versions(index_dir, keep={version_dir.name, previous.name if previous else ""})
    return report


def _write_version(
    settings: Settings,
    embedder: Embedder,
    params: dict,
    previous: Path | None,
    out_dir: Path,
    progress: Progress | None,
    started: float,
) -> BuildReport:
    docs: list[DocInfo] = []
    skipped: list[dict] = []
    embedded: list[str] = []
    reused: list[str] = []
    files = corpus_files(settings.corpus_dir)
    vectors: list[np.ndarray] = []
    all_passages: list[Passage] = []
    for number, path in enumerate(files, start=1):
        source = path.relative_to(settings.corpus_dir).as_posix()
        sha = file_sha256(path)
        key = _doc_key(sha, params)
        if progress:
            progress(number - 1, len(files), source)
        if previous is not None and _copy_unit(previous, out_dir, key):
            unit = json.loads((out_dir / "docs" / f"{key}.json").read_text(encoding="utf-8"))
            reused.append(source)
        else:
            try:
                doc = load_document(path, source, settings.budget)
            except UnreadableFile as exc:
                log.warning("skipping %s: %s", source, exc)
                skipped.append({"source": source, "reason": str(exc), "sha256": sha})
                continue
            except Exception as exc:  # noqa: BLE001 - one broken file must not stop the corpus
                log.warning("skipping %s: %s", source, exc)
                skipped.append(
                    {"source": source, "reason": f"could not read ({type(exc).__name__}: {exc})", "sha256": sha}
                )
                continue
            unit = _embed_unit(doc, settings, embedder, out_dir, key)
            embedded.append(source)
        if unit["source"] != source:  # the same bytes under another name
            unit["source"] = source
            for item in unit["passages"] + unit["sentences"]:
                item["source"] = source
            (out_dir / "docs" / f"{key}.json").write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
        docs.append(
            DocInfo(source, unit["title"], sha, key, len(unit["pages"]), len(unit["passages"]), len(unit["sentences"]))
        )
        vectors.append(np.load(out_dir / "docs" / f"{key}.npz")["passages"])
        all_passages.extend(Passage(**{**p, "sentence_ids": tuple(p["sentence_ids"])}) for p in unit["passages"])
    if progress:
        progress(len(files), len(files), "FAISS")
    dim = embedder.dim
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, dim), np.float32)
    backend_class(settings.backend).write(matrix, all_passages, out_dir, settings.retrieval)
    seconds = time.perf_counter() - started
    manifest = {
        "params": params,
        "dense_index": settings.retrieval.dense_index_params(),
        "budget": asdict(settings.budget),
        "documents": [asdict(d) for d in docs],
        "skipped": skipped,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "build_seconds": round(seconds, 3),
    }
    manifest["files"] = {
        p.relative_to(out_dir).as_posix(): file_sha256(p) for p in sorted(out_dir.rglob("*")) if p.is_file()
    }
    _write_json_atomic(out_dir / "manifest.json", manifest)
    return BuildReport(
        documents=tuple(docs),
        skipped=tuple(Skipped(s["source"], s["reason"]) for s in skipped),
        embedded=tuple(embedded),
        reused=tuple(reused),
        seconds=seconds,
        rebuilt=True,
    )


def _embed_unit(doc: Document, settings: Settings, embedder: Embedder, out_dir: Path, key: str) -> dict:
    sentences, passages = chunk_document(doc, settings.chunk)
    sentence_vectors = _embed_batched(embedder, [s.text for s in sentences], doc.source, "sentences")
    if settings.chunk.passage_vector == "mean":
        sections = sorted({p.section for p in passages if p.section})
        section_vectors = dict(zip(sections, _embed_batched(embedder, sections, doc.source, "headings")))
        passage_vectors = _mean_vectors(
            sentence_vectors, passages, section_vectors, settings.chunk.heading_weight, embedder.dim
        )
    else:
        passage_vectors = _embed_batched(embedder, [p.embedding_text() for p in passages], doc.source, "passages")
    unit = {
        "source": doc.source,
        "title": doc.title,
        "sha256": doc.sha256,
        "pages": [doc.page_text(i) for i in range(1, doc.n_pages + 1)],
        "sentences": [asdict(s) for s in sentences],
        "passages": [asdict(p) for p in passages],
    }
    (out_dir / "docs" / f"{key}.json").write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    with (out_dir / "docs" / f"{key}.npz").open("wb") as fh:
        np.savez(fh, passages=passage_vectors, sentences=sentence_vectors)
    return unit


def _mean_vectors(
    sentence_vectors: np.ndarray,
    passages: list[Passage],
    section_vectors: dict[str, np.ndarray],
    heading_weight: float,
    dim: int,
) -> np.ndarray:
    """Normalised mean of each passage's sentence vectors plus its heading's vector.

    The heading gives the passage its subject (a sentence such as "Kümelenmede
    140’dan fazla üye şirket bulunuyor." names no cluster). Sentence ids are local
    to the document here.
    """
    out = np.zeros((len(passages), dim), np.float32)
    for row, passage in enumerate(passages):
        out[row] = sentence_vectors[list(passage.sentence_ids)].mean(axis=0)
        if passage.section in section_vectors:
            out[row] += heading_weight * section_vectors[passage.section]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def _embed_batched(embedder: Embedder, texts: list[str], source: str, what: str) -> np.ndarray:
    """Embed in batches behind a progress bar (shown on a terminal for long documents)."""
    from tqdm import tqdm

    # Identical texts (boilerplate, repeated headers, a file pasted twice) are embedded once.
    unique = list(dict.fromkeys(texts))
    batch = getattr(embedder, "batch_size", 32)
    parts = []
    with tqdm(total=len(unique), desc=f"{source}: {what}", unit=what[:-1], disable=None, leave=False) as bar:
        for i in range(0, len(unique), batch):
            parts.append(embedder.encode_passages(unique[i : i + batch]))
            bar.update(len(unique[i : i + batch]))
    if not parts:
        return np.zeros((0, embedder.dim), np.float32)
    vectors = np.concatenate(parts)
    row = {text: i for i, text in enumerate(unique)}
    return vectors[[row[t] for t in texts]]


def _copy_unit(previous: Path, out_dir: Path, key: str) -> bool:
    """Carry a document's unit over from the previous version; False if not there or damaged."""
    manifest = _read_manifest(previous)
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


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _switch_current(index_dir: Path, name: str) -> None:
    tmp = index_dir / f"CURRENT.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / "CURRENT")


def _prune_old_versions(index_dir: Path, keep: set[str]) -> None:
    """Remove older versions and leftovers of killed builds; keep the live and previous one.

    The previous version stays so that a reader that resolved ``CURRENT`` just
    before the switch can still finish loading it.
    """
    for path in index_dir.glob("v-*"):
        if path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


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
    """Load the live index (it must exist and be fresh; see :func:`ensure_index`)."""
    embedder = get_embedder(settings.model)
    version_dir = _current_dir(settings.index_dir)
    if version_dir is None:
        raise IndexUnavailable(f"no index in {settings.index_dir}; run 'kumeqa index'")
    manifest = _read_manifest(version_dir)
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
        unit = json.loads((version_dir / "docs" / f"{doc.key}.json").read_text(encoding="utf-8"))
        s_offset, p_offset = len(sentences), len(passages)
        for s in unit["sentences"]:
            sentences.append(Sentence(**{**s, "id": s["id"] + s_offset}))
        for p in unit["passages"]:
            ids = tuple(i + s_offset for i in p["sentence_ids"])
            passages.append(Passage(**{**p, "id": p["id"] + p_offset, "sentence_ids": ids}))
        sentence_vectors.append(np.load(version_dir / "docs" / f"{doc.key}.npz")["sentences"])
        pages[doc.source] = unit["pages"]
    backend = backend_class(settings.backend).load(version_dir, passages, settings.retrieval)
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


def ensure_index(settings: Settings, progress: Progress | None = None) -> tuple[Index, BuildReport | None]:
    """Load the index, building or refreshing it first when missing, stale or damaged."""
    embedder = get_embedder(settings.model)
    reason = stale_reason(settings, embedder)
    report = None
    if reason is not None:
        log.info("building index: %s", reason)
        try:
            report = build_index(settings, progress=progress)
        except IndexUnavailable as exc:
            return _serve_stale(settings, exc), None
    try:
        return load_index(settings), report
    except IndexUnavailable as exc:
        log.warning("%s; rebuilding the index", exc)
        report = build_index(settings, rebuild=True, progress=progress)
        return load_index(settings), report


def _serve_stale(settings: Settings, failure: IndexUnavailable) -> Index:
    """The live index when a refresh could not be written; re-raise when there is none to serve."""
    try:
        index = load_index(settings)
    except IndexUnavailable:
        raise failure from None
    log.warning("%s", failure)
    return index
