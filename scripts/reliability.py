"""Reliability of the answer confidence: accuracy per confidence bin, on both splits.

    .venv/bin/python scripts/reliability.py          # writes docs/reliability.png and docs/reliability.json

The confidence is meant as the probability that an answer is right. A calibrated
engine's answers in the 0.8–0.9 bin are right about 85 % of the time; the plot
shows how far ours are from the diagonal, on the tuning split (where the
confidence model was fitted) and on the locked test split (where it was not).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kumeqa.config import Settings  # noqa: E402
from kumeqa.evaluate import evaluate, load_dev_set, split_path  # noqa: E402
from kumeqa.index import ensure_index  # noqa: E402


def main() -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index, _ = ensure_index(Settings().with_paths(ROOT / "corpus", ROOT / "index"))
    data = ROOT / "tests" / "data"
    tables = {}
    for split in ("tune", "test"):
        items = load_dev_set(split_path("questions", split, data)) + load_dev_set(
            split_path("conversations", split, data)
        )
        tables[split] = evaluate(index, items).reliability()
    (ROOT / "docs" / "reliability.json").write_text(json.dumps(tables, indent=1), encoding="utf-8")
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", label="calibrated")
    for split, style in (("tune", "o-"), ("test", "s-")):
        rows = [r for r in tables[split] if r["n"]]
        ax.plot(
            [r["mean_confidence"] for r in rows],
            [r["accuracy"] for r in rows],
            style,
            label=f"{split} split ({sum(r['n'] for r in rows)} answers)",
        )
        for r in rows:
            ax.annotate(
                str(r["n"]),
                (r["mean_confidence"], r["accuracy"]),
                fontsize=7,
                xytext=(3, -9),
                textcoords="offset points",
            )
    ax.set_xlabel("confidence (mean within the bin)")
    ax.set_ylabel("share of answers that were right")
    ax.set_title("Answer confidence vs accuracy (numbers: answers per bin)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(ROOT / "docs" / "reliability.png", dpi=110)
    for split, rows in tables.items():
        print(split, " ".join(f"{r['bin']}:{r['n']}/{r['accuracy']}" for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
