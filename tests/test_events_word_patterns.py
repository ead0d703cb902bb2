"""events._words_at_start: word lists searched by their first letter must match exactly what the
plain `(?<!\\w)(?:w1|w2|…)` alternation matches, with and without case folding."""
import re

import pytest

from extractor.events import _words_at_start, _words_re, load_event_rules

_RULES = load_event_rules()
WORD_LISTS = [
    [w for r in _RULES.milestones for w in r.words],
    _RULES.sentence_days.nouns,
    _RULES.themes.words,
    ["từ"],
    ["Hội nghị", "Hội", "hội thi", "Lễ khai mạc", "khai mạc", "Đại hội"],
]
TEXTS = [
    "Lễ khai mạc Hội thi được tổ chức vào 8h00 ngày 03/11/2025; Đại hội, tiền-Hội nghị, xãhội, Hội.",
    "LỄ KHAI MẠC, từ ngày 01/10 đến ngày 07/10; ngoại từ, (từ 5/10), Tuần lễ, tổng kết Giải bóng đá.",
    "Chủ đề: “Đọc sách”; chủ đề năm nay; CHỦ ĐỀ HỘI THI; Ngày hội đọc sách, 1Hội nghị, _Hội thảo",
]


@pytest.mark.parametrize("words", WORD_LISTS)
@pytest.mark.parametrize("flags", ["", "(?i)", "(?im)"])
def test_events_words_at_start_as_lookbehind(words, flags):
    plain = re.compile(rf"{flags}(?<!\w)(?:{_words_re(words)})(?!\w)")
    fast = re.compile(rf"{flags}{_words_at_start(words)}(?!\w)")
    for text in TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for a in range(0, len(text), 11):
            assert [m.span() for m in fast.finditer(text, a)] == [m.span() for m in plain.finditer(text, a)]
