"""find_layout: the parts of a document in every shape a header reaches us in (texts written by us)."""
from __future__ import annotations

import pytest

from extractor.layout import find_cells, find_layout
from extractor.readers import read_text
from layout_samples import BROKEN, COLUMNS_IN_TURN, MARKDOWN, NO_ISSUER_LINE, PARENT_AND_ISSUER, SIDE_BY_SIDE

# (sample, part, what the part's text starts with, what it ends with); None: the part is absent.
PARTS = [
    (SIDE_BY_SIDE, "subject", "V/v tổ chức Ngày hội đọc sách", "năm 2030"),
    (SIDE_BY_SIDE, "recipients", "Kính gửi:", "Ủy ban nhân dân các xã."),
    (SIDE_BY_SIDE, "preamble", "Thực hiện Kế hoạch số 7/KH-UBND", "Chủ tịch UBND huyện yêu cầu:"),
    (SIDE_BY_SIDE, "body", "1. Phòng Văn hóa và Thông tin", "trước ngày 30/3/2030./."),
    (SIDE_BY_SIDE, "signature", "KT. CHỦ TỊCH", "Trần Thị Bình"),
    (SIDE_BY_SIDE, "distribution", "Nơi nhận:", "- Lưu: VT."),
    (SIDE_BY_SIDE, "title", None, None),
    (COLUMNS_IN_TURN, "title", "QUYẾT ĐỊNH", "QUYẾT ĐỊNH"),
    (COLUMNS_IN_TURN, "subject", "Ban hành Kế hoạch", "giai đoạn 2030 - 2035"),
    (COLUMNS_IN_TURN, "authority", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG XANH", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG XANH"),
    (COLUMNS_IN_TURN, "preamble", "Căn cứ Luật", "Giám đốc Sở Văn hóa."),
    (COLUMNS_IN_TURN, "body", "QUYẾT ĐỊNH:", "kể từ ngày ký./."),
    (COLUMNS_IN_TURN, "signature", "TM. ỦY BAN NHÂN DÂN", "Lê Văn Cường"),
    (MARKDOWN, "subject", "V/v hướng dẫn kiểm kê sách", "năm 2031"),
    (MARKDOWN, "preamble", "Theo đề nghị", "như sau:"),
    (MARKDOWN, "body", "1. Các thư viện", "31/3/2031."),
    (MARKDOWN, "signature", "KT. BỘ TRƯỞNG", "Phạm Văn Dũng"),
    (NO_ISSUER_LINE, "title", "KẾ HOẠCH", "KẾ HOẠCH"),
    (NO_ISSUER_LINE, "subject", "Tổ chức Tuần lễ sách năm 2031", "Tổ chức Tuần lễ sách năm 2031"),
    (NO_ISSUER_LINE, "preamble", "Căn cứ Kế hoạch số 3/KH-UBND", "xây dựng kế hoạch như sau:"),
    (NO_ISSUER_LINE, "body", "I. MỤC ĐÍCH", "Khuyến khích đọc sách."),
    (PARENT_AND_ISSUER, "recipients", "Kính gửi:", "Các thư viện huyện."),
    (BROKEN, "subject", "KẾT QUẢ PHỔ CẬP GIÁO DỤC", "tháng 3 năm 2031"),
    (BROKEN, "body", "I. KẾT QUẢ", "Tỷ lệ đạt chuẩn tăng."),
]


@pytest.mark.parametrize("sample,part,starts,ends", PARTS)
def test_layout_parts(sample, part, starts, ends):
    text = read_text(sample).text
    block = getattr(find_layout(text), part)
    if starts is None:
        assert block is None
        return
    assert block is not None, part
    got = block.slice(text)
    assert got.startswith(starts) and got.endswith(ends), got


# The pieces the header stage reads: (sample, kind, the texts of its blocks in order).
ITEMS = [
    (SIDE_BY_SIDE, "issuer", ["ỦY BAN NHÂN DÂN", "HUYỆN SÔNG MÂY"]),
    (SIDE_BY_SIDE, "number", ["Số: 45 /UBND-VX"]),
    (SIDE_BY_SIDE, "place_date", ["Sông Mây, ngày 12 tháng 3 năm 2030"]),
    (SIDE_BY_SIDE, "signature", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (SIDE_BY_SIDE, "signer_name", ["Trần Thị Bình"]),
    (SIDE_BY_SIDE, "distribution", ["- Như trên;", "- Sở Văn hóa (để b/c);", "- Lưu: VT."]),
    (COLUMNS_IN_TURN, "issuer", ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG XANH"]),
    (COLUMNS_IN_TURN, "place_date", ["Đồng Xanh, ngày tháng 9 năm 2030"]),
    (MARKDOWN, "issuer", ["BỘ VĂN HÓA"]),
    (MARKDOWN, "number", ["Số: 88/BVH-TV"]),
    (MARKDOWN, "recipient", ["- Sở Văn hóa các tỉnh;", "- Thư viện tỉnh Đồng Xanh"]),
    (NO_ISSUER_LINE, "issuer", []),
    (PARENT_AND_ISSUER, "issuer", ["UBND TỈNH ĐỒNG XANH", "SỞ VĂN HÓA VÀ THỂ THAO"]),
    (PARENT_AND_ISSUER, "number", ["Số:15    /SVHTT-TV"]),
    (BROKEN, "number", ["Số: 7 / BC-BCĐ-", "PCGD"]),
]


@pytest.mark.parametrize("sample,kind,texts", ITEMS)
def test_layout_items(sample, kind, texts):
    text = read_text(sample).text
    lay = find_layout(text)
    assert [b.slice(text) for b in lay.items.get(kind, [])] == texts


@pytest.mark.parametrize("sample,kinds", [
    (COLUMNS_IN_TURN, ["attachment"]),  # the plan a QĐ issues: its body is for the body stages
    (NO_ISSUER_LINE, ["appendix"]),
    (SIDE_BY_SIDE, []),
])
def test_layout_appendices(sample, kinds):
    text = read_text(sample).text
    lay = find_layout(text)
    assert [b.name for b in lay.appendices] == kinds
    for b in lay.appendices:
        assert lay.signature is None or b.start >= lay.signature.end


@pytest.mark.parametrize("line,cells", [
    # Columns 3+ spaces apart are cells; a number typed into a blank and a date typed into blanks are not cut.
    ("ỦY BAN NHÂN DÂN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    ("Số:12     /KH-UBND", ["Số:12     /KH-UBND"]),
    ("Sông Mây, ngày 05     tháng 3    năm 2030", ["Sông Mây, ngày 05     tháng 3    năm 2030"]),
    # Columns run together (pdf text) are cut before the motto and before the place-and-date.
    ("THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ["THỦ TƯỚNG CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    ("TỈNH ĐỒNG XANH Độc lập - Tự do - Hạnh phúc", ["TỈNH ĐỒNG XANH", "Độc lập - Tự do - Hạnh phúc"]),
    ("Số: /UBND-VX Sông Mây, ngày tháng 3 năm 2030", ["Số: /UBND-VX", "Sông Mây, ngày tháng 3 năm 2030"]),
    ("Số: 12/UBND-VX V/v tổ chức ngày hội", ["Số: 12/UBND-VX", "V/v tổ chức ngày hội"]),
    ("| UBND XÃ AN BÌNH ------- Số: 12/UBND-VP | An Bình, ngày 2 tháng 3 năm 2030 |",
     ["UBND XÃ AN BÌNH", "Số: 12/UBND-VP", "An Bình, ngày 2 tháng 3 năm 2030"]),
    # Markdown: bars, emphasis and rules are not text.
    ("| **BỘ VĂN HÓA** ------- | Hà Nội, ngày 05 tháng 01 năm 2031 |", ["BỘ VĂN HÓA", "Hà Nội, ngày 05 tháng 01 năm 2031"]),
    ("|---|---|", []),
])
def test_layout_cells(line, cells):
    assert [c.text for c in find_cells(line)[0]] == cells


def test_layout_empty_and_plain_text():
    assert find_layout("").body.slice("") == ""
    plain = "Một đoạn văn không có phần đầu văn bản."
    lay = find_layout(plain)
    assert lay.header is None and lay.signature is None
    assert (lay.preamble or lay.body).slice(plain) == plain
