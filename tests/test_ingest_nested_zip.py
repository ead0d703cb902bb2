"""A ZIP inside a ZIP (a year's archive of monthly ones) is opened, not skipped; too deep a nesting is
refused with its reason; a rerun finds every member done."""
from __future__ import annotations

import io
import zipfile

from extractor.ingest import MAX_ZIP_DEPTH, ingest, status

DOC = "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: {n}/UBND-VP\nKính gửi: Phòng Tài chính\nBáo cáo trước ngày 15/10/2024.\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_ingest_nested_zip_members_are_read_and_too_deep_refused(tmp_path):
    month = _zip({"cv-01.txt": DOC.format(n=1).encode(), "cv-02.txt": DOC.format(n=2).encode()})
    deep = DOC.format(n=9).encode()
    for level in range(MAX_ZIP_DEPTH):  # a member MAX_ZIP_DEPTH + 1 levels down
        deep = _zip({f"muc-{level}.zip" if level else "cv-09.txt": deep})
    year = tmp_path / "nam-2024.zip"
    year.write_bytes(_zip({"thang-01.zip": month, "cv-00.txt": DOC.format(n=0).encode(), "sau.zip": deep}))
    db = str(tmp_path / "kho.sqlite")

    report = ingest([year], db, workers=1)
    states = {s.path.split("nam-2024.zip::")[1]: s for s in status(db)}
    assert states["thang-01.zip::cv-01.txt"].status == "done"
    assert states["thang-01.zip::cv-02.txt"].status == "done"
    assert states["cv-00.txt"].status == "done"
    too_deep = [s for p, s in states.items() if p.startswith("sau.zip::")]
    assert len(too_deep) == 1 and too_deep[0].reason == "too_deep" and too_deep[0].status == "quarantined"
    assert report.processed == 3

    again = ingest([year], db, workers=1)
    assert again.processed == 0 and again.skipped == 4  # three done, one permanently refused
