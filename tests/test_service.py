"""The index behind the app: served during builds, followed when another process rebuilds, kept when damaged."""

import errno
import json
import logging
import shutil

import pytest
from filelock import FileLock

from conftest import DATA, KIRAZ_QUESTION, ZEYTIN, ZEYTIN_QUESTION, chat_answer, run_cli
from kumeqa.config import Settings
from kumeqa.index import IndexUnavailable, ensure_index, load_index
from kumeqa.index import builder as index_module
from kumeqa.service import IndexService
from kumeqa.ui import handle_upload


@pytest.fixture
def settings(mini_corpus, tmp_path):
    settings = Settings().with_paths(mini_corpus, tmp_path / "index")
    ensure_index(settings)
    return settings


@pytest.fixture
def service(mini_service, settings):
    assert mini_service.settings == settings
    return mini_service


def _tamper_with_new_version(settings: Settings, damage) -> str:
    """Copy the live version, damage the copy, and point CURRENT at it, as a broken writer would."""
    live = settings.index_dir / load_index(settings).version
    broken = live.with_name(live.name + "-broken")
    shutil.copytree(live, broken)
    damage(broken)
    (settings.index_dir / "CURRENT").write_text(broken.name + "\n", encoding="utf-8")
    return broken.name


def _strip_checksums_and_truncate_faiss(version_dir) -> None:
    manifest = json.loads((version_dir / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]
    (version_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    faiss_file = version_dir / "dense.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])


def test_questions_are_answered_from_the_last_good_index_while_a_build_waits(service, settings, tmp_path):
    """Failure 2: every upload waited behind the build lock; now the app answers meanwhile."""
    upload = tmp_path / "zeytin.md"
    upload.write_text(ZEYTIN, encoding="utf-8")
    with FileLock(str(settings.index_dir / ".lock")):  # another build (the CLI, say) holds the index
        message, rows, *_ = handle_upload(service, str(upload))
        assert "eklendi" in message
        assert service.busy
        assert "önceki dizinle yanıt verilmeye devam ediliyor" in service.status_line()
        assert ["—", "zeytin.md", 0, 0, "dizinleniyor…"] in rows
        assert "420" in chat_answer(service, KIRAZ_QUESTION), "the live index keeps answering"
    assert service.wait_idle(600)
    assert "64 üretici" in chat_answer(service, ZEYTIN_QUESTION)
    assert "Dizin güncellendi" in service.status_line()


def test_a_stale_index_on_disk_is_served_at_once_and_refreshed_in_the_background(settings, mini_corpus):
    """Failure 2: on restart app.py rebuilt before serving although a valid older index existed."""
    (mini_corpus / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")
    with FileLock(str(settings.index_dir / ".lock")):
        service = IndexService.open(settings, follow_seconds=None)  # returns although no build can run
        assert service.busy
        assert "420" in chat_answer(service, KIRAZ_QUESTION)
    assert service.wait_idle(600)
    assert "zeytin.md" in service.sources()
    service.close()


def test_a_document_indexed_by_the_cli_is_answered_by_the_running_service(service, settings, mini_corpus):
    """Failure 5: a document added with 'kumeqa index' while the app ran was not answered until restart."""
    version = service.index.version
    (mini_corpus / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")
    result = run_cli("index", "--corpus", str(mini_corpus), "--index", str(settings.index_dir))
    assert result.returncode == 0, result.stderr
    assert service.follow()
    assert service.index.version != version
    assert "64 üretici" in chat_answer(service, ZEYTIN_QUESTION)
    assert "zeytin.md" in [row[1] for row in service.documents()]
    assert not service.follow(), "nothing new the second time"


def test_a_manifest_without_checksums_is_damaged(settings, caplog):
    """Failure 6: a manifest without its checksum list skipped verification, then crashed on a truncated FAISS file."""
    live = settings.index_dir / load_index(settings).version
    _strip_checksums_and_truncate_faiss(live)
    with pytest.raises(IndexUnavailable, match="no checksums"):
        load_index(settings)
    with caplog.at_level(logging.WARNING):
        index, report = ensure_index(settings)
    assert report is not None and index.version != live.name
    assert len(index.docs) == 3


def test_the_cli_rebuilds_over_a_manifest_without_checksums(settings, mini_corpus):
    _strip_checksums_and_truncate_faiss(settings.index_dir / load_index(settings).version)
    paths = ["--corpus", str(mini_corpus), "--index", str(settings.index_dir)]
    result = run_cli("index", *paths)
    assert result.returncode == 0, result.stderr
    assert "manifest has no checksums" in result.stdout
    result = run_cli("ask", KIRAZ_QUESTION, "--json", *paths)
    assert result.returncode == 0 and "420" in json.loads(result.stdout)["span"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "damage, reason",
    [
        (_strip_checksums_and_truncate_faiss, "no checksums"),
        (lambda d: (d / "manifest.json").write_text("{not json", encoding="utf-8"), "manifest"),
        (lambda d: next((d / "docs").glob("*.json")).write_text("[]", encoding="utf-8"), "checksum"),
    ],
    ids=["no-checksums", "unreadable-manifest", "edited-unit"],
)
def test_a_damaged_version_written_by_another_process_is_not_loaded(damage, reason, service, settings):
    version = service.index.version
    broken = _tamper_with_new_version(settings, damage)
    assert not service.follow()
    assert service.index.version == version, "the last good index keeps serving"
    assert reason in service.state.error and broken in service.state.error
    assert "\n" not in service.state.error
    assert "Yeni dizin yüklenemedi (dizin bozuk)" in service.status_line()
    assert "420" in chat_answer(service, KIRAZ_QUESTION)
    assert not service.follow(), "a broken version is reported once, not retried every tick"


@pytest.mark.parametrize(
    "code, english, turkish",
    [
        (errno.EROFS, "the folder is read-only", "dizin klasörü salt okunur"),
        (errno.ENOSPC, "the disk is full", "disk dolu"),
    ],
    ids=["read-only", "full-disk"],
)
def test_an_index_folder_that_cannot_be_written_is_one_line_and_the_old_index_serves(
    code, english, turkish, service, mini_corpus, monkeypatch
):
    """Failure 6: read-only or full index folder gave raw OSError tracebacks."""

    def refuse(*args, **kwargs):
        raise OSError(code, "simulated")

    monkeypatch.setattr(index_module, "_build_locked", refuse)
    (mini_corpus / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")
    service.request_build()
    assert service.wait_idle(600)
    assert english in service.state.error and "\n" not in service.state.error
    assert turkish in service.status_line()
    assert "420" in chat_answer(service, KIRAZ_QUESTION)


def test_the_corpus_readme_is_never_a_document(service, mini_corpus):
    shutil.copy(DATA.parent.parent / "corpus" / "README.md", mini_corpus / "README.md")
    service.request_build()
    assert service.wait_idle(600)
    assert "README.md" not in [row[1] for row in service.documents()]
