"""The evaluation behind ``kumeqa eval``: a tuning split and a locked test split.

The questions and claims in ``tests/data/`` are split **by section of the paper**
into a tuning part (``*-tune.jsonl``), on which every weight and threshold is
chosen (``scripts/train.py``), and a locked test part (``*-test.jsonl``), written
by someone who had not read the code and never read by tuning code
(:func:`guard_tuning` makes that a hard error). ``kumeqa eval`` reports both; the
test part is the honest number.

A question item has a type (``factoid``, ``paraphrase``, ``noletters``,
``english``, ``previous``, ``list``, ``why``, ``followup``, ``unanswerable``), gold
answer strings (verbatim source text; empty when the documents do not answer) and
a gold span. Measured:

* retrieval recall@1/@5 and MRR: a gold string inside a retrieved passage;
* answer hit@1: a gold string inside the answer (declining is a miss);
* span accuracy: the gold span inside the returned span;
* evidence@5: a gold string inside one of the returned citations;
* abstention on unanswerable and on answerable questions;
* calibration: accuracy per confidence bin (``docs/reliability.png``);
* warm latency p50/p95 of the whole ``ask`` path.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .answer import answer_question
from .index import Index
from .retrieve import retrieve
from .stats import percentile

SPLITS = ("tune", "test")
DATA_DIR = Path("tests/data")


def split_path(kind: str, split: str, data_dir: Path = DATA_DIR) -> Path:
    """``tests/data/<kind>-<split>.jsonl`` for kind ``questions``, ``claims`` or ``conversations``."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (known: {', '.join(SPLITS)})")
    return data_dir / f"{kind}-{split}.jsonl"


def guard_tuning() -> None:
    """Make opening any locked test file an error for the rest of this process.

    Called first by every script that chooses a weight or a threshold, so that
    nothing tuned can have seen the test split (a test checks that it holds).
    """

    def hook(event: str, args: tuple) -> None:
        if event == "open" and args and isinstance(args[0], str | Path) and str(args[0]).endswith("-test.jsonl"):
            raise PermissionError(f"tuning code may not read the locked test split: {args[0]}")

    sys.addaudithook(hook)


@dataclass(frozen=True)
class DevItem:
    id: str
    type: str
    question: str
    answers: tuple[str, ...]
    span: str = ""
    section: str = ""
    history: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_dev_set(path: Path) -> list[DevItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(
                DevItem(
                    raw["id"],
                    raw["type"],
                    raw["question"],
                    tuple(raw["answers"]),
                    raw.get("span", ""),
                    raw.get("section", ""),
                    tuple(raw.get("history", ())),
                )
            )
    return items


def _norm(text: str) -> str:
    return " ".join(text.replace("'", "’").split())


def contains(text: str | None, golds: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the gold strings (white space and apostrophes normalised)."""
    return text is not None and any(_norm(g) in _norm(text) for g in golds)


@dataclass
class ItemResult:
    item: DevItem
    rank: int | None  # 1-based rank of the first passage with a gold string
    hit: bool
    span_ok: bool
    evidence: bool
    abstained: bool
    confidence: float
    ms: float
    answer: str | None
    span: str | None


#: Confidence bins of the reliability table and plot.
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass
class EvalReport:
    results: list[ItemResult] = field(default_factory=list)

    def _of(self, answerable: bool | None = None, kind: str | None = None) -> list[ItemResult]:
        return [
            r
            for r in self.results
            if (answerable is None or r.item.answerable == answerable) and (kind is None or r.item.type == kind)
        ]

    @staticmethod
    def _rate(rows: list[ItemResult], key) -> float:
        return sum(1 for r in rows if key(r)) / len(rows) if rows else 0.0

    def reliability(self) -> list[dict]:
        """Per confidence bin: how many answers, and the share that were right.

        Every question counts: an answered one is right when it hits, a declined
        one when it was unanswerable. Confidence is the probability of a right answer,
        so a calibrated engine has accuracy ≈ confidence in every bin.
        """
        rows = []
        for lo, hi in zip(BINS, BINS[1:]):
            inside = [r for r in self.results if lo <= r.confidence < hi and not r.abstained]
            right = sum(1 for r in inside if r.hit)
            rows.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "n": len(inside),
                    "accuracy": round(right / len(inside), 3) if inside else None,
                    "mean_confidence": round(sum(r.confidence for r in inside) / len(inside), 3) if inside else None,
                }
            )
        return rows

    def as_json(self) -> dict:
        answerable = self._of(True)
        unanswerable = self._of(False)
        latencies = sorted(r.ms for r in self.results)
        by_type = {}
        for kind in sorted({r.item.type for r in answerable}):
            rows = self._of(True, kind)
            by_type[kind] = {
                "n": len(rows),
                "hit@1": round(self._rate(rows, lambda r: r.hit), 3),
                "span": round(self._rate(rows, lambda r: r.span_ok), 3),
                "declined": round(self._rate(rows, lambda r: r.abstained), 3),
            }
        return {
            "n": len(self.results),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "retrieval_recall@1": round(self._rate(answerable, lambda r: r.rank == 1), 3),
            "retrieval_recall@5": round(self._rate(answerable, lambda r: r.rank is not None and r.rank <= 5), 3),
            "mrr": round(sum(1 / r.rank for r in answerable if r.rank) / max(len(answerable), 1), 3),
            "answer_hit@1": round(self._rate(answerable, lambda r: r.hit), 3),
            "span_accuracy": round(self._rate(answerable, lambda r: r.span_ok), 3),
            "evidence@5": round(self._rate(answerable, lambda r: r.evidence), 3),
            "abstain_unanswerable": round(self._rate(unanswerable, lambda r: r.abstained), 3),
            "abstain_answerable": round(self._rate(answerable, lambda r: r.abstained), 3),
            "by_type": by_type,
            "reliability": self.reliability(),
            "latency_ms_p50": round(percentile(latencies, 50), 2),
            "latency_ms_p95": round(percentile(latencies, 95), 2),
        }


def ask(index: Index, item: DevItem):
    """The answer the product gives to ``item`` (with its conversation, for follow-ups)."""
    if item.history:
        from .conversation import answer_in_context

        return answer_in_context(index, item.question, list(item.history))
    return answer_question(index, item.question)


def evaluate(index: Index, items: list[DevItem]) -> EvalReport:
    """Run every item through retrieval and answering (after one warm-up question)."""
    if items:
        answer_question(index, "ısınma sorusu: bu bir deneme midir?")
    report = EvalReport()
    for item in items:
        # Answer first: its latency then includes embedding the question (later calls
        # for the same question hit the query cache).
        result = ask(index, item)
        searched = result.resolved_question or item.question
        retrieval = retrieve(index, searched, k=10)
        rank = next((i for i, h in enumerate(retrieval.hits, start=1) if contains(h.passage.text, item.answers)), None)
        span_gold = (item.span,) if item.span else item.answers
        hit = not result.abstained and contains(result.answer, item.answers)
        report.results.append(
            ItemResult(
                item=item,
                rank=rank,
                hit=hit,
                span_ok=hit and contains(result.span, span_gold),
                evidence=any(contains(c.quote, item.answers) for c in result.citations[:5]),
                abstained=result.abstained,
                confidence=result.confidence,
                ms=result.timings_ms["total"],
                answer=result.answer,
                span=result.span,
            )
        )
    return report


def report_text(report: EvalReport, title: str = "questions", misses: bool = True) -> str:
    data = report.as_json()
    lines = [
        f"{title}: {data['n']} questions ({data['answerable']} answerable, {data['unanswerable']} unanswerable)",
        f"  retrieval  recall@1 {data['retrieval_recall@1']:.3f}  recall@5 {data['retrieval_recall@5']:.3f}  MRR {data['mrr']:.3f}",
        f"  answer     hit@1 {data['answer_hit@1']:.3f}  span accuracy {data['span_accuracy']:.3f}  evidence@5 {data['evidence@5']:.3f}",
        f"  abstention unanswerable declined {data['abstain_unanswerable']:.3f}  answerable declined {data['abstain_answerable']:.3f}",
        f"  latency    p50 {data['latency_ms_p50']:.1f} ms  p95 {data['latency_ms_p95']:.1f} ms",
        "  by type:",
    ]
    for kind, row in data["by_type"].items():
        lines.append(
            f"    {kind:<11} n={row['n']:<3} hit@1 {row['hit@1']:.3f}  span {row['span']:.3f}  declined {row['declined']:.3f}"
        )
    lines.append("  reliability (answered questions by confidence: n, accuracy):")
    lines.append(
        "    "
        + "  ".join(f"{b['bin']}: {b['n']}" + (f"/{b['accuracy']:.2f}" if b["n"] else "") for b in data["reliability"])
    )
    wrong = [
        r
        for r in report.results
        if (r.item.answerable and not r.span_ok) or (not r.item.answerable and not r.abstained)
    ]
    if misses and wrong:
        lines.append("  misses:")
        for r in wrong:
            got = "DECLINED" if r.abstained else f"span={r.span!r} answer={(r.answer or '')[:90]!r}"
            lines.append(
                f"    {r.item.id} [{r.item.type}] rank={r.rank} conf={r.confidence:.2f} hit={r.hit} {r.item.question!r} -> {got}"
            )
    return "\n".join(lines)


# ------------------------------------------------------------------ claims


@dataclass(frozen=True)
class ClaimItem:
    id: str
    claim: str
    verdict: str
    mismatch: dict | None = None
    evidence: tuple[str, ...] = ()
    section: str = ""


def load_claims(path: Path) -> list[ClaimItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(
                ClaimItem(
                    raw["id"],
                    raw["claim"],
                    raw["verdict"],
                    raw.get("mismatch"),
                    tuple(raw.get("evidence", ())),
                    raw.get("section", ""),
                )
            )
    return items


def evaluate_claims(index: Index, items: list[ClaimItem]) -> dict:
    """Verdict accuracy, confusion matrix, mismatch naming and latency of ``check``.

    ``supported_with_mismatch`` counts verdicts that say supported while listing a
    mismatch: it must be 0 by construction.
    """
    from .verify import CONTRADICTED, NOT_ENOUGH_INFO, SUPPORTED, check_claim

    labels = [SUPPORTED, CONTRADICTED, NOT_ENOUGH_INFO]
    matrix = {gold: dict.fromkeys(labels, 0) for gold in labels}
    correct = named = found_contradictions = supported_with_mismatch = 0
    latencies = []
    misses = []
    if items:
        check_claim(index, "ısınma iddiası: bu bir denemedir.")
    for item in items:
        verdict = check_claim(index, item.claim)
        latencies.append(verdict.timings_ms["total"])
        matrix[item.verdict][verdict.verdict] += 1
        if verdict.verdict == SUPPORTED and verdict.mismatches:
            supported_with_mismatch += 1
        if verdict.verdict == item.verdict:
            correct += 1
        else:
            got = "; ".join(f"{m.claim}≠{m.source}" for m in verdict.mismatches)
            lead = verdict.evidence[0].sentence.text[:80] if verdict.evidence else ""
            misses.append(f"{item.id} gold={item.verdict} got={verdict.verdict} {item.claim!r} [{got}] <- {lead!r}")
        if item.verdict == CONTRADICTED and verdict.verdict == CONTRADICTED:
            found_contradictions += 1
            gold = item.mismatch or {}
            if any(
                _norm(gold.get("source", "")) in _norm(m.source) or _norm(m.source) in _norm(gold.get("source", ""))
                for m in verdict.mismatches
                if m.source
            ):
                named += 1
    latencies.sort()
    return {
        "n": len(items),
        "accuracy": round(correct / max(len(items), 1), 3),
        "confusion": matrix,
        "contradictions_naming_the_value": f"{named}/{found_contradictions}",
        "supported_with_mismatch": supported_with_mismatch,
        "latency_ms_p50": round(percentile(latencies, 50), 2),
        "latency_ms_p95": round(percentile(latencies, 95), 2),
        "misses": misses,
    }


def claims_text(report: dict, title: str = "claims", misses: bool = True) -> str:
    lines = [
        f"{title}: {report['n']}  verdict accuracy {report['accuracy']:.3f}  "
        f"contradictions naming the source's value {report['contradictions_naming_the_value']}  "
        f"supported-with-mismatch {report['supported_with_mismatch']}",
        f"  latency p50 {report['latency_ms_p50']:.1f} ms  p95 {report['latency_ms_p95']:.1f} ms",
        "  confusion (rows gold, columns predicted):",
        f"    {'':<16}" + "".join(f"{label:>16}" for label in report["confusion"]),
    ]
    for gold, row in report["confusion"].items():
        lines.append(f"    {gold:<16}" + "".join(f"{count:>16}" for count in row.values()))
    if misses and report["misses"]:
        lines.append("  misses:")
        lines.extend(f"    {m}" for m in report["misses"])
    return "\n".join(lines)
