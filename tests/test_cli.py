"""The CLI contract: JSON schema, JSON Lines batches, clear errors without tracebacks."""

import json
import os
import subprocess
import sys

import pytest

from conftest import DATA, ROOT, run_cli

ANSWER_KEYS = {
    "question",
    "resolved_question",
    "answer",
    "span",
    "abstained",
    "confidence",
    "citations",
    "timings_ms",
}
CITATION_KEYS = {"source", "title", "page", "section", "quote", "score"}


@pytest.fixture(scope="module")
def cli_paths(paper_settings, paper_index):
    """The session's built paper index, so the CLI does not rebuild it."""
    return ["--corpus", str(paper_settings.corpus_dir), "--index", str(paper_settings.index_dir)]


def _check_answer_schema(obj: dict) -> None:
    assert set(obj) == ANSWER_KEYS
    assert isinstance(obj["abstained"], bool)
    assert 0.0 <= obj["confidence"] <= 1.0
    assert set(obj["timings_ms"]) == {"retrieve", "answer", "total"}
    for citation in obj["citations"]:
        assert set(citation) == CITATION_KEYS
        assert isinstance(citation["page"], int)
    if obj["abstained"]:
        assert obj["answer"] is None and obj["span"] is None
    else:
        assert obj["span"] in obj["answer"]
        assert obj["citations"][0]["quote"] == obj["answer"]


def test_ask_json_schema(cli_paths, expected):
    question, _, span = expected["letterless_pair"]
    result = run_cli("ask", question, "--json", *cli_paths)
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    _check_answer_schema(obj)
    assert span in obj["span"]


def test_ask_human_readable_has_citation_line(cli_paths, expected):
    question, _, span = expected["letterless_pair"]
    result = run_cli("ask", question, *cli_paths)
    assert result.returncode == 0, result.stderr
    assert f"[[{span}" in result.stdout
    assert f"{expected['title']}, s. " in result.stdout


def test_ask_batch_reads_stdin_and_writes_json_lines(cli_paths, expected):
    questions = [expected["letterless_pair"][0], expected["off_topic"], "   ", expected["letterless_pair"][1]]
    result = run_cli("ask", "--json", "-", *cli_paths, stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3  # the blank line is skipped
    for obj in lines:
        _check_answer_schema(obj)
    assert lines[1]["abstained"] is True
    assert lines[0]["answer"] == lines[2]["answer"]


def test_search_json(cli_paths, expected):
    result = run_cli("search", expected["search_query"], "--json", "--k", "3", *cli_paths)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 3
    assert all(set(r) == {"source", "title", "page", "section", "text", "score"} for r in rows)
    assert rows[0]["score"] >= rows[-1]["score"]


def test_index_reports_documents_and_passages(cli_paths):
    result = run_cli("index", *cli_paths)
    assert result.returncode == 0, result.stderr
    assert "documents: 1" in result.stdout
    assert "passages:" in result.stdout


@pytest.mark.parametrize(
    "question",
    ["", "   ", "x" * 20_000, "ne\x1bzaman\x07", "?!?!"],
    ids=["empty", "whitespace", "20k-chars", "control-chars", "no-letters"],
)
def test_bad_questions_get_a_clear_message_and_nonzero_exit(question, cli_paths):
    result = run_cli("ask", question, *cli_paths)
    assert result.returncode != 0
    assert "error:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("verb", [["ask", "soru"], ["index"]], ids=["ask", "index"])
def test_missing_corpus_folder_is_a_clear_error(verb, tmp_path):
    result = run_cli(*verb, "--corpus", str(tmp_path / "yok"), "--index", str(tmp_path / "idx"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "corpus" in result.stderr.lower()


def test_index_shows_progress(mini_corpus, tmp_path):
    result = run_cli("index", "--corpus", str(mini_corpus), "--index", str(tmp_path / "index"))
    assert result.returncode == 0, result.stderr
    assert "[3/3 files]" in result.stderr and "pasaj" in result.stderr
    assert "passages: 5" in result.stdout


def _follow_up() -> dict:
    """The first follow-up of the test split's conversations (its earlier questions, the question, the span)."""
    lines = (DATA / "conversations-test.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[0])


def test_ask_reads_a_follow_up_against_its_history(cli_paths):
    item = _follow_up()
    history = [arg for h in item["history"] for arg in ("--history", h)]
    result = run_cli("ask", item["question"], "--json", *history, *cli_paths)
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    _check_answer_schema(obj)
    assert obj["question"] == item["question"] and obj["resolved_question"] != item["question"]
    assert item["span"] in obj["span"]
    alone = json.loads(run_cli("ask", item["question"], "--json", *cli_paths).stdout)
    assert alone["resolved_question"] == item["question"] and item["span"] not in (alone["span"] or "")


def test_ask_batch_takes_json_lines_with_a_history_and_plain_lines(cli_paths, expected):
    item = _follow_up()
    lines = [
        json.dumps({"question": item["question"], "history": item["history"]}, ensure_ascii=False),
        expected["letterless_pair"][0],
        '{"question": "soru", "history": "not a list"}',
        "{not json",
    ]
    result = run_cli("ask", "--json", "-", *cli_paths, stdin="\n".join(lines) + "\n")
    assert result.returncode == 1  # two bad lines
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert item["span"] in out[0]["span"] and out[0]["resolved_question"] != item["question"]
    assert expected["letterless_pair"][2] in out[1]["span"]
    assert "history" in out[2]["error"] and "JSON" in out[3]["error"]
    assert "Traceback" not in result.stderr


def test_output_into_a_closed_pipe_ends_quietly(cli_paths, expected):
    """`kumeqa ask … | head -1` ended in a BrokenPipeError traceback."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kumeqa", "ask", "--json", "-", *cli_paths],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdin.write(((expected["letterless_pair"][0] + "\n") * 40).encode())
    proc.stdin.close()
    assert json.loads(proc.stdout.readline())["span"]
    proc.stdout.close()  # what `head -1` does after its line
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=600) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_search_says_when_nothing_matches_well(cli_paths):
    result = run_cli("search", "asdf qwer zxcv", "--k", "2", *cli_paths)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("İyi bir eşleşme yok")
