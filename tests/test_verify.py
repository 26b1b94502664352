"""Fact-checking claims: verdicts, mismatching values, bounds, uncovered claims, batches."""

import json
from pathlib import Path

import pytest

from conftest import run_cli
from kumeqa.evaluate import evaluate_claims, load_claims
from kumeqa.verify import CONTRADICTED, NOT_ENOUGH_INFO, SUPPORTED, check_claim

CLAIMS = {c.id: c for c in load_claims(Path(__file__).parent / "data" / "claims.jsonl")}
VERDICT_KEYS = {"claim", "verdict", "confidence", "evidence", "mismatches", "timings_ms"}


def _check(index, claim_id):
    item = CLAIMS[claim_id]
    return item, check_claim(index, item.claim)


@pytest.mark.parametrize("claim_id", ["c01", "c03", "c12"])
def test_supported_claims(paper_index, claim_id):
    item, verdict = _check(paper_index, claim_id)
    assert verdict.verdict == SUPPORTED
    assert not verdict.mismatches
    first = verdict.evidence[0].sentence
    assert first.text in paper_index.page_text(first.source, first.page)


@pytest.mark.parametrize(
    ("claim_id", "kind"), [("c02", "number"), ("c04", "year"), ("c13", "name"), ("c21", "percent"), ("c17", "date")]
)
def test_contradicted_claims_name_the_mismatching_value(paper_index, claim_id, kind):
    item, verdict = _check(paper_index, claim_id)
    assert verdict.verdict == CONTRADICTED
    mismatch = verdict.mismatches[0]
    assert mismatch.kind == kind
    assert item.mismatch["claim"] in mismatch.claim
    assert item.mismatch["source"] in mismatch.source
    assert mismatch.source in verdict.evidence[0].sentence.text


def test_bounds_more_than_is_not_contradicted_by_a_larger_number(paper_index):
    _, larger = _check(paper_index, "c08")  # 900 against "800’den fazla"
    _, smaller = _check(paper_index, "c09")  # 500 against "800’den fazla"
    assert larger.verdict == SUPPORTED
    assert smaller.verdict == CONTRADICTED


@pytest.mark.parametrize("claim_id", ["c29", "c30", "c31"])
def test_claims_outside_the_documents_are_not_guessed(paper_index, claim_id):
    _, verdict = _check(paper_index, claim_id)
    assert verdict.verdict == NOT_ENOUGH_INFO
    assert not verdict.mismatches


def test_claims_dev_set_accuracy(paper_index):
    report = evaluate_claims(paper_index, list(CLAIMS.values()))
    assert report["accuracy"] >= 0.85
    named, found = map(int, report["contradictions_naming_the_value"].split("/"))
    assert found > 0 and named == found


def test_check_cli_json_lines_batch(paper_settings, paper_index):
    claims = [CLAIMS["c01"].claim, CLAIMS["c02"].claim, "", CLAIMS["c29"].claim]
    paths = ["--corpus", str(paper_settings.corpus_dir), "--index", str(paper_settings.index_dir)]
    result = run_cli("check", "--json", "-", *paths, stdin="\n".join(claims) + "\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == [SUPPORTED, CONTRADICTED, NOT_ENOUGH_INFO]
    for row in rows:
        assert set(row) == VERDICT_KEYS
        assert all(set(e) == {"source", "title", "page", "section", "quote", "score"} for e in row["evidence"])
    assert rows[1]["mismatches"][0]["kind"] == "number"


def test_check_cli_rejects_bad_claims(paper_settings, paper_index):
    paths = ["--corpus", str(paper_settings.corpus_dir), "--index", str(paper_settings.index_dir)]
    result = run_cli("check", "   ", *paths)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
