"""Patterns compiled by `fast_compile` (a lookahead of the characters a match begins with in front)
find exactly what the patterns as written find; the words `needles` requires are in every text a
pattern matches; the cue search that passes over cues whose words are missing finds the cue the
plain search by priority finds."""
import re

import pytest

from extractor.dates import find_dates
from extractor.deadlines import _BOUNDARY, _match_cue, load_deadline_rules
from extractor.fastre import _first_class, _sre_parse, fast_compile, may_match, needles

# Our own sentences, in the shapes the cues and the recurring and relative rules are written for.
_TEXTS = [
    "Các phòng gửi báo cáo về Văn phòng trước ngày 15/3/2026.",
    "hoàn thành chậm nhất đến ngày 05 tháng 8 năm 2027; Hạn chót nhận hồ sơ: ngày 20/5/2026",
    "Các trường gửi kế hoạch không muộn hơn ngày 12/9/2026, muộn nhất là ngày 20/9/2026.",
    "Các xã hoàn thành việc rà soát đến hết ngày 30/9/2026.\nThời gian nộp báo cáo tổng kết: ngày 15/12/2026",
    "1. Nội dung: Rà soát hồ sơ.\n2. Thời gian thực hiện: Quý III/2026.",
    "Các tổ bầu cử hoàn thành việc kiểm phiếu trong ngày 25/5/2026; nộp báo cáo vào ngày 09/12/2025.",
    "Thời hạn nộp đơn: từ 02/3/2026 đến 13/3/2026. Hạn nộp bài dự thi: ngày 30/6/2026.",
    "Phòng Tài chính thực hiện xong trong tháng 9/2026, trình UBND tỉnh trong quý III/2026.",
    "Các xã báo cáo tiến độ trước ngày 18 hằng tháng; định kỳ vào ngày 5 hàng quý; ngày 20 mỗi tuần.",
    "báo cáo định kỳ hằng quý (trước ngày 15 tháng cuối quý), chậm nhất ngày 10 của tháng cuối quý",
    "trong 10 ngày làm việc kể từ ngày nhận đủ hồ sơ, Phòng Nội vụ trả lời; sau 5 ngày kể từ khi nhận",
    "có đăng ký thường trú trước ngày 01/01/2026 | Trưởng thôn | 15/4/2026\n\n- Lập danh sách. **Hết.**",
]
# Upper case, and letters re.I matches to other characters ("ı" to "i", "ſ" to "s").
_TEXTS += [t.upper() for t in _TEXTS] + [t.replace("i", "ı").replace("s", "ſ") for t in _TEXTS]


def _rule_patterns():
    r = load_deadline_rules().rules
    out = [(c.id, c.pattern, re.I) for c in r.cues] + [(p.id, p.pattern, re.I) for p in r.recurring + r.relative]
    markers = ("not_obligations", "yearly_words", "restatement", "past_markers", "requester_markers",
               "recipient_markers", "via_markers", "excluded_markers")
    return out + [(m, getattr(r, m), re.I) for m in markers]


@pytest.mark.parametrize("rule_id, pattern, flags", _rule_patterns())
def test_deadlines_fast_patterns_same_matches(rule_id, pattern, flags):
    plain, fast = re.compile(pattern, flags), fast_compile(pattern, flags)
    if plain.search("") is None:  # a cue that may match nothing (a line start) has no first character
        assert fast.pattern.startswith("(?=["), rule_id  # each of these tells how its matches begin
    for text in _TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (rule_id, text)
        for end in range(0, len(text) + 1, 7):  # cues are searched on the window before a date
            window = text[max(0, end - 140):end]
            found, expected = fast.search(window), plain.search(window)
            assert (found and found.span()) == (expected and expected.span()), (rule_id, window)


def test_deadlines_fast_patterns_sentence_ends_unchanged():
    plain = re.compile(_BOUNDARY.pattern.split("(?:", 1)[1][:-1])  # the pattern without its lookahead
    assert _BOUNDARY.pattern.startswith("(?=[")
    for text in _TEXTS:
        assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("pattern", [
    r"a*", r"(?:\btrước)?", r"[^a]bc", r".x", r"(?P<x>a)?(?P=x)b", r"(?i:trước)", r"(?=x)?",
])
def test_deadlines_fast_patterns_left_alone_when_unsure(pattern):
    """A pattern that can match empty, or begin with any character, is compiled as written."""
    assert fast_compile(pattern).pattern == pattern


@pytest.mark.parametrize("pattern, first", [
    (r"\btrước|\bchậm nhất", "tc"),
    (r"(?:(?P<cue>vào)\s+)?ngày", "vn"),
    (r"[ \t]*\|", r"\ \	\|"),
    (r"\d{1,2}/\d", r"\d"),
])
def test_deadlines_fast_patterns_first_characters(pattern, first):
    pieces, empty = _first_class(_sre_parse.parse(pattern, re.I))
    assert not empty and "".join(pieces) == first


def _cue_one_by_one(text, start, dm, kinds):
    """The cue search as it was: every cue of these kinds, by priority, the first that matches."""
    before = text[max(0, start - 140):start]
    for rule, pat in load_deadline_rules().cues:
        if rule.takes not in kinds or (rule.takes == "period" and dm.precision == "day") \
                or (rule.takes == "date" and dm.precision != "day"):
            continue
        m = pat.search(before)
        if m:
            return rule, start - len(before) + m.start()
    return None


@pytest.mark.parametrize("text", _TEXTS[:12])
def test_deadlines_fast_patterns_cue_search_finds_the_same_cue(text):
    for d in find_dates(text, year=2026, years=True):
        for kinds in (("date", "period"), ("period",), ("range_end",)):
            assert _match_cue(text, d.start, d, kinds) == _cue_one_by_one(text, d.start, d, kinds)


@pytest.mark.parametrize("rule_id", [p.id for p in load_deadline_rules().rules.recurring + load_deadline_rules().rules.relative])
def test_deadlines_fast_patterns_needles_never_reject_a_match(rule_id):
    rc = load_deadline_rules()
    pat = dict((r.id, p) for r, p in rc.recurring + rc.relative)[rule_id]
    for text in _TEXTS:
        if pat.search(text):
            assert may_match(rc.needles[rule_id], text.lower() if pat.flags & re.I else text), (rule_id, text)


@pytest.mark.parametrize("pattern, flags, text, may", [
    (r"ngày\s*\d+\s+(?:hằng|hàng|mỗi)\s+tháng", re.I, "báo cáo trước ngày 15/3/2026", False),
    (r"ngày\s*\d+\s+(?:hằng|hàng|mỗi)\s+tháng", re.I, "NGÀY 5 HẰNG THÁNG", True),
    (r"(?:trong|sau)\s+\d+\s+ngày", re.I, "ſau 5 ngày", True),  # "s" is never required: re.I matches "ſ"
    (r"Sở (?:Y|Tư) tế", 0, "sở y tế", False),  # case-sensitive: looked for as written
    (r"(?:\d+|một)\s+ngày", re.I, "2 ngày", True),  # an alternative without a word requires nothing
])
def test_deadlines_fast_patterns_needles(pattern, flags, text, may):
    assert may_match(needles(pattern, flags), text.lower() if flags & re.I else text) is may
    if not may:
        assert re.search(pattern, text, flags) is None


_ROUTES = [
    "Các xã hoàn thành rà soát trước ngày 15/3/2026 (qua Phòng Nội vụ) để tổng hợp.",
    "Các trường nộp hồ sơ trước ngày 20/4/2026 về Phòng Giáo dục và Đào tạo.",
    "Các phòng chuyên môn báo cáo trước ngày 10/5/2026, gửi Văn phòng HĐND và UBND huyện.",
    "Trung tâm Y tế gửi báo cáo trước ngày 01/6/2026 QUA SỞ Y TẾ, VỀ ỦY BAN NHÂN DÂN TỈNH.",
    "Các xã nộp danh sách trước ngày 5/7/2026.",
]


@pytest.mark.parametrize("text", _ROUTES)
def test_deadlines_fast_patterns_route_after_the_date_unchanged(text, monkeypatch):
    """Skipping the units after a date when no route word is there gives the same deadlines."""
    from extractor import deadlines
    from extractor.layout import find_layout
    from extractor.readers import read_text

    doc = read_text(text)
    fast = deadlines.extract_deadlines(doc, find_layout(doc.text), {})["deadlines"]
    monkeypatch.setattr(deadlines, "_route_possible_after", lambda *a: True)
    assert fast == deadlines.extract_deadlines(doc, find_layout(doc.text), {})["deadlines"]
    assert fast  # each sentence has its deadline
