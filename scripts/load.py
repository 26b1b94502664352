"""Load test: ``make load`` — 20 concurrent users, 500 questions, against app.py on loopback.

    .venv/bin/python scripts/load.py [--users 20] [--total 500] [--url http://127.0.0.1:PORT/]

Without --url it starts app.py on a free port with corpus/ and index/ and stops it at
the end. Prints the report as JSON; writes it to docs/load.json with --write.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from kumeqa.config import Settings
from kumeqa.evaluate import load_dev_set
from kumeqa.index import ensure_index
from kumeqa.loadtest import free_port, run_load, start_app

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--total", type=int, default=500)
    parser.add_argument("--url", default=None)
    parser.add_argument("--time-limit", type=float, default=900)
    parser.add_argument("--write", action="store_true", help="save the report to docs/load.json")
    args = parser.parse_args()
    questions = [item.question for item in load_dev_set(ROOT / "tests" / "data" / "questions-test.jsonl")]
    proc = None
    url = args.url
    if url is None:
        settings = Settings().with_paths(ROOT / "corpus", ROOT / "index")
        ensure_index(settings)
        port = free_port()
        log = Path(tempfile.mkdtemp()) / "app.log"
        proc = start_app(ROOT, settings.corpus_dir, settings.index_dir, port, log)
        url = f"http://127.0.0.1:{port}/"
    try:
        report = run_load(url, questions, args.users, args.total, args.time_limit).as_json()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.write:
        (ROOT / "docs" / "load.json").write_text(
            json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0 if report["errors"] == 0 and report["answers_differing_from_single_user"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
