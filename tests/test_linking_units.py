"""One body, many names: a name written in a document stands for a unit when it is the same body
(abbreviations, tone placement, the issuer's implicit locality) or a group that includes it.
Names are invented or generic; localities are real place names only as places."""
import pytest

from extractor.textkeys import fold
from extractor.unit_refs import resolve_unit, split_names, unit_covers

TINH = "Ủy ban nhân dân tỉnh Hà Giang"


@pytest.mark.parametrize("written, issuer, unit, unit_issuer, how", [
    # the same body
    ("Sở Công Thương", TINH, "Sở Công Thương tỉnh Hà Giang", None, "name"),
    ("Sở GD&ĐT", TINH, "Sở Giáo dục và Đào tạo", TINH, "name"),
    ("Uỷ ban nhân dân tỉnh", "Sở Tài chính", "UBND tỉnh Hà Giang", None, "name"),
    ("Ủy ban nhân dân tỉnh", TINH, "Ủy ban nhân dân tỉnh Hà Giang", None, "name"),
    ("Giám đốc Sở Công Thương", TINH, "Sở Công Thương tỉnh Hà Giang", None, "name"),
    ("Phòng GD&ĐT", "UBND thành phố Biên Hòa", "Phòng Giáo dục và Đào tạo thành phố Biên Hòa", None, "name"),
    # another province's, another district's
    ("Sở Công Thương", TINH, "Sở Công Thương tỉnh Cao Bằng", None, None),
    ("Phòng GD&ĐT", "UBND thành phố Biên Hòa", "Phòng Giáo dục và Đào tạo huyện Long Thành", None, None),
    ("Ủy ban nhân dân tỉnh", TINH, "UBND tỉnh Cao Bằng", None, None),
    ("UBND", TINH, "UBND xã Phú Linh", None, None),  # a bare head names no one
    # groups
    ("các Sở, ban, ngành", TINH, "Sở Công Thương", TINH, "group"),
    ("Các sở, ban, ngành tỉnh", TINH, "Sở Nội vụ tỉnh Hà Giang", None, "group"),
    ("các Sở, ban, ngành", "UBND tỉnh Cao Bằng", "Sở Công Thương", TINH, None),
    ("các cơ quan, đơn vị", TINH, "Thanh tra tỉnh", TINH, "group"),
    ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "Thủ tướng Chính phủ", "Sở Công Thương", TINH, None),
    ("Các bộ, cơ quan ngang bộ", "Thủ tướng Chính phủ", "Bộ Công Thương", None, "group"),
    ("UBND các xã, phường", TINH, "Ủy ban nhân dân phường Nguyễn Trãi", None, "group"),
    ("UBND cấp xã", TINH, "UBND xã Phú Linh", None, "group"),
    ("UBND các xã, phường", TINH, "Ủy ban nhân dân huyện Vị Xuyên", None, None),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", TINH, "UBND huyện Vị Xuyên", None, "group"),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", TINH, "UBND tỉnh Hà Giang", None, None),
    ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "Bộ Y tế", "UBND thành phố Hà Nội", None, "group"),
    ("Ủy ban nhân dân các tỉnh, thành phố", "Bộ Y tế", "UBND thành phố Biên Hòa", None, None),
    ("Sở Giáo dục và Đào tạo các tỉnh, thành phố", "Bộ Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo", TINH, "group"),
    ("các đơn vị trường học", "UBND huyện Vị Xuyên", "Trường Tiểu học Phú Linh", None, "group"),
    ("Hiệu trưởng các trường", "UBND huyện Vị Xuyên", "Trường Trung học cơ sở Phú Linh", None, "group"),
    ("các cơ quan báo chí", TINH, "Sở Công Thương", TINH, None),
    # regression: "Các đơn vị" of an issuer whose level is unknown listed a province's Sở
    ("Các đơn vị", "Tổ công tác liên ngành 35", "Sở Công Thương", TINH, None),
    ("Các đơn vị", "Ban Chỉ đạo quốc gia về phòng chống thiên tai", "Bộ Công Thương", None, "group"),
    ("Các Phòng, ban, ngành và tổ chức chính trị - xã hội thành phố", "UBND thành phố Biên Hòa",
     "Phòng Giáo dục và Đào tạo quận Ba Đình", None, None),
])
def test_linking_unit_covers(written, issuer, unit, unit_issuer, how):
    found = unit_covers(resolve_unit(written, issuer=issuer), resolve_unit(unit, issuer=unit_issuer))
    assert (found.how if found else None) == how


@pytest.mark.parametrize("name, parts", [
    ("Các Sở, ban, ngành, UBND các xã, phường", ["Các Sở, ban, ngành", "UBND các xã, phường"]),
    ("Sở Tài chính, Sở Xây dựng và Sở Công Thương", ["Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"]),
    ("Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch UBND các xã",
     ["Giám đốc các Sở", "Thủ trưởng các ban, ngành tỉnh", "Chủ tịch UBND các xã"]),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", ["Ủy ban nhân dân các huyện, thị xã, thành phố"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
])
def test_linking_split_names(name, parts):
    assert split_names(name) == parts


@pytest.mark.parametrize("a, b", [("Uỷ ban", "Ủy ban"), ("Hoà Bình", "Hòa Bình"), ("SỞ Y TẾ", "Sở Y tế")])
def test_linking_fold_old_and_new_tone_placement(a, b):
    assert fold(a) == fold(b)


def test_linking_fold_keeps_vowel_marks():
    assert fold("Sở") != fold("Số")
