"""Everything assigned to one unit across the archive: its tasks, due dates and who to report to.

A unit gets a task when an assignment or a deadline names it — as written ("Sở Công Thương"), by
abbreviation ("Sở GD&ĐT"), through its head ("Giám đốc Sở …") or as a member of a group ("các Sở,
ban, ngành", "UBND các xã, phường", "các đơn vị trường học"), read in the context of the document
(unit_refs.resolve_unit), so the Sở of another province does not count; a commune named alone takes
the groups of the district and province the archive places it in (`_ancestry`). A deadline inside a task's
span gives that task its due date and recipient instead of a second item.

>>> from extractor.models import Assignment, Issuer, Task
>>> rec = Record(issuer=Issuer(name="Ủy ban nhân dân tỉnh Lào Cai"),
...              assignments=[Assignment(unit="Các Sở, ban, ngành", tasks=[Task(text="Rà soát quy hoạch", due="2026-06-30")])])
>>> [(t.unit, t.due, t.matched) for t in tasks_for_unit({"kh": rec}, "Sở Công Thương")]
[('Các Sở, ban, ngành', '2026-06-30', 'group')]
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from typing import Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict

from extractor.audit import label_of
from extractor.unit_refs import UnitRef, mention_in, mentions, record_unit, resolve_unit, unit_covers
from extractor.models import Record, Span


class TaskItem(BaseModel):
    """One thing a unit must do, with where it was read."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str  # archive id
    label: str  # "2496/UBND-KT (Ủy ban nhân dân tỉnh Lào Cai)"
    issued_on: Optional[str] = None
    assigned_by: Optional[str] = None  # the issuer
    unit: str  # the name the document uses ("Các Sở, ban, ngành")
    matched: Literal["name", "group", "successor"]  # successor: named for a body merged into this one in 2025
    role: Optional[str] = None
    text: str
    due: Optional[str] = None
    precision: Optional[str] = None  # day | month | quarter | year
    relation: Optional[str] = None  # before | on | by
    report_to: Optional[str] = None  # the recipient the text names
    span: Optional[Span] = None
    quote: Optional[str] = None
    path: Optional[str] = None
    rule: Optional[str] = None  # the group rule when matched through a group


def _inside(inner: Span | None, outer: Span | None) -> bool:
    return bool(inner and outer and outer[0] <= inner[0] and inner[1] <= outer[1])


def _quote(rec: Record, span: Span | None) -> str | None:
    return rec.text[span[0]:span[1]] if span and rec.text else None


_RANK = {"name": 0, "group": 1, "successor": 2}


def _match(rec: Record, name: str, unit: UnitRef, successors: bool = False, above: Mapping[str, str] | None = None):
    """The best way `name` (possibly a list of units) in `rec` covers `unit`: by name, by group, as
    predecessor. `above` (see `_ancestry`): a group of another district or province is not the
    unit's ("UBND các xã, phường" of tỉnh Thanh Hóa does not reach xã Đông Cuông of Văn Yên)."""
    best = None
    for m in mentions(rec, name):
        found = unit_covers(m, unit, successors)
        if found and found.how == "group" and above and not _within(m.locality, above):
            continue
        if found and (best is None or _RANK[found.how] < _RANK[best.how]):
            best = found
    return best


def _within(locality, above: Mapping[str, str]) -> bool:
    """Whether a group's locality can hold the unit whose district ("D") and province ("P") are
    `above`: false only when it names another one at a level we know."""
    if locality is None or not locality.name:
        return True
    levels = [k for k in ("D", "P") if k in locality.admin and k in above]
    return not levels or any(above[k] == locality.name for k in levels)


def _ancestry(records: Mapping[str, Record], unit: UnitRef) -> dict[str, str]:
    """The district ("D") and province ("P") the unit lies in, as the archive tells: the parent its
    own documents print under their issuer ("Ủy ban nhân dân xã Đông Cuông" under "UBND huyện Văn
    Yên"), then, level by level, the parent or the cited provincial People's Committee of that
    district's own documents. Only what one answer is found for is kept.

    Why: a unit named without its district or province ("UBND xã Đông Cuông") would otherwise take
    the "UBND các xã" tasks of every province in the archive."""
    def issued_by(pred) -> list[Record]:
        return [r for r in records.values() if r.issuer and r.issuer.name and pred(record_unit(r))]

    def parent_localities(recs: list[Record], admin: str) -> set[str]:
        found = set()
        for r in recs:
            names = [r.issuer.parent] if r.issuer.parent else []
            names += [c.issuer for c in list(r.legal_basis) + list(r.references) if c.issuer]
            for n in names:
                loc = mention_in(r, n).locality
                if loc and loc.name and admin in loc.admin and loc.admin != "C":
                    found.add(loc.name)
        return found

    out: dict[str, str] = {}
    own = issued_by(lambda u: u is not None and (c := unit_covers(u, unit)) is not None and c.how == "name")
    for admin, recs in (("D", own), ("P", own)):
        got = parent_localities(recs, admin)
        if admin == "D":
            got = {g for g in got if g != (unit.locality.name if unit.locality else None)}
        if len(got) == 1:
            out[admin] = got.pop()
    if "D" in out and "P" not in out:
        district = issued_by(lambda u: u is not None and u.locality is not None and u.locality.admin == "D"
                             and u.locality.name == out["D"])
        got = {g for g in parent_localities(district, "P") if g != out["D"]}
        if len(got) == 1:
            out["P"] = got.pop()
    return out


def _named_localities(records: Mapping[str, Record], unit: UnitRef) -> set:
    """Localities of the places where `unit` is named outright (not through a group)."""
    found = set()
    for rec in records.values():
        names = [a.unit for a in rec.assignments] + [r for d in rec.deadlines for r in d.responsible]
        for m in mentions(rec, names):
            if m.group is None and m.locality and m.locality.name and unit_covers(m, unit):
                found.add(m.locality)
    return found


def tasks_in_record(doc_id: str, rec: Record, unit: UnitRef, successors: bool = False,
                    above: Mapping[str, str] | None = None) -> list[TaskItem]:
    """The tasks of `unit` in one record (pure); `above`: the unit's district and province (`_ancestry`)."""
    base = dict(document=doc_id, label=label_of(rec), issued_on=rec.issued_on.date if rec.issued_on else None,
                assigned_by=rec.issuer.name if rec.issuer else None, path=rec.source.path)
    items: list[dict] = []
    covered_spans: list[Span] = []  # spans of the unit's assignments, for deadlines without a unit
    for a in rec.assignments:
        m = _match(rec, a.unit, unit, successors, above)
        if m is None:
            continue
        if a.span:
            covered_spans.append(a.span)
        tasks = a.tasks or []
        if not tasks:
            items.append(dict(base, unit=a.unit, matched=m.how, rule=m.rule, role=a.role,
                              text=_quote(rec, a.span) or a.unit, span=a.span, quote=_quote(rec, a.span)))
        for t in tasks:
            items.append(dict(base, unit=a.unit, matched=m.how, rule=m.rule, role=a.role, text=t.text, due=t.due,
                              span=t.span, quote=_quote(rec, t.span)))
    for d in rec.deadlines:
        m = next((mm for r in d.responsible if (mm := _match(rec, r, unit, successors, above))), None)
        if m is None and not d.responsible and any(_inside(d.span, s) for s in covered_spans):
            m = next(_match(rec, a.unit, unit, successors, above) for a in rec.assignments if _inside(d.span, a.span))
        if m is None:
            continue
        # the deadline sits in a task already listed: that task gets its date and recipient
        host = next((it for it in items if _inside(d.span, it["span"]) and it.get("relation") is None), None)
        if host is None and d.due:
            host = next((it for it in items if it["due"] == d.due and it.get("relation") is None
                         and not it["span"] and not d.span), None)
        if host is not None:
            host.update(due=d.due or host["due"], precision=d.precision, relation=d.relation,
                        report_to=d.recipient)
            continue
        items.append(dict(base, unit=", ".join(d.responsible) or unit.name, matched=m.how, rule=m.rule, role=None,
                          text=d.action or _quote(rec, d.span) or "", due=d.due, precision=d.precision,
                          relation=d.relation, report_to=d.recipient, span=d.span, quote=_quote(rec, d.span)))
    return [TaskItem(**it) for it in items]


def _sort_key(t: TaskItem):
    return (t.due is None, t.due or "", t.label, t.span[0] if t.span else 0)


def tasks_for_unit(records: Mapping[str, Record], unit: str, *, due_before: str | dt.date | None = None,
                   overdue: bool = False, today: dt.date | None = None, successors: bool = False) -> list[TaskItem]:
    """Every task of `unit` in the records, soonest due first (undated last).

    `successors`: also the tasks given to a body of a province merged into the unit's in the 2025
    reorganisation ("Sở Công Thương tỉnh Yên Bái" for "Sở Công Thương tỉnh Lào Cai"), marked so.

    A name without locality ("Sở Công Thương") is narrowed to the one locality where the records
    name that unit outright, when there is exactly one; give the locality to choose another.
    `due_before` keeps tasks due before that date; `overdue` keeps tasks due before `today`
    (injectable; default the system date). Both drop undated tasks.
    """
    ref = resolve_unit(unit)
    if ref.locality is None and ref.group is None:
        # "Sở Công Thương" alone: if the archive names it outright in one province only, that is
        # the one meant, and the "các Sở, ban, ngành" of other provinces are not its tasks
        named = _named_localities(records, ref)
        if len(named) == 1:
            ref = dataclasses.replace(ref, locality=named.pop())
    above = _ancestry(records, ref)
    out = []
    for rid, rec in records.items():
        out += tasks_in_record(rid, rec, ref, successors, above)
    if due_before is not None:
        limit = due_before.isoformat() if isinstance(due_before, dt.date) else due_before
        out = [t for t in out if t.due and t.due < limit]
    if overdue:
        now = (today or dt.date.today()).isoformat()
        out = [t for t in out if t.due and t.due < now]
    return sorted(out, key=_sort_key)


def parse_day(text: str) -> dt.date:
    """A date given on the command line: ISO "2026-04-15" or Vietnamese "15/4/2026".

    >>> parse_day("15/4/2026")
    datetime.date(2026, 4, 15)
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    from extractor.dates import parse_date

    found = parse_date(text)
    if found is None or found.date is None:
        raise ValueError(f"not a date: {text!r} (use 2026-04-15 or 15/4/2026)")
    return found.date


def archive_tasks(url: str, unit: str, *, due_before: str | dt.date | None = None, overdue: bool = False,
                  today: dt.date | None = None, successors: bool = False) -> list[TaskItem]:
    """`tasks_for_unit` over a stored archive (SQLite path or postgresql:// URL).

    >>> archive_tasks(":memory:", "Sở Công Thương")
    []
    """
    from extractor.linking import current_records, ensure_links
    from extractor.store import open_store

    with open_store(url) as store:
        records = current_records(store)
        ensure_links(store, records)  # keeps the stored citation graph fresh for later audits
    return tasks_for_unit(records, unit, due_before=due_before, overdue=overdue, today=today, successors=successors)


COLUMNS = ("due", "precision", "unit", "role", "text", "report_to", "label", "assigned_by", "issued_on", "document",
           "matched", "path")


def format_tasks(items: list[TaskItem], fmt: str, *, today: dt.date | None = None) -> str:
    """Tasks as `table`, `csv`, `json` or `ics` (one all-day event per dated task)."""
    if fmt == "json":
        return json.dumps([t.model_dump(mode="json") for t in items], ensure_ascii=False, indent=1)
    if fmt == "ics":
        from extractor.ics import tasks_calendar

        return tasks_calendar(items, now=today).decode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(COLUMNS)
        for t in items:
            w.writerow([getattr(t, c) or "" for c in COLUMNS])
        return buf.getvalue()
    lines = []
    for t in items:
        due = t.due or "-"
        if t.due and t.precision and t.precision != "day":
            due += f" ({t.precision})"
        lines.append(f"{due:12} {t.label}")
        lines.append(f"             {t.unit}{' [' + t.role + ']' if t.role else ''}"
                     f"{' (qua nhóm)' if t.matched == 'group' else ' (đơn vị tiền thân)' if t.matched == 'successor' else ''}"
                     f": {' '.join(t.text.split())[:160]}")
        if t.report_to:
            lines.append(f"             báo cáo: {t.report_to}")
    lines.append(f"{len(items)} nhiệm vụ")
    return "\n".join(lines)
