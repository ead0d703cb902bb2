"""The snapshot check says 0 differ for unchanged records and names the file and field that changed."""
import json

from extractor.snapshot import _key, diff, save


def test_snapshot_names_the_changed_file_and_field(tmp_path):
    doc = tmp_path / "cv.txt"
    doc.write_text("ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: 12/UBND-VP\nBáo cáo trước ngày 15/10/2026.\n", encoding="utf-8")
    saved = tmp_path / "truoc"
    assert save(saved, [doc]) == 1
    assert diff(saved, [doc]) == []
    record = saved / f"{_key(doc)}.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["number"]["text"] = "13/UBND-VP"  # as if a change had read another number
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert diff(saved, [doc]) == [(doc, ["number"])]
