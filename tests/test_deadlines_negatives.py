"""Dates that are NOT due dates: events, the issue date, cited documents, conditions, ranges of
activity, things already done. Each text has no deadline at all."""
import pytest

from extractor.deadlines import extract_deadlines
from extractor.layout import find_layout
from extractor.models import DateValue
from extractor.readers import read_text

NOT_DEADLINES = [
    # the issue date and a cited document's date
    "UBND HUYỆN SÔNG MÂY\nSông Mây, ngày 14 tháng 9 năm 2026\nThực hiện Công văn số 512/SGDĐT-GDTX ngày 02/9/2026 của Sở Giáo dục và Đào tạo.",
    # an event: a range, an opening ceremony "vào ngày", a closing held on a day
    "Tuần lễ được tổ chức từ ngày 05/10/2026 đến ngày 11/10/2026.",
    "Lễ khai mạc được tổ chức vào ngày 05/10/2026 tại Nhà văn hóa huyện.",
    "Tổng kết Hội thi tổ chức vào ngày 11/10/2026.",
    # a condition with "trước ngày", not an obligation
    "1.2. Đang sinh sống và có hộ khẩu thường trú trước ngày 01 tháng 7 năm 2025 tại xã An Bình.",
    # a cited document's own deadline, already past when this one was issued
    "Tại Công văn số 88/UBND-VX ngày 10/3/2026, Ủy ban nhân dân huyện đã giao Phòng Nội vụ báo cáo trước ngày 30/3/2026. Đến nay Phòng chưa báo cáo.",
    # something approved already (passive), with a period
    "Các nhiệm vụ gắn với Đề án đã được Ủy ban nhân dân tỉnh phê duyệt trong năm 2026.",
    # an event's day followed by a comma and another clause's verb
    "Hội nghị sẽ được tổ chức vào ngày 20/10/2026, đại biểu đến đúng giờ để gửi xe.",
    # reported facts, dates from which, validity
    "Đến ngày 30/9/2026, toàn tỉnh đã hoàn thành 95% kế hoạch.",
    "Các xã đã báo cáo trước ngày 10/10/2026 theo yêu cầu.",
    "Kể từ ngày 01/7/2026, các đơn vị thực hiện báo cáo theo mẫu mới.",
    "Hạn sử dụng của giấy phép là ngày 31/12/2027.",
    # a law's effective-date wording
    "Quyết định này có hiệu lực kể từ ngày ký.",
]


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_deadlines_not_from_event_issue_or_cited_dates(text):
    doc = read_text(text)
    fields = {"issued_on": DateValue(date="2026-09-14", year=2026, month=9, day=14)}
    assert extract_deadlines(doc, find_layout(doc.text), fields)["deadlines"] == []
