"""extract_citations: which citations are legal basis (the opening clauses), their relation, and
which are references; spans index the document text."""
import pytest

from extractor.citations import extract_citations
from extractor.document import Document
from extractor.layout import Block, Layout
from extractor.models import Number


def _run(text, fields=None, layout=None):
    doc = Document(text=text)
    return extract_citations(doc, layout or Layout(body=Block("body", 0, len(text))), fields or {})


# (text, expected legal basis [(relation, number or doc_type, issued_on)], expected reference numbers)
CASES = [
    # A công văn: V/v and Kính gửi above, one "Thực hiện" clause, body after "1.".
    ("Số: 12/UBND-VX\nV/v tổ chức Ngày hội đọc sách theo Quyết định số 40/QĐ-UBND\nKính gửi: Các trường học\n"
     "Thực hiện Công văn số 512/SGDĐT-VP ngày 03/3/2025 của Sở Giáo dục và Đào tạo về việc tổ chức Ngày hội;\n"
     "UBND huyện đề nghị các trường thực hiện như sau:\n"
     "1. Tổ chức theo Thông tư số 12/2022/TT-BGDĐT ngày 26/7/2022.",
     [("thực hiện", "512/SGDĐT-VP", "2025-03-03")], ["12/2022/TT-BGDĐT"]),
    # A quyết định: several Căn cứ clauses (one holding two documents), "Xét đề nghị", then QUYẾT ĐỊNH:.
    ("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch thực hiện Chỉ thị số 07-CT/TU\nCHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN\n"
     "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;\n"
     "Căn cứ Nghị định số 77/2023/NĐ-CP ngày 20/10/2023 của Chính phủ; Thông tư số 12/2022/TT-BGDĐT ngày "
     "26/7/2022 của Bộ Giáo dục và Đào tạo;\n"
     "Xét đề nghị của Phòng Nội vụ tại Tờ trình số 15/TTr-PNV ngày 20/5/2025.\nQUYẾT ĐỊNH:\n"
     "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chỉ thị số 07-CT/TU ngày 04/02/2025.",
     [("căn cứ", "Luật", "2025-06-16"), ("căn cứ", "77/2023/NĐ-CP", "2023-10-20"),
      ("căn cứ", "12/2022/TT-BGDĐT", "2022-07-26"), ("xét đề nghị", "15/TTr-PNV", "2025-05-20")],
     ["07-CT/TU"]),
    # "… nhận được Văn bản số …" in the first words; the attachment line is a reference.
    ("Kính gửi: Phòng Kinh tế\nUBND huyện nhận được Văn bản số 88/STC-NS ngày 02/4/2025 của Sở Tài chính về "
     "việc lập dự toán năm 2026.\nUBND huyện giao Phòng Kinh tế chủ trì thực hiện.\n"
     "(Kèm theo Văn bản số 89/STC-NS ngày 02/4/2025 của Sở Tài chính)./.\nNơi nhận:\n- Như trên;",
     [("nhận được", "88/STC-NS", "2025-04-02")], ["89/STC-NS"]),
    # Relation changes inside one clause ("ý kiến của …").
    ("Xét đề nghị của UBND huyện Sông Mây (Tờ trình số 30/TTr-UBND ngày 02/5/2025), ý kiến của Sở Tài chính "
     "(Công văn số 91/STC-NS ngày 12/5/2025), Chủ tịch UBND tỉnh có ý kiến như sau:\n1. Đồng ý.",
     [("xét đề nghị", "30/TTr-UBND", "2025-05-02"), ("ý kiến", "91/STC-NS", "2025-05-12")], []),
    # "ý kiến" inside the clause's own words does not change the relation.
    ("Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại Văn bản số 123/UBND-VX ngày 02/6/2025, Sở Y tế "
     "hướng dẫn như sau:\n1. Nội dung",
     [("thực hiện", "123/UBND-VX", "2025-06-02")], []),
    # A document dated before it is named.
    ("Kính gửi: Các sở, ngành\nNgày 02/3/2025, Bộ trưởng Bộ Y tế ban hành Quyết định số 100/QĐ-BYT về phòng "
     "dịch. Quyết định có hiệu lực từ ngày ký.\nĐể triển khai, UBND tỉnh yêu cầu như sau:\n1. Sở Y tế",
     [("ban hành", "100/QĐ-BYT", "2025-03-02")], []),
    # Dated twice (before and after): the issuer still comes from before.
    ("Kính gửi: Các xã\nNgày 05 tháng 3 năm 2025, Sở Tài chính ban hành Công văn số\n40/STC-NS ngày 05/3/2025 về việc "
     "sửa đổi mức chi, trong đó quy định cụ thể:\n- Mức chi mới.",
     [("ban hành", "40/STC-NS", "2025-03-05")], []),
    # A type without a number right after the cue, and the same document cited twice: listed once.
    ("Căn cứ Công văn của UBND tỉnh Đồng Xanh về việc tổ chức Ngày hội đọc sách năm 2025;\n"
     "Căn cứ Kế hoạch số 61/KH-UBND ngày 09/9/2025 của UBND huyện;\n"
     "Thực hiện Kế hoạch số 61/KH-UBND ngày 09/9/2025 của UBND huyện, Phòng hướng dẫn như sau:\nI. MỤC ĐÍCH",
     [("căn cứ", "Công văn", None), ("căn cứ", "61/KH-UBND", "2025-09-09")], []),
    # No cue before the first numbered part: no legal basis, every citation is a reference.
    ("Kính gửi: Các xã\nCông tác phòng chống thiên tai năm qua đạt nhiều kết quả.\n1. Các xã thực hiện "
     "Quyết định số 40/QĐ-UBND ngày 02/01/2025 của UBND huyện.",
     [], ["40/QĐ-UBND"]),
    # A subject line in sentence case that starts like a cue is not the opening (nor a reference: the
    # header and trích yếu are not the body).
    ("KẾ HOẠCH\nTriển khai Chỉ thị số 07-CT/TU ngày 04/02/2025 của Ban Thường vụ Tỉnh ủy\n"
     "Thực hiện Nghị quyết số 05-NQ/TW ngày 10/5/2025 của Bộ Chính trị, UBND huyện ban hành Kế hoạch như sau:\n"
     "I. MỤC ĐÍCH",
     [("thực hiện", "05-NQ/TW", "2025-05-10")], []),
    # A wrapped line starting with a lower-case cue word does not cut the clause.
    ("Căn cứ Chỉ thị số 08-CT/TW ngày 03/10/2025 của Ban Bí thư về\nthực hiện chính sách bảo hiểm y tế;\n"
     "Theo đề nghị của Bộ trưởng Bộ Y tế.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành Kế hoạch.",
     [("căn cứ", "08-CT/TW", "2025-10-03")], []),
]


@pytest.mark.parametrize("text,legal,refs", CASES)
def test_citations_opening(text, legal, refs):
    out = _run(text)
    got = [(c.relation, c.number or c.doc_type, c.issued_on) for c in out["legal_basis"]]
    assert got == legal
    assert [c.number for c in out["references"]] == refs


@pytest.mark.parametrize("text,legal,refs", CASES)
def test_citations_spans_are_evidence(text, legal, refs):
    out = _run(text)
    for c in out["legal_basis"] + out["references"]:
        s, e = c.span
        evidence = text[s:e]
        assert c.doc_type.split()[0].casefold() in evidence.casefold()
        if c.number:
            assert c.number.split("/")[0].split("-")[0] in evidence
        assert c.rule and c.rule.startswith("citation.")


def test_citations_issuer_before_and_wrapped_stop_word():
    text = ("Ngày 05 tháng 3 năm 2025, Sở Tài chính ban hành Công văn số 40/STC-NS ngày 05/3/2025, UBND huyện yêu "
            "cầu như sau:\n1. Thực hiện Thông tư số 38/2025/TT-BTC của Bộ trưởng Bộ Tài chính sửa\nđổi một số điều.")
    out = _run(text)
    assert [c.issuer for c in out["legal_basis"]] == ["Sở Tài chính"]
    assert [c.issuer for c in out["references"]] == ["Bộ trưởng Bộ Tài chính"]


def test_citations_same_number_two_years_are_two_documents():
    text = ("Căn cứ Chỉ thị số 05/CT-UBND ngày 10/3/2024 của UBND tỉnh;\n"
            "Thực hiện Chỉ thị số 05/CT-UBND ngày 21/02/2025 của UBND tỉnh, UBND huyện hướng dẫn như sau:\n1. Nội dung")
    assert [(c.number, c.issued_on) for c in _run(text)["legal_basis"]] == [
        ("05/CT-UBND", "2024-03-10"), ("05/CT-UBND", "2025-02-21")]


def test_citations_own_number_is_not_a_reference():
    text = ("KẾ HOẠCH\n(Kèm theo Quyết định số 254/QĐ-UBND ngày 17/02/2025 của Chủ tịch UBND huyện)\n"
            "I. NỘI DUNG\nThực hiện theo Thông tư số 12/2022/TT-BGDĐT.")
    out = _run(text, {"number": Number(text="254/QĐ-UBND")})
    assert [c.number for c in out["references"]] == ["12/2022/TT-BGDĐT"]


def test_citations_reference_with_other_date_is_kept():
    # The same number with two dates stays twice, so findings can report REFERENCE_MISMATCH.
    text = ("1. Thực hiện Chỉ thị số 02/CT-UBND ngày 04/7/2024.\n2. Rà soát theo Chỉ thị số 02/CT-UBND.\n"
            "3. Báo cáo theo Chỉ thị số 02/CT-UBND ngày 15/11/2024.")
    assert [(c.number, c.issued_on) for c in _run(text)["references"]] == [
        ("02/CT-UBND", "2024-07-04"), ("02/CT-UBND", "2024-11-15")]


@pytest.mark.parametrize("text,numbers", [
    # Bulleted and bold cue lines.
    ("KẾ HOẠCH\nTổ chức hội thi\n- Căn cứ Quyết định số 1/QĐ-UBND ngày 02/01/2025 của UBND tỉnh;\n"
     "- Căn cứ vào Công văn số 2/SGDĐT-VP ngày 03/01/2025;\nPhòng xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH",
     ["1/QĐ-UBND", "2/SGDĐT-VP"]),
    ("**Căn cứ** Nghị định số 3/2025/NĐ-CP ngày 04/01/2025 của Chính phủ;\n\n**Căn cứ** Thông tư số "
     "4/2025/TT-BNV ngày 05/01/2025 của Bộ Nội vụ;\n\n**QUYẾT ĐỊNH:**\n\n**Điều 1.** Ban hành.",
     ["3/2025/NĐ-CP", "4/2025/TT-BNV"]),
])
def test_citations_marked_up_cue_lines(text, numbers):
    from extractor.layout import find_layout
    for layout in (None, find_layout(text)):
        out = _run(text, layout=layout)
        assert [c.number for c in out["legal_basis"]] == numbers


def test_citations_use_layout_preamble():
    text = ("Trích yếu\nCăn cứ Quyết định số 45/QĐ-UBND ngày 12/01/2024 của UBND tỉnh;\nI. NỘI DUNG\n"
            "Căn cứ Quyết định số 46/QĐ-UBND ngày 13/01/2024 của UBND tỉnh;")
    pre = text.index("Căn cứ")
    layout = Layout(preamble=Block("preamble", pre, text.index("I. NỘI")), body=Block("body", 0, len(text)))
    assert [c.number for c in _run(text, layout=layout)["legal_basis"]] == ["45/QĐ-UBND"]
