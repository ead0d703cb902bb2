"""Repairs fix what crawlers and broken fonts did, and never touch correct text."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixtures_readers import BODY, GENRE_TEXT, HEADER_LEFT, HEADER_RIGHT  # noqa: E402

from extractor.repairs import repair_text  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


@pytest.mark.parametrize("broken,fixed,kind", [
    ("ỦY B AN NHÂN D Â N XÃ", "ỦY BAN NHÂN DÂN XÃ", "syllable_join"),
    ("T hành phố Cần T hơ", "Thành phố Cần Thơ", "syllable_join"),
    ("kinh phí trung ươ n g", "kinh phí trung ương", "syllable_join"),
    ("Số: 88/QĐ - U B ND   Cần Thơ, ngày 2 tháng 3 năm 2024", "Số: 88/QĐ-UBND   Cần Thơ, ngày 2 tháng 3 năm 2024", "syllable_join"),
    ("Sở Công Thƣơng", "Sở Công Thương", "pdf_glyph"),
    ("CỘNG HÕA XÃ HỘI", "CỘNG HÒA XÃ HỘI", "pdf_glyph"),
    ("phía Đơng giáp sơng", "phía Đông giáp sông", "pdf_glyph"),
    ("Số: 5/\u041aН-UBND", "Số: 5/KH-UBND", "homoglyph"),
    ("Tổ chức hội nghị tổng kết", "Tổ chức hội nghị tổng kết", None),
])
def test_repairs_cases(broken, fixed, kind):
    r = repair_text(broken)
    assert r.text == fixed
    if kind:
        assert r.counts.get(kind, 0) >= 1


@pytest.mark.parametrize("clean", [
    GENRE_TEXT, "\n".join(HEADER_LEFT + HEADER_RIGHT + BODY),
    "điểm a khoản 2, điểm c khoản 4, Phụ lục I và II, nhóm A và B, chính trị n nh",
    "Москва и Ереван", "Số: 12/UBND-VX, TP. Hồ Chí Minh, e-mail: vanthu@xa.gov.vn",
])
def test_repairs_clean_text_unchanged(clean):
    r = repair_text(clean)
    assert r.text == clean and r.counts == {}


@pytest.mark.shared
@pytest.mark.parametrize("name", ["022.txt", "030.txt", "seed000.txt", "seed003.txt", "003.txt", "055.txt"])
def test_repairs_clean_shared_documents_unchanged(name):
    path = SHARED / name
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    text = path.read_text(encoding="utf-8")
    assert repair_text(text).counts == {}
