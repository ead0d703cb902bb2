"""EVENT_RANGE_MISMATCH compares events by name; an event named only by its heading ("1. Thời gian")
is compared by the subject of the plan that sets it."""
import pytest

from extractor.audit import audit_all
from extractor.models import Citation, DateValue, Event, Issuer, Number, Record, Subject


def pair(parent_event, child_event, parent_subject, child_subject):
    parent = Record(number=Number(text="60/KH-UBND"), issuer=Issuer(name="Ủy ban nhân dân huyện Vị Xuyên"),
                    issued_on=DateValue(date="2026-08-01"), subject=Subject(text=parent_subject), events=[parent_event])
    child = Record(number=Number(text="14/KH-UBND"), issuer=Issuer(name="Ủy ban nhân dân xã Phú Linh"),
                   issued_on=DateValue(date="2026-08-05"), subject=Subject(text=child_subject), events=[child_event],
                   legal_basis=[Citation(number="60/KH-UBND", issued_on="2026-08-01")])
    return {"huyen": parent, "xa": child}


HOI_THAO = "Tổ chức Hội thao người cao tuổi năm 2026"


@pytest.mark.parametrize("pe, ce, ps, cs, fires", [
    (Event(name="Hội thao người cao tuổi năm 2026", start="2026-09-10", end="2026-09-12"),
     Event(name="Hội thao người cao tuổi năm 2026", start="2026-09-11", end="2026-09-12"), HOI_THAO, HOI_THAO, True),
    (Event(name="Hội thao người cao tuổi năm 2026", start="2026-09-10", end="2026-09-12"),
     Event(name="Hội thao người cao tuổi năm 2026", start="2026-09-10", end="2026-09-12"), HOI_THAO, HOI_THAO, False),
    # headings as names: the plans' subjects decide
    (Event(name="1. Thời gian", start="2026-09-10", end="2026-09-12"),
     Event(name="2. Thời gian tổ chức", start="2026-09-11", end="2026-09-13"), HOI_THAO, HOI_THAO, True),
    (Event(name="1. Thời gian", start="2026-09-10", end="2026-09-12"),
     Event(name="1. Thời gian", start="2026-09-20", end="2026-09-21"), HOI_THAO,
     "Tổ chức Lễ hội cốm làng Phú Linh", False),
    # regression: the events stage named an event after its section heading "II. THỜI GIAN, CHỦ ĐỀ"
    (Event(name="CHỦ ĐỀ", start="2026-09-10", end="2026-09-12"),
     Event(name=None, start="2026-09-11", end="2026-09-13"), HOI_THAO, HOI_THAO, True),
    (Event(name=None, start="2026-09-10", end="2026-09-12"),
     Event(name="II. Thời gian", start="2026-09-09", end="2026-09-12"), HOI_THAO, HOI_THAO, True),
    # another year's event of the same name
    (Event(name="Hội thao người cao tuổi năm 2026", start="2026-09-10", end="2026-09-12"),
     Event(name="Hội thao người cao tuổi năm 2025", start="2025-09-11", end="2025-09-12"), HOI_THAO, HOI_THAO, False),
])
def test_audit_event_range(pe, ce, ps, cs, fires):
    codes = [f.code for f in audit_all(pair(pe, ce, ps, cs))]
    assert ("EVENT_RANGE_MISMATCH" in codes) == fires
