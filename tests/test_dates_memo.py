"""dates.find_dates / find_date_ranges answer each (text, window) once (TextMemo); the answers must be
the ones a fresh search gives, for every window and year."""
import pytest

from extractor import dates
from extractor.dates import find_date_ranges, find_dates
from extractor.memo import TextMemo

# Our own text: dates in words, numbers, ranges, times, periods, bare years, numbers that are not dates.
TEXT = ("UBND XÃ AN BÌNH\nSố: 15/2026/KH-UBND\nAn Bình, ngày 05 tháng 3 năm 2026\n"
        "1. Tổ chức Ngày hội từ ngày 01/4 đến ngày 03/4/2026, khai mạc lúc 8h00 ngày 01/4.\n"
        "2. Các thôn báo cáo trước 15/4/2026; tổng hợp trong quý II/2026 và tháng 5 năm 2026.\n"
        "3. Kế hoạch giai đoạn năm 2026 - năm 2030; chỉ tiêu 1,5/2; thứ Hai, ngày 06/4/2026.\n") * 3


def _fresh(fn, *args, **kw):
    dates._MEMO.clear()
    return fn(*args, **kw)


@pytest.mark.parametrize("year,years", [(None, False), (2025, False), (None, True), (2026, True)])
def test_dates_memo_windows_match_fresh_search(year, years):
    step = 37
    for a in range(0, len(TEXT), step):
        for b in (a + 5, a + 60, a + 400, len(TEXT)):
            expected = _fresh(find_dates, TEXT, a, b, year=year, years=years)
            assert find_dates(TEXT, a, b, year=year, years=years) == expected  # from the memo
            assert find_dates(TEXT, a, b, year=year, years=years) == expected


@pytest.mark.parametrize("year", [None, 2024, 2026])
def test_dates_memo_ranges_match_fresh_search(year):
    expected = _fresh(find_date_ranges, TEXT, year=year)
    assert expected  # the text has ranges
    assert find_date_ranges(TEXT, year=year) == expected
    assert find_date_ranges(TEXT, 0, len(TEXT), year=year) == expected


def test_dates_memo_year_only_completes_yearless_dates():
    plain = find_dates(TEXT)
    with_year = find_dates(TEXT, year=2031)
    assert [(d.start, d.end, d.rule) for d in plain] == [(d.start, d.end, d.rule) for d in with_year]
    for a, b in zip(plain, with_year):
        assert b.year == (2031 if a.yearless else a.year)


def test_dates_memo_callers_get_their_own_list():
    first = find_dates(TEXT)
    first.clear()
    assert find_dates(TEXT)


# A day is not read out of a longer number, even when the window starts inside it: the check looks
# at the character before the window, as the look-behind it replaced did.
@pytest.mark.parametrize("text,start,expected", [
    ("112/3/2024", 0, []),
    ("12/3/2024", 1, []),
    ("1.2/3/2024", 2, []),
    ("/3/4/2024", 1, []),
    ("x12/3/2024", 1, ["2024-03-12"]),
    ("12/3/2024", 0, ["2024-03-12"]),
    ("ngày 1,5/2", 0, []),
    ("ngày 5/2", 0, ["2024-02-05"]),
    ("2024năm 2025", 0, []),
    ("2024 năm 2025", 0, ["2025-12-31"]),
    ("/năm 2025", 1, []),
])
def test_dates_not_inside_a_number(text, start, expected):
    assert [d.iso for d in find_dates(text, start, year=2024, years=True)] == expected


def test_dates_textmemo_answers_once_per_text_and_key():
    memo = TextMemo(texts=2, min_len=0)
    calls = []
    ask = lambda text, key: memo.get(text, key, lambda: calls.append((text, key)) or len(calls))  # noqa: E731
    assert ask("văn bản A", 1) == ask("văn bản A", 1) == 1
    assert ask("văn bản A", 2) == 2
    assert ask("văn bản " + "A", 1) == 1  # an equal text is the same text
    ask("văn bản B", 1)
    ask("văn bản C", 1)  # two texts kept: A, the least recently asked, goes
    assert ask("văn bản A", 1) == 5


def test_dates_textmemo_keeps_no_short_text():
    memo = TextMemo(texts=2, min_len=50)
    n = []
    memo.get("ngày 1/2/2025", "k", lambda: n.append(1))
    memo.get("ngày 1/2/2025", "k", lambda: n.append(1))
    assert len(n) == 2 and not memo._by_text


def test_dates_textmemo_clear_forgets_the_last_text_too():
    memo = TextMemo(texts=2, min_len=0)
    text = "ngày 1/2/2025"
    assert memo.get(text, "k", lambda: 1) == 1
    memo.clear()
    assert memo.get(text, "k", lambda: 2) == 2


@pytest.mark.parametrize("years", [False, True])
def test_dates_memo_windows_share_what_is_made_of_matches(years):
    """Windows asked one after another share the dates made of each match (dates._Known.built): each must
    still be what a fresh search of that window alone gives."""
    dates._MEMO.clear()
    windows = [(a, b) for a in range(0, len(TEXT), 23) for b in (a + 12, a + 45, a + 170, len(TEXT))]
    shared = [find_dates(TEXT, a, b, year=2026, years=years) for a, b in windows]
    for (a, b), got in zip(windows, shared):
        assert got == _fresh(find_dates, TEXT, a, b, year=2026, years=years), (a, b)
