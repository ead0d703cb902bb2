"""extract_header: values of every header field, each with its span as evidence (texts written by us)."""
from __future__ import annotations

import re

import pytest

from extractor.header import extract_header
from extractor.layout import find_layout
from extractor.readers import read_text
from layout_samples import BROKEN, COLUMNS_IN_TURN, MARKDOWN, NO_ISSUER_LINE, PARENT_AND_ISSUER, SIDE_BY_SIDE


def _header(sample: str):
    doc = read_text(sample)
    return doc, extract_header(doc, find_layout(doc.text))


def _fold(s: str) -> str:
    """Evidence comparison: case, spacing and old/new tone placement do not matter."""
    s = re.sub(r"\s+", "", s).casefold()
    return s.replace("uỷ", "ủy")


def _evidenced(value: str, evidence: str) -> bool:
    """Each word of the value appears in the evidence, in order. A value read from pieces printed apart
    (an issuer on two lines with the motto between, a symbol continued on the next line) spans them all."""
    ev = _fold(evidence)
    pos = 0
    for word in re.split(r"[\s/\-]+", value):
        w = _fold(word)
        if not w:
            continue
        found = ev.find(w, pos)
        if found < 0:
            return False
        pos = found + len(w)
    return True


# (sample, field, attribute, expected value)
VALUES = [
    (SIDE_BY_SIDE, "doc_type", "code", "CV"),
    (SIDE_BY_SIDE, "number", "text", "45/UBND-VX"),
    (SIDE_BY_SIDE, "number", "seq", "45"),
    (SIDE_BY_SIDE, "number", "symbol", "UBND-VX"),
    (SIDE_BY_SIDE, "issuer", "name", "Ủy ban nhân dân huyện Sông Mây"),
    (SIDE_BY_SIDE, "issuer", "parent", None),
    (SIDE_BY_SIDE, "place", "text", "Sông Mây"),
    (SIDE_BY_SIDE, "issued_on", "date", "2030-03-12"),
    (SIDE_BY_SIDE, "subject", "text", "V/v tổ chức Ngày hội đọc sách năm 2030"),
    (SIDE_BY_SIDE, "signer", "name", "Trần Thị Bình"),
    (SIDE_BY_SIDE, "signer", "position", "PHÓ CHỦ TỊCH"),
    (SIDE_BY_SIDE, "signer", "authority", "KT. CHỦ TỊCH"),
    (COLUMNS_IN_TURN, "doc_type", "code", "QĐ"),
    (COLUMNS_IN_TURN, "number", "text", "/QĐ-UBND"),
    (COLUMNS_IN_TURN, "number", "seq", None),
    (COLUMNS_IN_TURN, "issuer", "name", "Ủy ban nhân dân tỉnh Đồng Xanh"),
    (COLUMNS_IN_TURN, "issued_on", "date", None),
    (COLUMNS_IN_TURN, "issued_on", "month", 9),
    (COLUMNS_IN_TURN, "issued_on", "year", 2030),
    (COLUMNS_IN_TURN, "subject", "text", "Ban hành Kế hoạch phát triển thư viện số giai đoạn 2030 - 2035"),
    (COLUMNS_IN_TURN, "signer", "authority", "KT. CHỦ TỊCH"),
    (COLUMNS_IN_TURN, "signer", "page", 1),
    (MARKDOWN, "issuer", "name", "Bộ Văn hóa"),
    (MARKDOWN, "number", "text", "88/BVH-TV"),
    (MARKDOWN, "place", "text", "Hà Nội"),
    (MARKDOWN, "issued_on", "date", "2031-01-05"),
    (MARKDOWN, "subject", "text", "V/v hướng dẫn kiểm kê sách năm 2031"),
    (MARKDOWN, "signer", "name", "Phạm Văn Dũng"),
    (MARKDOWN, "signer", "position", "THỨ TRƯỞNG"),
    (MARKDOWN, "signer", "authority", "KT. BỘ TRƯỞNG"),
    (NO_ISSUER_LINE, "doc_type", "code", "KH"),
    (NO_ISSUER_LINE, "issuer", "name", "UBND quận Bờ Hồ"),
    (NO_ISSUER_LINE, "issuer", "rule", "issuer.from_body"),
    (NO_ISSUER_LINE, "issued_on", "year", 2031),
    (NO_ISSUER_LINE, "place", "text", "Bờ Hồ"),
    (PARENT_AND_ISSUER, "issuer", "name", "Sở Văn hóa và Thể thao"),
    (PARENT_AND_ISSUER, "issuer", "parent", "UBND tỉnh Đồng Xanh"),
    (PARENT_AND_ISSUER, "number", "text", "15/SVHTT-TV"),
    (PARENT_AND_ISSUER, "signer", "position", "PHÓ GIÁM ĐỐC"),
    (PARENT_AND_ISSUER, "signer", "authority", "KT. GIÁM ĐỐC"),
    (BROKEN, "doc_type", "code", "BC"),
    (BROKEN, "number", "text", "7/BC-BCĐ-PCGD"),
    (BROKEN, "issuer", "name", "Uỷ ban nhân dân thành phố Bờ Hồ"),
    (BROKEN, "place", "text", "Thành phố Bờ Hồ"),
    (BROKEN, "issued_on", "date", "2031-04-03"),
    (BROKEN, "subject", "text", "KẾT QUẢ PHỔ CẬP GIÁO DỤC Thời điểm tháng 3 năm 2031"),
    (BROKEN, "signer", "name", "Nguyễn Văn Tâm"),
    (BROKEN, "signer", "position", "PHÓ CHỦ TỊCH"),
]


@pytest.mark.parametrize("sample,field,attr,expected", VALUES)
def test_header_values(sample, field, attr, expected):
    doc, h = _header(sample)
    assert field in h, field
    assert getattr(h[field], attr) == expected


# Every string value is evidenced by its span (up to case, spacing and tone placement).
EVIDENCED = [("doc_type", "code"), ("number", "text"), ("issuer", "name"), ("place", "text"),
             ("subject", "text"), ("signer", "name"), ("signer", "position"), ("signer", "authority")]


@pytest.mark.parametrize("sample", [SIDE_BY_SIDE, COLUMNS_IN_TURN, MARKDOWN, NO_ISSUER_LINE, PARENT_AND_ISSUER,
                                    BROKEN])
def test_header_spans_are_evidence(sample):
    doc, h = _header(sample)
    for field, attr in EVIDENCED:
        v = h.get(field)
        if v is None or getattr(v, attr) is None or (field == "doc_type" and v.rule != "doctype.from_number"):
            continue
        assert _evidenced(getattr(v, attr), doc.text[v.span[0]:v.span[1]]), (field, attr)
    if "doc_type" in h and h["doc_type"].rule.startswith("doctype.") and h["doc_type"].rule != "doctype.cong_van_number":
        assert doc.text[slice(*h["doc_type"].span)].strip()
    for item in h["recipients"] + h["distribution"]:
        assert _evidenced(item.name, doc.text[item.span[0]:item.span[1]])
        assert item.rule
    for v in h.values():
        if hasattr(v, "rule"):
            assert v.rule, v


@pytest.mark.parametrize("sample,names", [
    (SIDE_BY_SIDE, ["Phòng Văn hóa và Thông tin", "Ủy ban nhân dân các xã"]),
    (MARKDOWN, ["Sở Văn hóa các tỉnh", "Thư viện tỉnh Đồng Xanh"]),
    (PARENT_AND_ISSUER, ["Các thư viện huyện"]),
    (COLUMNS_IN_TURN, []),
    # Bodies listed on the Kính gửi line itself, separated by ";".
    ("UBND XÃ AN BÌNH\nSố: 9/UBND\nV/v họp\nKính gửi: Thôn Một; Thôn Hai.\n\nNội dung.", ["Thôn Một", "Thôn Hai"]),
    # A Word table row flattened with a trailing bar ("Kính gửi: |"): the bar is no recipient.
    ("UBND XÃ AN BÌNH\nSố: 9/UBND\nV/v họp\nKính gửi: |\n- Thôn Một;\n- Thôn Hai.\n\nNội dung.", ["Thôn Một", "Thôn Hai"]),
])
def test_header_recipients(sample, names):
    _, h = _header(sample)
    assert [r.name for r in h["recipients"]] == names


@pytest.mark.parametrize("sample,entries", [
    (SIDE_BY_SIDE, [("Như trên", None), ("Sở Văn hóa", "để b/c")]),  # "Lưu: VT" is the file copy
    (MARKDOWN, [("Như trên", None), ("Thư viện Trung tâm", "để biết")]),
    (NO_ISSUER_LINE, [("Sở Văn hóa", None)]),
])
def test_header_distribution(sample, entries):
    _, h = _header(sample)
    assert [(d.name, d.note) for d in h["distribution"]] == entries


def test_header_pages():
    text = "UBND XÃ AN BÌNH\nSố: 3/UBND\nV/v họp dân\nNội dung.\n\fNơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\n\nLý Văn Năm"
    doc = read_text(text)
    doc.pages = [(0, text.index("\f")), (text.index("\f") + 1, len(text))]
    h = extract_header(doc, find_layout(doc.text))
    assert h["number"].page == 1
    assert (h["signer"].name, h["signer"].page) == ("Lý Văn Năm", 2)


# Regression cases, one per real failure met on the shared corpus (our own wording).
REGRESSIONS = [
    # A number typed into the blank, spaces before the slash ("Số:173    /KH-UBND").
    ("UBND XÃ AN BÌNH   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố:9     /KH-UBND   An Bình, ngày 1 tháng 2 năm 2031\n"
     "KẾ HOẠCH\nTrồng cây", "number", "text", "9/KH-UBND"),
    # pdf text runs the number and the place-and-date into one line with single spaces.
    ("UBND XÃ AN BÌNH\nSố: 9/UBND-VP An Bình, ngày 01 tháng 02 năm 2031\nV/v trồng cây", "place", "text", "An Bình"),
    ("UBND XÃ AN BÌNH\nSố: 9/UBND-VP An Bình, ngày 01 tháng 02 năm 2031\nV/v trồng cây", "issued_on", "date",
     "2031-02-01"),
    # A trích yếu that opens with a cue word is still the subject, not the preamble.
    ("UBND XÃ AN BÌNH\nSố: 9/KH-UBND\nKẾ HOẠCH\nTriển khai Chỉ thị số 2/CT-UBND về trồng cây\nThực hiện Chỉ thị số 2/CT-UBND,"
     " UBND xã ban hành kế hoạch.", "subject", "text", "Triển khai Chỉ thị số 2/CT-UBND về trồng cây"),
    # The motto written "CỘNG HOÀ" (old tone placement) is not part of the issuer.
    ("ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 9/UBND\nV/v họp", "issuer", "name",
     "Ủy ban nhân dân xã An Bình"),
    # A wrapped Nơi nhận line in capitals is not a signature line.
    ("UBND XÃ AN BÌNH\nSố: 9/UBND\nV/v họp\n\nNội dung./.\nNơi nhận:\n- Các phòng:\nVP, TC-KH;\n- Lưu: VT.\n"
     "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLý Văn Năm", "signer", "authority", "TM. ỦY BAN NHÂN DÂN"),
    # A broken-up name in a run-together Markdown signature cell.
    ("| UBND XÃ AN BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| Số: 9/UBND V/v họp | An Bình, ngày 1 tháng 2 năm 2031 |\n"
     "Nội dung./.\n| Nơi nhận: - Lưu: VT. | CHỦ TỊ CH Ng u yễn Văn Năm |", "signer", "name", "Nguyễn Văn Năm"),
]


# OCR text: garbled motto and number, the date run into the trích yếu, a blank line inside it.
OCR_LIKE = ("BỘ VĂN HÓA CỘNG HOÀ XÃ ` 'HỦ NGHĨA VIỆT NAM\nsố,7 l BVH-TV\n"
            "V/v kiểm kê sách Hà Nội, ngày0) thángh năm 2031\n\nthư viện huyện\n\nKính gửi: Các thư viện\n\n"
            "Nội dung./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nPhạm Văn Dũng\n")
# No number, date or motto: capitals lines at the top, then a title the type table does not list.
NOTICE = "UBND XÃ AN BÌNH\nTRƯỜNG TIỂU HỌC AN BÌNH\n\nTHÔNG ĐIỆP\n\nGiữ gìn vệ sinh lớp học\n\nNội dung của thông điệp."
# A Party document: the Party's name in place of the motto, "Số 3-TB/ĐU", "T/M" authority.
PARTY = ("ĐẢNG ỦY XÃ AN BÌNH     ĐẢNG CỘNG SẢN VIỆT NAM\nSố: 3-TB/ĐU     An Bình, ngày 2 tháng 3 năm 2030\n"
         "THÔNG BÁO\nKết luận của Thường trực Đảng ủy\nNội dung./.\nT/M ĐẢNG ỦY\nBÍ THƯ\nVũ Văn Phong")
# The body writes the issuer's name in running text: that writing wins over the casing rules.
AS_WRITTEN = ("ĐẠI HỌC VÙNG CAO   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG ĐẠI HỌC SƯ PHẠM NÚI\nSố: 5/TB-ĐHSP\n"
              "THÔNG BÁO\nLịch thi học kỳ\n\nTrường Đại học Sư phạm Núi, Đại học Vùng Cao thông báo lịch thi./.")
# OCR without blank lines: the title right under the issuer's lines; noise where the number was.
NOTICE_TIGHT = ("UBND XÃ AN BÌNH\nTRƯỜNG TIỂU HỌC AN BÌNH\nTHÔNG ĐIỆP\nGiữ gìn vệ sinh lớp học\n\n"
                "Trường Tiểu học An Bình nhắc học sinh giữ gìn vệ sinh.")
BAND_NOISE = ("BỘ VĂN HÓA   CỘNG HOÀ XÃ `-HỦ NGHĨA VIỆT NAM\nsẽ. 6 5. an .1P   Độc lập - Tự do - Hạnh phúc\n"
              "V/v kiểm kê sách   Hà Nội, ngày0) thángh năm 2031\nKính gửi: Các thư viện\n\nNội dung./.")
REGRESSIONS += [
    (NOTICE_TIGHT, "issuer", "name", "Trường Tiểu học An Bình"),
    (NOTICE_TIGHT, "subject", "text", "Giữ gìn vệ sinh lớp học"),
    (BAND_NOISE, "issuer", "name", "Bộ Văn hóa"),
    (BAND_NOISE, "subject", "text", "V/v kiểm kê sách"),
    (AS_WRITTEN, "issuer", "name", "Trường Đại học Sư phạm Núi"),
    (AS_WRITTEN, "issuer", "parent", "Đại học Vùng Cao"),
    (PARTY, "issuer", "name", "Đảng ủy xã An Bình"),
    (PARTY, "number", "seq", "3"),
    (PARTY, "number", "symbol", "TB/ĐU"),
    (PARTY, "doc_type", "code", "TB"),
    (PARTY, "subject", "text", "Kết luận của Thường trực Đảng ủy"),
    (PARTY, "signer", "authority", "T/M ĐẢNG ỦY"),
    (OCR_LIKE, "issuer", "name", "Bộ Văn hóa"),
    (OCR_LIKE, "place", "text", "Hà Nội"),
    (OCR_LIKE, "subject", "text", "V/v kiểm kê sách thư viện huyện"),
    (OCR_LIKE, "signer", "name", "Phạm Văn Dũng"),
    (NOTICE, "issuer", "parent", "UBND xã An Bình"),
    (NOTICE, "doc_type", "name", "Thông điệp"),
    (NOTICE, "doc_type", "code", None),
    (NOTICE, "subject", "text", "Giữ gìn vệ sinh lớp học"),
]


@pytest.mark.parametrize("text,field,attr,expected", REGRESSIONS)
def test_header_regressions(text, field, attr, expected):
    doc = read_text(text)
    h = extract_header(doc, find_layout(doc.text))
    assert field in h, field
    assert getattr(h[field], attr) == expected
