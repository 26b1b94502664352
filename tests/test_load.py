"""A short load test in the suite: 5 concurrent users × 20 questions against app.py (loopback)."""

import pytest

from conftest import DATA, ROOT
from kumeqa.evaluate import load_dev_set
from kumeqa.loadtest import free_port, run_load, start_app


@pytest.mark.slow
def test_five_users_get_the_single_user_answers_without_errors(paper_settings, paper_index, tmp_path):
    questions = [item.question for item in load_dev_set(DATA / "dev.jsonl")][:25]
    port = free_port()
    proc = start_app(ROOT, paper_settings.corpus_dir, paper_settings.index_dir, port, tmp_path / "app.log")
    try:
        report = run_load(f"http://127.0.0.1:{port}/", questions, users=5, total=100, time_limit=300).as_json()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert report["errors"] == 0, report["error_samples"]
    assert report["answers_differing_from_single_user"] == 0
    assert report["latency_ms_p95"] is not None
