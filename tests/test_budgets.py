"""Per-document budgets: no file can stall indexing; real documents are far inside every limit."""

import base64
from dataclasses import replace

import pytest

from conftest import DATA, flate_bomb_pdf, junk_bytes, run_cli, shared_stream_pdf
from kumeqa.budgets import TextShape
from kumeqa.config import BudgetConfig, Settings
from kumeqa.embed import get_embedder
from kumeqa.index import build_index, load_index, stale_reason
from kumeqa.ingest import OverBudget, UnreadableFile, load_document

BUDGET = BudgetConfig()


def _folder_bytes(path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def test_real_documents_are_far_inside_every_budget(paper_pdf, paper_txt, mini_corpus):
    """The budgets refuse nothing real: the paper (PDF and text) and the small corpus load."""
    for path in [paper_pdf, paper_txt, *sorted(mini_corpus.iterdir())]:
        doc = load_document(path, budget=BUDGET)
        assert doc.n_pages * 10 < BUDGET.max_pages
        assert len(doc.text) * 10 < BUDGET.max_chars
    shape = TextShape.of(paper_txt.read_text(encoding="utf-8"), BUDGET.long_word_chars)
    assert shape.letter_share > BUDGET.min_letter_share + 0.3
    assert shape.control_share == 0 and shape.long_word_share < 0.01


def test_shared_stream_pdf_bomb_is_refused_on_its_first_page(tmp_path):
    """Failure 2: 5 KB, 10 pages sharing a 1 MB content stream; it made 317,750 sentences and a 1.1 GB index."""
    bomb = shared_stream_pdf(tmp_path / "bomba.pdf")
    assert bomb.stat().st_size < 10_000
    with pytest.raises(OverBudget) as caught:
        load_document(bomb, budget=BUDGET)
    assert caught.value.overrun.what == "page_chars"
    reason = str(caught.value)
    assert "1. sayfada çok fazla metin" in reason and "too much text on page 1" in reason


def test_shared_stream_pdf_bomb_is_skipped_and_the_index_stays_small(mini_corpus, tmp_path):
    shared_stream_pdf(mini_corpus / "bomba.pdf")
    settings = Settings().with_paths(mini_corpus, tmp_path / "index")
    report = build_index(settings)
    skipped = {s.source: s.reason for s in report.skipped}
    assert "bomba.pdf" in skipped and "too much text" in skipped["bomba.pdf"]
    assert {d.source for d in report.documents} == {"kiraz.txt", "fener-cp1254.txt", "lale.md"}
    assert report.passages < 20
    assert _folder_bytes(settings.index_dir) < 2_000_000  # the probe's index: 1.1 GB


def test_the_same_bomb_is_caught_by_the_document_budget_without_the_page_limit(tmp_path):
    """Pages just under the page limit still add up: the total character budget stops extraction."""
    bomb = shared_stream_pdf(tmp_path / "bomba.pdf", pages=10, stream_bytes=100_000)
    budget = replace(BUDGET, max_chars=100_000)
    with pytest.raises(OverBudget) as caught:
        load_document(bomb, budget=budget)
    assert caught.value.overrun.what == "chars"


def test_page_count_is_checked_before_any_text_is_extracted(tmp_path):
    bomb = shared_stream_pdf(tmp_path / "bomba.pdf", pages=12)
    with pytest.raises(OverBudget) as caught:
        load_document(bomb, budget=replace(BUDGET, max_pages=11))
    assert caught.value.overrun.what == "pages"
    assert "çok fazla sayfa: 12" in str(caught.value)


@pytest.mark.parametrize(
    "name, data",
    [
        ("rastgele.txt", junk_bytes(2_000_000)),
        ("base64.txt", base64.b64encode(junk_bytes(600_000))),
        ("base64-satirli.txt", base64.encodebytes(junk_bytes(600_000))),
        ("onaltilik.txt", " ".join(f"{b:02x}" for b in junk_bytes(300_000)).encode()),
    ],
    ids=["random-cp1254", "base64-one-line", "base64-76-columns", "hex-dump"],
)
def test_a_text_file_that_is_not_text_is_refused_unread(name, data, tmp_path):
    """Failure 2: a 2 MB non-text .txt decoding as cp1254 was still embedding after 16 minutes."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(OverBudget) as caught:
        load_document(path, budget=BUDGET)
    assert caught.value.overrun.what == "text_shape"
    assert "metin gibi görünmüyor" in str(caught.value) and "does not look like text" in str(caught.value)


def test_the_non_text_file_is_skipped_by_the_cli_with_its_reason(mini_corpus, tmp_path):
    (mini_corpus / "cop.txt").write_bytes(junk_bytes(2_000_000))
    result = run_cli("index", "--corpus", str(mini_corpus), "--index", str(tmp_path / "index"))
    assert result.returncode == 0, result.stderr
    assert "skipped: cop.txt: metin gibi görünmüyor" in result.stdout
    assert "does not look like text" in result.stdout
    assert "documents: 3" in result.stdout


@pytest.mark.parametrize(
    "text, budget, what",
    [
        ("Kısa bir cümle var. " * 60, replace(BUDGET, max_sentences=50), "sentences"),
        ("Sayfa metni burada.\f" * 30, replace(BUDGET, max_pages=20), "pages"),
        ("Uzun satır " * 2_000, replace(BUDGET, max_line_chars=10_000), "text_shape"),
        ("Kontrol\x07 karakterleri\x01 var.\n" * 300, BUDGET, "text_shape"),
        ("Metin " * 1_000, replace(BUDGET, max_chars=5_000), "chars"),
    ],
    ids=["sentences", "pages", "line-length", "control-characters", "characters"],
)
def test_each_budget_refuses_what_is_over_it(text, budget, what, tmp_path):
    path = tmp_path / "belge.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverBudget) as caught:
        load_document(path, budget=budget)
    assert caught.value.overrun.what == what
    assert " / " in str(caught.value)  # Turkish / English
    load_document(path, budget=BudgetConfig(max_sentences=10**6, max_line_chars=10**6, max_control_share=0.2))


def test_a_short_note_with_a_long_link_is_text(tmp_path):
    """Shares are not judged on a few lines: one URL is a third of a short note."""
    path = tmp_path / "not.md"
    path.write_text("# Not\n\nKaynak: https://example.org/a/very/long/path/to/a/report.pdf burada.\n", encoding="utf-8")
    assert TextShape.of(path.read_text(encoding="utf-8"), BUDGET.long_word_chars).long_word_share > 0.3
    load_document(path, budget=BUDGET)


def test_a_text_file_too_big_for_the_budget_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "dev.txt"
    path.write_bytes(b"a" * 50_000)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(OverBudget, match="too long"):
        load_document(path, budget=replace(BUDGET, max_chars=10_000))


def test_held_inflation_bombs_are_skipped(tmp_path):
    """Held: a 400 MB Flate bomb and a 60 MB operator stream are skipped (pypdf's own limits, then no text)."""
    flate = flate_bomb_pdf(tmp_path / "sisme.pdf", b"\0" * (1 << 20), 400 << 20)
    ops = flate_bomb_pdf(tmp_path / "operator.pdf", b"q Q " * (1 << 18), 60 << 20)
    assert flate.stat().st_size < 1_000_000 and ops.stat().st_size < 200_000
    for path in (flate, ops):
        with pytest.raises(UnreadableFile):
            load_document(path, budget=BUDGET)


def test_changing_a_budget_refreshes_the_index_and_readmits_what_now_fits(mini_corpus, tmp_path):
    long_text = (DATA / "mini" / "kiraz.txt").read_text(encoding="utf-8") * 20
    (mini_corpus / "uzun.txt").write_text(long_text, encoding="utf-8")
    tight = replace(Settings().with_paths(mini_corpus, tmp_path / "index"), budget=replace(BUDGET, max_chars=2_000))
    report = build_index(tight)
    assert [s.source for s in report.skipped] == ["uzun.txt"]
    loose = replace(tight, budget=BUDGET)
    assert stale_reason(loose, get_embedder(loose.model)) == "document budgets changed"
    report = build_index(loose)
    assert report.embedded == ("uzun.txt",) and not report.skipped
    assert "uzun.txt" in {d.source for d in load_index(loose).docs}
