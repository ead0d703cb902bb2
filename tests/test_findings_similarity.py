"""`_similar` answers what `SequenceMatcher(…).ratio() >= threshold` answers: it only tries the
cheaper upper bounds of the ratio first."""
from difflib import SequenceMatcher

import pytest

from extractor.findings import _similar

_PAIRS = [
    ("phòng giáo dục và đào tạo", "phòng giáo dục đào tạo"),
    ("ủy ban nhân dân các xã", "ubnd các xã"),
    ("báo cáo kết quả tổng kết năm học", "báo cáo tổng kết năm học"),
    ("gửi kế hoạch về phòng nội vụ", "nộp hồ sơ thi đua"),
    ("", "sở y tế"),
    ("", ""),
    ("abc", "cba"),
    ("sở tài chính", "sở tài chính"),
]


@pytest.mark.parametrize("a, b", _PAIRS + [(b, a) for a, b in _PAIRS])
@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.6, 0.8, 1.0])
def test_findings_similarity_same_answer_as_ratio(a, b, threshold):
    assert _similar(a, b, threshold) == (SequenceMatcher(None, a, b).ratio() >= threshold)
