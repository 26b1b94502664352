"""Shared fixtures: the paper's index (built once per run) and a CLI runner."""

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
