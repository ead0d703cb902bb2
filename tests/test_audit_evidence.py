"""Every cross-document finding quotes both sides from each record's own text[span], so a person can
check it in seconds; the table, JSON and HTML outputs carry those quotes."""
import json

import pytest

from extractor.audit import audit_all, format_findings
from extractor.models import Citation, DateValue, Deadline, Event, Finding, Issuer, Number, Record

PARENT_TEXT = ("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nSố: 77/KH-UBND\n"
               "Hội thi Tin học trẻ tỉnh tổ chức từ ngày 10/5/2026 đến ngày 12/5/2026.\n"
               "Ủy ban nhân dân các huyện báo cáo kết quả Hội thi về Sở Giáo dục và Đào tạo trước ngày 20/5/2026.")
CHILD_TEXT = ("ỦY BAN NHÂN DÂN HUYỆN VỊ XUYÊN\nSố: 31/KH-UBND\n"
              "Thực hiện Kế hoạch số 77/KH-UBND ngày 02/4/2026 của Ủy ban nhân dân tỉnh.\n"
              "Hội thi Tin học trẻ tỉnh tổ chức từ ngày 11/5/2026 đến ngày 12/5/2026.\n"
              "Ủy ban nhân dân các xã báo cáo kết quả Hội thi về Ủy ban nhân dân huyện trước ngày 22/5/2026.")


def span(text, phrase):
    i = text.index(phrase)
    return (i, i + len(phrase))


def records():
    p_event = "từ ngày 10/5/2026 đến ngày 12/5/2026"
    p_dead = "báo cáo kết quả Hội thi về Sở Giáo dục và Đào tạo trước ngày 20/5/2026"
    parent = Record(
        text=PARENT_TEXT, number=Number(text="77/KH-UBND"), issuer=Issuer(name="Ủy ban nhân dân tỉnh Hà Giang"),
        issued_on=DateValue(date="2026-04-01"),
        events=[Event(name="Hội thi Tin học trẻ tỉnh", start="2026-05-10", end="2026-05-12", span=span(PARENT_TEXT, p_event))],
        deadlines=[Deadline(due="2026-05-20", action="báo cáo kết quả Hội thi", responsible=["Ủy ban nhân dân các huyện"],
                            recipient="Sở Giáo dục và Đào tạo", span=span(PARENT_TEXT, p_dead))],
        findings=[Finding(code="INVALID_DATE", message="demo", spans=[span(PARENT_TEXT, "10/5/2026")])])
    c_cit = "Kế hoạch số 77/KH-UBND ngày 02/4/2026"
    child = Record(
        text=CHILD_TEXT, number=Number(text="31/KH-UBND"), issuer=Issuer(name="Ủy ban nhân dân huyện Vị Xuyên"),
        issued_on=DateValue(date="2026-04-08"),
        legal_basis=[Citation(doc_type="Kế hoạch", number="77/KH-UBND", issued_on="2026-04-02", span=span(CHILD_TEXT, c_cit))],
        events=[Event(name="Hội thi Tin học trẻ tỉnh", start="2026-05-11", end="2026-05-12",
                      span=span(CHILD_TEXT, "từ ngày 11/5/2026 đến ngày 12/5/2026"))],
        deadlines=[Deadline(due="2026-05-22", action="báo cáo kết quả Hội thi", responsible=["Ủy ban nhân dân các xã"],
                            recipient="Ủy ban nhân dân huyện",
                            span=span(CHILD_TEXT, "báo cáo kết quả Hội thi về Ủy ban nhân dân huyện trước ngày 22/5/2026"))])
    return {"tinh": parent, "huyen": child}


def test_audit_evidence_quotes_both_records():
    recs = records()
    found = {f.code: f for f in audit_all(recs)}
    assert set(found) == {"INVALID_DATE", "CROSS_LEVEL_DEADLINE", "EVENT_RANGE_MISMATCH", "REFERENCE_DATE_MISMATCH"}
    for code in ("CROSS_LEVEL_DEADLINE", "EVENT_RANGE_MISMATCH", "REFERENCE_DATE_MISMATCH"):
        f = found[code]
        assert {e.document for e in f.evidence} == {"tinh", "huyen"}
        for e in f.evidence:
            if e.span:
                assert e.quote == recs[e.document].text[e.span[0]:e.span[1]]
    cross = found["CROSS_LEVEL_DEADLINE"]
    assert [e.quote for e in cross.evidence] == [
        "báo cáo kết quả Hội thi về Sở Giáo dục và Đào tạo trước ngày 20/5/2026",
        "báo cáo kết quả Hội thi về Ủy ban nhân dân huyện trước ngày 22/5/2026"]
    assert found["INVALID_DATE"].scope == "document" and found["INVALID_DATE"].evidence[0].quote == "10/5/2026"


@pytest.mark.parametrize("fmt, must_contain", [
    ("table", ["CROSS_LEVEL_DEADLINE", "“từ ngày 11/5/2026 đến ngày 12/5/2026”", "31/KH-UBND (Ủy ban nhân dân huyện Vị Xuyên)"]),
    ("html", ["<blockquote>Kế hoạch số 77/KH-UBND ngày 02/4/2026</blockquote>", "<!DOCTYPE html>"]),
])
def test_audit_formats_show_quotes(fmt, must_contain):
    out = format_findings(audit_all(records()), fmt)
    for s in must_contain:
        assert s in out


def test_audit_json_is_a_list_of_findings_with_evidence():
    data = json.loads(format_findings(audit_all(records()), "json"))
    assert {d["code"] for d in data} >= {"CROSS_LEVEL_DEADLINE", "REFERENCE_DATE_MISMATCH"}
    assert all(isinstance(d["evidence"], list) and d["evidence"] for d in data)


def test_audit_html_escapes_document_text():
    recs = records()
    recs["huyen"] = recs["huyen"].model_copy(update={"findings": [Finding(code="NUMBERING_GAP", message="<b>x</b>")]})
    out = format_findings(audit_all(recs), "html")
    assert "<b>x</b>" not in out and "&lt;b&gt;x&lt;/b&gt;" in out
