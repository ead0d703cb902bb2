"""The text-quality check: syllables, hard signs of broken layers, and the route they choose."""
from __future__ import annotations

import pytest

from extractor.quality import assess_text, is_syllable


@pytest.mark.parametrize("word,ok", [
    ("nghiêng", True), ("quyết", True), ("giữ", True), ("gì", True), ("khuỷu", True), ("Tình", True),
    ("TRƯỜNG", True), ("hoàng", True), ("thuyền", True), ("Đông", True),
    ("héi", False), ("tÕ", False), ("Đơng", False), ("UBND", False), ("hàt", False), ("xyz", False),
])
def test_quality_syllables(word, ok):
    assert is_syllable(word) is ok


@pytest.mark.parametrize("text,route", [
    ("Ủy ban nhân dân xã giao Phòng Văn hóa chủ trì tổ chức hội nghị tổng kết năm học.", "keep"),
    ("(cid:3)(cid:17)(cid:22) (cid:5)(cid:9)(cid:41) (cid:2)(cid:8)", "reread"),
    ("\ue001\ue002\ue003 \ue004\ue005 \ue006\ue007\ue008 \ue009\ue00a", "reread"),
    ("Uû ban nh©n d©n x· giao Phßng V¨n hãa chñ tr× tæ chøc héi nghÞ tæng kÕt", "reread"),
    ("Ủy ban nhân dân xã giao Phòng Văn hóa chủ trì tổ chức hội nghị КН-UBND", "repair"),
])
def test_quality_routes(text, route):
    assert assess_text(text).route == route
