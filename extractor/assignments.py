"""Assignments: each unit the document gives tasks to, with its role and its tasks.

Where a unit gets tasks (cues in rules/assignments.yaml, units from extractor/units.py):
- a heading that names it: "1. Phòng Giáo dục và Đào tạo:", "5.4. Ủy ban nhân dân các huyện",
  "a) Sở Công Thương", "4. Đề nghị Hội Khuyến học huyện:" — its tasks are the bullets/paragraphs of its
  section (and the text after the colon);
- a sentence that hands it tasks: "Giao X chủ trì, phối hợp với Y …", "Đề nghị X …", "Yêu cầu X …",
  or starts with it: "X chủ trì, phối hợp …";
- a line naming the lead of an activity: "Đơn vị chủ trì: X", or a "Cơ quan chủ trì" list under an
  activity — the task is the activity's title;
- a heading "Trách nhiệm của X" / "Nhiệm vụ của X", or "Mời X";
- a task table (Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian, or "Đơn vị thực hiện"),
  with cell separators or laid out with spaces: the lead column's unit gets the row's task;
- a request ending in a colon ("… đề nghị các doanh nghiệp thực hiện các nội dung sau:") takes the
  list below as its tasks, unless that list names its own assignees.
Not assignments: the closing execution clause ("… chịu trách nhiệm thi hành Quyết định này"), the
Nơi nhận list, and units named only as cooperating bodies ("phối hợp với X", a "phối hợp" column).

One Assignment per distinct unit (compared by `units.unit_key` in the issuer's context), at its first
appearance; tasks are gathered from every place it gets them.

Spans: `Assignment.span` covers the unit's whole first section — from the heading (or sentence) that
names it through its last task — so a later stage (deadlines) can give a date inside that span to the
unit. Tasks gathered from other places carry their own `Task.span`; use those for dates outside the
Assignment's span. `Task.due` is the task's own due date (a date after "trước ngày", "chậm nhất" …).

>>> rec = extract_assignments_text("III. TỔ CHỨC THỰC HIỆN\\n1. Sở Y tế:\\na) Chủ trì tổ chức tập huấn.\\n")
>>> [(a.unit, a.role, [t.text for t in a.tasks]) for a in rec]
[('Sở Y tế', 'chủ trì', ['Chủ trì tổ chức tập huấn.'])]
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from pydantic import BaseModel, ConfigDict

from extractor.dates import find_dates
from extractor.document import Document
from extractor.fastre import UNSAFE_FOR_LOWER, fast_compile
from extractor.layout import Layout
from extractor.models import Assignment, Task
from extractor.rules import load_rules
from extractor.units import canonical_unit, find_units, load_unit_rules, unit_key, unit_start_words
from extractor.wordstarts import any_start_in, find_word_starts, finditer_at, lowered_text


# ---------------------------------------------------------------- rules/assignments.yaml


class Cue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    words: list[str]
    role: Optional[str] = None
    priority: int = 0
    example: str


class MemberLists(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    markers: list[str]
    max_items: int
    max_item_words: int
    example: str


class AssignmentRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member_lists: MemberLists
    delegations: list[Cue]
    lead_lines: list[Cue]
    cooperation_lines: list[str]
    subject_verbs: list[Cue]
    person_titles: list[str]
    generic_starts: list[str]
    name_ends: list[str]
    name_continues: list[str]
    not_assignees: list[str]
    heading_verbs: list[str]
    exclusions: list[Cue]
    stops: list[str]
    closings: list[str]
    organisation_titles: list[str]
    responsibility_headings: list[str]
    due_cues: list[str]


def load_assignment_rules() -> AssignmentRules:
    return load_rules("assignments", AssignmentRules)


@dataclass(frozen=True)
class MemberList:
    """A plural group with its members listed after a colon: "UBND các phường: Ba Đình, Tây Hồ"."""

    prefix: str  # "UBND "
    noun: str  # "phường"
    items: tuple[str, ...]  # ("Ba Đình", "Tây Hồ")


def split_members(listed: str) -> list[str]:
    """The items of a list of names: "Ba Đình, Tây Hồ và Long Biên" → three items."""
    return [x.strip(" .") for x in _LIST_SEP.split(" ".join(listed.split())) if x.strip(" .")]


@functools.lru_cache(maxsize=1)
def _member_list_re() -> re.Pattern:
    markers = _alt(load_assignment_rules().member_lists.markers)
    return re.compile(rf"(?P<prefix>(?:[^:;]*?\s)?)(?:{markers})\s+(?P<noun>[^\W\d_]+):\s*(?P<list>[^:;]+)$", re.I)


def member_list(name: str) -> Optional[MemberList]:
    """The group and members of a name such as "UBND các phường: Ba Đình, Tây Hồ và Long Biên"
    (rules/assignments.yaml `member_lists`), or None.

    >>> member_list("UBND các phường: Ba Đình và Tây Hồ").items
    ('Ba Đình', 'Tây Hồ')
    """
    m = _member_list_re().match(" ".join((name or "").split()))
    if not m:
        return None
    return MemberList(m.group("prefix"), m.group("noun"), tuple(split_members(m.group("list"))))


def _alt(words) -> str:
    """A regex alternation, longest first so that "chủ trì thực hiện" wins over "chủ trì"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _alt_cues(cues: list[Cue]) -> str:
    """Cue words by the cues' explicit priority, then longest first."""
    words = sorted(((c.priority, w) for c in cues for w in c.words), key=lambda x: (-x[0], -len(x[1])))
    return "|".join(re.escape(w) for _, w in words)


# ---------------------------------------------------------------- lines


# A list marker: "III.", "A.", "1.", "5.4.", "a)", "(1)", "-", "+", "•", "Điều 2.". Markdown emphasis
# and table pipes around it are skipped.
_MARKER = re.compile(
    r"^(?P<pre>[ \t*_#>|]*)"
    r"(?P<m>Điều\s+\d+\s*[.:]|(?:[IVX]{1,5}|[A-ZĐ]|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])[.)](?![\d/])|\(\d{1,2}\)|\([a-zđ]\)|[-–+•●▪◦](?=\s))"
    r"(?P<post>[ \t*_]*)")


class _Line(NamedTuple):
    """A line of the text with its list marker read. (A named tuple: the passes read hundreds per
    document, and building dataclasses took as long as reading them.)"""

    start: int  # content start (after marker and markup)
    end: int  # content end (trailing space and markup removed)
    rank: int  # 0 A. | 1 I./Điều | 2 1. | 3 1.1. | 4 (1) | 5 a) | 6 - | 7 + | 9 none
    marker: str
    text: str


_ROMAN_MARK = re.compile(r"[IVX]{1,5}[.)]")
_CAPITAL_MARK = re.compile(r"[A-ZĐ][.)]")
_NUMBER_MARK = re.compile(r"\d{1,2}(?:\.\d{1,2})*[.)]")
_LETTER_MARK = re.compile(r"[a-zđ][.)]")


@functools.lru_cache(maxsize=256)  # a document repeats a few markers ("-", "1.", "a)") on every line
def _rank(m: str) -> int:
    m = m.strip()
    if m.startswith("Điều"):
        return 1
    if _ROMAN_MARK.fullmatch(m):
        return 1
    if _CAPITAL_MARK.fullmatch(m):
        return 0
    if _NUMBER_MARK.fullmatch(m):
        return 2 + m.rstrip(".)").count(".")
    if m.startswith("("):
        return 4 if m[1].isdigit() else 5
    if _LETTER_MARK.fullmatch(m):
        return 5
    if m in "-–•●▪◦":
        return 6
    return 7


def _split_lines(text: str, a: int, b: int) -> list[_Line]:
    out = []
    pos = a
    for raw in text[a:b].split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        m = _MARKER.match(raw)
        if m and m.group("m"):
            cs = s + m.end()
            marker = m.group("m")
            rank = _rank(marker)
        else:
            cs = s + len(raw) - len(raw.lstrip(" \t*_#>|"))
            rank, marker = 9, ""
        # Trailing space and markup off (a content shorter than nothing is no line).
        ce = s + len(raw.rstrip(" \t*_|"))
        if ce <= cs:
            continue
        out.append(_Line(cs, ce, rank, marker, text[cs:ce]))
    return out


# ---------------------------------------------------------------- the stage


@dataclass
class _Found:
    unit: str
    start: int
    end: int
    role: Optional[str]
    rule: str
    span: tuple[int, int]
    tasks: list[tuple[int, int]] = field(default_factory=list)
    intro: bool = False  # "… đề nghị các đơn vị thực hiện các nội dung sau:" with the list as its tasks


@dataclass(frozen=True)
class _Patterns:
    """The rules' regexes. Compiled once per process: a `_Finder` is made per document, and building
    these alternations (hundreds of escaped words) cost more than reading a short document."""

    rules: AssignmentRules
    deleg_re: re.Pattern
    deleg_role: dict
    lead_re: re.Pattern
    lead_role: dict
    coop_re: re.Pattern
    subj_re: re.Pattern
    subj_role: dict
    title_re: re.Pattern
    gap_re: re.Pattern
    generic_re: re.Pattern
    name_rest_re: re.Pattern
    name_end_re: re.Pattern
    not_re: re.Pattern
    verb_re: re.Pattern
    excl_re: re.Pattern
    lead_col_re: re.Pattern
    resp_re: re.Pattern
    org_re: re.Pattern
    stop_re: re.Pattern
    closing_re: re.Pattern
    due_re: re.Pattern
    unit_starts: frozenset
    deleg_words: tuple[str, ...]  # every match of deleg_re begins with one of them (see extractor.wordstarts)
    excl_needles: Optional[tuple[str, ...]]  # see `_needles`
    lead_col_needles: tuple[str, ...]
    due_needles: Optional[tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    r = load_assignment_rules()
    return _Patterns(
        rules=r,
        deleg_re=re.compile(r"(?<!\w)(" + _alt_cues(r.delegations) + r")\s+", re.I),
        deleg_role={w.lower(): c for c in r.delegations for w in c.words},
        lead_re=re.compile(r"^(" + _alt_cues(r.lead_lines) + r")\s*(?:[:：]\s*|$)", re.I),
        lead_role={w.lower(): c for c in r.lead_lines for w in c.words},
        coop_re=re.compile(r"^(" + _alt(r.cooperation_lines) + r")\b", re.I),
        subj_re=re.compile(r"[\s,]*(" + _alt_cues(r.subject_verbs) + r")(?!\w)", re.I),
        subj_role={w.lower(): c for c in r.subject_verbs for w in c.words},
        title_re=re.compile(r"(" + _alt(r.person_titles) + r")\s+", re.I),
        # Between two units of one assignee: "Công an tỉnh, các sở", "Sở Y tế; Chủ tịch UBND các xã".
        gap_re=re.compile(r"\s*(?:,|;|/|và|-|–|,\s*và)?\s*(?:(?:" + _alt(r.person_titles) + r")\s+)?(?:các\s+)?"),
        generic_re=re.compile(r"^(" + _alt(r.generic_starts) + r")(?!\w)", re.I),
        name_rest_re=re.compile(r"(?:" + _alt(r.name_continues) + r")(?!\w)", re.I),
        name_end_re=re.compile(r"\s(?:" + _alt(r.name_ends) + r")\s"),
        not_re=re.compile(r"^(" + _alt(r.not_assignees) + r")(?!\w)", re.I),
        # Patterns searched through lines and windows are compiled with the letters their matches begin
        # with in front (extractor.fastre): `re` skips other places at once instead of trying every word.
        verb_re=fast_compile(r"(?<!\w)(" + _alt(r.heading_verbs) + r")(?!\w)", re.I),
        excl_re=fast_compile(r"(" + _alt_cues(r.exclusions) + r")", re.I),
        # The lead column of a task table: "Cơ quan chủ trì", "Đơn vị thực hiện".
        # (The lookahead names the letters a match begins with: the search skips other positions.)
        lead_col_re=re.compile(r"(?=[cđ])(?:chủ\s*trì|(?:đơn vị|cơ quan)\s+thực\s+hiện)", re.I),
        lead_col_needles=("trì", "đơn vị", "cơ quan"),  # one is in every match of lead_col_re (see `_needles`)
        resp_re=re.compile(r"(?:" + _alt(r.responsibility_headings) + r")\s+", re.I),
        org_re=re.compile(r"(?:" + _alt(r.organisation_titles) + r")\b", re.I),
        stop_re=re.compile(r"^(" + _alt(r.stops) + r")", re.I),
        closing_re=fast_compile(r"(?<!\w)(?:" + _alt(r.closings) + r")(?!\w)", re.I),
        due_re=fast_compile(r"(?:" + _alt(r.due_cues) + r")[\s:,]*(?:là\s+)?(?:ngày\s+)?$", re.I),
        unit_starts=unit_start_words() | {"uỷ"},
        deleg_words=tuple(w for c in r.delegations for w in c.words),
        excl_needles=_needles(w for c in r.exclusions for w in c.words),
        due_needles=_needles(r.due_cues),
    )


def _needles(words) -> Optional[tuple[str, ...]]:
    """For literal words searched with re.I: one piece of each, lower case, that every match of the word
    contains once the text is lower-cased (`piece in text.lower()`), or None when a word has no such piece.

    Why: a case-insensitive alternation of words costs ~60 ns per character of text in `re` (no
    literal prefix to skip to), a substring test on the lower-cased text a hundredth of that; most
    documents hold none of the words, and then the regex need not run at all. The pieces leave out the
    letters re.I matches to other characters ("i" also matches "ı")."""
    out = []
    for w in words:
        low = w.lower()
        if len(low) != len(w):
            return None
        pieces = [p for p in UNSAFE_FOR_LOWER.split(low) if p.strip()]
        if not pieces:
            return None
        out.append(max(pieces, key=len))
    return tuple(out)


def _may_hold(low: str, needles: Optional[tuple[str, ...]]) -> bool:
    """False only when lower-cased text `low` holds none of the needles (no match is possible there)."""
    return needles is None or any(n in low for n in needles)


_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_SUBJECT_LINE = re.compile(r"(v/v|về việc)\b")  # the header's subject line ("V/v triển khai …")
_UNDER = re.compile(r"\s*(?:trực thuộc|thuộc)\s+")  # "Phòng X thuộc Sở Y": one assignee
# Small patterns of the passes, compiled here rather than looked up in re's cache on every line.
_SENTENCE_END = re.compile(r"[.;:!?]$")
_LEADS_AFTER_NAME = re.compile(r"[\s,:]*chủ trì", re.I)  # "Sở Y tế chủ trì …"
_LEADS_FIRST = re.compile(r"(là cơ quan |đề nghị )?chủ trì", re.I)  # a first task "Chủ trì, phối hợp …"
_COOPERATES_FIRST = re.compile(r"(tham gia )?phối hợp", re.I)
_BLANK_LINE = re.compile(r"\n\s*\n")
_LONG_WORD = re.compile(r"[^\W\d_]{2,}")
# The end of a list of members after a heading's colon: a full stop or semicolon before a line
# break (or the end), or a blank line; its items are parted by commas and "và".
_LIST_END = re.compile(r"[.;]?[ \t]*(?:\n[ \t]*\n|\Z)|[.;][ \t]*\n")
_LIST_SEP = re.compile(r"\s*,\s*|\s+và\s+")
_CLAUSE_MARK = re.compile(r"[;:.]")
_COLUMN_GAP = re.compile(r"\s{3,}|\t")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)[\s.]*")
_PUNCTUATION = re.compile(r"[\s,;.]*")
_DATE_LIKE = re.compile(r"\d{1,2}/\d{1,2}|ngày \d")
_CAPITAL_WORD = re.compile(r"\s[A-ZĐÀ-Ỹ]")
_NOT_A_REQUEST = re.compile(r"(được|theo|đã|của|nhiệm vụ)\s*$")
# Between two sentences: the space after a full stop (or ; ! ?) before a capital or a dash. The stop is
# matched, not looked behind for: `re` then jumps to the stops instead of trying every character.
_SENTENCE_SPLIT = re.compile(r"[.;!?](\s+)(?=[A-ZĐÀ-Ỹ\-–+])")
# A unit's first word is looked at through this many characters (a longer word is no head-word).
_FIRST_WORD_SPAN = 20


@functools.lru_cache(maxsize=1)
def _second_words() -> dict[str, Optional[frozenset]]:
    """For each first word of a head-word of rules/units.yaml, the words that may follow it (None: any).

    Why: `_chain` asks `find_units` whether a unit starts at a place thousands of times per hundred
    documents, and most of those places start with a word that only begins a longer head-word ("Bảo
    đảm …" where only "Bảo hiểm xã hội" and "Bảo tàng" are units, "Tỉnh Hà Tĩnh …" where only "Tỉnh
    ủy"). A head-word matches whole tokens separated by one space, so when the second word is none of
    those the head-words allow, `find_units` cannot find a unit there and is not asked."""
    out: dict[str, Optional[set]] = {}
    for head in load_unit_rules().heads:
        for words in head.words:
            toks = words.lower().split()
            first = _WORD.match(toks[0])
            if not first:
                continue  # begins with no letter: the first-word test never lets such a place through
            key = first.group()
            second = _WORD.match(toks[1]) if len(toks) > 1 else None
            if first.end() < len(toks[0]) or second is None or out.get(key, set()) is None:
                out[key] = None  # a one-word head-word ("Sở"), or a first word going on past its letters
                continue
            out.setdefault(key, set()).add(second.group())
    return {k: (frozenset(v) if v is not None else None) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def _second_word_prefixes() -> dict[str, Optional[tuple[tuple[str, ...], int]]]:
    """`_second_words` as `str.startswith` takes them: a tuple of the allowed second words and the
    length of the longest (asked at thousands of places per hundred documents)."""
    return {k: (tuple(sorted(v)), max(map(len, v))) if v is not None else None for k, v in _second_words().items()}


def _may_start_unit(text: str, a: int, starts: frozenset) -> bool:
    """Whether a unit of `find_units` can begin at `a`, judged from its first two words only (no
    tokenizing): the first must begin a head-word, and the second must be one that head-word allows.
    False only where `find_units` would find no unit starting at `a`."""
    first = _WORD.match(text, a, a + _FIRST_WORD_SPAN)
    if not first:
        return False
    word = first.group().lower()
    if word not in starts:
        return False
    seconds = _second_word_prefixes().get(word)
    if seconds is None or first.end() - a == _FIRST_WORD_SPAN:
        return True  # a one-word head-word, a word the lexicon does not list (the plurals' "các") …
    k = first.end()
    if text[k:k + 1] != " ":
        return False  # the second word of a head-word follows its first after exactly one space
    words, longest = seconds
    return text[k + 1:k + 1 + longest].lower().startswith(words)


class _Finder:
    def __init__(self, doc: Document, regions, issuer=None, year: Optional[int] = None,
                 signature: Optional[tuple[int, int]] = None):
        self.text = doc.text
        self.signature = signature  # the signature block: it ends any section that runs into it
        self.regions = [regions] if isinstance(regions, tuple) else list(regions)
        self.issuer = issuer
        self.year = year
        p = _patterns()
        self.rules = p.rules
        self.deleg_re, self.deleg_role = p.deleg_re, p.deleg_role
        self.lead_re, self.lead_role = p.lead_re, p.lead_role
        self.coop_re = p.coop_re
        self.subj_re, self.subj_role = p.subj_re, p.subj_role
        self.title_re, self.gap_re, self.generic_re = p.title_re, p.gap_re, p.generic_re
        self.name_rest_re, self.name_end_re, self.not_re = p.name_rest_re, p.name_end_re, p.not_re
        self.verb_re, self.excl_re, self.lead_col_re = p.verb_re, p.excl_re, p.lead_col_re
        self.resp_re, self.org_re, self.stop_re, self.due_re = p.resp_re, p.org_re, p.stop_re, p.due_re
        self.closing_re = p.closing_re
        self.unit_starts = p.unit_starts
        self.lead_col_needles = p.lead_col_needles
        self.due_needles = p.due_needles
        self._low = lowered_text(self.text)  # shared with events, which read the same document first
        self._low_aligned = len(self._low) == len(self.text)  # "İ" lower-cases to two characters
        # Most documents have no closing execution clause at all: then no line needs looking at for one.
        self._excl_anywhere = _may_hold(self._low, p.excl_needles) and self.excl_re.search(self.text) is not None
        # Where a request ("Giao", "Đề nghị" …) can begin: the sentence pass tries deleg_re only there.
        self._deleg_starts = find_word_starts(self.text, p.deleg_words, ignore_case=True, lowered=self._low)
        self.found: list[_Found] = []
        # Per-document memos (see `_units_between`, `_key`, `_units_of_name`).
        self._units_memo: dict[tuple[int, int], list] = {}
        self._key_memo: dict[str, str] = {}
        self._name_units_memo: dict[str, list] = {}
        self._start_memo: dict[int, bool] = {}
        self._splits: Optional[list[tuple[int, int, int]]] = None  # see `_split_sentences`
        self._split_stops: list[int] = []
        self._lines: Optional[list[_Line]] = None  # the lines `run` reads
        self._section_ends: dict[int, int] = {}  # see `_section_end`

    # ---- per-document memos: the passes ask the same questions of the same places many times

    def _excluded(self, a: int, b: int) -> bool:
        """Whether `text[a:b]` holds an exclusion ("… chịu trách nhiệm thi hành Quyết định này")."""
        return self._excl_anywhere and self.excl_re.search(self.text, a, b) is not None

    def _may_hold(self, a: int, b: int, needles: Optional[tuple[str, ...]]) -> bool:
        """`_may_hold(text[a:b].lower(), needles)`, looked up in the document lower-cased once."""
        if needles is None:
            return True
        if not self._low_aligned:
            return _may_hold(self.text[a:b].lower(), needles)
        low = self._low
        return any(low.find(n, a, b) >= 0 for n in needles)

    def _may_start(self, a: int) -> bool:
        """`_may_start_unit` at `a`, once per place: a line's first word is asked about by the heading
        pass (as a name, then as a sentence) and again by the sentence pass."""
        got = self._start_memo.get(a)
        if got is None:
            got = self._start_memo[a] = _may_start_unit(self.text, a, self.unit_starts)
        return got

    def _units_between(self, a: int, b: int) -> list:
        """`find_units(text, a, b)`, asked once per window: a heading line is read as a name, then as a
        sentence, then again by the sentence pass, each asking for the units of the same window."""
        got = self._units_memo.get((a, b))
        if got is None:
            got = self._units_memo[(a, b)] = find_units(self.text, a, b)
        return got

    def _key(self, name: str) -> str:
        """`unit_key(name, issuer)`, computed once per name: merging compares every found unit's key
        with every heading's."""
        got = self._key_memo.get(name)
        if got is None:
            got = self._key_memo[name] = unit_key(name, self.issuer)
        return got

    def _units_of_name(self, name: str) -> list:
        """`find_units(name)` of a found unit's own name (or a table cell's text), once per name."""
        got = self._name_units_memo.get(name)
        if got is None:
            got = self._name_units_memo[name] = find_units(name)
        return got

    # ---- unit phrases

    def _chain(self, a: int, b: int, named: bool = False) -> Optional[tuple[int, int]]:
        """The run of units starting at `a` ("Công an tỉnh, các sở, ban, ngành và UBND các xã"), or None.
        `named`: only when one of them is a named unit, not just "các đơn vị"."""
        text = self.text
        if not self._may_start(a):
            return None  # cheap test before tokenizing: no unit begins with these words
        ms = self._units_between(a, b)
        if not ms or ms[0].start != a:
            return None
        end = ms[0].end
        rules = {ms[0].rule}
        for m in ms[1:]:
            gap = text[end:m.start]
            if (self.gap_re.fullmatch(gap) or _UNDER.fullmatch(gap)) and "\n" not in gap:
                end = m.end
                rules.add(m.rule)
            else:
                break
        if named and rules == {"unit.plural"}:
            return None
        return a, end

    def _unit_at(self, a: int, b: int, whole_ok: bool, named: bool = False,
                 to_verb: bool = False) -> Optional[tuple[int, int]]:
        """A unit phrase at `a` (a person title may come first: "Chủ tịch UBND các xã").
        `whole_ok`: the phrase may run to `b` when it starts like a generic assignee ("Các tổ chức …");
        `to_verb`: a generic assignee runs to the first verb ("Trưởng các thôn gửi danh sách …")."""
        text = self.text
        m = self.title_re.match(text, a, b)
        if m is None and not whole_ok and not to_verb and not self._may_start(a):
            return None  # no title, no unit can begin here, and nothing else is asked for
        c = m.end() if m else a
        ch = self._chain(c, b, named)
        if ch and to_verb and not self._chain(c, b, True):
            ch = None  # "các trường học trên địa bàn xã kiểm tra …": a plural runs to its verb
        if ch:
            return a, ch[1]
        if not whole_ok and not to_verb:
            return None  # only a run of units can answer: what follows reads generic assignees
        seg = text[c:b]
        if self.not_re.match(seg):
            return None
        generic = self.generic_re.match(seg) or m
        if generic and whole_ok:
            return a, b
        if generic and to_verb:
            v = self.verb_re.search(text, c, min(b, c + 120)) or self.subj_re.search(text, c, min(b, c + 120))
            if v and v.start() > c + 3:
                return a, a + len(text[a:v.start()].rstrip(" ,"))
        return None

    def _rest_is_name(self, rest: str) -> bool:
        """Whether the words after a unit still belong to the assignee's name ("… và các đơn vị có liên
        quan", "… trên địa bàn xã", "… (Ban Thi đua)") rather than begin the sentence's verb."""
        rest = rest.strip()
        return not rest or rest[0] in ",;(/&-–" or rest[0].isupper() or bool(self.name_rest_re.match(rest))

    def _due(self, a: int, b: int) -> Optional[str]:
        if not _DIGIT.search(self.text, a, b):
            return None  # every date form has digits: most tasks have none, and need no date search
        if not self._may_hold(a, b, self.due_needles):
            return None  # no due cue in the task: none stands before any of its dates
        for d in find_dates(self.text, a, b, year=self.year):
            if d.iso and self.due_re.search(self.text[max(a, d.start - 40):d.start]):
                return d.iso
        return None

    def _add(self, unit: tuple[int, int], role, rule, span, tasks, intro: bool = False):
        a, b = unit
        name = self.text[a:b].strip(" :;,.-–")
        if not name or len(name) > 250:
            return
        if self._excluded(span[0], span[1]) and not tasks:
            return
        b = a + len(self.text[a:b].rstrip(" :;,.-–"))
        self.found.append(_Found(name, a, b, role, rule, span, list(tasks), intro))

    # ---- passes

    def run(self) -> list[Assignment]:
        lines = [ln for a, b in self.regions for ln in _split_lines(self.text, a, b)]
        lines = self._lines = self._drop_distribution(lines)
        used: set[int] = set()  # line starts read as headings: the sentence pass skips them
        self._headings(lines, used)
        self._lead_lines(lines)
        self._tables(lines)
        for a, b in self.regions:
            self._layout_tables(a, b)
        self._sentences(lines, used)
        return self._merge()

    def _drop_distribution(self, lines: list[_Line]) -> list[_Line]:
        """Without the Nơi nhận list and the subject line(s) of the header."""
        out, skipping = [], False
        for ln in lines:
            low = self._low[ln.start:ln.end] if self._low_aligned else ln.text.lower()
            if low.startswith("nơi nhận"):
                skipping = True
                continue
            if skipping:
                # The list ends at the first line that is prose again (long, not a list item) or a title.
                if (len(ln.text) > 90 and ln.rank > 6) or (ln.text.isupper() and len(ln.text.split()) >= 2 and ln.rank == 9):
                    skipping = False
                else:
                    continue
            if _SUBJECT_LINE.match(low) and ln.start - self.regions[0][0] < 3000:
                continue
            out.append(ln)
        return out

    def _section_end(self, lines: list[_Line], i: int) -> int:
        """Index after the last line of the section headed by lines[i] (once per heading of the run's
        lines: the heading pass asks twice, the lead-line pass again)."""
        if lines is not self._lines:
            return self._find_section_end(lines, i)
        got = self._section_ends.get(i)
        if got is None:
            got = self._section_ends[i] = self._find_section_end(lines, i)
        return got

    def _find_section_end(self, lines: list[_Line], i: int) -> int:
        r = lines[i].rank
        j = i + 1
        while j < len(lines):
            ln = lines[j]
            if ln.rank <= r or self.stop_re.match(ln.text) or (ln.text.isupper() and len(ln.text) > 12):
                break
            if self.signature and self.signature[0] <= ln.start < self.signature[1]:
                break  # "KT. CHỦ TỊCH", the signer's name: the last section's tasks end above them
            if ln.rank == 9 and self.closing_re.search(ln.text):
                break  # "… thông báo để các cơ quan, đơn vị biết, thực hiện": the closing formula
            if ln.rank == 9 and r >= 6:
                break
            j += 1
        return j

    def _task_spans(self, lines: list[_Line], i: int, j: int) -> list[tuple[int, int]]:
        """Tasks of the section lines[i+1:j]: one per bullet or paragraph (a wrapped line joins the one
        above when that did not end a sentence)."""
        tasks: list[list[int]] = []
        for ln in lines[i + 1:j]:
            if self.stop_re.match(ln.text):
                break
            if tasks and ln.rank == 9 and not _SENTENCE_END.search(self.text[tasks[-1][0]:tasks[-1][1]]) \
                    and self.text[ln.start - 1] == "\n" and not _BLANK_LINE.search(self.text[tasks[-1][1]:ln.start]):
                tasks[-1][1] = ln.end
            else:
                tasks.append([ln.start, ln.end])
        return [(a, b) for a, b in tasks]

    def _headings(self, lines: list[_Line], used: set[int]) -> None:
        text = self.text
        heads = []
        open_until = -1  # index after the section of the last assignee heading seen
        org_rank = None  # rank of the "Tổ chức thực hiện" heading whose section we are in
        for i, ln in enumerate(lines):
            if self.org_re.match(ln.text):
                org_rank = ln.rank
                continue
            if org_rank is not None and ln.rank <= org_rank:
                org_rank = None
            if ln.text.isupper():
                continue  # "II. BAN HÀNH VĂN BẢN": a section title in capitals, never an assignee
            # An unmarked line is a heading only in emphasis ("**Sở Y tế:**"; "**" ends in "*").
            if ln.rank >= 9 and text[ln.start - 1:ln.start] != "*":
                continue
            a, b = ln.start, ln.end
            cue = None
            m = self.deleg_re.match(text, a, b)
            if m:
                cue = m.group(1).lower()
                a = m.end()
            else:
                m = self.resp_re.match(text, a, b)
                if m:  # "6. Trách nhiệm của các doanh nghiệp …": the rest names the assignee
                    a = m.end()
                    u = self._name_only(a, b if text.find(":", a, b) < 0 else text.find(":", a, b), "resp", any_name=True)
                    if u:
                        heads.append((i, u, None, None, None, False, True))
                        open_until = max(open_until, self._section_end(lines, i))
                    continue
            seg = text[a:b]
            if self.lead_re.match(seg) or self.coop_re.match(seg):
                continue
            para_end = text.find(".", ln.end)
            if self._excluded(ln.start, para_end if 0 <= para_end - ln.start <= 600 else ln.end):
                continue  # "Chánh Văn phòng …; Giám đốc …\nchịu trách nhiệm thi hành Quyết định này."
            colon = text.find(":", a, b)
            unit = None
            inline = None
            role = None
            sentence = False  # the heading is a sentence giving a task, not just the assignee's name
            if 0 <= colon - a <= 220:
                hb = a + len(text[a:colon].rstrip(" *_"))
                unit = self._name_only(a, hb, cue or ("colon" if hb - a <= 80 else None))
                members = self._member_list(hb, colon) if unit and unit[1] == hb else None
                if members:
                    unit = (a, members)  # "UBND các phường: A, B và C": the group is these members
                elif unit:
                    k = colon + 1
                    while k < b and text[k] in " *_\t":
                        k += 1
                    if k < b and len(_LONG_WORD.findall(text[k:b])) >= 3:
                        inline = (k, b)  # text after the colon is a task; a phone number is not
            if unit is None and b - a <= 200:
                unit = self._name_only(a, b, cue, any_name=bool(cue), strict=ln.rank)
            if unit is None:
                # "2. Giao Sở X chủ trì …", "3. Sở X chủ trì, phối hợp …": the line is itself a task.
                # A bullet inside another unit's section that asks "các đơn vị …" is that unit's task.
                inside = i < open_until and ln.rank > 5
                u = self._unit_at(a, b, whole_ok=False, named=not cue or inside, to_verb=bool(cue) and not inside)
                if u is None and org_rank is not None and not inside and not cue:
                    # under "Tổ chức thực hiện": "- Các đơn vị có liên quan phối hợp kiểm tra …"
                    u = self._unit_at(a, b, whole_ok=False, to_verb=True)
                if u and ln.rank <= 5 and not self.subj_re.match(text, u[1], b) \
                        and self._rest_is_name(text[u[1]:b]) and text[u[1]:u[1] + 1] == " ":
                    # "2. UBND phường A, phường B và các xã khác chỉ đạo …": the name runs to the verb
                    v = self.verb_re.search(text, u[1], min(b, u[1] + 80))
                    if v and not _CLAUSE_MARK.search(text[u[1]:v.start()]) \
                            and not self.name_end_re.search(text, u[1] - 1, v.start()):
                        u = (u[0], u[1] + len(text[u[1]:v.start()].rstrip(" ,")))
                # Under "Tổ chức thực hiện" a bullet that opens with a unit is that unit's task.
                top = 5 if org_rank is None else 6
                if u and (cue or self.subj_re.match(text, u[1], b)
                          or (ln.rank <= top and text[u[1]:u[1] + 1] == " " and text[u[1] + 1:u[1] + 2].islower()
                              and not self._rest_is_name(text[u[1]:b]))):
                    unit, inline, sentence = u, (ln.start, b), True
                    sm = self.subj_re.match(text, u[1], b)
                    if sm and self.subj_role[sm.group(1).lower()].role:
                        role = self.subj_role[sm.group(1).lower()].role
                else:
                    continue
            heads.append((i, unit, inline, role, cue, sentence, False))
            if not sentence:
                open_until = max(open_until, self._section_end(lines, i))
        # A heading whose section opens with other assignees' headings ("2. Các Sở, ngành liên quan"
        # over "2.1. Sở Tài chính:", "2.2. Sở Xây dựng:") is a group title, not an assignee; a
        # heading's own tasks stop where a sub-heading's section begins.
        starts = {h[0] for h in heads if not h[5]}
        every = {h[0] for h in heads}
        for i, unit, inline, role, cue, sentence, resp in heads:
            ln = lines[i]
            j = self._section_end(lines, i)
            # "3. Trách nhiệm của các đơn vị" over "a) UBND các xã hoàn thiện hồ sơ …": a group title
            sub = next((k for k in range(i + 1, j) if k in (every if resp else starts)), None)
            if sub is not None:
                if sub == i + 1 and not inline:
                    continue
                j = sub
            # A name wrapped over lines ("UBND các xã: A, B –\nC và D.") is not a task of its own.
            tasks = ([inline] if inline else []) + [t for t in self._task_spans(lines, i, j) if t[0] >= unit[1]]
            if not tasks and ln.rank >= 6:
                continue  # "- Sở Y tế" in a list of names is not an assignment heading
            end = max([ln.end] + [t[1] for t in tasks])
            if role is None:
                role = self._role(text[unit[1]:ln.end], tasks)
            rule = self.deleg_role[cue].id if cue else ("asg.subject" if sentence else "asg.heading")
            self._add(unit, role, rule, (ln.start, end), tasks)
            used.add(ln.start)

    def _member_list(self, name_end: int, colon: int) -> Optional[int]:
        """Where the list of members after a plural heading's colon ends ("UBND các phường: Ba Đình,
        Tây Hồ và Long Biên." → after "Long Biên"), or None when the heading does not name a plural
        group or what follows is not a list of names (a task: "Các xã: rà soát hồ sơ …")."""
        rules = load_assignment_rules().member_lists
        text = self.text
        if not re.search(rf"(?:^|\s)(?:{_alt(rules.markers)})\s+\w+$", text[max(0, name_end - 40):name_end], re.I):
            return None
        limit = min(len(text), colon + 400)
        end_match = _LIST_END.search(text, colon + 1, limit)
        if end_match is None or (end_match.start() == limit < len(text)):
            return None  # no end within reach: not a list of names
        end = end_match.start()
        items = split_members(text[colon + 1:end])
        if not 2 <= len(items) <= rules.max_items:
            return None
        for item in items:
            words = item.split()
            if not words or len(words) > rules.max_item_words or not item[:1].isupper() or self.verb_re.search(item):
                return None
        return end

    def _name_only(self, a: int, b: int, cue, any_name: bool = False, strict: int = 0) -> Optional[tuple[int, int]]:
        """`text[a:b]` when it is only an assignee's name (units, or a generic assignee without a verb),
        with at most a parenthesis or punctuation after it. `any_name`: after a cue ("Mời", "Đề
        nghị") any capitalised name without a verb is an assignee ("Mời Thành phố Hòa Bình").
        `strict` (the rank of a whole line without a colon, 0 otherwise): lowercase words after the
        unit must still read as part of a name ("… trên địa bàn xã"), else the line is a sentence
        ("Sở Y tế thẩm định …"); a bullet ending in a full stop is a sentence."""
        text = self.text
        seg = text[a:b]
        # A column gap is three whitespace characters or a tab: where the only whitespace is single or
        # double spaces (every other whitespace character is unprintable) there is none to look for.
        gap = _COLUMN_GAP.search(seg) if "   " in seg or not seg.isprintable() else None
        if gap:  # a column gap of a table laid out with spaces: the name is the first column
            b = a + gap.start()
        if strict and not any_name:
            # A whole line must open like an assignee (most bullets do not): asked before the search
            # for where a name ends, which for a whole line only turns it down.
            unit = self._unit_at(a, b, whole_ok=True)
            if not unit or self.name_end_re.search(text, a, b):
                return None  # "… do lãnh đạo Sở làm Trưởng đoàn": a sentence
        else:
            cut = self.name_end_re.search(text, a, b)
            if cut:
                if strict:
                    return None  # a whole line that goes on "… do lãnh đạo Sở làm Trưởng đoàn" is a sentence
                b = cut.start()
            unit = self._unit_at(a, b, whole_ok=True)
            if not unit and any_name and (text[a:a + 1].isupper() or cue == "resp") \
                    and not self.verb_re.search(text[a:b]) and not self.not_re.match(text[a:b]):
                unit = (a, b)
            if not unit:
                return None
        if unit == (a, b) and not self._chain(a, b) and self.verb_re.search(text[a:b]) and not cue:
            return None  # "Các cơ quan khẩn trương triển khai": a sentence, not a name
        if unit[1] < b and _PARENTHESIS.fullmatch(text[unit[1]:b]):
            return a, unit[1] + len(text[unit[1]:b].rstrip(" ."))  # "Sở Nội vụ (Ban Thi đua)"
        if unit[1] < b and not _PUNCTUATION.fullmatch(text[unit[1]:b]):
            # "Các Phòng, ban, ngành và tổ chức chính trị - xã hội huyện:": a heading names its
            # assignee in full, as long as the rest is not a sentence about the task.
            rest = text[unit[1]:b]
            if self.verb_re.search(rest) or b - a > 200 or ";" in rest or _DATE_LIKE.search(rest) \
                    or (strict and not self._rest_is_name(rest) and (len(rest.strip()) > 30 or (rest.rstrip().endswith(".") and (
                        strict >= 6 or not _CAPITAL_WORD.search(rest))))
                        and self._chain(a, b, named=True)):
                return None
            return a, b
        if unit == (a, b) and _DATE_LIKE.search(text[a:b]):
            return None  # a name carries no date: "Giáo viên dự thi nộp bài trước ngày 27/11"
        return unit

    def _role(self, after_unit: str, tasks) -> Optional[str]:
        """Role as the text says: "chủ trì" where the unit's line or its first task says it leads,
        "phối hợp" where its first task begins by cooperating."""
        if _LEADS_AFTER_NAME.match(after_unit):
            return "chủ trì"
        if tasks:
            first = self.text[tasks[0][0]:tasks[0][1]].lstrip(" -–+*")
            if _LEADS_FIRST.match(first):
                return "chủ trì"
            if _COOPERATES_FIRST.match(first):
                return "phối hợp"
        return None

    def _title_above(self, lines: list[_Line], i: int) -> Optional[tuple[int, int]]:
        """The activity a lead line belongs to: the nearest heading above of a higher rank that is not
        itself about who leads."""
        r = lines[i].rank
        for k in range(i - 1, -1, -1):
            ln = lines[k]
            if ln.rank < r and ln.rank < 9:
                if self.lead_re.match(ln.text) or re.match(r"(cơ quan|đơn vị) chủ trì", ln.text, re.I):
                    r = ln.rank
                    continue
                return ln.start, ln.end
        return None

    def _lead_lines(self, lines: list[_Line]) -> None:
        text = self.text
        for i, ln in enumerate(lines):
            m = self.lead_re.match(ln.text)
            if not m:
                continue
            cue = self.lead_role[m.group(1).lower()]
            title = self._title_above(lines, i)
            a = ln.start + m.end()
            if a < ln.end:
                # "Đơn vị chủ trì: Sở Văn hóa và Thể thao; phối hợp: …" — units up to the end of the clause
                b = ln.end
                if text[a:b].rstrip().endswith(("-", "–")) and i + 1 < len(lines) and lines[i + 1].rank == 9:
                    b = lines[i + 1].end  # "… Văn Miếu -\nQuốc Tử Giám.": a name wrapped after its dash
                k = text.find(". ", a, b)
                if k > 0:
                    b = k
                k = re.search(r"[;,.]?\s*(?:cơ quan|đơn vị)?\s*phối hợp", text[a:b], re.I)
                if k:
                    b = a + k.start()  # "Đơn vị chủ trì: X; phối hợp: Y" — Y only cooperates
                for u in self._units_in(a, b):
                    self._add(u, cue.role, cue.id, (ln.start, ln.end), [title] if title else [(ln.start, ln.end)])
                continue
            # "a) Cơ quan chủ trì" then one bullet per unit (";" between several)
            j = self._section_end(lines, i)
            for sub in lines[i + 1:j]:
                if self.coop_re.match(sub.text):
                    break
                for u in self._units_in(sub.start, sub.end):
                    self._add(u, cue.role, cue.id, (sub.start, sub.end), [title] if title else [])

    def _units_in(self, a: int, b: int, split_named: bool = False) -> list[tuple[int, int]]:
        """Units of a list written as one line: "Ban Chỉ đạo các quân khu; Ban Chỉ đạo các tỉnh.".
        `split_named`: a table cell lists several leads with commas ("Bộ Y tế, Sở Y tế"): each unit
        that begins after a comma is its own."""
        out = []
        text = self.text
        cuts = []
        if split_named:
            for m in self._units_between(a, b):
                k = m.start - 1
                while k > a and text[k] == " ":
                    k -= 1
                if k > a and text[k] == ",":
                    cuts.append(k)
        pieces, s0 = [], a
        for k in cuts + [b]:
            pieces.append((s0, k))
            s0 = k + 1
        for pa, pb in pieces:
            for part in re.finditer(r"[^;]+", text[pa:pb]):
                out.extend(self._unit_of_part(pa + part.start(), pa + part.end()))
        return out

    def _unit_of_part(self, s: int, e: int) -> list[tuple[int, int]]:
        """The assignee named by one list item, bullets and end punctuation removed."""
        text = self.text
        while s < e and text[s] in " -–+*\n":
            s += 1
        while e > s and text[e - 1] in " .,;:\n":
            e -= 1
        if s >= e:
            return []
        u = self._name_only(s, e, None)
        return [u] if u else []

    # ---- task tables

    def _tables(self, lines: list[_Line]) -> None:
        """Rows of a task table written with cell separators (" | " or tabs): the lead column's unit(s)
        get the row's task and due date."""
        text = self.text
        cols = None
        for ln in lines:
            raw = text[ln.start:ln.end]
            if "|" not in raw and "\t" not in raw:
                cols = None if ln.rank == 9 and ln.text.isupper() else cols
                continue
            cells = [c.strip(" *_") for c in re.split(r"\s*[|\t]\s*", raw)]
            low = [c.lower() for c in cells]
            lead = [k for k, c in enumerate(low) if self.lead_col_re.search(c) and "phối hợp" not in c]
            if lead and "chủ trì" not in low[lead[0]] and any(re.fullmatch(r"giờ|thời điểm", c) for c in low):
                cols = None  # a programme of the day (Giờ | Hoạt động | Đơn vị thực hiện): milestones
                continue
            if lead:
                table_role = "chủ trì" if "chủ trì" in low[lead[0]] else None
                task = [k for k, c in enumerate(low) if re.search(r"nội dung|nhiệm vụ|công việc|hoạt động", c)]
                when = [k for k, c in enumerate(low) if re.search(r"thời gian|thời hạn|tiến độ", c)]
                cols = (lead[0], task[0] if task else None, when[0] if when else None, len(cells))
                continue
            if cols is None or len(cells) < 3:
                continue
            li, ti, wi, n = cols
            shift = len(cells) - n
            li2 = li + shift if 0 <= li + shift < len(cells) else li
            if li2 >= len(cells):
                continue
            cell = cells[li2]
            if not cell:
                continue
            cs = text.find(cell, ln.start, ln.end)
            if cs < 0:
                continue
            task = None
            if ti is not None and 0 <= ti + shift < len(cells) and cells[ti + shift]:
                ts = text.find(cells[ti + shift], ln.start, ln.end)
                task = (ts, ts + len(cells[ti + shift])) if ts >= 0 else None
            for u in self._units_in(cs, cs + len(cell), split_named=True):
                self._add(u, table_role, "asg.table", (ln.start, ln.end), [task] if task else [])

    def _layout_tables(self, a: int, b: int) -> None:
        """Task tables laid out with spaces (text layers of PDFs, `pdftotext -layout`). The columns are
        the header's cells; a piece of text belongs to the column it overlaps most. Cells are centred
        over several lines, so rows are not read from the line of the row number: in the lead column a
        piece that begins with a capital letter begins a new cell, a lowercase one continues the cell
        above ("Sở Nông nghiệp và Phát" / "triển nông thôn")."""
        text = self.text
        seg = text[a:b]
        if "  " not in seg and seg.replace("\n", " ").isprintable():
            return  # no line has the gaps between a header's cells (see below): no such table
        if not self._may_hold(a, b, self.lead_col_needles):
            return  # no lead column's title anywhere: no such table
        pos = a
        raw_lines = []
        for raw in text[a:b].split("\n"):
            raw_lines.append((pos, raw))
            pos += len(raw) + 1
        seg_re = re.compile(r"\S+(?: \S+)*")
        k = 0
        while k < len(raw_lines):
            start, raw = raw_lines[k]
            if "|" in raw or "\t" in raw or ("  " not in raw and raw.isprintable()) \
                    or not _may_hold(raw.lower(), self.lead_col_needles) or not self.lead_col_re.search(raw):
                # Cells with separators are read by _tables; a header of three cells has gaps between
                # them (two spaces, or a whitespace other than a space, which is not printable); and
                # it names the lead column. Most lines fail at once.
                k += 1
                continue
            cells = [(m.start(), m.end(), m.group()) for m in seg_re.finditer(raw)]
            lead = [i for i, c in enumerate(cells) if self.lead_col_re.search(c[2]) and not re.search(r"phối", c[2], re.I)]
            if len(cells) < 3 or not lead or "|" in raw or "\t" in raw:
                k += 1  # cells with separators are read by _tables
                continue
            li = lead[0]
            ti = next((i for i, c in enumerate(cells) if re.search(r"nội dung|nhiệm vụ|công việc|hoạt động", c[2], re.I)), None)
            bounds = [c[0] for c in cells] + [10 ** 6]

            def column(x0: int, x1: int) -> int:
                best, score = 0, -1
                for ci in range(len(cells)):
                    lo, hi = (0 if ci == 0 else bounds[ci]), bounds[ci + 1]
                    ov = min(x1, hi) - max(x0, lo)
                    if ov > score:
                        best, score = ci, ov
                return best

            lead_cells: list[list[tuple[int, int, int]]] = []  # per cell: (line index, start, end)
            task_frags: list[tuple[int, int, int]] = []
            k += 1
            blank = 0
            while k < len(raw_lines):
                s0, line = raw_lines[k]
                segs = [(m.start(), m.end()) for m in seg_re.finditer(line)]
                if not segs:
                    blank += 1
                    if blank >= 2:
                        break
                    k += 1
                    continue
                blank = 0
                if len(segs) == 1 and segs[0][0] < 4 and segs[0][1] - segs[0][0] > 40:
                    break  # prose again
                for x0, x1 in segs:
                    ci = column(x0, x1)
                    if ci == li:
                        frag = text[s0 + x0:s0 + x1]
                        prev = text[lead_cells[-1][-1][1]:lead_cells[-1][-1][2]] if lead_cells else ""
                        joined = re.search(r"(?:\bvà|,|-|–|&)$", prev)
                        if not lead_cells or (not joined and (frag[:1] in "-–+•" or (
                                frag[:1].isupper() and self._unit_at_text(frag)))):
                            lead_cells.append([])
                        lead_cells[-1].append((k, s0 + x0, s0 + x1))
                    elif ci == ti:
                        task_frags.append((k, s0 + x0, s0 + x1))
                k += 1
            for cell in lead_cells:
                name = " ".join(text[x:y] for _, x, y in cell).strip(" .;-–+•")
                if not name or not self._unit_at_text(name):
                    continue
                lines_of = {ln for ln, _, _ in cell}
                lo, hi = min(lines_of), max(lines_of)
                tf = [(x, y) for ln, x, y in task_frags if lo - 1 <= ln <= hi + 1]
                task = (tf[0][0], tf[-1][1]) if tf else None
                # The name as written, joined over its lines; the span is where it starts.
                role = "chủ trì" if re.search(r"chủ\s*trì", cells[li][2], re.I) else None
                self.found.append(_Found(name, cell[0][1], cell[0][2], role, "asg.table",
                                         (cell[0][1], cell[-1][2]), [task] if task else []))

    def _unit_at_text(self, name: str) -> bool:
        """Whether a table cell's joined text begins like an assignee."""
        ms = self._units_of_name(name)
        return bool(ms and ms[0].start == 0) or bool(self.generic_re.match(name))

    # ---- sentences

    def _sentences(self, lines: list[_Line], used: set[int]) -> None:
        """"Giao X …", "Đề nghị X …", "Yêu cầu X …" anywhere; "X chủ trì …" at the start of a sentence."""
        text = self.text
        starts = self._deleg_starts
        for ln in lines:
            if ln.start in used:
                continue
            for sent in self._split_sentences(ln.start, ln.end):
                s, e = sent
                if self._excluded(s, e):
                    continue
                requests = finditer_at(self.deleg_re, text, starts, s, e) if any_start_in(starts, s, e) else ()
                for m in requests:
                    before = text[max(s, m.start() - 12):m.start()].lower()
                    if _NOT_A_REQUEST.search(before):
                        continue
                    u = self._unit_at(m.end(), e, whole_ok=False, named=True)
                    tasks = [(s, e)]
                    intro = False
                    if not u and text[s:e].rstrip().endswith(":"):
                        # "… đề nghị các doanh nghiệp thực hiện các nội dung sau:" and the list below
                        u = self._unit_at(m.end(), e, whole_ok=False, to_verb=True)
                        tasks = self._list_after(lines, ln)
                        intro = True
                    if u:
                        cue = self.deleg_role[m.group(1).lower()]
                        sm = self.subj_re.match(text, u[1], e)
                        role = "chủ trì" if sm and sm.group(1).lower() == "chủ trì" else self._role(text[u[1]:e], tasks)
                        span = (s, max(t[1] for t in tasks)) if tasks else (s, e)
                        self._add(u, role, cue.id, span, tasks or [(s, e)], intro)
                head = s
                while head < e and text[head] in " -–+*•(":
                    head += 1
                u = self._unit_at(head, e, whole_ok=False, named=True)
                if u:
                    sm = self.subj_re.match(text, u[1], e)
                    if sm:
                        cue = self.subj_role[sm.group(1).lower()]
                        self._add(u, cue.role, cue.id, (s, e), [(s, e)])

    def _list_after(self, lines: list[_Line], ln: _Line) -> list[tuple[int, int]]:
        """The list items right after a line that ends with a colon (its tasks)."""
        k = lines.index(ln) + 1
        out = []
        while k < len(lines) and lines[k].rank < 9 and not self.stop_re.match(lines[k].text):
            out.append((lines[k].start, lines[k].end))
            k += 1
        return out

    def _split_sentences(self, a: int, b: int) -> list[tuple[int, int]]:
        """The sentences of text[a:b]: split where `_SENTENCE_SPLIT` matches inside the window."""
        splits = self._splits
        if splits is None:
            # The document's splits, found in one scan: one inside a window is a split of the whole
            # text whose stop and following capital lie in the window, and a split of the whole text
            # is one of every window holding its stop and capital (its spaces hold no stop).
            splits = self._splits = [(m.start(), m.start(1), m.end(1)) for m in _SENTENCE_SPLIT.finditer(self.text)]
            self._split_stops = [x[0] for x in splits]
        out, s = [], a
        for k in range(bisect.bisect_left(self._split_stops, a), len(splits)):
            stop, space, capital = splits[k]
            if stop >= b:
                break
            if capital < b:
                out.append((s, space))
                s = capital
        out.append((s, b))
        return out

    # ---- one entry per unit

    def _merge(self) -> list[Assignment]:
        # A plural intro ("yêu cầu các cơ quan, đơn vị triển khai các hoạt động sau:") whose list names
        # its own assignees ("Đơn vị chủ trì: …") is not an assignee itself.
        self.found = [f for f in self.found if not f.intro or not any(
            g is not f and f.span[0] < g.span[0] < f.span[1] for g in self.found)]
        # A sentence naming several units at once ("yêu cầu Sở Y tế, Công an tỉnh và UBND các huyện
        # tổ chức …") is the document's overall request when those units get their own sections.
        headed = {self._key(f.unit) for f in self.found if f.rule == "asg.heading"}

        def covered(f: _Found) -> bool:
            if f.rule == "asg.heading":
                return False
            parts = [self._key(m.name) for m in self._units_of_name(f.unit)]
            k = self._key(f.unit)
            return (len(parts) >= 2 and any(p in headed for p in parts)) or \
                any(h != k and (h.startswith(k) or k.startswith(h)) for h in headed if len(parts) >= 2)

        self.found = [f for f in self.found if not covered(f)]
        order: list[str] = []
        byk: dict[str, dict] = {}
        for f in sorted(self.found, key=lambda f: f.span[0]):
            k = self._key(f.unit)
            if f.rule != "asg.heading":
                # "Chủ tịch UBND các xã chịu trách nhiệm …" is a task of "UBND các xã" when that unit has
                # a heading or came earlier; otherwise the title stays ("Tư lệnh các quân khu").
                m = self.title_re.match(f.unit)
                plain = self._key(f.unit[m.end():]) if m and m.end() < len(f.unit) else None
                if plain and (plain in headed or plain in byk):
                    k = plain
            if k not in byk:
                order.append(k)
                byk[k] = {"f": f, "role": f.role, "tasks": [], "seen": set()}
            entry = byk[k]
            if entry["role"] is None and f.role:
                entry["role"] = f.role
            for t in f.tasks:
                if t is None or t in entry["seen"]:
                    continue
                entry["seen"].add(t)
                entry["tasks"].append(t)
        out = []
        for k in order:
            e = byk[k]
            f = e["f"]
            tasks = [Task(text=self.text[a:b], due=self._due(a, b), span=(a, b)) for a, b in e["tasks"]]
            out.append(Assignment(unit=f.unit, role=e["role"], canonical=canonical_unit(f.unit, self.issuer),
                                  tasks=tasks, span=f.span, rule=f.rule))
        return out


def _regions(doc: Document, layout: Layout) -> list[tuple[int, int]]:
    """Where assignments are read: from the opening clauses (a short công văn hands out its tasks in
    what the layout calls the preamble) to the end of the text, without the header and the Nơi nhận
    list. The signature block is read too: a table appended after it has been seen inside it, and a
    signature names no assignee. The whole text when the layout found no body."""
    n = len(doc.text)
    body = getattr(layout, "body", None)
    if body is None or (body.start, body.end) == (0, n):
        return [(0, n)]
    starts = [bl.start for bl in (getattr(layout, "preamble", None), body) if bl is not None]
    start = min(starts)
    dist = getattr(layout, "distribution", None)
    if dist is not None and start <= dist.start < dist.end <= n:
        return [r for r in ((start, dist.start), (dist.end, n)) if r[1] > r[0]]
    return [(start, n)]


def extract_assignments(doc: Document, layout: Layout, fields: dict) -> dict:
    """The document's assignments: one per unit given tasks, in order of first appearance.

    `fields` may hold `issuer` (its locality completes unit names for linking) and `issued_on` (the
    year of yearless due dates).

    >>> from extractor.layout import find_layout
    >>> d = Document(text="1. Đề nghị Hội Nông dân huyện:\\n- Tuyên truyền đến hội viên trước ngày 15/10/2025.")
    >>> a = extract_assignments(d, find_layout(d.text), {})["assignments"][0]
    >>> (a.unit, a.tasks[0].due)
    ('Hội Nông dân huyện', '2025-10-15')
    """
    issuer = fields.get("issuer")
    year = None
    issued = fields.get("issued_on")
    if issued is not None and getattr(issued, "year", None):
        year = issued.year
    sig = getattr(layout, "signature", None)
    finder = _Finder(doc, _regions(doc, layout), issuer=issuer, year=year,
                     signature=(sig.start, sig.end) if sig is not None else None)
    return {"assignments": finder.run()}


def extract_assignments_text(text: str) -> list[Assignment]:
    """Assignments of a bare text (no header fields): for tests and the REPL."""
    from extractor.layout import find_layout
    doc = Document(text=text)
    return extract_assignments(doc, find_layout(text), {})["assignments"]
