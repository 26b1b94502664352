"""Whether a question keeps its answer when asked right after an unrelated one.

    .venv/bin/python scripts/after_unrelated.py                      # the paper's tuning split
    .venv/bin/python scripts/after_unrelated.py --split test         # its locked test split (measure only)
    .venv/bin/python scripts/after_unrelated.py --corpus tests/data/other/tto/corpus \\
        --index /tmp/tto-index --data tests/data/other/tto

A user who asks about one centre and then "Liman Akademisi hangi yıl kuruldu?" asks a
new question; gluing the earlier subject to it ("Rize Tasarım Merkezi … Liman Akademisi
…") answered with the other centre's figures. Each question of the split (English ones aside) is asked alone and then after a
question from another section of the same split; the script prints how many of those
answered right alone are still right after it, and with ``-v`` the ones that are not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kumeqa.answer import answer_question  # noqa: E402
from kumeqa.config import Settings  # noqa: E402
from kumeqa.conversation import answer_in_context  # noqa: E402
from kumeqa.evaluate import contains, load_dev_set, split_path  # noqa: E402
from kumeqa.index import ensure_index  # noqa: E402

#: How far on in the split the unrelated question is taken from (then a second offset
#: when that one is of the same section): fixed, so that runs compare.
OFFSETS = (37, 53)


def _right(item, answer) -> bool:
    """Whether ``answer`` is right for the dev-set ``item`` (declined when it has no answer)."""
    if not item.answers:
        return answer.abstained
    return not answer.abstained and contains(answer.answer, item.answers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="tune", choices=("tune", "test"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    index, _ = ensure_index(Settings().with_paths(args.corpus, args.index))
    items = [it for it in load_dev_set(split_path("questions", args.split, args.data)) if it.type != "english"]
    right_alone = kept = 0
    for k, item in enumerate(items):
        other = next(
            (o for o in (items[(k + d) % len(items)] for d in OFFSETS) if o.section != item.section),
            items[(k + OFFSETS[-1]) % len(items)],
        )
        if not _right(item, answer_question(index, item.question)):
            continue
        right_alone += 1
        after = answer_in_context(index, item.question, [other.question])
        if _right(item, after):
            kept += 1
        elif args.verbose:
            print(f"lost: {item.question!r} after {other.question!r} -> {after.resolved_question!r}")
    print(
        f"{args.split}: {len(items)} questions, {right_alone} right alone, "
        f"{kept} still right after an unrelated question ({kept / max(right_alone, 1):.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
