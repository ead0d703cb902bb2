"""The last section's tasks end above the signature block: "KT. CHỦ TỊCH", the position and the
signer's name are not tasks of the last assignee (they were, in 420 of 472 test records)."""
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
