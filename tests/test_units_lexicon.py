"""units.py: finding units in text, their canonical form and level. Texts are our own."""
import pytest

from extractor.units import canonical_unit, find_units, load_unit_rules, modern_unit, normalize_tone, unit_key, unit_level


@pytest.mark.parametrize("text, names", [
    ("Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh", ["Sở Tư pháp", "Công an tỉnh"]),
    ("Đề nghị Ủy ban nhân dân các xã, phường báo cáo", ["Ủy ban nhân dân các xã, phường"]),
    ("1. Phòng Giáo dục và Đào tạo:", ["Phòng Giáo dục và Đào tạo"]),
    ("2. Phòng Văn hóa và Thông tin, Trung tâm Văn hóa – Thông tin và Thể thao huyện:",
     ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa – Thông tin và Thể thao huyện"]),
    ("Sở Lao động, Thương binh và Xã hội chủ trì hướng dẫn", ["Sở Lao động, Thương binh và Xã hội"]),
    ("UBND 12 phường, xã:", ["UBND 12 phường, xã"]),
    ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương khẩn trương",
     ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
    ("Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Xanh tổng hợp", ["Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Xanh"]),
    ("Sở Tài chính và Sở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
    ("Sở Nội vụ - Sở Y tế", ["Sở Nội vụ", "Sở Y tế"]),
    ("phối hợp với phòng Giáo dục và Đào tạo và các đơn vị", ["phòng Giáo dục và Đào tạo", "các đơn vị"]),
    ("Các Sở, ban, ngành, đoàn thể cấp tỉnh:", ["Các Sở, ban, ngành, đoàn thể cấp tỉnh"]),
    ("Bảo hiểm xã hội huyện", ["Bảo hiểm xã hội huyện"]),
    ("Văn phòng UBND huyện", ["Văn phòng UBND huyện"]),
    ("Hội Khuyến học thị xã Hòa Bình", ["Hội Khuyến học thị xã Hòa Bình"]),
    ("Phòng GD&ĐT huyện Sông Mây", ["Phòng GD&ĐT huyện Sông Mây"]),
    ("Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh",
     ["Bộ Chỉ huy Quân sự tỉnh", "Ban Chỉ huy Bộ đội Biên phòng tỉnh"]),
    # regressions: a comma ends a name (titles of the next unit are not part of it) ...
    ("Giám đốc Sở Nội vụ, Giám đốc Sở Y tế", ["Sở Nội vụ", "Sở Y tế"]),
    # ... and a whole head-word inside a name is taken whole
    ("Chánh Văn phòng Ủy ban nhân dân huyện Sông Mây", ["Văn phòng Ủy ban nhân dân huyện Sông Mây"]),
    # common nouns that share a head-word: none is a unit
    ("Ban hành Quy chế; Hội nghị tổng kết; Báo cáo kết quả; Trường hợp cần thiết", []),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
    ("các cơ sở Giáo dục", []),
    ("Phòng, chống dịch bệnh", []),
])
def test_units_find(text, names):
    found = find_units(text)
    assert [m.name for m in found] == names
    for m in found:
        assert text[m.start:m.end] == m.name


def test_units_find_offsets_within_window():
    text = "Mở đầu. Giao Sở Y tế chủ trì. Cuối."
    [m] = find_units(text, 8, 29)
    assert (m.start, m.end, m.name, m.rule) == (13, 20, "Sở Y tế", "head.so")


@pytest.mark.parametrize("name, expected", [
    ("UBND huyện Sông Mây", "Ủy ban nhân dân huyện Sông Mây"),
    ("Thường trực HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Phòng GDĐT", "Phòng Giáo dục và Đào tạo"),
    ("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Phòng LĐTBXH", "Phòng Lao động - Thương binh và Xã hội"),
    ("Phòng Lao động, Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội"),
    ("Phòng VH&TT", "Phòng Văn hóa và Thông tin"),
    ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("TTHTCĐ xã An Bình", "Trung tâm học tập cộng đồng xã An Bình"),
    ("Ủy ban MTTQ xã An Bình", "Ủy ban Mặt trận Tổ quốc xã An Bình"),
    ("CA tỉnh", "Công an tỉnh"),
    ("BCĐ phổ cập giáo dục huyện", "Ban Chỉ đạo phổ cập giáo dục huyện"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("UBND TP. Hòa Bình", "Ủy ban nhân dân thành phố Hòa Bình"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Trung tâm Văn hoá – Thông tin và Thể thao", "Trung tâm Văn hóa - Thông tin và Thể thao"),
    ("Phòng Giáo dục và Đào tạo Quận:", "Phòng Giáo dục và Đào tạo quận"),
])
def test_units_canonical_expands(name, expected):
    assert canonical_unit(name) == expected


@pytest.mark.parametrize("name, issuer, expected", [
    ("Phòng Giáo dục và Đào tạo", "UBND thành phố Hòa Bình", "Phòng Giáo dục và Đào tạo thành phố Hòa Bình"),
    ("Hội Khuyến học thành phố", "Ủy ban nhân dân thành phố Hòa Bình", "Hội Khuyến học thành phố Hòa Bình"),
    ("Ủy ban nhân dân Quận", "UBND quận Bờ Hồ", "Ủy ban nhân dân quận Bờ Hồ"),
    ("Sở Công Thương", "Ủy ban nhân dân tỉnh Đồng Xanh", "Sở Công Thương tỉnh Đồng Xanh"),
    ("Công an tỉnh", "UBND tỉnh Đồng Xanh", "Công an tỉnh Đồng Xanh"),
    # a Phòng is not the province's own; a plural stays as written; a named locality is kept
    ("Phòng Giáo dục và Đào tạo", "UBND tỉnh Đồng Xanh", "Phòng Giáo dục và Đào tạo"),
    ("các Sở, ban, ngành", "UBND tỉnh Đồng Xanh", "các Sở, ban, ngành"),
    ("Ủy ban nhân dân huyện Sông Mây", "UBND tỉnh Đồng Xanh", "Ủy ban nhân dân huyện Sông Mây"),
    ("Bộ Tài chính", "UBND tỉnh Đồng Xanh", "Bộ Tài chính"),
])
def test_units_canonical_implicit_locality(name, issuer, expected):
    assert canonical_unit(name, issuer=issuer) == expected


def test_units_canonical_issuer_object_uses_parent():
    from extractor.models import Issuer
    iss = Issuer(name="Sở Nông nghiệp và Môi trường", parent="Ủy ban nhân dân tỉnh Đồng Xanh")
    assert canonical_unit("Sở Tài chính", issuer=iss) == "Sở Tài chính tỉnh Đồng Xanh"


@pytest.mark.parametrize("a, b", [
    ("UBND Huyện", "Ủy ban nhân dân huyện"),
    ("Sở GD&ĐT", "sở giáo dục và đào tạo"),
    ("Uỷ ban nhân dân tỉnh.", "Ủy ban nhân dân tỉnh"),
])
def test_units_key_equal(a, b):
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize("name, level", [
    ("Bộ Tài chính", "central"),
    ("Thủ tướng Chính phủ", "central"),
    ("Sở Nội vụ", "province"),
    ("UBND tỉnh Đồng Xanh", "province"),
    ("UBND thành phố Hà Nội", "province"),
    ("UBND thành phố Hòa Bình", "district"),
    ("Phòng Nội vụ", "district"),
    ("UBND huyện Sông Mây", "district"),
    ("UBND phường Hòa Bình", "commune"),
    ("Ủy ban nhân dân cấp xã", "commune"),
    ("Trường Tiểu học An Bình", "unit"),
    ("Bảo hiểm xã hội tỉnh", "province"),
    ("Hội Khuyến học", None),
    ("Ban Chỉ đạo quốc gia về phòng chống thiên tai", "central"),
])
def test_units_level(name, level):
    assert unit_level(name) == level


@pytest.mark.parametrize("raw, fixed", [
    ("Uỷ ban", "Ủy ban"), ("Văn hoá", "Văn hóa"), ("Thuỷ lợi", "Thủy lợi"),
    ("quý", "quý"), ("hoàng", "hoàng"), ("khoẻ", "khỏe"),
])
def test_units_tone(raw, fixed):
    assert normalize_tone(raw) == fixed


def test_units_rules_every_entry_has_id_and_example():
    r = load_unit_rules()
    ids = [x.id for group in (r.abbreviations, r.heads, r.fields, r.levels) for x in group]
    assert len(ids) == len(set(ids))
    assert all(x.example for group in (r.abbreviations, r.heads, r.fields, r.levels) for x in group)


def test_units_modern_province_rename():
    pytest.importorskip("underthesea")
    got = modern_unit("Sở Tài chính tỉnh Kiên Giang")
    assert got is not None and got.new == "Tỉnh An Giang"
    assert modern_unit("Bộ Tài chính") is None
