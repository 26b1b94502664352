"""The live index behind the web app: served at once, rebuilt in the background, followed when others rebuild it.

Why this shape:

* **Serve first.** ``app.py`` used to rebuild before listening, so a restart with a
  changed corpus kept users waiting although a valid older index was on disk, and a
  read-only index folder made it exit. :meth:`IndexService.open` loads what is on
  disk and serves it; a stale index is refreshed by a background build. Only when
  there is nothing valid to serve is the first index built before serving.
* **One builder.** A single background thread runs builds one at a time; requests
  that arrive during a build are merged into one more build. Questions are answered
  from the live index meanwhile; the new index replaces it in one assignment once it
  has loaded, so a request that took ``service.index`` keeps a consistent index.
* **Follow the disk.** ``kumeqa index`` (another process) writes a new ``CURRENT``;
  a watcher notices it within :data:`FOLLOW_SECONDS` and loads it, so a document
  added from the command line is answered without a restart. A version that does not
  load (damaged, no checksums) is reported once and the live index stays.
* **One-line failures.** A read-only folder, a full disk or a damaged manifest become
  a line in :attr:`IndexService.state` (shown in the Belgeler tab) and in the log; the
  live index keeps serving.
* **Documents are never lost.** Uploads, replacements and removals go through
  :mod:`kumeqa.documents`; a replacement whose new version does not index is undone.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from filelock import Timeout

from . import documents
from .config import Settings
from .documents import Change, Refused
from .embed import get_embedder
from .index import BuildReport, Index, IndexUnavailable, build_index, current_version, ensure_index, load_index
from .index import stale_reason as index_stale_reason
from .ingest import turkish_reason
from .lexicon import english_bridge

log = logging.getLogger(__name__)

#: How often the app looks at ``CURRENT`` for a version written by another process:
#: one small file read; a CLI-added document is answered within this many seconds.
FOLLOW_SECONDS = 2.0

Done = Callable[[BuildReport | None, str | None], None]
"""``done(report, error)``: called after the build that includes a change (error: one line, or None)."""


@dataclass(frozen=True)
class BuildState:
    """What the Belgeler tab shows about indexing: running, progress, last outcome (Turkish), last error."""

    building: bool = False
    progress: str = ""
    #: Documents looked at so far and in all, in the running build (for a progress bar).
    done: int = 0
    total: int = 0
    message: str = ""
    error: str = ""


def turkish_problem(exc: BaseException) -> str:
    """Why the index could not be updated, in Turkish, from the error behind :class:`IndexUnavailable`."""
    cause = exc.__cause__ or exc
    code = getattr(cause, "errno", None)
    if isinstance(cause, Timeout):
        return "başka bir dizinleme sürüyor"
    if code == errno.EROFS:
        return "dizin klasörü salt okunur"
    if code == errno.ENOSPC:
        return "disk dolu"
    if code in (errno.EACCES, errno.EPERM):
        return "dizin klasörüne yazma izni yok"
    if any(word in str(exc) for word in ("damaged", "checksum", "manifest")):
        return "dizin bozuk"
    return "beklenmeyen hata"


class IndexService:
    """The live index shared by every session, its background builder and its watcher."""

    def __init__(self, settings: Settings, index: Index, *, read_only: bool = False) -> None:
        self.settings = settings
        self.index = index
        self.read_only = read_only
        self._cond = threading.Condition()
        self._wanted = False
        self._only_if_stale = True
        self._callbacks: list[Done] = []
        self._state = BuildState()
        self._pending: dict[str, str] = {}
        self._corpus_lock = threading.Lock()
        self._swap_lock = threading.Lock()
        self._failed_version: str | None = None
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, settings: Settings, *, read_only: bool = False, follow_seconds: float | None = FOLLOW_SECONDS):
        """Serve the index on disk at once; refresh it in the background when stale.

        Raises :class:`IndexUnavailable` (one line) only when there is no valid index
        and none can be built.
        """
        try:
            index = load_index(settings)
        except IndexUnavailable as exc:
            if current_version(settings.index_dir) is None:
                log.info("no index in %s yet: building it before serving", settings.index_dir)
            else:
                log.warning("%s: building a new one before serving", exc)
            index, _ = ensure_index(settings)
        service = cls(settings, index, read_only=read_only)
        # The English word bridge takes seconds to read the first time: read it now,
        # beside serving, rather than on the first English question.
        threading.Thread(target=english_bridge, args=(settings.index_dir,), name="kumeqa-lexicon", daemon=True).start()
        service.request_build(only_if_stale=True)
        if follow_seconds:
            service.follow_every(follow_seconds)
        return service

    def follow_every(self, seconds: float) -> None:
        """Start the watcher thread that loads a new ``CURRENT`` written by another process."""

        def loop() -> None:
            while not self._stop.wait(seconds):
                if self.busy:
                    continue
                try:
                    self.follow()
                except Exception as exc:  # noqa: BLE001 - the watcher must outlive a bad read
                    log.error("could not follow the index on disk: %s: %s", type(exc).__name__, exc)

        threading.Thread(target=loop, name="kumeqa-follow", daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> BuildState:
        return self._state

    @property
    def busy(self) -> bool:
        """A build is running or waiting to run."""
        return self._wanted or self._state.building

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no build is running or waiting; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self.busy:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def status_line(self) -> str:
        """One line for the Belgeler tab."""
        state = self._state
        if self.busy:
            doing = f"Dizinleniyor: {state.progress}" if state.progress else "Dizinleme sırada"
            return f"{doing} — bu sırada önceki dizinle yanıt verilmeye devam ediliyor."
        return state.message or f"Dizin hazır: {len(self.index.docs)} belge."

    def documents(self) -> list[list]:
        """Rows of the Belgeler table: indexed, skipped (with the reason) and waiting documents."""
        index, pending = self.index, dict(self._pending)
        rows = [[d.title, d.source, d.pages, d.passages, pending.get(d.source, "dizinde")] for d in index.docs]
        rows += [["—", s.source, 0, 0, f"atlandı: {turkish_reason(s.reason)}"] for s in index.skipped]
        known = {d.source for d in index.docs} | {s.source for s in index.skipped}
        rows += [["—", name, 0, 0, status] for name, status in pending.items() if name not in known]
        return rows

    def sources(self) -> list[str]:
        return [d.source for d in self.index.docs]

    # ------------------------------------------------------------------ building and following

    def request_build(self, on_done: Done | None = None, *, only_if_stale: bool = False) -> None:
        """Ask for a build (merged with any already waiting); ``on_done`` runs after it."""
        with self._cond:
            # Merged with a waiting request: the build is unconditional if either asked for one.
            self._only_if_stale = only_if_stale and (self._only_if_stale or not self._wanted)
            self._wanted = True
            if on_done is not None:
                self._callbacks.append(on_done)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="kumeqa-build", daemon=True)
                self._worker.start()
            self._cond.notify_all()

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._wanted and not self._stop.is_set():
                    self._cond.wait()
                if self._stop.is_set():
                    return
                callbacks, only_if_stale = self._callbacks, self._only_if_stale
                self._callbacks, self._only_if_stale = [], True
                self._state = replace(self._state, building=True, progress="", done=0, total=0)
                self._wanted = False
            report, error = self._build(only_if_stale)
            for done in callbacks:
                try:
                    done(report, error)
                except Exception:  # noqa: BLE001 - one failing follow-up must not stop the builder
                    log.exception("after-build step failed")
            with self._cond:
                self._state = replace(self._state, building=False, progress="", done=0, total=0)
                self._cond.notify_all()

    def _build(self, only_if_stale: bool) -> tuple[BuildReport | None, str | None]:
        try:
            if only_if_stale:
                reason = index_stale_reason(self.settings, get_embedder(self.settings.model))
                if reason is None:
                    return None, None
                log.info("refreshing the index in the background: %s", reason)
            report = build_index(self.settings, progress=self._progress)
            new = load_index(self.settings)
        except IndexUnavailable as exc:
            log.error("%s; still serving %s", exc, self.index.version)
            self._state = replace(
                self._state,
                message=f"Dizin güncellenemedi ({turkish_problem(exc)}); önceki dizinle yanıt verilmeye devam ediliyor.",
                error=str(exc),
            )
            return None, str(exc)
        except Exception as exc:  # noqa: BLE001 - the app must keep serving whatever a build does
            log.error("index build failed (%s: %s); still serving %s", type(exc).__name__, exc, self.index.version)
            log.debug("index build failure", exc_info=True)
            self._state = replace(
                self._state,
                message="Dizin güncellenemedi (beklenmeyen hata); önceki dizinle yanıt verilmeye devam ediliyor.",
                error=f"{type(exc).__name__}: {exc}",
            )
            return None, f"{type(exc).__name__}: {exc}"
        self._swap(new)
        skipped = f", {len(report.skipped)} atlandı" if report.skipped else ""
        self._state = replace(
            self._state,
            message=f"Dizin güncellendi ({time.strftime('%H:%M')}): {len(report.documents)} belge{skipped}.",
            error="",
        )
        return report, None

    def _progress(self, done: int, total: int, what: str) -> None:
        self._state = replace(self._state, progress=f"{what} ({done}/{total})", done=done, total=total)

    def _swap(self, new: Index) -> None:
        with self._swap_lock:
            self.index = new
            self._failed_version = None
        log.info("serving index %s", new.version)

    def follow(self) -> bool:
        """Load a ``CURRENT`` written by another process; True when the live index changed."""
        version = current_version(self.settings.index_dir)
        if version is None or version in (self.index.version, self._failed_version):
            return False
        with self._swap_lock:
            if current_version(self.settings.index_dir) == self.index.version:
                return False
            try:
                new = load_index(self.settings)
            except IndexUnavailable as exc:
                self._failed_version = version
                log.error("%s; still serving %s", exc, self.index.version)
                self._state = replace(
                    self._state,
                    message=f"Yeni dizin yüklenemedi ({turkish_problem(exc)}); önceki dizinle yanıt verilmeye devam ediliyor.",
                    error=str(exc),
                )
                return False
            self.index = new
            self._failed_version = None
        log.info("following the index on disk: now serving %s", new.version)
        return True

    # ------------------------------------------------------------------ documents

    def _writable(self) -> None:
        if self.read_only:
            raise Refused(
                "Salt okunur mod: belgeler eklenemez, değiştirilemez ya da kaldırılamaz.",
                "Read-only mode: documents cannot be added, replaced or removed.",
            )

    def _change(self, make: Callable[[], Change]) -> Change:
        self._writable()
        try:
            with self._corpus_lock:
                return make()
        except OSError as exc:
            raise Refused(
                f"Belge klasörüne yazılamadı ({turkish_problem(exc)}).",
                f"Could not write to the corpus folder ({exc.strerror or exc}).",
            ) from None

    def add_document(self, upload: Path, name: str) -> Change:
        """Store a new document and index it in the background (see :func:`kumeqa.documents.add`)."""
        change = self._change(lambda: documents.add(self.settings.corpus_dir, upload, name, self.settings.budget))
        if change.kind == "added":
            self._pending[change.name] = "dizinleniyor…"
            self.request_build(lambda report, error: self._settle(change, report, error))
        return change

    def replace_document(self, upload: Path, name: str) -> Change:
        """Replace a document by a new version; the old one serves until the new one has indexed."""
        change = self._change(lambda: documents.replace(self.settings.corpus_dir, upload, name, self.settings.budget))
        if change.kind in ("added", "replaced"):
            self._pending[change.name] = "yeni sürümü dizinleniyor…" if change.kind == "replaced" else "dizinleniyor…"
            self.request_build(lambda report, error: self._settle(change, report, error))
        return change

    def remove_document(self, name: str) -> Change:
        """Move a document to the corpus's trash and drop it from the index in the background."""
        change = self._change(lambda: documents.remove(self.settings.corpus_dir, name))
        self._pending[change.name] = "kaldırılıyor…"
        self.request_build(lambda report, error: self._settle(change, report, error))
        return change

    def _settle(self, change: Change, report: BuildReport | None, error: str | None) -> None:
        """After the build that includes ``change``: clear its status, or undo a replacement that did not index."""
        indexed = report is not None and any(d.source == change.name for d in report.documents)
        if change.kind == "replaced" and not indexed:
            with self._corpus_lock:
                documents.restore(self.settings.corpus_dir, change)
            self._pending[change.name] = "yeni sürüm dizinlenemedi; önceki sürüm geri kondu"
            log.warning("new version of %s did not index (%s); the previous version is back", change.name, error)
            self.request_build()
            return
        if error is not None:
            self._pending[change.name] = "dizinlenemedi; yeniden denenecek"
            return
        self._pending.pop(change.name, None)
