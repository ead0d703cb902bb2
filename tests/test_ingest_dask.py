"""`--executor dask`: the same per-file work on a Dask cluster (LocalCluster, 2 worker processes),
writing to a real PostgreSQL server started by the tests."""
from __future__ import annotations

import pytest

from extractor.ingest import IngestError, ingest, status
from extractor.store import open_store
from tests import badinputs as bad
from tests.servers import dask_scheduler, postgres_server, postgres_url  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.slow


def _doc(i: int) -> bytes:
    return (f"ỦY BAN NHÂN DÂN PHƯỜNG {i}\nSố: {i}/KH-UBND\nKính gửi: Trường Tiểu học\x00 số {i}\n"
            f"Báo cáo trước ngày {1 + i}/11/2024.\n").encode()


def test_ingest_dask_postgresql_batch_and_rerun(tmp_path, postgres_url, dask_scheduler):
    root = tmp_path / "in"
    root.mkdir()
    for i in range(6):
        (root / f"kh-{i}.txt").write_bytes(_doc(i))
    (root / "ban-sao.txt").write_bytes(_doc(0))
    (root / "thuc-the.docx").write_bytes(bad.docx_external_entity())
    (root / "trong.pdf").write_bytes(b"")
    (root / "luu-tru.zip").write_bytes(bad.zip_with_parent_paths(_doc(7)))

    report = ingest([root], postgres_url, executor="dask", scheduler=dask_scheduler, timeout=120)
    states = {s.path.replace(str(root) + "/", ""): s for s in status(postgres_url)}
    assert {k: s.status for k, s in states.items() if s.status != "done"} == {
        "thuc-the.docx": "quarantined", "trong.pdf": "quarantined",
        "luu-tru.zip::../../thoat-ra.txt": "quarantined", "luu-tru.zip::/etc/cron.d/tuyet-doi.txt": "quarantined"
    }, [(k, s.status, s.reason, s.message) for k, s in states.items()]
    assert states["thuc-the.docx"].reason == "forbidden_dtd"
    assert report.processed == 9  # 6 + the docx + the empty pdf + the zip member; the copy is not re-read
    with open_store(postgres_url) as store:
        counts = store.counts()
        assert (counts["documents"], counts["paths"]) == (7, 8)
        assert all("\x00" not in rec.text for _, rec in store.iter_records())
    again = ingest([root], postgres_url, executor="dask", scheduler=dask_scheduler)
    assert again.processed == 0
    with open_store(postgres_url) as store:
        assert store.counts() == counts


def test_ingest_dask_refuses_sqlite(tmp_path):
    with pytest.raises(IngestError, match="postgresql"):
        ingest([tmp_path], str(tmp_path / "a.sqlite"), executor="dask", scheduler="tcp://127.0.0.1:8786")
