"""find_events over our own texts: each range form, open period ends, labelled event days, names from
label / sentence / heading, year taken from context, and what is not an event."""
import pytest

from extractor.events import document_year, find_events

# (text, year, expected [(name, start, end)])
CASES = [
    ("Hội thi được tổ chức từ ngày 03/11/2025 đến ngày 07/11/2025.", None,
     [("Hội thi", "2025-11-03", "2025-11-07")]),
    ("- Thời hạn đăng ký dự thi: Từ 3/11/2025 đến 7/11/2025", None, [("Đăng ký dự thi", "2025-11-03", "2025-11-07")]),
    ("Đợt kiểm tra: 11/9-20/9/2026", None, [("Đợt kiểm tra", "2026-09-11", "2026-09-20")]),
    ("Lớp tập huấn diễn ra từ ngày 01 đến ngày 05/12/2025", None, [("Lớp tập huấn", "2025-12-01", "2025-12-05")]),
    # A range without years takes the year the caller gives.
    ("Ngày hội được tổ chức từ ngày 20/4 đến ngày 22/4.", 2025, [("Ngày hội", "2025-04-20", "2025-04-22")]),
    # A short name is completed from its fuller mention.
    ("KẾ HOẠCH\nTổ chức Ngày hội đọc sách năm 2025\nNgày hội được tổ chức từ ngày 20/4/2025 đến ngày 22/4/2025.",
     None, [("Ngày hội đọc sách năm 2025", "2025-04-20", "2025-04-22")]),
    # Name from the heading above a range on its own line.
    ("1. Thời gian tiếp nhận hồ sơ\nTừ ngày 03/11/2025 đến ngày 14/11/2025. Hồ sơ nộp tại bộ phận một cửa.", None,
     [("Tiếp nhận hồ sơ", "2025-11-03", "2025-11-14")]),
    # Activity headings with a labelled single day, a wrapped heading, an open period end.
    ("2.1. Chương trình nghệ thuật chào mừng\nNgày hội văn hóa năm 2025\n- Thời gian dự kiến: ngày 15/11/2025 (thứ Bảy).\n"
     "- Địa điểm: Quảng trường huyện.\n2.2. Triển lãm ảnh\n- Thời gian dự kiến: từ ngày 15/11 đến hết năm 2025.", 2025,
     [("Chương trình nghệ thuật chào mừng Ngày hội văn hóa năm 2025", "2025-11-15", "2025-11-15"),
      ("Triển lãm ảnh", "2025-11-15", "2025-12-31")]),
    ("- Ngày thi: 06/12/2025", None, [("Ngày thi", "2025-12-06", "2025-12-06")]),
    # The same dates twice (body and appendix title) are one event.
    ("Hội thi được tổ chức từ ngày 03/11/2025 đến ngày 07/11/2025.\nLỊCH HỘI THI\n(Từ ngày 3/11 đến ngày 07/11 năm 2025)",
     None, [("Hội thi", "2025-11-03", "2025-11-07")]),
    # Regression: a PDF text layer split the day "11" into "1 1"; it is still the 11th.
    ("3.1. Hội diễn\n- Thời gian dự kiến: ngày 1 1/9/2026 (thứ Sáu).\n3.2. Triển lãm\n"
     "- Thời gian dự kiến: từ ngày 1 1/9 đến hết năm 2026.\n3.3. Trưng bày\n- Thời gian: từ ngày 1 1/9/2026 đến ngày 20/9/2026.",
     2026, [("Hội diễn", "2026-09-11", "2026-09-11"), ("Triển lãm", "2026-09-11", "2026-12-31"),
            ("Trưng bày", "2026-09-11", "2026-09-20")]),
    # A range wrapped inside a column of a laid-out table.
    (" TT   Nội dung                      Cơ quan chủ trì     Thời gian\n"
     " 1    Treo băng rôn tuyên truyền     Phòng Văn hóa       Từ 01/5/2025\n"
     "      tại trung tâm huyện            và Thông tin        đến 31/5/2025\n", None,
     [("Treo băng rôn tuyên truyền", "2025-05-01", "2025-05-31")]),
    # One-day events in a sentence or under a label naming them; ceremonies are not events.
    ("Hội nghị sơ kết được tổ chức vào 8h00 ngày 12/12/2025 tại Hội trường huyện.", None,
     [("Hội nghị sơ kết", "2025-12-12", "2025-12-12")]),
    ("Ra quân đồng loạt vào ngày 23/8/2025; duy trì vệ sinh vào sáng Chủ nhật hằng tuần.", None,
     [("Ra quân", "2025-08-23", "2025-08-23")]),
    ("Tờ trình dự toán Hội nghị tổng kết công tác năm 2025\n1. Thời gian tổ chức Hội nghị: ngày 29/12/2025.", None,
     [("Hội nghị tổng kết công tác năm 2025", "2025-12-29", "2025-12-29")]),
    ("1. Thời gian: 8h00, thứ Hai, ngày 03/11/2025.", None, [(None, "2025-11-03", "2025-11-03")]),
    ("- Lễ khai mạc được tổ chức vào ngày 03/11/2025.", None, []),
    ("1. Đối tượng: sinh viên.\n2. Đăng ký dự thi: trực tuyến tại cổng thông tin từ 08/12/2025 đến 19/12/2025.\n"
     "3. Ngày thi: 8h00, thứ Bảy, ngày 10/01/2026 tại Hội trường A.", None,
     [("Đăng ký dự thi", "2025-12-08", "2025-12-19"), ("Ngày thi", "2026-01-10", "2026-01-10")]),
    ("- Thời gian hoàn thành: ngày 30/11/2025", None, []),
    # Name from the sentence before the dates, cut at its verb.
    ("Đoàn kiểm tra làm việc tại các trường trong thời gian từ ngày 10/11/2025 đến ngày 14/11/2025.", None,
     [("Đoàn kiểm tra làm việc tại các trường", "2025-11-10", "2025-11-14")]),
    ("Lớp tập huấn được tổ chức trong 02 ngày, từ ngày 10 đến ngày 11/12/2025 tại Trung tâm.", None,
     [("Lớp tập huấn", "2025-12-10", "2025-12-11")]),
    # A caps section heading as a name; a heading listing topics and an item above are not names.
    ("II. THỜI GIAN RÀ SOÁT HỘ NGHÈO\n\nTừ ngày 16/11/2025 đến ngày 30/11/2025.", None,
     [("Rà soát hộ nghèo", "2025-11-16", "2025-11-30")]),
    ("II. THỜI GIAN, CHỦ ĐỀ\n1. Chủ đề: “Sống xanh”.\n2. Thời gian: từ ngày 01/10/2025 đến ngày 07/10/2025.", None,
     [(None, "2025-10-01", "2025-10-07")]),
    ("II. CHỦ ĐỀ, THỜI GIAN, ĐỊA ĐIỂM\n- Thời gian: từ ngày 10/10/2025 đến ngày 12/10/2025.", None,
     [(None, "2025-10-10", "2025-10-12")]),
    # Not events: a deadline label, periods of months or years, a date inside a deadline.
    ("Thời gian hoàn tất: trước ngày 27/6/2025.", None, []),
    ("3. Thời gian thực hiện: Từ năm 2025 đến năm 2030 và tiếp theo.", None, []),
    ("Bản tin dự báo (từ tháng 02/2026 đến tháng 01/2027).", None, []),
    ("Các đơn vị báo cáo kết quả trước ngày 15/11/2025.", None, []),
]


@pytest.mark.parametrize("text,year,expected", CASES)
def test_events_ranges(text, year, expected):
    events = find_events(text, year)
    assert [(e.name, e.start, e.end) for e in events] == expected
    for e in events:
        s, t = e.span
        assert text[s:t].strip() == text[s:t] and text[s:t]
        assert e.rule and e.rule.startswith("event.")


@pytest.mark.parametrize("text,fields,year", [
    ("từ 01/10 đến 07/10/2024; báo cáo ngày 10/10/2024; căn cứ Luật ngày 19/6/2015", {}, 2024),
    ("không có ngày nào", {}, None),
])
def test_events_document_year(text, fields, year):
    assert document_year(text, fields) == year


def test_events_year_from_issue_date():
    from extractor.models import DateValue
    assert document_year("từ 01/10 đến 07/10", {"issued_on": DateValue(year=2023)}) == 2023
