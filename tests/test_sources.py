"""What researchers take away: BibTeX with author and year, CSV that a Turkish Excel opens cleanly."""

import csv
import io

from pypdf import PdfWriter

from kumeqa.exports import EXCEL_TR, search_bibtex, search_csv
from kumeqa.ingest import corpus_files
from kumeqa.retrieve import SearchResult
from kumeqa.sources import source_info

RESULT = SearchResult("rapor.pdf", "Dizindeki Başlık", 3, "§2 Yöntem", "Bir cümle; bir başka_cümle.", 0.8125, 4)


def _pdf(path, **metadata) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata(metadata)
    with path.open("wb") as fh:
        writer.write(fh)


def test_bibtex_takes_author_year_and_title_from_the_pdf(tmp_path):
    _pdf(
        tmp_path / "rapor.pdf",
        **{"/Author": "Yılmaz, Ayşe", "/Title": "Kümelenme Raporu", "/CreationDate": "D:20210304"},
    )
    bib = search_bibtex([RESULT], lambda r: source_info(tmp_path, r.source, r.title))
    assert bib.startswith("@misc{yılmaz2021_p3_1,")
    assert "author = {Yılmaz, Ayşe}" in bib and "title = {Kümelenme Raporu}" in bib and "year = {2021}" in bib
    assert "pages = {3--4}" in bib and r"başka\_cümle" in bib


def test_sources_toml_wins_over_the_pdf_and_adds_fields(tmp_path):
    _pdf(tmp_path / "rapor.pdf", **{"/Author": "Meta Yazar", "/CreationDate": "D:20210304"})
    (tmp_path / "sources.toml").write_text(
        '["rapor.pdf"]\nauthor = "Kaya, Ali and Demir, Ece"\nyear = 2019\ntype = "article"\njournal = "Dergi"\n',
        encoding="utf-8",
    )
    info = source_info(tmp_path, "rapor.pdf", "Dizindeki Başlık")
    assert (info.author, info.year, info.title, info.entry_type) == (
        "Kaya, Ali and Demir, Ece",
        "2019",
        "Dizindeki Başlık",
        "article",
    )
    bib = search_bibtex([RESULT], lambda r: info)
    assert bib.startswith("@article{kaya2019_p3_1,") and "journal = {Dergi}" in bib


def test_a_broken_sources_toml_is_ignored(tmp_path):
    (tmp_path / "sources.toml").write_text('["rapor.pdf"\nauthor = ', encoding="utf-8")
    info = source_info(tmp_path, "notlar.md", "Notlar")
    assert (info.title, info.author, info.year, info.entry_type) == ("Notlar", "", "", "misc")


def test_sources_toml_is_not_a_document(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nMetin.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["a.md"]\nyear = 2020\n', encoding="utf-8")
    (tmp_path / "README.md").write_text("# corpus\n", encoding="utf-8")
    assert [p.name for p in corpus_files(tmp_path)] == ["a.md"]


def test_csv_for_a_turkish_excel_has_a_bom_semicolons_and_decimal_commas():
    text = search_csv([RESULT], EXCEL_TR)
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1] == [
        "1",
        "Dizindeki Başlık",
        "rapor.pdf",
        "3–4",
        "§2 Yöntem",
        "0,8125",
        "Bir cümle; bir başka_cümle.",
    ]
    plain = search_csv([RESULT])
    assert not plain.startswith("\ufeff") and list(csv.reader(io.StringIO(plain)))[1][5] == "0.8125"
