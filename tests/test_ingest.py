"""Reading files: page numbers, sections, encodings, and files that cannot be read."""

from pathlib import Path

from kumeqa.ingest import decode_text, load_corpus, load_document


def _page_of(doc, phrase: str) -> int:
    offset = doc.text.find(phrase)
    assert offset >= 0, phrase
    return doc.page_at(offset)


def test_pdf_page_numbers_and_title(paper_pdf, expected):
    doc = load_document(paper_pdf)
    assert doc.title == expected["title"]
    assert doc.n_pages == expected["pages"]
    for phrase, page in expected["page_of_phrase"].items():
        assert _page_of(doc, phrase) == page, phrase


def test_text_file_pages_split_on_form_feeds_match_the_pdf(paper_txt, expected):
    doc = load_document(paper_txt)
    assert doc.n_pages == expected["pages"]
    for phrase, page in expected["page_of_phrase"].items():
        assert _page_of(doc, phrase) == page, phrase


def test_extraction_noise_is_cleaned(paper_txt, expected):
    doc = load_document(paper_txt)
    assert "\t" not in doc.text
    assert "  " not in doc.text
    # Hard-wrapped, tab-justified lines are joined back into one sentence.
    assert expected["wrapped_phrase"] in doc.text


def test_numbered_headings_become_sections(paper_pdf, expected):
    doc = load_document(paper_pdf)
    labels = {f"{s.number}. {s.title}" if s.number else s.title for s in doc.sections}
    for heading in expected["headings"]:
        assert heading in labels, heading
    for phrase, (number, title) in expected["section_of_phrase"].items():
        section = doc.section_at(doc.text.find(phrase))
        assert (section.number, section.title) == (number, title)


def test_windows_1254_text_is_decoded(mini_corpus):
    doc = load_document(mini_corpus / "fener-cp1254.txt")
    assert "Yazılım Kümesi" in doc.text
    assert "İzmir" in doc.text
    assert decode_text("şirket".encode("cp1254")) == "şirket"


def test_markdown_title_from_first_heading(mini_corpus):
    doc = load_document(mini_corpus / "lale.md")
    assert doc.title == "Lale Bahçesi Tasarım Merkezi"


def test_unreadable_files_are_skipped_with_a_reason(mini_corpus: Path):
    (mini_corpus / "bozuk.pdf").write_bytes(b"%PDF-1.4\n this is not really a pdf")
    (mini_corpus / "bos.txt").write_bytes(b"")
    (mini_corpus / "resim.png").write_bytes(b"\x89PNG\r\n")
    docs, skipped = load_corpus(mini_corpus)
    assert {d.source for d in docs} == {"kiraz.txt", "fener-cp1254.txt", "lale.md"}
    reasons = {s.source: s.reason for s in skipped}
    assert set(reasons) == {"bozuk.pdf", "bos.txt", "resim.png"}
    assert "pdf" in reasons["bozuk.pdf"].lower()
    assert "empty" in reasons["bos.txt"]
    assert "unsupported" in reasons["resim.png"]
