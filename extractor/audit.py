"""The archive audit: every finding within documents, and the findings across documents that only
the citation graph shows (record.md codes):

- `CROSS_LEVEL_DEADLINE`: a unit must report upward by D (parent document), but its own document
  (which cites the parent) asks its subordinates for the same report after D, or leaves itself less
  than the gap its level needs (rules/audit.yaml `min_gap_days`);
- `EVENT_RANGE_MISMATCH`: the child holds the parent's event on other dates;
- `REFERENCE_DATE_MISMATCH`: a citation's date or number disagrees with the cited record itself;
- `UNRESOLVED_REFERENCE`: a numbered citation whose document is not in the archive (info).

Each finding carries the evidence of both sides: document, field, span and the quoted `text[span]`,
so a person can check it in seconds. `audit_records` is pure (records + links in, findings out);
`audit_archive` is the thin wrapper over a store.

>>> from extractor.models import Citation, Number
>>> recs = {"a": Record(number=Number(text="12/UBND-VX"), legal_basis=[Citation(number="7/QĐ-TTg")])}
>>> [f.code for f in audit_records(recs, link_records(recs))]
['UNRESOLVED_REFERENCE']
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from typing import Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict, Field

from extractor.audit_rules import load_audit_rules
from extractor.linking import Link, link_records
from extractor.textkeys import number_key, similarity, syllables
from extractor.unit_refs import mentions, record_unit, unit_covers
from extractor.models import Deadline, Record, Span

QUOTE_MAX = 300
_LEVEL_VI = {"central": "trung ương", "province": "tỉnh", "district": "huyện", "commune": "xã", "unit": "đơn vị"}


class Evidence(BaseModel):
    """One side of a finding: where in which document, and the words there."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str  # archive id
    label: str  # "145/KH-UBND (Ủy ban nhân dân huyện Văn Yên)"
    field: str  # "deadlines[1]", "events[0]", "legal_basis[0]", "issued_on" …
    value: Optional[str] = None  # the value read there ("2024-10-25")
    span: Optional[Span] = None
    page: Optional[int] = None
    quote: Optional[str] = None  # text[span]
    path: Optional[str] = None


class AuditFinding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    code: str
    severity: Literal["info", "warning", "error"] = "warning"
    scope: Literal["document", "cross"] = "cross"
    message: str
    rule: Optional[str] = None
    evidence: list[Evidence] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Evidence


def label_of(rec: Record) -> str:
    number = rec.number.text if rec.number and rec.number.text else None
    issuer = rec.issuer.name if rec.issuer and rec.issuer.name else None
    if number and issuer:
        return f"{number} ({issuer})"
    return number or issuer or (rec.source.path or "?")


def evidence(doc_id: str, rec: Record, field: str, obj=None, value: str | None = None) -> Evidence:
    """Evidence for `field` of `rec`, quoting `text[span]` of `obj` (a grounded value) when it has one."""
    span = getattr(obj, "span", None) if obj is not None else None
    quote = None
    if span and rec.text:
        quote = rec.text[span[0]:span[1]]
        if len(quote) > QUOTE_MAX:
            quote = quote[:QUOTE_MAX - 1] + "…"
    return Evidence(document=doc_id, label=label_of(rec), field=field, value=value, span=span,
                    page=getattr(obj, "page", None) if obj is not None else None, quote=quote,
                    path=rec.source.path)


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Within documents


def document_findings(records: Mapping[str, Record]) -> list[AuditFinding]:
    """Record.findings of every record, with their evidence quoted."""
    out = []
    for rid, rec in records.items():
        for fi, f in enumerate(rec.findings):
            ev = []
            for i, span in enumerate(f.spans or [None]):
                quote = rec.text[span[0]:span[1]] if span and rec.text else None
                ev.append(Evidence(document=rid, label=label_of(rec), field=f"findings[{fi}].spans[{i}]", span=span,
                                   quote=quote[:QUOTE_MAX] if quote else None, path=rec.source.path))
            out.append(AuditFinding(code=f.code, severity=f.severity, scope="document", message=f.message,
                                    rule=f.rule, evidence=ev))
    return out


# ---------------------------------------------------------------------------------------------
# Across documents


def _min_gap(level: str | None) -> tuple[int, str]:
    gaps = {g.level: g for g in load_audit_rules().min_gap_days}
    g = gaps.get(level or "default") or gaps["default"]
    return g.days, g.id


def _covered(mentions, unit) -> bool:
    return unit is not None and any(unit_covers(m, unit) for m in mentions)


def _action_words(d: Deadline, stop) -> set[str]:
    # "báo cáo kết quả về Sở Y tế" and "báo cáo kết quả về UBND huyện" ask for the same report: who
    # sends and who receives are compared elsewhere, so their names leave the action
    names = set()
    for n in [d.recipient, d.via, *d.responsible]:
        names |= syllables(n or "")
    words = syllables(d.action or "", stop)
    return (words - names) or words


def _action_similarity(a: Deadline, b: Deadline, stop) -> float:
    wa, wb = _action_words(a, stop), _action_words(b, stop)
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


def find_cross_level_deadlines(parent_id: str, parent: Record, child_id: str, child: Record) -> list[AuditFinding]:
    """CROSS_LEVEL_DEADLINE between a parent document and a child that cites it."""
    rules = load_audit_rules()
    child_unit = record_unit(child)
    out = []
    for pi, pd in enumerate(parent.deadlines):
        p_due = _date(pd.due)
        if p_due is None or not pd.responsible:
            continue
        resp = mentions(parent, pd.responsible)
        upward = mentions(parent, [n for n in (pd.recipient, parent.issuer.name if parent.issuer else None) if n])
        concerns_child = _covered(resp, child_unit)
        for ci, cd in enumerate(child.deadlines):
            c_due = _date(cd.due)
            if c_due is None:
                continue
            c_resp = mentions(child, cd.responsible)
            c_recipients = mentions(child, cd.recipient or [])
            # the child restating or delegating the upward report itself is not a report from below
            if any(_covered(resp, u) for u in c_resp) or any(_covered(upward, r) for r in c_recipients):
                continue
            if not (concerns_child or any(_covered(resp, r) for r in c_recipients)):
                continue
            # only a request to units below counts: named units, or a report addressed to the child's
            # issuer itself ("… báo cáo về UBND huyện"); an unattributed deadline may be the upward one
            if not c_resp and not (child_unit and any(unit_covers(r, child_unit) for r in c_recipients)):
                continue
            if _action_similarity(pd, cd, rules.stop_syllables) < rules.similarity.deadline_action:
                continue
            need, gap_rule = _min_gap(child_unit.level if child_unit else None)
            gap = (p_due - c_due).days
            if gap >= need:
                continue
            who, below = ", ".join(pd.responsible), ", ".join(cd.responsible) or "cấp dưới"
            if c_due > p_due:
                msg = (f"{who} phải báo cáo hạn {pd.due} ({label_of(parent)}), nhưng {label_of(child)} lại yêu cầu "
                       f"{below} báo cáo cùng nội dung hạn {cd.due}, sau hạn đó.")
            else:
                level = _LEVEL_VI.get(child_unit.level if child_unit else None, "đơn vị")
                msg = (f"{who} phải báo cáo hạn {pd.due} ({label_of(parent)}); {label_of(child)} yêu cầu {below} "
                       f"báo cáo cùng nội dung hạn {cd.due}, chỉ còn {gap} ngày, ít hơn {need} ngày cấp {level} cần "
                       f"để tổng hợp.")
            out.append(AuditFinding(code="CROSS_LEVEL_DEADLINE", severity="warning", message=msg,
                                    rule=gap_rule if c_due <= p_due else "audit.cross_level.after",
                                    evidence=[evidence(parent_id, parent, f"deadlines[{pi}]", pd, pd.due),
                                              evidence(child_id, child, f"deadlines[{ci}]", cd, cd.due)]))
    return out


def _years(text: str | None) -> set[str]:
    return {w for w in syllables(text or "") if len(w) == 4 and w.isdigit()}


@functools.lru_cache(maxsize=1)
def _generic_event_syllables() -> frozenset[str]:
    rules = load_audit_rules()
    return frozenset(syllables(" ".join(rules.generic_event_words)) | syllables(" ".join(rules.stop_syllables)))


def event_name(rec: Record, ev) -> str | None:
    """The name an event is compared by: its own, or — when that is only a heading ("1. Thời gian",
    "Thời gian tổ chức") or missing — the subject of the plan that sets it."""
    generic = _generic_event_syllables()
    own = {w for w in syllables(ev.name or "") if not re.fullmatch(r"\d+|[ivxlc]+", w)} - generic
    if own:
        return ev.name
    subject = rec.subject.text if rec.subject and rec.subject.text else None
    return re.sub(r"^\s*(?:v/v|về việc)[:\s]*", "", subject, flags=re.I) if subject else None


def find_event_range_mismatches(parent_id: str, parent: Record, child_id: str, child: Record) -> list[AuditFinding]:
    """EVENT_RANGE_MISMATCH: the same event (by name) on other dates in the child."""
    rules = load_audit_rules()
    out = []
    for pi, pe in enumerate(parent.events):
        pname = event_name(parent, pe)
        if not pname or not (pe.start or pe.end):
            continue
        for ci, ce in enumerate(child.events):
            cname = event_name(child, ce)
            if not cname or not (ce.start or ce.end):
                continue
            # "… năm 2025" and "… năm 2026" are two events however alike their names
            yp, yc = _years(pname), _years(cname)
            if yp and yc and not yp & yc:
                continue
            if similarity(pname, cname, rules.stop_syllables) < rules.similarity.event_name:
                continue
            if (pe.start, pe.end) == (ce.start, ce.end):
                continue
            msg = (f"{label_of(parent)} ấn định “{pname}” từ {pe.start} đến {pe.end}; {label_of(child)} tổ chức "
                   f"từ {ce.start} đến {ce.end}.")
            out.append(AuditFinding(code="EVENT_RANGE_MISMATCH", severity="warning", message=msg,
                                    rule="audit.event_range",
                                    evidence=[evidence(parent_id, parent, f"events[{pi}]", pe, f"{pe.start}..{pe.end}"),
                                              evidence(child_id, child, f"events[{ci}]", ce, f"{ce.start}..{ce.end}")]))
    return out


def find_reference_mismatches(link: Link, citing: Record, target: Record) -> list[AuditFinding]:
    """REFERENCE_DATE_MISMATCH: the citation's date or number against the cited record's own."""
    cit = (citing.legal_basis if link.kind == "legal_basis" else citing.references)[link.index]
    field = f"{link.kind}[{link.index}]"
    out = []
    t_date = target.issued_on.date if target.issued_on else None
    if cit.issued_on and t_date and cit.issued_on != t_date:
        out.append(AuditFinding(
            code="REFERENCE_DATE_MISMATCH", severity="warning", rule="audit.reference.date",
            message=(f"{label_of(citing)} dẫn {cit.number or label_of(target)} ngày {cit.issued_on}; "
                     f"chính văn bản đó ghi ngày {t_date}."),
            evidence=[evidence(link.document, citing, field, cit, cit.issued_on),
                      evidence(link.target, target, "issued_on", target.issued_on, t_date)]))
    ck = number_key(cit.number)
    tk = number_key(target.number.text if target.number else None)
    if ck and tk and ck.seq and tk.seq and ck.strict != tk.strict:
        # spacing, case and look-alike letters are not disagreements; Đ/D or a changed symbol are
        severity = "info" if ck.loose == tk.loose else "warning"
        out.append(AuditFinding(
            code="REFERENCE_DATE_MISMATCH", severity=severity, rule="audit.reference.number",
            message=(f"{label_of(citing)} dẫn số {cit.number}; văn bản được đối chiếu (theo {link.method}) "
                     f"mang số {target.number.text}."),
            evidence=[evidence(link.document, citing, field, cit, cit.number),
                      evidence(link.target, target, "number", target.number, target.number.text)]))
    return out


def find_unresolved(link: Link, citing: Record) -> list[AuditFinding]:
    """UNRESOLVED_REFERENCE for a numbered citation the archive does not hold (or cannot tell apart)."""
    cit = (citing.legal_basis if link.kind == "legal_basis" else citing.references)[link.index]
    if not cit.number or number_key(cit.number) is None:
        return []  # a law cited by name only is not a document to ingest
    what = " ".join(x for x in (cit.doc_type, cit.number) if x)
    if link.method == "ambiguous":
        msg = f"{what} (dẫn trong {label_of(citing)}) khớp {len(link.candidates)} văn bản trong kho; chưa liên kết."
    else:
        msg = f"{what} (dẫn trong {label_of(citing)}) không có trong kho (thông tin)."
    return [AuditFinding(code="UNRESOLVED_REFERENCE", severity="info", rule="audit.unresolved", message=msg,
                         evidence=[evidence(link.document, citing, f"{link.kind}[{link.index}]", cit, cit.number)])]


def audit_records(records: Mapping[str, Record], links: list[Link]) -> list[AuditFinding]:
    """Findings across documents, from records and their resolved citations (pure).

    Parent/child pairs are the resolved legal-basis links (child cites parent), each pair audited once.
    """
    out: list[AuditFinding] = []
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for link in links:
        citing = records.get(link.document)
        if citing is None:
            continue
        if link.target is None or link.target not in records:
            out += find_unresolved(link, citing)
            continue
        out += find_reference_mismatches(link, citing, records[link.target])
        # the hierarchy is the legal basis ("Thực hiện Kế hoạch số …"); a document merely mentioned in
        # the body is checked for its date and number, not taken as the parent that sets dates
        if link.kind == "legal_basis" and link.target != link.document and (link.target, link.document) not in seen:
            seen.add((link.target, link.document))
            pairs.append((link.target, link.document))
    for parent_id, child_id in pairs:
        parent, child = records[parent_id], records[child_id]
        out += find_cross_level_deadlines(parent_id, parent, child_id, child)
        out += find_event_range_mismatches(parent_id, parent, child_id, child)
    return out


def audit_all(records: Mapping[str, Record], links: list[Link] | None = None) -> list[AuditFinding]:
    """Findings within documents, then across them; links are computed when not given."""
    links = link_records(records) if links is None else links
    return document_findings(records) + audit_records(records, links)


# ---------------------------------------------------------------------------------------------
# Store and output


def audit_archive(url: str) -> list[AuditFinding]:
    """The audit of a stored archive (SQLite path or postgresql:// URL), links refreshed if stale.

    >>> audit_archive(":memory:")
    []
    """
    from extractor.linking import current_records, ensure_links
    from extractor.store import open_store

    with open_store(url) as store:
        records = current_records(store)
        links = ensure_links(store, records)
    return audit_all(records, links)


def format_findings(findings: list[AuditFinding], fmt: str) -> str:
    """Findings as `table` (one block per finding, evidence quoted), `json` or `html`."""
    if fmt == "json":
        return json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False, indent=1)
    if fmt == "html":
        return _html(findings)
    lines = []
    for f in findings:
        lines.append(f"{f.severity.upper():7} {f.code}  {f.message}")
        for e in f.evidence:
            where = f"{e.label} · {e.field}" + (f" · [{e.span[0]}:{e.span[1]}]" if e.span else "") + \
                    (f" · p.{e.page}" if e.page else "")
            lines.append(f"        {where}")
            if e.quote:
                lines.append(f"          “{' '.join(e.quote.split())}”")
    lines.append(f"{len(findings)} phát hiện")
    return "\n".join(lines)


def _html(findings: list[AuditFinding]) -> str:
    esc = html.escape
    rows = []
    for f in findings:
        ev = "".join(
            f"<li><b>{esc(e.label)}</b> · {esc(e.field)}" + (f" [{e.span[0]}:{e.span[1]}]" if e.span else "")
            + (f"<blockquote>{esc(e.quote)}</blockquote>" if e.quote else "") + "</li>"
            for e in f.evidence)
        rows.append(f"<tr class='{esc(f.severity)}'><td>{esc(f.severity)}</td><td>{esc(f.code)}</td>"
                    f"<td>{esc(f.message)}<ul>{ev}</ul></td></tr>")
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>extractor audit</title>"
            "<style>body{font-family:sans-serif}td{vertical-align:top;padding:4px;border-bottom:1px solid #ccc}"
            "blockquote{margin:2px 0 6px 12px;color:#333;background:#f5f5f5}.warning td:first-child{color:#b60}"
            ".error td:first-child{color:#c00}</style></head><body>"
            f"<h1>Kiểm tra kho: {len(findings)} phát hiện</h1><table><tr><th>mức</th><th>mã</th><th>nội dung</th></tr>"
            + "".join(rows) + "</table></body></html>")
