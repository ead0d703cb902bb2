"""The last section's tasks end above the closing: the signature block ("KT. CHỦ TỊCH", the position
and the signer's name were tasks of the last assignee in 420 of 472 test records) and the closing
formula of a Thông báo ("… thông báo để các cơ quan, đơn vị biết, thực hiện")."""
from extractor.pipeline import extract_text

PLAN = """ỦY BAN NHÂN DÂN TỈNH BẮC SƠN
Số: 41/KH-UBND
KẾ HOẠCH
Kiểm tra an toàn thực phẩm Tết Nguyên đán
IV. TỔ CHỨC THỰC HIỆN
1. Sở Y tế chủ trì, tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/02/2026.
2. Ủy ban nhân dân các xã, phường xây dựng kế hoạch tại địa phương; gửi báo cáo về Sở Y tế trước ngày 15/02/2026.

Nơi nhận:
- Bộ Y tế (b/c);
- Các sở, ngành liên quan;
- Lưu: VT, VX.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lò Văn Thắng
"""


def test_assignments_last_section_stops_at_signature():
    rec = extract_text(PLAN)
    units = {a.unit: a for a in rec.assignments}
    last = units["Ủy ban nhân dân các xã, phường"]
    texts = [t.text for t in last.tasks]
    assert texts and not any("CHỦ TỊCH" in t or "Lò Văn Thắng" in t for t in texts), texts
    assert rec.signer is not None and rec.signer.name == "Lò Văn Thắng"


NOTICE = """ỦY BAN NHÂN DÂN HUYỆN ĐỒNG LẠC
Số: 77/TB-UBND
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân huyện tại cuộc họp về công tác phòng cháy
1. Giao Phòng Kinh tế và Hạ tầng chủ trì kiểm tra các chợ trên địa bàn, hoàn thành trước ngày 30/6/2026.
Văn phòng HĐND và UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_assignments_closing_formula_is_not_a_task():
    rec = extract_text(NOTICE)
    (a,) = [a for a in rec.assignments if a.unit == "Phòng Kinh tế và Hạ tầng"]
    assert not any("thông báo để" in t.text for t in a.tasks), [t.text for t in a.tasks]
