"""Findings read from the text itself: NUMBERING_GAP, NAME_VARIANT, INVALID_DATE (our own examples)."""
from __future__ import annotations

import pytest

from extractor.findings import find_findings, find_numbering_gaps, normalize_tone_placement, strip_tones
from extractor.layout import find_layout
from extractor.readers import read_text


def codes(text: str, fields: dict | None = None) -> list[str]:
    doc = read_text(text)
    return [f.code for f in find_findings(doc, find_layout(doc.text), fields or {})]


@pytest.mark.parametrize("text,expected", [
    # skipped item
    ("I. NỘI DUNG\n1. Tổng vệ sinh đường làng.\n2. Thu gom rác thải.\n4. Trồng cây xanh.\n", ["sau 2. là 4."]),
    # repeated letter (a/ b/ b/)
    ("a/ Kinh phí điều dưỡng.\nb/ Kinh phí trang cấp.\nb/ Kinh phí công tác mộ.\n", ["b/ lặp lại"]),
    # Vietnamese letters skip "i": h) → k)
    ("a) Một\nb) Hai\nc) Ba\nd) Bốn\nđ) Năm\ne) Sáu\ng) Bảy\nh) Tám\nk) Chín\n", ["sau h) là k)"]),
    # schedule table row repeated (tab-separated)
    ("TT\tGiờ\tNội dung\n1\t8h00\tKhai mạc\n2\t9h00\tHội thảo\n2\t14h00\tTham quan\n3\t16h00\tBế mạc\n", ["2 lặp lại"]),
    # a Quyết định's articles
    ("QUYẾT ĐỊNH:\nĐiều 1. Thành lập Tổ công tác.\nĐiều 2. Nhiệm vụ của Tổ.\nĐiều 4. Hiệu lực thi hành.\n", ["sau Điều 2. là Điều 4."]),
    # rows that start alike far apart in one long table are still rows (a real schedule: row 5 twice)
    ("4\t8h30\t02/10\tHội Khuyến học và Trung tâm học tập cộng đồng phường A\t" + "Nội dung dài. " * 30 + "\n"
     "5\t8h30\t02/10\tTrường Mầm non B\tNgày hội sách\n"
     "5\t8h30\t02/10\tHội Khuyến học và Trung tâm học tập cộng đồng phường C\t" + "Nội dung dài. " * 30 + "\n"
     "6\t8h30\t02/10\tTrường Tiểu học D\tTrải nghiệm\n"
     "7\t8h30\t02/10\tHội Khuyến học và Trung tâm học tập cộng đồng phường E\tTriển khai\n", ["5 lặp lại"]),
    # two rows of one table that start alike are still rows
    ("1\tSở Y tế\tKiểm tra liên ngành các bếp ăn tập thể khu A\n2\tSở Y tế\tKiểm tra liên ngành các bếp ăn tập thể khu B\n"
     "2\tSở Y tế\tKiểm tra liên ngành các bếp ăn tập thể khu C\n", ["2 lặp lại"]),
    # Markdown table row skipped
    ("| TT | Nhiệm vụ |\n|---|---|\n| 1 | Rà soát |\n| 3 | Báo cáo |\n", ["sau 1 là 3"]),
])
def test_findings_numbering_gap_found(text, expected):
    assert [d for _, _, d in find_numbering_gaps(text)] == expected
    assert codes(text) == ["NUMBERING_GAP"]


@pytest.mark.parametrize("text", [
    # sub-lists restart under each heading
    "I. MỤC ĐÍCH\n1. Nâng cao nhận thức.\n2. Tiết kiệm.\nII. NỘI DUNG\n1. Tuyên truyền.\n2. Kiểm tra.\n3. Báo cáo.\n",
    # nested lists of another style do not break the outer run
    "1. Phòng Nội vụ\na) Rà soát.\nb) Tổng hợp.\n2. Phòng Tư pháp\na) Thẩm định.\n3. Công an xã\n",
    # articles of the Quyết định, then the articles of the regulation it issues, restarting at 1
    "Điều 1. Ban hành Quy chế.\nĐiều 2. Hiệu lực.\nĐiều 3. Thi hành.\nQUY CHẾ\nĐiều 1. Phạm vi.\nĐiều 2. Đối tượng.\n",
    # multi-level numbers
    "3. Phân công\n3.1. Trạm Y tế xã: kiểm tra.\n3.2. Công an xã: bảo vệ.\n3.3. Các thôn: vận động.\n",
    # English letters after e) (e, f, g) are not a gap
    "d) Bốn\ne) Năm\nf) Sáu\ng) Bảy\n",
    # running page headers of a gazette on even pages only: "12   CÔNG BÁO/Số …", "14   CÔNG BÁO/Số …"
    "12        CÔNG BÁO/Số 45 + 46/Ngày 20-01-2026\n" + "nội dung trang chẵn\n" * 30
    + "\f13\nnội dung trang lẻ\n\f14        CÔNG BÁO/Số 45 + 46/Ngày 20-01-2026\nnội dung\n",
    # years and amounts at line start are not list numbers
    "2024 theo kế hoạch của Quận.\n2026 là năm bản lề.\n12.000 triệu đồng.\n",
    # a fresh list starts at 1 after a sentence
    "1. Thời gian: tháng 10.\n2. Địa điểm: nhà văn hóa.\nTrên đây là kế hoạch.\n1. Lưu ý thứ nhất.\n",
])
def test_findings_numbering_gap_clean(text):
    assert find_numbering_gaps(text) == []


@pytest.mark.parametrize("text", [
    "Ủy ban nhân dân xã Quảng Phú thông báo … gửi về Văn phòng UBND xã Quãng Phú trước ngày 19/6.",
    "UBND HUYỆN TAM ĐẢO\n… trên địa bàn huyện Tam Đão và các xã lân cận.",
    "phường Hải Châu tổ chức … đoàn kiểm tra phường Hải Chấu làm việc.",
])
def test_findings_name_variant_found(text):
    assert codes(text) == ["NAME_VARIANT"]


@pytest.mark.parametrize("text", [
    # old and new tone placement are one spelling
    "thôn Hoà Thành, xã Quảng Phú … thôn Hòa Thành cử 08 hộ.",
    "tỉnh Thanh Hóa … UBND TỈNH THANH HOÁ … xã Thuỷ An … xã Thủy An",
    # two different names that are not tone variants
    "xã Hòa Bình và xã Hòa Thành; phường Đông Hải và phường Đông Hà",
    # the same name in capitals and in running text
    "ỦY BAN NHÂN DÂN XÃ ĐÔNG CUÔNG … Ủy ban nhân dân xã Đông Cuông",
])
def test_findings_name_variant_clean(text):
    assert codes(text) == []


def test_findings_tone_helpers():
    assert strip_tones("Ninh Bỉnh") == strip_tones("Ninh Bình") == "Ninh Binh"
    assert normalize_tone_placement("Hoà") == normalize_tone_placement("Hòa")


@pytest.mark.parametrize("text,evidence", [
    ("Hội nghị tổ chức vào 8h00, thứ Hai, ngày 06/10/2026 tại hội trường.", "thứ Hai, ngày 06/10/2026"),
    ("Hạn nộp hồ sơ là ngày 31/02/2026.", "31/02/2026"),
    ("Đoàn làm việc ngày 31 tháng 9 năm 2026.", "ngày 31 tháng 9 năm 2026"),
    ("Hạn chót ngày 29/02/2026.", "29/02/2026"),  # 2026 is not a leap year
    ("Hạn bầu cử sớm nhất 07/02/2027 (thứ Hai).", "07/02/2027 (thứ Hai)"),  # a Sunday; weekday after the date
    ("Hội nghị tổ chức ngày 06/10/2026, thứ Tư, tại hội trường.", "06/10/2026, thứ Tư"),
    ("Kiểm tra vào Chủ nhật, ngày 09/11/2026.", "Chủ nhật, ngày 09/11/2026"),
    ("Hạn nộp trước ngày 31/9.", "31/9"),
])
def test_findings_invalid_date_found(text, evidence):
    doc = read_text(text)
    found = find_findings(doc, find_layout(doc.text), {})
    assert [f.code for f in found] == ["INVALID_DATE"]
    s, e = found[0].spans[0]
    assert evidence in doc.text[s:e]


@pytest.mark.parametrize("text", [
    "Hội nghị tổ chức vào thứ Ba, ngày 06/10/2026.",
    "Ra quân vào Chủ nhật, ngày 23/8/2026.",
    "Hạn chót ngày 29/02/2028.",  # leap year
    "Tuyên truyền vào các buổi sáng thứ Hai, thứ Tư và thứ Sáu.",  # weekdays without a date
    "Số: 31/9 ngày    tháng 9 năm 2025",  # a number, then blank date parts
    "Kiểm tra vào Chủ nhật, ngày 08/11/2026.",
    "Hạn chót 07/02/2027 (Chủ nhật).",
    "Hội nghị tổ chức ngày 06/10/2026, thứ Ba, tại hội trường.",
    "Kiểm tra từ ngày 06/10/2026, thứ hai là kiểm tra hồ sơ.",  # "thứ hai" = "second" here, not Monday
])
def test_findings_invalid_date_clean(text):
    assert codes(text) == []


@pytest.mark.parametrize("text,evidence", [
    ("1. Phòng Nội vụ\n2. Phòng Tư pháp\n4. UBND các xã\n", ["2.", "4."]),
    ("Điều 1. Thành lập.\nĐiều 2. Nhiệm vụ.\nĐiều 4. Hiệu lực.\n", ["Điều 2.", "Điều 4."]),
    ("UBND xã Quảng Phú … xã Quảng Phú … xã Quãng Phú", ["Quảng Phú", "Quãng Phú"]),
])
def test_findings_text_spans_are_the_evidence(text, evidence):
    doc = read_text(text)
    (f,) = find_findings(doc, find_layout(doc.text), {})
    assert [doc.text[s:e] for s, e in f.spans] == evidence
