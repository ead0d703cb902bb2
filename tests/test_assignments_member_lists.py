"""Unit names that run past where a name usually stops: a heading that names a plural group and lists
its members after a colon ("UBND các xã: A, B và C.") assigns those members, and a task list finds
them by name but not the group's other members; a lead line's name wrapped after a dash is read whole."""
import pytest

from extractor.assignments import extract_assignments_text
from extractor.models import Issuer, Record
from extractor.unit_refs import mentions, resolve_unit, unit_covers

PLAN = """III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin:
- Chủ trì tổ chức các hoạt động tuyên truyền.
2. UBND các xã: Đông Hưng, Tây Sơn, Hòa Bình –
Bắc Lý và UBND thị trấn Nam Phong.
- Phối hợp treo băng rôn, khẩu hiệu tại trụ sở.
3. Đại sứ quán các nước: Lào, Cam-pu-chia và Thái Lan.
- Cử đại diện tham dự lễ khai mạc.
4. Các phòng chuyên môn: rà soát hồ sơ và báo cáo kết quả trước ngày 15/4/2026.
"""


def test_assignments_member_list_heading_names_all_members():
    found = {" ".join(a.unit.split()): a for a in extract_assignments_text(PLAN)}
    listed = "UBND các xã: Đông Hưng, Tây Sơn, Hòa Bình – Bắc Lý và UBND thị trấn Nam Phong"
    assert listed in found
    # the wrapped second line of the list is part of the name, not a task
    assert [t.text for t in found[listed].tasks] == ["Phối hợp treo băng rôn, khẩu hiệu tại trụ sở."]
    assert "Đại sứ quán các nước: Lào, Cam-pu-chia và Thái Lan" in found
    # a colon followed by a task is not a member list
    assert "Các phòng chuyên môn" in found


@pytest.mark.parametrize("unit, covered", [
    ("UBND xã Tây Sơn", True),
    ("Ủy ban nhân dân xã Hòa Bình – Bắc Lý", True),
    ("UBND thị trấn Nam Phong", True),
    ("UBND xã Bình Minh", False),  # a commune of the district that the list leaves out
])
def test_assignments_member_list_reaches_each_member_only(unit, covered):
    rec = Record(issuer=Issuer(name="Ủy ban nhân dân huyện Sơn Hà"))
    named = mentions(rec, ["UBND các xã: Đông Hưng, Tây Sơn, Hòa Bình – Bắc Lý và UBND thị trấn Nam Phong"])
    target = resolve_unit(unit, issuer=rec.issuer)
    assert any(unit_covers(m, target) for m in named) is covered


def test_assignments_lead_line_name_wrapped_after_its_dash():
    """"Đơn vị thực hiện: Trung tâm … Văn Miếu -\\nQuốc Tử Giám." — the dash at the line's end says the
    name goes on; the next item is not swallowed."""
    text = ("2.3. Triển lãm thư pháp\n- Đơn vị chủ trì: Sở Văn hóa và Thể thao.\n"
            "- Đơn vị thực hiện: Trung tâm Bảo tồn Di sản Thành cổ -\nLầu Ông Hoàng.\n"
            "- Đơn vị phối hợp: Các Câu lạc bộ Thư pháp.\n")
    units = [" ".join(a.unit.split()) for a in extract_assignments_text(text)]
    assert units == ["Sở Văn hóa và Thể thao", "Trung tâm Bảo tồn Di sản Thành cổ - Lầu Ông Hoàng"]
