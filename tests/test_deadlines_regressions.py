"""One case per real failure met on ../shared and corpora/ documents, rewritten in our own words."""
import pytest

from extractor.deadlines import extract_deadlines
from extractor.layout import find_layout
from extractor.models import DateValue
from extractor.readers import read_text


def run(text, **fields):
    doc = read_text(text)
    fields.setdefault("issued_on", DateValue(year=2026))
    return extract_deadlines(doc, find_layout(doc.text), fields)["deadlines"]


CASES = [
    # a colon inside an address cut the clause before its verb: the deadline was lost
    ("regression_colon_in_address",
     "Các xã báo cáo kết quả về Phòng Nội vụ (qua bộ phận một cửa, địa chỉ email: motcua@songmay.gov.vn) trước ngày 12/10/2026.",
     [("2026-10-12", ["Các xã"])]),
    # a label line's action and unit are the paragraph above it, not empty
    ("regression_label_line",
     "2.3. Bước 3: Tổng hợp danh sách.\n\nPhòng Lao động - Thương binh và Xã hội tổng hợp danh sách, báo cáo Sở Xây dựng.\n\n"
     "Thời gian hoàn tất: trước ngày 18 tháng 8 năm 2026.\n",
     [("2026-08-18", ["Phòng Lao động - Thương binh và Xã hội"])]),
    # "công trình" is a noun: "trình" inside it did not end the unit's name
    ("regression_compound_stop_word",
     "Chủ đầu tư và các nhà thầu thi công các công trình trọng điểm phải hoàn thành trước ngày 30/6/2026.",
     [("2026-06-30", ["Chủ đầu tư", "các nhà thầu thi công các công trình trọng điểm"])]),
    # a numbered item under a lead-in sentence takes the unit the lead-in asks
    ("regression_lead_in_list",
     "Ban Quản lý các khu công nghiệp đề nghị các doanh nghiệp thực hiện các nội dung sau:\n"
     "1. Báo cáo tình hình lao động gửi về Ban Quản lý trước ngày 10/01/2027.\n"
     "2. Đăng ký nhu cầu tuyển dụng chậm nhất ngày 20/01/2027.\n",
     [("2027-01-10", ["các doanh nghiệp"]), ("2027-01-20", ["các doanh nghiệp"])]),
    # the object of a verb ("thành lập Ban Giám khảo") is not the one who acts
    ("regression_object_not_subject",
     "Phòng Giáo dục Tiểu học chủ trì xây dựng đề thi, thành lập Ban Giám khảo; tổng hợp kết quả, báo cáo Giám đốc Sở trước ngày 18/12/2026.",
     [("2026-12-18", ["Phòng Giáo dục Tiểu học"])]),
    ("regression_noun_modifier_not_subject",
     "2.1. Đoàn Thanh niên xã chủ trì tổ chức hội thao; tổng hợp danh sách đội văn nghệ các thôn trước ngày 20/3/2026.",
     [("2026-03-20", ["Đoàn Thanh niên xã"])]),
    ("regression_deputy_is_cooperating",
     "1. Tổ Toán - Tin\n- Đăng ký tiết dạy mẫu với Phó Hiệu trưởng phụ trách chuyên môn trước ngày 25/9/2026.",
     [("2026-09-25", ["Tổ Toán - Tin"])]),
    ("regression_posting_verb",
     "Giao Văn phòng HĐND và UBND xã niêm yết công khai danh sách tại nhà văn hóa các thôn trước ngày 30/10/2026.",
     [("2026-10-30", ["Văn phòng HĐND và UBND xã"])]),
    ("regression_name_wrapped_over_lines",
     "Bộ Nội vụ giao Ủy ban nhân dân các tỉnh,\nthành phố trực thuộc Trung ương hoàn thành việc sắp xếp chậm nhất đến ngày\n30 tháng 6 năm 2027.",
     [("2027-06-30", ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"])]),
    ("regression_object_with_number",
     "1. Sở Y tế chủ trì, phối hợp với Công an tỉnh thành lập 03 đoàn kiểm tra liên ngành; tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/3/2027.",
     [("2027-03-15", ["Sở Y tế"])]),
    # a unit named with its scope
    ("regression_unit_tail",
     "Các cơ quan, đơn vị được kiểm tra gửi báo cáo tự đánh giá về Sở Nội vụ trước ngày 16/11/2026.",
     [("2026-11-16", ["Các cơ quan, đơn vị được kiểm tra"])]),
    # "giải ngân" is an obligation; the unit is the one given the task
    ("regression_disbursement_verb",
     "1. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết; giải ngân toàn bộ kế hoạch vốn được giao trước ngày 31/12/2026.",
     [("2026-12-31", ["Ủy ban nhân dân xã"])]),
    # the sibling item above ("1. …") does not hide the section heading ("2. Phòng Y tế")
    ("regression_sibling_items",
     "2. Phòng Y tế huyện\n2.1. Kiểm tra an toàn thực phẩm tại các trường.\n2.2. Tổng hợp kết quả gửi về Sở Y tế trước ngày 22/5/2026.\n",
     [("2026-05-22", ["Phòng Y tế huyện"])]),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_deadlines_regressions(name, text, expected):
    assert [(d.due, d.responsible) for d in run(text)] == expected


def test_deadlines_regression_state_phrase_is_not_an_obligation():
    assert run("Hộ gia đình có đăng ký hộ khẩu thường trú trước ngày 01/7/2025 tại xã An Bình.") == []


def test_deadlines_regression_cited_past_deadline_kept_out_only_when_past():
    text = ("Tại Công văn số 12/UBND ngày 02/3/2026, Ủy ban nhân dân huyện đã giao Phòng Nội vụ báo cáo "
            "trước ngày 20/3/2026.")
    assert run(text, issued_on=DateValue(date="2026-04-10", year=2026)) == []
    assert [d.due for d in run(text, issued_on=DateValue(date="2026-03-05", year=2026))] == ["2026-03-20"]


def test_deadlines_regression_period_over_before_issue_is_dropped():
    text = "Các công trình dở dang tiếp tục được bố trí vốn để hoàn thành trong năm 2025."
    assert run(text, issued_on=DateValue(date="2026-07-03", year=2026)) == []


def test_deadlines_regression_relative_phrase_needs_a_verb_outside_it():
    assert run("Kết quả được công bố sau 10 ngày làm việc kể từ ngày hết hạn nộp hồ sơ.") == []


def test_deadlines_regression_recurring_has_no_precision():
    d = run("Các phòng, ban định kỳ hằng năm (trước ngày 10/12) báo cáo Ủy ban nhân dân huyện.")[0]
    assert (d.due, d.precision, d.recurrence, d.responsible) == (None, None, "yearly:12-10", ["Các phòng, ban"])


OPENING_CUE = [
    ("Trước ngày 15/3/2026, các xã gửi báo cáo kết quả về Phòng Nội vụ.",
     ("2026-03-15", ["các xã"], "Phòng Nội vụ", "gửi báo cáo kết quả về Phòng Nội vụ")),
    ("Định kỳ ngày 05 hàng tháng, các trường gửi báo cáo về Phòng Giáo dục.",
     (None, ["các trường"], "Phòng Giáo dục", "gửi báo cáo về Phòng Giáo dục")),
]


@pytest.mark.parametrize("text,expected", OPENING_CUE)
def test_deadlines_cue_opening_its_clause_takes_what_follows(text, expected):
    d = run(text)[0]
    assert (d.due, d.responsible, d.recipient, d.action) == expected


@pytest.mark.parametrize("text", ["", "   \n\n", "ngày ngày trước ngày | | : ;", "trước ngày 31/02/2026 báo cáo",
                                  "x" * 20000, "Sở " * 3000 + "báo cáo trước ngày 01/10/2026"])
def test_deadlines_odd_input_never_raises(text):
    # a Document built directly: this measures the deadlines stage, not the reader's repairs
    from extractor.document import Document

    doc = Document(text=text)
    out = extract_deadlines(doc, find_layout(text), {"issued_on": DateValue(year=2026)})["deadlines"]
    assert all(d.due is None or d.due.startswith("2026") for d in out)


def test_deadlines_regression_recipient_is_the_one_before_the_due_date():
    text = ("Các xã báo cáo định kỳ hằng quý gửi về Phòng Nội vụ (trước ngày 15 tháng cuối quý) để tổng hợp, "
            "báo cáo Ủy ban nhân dân huyện.")
    d = run(text)[0]
    assert (d.recurrence, d.recipient) == ("quarterly:15", "Phòng Nội vụ")
