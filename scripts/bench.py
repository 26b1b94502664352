"""Benchmarks behind the performance targets: ``make bench``.

    .venv/bin/python scripts/bench.py [--sizes 1000,10000,100000,250000] [--no-write]

Measures, on this machine:

1. the paper: cold index build time, warm ``ask`` and ``check`` latency p50/p95
   (question embedding included: the query cache is emptied before every question);
2. quality by configuration on the dev set (BM25 only, dense only, hybrid RRF,
   hybrid score mixing);
3. growing corpora of 10^3, 10^4, 10^5 and 2.5·10^5 passages (the last past the
   HNSW switch), made by replicating the paper's passages and sentences (real texts,
   real vectors with a little noise, so that copies are not identical): build time
   and throughput, memory of the dense index, exact vs HNSW FAISS latency, HNSW
   recall@10 against exact (same ids, and same original passage), BM25 latency, and
   the whole ``ask`` path (retrieval + answer) at each size.

4. the two search backends side by side on the same replicated corpora (sizes from
   ``--backend-sizes``): local FAISS + bm25s against Milvus Lite: build time, memory
   (resident memory the loaded backend adds to a fresh process, and its size on
   disk) and the whole ``ask`` path p50/p95. Each backend and size runs in processes
   of its own (one builds, one serves), so that one's memory is not counted in the
   other's.

``make bench`` runs the small sizes (10^3 and 10^4 passages, a few minutes) and writes
to ``build/bench/``; the numbers in ``docs/`` come from

    make bench BENCH_SIZES=1000,10000,100000,250000 BENCH_BACKEND_SIZES=1000,10000,100000 BENCH_OUT=docs

(about half an hour on 2 cores, most of it Milvus Lite inserting 10^5 rows and BM25 at
2.5·10^5); ``--backends-only`` runs part 4 alone and merges it into an existing
``bench.json``. Writes ``bench.json`` and the plots ``bench-*.png`` to ``--out`` and
prints a summary; docs/benchmarks.md discusses the numbers.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from kumeqa.answer import answer_question
from kumeqa.backend import backend_class
from kumeqa.chunk import Passage, Sentence
from kumeqa.config import Settings
from kumeqa.embed import QueryCache
from kumeqa.evaluate import evaluate, evaluate_claims, load_claims, load_dev_set
from kumeqa.index import Index, build_index, ensure_index, load_index
from kumeqa.index.local import LocalBackend
from kumeqa.stats import percentile
from kumeqa.verify import check_claim

ROOT = Path(__file__).resolve().parents[1]
#: Where bench.json and the plots go (``--out``).
OUT = ROOT / "build" / "bench"


def timed(fn, *args) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - started) * 1000, out


# ------------------------------------------------------------------ 1. the paper


def bench_paper(questions: list[str], claims: list[str]) -> tuple[dict, Index]:
    tmp = Path(tempfile.mkdtemp(prefix="kumeqa-bench-"))
    settings = Settings().with_paths(ROOT / "corpus", tmp / "index")
    ensure_index(Settings().with_paths(ROOT / "corpus", tmp / "warm"))  # load the model once
    build_ms, report = timed(build_index, settings, True)
    index = load_index(settings)
    ask_ms, check_ms = [], []
    for _ in range(3):
        for q in questions:
            index.queries = QueryCache(index.embedder)  # embed every question for real
            ask_ms.append(timed(answer_question, index, q)[0])
        for c in claims:
            index.queries = QueryCache(index.embedder)
            check_ms.append(timed(check_claim, index, c)[0])
    shutil.rmtree(tmp, ignore_errors=True)
    return {
        "passages": report.passages,
        "pages": report.pages,
        "build_s": round(build_ms / 1000, 2),
        "build_passages_per_s": round(report.passages / (build_ms / 1000), 1),
        "ask_ms_p50": round(percentile(ask_ms, 50), 1),
        "ask_ms_p95": round(percentile(ask_ms, 95), 1),
        "check_ms_p50": round(percentile(check_ms, 50), 1),
        "check_ms_p95": round(percentile(check_ms, 95), 1),
    }, index


# ------------------------------------------------------------------ 2. quality by configuration


def bench_quality(index: Index) -> dict:
    # Choosing a retrieval configuration is tuning: compared on the tuning split only.
    items = load_dev_set(ROOT / "tests" / "data" / "questions-tune.jsonl")
    claims = load_claims(ROOT / "tests" / "data" / "claims-tune.jsonl")
    base = index.settings
    configs = {
        "BM25 only": replace(base.retrieval, mode="lexical"),
        "dense only": replace(base.retrieval, mode="dense"),
        "hybrid, score mixing": replace(base.retrieval, fusion="mix"),
        "hybrid, RRF (default)": base.retrieval,
    }
    out = {}
    for name, retrieval in configs.items():
        index.settings = replace(base, retrieval=retrieval)
        r = evaluate(index, items).as_json()
        c = evaluate_claims(index, claims)
        out[name] = {
            "recall@1": r["retrieval_recall@1"],
            "recall@5": r["retrieval_recall@5"],
            "mrr": r["mrr"],
            "hit@1": r["answer_hit@1"],
            "span": r["span_accuracy"],
            "abstain_unanswerable": r["abstain_unanswerable"],
            "abstain_answerable": r["abstain_answerable"],
            "claims_accuracy": c["accuracy"],
        }
    index.settings = base
    return out


# ------------------------------------------------------------------ 3. growing corpora


def replicate(index: Index, n_passages: int, rng: np.random.Generator) -> Index:
    """An index of about ``n_passages`` passages: copies of the paper's, vectors jittered."""
    copies = max(1, round(n_passages / len(index.passages)))
    passages: list[Passage] = []
    sentences: list[Sentence] = []
    for c in range(copies):
        s_off, p_off = c * len(index.sentences), c * len(index.passages)
        source = f"kopya-{c:05d}.pdf"
        sentences.extend(replace(s, id=s.id + s_off, source=source) for s in index.sentences)
        passages.extend(
            replace(p, id=p.id + p_off, source=source, sentence_ids=tuple(i + s_off for i in p.sentence_ids))
            for p in index.passages
        )
    s_vec = np.tile(index.sentence_vectors, (copies, 1))
    s_vec += rng.normal(0, 0.01, s_vec.shape).astype(np.float32)
    s_vec /= np.linalg.norm(s_vec, axis=1, keepdims=True)
    p_vec = np.zeros((len(passages), s_vec.shape[1]), np.float32)
    for p in passages:
        p_vec[p.id] = s_vec[list(p.sentence_ids)].mean(axis=0)
    p_vec /= np.linalg.norm(p_vec, axis=1, keepdims=True)
    return passages, sentences, s_vec, p_vec


def bench_scale(index: Index, questions: list[str], sizes: list[int]) -> list[dict]:
    rng = np.random.default_rng(7)
    q_vecs = index.embedder.encode_queries(questions)
    rows = []
    for n in sizes:
        passages, sentences, s_vec, p_vec = replicate(index, n, rng)
        row = {"passages": len(passages), "sentences": len(sentences)}
        exact_ids = []
        for kind, threshold in (("exact", 10**12), ("hnsw", 0)):
            cfg = replace(index.settings.retrieval, hnsw_threshold=threshold)
            build_ms, dense = timed(LocalBackend.build_dense, p_vec, cfg)
            if hasattr(dense, "hnsw"):
                dense.hnsw.efSearch = cfg.hnsw_ef_search
            lat, ids = [], []
            for q in q_vecs:
                ms, (_, found) = timed(dense.search, q.reshape(1, -1), 10)
                lat.append(ms)
                ids.append(found[0])
            row[f"{kind}_build_s"] = round(build_ms / 1000, 3)
            row[f"{kind}_ms_p50"] = round(percentile(lat, 50), 3)
            row[f"{kind}_ms_p95"] = round(percentile(lat, 95), 3)
            tmp = Path(tempfile.mkdtemp())
            import faiss

            faiss.write_index(dense, str(tmp / "d.faiss"))
            row[f"{kind}_mb"] = round((tmp / "d.faiss").stat().st_size / 2**20, 1)
            shutil.rmtree(tmp)
            if kind == "exact":
                exact_ids = ids
            else:
                hits = [len(set(a) & set(b)) / 10 for a, b in zip(exact_ids, ids)]
                row["hnsw_recall@10"] = round(float(np.mean(hits)), 4)
                # The same ids is harsh on replicated data: copies of one passage are
                # near-ties. What a reader gets is the passage's text, whichever copy,
                # so also count the original passages found.
                n = len(index.passages)
                same_text = [
                    len({i % n for i in a} & {i % n for i in b}) / len({i % n for i in a})
                    for a, b in zip(exact_ids, ids)
                ]
                row["hnsw_text_recall@10"] = round(float(np.mean(same_text)), 4)
        bm25_ms, (bm25, doc_freq) = timed(LocalBackend.build_lexical, passages)
        row["bm25_build_s"] = round(bm25_ms / 1000, 2)
        backend = LocalBackend(
            LocalBackend.build_dense(p_vec, index.settings.retrieval),
            bm25,
            doc_freq,
            len(passages),
            index.settings.retrieval,
        )
        big = Index(
            settings=index.settings,
            embedder=index.embedder,
            docs=index.docs,
            skipped=[],
            passages=passages,
            sentences=sentences,
            sentence_vectors=s_vec,
            backend=backend,
            pages=index.pages,
        )
        from kumeqa.retrieve import query_tokens

        lex = [timed(backend.lexical_search, query_tokens(q, backend), 30)[0] for q in questions]
        row["bm25_ms_p50"] = round(percentile(lex, 50), 2)
        row["bm25_ms_p95"] = round(percentile(lex, 95), 2)
        ask = []
        for q in questions:
            big.queries = QueryCache(big.embedder)
            ask.append(timed(answer_question, big, q)[0])
        row["ask_ms_p50"] = round(percentile(ask, 50), 1)
        row["ask_ms_p95"] = round(percentile(ask, 95), 1)
        row["dense_index"] = "HNSW" if len(passages) > index.settings.retrieval.hnsw_threshold else "exact"
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


# ------------------------------------------------------------------ 4. local vs Milvus Lite


def _memory_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process in MB (Linux ``/proc``).

    Freed memory is handed back to the system first (``malloc_trim``): otherwise what
    replicating the corpus allocated and freed would be reused by the backend unseen.
    The peak is reset, so that the next call's peak is that of what ran in between.
    """
    import ctypes

    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) restarts from here
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def _replicated(paper_dir: Path, n: int) -> tuple[Index, list, list, np.ndarray, np.ndarray]:
    paper = load_index(replace(Settings().with_paths(ROOT / "corpus", paper_dir), backend="local"))
    return (paper, *replicate(paper, n, np.random.default_rng(7)))


def backend_build(backend: str, n: int, paper_dir: Path, out_dir: Path) -> dict:
    """Child process: write one backend's index of ``n`` passages into ``out_dir``."""
    paper, passages, _, _, p_vec = _replicated(paper_dir, n)
    settings = replace(paper.settings, backend=backend)
    before, _ = _memory_mb()
    cpu = time.process_time()
    build_ms, _ = timed(backend_class(backend).write, p_vec, passages, out_dir, settings)
    build_cpu = time.process_time() - cpu
    _, peak = _memory_mb()
    disk = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file())
    return {
        "build_s": round(build_ms / 1000, 2),
        "build_cpu_s": round(build_cpu, 2),
        "build_peak_mb": round(peak - before, 1),
        "disk_mb": round(disk / 2**20, 1),
    }


def backend_serve(backend: str, n: int, paper_dir: Path, out_dir: Path) -> dict:
    """Child process: load what :func:`backend_build` wrote and answer the dev questions."""
    paper, passages, sentences, s_vec, _ = _replicated(paper_dir, n)
    settings = replace(paper.settings, backend=backend)
    questions = [
        i.question for s in ("tune", "test") for i in load_dev_set(ROOT / "tests" / "data" / f"questions-{s}.jsonl")
    ]
    paper.query_vector(questions[0])  # the model's first call is not the backend's
    before, _ = _memory_mb()
    load_ms, search = timed(backend_class(backend).load, out_dir, passages, settings)
    after, _ = _memory_mb()
    big = Index(settings, paper.embedder, paper.docs, [], passages, sentences, s_vec, search, paper.pages)
    from kumeqa.retrieve import query_tokens

    ask, lookup, lookup_cpu = [], [], []
    for q in questions:
        big.queries = QueryCache(big.embedder)
        ask.append(timed(answer_question, big, q)[0])
        # The backend's own share: one dense and one BM25 search (the question is embedded
        # already), as wall time and as this process's CPU time (all threads: Milvus Lite
        # serves from threads of this process). On a shared machine the CPU time is the
        # steadier of the two: waiting for a core is not in it.
        vector, tokens = big.query_vector(q), query_tokens(q, search)
        cpu = time.process_time()
        lookup.append(timed(search.dense_search, vector, 30)[0] + timed(search.lexical_search, tokens, 30)[0])
        lookup_cpu.append((time.process_time() - cpu) * 1000)
    return {
        "load_s": round(load_ms / 1000, 2),
        "memory_mb": round(after - before, 1),
        "ask_ms_p50": round(percentile(ask, 50), 1),
        "ask_ms_p95": round(percentile(ask, 95), 1),
        "search_ms_p95": round(percentile(lookup, 95), 1),
        "search_cpu_ms_p50": round(percentile(lookup_cpu, 50), 1),
        "search_cpu_ms_p95": round(percentile(lookup_cpu, 95), 1),
        "load_average": round(__import__("os").getloadavg()[0], 1),
    }


def bench_backends(sizes: list[int]) -> list[dict]:
    """Local vs Milvus Lite at each size, every measurement in a fresh process."""
    work = Path(tempfile.mkdtemp(prefix="kumeqa-backends-"))
    paper_dir = work / "paper-index"
    ensure_index(Settings().with_paths(ROOT / "corpus", paper_dir))
    rows = []
    for n in sizes:
        for backend in ("local", "milvus"):
            out_dir = work / f"v-{backend}-{n}"
            out_dir.mkdir()
            row = {"backend": backend, "passages_asked": n}
            for phase in ("build", "serve"):
                args = [sys.executable, __file__, "--run", phase, backend, str(n), str(paper_dir), str(out_dir)]
                done = subprocess.run(args, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise RuntimeError(f"{phase} {backend} {n} failed:\n{done.stderr[-3000:]}")
                row.update(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(row), flush=True)
            rows.append(row)
            shutil.rmtree(out_dir, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return rows


# ------------------------------------------------------------------ plots


def _line_chart(plt, sizes, series, reference, ylabel: str, title: str, name: str, log_y: bool = False) -> None:
    """One chart over corpus size (log x): ``series`` of ``(label, values)`` and a dashed ``(y, label)`` line."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for label, values in series:
        ax.plot(sizes, values, marker="o", label=label)
    ax.axhline(reference[0], color="grey", linestyle="--", linewidth=1, label=reference[1])
    ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("passages")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    _save(fig, name)


def _save(fig, name: str) -> None:
    fig.tight_layout()
    fig.savefig(OUT / name, dpi=110)


def plot(paper: dict, quality: dict, scale: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["passages"] for r in scale]
    latency = [
        ("FAISS exact (p95)", "exact_ms_p95"),
        ("FAISS HNSW (p95)", "hnsw_ms_p95"),
        ("BM25 (p95)", "bm25_ms_p95"),
        ("whole ask path (p95; HNSW past the switch)", "ask_ms_p95"),
    ]
    _line_chart(
        plt,
        sizes,
        [(label, [r[key] for r in scale]) for label, key in latency],
        (100, "target: ask p95 ≤ 100 ms"),
        "ms",
        "Query latency vs corpus size (2 cores)",
        "bench-latency.png",
    )
    build = [
        ("FAISS exact", "exact_build_s"),
        ("FAISS HNSW", "hnsw_build_s"),
        ("BM25 (tokenize + index)", "bm25_build_s"),
    ]
    rate = paper["build_passages_per_s"]
    _line_chart(
        plt,
        sizes,
        [(label, [r["passages"] / max(r[key], 1e-6) for r in scale]) for label, key in build],
        (rate, f"full build incl. embedding (paper): {rate:.0f}/s"),
        "passages per second",
        "Index build throughput",
        "bench-build.png",
        log_y=True,
    )

    fig, ax = plt.subplots(figsize=(7, 4.2))
    names = list(quality)
    metrics = ["recall@1", "recall@5", "hit@1", "span", "claims_accuracy"]
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        ax.bar([m + i * width for m in range(len(metrics))], [quality[name][k] for k in metrics], width, label=name)
    ax.set_xticks([m + width * (len(names) - 1) / 2 for m in range(len(metrics))], metrics)
    ax.set_ylim(0, 1.05)
    ax.set_title("Dev-set quality by retrieval configuration")
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, "bench-quality.png")


def plot_backends(rows: list[dict]) -> None:
    """Ask p95, the backends' own search p95, build time and memory over corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(15, 3.8))
    panels = [
        ("ask_ms_p95", "whole ask path p95 (ms)"),
        ("search_cpu_ms_p95", "dense + BM25 search p95 (CPU ms)"),
        ("build_s", "search index build (s)"),
        ("memory_mb", "resident memory added (—) / on disk (--), MB"),
    ]
    for ax, (key, title) in zip(axes, panels):
        for colour, (backend, label) in enumerate((("local", "local (FAISS + bm25s)"), ("milvus", "Milvus Lite"))):
            mine = [r for r in rows if r["backend"] == backend]
            sizes = [r["passages_asked"] for r in mine]
            ax.plot(sizes, [r[key] for r in mine], marker="o", color=f"C{colour}", label=label)
            if key == "memory_mb":
                ax.plot(sizes, [r["disk_mb"] for r in mine], marker="s", linestyle="--", color=f"C{colour}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("passages")
        ax.set_title(title, fontsize=10)
    axes[0].axhline(100, color="grey", linestyle="--", linewidth=1, label="target 100 ms")
    axes[0].legend(fontsize=8)
    _save(fig, "bench-backends.png")


def main() -> int:
    global OUT
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes for the local scale runs")
    parser.add_argument("--backend-sizes", default="1000,10000", help="corpus sizes for local vs Milvus Lite")
    parser.add_argument("--out", default=str(OUT), help="where bench.json and the plots go")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--backends-only",
        action="store_true",
        help="only part 4 (local vs Milvus Lite); merged into an existing bench.json",
    )
    parser.add_argument(
        "--run", nargs=5, metavar=("PHASE", "BACKEND", "N", "PAPER_INDEX", "OUT_DIR"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.run:  # a child process of bench_backends
        phase, backend, n, paper_dir, out_dir = args.run
        run = backend_build if phase == "build" else backend_serve
        print(json.dumps(run(backend, int(n), Path(paper_dir), Path(out_dir))))
        return 0
    OUT = Path(args.out)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.backends_only:
        backends = bench_backends([int(s) for s in args.backend_sizes.split(",")])
        if not args.no_write:
            path = OUT / "bench.json"
            results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            results["backends"] = backends
            path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            plot_backends(backends)
        return 0
    questions = [
        i.question for s in ("tune", "test") for i in load_dev_set(ROOT / "tests" / "data" / f"questions-{s}.jsonl")
    ]
    claims = [c.claim for s in ("tune", "test") for c in load_claims(ROOT / "tests" / "data" / f"claims-{s}.jsonl")]
    paper, index = bench_paper(questions, claims)
    print("paper:", json.dumps(paper), flush=True)
    quality = bench_quality(index)
    for name, row in quality.items():
        print(f"{name:<24} {json.dumps(row)}", flush=True)
    scale = bench_scale(index, questions, [int(s) for s in args.sizes.split(",")])
    backends = bench_backends([int(s) for s in args.backend_sizes.split(",")])
    if not args.no_write:
        (OUT / "bench.json").write_text(
            json.dumps(
                {"paper": paper, "quality": quality, "scale": scale, "backends": backends}, indent=1, ensure_ascii=False
            )
            + "\n",
            encoding="utf-8",
        )
        plot(paper, quality, scale)
        plot_backends(backends)
        print(f"wrote {OUT / 'bench.json'} and plots", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
