"""Task deadlines as an iCalendar file (RFC 5545) for calendar apps.

One all-day VEVENT per dated task (a month/quarter/year deadline sits on the period's last day, as
in the record). The UID is derived from the document, the span and the date, so re-exporting updates
the same events instead of duplicating them in the user's calendar.

>>> from extractor.tasks import TaskItem
>>> t = TaskItem(document="ab12", label="2496/UBND-KT", unit="Sở Công Thương", matched="name",
...              text="Báo cáo kết quả triển khai", due="2026-04-15")
>>> b"DTSTART;VALUE=DATE:20260415" in tasks_calendar([t])
True
"""
from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

PRODID = "-//extractor//tasks//VI"


def _uid(t) -> str:
    key = f"{t.document}|{t.span}|{t.due}|{t.text[:80]}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest() + "@extractor"


def tasks_calendar(items, now: dt.date | None = None) -> bytes:
    """The calendar of the dated tasks among `items` (TaskItem), as bytes ready to write."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Hạn nhiệm vụ")
    stamp = dt.datetime.combine(now, dt.time(0, 0), tzinfo=dt.timezone.utc) if now else \
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for t in items:
        if not t.due:
            continue
        day = dt.date.fromisoformat(t.due)
        ev = Event()
        ev.add("uid", _uid(t))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", f"Hạn: {' '.join(t.text.split())[:90]}")
        desc = [" ".join(t.text.split()), f"Đơn vị: {t.unit}", f"Văn bản: {t.label}"]
        if t.precision and t.precision != "day":
            desc.append(f"Thời hạn theo {t.precision}: ngày cuối kỳ")
        if t.report_to:
            desc.append(f"Báo cáo: {t.report_to}")
        if t.quote:
            desc.append(f"Trích: “{' '.join(t.quote.split())}”")
        ev.add("description", "\n".join(desc))
        ev.add("categories", [t.unit])
        cal.add_component(ev)
    return cal.to_ical()
