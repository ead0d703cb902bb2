"""assignments.py: each form that gives a unit tasks, the forms that do not, roles, due dates and spans.
Every text here is our own invention."""
import pytest

from extractor.assignments import extract_assignments, extract_assignments_text
from extractor.document import Document
from extractor.layout import find_layout
from extractor.models import Issuer


def units(text):
    return [a.unit for a in extract_assignments_text(text)]


HEADING = """III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin:
a) Chủ trì tổ chức hội thi tìm hiểu pháp luật cấp huyện.
b) Tổng hợp kết quả, báo cáo Ủy ban nhân dân huyện trước ngày 20/11/2025.
2. Đề nghị Hội Nông dân huyện:
- Vận động hội viên tham gia các lớp tập huấn.
3. Ủy ban nhân dân các xã, thị trấn
- Xây dựng kế hoạch tại địa phương.
Trên đây là Kế hoạch của Ủy ban nhân dân huyện Sông Mây.
"""


@pytest.mark.parametrize("text, expected", [
    # headings under Tổ chức thực hiện, with and without a colon, with "Đề nghị"
    (HEADING, ["Phòng Văn hóa và Thông tin", "Hội Nông dân huyện", "Ủy ban nhân dân các xã, thị trấn"]),
    ("5.4. Ủy ban nhân dân các huyện, thị xã\n- Chỉ đạo các xã rà soát danh sách hộ nghèo.\n",
     ["Ủy ban nhân dân các huyện, thị xã"]),
    ("a) Sở Công Thương\n- Kiểm tra kho vật liệu nổ trên địa bàn.\nb) Công an tỉnh\n- Tăng cường tuần tra.\n",
     ["Sở Công Thương", "Công an tỉnh"]),
    ("2. Sở Tư pháp: Thẩm định dự thảo quy chế trước khi trình ký.\n", ["Sở Tư pháp"]),
    # a heading listing several assignees as one
    ("1. Công an huyện, các phòng, ban và Ủy ban nhân dân các xã tăng cường tuyên truyền.\n",
     ["Công an huyện, các phòng, ban và Ủy ban nhân dân các xã"]),
    # a group title over sub-headings is not an assignee of its own
    ("2. Các phòng, ban liên quan\n2.1. Phòng Tài chính - Kế hoạch:\n- Bố trí kinh phí.\n2.2. Phòng Nội vụ:\n- Hướng dẫn thi đua.\n",
     ["Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"]),
    # sentences: Giao / Đề nghị / Yêu cầu / subject + chủ trì
    ("Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp rà soát hồ sơ thi đua.", ["Phòng Nội vụ"]),
    ("Ủy ban nhân dân huyện đề nghị Ủy ban Mặt trận Tổ quốc huyện tuyên truyền đến hội viên.",
     ["Ủy ban Mặt trận Tổ quốc huyện"]),
    ("Yêu cầu Công an huyện tăng cường tuần tra trong dịp lễ.", ["Công an huyện"]),
    ("Trung tâm Y tế huyện chủ trì, phối hợp với các trường học tổ chức khám sức khỏe.", ["Trung tâm Y tế huyện"]),
    ("Mời Hội Cựu chiến binh huyện\n- Cử đại biểu tham dự lễ khai mạc.\n", ["Hội Cựu chiến binh huyện"]),
    # lead lines and lead lists under an activity
    ("1. Hội thi văn nghệ quần chúng\n- Thời gian: tháng 11/2025.\n- Đơn vị chủ trì: Trung tâm Văn hóa - Thể thao huyện.\n",
     ["Trung tâm Văn hóa - Thể thao huyện"]),
    ("I. TUYÊN TRUYỀN\n1. Nội dung\na) In tờ rơi.\n2. Cơ quan chủ trì\n- Phòng Văn hóa và Thông tin.\n- Đài Truyền thanh huyện; Hội Phụ nữ huyện.\n3. Cơ quan phối hợp\n- Công an huyện.\n",
     ["Phòng Văn hóa và Thông tin", "Đài Truyền thanh huyện", "Hội Phụ nữ huyện"]),
    # a task table with cell separators
    ("TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
     "1 | Rà soát hồ sơ người có công | Phòng Nội vụ | Ủy ban nhân dân các xã | Trước ngày 30/6/2025\n"
     "2 | Sửa chữa nhà văn hóa | Phòng Kinh tế và Hạ tầng, Phòng Tài chính - Kế hoạch | Các xã | Quý III/2025\n",
     ["Phòng Nội vụ", "Phòng Kinh tế và Hạ tầng", "Phòng Tài chính - Kế hoạch"]),
])
def test_assignments_forms(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text", [
    # the closing execution clause, also when wrapped over two lines
    "Điều 3. Chánh Văn phòng Ủy ban nhân dân huyện, Trưởng phòng Nội vụ chịu trách nhiệm thi hành Quyết định này.",
    "Điều 3. Chánh Văn phòng UBND huyện; Thủ trưởng các phòng,\nban chịu trách nhiệm thi hành Quyết định này./.",
    # the Nơi nhận list
    "Nơi nhận:\n- Sở Nội vụ;\n- Phòng Tư pháp;\n- Lưu: VT.",
    # a unit named only as a cooperating body
    "Các trường học phối hợp với Trạm Y tế xã tổ chức tiêm chủng.",
    # plural bodies without tasks of their own
    "Đề nghị các cơ quan, đơn vị liên quan quan tâm.",
    # section titles in capitals and common nouns sharing a head-word
    "II. BAN HÀNH VĂN BẢN HƯỚNG DẪN\n1. Ban hành quy chế phối hợp.\n",
    # a contact list is not a list of assignees
    "Số điện thoại trực:\n- Công ty Điện lực Sông Mây: 0212.3456.789\n",
])
def test_assignments_not_assignments(text):
    assert units(text) == []


@pytest.mark.parametrize("text, role", [
    ("1. Phòng Nội vụ:\n- Chủ trì tổng hợp danh sách.\n", "chủ trì"),
    ("1. Phòng Nội vụ:\n- Phối hợp với Phòng Tư pháp rà soát.\n", "phối hợp"),
    ("1. Phòng Nội vụ:\n- Tổng hợp danh sách.\n", None),
    ("Giao Phòng Nội vụ chủ trì tổng hợp danh sách.", "chủ trì"),
    ("- Đơn vị chủ trì: Phòng Nội vụ.", "chủ trì"),
])
def test_assignments_role(text, role):
    [a] = extract_assignments_text(text)
    assert a.role == role


@pytest.mark.parametrize("task, due", [
    ("Báo cáo kết quả về Phòng Nội vụ trước ngày 15/10/2025.", "2025-10-15"),
    ("Hoàn thành chậm nhất ngày 30 tháng 11 năm 2025.", "2025-11-30"),
    ("Thực hiện theo Kế hoạch số 12/KH-UBND ngày 02/01/2025.", None),  # a cited document's date
    ("Tổ chức tuyên truyền thường xuyên.", None),
])
def test_assignments_task_due(task, due):
    [a] = extract_assignments_text(f"1. Phòng Văn hóa và Thông tin:\n- {task}\n")
    assert a.tasks[0].due == due


def test_assignments_yearless_due_takes_issue_year():
    from extractor.models import DateValue
    text = "1. Phòng Nội vụ:\n- Gửi báo cáo trước ngày 20/10.\n"
    doc = Document(text=text)
    got = extract_assignments(doc, find_layout(text), {"issued_on": DateValue(year=2025, month=9, day=1)})
    assert got["assignments"][0].tasks[0].due == "2025-10-20"


def test_assignments_one_entry_per_unit_tasks_gathered():
    text = ("1. Phòng Nội vụ:\n- Tổng hợp danh sách khen thưởng.\n2. Phòng Tư pháp:\n- Thẩm định hồ sơ.\n"
            "Giao Phòng Nội vụ chủ trì tổ chức lễ tổng kết.")
    got = extract_assignments_text(text)
    assert [a.unit for a in got] == ["Phòng Nội vụ", "Phòng Tư pháp"]
    assert [t.text for t in got[0].tasks] == ["Tổng hợp danh sách khen thưởng.",
                                              "Giao Phòng Nội vụ chủ trì tổ chức lễ tổng kết."]
    assert got[0].role == "chủ trì"


def test_assignments_spans_are_evidence_and_cover_the_section():
    got = extract_assignments_text(HEADING)
    first = got[0]
    s, e = first.span
    assert HEADING[s:e].startswith("Phòng Văn hóa và Thông tin:")
    assert HEADING[s:e].endswith("trước ngày 20/11/2025.")  # through its last task
    for a in got:
        for t in a.tasks:
            assert HEADING[t.span[0]:t.span[1]] == t.text
            assert a.span[0] <= t.span[0] and t.span[1] <= a.span[1]
    assert first.tasks[1].due == "2025-11-20"


def test_assignments_wrapped_paragraph_is_one_task():
    text = "1. Phòng Nội vụ:\n- Rà soát hồ sơ của các tập thể, cá nhân đề\nnghị khen thưởng năm 2025.\n- Lập danh sách.\n"
    [a] = extract_assignments_text(text)
    assert [t.text for t in a.tasks] == [
        "Rà soát hồ sơ của các tập thể, cá nhân đề\nnghị khen thưởng năm 2025.", "Lập danh sách."]


def test_assignments_canonical_takes_issuer_locality():
    text = "1. Phòng GD&ĐT:\n- Hướng dẫn các trường tổ chức tuần lễ.\n"
    doc = Document(text=text)
    issuer = Issuer(name="Ủy ban nhân dân huyện Sông Mây")
    [a] = extract_assignments(doc, find_layout(text), {"issuer": issuer})["assignments"]
    assert a.unit == "Phòng GD&ĐT"
    assert a.canonical == "Phòng Giáo dục và Đào tạo huyện Sông Mây"


def test_assignments_uses_layout_body_when_present():
    from extractor.layout import Block, Layout
    text = "V/v giao Sở Y tế chủ trì\n1. Sở Y tế:\n- Kiểm tra an toàn thực phẩm.\n"
    body_start = text.index("1.")
    lay = Layout(header=Block("header", 0, body_start), body=Block("body", body_start, len(text)))
    [a] = extract_assignments(Document(text=text), lay, {})["assignments"]
    assert a.span[0] >= body_start


# Regressions: one case per real failure met on ../shared/corpus (our own wording of the same shape).
@pytest.mark.parametrize("text, expected", [
    # "xây dựng" is a verb in tasks but part of the name "Sở Xây dựng"
    ("5. Sở Xây dựng\n- Rà soát các công trình.\n", ["Sở Xây dựng"]),
    # "giao" is a delegation cue but the end of "Bộ Ngoại giao"
    ("11. Bộ Ngoại giao\n- Phối hợp trao đổi thông tin với các nước.\n", ["Bộ Ngoại giao"]),
    # a mass organisation written in lower case after its head-word
    ("5. Hội khuyến học Quận\nPhối hợp tổ chức các hoạt động khuyến học.\n", ["Hội khuyến học Quận"]),
    # "Mời X" over a bullet "- Đề nghị X …": the bullet is a sentence, not a sub-heading
    ("19. Mời Hội Nhà báo tỉnh\n- Đề nghị Hội Nhà báo tỉnh cử phóng viên đưa tin.\n", ["Hội Nhà báo tỉnh"]),
    # an opening request to several units that each get their own section later
    ("Ủy ban nhân dân huyện yêu cầu Phòng Nội vụ, Phòng Tư pháp tổ chức thực hiện như sau:\n"
     "1. Mục đích\nNâng cao nhận thức.\n2. Phòng Nội vụ:\n- Hướng dẫn hồ sơ.\n3. Phòng Tư pháp:\n- Thẩm định hồ sơ.\n",
     ["Phòng Nội vụ", "Phòng Tư pháp"]),
    # a plural request ending in a colon takes the list below as its tasks
    ("Ban Quản lý đề nghị các doanh nghiệp thực hiện các nội dung sau:\n1. Báo cáo số lao động trước ngày 10/01/2026.\n"
     "2. Đăng ký nhu cầu tuyển dụng.\nTrân trọng.\n", ["các doanh nghiệp"]),
    # ... unless the list names its own assignees
    ("Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị triển khai các hoạt động sau:\n1. Hội chợ nông sản\n"
     "- Đơn vị chủ trì: Sở Công Thương.\n", ["Sở Công Thương"]),
    # a numbered sentence whose subject lists localities before its verb
    ("2. Ủy ban nhân dân phường An Bình, phường Hòa Bình và các xã khác chỉ đạo kiểm tra trên địa bàn.\n",
     ["Ủy ban nhân dân phường An Bình, phường Hòa Bình và các xã khác"]),
    # an inspection team "do lãnh đạo Sở … làm Trưởng đoàn" is a schedule line, not an assignee
    ("1. Đoàn kiểm tra số 1 do lãnh đạo Sở Nội vụ làm Trưởng đoàn kiểm tra các xã từ ngày 02/11/2026.\n", []),
    # a bullet inside a unit's section asking "các đơn vị …" is that unit's task
    ("1. Sở Công Thương:\n- Yêu cầu các đơn vị kinh doanh xăng dầu lắp camera giám sát.\n", ["Sở Công Thương"]),
])
def test_assignments_regressions(text, expected):
    assert units(text) == expected


LAID_OUT = """PHỤ LỤC
 TT   Nội dung                          Cơ quan chủ trì        Cơ quan phối hợp      Thời gian
      In tờ rơi tuyên truyền về          Phòng Văn hóa và
 1    phòng chống dịch bệnh              Thông tin              Các xã, thị trấn      Tháng 5/2025
      Khám sức khỏe cho người cao        Trung tâm Y tế
 2    tuổi tại các xã                    huyện                  Hội Người cao tuổi    Tháng 6/2025
 3    Giải bóng đá thiếu niên            Huyện Đoàn             Phòng Giáo dục và     Tháng 7/2025
                                                                Đào tạo
"""


def test_assignments_table_laid_out_with_spaces():
    got = extract_assignments_text(LAID_OUT)
    # cells centred over two lines are joined; the cooperating column gives no entries
    assert [a.unit for a in got] == ["Phòng Văn hóa và Thông tin", "Trung tâm Y tế huyện", "Huyện Đoàn"]
    assert all(a.role == "chủ trì" for a in got)
    for a in got:
        assert LAID_OUT[a.span[0]:a.span[1]].startswith(a.unit.split()[0])


@pytest.mark.parametrize("text, expected", [
    # a task table whose lead column is "Đơn vị thực hiện"
    ("TT | Nội dung | Đơn vị thực hiện | Thời gian\n1 | Tuyên truyền tại chợ | Công an xã | Tháng 9/2026\n"
     "2 | Ra quân dọn vệ sinh | Đoàn Thanh niên xã | Trước ngày 30/9/2026\n", ["Công an xã", "Đoàn Thanh niên xã"]),
    # a programme of the day (Giờ | Hoạt động | Đơn vị thực hiện) lists milestones, not assignments
    ("TT\tGiờ\tNgày\tHoạt động\tĐơn vị thực hiện\n1\t8h00\t02/11\tKhai mạc\tVăn phòng HĐND và UBND xã\n", []),
    # under "Tổ chức thực hiện" a bullet opening with a unit gives it the task, whatever the verb
    ("5. Tổ chức thực hiện\n- Trung tâm Tin học chủ trì tổ chức thi.\n- Phòng Kế hoạch - Tài chính thu lệ phí thi.\n",
     ["Trung tâm Tin học", "Phòng Kế hoạch - Tài chính"]),
])
def test_assignments_tables_and_sections(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "Trách nhiệm của X" names X
    ("6. Trách nhiệm của các hợp tác xã nông nghiệp\n- Đăng ký diện tích gieo trồng.\n", ["các hợp tác xã nông nghiệp"]),
    # ... unless sub-items name the assignees themselves
    ("3. Trách nhiệm của các đơn vị\na) Ủy ban nhân dân các xã hoàn thiện hồ sơ.\nb) Phòng Nội vụ tổng hợp kết quả.\n",
     ["Ủy ban nhân dân các xã", "Phòng Nội vụ"]),
    # a school's departments ("Tổ"), while "Tổ chức …" is a verb
    ("1. Tổ Khoa học tự nhiên\n- Tổ chức dự giờ.\n2. Tổ Văn phòng\n- Chuẩn bị hội trường.\n", ["Tổ Khoa học tự nhiên", "Tổ Văn phòng"]),
])
def test_assignments_responsibility_headings(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize("text, expected", [
    # under "Tổ chức thực hiện" a generic subject runs to its verb
    ("III. TỔ CHỨC THỰC HIỆN\n- Sở Y tế chủ trì kiểm tra.\n- Các đơn vị có liên quan phối hợp kiểm tra, xử lý vi phạm.\n",
     ["Sở Y tế", "Các đơn vị có liên quan"]),
    # a colon heading names its assignee even with a verb-like word inside the name
    ("1.3. Đơn vị duy trì cây xanh trên địa bàn huyện:\n- Cắt tỉa cây trước mùa mưa bão.\n",
     ["Đơn vị duy trì cây xanh trên địa bàn huyện"]),
    # a title before a unit already given tasks is that unit, not a new assignee
    ("Giao Ủy ban nhân dân các xã rà soát hộ nghèo. Chủ tịch Ủy ban nhân dân các xã chịu trách nhiệm về kết quả.",
     ["Ủy ban nhân dân các xã"]),
    # the bodies of an event's organisation are not assignees
    ("1. Lễ khai mạc\n- Cơ quan chỉ đạo: Ủy ban nhân dân huyện.\n- Đơn vị chủ trì: Phòng Văn hóa và Thông tin.\n",
     ["Phòng Văn hóa và Thông tin"]),
])
def test_assignments_generic_and_titles(text, expected):
    assert units(text) == expected
