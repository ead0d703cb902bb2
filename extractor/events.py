"""Themes, events (named date ranges and dated activities) and milestones (ceremonies, schedule rows).

- themes: the text under "Chủ đề" — after the label's colon, the quoted line below the heading, or
  each item of the bulleted list of suggested themes.
- events: every day-precise date range ("từ ngày 01/10/2022 đến ngày 07/10/2022", "Từ 9/12/2024 đến
  13/12/2024", "11/9-20/9/2026", "từ ngày 11/9 đến hết năm 2026"), and a single day given under a label
  ("- Thời gian dự kiến: ngày 11/9/2026", "Ngày thi: 04/01/2025"). The name comes from the label, the
  sentence ("Tuần lễ được tổ chức từ …") or the heading above.
- milestones: a ceremony with a date in the same sentence ("Lễ khai mạc … vào 14h00 ngày 30/9/2024 tại
  …"), a dated event named as one ("Bế mạc Festival …"), and each row of a schedule table.

Dates come from extractor.dates; a date without a year takes the issue year, else the year the
document mentions most.

>>> from extractor.layout import find_layout
>>> from extractor.readers import read_text
>>> doc = read_text("2. Chủ đề\\n“Đọc sách mở rộng hiểu biết”\\n3. Thời gian\\n"
...                 "Hội thi được tổ chức từ ngày 03/11/2025 đến ngày 07/11/2025.")
>>> out = extract_events(doc, find_layout(doc.text), {})
>>> [t.text for t in out["themes"]], [(e.name, e.start, e.end) for e in out["events"]]
(['Đọc sách mở rộng hiểu biết'], [('Hội thi', '2025-11-03', '2025-11-07')])
"""
from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from extractor.citations import find_citations
from extractor.dates import DateMatch, find_date_ranges, find_dates, find_times, parse_date
from extractor.document import Document
from extractor.layout import Layout
from extractor.models import Event, Milestone, Theme
from extractor.rules import Rule, load_rules
from extractor.wordstarts import find_word_starts, finditer_at

# ---------------------------------------------------------------- rules/events.yaml


_Rule = Rule


class WordList(_Rule):
    words: list[str]


class RangeRule(_Rule):
    open_end_id: str
    open_end_example: str


class LabelledDay(_Rule):
    pattern: str
    priority: int = 10


class MilestoneRule(_Rule):
    words: list[str]
    priority: int = 10


class ScheduleRule(_Rule):
    time_columns: list[str]
    date_columns: list[str]
    unit_columns: list[str]
    content_columns: list[str]
    place_columns: list[str]


class SentenceDayRule(_Rule):
    nouns: list[str]
    verbs: list[str]


class EventRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    themes: WordList
    ranges: RangeRule
    labelled_days: list[LabelledDay]
    deadline_labels: WordList
    sentence_days: SentenceDayRule
    generic_labels: WordList
    name_prefixes: WordList
    name_verbs: WordList
    milestones: list[MilestoneRule]
    schedule: ScheduleRule


def load_event_rules() -> EventRules:
    """rules/events.yaml, validated (a typo in the file fails here, not at match time).

    >>> "Hội nghị" in load_event_rules().sentence_days.nouns
    True
    """
    return load_rules("events", EventRules)


# ---------------------------------------------------------------- shared helpers

_UP = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_HEADING = re.compile(r"[ \t]*(?:#+[ \t]*)?(?:\*\*)?[ \t]*(?:[IVX]+|\d+(?:\.\d+)*|[A-ZĐ])[.)][ \t]*(?:\*\*)?[ \t]*(?=\S)")
_BULLET = re.compile(r"[ \t]*(?:[-+•▪◦]|\*(?!\*))[ \t]+")
_MARKS = " \t*_#>\"“”‘’'`"


class Line(NamedTuple):
    """One line of the text, without its newline. (A named tuple: a document has hundreds of lines, and
    a frozen dataclass took longer to build them than the passes took to read them.)"""

    start: int
    end: int
    text: str


@functools.lru_cache(maxsize=4)  # themes, events and schedules read the same document's lines
def _lines(text: str) -> tuple[Line, ...]:
    out, pos = [], 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        out.append(Line(pos, end, raw))
        pos = end + 1
    return tuple(out)


def _trim(text: str, s: int, e: int, chars: str = _MARKS + ".;:,-–") -> tuple[int, int]:
    """Narrow [s, e) past marks, quotes and punctuation on both sides (the span stays exact)."""
    while s < e and text[s] in chars + "\n":
        s += 1
    while e > s and text[e - 1] in chars + "\n":
        e -= 1
    return s, e


def _squash(s: str) -> str:
    return " ".join(s.replace("“", "").replace("”", "").replace("**", "").split())


def _words_re(words: list[str]) -> str:
    return _alternation(tuple(words), False)


def _words_at_start(words: list[str]) -> str:
    r"""`(?<!\w)(?:{_words_re(words)})` written so that the regex engine can jump to the words.

    Each alternative opens with its first letter and checks the character before that letter after
    it ("L(?<!\wL)ễ khai mạc"): the same matches, in the same order of preference, but a pattern whose
    alternatives all open with a letter is searched for by that letter instead of being tried at
    every position of the document (≈5× faster on a page).
    """
    return f"(?:{_alternation(tuple(words), True)})"


@functools.lru_cache(maxsize=None)  # the rules' word lists: a pattern is built once, not per call
def _alternation(words: tuple[str, ...], at_start: bool) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first, as the rules' priority says
    if not at_start:
        return "|".join(re.escape(w) for w in ordered)
    return "|".join(f"{re.escape(w[0])}(?<!\\w{re.escape(w[0])}){re.escape(w[1:])}" for w in ordered)


def document_year(text: str, fields: dict) -> int | None:
    """The year that dates without one take: the issue year, else the year most dates carry.

    >>> document_year("từ 01/10 đến 07/10/2024; báo cáo ngày 10/10/2024", {})
    2024
    """
    issued = fields.get("issued_on")
    year = getattr(issued, "year", None) if issued is not None else None
    if year:
        return year
    years = collections.Counter(d.year for d in find_dates(text) if d.year and not d.yearless)
    return years.most_common(1)[0][0] if years else None


_SPLIT_DAY = re.compile(r"(?:ngày|từ|đến|tới)[ \t]+(?P<d>\d)[ \t]$", re.I)
_DIGIT_THEN_SEP = re.compile(r"\d[/\-.]")
# Read at every date of a document: compiled once.
_FROM_BEFORE = re.compile(r"(?:từ|bắt đầu từ)[ \t]*(?:ngày[ \t]*)?$", re.I)


def _rejoin_split_day(text: str, d: DateMatch) -> DateMatch:
    """"ngày 1 1/9/2026" (a PDF text layer splitting "11") read as the 11th, not the 1st.

    Workaround until dates.py/readers join the digits; the span grows to cover the stray digit.
    >>> t = "ngày 1 1/9/2026"; _rejoin_split_day(t, find_dates(t)[0]).iso
    '2026-09-11'
    """
    if d.day is None or not _DIGIT_THEN_SEP.match(text[d.start:d.start + 2]):
        return d
    m = _SPLIT_DAY.search(text, max(0, d.start - 12), d.start)
    if not m:
        return d
    day = int(m.group("d")) * 10 + d.day
    if day > 31:
        return d
    fixed = replace(d, start=m.start("d"), day=day)
    return fixed if fixed.valid else d


def _dates(text: str, start: int = 0, end: int | None = None, year: int | None = None) -> list[DateMatch]:
    return [_rejoin_split_day(text, d) for d in find_dates(text, start, end, year=year)]


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# ---------------------------------------------------------------- themes


@functools.lru_cache(maxsize=1)
def _theme_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The "Chủ đề" cue, and the cue with a quoted theme right after it ("… với chủ đề “…”")."""
    words = load_event_rules().themes.words
    cue = re.compile(rf"(?i){_words_at_start(words)}(?!\w)")
    inline = re.compile(rf"(?i){_words_at_start(words)}[ \t]*:?[ \t]*(?:\*\*)?[“\"](?P<t>[^”\"\n]{{3,200}})[”\"]")
    return cue, inline


def _lines_at(lines: tuple[Line, ...], starts: list[int] | None) -> list[int]:
    """Indexes of the lines holding one of the positions `starts`, in order (every line when None):
    a cue is looked for only on the lines where one of its words begins."""
    if starts is None:
        return list(range(len(lines)))
    return sorted({_line_index(lines, p) for p in starts})


def find_themes(text: str) -> list[Theme]:
    """Themes under a "Chủ đề" heading or label.

    >>> [t.text for t in find_themes("1. Chủ đề:\\nChủ đề do các đơn vị lựa chọn theo gợi ý sau:\\n- Đọc sách mở rộng hiểu biết.\\n- Học tập suốt đời.\\n2. Thời gian")]
    ['Đọc sách mở rộng hiểu biết', 'Học tập suốt đời']
    """
    rules = load_event_rules().themes
    cue, inline = _theme_patterns()
    lines = _lines(text)
    starts = find_word_starts(text, rules.words, ignore_case=True)  # where a cue can begin
    out: list[Theme] = []
    seen: set[str] = set()

    def add(s: int, e: int) -> bool:
        s, e = _trim(text, s, e)
        value = _squash(text[s:e])
        if not value or len(value) > 250 or value.casefold() in seen:
            return bool(value)
        seen.add(value.casefold())
        out.append(Theme(text=value, span=(s, e), rule=rules.id))
        return True

    # "… với chủ đề “Học tập suốt đời”" in running text: the quoted words right after the cue.
    for m in finditer_at(inline, text, starts):
        add(m.start("t"), m.end("t"))
    for i in _lines_at(lines, starts):
        ln = lines[i]
        m = cue.search(ln.text)
        if not m:
            continue
        heading = bool(_HEADING.match(ln.text)) or (ln.text.strip(_MARKS).isupper() and len(ln.text.strip()) < 80)
        colon = ln.text.find(":", m.end())
        label = colon >= 0 and colon - m.end() < 60
        if not heading and not label:
            continue  # "… có chủ đề về cộng đồng số" in running text
        if label:
            after_s, after_e = _trim(text, ln.start + colon + 1, ln.end)
            if after_e > after_s:
                add(after_s, after_e)
                continue
        # Below the heading/label: an intro line ending in ":", then a quoted line or a bulleted list.
        j, taken = i + 1, False
        while j < len(lines):
            nxt = lines[j]
            bare = nxt.text.strip(_MARKS.replace("“", "").replace("”", "").replace('"', ""))
            j += 1
            if not nxt.text.strip():
                continue
            if _HEADING.match(nxt.text) and not _BULLET.match(nxt.text):
                break
            if _BULLET.match(nxt.text):
                b = _BULLET.match(nxt.text).end()
                add(nxt.start + b, nxt.end)
                taken = True
                continue
            if taken:
                break
            if bare.endswith(":"):
                continue  # "Chủ đề … lựa chọn theo gợi ý sau:"
            if bare[:1] in "“\"" or (heading and len(bare) < 200 and not cue.search(bare)):
                add(nxt.start, nxt.end)
            break
    return out


# ---------------------------------------------------------------- events


def _heading_above(text: str, lines: list[Line], idx: int) -> tuple[int, int] | None:
    """The text of the nearest numbered heading above line idx, with its wrapped lines."""
    for k in range(idx - 1, max(-1, idx - 12), -1):
        m = _HEADING.match(lines[k].text)
        if m and re.search(r":[ \t]*\S", lines[k].text[m.end():]):
            continue  # "1. Chủ đề: …" is an item of the section, not its heading
        if m and not _BULLET.match(lines[k].text):
            end = lines[k].end
            for n in range(k + 1, idx):
                if _BULLET.match(lines[n].text) or not lines[n].text.strip() \
                        or re.match(r"\s*(?:thời gian|thời hạn|ngày)[^:\n]{0,40}:", lines[n].text, re.I):
                    break
                end = lines[n].end
            return lines[k].start + m.end(), end
    return None


def _strip_prefix(text: str, s: int, e: int, prefixes: list[str]) -> tuple[int, int]:
    m = re.compile(rf"(?i)(?:{_words_re(prefixes)})(?!\w)[ \t]*").match(text, s, e)
    if m and m.end() < e:
        s = m.end()
    return _trim(text, s, e)


@dataclass
class _Named:
    name: str
    start: int  # where the evidence of the name starts (same line/sentence), else the date's start


def _name_for(text: str, lines: list[Line], line_idx: int, at: int, rules: EventRules) -> _Named:
    """The name of what happens on the dates at `at`: table row, label, sentence subject, or heading."""
    ln = lines[line_idx]
    cells = _cells(ln)
    if cells:
        # A task/schedule row: the first cell with words that is not the dates' own cell.
        for cs, ce in cells:
            if cs <= at < ce or not re.search(r"[^\W\d_]{2}", text[cs:ce]):
                continue
            s, e = _trim(text, cs, ce)
            return _Named(_squash(text[s:e]), s)
    before = text[ln.start:at]
    generic = [w.casefold() for w in rules.generic_labels.words]
    # "- Thời hạn nộp hồ sơ: Từ …", "2. Đăng ký dự thi: trực tuyến tại … từ …": the label before the colon.
    lab = re.match(r"[ \t]*(?:[-+•*][ \t]*|\d{1,2}(?:\.\d{1,2})*[.)][ \t]+)?(?:\*\*)?(?P<label>[^:\n]{2,80}?)(?:\*\*)?:", before)
    if lab:
        s, e = _trim(text, ln.start + lab.start("label"), ln.start + lab.end("label"))
        label = _squash(text[s:e])
        if label.casefold() not in generic:
            ps, pe = _strip_prefix(text, s, e, rules.name_prefixes.words)
            return _Named(_capitalize(_squash(text[ps:pe])), s)
    # "Tuần lễ được tổ chức từ ngày …": the words before the verb, back to the sentence start.
    verbs = re.compile(rf"(?:{_words_re(rules.name_verbs.words)})[ \t]+(?:(?:vào|trong|từ)[ \t]+)?(?:ngày[ \t]+)?$", re.I)
    sent_start = max(ln.start, text.rfind(". ", ln.start, at) + 2 if text.rfind(". ", ln.start, at) >= 0 else ln.start)
    v = verbs.search(text, sent_start, at)
    if v:
        s, e = _trim(text, sent_start, v.start())
        s = max(s, sent_start + (_BULLET.match(text, sent_start).end() - sent_start if _BULLET.match(text, sent_start) else 0))
        s, e = _trim(text, s, e)
        if e > s and e - s < 150:
            return _Named(_squash(text[s:e]), s)
    # "Đoàn kiểm tra làm việc tại các trường trong thời gian từ …", "Lớp tập huấn được tổ chức trong
    # 02 ngày, từ …": the sentence before the dates, cut at its verb.
    lead = re.compile(r"(?i)(?:[\s,:;(]|\b(?:trong thời gian|trong|vào|từ|ngày|là))*$").search(text, sent_start, at)
    cut = lead.start() if lead else at
    b = _BULLET.match(text, sent_start)
    s, e = _trim(text, b.end() if b else sent_start, cut)
    verb = re.compile(rf"(?i)[ \t]+(?:{_words_re(rules.name_verbs.words)})(?!\w)").search(text, s, e)
    if verb:
        e = verb.start()
    name = _squash(text[s:e]) if e > s else ""
    if name and len(name) < 120 and name[0].isupper() and name.casefold() not in generic and ":" not in name:
        return _Named(name, s)
    head = _heading_above(text, lines, line_idx)
    if head:
        s, e = _strip_prefix(text, head[0], head[1], rules.name_prefixes.words)
        name = _squash(text[s:e])
        # "II. THỜI GIAN, CHỦ ĐỀ" lists the section's topics; it names no event.
        prefix = re.compile(rf"(?i)[\s*]*(?:{_words_re(rules.name_prefixes.words)})(?!\w)[ \t]*").match(text, head[0], head[1])
        listed = bool(prefix and re.match(r"(?i)[\s*]*(?:,|và(?!\w))", text[prefix.end():head[1]])) \
            or bool(re.search(r"(?i),[ \t]*thời gian(?!\w)", text[head[0]:head[1]]))
        if name and name.casefold() not in generic and not listed:
            return _Named(_sentence_case(name), at)
    return _Named("", at)


def _sentence_case(name: str) -> str:
    """An all-caps heading as a name: "RÀ SOÁT HỘ NGHÈO" → "Rà soát hộ nghèo"."""
    letters = [ch for ch in name if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
        return _capitalize(name.lower())
    return _capitalize(name)


def _expand_name(text: str, name: str) -> str:
    """A short name ("Tuần lễ") completed from its first full mention ("Tuần lễ hưởng ứng … năm 2021")."""
    if not name or len(name.split()) > 4:
        return name
    pat = re.compile(rf"{re.escape(name)}[^\n.;:,()]{{0,90}}?năm[ \t]+\d{{4}}", re.I)
    m = pat.search(text)
    return _squash(m.group(0)) if m else name


def _line_index(lines: list[Line], pos: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


_OPEN_END = re.compile(r"[ \t]*(?:đến|tới)[ \t]+hết[ \t]+(?P<p>(?:tháng|quý|năm)[^\n.;,]{1,12})", re.I)
# "Từ 01/5/2024" ending a table cell; "đến 31/5/2024" below it in the same column.
_FROM_WORD = re.compile(rf"(?im){_words_at_start(['từ'])}[ \t]+(?:ngày[ \t]+)?(?=\d)")
_TO_WORD = re.compile(r"(?i)(?:đến|tới)[ \t]+(?:ngày[ \t]+)?(?=\d)")


@functools.lru_cache(maxsize=1)
def _labelled_day_patterns() -> list[tuple[LabelledDay, re.Pattern]]:
    """Each labelled-day rule with its line pattern, by priority."""
    return [(rule, re.compile(rf"(?im)^[ \t]*(?:[-+•*][ \t]*|\d{{1,2}}[.)][ \t]+)?(?:\*\*)?(?P<label>{rule.pattern})"
                              rf"(?:\*\*)?[ \t]*:[ \t]*(?P<value>[^\n]+)$"))
            for rule in sorted(load_event_rules().labelled_days, key=lambda r: r.priority)]


@functools.lru_cache(maxsize=1)
def _not_event_label() -> re.Pattern:
    """Words that make a labelled day a deadline ("Thời gian hoàn thành: …")."""
    return re.compile(rf"(?i)(?<!\w)(?:{_words_re(load_event_rules().deadline_labels.words)})(?!\w)")


def find_events(text: str, year: int | None = None) -> list[Event]:
    """Named date ranges and labelled event days, one per (start, end).

    >>> [(e.name, e.start, e.end) for e in find_events("- Thời hạn đăng ký dự thi: Từ 3/11/2025 đến 7/11/2025")]
    [('Đăng ký dự thi', '2025-11-03', '2025-11-07')]
    """
    rules = load_event_rules()
    lines = _lines(text)
    found: list[tuple[int, Event]] = []
    covered: list[tuple[int, int]] = []
    for r in find_date_ranges(text, year=year):
        first = _rejoin_split_day(text, r.first)
        if first is not r.first:
            r = replace(r, start=min(r.start, first.start), first=first)
        if r.first.precision != "day" or r.last.precision != "day" or not (r.first.iso and r.last.iso):
            continue
        idx = _line_index(lines, r.start)
        named = _name_for(text, lines, idx, r.start, rules)
        name = _expand_name(text, named.name)
        found.append((r.start, Event(name=name or None, start=r.first.iso, end=r.last.iso,
                                     span=(min(named.start, r.start), r.end), rule=rules.ranges.id)))
        covered.append((r.start, r.end))
    # "từ ngày 11/9 đến hết năm 2026": dates.py leaves period ends out of ranges.
    open_end = _OPEN_END
    for d in _dates(text, year=year):
        if d.precision != "day" or any(s <= d.start < e for s, e in covered):
            continue
        m = open_end.match(text, d.end)  # asked first: anchored, and rarely there
        if not m:
            continue
        lead = _FROM_BEFORE.search(text[max(0, d.start - 16):d.start])
        if not lead:
            continue
        last = parse_date(m.group("p"), year=year)
        if last is None or last.precision == "day" or not last.iso:
            continue
        first = d if d.year and not d.yearless else replace(d, year=last.year)
        if not first.iso:
            continue
        s = d.start - len(lead.group(0))
        idx = _line_index(lines, s)
        named = _name_for(text, lines, idx, s, rules)
        found.append((s, Event(name=_expand_name(text, named.name) or None, start=first.iso, end=last.iso,
                               span=(min(named.start, s), m.end()), rule=rules.ranges.open_end_id)))
        covered.append((s, m.end()))
    # A range wrapped inside a table column ("Từ 01/5/2024" / "đến 31/5/2024" on the next line, same column).
    for m in finditer_at(_FROM_WORD, text, find_word_starts(text, ["từ"], ignore_case=True)):
        if any(s <= m.start() < e for s, e in covered):
            continue
        idx = _line_index(lines, m.start())
        ln = lines[idx]
        first = [d for d in _dates(text, m.end(), ln.end, year=year) if d.start == m.end()]
        if not first or first[0].precision != "day" or text[first[0].end:ln.end].strip() or idx + 1 >= len(lines):
            continue
        nxt, col = lines[idx + 1], m.start() - ln.start
        to = _TO_WORD.search(nxt.text, max(0, col - 4), col + 6)
        last = [d for d in _dates(text, nxt.start + to.end(), nxt.end, year=year)] if to else []
        if not last or last[0].start != nxt.start + to.end() or last[0].precision != "day" or not first[0].iso or not last[0].iso:
            continue
        a, b = first[0], last[0]
        if a.yearless and b.year:
            a = replace(a, year=b.year)
        name = _layout_row_name(ln, m.start())
        found.append((m.start(), Event(name=name, start=a.iso, end=b.iso, span=(m.start(), b.end), rule=rules.ranges.id)))
        covered.append((m.start(), b.end))
    # A labelled single day: the whole value after the colon is one date (and maybe its weekday).
    not_event = _not_event_label()
    line_starts = [ln.start for ln in lines]  # a labelled day's pattern opens with "^" (re.M)
    for rule, pat in _labelled_day_patterns():
        for m in finditer_at(pat, text, line_starts):
            if any(s <= m.start("value") < e for s, e in covered) or not_event.search(m.group("label")):
                continue
            value_s = m.start("value")
            dates = _dates(text, value_s, m.end("value"), year=year)
            if len(dates) != 1 or dates[0].precision != "day" or not dates[0].iso:
                continue
            d = dates[0]
            rest = (text[value_s:d.start] + text[d.end:m.end("value")])
            rest = re.sub(r"(?i)\d{1,2}[ \t]*(?:h|giờ)[ \t]*\d{0,2}(?:[ \t]*phút)?", "", rest)
            rest = re.sub(r"(?i)(?<!\w)tại[ \t].*$", "", rest)  # "… ngày 10/01/2026 tại Hội trường A."
            if re.sub(r"(?i)ngày|lúc|vào|\(?(?:thứ[ \t]+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)\)?|[\s.,;*()]", "", rest):
                continue  # "trước ngày …", "từ …", more words: not a bare event day
            idx = _line_index(lines, m.start())
            label = _squash(m.group("label"))
            span = (m.start("label"), d.end)
            if label.casefold() in [w.casefold() for w in rules.generic_labels.words]:
                head = _heading_above(text, lines, idx)
                hs, he = _strip_prefix(text, *head, rules.name_prefixes.words) if head else (0, 0)
                name = _capitalize(_squash(text[hs:he])) if head else ""
            elif label.casefold().startswith("thời gian"):
                # "Thời gian tổ chức Hội nghị" names the event after its prefix.
                ls, le = _strip_prefix(text, m.start("label"), m.end("label"), rules.name_prefixes.words)
                name = _expand_name(text, _capitalize(_squash(text[ls:le])))
            else:
                name = _capitalize(label)
            found.append((m.start(), Event(name=name or None, start=d.iso, end=d.iso, span=span, rule=rule.id)))
            covered.append((m.start(), m.end()))
    found += [(e.span[0], e) for e in _sentence_days(text, year, rules, covered)]
    found.sort(key=lambda x: x[0])
    out: list[Event] = []
    for _, e in found:
        # The same dates again (an appendix title repeating the week) are the same event, unless both
        # carry names that differ (two tasks of a plan running over the same month).
        if any((x.start, x.end) == (e.start, e.end) and _same_name(x.name, e.name) for x in out):
            continue
        out.append(e)
    return out


def _layout_row_name(ln: Line, at: int) -> str | None:
    """The first worded cell of a row laid out with runs of spaces ("1    Treo băng rôn …    Phòng …")."""
    pos = ln.start
    for part in re.split(r"( {2,}|\t)", ln.text):
        if pos <= at < pos + len(part):
            break
        if re.search(r"[^\W\d_]{2}", part) and not part.isspace():
            return _squash(part)
        pos += len(part)
    return None


@functools.lru_cache(maxsize=1)
def _sentence_day_pattern() -> re.Pattern:
    """An event noun (as written: the nouns are capitalised), its name, verbs, then "vào"."""
    sd = load_event_rules().sentence_days
    return re.compile(rf"(?P<name>{_words_at_start(sd.nouns)}(?![\w])[^\n.;:,()]{{0,90}}?)"
                      rf"(?:[ \t]+(?:{_words_re(sd.verbs)}))*[ \t]+vào[ \t]+")


@functools.lru_cache(maxsize=1)
def _ceremony_words() -> re.Pattern:
    """Any milestone word as a whole word, case as written."""
    rules = load_event_rules()
    return re.compile(rf"(?<!\w)(?:{_words_re([w for r in rules.milestones for w in r.words])})(?!\w)")


def _sentence_days(text: str, year: int | None, rules: EventRules, covered: list[tuple[int, int]]) -> list[Event]:
    """"Hội nghị sơ kết được tổ chức vào 8h00 ngày 12/12/2025": an event noun, its name, then the day."""
    sd = rules.sentence_days
    ceremony = _ceremony_words()
    pat = _sentence_day_pattern()
    out = []
    for m in finditer_at(pat, text, find_word_starts(text, sd.nouns)):
        if any(s <= m.start() < e for s, e in covered) or ceremony.search(m.group("name")):
            continue
        dates = _dates(text, m.end(), min(len(text), m.end() + 40), year=year)
        if not dates or dates[0].precision != "day" or not dates[0].iso:
            continue
        d = dates[0]
        if not re.fullmatch(r"(?i)[ \t]*(?:lúc[ \t]*)?(?:ngày[ \t]*)?", text[m.end():d.start]):
            continue
        s, e = _trim(text, m.start("name"), m.end("name"))
        out.append(Event(name=_squash(text[s:e]), start=d.iso, end=d.iso, span=(s, d.end), rule=sd.id))
        covered.append((s, d.end))
    return out


def _same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    wa, wb = set(_squash(a).casefold().split()), set(_squash(b).casefold().split())
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


# ---------------------------------------------------------------- milestones


def _place_after(text: str, s: int, e: int) -> tuple[str | None, int]:
    m = re.compile(r"(?<!\w)tại[ \t]+(?P<p>[^.;()\n]{3,140}?)(?=[ \t]*(?:[.;(\n]|được|vào|từ|$))").search(text, s, e)
    if not m:
        return None, s
    return _squash(m.group("p")), m.end("p")


_SENTENCE_END = re.compile(r"[.;](?:\s|$)")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le < 0 else le
    s = max(ls, max(text.rfind(". ", ls, pos), text.rfind("; ", ls, pos)) + 2) if max(text.rfind(". ", ls, pos), text.rfind("; ", ls, pos)) >= 0 else ls
    m = _SENTENCE_END.search(text, pos, le)
    return s, (m.start() if m else le)


@functools.lru_cache(maxsize=1)
def _milestone_patterns() -> list[tuple[MilestoneRule, re.Pattern]]:
    """Each milestone rule with its words' pattern, by priority."""
    return [(rule, re.compile(rf"{_words_at_start(rule.words)}(?!\w)"))
            for rule in sorted(load_event_rules().milestones, key=lambda r: r.priority)]


def _ceremonies(text: str, year: int | None, rules: EventRules) -> list[tuple[int, Milestone]]:
    # A date inside a citation ("Kết luận số 63-KL/TW ngày 27/5/2013") dates that document, not a ceremony.
    cited = [(c.start, c.end) for c in find_citations(text)]
    out = []
    for rule, pat in _milestone_patterns():
        # The words are matched as written (no re.I): found with str.find, the pattern tried there.
        for m in finditer_at(pat, text, find_word_starts(text, rule.words)):
            s, e = _sentence_bounds(text, m.start())
            dates = [d for d in _dates(text, m.end(), e, year=year) if d.precision == "day" and d.iso
                     and not any(cs <= d.start < ce for cs, ce in cited)]
            if not dates or dates[0].start - m.end() > 160:
                continue
            d = dates[0]
            # "Lễ khai mạc cấp huyện được tổ chức vào …": the label runs to the verb or "vào"/"tại".
            stop = re.compile(r"[ \t]+(?:được|tổ chức|vào|tại|diễn ra|sẽ|lúc|trong|từ)(?!\w)|[,(:]|\n").search(text, m.end(), d.start)
            ls, le = _trim(text, m.start(), stop.start() if stop else d.start)
            place, pend = _place_after(text, m.end(), e)
            out.append((m.start(), Milestone(label=_squash(text[ls:le]), date=d.iso, time=d.time, place=place,
                                             span=(m.start(), max(d.end, pend)), rule=rule.id)))
    return out


def _cells(line: Line) -> list[tuple[int, int]] | None:
    """Cell spans of a table row written with tabs or pipes; None for a line that is not a row."""
    sep = "\t" if "\t" in line.text else ("|" if line.text.count("|") >= 2 else None)
    if sep is None:
        return None
    spans, pos = [], line.start
    for part in line.text.split(sep):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    if sep == "|":
        spans = spans[1:-1] if line.text.strip().startswith("|") else spans
    return spans if len(spans) >= 3 else None


def _schedule_rows(text: str, year: int | None, rules: EventRules) -> list[tuple[int, Milestone]]:
    sched = rules.schedule
    if "\t" not in text and text.count("|") < 2:
        return []  # no line can be a row of cells (see `_cells`)
    lines = _lines(text)
    out = []
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        if not cells:
            i += 1
            continue
        names = [_squash(text[s:e]).strip(" .:").casefold() for s, e in cells]
        # Columns named in the rule's order of preference: "Ngày" before "Thời gian" for the date.
        col = lambda words: next((names.index(w) for w in words if w in names), None)
        date_c, content_c = col(sched.date_columns), col(sched.content_columns)
        time_c = next((names.index(w) for w in sched.time_columns if w in names and names.index(w) != date_c), None)
        unit_c, place_c = col(sched.unit_columns), col(sched.place_columns)
        if date_c is None or content_c is None:
            i += 1
            continue
        i += 1
        while i < len(lines):
            row = lines[i]
            if not row.text.strip():
                i += 1
                continue
            rc = _cells(row)
            if not rc:
                break
            i += 1
            if re.fullmatch(r"[\s|:\-]+", row.text) or len(rc) <= max(date_c, content_c):
                continue
            ds, de = rc[date_c]
            dates = [d for d in _dates(text, ds, de, year=year) if d.precision == "day"]
            if not dates:
                continue
            d = dates[0]
            time = d.time
            if time is None and time_c is not None and time_c < len(rc):
                times = find_times(text, *rc[time_c])
                time = times[0][2] if times else None
            get = lambda k: _squash(text[rc[k][0]:rc[k][1]]) or None if k is not None and k < len(rc) else None
            out.append((row.start, Milestone(label=get(content_c), date=d.iso, time=time, place=get(place_c),
                                             unit=get(unit_c), span=_trim(text, row.start, row.end, " \t|"),
                                             rule=sched.id)))
    return out


def _block_fields(text: str, pos: int) -> tuple[str | None, str | None]:
    """"- Địa điểm: …" and "- Đơn vị chủ trì: …" in the bullets that follow pos, up to the next heading."""
    place = unit = None
    for ln in _lines(text[pos:pos + 1500])[1:12]:
        if _HEADING.match(ln.text) and not _BULLET.match(ln.text):
            break
        m = re.match(r"[ \t]*[-+•*]?[ \t]*(Địa điểm(?: thực hiện| tổ chức)?|Đơn vị chủ trì)[ \t]*:[ \t]*(.+)$", ln.text)
        if m:
            value = _squash(m.group(2)).rstrip(" .;")
            if m.group(1).startswith("Địa điểm"):
                place = place or value
            else:
                unit = unit or value
    return place, unit


def find_milestones(text: str, year: int | None = None, events: list[Event] | None = None) -> list[Milestone]:
    """Ceremonies with their date (time, place), one-day events named as ceremonies, schedule rows.

    >>> [(m.label, m.date, m.time, m.place) for m in find_milestones(
    ...     "Lễ khai mạc cấp huyện được tổ chức vào 8h00 ngày 03/11/2025 tại Nhà văn hóa huyện.")]
    [('Lễ khai mạc cấp huyện', '2025-11-03', '08:00', 'Nhà văn hóa huyện')]
    """
    rules = load_event_rules()
    found = _ceremonies(text, year, rules)
    heads = re.compile(rf"(?i)(?<!\w)(?:{_words_re([w for r in rules.milestones for w in r.words])})(?!\w)")
    for e in events or []:
        if e.start and e.start == e.end and e.name and heads.search(e.name) and e.span:
            if not any(m.date == e.start and m.span and m.span[0] <= e.span[0] < m.span[1] for _, m in found):
                place, unit = _block_fields(text, e.span[1])
                found.append((e.span[0], Milestone(label=e.name, date=e.start, place=place, unit=unit, span=e.span,
                                                   rule=e.rule)))
    found += _schedule_rows(text, year, rules)
    found.sort(key=lambda x: x[0])
    out, seen = [], set()
    for _, m in found:
        key = (m.span[0] if m.span else None, m.date)
        if key in seen or any(m.span and x.span and x.span[0] <= m.span[0] < x.span[1] and x.date == m.date for x in out):
            continue
        seen.add(key)
        out.append(m)
    return out


def extract_events(doc: Document, layout: Layout, fields: dict) -> dict:
    """themes, events and milestones of a document (appendix schedules included).

    >>> from extractor.layout import find_layout
    >>> doc = Document(text="Ngày hội được tổ chức từ ngày 20/4 đến ngày 22/4/2025.\\nLễ khai mạc vào 8h00 ngày 20/4.")
    >>> out = extract_events(doc, find_layout(doc.text), {})
    >>> [(e.name, e.start, e.end) for e in out["events"]], [(m.label, m.date, m.time) for m in out["milestones"]]
    ([('Ngày hội', '2025-04-20', '2025-04-22')], [('Lễ khai mạc', '2025-04-20', '08:00')])
    """
    text = doc.text
    year = document_year(text, fields)
    themes = find_themes(text)
    events = find_events(text, year)
    milestones = find_milestones(text, year, events)
    page = lambda x: x.model_copy(update={"page": doc.page_at(x.span[0])}) if x.span and doc.pages else x
    return {"themes": [page(t) for t in themes], "events": [page(e) for e in events],
            "milestones": [page(m) for m in milestones]}
