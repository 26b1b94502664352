"""Shared fixtures: the paper's index (built once per run), a CLI runner, headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def paper_pdf(expected) -> Path:
    return ROOT / "corpus" / expected["paper"]


@pytest.fixture(scope="session")
def paper_txt(expected) -> Path:
    """The same paper as pdftotext output (from ../shared), for the text loader."""
    path = SHARED_CORPUS / expected["paper_txt"]
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared corpus must sit beside the checkout")
    return path


@pytest.fixture(scope="session")
def paper_settings(tmp_path_factory):
    from kumeqa.config import Settings

    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "corpus" / "yeni-nesil-kumelenmeler.pdf", corpus)
    return Settings().with_paths(corpus, tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def paper_index(paper_settings):
    from kumeqa.index import ensure_index

    index, _ = ensure_index(paper_settings)
    return index


@pytest.fixture
def mini_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA / "mini", corpus)
    return corpus


#: A question the small corpus (tests/data/mini) answers with "420 üretici".
KIRAZ_QUESTION = "Kiraz Vadisi Tarım Kümelenmesinde kaç üretici var?"
#: A document to add to it, and the question only that document answers ("64 üretici").
ZEYTIN = "# Zeytin Kooperatifi\n\nZeytin Kooperatifi 2005 yılında 64 üreticiyle kuruldu.\n"
ZEYTIN_QUESTION = "Zeytin Kooperatifi kaç üreticiyle kuruldu?"


@pytest.fixture
def mini_service(mini_corpus, tmp_path):
    """The app's index service over the small corpus (with the corpus README), idle, not following CURRENT."""
    from kumeqa.config import Settings
    from kumeqa.service import IndexService

    shutil.copy(ROOT / "corpus" / "README.md", mini_corpus / "README.md")
    service = IndexService.open(Settings().with_paths(mini_corpus, tmp_path / "index"), follow_seconds=None)
    assert service.wait_idle(600)
    yield service
    service.close()


def index_of(tmp_path: Path, name: str, text: str):
    """The index of a one-document corpus holding ``text`` (an invented document for a reading test)."""
    from kumeqa.config import Settings
    from kumeqa.index import ensure_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(text, encoding="utf-8")
    return ensure_index(Settings().with_paths(corpus, tmp_path / "index"))[0]


def chat_answer(service, question: str) -> str:
    """The assistant's chat message for ``question``, as the UI's handler makes it."""
    from kumeqa.ui import handle_question

    history, *_ = handle_question(service, question, [])
    return history[-1]["content"]


def run_cli(*args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``python -m kumeqa`` as a user would, from the repository root."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "kumeqa", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright (its own browser download does not work here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: 'make test' installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str):
    """A fresh browser context (a new session) on the app, once the chat box is there."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_selector("#kq-question textarea", timeout=30_000)
    return page


# ------------------------------------------------------------------ hostile files, made on the fly


def shared_stream_pdf(path: Path, pages: int = 10, stream_bytes: int = 1_000_000) -> Path:
    """The probe's PDF: ~5 KB on disk, ``pages`` pages that all point at one Flate-compressed
    content stream of ``stream_bytes`` of text operators (354,161 characters a page)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    line = b"BT /F1 9 Tf 20 800 Td (Veri 1. Kayit 2. ) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(line * (stream_bytes // len(line)))
    shared = writer._add_object(stream.flate_encode(level=9))
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = resources
        page[NameObject("/Contents")] = shared
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def flate_bomb_pdf(path: Path, chunk: bytes, total: int) -> Path:
    """A one-page PDF whose content stream inflates to ``total`` bytes of ``chunk`` repeated."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(chunk) for _ in range(total // len(chunk))) + packer.flush()
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = StreamObject()
    stream._data = data
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def junk_bytes(size: int, seed: int = 11) -> bytes:
    """Random bytes that still decode as Windows-1254 (no NUL, none of its 7 undefined bytes)."""
    import random

    undefined = set(b"\x00\x81\x8d\x8e\x8f\x90\x9d\x9e")
    alphabet = bytes(b for b in range(256) if b not in undefined)
    return bytes(random.Random(seed).choices(alphabet, k=size))


def assert_verdict(index, claim: str, expected: str, source_value: str | None) -> None:
    """A claim's verdict, and the source's value or name its mismatches give (None: no mismatch required)."""
    from kumeqa.verify import check_claim

    result = check_claim(index, claim)
    assert result.verdict == expected, (claim, result.verdict, [m.as_json() for m in result.mismatches])
    if source_value is not None:
        assert any(source_value in m.source for m in result.mismatches), [m.as_json() for m in result.mismatches]
