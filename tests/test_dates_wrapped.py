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
    # regression: a date whose time ends in "phút", then a dash on the next line (a range once unwrapped)
    ("Hội nghị ngày 30/9/2026, lúc 14 giờ 30 phút\n- ngày 05/10/2026, lúc 8 giờ 30 phút", False),
    # regression: a range's dash after a date's time, the second date on the next line
    ("ngày 27/6/2026 lúc 12h –\n11/7/2026", False),
    ("ngày 27/6/2026 lúc 20 giờ –\t\n01.11.2026", False),
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
_TOKENS = ["lúc 14 giờ 30 phút", "ngày 30/9/2026, lúc 8h", "- ngày 5/10/2026", "ngày", "Ngày", "NGÀY", "tháng", "năm", "Năm", "quý", "QUÝ III", "I", "II", "IV", "V/v", "thứ", "Thứ Hai",
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


def _phrase(rng) -> list[str]:
    """Pieces of a date phrase of our own: a weekday, a time before, the date, a time after, a range."""
    def case(w):
        r = rng.random()
        return w.upper() if r < 0.1 else w.capitalize() if r < 0.25 else w

    def number(lo, hi):
        return str(rng.randint(lo, hi)).zfill(rng.choice([1, 2]))

    def date():
        year = str(rng.randint(2020, 2030))
        return rng.choice([
            [case("ngày"), number(1, 31), case("tháng"), number(1, 12), case("năm"), year],
            [case("ngày"), number(1, 31), case("tháng"), number(1, 12)],
            [number(1, 31) + rng.choice("/-.") + number(1, 12) + rng.choice(["", "/" + year])],
            [number(1, 31), "/", number(1, 12), "/", year],
            [case("tháng"), number(1, 12), rng.choice(["/", "năm", "-"]), year],
            [case("quý"), rng.choice(["I", "II", "IV", "2"]), rng.choice(["/", "năm", "-"]), year],
            [case("năm"), year]])

    def time():
        return rng.choice([[number(0, 23) + "h" + rng.choice(["", number(0, 59)])], [number(0, 23), case("giờ")],
                           [number(0, 23), case("giờ"), number(10, 59), case("phút")], [number(0, 23) + ":" + number(10, 59)]])

    if rng.random() < 0.2:  # a bare first day: "từ ngày 01 đến ngày 07/10/2026"
        out = [case(rng.choice(["từ", "bắt đầu từ"]))] + rng.choice([[case("ngày")], []]) + [number(1, 31)]
        out += rng.choice([[rng.choice(["/", "tháng"]), number(1, 12)], []]) + [rng.choice(["đến", "tới", "-", "–"])]
        return out + rng.choice([[case("hết")], []]) + rng.choice([[case("ngày")], []]) + date() + ["."]
    out = []
    if rng.random() < 0.3:
        out += [case(rng.choice(["từ", "bắt đầu từ", "vào", "đến hết"]))]
    if rng.random() < 0.3:
        out += time() + rng.choice([[","], []])
    if rng.random() < 0.3:
        out += rng.choice([[case("thứ"), rng.choice(["hai", "năm", "bảy", "2"])], [case("chủ"), "nhật"]]) + rng.choice([[","], []])
    out += date()
    if rng.random() < 0.5:
        out += [rng.choice([",", ""]), case(rng.choice(["lúc", "vào lúc", "từ"]))] + time()
    if rng.random() < 0.6:
        out += [rng.choice(["đến", "tới", "-", "–", "—", "->", "đến hết", "đến ngày"])] + date()
    return out + [rng.choice(["báo cáo", ".", ";", "- Nội dung"])]


@pytest.mark.parametrize("breaks", [0.03, 0.1, 0.25])
def test_dates_wrapped_date_phrases_read_as_unwrapped(breaks):
    """Dates with times, weekdays and ranges, a line break between any two of their pieces."""
    rng = random.Random(int(breaks * 100))
    for _ in range(2500):
        pieces = [p for _ in range(rng.randint(1, 2)) for p in _phrase(rng)]
        _same_as_flat("".join(p + (rng.choice(_BREAKS) if rng.random() < breaks else rng.choice(_SPACES)) for p in pieces))
