"""In-document findings (record.md codes), each with the spans of its evidence.

Field checks read what the other stages found (deadlines, events, milestones, legal_basis,
references, issued_on); text checks (INVALID_DATE, NUMBERING_GAP, NAME_VARIANT) read the text itself.
A clean document gets no findings: a false alarm costs as much as a miss, so every check fires only
on evidence it can point at, and each one knows the look-alikes that are not inconsistencies:
- DEADLINE_CONFLICT: same action class, same period words, same unit, different due — not two reports
  of one sentence ("6 tháng … và năm …"), not "quý I"/"quý II", not one yearless date read two ways;
- DEADLINE_BEFORE_ISSUE: a day-precise due before the issue date — not when the due's year is a guess;
- DEADLINE_BEFORE_EVENT_END: a results report due inside its event — not a registration before it;
- RANGE_INVERTED: an event or a "từ … đến …" in the text ending first — not "15/12 đến 10/01";
- MILESTONE_CONFLICT: one ceremony with two dates/times — not the ceremonies of two levels;
- REFERENCE_MISMATCH: one document cited with two dates or two numbers — not "02/CT-TTg" of two
  years, not a list of neighbouring numbers;
- INVALID_DATE: 31/02, or a weekday before or after the date that is not its weekday;
- NUMBERING_GAP: a list or table number repeated or one skipped — not sub-lists, running headers, or a
  marker flattened into the previous line;
- NAME_VARIANT: a place name after a locality head-word in two tone spellings — not "Hoà"/"Hòa".
OCR text gets no NAME_VARIANT or INVALID_DATE (a tone mark or digit there is the engine's guess).
Thresholds and cue words live in rules/findings.yaml.

>>> from extractor.layout import find_layout
>>> from extractor.readers import read_text
>>> doc = read_text("1. Phòng Nội vụ\\n2. Phòng Tư pháp\\n4. UBND các xã\\n")
>>> [f.code for f in find_findings(doc, find_layout(doc.text), {})]
['NUMBERING_GAP']
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from difflib import SequenceMatcher
from typing import Literal


from extractor.dates import find_date_ranges, find_dates
from extractor.document import Document
from extractor.fastre import UNSAFE_FOR_LOWER, fast_compile
from extractor.layout import Layout
from extractor.models import Finding, Span
from extractor.rules import Strict, load_rules
from extractor.units import unit_level
from extractor.wordstarts import lowered_text


_Rule = Strict


Code = Literal["DEADLINE_CONFLICT", "DEADLINE_BEFORE_ISSUE", "DEADLINE_BEFORE_EVENT_END", "RANGE_INVERTED",
               "MILESTONE_CONFLICT", "REFERENCE_MISMATCH", "INVALID_DATE", "NUMBERING_GAP", "NAME_VARIANT"]


class CheckRule(_Rule):
    id: str
    code: Code  # record.md's codes: a misspelt code fails when the rules load
    severity: Literal["info", "warning", "error"]
    priority: int
    example: str


class ActionClass(_Rule):
    id: str
    priority: int
    cues: list[str]
    example: str


class FindingsRules(_Rule):
    checks: list[CheckRule]
    same_action: list[ActionClass]
    period_qualifiers: list[str]
    results_cues: list[str]
    event_name_min_overlap: float
    milestone_label_heads: list[str]
    number_typo_max_edits: int
    listed_citations_max_gap: int
    locality_heads: list[str]
    name_max_words: int
    numbering_max_skip: int


def load_findings_rules() -> FindingsRules:
    """rules/findings.yaml, validated."""
    return load_rules("findings", FindingsRules)


# --- small helpers -------------------------------------------------------------------------------

def _get(obj, key):
    """A field of a model object or of a plain dict (stages and tests pass either)."""
    if obj is None:
        return None
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _date(iso) -> dt.date | None:
    if not iso or not isinstance(iso, str):
        return None
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _vn(iso) -> str:
    """An ISO date as Vietnamese text writes it ("2024-09-30" → "30/09/2024"); anything else as is."""
    d = _date(iso)
    return f"{d:%d/%m/%Y}" if d else (iso or "")


def _span(obj) -> Span | None:
    s = _get(obj, "span")
    return (int(s[0]), int(s[1])) if s else None


def _spans(*objs) -> list[Span]:
    out = []
    for o in objs:
        s = _span(o)
        if s and s not in out:
            out.append(s)
    return out


_NOT_WORD = re.compile(r"[^\w\s/]")
_ANY_SPACES = re.compile(r"\s+")


def _fold(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold()
    return _ANY_SPACES.sub(" ", _NOT_WORD.sub(" ", s)).strip()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def strip_tones(s: str) -> str:
    """The word without tone marks, keeping the vowel letters (â ê ô ơ ư ă) and đ.

    >>> strip_tones("Đống Đa")
    'Đông Đa'
    """
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))


# Old and new tone placement are one spelling ("Hoà" = "Hòa", "Uỷ" = "Ủy").
_PLACEMENT = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
              "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}


def normalize_tone_placement(s: str) -> str:
    """One tone placement for "oa/oe/uy" ("Hoà" → "Hòa", "Uỷ" → "Ủy"), lower-cased.

    >>> normalize_tone_placement("Thanh Hoà")
    'thanh hòa'
    """
    s = unicodedata.normalize("NFC", s).casefold()
    for old, new in _PLACEMENT.items():
        s = s.replace(old, new)
    return s


class _Maker:
    """Builds findings with the severity and rule id of their check."""

    def __init__(self, rules: FindingsRules):
        self.by_code = {c.code: c for c in rules.checks}
        self.out: list[Finding] = []

    def add(self, code: str, message: str, spans: list[Span], *, merge: bool = False) -> None:
        """One finding; with `merge`, a pair sharing evidence with an earlier pair of the same code joins
        it (three mentions of one ceremony at two times are one inconsistency, not three)."""
        check = self.by_code[code]
        if merge:
            for i, g in enumerate(self.out):
                if g.code == code and set(g.spans) & set(spans):
                    self.out[i] = g.model_copy(update={"spans": sorted(set(g.spans) | set(spans))})
                    return
        f = Finding(code=code, severity=check.severity, message=message, spans=sorted(spans), rule=check.id)
        if not any(g.code == f.code and g.spans == f.spans for g in self.out):
            self.out.append(f)


def _issue_year(fields: dict) -> int | None:
    return _get(fields.get("issued_on"), "year")


# --- field checks --------------------------------------------------------------------------------

def _day_precise(d) -> bool:
    return _get(d, "precision") in (None, "day") and _date(_get(d, "due")) is not None


def _due_written_with_year(text: str, d) -> bool:
    """The due date carries its own year in the text ("trước ngày 05/01" does not: its year is a guess)."""
    span = _span(d)
    if span is None:
        return True
    due = _date(_get(d, "due"))
    for m in find_dates(text, span[0], span[1], year=due.year):
        if m.day == due.day and m.month == due.month:
            return not m.yearless
    return True


def _check_deadline_before_issue(doc: Document, fields: dict, mk: _Maker) -> None:
    issued = fields.get("issued_on")
    issued_date = _date(_get(issued, "date"))
    if issued_date is None:
        return
    for d in fields.get("deadlines") or []:
        due = _date(_get(d, "due"))
        # A date without a year near the new year ("ngày 28/12/2025 … trước ngày 05/01") is next year's.
        if _day_precise(d) and due < issued_date and _due_written_with_year(doc.text, d):
            mk.add("DEADLINE_BEFORE_ISSUE",
                   f"Hạn {due:%d/%m/%Y} sớm hơn ngày ban hành {issued_date:%d/%m/%Y}.", _spans(d, issued))


def _words(s: str | None) -> set[str]:
    return {w for w in _fold(s).split() if len(w) > 1}


def _check_deadline_before_event_end(fields: dict, rules: FindingsRules, mk: _Maker) -> None:
    events = [e for e in fields.get("events") or [] if _date(_get(e, "end"))]
    if not events:
        return
    for d in fields.get("deadlines") or []:
        action = _fold(_get(d, "action"))
        if not _day_precise(d) or not any(c in action for c in rules.results_cues):
            continue
        # The event the report is about: the one sharing most name words with the action.
        def overlap(e):
            name = _words(_get(e, "name"))
            return len(name & _words(action)) / len(name) if name else 0.0
        best = max(events, key=overlap)
        if len(events) > 1 and overlap(best) < rules.event_name_min_overlap:
            continue
        due, end, start = _date(_get(d, "due")), _date(_get(best, "end")), _date(_get(best, "start"))
        # A report due before the event even starts is about something else (a plan, a registration).
        if due < end and (start is None or due >= start):
            mk.add("DEADLINE_BEFORE_EVENT_END",
                   f"Báo cáo kết quả hạn {due:%d/%m/%Y} trước khi sự kiện “{_get(best, 'name') or ''}” kết thúc "
                   f"({end:%d/%m/%Y}).", _spans(d, best))


def _action_class(action: str, rules: FindingsRules) -> str | None:
    for cls in sorted(rules.same_action, key=lambda c: c.priority):
        if any(c in action for c in cls.cues):
            return cls.id
    return None


@functools.lru_cache(maxsize=8)
def _qualifier_patterns(qualifiers: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """One compiled pattern per period qualifier: every deadline of every document asks for them."""
    return tuple(re.compile(rf"(?<!\w){re.escape(q)}(?!\w)(?:\s+(?:[ivx]+|\d+(?:/\d+)?)(?!\w))?")
                 for q in qualifiers)


_SPACES = re.compile(r"\s+")


def _qualifiers(action: str, rules: FindingsRules) -> frozenset[str]:
    """Period words with the number after them: "quý i" and "quý ii" are two reports. The words of a
    full date are not a period: "… theo Quyết định số 22 ngày 26 tháng 4 năm 2013" is no "báo cáo năm"."""
    # Each pattern holds its word as written: a word the action lacks cannot match, and an action
    # without any (most: "nộp hồ sơ") needs neither the date search nor a scan.
    quals = tuple(rules.period_qualifiers)
    present = [pat for q, pat in zip(quals, _qualifier_patterns(quals)) if q in action]
    if not present:
        return frozenset()
    for d in reversed(find_dates(action)):
        if d.precision == "day":
            action = action[:d.start] + " " * (d.end - d.start) + action[d.end:]
    out = set()
    for pat in present:
        for m in pat.finditer(action):
            out.add(_SPACES.sub(" ", m.group()))
    return frozenset(out)


def _same_unit(a: list[str], b: list[str]) -> bool:
    """Two deadlines' responsible units (already folded by `_fold`) can be one: both unnamed, or a pair
    that reads alike ("phòng gd&đt" / "phòng gd đt")."""
    if not a and not b:
        return True
    # The same folded name is the common case and a ratio of 1.0; SequenceMatcher's junk heuristic only
    # starts at 200 characters, so below that equal strings always pass.
    return any((x == y and len(x) < 200) or _similar(x, y, 0.8) for x in a for y in b)


def _similar(a: str, b: str, threshold: float) -> bool:
    """`SequenceMatcher(None, a, b).ratio() >= threshold`. The character-count bounds are upper bounds
    of the ratio and far cheaper: most pairs fail on them without the matching-blocks search."""
    m = SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= threshold and m.quick_ratio() >= threshold and m.ratio() >= threshold


def _same_line(text: str, a: Span | None, b: Span | None) -> bool:
    if a is None or b is None:
        return False
    (s1, _), (s2, _) = sorted([a, b])
    return "\n" not in text[s1:s2]


class _DeadlineFacts:
    """What the conflict check reads of one deadline, worked out once per deadline instead of once per
    pair (a plan with 30 deadlines has 435 pairs). The year check reads the text: only when asked."""

    def __init__(self, d, text: str, rules: FindingsRules):
        self.d, self._text, self._rules = d, text, rules
        self.due_text = _get(d, "due")
        self.due = _date(self.due_text)
        self.precision = _get(d, "precision") or "day"
        self.span = _span(d)
        self.action = _fold(_get(d, "action"))
        # Folded once here, not once per pair of deadlines compared.
        self.units = [_fold(u) for u in _get(d, "responsible") or []]
        self._cls = self._quals = self._with_year = _UNSET

    @property
    def action_class(self) -> str | None:
        if self._cls is _UNSET:
            self._cls = _action_class(self.action, self._rules)
        return self._cls

    @property
    def qualifiers(self) -> set[str]:
        # A qualifier that only restates the deadline's own year ("đến hết năm 2027") is not a period.
        if self._quals is _UNSET:
            self._quals = {q for q in _qualifiers(self.action, self._rules) if str(self.due.year) not in q}
        return self._quals

    @property
    def written_with_year(self) -> bool:
        if self._with_year is _UNSET:
            self._with_year = _due_written_with_year(self._text, self.d)
        return self._with_year


_UNSET = object()


def _check_deadline_conflict(doc: Document, fields: dict, rules: FindingsRules, mk: _Maker) -> None:
    dls = [d for d in fields.get("deadlines") or [] if _date(_get(d, "due"))]
    facts = [_DeadlineFacts(d, doc.text, rules) for d in dls]
    for i, fa in enumerate(facts):
        a = fa.d
        for fb in facts[i + 1:]:
            b = fb.d
            if fa.due_text == fb.due_text or fa.precision != fb.precision:
                continue
            # "báo cáo 6 tháng trước 15/6 và báo cáo năm trước 15/12" in one sentence is a schedule.
            if _same_line(doc.text, fa.span, fb.span):
                continue
            # Same day and month, different years, one of them written without a year: a guessed year.
            da, db = fa.due, fb.due
            if (da.month, da.day) == (db.month, db.day) and not (fa.written_with_year and fb.written_with_year):
                continue
            act_a, act_b = fa.action, fb.action
            cls = fa.action_class
            if cls is None or cls != fb.action_class:
                continue
            qa, qb = fa.qualifiers, fb.qualifiers
            if qa != qb:
                continue
            if not _same_unit(fa.units, fb.units):
                continue
            # Same class is necessary, not sufficient: the two actions must also read alike.
            wa, wb = _words(act_a), _words(act_b)
            overlap = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
            if overlap < 0.6 and not _similar(act_a, act_b, 0.5):
                continue
            mk.add("DEADLINE_CONFLICT",
                   f"Cùng một việc (“{_get(a, 'action')}”) có hai hạn: {_vn(_get(a, 'due'))} và {_vn(_get(b, 'due'))}.",
                   _spans(a, b), merge=True)


def _check_range_inverted(doc: Document, fields: dict, mk: _Maker) -> None:
    for e in fields.get("events") or []:
        s, t = _date(_get(e, "start")), _date(_get(e, "end"))
        if s and t and t < s:
            mk.add("RANGE_INVERTED", f"“{_get(e, 'name') or 'Sự kiện'}” kết thúc ({t:%d/%m/%Y}) trước khi bắt đầu "
                   f"({s:%d/%m/%Y}).", _spans(e))
    # Ranges in the text that no event took (a task period, an inspection window); where an event took
    # the range, the events stage has read it already (and one inconsistency is one finding).
    taken = [s for s in (_span(e) for e in fields.get("events") or []) if s]
    for r in find_date_ranges(doc.text, year=_issue_year(fields)):
        if not r.inverted or any(s < r.end and r.start < e for s, e in taken):
            continue
        # "từ 15/12 đến 10/01/2027": a first end without its own year crosses the new year.
        if r.first.yearless and r.first.date and r.last.date and (r.first.month or 0) > (r.last.month or 0):
            continue
        mk.add("RANGE_INVERTED", f"Khoảng thời gian kết thúc ({r.last.date:%d/%m/%Y}) trước khi bắt đầu "
               f"({r.first.date:%d/%m/%Y}).", [(r.start, r.end)])


def _milestone_key(label: str | None, rules: FindingsRules) -> str | None:
    lab = _fold(label)
    for head in rules.milestone_label_heads:
        if head in lab:
            return head
    return None


def _check_milestone_conflict(fields: dict, rules: FindingsRules, mk: _Maker) -> None:
    ms = [m for m in fields.get("milestones") or [] if _get(m, "date") or _get(m, "time")]
    for i, a in enumerate(ms):
        key = _milestone_key(_get(a, "label"), rules)
        if key is None:
            continue
        for b in ms[i + 1:]:
            if _milestone_key(_get(b, "label"), rules) != key:
                continue
            da, db, ta, tb = _get(a, "date"), _get(b, "date"), _get(a, "time"), _get(b, "time")
            if (da and db and da != db) or (ta and tb and ta != tb):
                # Two levels' ceremonies ("khai mạc cấp huyện" / "khai mạc cấp xã") are two milestones,
                # whether the level is in the unit or in the label.
                if _get(a, "unit") and _get(b, "unit") and _fold(_get(a, "unit")) != _fold(_get(b, "unit")):
                    continue
                la, lb = (re.search(r"cấp (\w+)", _fold(_get(m, "label"))) for m in (a, b))
                if la and lb and la.group(1) != lb.group(1):
                    continue
                mk.add("MILESTONE_CONFLICT",
                       f"“{_get(a, 'label')}”: {ta or ''} {_vn(da)} và {tb or ''} {_vn(db)}.".replace("  ", " "),
                       _spans(a, b), merge=True)


def _numkey(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold().replace("đ", "d")
    return re.sub(r"[\s/\-–.]", "", s)


def _edits(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit ("3318" / "3381"): the typos of
    document numbers are a wrong, missing, extra or transposed digit."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _same_issuer(a, b, rules: FindingsRules, facts: dict | None = None) -> bool:
    """Two citations' issuers can be one body — however abbreviated ("BTV Tỉnh ủy" / "Ban Thường vụ Tỉnh
    ủy", "UBND tỉnh" / "Ủy ban nhân dân tỉnh Kiên Giang") — unless they are of two levels ("… tỉnh" /
    "… huyện", whose QĐ-UBND numbers run apart) or name two places ("tỉnh Lào Cai" / "tỉnh Yên Bái")."""
    ia, ib = _get(a, "issuer"), _get(b, "issuer")
    if not ia or not ib:
        return True
    facts = {} if facts is None else facts
    la, pa = _issuer_facts(ia, rules, facts)
    lb, pb = _issuer_facts(ib, rules, facts)
    if la and lb and la != lb:
        return False
    return not (pa and pb and not pa & pb)


def _issuer_facts(issuer: str, rules: FindingsRules, facts: dict) -> tuple:
    """(level, place names) of a citation's issuer, kept in `facts`: every pair of citations asks for
    both of its issuers, and a document cites a few issuers many times."""
    got = facts.get(issuer)
    if got is None:
        got = facts[issuer] = _level_and_places(issuer, tuple(rules.locality_heads), rules.name_max_words)
    return got


@functools.lru_cache(maxsize=2048)
def _level_and_places(issuer: str, heads: tuple[str, ...], max_words: int) -> tuple:
    """(level, place names in one tone placement) of an issuer ("UBND tỉnh Sông Mây" → province,
    {"sông mây"}). Kept across documents: an archive cites the same few issuers in document after
    document, and both parts are pure functions of the name and the rules."""
    names = _names_after(issuer, _locality_heads(issuer, heads), max_words)
    return unit_level(issuer), frozenset(_spelling_keys(n)[0] for n, _ in names)


def _listed_together(text: str, a: Span | None, b: Span | None, rules: FindingsRules) -> bool:
    if a is None or b is None:
        return False
    (s1, e1), (s2, e2) = sorted([a, b])
    same_line = "\n" not in text[s1:e2]
    return same_line or len(text[e1:s2].strip()) <= rules.listed_citations_max_gap


def _check_reference_mismatch(doc: Document, fields: dict, rules: FindingsRules, mk: _Maker) -> None:
    cites = [c for c in list(fields.get("legal_basis") or []) + list(fields.get("references") or []) if _get(c, "number")]
    issuers: dict = {}
    for i, a in enumerate(cites):
        for b in cites[i + 1:]:
            ka, kb = _numkey(_get(a, "number")), _numkey(_get(b, "number"))
            da, db = _get(a, "issued_on"), _get(b, "issued_on")
            if not _same_issuer(a, b, rules, issuers):
                continue
            if ka == kb:
                # A number without its year ("02/CT-TTg") restarts every year: two such citations in
                # different years are two documents. With the year in it ("98/2013/TT-BTC"), one.
                year_in_number = re.search(r"/(19|20)\d\d/", _get(a, "number") or "") is not None
                if da and db and da[:4] != db[:4] and not year_in_number:
                    continue
                if da and db and da != db:
                    mk.add("REFERENCE_MISMATCH", f"Văn bản số {_get(a, 'number')} được dẫn với hai ngày: {_vn(da)} và {_vn(db)}.",
                           _spans(a, b), merge=True)
                continue
            if not (da and db and da == db) or _fold(_get(a, "doc_type")) != _fold(_get(b, "doc_type")):
                continue
            # A typo in the sequence number ("4705" / "4706"), or the same sequence number with a
            # misspelt symbol ("98/2013/TT-BXD" / "98/2013/TT-BTC") of one issuer.
            seq_a, seq_b = re.match(r"\d*", ka).group(), re.match(r"\d*", kb).group()
            same_seq = bool(seq_a) and seq_a == seq_b
            if not same_seq and _edits(ka, kb) > rules.number_typo_max_edits:
                continue
            # Citations listed together ("số 12/QĐ-UBND và số 13/QĐ-UBND ngày …" on one line, or one per
            # line in a footnote list) are two documents, not one cited twice.
            if _listed_together(doc.text, _span(a), _span(b), rules):
                continue
            mk.add("REFERENCE_MISMATCH", f"Cùng văn bản ngày {_vn(da)} được dẫn với hai số: {_get(a, 'number')} và "
                   f"{_get(b, 'number')}.", _spans(a, b), merge=True)


# --- text checks ---------------------------------------------------------------------------------

_WEEKDAY_NAMES = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
_DAYS_MAX = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _check_invalid_dates(doc: Document, fields: dict, mk: _Maker) -> None:
    for d in find_dates(doc.text, year=_issue_year(fields)):
        if d.precision != "day" or d.day is None or d.month is None:
            continue
        bad_day = not (1 <= d.month <= 12) or d.day > _DAYS_MAX.get(d.month, 31)
        # 29/02 in a year that is not leap: only when the year is written, not guessed.
        if not bad_day and not d.valid and not d.yearless:
            bad_day = True
        # "31/9" without a year is a date only where the text says so ("ngày 31/9"), not a ratio or number.
        if bad_day and d.yearless and not re.search(r"ngày\s*$", doc.text[max(0, d.start - 8):d.start], re.I) \
                and not doc.text[d.start:d.end].lower().startswith("ngày"):
            continue
        if bad_day:
            mk.add("INVALID_DATE", f"Ngày không tồn tại: “{doc.text[d.start:d.end]}”.", [(d.start, d.end)])
        elif not d.weekday_ok and not d.yearless:
            lead = re.search(r"(?:thứ\s*\S+|chủ nhật)[\s,]*(?:ngày\s*)?$", doc.text[max(0, d.start - 20):d.start], re.I)
            start = d.start - (min(20, d.start) - lead.start()) if lead else d.start
            mk.add("INVALID_DATE", f"“{doc.text[start:d.end]}” không khớp thứ: ngày đó là {_WEEKDAY_NAMES[d.date.weekday()]}.",
                   [(start, d.end)])
        elif d.weekday is None and d.date is not None and not d.yearless:
            # The weekday written after the date: "07/02/2027 (thứ Hai)", "ngày 06/10/2026, thứ Ba,"; not the
            # ordinal in "…, thứ hai là …" ("second").
            after = _WEEKDAY_AFTER.match(doc.text, d.end)
            if after and _WEEKDAY_NUMBER[after.group("w").lower()] != d.date.weekday():
                mk.add("INVALID_DATE", f"“{doc.text[d.start:after.end()]}” không khớp thứ: ngày đó là "
                       f"{_WEEKDAY_NAMES[d.date.weekday()]}.", [(d.start, after.end())])


_WEEKDAY_NUMBER = {"thứ hai": 0, "thứ 2": 0, "thứ ba": 1, "thứ 3": 1, "thứ tư": 2, "thứ 4": 2, "thứ năm": 3,
                   "thứ 5": 3, "thứ sáu": 4, "thứ 6": 4, "thứ bảy": 5, "thứ 7": 5, "chủ nhật": 6}
_WEEKDAY_AFTER = re.compile(r"[ \t]*[(,][ \t]*(?P<w>thứ[ \t]+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ[ \t]+nhật)(?!\w)[ \t]*(?:\)|(?=[,.;\n]|$))", re.I)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_EN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# One marker at the start of a line (after indentation or a Markdown cell bar), then the item's text.
_MARKER = re.compile(
    r"^[ \t]*(?:\|[ \t]*)?(?:"
    r"(?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?[ \t]+(?=\w)"
    r"|Điều[ \t]+(?P<art>\d{1,3})\.[ \t]+(?=\w)"
    r"|(?P<roman>[IVX]{1,5})(?P<rp>[.)/])[ \t]+(?=\w)"
    r"|(?P<num>\d{1,2})(?P<np>[.)/])[ \t]+(?=[^\W\d])"
    r"|(?P<let>[a-zđ])(?P<lp>[)/])[ \t]+(?=\w)"
    r"|(?P<row>\d{1,3})(?:\t|[ \t]*\||[ ]{3,}(?=\S))"
    r")", re.M)


# The marker's kind from the last group its alternative closes ("II." closes "rp" after "roman").
_MARKER_KIND = {"multi": "multi", "art": "art", "rp": "roman", "np": "num", "lp": "let", "row": "row"}


@functools.lru_cache(maxsize=256)
def _roman(s: str) -> int | None:
    vals = [_ROMAN_VALUES[c] for c in s]
    total = sum(-v if i + 1 < len(vals) and vals[i + 1] > v else v for i, v in enumerate(vals))
    return total if 0 < total < 40 else None


def _letter_follows(prev: str, cur: str) -> bool:
    for alpha in (_VI_LETTERS, _EN_LETTERS):
        if prev in alpha and cur in alpha and alpha.index(cur) == alpha.index(prev) + 1:
            return True
    return False


def _letter_skips_one(prev: str, cur: str) -> bool:
    """Exactly one letter missing between prev and cur, in both alphabets' reading ("h" → "k" skips "i")."""
    if _letter_follows(prev, cur):
        return False
    vi = _VI_LETTERS.index(cur) - _VI_LETTERS.index(prev) if prev in _VI_LETTERS and cur in _VI_LETTERS else None
    en = _EN_LETTERS.index(cur) - _EN_LETTERS.index(prev) if prev in _EN_LETTERS and cur in _EN_LETTERS else None
    return vi == 2 or (vi is None and en == 2)


def find_numbering_gaps(text: str, max_skip: int = 1) -> list[tuple[Span, Span, str]]:
    """(previous marker, offending marker, description) for each repeated or skipped list number.

    Each marker style ("1.", "1)", "a)", "a/", "II.", table rows) runs on its own; a style restarts at
    its first value and every style first seen after it (its sub-lists) restarts with it.

    >>> [d for _, _, d in find_numbering_gaps("a) Một\\nb) Hai\\nb) Ba\\n")]
    ['b) lặp lại']
    """
    order: list[tuple] = []  # styles in order of first appearance = nesting depth
    last: dict[tuple, tuple] = {}  # style -> (value, span, label)
    out = []
    markers = list(_MARKER.finditer(text))
    # A number before the same words on several lines is a running page header ("12   CÔNG BÁO/Số …"
    # on even pages only), not a table row.
    # It sits at a page edge (just after or before a form feed); rows of one table that start alike
    # ("8h30 02/10 Hội Khuyến học …") sit anywhere.
    edge = [m for m in markers if m.group("row") and _at_page_edge(text, m)]
    tails: dict[str, int] = {}
    for m in edge:
        tails[_row_tail(text, m)] = tails.get(_row_tail(text, m), 0) + 1
    running = {m.start() for m in edge if tails[_row_tail(text, m)] > 1}
    for m in markers:
        if m.start() in running:
            continue
        if m.group("multi"):
            parts = m.group("multi").split(".")
            style, value, label = ("multi", len(parts), ".".join(parts[:-1])), int(parts[-1]), m.group("multi")
        elif m.group("art"):
            style, value, label = ("art",), int(m.group("art")), f"Điều {m.group('art')}."
        elif m.group("roman"):
            value = _roman(m.group("roman"))
            if value is None:
                continue
            style, label = ("roman", m.group("rp")), m.group("roman") + m.group("rp")
        elif m.group("num"):
            style, value, label = ("num", m.group("np")), int(m.group("num")), m.group("num") + m.group("np")
        elif m.group("let"):
            style, value, label = ("let", m.group("lp")), m.group("let"), m.group("let") + m.group("lp")
        else:
            style, value, label = ("row",), int(m.group("row")), m.group("row")
        key = _MARKER_KIND[m.lastgroup]
        start = m.start() + len(m.group()) - len(m.group().lstrip(" \t|")) if key == "art" else m.start(key)
        span = (start, start + len(label))
        if style not in order:
            order.append(style)
        # A marker of this style closes every sub-list opened under the previous item.
        for deeper in order[order.index(style) + 1:]:
            last.pop(deeper, None)
        prev = last.get(style)
        last[style] = (value, span, label)
        if prev is None:
            continue
        pv, pspan, plabel = prev
        if style[0] == "let":
            if value == pv:
                out.append((pspan, span, f"{label} lặp lại"))
            elif _letter_skips_one(pv, value):
                out.append((pspan, span, f"sau {plabel} là {label}"))
        elif value == pv:
            out.append((pspan, span, f"{label} lặp lại"))
        elif 2 <= value - pv <= max_skip + 1 and not any(
                _marker_inline(text, pspan[1], span[0], style, v) for v in range(pv + 1, value)):
            out.append((pspan, span, f"sau {plabel} là {label}"))
    return out


def _at_page_edge(text: str, m: re.Match) -> bool:
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[:line_start], text[line_end:]
    return before.rstrip(" \t\n").endswith("\f") or after.lstrip(" \t\n").startswith("\f") or not before.strip()


def _row_tail(text: str, m: re.Match) -> str:
    line_end = text.find("\n", m.end())
    return re.sub(r"\W+", " ", text[m.end():line_end if line_end >= 0 else len(text)]).strip().casefold()[:40]


_ROMAN_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X",
                11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 15: "XV"}


def _marker_inline(text: str, lo: int, hi: int, style: tuple, value: int) -> bool:
    """The "missing" marker is there, only not at a line start (a flattened layout: "…)II. KẾT QUẢ")."""
    if style[0] == "roman":
        label = _ROMAN_NAMES.get(value, "") + style[1]
    elif style[0] == "num":
        label = f"{value}{style[1]}"
    elif style[0] == "art":
        label = f"Điều {value}."
    else:
        return False
    return bool(label) and re.search(rf"(?<![\w.]){re.escape(label)}[ \t]*\w", text[lo:hi]) is not None


def _check_numbering(doc: Document, rules: FindingsRules, mk: _Maker) -> None:
    for a, b, desc in find_numbering_gaps(doc.text, rules.numbering_max_skip):
        mk.add("NUMBERING_GAP", f"Đánh số không liền mạch: {desc.rstrip('.')}.", [a, b])


_LETTERS = re.compile(r"[^\W\d_]+")
_BLANKS = re.compile(r"[ \t]+")


@functools.lru_cache(maxsize=8)
def _locality_head_re(heads: tuple[str, ...]) -> re.Pattern:
    """The locality head-words as one pattern, built once per rule set: every document and every
    citation's issuer is searched with it, so it is compiled with the lookahead of the words' first
    letters (`fastre.fast_compile`): the search skips every position where no head-word can begin."""
    alts = sorted(heads, key=len, reverse=True)
    return fast_compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in alts) + r")[ \t]+", re.I)


@functools.lru_cache(maxsize=8)
def _locality_head_lower_re(heads: tuple[str, ...]) -> re.Pattern | None:
    """`_locality_head_re` for the lower-cased text, case-sensitive, or None when a head-word holds a
    letter that re.I matches to more than its lower case ("i" ~ "ı").

    Why: under re.I the engine folds every character it tries, and a lookbehind in front hides the
    head-words' first letters from it; here each alternative opens with its first letter and checks
    the character before it after that ("x(?<!\\w.)ã" is "(?<!\\w)xã"), so the engine jumps between the
    few letters a head-word starts with (twice as fast over a whole text, same matches). Head-words
    sharing a first letter are one alternative ("t(?<!\\w.)(?:hị xã|ỉnh|…)"), in their order: the
    character before is checked once at each "t", not once per head-word."""
    if any(UNSAFE_FOR_LOWER.search(h.lower()) for h in heads):
        return None
    by_first: dict[str, list[str]] = {}
    for h in sorted((h.lower() for h in heads), key=len, reverse=True):
        by_first.setdefault(h[0], []).append(re.escape(h[1:]))
    return re.compile("(?:" + "|".join(re.escape(first) + r"(?<!\w.)(?:" + "|".join(rests) + ")"
                                       for first, rests in by_first.items()) + r")[ \t]+")


def _locality_heads(text: str, heads: tuple[str, ...], low: str | None = None):
    """The head-word matches of `_locality_head_re` in `text`: searched in the lower-cased text (`low`,
    `text.lower()` when the caller has it) when lower-casing keeps every offset (it does unless the
    text holds a letter like "İ" that becomes two)."""
    lower_re = _locality_head_lower_re(heads)
    if lower_re is not None:
        low = text.lower() if low is None else low
        if len(low) == len(text):
            return lower_re.finditer(low)
    return _locality_head_re(heads).finditer(text)


def find_locality_names(text: str, rules: FindingsRules) -> list[tuple[str, Span]]:
    """(name, span) of each proper name after a locality head-word ("quận Đống Đa" → "Đống Đa").

    >>> find_locality_names("UBND xã Quảng Phú, tỉnh Đắk Lắk báo cáo", load_findings_rules())
    [('Quảng Phú', (8, 17)), ('Đắk Lắk', (24, 31))]
    """
    return _names_after(text, _locality_heads(text, tuple(rules.locality_heads)), rules.name_max_words)


def _names_after(text: str, heads, max_words: int) -> list[tuple[str, Span]]:
    """(name, span) of the capitalised words after each head-word match in `heads`."""
    word = _LETTERS
    out = []
    for m in heads:
        pos, words, end = m.end(), [], m.end()
        while len(words) < max_words:
            w = word.match(text, pos)
            if not w or not (w.group().istitle() or (w.group().isupper() and len(w.group()) > 1)):
                break
            words.append(w.group())
            end = w.end()
            sp = _BLANKS.match(text, end)  # words of one name sit on one line
            if not sp:
                break
            pos = sp.end()
        if words:
            out.append((" ".join(words), (m.end(), end)))
    return out


@functools.lru_cache(maxsize=4096)
def _spelling_keys(name: str) -> tuple[str, str]:
    """(spelling, spelling without tones) of a place name, as NAME_VARIANT groups them.

    Why a cache: a document names its few places again and again ("xã Quảng Phú" on every page), and
    an archive's documents name the same provinces and districts; each name is worked out once."""
    spelling = normalize_tone_placement(name)
    return spelling, strip_tones(spelling)


def _check_name_variants(doc: Document, rules: FindingsRules, mk: _Maker) -> None:
    groups: dict[str, dict[str, list[Span]]] = {}
    # The document lower-cased once for all stages (events and assignments have asked for it already).
    heads = _locality_heads(doc.text, tuple(rules.locality_heads), lowered_text(doc.text))
    for name, span in _names_after(doc.text, heads, rules.name_max_words):
        spelling, toneless = _spelling_keys(name)
        groups.setdefault(toneless, {}).setdefault(spelling, []).append(span)
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
        main, others = ranked[0], ranked[1:]
        for spelling, spans in others:
            a, b = doc.text[main[1][0][0]:main[1][0][1]], doc.text[spans[0][0]:spans[0][1]]
            mk.add("NAME_VARIANT", f"Cùng một địa danh viết hai cách: “{a}” ({len(main[1])} lần) và “{b}” "
                   f"({len(spans)} lần).", [main[1][0], spans[0]])


def find_findings(doc: Document, layout: Layout, fields: dict) -> list[Finding]:
    """Findings of one document: field checks over what the stages found, text checks over the text.

    >>> from extractor.readers import read_text
    >>> doc = read_text("Hội nghị khai mạc thứ Hai, ngày 06/10/2026.")
    >>> [f.code for f in find_findings(doc, None, {})]
    ['INVALID_DATE']
    """
    rules = load_findings_rules()
    mk = _Maker(rules)
    # In OCR text a tone mark or a digit is the engine's guess: a variant spelling or an impossible
    # date there says more about the scan than about the document.
    ocr = bool(getattr(doc.source, "ocr", False))
    if not ocr:
        _check_invalid_dates(doc, fields, mk)
    _check_range_inverted(doc, fields, mk)
    _check_deadline_before_issue(doc, fields, mk)
    _check_deadline_before_event_end(fields, rules, mk)
    _check_deadline_conflict(doc, fields, rules, mk)
    _check_milestone_conflict(fields, rules, mk)
    _check_reference_mismatch(doc, fields, rules, mk)
    _check_numbering(doc, rules, mk)
    if not ocr:
        _check_name_variants(doc, rules, mk)
    prio = {c.code: c.priority for c in rules.checks}
    return sorted(mk.out, key=lambda f: (prio[f.code], f.spans))
