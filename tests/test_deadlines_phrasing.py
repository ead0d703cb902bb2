"""One case per way a due date is written: before / on / by / range end / period / yearless /
recurring / relative. Texts are ours (invented units and places)."""
import pytest

from extractor.deadlines import extract_deadlines
from extractor.layout import find_layout
from extractor.models import DateValue
from extractor.readers import read_text


def run(text, year=2026, date=None):
    doc = read_text(text)
    fields = {"issued_on": DateValue(year=year, date=date)} if year else {}
    return doc.text, extract_deadlines(doc, find_layout(doc.text), fields)["deadlines"]


CASES = [
    # (text, due, relation, precision, rule)
    ("Phòng Nội vụ gửi báo cáo về Văn phòng UBND huyện trước ngày 15/3/2026.",
     "2026-03-15", "before", "day", "deadline.truoc_ngay"),
    ("Các xã nộp hồ sơ đề nghị khen thưởng trước ngày 05 tháng 11 năm 2026.",
     "2026-11-05", "before", "day", "deadline.truoc_ngay"),
    ("Chủ đầu tư bảo đảm công trình hoàn thành trước thời điểm 31/5/2026.",
     "2026-05-31", "before", "day", "deadline.truoc_ngay"),
    ("Trường Tiểu học An Bình hoàn thành việc sửa chữa phòng học chậm nhất ngày 20/8/2026.",
     "2026-08-20", "by", "day", "deadline.cham_nhat"),
    ("Sở Xây dựng hoàn thành rà soát chậm nhất đến ngày 05 tháng 8 năm 2027.",
     "2027-08-05", "by", "day", "deadline.cham_nhat"),
    ("Hạn chót nhận hồ sơ dự thi: ngày 20/5/2026.",
     "2026-05-20", "by", "day", "deadline.han_chot"),
    ("Các trường báo cáo kết quả về Phòng Giáo dục vào ngày 09/12/2026 để tổng hợp.",
     "2026-12-09", "on", "day", "deadline.vao_ngay"),
    ("- Thời hạn nộp đơn dự tuyển: từ 02/3/2026 đến 13/3/2026",
     "2026-03-13", "by", "day", "deadline.thoi_han_range"),
    ("Phòng Tài chính thực hiện xong trong tháng 9/2026.",
     "2026-09-30", "by", "month", "deadline.xong_trong_ky"),
    ("Sở Nội vụ xây dựng Đề án, trình Ủy ban nhân dân tỉnh trong quý III/2026.",
     "2026-09-30", "by", "quarter", "deadline.trong_ky"),
    ("Công an huyện hoàn thành việc lắp đặt camera trong năm 2027.",
     "2027-12-31", "by", "year", "deadline.trong_ky"),
    ("Thời gian thực hiện xong trong quý IV năm 2026.",
     "2026-12-31", "by", "quarter", "deadline.xong_trong_ky"),
    ("Các trường gửi kế hoạch về Phòng Giáo dục không muộn hơn ngày 12/9/2026.",
     "2026-09-12", "by", "day", "deadline.khong_muon_hon"),
    ("Các xã hoàn thành việc rà soát hộ nghèo đến hết ngày 30/9/2026.",
     "2026-09-30", "by", "day", "deadline.den_het_ngay"),
    ("Thời gian nộp báo cáo tổng kết: ngày 15/12/2026.",
     "2026-12-15", "on", "day", "deadline.thoi_gian_nop"),
    ("- Thời gian hoàn thành việc số hóa hồ sơ: 30/11/2026",
     "2026-11-30", "by", "day", "deadline.thoi_gian_hoan_thanh"),
    # a time before the date ("trước 16 giờ ngày …")
    ("Các đơn vị gửi danh sách về Văn phòng trước 16 giờ 00 ngày 21/10/2026.",
     "2026-10-21", "before", "day", "deadline.truoc_ngay"),
        ("Các tổ bầu cử hoàn thành việc kiểm phiếu trong ngày 25/5/2026.",
     "2026-05-25", "by", "day", "deadline.trong_ngay"),
        # yearless: the issue year
    ("Ủy ban nhân dân các xã gửi báo cáo về Phòng Văn hóa trước ngày 25/10.",
     "2026-10-25", "before", "day", "deadline.truoc_ngay"),
    ("Các đơn vị nộp bản đăng ký thi đua trước ngày 10 tháng 3.",
     "2026-03-10", "before", "day", "deadline.truoc_ngay"),
    # a date wrapped over a line break in a PDF text layer
    ("Sở Công Thương hoàn thành chậm nhất đến ngày\n15 tháng 9 năm 2026.",
     "2026-09-15", "by", "day", "deadline.cham_nhat"),
]


@pytest.mark.parametrize("text,due,relation,precision,rule", CASES)
def test_deadlines_phrasing(text, due, relation, precision, rule):
    _, found = run(text)
    assert [(d.due, d.relation, d.precision, d.rule) for d in found] == [(due, relation, precision, rule)]


def test_deadlines_yearless_date_before_issue_rolls_to_next_year():
    _, found = run("Các phòng gửi báo cáo tổng kết năm về Văn phòng trước ngày 10/01.", year=2026,
                   date="2026-12-15")
    assert [d.due for d in found] == ["2027-01-10"]


RECURRING = [
    ("Các xã báo cáo tiến độ về Phòng Kinh tế trước ngày 18 hằng tháng.", "monthly:18", "before"),
    ("Các xã báo cáo tiến độ về Phòng Kinh tế trước ngày 18 hàng tháng.", "monthly:18", "before"),
    ("Định kỳ ngày 05 hàng tháng, các trường gửi báo cáo về Phòng Giáo dục.", "monthly:5", "on"),
    ("Các phường báo cáo định kỳ hằng quý gửi về Phòng Nội vụ (trước ngày 15 tháng cuối quý).", "quarterly:15", "before"),
    ("Các cơ quan định kỳ hằng năm (trước ngày 15/12) báo cáo Ủy ban nhân dân huyện.", "yearly:12-15", "before"),
    ("Doanh nghiệp lập và nộp báo cáo trước ngày 20 tháng 01 của năm liền kề sau năm báo cáo.", "yearly:01-20", "before"),
]


@pytest.mark.parametrize("text,recurrence,relation", RECURRING)
def test_deadlines_recurring_keep_rule_without_due(text, recurrence, relation):
    _, found = run(text)
    assert [(d.due, d.recurrence, d.relation) for d in found] == [(None, recurrence, relation)]


RELATIVE = [
    ("Trong 10 ngày làm việc kể từ ngày nhận đủ hồ sơ, Phòng Nội vụ trả lời bằng văn bản.", "Trong 10 ngày làm việc kể từ ngày nhận đủ hồ sơ"),
    ("Các đơn vị gửi báo cáo khắc phục trong thời hạn 15 ngày kể từ ngày nhận được kết luận.", "trong thời hạn 15 ngày kể từ ngày nhận được kết luận"),
]


@pytest.mark.parametrize("text,phrase", RELATIVE)
def test_deadlines_relative_keep_phrase_without_due(text, phrase):
    _, found = run(text)
    assert len(found) == 1
    assert (found[0].due, found[0].relation) == (None, "within")
    assert found[0].relative.startswith(phrase)


def test_deadlines_year_from_text_when_issue_date_unknown():
    text = "Kế hoạch ngày 02/9/2026.\nCác xã báo cáo về Phòng Nội vụ trước ngày 30/9."
    _, found = run(text, year=None)
    assert [d.due for d in found] == ["2026-09-30"]


def test_deadlines_docstring_examples():
    import doctest

    from extractor import deadlines

    result = doctest.testmod(deadlines)
    assert result.attempted > 0 and result.failed == 0
