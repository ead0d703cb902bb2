"""Who must act (from the sentence, the asked unit, a heading, a task-table row), for whom (recipient),
through whom (via) and by which channel. Texts are ours."""
import pytest

from extractor.deadlines import extract_deadlines
from extractor.layout import find_layout
from extractor.models import Assignment, DateValue, Issuer, Recipient, Task
from extractor.readers import read_text


def run(text, **fields):
    doc = read_text(text)
    fields.setdefault("issued_on", DateValue(year=2026))
    return doc.text, extract_deadlines(doc, find_layout(doc.text), fields)["deadlines"]


RESPONSIBLE = [
    # subject of the sentence, a list of two units split at the second head-word
    ("- Các phòng, ban chuyên môn huyện, UBND các xã, thị trấn tổng hợp và gửi báo cáo về Phòng Nội vụ "
     "trước ngày 12/11/2026.", ["Các phòng, ban chuyên môn huyện", "UBND các xã, thị trấn"]),
    # the unit asked ("yêu cầu/giao X"), not the one asking
    ("Chủ tịch UBND huyện yêu cầu Phòng Tài nguyên và Môi trường khẩn trương rà soát, báo cáo "
     "Ủy ban nhân dân huyện trước ngày 30/6/2026.", ["Phòng Tài nguyên và Môi trường"]),
    ("Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ nghiên cứu, trình UBND tỉnh trước ngày 01/9/2026.",
     ["Sở Tư pháp"]),
    # a subject after an opening phrase
    ("Kết thúc đợt kiểm tra, Trung tâm học tập cộng đồng các xã báo cáo kết quả về Phòng Giáo dục "
     "trước ngày 14/10/2026.", ["Trung tâm học tập cộng đồng các xã"]),
    # "theo đề nghị của X, Y chủ trì": Y acts, X is only cited
    ("Trên cơ sở đề nghị của Ủy ban nhân dân các xã, Phòng Kinh tế chủ trì lập danh sách gửi "
     "Phòng Tài chính trước ngày 10/7/2026.", ["Phòng Kinh tế"]),
    # position holders
    ("Trưởng thôn, Tổ trưởng tổ dân phố tập hợp đơn gửi Ủy ban nhân dân xã trước ngày 05/6/2026.",
     ["Trưởng thôn", "Tổ trưởng tổ dân phố"]),
]


@pytest.mark.parametrize("text,responsible", RESPONSIBLE)
def test_deadlines_responsible_from_sentence(text, responsible):
    _, found = run(text)
    assert [d.responsible for d in found] == [responsible]


HEADINGS = [
    ("III. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Văn hóa và Thông tin:\n\na) Tuyên truyền trên đài truyền thanh.\n\n"
     "b) Tổng hợp, báo cáo kết quả về Sở Văn hóa trước ngày 20/11/2026.\n", "Phòng Văn hóa và Thông tin"),
    ("5. Tổ chức thực hiện\n\n5.2. Ủy ban nhân dân các huyện\n\nChỉ đạo các xã tổ chức hội thi. Tổng hợp "
     "kết quả gửi về Sở Nội vụ trước ngày 02/12/2026.\n", "Ủy ban nhân dân các huyện"),
    ("2. Giao Sở Xây dựng\nChủ trì hướng dẫn các xã; bảo đảm hoàn thành trước ngày 31/12/2026.\n", "Sở Xây dựng"),
]


@pytest.mark.parametrize("text,unit", HEADINGS)
def test_deadlines_responsible_from_heading(text, unit):
    _, found = run(text)
    assert [d.responsible for d in found] == [[unit]]


def test_deadlines_responsible_from_assignment_section_first():
    text = "Nội dung chung.\nTổng hợp, báo cáo kết quả về Sở Nội vụ trước ngày 20/11/2026.\n"
    s = text.index("Tổng hợp")
    a = Assignment(unit="Phòng Nội vụ huyện Sông Mây", tasks=[Task(text="Tổng hợp", span=(s, len(text)))], span=(s, len(text)))
    _, found = run(text, assignments=[a])
    assert found[0].responsible == ["Phòng Nội vụ huyện Sông Mây"]


def test_deadlines_responsible_from_table_row_lead_column():
    text = ("TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
            "1 | Lắp đặt hệ thống camera giám sát tại các bến bãi | Sở Giao thông vận tải | Công an tỉnh, các xã | Hoàn thành trước ngày 30/9/2026\n")
    _, found = run(text)
    assert [(d.due, d.responsible) for d in found] == [("2026-09-30", ["Sở Giao thông vận tải"])]
    assert found[0].action == "Lắp đặt hệ thống camera giám sát tại các bến bãi"


def test_deadlines_bare_head_word_points_at_addressee_and_issuer():
    text = "Bộ đề nghị các đồng chí Giám đốc Sở chỉ đạo xây dựng dự toán, gửi về Bộ trước ngày 15/7/2026."
    _, found = run(text, issuer=Issuer(name="Bộ Văn hóa, Thể thao và Du lịch"),
                   recipients=[Recipient(name="Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố")])
    assert found[0].responsible == ["Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố"]
    assert found[0].recipient == "Bộ Văn hóa, Thể thao và Du lịch"


ROUTING = [
    # (text, recipient, via, channel)
    ("Các trường báo cáo kết quả về Ủy ban nhân dân huyện (qua Phòng Giáo dục và Đào tạo) trước ngày 09/10/2026.",
     "Ủy ban nhân dân huyện", "Phòng Giáo dục và Đào tạo", None),
    ("Các xã báo cáo kết quả về UBND huyện trước ngày 09/10/2026 (qua Phòng Nội vụ, email: phongnoivu@songmay.gov.vn).",
     "UBND huyện", "Phòng Nội vụ", "phongnoivu@songmay.gov.vn"),
    ("Trung tâm Y tế huyện gửi báo cáo về Sở Y tế, UBND huyện theo quy định trước ngày 18/12/2026.",
     "Sở Y tế, UBND huyện", None, None),
    ("Phòng Kinh tế rà soát, tham mưu UBND huyện trước ngày 03/8/2026.", "UBND huyện", None, None),
]


@pytest.mark.parametrize("text,recipient,via,channel", ROUTING)
def test_deadlines_recipient_via_channel(text, recipient, via, channel):
    _, found = run(text)
    assert [(d.recipient, d.via, d.channel) for d in found] == [(recipient, via, channel)]
