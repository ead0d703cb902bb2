"""Recurring and relative deadline rules are tried only where their opening words begin
(deadlines._rule_matches): the matches must be those of a scan of the whole text."""
import random
import re

import pytest

from extractor import deadlines as dl


@pytest.mark.parametrize("pattern,words", [
    (r"(?:trong|sau)\s+\d+ ngày", {"trong", "sau"}),
    (r"\b(?:trong(?:\s+vòng)?|không quá)\s+\d+", {"trong", "không quá"}),
    (r"(?:(?P<cue>trước|vào)\s+)?ngày\s*\d", {"trước", "vào", "ngày"}),
    (r"(?=[tc])(?:chậm nhất|trước)\s+ngày", {"chậm nhất", "trước"}),
    (r"(?:ngày)+ \d", {"ngày"}),  # "ngàyngày 5" too: the repeated part ends the word
    (r"(?:ngày)? \d", {"ngày ", " "}),
    (r"[Tt]rong \d+ ngày", None),  # a class first: no word to look for
    (r"(?:trong|\d+) ngày", None),
])
def test_deadlines_opening_words(pattern, words):
    assert dl._opening_words(dl._sre_parse.parse(pattern, re.I)) == words


_PIECES = ["trong", "Trong", "TRONG", "trong vòng", "trong thời hạn", "không quá", "chậm nhất", "Chậm nhất là",
           "sau", "Sau khi", "sau", "10", "15", "05", "một", "mười lăm", "ngày", "Ngày", "tháng", "tuần", "làm việc",
           "kể từ", "từ", "tính từ", "ngày nhận", "hằng", "hàng", "mỗi", "tháng", "quý", "năm", "trước", "vào",
           "định kỳ", "của", "cuối", "hồ sơ", ",", ".", "\n"]


def _phrase(rng):
    """A relative or recurring phrase of our own, or a broken one."""
    cue = rng.choice(["trong", "Trong vòng", "không quá", "chậm nhất", "Chậm nhất là", "sau", "trước", "vào", "định kỳ"])
    parts = [cue, rng.choice(["10", "05", "một", "mười lăm", "ngày 25", "ngày 5"]),
             rng.choice(["ngày", "tháng", "tuần", "hằng tháng", "hàng quý", "mỗi năm", "của tháng cuối quý"]),
             rng.choice(["", "làm việc", ","]), rng.choice(["kể từ", "sau khi", "từ", "tính từ", "", "nhận"])]
    return " ".join(p for p in parts if p and rng.random() < 0.9)


def test_deadlines_rule_matches_as_a_whole_scan():
    rc = dl.load_deadline_rules()
    rng = random.Random(11)
    found = 0
    for _ in range(1500):
        text = " ".join(rng.choice(_PIECES) if rng.random() < 0.6 else _phrase(rng) for _ in range(rng.randint(4, 16)))
        low = text.lower()
        for rule, pat in rc.relative + rc.recurring:
            whole = [m.span() for m in pat.finditer(text)]
            assert [m.span() for m in dl._rule_matches(pat, text, low)] == whole, (rule.id, text)
            found += len(whole)
    assert found > 100  # the phrases are there to be found
