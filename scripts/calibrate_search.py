"""Calibrate passage search's "no good match" notice: ``python scripts/calibrate_search.py``.

    .venv/bin/python scripts/calibrate_search.py [--corpus corpus] [--index DIR] [--keep 0.95]

Labelled queries:

* **match** — the tuning split's answerable questions (``tests/data/questions-tune.jsonl``)
  and every section heading of the corpus used as a keyword query, the way
  researchers search;
* **no match** — :data:`OFF_TOPIC`, queries about things no document here is about
  (general knowledge, cooking, sport, health, gibberish; Turkish and English).

For each query the search's hits give two features (:func:`kumeqa.retrieve.relevance_features`):
the best dense cosine and ``log1p`` of the best BM25 score. A logistic regression on
them is fitted; leave-one-out predictions choose the threshold, the highest one that
keeps ``--keep`` of the matching queries. The test split's answerable questions are
reported as a held-out check. Paste the printed numbers into
:class:`kumeqa.config.SearchConfig`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from kumeqa.config import Settings
from kumeqa.index import ensure_index
from kumeqa.retrieve import relevance_features, retrieve

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

#: Queries no document of a corpus about industrial clusters matches.
OFF_TOPIC = [
    "Fransa'nın başkenti neresidir?",
    "Futbol takımı Galatasaray kaç şampiyonluk kazandı?",
    "What is the recipe for baklava?",
    "Bitcoin nasıl satın alınır?",
    "Python'da bir liste nasıl sıralanır?",
    "asdf qwer zxcv",
    "kedi maması fiyatları",
    "hava durumu yarın",
    "en iyi pizza tarifi",
    "lorem ipsum dolor sit amet",
    "Mars'a ilk insanlı uçuş ne zaman yapılacak?",
    "xyzzy plugh",
    "futbol maç sonuçları",
    "aşk şiirleri",
    "diş ağrısına ne iyi gelir",
    "kuantum dolanıklık deneyi",
    "köpek eğitimi",
    "ev kredisi faiz oranları",
    "Roma imparatorluğunun çöküşü",
    "sushi nasıl yapılır",
    "gitar akorları",
    "basketbol kuralları",
    "uyku apnesi tedavisi",
    "mercimek çorbası tarifi",
    "yapay zeka ile resim çizme",
    "how to fix a flat tire",
    "best hiking trails",
    "the theory of relativity",
    "çocuk masalları",
    "kış lastiği ne zaman takılır",
    "saç dökülmesi şampuanı",
    "Osmanlı padişahlarının listesi",
    "bebek maması önerileri",
    "yoga başlangıç hareketleri",
    "Beethoven'ın dokuzuncu senfonisi",
    "Everest dağının yüksekliği",
    "qwerty uiop hjkl",
    "kahve falı nasıl bakılır",
    "satranç açılışları",
    "how do volcanoes erupt",
]


def _questions(split: str) -> list[str]:
    path = DATA / f"questions-{split}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if r.get("type") != "unanswerable"]


def _headings(index) -> list[str]:
    titles = {p.section.split(" ", 1)[1] if p.section.startswith("§") else p.section for p in index.passages}
    return sorted(t for t in titles if t)


def _features(index, query: str) -> list[float]:
    hits = retrieve(index, query, k=index.settings.search.overfetch * 10).hits
    f = relevance_features(hits)
    return [f["dense"], f["lexical"]]


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 100) -> np.ndarray:
    """Logistic regression by Newton's method (bias first), lightly regularised."""
    x = np.c_[np.ones(len(x)), x]
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, x.T @ (p - y) + l2 * w)
    return w


def _prob(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--index", default=None, help="index folder (default: a temporary one)")
    parser.add_argument("--keep", type=float, default=0.95, help="share of matching queries kept above the threshold")
    args = parser.parse_args()
    index_dir = args.index or tempfile.mkdtemp(prefix="kumeqa-calibrate-")
    index, _ = ensure_index(Settings().with_paths(args.corpus, index_dir))

    match = _questions("tune") + _headings(index)
    x = np.array([_features(index, q) for q in match + OFF_TOPIC])
    y = np.array([1.0] * len(match) + [0.0] * len(OFF_TOPIC))
    loo = np.empty(len(x))
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        loo[i] = _prob(fit(x[keep], y[keep]), x[i : i + 1])[0]
    candidates = np.round(np.arange(0.05, 0.96, 0.05), 2)
    kept = {t: float((loo[y == 1] >= t).mean()) for t in candidates}
    threshold = max(t for t in candidates if kept[t] >= args.keep)
    w = fit(x, y)
    test = np.array([_features(index, q) for q in _questions("test")])

    print(f"labelled: {len(match)} matching, {len(OFF_TOPIC)} off-topic")
    print("threshold  matching kept  off-topic flagged  (leave-one-out)")
    for t in candidates:
        flagged = float((loo[y == 0] < t).mean())
        print(f"  {t:.2f}       {kept[t]:.3f}          {flagged:.3f}{'   <- chosen' if t == threshold else ''}")
    print(
        f"held out: the test split's {len(test)} answerable questions kept: {(_prob(w, test) >= threshold).mean():.3f}"
    )
    names = ("bias", "dense", "lexical")
    print("SearchConfig.relevance_weights = " + repr(tuple((n, round(float(v), 4)) for n, v in zip(names, w))))
    print(f"SearchConfig.min_relevance = {threshold}")


if __name__ == "__main__":
    main()
