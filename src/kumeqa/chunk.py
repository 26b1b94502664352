"""Documents → sentences and passages, each knowing its source, page and section.

Sentences are the unit of an answer (always quoted whole); passages are the unit of
retrieval: a few consecutive sentences of one section, overlapping by a sentence so
that a fact split over two sentences is still found together. Passages never cross
documents or section headings. Sizes come from :class:`kumeqa.config.ChunkConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import ChunkConfig
from .ingest import Document, Section
from .text import split_sentences


@dataclass(frozen=True)
class Sentence:
    """A verbatim sentence of a document: ``doc.text[start:end] == text``."""

    id: int
    source: str
    page: int
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A retrieval unit: consecutive sentences ``sentence_ids`` of one section."""

    id: int
    source: str
    title: str
    page: int
    page_end: int
    section: str
    start: int
    end: int
    text: str
    sentence_ids: tuple[int, ...]

    def embedding_text(self) -> str:
        """What the dense model sees: the section title gives the passage its subject."""
        heading = (
            self.section.split(" ", 1)[1] if self.section.startswith("§") and " " in self.section else self.section
        )
        return f"{heading}. {self.text}" if heading else self.text


def _section_label(section: Section | None) -> str:
    return section.label if section else ""


def chunk_document(
    doc: Document, config: ChunkConfig, first_sentence_id: int = 0, first_passage_id: int = 0
) -> tuple[list[Sentence], list[Passage]]:
    """Split ``doc`` into sentences and overlapping passages; ids continue from the given ones."""
    # A heading's line ("2.3.4.1. OSTİM BÖLGESEL ...") is not a sentence, even where
    # the splitter cuts it after its number.
    sentences: list[Sentence] = []
    groups: list[list[Sentence]] = []  # sentences per section, in order
    current_section: Section | None = None
    for span in split_sentences(doc.text):
        section = doc.section_at(span.start)
        if section is not None and span.start < doc.heading_end(section):
            if span.start == section.start:
                current_section = section
                groups.append([])
            continue
        if section is not current_section or not groups:
            current_section = section
            groups.append([])
        sentence = Sentence(
            id=first_sentence_id + len(sentences),
            source=doc.source,
            page=doc.page_at(span.start),
            section=_section_label(section),
            start=span.start,
            end=span.end,
            text=doc.text[span.start : span.end],
        )
        sentences.append(sentence)
        groups[-1].append(sentence)

    passages: list[Passage] = []
    for group in groups:
        for window in _windows(group, config):
            start, end = window[0].start, window[-1].end
            passages.append(
                Passage(
                    id=first_passage_id + len(passages),
                    source=doc.source,
                    title=doc.title,
                    page=window[0].page,
                    page_end=window[-1].page,
                    section=window[0].section,
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    sentence_ids=tuple(s.id for s in window),
                )
            )
    return sentences, passages


def _windows(group: list[Sentence], config: ChunkConfig) -> list[list[Sentence]]:
    """Greedy windows of up to ``max_sentences``/``max_chars``, overlapping by ``overlap_sentences``."""
    windows: list[list[Sentence]] = []
    i = 0
    while i < len(group):
        window = [group[i]]
        j = i + 1
        while j < len(group) and len(window) < config.max_sentences:
            if group[j].end - window[0].start > config.max_chars:
                break
            window.append(group[j])
            j += 1
        windows.append(window)
        if j >= len(group):
            break
        i = max(j - config.overlap_sentences, i + 1)
    return windows
