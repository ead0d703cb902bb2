"""The cheap tests assignments runs before its costly ones must never say no where the costly one says
yes: a unit found by `find_units` at a place passes `_may_start_unit`, an exclusion the regex finds
passes the substring test. Otherwise a speed-up would silently drop assignments."""
import re

import pytest

from extractor.assignments import _may_hold, _may_start_unit, _needles, _patterns, extract_assignments_text
from extractor.units import find_units, load_unit_rules

# What follows a head-word in our own examples: a name, a locality, a lowercase word, nothing.
_AFTER = ["", " Tư pháp", " tỉnh Đồng Xanh", " huyện Sông Mây", " các xã", " xã An Bình:", " chủ trì", ", phối hợp"]


def _forms(word: str) -> list[str]:
    return sorted({word, word.lower(), word.upper(), word[:1].upper() + word[1:].lower()})


def _head_words() -> list[str]:
    heads = [w for h in load_unit_rules().heads for w in h.words]
    return heads + ["các sở", "các phòng, ban, ngành", "các đơn vị", "các trường", "các cơ quan"]


def _first_word_ok(text: str) -> bool:
    """The test `_chain` made before `_may_start_unit` existed: the first word begins a head-word."""
    first = re.match(r"[^\W\d_]+", text[:20])
    return bool(first) and first.group().lower() in _patterns().unit_starts


@pytest.mark.parametrize("head", _head_words())
def test_assignments_prefilters_unit_start_never_rejects_a_unit(head):
    for text in (f + a for f in _forms(head) for a in _AFTER):
        ms = find_units(text)
        if ms and ms[0].start == 0 and _first_word_ok(text):
            assert _may_start_unit(text, 0, _patterns().unit_starts), text


@pytest.mark.parametrize("text, may", [
    ("Bảo đảm an toàn giao thông trên địa bàn.", False),  # only "Bảo hiểm xã hội", "Bảo tàng" begin so
    ("Bảo hiểm xã hội huyện chủ trì", True),
    ("Tỉnh Hà Giang triển khai như sau:", False),  # only "Tỉnh ủy", "Tỉnh đoàn" …
    ("Tỉnh ủy chỉ đạo", True),
    ("Tỉnh  ủy chỉ đạo", False),  # two spaces: the tokenizer makes a token of the second, no head-word
    ("Sở Y tế", True),  # a one-word head-word: any second word
    ("các phòng, ban", True),  # the plurals' "các" is no head-word: not judged here
    ("Ban hành kèm theo", True),  # "Ban" alone is a head-word; find_units itself says no
])
def test_assignments_prefilters_unit_start_examples(text, may):
    assert _may_start_unit(text, 0, _patterns().unit_starts) is may


def test_assignments_prefilters_unit_start_at_an_offset():
    text = "1. Giao Bảo hiểm xã hội tỉnh rà soát."
    a = text.index("Bảo")
    assert _may_start_unit(text, a, _patterns().unit_starts)
    assert find_units(text, a)[0].start == a


def _exclusion_texts() -> list[str]:
    words = [w for c in _patterns().rules.exclusions for w in c.words]
    out = []
    for w in words:
        for f in _forms(w) + [w.replace("i", "ı"), w.upper().replace("I", "İ")]:
            out.append(f"Chánh Văn phòng, Trưởng phòng Nội vụ {f} này.")
    return out + ["Quyết định này có hiệu lực kể từ ngày ký.", "Không có điều khoản nào ở đây."]


@pytest.mark.parametrize("text", _exclusion_texts())
def test_assignments_prefilters_exclusion_needles_never_reject_a_match(text):
    p = _patterns()
    if p.excl_re.search(text):
        assert _may_hold(text.lower(), p.excl_needles), text


@pytest.mark.parametrize("words, needles", [
    (["thi hành quyết định"], (" hành quyết định",)),  # "i" is left out: re.I also matches "ı" to it
    (["có hiệu lực"], ("ệu lực",)),
    (["is"], None),  # nothing safe to look for: the regex always runs
])
def test_assignments_prefilters_needles_leave_out_unsafe_letters(words, needles):
    assert _needles(words) == needles


@pytest.mark.parametrize("text, units", [
    # the closing execution clause is still no assignment once the cheap test lets it through
    ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế:\n- Chủ trì tập huấn.\n"
     "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế chịu trách nhiệm thi hành Quyết định này.\n", ["Sở Y tế"]),
    ("Bảo đảm an toàn.\n1. Bảo hiểm xã hội huyện:\n- Rà soát hồ sơ.\n", ["Bảo hiểm xã hội huyện"]),
])
def test_assignments_prefilters_results_unchanged(text, units):
    assert [a.unit for a in extract_assignments_text(text)] == units


@pytest.mark.parametrize("cue", _patterns().rules.due_cues)
def test_assignments_prefilters_due_needles_never_reject_a_cue(cue):
    p = _patterns()
    for f in _forms(cue) + [cue.replace("i", "ı")]:
        text = f"Rà soát hồ sơ, báo cáo {f} 15/10/2026."
        if p.due_re.search(text[:text.index("15/10")]):
            assert _may_hold(text.lower(), p.due_needles), text


@pytest.mark.parametrize("text, due", [
    ("1. Sở Y tế:\n- Báo cáo kết quả trước ngày 15/10/2026.\n", "2026-10-15"),
    ("1. Sở Y tế:\n- Tập huấn ngày 15/10/2026 tại hội trường.\n", None),  # a date without a due cue
    ("1. Sở Y tế:\n- HOÀN THÀNH TRONG ngày 15/10/2026.\n", "2026-10-15"),
])
def test_assignments_prefilters_task_due(text, due):
    assert extract_assignments_text(text)[0].tasks[0].due == due


@pytest.mark.parametrize("header", [
    "TT | Nội dung | Cơ quan chủ trì | Thời gian", "STT   NỘI DUNG   CƠ QUAN CHỦ TRÌ   THỜI GIAN",
    "Đơn vị thực hiện", "ĐƠN VỊ THỰC HIỆN", "Cơ quan  thực\nhiện", "Chủtrì", "Nội dung | Thời gian",
])
def test_assignments_prefilters_lead_column_needles(header):
    p = _patterns()
    assert bool(p.lead_col_re.search(header)) <= _may_hold(header.lower(), p.lead_col_needles)
