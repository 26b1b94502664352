"""A short load test in the suite: 5 concurrent users × 20 questions against app.py (loopback)."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import DATA, ROOT
from kumeqa.evaluate import load_dev_set
from kumeqa.loadtest import free_port, run_load, start_app


@pytest.mark.slow
def test_five_users_get_the_single_user_answers_without_errors(paper_settings, paper_index, tmp_path):
    questions = [item.question for item in load_dev_set(DATA / "questions-test.jsonl")][:25]
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


@pytest.mark.slow
def test_users_get_answers_without_errors_while_a_new_index_is_built_and_loaded(paper_settings, paper_index, tmp_path):
    """Held: 0 errors also while a document is indexed; here the build runs in another process and
    the app swaps to the new index under load."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(paper_settings.corpus_dir, corpus)
    shutil.copytree(paper_settings.index_dir, index_dir)
    questions = [item.question for item in load_dev_set(DATA / "questions-test.jsonl")][:10]
    port = free_port()
    log = tmp_path / "app.log"
    proc = start_app(ROOT, corpus, index_dir, port, log)
    try:
        shutil.copy(DATA / "mini" / "kiraz.txt", corpus)
        build = subprocess.Popen(
            [sys.executable, "-m", "kumeqa", "index", "--corpus", str(corpus), "--index", str(index_dir)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        report = run_load(f"http://127.0.0.1:{port}/", questions, users=5, total=60, time_limit=600).as_json()
        assert build.wait(timeout=600) == 0, build.stderr.read()
        deadline = time.monotonic() + 180  # the app polls CURRENT every 2 s; a bound for failure only
        while "following the index on disk" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert report["errors"] == 0, report["error_samples"]
    assert "following the index on disk" in log.read_text()
    assert "Traceback" not in log.read_text()
