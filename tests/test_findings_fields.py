"""Findings read from the fields the stages found: deadlines, events, milestones, citations, issue date.

The fields are given directly (as the stages would produce them) so that each check is tested on its
own; tests/test_findings_corpora.py runs the same checks through the whole pipeline.
"""
from __future__ import annotations

import pytest

from extractor.findings import find_findings
from extractor.layout import find_layout
from extractor.models import Citation, DateValue, Deadline, Event, Milestone
from extractor.readers import read_text

TEXT = "Văn bản mẫu không có ngày tháng trong thân.\n" * 3


def codes(fields: dict, text: str = TEXT) -> list[str]:
    doc = read_text(text)
    return [f.code for f in find_findings(doc, find_layout(doc.text), fields)]


ISSUED = DateValue(date="2026-10-15", year=2026, month=10, day=15, span=(0, 5))
WEEK = Event(name="Tuần lễ Ngày hội Đại đoàn kết", start="2026-11-09", end="2026-11-15", span=(0, 5))


def dl(due, action="báo cáo kết quả tổ chức Tuần lễ", responsible=("Phòng Văn hóa - Xã hội",), precision="day", span=(10, 20)):
    return Deadline(due=due, action=action, responsible=list(responsible), precision=precision, span=span)


CASES = [
    # (id, fields, expected codes)
    ("before_issue", {"issued_on": ISSUED, "deadlines": [dl("2026-10-10", "báo cáo thu chi ngân sách")]},
     ["DEADLINE_BEFORE_ISSUE"]),
    ("after_issue", {"issued_on": ISSUED, "deadlines": [dl("2026-10-20", "báo cáo thu chi ngân sách")]}, []),
    ("before_issue_period_ignored", {"issued_on": ISSUED, "deadlines": [dl("2026-09-30", "đào tạo", precision="quarter")]}, []),
    ("blank_issue_date", {"issued_on": DateValue(year=2026, month=10), "deadlines": [dl("2026-09-01", "báo cáo")]}, []),
    ("report_before_event_end", {"events": [WEEK], "deadlines": [dl("2026-11-12")]}, ["DEADLINE_BEFORE_EVENT_END"]),
    ("report_on_last_day", {"events": [WEEK], "deadlines": [dl("2026-11-15")]}, []),
    ("registration_before_event", {"events": [WEEK], "deadlines": [dl("2026-11-01", "đăng ký danh sách tham gia")]}, []),
    ("conflict_same_unit", {"deadlines": [dl("2026-12-10", "báo cáo kết quả rà soát hộ nghèo", span=(10, 20)),
                                          dl("2026-12-15", "Báo cáo kết quả rà soát hộ nghèo", span=(50, 60))]},
     ["DEADLINE_CONFLICT"]),
    ("two_units_two_dates", {"deadlines": [dl("2026-12-10", "báo cáo kết quả rà soát", ["Các tổ dân phố"], span=(10, 20)),
                                           dl("2026-12-15", "báo cáo kết quả rà soát", ["Phòng Văn hóa - Xã hội"], span=(30, 40))]}, []),
    ("six_month_and_year_reports", {"deadlines": [dl("2026-06-15", "báo cáo kết quả 6 tháng", span=(10, 20)),
                                                  dl("2026-12-15", "báo cáo kết quả năm", span=(30, 40))]}, []),
    ("different_actions", {"deadlines": [dl("2026-12-03", "gửi biên bản bình xét", span=(10, 20)),
                                         dl("2026-12-15", "báo cáo kết quả rà soát", span=(30, 40))]}, []),
    ("completion_two_years", {"deadlines": [
        dl("2027-12-31", "Hoàn thành việc hỗ trợ nhà ở cho hộ nghèo giai đoạn 2 đến hết năm 2027", [], "year", (10, 20)),
        dl("2026-12-31", "Năm 2026, hoàn thành việc hỗ trợ nhà ở cho hộ nghèo trên toàn tỉnh", [], "year", (50, 60))]},
     ["DEADLINE_CONFLICT"]),
    ("completion_different_works", {"deadlines": [
        dl("2027-12-31", "hoàn thành việc hỗ trợ nhà ở cho hộ nghèo", [], "year", (10, 20)),
        dl("2026-12-31", "hoàn thành số hóa hồ sơ thủ tục hành chính", [], "year", (30, 40))]}, []),
    ("one_sentence_schedule", {"deadlines": [dl("2026-06-15", "báo cáo kết quả thực hiện", span=(10, 20)),
                                             dl("2026-12-15", "báo cáo kết quả thực hiện", span=(25, 40))]}, []),
    ("quarterly_reports", {"deadlines": [dl("2026-03-25", "báo cáo kết quả thực hiện quý I", span=(10, 20)),
                                         dl("2026-06-25", "báo cáo kết quả thực hiện quý II", span=(50, 60))]}, []),
    ("range_inverted", {"events": [Event(name="Đoàn kiểm tra số 1", start="2026-11-20", end="2026-11-12", span=(0, 5))]},
     ["RANGE_INVERTED"]),
    ("range_ok", {"events": [WEEK]}, []),
    ("milestone_time_conflict", {"milestones": [Milestone(label="Lễ khai mạc Tuần lễ", date="2026-11-02", time="14:00", span=(0, 5)),
                                                Milestone(label="Khai mạc", date="2026-11-02", time="08:30", span=(50, 60))]},
     ["MILESTONE_CONFLICT"]),
    ("milestone_date_conflict", {"milestones": [Milestone(label="Lễ bế mạc", date="2026-11-08", span=(0, 5)),
                                                Milestone(label="Bế mạc và trao giải", date="2026-11-09", span=(50, 60))]},
     ["MILESTONE_CONFLICT"]),
    ("milestone_same", {"milestones": [Milestone(label="Lễ khai mạc", date="2026-11-02", time="14:00", span=(0, 5)),
                                       Milestone(label="Khai mạc", date="2026-11-02", time="14:00", span=(50, 60))]}, []),
    ("milestone_two_levels", {"milestones": [Milestone(label="Lễ khai mạc", date="2026-11-02", time="14:00", unit="cấp tỉnh", span=(0, 5)),
                                             Milestone(label="Lễ khai mạc", date="2026-11-03", time="08:00", unit="cấp xã", span=(50, 60))]}, []),
    ("milestone_levels_in_labels", {"milestones": [Milestone(label="Lễ khai mạc cấp tỉnh", date="2026-04-15", time="08:00", span=(0, 5)),
                                                   Milestone(label="Lễ khai mạc cấp xã", date="2026-04-16", time="14:00", span=(50, 60))]}, []),
    ("milestone_level_and_table_row", {"milestones": [Milestone(label="Lễ khai mạc cấp Quận", date="2026-09-30", time="14:00", span=(0, 5)),
                                                      Milestone(label="Khai mạc Tuần lễ", date="2026-09-30", time="08:30", span=(50, 60))]},
     ["MILESTONE_CONFLICT"]),
    ("milestone_different", {"milestones": [Milestone(label="Lễ khai mạc", date="2026-11-02", span=(0, 5)),
                                            Milestone(label="Tổng kết", date="2026-11-08", span=(50, 60))]}, []),
    ("reference_two_dates", {"legal_basis": [Citation(doc_type="Quyết định", number="512/QĐ-UBND", issued_on="2026-03-03", span=(0, 5))],
                             "references": [Citation(doc_type="Quyết định", number="512/QĐ-UBND", issued_on="2026-03-30", span=(50, 60))]},
     ["REFERENCE_MISMATCH"]),
    ("reference_two_numbers", {"legal_basis": [Citation(doc_type="Văn bản", number="4705/HD-BQP", issued_on="2024-10-31", span=(0, 5))],
                               "references": [Citation(doc_type="Văn bản", number="4706/HD-BQP", issued_on="2024-10-31", span=(70, 80))]},
     ["REFERENCE_MISMATCH"]),
    ("reference_transposed_digits", {"legal_basis": [Citation(doc_type="Văn bản", number="3318/HD-BQP", issued_on="2026-11-02", span=(0, 5))],
                                     "references": [Citation(doc_type="Văn bản", number="3381/HD-BQP", issued_on="2026-11-02", span=(70, 80))]},
     ["REFERENCE_MISMATCH"]),
    ("reference_symbol_typo", {"legal_basis": [Citation(doc_type="Thông tư", number="98/2013/TT-BXD", issued_on="2013-07-24", span=(0, 5))],
                               "references": [Citation(doc_type="Thông tư", number="98/2013/TT-BTC", issued_on="2013-07-24", span=(70, 80))]},
     ["REFERENCE_MISMATCH"]),
    # the same "QĐ-UBND" number from the province and from the district: two documents
    ("reference_two_levels", {"legal_basis": [Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-01-05",
                                                       issuer="Ủy ban nhân dân tỉnh", span=(0, 5))],
                              "references": [Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-02-20",
                                                      issuer="UBND huyện", span=(70, 80))]}, []),
    # one body written two ways: still one document cited with two dates
    ("reference_issuer_abbreviated", {"legal_basis": [Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-01-05",
                                                               issuer="Ủy ban nhân dân tỉnh Kiên Giang", span=(0, 5))],
                                      "references": [Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-01-15",
                                                              issuer="UBND tỉnh", span=(70, 80))]}, ["REFERENCE_MISMATCH"]),
    ("reference_issuer_acronym", {"legal_basis": [Citation(doc_type="Chỉ thị", number="07-CT/TU", issued_on="2026-02-04",
                                                           issuer="BTV Tỉnh ủy", span=(0, 5))],
                                  "references": [Citation(doc_type="Chỉ thị", number="07-CT/TU", issued_on="2026-01-04",
                                                          issuer="Ban Thường vụ Tỉnh ủy", span=(70, 80))]}, ["REFERENCE_MISMATCH"]),
    ("reference_two_provinces", {"references": [Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-01-05",
                                                         issuer="UBND tỉnh Lào Cai", span=(0, 5)),
                                                Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-01-09",
                                                         issuer="UBND tỉnh Yên Bái", span=(70, 80))]}, []),
    ("reference_same", {"legal_basis": [Citation(doc_type="Quyết định", number="512/QĐ-UBND", issued_on="2026-03-03", span=(0, 5))],
                        "references": [Citation(doc_type="Quyết định", number="512/ QĐ-UBND", issued_on="2026-03-03", span=(50, 60))]}, []),
    ("reference_one_undated", {"legal_basis": [Citation(doc_type="Quyết định", number="512/QĐ-UBND", issued_on="2026-03-03", span=(0, 5))],
                               "references": [Citation(doc_type="Quyết định", number="512/QĐ-UBND", span=(50, 60))]}, []),
    # two documents with neighbouring numbers cited side by side on one line are two documents
    ("reference_neighbours_one_line", {"references": [Citation(doc_type="Quyết định", number="12/QĐ-UBND", issued_on="2026-01-05", span=(0, 5)),
                                                      Citation(doc_type="Quyết định", number="13/QĐ-UBND", issued_on="2026-01-05", span=(10, 20))]}, []),
    ("reference_different_documents", {"references": [Citation(doc_type="Quyết định", number="512/QĐ-UBND", issued_on="2026-03-03", span=(0, 5)),
                                                      Citation(doc_type="Quyết định", number="873/QĐ-UBND", issued_on="2026-03-03", span=(70, 80))]}, []),
]


@pytest.mark.parametrize("fields,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_findings_fields(fields, expected):
    assert codes(fields) == expected


def test_findings_fields_accept_plain_dicts():
    fields = {"issued_on": {"date": "2026-10-15", "span": [0, 5]},
              "deadlines": [{"due": "2026-10-10", "action": "báo cáo", "responsible": [], "span": [10, 20]}]}
    assert codes(fields) == ["DEADLINE_BEFORE_ISSUE"]


def test_findings_spans_point_at_both_pieces_of_evidence():
    fields = {"issued_on": ISSUED, "deadlines": [dl("2026-10-10", "báo cáo", span=(30, 40))]}
    doc = read_text(TEXT)
    (f,) = find_findings(doc, find_layout(doc.text), fields)
    assert f.spans == [(0, 5), (30, 40)] and f.rule == "findings.deadline_before_issue" and f.severity == "warning"


@pytest.mark.parametrize("text,cites,expected", [
    # numbers without a year restart every year: 02/CT-TTg of 2019 and of 2018 are two documents
    ("Chỉ thị số 02/CT-TTg ngày 15/11/2019 …\n… và Chỉ thị số 02/CT-TTg ngày 04/7/2018 …",
     [("Chỉ thị", "02/CT-TTg", "2019-11-15"), ("Chỉ thị", "02/CT-TTg", "2018-07-04")], []),
    # a number with its year is one document whatever the date says
    ("Thông tư số 15/2024/TT-BTC ngày 05/3/2024 …\n… Thông tư số 15/2024/TT-BTC ngày 05/4/2024",
     [("Thông tư", "15/2024/TT-BTC", "2024-03-05"), ("Thông tư", "15/2024/TT-BTC", "2024-04-05")], ["REFERENCE_MISMATCH"]),
    # a footnote list of neighbouring numbers of one day: a list, not a typo
    ("3 Quyết định số 61/QĐ-UBND ngày 19/12/2025.\n4 Quyết định số 62/QĐ-UBND ngày 19/12/2025.\n",
     [("Quyết định", "61/QĐ-UBND", "2025-12-19"), ("Quyết định", "62/QĐ-UBND", "2025-12-19")], []),
])
def test_findings_reference_identity(text, cites, expected):
    refs, pos = [], 0
    for doc_type, number, date in cites:
        start = text.rindex(doc_type, 0, text.index(number, pos))  # a citation's span starts at its type
        pos = text.index("\n", start) if "\n" in text[start:] else len(text)
        refs.append(Citation(doc_type=doc_type, number=number, issued_on=date, span=(start, pos)))
    assert codes({"references": refs}, text) == expected


@pytest.mark.parametrize("text,due,expected", [
    # "trước ngày 05/01" in a letter of 28/12/2026 is next year's 5 January, whatever year a stage guessed
    ("Hà Nội, ngày 28/12/2026\nBáo cáo trước ngày 05/01.", "2026-01-05", []),
    ("Hà Nội, ngày 28/12/2026\nBáo cáo trước ngày 05/01/2026.", "2026-01-05", ["DEADLINE_BEFORE_ISSUE"]),
])
def test_findings_deadline_before_issue_needs_a_written_year(text, due, expected):
    start = text.index("Báo cáo")
    fields = {"issued_on": DateValue(date="2026-12-28", span=(8, 23)),
              "deadlines": [Deadline(due=due, action="báo cáo", span=(start, len(text)))]}
    assert codes(fields, text) == expected


def test_findings_ocr_text_gets_no_spelling_or_date_findings():
    doc = read_text("xã Quảng Phú … xã Quãng Phú … thứ Hai, ngày 06/10/2026")
    assert sorted(f.code for f in find_findings(doc, find_layout(doc.text), {})) == ["INVALID_DATE", "NAME_VARIANT"]
    doc.source = doc.source.model_copy(update={"ocr": True})
    assert find_findings(doc, find_layout(doc.text), {}) == []


def test_findings_deadline_conflict_ignores_a_guessed_year():
    # "trước ngày 15/01" read once as 2026 and once as 2027 by two stages is one deadline, not two.
    text = "Phòng Nội vụ báo cáo kết quả trước ngày 15/01/2027.\nMục IV: Phòng Nội vụ báo cáo kết quả trước ngày 15/01.\n"
    second = text.index("Mục IV")
    fields = {"deadlines": [dl("2027-01-15", "báo cáo kết quả", span=(0, second - 1)),
                            dl("2026-01-15", "báo cáo kết quả", span=(second, len(text) - 1))]}
    assert codes(fields, text) == []
    fields["deadlines"][1] = dl("2026-12-15", "báo cáo kết quả", span=(second, len(text) - 1))
    assert codes(fields, text.replace("15/01.", "15/12/2026.")) == ["DEADLINE_CONFLICT"]


def test_findings_range_inverted_once_per_range():
    text = "Đoàn kiểm tra làm việc từ ngày 20/11/2026 đến ngày 12/11/2026 tại các sở."
    start = text.index("từ ngày")
    event = Event(name="Đoàn kiểm tra", start="2026-11-20", end="2026-11-12", span=(start + 3, len(text) - 11))
    assert codes({"events": [event]}, text) == ["RANGE_INVERTED"]
    assert codes({}, text) == ["RANGE_INVERTED"]  # no event stage: the text range alone


def test_findings_three_mentions_of_one_conflict_are_one_finding():
    ms = [Milestone(label="Lễ khai mạc", date="2026-11-02", time="14:00", span=(0, 5)),
          Milestone(label="Khai mạc Tuần lễ", date="2026-11-02", time="08:30", span=(50, 60)),
          Milestone(label="Lễ khai mạc", date="2026-11-02", time="08:30", span=(90, 100))]
    doc = read_text(TEXT)
    (f,) = find_findings(doc, find_layout(doc.text), {"milestones": ms})
    assert f.code == "MILESTONE_CONFLICT" and f.spans == [(0, 5), (50, 60), (90, 100)]


def test_findings_tolerate_incomplete_fields():
    # Stages may leave values out (no span, no due, blank dates): no finding and no error.
    fields = {"issued_on": DateValue(year=2026),
              "deadlines": [Deadline(), Deadline(due="2026-13-45"), Deadline(due="2026-10-01", precision="month")],
              "events": [Event(), Event(start="2026-10-01")],
              "milestones": [Milestone(label="Lễ khai mạc"), Milestone(label="Khai mạc", time="08:00")],
              "legal_basis": [Citation(), Citation(number="12/QĐ-UBND")],
              "references": [Citation(number="12/QĐ-UBND", issued_on="2026-01-05")]}
    assert codes(fields) == []
