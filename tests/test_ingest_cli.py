"""`extractor ingest` / `extractor status` from the command line: a summary, statuses, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.slow  # a real run: worker processes load the pipeline
def test_ingest_cli_ingest_then_status(tmp_path):
    src = tmp_path / "van-ban"
    src.mkdir()
    (src / "cv-1.txt").write_text("ỦY BAN NHÂN DÂN XÃ AN HÒA\nSố: 3/UBND\nKính gửi: Trường Mầm non\n", encoding="utf-8")
    (src / "rong.docx").write_bytes(b"")
    db = str(tmp_path / "kho.sqlite")
    run = _cli("ingest", str(src), "--db", db, "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert "2 files seen" in run.stdout
    out = _cli("status", "--db", db, "--format", "json")
    rows = {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(out.stdout)}
    assert rows["cv-1.txt"]["status"] == "done"
    assert (rows["rong.docx"]["status"], rows["rong.docx"]["reason"]) == ("quarantined", "empty_file")
    table = _cli("status", "--db", db)
    assert table.stdout.splitlines()[0].startswith("status\treason")


@pytest.mark.parametrize("args,needle", [
    (["ingest", ".", "--db", "/khong/co/thu-muc/kho.sqlite"], "does not exist"),
    (["ingest", ".", "--db", "postgresql://nobody@127.0.0.1:1/none"], "cannot connect"),
    (["ingest", ".", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"], "postgresql"),
    (["status", "--db", "/khong/co/thu-muc/kho.sqlite"], "does not exist"),
])
def test_ingest_cli_errors_are_one_line(args, needle):
    run = _cli(*args)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and needle in run.stderr
