"""dates.find_dates_wrapped / find_date_ranges_wrapped read line breaks as spaces: their answers must be
those of find_dates / find_date_ranges over `text.replace("\\n", " ")`, whether the text's own dates are
reused (no break where a pattern reads over it) or the unwrapped copy is searched."""
import random
from pathlib import Path

import pytest

from extractor import dates
from extractor.dates import find_date_ranges, find_date_ranges_wrapped, find_dates, find_dates_wrapped

SHARED_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def _same_as_flat(text: str) -> None:
    flat = text.replace("\n", " ")
    for years in (False, True):
        for year in (None, 2025):
            assert find_dates_wrapped(text, year=year, years=years) == find_dates(flat, year=year, years=years), (text, years, year)
    for year in (None, 2025):
        assert find_date_ranges_wrapped(text, year=year) == find_date_ranges(flat, year=year), (text, year)


# (text, the text's own dates are reused: no break stands inside a form)
CASES = [
    ("Kế hoạch tổ chức Hội thi năm 2026\nV/v tổ chức Hội thi", True),
    ("Các xã báo cáo trước ngày 15/4/2026.\n2. Phòng Nội vụ tổng hợp.", True),
    ("- Thời gian: 20/10/2026.\n- Địa điểm: hội trường xã", True),
    ("- Thời gian: 20/10/2026\n- Địa điểm: hội trường xã", False),  # "2026\n- 25/10/2026" would be a range
    # a form wrapped over the break: read whole only with the break as a space
    ("hoàn thành trong tháng\n10/2026", False),
    ("gửi về Phòng trước ngày 15\ntháng 4", False),
    ("hoàn thành trong quý\nIII/2026", False),
    ("hoàn thành trong quý III/\n2026", False),
    ("tháng 0\n6 năm 2026", False),
    ("khai mạc lúc 14h\nTại hội trường, ngày 30/9/2026", False),
    ("ngày 30/9/2026,\nlúc 8h00", False),
    ("vào 8h30\n\n15/3/2026", False),
    ("vào 8h30\nquý II/2026", False),
    ("14:00 ,,\n15/4", False),
    ("thứ 2 \n 15/3/2026", False),
    ("từ ngày 01/10/2026 đến\nngày 07/10/2026", False),
    ("từ 01\n- 07/10/2026", False),
    ("Từ ngày 01 đến ngày 07/10/2026 -\n> 09/10/2026", False),
]


@pytest.mark.parametrize("text,reused", CASES)
def test_dates_wrapped_reads_breaks_as_spaces(text, reused):
    assert (dates._unwrapped(text) is text) == reused
    _same_as_flat(text)


def test_dates_wrapped_finds_a_form_over_a_break():
    text = "Các xã hoàn thành trong tháng\n10/2026."
    assert find_dates(text) == []
    assert [(d.iso, d.precision, d.start) for d in find_dates_wrapped(text)] == [("2026-10-31", "month", 24)]


# Pieces of our own that the date, time, weekday and range patterns join, and breaks of every kind.
_TOKENS = ["ngày", "Ngày", "NGÀY", "tháng", "năm", "Năm", "quý", "QUÝ III", "I", "II", "IV", "V/v", "thứ", "Thứ Hai",
           "hai", "ba", "tư", "sáu", "bảy", "chủ", "nhật", "chủ nhật", "vào", "lúc", "LÚC", "từ", "đến", "ĐẾN", "tới",
           "hết", "bắt đầu từ", "giờ", "phút", "h", "H", "h00", "14h", "8H", "9 h", "8h30", "14:00", "14 giờ", "0", "1",
           "2", "5", "06", "12", "15", "31", "2025", "2026", "15/4", "15/4/2026", "1/2", "1,5/2", "1.5", "20/10",
           "quý II/2026", "tháng 10/2026", "ngày 15 tháng 4 năm 2026", "2026.", "3.", "-", "–", "—", "->", "/", ".",
           ",", ":", "(", ")", "báo cáo", "trước", "thôn", "Số", "hằng", "khai"]
_BREAKS = ["\n", " \n", "\n ", "\n\n", " \n ", "\n\x0c\n", "  \n", "\xa0\n", ",\n", "\t\n", "\r\n", "\u2028\n"]
_SPACES = [" ", " ", " ", "", ", ", "\t", "  "]


def test_dates_wrapped_random_texts_read_as_unwrapped():
    rng = random.Random(5)
    reused = 0
    for _ in range(3000):
        n = rng.randint(3, 12)
        breaks = set(rng.sample(range(n), rng.randint(1, 2)))
        text = "".join(rng.choice(_TOKENS) + rng.choice(_BREAKS if i in breaks else _SPACES) for i in range(n))
        reused += dates._unwrapped(text) is text
        _same_as_flat(text)
    assert 500 < reused < 2500  # both ways are exercised


def test_dates_wrapped_corpus_texts_read_as_unwrapped():
    if not SHARED_DOCS.is_dir():
        pytest.skip("../shared/corpus is absent")
    from extractor.readers import read_document

    files = sorted(CORPORA.glob("**/source.txt")) + sorted(SHARED_DOCS.glob("*.txt"))
    assert files
    for path in files:
        _same_as_flat(read_document(path).text)
