"""units.find_units answers each window once (per text and window, and per window text): the answers
must be those of a fresh search of that window, spans into the caller's text."""
import pytest

from extractor import units
from extractor.models import Issuer
from extractor.units import canonical_unit, find_units, unit_key, unit_level

# Our own lines; the same line stands at two places so that the second is answered from the first.
LINES = [
    "Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh và UBND các xã, phường.",
    "Phòng GD&ĐT huyện báo cáo Ủy ban nhân dân huyện trước ngày 15/4/2026.",
    "Các sở, ban, ngành, đoàn thể cấp tỉnh triển khai thực hiện.",
    "Việc phòng, chống thiên tai được ban hành kèm theo kế hoạch.",
    "Văn phòng HĐND và UBND huyện Sông Mây, Trung tâm Văn hóa - Thể thao huyện.",
]
TEXT = "\n".join(LINES + LINES)


def _fresh(text, a, b):
    return list(units._units_at(text, a, b))


def _windows(text):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1
    yield 0, len(text)
    yield 5, 120


@pytest.mark.parametrize("a,b", list(_windows(TEXT)))
def test_units_memo_window_matches_fresh_search(a, b):
    expected = _fresh(TEXT, a, b)
    assert find_units(TEXT, a, b) == expected
    assert find_units(TEXT, a, b) == expected  # from the memo
    for m in expected:
        assert TEXT[m.start:m.end] == m.name


def test_units_memo_same_line_elsewhere_has_its_own_spans():
    first = LINES[0]
    a = TEXT.index(first, 1)
    here = find_units(TEXT, 0, len(first))
    there = find_units(TEXT, a, a + len(first))
    assert [m.name for m in here] == [m.name for m in there]
    assert [m.start + a for m in here] == [m.start for m in there]


@pytest.mark.parametrize("window,expected", [
    ("báo cáo kết quả trước ngày 15/4/2026", []),  # no head-word: answered without tokenizing
    ("các sở triển khai", ["các sở"]),
    ("CÁC SỞ triển khai", ["CÁC SỞ"]),
])
def test_units_no_head_word_no_unit(window, expected):
    assert [m.name for m in find_units(window)] == expected == [m.name for m in _fresh(window, 0, len(window))]


@pytest.mark.parametrize("start,end", [(-10, None), (30, 10), (0, 10_000), (-40, -5)])
def test_units_odd_bounds_as_before(start, end):
    text = LINES[0]
    assert find_units(text, start, end) == list(units._units_at(text, start, len(text) if end is None else end))


@pytest.mark.parametrize("name", ["Phòng GD&ĐT", "Uỷ ban nhân dân Huyện", "Sở LĐTB&XH", "Phòng Nội vụ"])
def test_units_canonical_same_for_issuer_name_and_object(name):
    issuer = Issuer(name="UBND huyện Sông Mây")
    uncached = units._canonical_unit.__wrapped__(name, ("UBND huyện Sông Mây",))
    assert canonical_unit(name, "UBND huyện Sông Mây") == uncached
    assert canonical_unit(name, issuer) == units._canonical_unit.__wrapped__(name, ("UBND huyện Sông Mây", None))


def test_units_canonical_issuer_parent_counts():
    # The parent's locality applies when the issuer's own name has none, cached or not.
    issuer = Issuer(name="Phòng Nội vụ", parent="UBND huyện Sông Mây")
    assert canonical_unit("Phòng Tài chính", issuer) == "Phòng Tài chính huyện Sông Mây"
    assert unit_level("Phòng Tài chính", issuer) == "district"
    assert unit_key("Phòng Tài chính", issuer) == "phòng tài chính huyện sông mây"
