"""Header names: capitals → running-text case, broken syllables, signature parts (our own examples)."""
from __future__ import annotations

import pytest

from extractor.header import parse_signature
from extractor.header_names import is_syllable, join_broken_syllables, join_name_pieces, running_case


@pytest.mark.parametrize("printed,written", [
    ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG XANH", "Ủy ban nhân dân tỉnh Đồng Xanh"),
    ("UỶ BAN NHÂN DÂN HUYỆN SÔNG MÂY", "Uỷ ban nhân dân huyện Sông Mây"),  # the printed tone placement is kept
    ("UBND THÀNH PHỐ BỜ HỒ", "UBND thành phố Bờ Hồ"),
    ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Sở Nông nghiệp và Môi trường"),  # "trường" inside a name is no head-word
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ("TRƯỜNG ĐẠI HỌC SƯ PHẠM", "Trường Đại học Sư phạm"),
    ("BAN CHỈ ĐẠO PCGD, XMC", "Ban Chỉ đạo PCGD, XMC"),  # abbreviations as printed
    ("PHÒNG GD&ĐT QUẬN BỜ HỒ", "Phòng GD&ĐT quận Bờ Hồ"),
    ("Sở Văn hóa", "Sở Văn hóa"),  # already running text
])
def test_header_running_case(printed, written):
    assert running_case(printed) == written


@pytest.mark.parametrize("broken,joined", [
    ("ỦY B AN NHÂN D Â N", "ỦY BAN NHÂN DÂN"),
    ("T HÀNH P HỐ BỜ HỒ", "THÀNH PHỐ BỜ HỒ"),
    ("C H Í M I NH", "CHÍ MINH"),
    ("KT. CHỦ TỊ CH", "KT. CHỦ TỊCH"),
    ("UBND, HĐND HUYỆN", "UBND, HĐND HUYỆN"),  # abbreviations never join
    ("PCGD, XMC", "PCGD, XMC"),
])
def test_header_join_broken_syllables(broken, joined):
    assert join_broken_syllables(broken) == joined


@pytest.mark.parametrize("broken,joined", [("Ngu y ễn Văn An", "Nguyễn Văn An"), ("Lê Thị Hoa", "Lê Thị Hoa")])
def test_header_join_name_pieces(broken, joined):
    assert join_name_pieces(broken) == joined


@pytest.mark.parametrize("token,ok", [("Nguyễn", True), ("HỘI", True), ("khuya", True), ("UBND", False),
                                      ("PCGD", False), ("ĐT", False)])
def test_header_is_syllable(token, ok):
    assert is_syllable(token) is ok


@pytest.mark.parametrize("lines,parts", [
    (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (["KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    (["TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ PHÁP CHẾ"], ["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ"]),
    (["KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM"], ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]),
    (["TRƯỞNG BAN PHÓ CHỦ TỊCH UBND HUYỆN"], ["TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND HUYỆN"]),
    (["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
     ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
    (["CHỦ TỊCH"], ["CHỦ TỊCH"]),
])
def test_header_parse_signature(lines, parts):
    assert parse_signature(lines) == parts
