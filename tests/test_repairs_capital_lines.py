"""repairs.restore_capital_lines: capitals back on an official document's capital lines, never on
body sentences (issue 4: headers typed in the capitals-only TCVN3 font .VnTimeH read back lowercase).

Every text here is ours. Each case is (text, expected text, expected count).
"""
from __future__ import annotations

import pytest

from extractor.repairs import restore_capital_lines

RESTORED = [
    # issuer block at the top, a locality line continuing it, old tone placement "uỷ"
    ("uỷ ban nhân dân\nhuyện sông mây\n\nSố: 12/UBND", "UỶ BAN NHÂN DÂN\nHUYỆN SÔNG MÂY\n\nSố: 12/UBND", 2),
    # parent and issuer, abbreviations, "&"
    ("ubnd huyện sông mây\nphòng gd&đt\n\nSố: 3/PGDĐT", "UBND HUYỆN SÔNG MÂY\nPHÒNG GD&ĐT\n\nSố: 3/PGDĐT", 2),
    ("sở văn hóa và thể thao\n\nSố: 5/SVHTT", "SỞ VĂN HÓA VÀ THỂ THAO\n\nSố: 5/SVHTT", 1),
    ("trường tiểu học bến đá\nSố: 8/TB-TH", "TRƯỜNG TIỂU HỌC BẾN ĐÁ\nSố: 8/TB-TH", 1),
    # the motto, in capitals and in Title form, anywhere
    ("Số: 1/KH\ncộng hoà xã hội chủ nghĩa việt nam\nđộc lập - tự do - hạnh phúc",
     "Số: 1/KH\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", 2),
    # the document type's title line, starting a block
    ("Sông Mây, ngày 2 tháng 3 năm 2008\n\nkế hoạch\nTổ chức hội thi", "Sông Mây, ngày 2 tháng 3 năm 2008\n\nKẾ HOẠCH\nTổ chức hội thi", 1),
    ("\n\nquyết định\nVề việc khen thưởng\n\nchủ tịch ủy ban nhân dân xã tân hòa\n\nCăn cứ …",
     "\n\nQUYẾT ĐỊNH\nVề việc khen thưởng\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN HÒA\n\nCăn cứ …", 2),
    ("Về việc cử cán bộ dự tập huấn\n\ntrưởng phòng nội vụ huyện sông mây\n\nCăn cứ …",
     "Về việc cử cán bộ dự tập huấn\n\nTRƯỞNG PHÒNG NỘI VỤ HUYỆN SÔNG MÂY\n\nCăn cứ …", 1),
    ("Xét đề nghị của Văn phòng,\n\nquyết định:\n\nĐiều 1.", "Xét đề nghị của Văn phòng,\n\nQUYẾT ĐỊNH:\n\nĐiều 1.", 1),
    # signature blocks
    ("- Lưu: VT.\n\nkt. chủ tịch\nphó chủ tịch\n\nLê Văn Ba", "- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Ba", 2),
    ("- Lưu: VT.\n\ntm. ủy ban nhân dân\nchủ tịch\n\nLò Thị Na", "- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLò Thị Na", 2),
    ("- Lưu: VT.\n\ntm. ban chỉ đạo\nphó trưởng ban thường trực",
     "- Lưu: VT.\n\nTM. BAN CHỈ ĐẠO\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC", 2),
    # side by side: each column is judged alone
    ("ủy ban nhân dân      cộng hòa xã hội chủ nghĩa việt nam\nxã an phú            Độc lập - Tự do - Hạnh phúc",
     "ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN PHÚ            Độc lập - Tự do - Hạnh phúc", 3),
    ("Nơi nhận:              kt. giám đốc\n- Như trên;            phó giám đốc",
     "Nơi nhận:              KT. GIÁM ĐỐC\n- Như trên;            PHÓ GIÁM ĐỐC", 2),
]


@pytest.mark.parametrize("text,expected,count", RESTORED)
def test_repairs_capital_lines_restored(text, expected, count):
    got = restore_capital_lines(text, "tcvn3_capitals")
    assert got.text == expected
    assert got.counts == {"tcvn3_capitals": count}


UNTOUCHED = [
    # a body sentence broken before an issuer's name, a position, a type name: never at a block start
    "Ủy ban nhân dân xã đề nghị các thôn gửi báo cáo về\nphòng văn hóa và thông tin huyện\ntrước ngày 20/3.",
    "Hội nghị do đồng chí\nphó chủ tịch\nchủ trì.",
    "Các thôn xây dựng\nkế hoạch\ntriển khai.",
    # issuer-like lines below the number line or past the top of the text
    "ỦY BAN NHÂN DÂN\nSố: 4/UBND\n\nsở nội vụ tỉnh",
    "\n".join(["Dòng nội dung số %d." % i for i in range(10)]) + "\n\nphòng nội vụ",
    # sentence punctuation, a list item, a line in mixed case, a long line
    "ủy ban nhân dân các xã, thị trấn\n\nSố: 2/UBND",
    "Nơi nhận:\n- phó chủ tịch ubnd xã;\n- lưu: vt.",
    "Ủy ban nhân dân xã An Phú\n\nKế hoạch\n\nChủ tịch",
    "ủy ban nhân dân " + "xã " * 14,
    # lowercase lines that are no capital line of the genre
    "\n\nthôn an phú\n\nđiều 1\n\nnơi nhận",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_repairs_capital_lines_body_untouched(text):
    got = restore_capital_lines(text)
    assert (got.text, got.counts) == (text, {})
