"""The quality check judges each distinct word once and keeps the last page verdicts: the counts
must still be per occurrence, and every caller must get its own verdict."""
from __future__ import annotations

import pytest

from extractor.quality import assess_text, score_words


@pytest.mark.parametrize("text,expected", [
    ("nhà nhà nhà", (3, 3)),  # a repeated word counts once per occurrence
    ("UBND UBND tỉnh", (1, 1)),  # abbreviations are left out however often they appear
    ("xyz xyz nhà", (1, 3)),  # a repeated non-syllable lowers the score each time
    ("Ủy ban UBND tỉnh Ủy ban", (5, 5)),
    ("", (0, 0)),
])
def test_quality_score_words_per_occurrence(text, expected):
    assert score_words(text) == expected


@pytest.mark.parametrize("text", [
    "Uû ban nh©n d©n x· giao Phßng V¨n hãa chñ tr× tæ chøc héi nghÞ tæng kÕt",
    "Ủy ban nhân dân xã giao Phòng Văn hóa chủ trì tổ chức hội nghị КН-UBND",
])
def test_quality_repeated_verdicts_are_independent(text):
    first = assess_text(text)
    first.reasons.append("changed by a caller")
    second = assess_text(text)
    assert second.reasons != first.reasons
    assert (second.score, second.route) == (first.score, first.route)


@pytest.mark.parametrize("text,field,count", [
    ("Ủy ban nhân dân tỉnh “Lào Cai” – 100%", "combining", 0),  # plain text: the counts are skipped
    ("Ủy ban nhân dân tỉnh q\u0301 x\u0301", "combining", 2),  # marks with no letter to join
    ("Ủy ban nhân dân \ufffd\ufffd", "replacement", 2),
    ("Ủy ban nhân dân \ue001", "private", 1),
    ("Ủy ban nhân dân КН-UBND", "foreign", 2),
    ("Ủy ban (cid:3)(cid:17)", "cid", 2),
])
def test_quality_hard_signs_counted(text, field, count):
    assert getattr(assess_text(text), field) == count
