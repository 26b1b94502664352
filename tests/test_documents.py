"""Documents are never lost: uploads cannot overwrite, replace keeps the old version, remove goes to a trash."""

import tempfile
from pathlib import Path

import pytest

from conftest import KIRAZ_QUESTION, chat_answer, shared_stream_pdf
from kumeqa import documents
from kumeqa.config import BudgetConfig, Settings
from kumeqa.documents import Refused, clean_name
from kumeqa.index import IndexUnavailable
from kumeqa.ingest import corpus_files
from kumeqa.service import IndexService
from kumeqa.ui import build_app, handle_remove, handle_upload

BUDGET = BudgetConfig()
NEW_KIRAZ = "Kiraz Vadisi Tarım Kümelenmesi 2015 yılında kuruldu. Kümede bugün 999 üretici var.\n"


def _upload(tmp_path: Path, name: str, data: bytes) -> Path:
    """A file as Gradio hands it over: in a folder of its own, under the name the browser sent."""
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / name
    path.write_bytes(data)
    return path


def test_an_upload_with_an_existing_name_never_replaces_the_document(mini_service, mini_corpus, tmp_path):
    """Failure 1: a 5-byte upload named like the paper replaced it, and questions about it were declined."""
    before = (mini_corpus / "kiraz.txt").read_bytes()
    message, *_ = handle_upload(mini_service, str(_upload(tmp_path, "kiraz.txt", b"bozuk")))
    assert "adlı başka bir belge var" in message and "değiştir" in message
    assert (mini_corpus / "kiraz.txt").read_bytes() == before
    assert not mini_service.busy, "nothing to index"
    assert "420" in chat_answer(mini_service, KIRAZ_QUESTION)


def test_the_same_bytes_under_the_same_name_are_already_there(mini_service, mini_corpus, tmp_path):
    same = (mini_corpus / "kiraz.txt").read_bytes()
    message, *_ = handle_upload(mini_service, str(_upload(tmp_path, "kiraz.txt", same)))
    assert "zaten var" in message
    assert not mini_service.busy
    assert not (mini_corpus / documents.VERSIONS).exists()


def test_an_explicit_replace_keeps_the_previous_version_and_serves_it_until_the_new_one_indexed(
    mini_service, mini_corpus, tmp_path
):
    before = (mini_corpus / "kiraz.txt").read_bytes()
    message, *_ = handle_upload(mini_service, str(_upload(tmp_path, "kiraz.txt", NEW_KIRAZ.encode())), True)
    assert "değiştirildi" in message
    kept = list((mini_corpus / documents.VERSIONS).iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == before and kept[0].name.endswith("-kiraz.txt")
    assert mini_service.wait_idle(600)
    assert "999 üretici" in chat_answer(mini_service, KIRAZ_QUESTION)
    assert [row[4] for row in mini_service.documents() if row[1] == "kiraz.txt"] == ["dizinde"]
    assert {p.name for p in corpus_files(mini_corpus)} == {"kiraz.txt", "fener-cp1254.txt", "lale.md"}


def test_a_replacement_that_does_not_index_is_undone(mini_service, mini_corpus, tmp_path, monkeypatch):
    before = (mini_corpus / "kiraz.txt").read_bytes()
    failures = []

    def full_disk(settings, **kwargs):
        failures.append(1)
        raise IndexUnavailable("index not updated: cannot write to index (the disk is full)")

    monkeypatch.setattr("kumeqa.service.build_index", full_disk)
    handle_upload(mini_service, str(_upload(tmp_path, "kiraz.txt", NEW_KIRAZ.encode())), True)
    assert mini_service.wait_idle(600)
    assert failures, "the build was attempted"
    assert (mini_corpus / "kiraz.txt").read_bytes() == before, "the previous version is back"
    assert [row[4] for row in mini_service.documents() if row[1] == "kiraz.txt"] == [
        "yeni sürüm dizinlenemedi; önceki sürüm geri kondu"
    ]
    rejected = list((mini_corpus / documents.TRASH).iterdir())
    assert [p.read_bytes() for p in rejected] == [NEW_KIRAZ.encode()]
    assert "420" in chat_answer(mini_service, KIRAZ_QUESTION)


@pytest.mark.parametrize("name", ["README.md", "readme.MD", "sources.toml"])
def test_reserved_names_are_refused(name, mini_service, mini_corpus, tmp_path):
    """Failure 1: uploading README.md overwrote the examples file and reported 'eklendi ve dizinlendi'."""
    before = (mini_corpus / "README.md").read_bytes()
    message, *_ = handle_upload(mini_service, str(_upload(tmp_path, name, b"# Ornek\n\nBaska bir metin burada.\n")))
    assert "ayrılmış bir ad" in message and "eklendi" not in message
    assert (mini_corpus / "README.md").read_bytes() == before
    assert not (mini_corpus / "sources.toml").exists()


@pytest.mark.parametrize("name", ["..txt", "x.txt\n.exe", ".txt", "rapor.pdf.exe", "not"])
def test_the_extension_is_checked_on_the_cleaned_name(name, tmp_path):
    """Failure 7: the extension was checked before cleaning, so '..txt' was stored as 'txt'."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with pytest.raises(Refused, match="Desteklenmeyen"):
        documents.add(corpus, _upload(tmp_path, "upload.txt", b"Bir metin 2020 yilinda yazildi."), name, BUDGET)
    assert list(corpus.iterdir()) in ([], [corpus / documents.INCOMING])
    assert not any(corpus.glob(documents.INCOMING + "/*"))


@pytest.mark.parametrize(
    "name, stored",
    [
        ("../../kacak.txt", "kacak.txt"),
        ("/etc/mutlak.txt", "mutlak.txt"),
        ("bo\x00s.txt", "bo_s.txt"),
        ("sat\nir.txt", "sat_ir.txt"),
        ("C:\\belgeler\\pencere.txt", "pencere.txt"),
        ("ç" * 300 + ".txt", "ç" * 116 + ".txt"),
    ],
    ids=["dotdot", "absolute", "nul", "newline", "windows-path", "300-chars"],
)
def test_held_odd_upload_names_land_in_the_corpus_under_their_base_name(name, stored, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    change = documents.add(corpus, _upload(tmp_path, "u.txt", b"Bir metin 2020 yilinda yazildi."), name, BUDGET)
    assert change.name == stored == clean_name(name)
    assert (corpus / stored).resolve().parent == corpus.resolve()
    assert [p.name for p in corpus_files(corpus)] == [stored]


def test_an_unreadable_or_over_budget_upload_is_refused_and_never_stored(mini_service, mini_corpus, tmp_path):
    bomb = shared_stream_pdf(tmp_path / "bomba.pdf")
    message, *_ = handle_upload(mini_service, str(bomb))
    assert "okunamadı, eklenmedi" in message and "çok fazla metin" in message
    assert not (mini_corpus / "bomba.pdf").exists()
    assert not bomb.exists(), "the temporary upload is deleted"
    assert not list((mini_corpus / documents.INCOMING).iterdir())


def test_remove_moves_the_document_to_the_trash_and_drops_it_from_the_index(mini_service, mini_corpus):
    before = (mini_corpus / "lale.md").read_bytes()
    message, *_ = handle_remove(mini_service, "lale.md")
    assert "çöp kutusunda" in message
    assert not (mini_corpus / "lale.md").exists()
    assert [p.read_bytes() for p in (mini_corpus / documents.TRASH).iterdir()] == [before]
    assert mini_service.wait_idle(600)
    assert "lale.md" not in mini_service.sources()
    message, *_ = handle_remove(mini_service, "../kiraz.txt")
    assert "belge yok" in message and (mini_corpus / "kiraz.txt").exists()


def test_read_only_mode_offers_no_change_at_all(mini_corpus, tmp_path):
    service = IndexService.open(
        Settings().with_paths(mini_corpus, tmp_path / "index"), read_only=True, follow_seconds=None
    )
    before = sorted(p.name for p in mini_corpus.iterdir())
    message, *_ = handle_upload(service, str(_upload(tmp_path, "yeni.txt", b"Yeni belge 2022 yilinda yazildi.")))
    assert "Salt okunur" in message
    message, *_ = handle_remove(service, "kiraz.txt")
    assert "Salt okunur" in message
    assert sorted(p.name for p in mini_corpus.iterdir()) == before
    demo = build_app(service)
    elem_ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert "kq-docs" in elem_ids and not elem_ids & {"kq-upload", "kq-add", "kq-remove", "kq-replace"}
    service.close()
