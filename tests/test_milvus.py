"""The Milvus backend (embedded Milvus Lite): the same answers as the local backend, atomic rebuilds.

A Milvus server cannot run here; a Milvus Lite file named by ``--milvus-uri`` stands in
for one (one database shared by every index version, as a server is), so the versioned
collections, the alias switch and the dropping of old collections are exercised too.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace

import pytest

from conftest import DATA, run_cli
from kumeqa.answer import answer_question
from kumeqa.backend import backend_class
from kumeqa.config import Settings
from kumeqa.evaluate import load_claims, load_dev_set
from kumeqa.index import build_index, ensure_index, load_index
from kumeqa.index.milvus import MilvusBackend, wire_term
from kumeqa.text import tokenize
from kumeqa.verify import check_claim


def _answers(index, questions: list[str]) -> list[dict]:
    out = []
    for question in questions:
        answer = answer_question(index, question).as_json()
        answer.pop("timings_ms")
        out.append(answer)
    return out


@pytest.fixture(scope="module")
def milvus_index(paper_settings, paper_index, tmp_path_factory):
    """The paper on Milvus Lite: a copy of the session's local index, switched to ``--backend milvus``.

    The documents' units are reused (the backend is not part of their key), so this
    costs the Milvus inserts only, no embedding.
    """
    index_dir = tmp_path_factory.mktemp("milvus") / "index"
    shutil.copytree(paper_settings.index_dir, index_dir)
    settings = replace(paper_settings.with_paths(None, index_dir), backend="milvus")
    index, report = ensure_index(settings)
    assert report is not None and report.embedded == (), "switching the backend must not re-embed"
    return index


def test_the_milvus_index_lives_in_milvus_lite_inside_the_version(milvus_index):
    assert isinstance(milvus_index.backend, MilvusBackend)
    version_dir = milvus_index.settings.index_dir / milvus_index.version
    assert (version_dir / "milvus.db").is_dir()
    assert not (version_dir / "dense.faiss").exists(), "no FAISS index is built for the milvus backend"
    assert milvus_index.backend.size == len(milvus_index.passages)


def test_dev_set_answers_equal_the_local_backend(paper_index, milvus_index):
    """The whole ask path on Milvus Lite: every dev question gets the same answer, span,
    confidence and citations as on the local backend."""
    questions = [item.question for item in load_dev_set(DATA / "questions-tune.jsonl")]
    local, milvus = _answers(paper_index, questions), _answers(milvus_index, questions)
    differing = [q for q, a, b in zip(questions, local, milvus) if a != b]
    assert not differing, f"{len(differing)} of {len(questions)} answers differ, e.g. {differing[:3]}"
    assert sum(not a["abstained"] for a in milvus) > len(questions) / 2, "the comparison must cover real answers"


def _decided(verdict: dict) -> dict:
    """What a verdict decides: label, confidence, mismatches and the evidence it rests on.

    The further evidence shown ([2], [3]) are the next-best sentences, at scores near 0
    (0.02-0.03): passages that tie deep in one retriever's list may come in another order
    in the other's, which moves those scores and not the verdict.
    """
    return {**verdict, "timings_ms": None, "evidence": verdict["evidence"][:1]}


def test_claims_get_the_same_verdicts(paper_index, milvus_index):
    claims = [c.claim for c in load_claims(DATA / "claims-tune.jsonl")]
    local = [check_claim(paper_index, c).as_json() for c in claims]
    milvus = [check_claim(milvus_index, c).as_json() for c in claims]
    assert [v["verdict"] for v in local] == [v["verdict"] for v in milvus]
    assert [_decided(v) for v in local] == [_decided(v) for v in milvus]
    # The sentences shown after the first are the same ones, whatever their order.
    same = sum(
        {e["quote"] for e in a["evidence"]} == {e["quote"] for e in b["evidence"]} for a, b in zip(local, milvus)
    )
    assert same >= len(claims) - 2


def test_rankings_and_document_frequencies_match(paper_index, milvus_index):
    """Both retrievers return the same passages in the same order (BM25 scores differ by
    Milvus's constant factor k1 + 1, which no ranking sees)."""
    k1 = milvus_index.settings.milvus.bm25_k1
    for item in load_dev_set(DATA / "questions-tune.jsonl")[:20]:
        vector = paper_index.query_vector(item.question)
        tokens = tokenize(item.question)
        dense_local = paper_index.backend.dense_search(vector, 30)
        dense_milvus = milvus_index.backend.dense_search(vector, 30)
        assert [i for i, _ in dense_local] == [i for i, _ in dense_milvus]
        lexical_local = paper_index.backend.lexical_search(tokens, 30)
        lexical_milvus = milvus_index.backend.lexical_search(tokens, 30)
        assert [i for i, _ in lexical_local] == [i for i, _ in lexical_milvus]
        for (_, a), (_, b) in zip(lexical_local, lexical_milvus):
            assert b / (k1 + 1) == pytest.approx(a, rel=1e-3)
        for token in tokens:
            assert paper_index.backend.document_frequency(token) == milvus_index.backend.document_frequency(token)


def test_number_tokens_stay_whole_in_milvus():
    """``1,4`` must stay one BM25 term: Milvus's analyzers would split it into ``1`` and ``4``."""
    for token in ["1,4", "3.200", "tarim", "x_y", "ş"]:
        assert re.fullmatch(r"[0-9a-z_]+", wire_term(token))
    assert len({wire_term(t) for t in ["1,4", "14", "1.4", "1_4"]}) == 4


@pytest.fixture
def shared_milvus(mini_corpus, tmp_path):
    """Settings whose Milvus database is outside the index folder, shared by all versions (as a server is)."""
    milvus = replace(Settings().milvus, uri=str(tmp_path / "server.db"))
    return replace(Settings().with_paths(mini_corpus, tmp_path / "index"), backend="milvus", milvus=milvus)


def _collections(settings: Settings) -> tuple[set[str], str]:
    from pymilvus import MilvusClient

    client = MilvusClient(settings.milvus.uri)
    try:
        live = client.describe_alias(settings.milvus.collection_prefix)["collection_name"]
        return set(client.list_collections()), live
    finally:
        client.close()


def test_rebuilds_switch_the_alias_and_drop_old_collections(shared_milvus, mini_corpus):
    build_index(shared_milvus)
    first = load_index(shared_milvus)
    collections, live = _collections(shared_milvus)
    assert collections == {live} and live.endswith(first.version.replace("-", "_"))

    (mini_corpus / "yeni.txt").write_text("Yeni belge 2022 yılında yazıldı. İçinde 9 bölüm var.", encoding="utf-8")
    second, report = ensure_index(shared_milvus)
    assert report is not None and report.embedded == ("yeni.txt",)
    collections, live = _collections(shared_milvus)
    assert live.endswith(second.version.replace("-", "_")), "the alias follows CURRENT"
    assert len(collections) == 2, "the previous version's collection stays for readers that still use it"

    (mini_corpus / "yeni.txt").unlink()
    third, _ = ensure_index(shared_milvus)
    collections, live = _collections(shared_milvus)
    assert len(collections) == 2 and not any(c.endswith(first.version.replace("-", "_")) for c in collections)
    answer = answer_question(third, "Kiraz Vadisi ne zaman kuruldu?")
    assert not answer.abstained and "1998" in answer.answer


def test_a_build_killed_mid_insert_leaves_the_old_collection_serving(shared_milvus, mini_corpus, monkeypatch):
    build_index(shared_milvus)
    before = load_index(shared_milvus)
    collections_before, live_before = _collections(shared_milvus)
    (mini_corpus / "kiraz.txt").write_text("Tamamen yeni içerik 1999 yılında.", encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed while inserting")

    monkeypatch.setattr("pymilvus.MilvusClient.insert", killed)
    with pytest.raises(KeyboardInterrupt):
        build_index(shared_milvus)
    monkeypatch.undo()
    assert _collections(shared_milvus) == (collections_before, live_before), "the half-written collection is dropped"
    after = load_index(shared_milvus)
    assert after.version == before.version
    assert answer_question(after, "Kiraz Vadisi ne zaman kuruldu?").span == "1998"


def test_a_number_is_found_through_milvus_bm25(shared_milvus):
    index, _ = ensure_index(shared_milvus)
    hits = index.backend.lexical_search(tokenize("1,4 milyar"), 3)
    assert hits and "1,4 milyar" in index.passages[hits[0][0]].text


def test_cli_backend_flag_gives_the_same_answer(mini_corpus, tmp_path):
    question = "Deniz Feneri Yazılım Kümesi nerede kuruldu?"
    answers = {}
    for backend in ("local", "milvus"):
        result = run_cli(
            "ask",
            question,
            "--json",
            "--backend",
            backend,
            "--corpus",
            str(mini_corpus),
            "--index",
            str(tmp_path / backend),
        )
        assert result.returncode == 0, result.stderr
        answers[backend] = json.loads(result.stdout)
        answers[backend].pop("timings_ms")
    assert answers["milvus"] == answers["local"]
    assert "İzmir" in answers["milvus"]["answer"]
    manifest = json.loads(next((tmp_path / "milvus").glob("v-*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["dense_index"]["backend"] == "milvus"


def test_backends_are_registered_by_name():
    assert backend_class("milvus") is MilvusBackend
    with pytest.raises(ValueError, match="unknown search backend"):
        backend_class("opensearch")


def test_a_milvus_lite_index_open_in_another_process_is_a_clear_error(mini_corpus, tmp_path):
    """Milvus Lite serves one process: a second one (the CLI while the app runs) is told why, without a traceback."""
    settings = replace(Settings().with_paths(mini_corpus, tmp_path / "index"), backend="milvus")
    index, _ = ensure_index(settings)  # this process now holds the database open
    assert index.backend.size == 5
    result = run_cli(
        "ask",
        "Kiraz Vadisi ne zaman kuruldu?",
        "--backend",
        "milvus",
        "--corpus",
        str(mini_corpus),
        "--index",
        str(tmp_path / "index"),
    )
    assert result.returncode == 1
    assert "error: cannot open Milvus" in result.stderr and "one process at a time" in result.stderr
    assert "Traceback" not in result.stderr
