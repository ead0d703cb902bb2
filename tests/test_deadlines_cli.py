"""`extractor deadlines`: prints a document's deadlines; a missing file is a one-line error."""
import json

from click.testing import CliRunner

from extractor.cli import main

TEXT = ("Các xã gửi báo cáo kết quả về Phòng Nội vụ (qua bộ phận một cửa) trước ngày 15/3/2026.\n"
        "Các trường báo cáo tiến độ về Phòng Giáo dục trước ngày 20 hằng tháng.\n")


def test_deadlines_cli_table_and_json(tmp_path):
    src = tmp_path / "cv.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = CliRunner().invoke(main, ["deadlines", str(src)])
    assert out.exit_code == 0, out.output
    assert "trước 2026-03-15" in out.output and "Các xã" in out.output and "monthly:20" in out.output
    out = CliRunner().invoke(main, ["deadlines", str(src), "--format", "json"])
    assert [d["due"] for d in json.loads(out.output)] == ["2026-03-15", None]


def test_deadlines_cli_missing_file_is_one_line(tmp_path):
    out = CliRunner().invoke(main, ["deadlines", str(tmp_path / "khong-co.pdf")])
    assert out.exit_code != 0
    assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1
