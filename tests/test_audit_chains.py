"""Cross-level audit over our own chains (corpora/chains/<chain>/<doc>/gold.json, expected_audit.json):
every planted code fires where planted and nowhere else, and clean chains stay clean — also when we
plant a conflict into a clean chain or remove one from a dirty chain."""
import json
from pathlib import Path

import pytest

from extractor.audit import audit_all, audit_records
from extractor.linking import link_records
from extractor.models import Record

CHAINS = Path(__file__).resolve().parents[1] / "corpora" / "chains"
CROSS = {"CROSS_LEVEL_DEADLINE", "EVENT_RANGE_MISMATCH", "REFERENCE_DATE_MISMATCH", "UNRESOLVED_REFERENCE"}


def chain_names():
    return sorted(p.name for p in CHAINS.iterdir() if (p / "expected_audit.json").exists()) if CHAINS.is_dir() else []


def load_gold_chain(name: str) -> dict[str, Record]:
    out = {}
    for d in sorted((CHAINS / name).iterdir()):
        if (d / "gold.json").exists():
            data = json.loads((d / "gold.json").read_text(encoding="utf-8"))
            data.pop("notes", None)
            out[d.name] = Record.model_validate(data)
    return out


def cross_codes(findings):
    return sorted((f.code, tuple(e.document for e in f.evidence)) for f in findings if f.code in CROSS)


def expected_codes(name: str):
    exp = json.loads((CHAINS / name / "expected_audit.json").read_text(encoding="utf-8"))
    return sorted((f["code"], tuple(d for d in f["doc_ids"] if d)) for f in exp["findings"])


@pytest.mark.parametrize("name", chain_names())
def test_audit_chain_gold_findings_match_expected(name):
    records = load_gold_chain(name)
    assert cross_codes(audit_all(records)) == expected_codes(name)


@pytest.mark.parametrize("name", chain_names())
def test_audit_chain_links_match_expected(name):
    exp = json.loads((CHAINS / name / "expected_audit.json").read_text(encoding="utf-8"))
    links = link_records(load_gold_chain(name))
    got = sorted((l.document, l.target) for l in links if l.target)
    assert got == sorted((l["from"], l["to"]) for l in exp["links"])


def _edit(records, doc, field, index, **changes):
    rec = records[doc]
    items = list(getattr(rec, field))
    items[index] = items[index].model_copy(update=changes)
    return {**records, doc: rec.model_copy(update={field: items})}


def _find(records, doc, field, pred):
    return next(i for i, x in enumerate(getattr(records[doc], field)) if pred(x))


# Each case changes one value of a chain and says which cross-level codes must then be present
# beyond UNRESOLVED_REFERENCE, as (code, parent-or-citing doc, child-or-cited doc).
def _case_commune_report_after_province(r):
    i = _find(r, "3-xa-hoang-son", "deadlines", lambda d: "trường" in " ".join(d.responsible))
    return _edit(r, "3-xa-hoang-son", "deadlines", i, due="2026-05-25")


def _case_commune_report_too_close(r):
    i = _find(r, "3-xa-hoang-son", "deadlines", lambda d: "trường" in " ".join(d.responsible))
    return _edit(r, "3-xa-hoang-son", "deadlines", i, due="2026-05-21")  # 1 day < the commune's 2


def _case_commune_event_shifted(r):
    return _edit(r, "3-xa-hoang-son", "events", 0, start="2026-04-16")


def _case_citation_date_wrong(r):
    return _edit(r, "3-xa-hoang-son", "legal_basis", 0, issued_on="2026-04-30")


def _case_citation_number_typo(r):
    # one letter too many in the symbol: still the province's plan, but the number disagrees
    return _edit(r, "3-xa-hoang-son", "legal_basis", 0, number="96/KH-UBNDT")


def _case_citation_number_wrong_seq(r):
    # another sequence number with the plan's own type, issuer and date: the plan, misnumbered
    return _edit(r, "3-xa-hoang-son", "legal_basis", 0, number="69/KH-UBND")


def _case_citation_of_another_plan(r):
    return _edit(r, "3-xa-hoang-son", "legal_basis", 0, number="69/KH-UBND", issued_on="2026-04-05")


def _case_commune_cites_province_only_in_body(r):
    # the commune's late report again, but the province's plan is only mentioned in the body
    r = _case_commune_report_after_province(r)
    rec = r["3-xa-hoang-son"]
    return {**r, "3-xa-hoang-son": rec.model_copy(update={"legal_basis": [], "references": rec.legal_basis})}


def _case_district_deadline_without_units(r):
    # the district's late deadline with neither units nor recipient: it may be its own report upward
    i = _find(r, "3-huyen-van-yen", "deadlines", lambda d: d.due == "2024-10-25")
    return _edit(r, "3-huyen-van-yen", "deadlines", i, responsible=[], recipient=None)


def _case_district_deadline_addressed_to_itself(r):
    i = _find(r, "3-huyen-van-yen", "deadlines", lambda d: d.due == "2024-10-25")
    return _edit(r, "3-huyen-van-yen", "deadlines", i, responsible=[], recipient="Ủy ban nhân dân huyện")


def _case_district_now_reports_in_time(r):
    i = _find(r, "3-huyen-van-yen", "deadlines", lambda d: d.due == "2024-10-25")
    return _edit(r, "3-huyen-van-yen", "deadlines", i, due="2024-10-18")


def _case_district_leaves_one_day(r):
    i = _find(r, "3-huyen-van-yen", "deadlines", lambda d: d.due == "2024-10-25")
    return _edit(r, "3-huyen-van-yen", "deadlines", i, due="2024-10-20")


def _case_commune_event_fixed(r):
    return _edit(r, "4-xa-dong-cuong", "events", 0, start="2024-10-01", end="2024-10-07")


def _case_other_year_event_is_not_the_same(r):
    return _edit(r, "4-xa-dong-cuong", "events", 0, name="Tuần lễ hưởng ứng học tập suốt đời năm 2025",
                 start="2025-10-02", end="2025-10-08")


@pytest.mark.parametrize("chain, change, planted, removed", [
    ("atthp-2026", _case_commune_report_after_province,
     [("CROSS_LEVEL_DEADLINE", ("2-tinh-thanh-hoa", "3-xa-hoang-son"))], []),
    ("atthp-2026", _case_commune_report_too_close,
     [("CROSS_LEVEL_DEADLINE", ("2-tinh-thanh-hoa", "3-xa-hoang-son"))], []),
    ("atthp-2026", _case_commune_cites_province_only_in_body, [], []),
    ("atthp-2026", _case_commune_event_shifted,
     [("EVENT_RANGE_MISMATCH", ("2-tinh-thanh-hoa", "3-xa-hoang-son"))], []),
    ("atthp-2026", _case_citation_date_wrong,
     [("REFERENCE_DATE_MISMATCH", ("3-xa-hoang-son", "2-tinh-thanh-hoa"))], []),
    ("atthp-2026", _case_citation_number_typo,
     [("REFERENCE_DATE_MISMATCH", ("3-xa-hoang-son", "2-tinh-thanh-hoa"))], []),
    ("atthp-2026", _case_citation_number_wrong_seq,
     [("REFERENCE_DATE_MISMATCH", ("3-xa-hoang-son", "2-tinh-thanh-hoa"))], []),
    ("atthp-2026", _case_citation_of_another_plan, [], []),  # not in the archive: unresolved, no pair
    ("hoc-tap-2024", _case_district_now_reports_in_time, [],
     [("CROSS_LEVEL_DEADLINE", ("2-tinh-yen-bai", "3-huyen-van-yen"))]),
    ("hoc-tap-2024", _case_district_leaves_one_day, [], []),
    ("hoc-tap-2024", _case_district_deadline_without_units, [],
     [("CROSS_LEVEL_DEADLINE", ("2-tinh-yen-bai", "3-huyen-van-yen"))]),
    ("hoc-tap-2024", _case_district_deadline_addressed_to_itself, [], []),  # 2024-10-20 vs 21: 1 day < district's 2 → still fires
    ("hoc-tap-2024", _case_commune_event_fixed, [],
     [("EVENT_RANGE_MISMATCH", ("3-huyen-van-yen", "4-xa-dong-cuong"))]),
    ("hoc-tap-2024", _case_other_year_event_is_not_the_same, [],
     [("EVENT_RANGE_MISMATCH", ("3-huyen-van-yen", "4-xa-dong-cuong"))]),
])
def test_audit_chain_planted_and_removed_conflicts(chain, change, planted, removed):
    if chain not in chain_names():
        pytest.skip(f"corpora/chains/{chain} is absent")
    records = change(load_gold_chain(chain))
    got = [c for c in cross_codes(audit_records(records, link_records(records))) if c[0] != "UNRESOLVED_REFERENCE"]
    base = [c for c in expected_codes(chain) if c[0] != "UNRESOLVED_REFERENCE"]
    assert got == sorted(set(base) - set(removed) | set(planted))


def test_audit_chain_citation_of_another_plan_is_unresolved():
    records = _case_citation_of_another_plan(load_gold_chain("atthp-2026"))
    unresolved = [f for f in audit_all(records) if f.code == "UNRESOLVED_REFERENCE"]
    assert any(e.value == "69/KH-UBND" for f in unresolved for e in f.evidence)


@pytest.mark.parametrize("name", chain_names())
def test_audit_chain_extracted_findings_match_expected(name):
    """The whole pipeline: extract each source.txt, link, audit; the same findings as the gold's."""
    from extractor.pipeline import extract_file

    records = {d.name: extract_file(d / "source.txt") for d in sorted((CHAINS / name).iterdir())
               if (d / "source.txt").exists()}
    findings = audit_all(records)
    assert cross_codes(findings) == expected_codes(name)
    for f in findings:  # every quote is the record's own text at the span
        for e in f.evidence:
            if e.span:
                assert e.quote.rstrip("…") in records[e.document].text[e.span[0]:e.span[1]]
