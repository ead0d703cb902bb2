"""Archive ingestion: walk folders and ZIP archives, extract every document in isolated workers, store
records and a status row for every file seen.

A rerun of the same command resumes: a file whose size and mtime (or, inside an archive, whose hash)
match a finished row is skipped; transient failures (timeout, killed worker, file changing under us)
are retried up to `max_attempts`; permanent ones (wrong_type, forbidden_dtd, …) stay quarantined until
the file's content changes. Same bytes under another path are stored once, with both paths.

>>> report = ingest([], ":memory:")
>>> report.seen, report.failures
(0, 0)
"""
from __future__ import annotations

import hashlib
import io
import os
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, TextIO

from extractor.preflight import (ARCHIVE_SUFFIXES, DOCUMENT_SUFFIXES, MAX_ZIP_TOTAL, check_zip_directory,
                                 read_member, unsafe_member_name)
from extractor.store import FileState, Store, open_store
from extractor.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Outcome, Task, WorkerPool, default_workers

FINISHED = {"done", "partial", "needs_ocr", "needs_review"}
DEFAULT_MAX_ATTEMPTS = 3
# Outcomes are committed in groups: a commit per file cost the parent ~1 ms of a core the workers
# need. Half a second of work at most is redone after a crash.
GROUP_FILES = 64
GROUP_SECONDS = 0.5


class IngestError(Exception):
    """A run that cannot start (bad arguments, store unreachable); one line for the user."""


@dataclass
class IngestReport:
    """What one run did: counts by final status, and throughput."""

    seen: int = 0
    skipped: int = 0
    processed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_reason: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0
    peak_rss_kb: dict[int, int] = field(default_factory=dict)  # worker pid → peak RSS

    @property
    def failures(self) -> int:
        return self.by_status.get("quarantined", 0)

    def count(self, state: FileState) -> None:
        self.by_status[state.status] = self.by_status.get(state.status, 0) + 1
        if state.status == "quarantined" and state.reason:
            self.by_reason[state.reason] = self.by_reason.get(state.reason, 0) + 1

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items())) or "nothing new"
        rate = self.processed / self.seconds if self.seconds else 0.0
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.by_reason.items()))
        return (f"{self.seen} files seen, {self.skipped} already done, {self.processed} processed "
                f"({parts}) in {self.seconds:.1f} s, {rate:.1f} files/s" + (f"; quarantined: {reasons}" if reasons else ""))


# -- discovery --------------------------------------------------------------------------------------

@dataclass
class Candidate:
    """A file found by the walk, or an archive member (`data` holds its bytes), or a refusal."""

    path: str
    file: Optional[str] = None
    size: int = 0
    mtime_ns: Optional[int] = None
    data: Optional[bytes] = None
    refused: Optional[FileState] = None


def _is_archive(path: Path) -> bool:
    return path.suffix.lower() in ARCHIVE_SUFFIXES


def walk(paths: Iterable[str | Path]) -> Iterator[Candidate]:
    """Every document file under the given paths (sorted, symlinked folders not followed), and every
    member of the ZIP archives among them. Unsafe archive members come out already refused."""
    for root in paths:
        root = Path(root)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    p = Path(dirpath) / name
                    if name.startswith(".") or p.is_symlink() and not p.exists():
                        continue
                    suffix = p.suffix.lower()
                    if suffix in ARCHIVE_SUFFIXES:
                        yield from walk_archive(p)
                    elif suffix in DOCUMENT_SUFFIXES:
                        yield _candidate(p)
        elif _is_archive(root) and root.exists():
            yield from walk_archive(root)
        elif root.exists():
            yield _candidate(root)  # named explicitly: taken whatever its suffix
        else:
            yield Candidate(path=str(root), refused=FileState(
                path=str(root), status="quarantined", reason="vanished", stage="scan", transient=True,
                message="no such file or folder"))


def _candidate(p: Path) -> Candidate:
    try:
        st = p.stat()
    except FileNotFoundError:
        return Candidate(path=str(p), refused=FileState(path=str(p), status="quarantined", reason="vanished",
                                                        stage="scan", transient=True,
                                                        message="the file disappeared during the scan"))
    return Candidate(path=str(p), file=str(p), size=st.st_size, mtime_ns=st.st_mtime_ns)


# ZIPs inside ZIPs (a year's archive of monthly ones) are opened too, this many levels deep; deeper
# ones are refused with a reason, never skipped in silence.
MAX_ZIP_DEPTH = 3


def walk_archive(archive: Path) -> Iterator[Candidate]:
    """The document members of a ZIP, read into memory with the inflater capped; members with names
    that would escape a folder ("../", absolute) are refused as unsafe_path, the others still go on.
    A ZIP member is walked in turn ("nam-2024.zip::thang-01.zip::cv-12.pdf"), sharing the budget."""
    key = str(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield _refuse(key, "truncated", f"broken ZIP archive: {exc}")
        return
    yield from _walk_zip(zf, key, [MAX_ZIP_TOTAL], 1)


def _refuse(path: str, reason: str, message: str) -> Candidate:
    return Candidate(path=path, refused=FileState(path=path, status="quarantined", reason=reason,
                                                  stage="archive", message=message))


def _walk_zip(zf: zipfile.ZipFile, key: str, budget: list[int], depth: int) -> Iterator[Candidate]:
    """Members of an open ZIP; `budget` (one shared cell) is what all nested levels may still inflate."""
    with zf:
        bad = check_zip_directory(zf)
        if bad:
            yield _refuse(key, bad.reason or "decompression_bomb", bad.message or "")
            return
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            member = f"{key}::{info.filename}"
            why = unsafe_member_name(info.filename)
            if why:
                yield _refuse(member, "unsafe_path", f"member name {info.filename!r}: {why}")
                continue
            suffix = Path(info.filename).suffix.lower()
            nested = suffix in ARCHIVE_SUFFIXES
            if suffix not in DOCUMENT_SUFFIXES and not nested:
                continue
            if nested and depth >= MAX_ZIP_DEPTH:
                yield _refuse(member, "too_deep", f"a ZIP nested {depth + 1} levels deep (limit {MAX_ZIP_DEPTH})")
                continue
            try:
                data = read_member(zf, info, budget[0])
            except Exception as exc:  # a lying directory or a broken member: refuse the member only
                yield _refuse(member, "decompression_bomb" if "inflates" in str(exc) else "truncated", str(exc))
                continue
            budget[0] -= len(data)
            if not nested:
                yield Candidate(path=member, size=len(data), data=data)
                continue
            try:
                inner = zipfile.ZipFile(io.BytesIO(data))
            except (zipfile.BadZipFile, EOFError) as exc:
                yield _refuse(member, "truncated", f"broken ZIP archive: {exc}")
                continue
            yield from _walk_zip(inner, member, budget, depth + 1)


# -- progress ---------------------------------------------------------------------------------------

class Progress:
    """A one-line bar on a terminal (files, docs/s, failures, ETA); plain log lines otherwise."""

    def __init__(self, total: int, stream: Optional[TextIO] = None, every: float = 10.0):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.done = 0
        self.failures = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.every = every

    def update(self, state: FileState) -> None:
        self.done += 1
        if state.status == "quarantined":
            self.failures += 1
            if not self.tty:
                self.stream.write(f"quarantined {state.path}: {state.reason} ({state.message})\n")
        now = time.monotonic()
        if self.tty and now - self.last > 0.2 or not self.tty and now - self.last > self.every \
                or self.done == self.total:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0
        line = (f"{self.done}/{self.total} files  {rate:.1f} docs/s  {self.failures} failures  "
                f"ETA {int(eta) // 60}m{int(eta) % 60:02d}s")
        if self.tty:
            width = 24
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {line}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"progress {line}\n")
        self.stream.flush()


# -- the run ----------------------------------------------------------------------------------------

def _sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Plan:
    """What a run has to do: tasks to extract, and paths whose bytes another task of the same run (or
    an earlier run) already covers."""

    tasks: list[Task] = field(default_factory=list)
    skipped: int = 0
    duplicates: list[tuple[Task, str]] = field(default_factory=list)  # (task, path of the first copy)


def plan(store: Store, candidates: Iterable[Candidate], max_attempts: int,
         on_state: Callable[[FileState], None]) -> Plan:
    """Decide, per candidate: skip, store directly (refusal, known bytes) or extract.

    A file is skipped when its size and mtime match a finished row, or a permanent failure, or a
    transient one that used up its attempts; otherwise it is hashed, and bytes already stored are
    recorded as one more path of that document instead of being extracted again.
    """
    out = Plan()
    known = {s.path: s for s in store.iter_states()}
    stored_docs: dict[str, str] = {}  # sha → status of documents already in the store
    for doc_id, st in store.execute("SELECT d.id, f.status FROM documents d JOIN files f ON f.document = d.id"
                                    ).fetchall():
        if st in FINISHED:
            stored_docs[doc_id] = st
    first_path: dict[str, str] = {}  # sha → path of the task extracting it in this run

    def gave_up(old: FileState) -> bool:
        return old.status == "quarantined" and (not old.transient or old.attempts >= max_attempts)

    for c in candidates:
        old = known.get(c.path)
        if c.refused is not None:
            if old and old.status == "quarantined" and old.reason == c.refused.reason and not old.transient:
                out.skipped += 1  # refused before for the same permanent reason
                continue
            on_state(FileState(**{**c.refused.as_dict(), "attempts": (old.attempts if old else 0) + 1}))
            continue
        if old and c.data is None and (old.size, old.mtime_ns) == (c.size, c.mtime_ns) \
                and (old.status in FINISHED or gave_up(old)):
            out.skipped += 1
            continue
        try:
            sha = hashlib.sha256(c.data).hexdigest() if c.data is not None else _sha256_file(c.file or c.path)
        except OSError as exc:
            gone = isinstance(exc, FileNotFoundError)
            on_state(FileState(path=c.path, status="quarantined", reason="vanished" if gone else "unreadable",
                               stage="scan", transient=True, attempts=(old.attempts if old else 0) + 1,
                               message="the file disappeared during the scan" if gone else str(exc)))
            continue
        same_content = old is not None and old.document == sha
        if same_content and (old.status in FINISHED or gave_up(old)):
            if (old.size, old.mtime_ns) != (c.size, c.mtime_ns) and c.data is None:
                store.put_state(FileState(**{**old.as_dict(), "size": c.size, "mtime_ns": c.mtime_ns}))
            out.skipped += 1
            continue
        attempts = old.attempts if (old is not None and old.document in (sha, None)) else 0
        task = Task(path=c.path, file=c.file, sha256=sha, size=c.size, mtime_ns=c.mtime_ns, data=c.data,
                    attempts=attempts)
        if sha in stored_docs:
            # The same bytes are already a document: record the new path, no second extraction.
            state = FileState(path=c.path, status=stored_docs[sha], document=sha, size=c.size,
                              mtime_ns=c.mtime_ns, attempts=attempts + 1)
            store.put_record_path(sha, c.path, state)
            on_state(state)
            continue
        if sha in first_path:
            out.duplicates.append((task, first_path[sha]))
            continue
        first_path[sha] = c.path
        out.tasks.append(task)
    return out


def settle_duplicates(store: Store, duplicates: list[tuple[Task, str]]) -> list[FileState]:
    """Give each duplicate path the outcome of its first copy, once that copy is stored."""
    states = []
    for task, first in duplicates:
        src = store.file_state(first)
        if src is None:
            continue
        state = FileState(path=task.path, status=src.status, document=task.sha256, size=task.size,
                          mtime_ns=task.mtime_ns, reason=src.reason, stage=src.stage, exception=src.exception,
                          message=src.message, attempts=task.attempts + 1, transient=src.transient)
        if src.status in FINISHED:
            store.put_record_path(task.sha256, task.path, state)
        else:
            store.put_state(state)
        states.append(state)
    return states


def state_of(outcome: Outcome, task: Task) -> FileState:
    return FileState(path=task.path, status=outcome.status, document=task.sha256, size=task.size,
                     mtime_ns=task.mtime_ns, reason=outcome.reason, stage=outcome.stage,
                     exception=outcome.exception, message=outcome.message, attempts=task.attempts + 1,
                     transient=outcome.transient, seconds=round(outcome.seconds, 3))


def write_outcome(store: Store, task: Task, outcome: Outcome) -> FileState:
    """Store one outcome: record, children and status in one transaction, or the failure row alone."""
    state = state_of(outcome, task)
    if outcome.record is not None:
        store.put_record(task.sha256, outcome.record, path=task.path, state=state)
    else:
        store.put_state(state)
    return state


def _link_citations(store) -> None:
    """Resolve citations against the archive as it now stands, so placeholders left by earlier runs
    are filled. Linking is derived data (audit recomputes stale links), so its failure must not fail
    an ingest whose records are already safely stored: it is reported in one line instead."""
    from extractor.linking import link_archive

    try:
        link_archive(store)
    except Exception as exc:
        print(f"warning: citations not linked ({type(exc).__name__}: {exc})".splitlines()[0], file=sys.stderr)


def ingest(paths: Iterable[str | Path], db: str = "archive.sqlite", *, workers: Optional[int] = None,
           timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
           max_attempts: int = DEFAULT_MAX_ATTEMPTS, executor: str = "local", scheduler: Optional[str] = None,
           progress: Optional[TextIO] = None, on_outcome: Optional[Callable[[Outcome], None]] = None,
           pool: Optional[WorkerPool] = None) -> IngestReport:
    """Ingest every document under `paths` into the store at `db`; rerunning resumes.

    >>> # extractor ingest van-ban/ luu-tru-2024.zip --db archive.sqlite
    >>> ingest([], ":memory:").summary()
    '0 files seen, 0 already done, 0 processed (nothing new) in 0.0 s, 0.0 files/s'
    """
    if executor not in ("local", "dask"):
        raise IngestError(f"unknown executor {executor!r} (local | dask)")
    if executor == "dask" and not scheduler:
        raise IngestError("--executor dask needs --scheduler tcp://HOST:8786")
    if executor == "dask" and not str(db).startswith(("postgresql://", "postgres://")):
        raise IngestError("--executor dask writes from many machines: --db must be postgresql://…")
    t0 = time.monotonic()
    report = IngestReport()
    store = open_store(db)
    try:
        def note(state: FileState) -> None:
            report.seen += 1
            report.count(state)
            store.put_state(state)

        todo = plan(store, walk(paths), max_attempts, note)
        tasks = todo.tasks
        report.skipped = todo.skipped
        report.seen += todo.skipped + len(tasks)
        bar = Progress(len(tasks), progress) if tasks else None
        if executor == "dask":
            outcomes = _run_dask(tasks, str(db), scheduler or "", timeout, memory_mb)
        else:
            outcomes = _run_local(store, tasks, workers, timeout, memory_mb, pool)
        for task, outcome, state in outcomes:
            report.processed += 1
            report.count(state)
            report.pages += outcome.pages
            if outcome.worker_pid:
                report.peak_rss_kb[outcome.worker_pid] = max(report.peak_rss_kb.get(outcome.worker_pid, 0),
                                                             outcome.peak_rss_kb)
            if bar:
                bar.update(state)
            if on_outcome:
                on_outcome(outcome)
        for state in settle_duplicates(store, todo.duplicates):
            report.seen += 1
            report.count(state)
        if report.processed:
            _link_citations(store)
    finally:
        store.close()
    report.seconds = time.monotonic() - t0
    return report


def _run_local(store: Store, tasks: list[Task], workers: Optional[int], timeout: float, memory_mb: int,
               pool: Optional[WorkerPool] = None) -> Iterator[tuple[Task, Outcome, FileState]]:
    """Run tasks on a pool (the caller's, kept open, or one of our own) and store each outcome."""
    if not tasks:
        return
    by_path = {t.path: t for t in tasks}
    own = pool is None
    if own:
        pool = WorkerPool(min(workers or default_workers(), len(tasks)), timeout=timeout, memory_mb=memory_mb)
    try:
        with store.grouped(GROUP_FILES, GROUP_SECONDS) as group:
            for outcome in pool.start().map(tasks, idle=group.close, idle_after=GROUP_SECONDS):
                task = by_path[outcome.path]
                with group.file():
                    state = write_outcome(store, task, outcome)
                yield task, outcome, state
    finally:
        if own:
            pool.close()


# -- Dask -------------------------------------------------------------------------------------------

_DASK_WORKER: dict = {}


def dask_process(task: Task, db: str, timeout: float, memory_mb: int) -> tuple[Outcome, FileState]:
    """One file on a Dask worker: the same isolated child as locally, writing to the shared store
    from the worker, so the client never carries the records. Returns the outcome without its record."""
    import threading

    key = (threading.get_ident(), memory_mb)
    worker = _DASK_WORKER.get(key)
    if worker is None or worker.proc.poll() is not None:
        from extractor.workers import Worker

        worker = _DASK_WORKER[key] = Worker(memory_mb)
    outcome = worker.run(task, timeout)
    if outcome.reason in ("timeout", "killed", "crashed", "oom") and worker.proc.poll() is not None:
        _DASK_WORKER.pop(key, None)
    store_key = (threading.get_ident(), db)
    store = _DASK_WORKER.get(store_key)
    if store is None:
        store = _DASK_WORKER[store_key] = open_store(db)
    state = write_outcome(store, task, outcome)
    outcome.record = None
    return outcome, state


def _run_dask(tasks: list[Task], db: str, scheduler: str, timeout: float,
              memory_mb: int) -> Iterator[tuple[Task, Outcome, FileState]]:
    if not tasks:
        return
    from concurrent.futures import CancelledError

    from distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise IngestError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    store = None
    try:
        futures = {}
        for task in tasks:
            fut = client.submit(dask_process, task, db, timeout, memory_mb, pure=False, retries=0,
                                key=f"ingest-{task.sha256[:16]}-{hashlib.sha1(task.path.encode()).hexdigest()[:12]}")
            futures[fut] = task
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                outcome, state = fut.result()
            except (Exception, CancelledError) as exc:
                # The Dask worker died (KilledWorker) or the scheduler dropped the task: the file gets
                # its row here, transient, so a rerun retries it.
                from extractor.workers import failure

                outcome = failure(task, "worker_lost", f"{type(exc).__name__}: {exc}", exception=type(exc).__name__)
                store = store or open_store(db)
                state = write_outcome(store, task, outcome)
            yield task, outcome, state
    finally:
        if store:
            store.close()
        client.close()


def status(db: str) -> list[FileState]:
    """The status row of every file the store has seen, in path order.

    >>> status(":memory:")
    []
    """
    with open_store(db) as store:
        return list(store.iter_states())
