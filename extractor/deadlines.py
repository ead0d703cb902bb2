"""Deadlines: every due date by which a unit must act, with who acts, for whom, through whom.

A date is a due date only when a cue from rules/deadlines.yaml stands right before it ("trước ngày",
"chậm nhất đến ngày", "vào ngày", "Thời hạn …:", "hoàn thành trong quý …") AND its clause holds a verb
of obligation (báo cáo, gửi, nộp, hoàn thành …). So event dates ("tổ chức vào ngày …"), the issue date
and the dates of cited documents ("Công văn số … ngày …") are not deadlines: they have no cue, or their
cue has no such verb. Recurring ("trước ngày 25 hằng tháng") and relative ("trong 15 ngày kể từ …")
deadlines are kept with `due` null and the rule in `recurrence` / `relative`.

Task tables are read by column: the time column gives the due date (a period keeps its precision), the
lead column the responsible unit, the task column the action.

Who must act (`responsible`), in this order: the unit the clause asks ("yêu cầu/giao/đề nghị X"); the
clause's subject ("Các Sở … tổng hợp và gửi …"); the lead cell of a table row; the assignment section
the deadline sits in (fields["assignments"], from the assignments stage); the nearest heading naming a
unit ("1. Phòng Giáo dục và Đào tạo:") or a lead-in that asks one ("đề nghị các doanh nghiệp thực hiện
các nội dung sau:"); the subject of an earlier sentence of the paragraph; the document's addressees.
A bare head-word ("gửi về Bộ", "các đồng chí Giám đốc Sở") is resolved to the issuer or addressee it
points at. Units come from extractor/units.py, widened by a local finder for position holders and
common nouns it leaves out ("Trưởng thôn", "Thủ trưởng các sở, ban, ngành …", "Chủ đầu tư").

>>> from extractor.readers import read_text
>>> from extractor.layout import find_layout
>>> doc = read_text("Các phòng chuyên môn gửi báo cáo về Văn phòng HĐND và UBND huyện trước ngày 15/3/2026.")
>>> d = extract_deadlines(doc, find_layout(doc.text), {})["deadlines"][0]
>>> (d.due, d.relation, d.rule)
('2026-03-15', 'before', 'deadline.truoc_ngay')
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal, Optional


from extractor.dates import DateMatch, find_date_ranges, find_date_ranges_wrapped, find_dates, find_dates_wrapped
from extractor import fastre
from extractor.document import Document
from extractor.layout import Layout
from extractor.models import Deadline
from extractor.rules import Strict, load_rules
from extractor.wordstarts import find_word_starts, finditer_at
from extractor.wordtree import words_tree

try:  # the parser `re` compiles with, read for the words a rule's matches open with
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_parse as _sre_parse  # type: ignore[no-redef]

try:  # the shared unit finder (assignments helper); the local one below covers what it leaves out
    from extractor import units as _units
except ImportError:  # pragma: no cover - only before units.py exists
    _units = None


# ---------------------------------------------------------------- rules/deadlines.yaml


_Rule = Strict


class CueRule(_Rule):
    id: str
    priority: int
    pattern: str
    relation: Literal["before", "on", "by"]
    verbs: Literal["any", "report", "completion", "none"]
    takes: Literal["date", "period", "range_end"]
    names_action: bool = False  # the cue is a label that names the action ("Thời hạn nộp hồ sơ: …")
    opens_line: bool = False  # the date opens its line and the work follows it ("Năm 2027, hoàn thành …")
    example: str


class PatternRule(_Rule):
    id: str
    priority: int
    pattern: str
    example: str


class LabelRule(_Rule):
    id: str
    pattern: str
    example: str


class TableRule(_Rule):
    id: str
    time_column: str
    lead_column: str
    task_column: str
    skip_cell: str
    due_column: str
    example: str


class DeadlineRules(_Rule):
    cues: list[CueRule]
    action_verbs: list[str]
    report_verbs: list[str]
    completion_verbs: list[str]
    label_line: LabelRule
    table: TableRule
    not_obligations: str
    recurring: list[PatternRule]
    yearly_words: str
    relative: list[PatternRule]
    restatement: str
    past_markers: str
    requester_markers: str
    recipient_markers: str
    via_markers: str
    excluded_markers: str
    channel_pattern: str
    unit_heads: list[str]
    unit_heads_need_name: list[str]
    unit_tails: str
    unit_list_words: list[str]
    unit_stops: list[str]


@dataclass(frozen=True)
class _Compiled:
    rules: DeadlineRules
    cues: list[tuple[CueRule, re.Pattern]]
    verbs: dict[str, re.Pattern]
    label: re.Pattern
    recurring: list[tuple[PatternRule, re.Pattern]]
    yearly: re.Pattern
    relative: list[tuple[PatternRule, re.Pattern]]
    restatement: re.Pattern
    past: re.Pattern
    requester: re.Pattern
    recipient: re.Pattern
    via: re.Pattern
    excluded: re.Pattern
    channel: re.Pattern
    head: re.Pattern
    tail: re.Pattern
    state: re.Pattern
    stop: re.Pattern
    list_word: re.Pattern
    verb_object: re.Pattern  # a unit right after a verb is its object ("thành lập Ban Giám khảo")
    needles: dict  # rule id → what a text must hold for the rule's pattern to match (see `fastre.needles`)


def _words_re(words: list[str]) -> re.Pattern:
    """Any of `words`, whole, the longest where several fit; written as a tree of shared beginnings
    (`wordtree`): the end of every unit's name is tried against ~140 verbs and stop words."""
    return fastre.fast_compile(rf"(?<!\w){words_tree(words)}(?!\w)", re.I)


@functools.lru_cache(maxsize=1)
def load_deadline_rules() -> _Compiled:
    """rules/deadlines.yaml, validated and compiled once per process."""
    r = load_rules("deadlines", DeadlineRules)
    flags = re.I
    heads = "|".join(re.escape(h) for h in sorted(set(r.unit_heads), key=len, reverse=True))
    return _Compiled(
        rules=r,
        cues=sorted(((c, fastre.fast_compile(c.pattern, flags)) for c in r.cues), key=lambda x: -x[0].priority),
        verbs={"any": _words_re(r.action_verbs), "report": _words_re(r.report_verbs),
               "completion": _words_re(r.completion_verbs)},
        label=re.compile(r.label_line.pattern, flags | re.M),
        recurring=sorted(((p, fastre.fast_compile(p.pattern, flags)) for p in r.recurring), key=lambda x: -x[0].priority),
        yearly=fastre.fast_compile(r.yearly_words, flags),
        relative=sorted(((p, fastre.fast_compile(p.pattern, flags)) for p in r.relative), key=lambda x: -x[0].priority),
        restatement=fastre.fast_compile(r.restatement, flags),
        past=fastre.fast_compile(r.past_markers, flags),
        requester=fastre.fast_compile(r.requester_markers, flags),
        recipient=fastre.fast_compile(r.recipient_markers, flags),
        via=fastre.fast_compile(r.via_markers, flags),
        excluded=fastre.fast_compile(r.excluded_markers, flags),
        channel=re.compile(r.channel_pattern),
        # Head-words are case-sensitive: "Sở" starts a unit, "cơ sở" does not.
        head=fastre.fast_compile(rf"(?<![\w])(?:(?:[Cc]ác|[Cc]ác đồng chí|đồng chí)\s+)?(?:Phó\s+)?(?:{heads})(?!\w)"),
        tail=re.compile(r.unit_tails, flags),
        state=fastre.fast_compile(r.not_obligations, flags),
        stop=_words_re(r.unit_stops + r.action_verbs),  # a unit's name ends at its verb
        list_word=_words_re(r.unit_list_words),
        needles={**{p.id: fastre.needles(p.pattern, flags) for p in r.recurring + r.relative},
                 "via": fastre.needles(r.via_markers, flags), "recipient": fastre.needles(r.recipient_markers, flags)},
        verb_object=re.compile(r"(?:" + _words_re(r.action_verbs).pattern + r")\s+(?:(?:\d+|các|một|những|mọi)\s+)?$", re.I),
    )


_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_IGNORECASE = int(re.I)  # `pattern.flags & re.I` goes through the enum's operator: ~1 us


def _opening_words(items) -> Optional[set[str]]:
    """Words of which every match of the parsed pattern `items` begins with one (its leading literal
    runs, through groups, alternatives and optional parts), or None when some match may begin otherwise.
    ("(?:trong|sau)\\s+\\d+ ngày" → {"trong", "sau"})"""
    items = list(items)
    word = ""
    for i, (op, av) in enumerate(items):
        name, rest = str(op), items[i + 1:]
        if name == "LITERAL":
            word += chr(av)
            continue
        if word or name in _ZERO_WIDTH:
            if word:
                return {word}
            continue
        if name == "SUBPATTERN" and not av[1] and not av[2]:
            return _opening_words(list(av[3]) + rest)
        if name == "BRANCH":
            out: set[str] = set()
            for alt in av[1]:
                got = _opening_words(list(alt) + rest)
                if got is None:
                    return None
                out |= got
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] <= 1:
            # once: what follows goes on the word; more than once: the repeated part ends it
            got = _opening_words(list(av[2]) + (rest if av[1] == 1 else []))
            if av[0] == 0 and got is not None:
                skipped = _opening_words(rest)
                got = None if skipped is None else got | skipped
            return got
        return None
    return {word} if word else None


def _rule_matches(pat: re.Pattern, text: str, low: str):
    """`pat.finditer(text)` for a recurring or relative rule, tried only where its opening words begin
    (`wordstarts`): "trong", "sau", "chậm nhất" … stand a few times in a page, and the rule's pattern
    would otherwise be tried at every "t", "c", "s" of it."""
    words = _rule_openings(pat.pattern, pat.flags)
    starts = None if words is None else find_word_starts(text, words, ignore_case=bool(pat.flags & _IGNORECASE), lowered=low)
    return finditer_at(pat, text, starts)


@functools.lru_cache(maxsize=32)
def _rule_openings(pattern: str, flags: int) -> Optional[tuple[str, ...]]:
    try:
        words = _opening_words(_sre_parse.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an unusual pattern is scanned whole
        return None
    return tuple(sorted(words)) if words else None


# ---------------------------------------------------------------- sentences and clauses


# Sentence ends: ". " before a capital/number/bullet, a blank line, a new list item or heading line, a
# line ending in . : ;, and table cells (" | ", tab). A single line break inside a paragraph is NOT an
# end: PDF text layers wrap sentences over lines ("… trước ngày\n15/4/2026").
_BOUNDARY = fastre.fast_compile(
    r"(?<=[.!?])(?:\*\*)?[ \t]+(?=[\"“(*]*[A-ZĐÀ-Ỹ0-9])"
    r"|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-–+•*][ \t]|#|\d+(?:\.\d+)*[.)][ \t]|[a-zđ][.)][ \t]|[IVX]+[.)][ \t]|\|))"
    r"|(?<=[.:;])[ \t]*\n"
    r"|[ \t]*\|[ \t]*|\t")
_CLAUSE_CUT = re.compile(r"[;:]")
_LEAD = re.compile(r"^[\s\-–+•*#>|]*(?:(?:\d+(?:\.\d+)*|[a-zđ]|[IVX]+)[.)]\s*)?(?:\*\*|__)?\s*")


# What a sentence end is made of (`_BOUNDARY` consumes no other character): no end holds a position with
# another character, so a scan of the text begun there finds the same ends after it as a whole scan.
_BOUNDARY_CHARS = frozenset("* \t\n|")
_STRETCH = 512  # characters of text whose sentence ends are found at a time


class _Text:
    """The document text and its sentence ends, found a stretch at a time as sentences are asked for:
    deadlines sit in a few paragraphs of the body, and the ends of the rest are never needed."""

    def __init__(self, text: str):
        self.text = text
        # Where each stretch begins: every _STRETCH characters, moved on past a sentence end's characters.
        self._starts = [0]
        p, n = _STRETCH, len(text)
        while p < n:
            while p < n and text[p] in _BOUNDARY_CHARS:
                p += 1
            if p < n:
                self._starts.append(p)
            p += _STRETCH
        self._ends: dict[int, list[int]] = {}  # stretch → positions where a sentence ends in it

    def _ends_in(self, k: int) -> list[int]:
        ends = self._ends.get(k)
        if ends is None:
            stop = self._starts[k + 1] if k + 1 < len(self._starts) else len(self.text)
            ends = []
            for m in _BOUNDARY.finditer(self.text, self._starts[k]):
                if m.start() >= stop:
                    break
                ends.append(m.start())
            self._ends[k] = ends
        return ends

    def sentence(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence holding `pos`."""
        start = 0
        k = bisect.bisect_right(self._starts, pos) - 1
        while k >= 0:  # the last end at or before pos
            ends = self._ends_in(k)
            i = bisect.bisect_right(ends, pos)
            if i:
                m = _BOUNDARY.match(self.text, ends[i - 1])
                start = m.end() if m else ends[i - 1]
                break
            k -= 1
        end = len(self.text)
        k = max(0, bisect.bisect_right(self._starts, pos) - 1)
        while k < len(self._starts):  # the first end after pos
            ends = self._ends_in(k)
            i = bisect.bisect_right(ends, pos)
            if i < len(ends):
                end = ends[i]
                break
            k += 1
        return start, end

    def line(self, pos: int) -> tuple[int, int]:
        s = self.text.rfind("\n", 0, pos) + 1
        e = self.text.find("\n", pos)
        return s, (len(self.text) if e < 0 else e)


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the clause that ends at `pos`: cut at the last ";", and at a later ":" only when a verb
    follows it ("… chỉ đạo: xây dựng Kế hoạch …"), not an address ("… địa chỉ email: …")."""
    cut = _gate_start(text, sent_start, pos)
    verbs = load_deadline_rules().verbs["any"]
    for m in reversed(list(re.finditer(":", text[cut:pos]))):
        at = cut + m.end()
        if at < len(text) and not text[at].isspace():
            continue  # "14:00", "http://"
        if verbs.search(text, at, pos):
            return at
    return cut


def _gate_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the part of the sentence (cut at ";" only) whose verbs can make `pos` a due date: a ":"
    introduces an address or a list ("… địa chỉ email: …"), not a new obligation."""
    cut = text.rfind(";", sent_start, pos)
    return sent_start if cut < 0 else cut + 1


def _clause_end(text: str, pos: int, sent_end: int) -> int:
    cut = text.find(";", pos, sent_end)
    return sent_end if cut < 0 else cut


def _strip_lead(text: str, start: int, end: int) -> int:
    m = _LEAD.match(text, start, end)
    return m.end() if m else start


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"\s+")


def _clean(s: str) -> str:
    if "[" in s:
        s = _MD_LINK.sub(r"\1", s)  # markdown links
    s = s.replace("**", "").replace("__", "")
    s = _SPACES.sub(" ", s)
    return s.strip(" ,;:-–(\n\t*")


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    name: str


# A stop word that is the second syllable of a noun ("công trình", "chương trình") does not end a name.
_COMPOUND_STOPS = {"trình": re.compile(r"(?:công|quá|chương|lộ|tờ)\s+$", re.I)}


# Pieces of a unit's name as `_local_units` walks over it.
_PLURAL_OR_TITLE = re.compile(r"^(?:các đồng chí|đồng chí|các)\s+", re.I)
_NEXT_WORD = re.compile(r"\s+([\wÀ-ỹ&]+)")
_NAME_SEP = re.compile(r"[ \t]*(,|và|&|-|–)?(?:[ \t]*\n[ \t]*|[ \t]+)|[ \t]*(,|&|-|–)")
_GENERIC_GOES_ON = re.compile(r"(?:có\s+)?liên quan|trực thuộc|cấp\b")
_NAME_WORD = re.compile(r"[\wÀ-ỹ&/.]+")

# "Văn phòng HĐND và UBND huyện": one office serving both councils, not two units.
_OFFICE = re.compile(r"(?:[Cc]ác\s+)?Văn phòng\s+(?:HĐND|Hội đồng nhân dân)\s+và\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)")


def _local_units(text: str, start: int, end: int) -> list[_Unit]:
    """Units by head-word + name up to a stop word: covers position holders and common nouns the shared
    finder leaves out ("Trưởng thôn ấp", "Thủ trưởng các sở, ban, ngành", "Chủ đầu tư")."""
    rc = load_deadline_rules()
    out = []
    pos = start
    while True:
        m = rc.head.search(text, pos, end)
        if not m:
            break
        j = m.end()
        bare = _PLURAL_OR_TITLE.sub("", m.group(0))
        if bare in rc.rules.unit_heads_need_name and bare == m.group(0):
            nxt = _NEXT_WORD.match(text, j, end)
            if nxt and not nxt.group(1)[0].isupper() and not rc.stop.match(text, nxt.start(1)):
                pos = j
                continue  # "Hội thi", "Ban hành": a common noun, not a unit
        words = 0
        generic = m.group(0).lower() in ("các cơ quan", "các đơn vị", "các địa phương")
        while j < end and words < 16:
            # A PDF line break inside a name ("Ủy ban nhân dân các tỉnh,\nthành phố …") is a space when the
            # next line goes on in lower case. (Patterns are matched in place, not on slices of the text.)
            sep = _NAME_SEP.match(text, j, end)
            if not sep:
                break
            k = sep.end()
            connector = (sep.group(1) or sep.group(2) or "").strip()
            if k >= end or text[k] in "\n(;:.|*\"“" or ("\n" in sep.group(0) and not text[k].islower()):
                break
            stop = rc.stop.match(text, k)
            if stop and not text[k].isupper():  # "Sở Xây dựng": a capitalised word goes on with the name
                first = _COMPOUND_STOPS.get(stop.group(0).lower())
                if first is None or not first.search(text, max(0, k - 10), k):
                    break
            if connector in (",", "và") and rc.head.match(text, k):
                if not (connector == "và" and _OFFICE.match(text, m.start(), min(end, k + 30))):
                    break  # the next unit of a list
            listed = rc.list_word.match(text, k)
            if connector == "," and not listed:
                break
            if listed:
                j = listed.end()  # "đơn vị", "thị trấn": a level word of several syllables
                words += 1
                continue
            if generic and not rc.list_word.match(text, k) and not _GENERIC_GOES_ON.match(text, k, end):
                break  # "các đơn vị lắp đặt …": a common noun takes no free words after it
            w = _NAME_WORD.match(text, k, end)
            if not w or w.group(0).endswith(".") and not w.group(0)[:-1].isupper():
                if w and len(w.group(0)) > 1:
                    j = k + len(w.group(0)) - 1
                break
            j = w.end()
            words += 1
        tail = rc.tail.match(text, j, end)
        if tail:
            j = tail.end()
        name = text[m.start():j].rstrip(" ,.")
        out.append(_Unit(m.start(), m.start() + len(name), name))
        pos = max(j, m.end())
    return out


def find_units_in(text: str, start: int, end: int) -> list[_Unit]:
    """Units named in `text[start:end]`: the shared finder's mentions, widened by the local one where
    the local one reads a longer name at the same place, plus position holders only the local one has.

    >>> [u.name for u in find_units_in("Trưởng thôn ấp, Tổ trưởng tổ dân phố tập hợp đơn", 0, 47)]
    ['Trưởng thôn ấp', 'Tổ trưởng tổ dân phố']
    """
    found: list[_Unit] = []
    if _units is not None and hasattr(_units, "find_units"):
        for m in _units.find_units(text, start, end):
            found.append(_Unit(m.start, m.end, text[m.start:m.end]))
    for u in _local_units(text, start, end):
        over = [f for f in found if f.start < u.end and u.start < f.end]
        if not over:
            found.append(u)
        elif all(o.start >= u.start and o.end <= u.end for o in over) and u.end - u.start > max(o.end - o.start for o in over):
            # the local reading holds every shared mention it overlaps: "Thủ trưởng các sở, ban, ngành
            # trực thuộc UBND tỉnh" is one unit, not "các sở, ban, ngành" + "UBND tỉnh"
            for o in over:
                found.remove(o)
            found.append(u)
    found.sort(key=lambda u: u.start)
    return found


# Head-words that, standing alone, point back at a unit named elsewhere ("gửi về Bộ", "Giám đốc Sở").
_BARE = re.compile(r"^(?:(?:các\s+)?(?:đồng chí\s+)?(?:Giám đốc|Thủ trưởng|Chủ tịch|Quý)\s+)?(Sở|Bộ|Phòng|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ban|Trung tâm|cơ quan|đơn vị)$", re.I)


def _name_of(v) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        return v.get("name") or v.get("unit")
    return getattr(v, "name", None) or getattr(v, "unit", None)


def _resolve_bare(name: str, fields: dict, *, prefer_issuer: bool) -> str:
    """A bare head-word ("Bộ", "các đồng chí Giám đốc Sở") → the addressee or issuer it points at."""
    m = _BARE.match(name.strip())
    if not m:
        return name
    head = m.group(1).lower()
    issuer = _name_of(fields.get("issuer"))
    recips = [_name_of(r) for r in fields.get("recipients") or []]
    pools = ([issuer] + recips) if prefer_issuer else (recips + [issuer])
    for cand in pools:
        if cand and re.search(rf"(?<!\w){re.escape(head)}(?!\w)", cand, re.I):
            return cand
    return name


# ---------------------------------------------------------------- roles of units in a sentence


@dataclass
class _Roles:
    requested: list[list[_Unit]] = field(default_factory=list)
    subject: list[list[_Unit]] = field(default_factory=list)
    recipient: list[list[_Unit]] = field(default_factory=list)
    via: list[list[_Unit]] = field(default_factory=list)


_LIST_GAP = re.compile(r"[\s,;]*(?:và|cùng)?[\s,;]*")
_OF_BEFORE = re.compile(r"\bcủa\s*$")
_LEADS_OFF = re.compile(r"\s*(?:chủ trì|khẩn trương|chủ động)")


def _roles(text: str, units: list[_Unit], start: int) -> _Roles:
    """Sort units by the words before them: asked (yêu cầu/giao X), subject, recipient (về/gửi X),
    via ((qua X)), or neither (của/với/chỉ đạo X). A list ("A, B và C") shares its first member's role."""
    rc = load_deadline_rules()
    roles = _Roles()
    prev_end, prev_role, group, excl_at = start, None, None, start
    for u in units:
        gap = text[prev_end:u.start]
        before = text[max(start, u.start - 40):u.start]
        continued = prev_role is not None and _LIST_GAP.fullmatch(gap) is not None
        if continued:
            role = prev_role
            if role == "excluded" and _OF_BEFORE.search(text[max(start, excl_at - 12):excl_at]):
                after = text[u.end:u.end + 30]
                if load_deadline_rules().verbs["any"].match(after.lstrip(" ,")) or _LEADS_OFF.match(after):
                    role = "subject"  # "theo đề nghị của A, B chủ trì …": B is the subject
        elif rc.via.search(before):
            role = "via"
        elif rc.excluded.search(before):
            role = "excluded"
            excl_at = u.start
        elif rc.requester.search(before):
            role = "requested"
        elif rc.recipient.search(before):
            role = "recipient"
        elif rc.verb_object.search(before):
            role = "excluded"  # the object of a verb ("thành lập Ban Giám khảo"), not who acts
        elif _after_lowercase_word(before):
            role = "excluded"  # a noun's modifier ("danh sách đội bóng các thôn"), not who acts
        else:
            role = "subject"
        if not continued or role != prev_role or group is None:
            group = []
            if role != "excluded":
                getattr(roles, role).append(group)
        group.append(u)
        prev_end, prev_role = u.end, role
    return roles


_SUBJECT_OPENERS = {"cũng", "đồng thời", "thì", "nay", "đó", "này", "sau", "đây"}


_LAST_WORD = re.compile(r"(\w+)[ \t]+$")


def _after_lowercase_word(before: str) -> bool:
    """The unit follows a lowercase word directly (no comma): it modifies that word's noun."""
    m = _LAST_WORD.search(before)
    return bool(m) and m.group(1)[0].islower() and m.group(1)[0].isalpha() and m.group(1) not in _SUBJECT_OPENERS


_SUBJECT_OPENER = re.compile(r"[\s,]*(?:(?:chủ trì|khẩn trương|chủ động|có trách nhiệm|tập trung|căn cứ[^,;.]{0,60})[\s,]*)?")
_LEADS = re.compile(r"[\s,]*chủ trì")


def _followed_by_verb(text: str, u: _Unit) -> bool:
    """"Sở Xây dựng chủ trì, …", "UBND các xã khẩn trương rà soát …": the unit is a clause's subject."""
    after = _SUBJECT_OPENER.match(text[u.end:u.end + 90])
    return bool(load_deadline_rules().verbs["any"].match(text, u.end + after.end())) or bool(
        _LEADS.match(text[u.end:u.end + 20]))


def _group_text(text: str, group: list[_Unit]) -> str:
    return _clean(text[group[0].start:group[-1].end])


# ---------------------------------------------------------------- headings and tables


_HEADING = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?:\*\*|__)?[ \t]*(?P<num>[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)][ \t]*(?:\*\*|__)?[ \t]*(?P<body>.*)$")
_GIVE = re.compile(r"^(?:giao|đề nghị|yêu cầu)\s+", re.I)


def _heading_unit(tx: _Text, pos: int) -> Optional[tuple[str, int]]:
    """The unit named by the nearest heading above `pos` ("1. Phòng Giáo dục và Đào tạo:", "2. Giao Sở
    Xây dựng"); lettered items and bullets are climbed over, a numbered heading naming no unit or a
    Roman-numeral part stops the climb."""
    text = tx.text
    line_start = text.rfind("\n", 0, pos) + 1
    own = _HEADING.match(text[line_start:text.find("\n", line_start) if "\n" in text[line_start:] else len(text)])
    # Items at the deadline's own level are siblings, climbed over; only a parent stops the climb.
    level = _level(own.group("num")) if own else 100
    p = line_start
    while p > 0:
        s = text.rfind("\n", 0, p - 1) + 1
        line = text[s:p - 1] if text[p - 1] == "\n" else text[s:p]
        p = s
        m = _HEADING.match(line)
        if not m:
            if line.rstrip(" *").endswith(":"):
                # a lead-in that asks a unit for the list below ("… đề nghị các doanh nghiệp thực hiện
                # các nội dung sau:")
                lead = _roles(text, find_units_in(text, s, s + len(line)), s)
                if lead.requested:
                    return _group_text(text, lead.requested[-1]), lead.requested[-1][0].start
            continue
        num, body = m.group("num"), m.group("body")
        if _level(num) >= level:
            continue
        if re.fullmatch(r"[IVX]+", num):
            return None
        body_start = s + m.start("body")
        give = _GIVE.match(body)
        name_start = body_start + (give.end() if give else 0)
        line_end = s + len(line)
        # A heading wrapped over two lines ("… và Ủy ban nhân dân\ncác xã, phường").
        nxt_end = text.find("\n", line_end + 1)
        nxt = text[line_end + 1:nxt_end if nxt_end > 0 else len(text)]
        end = line_end
        if nxt[:1].islower() or (nxt.strip()[:1].islower() and len(nxt.strip()) < 40):
            end = line_end + 1 + len(nxt)
        units = find_units_in(text, name_start, end)
        if units and units[0].start - name_start <= 2:
            cut = re.search(r"[:(]", text[name_start:end])
            stop = name_start + cut.start() if cut else end
            return _clean(text[name_start:stop]), name_start
        if _level(num) < 50:
            return None  # a numbered part naming no unit ("2. Thời gian:") is not a unit's section
        level = _level(num)
    return None


def _level(num: str) -> int:
    """Depth of a list number: Roman parts 0, "1." 1, "1.2." 2 …, lettered items 60."""
    if re.fullmatch(r"[IVX]+", num):
        return 0
    if re.fullmatch(r"[a-zđ]", num):
        return 60
    return num.count(".") + 1


def _assignment_unit(fields: dict, pos: int) -> Optional[str]:
    """The unit of the assignment section (fields["assignments"]) whose task or span holds `pos`."""
    best = None
    for a in fields.get("assignments") or []:
        unit = getattr(a, "unit", None) if not isinstance(a, dict) else a.get("unit")
        tasks = getattr(a, "tasks", None) if not isinstance(a, dict) else a.get("tasks")
        for t in tasks or []:
            span = getattr(t, "span", None) if not isinstance(t, dict) else t.get("span")
            if span and span[0] <= pos < span[1]:
                return unit
        span = getattr(a, "span", None) if not isinstance(a, dict) else a.get("span")
        if span and span[0] <= pos < span[1]:
            best = unit
    return best


def _split_cells(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Every cell of a " | " row, empty ones included, trimmed, as spans into text."""
    cells, p = [], s
    for part in text[s:e].split("|"):
        a, b = p, p + len(part)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        cells.append((a, b))
        p += len(part) + 1
    if cells and cells[-1][0] == cells[-1][1] and text[s:e].rstrip().endswith("|"):
        cells.pop()  # "… | Quý II/2026 |": the closing bar opens no cell
    return cells


@dataclass
class _TableRow:
    due: DateMatch
    cell: tuple[int, int]
    relation: str
    lead: Optional[tuple[int, int]]
    task: Optional[tuple[int, int]]


def find_table_rows(text: str, year: Optional[int]) -> list[_TableRow]:
    r"""Rows of task tables whose time column holds a date or a period.

    >>> rows = find_table_rows("TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện\n1 | Số hóa hồ sơ | Phòng Kinh tế | Quý III/2026", 2026)
    >>> [(r.due.iso, r.due.precision, r.relation) for r in rows]
    [('2026-09-30', 'quarter', 'by')]
    """
    if text.count("|") < 2:
        return []  # no line can be a row of cells
    rc = load_deadline_rules()
    t = rc.rules.table
    time_re, lead_re, task_re = (re.compile(x, re.I) for x in (t.time_column, t.lead_column, t.task_column))
    skip_re = re.compile(t.skip_cell, re.I)
    out: list[_TableRow] = []
    due_re = re.compile(t.due_column, re.I)
    header = None  # (cell count, time index, lead index, task index, the time column names a due date)
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.count("|") < 2:
            header = None if not line.strip() == "" else header
            continue
        cells = _split_cells(text, s, e)
        words = [_clean(text[a:b]).lower() for a, b in cells]
        ti = next((i for i, w in enumerate(words) if time_re.search(w)), None)
        if ti is not None:
            li = next((i for i, w in enumerate(words) if i != ti and lead_re.search(w)), None)
            ki = next((i for i, w in enumerate(words) if task_re.search(w)), None)
            header = (len(cells), ti, li, ki, bool(due_re.search(words[ti])))
            continue
        if header is None:
            continue
        n, ti, li, ki, due_col = header
        if len(cells) == n:
            tcell = cells[ti]
            lead = cells[li] if li is not None else None
            task = cells[ki] if ki is not None else None
        else:
            # a row the reader split differently from its header: the time is the last filled cell
            filled = [c for c in cells if c[1] > c[0]]
            if not filled:
                continue
            tcell, lead, task = filled[-1], None, max(filled[:-1] or filled, key=lambda c: c[1] - c[0])
        a, b = tcell
        if b <= a or b - a > 90 or skip_re.search(text[a:b]) or find_date_ranges(text, a, b, year=year):
            continue
        found = [d for d in find_dates(text, a, b, year=year, years=True) if d.iso]
        if not found:
            continue
        d = found[-1]
        cue = _match_cue(text, d.start, d, ("date", "period"))
        if cue and cue[1] >= a:  # the cell's own cue ("Trước ngày 30/9/2026")
            relation = cue[0].relation
        elif d.precision == "day" and not due_col:
            continue  # "Lễ phát động | 15/4/2026": when it happens, not a due date
        else:
            relation = "by"
        out.append(_TableRow(d, tcell, relation, lead if lead and lead[1] > lead[0] else None,
                             task if task and task[1] > task[0] else None))
    return out


def _row_cells(text: str, line: tuple[int, int]) -> list[tuple[int, int]]:
    """Cells of a table row written on one line with " | " or tabs; [] when the line is not a row."""
    s, e = line
    seg = text[s:e]
    sep = "|" if seg.count("|") >= 2 else ("\t" if seg.count("\t") >= 2 else None)
    if sep is None:
        return []
    cells, p = [], s
    for part in seg.split(sep):
        a, b = p, p + len(part)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            cells.append((a, b))
        p += len(part) + 1
    return cells


# ---------------------------------------------------------------- the stage


@dataclass
class _Found:
    deadline: dict
    pos: int
    sentence: tuple[int, int]


def _year_of(fields: dict, text: str) -> Optional[int]:
    """The year a yearless date takes: the issue year, else the year most full dates in the text carry."""
    issued = fields.get("issued_on")
    y = getattr(issued, "year", None) if not isinstance(issued, dict) else issued.get("year")
    if y:
        return y
    years = Counter(d.year for d in find_dates(text) if d.year and not d.yearless and d.precision == "day")
    return years.most_common(1)[0][0] if years else None


def _issue_date(fields: dict):
    issued = fields.get("issued_on")
    iso = getattr(issued, "date", None) if not isinstance(issued, dict) else issued.get("date")
    return iso


def _scope(layout: Layout, text: str) -> list[tuple[int, int]]:
    """Where deadlines are read: everything but the header, signature and Nơi nhận blocks."""
    skip = [b for b in (layout.header, layout.signature, layout.distribution) if b is not None]
    spans, p = [], 0
    for b in sorted(skip, key=lambda b: b.start):
        if b.start > p:
            spans.append((p, b.start))
        p = max(p, b.end)
    if p < len(text):
        spans.append((p, len(text)))
    return spans


def _in_scope(scope, pos: int) -> bool:
    return any(s <= pos < e for s, e in scope)


@functools.lru_cache(maxsize=16)
def _cues_for(kinds: tuple[str, ...], day: bool) -> tuple[tuple, ...]:
    """(rule, pattern, needles) of the cues that may stand before a date of these kinds (a day or a
    period), by priority. Every date is tried with ten cues: the needles (`fastre.needles`, "trước" for
    "trước ngày") let a cue whose words are not in the window be passed over without its search."""
    return tuple((rule, pat, fastre.needles(rule.pattern, re.I)) for rule, pat in load_deadline_rules().cues
                 if rule.takes in kinds and not (rule.takes == "period" and day)
                 and not (rule.takes == "date" and not day))


def _match_cue(text: str, start: int, dm: DateMatch, kinds: tuple[str, ...]):
    before = text[max(0, start - 140):start]
    low = before.lower()
    for rule, pat, needles in _cues_for(kinds, dm.precision == "day"):
        if not fastre.may_match(needles, low):
            continue
        m = pat.search(before)
        if m:
            return rule, start - len(before) + m.start()
    return None


def _context(tx: _Text, cue_pos: int, date_end: int) -> tuple[int, int, int, int, bool]:
    """(sentence start, sentence end, clause start, context end, is_label) for a cue at cue_pos.
    A label line ("Thời gian hoàn tất: trước ngày …") takes the last sentence of the paragraph above."""
    rc = load_deadline_rules()
    text = tx.text
    s0, e0 = tx.sentence(cue_pos)
    ls, _ = tx.line(cue_pos)
    label = rc.label.match(text, max(ls, s0) if ls <= cue_pos else s0)
    head = text[_strip_lead(text, s0, cue_pos):cue_pos]
    if label and label.end() >= cue_pos - 1 or (not _clean(head) and s0 > 0):
        # the action is the sentence before this line
        p = s0 - 1
        while p > 0 and text[p].isspace():
            p -= 1
        if p > 0:
            ps, pe = tx.sentence(p)
            return ps, pe, _clause_start(text, ps, pe), pe, True
    cs = _clause_start(text, s0, cue_pos)
    return s0, e0, cs, cue_pos, False


def _responsible(tx: _Text, fields: dict, sent: tuple[int, int], clause_start: int, ctx_end: int,
                 pos: int, row: list[tuple[int, int]], date_cell: Optional[tuple[int, int]]) -> tuple[list[str], Optional[_Roles], Optional[int]]:
    """(responsible names, roles in the sentence, end of the responsible mention inside the clause)."""
    text = tx.text
    units = find_units_in(text, sent[0], ctx_end)
    roles = _roles(text, units, sent[0])
    names: list[str] = []
    subj_end = None
    for groups in (roles.requested, roles.subject):
        if groups:
            g = groups[-1]
            names = [u.name for u in g]
            if g[-1].end > clause_start:
                subj_end = g[-1].end
            break
    if not names and row:
        # A task-table row: the first cell naming only units is the lead (chủ trì) column.
        for a, b in row:
            if date_cell and (a, b) == date_cell:
                continue
            cell_units = find_units_in(text, a, b)
            covered = sum(u.end - u.start for u in cell_units)
            if cell_units and covered >= 0.6 * len(re.sub(r"[\s;,]", "", text[a:b])):
                names = [u.name for u in cell_units]
                break
    if not names:
        # The subject carries over the sentences of one paragraph ("Sở X chủ trì …. Trong đó, …"), when
        # it is plainly a subject: the unit is followed by its verb.
        para = text.rfind("\n", 0, sent[0]) + 1
        if para < sent[0]:
            earlier = _roles(text, find_units_in(text, para, sent[0]), para)
            for groups in (earlier.requested, earlier.subject):
                groups = [g for g in groups if _followed_by_verb(text, g[-1])]
                if groups:
                    names = [u.name for u in groups[-1]]
                    break
    if not names:
        unit = _assignment_unit(fields, pos)
        if unit:
            names = [unit]
    if not names:
        h = _heading_unit(tx, sent[0])
        if h:
            names = [h[0]]
    if not names:
        names = [n for n in (_name_of(r) for r in fields.get("recipients") or []) if n]
    names = [_resolve_bare(n, fields, prefer_issuer=False) for n in names]
    seen, out = set(), []
    for n in names:
        n = _clean(n)
        if n and n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return out, roles, subj_end


def _route_possible_after(text: str, start: int, end: int, want_via: bool, want_recipient: bool) -> bool:
    """Whether the units after a due date (`text[start:end]`) can give a via or a recipient: a unit takes
    either role from the words right before it ("qua", "về", "gửi" …, the first of a list), so when
    the window lacks them (`fastre.needles` of the markers) its units need not be found at all. A recipient
    counts only when it begins within 40 characters of the date, so its words sit in those."""
    rc = load_deadline_rules()
    if want_via:
        if fastre.may_match(rc.needles["via"], text[start:end].lower()):
            return True
    if want_recipient:
        if fastre.may_match(rc.needles["recipient"], text[start:min(end, start + 40)].lower()):
            return True
    return False


def _recipient_via(tx: _Text, fields: dict, roles: Optional[_Roles], sent: tuple[int, int], clause_start: int,
                   date_end: int) -> tuple[Optional[str], Optional[str]]:
    text = tx.text
    recipient = via = None
    if roles is not None:
        clause_start = _gate_start(text, sent[0], date_end)
        def pick(groups):
            # the last group before the due date; else the first after it ("…, để tổng hợp báo cáo X" that
            # follows is the next step's recipient, not this one's)
            groups = [g for g in groups if g[-1].end > clause_start]
            before = [g for g in groups if g[-1].end <= date_end]
            return before[-1] if before else (groups[0] if groups else None)
        g = pick(roles.recipient)
        recipient = _group_text(text, g) if g else None
        g = pick(roles.via)
        via = _group_text(text, g) if g else None
    # "(qua Phòng …)" written after the date
    after_end = min(sent[1], date_end + 160)
    if _route_possible_after(text, date_end, after_end, via is None, recipient is None):
        units = find_units_in(text, date_end, after_end)
        after = _roles(text, units, date_end)
        if via is None and after.via:
            via = _group_text(text, after.via[0])
        if recipient is None and after.recipient and after.recipient[0][0].start - date_end < 40:
            recipient = _group_text(text, after.recipient[0])
    if recipient:
        recipient = _resolve_bare(recipient, fields, prefer_issuer=True)
    return recipient, via


_ROUTE_TAIL = re.compile(r"\s*\((?:qua|theo)[^)]*\)?\s*$")
_PUNCT_TAIL = re.compile(r"[\s,;.(]+$")


def _action(text: str, start: int, end: int) -> Optional[str]:
    a = _clean(text[start:end])
    a = _ROUTE_TAIL.sub("", a)
    a = _PUNCT_TAIL.sub("", a)
    return a or None


# A verb already done or passive: "đã báo cáo", "được kiểm tra", "đã được Thủ tướng Chính phủ phê duyệt".
_DONE = re.compile(r"\b(?:đã|được)\s+$|\bđã được\b[^,;.()\n]{0,40}$", re.I)


def _verbs_ok(kind: str, text: str, start: int, end: int, extra: str = "") -> bool:
    """The clause holds a verb of obligation; one already done or passive ("đã được … phê duyệt") is not."""
    if kind == "none":
        return True
    rc = load_deadline_rules()
    pat = rc.verbs[kind]
    states = [(m.start(), m.end()) for m in rc.state.finditer(text, start, end)]
    for m in pat.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in states):
            continue
        if not _DONE.search(text[max(start, m.start() - 45):m.start()]):
            return True
    return bool(pat.search(extra))


def extract_deadlines(doc: Document, layout: Layout, fields: dict) -> dict:
    """Every deadline in the document: due date (or recurrence / relative rule), relation, action,
    responsible units, recipient, via, channel, span and the rule that found it.

    >>> from extractor.readers import read_text
    >>> from extractor.layout import find_layout
    >>> doc = read_text("Tuần lễ tổ chức từ ngày 05/10/2026 đến ngày 11/10/2026. Các xã báo cáo kết quả về Phòng Nội vụ vào ngày 20/10/2026.")
    >>> [(d.due, d.relation, d.responsible) for d in extract_deadlines(doc, find_layout(doc.text), {})["deadlines"]]
    [('2026-10-20', 'on', ['Các xã'])]
    """
    text = doc.text
    tx = _Text(text)
    rc = load_deadline_rules()
    year = _year_of(fields, text)
    issued_iso = _issue_date(fields)
    scope = _scope(layout, text)
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    yearless: dict[int, bool] = {}  # date start → the date was written without a year

    def build(pos_cue: int, date_start: int, date_end: int, rule_id: str, relation: str, verbs: str,
              due: Optional[str], precision: Optional[str], recurrence=None, relative=None,
              names_action: bool = False, whole_sentence: bool = False) -> None:
        if names_action and not re.sub(
                r"^\s*[-–•*]?\s*(?:thời gian|thời hạn|hạn(?: chót| cuối)?)\s*(?:hoàn thành|hoàn tất|thực hiện xong|"
                r"nộp|gửi|báo cáo)?\s*", "", text[pos_cue:date_start].split(":")[0], flags=re.I).strip():
            names_action = False  # "Thời gian hoàn tất: trước ngày …" names no work: it is the paragraph above
        if whole_sentence:
            # a recurring or relative phrase often opens its sentence ("Định kỳ ngày 05 hàng tháng, các
            # trường gửi …"): the verb and the unit may follow it
            sent_s, sent_e = tx.sentence(pos_cue)
            clause_s, is_label = _gate_start(text, sent_s, pos_cue), False
            ctx_end = sent_e
            # the verb must lie outside the phrase itself ("sau 10 ngày kể từ ngày hết hạn đăng ký" obliges
            # no one; "… kể từ ngày nhận hồ sơ, Phòng Nội vụ trả lời" does)
            if not (_verbs_ok(verbs, text, clause_s, pos_cue) or _verbs_ok(verbs, text, date_end, sent_e)):
                return
        elif names_action:
            sent_s, sent_e = tx.sentence(pos_cue)
            clause_s, ctx_end, is_label = _strip_lead(text, sent_s, pos_cue), pos_cue, False
        else:
            sent_s, sent_e, clause_s, ctx_end, is_label = _context(tx, pos_cue, date_end)
        own_s, _ = tx.sentence(pos_cue)
        label_text = text[own_s:pos_cue]
        verb_after = False
        if whole_sentence:
            pass
        elif is_label:
            if not _verbs_ok(verbs if verbs != "none" else "none", text, clause_s, ctx_end, label_text):
                return
        elif not _verbs_ok(verbs, text, _gate_start(text, sent_s, pos_cue), pos_cue):
            # a cue set off by brackets or a comma ("… (trước ngày 15/12) báo cáo …", "Trước ngày 15/3,
            # các xã gửi …"): its verb, and maybe its unit, follow it
            bracketed = re.match(r"[*_\s]*\)", text[date_end:date_end + 4])
            opening = re.match(r"[*_\s]*,", text[date_end:date_end + 4]) and not _clean(
                text[_strip_lead(text, _gate_start(text, sent_s, pos_cue), pos_cue):pos_cue])
            if not ((bracketed or opening) and _verbs_ok(verbs, text, date_end, _clause_end(text, date_end, sent_e))):
                # a clause ending in a cue without a verb of obligation is a condition or a description
                # ("có hộ khẩu thường trú trước ngày …"), not a deadline
                return
            verb_after = True
        if due is not None and rc.past.search(text, sent_s, pos_cue) and (issued_iso is None or due < issued_iso):
            # "Tại Công văn số … đã giao … báo cáo trước ngày …": a cited document's own deadline
            return
        if recurrence is None and due is not None and yearless.get(date_start) and rc.yearly.search(text, sent_s, sent_e):
            # "định kỳ hằng năm (trước ngày 15/12)": the same day every year, not one due date
            recurrence = "yearly:" + due[5:]
            due, precision = None, None
        if due is not None and precision in ("month", "quarter", "year") and issued_iso and due < issued_iso:
            return  # a period already over when the document was issued ("… để hoàn thành năm 2018" in 2019)
        line = tx.line(pos_cue)
        row = _row_cells(text, line)
        date_cell = next(((a, b) for a, b in row if a <= date_start < b), None)
        if verb_after and not _clean(text[_strip_lead(text, clause_s, pos_cue):pos_cue]):
            ctx_end = _clause_end(text, date_end, sent_e)  # nothing before the cue: the clause is after it
            whole_sentence = True
        names, roles, subj_end = _responsible(tx, fields, (sent_s, ctx_end), clause_s,
                                              ctx_end if (is_label or whole_sentence) else pos_cue,
                                              pos_cue, row, date_cell)
        recipient, via = _recipient_via(tx, fields, roles, (sent_s, sent_e), clause_s, date_end)
        act_start = clause_s if subj_end is None else max(clause_s, subj_end)
        act_start = _strip_lead(text, act_start, ctx_end)
        action = _action(text, act_start, ctx_end if is_label else pos_cue)
        span_end = date_end
        if whole_sentence and not action:
            # the cue opens the clause ("Trước ngày 15/3, các xã gửi …"): the work is what follows it
            after = max(date_end, subj_end or 0)
            after += len(re.match(r"[\s,)*_]*", text[after:ctx_end]).group(0))
            action = _action(text, after, ctx_end)
            span_end = max(date_end, ctx_end)
        if names_action:
            label = re.sub(r"^\s*(?:thời hạn|hạn)\s*|\s*:\s*$", "", text[pos_cue:date_start], flags=re.I)
            action = _clean(re.sub(r"\s*:.*$", "", label, flags=re.S)) or action
        if row and date_cell:
            task = next(((a, b) for a, b in row if (a, b) != date_cell and len(text[a:b].split()) > 4), None)
            if task:
                action = _clean(text[task[0]:task[1]])
                act_start = min(act_start, task[0])
        ch_end = min(len(text), max(sent_e, date_end) + 200)
        # an address has an "@": without one the channel pattern is not tried at every position
        ch = rc.channel.search(text, clause_s, ch_end) if "@" in text[clause_s:ch_end] else None
        channel = ch.group(0).rstrip(".") if ch else None
        span_start = min(_strip_lead(text, act_start, date_end), pos_cue)
        found.append(_Found(dict(due=due, relation=relation, action=action, responsible=names, recipient=recipient,
                                 via=via, precision=precision, recurrence=recurrence, relative=relative,
                                 channel=channel, span=(span_start, span_end), rule=rule_id),
                            pos_cue, (sent_s, sent_e)))
        taken.append((pos_cue, date_end))

    # Task tables first: a row's due date stands in its time column, its unit in the lead column.
    for row in find_table_rows(text, year):
        if not _in_scope(scope, row.cell[0]):
            continue
        d = row.due
        names = []
        if row.lead:
            names = [u.name for u in find_units_in(text, *row.lead)] or [_clean(text[row.lead[0]:row.lead[1]])]
        else:
            names, _, _ = _responsible(tx, fields, tx.sentence(row.cell[0]), row.cell[0], row.cell[0], row.cell[0],
                                       _row_cells(text, tx.line(row.cell[0])), row.cell)
        task = _clean(text[row.task[0]:row.task[1]]) if row.task else None
        span_start = min(row.task[0], row.cell[0]) if row.task else row.cell[0]
        due = d.iso
        if d.precision != "day" and issued_iso and due < issued_iso:
            continue
        found.append(_Found(dict(due=due, relation=row.relation, action=task, responsible=names, recipient=None,
                                 via=None, precision=d.precision, recurrence=None, relative=None, channel=None,
                                 span=(span_start, d.end), rule=rc.rules.table.id),
                            row.cell[0], tx.sentence(row.cell[0])))
        taken.append((row.cell[0], row.cell[1]))

    # Recurring next: their days are not dates ("ngày 25 hằng tháng").
    low = text.lower()
    for rule, pat in rc.recurring:
        if not fastre.may_match(rc.needles[rule.id], low if pat.flags & _IGNORECASE else text):
            continue
        for m in _rule_matches(pat, text, low):
            if not _in_scope(scope, m.start()) or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            every = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly", "tuần": "weekly"}[m.group("every").lower()]
            cue = (m.groupdict().get("cue") or "").lower()
            relation = "before" if cue.startswith("trước") else "by" if cue.startswith("chậm") else "on"
            build(m.start(), m.start(), m.end(), rule.id, relation, "any", None, None,
                  recurrence=f"{every}:{int(m.group('day'))}", whole_sentence=True)

    # Dates wrapped over a line break ("chậm nhất đến ngày\n01 tháng 7 năm 2028") are read whole, line breaks
    # as spaces; spans still index `text`. (Most texts have no break inside a date: their own dates are reused.)
    dates = find_dates_wrapped(text, year=year, years=True)
    yearless.update({d.start: d.yearless for d in dates})
    ranges = find_date_ranges_wrapped(text, year=year)
    in_range = {}
    for r in ranges:
        in_range[r.first.start] = r
        in_range[r.last.start] = r
    done_ranges = set()
    for d in dates:
        if not _in_scope(scope, d.start) or any(a < d.end and d.start < b for a, b in taken):
            continue
        r = in_range.get(d.start)
        if r is not None:
            if id(r) in done_ranges:
                continue
            done_ranges.add(id(r))
            hit = _match_cue(text, r.start, r.last, ("range_end",))
            if hit and r.last.iso:
                rule, cue_pos = hit
                build(cue_pos, r.start, r.end, rule.id, rule.relation, rule.verbs, r.last.iso, "day",
                      names_action=rule.names_action)
            continue
        if d.precision == "year" and d.rule == "period.year":
            kinds = ("period",)
        else:
            kinds = ("date", "period")
        hit = _match_cue(text, d.start, d, kinds)
        if not hit:
            continue
        rule, cue_pos = hit
        if rule.opens_line and not _sets_off_period(text, cue_pos, d):
            continue
        due = d.iso
        if due is None:
            continue
        if d.yearless and issued_iso and due < issued_iso:
            # "trước ngày 10/01" in a letter of December means next January
            from datetime import date, timedelta
            if date.fromisoformat(due) < date.fromisoformat(issued_iso) - timedelta(days=30):
                due = f"{int(due[:4]) + 1}{due[4:]}"
        build(cue_pos, d.start, d.end, rule.id, rule.relation, rule.verbs, due, d.precision,
              names_action=rule.names_action, whole_sentence=rule.opens_line)

    for rule, pat in rc.relative:
        if not fastre.may_match(rc.needles[rule.id], low if pat.flags & _IGNORECASE else text):
            continue
        for m in _rule_matches(pat, text, low):
            if not _in_scope(scope, m.start()) or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            build(m.start(), m.start(), m.end(), rule.id, "within", "any", None, None, relative=_clean(m.group(0)),
                  whole_sentence=True)

    found.sort(key=lambda f: f.pos)
    merged = _dedupe(text, found)
    out = []
    for f in merged:
        d = f.deadline
        out.append(Deadline(page=doc.page_at(d["span"][0]), **d))
    return {"deadlines": out}


def _sets_off_period(text: str, cue_pos: int, d: DateMatch) -> bool:
    """Whether a period opening its line heads the line's work: written as a heading would be — after
    a bullet or in capitals ("- Năm 2027,", "Đến năm 2030,", "Năm 2018:") — and set off by a comma or
    a colon. A line that a PDF wrapped before "đến năm 2030, tầm nhìn …" or "tháng 1/2025" is not."""
    head = text[cue_pos:d.start].strip()
    capital = head[:1] in "-–•*+" or head[:1].isupper() or (not head and text[d.start:d.start + 1].isupper())
    return capital and re.match(r"[ \t*_]*[,:]", text[d.end:d.end + 4]) is not None


def _fold(s: Optional[str]) -> str:
    s = unicodedata.normalize("NFC", s or "").lower()
    return re.sub(r"[^\w\s]", " ", s)


def _similar_actions(a: Optional[str], b: Optional[str]) -> bool:
    wa, wb = set(_fold(a).split()), set(_fold(b).split())
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _dedupe(text: str, found: list[_Found]) -> list[_Found]:
    """The same deadline given twice is one entry: same due (or recurrence) and the same unit, the same
    recipient, a like action, or a sentence that says it restates it ("đúng thời hạn")."""
    rc = load_deadline_rules()
    out: list[_Found] = []
    for f in found:
        d = f.deadline
        key = (d["due"], d["precision"], d["recurrence"], d["relative"])
        twin = None
        for g in out:
            e = g.deadline
            if (e["due"], e["precision"], e["recurrence"], e["relative"]) != key:
                continue
            if key == (None, None, None, None):
                continue
            same_unit = {x.lower() for x in d["responsible"]} & {x.lower() for x in e["responsible"]}
            same_recipient = d["recipient"] and e["recipient"] and _fold(d["recipient"]) == _fold(e["recipient"])
            restated = rc.restatement.search(text, f.sentence[0], f.sentence[1]) is not None
            if same_unit or same_recipient or restated or _similar_actions(d["action"], e["action"]):
                twin = g
                break
        if twin is None:
            out.append(f)
            continue
        e = twin.deadline
        for n in d["responsible"]:
            if n.lower() not in {x.lower() for x in e["responsible"]}:
                e["responsible"].append(n)
        for k in ("recipient", "via", "channel", "action"):
            if not e[k] and d[k]:
                e[k] = d[k]
    return out


# ---------------------------------------------------------------- for the command line


def deadlines_of_file(path) -> list[Deadline]:
    """The deadlines of one document file (txt, docx, pdf, image), read through the whole pipeline, so the
    header's issue year and addressees and the assignment sections are known.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cv.txt"
    >>> _ = p.write_text("Các xã gửi báo cáo về Phòng Nội vụ trước ngày 15/3/2026.", encoding="utf-8")
    >>> [d.due for d in deadlines_of_file(p)]
    ['2026-03-15']
    """
    from extractor.pipeline import extract_file  # the pipeline imports this module

    return list(extract_file(path).deadlines)


_RELATION_VI = {"before": "trước", "on": "vào", "by": "chậm nhất", "within": "trong"}


def format_deadlines(items: list[Deadline], fmt: str) -> str:
    """Deadlines as `json` (the record's own shape) or `table` (one block each, in Vietnamese).

    >>> print(format_deadlines([Deadline(due="2026-03-15", relation="before", responsible=["Các xã"],
    ...                                  recipient="Phòng Nội vụ", action="gửi báo cáo")], "table"))
    trước 2026-03-15  Các xã: gửi báo cáo
                      gửi: Phòng Nội vụ
    1 hạn
    """
    import json

    if fmt == "json":
        return json.dumps([d.model_dump(mode="json") for d in items], ensure_ascii=False, indent=1)
    lines = []
    for d in items:
        when = d.due or d.recurrence or d.relative or "-"
        if d.due and d.precision and d.precision != "day":
            when += f" ({d.precision})"
        head = f"{_RELATION_VI.get(d.relation or '', d.relation or '')} {when}".strip()
        lines.append(f"{head:17} {', '.join(d.responsible) or '-'}: {' '.join((d.action or '').split())[:160]}")
        route = "; ".join(x for x in (d.recipient and f"gửi: {d.recipient}", d.via and f"qua: {d.via}",
                                      d.channel and f"địa chỉ: {d.channel}") if x)
        if route:
            lines.append(f"{'':17} {route}")
    lines.append(f"{len(items)} hạn")
    return "\n".join(lines)
