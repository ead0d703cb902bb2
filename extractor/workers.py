"""Isolated per-file work: each file is checked and extracted in a child process with a hard wall-clock
timeout and a memory cap, so a file that hangs a parser or inflates to gigabytes costs one child,
never the batch.

Children are plain `python -m extractor.workers` processes talking length-prefixed pickles over
stdin/stdout, not `multiprocessing`: they can be started from anywhere, including a daemonic Dask
worker, and one can be killed and replaced without breaking a pool. PDF engines are not thread-safe,
hence processes. The child caps its own address space (RLIMIT_AS) before loading any parser; the
parent writes the failure row of a child it had to kill, since a killed child cannot.

>>> outcome = process_task(Task(path="cv.txt", sha256=hashlib.sha256(b"So: 1").hexdigest(), size=5,
...                             data=b"So: 1"))
>>> outcome.status, outcome.record["text"]
('done', 'So: 1')
"""
from __future__ import annotations

import hashlib
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from extractor.store import RECORD_TO_FILE_STATUS

DEFAULT_TIMEOUT = 180.0  # seconds per file: OCR of a long scan is the slowest legitimate case
DEFAULT_MEMORY_MB = 2048  # address space per child; RSS stays far lower (see `make bench`)
STARTUP_TIMEOUT = 120.0

# Failures that may go away on a rerun: the run was interrupted, the machine was busy, the file was
# being written. Everything else is permanent and stays quarantined.
TRANSIENT = {"timeout", "oom", "killed", "crashed", "vanished", "changed", "unreadable", "worker_lost"}


@dataclass
class Task:
    """One file to process. `path` is the store key (a path, or `archive.zip::member`); the bytes are
    read from `file`, or given in `data` for archive members."""

    path: str
    sha256: str
    size: int
    file: Optional[str] = None
    mtime_ns: Optional[int] = None
    data: Optional[bytes] = None
    attempts: int = 0  # attempts before this one


@dataclass
class Outcome:
    path: str
    sha256: str
    status: str  # done | partial | needs_ocr | needs_review | quarantined
    reason: Optional[str] = None
    stage: Optional[str] = None
    exception: Optional[str] = None
    message: Optional[str] = None
    record: Optional[dict] = None
    seconds: float = 0.0
    pages: int = 0
    peak_rss_kb: int = 0
    worker_pid: int = 0

    @property
    def transient(self) -> bool:
        return self.status == "quarantined" and self.reason in TRANSIENT


def failure(task: Task, reason: str, message: str, *, stage: str = "extract", exception: Optional[str] = None,
            seconds: float = 0.0) -> Outcome:
    return Outcome(path=task.path, sha256=task.sha256, status="quarantined", reason=reason, stage=stage,
                   exception=exception, message=" ".join(message.split())[:500], seconds=seconds)


def _stage_of(exc: BaseException) -> str:
    """The pipeline stage an exception came from: the deepest extractor module in its traceback."""
    stage = "extract"
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        if module.startswith("extractor.") and module not in ("extractor.workers", "extractor.pipeline"):
            stage = module.split(".")[1]
        tb = tb.tb_next
    return stage


def _inject_fault(task: Task) -> None:
    """Test hook for the isolation guarantees: EXTRACTOR_TEST_FAULTS="hang=MARK,oom=MARK,abort=MARK" makes
    the child hang, exhaust its memory cap, or die of SIGABRT on a file whose path contains MARK.
    Unset in normal runs; it exists because no well-formed test file reliably hangs every parser."""
    spec = os.environ.get("EXTRACTOR_TEST_FAULTS")
    if not spec:
        return
    for item in spec.split(","):
        kind, _, mark = item.partition("=")
        if mark and mark in task.path:
            if kind == "hang":
                time.sleep(3600)
            elif kind == "oom":
                bytearray(1 << 34)  # 16 GB: past any cap, refused before a page is touched
            elif kind == "abort":
                os.abort()


def process_task(task: Task) -> Outcome:
    """Check and extract one file (runs inside the child): hash, preflight, `extract_file`.

    The hash is taken again here: a file that changed since the scan is reported, not half-read.
    """
    from extractor import pipeline
    from extractor.preflight import check_bytes

    t0 = time.perf_counter()
    tmp: Optional[str] = None
    try:
        try:
            data = task.data if task.data is not None else Path(task.file or task.path).read_bytes()
        except FileNotFoundError:
            return failure(task, "vanished", "the file disappeared before it was read", stage="read",
                           exception="FileNotFoundError")
        except OSError as exc:
            return failure(task, "unreadable", f"cannot read: {exc.strerror}", stage="read",
                           exception=type(exc).__name__)
        if hashlib.sha256(data).hexdigest() != task.sha256:
            return failure(task, "changed", "the file changed after it was scanned; a rerun takes the new version",
                           stage="read")
        verdict = check_bytes(data, task.path)
        if not verdict.ok:
            return failure(task, verdict.reason or "unsupported", verdict.message or "", stage="preflight")
        _inject_fault(task)
        source = task.file or task.path
        nul_count = 0
        if verdict.kind == "text" and b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")) \
                and data.count(0) * 20 <= len(data):  # UTF-16 without BOM has NUL in every other byte
            # Stray NUL bytes in a text file (a bad export, a truncated copy): PostgreSQL rejects NUL
            # and readers take a NUL for binary, so they are dropped before reading and counted.
            nul_count = data.count(0)
            data = data.replace(b"\x00", b"")
        if task.data is not None or nul_count:
            # Archive members are written to a private temp file: readers take paths.
            fd, tmp = tempfile.mkstemp(suffix=Path(task.path.split("::")[-1]).suffix, prefix="extractor-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            source = tmp
        del data
        rec = pipeline.extract_file(source)
        if task.file and task.mtime_ns is not None:
            try:
                st = os.stat(task.file)
            except FileNotFoundError:
                return failure(task, "vanished", "the file disappeared while it was read", stage="read")
            if (st.st_size, st.st_mtime_ns) != (task.size, task.mtime_ns):
                return failure(task, "changed", "the file changed while it was read; a rerun takes the new version",
                               stage="read")
        src_update: dict[str, Any] = {"path": task.path, "sha256": task.sha256}
        if nul_count:
            from extractor.models import Repair

            src_update["repairs"] = [*rec.source.repairs, Repair(kind="nul_removed", count=nul_count)]
        rec = rec.model_copy(update={"source": rec.source.model_copy(update=src_update)})
        status = RECORD_TO_FILE_STATUS.get(rec.status, "quarantined")
        return Outcome(path=task.path, sha256=task.sha256, status=status, reason=rec.status_reason,
                       stage=None if status == "done" else "read", record=rec.model_dump(mode="json"),
                       seconds=time.perf_counter() - t0, pages=rec.source.pages or 0)
    except MemoryError:
        return failure(task, "oom", "the memory cap was reached", stage="extract", exception="MemoryError",
                       seconds=time.perf_counter() - t0)
    except RecursionError as exc:
        return failure(task, "recursion", "a parser recursed without end (cyclic PDF objects?)",
                       stage=_stage_of(exc), exception="RecursionError", seconds=time.perf_counter() - t0)
    except Exception as exc:  # one bad file must not stop the batch: it is reported with its stage
        reason = getattr(exc, "reason", None) or "extract_error"
        return failure(task, str(reason), f"{exc}".split("\n")[0] or type(exc).__name__, stage=_stage_of(exc),
                       exception=type(exc).__name__, seconds=time.perf_counter() - t0)
    finally:
        if tmp:
            os.unlink(tmp)


# -- the child process ------------------------------------------------------------------------------

def _send(fh: Any, obj: Any) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(struct.pack(">Q", len(payload)) + payload)
    fh.flush()


def _read_exact(fh: Any, n: int) -> Optional[bytes]:
    parts, got = [], 0
    while got < n:
        chunk = fh.read(n - got)
        if not chunk:
            return None
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _recv(fh: Any) -> Any:
    head = _read_exact(fh, 8)
    if head is None:
        return None
    body = _read_exact(fh, struct.unpack(">Q", head)[0])
    return None if body is None else pickle.loads(body)


WARM_UP_TEXT = ("ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSố: 1/UBND-VP\nKính gửi: Sở Tài chính\n"
                "Căn cứ Luật Tổ chức chính quyền địa phương;\nBáo cáo trước ngày 30/10/2024.\n")


def _warm_up() -> None:
    """Load parsers, rules and lexicons before the first deadline starts: lazy loading on the first
    file would otherwise count against that file's timeout."""
    from extractor import pipeline

    try:
        pipeline.extract_text(WARM_UP_TEXT)
        import pypdfium2  # noqa: F401  (PDF engine loaded before the first deadline too)
    except Exception:  # a stage that fails here fails on real files too, and is reported there
        pass


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this child when its parent dies (PR_SET_PDEATHSIG): a parent killed
    mid-batch must not leave a child stuck in a hanging parse behind."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux/glibc: the closed stdin still ends an idle child
        pass


def child_main(memory_bytes: int) -> None:
    """Serve tasks from stdin until it closes. stdout is the reply channel only: anything a library
    prints is sent to stderr instead, so it cannot corrupt a reply."""
    reply = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    _warm_up()

    _send(reply, {"ready": os.getpid()})
    while True:
        task = _recv(requests)
        if task is None:
            return
        outcome = process_task(task)
        outcome.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        outcome.worker_pid = os.getpid()
        _send(reply, outcome)
        if outcome.reason == "oom":
            return  # after a MemoryError the heap may be in any state: start afresh


# -- the parent side --------------------------------------------------------------------------------

class WorkerError(RuntimeError):
    """Workers cannot be started at all (broken environment); the message says why."""


class Worker:
    """One child process with at most one task in flight."""

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB):
        self.errlog = tempfile.TemporaryFile()
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "extractor.workers", str(memory_mb * 2**20)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errlog,
                                     bufsize=0, env=env, start_new_session=True)
        self.ready = False
        self.started = time.monotonic()
        self.task: Optional[Task] = None
        self.deadline = 0.0

    @property
    def pid(self) -> int:
        return self.proc.pid

    def fileno(self) -> int:
        return self.proc.stdout.fileno()

    def send(self, task: Task, timeout: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout
        try:
            _send(self.proc.stdin, task)
        except (BrokenPipeError, OSError):
            pass  # the child died; the EOF on its stdout reports it

    def receive(self) -> Any:
        """The next message, or None when the child has died."""
        try:
            return _recv(self.proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def death_reason(self) -> tuple[str, str]:
        """(reason code, message) for a child that died with a task in flight."""
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        if code is not None and code < 0:
            sig = signal.Signals(-code).name
            if -code == signal.SIGKILL:
                return "killed", f"worker killed by {sig} (out of memory, or killed from outside)"
            return "crashed", f"worker died of {sig} (a parser crashed)"
        return "crashed", f"worker exited with status {code}: {self.stderr_tail()}"

    def stderr_tail(self, n: int = 300) -> str:
        try:
            self.errlog.seek(0, os.SEEK_END)
            size = self.errlog.tell()
            self.errlog.seek(max(0, size - n))
            return " ".join(self.errlog.read().decode(errors="replace").split())
        except (OSError, ValueError):
            return ""

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the child's own children (tesseract) too
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()
        for fh in (self.proc.stdout, self.errlog):
            try:
                fh.close()
            except OSError:
                pass

    def wait_ready(self) -> None:
        """Block until the child has loaded the pipeline."""
        while not self.ready:
            left = STARTUP_TIMEOUT - (time.monotonic() - self.started)
            if left <= 0 or not select.select([self], [], [], left)[0]:
                self.kill()
                raise WorkerError(f"worker did not start in {STARTUP_TIMEOUT:.0f} s: {self.stderr_tail()}")
            msg = self.receive()
            if msg is None:
                raise WorkerError(f"worker died while starting: {self.death_reason()[1]}")
            self.ready = True

    def run(self, task: Task, timeout: float) -> Outcome:
        """Run one task to its end, its deadline or the child's death (used by Dask tasks)."""
        self.wait_ready()
        self.send(task, timeout)
        left = self.deadline - time.monotonic()
        if select.select([self], [], [], max(left, 0))[0]:
            msg = self.receive()
            self.task = None
            if isinstance(msg, Outcome):
                return msg
            reason, message = self.death_reason()
            return failure(task, reason, message, exception="WorkerDied")
        self.kill()
        self.task = None
        return failure(task, "timeout", f"no result within {timeout:.0f} s; worker killed", seconds=timeout)


class WorkerPool:
    """`workers` children; `map` runs tasks on them and yields outcomes as they finish. A child that
    passes its deadline or dies is replaced, and its task gets a failure outcome."""

    def __init__(self, workers: Optional[int] = None, *, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int = DEFAULT_MEMORY_MB):
        self.size = workers or default_workers()
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.workers: list[Worker] = []
        self.failed_starts = 0

    def start(self) -> "WorkerPool":
        """Start the children (they load the pipeline in parallel); a started pool serves many runs."""
        if not self.workers:
            self.workers = [Worker(self.memory_mb) for _ in range(self.size)]
        return self

    def close(self) -> None:
        for w in self.workers:
            w.close()
        self.workers = []

    def __enter__(self) -> "WorkerPool":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _replace(self, w: Worker) -> None:
        w.close()
        self.workers[self.workers.index(w)] = Worker(self.memory_mb)

    def map(self, tasks: Iterable[Task], *, idle: Optional[Callable[[], None]] = None,
            idle_after: float = 0.5) -> Iterator[Outcome]:
        """Outcomes as workers finish. `idle` is called when no worker has reported for `idle_after`
        seconds (the ingest commits its open group of results then, instead of holding them while a
        slow file is parsed)."""
        pending = iter(tasks)
        exhausted = False

        def feed(w: Worker) -> None:
            nonlocal exhausted
            if w.ready and w.task is None and not exhausted:
                nxt = next(pending, None)
                if nxt is None:
                    exhausted = True
                else:
                    w.send(nxt, self.timeout)

        while True:
            for w in self.workers:
                feed(w)
            busy = [w for w in self.workers if w.task is not None]
            if exhausted and not busy:
                return
            watched = [w for w in self.workers if not w.ready or w.task is not None]
            now = time.monotonic()
            deadlines = [w.deadline for w in busy] + [w.started + STARTUP_TIMEOUT for w in watched if not w.ready]
            wait = max(0.0, min(deadlines) - now) if deadlines else 1.0
            if idle is not None:
                wait = min(wait, idle_after)
            readable = select.select(watched, [], [], wait)[0] if watched else []
            if not readable and idle is not None:
                idle()
            for w in readable:
                msg = w.receive()
                if msg is None:  # the child died
                    if w.task is not None:
                        reason, message = w.death_reason()
                        yield failure(w.task, reason, message, exception="WorkerDied")
                    else:
                        self.failed_starts += 1
                        if self.failed_starts > 3 * self.size:
                            raise WorkerError(f"workers keep dying at start: {w.death_reason()[1]}")
                    self._replace(w)
                elif isinstance(msg, dict) and "ready" in msg:
                    w.ready = True
                else:
                    w.task = None
                    if msg.reason == "oom":  # a worker that hit its memory cap is not trusted again
                        self._replace(w)
                    else:
                        # The next file goes out before the caller stores this result: the worker
                        # parses while the parent writes, instead of waiting ~1 ms per file for it.
                        feed(w)
                    yield msg
            now = time.monotonic()
            for w in list(self.workers):
                if w.task is not None and now >= w.deadline:
                    task = w.task
                    w.kill()
                    yield failure(task, "timeout", f"no result within {self.timeout:.0f} s; worker killed",
                                  seconds=self.timeout)
                    self._replace(w)
                elif not w.ready and now - w.started > STARTUP_TIMEOUT:
                    raise WorkerError(f"worker did not start in {STARTUP_TIMEOUT:.0f} s: {w.stderr_tail()}")


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


if __name__ == "__main__":
    # Through the imported module, so that pickled Tasks and Outcomes name `extractor.workers`, not `__main__`.
    from extractor.workers import child_main as _main

    _main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
