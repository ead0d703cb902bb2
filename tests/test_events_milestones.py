"""find_milestones over our own texts: ceremonies with time and place, dated ceremony events,
schedule tables (tabs and pipes), and dates that belong to a citation."""
import pytest

from extractor.events import find_events, find_milestones

# (text, year, expected [(label, date, time, place, unit)])
CASES = [
    ("- Lễ khai mạc cấp huyện được tổ chức vào 14h00 ngày 03 tháng 11 năm 2025 tại Nhà văn hóa huyện Sông Mây.", None,
     [("Lễ khai mạc cấp huyện", "2025-11-03", "14:00", "Nhà văn hóa huyện Sông Mây", None)]),
    ("Ngày hội diễn ra từ ngày 03/11/2025 đến ngày 07/11/2025, trong đó Lễ khai mạc tại các trường được tổ chức "
     "đồng loạt vào ngày 03/11/2025.", None,
     [("Lễ khai mạc", "2025-11-03", None, "các trường", None)]),
    ("- Tổng kết Hội thi tổ chức vào ngày 10/11/2025.", None, [("Tổng kết Hội thi", "2025-11-10", None, None, None)]),
    ("Bế mạc Hội thi vào 16h30 ngày 07/11.", 2025, [("Bế mạc Hội thi", "2025-11-07", "16:30", None, None)]),
    # A schedule table with tab-separated cells and a blank line between rows.
    ("TT\tGiờ\tNgày\tĐơn vị\tNội dung\n1\t8h00\t03/11\tTrường THCS An Bình\tKhai mạc Hội thi\n\n"
     "2\t14h30\t04/11\tThư viện huyện\tGiao lưu đọc sách\nNơi nhận:", 2025,
     [("Khai mạc Hội thi", "2025-11-03", "08:00", None, "Trường THCS An Bình"),
      ("Giao lưu đọc sách", "2025-11-04", "14:30", None, "Thư viện huyện")]),
    # A Markdown table with a place column.
    ("| STT | Thời gian | Ngày | Địa điểm | Nội dung |\n|---|---|---|---|---|\n"
     "| 1 | 7h30 | 05/11/2025 | Sân trường | Lễ phát động |\n", None,
     [("Lễ phát động", "2025-11-05", "07:30", "Sân trường", None)]),
    # The date of a cited document is not the date of a ceremony.
    ("Hoàn thành tổng kết theo Kết luận số 63-KL/TW ngày 27/5/2013 của Ban Chấp hành Trung ương.", None, []),
]


@pytest.mark.parametrize("text,year,expected", CASES)
def test_events_milestones(text, year, expected):
    ms = find_milestones(text, year)
    assert [(m.label, m.date, m.time, m.place, m.unit) for m in ms] == expected
    for m in ms:
        s, e = m.span
        assert m.label.split()[0] in text[s:e]
        assert m.rule and m.rule.startswith("milestone.")


def test_events_milestone_from_ceremony_event():
    text = ("2.6. Bế mạc Liên hoan văn nghệ năm 2025\n- Thời gian dự kiến: ngày 20/11/2025 (thứ Năm).\n"
            "- Địa điểm: Nhà văn hóa huyện.\n- Đơn vị chủ trì: Phòng Văn hóa - Thông tin.\n2.7. Triển lãm")
    ms = find_milestones(text, 2025, find_events(text, 2025))
    assert [(m.label, m.date, m.place, m.unit) for m in ms] == [
        ("Bế mạc Liên hoan văn nghệ năm 2025", "2025-11-20", "Nhà văn hóa huyện", "Phòng Văn hóa - Thông tin")]
