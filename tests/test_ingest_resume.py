"""Isolation and resumption: hung, exploding and killed workers cost one file; a rerun finishes the job
without losing or doubling anything; files that vanish or change under the run are reported."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from extractor.ingest import ingest, status
from extractor.store import open_store
from extractor.workers import WorkerPool

# Each run starts worker processes that load the whole pipeline (spaCy included) before their first
# deadline: seconds per test even on tiny inputs.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pool():
    """One pool for the module: workers load the pipeline once, not once per run."""
    with WorkerPool(2, timeout=120) as p:
        yield p


def _doc(i: int) -> bytes:
    return (f"ỦY BAN NHÂN DÂN XÃ AN {i}\nSố: {i}/UBND-VP\nKính gửi: Phòng Tài chính\n"
            f"Báo cáo trước ngày {1 + i % 28}/10/2024.\n").encode()


def _make(root, n: int, prefix: str = "cv") -> list:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = root / f"{prefix}-{i:03d}.txt"
        p.write_bytes(_doc(i))
        paths.append(p)
    return paths


def _counts(db: str) -> dict:
    with open_store(db) as store:
        return store.counts()


def test_ingest_resume_rerun_skips_done_and_duplicates_nothing(tmp_path, pool):
    _make(tmp_path / "in", 6)
    (tmp_path / "in" / "ban-sao.txt").write_bytes(_doc(0))  # same bytes, second path
    db = str(tmp_path / "a.sqlite")
    first = ingest([tmp_path / "in"], db, pool=pool)
    before = _counts(db)
    second = ingest([tmp_path / "in"], db, pool=pool)
    assert (first.processed, second.processed, second.skipped) == (6, 0, 7)
    assert _counts(db) == before
    assert (before["documents"], before["paths"], before["files"]) == (6, 7, 7)


def test_ingest_resume_changed_file_is_a_new_version(tmp_path, pool):
    [p] = _make(tmp_path / "in", 1)
    db = str(tmp_path / "a.sqlite")
    ingest([p], db, pool=pool)
    time.sleep(0.01)
    p.write_bytes(_doc(1) + "Bổ sung.\n".encode())
    ingest([p], db, pool=pool)
    [state] = status(db)
    assert state.document == hashlib.sha256(p.read_bytes()).hexdigest() and state.status == "done"
    assert _counts(db)["documents"] == 2  # the old version stays


@pytest.mark.parametrize("fault,reason", [("hang", "timeout"), ("oom", "oom"), ("abort", "crashed")])
def test_ingest_resume_broken_worker_costs_one_file_and_is_retried(tmp_path, monkeypatch, pool, fault, reason):
    _make(tmp_path / "in", 4)
    db = str(tmp_path / "a.sqlite")
    monkeypatch.setenv("EXTRACTOR_TEST_FAULTS", f"{fault}=cv-001")  # read by children started from now on
    with WorkerPool(2, timeout=8, memory_mb=1024) as faulty:
        ingest([tmp_path / "in"], db, max_attempts=2, pool=faulty)
        states = {os.path.basename(s.path): s for s in status(db)}
        bad = states["cv-001.txt"]
        assert (bad.status, bad.reason, bad.transient, bad.attempts) == ("quarantined", reason, True, 1)
        assert all(s.status == "done" for n, s in states.items() if n != "cv-001.txt")
        # Rerun with the fault still there: retried once more, then left alone (cap 2).
        ingest([tmp_path / "in"], db, max_attempts=2, pool=faulty)
        third = ingest([tmp_path / "in"], db, max_attempts=2, pool=faulty)
    assert third.processed == 0
    assert {os.path.basename(s.path): s.attempts for s in status(db)}["cv-001.txt"] == 2
    # The fault goes away (a busy machine, a killed job): a run with a higher cap finishes the file.
    ingest([tmp_path / "in"], db, max_attempts=3, pool=pool)
    assert {s.status for s in status(db)} == {"done"}


def test_ingest_resume_worker_sigkilled_mid_batch_then_rerun(tmp_path, pool):
    _make(tmp_path / "in", 8)
    db = str(tmp_path / "a.sqlite")
    killed = []

    def kill_once(outcome):
        if not killed and outcome.worker_pid:
            killed.append(outcome.worker_pid)
            os.kill(outcome.worker_pid, signal.SIGKILL)

    ingest([tmp_path / "in"], db, pool=pool, on_outcome=kill_once)
    states = list(status(db))
    assert len(states) == 8 and killed
    lost = [s for s in states if s.status != "done"]
    assert [(s.reason, s.transient) for s in lost] == [("killed", True)]
    ingest([tmp_path / "in"], db, pool=pool)
    assert {s.status for s in status(db)} == {"done"}
    counts = _counts(db)
    assert (counts["documents"], counts["paths"], counts["files"]) == (8, 8, 8)


def test_ingest_resume_parent_killed_mid_batch_then_rerun(tmp_path):
    """The whole `extractor ingest` process is SIGKILLed while its worker is busy: committed rows
    stay, the worker dies with it, and the rerun does the rest."""
    _make(tmp_path / "in", 40)
    db = str(tmp_path / "a.sqlite")
    cmd = [sys.executable, "-m", "extractor.cli", "ingest", str(tmp_path / "in"), "--db", db, "--workers", "1"]
    # The worker hangs on file 30, so the kill lands mid-batch whatever the machine's speed.
    env = dict(os.environ, EXTRACTOR_TEST_FAULTS="hang=cv-030")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _rows(db) < 30:
        time.sleep(0.2)
    time.sleep(0.5)
    proc.kill()
    proc.wait()
    assert _rows(db) == 30
    time.sleep(0.5)
    assert not _hung_workers(), "the worker outlived its killed parent"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    counts = _counts(db)
    assert (counts["documents"], counts["paths"], counts["files"]) == (40, 40, 40)
    assert {s.status for s in status(db)} == {"done"}


def _hung_workers() -> list[int]:
    """Worker processes that carry the hang fault (only the test above sets it)."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                if b"EXTRACTOR_TEST_FAULTS=hang=cv-030" in fh.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


def _rows(db: str) -> int:
    import sqlite3

    if not os.path.exists(db):
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_ingest_resume_file_vanishing_or_changing_during_run(tmp_path, pool):
    paths = _make(tmp_path / "in", 6)
    db = str(tmp_path / "a.sqlite")
    done = []

    def disturb(outcome):
        done.append(outcome.path)
        if len(done) == 1:
            # Not yet sent: two workers got files 0 and 1, and the one that reported got file 2
            # before its result came here; files 3-5 go out only as workers report.
            paths[4].unlink()
            with open(paths[5], "ab") as fh:
                fh.write("Sửa sau khi quét.\n".encode())

    ingest([tmp_path / "in"], db, pool=pool, on_outcome=disturb)
    states = {os.path.basename(s.path): s for s in status(db)}
    assert (states["cv-004.txt"].reason, states["cv-004.txt"].transient) == ("vanished", True), states
    assert (states["cv-005.txt"].reason, states["cv-005.txt"].transient) == ("changed", True)
    ingest([tmp_path / "in"], db, pool=pool)
    states = {os.path.basename(s.path): s for s in status(db)}
    assert states["cv-005.txt"].status == "done"
    assert states["cv-005.txt"].document == hashlib.sha256(paths[5].read_bytes()).hexdigest()
