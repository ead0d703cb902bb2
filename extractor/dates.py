"""Vietnamese dates, times, periods and date ranges in running text.

Our own normalizer: regex + `datetime`. dateparser's `search_dates` read years as day-less dates and
"30 tháng 9 năm 2024" as "30 months ago" on this genre (24% right), and parsed ~870 dates/s against
~139,000/s here, so it is not used to find dates in text.

The forms, each with the example its test uses:
- "ngày 28 tháng 9 năm 2021" (also wrapped over lines, as PDF text layers do), with blank parts kept ("ngày   tháng 9 năm 2022") and stray spaces
  inside numbers ("tháng 0 6"), missing spaces ("tháng 01năm");
- "28/9/2021", "28-9-2021", "28.9.2021", "31/ 8/2021";
- "30/9" and "ngày 30 tháng 9" without a year (the caller's `year`);
- times "14h00", "8h30", "14 giờ 30", "14:00" joined to an adjacent date ("14h00 ngày 30/9");
- periods "tháng 10/2024", "tháng 10 năm 2024" (month), "quý III/2024" (quarter), "năm 2027" (year,
  only with `years=True` because every date mentions a year);
- ranges "từ ngày 01/10/2022 đến ngày 07/10/2022", "Từ 9/12/2024 đến 13/12/2024", "11/9-20/9/2026",
  "từ ngày 01 đến ngày 07/10/2022" (the first end takes month and year from the second).

>>> [d.iso for d in find_dates("Kiên Giang, ngày 28 tháng 9 năm 2021")]
['2021-09-28']
>>> d = parse_date("14h00 ngày 30/9", year=2024); (d.iso, d.time)
('2024-09-30', '14:00')
>>> r = find_date_ranges("từ ngày 01 đến ngày 07/10/2022")[0]; (r.first.iso, r.last.iso)
('2022-10-01', '2022-10-07')
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping, NamedTuple

from extractor.memo import TextMemo

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3, "sáu": 4, "6": 4,
             "bảy": 5, "7": 5, "chủ nhật": 6}

# A number that may carry one stray space between its digits ("0 6"), as crawled headers do.
_N2 = r"\d(?:[ ]?\d)?"
_Y = r"(?:19|20)\d\d"
_SEP = r"\s*[/\-.]\s*"
# A day of one or two digits not glued to a number before it ("12/3/2024", never the "2/3/2024" of
# "12/3/2024"). The check sits after the first digit, not before it as `(?<![\d/.])\d{1,2}` did: a
# pattern that opens with a digit lets the regex engine skip to the next digit instead of trying every
# position (≈3× faster on a page), and matches exactly the same spans.
_DAY = r"(?P<d>\d(?<![\d/.]\d)\d?)"

# (rule id, priority: lower wins on equal length, pattern). Longest match wins first; the priority
# only breaks ties, so the order of this table does not matter silently.
_PATTERNS: list[tuple[str, int, re.Pattern]] = [
    ("date.words", 1, re.compile(
        rf"ngày\s*(?P<d>{_N2})?\s*tháng\s*(?P<m>{_N2})?\s*năm\s*(?P<y>{_Y})", re.I)),
    ("date.words_yearless", 2, re.compile(rf"ngày[ \t]*(?P<d>\d{{1,2}})[ \t]*tháng[ \t]*(?P<m>\d{{1,2}})(?![\d/])", re.I)),
    ("date.numeric", 1, re.compile(
        rf"{_DAY}(?P<s>{_SEP})(?P<m>\d{{1,2}})(?P=s)(?P<y>{_Y})(?![\d/])")),
    ("date.numeric_mixed", 3, re.compile(
        rf"{_DAY}\s?/\s?(?P<m>\d{{1,2}})\s?[/\-.]\s?(?P<y>{_Y})(?![\d/])")),
    # The same day check, and not after a comma either ("1,5/2" is no date).
    ("date.numeric_yearless", 4, re.compile(r"(?P<d>\d(?<![\d/.,]\d)\d?)/(?P<m>\d{1,2})(?![\d/]|[.,]\d)")),
    ("period.month", 2, re.compile(rf"tháng[ \t]*(?P<m>\d{{1,2}})[ \t]*(?:/|năm|-)[ \t]*(?P<y>{_Y})", re.I)),
    ("period.quarter", 2, re.compile(
        rf"quý[ \t]*(?P<q>IV|I{{1,3}}|[1-4])(?![\w])[ \t]*(?:/|năm|-)[ \t]*(?P<y>{_Y})", re.I)),
]
# "năm" not after a digit or "/", checked after its "n" (same matches, no look-behind at every position).
_YEAR = ("period.year", 5, re.compile(rf"n(?<![\d/]n)ăm[ \t]*(?P<y>{_Y})(?!\d)", re.I))

_TIME = re.compile(r"(?<![\d/])(?P<h>[01]?\d|2[0-3])[ \t]*(?:h|giờ|:)[ \t]*(?P<mi>[0-5]\d)?(?:[ \t]*phút)?(?![\d/])", re.I)
# What may stand between a time and its date: a comma, "ngày", and a weekday ("8h00, thứ Hai, ngày …").
_TIME_BEFORE = re.compile(
    r"[ \t]*(?:,|\s)?[ \t]*(?:(?:thứ[ \t]*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)[ \t]*,?[ \t]*)?(?:ngày|,)?[ \t]*$", re.I)
_WEEKDAY = re.compile(r"(?:thứ[ \t]*(?P<w>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<cn>chủ nhật))[ \t]*,?[ \t]*(?:ngày[ \t]*)?$", re.I)
# "thứ" and "chủ nhật" hold "ứ" or "ủ" (in either case): without one there is no weekday to look for.
_WEEKDAY_MARKS = ("ứ", "Ứ", "ủ", "Ủ")
# What every time holds: a number and its unit. Looked for first, so that the 40 characters before each
# date are scanned by a pattern that opens with a digit (the engine skips to digits), not `_TIME`'s
# look-behind at every position.
_CLOCK = re.compile(r"\d[ \t]*(?:h|giờ|:)", re.I)
# A time joined after the date: "ngày 30/9, lúc 14h00".
_TIME_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:vào[ \t]+)?(?:lúc|từ)[ \t]*", re.I)


_MEMO = TextMemo()
_DIGIT = re.compile(r"\d")

# What every match of a pattern opens with: a word (in any case), or "" for a day or month of one or two
# digits not glued to a digit before it, followed by a separator. `_find_openings` lists where these
# stand in a text once; each pattern is then tried there only, not at every digit or letter of every
# window a stage asks about (a page holds ~30 openings).
_OPENS_WITH = {"date.words": "ngày", "date.words_yearless": "ngày", "date.numeric": "", "date.numeric_mixed": "",
               "date.numeric_yearless": "", "period.month": "tháng", "period.quarter": "quý", "period.year": "năm"}
_NUMBER_OPENING = re.compile(r"\d(?<!\d\d)(?=\d?\s*[/\-.])")  # opens with a digit, as `_DAY` does (the engine skips to digits)


@dataclass(frozen=True)
class DateMatch:
    """A date, time or period found in text; `start`/`end` index that text."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: str | None = None  # "HH:MM"
    precision: str = "day"  # day | month | quarter | year
    quarter: int | None = None
    weekday: int | None = None  # as written before the date ("thứ Hai" = 0), for checking
    rule: str = ""
    yearless: bool = False  # the year came from the caller, not the text

    @property
    def valid(self) -> bool:
        """A date that exists (no 31/02, no month 13)."""
        try:
            self._last_day()
        except ValueError:
            return False
        return True

    def _last_day(self) -> dt.date | None:
        if self.year is None:
            return None
        if self.precision == "year":
            return dt.date(self.year, 12, 31)
        if self.precision == "quarter":
            m = 3 * (self.quarter or 0)
            return dt.date(self.year, m, calendar.monthrange(self.year, m)[1])
        if self.month is None:
            return None
        if self.precision == "month":
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.day is None:
            dt.date(self.year, self.month, 1)  # still checks the month
            return None
        return dt.date(self.year, self.month, self.day)

    @property
    def date(self) -> dt.date | None:
        """The calendar day (for periods: their last day), or None when blank or invalid."""
        try:
            return self._last_day()
        except ValueError:
            return None

    @property
    def iso(self) -> str | None:
        d = self.date
        return d.isoformat() if d else None

    @property
    def weekday_ok(self) -> bool:
        """False only when a written weekday contradicts the date ("thứ Hai, ngày 01/10/2024" is a Tuesday)."""
        d = self.date
        return self.weekday is None or d is None or self.precision != "day" or d.weekday() == self.weekday


@dataclass(frozen=True)
class DateRange:
    start: int
    end: int
    first: DateMatch
    last: DateMatch
    rule: str = ""

    @property
    def inverted(self) -> bool:
        a, b = self.first.date, self.last.date
        return bool(a and b and b < a)


def _int(s: str | None) -> int | None:
    return int(s.replace(" ", "")) if s and s.strip() else None


class _Candidate(NamedTuple):
    """A pattern's match before the longest-first choice; the DateMatch is made only if it is chosen."""

    priority: int
    start: int
    end: int
    fields: dict  # the DateMatch's other fields

    def match(self) -> DateMatch:
        return DateMatch(self.start, self.end, **self.fields)


def _find_openings(text: str) -> Mapping[str, tuple[int, ...]] | None:
    """Offsets where matches of the patterns may begin (`_OPENS_WITH`), by what they open with; None when a
    character lower-cases to two ("İ"), so that offsets in `text.lower()` would not index `text`.

    >>> dict(_find_openings("Ngày 15/4/2026 và tháng 5"))
    {'ngày': (0,), 'tháng': (18,), 'quý': (), 'năm': (), '': (5, 8)}
    """
    low = text.lower()  # for these letters the same as `re.I` (tests/test_dates_openings.py)
    if len(low) != len(text):
        return None
    out: dict[str, tuple[int, ...]] = {}
    for word in ("ngày", "tháng", "quý", "năm"):
        found, i = [], low.find(word)
        while i >= 0:
            found.append(i)
            i = low.find(word, i + 1)
        out[word] = tuple(found)
    out[""] = tuple(m.start() for m in _NUMBER_OPENING.finditer(text))
    return MappingProxyType(out)  # kept in the memo: read-only


def _matches_at(pat: re.Pattern, text: str, starts: tuple[int, ...], start: int, end: int):
    """`pat.finditer(text, start, end)`, tried at `starts` only (sorted offsets inside the window where every
    match begins): the first match at or after the end of the last one, as finditer scans."""
    pos = start
    for at in starts:
        if at >= pos:
            m = pat.match(text, at, end)
            if m:
                yield m
                pos = m.end()


def _candidates(text: str, start: int, end: int, patterns, known: _Known) -> tuple[_Candidate, ...]:
    """Every pattern's matches, pattern by pattern; years left blank when unwritten."""
    return tuple(_each_candidate(text, start, end, patterns, known))


def _each_candidate(text: str, start: int, end: int, patterns, known: _Known):
    openings, built = known
    inside: dict[str, tuple[int, ...]] = {}  # the openings inside the window, by what they open with
    for rule, prio, pat in patterns:
        has_year = "y" in pat.groupindex
        if openings is None:
            found = pat.finditer(text, start, end)
        else:
            word = _OPENS_WITH[rule]
            if word not in inside:
                every = openings[word]
                inside[word] = every[bisect.bisect_left(every, start):bisect.bisect_left(every, end)]
            if not inside[word]:
                continue
            found = _matches_at(pat, text, inside[word], start, end)
        for m in found:
            key = (rule, m.start(), m.end())
            c = built.get(key, _UNBUILT)
            if c is _UNBUILT:
                c = built[key] = _candidate(rule, prio, m, has_year)
            if c is not None:
                yield c


def _candidate(rule: str, prio: int, m: re.Match, has_year: bool) -> _Candidate | None:
    if rule == "period.quarter":
        fields = dict(year=int(m["y"]), quarter=_ROMAN[m["q"].lower()], precision="quarter", rule=rule)
    elif rule == "period.year":
        fields = dict(year=int(m["y"]), precision="year", rule=rule)
    elif rule == "period.month":
        fields = dict(year=int(m["y"]), month=_int(m["m"]), precision="month", rule=rule)
    else:
        y, month, day = _int(m["y"]) if has_year else None, _int(m["m"]), _int(m["d"])
        if rule != "date.words" and not (1 <= (day or 0) <= 31 and 1 <= (month or 0) <= 12):
            return None  # "15/2024", "1/20": not a date
        fields = dict(year=y if y else None, month=month, day=day, rule=rule, yearless=y is None)
    return _Candidate(prio, m.start(), m.end(), fields)


_UNBUILT = object()


class _Known(NamedTuple):
    """What is kept of a text for every window of it a stage asks about (a date sits in many windows)."""

    openings: Mapping[str, tuple[int, ...]] | None  # `_find_openings`
    # (rule, start, end) → the _Candidate of that match (None: not a date); ("attached", rule, start, end,
    # from) → its DateMatch with time and weekday, read from `from` on. A pattern's match over a given span
    # has the same groups whatever the window (the patterns look ahead only at their end, the same place
    # for every way of matching), and the time and weekday are read in the text around the span.
    built: dict


def _known(text: str) -> _Known:
    return _MEMO.get(text, ("known",), lambda: _Known(_find_openings(text), {}))


def _attach_time_and_weekday(text: str, dm: DateMatch, lo: int) -> DateMatch:
    head = text[max(lo, dm.start - 20):dm.start]
    w = _WEEKDAY.search(head) if any(mark in head for mark in _WEEKDAY_MARKS) else None
    if w:
        dm = replace(dm, weekday=_WEEKDAYS.get((w.group("w") or w.group("cn")).lower()))
    # A time written just before ("14h00 ngày 30/9", "8h30, ngày …") or just after ("ngày 30/9, lúc 14h00").
    before = text[max(lo, dm.start - 40):dm.start]
    for t in _TIME.finditer(before) if _CLOCK.search(before) else ():
        if _TIME_BEFORE.fullmatch(before[t.end():]) and (t.group("mi") or "h" in t.group(0).lower() or "giờ" in t.group(0)):
            start = dm.start - len(before) + t.start()
            dm = replace(dm, start=start, time=f"{int(t.group('h')):02d}:{t.group('mi') or '00'}")
            break
    if dm.time is None:
        after = _TIME_AFTER.match(text[dm.end:dm.end + 16])
        if after:
            t = _TIME.match(text, dm.end + after.end())
            if t:
                dm = replace(dm, end=t.end(), time=f"{int(t.group('h')):02d}:{t.group('mi') or '00'}")
    return dm


def find_dates(text: str, start: int = 0, end: int | None = None, *, year: int | None = None,
               years: bool = False) -> list[DateMatch]:
    """Every date, time-stamped date and period in `text[start:end]`, in order of appearance.

    `year` completes dates written without one; `years=True` also returns bare years ("năm 2027").

    >>> [(d.iso, d.precision) for d in find_dates("báo cáo trước ngày 15/4/2026 và trong quý II/2026")]
    [('2026-04-15', 'day'), ('2026-06-30', 'quarter')]
    """
    end = len(text) if end is None else end
    found = _MEMO.get(text, ("dates", start, end, years), lambda: _find_dates(text, start, end, years))
    # The caller's year only completes dates written without one; what is found does not depend on it.
    if year is None:
        return list(found)
    return [replace(d, year=year) if d.yearless else d for d in found]


def _find_dates(text: str, start: int, end: int, years: bool) -> tuple[DateMatch, ...]:
    if _DIGIT.search(text, start, end) is None:
        return ()  # every form has digits (a day, a month or a year)
    # The dated forms are looked for once per window, with or without bare years (deadlines asks both).
    known = _known(text)
    cands = _MEMO.get(text, ("candidates", start, end), lambda: _candidates(text, start, end, _PATTERNS, known))
    if years:
        cands = cands + _candidates(text, start, end, [_YEAR], known)
    built = known.built
    # Longest first, then priority, then position; a candidate overlapping one already chosen is out.
    chosen: list[_Candidate] = []
    starts: list[int] = []  # of the chosen, kept sorted: they never overlap, so their ends are sorted too
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        # Of the chosen starting before c ends, the last one is the only one that can reach into c.
        i = bisect.bisect_left(starts, c.end)
        if i and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    out = []
    for c in chosen:
        key = ("attached", c.fields["rule"], c.start, c.end, max(start, c.start - 40))  # what attaching reads
        dm = built.get(key)
        if dm is None:
            dm = built[key] = _attach_time_and_weekday(text, c.match(), start)
        out.append(dm)
    return tuple(out)


def find_times(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Clock times ("14h00", "8h30", "14 giờ 30 phút") as (start, end, "HH:MM").

    >>> find_times("khai mạc lúc 8h30")
    [(13, 17, '08:30')]
    """
    end = len(text) if end is None else end
    out = []
    for t in _TIME.finditer(text, start, end):
        if t.group("mi") or re.search(r"h|giờ", t.group(0), re.I):
            out.append((t.start(), t.end(), f"{int(t.group('h')):02d}:{t.group('mi') or '00'}"))
    return out


_RANGE_FROM = re.compile(r"(?:từ|bắt đầu từ)[ \t]*(?:ngày[ \t]*)?$", re.I)
_RANGE_TO = re.compile(r"^[ \t]*(?:đến|tới|->|[-–—])[ \t]*(?:hết[ \t]*)?(?:ngày[ \t]*)?", re.I)
_BARE_DAY = re.compile(r"(?:từ|bắt đầu từ)[ \t]*(?:ngày[ \t]*)?(?P<d>\d{1,2})(?:[ \t]*(?:/|tháng)[ \t]*(?P<m>\d{1,2}))?[ \t]*$", re.I)


def _inherit(first: DateMatch, last: DateMatch) -> DateMatch:
    """The first end of a range takes what it leaves out from the second ("01 đến 07/10/2022")."""
    month = first.month if first.month is not None else last.month
    year = last.year if (first.yearless or first.year is None) and last.year else first.year
    return replace(first, month=month, year=year, yearless=first.yearless and year is None)


def find_date_ranges(text: str, start: int = 0, end: int | None = None, *, year: int | None = None) -> list[DateRange]:
    """Date ranges: "từ ngày 01/10/2022 đến ngày 07/10/2022", "11/9-20/9/2026", "từ 01 đến 07/10/2022".

    >>> r = find_date_ranges("Thời gian: 11/9-20/9/2026")[0]; (r.first.iso, r.last.iso)
    ('2026-09-11', '2026-09-20')
    """
    end = len(text) if end is None else end
    return list(_MEMO.get(text, ("ranges", start, end, year), lambda: _find_date_ranges(text, start, end, year)))


def _find_date_ranges(text: str, start: int, end: int, year: int | None) -> tuple[DateRange, ...]:
    dates = find_dates(text, start, end, year=year)
    out: list[DateRange] = []
    used: set[int] = set()
    for i, last in enumerate(dates):
        if i in used:
            continue
        # Pattern 1: a full date on the left, joined by đến/tới/-.
        if i > 0 and (i - 1) not in used:
            first = dates[i - 1]
            gap = text[first.end:last.start]
            joined = _RANGE_TO.match(gap)
            if joined and joined.end() == len(gap) and first.precision == last.precision:
                lo = max(start, first.start - 16)
                lead = _RANGE_FROM.search(text[lo:first.start])
                out.append(DateRange(lo + lead.start() if lead else first.start, last.end,
                                     _inherit(first, last), last, rule="range.dates"))
                used.update({i - 1, i})
                continue
        # Pattern 2: a bare day (and month) on the left: "từ ngày 01 đến ngày 07/10/2022".
        window_start = max(start, last.start - 40)
        head = text[window_start:last.start]
        to = re.search(r"(?:đến|tới|[-–])[ \t]*(?:hết[ \t]*)?(?:ngày[ \t]*)?$", head, re.I)
        if to:
            bare = _BARE_DAY.search(head[:to.start()])
            if bare and last.precision == "day":
                first = DateMatch(window_start + bare.start("d"), window_start + bare.end(), day=int(bare.group("d")),
                                  month=_int(bare.group("m")), rule="date.bare_day", yearless=True)
                first = _inherit(first, last)
                if (first.month or 0) <= 12 and 1 <= (first.day or 0) <= 31:
                    out.append(DateRange(window_start + bare.start(), last.end, first, last, rule="range.bare_day"))
                    used.add(i)
    return tuple(out)


# ---------------------------------------------------------------- dates wrapped over line breaks

# PDF text layers wrap a date over lines ("chậm nhất đến ngày\n01 tháng 7 năm 2028"). Read with its line
# breaks as spaces, a text gives other dates than the text itself only where one of the patterns above
# (dates, times, weekdays, ranges) steps over a break with "[ \t]", a literal space or a back-reference,
# or ends at one: that is, between two words the pattern joins. Where no break stands between such a
# pair, the dates of the text itself are those of its unwrapped copy (and other stages asked for them).
# Keep these in step with the patterns above; tests/test_dates_wrapped.py compares both readings.
_JOIN_WORDS = "ngày|tháng|năm|quý|thứ|chủ|nhật|hai|ba|tư|sáu|bảy|vào|lúc|từ|đến|tới|hết|bắt|đầu|giờ|phút"
# What a pattern may go on with after a break (a word's beginning is enough).
_AFTER_BREAK = re.compile(rf"[\d/\-–—.,:>]|{_JOIN_WORDS}|h|i|v", re.I)
# … after a number (a day, a month, a year, an hour or its minutes): a separator, a unit, a linking word.
_AFTER_NUMBER = re.compile(r"[/\-–—.,:]|h|giờ|phút|tháng|năm|ngày|thứ|chủ|đến|tới|hết|vào|lúc|từ", re.I)
# What a pattern may have read up to a break. The line before the break is read backwards, so that a form
# ending at the break opens the reversed line and one anchored match finds it, however long the line.
def _backwards(words: str) -> str:
    return "|".join(w[::-1] for w in words.split("|"))


# A clock time without minutes ("lúc 14h", "14 giờ", "14:"): its match takes the spaces after it, so a
# break after it counts whatever follows.
_TIME_UP_TO_BREAK = re.compile(r"(?:h|ờig|:)[ \t]*\d", re.I)
# A word the patterns join; a quarter's numeral ("quý II", "quý II/"); a day's or month's separator ("15/");
# a range's dash after a date or its time ("2026 -", "lúc 14h -", "30 phút -"); a comma (after a date, a time,
# a weekday, another comma); a weekday's digit ("thứ 2").
_JOIN_UP_TO_BREAK = re.compile(
    rf"{_backwards(_JOIN_WORDS)}|(?:[/\-][ \t]*)?(?:vi|i{{1,3}}|[1-4])[ \t]*ýuq|[/.\-]\s*\d\d?(?!\d)"
    rf"|(?:[-–—]|>-)[ \t]*(?:\d|h|ờig|túhp)|,|[2-7][ \t]*ứht", re.I)
# Line breaks worth a closer look (`_break_joins`), picked out by the characters around them: after a
# clock's unit ("14h\n", "14:\n", "giờ\n", "phút\n": a date's time may end it, and a range's dash follow),
# after other whitespace (which may hide anything), after a digit,
# a separator or a comma ("15/\n", "2026,\n", "15.\n") and before what a form may go on with, after a last
# letter of a joined word ("ngày\n") and before a number or a word (a word goes on with no dash or dot),
# after a quarter's numeral ("quý II\n") and before its separator. Opens with the break itself, so `re`
# jumps from break to break.
_AFTER_WORD = rf"[\d,]|{_JOIN_WORDS}|h|i|v"
_BREAK_HINT = re.compile(
    rf"\n(?:(?<=[\d \t][h:]\n)|(?<=giờ\n)|(?<=phút\n)|(?<=[^\S\n]\n)"
    rf"|(?:(?<=[\d/\-–—>,]\n)|(?<=[\d\s]\.\n))\s*(?={_AFTER_BREAK.pattern})"
    rf"|(?<=[ygmýứủtiaưuocừnờ]\n)\s*(?={_AFTER_WORD})"
    rf"|(?<=[iv]\n)\s*(?=[/\-]|năm))", re.I)
_SPACE_RUN = re.compile(r"\s*")
_ONE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_DATE_START = re.compile(r"\d|quý", re.I)  # what a date opens with, besides the words in _AFTER_NUMBER


def _break_joins(text: str, q: int) -> bool:
    """Whether a pattern may read differently over the line break at `q` once it is a space."""
    a = q  # the whitespace around the break: text[a:b]
    while a and text[a - 1].isspace():
        a -= 1
    if not a:
        return False
    b = _SPACE_RUN.match(text, q).end()
    before = text[text.rfind("\n", 0, a) + 1:a][::-1]  # its line up to the break, backwards
    if _TIME_UP_TO_BREAK.match(before):
        return True
    if not _AFTER_BREAK.match(text, b):
        return False
    if _JOIN_UP_TO_BREAK.match(before):
        return True
    if not before[0].isdecimal():  # as "\d"
        return False
    if _AFTER_NUMBER.match(text, b):
        return True
    # number, break, number: "tháng 0\n6" is one month; and the gap from a time to its date ("8h30\n\n15/3",
    # "8h30\nquý II/2026") takes one line break among spaces only
    return _DATE_START.match(text, b) is not None and (b - a == 1 or not _ONE_BREAK.fullmatch(text, a, b))


def _unwrapped(text: str) -> str:
    """`text` with its line breaks as spaces (same length, so spans still index `text`) — or `text` itself
    when no break stands where a date pattern reads over it, so its dates already found are reused.

    >>> t = "Kế hoạch năm 2026\\nV/v tổ chức"; _unwrapped(t) is t
    True
    >>> _unwrapped("báo cáo trước ngày\\n15/4/2026")
    'báo cáo trước ngày 15/4/2026'
    """
    def joins() -> bool:
        return any(_break_joins(text, m.start()) for m in _BREAK_HINT.finditer(text))

    if "\n" not in text or not _MEMO.get(text, ("breaks_join",), joins):
        return text
    return text.replace("\n", " ")


def find_dates_wrapped(text: str, start: int = 0, end: int | None = None, *, year: int | None = None,
                       years: bool = False) -> list[DateMatch]:
    """`find_dates` reading line breaks as spaces, as in `find_dates(text.replace("\\n", " "), …)`: a date
    wrapped over lines is found whole; spans index `text`.

    >>> [(d.iso, d.start) for d in find_dates_wrapped("hoàn thành trong tháng\\n10/2026")]
    [('2026-10-31', 17)]
    >>> find_dates("hoàn thành trong tháng\\n10/2026")
    []
    """
    return find_dates(_unwrapped(text), start, end, year=year, years=years)


def find_date_ranges_wrapped(text: str, start: int = 0, end: int | None = None, *,
                             year: int | None = None) -> list[DateRange]:
    """`find_date_ranges` reading line breaks as spaces (see `find_dates_wrapped`).

    >>> r = find_date_ranges_wrapped("từ ngày 01/10/2026 đến\\nngày 07/10/2026")[0]; (r.first.iso, r.last.iso)
    ('2026-10-01', '2026-10-07')
    """
    return find_date_ranges(_unwrapped(text), start, end, year=year)


def parse_date(phrase: str, *, year: int | None = None) -> DateMatch | None:
    """The first date, time-stamped date or period in a short phrase (bare years included).

    >>> parse_date("quý III/2024").iso
    '2024-09-30'
    >>> parse_date("ngày    tháng 9 năm 2022").month
    9
    """
    found = find_dates(phrase, year=year, years=True)
    return found[0] if found else None
