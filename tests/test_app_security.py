"""The running app (app.py) probed as a hostile web page, an unlucky operator and a second process would.

Each test names the probe's finding it reproduces (issue 11) or the held behaviour it keeps.
Every server here listens on 127.0.0.1 only; headers name foreign hosts, no traffic goes to one.
"""

import http.client
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import DATA, KIRAZ_QUESTION, ROOT, ZEYTIN, ZEYTIN_QUESTION, open_page, run_cli
from kumeqa.config import Settings
from kumeqa.index import ensure_index
from kumeqa.loadtest import free_port, start_app

AUTH = ("kullanici", "gizli-parola")
#: Upper bound for the app to notice and load a new index (it polls CURRENT every 2 s);
#: a deadline for a failure, not a performance target.
FOLLOW_DEADLINE = 180


def _corpus(tmp: Path, hostile: bool = False) -> Settings:
    corpus = tmp / "corpus"
    shutil.copytree(DATA / "mini", corpus)
    shutil.copy(ROOT / "corpus" / "README.md", corpus / "README.md")
    if hostile:
        for doc in ("formul.md", "betik.md"):
            shutil.copy(DATA / "hostile" / doc, corpus)
    settings = Settings().with_paths(corpus, tmp / "index")
    ensure_index(settings)
    return settings


class App:
    """app.py on a free loopback port, its log, and plain HTTP requests with chosen headers."""

    def __init__(self, settings: Settings, tmp: Path, extra_args=(), wrapper=()):
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tmp / f"app-{self.port}.log"
        self.proc = start_app(
            ROOT, settings.corpus_dir, settings.index_dir, self.port, self.log, extra_args=extra_args, wrapper=wrapper
        )

    def request(self, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def client(self, auth=None):
        from gradio_client import Client

        return Client(self.url, verbose=False, download_files=False, auth=auth)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _until(predicate, deadline: float = FOLLOW_DEADLINE):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    return predicate()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app with default settings over the small corpus plus hostile documents."""
    tmp = tmp_path_factory.mktemp("app")
    app = App(_corpus(tmp, hostile=True), tmp)
    yield app
    app.stop()


# ------------------------------------------------------------------ Host and Origin (failure 4)


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/"), ("GET", "/config"), ("GET", "/gradio_api/info"), ("POST", "/gradio_api/upload")],
)
def test_a_foreign_host_header_is_refused(method, path, app):
    """Failure 4: with 'Host: evil.example' the app served /config, answered and ran the upload flow."""
    body, kind = _multipart("x.txt", b"Yabanci belge.") if method == "POST" else (None, None)
    headers = {"Host": "evil.example"} | ({"Content-Type": kind} if kind else {})
    status, _ = app.request(method, path, headers, body)
    assert status == 400
    status, _ = app.request("GET", path if method == "GET" else "/config", {"Host": f"127.0.0.1:{app.port}"})
    assert status == 200
    status, _ = app.request("GET", "/config", {"Host": f"localhost:{app.port}"})
    assert status == 200


def test_a_rebinding_page_cannot_ask_or_upload(app):
    """The full flow a DNS-rebinding page would run: ask through the API, then upload."""
    payload = json.dumps({"data": [KIRAZ_QUESTION]}).encode()
    status, _ = app.request(
        "POST", "/gradio_api/call/answer", {"Host": "evil.example", "Content-Type": "application/json"}, payload
    )
    assert status == 400
    status, _ = app.request(
        "POST",
        "/gradio_api/call/answer",
        {"Host": f"127.0.0.1:{app.port}", "Content-Type": "application/json"},
        payload,
    )
    assert status == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example"])
def test_a_cross_origin_upload_is_refused(origin, app):
    """Failure 4: a cross-origin multipart POST to the upload route was stored."""
    body, kind = _multipart("yabanci.txt", b"Yabanci belge 2020 yilinda yazildi.")
    status, answer = app.request(
        "POST", "/gradio_api/upload", {"Origin": origin, "Content-Type": kind, "Host": f"127.0.0.1:{app.port}"}, body
    )
    assert status == 403, answer
    status, answer = app.request(
        "POST",
        "/gradio_api/upload",
        {"Origin": f"http://127.0.0.1:{app.port}", "Content-Type": kind, "Host": f"127.0.0.1:{app.port}"},
        body,
    )
    assert status == 200 and b"yabanci.txt" in answer, "the app's own page can still upload"


# ------------------------------------------------------------------ held probes


@pytest.mark.parametrize(
    "target",
    ["/etc/passwd", "../../../../../../etc/passwd", "{corpus}/kiraz.txt", "{index}/CURRENT", "{corpus}/../index"],
    ids=["etc-passwd", "dotdot", "corpus", "index", "corpus-dotdot"],
)
def test_held_file_routes_refuse_system_corpus_and_index_files(target, app):
    path = target.format(corpus=app.settings.corpus_dir, index=app.settings.index_dir)
    status, body = app.request("GET", f"/gradio_api/file={path}", {"Host": f"127.0.0.1:{app.port}"})
    assert status in (400, 403, 404), (status, body[:200])
    assert b"root:" not in body and b"Kiraz" not in body


def test_held_an_upload_over_the_size_limit_gets_413(app):
    body, kind = _multipart("buyuk.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024))
    status, _ = app.request("POST", "/gradio_api/upload", {"Content-Type": kind, "Host": f"127.0.0.1:{app.port}"}, body)
    assert status == 413


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def _address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    host = hex_address.split(":")[0]
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        return ipaddress.IPv4Address(raw[::-1])
    return ipaddress.IPv6Address(b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4)))


def test_held_the_app_listens_on_loopback_and_connects_nowhere_else(app):
    answer = app.client().predict(KIRAZ_QUESTION, api_name="/answer")
    assert "420" in answer["span"]
    inodes = _socket_inodes(app.proc.pid)
    sockets = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{app.proc.pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes:
                sockets.append((_address(fields[1]), _address(fields[2]), fields[3]))
    listening = [local for local, _, state in sockets if state == "0A"]
    assert listening and all(address.is_loopback for address in listening)
    remote = [peer for _, peer, state in sockets if state != "0A"]
    assert all(peer.is_loopback or peer.is_unspecified for peer in remote), remote


# ------------------------------------------------------------------ following the index (failure 5)


def test_a_document_indexed_by_the_cli_is_answered_by_the_running_app(app):
    """Failure 5: a document added with 'kumeqa index' while the app ran was not answered until restart."""
    client = app.client()
    assert client.predict(ZEYTIN_QUESTION, api_name="/answer")["abstained"]
    (app.settings.corpus_dir / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")
    result = run_cli("index", "--corpus", str(app.settings.corpus_dir), "--index", str(app.settings.index_dir))
    assert result.returncode == 0, result.stderr
    answer = _until(lambda: (a := client.predict(ZEYTIN_QUESTION, api_name="/answer")) and not a["abstained"] and a)
    assert answer and "64 üretici" in answer["span"], app.log_text()[-2000:]
    assert "Traceback" not in app.log_text()


@pytest.mark.browser
def test_a_new_session_lists_the_documents_on_disk_now(app, browser):
    """Failure 5: a new browser session showed the document list from start-up."""
    (app.settings.corpus_dir / "incir.md").write_text(
        "# İncir Birliği\n\nİncir Birliği 1999 yılında 12 köyle kuruldu.\n", encoding="utf-8"
    )
    result = run_cli("index", "--corpus", str(app.settings.corpus_dir), "--index", str(app.settings.index_dir))
    assert result.returncode == 0, result.stderr
    client = app.client()
    assert _until(lambda: not client.predict("İncir Birliği kaç köyle kuruldu?", api_name="/answer")["abstained"])
    page = open_page(browser, app.url)
    page.get_by_role("tab", name="Belgeler").click()
    page.wait_for_function(
        "() => document.querySelector('#kq-docs') && document.querySelector('#kq-docs').innerText.includes('incir.md')",
        timeout=30_000,
    )


# ------------------------------------------------------------------ what users type and documents hold (failure 7, held)


def _watch(page) -> list[str]:
    """URLs the page requests from anywhere but the app (a markdown image would be one)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.mark.browser
def test_markdown_in_a_question_is_shown_as_text(app, browser):
    """Failure 7: markdown in a user's question was rendered (an image there loaded from an outside host)."""
    page = open_page(browser, app.url)
    seen = _watch(page)
    question = "![iz](http://127.0.0.1:9/kq-question-probe.png) **kalın** Betik Vadisi ne zaman kuruldu?"
    page.fill("#kq-question textarea", question)
    page.click("#kq-ask")
    page.wait_for_selector("#kq-chat [data-testid='bot']", timeout=60_000)
    chat = page.locator("#kq-chat")
    assert "![iz](http://127.0.0.1:9/kq-question-probe.png) **kalın**" in chat.inner_text()
    assert chat.locator("img").count() == 0 and chat.locator("strong:has-text('kalın')").count() == 0
    assert not [url for url in seen if "kq-question-probe" in url]


@pytest.mark.browser
def test_held_html_in_documents_and_claims_never_runs(app, browser):
    page = open_page(browser, app.url)
    seen = _watch(page)
    page.evaluate("window.__xss = undefined")
    page.fill("#kq-question textarea", "Betik Vadisi kaç firma barındırır?")
    page.click("#kq-ask")
    page.wait_for_selector("#kq-chat [data-testid='bot']", timeout=60_000)
    assert "77 firma" in page.locator("#kq-chat").inner_text()
    assert "<script>" in page.locator("#kq-chat .kq-answer").last.inner_text()
    # The cited page (a text document: its text, the quote marked) shows the markup as text too.
    page.locator("#kq-chat .kq-ref").first.click()
    page.wait_for_selector("#kq-page .kq-pv-text mark.kq-mark", timeout=60_000)
    page_text = page.locator("#kq-page").inner_text()
    assert "<script>" in page_text and "![logo](http://127.0.0.1:9/kq-probe.png)" in page_text
    page.get_by_role("tab", name="Doğrula").click()
    page.fill("#kq-claim textarea", '<img src=x onerror="window.__xss=3"> Betik Vadisi 2009 yılında kuruldu.')
    page.click("#kq-check")
    page.wait_for_selector("#kq-verdict .kq-verdict", timeout=60_000)
    time.sleep(0.5)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert not [url for url in seen if "kq-probe" in url]


# ------------------------------------------------------------------ restart, login, allowed hosts


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """app.py restarted over a stale index while another build holds the lock, with --auth and --allowed-host."""
    tmp = tmp_path_factory.mktemp("guarded")
    settings = _corpus(tmp)
    (settings.corpus_dir / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")
    lock = FileLock(str(settings.index_dir / ".lock"))
    lock.acquire()
    try:
        app = App(settings, tmp, extra_args=["--auth", ":".join(AUTH), "--allowed-host", "kumeqa.test"])
    except BaseException:
        lock.release()
        raise
    yield app, lock
    lock.release(force=True)
    app.stop()


def test_a_restart_serves_the_index_on_disk_at_once_and_builds_in_the_background(guarded):
    """Failure 2: on restart app.py rebuilt before listening although a valid older index existed."""
    app, lock = guarded
    client = app.client(auth=AUTH)  # the app is up while a build cannot even start
    assert "420" in client.predict(KIRAZ_QUESTION, api_name="/answer")["span"]
    assert client.predict(ZEYTIN_QUESTION, api_name="/answer")["abstained"], "not indexed yet"
    lock.release(force=True)
    answer = _until(lambda: (a := client.predict(ZEYTIN_QUESTION, api_name="/answer")) and not a["abstained"] and a)
    assert answer and "64 üretici" in answer["span"], app.log_text()[-2000:]


def test_with_auth_nothing_is_served_before_login(guarded):
    app, _ = guarded
    host = {"Host": f"127.0.0.1:{app.port}"}
    for path in ("/config", "/gradio_api/info"):
        status, body = app.request("GET", path, host)
        assert status == 401 and b"kiraz" not in body.lower()
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own error type for a refused login
        app.client(auth=(AUTH[0], "yanlis"))
    assert "420" in app.client(auth=AUTH).predict(KIRAZ_QUESTION, api_name="/answer")["span"]


def test_an_allowed_host_name_is_served_and_others_are_not(guarded):
    app, _ = guarded
    assert app.request("GET", "/", {"Host": f"kumeqa.test:{app.port}"})[0] == 200
    assert app.request("GET", "/", {"Host": f"other.test:{app.port}"})[0] == 400


# ------------------------------------------------------------------ a read-only index folder (failure 6)


def _read_only_mount(folder: Path) -> list[str]:
    """Run a command with ``folder`` mounted read-only, in a private mount namespace (no root needed)."""
    if not shutil.which("unshare"):
        pytest.fail("util-linux 'unshare' is needed to mount a read-only folder for this test")
    script = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    return ["unshare", "--map-root-user", "--mount", "sh", "-c", script, "sh"]


def _in_mount_namespace(wrapper: list[str], *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [*wrapper, sys.executable, "-m", "kumeqa", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def test_a_read_only_index_folder_is_one_line_for_the_cli(tmp_path):
    settings = _corpus(tmp_path)
    (settings.corpus_dir / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")
    wrapper = _read_only_mount(settings.index_dir)
    paths = ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
    result = _in_mount_namespace(wrapper, "index", *paths)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines() == [
        f"error: index not updated: cannot write to {settings.index_dir} (the folder is read-only)"
    ]
    result = _in_mount_namespace(wrapper, "ask", KIRAZ_QUESTION, "--json", *paths)
    assert result.returncode == 0, result.stderr
    assert "420" in json.loads(result.stdout)["span"], "the index it has still answers"
    assert "read-only" in result.stderr and "Traceback" not in result.stderr


def test_a_full_disk_is_one_line_for_the_cli(tmp_path):
    """Failure 6, the other half: the index folder on a file system with no room for a new version."""
    settings = _corpus(tmp_path)
    backup = tmp_path / "index-copy"
    shutil.copytree(settings.index_dir, backup)
    used = sum(-(-p.stat().st_size // 4096) * 4096 for p in backup.rglob("*") if p.is_file())  # tmpfs pages
    folder = settings.index_dir
    script = (
        f'mount -t tmpfs -o size={used + used // 4} tmpfs "{folder}" && cp -a "{backup}/." "{folder}/" && exec "$@"'
    )
    wrapper = ["unshare", "--map-root-user", "--mount", "sh", "-c", script, "sh"]
    paths = ["--corpus", str(settings.corpus_dir), "--index", str(folder)]
    result = _in_mount_namespace(wrapper, "index", "--rebuild", *paths)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines() == [
        f"error: index not updated: cannot write to {folder} (the disk is full)"
    ]


def test_a_read_only_index_folder_keeps_the_app_serving(tmp_path):
    """Failure 6: a read-only index folder made app.py exit instead of serving the index it had."""
    settings = _corpus(tmp_path)
    (settings.corpus_dir / "zeytin.md").write_text(ZEYTIN, encoding="utf-8")  # stale: a refresh is attempted
    app = App(settings, tmp_path, extra_args=["--read-only"], wrapper=_read_only_mount(settings.index_dir))
    try:
        assert "420" in app.client().predict(KIRAZ_QUESTION, api_name="/answer")["span"]
        assert _until(lambda: "(the folder is read-only)" in app.log_text()), app.log_text()[-2000:]
        assert "Traceback" not in app.log_text()
        config = json.loads(app.request("GET", "/config", {"Host": f"127.0.0.1:{app.port}"})[1])
        elem_ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
        assert "kq-docs" in elem_ids and "kq-upload" not in elem_ids and "kq-remove" not in elem_ids
    finally:
        app.stop()


def test_the_api_answers_a_follow_up_in_its_conversation(app):
    """`/answer_in_context` reads a follow-up against the earlier questions; `/answer` takes the question alone."""
    client = app.client()
    earlier = [KIRAZ_QUESTION]
    answer = client.predict("peki kaç çalışan var?", earlier, api_name="/answer_in_context")
    assert not answer["abstained"] and "3.200" in answer["span"]
    assert "Kiraz" in answer["resolved_question"]
