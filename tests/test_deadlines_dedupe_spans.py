"""One entry per deadline repeated in two places; two entries when the dates or the work differ;
every span is the evidence (text[s:e] holds the due date)."""
import pytest

from extractor.dates import find_dates
from extractor.deadlines import extract_deadlines, load_deadline_rules
from extractor.layout import find_layout
from extractor.models import DateValue
from extractor.readers import read_text


def run(text):
    doc = read_text(text)
    return doc.text, extract_deadlines(doc, find_layout(doc.text), {"issued_on": DateValue(year=2026)})["deadlines"]


DEDUPE = [
    # the same report, said in "Thời gian" and again under the unit's heading: one entry, both units
    ("2. Thời gian:\n- Các cơ quan, đơn vị báo cáo kết quả Hội thi về UBND huyện trước ngày 25/11/2026.\n\n"
     "III. TỔ CHỨC THỰC HIỆN\n\n4. UBND các xã:\n\nc) Tổng hợp, báo cáo kết quả Hội thi về UBND huyện "
     "trước ngày 25/11/2026.\n", [("2026-11-25", ["Các cơ quan, đơn vị", "UBND các xã"])]),
    # a restatement: "hoàn thành đúng thời hạn trước ngày …"
    ("1. Công an tỉnh\nBảo đảm hoàn thành việc lắp đặt thiết bị chậm nhất đến ngày 01/7/2027.\n"
     "2. Giao Sở Xây dựng\nĐôn đốc các xã, bảo đảm hoàn thành đúng thời hạn trước ngày 01/7/2027.\n",
     [("2026-07-01".replace("2026", "2027"), ["Công an tỉnh", "Sở Xây dựng"])]),
    # same date, different work, different units: two entries
    ("Các nhà thầu hoàn thành việc thông xe cầu An Bình trước ngày 30/4/2026. Thành phố cũng giao các chủ đầu tư "
     "liên quan tập trung thi công trạm bơm, phấn đấu hoàn thành trước ngày 30/4/2026.",
     [("2026-04-30", ["Các nhà thầu"]), ("2026-04-30", ["các chủ đầu tư liên quan"])]),
    # different dates: two entries
    ("Các xã gửi kế hoạch về Phòng Nội vụ trước ngày 28/2/2026; gửi báo cáo kết quả về Phòng Nội vụ trước ngày 10/11/2026.",
     [("2026-02-28", ["Các xã"]), ("2026-11-10", ["Các xã"])]),
]


@pytest.mark.parametrize("text,expected", DEDUPE)
def test_deadlines_dedupe(text, expected):
    _, found = run(text)
    assert [(d.due, d.responsible) for d in found] == expected


SPANS = [
    "Phòng Nội vụ gửi báo cáo về Văn phòng UBND huyện trước ngày 15/3/2026.",
    "Các xã báo cáo tiến độ về Phòng Kinh tế trước ngày 18 hằng tháng.",
    "Bước 2: Phòng Tài chính lập danh sách gửi Sở Tài chính.\n\nThời gian hoàn tất: trước ngày 20 tháng 7 năm 2026.\n",
    "- Thời hạn nộp đơn dự tuyển: từ 02/3/2026 đến 13/3/2026",
    "Các **trường** báo cáo kết quả về Phòng Giáo dục **vào ngày 09/12/2026** để tổng hợp.",
]


@pytest.mark.parametrize("text", SPANS)
def test_deadlines_span_is_evidence(text):
    doc_text, found = run(text)
    assert len(found) == 1
    s, e = found[0].span
    evidence = doc_text[s:e]
    assert 0 <= s < e <= len(doc_text)
    if found[0].due:
        assert found[0].due in {d.iso for d in find_dates(evidence, year=2026)}
    else:
        assert "hằng tháng" in evidence


def test_deadlines_label_line_takes_action_and_unit_from_paragraph_above():
    _, found = run(SPANS[2])
    assert (found[0].due, found[0].responsible, found[0].recipient) == ("2026-07-20", ["Phòng Tài chính"], "Sở Tài chính")
    assert found[0].action == "lập danh sách gửi Sở Tài chính"


def test_deadlines_every_rule_example_fires_its_rule():
    """The example beside each cue rule in rules/deadlines.yaml is found by that rule."""
    rules = load_deadline_rules().rules
    for rule in rules.cues + rules.recurring + rules.relative:
        _, found = run(rule.example)
        assert rule.id in {d.rule for d in found}, rule.id
