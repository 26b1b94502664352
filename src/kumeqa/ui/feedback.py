"""👍/👎 on answers, kept on this machine as JSON Lines for later evaluation.

One line per vote: when, the vote, the question as typed and as searched, the
answer as ``kumeqa ask --json`` gives it (span, confidence, citations) and the
index version it came from, so a disliked answer can be turned into a dev-set
item. Nothing is sent anywhere. Lines are appended under a lock, each written
whole, so concurrent votes never interleave; a vote that cannot be written is
logged and the chat goes on.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

#: Default file, relative to where the app runs (``--feedback`` / ``KUMEQA_FEEDBACK``).
DEFAULT_PATH = Path("feedback") / "answers.jsonl"


class FeedbackLog:
    """Appends votes to one JSON Lines file."""

    def __init__(self, path: Path | str = DEFAULT_PATH) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, liked: bool, turn: dict, index_version: str = "") -> bool:
        """Append one vote about ``turn`` (``question``, ``resolved_question``, ``answer``); False if not written."""
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "liked": liked,
            "question": turn.get("question", ""),
            "resolved_question": turn.get("resolved_question", ""),
            "answer": turn.get("answer", {}),
            "index_version": index_version,
        }
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
        except OSError as exc:
            log.error("could not store feedback in %s: %s", self.path, exc)
            return False
        return True

    def read(self) -> list[dict]:
        """Every vote stored so far (for evaluation scripts and tests)."""
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
