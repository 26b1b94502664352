"""The dev-set evaluation behind ``kumeqa eval`` and every tuning decision.

A dev item (``tests/data/dev.jsonl``) has a question, its type (``factoid``,
``paraphrase``, ``noletters``, ``english``, ``unanswerable``), gold answer strings
(verbatim source text; empty for unanswerable) and a gold span. Measured:

* retrieval recall@1/@5 and MRR: a gold string inside a retrieved passage;
* answer hit@1: a gold string inside the answer sentence (abstaining is a miss);
* span accuracy: the gold span inside the returned span;
* evidence@5: a gold string inside one of the returned citations;
* abstention on unanswerable and on answerable questions;
* warm latency p50/p95 of the whole ``ask`` path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .answer import answer_question
from .index import Index
from .retrieve import retrieve
from .stats import percentile


@dataclass(frozen=True)
class DevItem:
    id: str
    type: str
    question: str
    answers: tuple[str, ...]
    span: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_dev_set(path: Path) -> list[DevItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(DevItem(raw["id"], raw["type"], raw["question"], tuple(raw["answers"]), raw.get("span", "")))
    return items


def _norm(text: str) -> str:
    return " ".join(text.split())


def _contains(text: str | None, golds: tuple[str, ...]) -> bool:
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
            "latency_ms_p50": round(percentile(latencies, 50), 2),
            "latency_ms_p95": round(percentile(latencies, 95), 2),
        }


def evaluate(index: Index, items: list[DevItem]) -> EvalReport:
    """Run every dev item through retrieval and answering (after one warm-up question)."""
    if items:
        answer_question(index, "ısınma sorusu: bu bir deneme midir?")
    report = EvalReport()
    for item in items:
        # Answer first: its latency then includes embedding the question (later calls
        # for the same question hit the query cache).
        result = answer_question(index, item.question)
        retrieval = retrieve(index, item.question, k=10)
        rank = next((i for i, h in enumerate(retrieval.hits, start=1) if _contains(h.passage.text, item.answers)), None)
        span_gold = (item.span,) if item.span else item.answers
        report.results.append(
            ItemResult(
                item=item,
                rank=rank,
                hit=not result.abstained and _contains(result.answer, item.answers),
                span_ok=not result.abstained
                and _contains(result.answer, item.answers)
                and _contains(result.span, span_gold),
                evidence=any(_contains(c.quote, item.answers) for c in result.citations[:5]),
                abstained=result.abstained,
                confidence=result.confidence,
                ms=result.timings_ms["total"],
                answer=result.answer,
                span=result.span,
            )
        )
    return report


def report_text(report: EvalReport) -> str:
    data = report.as_json()
    lines = [
        f"dev set: {data['n']} questions ({data['answerable']} answerable, {data['unanswerable']} unanswerable)",
        f"retrieval  recall@1 {data['retrieval_recall@1']:.3f}  recall@5 {data['retrieval_recall@5']:.3f}  MRR {data['mrr']:.3f}",
        f"answer     hit@1 {data['answer_hit@1']:.3f}  span accuracy {data['span_accuracy']:.3f}  evidence@5 {data['evidence@5']:.3f}",
        f"abstention unanswerable declined {data['abstain_unanswerable']:.3f}  answerable declined {data['abstain_answerable']:.3f}",
        f"latency    p50 {data['latency_ms_p50']:.1f} ms  p95 {data['latency_ms_p95']:.1f} ms",
        "by type:",
    ]
    for kind, row in data["by_type"].items():
        lines.append(f"  {kind:<11} n={row['n']:<3} hit@1 {row['hit@1']:.3f}  span {row['span']:.3f}")
    misses = [
        r
        for r in report.results
        if (r.item.answerable and not r.span_ok) or (not r.item.answerable and not r.abstained)
    ]
    if misses:
        lines.append("misses:")
        for r in misses:
            got = "ABSTAINED" if r.abstained else f"span={r.span!r} answer={(r.answer or '')[:90]!r}"
            lines.append(
                f"  {r.item.id} rank={r.rank} conf={r.confidence:.2f} hit={r.hit} {r.item.question!r} -> {got}"
            )
    return "\n".join(lines)


# ------------------------------------------------------------------ claims


@dataclass(frozen=True)
class ClaimItem:
    id: str
    claim: str
    verdict: str
    mismatch: dict | None = None


def load_claims(path: Path) -> list[ClaimItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(ClaimItem(raw["id"], raw["claim"], raw["verdict"], raw.get("mismatch")))
    return items


def evaluate_claims(index: Index, items: list[ClaimItem]) -> dict:
    """Verdict accuracy, confusion matrix, mismatch naming and latency of ``check``."""
    from .verify import CONTRADICTED, NOT_ENOUGH_INFO, SUPPORTED, check_claim

    labels = [SUPPORTED, CONTRADICTED, NOT_ENOUGH_INFO]
    matrix = {gold: dict.fromkeys(labels, 0) for gold in labels}
    correct = named = found_contradictions = 0
    latencies = []
    misses = []
    if items:
        check_claim(index, "ısınma iddiası: bu bir denemedir.")
    for item in items:
        verdict = check_claim(index, item.claim)
        latencies.append(verdict.timings_ms["total"])
        matrix[item.verdict][verdict.verdict] += 1
        if verdict.verdict == item.verdict:
            correct += 1
        else:
            misses.append(f"{item.id} gold={item.verdict} got={verdict.verdict} {item.claim!r}")
        if item.verdict == CONTRADICTED and verdict.verdict == CONTRADICTED:
            found_contradictions += 1
            gold = item.mismatch or {}
            if any(
                _norm(gold.get("source", "")) in _norm(m.source) and _norm(gold.get("claim", "")) in _norm(m.claim)
                for m in verdict.mismatches
            ):
                named += 1
    latencies.sort()
    return {
        "n": len(items),
        "accuracy": round(correct / max(len(items), 1), 3),
        "confusion": matrix,
        "contradictions_naming_the_value": f"{named}/{found_contradictions}",
        "latency_ms_p50": round(percentile(latencies, 50), 2),
        "latency_ms_p95": round(percentile(latencies, 95), 2),
        "misses": misses,
    }


def claims_text(report: dict) -> str:
    lines = [
        f"claims: {report['n']}  verdict accuracy {report['accuracy']:.3f}  "
        f"contradictions naming the mismatching value {report['contradictions_naming_the_value']}",
        f"latency p50 {report['latency_ms_p50']:.1f} ms  p95 {report['latency_ms_p95']:.1f} ms",
        "confusion (rows gold, columns predicted):",
        f"  {'':<16}" + "".join(f"{label:>16}" for label in report["confusion"]),
    ]
    for gold, row in report["confusion"].items():
        lines.append(f"  {gold:<16}" + "".join(f"{count:>16}" for count in row.values()))
    if report["misses"]:
        lines.append("misses:")
        lines.extend(f"  {m}" for m in report["misses"])
    return "\n".join(lines)
