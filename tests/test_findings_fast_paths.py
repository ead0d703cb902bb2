"""The faster searches of findings give what the plain ones give (our own examples)."""
from __future__ import annotations

import pytest

from extractor.dates import find_dates
from extractor.findings import (_MARKER, _MARKER_KIND, _locality_head_re, _names_after, _qualifier_patterns,
                                _qualifiers, _same_unit, _similar, find_locality_names, load_findings_rules)

RULES = load_findings_rules()


def _names_plain(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The head-words searched with re.I over the text as written: what the lower-cased search replaces."""
    return _names_after(text, _locality_head_re(tuple(RULES.locality_heads)).finditer(text), RULES.name_max_words)


@pytest.mark.parametrize("text", [
    "UBND xã Quảng Phú, tỉnh Đắk Lắk báo cáo",
    "ỦY BAN NHÂN DÂN HUYỆN SÔNG MÂY\nXÃ ĐÔNG HÒA",  # head-words in capitals
    "Thị xã Bình Minh và thị trấn Cái Vồn",  # the longer head-word wins
    "Bxã Nam không phải địa danh; quậnX Một cũng không",  # a head-word inside a word
    "xã Tân Phú",  # at the very start
    "İstanbul và xã Hòa An, tỉnh Phú Yên",  # "İ" lower-cases to two characters: the plain search is used
    "phường\tBến Nghé, tổ dân phố Số Một",
])
def test_findings_locality_names_as_plain_search(text):
    assert find_locality_names(text, RULES) == _names_plain(text)


@pytest.mark.parametrize("action", [
    "nộp hồ sơ đăng ký",  # no period word at all
    "báo cáo quý ii",
    "báo cáo 6 tháng đầu năm",
    "báo cáo theo quyết định số 22 ngày 26 tháng 4 năm 2013",  # the date's "năm" is no period
    "báo cáo sơ kết năm 2026",
])
def test_findings_qualifiers_as_every_pattern(action):
    # Every pattern tried over the action with its full dates blanked, as before the word test.
    action_blank = action
    for d in reversed(find_dates(action)):
        if d.precision == "day":
            action_blank = action_blank[:d.start] + " " * (d.end - d.start) + action_blank[d.end:]
    plain = {" ".join(m.group().split()) for p in _qualifier_patterns(tuple(RULES.period_qualifiers))
             for m in p.finditer(action_blank)}
    assert _qualifiers(action, RULES) == frozenset(plain)


@pytest.mark.parametrize("a,b", [
    ([], []),
    (["phòng giáo dục"], ["phòng giáo dục"]),
    (["phòng giáo dục"], ["phòng giáo dục và đào tạo"]),
    (["sở tài chính"], ["trung tâm y tế huyện"]),
    ([""], [""]),
    (["ủy ban nhân dân " * 20], ["ủy ban nhân dân " * 20]),  # 300 characters: the ratio itself decides
])
def test_findings_same_unit_as_ratio(a, b):
    plain = (not a and not b) or any(_similar(x, y, 0.8) for x in a for y in b)
    assert _same_unit(a, b) == plain


@pytest.mark.parametrize("line", ["1.2. Một", "Điều 3. Hai", "II. BA", "IV) Bốn", "3) năm", "a) sáu", "đ/ bảy",
                                  "12\tx", "5 | y", "7    z", "| 4 | w"])
def test_findings_marker_kind_from_last_group(line):
    # The kind read from the last group the marker's alternative closes is the first group it holds.
    m = _MARKER.match(line)
    assert _MARKER_KIND[m.lastgroup] == next(k for k in ("multi", "art", "roman", "num", "let", "row") if m.group(k))
