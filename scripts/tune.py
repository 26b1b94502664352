"""Compare answer/retrieval settings on the dev set without rebuilding the index.

    .venv/bin/python scripts/tune.py                # the grid below
Prints one line per configuration: hit@1 by type, span accuracy, abstention.
The chosen values live in src/kumeqa/config.py with the reason; docs/tuning.md
keeps the table.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

from kumeqa.config import Settings
from kumeqa.evaluate import evaluate, load_dev_set
from kumeqa.index import ensure_index

GRID = {
    "retrieval.fusion": ["rrf", "mix"],
    "retrieval.mix_dense_weight": [0.3, 0.5, 0.7],
    "retrieval.rrf_k": [10, 60],
}


def with_value(settings: Settings, dotted: str, value) -> Settings:
    part, name = dotted.split(".")
    return replace(settings, **{part: replace(getattr(settings, part), **{name: value})})


def main() -> int:
    base = Settings()
    index, _ = ensure_index(base)
    items = load_dev_set(Path("tests/data/dev.jsonl"))
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        settings = base
        for key, value in zip(keys, values):
            settings = with_value(settings, key, value)
        index.settings = settings
        r = evaluate(index, items).as_json()
        t = r["by_type"]
        label = " ".join(f"{k.split('.')[1]}={v}" for k, v in zip(keys, values))
        print(
            f"{label:<45} hit@1 {r['answer_hit@1']:.3f} span {r['span_accuracy']:.3f} "
            f"fact {t['factoid']['hit@1']:.2f} para {t['paraphrase']['hit@1']:.2f} "
            f"nolet {t['noletters']['hit@1']:.2f} en {t['english']['hit@1']:.2f} "
            f"R@1 {r['retrieval_recall@1']:.3f} R@5 {r['retrieval_recall@5']:.3f} "
            f"abst-u {r['abstain_unanswerable']:.2f} abst-a {r['abstain_answerable']:.3f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
