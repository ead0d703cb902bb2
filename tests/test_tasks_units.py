"""Tasks of one unit across documents: named outright, by abbreviation or through a group, in the
document's own locality; due dates and recipients from the deadline inside a task; filters; CSV,
JSON and ICS output (ICS must import with icalendar)."""
import csv
import datetime as dt
import io
import json

import pytest
from icalendar import Calendar

from extractor.models import Assignment, DateValue, Deadline, Issuer, Number, Record, Task
from extractor.tasks import format_tasks, tasks_for_unit

TEXT = ("Giao Sở Tài chính chủ trì rà soát dự toán; báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2026.\n"
        "Các Sở, ban, ngành tổ chức tuyên truyền Luật Ngân sách.\n")


def span(phrase):
    i = TEXT.index(phrase)
    return (i, i + len(phrase))


def tinh(name="Ủy ban nhân dân tỉnh Hà Giang", number="88/UBND-KT"):
    return Record(
        text=TEXT, number=Number(text=number), issuer=Issuer(name=name), issued_on=DateValue(date="2026-05-20"),
        assignments=[
            Assignment(unit="Sở Tài chính", role="chủ trì", span=span(TEXT.splitlines()[0]),
                       tasks=[Task(text="chủ trì rà soát dự toán; báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2026",
                                   span=span("chủ trì rà soát dự toán; báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2026"))]),
            Assignment(unit="Các Sở, ban, ngành", span=span(TEXT.splitlines()[1]),
                       tasks=[Task(text="tổ chức tuyên truyền Luật Ngân sách", span=span("tổ chức tuyên truyền Luật Ngân sách"))])],
        deadlines=[Deadline(due="2026-06-15", relation="before", action="báo cáo", responsible=["Sở Tài chính"],
                            recipient="Ủy ban nhân dân tỉnh", span=span("báo cáo Ủy ban nhân dân tỉnh trước ngày 15/6/2026"))])


@pytest.mark.parametrize("unit, expect", [
    ("Sở Tài chính", [("2026-06-15", "name"), (None, "group")]),
    ("Sở Tài chính tỉnh Hà Giang", [("2026-06-15", "name"), (None, "group")]),
    ("Sở Tài chính tỉnh Cao Bằng", []),
    ("Sở Nội vụ", [(None, "group")]),  # only through "các Sở, ban, ngành"
    ("Phòng Tài chính - Kế hoạch huyện Vị Xuyên", []),
    ("UBND xã Phú Linh", []),
])
def test_tasks_for_unit(unit, expect):
    items = tasks_for_unit({"cv": tinh()}, unit)
    assert [(t.due, t.matched) for t in items] == expect


def test_tasks_deadline_in_a_task_gives_it_due_date_and_recipient():
    [task, _] = tasks_for_unit({"cv": tinh()}, "Sở Tài chính")
    assert (task.due, task.relation, task.report_to) == ("2026-06-15", "before", "Ủy ban nhân dân tỉnh")
    assert task.quote == TEXT[task.span[0]:task.span[1]] and task.assigned_by == "Ủy ban nhân dân tỉnh Hà Giang"


def test_tasks_unqualified_name_narrows_to_the_province_that_names_it():
    other = tinh("Ủy ban nhân dân tỉnh Cao Bằng", "12/UBND-TH")
    other = other.model_copy(update={"assignments": other.assignments[1:], "deadlines": []})
    items = tasks_for_unit({"hg": tinh(), "cb": other}, "Sở Tài chính")
    assert {t.document for t in items} == {"hg"}  # Cao Bằng's "các Sở" is not Hà Giang's Sở Tài chính


@pytest.mark.parametrize("kwargs, dues", [
    (dict(due_before="2026-06-16"), ["2026-06-15"]),
    (dict(due_before=dt.date(2026, 6, 15)), []),
    (dict(overdue=True, today=dt.date(2026, 6, 16)), ["2026-06-15"]),
    (dict(overdue=True, today=dt.date(2026, 6, 15)), []),
])
def test_tasks_filters(kwargs, dues):
    assert [t.due for t in tasks_for_unit({"cv": tinh()}, "Sở Tài chính", **kwargs)] == dues


def test_tasks_csv_and_json():
    items = tasks_for_unit({"cv": tinh()}, "Sở Tài chính")
    rows = list(csv.DictReader(io.StringIO(format_tasks(items, "csv"))))
    assert rows[0]["due"] == "2026-06-15" and rows[0]["report_to"] == "Ủy ban nhân dân tỉnh"
    assert json.loads(format_tasks(items, "json"))[1]["unit"] == "Các Sở, ban, ngành"


def test_tasks_ics_imports_with_one_event_per_deadline():
    items = tasks_for_unit({"cv": tinh()}, "Sở Tài chính")
    cal = Calendar.from_ical(format_tasks(items, "ics", today=dt.date(2026, 6, 1)))
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1  # the undated group task has no calendar day
    ev = events[0]
    assert ev.get("dtstart").dt == dt.date(2026, 6, 15) and ev.get("dtend").dt == dt.date(2026, 6, 16)
    assert "88/UBND-KT" in str(ev.get("description")) and str(ev.get("summary")).startswith("Hạn:")
    # a second export gives the same UID: calendars update the event instead of duplicating it
    again = Calendar.from_ical(format_tasks(items, "ics", today=dt.date(2026, 6, 2)))
    assert [str(e.get("uid")) for e in again.walk("VEVENT")] == [str(ev.get("uid"))]


@pytest.mark.parametrize("unit, successors, expect", [
    ("Sở Tài chính tỉnh Tuyên Quang", False, []),
    # Hà Giang merged into Tuyên Quang in 2025: its Sở Tài chính's open tasks passed to Tuyên Quang's
    ("Sở Tài chính tỉnh Tuyên Quang", True, [("2026-06-15", "successor"), (None, "successor")]),
    ("Sở Tài chính tỉnh Hà Giang", True, [("2026-06-15", "name"), (None, "group")]),  # the old name keeps working
    ("Sở Tài chính tỉnh Cao Bằng", True, []),  # not merged with Hà Giang
])
def test_tasks_successors_of_merged_provinces(unit, successors, expect):
    pytest.importorskip("underthesea")
    items = tasks_for_unit({"cv": tinh()}, unit, successors=successors)
    assert [(t.due, t.matched) for t in items] == expect


def _plan(issuer: str, parent=None, group: str = "Ủy ban nhân dân các xã, thị trấn", cites: str | None = None,
          task: str = "Tổ chức tuyên truyền tại địa phương") -> Record:
    from extractor.models import Citation

    return Record(issuer=Issuer(name=issuer, parent=parent),
                  legal_basis=[Citation(relation="thực hiện", issuer=cites, number="12/KH-UBND")] if cites else [],
                  assignments=[Assignment(unit=group, tasks=[Task(text=task)])])


def test_tasks_group_of_another_district_or_province_is_not_the_communes():
    """A commune named without its district ("UBND xã Tân Lập") takes the "UBND các xã" tasks of its own
    district and province — learnt from the parent its own documents print and from the plan its
    district implements — and not those of every province in the archive."""
    records = {
        "xa": _plan("Ủy ban nhân dân xã Tân Lập", parent="UBND huyện Sơn Hà", group="Các thôn, tổ dân phố"),
        "huyen": _plan("Ủy ban nhân dân huyện Sơn Hà", cites="Ủy ban nhân dân tỉnh Bắc Sơn", task="Việc của huyện"),
        "tinh": _plan("Ủy ban nhân dân tỉnh Bắc Sơn", group="Ủy ban nhân dân các xã, phường", task="Việc của tỉnh"),
        "huyen-khac": _plan("Ủy ban nhân dân huyện Đồng Lạc", task="Việc của huyện khác"),
        "tinh-khac": _plan("Ủy ban nhân dân tỉnh Nam Hà", group="Ủy ban nhân dân các xã, phường", task="Việc của tỉnh khác"),
    }
    got = sorted(t.text for t in tasks_for_unit(records, "UBND xã Tân Lập"))
    assert got == ["Việc của huyện", "Việc của tỉnh"]
    # nothing known of a commune's district or province: every group that may hold it still counts
    unknown = sorted(t.text for t in tasks_for_unit(records, "UBND xã Phú Lương"))
    assert unknown == ["Việc của huyện", "Việc của huyện khác", "Việc của tỉnh", "Việc của tỉnh khác"]
