"""dates tries each pattern only where its matches may open (`_find_openings`): the matches must be those
of `finditer` over the same window, for every pattern, window and text."""
import random
import re
import sys

import pytest

from extractor import dates

PATTERNS = dates._PATTERNS + [dates._YEAR]

# Our own text: dates in words (any case), numbers, periods, bare years, numbers that are not dates.
TEXT = ("UBND XÃ AN BÌNH\nSố: 15/2026/KH-UBND\nAn Bình, NGÀY 05 THÁNG 3 NĂM 2026\n"
        "1. Tổ chức từ ngày 01/4 đến ngày 03/4/2026, khai mạc lúc 8h00 ngày 01/4; hằng ngày 5 tháng 6.\n"
        "2. Các thôn báo cáo trước 15 / 4 / 2026, 15-4-2026 và 1.5.2026; trong Quý II/2026, tháng 5 năm 2026.\n"
        "3. Giai đoạn năm 2026 - năm 2030; chỉ tiêu 1,5/2; 123/4/2026; thángngày 5 tháng 6 năm 2026; thángày 7 tháng 8.\n")


def _finditer(text, start, end):
    return [(rule, m.span(), m.groupdict()) for rule, _, pat in PATTERNS for m in pat.finditer(text, start, end)]


def _at_openings(text, start, end):
    openings = dates._find_openings(text)
    assert openings is not None
    return [(rule, m.span(), m.groupdict()) for rule, _, pat in PATTERNS
            for m in dates._matches_at(pat, text, openings[dates._OPENS_WITH[rule]], start, end)]


def test_dates_openings_cover_every_pattern():
    assert {rule for rule, _, _ in PATTERNS} == set(dates._OPENS_WITH)


@pytest.mark.parametrize("step", [1, 7])
def test_dates_openings_windows_match_finditer(step):
    for a in range(0, len(TEXT), step):
        for b in (a + 1, a + 9, a + 30, a + 120, len(TEXT)):
            assert _at_openings(TEXT, a, min(b, len(TEXT))) == _finditer(TEXT, a, min(b, len(TEXT))), (a, b)


def test_dates_openings_random_texts_match_finditer():
    pieces = ["ngày", "Ngày", "NGÀY", "tháng", "THÁNG", "năm", "Năm", "quý", "QUÝ", "II", "IV", "1", "5", "06", "0 6",
              "12", "31", "123", "2026", "1999", "15/4", "15/4/2026", "1/2", "1,5", "/", "-", ".", ",", " ", "  ", "\n",
              "\t", "hằng", "thôn", "số", "a"]
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(2, 16)))
        for a, b in ((0, len(text)), (rng.randint(0, len(text)), len(text)), (0, rng.randint(0, len(text)))):
            assert _at_openings(text, a, b) == _finditer(text, a, b), (text, a, b)


def test_dates_openings_lowercase_is_the_patterns_case_folding():
    """Offsets come from `text.lower()`; `re.I` matches a letter of the opening words with exactly the
    characters that lower-case to it, over all of Unicode."""
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    for letter in set("ngàythángquýnăm"):
        assert set(re.findall(re.escape(letter), every, re.I)) == {c for c in every if c.lower() == letter}, letter


def test_dates_openings_give_way_when_lowercase_shifts_offsets():
    text = "İ ngày 5 tháng 6 năm 2026"  # "İ".lower() is two characters
    assert dates._find_openings(text) is None
    assert [d.iso for d in dates.find_dates(text)] == ["2026-06-05"]
