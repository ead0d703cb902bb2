"""find_citations over our own sentences: each type and number form, wrapped and cross-page numbers,
loose spellings, dates, issuers, titles, nesting, and exact spans."""
import re

import pytest

from extractor.citations import find_citations, parse_number

# (text, expected [(doc_type, number, issued_on, issuer)] for the top-level citations)
FORMS = [
    ("Thực hiện Công văn số 512/SGDĐT-VP ngày 03/3/2025 của Sở Giáo dục và Đào tạo về việc tổ chức hội thi;",
     [("Công văn", "512/SGDĐT-VP", "2025-03-03", "Sở Giáo dục và Đào tạo")]),
    ("Căn cứ Quyết định số 45/QĐ-UBND ngày 12 tháng 01 năm 2024 của UBND tỉnh Đồng Xanh;",
     [("Quyết định", "45/QĐ-UBND", "2024-01-12", "UBND tỉnh Đồng Xanh")]),
    ("Căn cứ Nghị định số 77/2023/NĐ-CP ngày 20/10/2023 của Chính phủ quy định chi tiết một số điều;",
     [("Nghị định", "77/2023/NĐ-CP", "2023-10-20", "Chính phủ")]),
    # Party documents: number-dash-symbol.
    ("Thực hiện Chỉ thị số 07-CT/TU ngày 04/02/2025 của Ban Thường vụ Tỉnh ủy về tăng cường công tác;",
     [("Chỉ thị", "07-CT/TU", "2025-02-04", "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Nghị quyết số 05-NQ/TW ngày 10/5/2025 của Bộ Chính trị,",
     [("Nghị quyết", "05-NQ/TW", "2025-05-10", "Bộ Chính trị")]),
    ("Căn cứ Thông báo số 98-TB/HU ngày 15/6/2025 của Huyện ủy Sông Mây;",
     [("Thông báo", "98-TB/HU", "2025-06-15", "Huyện ủy Sông Mây")]),
    # Loose spellings: space after the slash, space before it, colon after "Số", no "số".
    ("Căn cứ Quyết định số 2210/ QĐ-TTg ngày 30 tháng 7 năm 2024 của Thủ tướng Chính phủ;",
     [("Quyết định", "2210/QĐ-TTg", "2024-07-30", "Thủ tướng Chính phủ")]),
    ("theo Quyết định Số:881 /QĐ-UBND ngày 02/8/2024 của UBND huyện Sông Mây.",
     [("Quyết định", "881/QĐ-UBND", "2024-08-02", "UBND huyện Sông Mây")]),
    ("Thực hiện Kế hoạch 61/KH-UBND ngày 09/9/2025 của UBND huyện,",
     [("Kế hoạch", "61/KH-UBND", "2025-09-09", "UBND huyện")]),
    ("Theo đề nghị của Sở Nội vụ tại Tờ trình số 44/TTr-SNV- TCBC ngày 01/7/2025.",
     [("Tờ trình", "44/TTr-SNV-TCBC", "2025-07-01", None)]),
    # A typo in the symbol is kept as written.
    ("Thực hiện Công văn số 730/SGDDĐT-GDTX ngày 02/10/2025 của Sở Giáo dục và Đào tạo,",
     [("Công văn", "730/SGDDĐT-GDTX", "2025-10-02", "Sở Giáo dục và Đào tạo")]),
    # Lower-case type, "và" between two citations.
    ("Thực hiện Kế hoạch số 301/KH-UBND ngày 29/9/2025 của UBND tỉnh Đồng Xanh và văn bản số 88/SGDĐT-NV ngày "
     "02/10/2025 của Sở Giáo dục và Đào tạo tỉnh Đồng Xanh về việc tổ chức Ngày hội đọc sách;",
     [("Kế hoạch", "301/KH-UBND", "2025-09-29", "UBND tỉnh Đồng Xanh"),
      ("văn bản", "88/SGDĐT-NV", "2025-10-02", "Sở Giáo dục và Đào tạo tỉnh Đồng Xanh")]),
    # Type written across a line break.
    ("Thực hiện Chương trình\nhành động số 14-CTr/TU ngày 02/3/2025 của Tỉnh ủy Đồng Xanh,",
     [("Chương trình hành động", "14-CTr/TU", "2025-03-02", "Tỉnh ủy Đồng Xanh")]),
    # Laws: named, no number; two laws in one clause; an amending law naming two others.
    ("Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;", [("Luật", None, "2019-06-14", None)]),
    ("Căn cứ Luật Thư viện ngày 21/11/2019; Luật sửa đổi, bổ sung một số điều của Luật Thư viện và Luật "
     "Di sản văn hóa ngày 18/6/2024;",
     [("Luật", None, "2019-11-21", None), ("Luật", None, "2024-06-18", None)]),
    ("Căn cứ Pháp lệnh Thư viện số 31/2000/PL-UBTVQH10 ngày 28 tháng 12 năm 2000 của Ủy ban Thường vụ Quốc hội;",
     [("Pháp lệnh", "31/2000/PL-UBTVQH10", "2000-12-28", "Ủy ban Thường vụ Quốc hội")]),
    # A law named with a year only is left out: the year may be the work's, not the law's.
    ("Thực hiện Pháp lệnh Thư viện năm 2026 và kế hoạch tài chính năm 2026", []),
    # A second number sharing the type ("… và số …").
    ("Thực hiện Quyết định số 12/QĐ-UBND và số 13/QĐ-UBND ngày 05/01/2025 của UBND huyện,",
     [("Quyết định", "12/QĐ-UBND", None, None), ("Quyết định", "13/QĐ-UBND", "2025-01-05", "UBND huyện")]),
    # Abbreviated type.
    ("hỗ trợ theo QĐ số 18/2024/QĐ-TTg ngày 05/4/2024", [("QĐ", "18/2024/QĐ-TTg", "2024-04-05", None)]),
    # Not citations: a date, a law without a date, the "luật" of "pháp luật", a count.
    ("từ ngày 1/10 đến ngày 07/10/2025", []),
    ("theo quy định của pháp luật và Luật Phòng cháy có hiệu lực", []),
    ("hàng hóa nguy hiểm loại 1,2,3,4,9 theo Chỉ thị 11 của Tỉnh ủy", []),
]


@pytest.mark.parametrize("text,expected", FORMS)
def test_citations_forms(text, expected):
    got = [(m.doc_type, m.number, m.issued_on.iso if m.issued_on else None, m.issuer)
           for m in find_citations(text) if not m.nested]
    assert got == expected


# Numbers wrapped across lines and pages: the value is one token, the span covers the whole citation.
WRAPPED = [
    ("Căn cứ Nghị định số 217/2025/NĐ-\nCP ngày 01/8/2025 của Chính phủ;", "217/2025/NĐ-CP", "2025-08-01"),
    ("Căn cứ Nghị định số 217/2025/NĐ-\n3\nCP ngày 01/8/2025 của Chính phủ;", "217/2025/NĐ-CP", "2025-08-01"),
    ("UBND huyện nhận được Văn bản số\n88/STC-NS ngày\n02/4/2025 của Sở Tài chính", "88/STC-NS", "2025-04-02"),
    ("Căn cứ Quyết định số 12/QĐ-\nUBND ngày 05/01/2025", "12/QĐ-UBND", "2025-01-05"),
    # Across a page break (form feed), with and without the page number line.
    ("Căn cứ Nghị định số 217/2025/NĐ-\n\f\nCP ngày 01/8/2025 của Chính phủ;", "217/2025/NĐ-CP", "2025-08-01"),
    ("Căn cứ Nghị định số 217/2025/NĐ-\n\f\n4\nCP ngày\n\f\n01/8/2025 của Chính phủ;", "217/2025/NĐ-CP", "2025-08-01"),
]


@pytest.mark.parametrize("text,number,iso", WRAPPED)
def test_citations_wrapped_numbers(text, number, iso):
    (m,) = [m for m in find_citations(text) if not m.nested]
    assert (m.number, m.issued_on.iso) == (number, iso)
    evidence = text[m.start:m.end]
    assert evidence.startswith(m.doc_type.split()[0])
    assert re.sub(r"\s+", "", evidence).find(number.split("/")[0]) >= 0


@pytest.mark.parametrize("raw,number", [
    ("217/2025/NĐ-\nCP", "217/2025/NĐ-CP"),
    ("1373/ QĐ-TTg", "1373/QĐ-TTg"),
    ("02/TTr-CAT- ANCTNB", "02/TTr-CAT-ANCTNB"),
    ("44/QĐ-\n2\nUBND", "44/QĐ-UBND"),
    ("44/QĐ-\n\f\n2\nUBND", "44/QĐ-UBND"),
])
def test_citations_parse_number(raw, number):
    assert parse_number(raw) == number


# A citation inside another's title is nested (a reference), the next one after "và"/","/";" is not.
NESTING = [
    ("Thông tư số 09/2023/TT-BXD ngày 01/7/2023 của Bộ Xây dựng hướng dẫn thực hiện Quyết định số "
     "22/2023/QĐ-TTg và Thông tư số 10/2023/TT-BTC ngày 05/7/2023",
     [("09/2023/TT-BXD", False), ("22/2023/QĐ-TTg", True), ("10/2023/TT-BTC", False)]),
    ("Công văn số 71/SNV-CCVC ngày 02/3/2025 về việc điều chỉnh chế độ theo quy định tại Quyết định số "
     "14/2024/QĐ-UBND ngày 10/5/2024, UBND huyện có ý kiến",
     [("71/SNV-CCVC", False), ("14/2024/QĐ-UBND", True)]),
    ("Nghị quyết số 05-NQ/TW ngày 10/5/2025 của Bộ Chính trị về phát triển văn hóa, Chương trình hành động số "
     "14-CTr/TU ngày 02/3/2025 của Tỉnh ủy thực hiện Nghị quyết số 05-NQ/TW ngày 10/5/2025",
     [("05-NQ/TW", False), ("14-CTr/TU", False), ("05-NQ/TW", True)]),
]


@pytest.mark.parametrize("text,expected", NESTING)
def test_citations_nesting(text, expected):
    assert [(m.number, m.nested) for m in find_citations(text)] == expected


@pytest.mark.parametrize("text,title", [
    ("Căn cứ Công văn số 5/BGDĐT-GDTX ngày 02/9/2025 của Bộ Giáo dục và Đào tạo về việc tổ chức Ngày hội đọc "
     "sách năm 2025;", "về việc tổ chức Ngày hội đọc sách năm 2025"),
    ("Căn cứ Thông tư số 05/2025/TT-BYT ngày 01/3/2025 của Bộ Y tế hướng dẫn khám sức khỏe, UBND huyện",
     "hướng dẫn khám sức khỏe"),
    ("Căn cứ Luật Giáo dục ngày 14/6/2019;", "Luật Giáo dục"),
])
def test_citations_titles(text, title):
    (m,) = [m for m in find_citations(text) if not m.nested]
    assert m.title == title
    assert title.split()[-1] in text[m.start:m.end]
