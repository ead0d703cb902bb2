"""Split a document's text into its parts (header, title, subject, Kính gửi, preamble, body,
signature, Nơi nhận, appendices). Every later stage works on these parts.

The same document reaches us in several shapes: a two-column header run side by side
(`pdftotext -layout`: the halves separated by 3+ spaces), the left column's lines followed by the right
column's (pdfium, docx paragraphs), Markdown tables (`| ỦY BAN … | CỘNG HÒA … |`), or one item per line.
So the text is first cut into *cells* — a line, or the part of a line on one side of a column gap or a
table bar — and each cell is recognised by what it says (motto, "Số:", "…, ngày … năm …", "V/v …",
"KT. CHỦ TỊCH", a person's name), not by where it sits. Patterns live in rules/layout.yaml and the
type-name titles in rules/doc_types.yaml.

Blocks are `[start, end)` ranges of the text; they may overlap where the source interleaves two parts on
the same lines (Nơi nhận beside the signature). `items` holds the smaller pieces the header stage reads
(each issuer line, the number, the place-and-date, each signature line, each recipient …).

>>> lay = find_layout("UBND HUYỆN SÔNG MÂY\\nSố: 12/UBND-VX\\nV/v tổ chức ngày hội đọc sách\\n"
...                   "Kính gửi: Phòng Văn hóa\\nThực hiện Kế hoạch số 3/KH-UBND.\\n1. Tổ chức")
>>> [lay.subject.slice(lay.text), lay.body.slice(lay.text)]
['V/v tổ chức ngày hội đọc sách', '1. Tổ chức']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Optional

from pydantic import BaseModel, ConfigDict

from extractor.rules import load_rules


# ---------------------------------------------------------------------------------------------- rules
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PatternRule(_Strict):
    id: str
    pattern: str
    example: str
    priority: int = 0
    kind: Optional[str] = None


class TitleRule(_Strict):
    id: str
    pattern: str  # words in capitals, matched as whole words
    example: str
    prefix: bool = False  # a word that makes a title of the title after it ("PHÓ" + "CHỦ TỊCH")


class LayoutRules(_Strict):
    position_titles: list[TitleRule]
    motto: list[PatternRule]
    cell_splits: list[PatternRule]
    number: PatternRule
    place_date: PatternRule
    subject_cv: PatternRule
    recipients: PatternRule
    distribution: PatternRule
    preamble_cues: list[PatternRule]
    headings: list[PatternRule]
    signature_marker: PatternRule
    signature_noise: list[PatternRule]
    appendix_headings: list[PatternRule]
    running_heads: list[PatternRule]


class DocTypeRule(_Strict):
    id: str
    code: str
    name: str
    titles: list[str]
    priority: int = 0
    example: str


class DocTypeRules(_Strict):
    doc_types: list[DocTypeRule]


@dataclass(frozen=True)
class _Compiled:
    motto: list[tuple[str, re.Pattern]]
    splits: list[re.Pattern]
    any_split: re.Pattern  # matches where any of `splits` would
    number: re.Pattern
    place_date: re.Pattern
    subject_cv: re.Pattern
    recipients: re.Pattern
    distribution: re.Pattern
    preamble: list[tuple[str, re.Pattern]]
    headings: list[tuple[str, re.Pattern]]
    marker: re.Pattern
    noise: list[re.Pattern]
    appendix: list[tuple[str, str, re.Pattern]]
    running: list[re.Pattern]
    titles: dict[str, DocTypeRule]
    positions: list[TitleRule]
    position_re: re.Pattern


@lru_cache(maxsize=None)
def _rules() -> _Compiled:
    r = load_rules("layout", LayoutRules)
    types = load_rules("doc_types", DocTypeRules)
    titles: dict[str, DocTypeRule] = {}
    for t in sorted(types.doc_types, key=lambda t: t.priority):  # higher priority written last, wins
        for title in t.titles:
            titles[_squash(title)] = t
    by_prio = lambda rules: sorted(rules, key=lambda x: -x.priority)  # noqa: E731
    return _Compiled(
        motto=[(x.id, re.compile(x.pattern)) for x in r.motto],
        splits=[re.compile(x.pattern) for x in r.cell_splits],
        any_split=re.compile("|".join(f"(?:{x.pattern})" for x in r.cell_splits) or "(?!)"),
        number=re.compile(r.number.pattern),
        place_date=re.compile(r.place_date.pattern),
        subject_cv=re.compile(r.subject_cv.pattern),
        recipients=re.compile(r.recipients.pattern),
        distribution=re.compile(r.distribution.pattern),
        preamble=[(x.id, re.compile(x.pattern)) for x in by_prio(r.preamble_cues)],
        headings=[(x.id, re.compile(x.pattern)) for x in by_prio(r.headings)],
        marker=re.compile(r.signature_marker.pattern),
        noise=[re.compile(x.pattern) for x in r.signature_noise],
        appendix=[(x.id, x.kind or "appendix", re.compile(x.pattern)) for x in by_prio(r.appendix_headings)],
        running=[re.compile(x.pattern) for x in r.running_heads],
        titles=titles,
        positions=r.position_titles,
        # Longest title first, so that "TỔNG CỤC TRƯỞNG" is not read as "CỤC TRƯỞNG".
        position_re=re.compile(r"(?:%s)(?![^\W\d_])" % "|".join(
            re.escape(t.pattern).replace(r"\ ", r"\s+")
            for t in sorted(r.position_titles, key=lambda t: -len(t.pattern)))),
    )


def layout_rules() -> _Compiled:
    """The compiled rules/layout.yaml (and doc type titles), for the header stage."""
    return _rules()


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().upper()


# ---------------------------------------------------------------------------------------------- model
@dataclass(frozen=True)
class Block:
    name: str
    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass
class Layout:
    header: Block | None = None  # issuing body (+ parent), motto, number, place and date
    title: Block | None = None  # the type name line ("KẾ HOẠCH", "QUYẾT ĐỊNH")
    subject: Block | None = None  # trích yếu: "V/v …" or the line(s) under the type name
    recipients: Block | None = None  # "Kính gửi: …"
    preamble: Block | None = None  # opening clauses: căn cứ / thực hiện / theo …
    body: Block | None = None  # the numbered body
    signature: Block | None = None  # KT./TM./TL./TUQ., position, name
    distribution: Block | None = None  # "Nơi nhận: …"
    appendices: list[Block] = field(default_factory=list)  # attached plan, PHỤ LỤC, forms, schedules
    authority: Block | None = None  # the deciding authority line of a QĐ ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")
    # Smaller pieces, by kind: "issuer" (one per printed line), "number", "place_date", "subject"
    # (one per line), "recipient" (one per entry), "signature" (one per line: authority, position),
    # "signer_name", "distribution" (one per entry).
    items: dict[str, list[Block]] = field(default_factory=dict, repr=False)
    text: str = field(default="", repr=False)

    def item(self, kind: str) -> Block | None:
        found = self.items.get(kind) or []
        return found[0] if found else None


class Cell(NamedTuple):
    """A piece of one line: the whole line, or one side of a column gap / table bar, markup stripped.

    A NamedTuple, immutable like a frozen dataclass and built three times faster: every line of every
    document is cut into cells (~45 per document)."""

    start: int
    end: int
    line: int
    col: int  # characters from the start of its line: the column it was printed in
    text: str


# ---------------------------------------------------------------------------------------------- cells
_GAP = re.compile(r"[ \t]{3,}|\t+")
_MD_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LEAD = re.compile(r"(?:[-_–—=~.]{3,}\s*|#{1,6}\s+|\*{1,3}|_{1,3}(?=\S)|>\s*|\s+)")
_TRAIL = re.compile(r"(?:\*{1,3}|(?<=\S)_{1,3}|\s*[-_–—=~]{3,}|\s+|<br\s*/?>)$")
# The last character of any _TRAIL match (besides whitespace): a cell ending otherwise has nothing to
# strip, and the search (which tries every position of the cell) is skipped.
_TRAIL_LAST = frozenset("*_-–—=~>")
_HAS_WORD = re.compile(r"[^\W_]")
_NUMBER_BLANK = re.compile(r"^Số\s*:?$")
_MONTH_OR_YEAR = re.compile(r"(?:tháng|năm)\b")
_DAY_OR_MONTH_END = re.compile(r"(?:ngày|tháng)\s*\d*$")


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """Narrow [a, b) past Markdown emphasis, heading marks, horizontal rules and spaces."""
    while a < b:
        m = _LEAD.match(text, a, b)
        if not m or m.end() == a:
            break
        a = m.end()
    while a < b:
        last = text[b - 1]
        if last not in _TRAIL_LAST and not last.isspace():
            break
        m = _TRAIL.search(text[a:b])
        if not m or m.start() == m.end():
            break
        b = a + m.start()
    return a, b


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    if "\f" not in text:  # the common case, without a regex
        for n in map(len, text.split("\n")):
            spans.append((pos, pos + n))
            pos += n + 1
        return spans
    for m in re.finditer(r"[\n\f]", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


@lru_cache(maxsize=4096)
def _line_cells(line: str, after: str) -> tuple[Cell, ...]:
    """The cells of one line, spans into the line: documents of a kind repeat most of their lines (the
    motto, "Nơi nhận:", "- Như trên;", table rules), so each line is cut once.

    What the cells are depends on the line and the 6 characters after it, no more: a column gap is
    looked past by 6 characters ("ngày 28     tháng …"), and the split rules look back one character,
    to the non-space before the space they cut, which at the line's start is the line break itself
    (a space to them, like the start of `line + after` here).
    """
    return tuple(_cut_line(line + after, 0, len(line), 0))


def _cut_line(text: str, ls: int, le: int, line_no: int) -> list[Cell]:
    raw = text[ls:le]
    parts: list[tuple[int, int]] = []
    if "|" in raw and (raw.lstrip().startswith("|") or " | " in raw or raw.rstrip().endswith(" |")):
        if _MD_SEP.match(raw.strip()):
            return []
        pos = ls
        for m in re.finditer(r"\|", raw):
            parts.append((pos, ls + m.start()))
            pos = ls + m.end()
        parts.append((pos, le))
    else:
        parts.append((ls, le))
    cells: list[Cell] = []
    R = _rules()
    for a, b in parts:
        segs, pos = [], a
        for m in _GAP.finditer(text, a, b):
            # A number typed into a blank ("Số:173    /KH-UBND", "Số:        /UBND-VX") is one cell.
            before = text[pos:m.start()].rstrip()
            after = text[m.end():m.end() + 6]
            if text[m.end():m.end() + 1] == "/" or before.endswith("/") or _NUMBER_BLANK.search(_clean(before)):
                continue
            # A date typed into blanks ("ngày 28     tháng 4    năm 2026") is one cell.
            if _MONTH_OR_YEAR.match(after) and _DAY_OR_MONTH_END.search(before):
                continue
            segs.append((pos, m.start()))
            pos = m.end()
        segs.append((pos, b))
        for s, e in segs:
            s, e = _strip(text, s, e)
            if s >= e:
                continue
            pieces = [(s, e)]
            # Most cells hold no split point: one search for all of them instead of one per rule. With
            # no match on the whole cell, no rule cuts it, so the cell is never narrowed for the next.
            for split in (R.splits if R.any_split.search(text, s, e) else ()):
                nxt = []
                for ps, pe in pieces:
                    cut = ps
                    for m in split.finditer(text, ps, pe):
                        nxt.append((cut, m.start()))
                        cut = m.end()
                    nxt.append((cut, pe))
                pieces = nxt
            pieces = [q for ps, pe in pieces for q in _split_number_date(text, ps, pe)]
            for ps, pe in pieces:
                if (ps, pe) != (s, e):  # (s, e) is stripped already, and stripping again changes nothing
                    ps, pe = _strip(text, ps, pe)
                if ps < pe and _HAS_WORD.search(text, ps, pe):
                    cells.append(Cell(ps, pe, line_no, ps - ls, text[ps:pe]))
    return cells


def _split_number_date(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """"Số: 12/UBND-VX Sông Mây, ngày 05 tháng 3 năm 2030" (columns run together) → number | place-date.
    The place is the run of words before ", ngày" back to the number's symbol (a token with a digit,
    "/" or ":"); after a "V/v …" trích yếu, the run of capitalised words."""
    R = _rules()
    s = text[a:b]
    cleaned = _clean(s)
    cv = bool(R.subject_cv.match(cleaned))
    if not R.number.match(cleaned) and not cv:
        return [(a, b)]
    m = R.place_date.search(s)
    if not m:
        return [(a, b)]
    toks = list(re.finditer(r"\S+", s[:m.start()]))
    k = len(toks)
    if cv:  # "V/v họp dân Sông Mây, ngày …": the place is the run of capitalised words
        while k > 0 and toks[k - 1].group()[:1].isupper() and k > 1:
            k -= 1
    else:
        while k > 0 and not re.search(r"[\d/:]", toks[k - 1].group()):
            k -= 1
    if k == 0 or k == len(toks):
        return [(a, b)]
    cut = a + toks[k].start()
    return [(a, cut), (cut, b)]


_MARKUP = re.compile(r"[*_#]")


def _clean(s: str) -> str:
    return _MARKUP.sub("", s).strip()


def find_cells(text: str) -> list[list[Cell]]:
    """The cells of every line of `text`, one list per line (empty for blank lines).

    >>> [[c.text for c in line] for line in find_cells("ỦY BAN NHÂN DÂN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    [['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']]
    """
    return _cells_of_lines(text, _line_spans(text))


def _cells_of_lines(text: str, lines: list[tuple[int, int]]) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for i, (ls, le) in enumerate(lines):
        if ls == le:
            out.append([])  # a blank line has no cell (what _cut_line gives it): no cache look-up
            continue
        out.append([Cell(c.start + ls, c.end + ls, i, c.col, c.text)
                    for c in _line_cells(text[ls:le], text[le:le + 6])])
    return out


# ------------------------------------------------------------------------------------ classification
# What a line says is asked again and again: the header, title, Kính gửi, signature and Nơi nhận scans
# each test the same cells ("is it a heading? a position? the motto?"), and an archive's documents
# repeat most of their lines (the motto, "Nơi nhận:", "- Như trên;"). The tests of a cell's text are
# pure functions of the text and the rules, so each text is tested once: `_by_text` keeps the answers
# of the last few thousand texts (a cell's text is the string the line cache made, whose hash Python
# keeps, so a repeated question costs a dictionary look-up).
_by_text = lru_cache(maxsize=4096)


def is_motto(c: Cell) -> bool:
    return _motto_text(c.text)


@_by_text
def _motto_text(t: str) -> bool:
    return any(p.match(t) for _, p in _rules().motto)


def is_upper(s: str) -> bool:
    """Written in capitals: at least two letters and no lower-case letter ("UBND TỈNH SÔNG MÂY")."""
    letters = 0
    for ch in s:  # most lines have a lower-case letter early: stop there
        if ch.isalpha():
            if ch.islower():
                return False
            letters += 1
    return letters >= 2


def is_running_head(c: Cell) -> bool:
    return _running_head_text(c.text)


@_by_text
def _running_head_text(t: str) -> bool:
    return any(p.match(t) for p in _rules().running)


def is_number(c: Cell) -> bool:
    return bool(_rules().number.match(c.text))


def is_place_date(c: Cell) -> bool:
    """"Sông Mây, ngày 05 tháng 3 năm 2030" (the place a few words without digits), or the bare date."""
    return _place_date_text(c.text)


@_by_text
def _place_date_text(t: str) -> bool:
    m = _rules().place_date.search(t)
    if m and not _rules().number.match(t):
        place = t[:m.start()]
        return 0 < len(place) <= 45 and not re.search(r"[\d/;:]", place)
    return bool(re.match(r"^ngày[\s\d]*tháng[\s\d]*năm[\s\d]*$", t))


@_by_text
def title_rule(s: str) -> DocTypeRule | None:
    """The document type a whole-line title names ("KẾ HOẠCH" → KH), or None."""
    s = _squash(_clean(s))
    # The table first: most lines are no title, and is_upper reads every letter of a capitals line.
    rule = _rules().titles.get(s) if s else None
    return rule if rule is not None and is_upper(s) else None


@_by_text
def heading_rule(s: str) -> str | None:
    """The id of the numbered-part pattern a line starts with ("II. NHIỆM VỤ" → heading.roman)."""
    s = _clean(s)
    for rid, p in _rules().headings:
        if p.match(s):
            return rid
    return None


@_by_text
def preamble_rule(s: str) -> str | None:
    s = _clean(s)
    for rid, p in _rules().preamble:
        if p.search(s):
            return rid
    return None


@_by_text
def is_marker(s: str) -> bool:
    return bool(_rules().marker.match(s))


@_by_text
def is_noise(s: str) -> bool:
    return any(p.match(s) for p in _rules().noise)


_NAME_TOKEN = re.compile(r"^[^\W\d_][^\W\d_]*$")


def name_prefix_len(tokens: list[str]) -> int:
    """How many trailing tokens form a person's name: capitalised syllables, 2 to 5 of them."""
    n = 0
    for tok in reversed(tokens):
        if _NAME_TOKEN.match(tok) and tok[0].isupper() and (len(tok) == 1 or tok[1:].islower()):
            n += 1
        else:
            break
    return n if 2 <= n <= 5 else 0


@_by_text
def person_name(s: str) -> tuple[int, int] | None:
    """The [start, end) of a person's name ending `s` ("PHÓ CHỦ TỊCH Nguyễn Văn An" → the name)."""
    s2 = s.rstrip()
    toks = list(re.finditer(r"\S+", s2))
    n = name_prefix_len([t.group() for t in toks])
    if not n:
        return None
    # A syllable broken by stray spaces ("Ngu y ễn Văn An"): lower-case pieces and the capitalised
    # piece before them belong to the name.
    k = len(toks) - n
    frag = k
    while frag > 0 and toks[frag - 1].group().isalpha() and toks[frag - 1].group().islower() \
            and len(toks[frag - 1].group()) <= 3:
        frag -= 1
    if frag < k and frag > 0 and toks[frag - 1].group()[:1].isupper() and toks[frag - 1].group()[1:].islower():
        k = frag - 1
    return toks[k].start(), toks[-1].end()


def is_list_item(s: str) -> bool:
    return bool(re.match(r"^[-+•–]\s*\S", s))


# ---------------------------------------------------------------------------------------------- layout
@dataclass
class _Doc:
    text: str
    lines: list[tuple[int, int]]
    cells: list[list[Cell]]

    def blank(self, i: int) -> bool:
        return not self.cells[i]

    def first(self, i: int) -> Cell | None:
        return self.cells[i][0] if self.cells[i] else None


_HEADER_SCAN = 80  # lines: the header sits on the first page


def _find_anchor(d: _Doc) -> tuple[int | None, int | None, int | None]:
    """Line numbers of the first number cell, place-and-date cell and motto cell near the top."""
    num = date = motto = None
    for i in range(min(len(d.lines), _HEADER_SCAN)):
        for c in d.cells[i]:
            if num is None and is_number(c):
                num = i
            elif date is None and is_place_date(c) and len(c.text) < 90:
                date = i
            elif motto is None and is_motto(c):
                motto = i
        if num is not None and date is not None:
            break
    return num, date, motto


def _issuer_cells(d: _Doc, anchor: int) -> list[Cell]:
    """The issuer's lines: capitals just above the number (or date), skipping the motto beside them."""
    found: list[Cell] = []
    lines_up = 0
    for i in range(anchor, -1, -1):
        cells = d.cells[i]
        if i == anchor:
            # On the anchor line itself only what stands left of the number/date/motto counts.
            keep = []
            for c in cells:
                if is_number(c) or is_place_date(c) or is_motto(c):
                    break
                keep.append(c)
            cells = keep
        if not cells:
            if i != anchor:
                lines_up += 1
            if lines_up > 8:
                break
            continue
        lines_up += 1
        stop = False
        line_found = []
        # A line of the header band (the motto in its right half) may hold OCR noise in its left half.
        band = any(is_motto(x) for x in d.cells[i])
        for c in cells:
            # Beside and between the issuer's lines: the motto, the number (even garbled by OCR,
            # "số,2 l …"), the trích yếu.
            if is_motto(c) or is_noise(c.text) or _rules().subject_cv.match(c.text) or re.match(r"(?i)^số\b", c.text):
                continue
            if is_upper(c.text) and not re.search(r"[/:]", c.text) and not is_running_head(c) \
                    and not title_rule(c.text) and not is_marker(c.text):
                line_found.append(c)  # the left column: a Word cell may hold both issuer lines
                continue
            if not line_found and not band:
                stop = True
            break
        if line_found:
            found[:0] = line_found
        if stop or len(found) >= 4 or lines_up > 8:
            break
    return found


def _subject_lines_cv(d: _Doc, start_line: int, end_line: int) -> list[Cell]:
    """The "V/v …" trích yếu and its continuation lines (left column, up to a blank line)."""
    R = _rules()
    for i in range(start_line, end_line):
        for c in d.cells[i]:
            if R.subject_cv.match(c.text):
                out = [c]
                j = i + 1
                # Only a trích yếu printed on its own line wraps onto the next lines; a table cell holds
                # all of it.
                alone = all(x is c or is_place_date(x) or is_motto(x) for x in d.cells[i])
                while alone and j < len(d.lines) and j < i + 8:
                    if not d.cells[j]:
                        # OCR puts a blank line inside a wrapped trích yếu; a short line after one blank
                        # that does not end a sentence still continues it.
                        nxt = d.cells[j + 1][0] if j + 1 < len(d.lines) and d.cells[j + 1] else None
                        if nxt is None or len(nxt.text) > 60 or out[-1].text.rstrip()[-1:] in ".;:" \
                                or len(d.cells[j + 1]) > 1:
                            break
                        j += 1
                        continue
                    nc = d.cells[j][0]
                    if is_motto(nc) or is_number(nc) or is_place_date(nc) or R.recipients.match(nc.text) \
                            or preamble_rule(nc.text) or title_rule(nc.text) or heading_rule(nc.text) \
                            or R.distribution.match(nc.text) or is_marker(nc.text) \
                            or re.search(r"\./\.$", out[-1].text):
                        break
                    if nc.col > 30 and nc.col > c.col + 20:  # a right-column cell, not a continuation
                        break
                    out.append(nc)
                    j += 1
                return out
    return []


def _title_line(d: _Doc, start: int, limit: int) -> int | None:
    R = _rules()
    seen = 0
    for i in range(start, min(limit, len(d.lines))):
        if d.blank(i):
            continue
        seen += 1
        if len(d.cells[i]) == 1 and title_rule(d.cells[i][0].text):
            return i
        c = d.first(i)
        if R.recipients.match(c.text) or preamble_rule(c.text) or heading_rule(c.text) or seen > 14:
            return None
    return None


def _subject_under_title(d: _Doc, title: int) -> list[Cell]:
    out: list[Cell] = []
    i = title + 1
    while i < len(d.lines) and d.blank(i) and i < title + 4:
        i += 1
    all_caps = None
    while i < len(d.lines) and len(out) < 8:
        if d.blank(i):
            break
        c = d.first(i)
        t = c.text
        # The trích yếu itself may open with a cue word ("Triển khai thực hiện Chỉ thị …").
        cue = preamble_rule(t) if out else (preamble_rule(t) if re.match(r"^Căn\s*cứ", t) else None)
        if cue or heading_rule(t) or re.match(r"^\(?\s*(Kèm|Ban hành kèm)\b", t) or is_marker(t) \
                or re.search(r"\./\.$", t):
            break
        up = is_upper(t)
        if out and up and not all_caps:  # capitals after a mixed-case subject: the authority line
            break
        if out and up and _authority_like(t):
            break
        if all_caps is None:
            all_caps = up
        out.append(c)
        i += 1
    return out


_BODY_HEADS = re.compile(r"^(?:ỦY\s*BAN|UỶ\s*BAN|HỘI\s*ĐỒNG|BAN\s*CHẤP\s*HÀNH|BAN\s*THƯỜNG\s*VỤ|CHÍNH\s*PHỦ)\b")


@_by_text
def starts_with_position(t: str) -> bool:
    """A capitals line that starts with a position title ("PHÓ CHỦ TỊCH", "GIÁM ĐỐC SỞ")."""
    return is_upper(t) and bool(_rules().position_re.match(_clean(t)))


def _authority_like(t: str) -> bool:
    t = _clean(t)
    return is_upper(t) and (starts_with_position(t) or bool(_BODY_HEADS.match(t)))


def _recipient_cells(d: _Doc, start_line: int, end_line: int) -> tuple[Cell | None, list[list[Cell]]]:
    """The "Kính gửi" cell and its entries (each a list of cells: first line, continuation lines)."""
    R = _rules()
    for i in range(start_line, min(end_line, len(d.lines))):
        for k, c in enumerate(d.cells[i]):
            m = R.recipients.match(c.text)
            if not m:
                continue
            entries: list[list[Cell]] = []
            rest = c.text[m.end():].strip()
            first_cells: list[Cell] = []
            if rest:
                off = c.start + c.text.index(rest, m.end())
                first_cells.append(Cell(off, c.end, c.line, off - d.lines[i][0], rest))
            first_cells += d.cells[i][k + 1:]
            listed = False
            for fc in first_cells:
                for piece in _split_items(fc):
                    listed = listed or is_list_item(piece.text)
                    # Bodies listed on the Kính gửi line itself: "Kính gửi: Sở Nội vụ; Sở Tài chính."
                    entries.extend([p] for p in (_split_items(piece, ";") if not listed else [piece]))
            j = i + 1
            blank_run = 0
            while j < len(d.lines) and j < i + 40:
                if d.blank(j):
                    blank_run += 1
                    if entries and blank_run >= 1:
                        # A blank line ends the list unless another entry follows it.
                        k2 = j
                        while k2 < len(d.lines) and d.blank(k2):
                            k2 += 1
                        if k2 >= len(d.lines) or not is_list_item(d.first(k2).text):
                            break
                    j += 1
                    continue
                blank_run = 0
                nc = d.first(j)
                if is_list_item(nc.text):
                    listed = True
                    for cell in d.cells[j]:
                        for piece in _split_items(cell):
                            entries.append([piece])
                    j += 1
                    continue
                if preamble_rule(nc.text) or heading_rule(nc.text) or R.distribution.match(nc.text) \
                        or title_rule(nc.text):
                    break
                last = entries[-1][-1].text.rstrip() if entries else ""
                if entries and not re.search(r"[;.]$", last) and (listed or nc.text[:1].islower()):
                    entries[-1].append(nc)
                    j += 1
                    continue
                break
            return c, entries
    return None, []


def _split_items(c: Cell, sep: str | None = None) -> list[Cell]:
    """One Markdown cell may hold a whole list ("- A; - B; - C"): one cell per entry. With `sep`, cut
    at every separator instead ("A; B")."""
    pattern = rf"{re.escape(sep)}\s*(?=\S)" if sep else r"[;.]\s+(?=[-+•]\s)"
    cuts = [0] + [m.start() + 1 for m in re.finditer(pattern, c.text)]
    out = []
    for a, b in zip(cuts, cuts[1:] + [len(c.text)]):
        seg = c.text[a:b]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg:
            s = c.start + a + lead
            out.append(Cell(s, s + len(seg), c.line, c.col + a + lead, seg))
    return out


def _paragraph_breaks(d: _Doc, a: int, b: int) -> list[int]:
    """Line numbers in [a, b) that start a paragraph (blank line before, indent, or end-of-sentence)."""
    starts = []
    prev = None
    for i in range(a, b):
        if d.blank(i):
            prev = None
            continue
        c = d.first(i)
        if prev is None:
            # OCR leaves blank lines inside paragraphs: a line opening in lower case continues one.
            if not (starts and c.text[:1].islower()):
                starts.append(i)
        else:
            pc = d.cells[prev][-1]
            ends = re.search(r"[.;:!?]\s*(?:/\.)?$", pc.text)
            new_sentence = c.text[:1].isupper() or c.text[:1].isdigit() or c.text[:1] in "-+(•"
            if (ends and new_sentence) or (c.col >= d.first(prev).col + 3 and new_sentence):
                starts.append(i)
        prev = i
    return starts


@_by_text
def _signature_cue(t: str) -> str | None:
    """"opens" for a cell that opens the signature or the Nơi nhận ("Nơi nhận:", "KT. CHỦ TỊCH"),
    "position" for a position title that is not a numbered heading ("PHÓ CHỦ TỊCH"), else None: the
    three tests _sig_anchor puts to every cell of the body, as one answer kept by text."""
    if _rules().distribution.match(t) or is_marker(t):
        return "opens"
    if starts_with_position(t) and not heading_rule(t):
        return "position"
    return None


def _sig_anchor(d: _Doc, start: int) -> int | None:
    """The first line at/after `start` where the signature or Nơi nhận begins."""
    for i in range(start, len(d.lines)):
        for c in d.cells[i]:
            cue = _signature_cue(c.text)
            if cue == "opens":
                return i
            if cue == "position":
                # A position line counts only if a name follows within a few lines.
                for j in range(i, min(i + 12, len(d.lines))):
                    if any(person_name(x.text) and not is_list_item(x.text) for x in d.cells[j]):
                        return i
    return None


def _signature(d: _Doc, anchor: int, stop: int) -> tuple[list[Cell], Cell | None, int]:
    """Signature lines (authority, position) and the name cell; also the last line they use."""
    R = _rules()
    lines: list[Cell] = []
    name: Cell | None = None
    last = anchor
    in_dist = False
    for i in range(anchor, min(stop, anchor + 45)):
        for c in d.cells[i]:
            t = c.text
            if R.distribution.match(t):
                in_dist = True
                # A Markdown cell "Nơi nhận: - A; - B" holds only the list.
                continue
            if is_list_item(t) or is_noise(t) or not re.search(r"[^\W\d_]", t):
                continue
            if name is None and (heading_rule(t) or title_rule(t)):
                return lines, name, last  # the body of an attached document, not a signature
            span = person_name(t)
            if span and span[0] > 0 and name is None and (is_marker(t) or starts_with_position(t)):
                pass  # a Markdown cell holding "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn An": read below
            elif is_marker(t) or (starts_with_position(t) and not re.search(r"\d|_|;", t)):
                if name is None:
                    lines.append(c)
                    last = i
                continue
            elif is_upper(t):
                continue
            if span and name is None:
                pre = t[:span[0]].strip()
                # A name alone (no position read, as OCR may leave it) counts only after the Nơi nhận
                # list, on a line of its own.
                alone_ok = in_dist and not pre and len(d.cells[i]) == 1 and span == (0, len(t))
                if (pre and not is_upper(pre)) or (not pre and not lines and not alone_ok):
                    continue
                if pre:
                    lines.append(Cell(c.start, c.start + len(t[:span[0]].rstrip()), c.line, c.col, pre))
                name = Cell(c.start + span[0], c.start + span[1], c.line, c.col + span[0], t[span[0]:span[1]])
                last = i
        if name is not None:
            break
        if not in_dist and lines and i > last + 6:
            break
    return lines, name, last


def _distribution(d: _Doc, anchor: int, stop: int, sig: set[int]) -> tuple[Cell | None, list[list[Cell]], int]:
    """The "Nơi nhận" cell and its entries, skipping the signature cells interleaved with them."""
    R = _rules()
    for i in range(anchor, min(stop, anchor + 40)):
        for k, c in enumerate(d.cells[i]):
            m = R.distribution.match(c.text)
            if not m:
                continue
            entries: list[list[Cell]] = []
            rest = c.text[m.end():].strip()
            if rest:
                off = c.start + c.text.index(rest, m.end())
                for piece in _split_items(Cell(off, c.end, c.line, off - d.lines[i][0], rest)):
                    entries.append([piece])
            last = i
            blanks = 0
            for j in range(i + 1, min(stop, i + 40)):
                cells = [x for x in d.cells[j] if x.start not in sig]
                if not cells:
                    blanks += 1
                    if blanks >= 2 and entries:
                        break
                    continue
                blanks = 0
                x = cells[0]
                closed = bool(entries) and (entries[-1][-1].text.rstrip().endswith(".") or
                                            re.match(r"^[-+•–]\s*Lưu\b", entries[-1][0].text))
                if is_list_item(x.text):
                    entries.append([x])
                    last = j
                elif person_name(x.text) or is_marker(x.text) or is_noise(x.text) or starts_with_position(x.text):
                    continue
                elif entries and re.match(r"^\(.*\)$", x.text):
                    entries[-1].append(x)
                    last = j
                elif entries and not closed and not heading_rule(x.text) and not title_rule(x.text) \
                        and len(x.text) < 90:
                    # A wrapped entry, or a sub-line of a grouped entry ("Các phòng: A, B;").
                    entries[-1].append(x)
                    last = j
                else:
                    break
                for y in cells[1:]:
                    if re.match(r"^\(.*\)$", y.text):  # a note printed beside the entry: "(để b/c)"
                        entries[-1].append(y)
            return c, entries, last
    return None, [], anchor


def _appendix_starts(d: _Doc, start: int) -> list[tuple[int, str]]:
    R = _rules()
    out: list[tuple[int, str]] = []
    for i in range(start, len(d.lines)):
        c = d.first(i)
        if c is None or len(d.cells[i]) > 1:
            continue
        t = _clean(c.text)
        for _rid, kind, p in R.appendix:
            if p.match(t) and is_upper(t.split("(")[0]):
                out.append((i, kind))
                break
        else:
            if title_rule(t):
                out.append((i, "attachment"))
    return out


def _headerish(d: _Doc, i: int) -> bool:
    return all(is_upper(c.text) or is_motto(c) or is_running_head(c) or re.fullmatch(r"[\d\s]+", c.text)
               or re.match(r"^\(.*\)$", c.text) for c in d.cells[i])


def _top_issuer_lines(d: _Doc) -> list[Cell]:
    from extractor.header_names import header_rules

    r = header_rules()
    heads = {h.casing.split()[0].upper() for h in r.org_heads}
    locs = {h.casing.split()[0].upper() for h in r.locality_heads}
    out: list[Cell] = []
    for i in range(min(len(d.lines), 12)):
        if d.blank(i):
            if out:
                break
            continue
        c = d.first(i)
        if len(d.cells[i]) > 1 or not is_upper(c.text) or re.search(r"[/:\d]", c.text):
            break
        # Each line starts a body ("TRƯỜNG …") or continues one with its locality ("HUYỆN …"); any
        # other capitals line is the title below.
        first = c.text.split()[0].upper()
        if first not in heads and (not out or first not in locs):
            break
        out.append(c)
        if len(out) >= 3:
            break
    return out


def _unlisted_title(d: _Doc, start: int) -> int | None:
    """A short capitals line alone after the issuer, over mixed-case lines: a title the type table
    does not list ("TUYÊN TRUYỀN")."""
    i = start
    while i < len(d.lines) and d.blank(i):
        i += 1
    if i >= len(d.lines) or len(d.cells[i]) != 1:
        return None
    c = d.first(i)
    if not is_upper(c.text) or len(c.text.split()) > 5 or re.search(r"[\d/:]", c.text) or heading_rule(c.text):
        return None
    j = i + 1
    while j < len(d.lines) and d.blank(j):
        j += 1
    if j < len(d.lines) and not is_upper(d.first(j).text):
        return i
    return None


def _block(name: str, cells: list[Cell]) -> Block | None:
    if not cells:
        return None
    return Block(name, min(c.start for c in cells), max(c.end for c in cells))


def find_layout(text: str) -> Layout:
    """The parts of a document: header, title, subject, recipients, preamble, body, signature, Nơi nhận,
    appendices. Parts the text does not have are None; with nothing recognised, all of it is the body.

    >>> lay = find_layout("KẾ HOẠCH\\nTổ chức Ngày hội đọc sách\\nI. MỤC ĐÍCH")
    >>> lay.title.slice(lay.text), lay.subject.slice(lay.text)
    ('KẾ HOẠCH', 'Tổ chức Ngày hội đọc sách')
    """
    lines = _line_spans(text)
    d = _Doc(text, lines, _cells_of_lines(text, lines))
    R = _rules()
    lay = Layout(text=text)
    items: dict[str, list[Block]] = {}
    n = len(d.lines)
    if not text.strip():
        lay.body = Block("body", 0, len(text))
        return lay

    num, date, motto = _find_anchor(d)
    anchor = num if num is not None else date if date is not None else motto
    header_cells: list[Cell] = []
    after = 0  # first line after the header parts
    if anchor is not None:
        issuer = _issuer_cells(d, anchor)
        items["issuer"] = [Block("issuer", c.start, c.end) for c in issuer]
        header_cells += issuer
        for i in {x for x in (num, date, motto) if x is not None}:
            for c in d.cells[i]:
                if is_number(c) and num == i and "number" not in items:
                    items["number"] = [Block("number", c.start, c.end)]
                    header_cells.append(c)
                    # A symbol cut at the line end ("…/BC-BCĐ-" then "XMC" lines below) continues.
                    if c.text.rstrip().endswith("-"):
                        for j in range(i + 1, min(i + 5, n)):
                            more = [x for x in d.cells[j] if re.fullmatch(r"[A-ZĐ0-9&\-]{2,12}", x.text)]
                            if more:
                                items["number"].append(Block("number", more[0].start, more[0].end))
                                header_cells.append(more[0])
                                after = max(after, j + 1)
                                break
                elif is_place_date(c) and date == i and "place_date" not in items:
                    items["place_date"] = [Block("place_date", c.start, c.end)]
                    header_cells.append(c)
                elif is_motto(c):
                    header_cells.append(c)
        top = min(x for x in (num, date, motto) if x is not None)
        bottom = max(x for x in (num, date, motto) if x is not None)
        # The motto's second line and the date may sit one or two lines lower than the first anchor.
        for i in range(top, min(bottom + 3, n)):
            for c in d.cells[i]:
                if is_motto(c) and c not in header_cells:
                    header_cells.append(c)
                    bottom = max(bottom, i)
        after = max(after, bottom + 1)
        subj = _subject_lines_cv(d, num if num is not None else top, min(bottom + 8, n))
        if subj:
            items["subject"] = [Block("subject", c.start, c.end) for c in subj]
            lay.subject = _block("subject", subj)
            after = max(after, subj[-1].line + 1)
        lay.header = _block("header", header_cells)

    if anchor is None:
        # No number, date or motto (a photographed notice, an internal paper): the issuer is the run of
        # capitals lines at the very top that starts with a body's head-word ("UBND XÃ …", "TRƯỜNG …").
        top = _top_issuer_lines(d)
        if top:
            items["issuer"] = [Block("issuer", c.start, c.end) for c in top]
            lay.header = _block("header", top)
            after = top[-1].line + 1
            t_line = _unlisted_title(d, after)
            if t_line is not None:
                lay.title = Block("title", d.first(t_line).start, d.first(t_line).end)
                subj = _subject_under_title(d, t_line)
                if subj:
                    items["subject"] = [Block("subject", c.start, c.end) for c in subj]
                    lay.subject = _block("subject", subj)
                    after = subj[-1].line + 1
                else:
                    after = t_line + 1

    # Title (type name) and the trích yếu under it.
    t_line = _title_line(d, (num if num is not None else anchor) + 1 if anchor is not None else after,
                         (after + 16) if anchor is not None else min(n, 30))
    if t_line is not None and lay.title is None:
        lay.title = Block("title", d.first(t_line).start, d.first(t_line).end)
        after = max(after, t_line + 1)
        if lay.subject is None:
            subj = _subject_under_title(d, t_line)
            if subj:
                items["subject"] = [Block("subject", c.start, c.end) for c in subj]
                lay.subject = _block("subject", subj)
                after = max(after, subj[-1].line + 1)

    # Kính gửi.
    rc, entries = _recipient_cells(d, max(0, (anchor or 0)), min(n, after + 25))
    if rc is not None:
        flat = [rc] + [x for e in entries for x in e]
        lay.recipients = _block("recipients", flat)
        items["recipient"] = [Block("recipient", e[0].start, e[-1].end) for e in entries]
        after = max(after, max(x.line for x in flat) + 1)

    # The deciding authority of a QĐ: a capitals line before the first căn cứ.
    for i in range(after, min(after + 4, n)):
        if d.blank(i):
            continue
        c = d.first(i)
        if len(d.cells[i]) == 1 and is_upper(c.text) and not heading_rule(c.text) and not title_rule(c.text) \
                and not is_motto(c):
            lay.authority = Block("authority", c.start, c.end)
            after = i + 1
        break

    # Signature and Nơi nhận: the first after the preamble. Appendices after them.
    pre_start = after
    while pre_start < n and d.blank(pre_start):
        pre_start += 1
    body_line = None
    for i in range(pre_start, n):
        c = d.first(i)
        if c is not None and heading_rule(c.text) and len(d.cells[i]) <= 2:
            body_line = i
            break
        if c is not None and (R.distribution.match(c.text) or is_marker(c.text)):
            break
    sig_from = body_line if body_line is not None else pre_start
    sig_line = _sig_anchor(d, sig_from)
    main_end_line = n
    sig_cells: list[Cell] = []
    name: Cell | None = None
    last_sig = None
    if sig_line is not None:
        sig_cells, name, last_sig = _signature(d, sig_line, n)
        sig_set = {c.start for c in sig_cells} | ({name.start} if name else set())
        dc, dentries, last_dist = _distribution(d, sig_line, n, sig_set)
        if sig_cells or name:
            lay.signature = _block("signature", sig_cells + ([name] if name else []))
            items["signature"] = [Block("signature", c.start, c.end) for c in sig_cells]
            if name:
                items["signer_name"] = [Block("signer_name", name.start, name.end)]
        if dc is not None:
            flat = [dc] + [x for e in dentries for x in e]
            lay.distribution = _block("distribution", flat)
            items["distribution"] = [Block("distribution", e[0].start, e[-1].end) for e in dentries]
        main_end_line = max(last_sig or sig_line, last_dist if dc is not None else sig_line) + 1
        if body_line is not None and body_line >= sig_line:
            body_line = None
        # Appendices: whatever follows, cut at each PHỤ LỤC / MẪU / type-name title.
        rest = main_end_line
        while rest < n and d.blank(rest):
            rest += 1
        if rest < n:
            starts = [(rest, "attachment")]
            for i, kind in _appendix_starts(d, rest):
                if i == rest:
                    starts[0] = (rest, kind)
                    continue
                # The attached document's own header lines (issuer, motto, a running head) do not
                # make a block of their own: a heading right after them continues the same block.
                between = [k for k in range(starts[-1][0], i) if not d.blank(k)]
                if len(between) <= 6 and all(_headerish(d, k) for k in between):
                    starts[-1] = (starts[-1][0], kind)
                else:
                    starts.append((i, kind))
            # A form's or attached plan's own header lines belong to it, not to the previous block.
            for k, (i, kind) in enumerate(starts):
                end_line = starts[k + 1][0] if k + 1 < len(starts) else n
                a = d.lines[i][0]
                b = d.lines[end_line - 1][1]
                lay.appendices.append(Block(kind, a, b))
    # Preamble and body.
    sig_start = min([c.start for c in sig_cells] + ([name.start] if name else []) +
                    ([lay.distribution.start] if lay.distribution else []), default=len(text))
    if sig_line is not None:
        sig_start = min(sig_start, d.lines[sig_line][0])
    if pre_start < n:
        p0 = d.first(pre_start).start
        if body_line is not None:
            b0 = d.first(body_line).start
            if b0 > p0:
                lay.preamble = Block("preamble", p0, _rstrip_pos(text, p0, b0))
            lay.body = Block("body", b0, _rstrip_pos(text, b0, sig_start))
        else:
            stop_line = sig_line if sig_line is not None else n
            # No numbered part: the preamble is the leading paragraphs that open with a cue ("Căn cứ …",
            # "… nhận được Văn bản …"), through the one that ends in ":" ("… như sau:"); a first paragraph
            # without a cue is already the body.
            paras = _paragraph_breaks(d, pre_start, stop_line)
            end_par = None
            for k, p in enumerate(paras):
                nxt = paras[k + 1] if k + 1 < len(paras) else stop_line
                lines_k = [i for i in range(p, nxt) if not d.blank(i)]
                last = max(lines_k, default=p)
                ends_colon = d.cells[last][-1].text.rstrip().endswith(":") if lines_k else False
                head = " ".join(c.text for i in lines_k[:2] for c in d.cells[i])
                if not (preamble_rule(head) or (ends_colon and k < 3)):
                    break
                end_par = nxt
                if ends_colon:
                    break
            if end_par is None:
                if pre_start < stop_line:
                    lay.body = Block("body", p0, _rstrip_pos(text, p0, sig_start))
            elif end_par < stop_line:
                cut = d.lines[end_par][0]
                lay.preamble = Block("preamble", p0, _rstrip_pos(text, p0, cut))
                b0 = d.first(end_par).start if d.first(end_par) else cut
                if b0 < sig_start:
                    lay.body = Block("body", b0, _rstrip_pos(text, b0, sig_start))
            else:
                lay.preamble = Block("preamble", p0, _rstrip_pos(text, p0, sig_start))
    if lay.body is None and lay.preamble is None:
        lay.body = Block("body", 0, len(text))
    lay.items = items
    return lay


def _rstrip_pos(text: str, a: int, b: int) -> int:
    b = min(b, len(text))
    while b > a and text[b - 1].isspace():
        b -= 1
    return b
