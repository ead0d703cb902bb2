"""Task tables: the time column gives the due date, the lead column the responsible unit, the task
column the action. Tables are written as readers render them: one row per line, cells split by " | "."""
import pytest

from extractor.deadlines import extract_deadlines
from extractor.layout import find_layout
from extractor.models import DateValue
from extractor.readers import read_text

PLAN = """III. PHÂN CÔNG
| TT | Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian |
|---|---|---|---|---|
| 1 | Tổ chức Lễ ra quân | Phòng Văn hóa - Xã hội | Các thôn | 04/5/2026 |
| 2 | Rà soát danh sách hộ cần hỗ trợ | Ủy ban Mặt trận Tổ quốc xã | Các thôn | Tháng 6/2026 |
| 3 | Lập danh mục công trình sửa chữa | Phòng Kinh tế | Các thôn | Trước ngày 15/8/2026 |
| 4 | Kiểm tra chéo giữa các thôn | Công an xã | Các thôn | Từ 01/9/2026 đến 15/9/2026 |
| 5 | Theo dõi, đôn đốc | Văn phòng HĐND và UBND xã | Các thôn | Thường xuyên |
| 6 | Sơ kết đợt vận động | Văn phòng HĐND và UBND xã | Các thôn | Quý IV/2026 |
"""

DUE_COLUMN = """TT | Tên nhiệm vụ | Cơ quan chủ trì | Thời hạn hoàn thành
1 | Số hóa hồ sơ địa chính | Phòng Kinh tế | 30/11/2026
"""


def run(text):
    doc = read_text(text)
    return extract_deadlines(doc, find_layout(doc.text), {"issued_on": DateValue(year=2026, date="2026-04-20")})["deadlines"]


def test_deadlines_tables_rows():
    got = [(d.due, d.precision, d.relation, d.responsible, d.action, d.rule) for d in run(PLAN)]
    assert got == [
        ("2026-06-30", "month", "by", ["Ủy ban Mặt trận Tổ quốc xã"], "Rà soát danh sách hộ cần hỗ trợ", "deadline.table_row"),
        ("2026-08-15", "day", "before", ["Phòng Kinh tế"], "Lập danh mục công trình sửa chữa", "deadline.table_row"),
        ("2026-12-31", "quarter", "by", ["Văn phòng HĐND và UBND xã"], "Sơ kết đợt vận động", "deadline.table_row"),
    ]


@pytest.mark.parametrize("text,expected", [(DUE_COLUMN, [("2026-11-30", "day", ["Phòng Kinh tế"])])])
def test_deadlines_tables_due_column_takes_bare_days(text, expected):
    assert [(d.due, d.precision, d.responsible) for d in run(text)] == expected


def test_deadlines_tables_spans_hold_the_date():
    doc = read_text(PLAN)
    for d in run(PLAN):
        s, e = d.span
        assert doc.text[s:e].endswith(("6/2026", "15/8/2026", "IV/2026"))
