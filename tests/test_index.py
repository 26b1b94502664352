"""The on-disk index: incremental refresh, crash safety, damage detection."""

import json
import logging

import pytest

from kumeqa import index as index_module
from kumeqa.backend import backend_class
from kumeqa.config import Settings
from kumeqa.embed import get_embedder
from kumeqa.index import IndexUnavailable, build_index, ensure_index, load_index, stale_reason


@pytest.fixture
def mini_settings(mini_corpus, tmp_path):
    return Settings().with_paths(mini_corpus, tmp_path / "index")


def test_changed_document_is_reembedded_and_unchanged_ones_are_not(mini_settings, mini_corpus):
    first = build_index(mini_settings)
    assert set(first.embedded) == {"kiraz.txt", "fener-cp1254.txt", "lale.md"}
    assert stale_reason(mini_settings, get_embedder(mini_settings.model)) is None

    with (mini_corpus / "lale.md").open("a", encoding="utf-8") as fh:
        fh.write("\nMerkez 2020 yılında genişletildi.\n")
    assert stale_reason(mini_settings, get_embedder(mini_settings.model)) == "corpus changed"
    second = build_index(mini_settings)
    assert second.embedded == ("lale.md",)
    assert set(second.reused) == {"kiraz.txt", "fener-cp1254.txt"}
    loaded = load_index(mini_settings)
    assert any("genişletildi" in p.text for p in loaded.passages)


def test_new_and_removed_documents_are_noticed(mini_settings, mini_corpus):
    build_index(mini_settings)
    (mini_corpus / "yeni.txt").write_text("Yeni belge 2022 yılında yazıldı. İçinde 9 bölüm var.", encoding="utf-8")
    index, report = ensure_index(mini_settings)
    assert report is not None and report.embedded == ("yeni.txt",)
    (mini_corpus / "kiraz.txt").unlink()
    index, report = ensure_index(mini_settings)
    assert {d.source for d in index.docs} == {"fener-cp1254.txt", "lale.md", "yeni.txt"}


def test_a_build_killed_mid_write_leaves_the_old_index_loadable(mini_settings, mini_corpus, monkeypatch):
    build_index(mini_settings)
    before = load_index(mini_settings)
    (mini_corpus / "kiraz.txt").write_text("Tamamen yeni içerik 1999 yılında.", encoding="utf-8")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed while writing")

    monkeypatch.setattr(backend_class("local"), "write", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(mini_settings)
    after = load_index(mini_settings)
    assert after.version == before.version
    assert [p.text for p in after.passages] == [p.text for p in before.passages]
    assert not list(mini_settings.index_dir.glob("*.tmp"))


def test_a_damaged_index_file_is_detected_and_rebuilt(mini_settings, caplog):
    build_index(mini_settings)
    version = load_index(mini_settings).version
    unit = next((mini_settings.index_dir / version / "docs").glob("*.json"))
    unit.write_text(unit.read_text(encoding="utf-8")[:100], encoding="utf-8")  # truncated
    with pytest.raises(index_module.IndexUnavailable, match="checksum"):
        load_index(mini_settings)
    with caplog.at_level(logging.WARNING):
        index, report = ensure_index(mini_settings)
    assert report is not None and "damaged" in caplog.text
    assert index.version != version
    assert len(index.docs) == 3


def test_manifest_records_model_parameters_and_checksums(mini_settings):
    build_index(mini_settings)
    version = load_index(mini_settings).version
    manifest = json.loads((mini_settings.index_dir / version / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["params"]["model_id"] == get_embedder(mini_settings.model).model_id
    assert "chunk" in manifest["params"] and "format_version" in manifest["params"]
    assert all(len(checksum) == 64 for checksum in manifest["files"].values())
    assert {d["source"] for d in manifest["documents"]} == {"kiraz.txt", "fener-cp1254.txt", "lale.md"}


def test_dense_index_settings_change_rebuilds_without_reembedding(mini_settings):
    from dataclasses import replace

    build_index(mini_settings)
    hnsw = replace(mini_settings, retrieval=replace(mini_settings.retrieval, hnsw_threshold=0))
    assert stale_reason(hnsw, get_embedder(hnsw.model)) == "search backend or dense index settings changed"
    index, report = ensure_index(hnsw)
    assert report is not None and report.embedded == () and len(report.reused) == 3
    assert index.backend.dense_kind == "hnsw", "past the threshold the dense index is HNSW"
    exact, _ = ensure_index(mini_settings)  # and back: exact again, the same top passage
    assert exact.backend.dense_kind == "exact"
    vector = exact.embedder.encode_queries(["Kiraz Vadisi Tarım Kümelenmesi ne zaman kuruldu?"])[0]
    assert index.backend.dense_search(vector, 3)[0][0] == exact.backend.dense_search(vector, 3)[0][0]


def test_a_build_shows_files_passages_rate_and_eta(mini_settings):
    calls = []
    report = build_index(mini_settings, progress=lambda done, total, what: calls.append((done, total, what)))
    assert calls, "a build reports progress"
    assert [c[0] for c in calls] == sorted(c[0] for c in calls), "files done never go back"
    assert all(total == 3 for _, total, _ in calls)
    finished = [what for done, _, what in calls if done == 3]
    assert any(f"{report.passages} pasaj" in what and "/s" in what for what in finished)
    assert any("ETA" in what for _, _, what in calls)


def test_the_next_files_are_read_while_the_current_one_embeds(mini_settings, monkeypatch):
    """Parsing runs in the reader thread, ahead of embedding: file 2 is read before file 1's vectors exist."""
    import threading
    import time

    from kumeqa.index import builder

    events = []
    load = builder.load_document

    def recording_load(path, source, budget=None):
        events.append(("read", source, threading.current_thread().name))
        return load(path, source, budget)

    embedder = get_embedder(mini_settings.model)
    encode = embedder.encode_passages

    def slow_encode(texts):
        time.sleep(0.2)  # long enough for the reader to get ahead
        out = encode(texts)
        events.append(("embedded", len(texts), threading.current_thread().name))
        return out

    monkeypatch.setattr(builder, "load_document", recording_load)
    monkeypatch.setattr(embedder, "encode_passages", slow_encode)
    build_index(mini_settings, rebuild=True)
    reads = [e for e in events if e[0] == "read"]
    assert len(reads) == 3 and all(thread == "kumeqa-reader" for _, _, thread in reads)
    assert all(thread != "kumeqa-reader" for kind, _, thread in events if kind == "embedded")
    first_embedded = next(i for i, e in enumerate(events) if e[0] == "embedded")
    assert events.index(reads[1]) < first_embedded, "the second file was read before the first was embedded"


def test_an_error_while_reading_stops_the_build_and_keeps_the_old_index(mini_settings, mini_corpus, monkeypatch):
    from kumeqa.index import builder

    build_index(mini_settings)
    before = load_index(mini_settings).version
    (mini_corpus / "yeni.txt").write_text("Yeni belge 2022 yılında yazıldı.", encoding="utf-8")

    def disk_gone(path):
        raise OSError("disk went away")

    monkeypatch.setattr(builder, "file_sha256", disk_gone)
    with pytest.raises(IndexUnavailable, match="disk went away"):
        build_index(mini_settings)
    monkeypatch.undo()
    assert load_index(mini_settings).version == before
    assert not list(mini_settings.index_dir.glob("*.tmp"))
    assert not any(t.name == "kumeqa-reader" for t in __import__("threading").enumerate())


def test_short_documents_share_embedding_calls(mini_settings, monkeypatch):
    """Three short documents are embedded in one call, not three small ones, and get the same vectors."""
    import numpy as np

    embedder = get_embedder(mini_settings.model)
    encode = embedder.encode_passages
    calls = []

    def counting(texts):
        calls.append(len(texts))
        return encode(texts)

    monkeypatch.setattr(embedder, "encode_passages", counting)
    build_index(mini_settings, rebuild=True)
    index = load_index(mini_settings)
    assert len(calls) == 1 and calls[0] > 3
    sources = {s.source for s in index.sentences}
    assert sources == {"kiraz.txt", "fener-cp1254.txt", "lale.md"}
    alone = np.concatenate([encode([s.text]) for s in index.sentences])
    assert np.array_equal(alone, index.sentence_vectors), "each document gets its own texts' vectors"
