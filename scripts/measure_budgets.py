"""Measure what the per-document budgets in config.BudgetConfig were chosen from.

Prints, for real documents (the paper, the small test corpus, and any extra files
given on the command line, e.g. manuals under /usr/share/doc) and for junk that
still decodes as text: pages, extracted characters, densest page, sentences,
characters per sentence, and the text-shape measures; then the embedding speed of
the default model in sentences per second. docs/security.md quotes its output.

    .venv/bin/python scripts/measure_budgets.py [FILE ...]
"""

from __future__ import annotations

import base64
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kumeqa.budgets import TextShape  # noqa: E402
from kumeqa.config import BudgetConfig, Settings  # noqa: E402
from kumeqa.embed import get_embedder  # noqa: E402
from kumeqa.ingest import _read_pdf, _read_text, clean_pages, decode_text  # noqa: E402
from kumeqa.text import split_sentences  # noqa: E402

#: Measuring must not be cut short by the limits being measured.
UNLIMITED = BudgetConfig(
    max_pages=10**9, max_page_chars=10**12, max_chars=10**12, max_sentences=10**12, shape_min_chars=10**12
)


def _shape_row(name: str, text: str) -> str:
    shape = TextShape.of(text, BudgetConfig().long_word_chars)
    return (
        f"| {name} | {len(text):,} | {shape.letter_share:.3f} | {shape.control_share:.4f} | "
        f"{shape.long_word_share:.4f} | {shape.longest_line:,} |"
    )


def documents(paths: list[Path]) -> None:
    print("| document | pages | characters | densest page | sentences | chars/sentence |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in paths:
        read = _read_pdf if path.suffix.lower() == ".pdf" else _read_text
        pages, _ = read(path, UNLIMITED)
        characters = sum(map(len, pages))
        text, _, _ = clean_pages(pages)  # sentences are counted on the cleaned text, as the budget does
        sentences = len(split_sentences(text))
        print(
            f"| {path.name} | {len(pages)} | {characters:,} | {max(map(len, pages)):,} | {sentences:,} | "
            f"{len(text) / max(sentences, 1):.0f} |"
        )


def shapes(paths: list[Path]) -> None:
    print("\n| text | characters | letter share | control share | long-word share | longest line |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path in paths:
        if path.suffix.lower() != ".pdf":
            print(_shape_row(path.name, decode_text(path.read_bytes())))
    rng = random.Random(11)
    undefined = set(b"\x00\x81\x8d\x8e\x8f\x90\x9d\x9e")
    junk = bytes(rng.choices(bytes(b for b in range(256) if b not in undefined), k=2_000_000))
    print(_shape_row("random bytes as Windows-1254 (2 MB)", decode_text(junk)))
    print(_shape_row("base64, one line", base64.b64encode(junk[:1_500_000]).decode()))
    print(_shape_row("base64, 76 columns", base64.encodebytes(junk[:1_500_000]).decode()))
    print(_shape_row("hex dump", " ".join(f"{b:02x}" for b in junk[:700_000])))
    print(_shape_row("random printable ASCII", "".join(chr(rng.randint(33, 126)) for _ in range(1_000_000))))


def embedding_speed(paper: Path) -> None:
    pages, _ = _read_pdf(paper, UNLIMITED)
    text, _, _ = clean_pages(pages)
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    embedder = get_embedder(Settings().model)
    embedder.encode_passages(sentences[:32])  # warm up
    started = time.perf_counter()
    embedder.encode_passages(sentences)
    seconds = time.perf_counter() - started
    print(
        f"\nembedding ({Settings().model}): {len(sentences)} sentences in {seconds:.1f} s = "
        f"{len(sentences) / seconds:.1f} sentences/s"
    )


def main() -> None:
    paper = ROOT / "corpus" / "yeni-nesil-kumelenmeler.pdf"
    shared_txt = ROOT.parent / "shared" / "corpus" / "yeni-nesil-kumelenmeler.txt"
    paths = [paper, *([shared_txt] if shared_txt.exists() else [])]
    paths += sorted((ROOT / "tests" / "data" / "mini").iterdir())
    paths += [Path(p) for p in sys.argv[1:]]
    documents(paths)
    shapes(paths)
    embedding_speed(paper)


if __name__ == "__main__":
    main()
