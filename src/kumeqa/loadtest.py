"""A bounded load test of the running web app through ``gradio_client`` (loopback only).

Used by ``make load`` (``scripts/load.py``: 20 users, 500 questions) and, short, by the
test suite (5 users × 20 questions). Every simulated user has its own client and
session. What is measured: errors, whether each answer equals the single-user
answer to the same question, and latency p50/p95 as the users see it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

from .stats import percentile


@dataclass
class LoadReport:
    users: int
    requests: int
    errors: int = 0
    mismatches: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        lat = self.latencies_ms
        return {
            "users": self.users,
            "requests": self.requests,
            "errors": self.errors,
            "answers_differing_from_single_user": self.mismatches,
            "latency_ms_p50": round(percentile(lat, 50), 1) if lat else None,
            "latency_ms_p95": round(percentile(lat, 95), 1) if lat else None,
            "throughput_rps": round(self.requests / self.seconds, 2) if self.seconds else None,
            "seconds": round(self.seconds, 1),
            "error_samples": self.error_samples[:5],
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    root: Path,
    corpus: Path,
    index: Path,
    port: int,
    log_path: Path,
    timeout: float = 180,
    extra_args: Sequence[str] = (),
    wrapper: Sequence[str] = (),
) -> subprocess.Popen:
    """``app.py`` on ``127.0.0.1:port`` (with ``extra_args``, run under ``wrapper``); returns once it answers HTTP."""
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            *wrapper,
            sys.executable,
            "app.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--corpus",
            str(corpus),
            "--index",
            str(index),
            *extra_args,
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + timeout
    url = f"http://127.0.0.1:{port}/"
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}; see {log_path}")
        try:
            with urlopen(url, timeout=2):
                return proc
        except HTTPError:  # answering, if only to refuse (a login page, say)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"app.py did not answer within {timeout} s")


def _key(result: dict) -> tuple:
    return (result.get("answer"), result.get("span"), result.get("abstained"))


def run_load(url: str, questions: list[str], users: int, total: int, time_limit: float = 600) -> LoadReport:
    """``users`` concurrent sessions ask ``total`` questions (cycling ``questions``), bounded by ``time_limit``."""
    from gradio_client import Client

    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError("the load test only targets this machine (loopback)")
    # ssl_verify=False: the target is plain http on loopback, so nothing is verified either way; with
    # the default, httpx loads the CA bundle on every call and the 20 client threads spent 3x the
    # server's CPU doing so (67 s vs 21 s for 584 calls), starving the app on 2 cores.
    single = Client(url, verbose=False, download_files=False, ssl_verify=False)
    reference = {q: _key(single.predict(q, api_name="/answer")) for q in dict.fromkeys(questions)}
    report = LoadReport(users=users, requests=total)
    plan = [
        [questions[(u + i * users) % len(questions)] for i in range(total // users + (u < total % users))]
        for u in range(users)
    ]
    deadline = time.time() + time_limit

    def user(qs: list[str]) -> list[tuple[float, str | None, bool]]:
        client = Client(url, verbose=False, download_files=False, ssl_verify=False)
        out = []
        for q in qs:
            if time.time() > deadline:
                out.append((0.0, "time limit reached", False))
                continue
            started = time.perf_counter()
            try:
                result = client.predict(q, api_name="/answer")
                out.append(((time.perf_counter() - started) * 1000, None, _key(result) == reference[q]))
            except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                out.append(((time.perf_counter() - started) * 1000, f"{type(exc).__name__}: {exc}", False))
        return out

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        for rows in pool.map(user, plan):
            for ms, error, same in rows:
                if error:
                    report.errors += 1
                    report.error_samples.append(error)
                else:
                    report.latencies_ms.append(ms)
                    report.mismatches += 0 if same else 1
    report.seconds = time.perf_counter() - started
    return report
