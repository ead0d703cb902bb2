"""A year, quarter or month heading its line ("- Năm 2027, hoàn thành …", "Đến năm 2030, …",
"Năm 2026: trình …") is the deadline of the work that follows it; a line a PDF wrapped before
"đến năm 2030, tầm nhìn …", a past year and a target without a completion verb are not."""
from extractor.findings import find_findings
from extractor.layout import find_layout
from extractor.pipeline import extract_text

PROGRAMME = """ỦY BAN NHÂN DÂN TỈNH BẮC SƠN
Số: 12/CT-UBND
Bắc Sơn, ngày 05 tháng 3 năm 2026
CHỈ THỊ
Về cấp nước sạch nông thôn
Căn cứ Chiến lược cấp nước quốc gia đến năm 2030, tầm nhìn đến năm 2045 và Quyết định số 3/QĐ-TTg ngày
02/01/2026 của Thủ tướng Chính phủ; các văn bản chỉ đạo của Ủy ban nhân dân tỉnh về việc
đến năm 2030, tầm nhìn 2045 ban hành chương trình cấp nước;
1. Mục tiêu
- Năm 2027, hoàn thành việc cấp nước sạch cho 100% số thôn theo Quyết định số 3/QĐ-TTg ngày 02 tháng 01 năm 2026.
- Năm 2025, toàn tỉnh đã có 90% số hộ dùng nước sạch.
- Năm 2026: trình Hội đồng nhân dân tỉnh Đề án cấp nước tập trung.
- Đến năm 2030, hoàn thành nâng cấp các công trình cấp nước tập trung.
Năm 2026 đạt 95% số hộ dùng nước sạch.
2. Nhiệm vụ
- Hoàn thành việc cấp nước sạch cho 100% số thôn đến hết năm 2028.
"""


def test_deadlines_period_heading_its_line():
    rec = extract_text(PROGRAMME)
    got = sorted((d.due, d.action.split()[0].lower()) for d in rec.deadlines if d.rule == "deadline.ky_dau_dong")
    assert got == [("2026-12-31", "trình"), ("2027-12-31", "hoàn"), ("2030-12-31", "hoàn")], got


def test_deadlines_period_heading_conflicts_with_the_same_work_elsewhere():
    """The same work due by the end of 2027 in one place and of 2028 in another; the full date inside
    the action ("ngày 02 tháng 01 năm 2026") is not a period that would make them two works."""
    rec = extract_text(PROGRAMME)
    conflicts = [f for f in rec.findings if f.code == "DEADLINE_CONFLICT"]
    assert len(conflicts) == 1 and "2027" in conflicts[0].message and "2028" in conflicts[0].message
