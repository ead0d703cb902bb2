"""Citations resolve to the archived record they cite: by number (tolerant of spacing, "Số:", Đ/D,
look-alike letters), by type + issuer + date, or to the unsigned draft of the cited plan; otherwise
they stay placeholders. All records are written here (invented numbers and names)."""
import pytest

from extractor.linking import link_records
from extractor.textkeys import number_key
from extractor.models import Citation, DateValue, DocType, Issuer, Number, Record, Subject


@pytest.mark.parametrize("cited, printed, same", [
    ("Số: 773 /QĐ-TTg", "773/QĐ-TTg", "strict"),
    ("số 12/KH-UBND", "12/KH-UBND", "strict"),
    ("154/UBND-KGVX", "154/UBND - KGVX", "strict"),
    ("88/QĐ–UBND", "88/QĐ-UBND", "strict"),  # en dash
    ("2265/ВСТ-АТМТ", "2265/BCT-ATMT", "strict"),  # Cyrillic В С Т А М
    ("45/SGDÐT-VP", "45/SGDĐT-VP", "strict"),  # Icelandic eth for Đ
    ("2978/SGDDĐT-GDĐT&ĐH", "2978/SGDĐT-GDĐT&ĐH", "loose"),
    ("61/SGDDT-GDTrH", "61/SGDĐT-GDTrH", "loose"),
    ("09/2026/TT-BGDĐT", "9/2026/TT-BGDĐT", "strict"),  # leading zero
    ("12/KH-UBND", "13/KH-UBND", None),
    ("12/KH-UBND", "12/QĐ-UBND", None),
])
def test_linking_number_keys(cited, printed, same):
    a, b = number_key(cited), number_key(printed)
    assert (a.strict == b.strict) == (same == "strict")
    assert (a.loose == b.loose) == (same in ("strict", "loose"))


def test_linking_number_key_parts():
    k = number_key("Số: 15/2026/TT-BCT")
    assert (k.seq, k.year, k.symbol) == ("15", 2026, "TT-BCT")
    assert number_key("/KH-UBND").seq is None  # number left blank in a draft
    assert number_key("") is None and number_key(None) is None


def rec(number=None, issuer=None, date=None, year=None, code=None, subject=None, cites=(), refs=()):
    return Record(number=Number(text=number) if number else None,
                  issuer=Issuer(name=issuer) if issuer else None,
                  issued_on=DateValue(date=date, year=year or (int(date[:4]) if date else None)) if (date or year) else None,
                  doc_type=DocType(code=code) if code else None,
                  subject=Subject(text=subject) if subject else None,
                  legal_basis=list(cites), references=list(refs))


BO = rec("3120/BTC-NSNN", "Bộ Tài chính", "2026-03-02", code="CV")
TINH = rec("415/UBND-KT", "Ủy ban nhân dân tỉnh Hà Giang", "2026-03-09", code="CV")
DRAFT = rec("/KH-UBND", "Ủy ban nhân dân tỉnh Hà Giang", year=2026, code="KH",
            subject="Triển khai thực hiện Chỉ thị số 07-CT/TU ngày 10/01/2026 về phát triển du lịch cộng đồng")
OTHER_DRAFT = rec("/KH-UBND", "Ủy ban nhân dân tỉnh Hà Giang", year=2026, code="KH",
                  subject="Tổ chức Hội khỏe Phù Đổng tỉnh năm 2026")


@pytest.mark.parametrize("citation, expect_target, expect_method", [
    (Citation(number="3120/BTC-NSNN", issued_on="2026-03-02"), "bo", "number"),
    (Citation(number="Số: 3120 /BTC-NSNN"), "bo", "number"),
    (Citation(number="3120/ВТС-NSNN"), "bo", "number"),  # Cyrillic
    (Citation(number="3120/BTCC-NSNN"), "bo", "number_variant"),  # doubled letter
    (Citation(number="3120/BTC-NSN"), "bo", "number_variant"),  # one letter dropped
    # no number, but type + issuer + date
    (Citation(doc_type="Công văn", issuer="Ủy ban nhân dân tỉnh Hà Giang", issued_on="2026-03-09"), "tinh", "type_issuer_date"),
    # mistyped number, same symbol, type, issuer and date
    (Citation(doc_type="Công văn", number="416/UBND-KT", issuer="UBND tỉnh Hà Giang", issued_on="2026-03-09"), "tinh", "type_issuer_date"),
    # the signed plan, cited by number, when only its unsigned draft is archived
    (Citation(doc_type="Kế hoạch", number="57/KH-UBND", issued_on="2026-03-20", issuer="Ủy ban nhân dân tỉnh",
              title="triển khai thực hiện Chỉ thị số 07-CT/TU ngày 10/01/2026 về phát triển du lịch cộng đồng"), "draft", "draft"),
    (Citation(number="3121/BTC-NSNN"), None, "unresolved"),
    (Citation(number="3120/BTC-NSNN", issued_on="2022-03-02"), None, "unresolved"),  # numbers restart each year
    (Citation(doc_type="Công văn", issuer="Bộ Tài chính", issued_on="2026-03-03"), None, "unresolved"),
])
def test_linking_methods(citation, expect_target, expect_method):
    citing = rec("20/KH-UBND", "Ủy ban nhân dân huyện Vị Xuyên", "2026-03-25", cites=[citation])
    records = {"bo": BO, "tinh": TINH, "draft": DRAFT, "other": OTHER_DRAFT, "huyen": citing}
    links = [l for l in link_records(records) if l.document == "huyen"]
    assert [(l.target, l.method) for l in links] == [(expect_target, expect_method)]


def test_linking_same_number_two_years_picks_the_cited_year():
    old = rec("154/UBND-VX", "Ủy ban nhân dân tỉnh Hà Giang", "2025-04-01")
    new = rec("154/UBND-VX", "Ủy ban nhân dân tỉnh Hà Giang", "2026-04-02")
    citing = rec("9/KH-UBND", "Ủy ban nhân dân xã Phú Linh", "2026-04-10",
                 cites=[Citation(number="154/UBND-VX", issued_on="2026-04-02")])
    [link] = [l for l in link_records({"old": old, "new": new, "xa": citing}) if l.document == "xa"]
    assert (link.target, link.method) == ("new", "number")


def test_linking_undecidable_is_ambiguous_not_a_guess():
    a = rec("154/UBND-VX", "Ủy ban nhân dân tỉnh Hà Giang", "2026-04-01")
    b = rec("154/UBND-VX", "Ủy ban nhân dân tỉnh Hà Giang", "2026-04-01")
    citing = rec("9/KH-UBND", "Ủy ban nhân dân xã Phú Linh", "2026-04-10", cites=[Citation(number="154/UBND-VX")])
    [link] = [l for l in link_records({"a": a, "b": b, "xa": citing}) if l.document == "xa"]
    assert link.target is None and link.method == "ambiguous" and link.candidates == ["a", "b"]


def test_linking_placeholder_is_filled_by_a_later_ingest():
    citing = rec("9/KH-UBND", "Ủy ban nhân dân xã Phú Linh", "2026-04-10",
                 refs=[Citation(number="3120/BTC-NSNN", issued_on="2026-03-02")])
    [before] = link_records({"xa": citing})
    assert (before.target, before.method, before.kind) == (None, "unresolved", "references")
    [after] = [l for l in link_records({"xa": citing, "bo": BO}) if l.document == "xa"]
    assert (after.target, after.ordinal) == ("bo", before.ordinal)


def test_linking_never_links_a_record_to_itself():
    selfish = rec("3120/BTC-NSNN", "Bộ Tài chính", "2026-03-02", cites=[Citation(number="3120/BTC-NSNN")])
    assert [l.target for l in link_records({"x": selfish})] == [None]


def test_linking_scan_with_illegible_number_links_by_issuer_and_subject():
    # OCR lost the number's sequence and the day; tone errors in the subject ("triên khai", "câp")
    scan = Record(number=Number(text="2 l/BCT-ATMT"), issuer=Issuer(name="Bộ Công Thương"),
                  issued_on=DateValue(year=2026), source={"ocr": True},
                  subject=Subject(text="V/v triên khai thực hiện thủ tục câp phép kinh doanh khí dầu mỏ hóa lỏng"))
    citing = rec("300/UBND-KT", "Ủy ban nhân dân tỉnh Hà Giang", "2026-05-04", cites=[Citation(
        doc_type="Văn bản", number="1187/BCT-ATMT", issued_on="2026-04-28", issuer="Bộ Công Thương",
        title="về việc triển khai thực hiện thủ tục cấp phép kinh doanh khí dầu mỏ hoá lỏng")])
    [link] = [l for l in link_records({"scan": scan, "tinh": citing}) if l.document == "tinh"]
    assert (link.target, link.method) == ("scan", "subject")


def test_linking_scan_of_another_subject_stays_unresolved():
    scan = Record(number=Number(text="2 l/BCT-ATMT"), issuer=Issuer(name="Bộ Công Thương"),
                  issued_on=DateValue(year=2026), source={"ocr": True},
                  subject=Subject(text="V/v báo cáo tình hình xuất khẩu than quý I"))
    citing = rec("300/UBND-KT", "Ủy ban nhân dân tỉnh Hà Giang", "2026-05-04", cites=[Citation(
        doc_type="Văn bản", number="1187/BCT-ATMT", issued_on="2026-04-28", issuer="Bộ Công Thương",
        title="về việc triển khai thực hiện thủ tục cấp phép kinh doanh khí dầu mỏ hoá lỏng")])
    [link] = [l for l in link_records({"scan": scan, "tinh": citing}) if l.document == "tinh"]
    assert link.target is None


SCAN_TEXT = ("Ký bởi: Bộ Xây dựng\nThời gian ký: 14.05.2026 09:12:40 +07:00\n"
             "BỘ XÂY DỰNG CỘNG HOÀ XÃ ~ 'HỦ NGHĨA VIỆT NAM\nsố:1 ?7 /BXD-HĐXD — “\n"
             "V/v hướng dẫn kiểm tra công tác nghiệm thu Hà Nội, ngày l) tháng5 năm 2026\n"
             "công trình nhà ở riêng lẻ\n")


@pytest.mark.parametrize("citation, linked", [
    (Citation(number="1187/BXD-HĐXD", issued_on="2026-05-14", issuer="Bộ Xây dựng"), True),
    # the date of the stamp differs, but nearly the whole title is in the header
    (Citation(number="1187/BXD-HĐXD", issued_on="2026-05-15", issuer="Bộ Xây dựng",
              title="về việc hướng dẫn kiểm tra công tác nghiệm thu công trình nhà ở riêng lẻ"), True),
    (Citation(number="1187/BXD-HĐXD", issued_on="2026-05-15", issuer="Bộ Xây dựng",
              title="về việc báo cáo tình hình cấp phép xây dựng quý II"), False),
    (Citation(number="1187/BXD-KTXD", issued_on="2026-05-14", issuer="Bộ Xây dựng"), False),  # other symbol
    (Citation(number="1187/BXD-HĐXD", issued_on="2026-05-14", issuer="Bộ Tài chính"), False),  # other issuer
])
def test_linking_scan_with_unparsed_header(citation, linked):
    scan = Record(text=SCAN_TEXT, source={"ocr": True})
    citing = rec("300/UBND-KT", "Ủy ban nhân dân tỉnh Hà Giang", "2026-05-20", cites=[citation])
    [link] = [l for l in link_records({"scan": scan, "tinh": citing}) if l.document == "tinh"]
    assert (link.target == "scan", link.method if linked else "unresolved") == (linked, link.method)


def test_linking_draft_citing_the_same_decree_is_not_that_decree():
    # regression: an unsigned plan ("Số: /KH-UBND", no date) whose opening cites a decree passed for
    # that decree by header text, because the decree's symbol, issuer and date were in its first lines
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ LONG XUYÊN\nSố: /KH-UBND\nKẾ HOẠCH\nTổ chức Ngày sách năm 2026\n"
            "Thực hiện Quyết định số 512/QĐ-TTg ngày 05/3/2026 của Thủ tướng Chính phủ,\n"
            "Số 512/QĐ-TTg nêu trên được quán triệt tới các phòng.\n")
    draft = Record(text=text, number=Number(text="/KH-UBND"), issuer=Issuer(name="Ủy ban nhân dân thành phố Long Xuyên"))
    citing = rec("45/KH-UBND", "Ủy ban nhân dân phường Mỹ Bình", "2026-04-01", cites=[Citation(
        doc_type="Quyết định", number="512/QĐ-TTg", issued_on="2026-03-05", issuer="Thủ tướng Chính phủ")])
    [link] = [l for l in link_records({"draft": draft, "phuong": citing}) if l.document == "phuong"]
    assert link.target is None and link.method == "unresolved"


def test_linking_number_of_another_issuer_is_not_the_cited_document():
    """'41/KH-UBND' is a number every People's Committee uses: a province's letter citing its own
    plan 41/KH-UBND does not link to a commune's plan 41/KH-UBND; without a cited issuer it still does."""
    records = {
        "xa": rec("41/KH-UBND", "Ủy ban nhân dân xã Hòa Phong", "2026-04-09"),
        "tinh": rec("205/TB-UBND", "Ủy ban nhân dân tỉnh Bắc Sơn", "2026-05-02", cites=[
            Citation(relation="thực hiện", doc_type="Kế hoạch", number="41/KH-UBND", issued_on="2026-01-20",
                     issuer="Ủy ban nhân dân tỉnh")]),
        "khac": rec("9/TB-UBND", "Ủy ban nhân dân xã Hòa Phong", "2026-05-03", cites=[
            Citation(relation="thực hiện", doc_type="Kế hoạch", number="41/KH-UBND")]),
    }
    links = {l.document: l for l in link_records(records)}
    assert links["tinh"].target is None and links["tinh"].method == "unresolved"
    assert links["khac"].target == "xa" and links["khac"].method == "number"
