import pytest

from extractor.dates import find_date_ranges, find_dates, find_times, parse_date

# (text, year, expected [(iso, evidence, precision)])
FIND_CASES = [
    ("Hà Nội, ngày 28 tháng 9 năm 2021", None, [("2021-09-28", "ngày 28 tháng 9 năm 2021", "day")]),
    ("ngày 26 tháng 0 6 năm 2018", None, [("2018-06-26", "ngày 26 tháng 0 6 năm 2018", "day")]),
    ("Sơn Tây, ngày 10 tháng 01năm 2026", None, [("2026-01-10", "ngày 10 tháng 01năm 2026", "day")]),
    ("chậm nhất đến ngày\n01 tháng 7 năm 2028", None, [("2028-07-01", "ngày\n01 tháng 7 năm 2028", "day")]),
    ("báo cáo trước ngày 28/10/2021", None, [("2021-10-28", "28/10/2021", "day")]),
    ("hoàn thành trước 28-9-2021", None, [("2021-09-28", "28-9-2021", "day")]),
    ("ngày 31/ 8/2021", None, [("2021-08-31", "31/ 8/2021", "day")]),
    ("khai mạc ngày 30/9", 2024, [("2024-09-30", "30/9", "day")]),
    ("ngày 30 tháng 9 tại hội trường", 2024, [("2024-09-30", "ngày 30 tháng 9", "day")]),
    ("trong tháng 10/2024", None, [("2024-10-31", "tháng 10/2024", "month")]),
    ("trong tháng 10 năm 2024", None, [("2024-10-31", "tháng 10 năm 2024", "month")]),
    ("quý III/2024", None, [("2024-09-30", "quý III/2024", "quarter")]),
    ("Quý IV/2013, Quý I/2014", None, [("2013-12-31", "Quý IV/2013", "quarter"), ("2014-03-31", "Quý I/2014", "quarter")]),
    # Document numbers are not dates.
    ("Nghị định số 15/2024/NĐ-CP", None, []),
    ("Quyết định số 1373/QĐ-TTg", None, []),
    ("hàng hóa nguy hiểm loại 1,2,3,4,9", 2024, []),
    ("trước ngày 25 hằng tháng", 2024, []),
]


@pytest.mark.parametrize("text,year,expected", FIND_CASES)
def test_dates_find(text, year, expected):
    got = [(d.iso, text[d.start:d.end], d.precision) for d in find_dates(text, year=year)]
    assert got == expected


def test_dates_blank_parts_are_kept():
    d = parse_date("ngày      tháng 9 năm 2022")
    assert (d.iso, d.year, d.month, d.day) == (None, 2022, 9, None)


@pytest.mark.parametrize("text,iso,time", [
    ("14h00 ngày 30/9", "2024-09-30", "14:00"),
    ("8h30, ngày 01/10/2024", "2024-10-01", "08:30"),
    ("ngày 05/10/2024, lúc 7h30", "2024-10-05", "07:30"),
    ("lúc 8 giờ 30 phút ngày 5/10/2024", "2024-10-05", "08:30"),
    ("8h00, thứ Hai, ngày 07/10/2024", "2024-10-07", "08:00"),
])
def test_dates_time_joins_adjacent_date(text, iso, time):
    d = parse_date(text, year=2024)
    assert (d.iso, d.time) == (iso, time)
    evidence = text[d.start:d.end]
    assert iso[-2:].lstrip("0") in evidence and time.split(":")[0].lstrip("0") in evidence


@pytest.mark.parametrize("text,valid,weekday_ok", [
    ("ngày 31/02/2024", False, True),
    ("thứ Hai, ngày 30/9/2024", True, True),
    ("thứ Ba, ngày 30/9/2024", True, False),
])
def test_dates_validity_and_weekday(text, valid, weekday_ok):
    d = find_dates(text)[0]
    assert (d.valid, d.weekday_ok) == (valid, weekday_ok)


@pytest.mark.parametrize("text,year,first,last", [
    ("từ ngày 01/10/2022 đến ngày 07/10/2022", None, "2022-10-01", "2022-10-07"),
    ("Từ 9/12/2024 đến 13/12/2024", None, "2024-12-09", "2024-12-13"),
    ("Thời gian: 11/9-20/9/2026", None, "2026-09-11", "2026-09-20"),
    ("từ ngày 01 đến ngày 07/10/2022", None, "2022-10-01", "2022-10-07"),
    ("từ ngày 20/9 đến ngày 5/10", 2024, "2024-09-20", "2024-10-05"),
])
def test_dates_ranges(text, year, first, last):
    ranges = find_date_ranges(text, year=year)
    assert [(r.first.iso, r.last.iso) for r in ranges] == [(first, last)]


def test_dates_range_inverted():
    r = find_date_ranges("từ ngày 10/10/2024 đến ngày 03/10/2024")[0]
    assert r.inverted


def test_dates_times():
    assert [t[2] for t in find_times("khai mạc lúc 14h00, bế mạc 16h30")] == ["14:00", "16:30"]
