"""Safe exports: no cell a spreadsheet would run, and no download left lying in the temp folder."""

import csv
import io
import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DATA
from kumeqa.config import Settings
from kumeqa.exports import EXCEL_TR, FORMULA_STARTS, TempExports, csv_text, neutralise, search_csv
from kumeqa.index import ensure_index
from kumeqa.retrieve import SearchResult
from kumeqa.service import IndexService
from kumeqa.ui import build_app, handle_claims_batch, handle_search
from kumeqa.ui.handlers import CLAIM_CSV_HEADERS
from kumeqa.ui.layout import GRADIO_CACHE_CLEANUP


@pytest.fixture(scope="module")
def hostile_service(tmp_path_factory):
    """The small corpus plus documents that start sentences and headings with formula characters."""
    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    shutil.copytree(DATA / "mini", corpus)
    for doc in (DATA / "hostile").glob("*.md"):
        if doc.name != "README.md":
            shutil.copy(doc, corpus)
    settings = Settings().with_paths(corpus, tmp_path_factory.mktemp("hostile-index"))
    index, _ = ensure_index(settings)
    return IndexService(settings, index)


def _cells(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _download(path: str) -> list[list[str]]:
    """A CSV download as Excel with a Turkish locale reads it: UTF-8 with a BOM, ';' between cells."""
    data = Path(path).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return _cells(data.decode("utf-8-sig"), delimiter=";")


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def _dangerous(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run as a formula (a plain negative number is just a number)."""
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS) and not _is_number(cell)]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start):
    cell = f'{start}HYPERLINK("http://evil.example","x")'
    assert neutralise(cell) == "'" + cell
    rows = _cells(csv_text(["a"], [[cell, 3, -2.5, "düz metin"]]))
    assert rows[1] == ["'" + cell, "3", "-2.5", "düz metin"]
    assert _dangerous(rows) == []


def test_numbers_and_plain_text_are_left_alone():
    assert neutralise(-3) == -3 and neutralise(0.25) == 0.25
    assert neutralise("OSTİM 6.500 işletme") == "OSTİM 6.500 işletme"
    assert neutralise("") == ""


def test_search_csv_from_a_hostile_document_runs_nothing(hostile_service, tmp_path):
    """Failure 3: '=HYPERLINK(...)' from a document reached the researcher's Excel as it was."""
    exports = TempExports(root=tmp_path / "exports")
    html, _, csv_update, _ = handle_search(hostile_service, "Formül Kümesi firma ihracat fuar", None, 10, exports)
    assert "kq-result" in html
    rows = _download(csv_update["value"])
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells), "the hostile passages were exported"
    # Overlapping passages are joined, so "+SUM…", "-2+3…" and "@SUM…" follow the first one inside its
    # cell (harmless there); formula starts at a cell's start are covered one by one above.
    assert any("+SUM(1;2)" in cell and "@SUM(A1)" in cell for cell in cells)
    assert _dangerous(rows) == []


def test_claims_csv_neutralises_claims_and_evidence(hostile_service, tmp_path):
    """Failure 3, the second export: the fact-check table's CSV."""
    exports = TempExports(root=tmp_path / "exports")
    claims = '=HYPERLINK("http://evil.example","x") Formül Kümesinde 37 firma çalışıyor.\n@Formül Kümesi 2011 yılında kuruldu.'
    table, download = handle_claims_batch(hostile_service, claims, exports)
    assert table.count("<tr>") == 3  # the header and one row per claim
    rows = _download(download["value"])
    assert rows[0] == CLAIM_CSV_HEADERS
    assert rows[1][0].startswith("'=HYPERLINK") and rows[2][0].startswith("'@")
    assert _dangerous(rows) == []


def test_a_decimal_keeps_its_places_in_either_dialect():
    """A column of confidences read "1,0" beside "0,99" (the eighth new user's trial): a
    Decimal is written with the places it has, a float as before."""
    row = [Decimal("1.00"), Decimal("0.50"), 1.0]
    assert _cells(csv_text(["a", "b", "c"], [row]))[1] == ["1.00", "0.50", "1.0"]
    assert _cells(csv_text(["a", "b", "c"], [row], EXCEL_TR).lstrip("\ufeff"), ";")[1] == ["1,00", "0,50", "1,0"]


def test_search_csv_quotes_every_cell():
    r = SearchResult("a.pdf", "Başlık, virgüllü", 4, "§1 Giriş", 'tırnak " ve ; ayraç', 0.5)
    text = search_csv([r])
    assert _cells(text)[1] == ["1", "Başlık, virgüllü", "a.pdf", "4", "§1 Giriş", "0.5", 'tırnak " ve ; ayraç']
    assert text.splitlines()[1].startswith('"1","Başlık, virgüllü"')


def test_exports_are_deleted_after_their_time_and_at_the_end(tmp_path):
    """Failure 4: per-search and per-batch export folders stayed in the temp folder forever."""
    exports = TempExports(keep_seconds=60, root=tmp_path / "exports")
    old = exports.write("pasajlar.csv", "a\n")
    past = time.time() - 120
    os.utime(old.parent, (past, past))
    new = exports.write("pasajlar.csv", "b\n")  # writing sweeps what is older than keep_seconds
    assert not old.exists() and new.exists()
    assert exports.sweep(now=time.time() + 61) == 1 and not new.exists()
    exports.close()
    assert not exports.root.exists()


def test_the_sweep_also_runs_on_a_timer(tmp_path):
    exports = TempExports(keep_seconds=0, root=tmp_path / "exports")
    path = exports.write("x.csv", "x\n")
    exports.sweep_every(0.05)
    deadline = time.monotonic() + 30
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not path.exists()
    exports.close()


def test_search_handler_writes_only_under_the_export_folder(hostile_service, tmp_path):
    exports = TempExports(root=tmp_path / "exports")
    _, _, csv_update, bib_update = handle_search(hostile_service, "Formül Kümesi", None, 3, exports)
    for update in (csv_update, bib_update):
        assert os.path.commonpath([update["value"], exports.root]) == str(exports.root)
    exports.sweep(now=time.time() + exports.keep_seconds + 1)
    assert list(exports.root.iterdir()) == []


def test_gradio_cache_of_uploads_and_downloads_is_cleaned(hostile_service):
    """Failure 4: uploads stayed in Gradio's upload folder (three 19 MB uploads: +58 MB)."""
    demo = build_app(hostile_service, TempExports())
    assert demo.delete_cache == GRADIO_CACHE_CLEANUP
    frequency, age = GRADIO_CACHE_CLEANUP
    assert frequency <= 3600 and age <= 24 * 3600
