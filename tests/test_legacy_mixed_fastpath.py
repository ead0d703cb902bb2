"""repair_mixed's fast path (clean text skips the line-by-line pass) changes no result.

Issue 5: the word-by-word pass cost ≈2 ms per page of clean Unicode text. The fast path answers
"does any word need repair?" from the text's distinct whitespace-separated chunks; these cases check
it against the full pass (`_repair_lines`) on clean text, on mojibake in every position a chunk can
hold it, and across every kind of whitespace the word regex treats as a separator.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixtures_readers import GENRE_TEXT  # noqa: E402

from extractor.legacy import _repair_lines, encode_tcvn3, encode_vni, repair_mixed  # noqa: E402


def _tcvn3(s: str) -> str:
    return encode_tcvn3(s).decode("cp1252", errors="ignore")


CASES = [
    GENRE_TEXT,
    "Ủy ban nhân dân xã Hòa Đồng báo cáo trước ngày 30/9/2030.",
    "Giá 150.000đ • Mục ÷ ×2 « trích » © 2030, Café, Zürich",
    # mojibake glued to punctuation and digits, inside parentheses, at a line end
    "Mục 2.1." + _tcvn3("Tình hình kinh tế-xã hội") + ":",
    "(" + _tcvn3("Số liệu thống kê") + "),\n" + _tcvn3("của xã"),
    # the segment rule: "Sè", "thèng" are well-formed as written, decoded beside two mojibake words
    _tcvn3("Số liệu thống kê của xã") + " đã được gửi",
    "Tin " + encode_vni("tức Việt Nam").decode("cp1252"),
    # separators: tab, no-break space, form feed, ideographic space, line separator
    "Kế\t" + _tcvn3("hoạch") + "\u00a0" + _tcvn3("tổ chức") + "\f" + _tcvn3("hội nghị"),
    _tcvn3("Tình hình") + "\u3000" + _tcvn3("kinh tế") + "\u2028" + _tcvn3("xã hội"),
    "",
    "\n\n",
]


@pytest.mark.parametrize("text", CASES)
def test_legacy_mixed_fastpath_same_as_full_pass(text):
    fast, full = repair_mixed(text), _repair_lines(text)
    assert (fast.text, fast.counts) == (full.text, full.counts)


@pytest.mark.parametrize("text,repaired", [
    ("Mục 2.1." + _tcvn3("Tình hình kinh tế-xã hội") + ":", "Mục 2.1.Tình hình kinh tế-xã hội:"),
    ("Kế\t" + _tcvn3("hoạch") + "\u00a0" + _tcvn3("tổ chức"), "Kế\thoạch\u00a0tổ chức"),
])
def test_legacy_mixed_fastpath_still_repairs(text, repaired):
    assert repair_mixed(text).text == repaired
