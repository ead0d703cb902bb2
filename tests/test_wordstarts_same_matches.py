"""extractor.wordstarts: a pattern tried only where its words begin gives finditer's matches."""
import re

import pytest

from extractor.wordstarts import any_start_in, find_word_starts, finditer_at

_CEREMONY = re.compile(r"L(?<!\wL)ễ khai mạc|K(?<!\wK)hai mạc|k(?<!\wk)hai mạc(?!\w)")
_REQUEST = re.compile(r"(?<!\w)(kính\ mời|đề\ nghị|yêu\ cầu|giao|mời)\s+", re.I)
_FROM = re.compile(r"(?i)t(?<!\wt)ừ[ \t]+(?:ngày[ \t]+)?(?=\d)")


@pytest.mark.parametrize("pattern, words, ignore_case, text", [
    (_CEREMONY, ["Lễ khai mạc", "Khai mạc", "khai mạc"], False,
     "Lễ khai mạc vào 8h00 ngày 03/11; Khai mạc lại; tái khai mạc; Lễ Khai mạc"),
    (_CEREMONY, ["Lễ khai mạc", "Khai mạc", "khai mạc"], False, "Không có gì ở đây."),
    (_REQUEST, ["giao", "đề nghị", "mời", "kính mời", "yêu cầu"], True,
     "GIAO Sở Y tế; Đề Nghị UBND xã; Kính mời đại biểu; giao\nthông; kính mời  Ông A; giaox"),
    (_REQUEST, ["giao", "đề nghị", "mời", "kính mời", "yêu cầu"], True, "Yêu cầu các đơn vị; mời"),
    (_FROM, ["từ"], True, "Từ 01/5/2024\nđến 31/5; TỪ ngày 3/6; trừ 4; từ ngày hôm nay"),
])
def test_wordstarts_finditer_at_gives_finditer_matches(pattern, words, ignore_case, text):
    starts = find_word_starts(text, words, ignore_case=ignore_case)
    assert starts is not None
    want = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    got = [(m.start(), m.end(), m.group()) for m in finditer_at(pattern, text, starts)]
    assert got == want
    # A window: finditer's pos/endpos
    want = [(m.start(), m.end()) for m in pattern.finditer(text, 5, len(text) - 3)]
    got = [(m.start(), m.end()) for m in finditer_at(pattern, text, starts, 5, len(text) - 3)]
    assert got == want


@pytest.mark.parametrize("text, words", [
    ("gıao Sở Y tế", ["giao"]),  # dotless ı: re.I matches it to "i", str.lower leaves it
    ("İ giao Sở Y tế", ["giao"]),  # "İ" lower-cases to two characters: positions would shift
])
def test_wordstarts_case_folding_that_lowering_misses_scans_everything(text, words):
    assert find_word_starts(text, words, ignore_case=True) is None
    pat = re.compile(r"giao\s+", re.I)
    assert [m.span() for m in finditer_at(pat, text, None)] == [m.span() for m in pat.finditer(text)]


@pytest.mark.parametrize("starts, a, b, want", [
    ([4, 30], 10, 20, False), ([4, 30], 0, 5, True), ([4, 30], 30, 31, True), ([], 0, 100, False),
    (None, 0, 1, True),
])
def test_wordstarts_any_start_in(starts, a, b, want):
    assert any_start_in(starts, a, b) is want


def test_wordstarts_empty_match_is_refused():
    with pytest.raises(ValueError):
        list(finditer_at(re.compile(r"(?:giao)?"), "xyz", [1]))


def _every_start(text, words, ignore_case):
    hay, words = (text.lower(), [w.lower() for w in words]) if ignore_case else (text, words)
    return [i for i in range(len(text)) if any(hay.startswith(w, i) for w in words)]


@pytest.mark.parametrize("words, ignore_case", [
    (["Hội nghị", "Hội nghị tổng kết", "Nghị", "Kết", "tổng kết"], False),  # overlapping capitals
    # Many capitals: looked for by one scan of their alternation, whose matches do not overlap
    # ("Nghị" begins inside "Hội Nghị", "Khai mạc" inside "Lễ Khai mạc")
    (["Hội Nghị", "Nghị", "Lễ Khai mạc", "Khai mạc", "Tổng Kết", "Kết", "Lễ", "Hội", "Ban", "x"], False),
    (["Lễ khai mạc", "khai mạc"], False),
    (["giao", "đề nghị", "Nghị"], True),
])
def test_wordstarts_every_start_is_found(words, ignore_case):
    import random
    rng = random.Random(11)
    pieces = words + ["Hội ", " ", "nghị", "Lễ", "x", "\n", "Kết", "khai mạc", "Nghị tổng"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert find_word_starts(text, words, ignore_case=ignore_case) == _every_start(text, words, ignore_case), text
