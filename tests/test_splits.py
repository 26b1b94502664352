"""The honest evaluation: a tuning split that chooses every weight, a locked test split that only measures.

Each test here can fail: the guard must refuse the test file to tuning code, the
splits must not share a section, the learned weights in config.py must be exactly
what ``scripts/train.py`` learns from the tuning split (nothing tuned by hand or on
the test split), and ``kumeqa eval`` must report both splits.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

from conftest import DATA, ROOT, run_cli
from kumeqa.evaluate import load_claims, load_dev_set, split_path


def _sections(split: str) -> set[str]:
    items = load_dev_set(split_path("questions", split, DATA)) + load_dev_set(split_path("conversations", split, DATA))
    claims = load_claims(split_path("claims", split, DATA))
    return {i.section for i in items if i.answers and i.section} | {c.section for c in claims if c.section}


def test_the_splits_do_not_share_a_section():
    tune, test = _sections("tune"), _sections("test")
    assert tune and test
    assert not tune & test


def test_the_locked_split_is_large_enough():
    questions = {s: len(load_dev_set(split_path("questions", s, DATA))) for s in ("tune", "test")}
    claims = {s: len(load_claims(split_path("claims", s, DATA))) for s in ("tune", "test")}
    assert sum(questions.values()) >= 200 and sum(claims.values()) >= 100
    # The reading issue asks for a locked part of at least 40 %.
    assert questions["test"] >= 0.4 * sum(questions.values())
    assert claims["test"] >= 0.4 * sum(claims.values())


def test_tuning_code_cannot_open_the_test_split():
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT / "src")!r})
        from kumeqa.evaluate import guard_tuning, split_path
        from pathlib import Path
        guard_tuning()
        split_path("questions", "tune", Path({str(DATA)!r})).read_text()  # allowed
        try:
            split_path("questions", "test", Path({str(DATA)!r})).read_text()
        except PermissionError:
            print("refused")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "refused", result.stderr


def test_train_script_guards_before_it_reads_anything():
    source = (ROOT / "scripts" / "train.py").read_text(encoding="utf-8")
    assert source.index("guard_tuning()") < source.index("load_dev_set(")
    assert "-test" not in source and '"test"' not in source


def test_config_weights_are_what_the_tuning_split_teaches(tmp_path):
    """Re-run the training on the tuning split and compare with config.py (the learned block)."""
    copy = tmp_path / "config.py"
    copy.write_text((ROOT / "src" / "kumeqa" / "config.py").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train.py"), "--write", "--config", str(copy)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    start, end = "# BEGIN LEARNED WEIGHTS", "# END LEARNED WEIGHTS"
    learned = copy.read_text(encoding="utf-8")
    shipped = (ROOT / "src" / "kumeqa" / "config.py").read_text(encoding="utf-8")
    block = lambda text: text[text.index(start) : text.index(end)]  # noqa: E731
    # The embedder's threads add in a varying order, so the vectors of a fresh build differ
    # in their last bits, and the weakly regularised models (C = 3-10) carry that into a
    # weight's second decimal (measured: 5.93 against 5.84, -0.398 against -0.416).
    # Names, order and the thresholds must be identical; weights within 0.05 + 3 %.
    number = r"-?\d+\.\d+(?:e-?\d+)?"
    assert re.sub(number, "#", block(learned)) == re.sub(number, "#", block(shipped))
    thresholds = lambda text: text[text.index("LEARNED_THRESHOLDS") :]  # noqa: E731
    assert thresholds(block(learned)) == thresholds(block(shipped))
    for a, b in zip(re.findall(number, block(learned)), re.findall(number, block(shipped)), strict=True):
        assert abs(float(a) - float(b)) <= 0.05 + 0.03 * abs(float(b)), (a, b)


def test_eval_reports_both_splits(paper_settings, paper_index):
    paths = ["--corpus", str(paper_settings.corpus_dir), "--index", str(paper_settings.index_dir)]
    result = run_cli("eval", "--json", *paths)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"tune", "test"}
    for split in report.values():
        assert split["questions"]["n"] > 50 and split["claims"]["n"] > 30
        assert split["claims"]["supported_with_mismatch"] == 0


def test_eval_runs_the_splits_a_data_folder_has(tmp_path):
    """Another document's locked set has a test split only: `eval` runs what is there."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA / "invented" / "mavi-liman.md", corpus)
    data = tmp_path / "data"
    data.mkdir()
    question = {"id": "x-q1", "type": "factoid", "question": "MLK ne zaman kuruldu?", "answers": ["2005 yılında"]}
    claim = {"id": "x-c1", "claim": "MLK 2007 yılında kuruldu.", "verdict": "contradicted", "evidence": ["2005"]}
    (data / "questions-test.jsonl").write_text(json.dumps(question, ensure_ascii=False) + "\n", encoding="utf-8")
    (data / "claims-test.jsonl").write_text(json.dumps(claim, ensure_ascii=False) + "\n", encoding="utf-8")
    paths = ["--corpus", str(corpus), "--index", str(tmp_path / "index"), "--data", str(data)]
    result = run_cli("eval", "--json", *paths)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"test"}
    assert report["test"]["questions"]["answer_hit@1"] == 1.0 and report["test"]["claims"]["accuracy"] == 1.0
