"""Citations of other documents: legal_basis (the opening clauses) and references (every other one).

A citation is a document type as written ("Công văn", "Quyết định", "Luật" …, rules/citations.yaml),
its number ("số 1373/ QĐ-TTg", "11-CT/TU", wrapped "217/2025/NĐ-\\nCP"), then optionally its date
("ngày 30/7/2021"), issuer ("của Thủ tướng Chính phủ") and title ("về việc …"). A law is cited by
name and date ("Luật Giáo dục ngày 14/6/2019"): its number is null.

The opening clauses are the sentences before the first numbered part of the body that start with a
cue ("Căn cứ", "Thực hiện", "Theo", "Xét đề nghị", "Tại" …), say "… nhận được Văn bản số …" in their
first words, or date a document before naming it ("Ngày 02/3/2025, Bộ Y tế ban hành Quyết định …").
A citation inside the title of another ("Thông tư … hướng dẫn thực hiện Quyết định số …") is nested:
it is a reference, not a legal basis of its own.

>>> from extractor.layout import find_layout
>>> from extractor.readers import read_text
>>> doc = read_text("Căn cứ Quyết định số 45/QĐ-UBND ngày 12/01/2024 của UBND tỉnh Đồng Xanh;\\n"
...                 "UBND huyện ban hành kế hoạch như sau:\\nI. MỤC ĐÍCH")
>>> lb = extract_citations(doc, find_layout(doc.text), {})["legal_basis"][0]
>>> (lb.relation, lb.doc_type, lb.number, lb.issued_on, lb.issuer)
('căn cứ', 'Quyết định', '45/QĐ-UBND', '2024-01-12', 'UBND tỉnh Đồng Xanh')
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator, Literal

from pydantic import BaseModel, ConfigDict

from extractor.dates import DateMatch, find_dates
from extractor.document import Document
from extractor.memo import TextMemo
from extractor.layout import Block, Layout
from extractor.models import Citation
from extractor.rules import Rule, load_rules

# ---------------------------------------------------------------- rules/citations.yaml


_Rule = Rule


class DocTypeRule(_Rule):
    name: str
    forms: list[str]
    named: bool = False
    priority: int = 10


class CueRule(_Rule):
    relation: str
    pattern: str
    position: Literal["start", "early", "inside"]
    priority: int = 10


class WordList(_Rule):
    words: list[str]


class DateFirstRule(_Rule):
    relation: str
    verbs: list[str]


class CitationRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doc_types: list[DocTypeRule]
    cues: list[CueRule]
    issuer_stops: WordList
    title_starts: WordList
    date_first: DateFirstRule


def load_citation_rules() -> CitationRules:
    """rules/citations.yaml, validated (a typo in the file fails here, not at match time).

    >>> [r.relation for r in load_citation_rules().cues if r.id == "citation.cue.can_cu"]
    ['căn cứ']
    """
    return load_rules("citations", CitationRules)


# ---------------------------------------------------------------- patterns built from the rules

# A line or page break inside a citation, possibly with a page number line ("NĐ-\n2\nCP", "NĐ-\n\f\nCP").
_WRAP = r"[ \t]*(?:\n[ \t]*)?(?:\d{1,3}[ \t]*\n[ \t]*)?(?:\f[ \t]*\n?[ \t]*)?(?:\d{1,3}[ \t]*\n[ \t]*)?"
_PART = r"[0-9A-Za-zĐđ&]*[0-9A-ZĐ][0-9A-Za-zĐđ&]*"
# "1373/QĐ-TTg", "1373/ QĐ-TTg", "773 /QĐ-TTg", "11-CT/TU", "02/TTr-CAT- ANCTNB", "52CT/TW".
_NUMBER = (rf"(?P<seq>\d{{1,6}})(?:[ \t]?[/\-]{_WRAP}|(?=[A-ZĐ]))"
           rf"(?P<sym>{_PART}(?:[/\-]{_WRAP}{_PART})*)")
# Vietnamese capitals: a name after ", " starts with one ("…, Ủy ban nhân dân tỉnh yêu cầu").
_UP = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_SO = r"(?:[Ss]ố[ \t]*:?[ \t]*(?:\n[ \t]*)?)"
_SPACE = r"(?:[ \t]+|[ \t]*\n[ \t]*)"


def _form_pattern(form: str, exact: bool = False) -> str:
    words = [re.escape(w) for w in form.split()]
    first = words[0]
    # "Công văn" also as "công văn"; an all-caps abbreviation ("QĐ") only as written, and a named type
    # only with its capital ("Luật Giáo dục", never the "luật" of "pháp luật").
    if not exact and not form.isupper() and first[0].isupper():
        first = f"[{first[0]}{first[0].lower()}]{first[1:]}"
    return _SPACE.join([first] + words[1:])


@dataclass(frozen=True)
class _Compiled:
    head: re.Pattern  # a document type, named group g<i> per form
    head_start: re.Pattern  # where a head match can start (see _head_matches)
    head_at_run: dict[str, re.Pattern]  # `head` with only the forms that open with a given run
    groups: dict[str, DocTypeRule]
    number_after: re.Pattern  # "số 12/UBND" right after a type
    number_in_name: re.Pattern  # "… số 26/2005/PL-UBTVQH11" after a named type's name
    issuer_stop: re.Pattern
    title_start: re.Pattern
    date_first: re.Pattern
    # The cues by position, each compiled once (every line of every opening asks for them):
    start_cues: list[tuple[CueRule, re.Pattern]]  # "Căn cứ", "Thực hiện" … opening a sentence
    early_cues: list[tuple[CueRule, re.Pattern]]  # "… nhận được Văn bản …" within the first words
    inside_cues: list[tuple[CueRule, re.Pattern]]  # ", ý kiến của …" as a new item of a clause's list


@functools.lru_cache(maxsize=None)
def _compiled() -> _Compiled:
    rules = load_citation_rules()
    forms = [(f, r) for r in rules.doc_types for f in r.forms]
    # Longest form first so "Kế hoạch hành động" wins over "Kế hoạch"; then the explicit priority.
    forms.sort(key=lambda fr: (-len(fr[0]), fr[1].priority))
    groups, alts = {}, []
    for i, (f, r) in enumerate(forms):
        groups[f"g{i}"] = r
        alts.append(f"(?P<g{i}>{_form_pattern(f, exact=r.named)})")
    head = re.compile(rf"(?<![\w/-])(?:{'|'.join(alts)})(?![\w])")
    # The run of word characters a form starts with, as _form_pattern lets it be written (as in the
    # rules, or with its first letter in lower case), grouped by first letter: "C(?<![\w/-]C)(?:ông|hỉ)"
    # lets the regex engine jump between the few letters a type can start with.
    by_first: dict[str, set[str]] = {}
    for f, _ in forms:
        run = re.match(r"\w*", f).group()
        if not run:
            raise ValueError(f"rules/citations.yaml: form {f!r} must start with a letter or digit")
        for word in (run, run[0].lower() + run[1:]):
            by_first.setdefault(word[0], set()).add(word[1:])
    head_start = re.compile("(?:" + "|".join(
        rf"{re.escape(ch)}(?<![\w/-]{re.escape(ch)})(?:{'|'.join(re.escape(r) for r in sorted(rests, key=len, reverse=True))})"
        for ch, rests in sorted(by_first.items())) + r")(?!\w)")
    # The head pattern cut down to the forms that can match where a given run starts: only a form whose
    # first run is that run (as written, or with its first letter in lower case) can, so trying only
    # those, in the same order, finds what the whole alternation finds (with the same group names).
    by_run: dict[str, list[str]] = {}
    for i, (f, r) in enumerate(forms):
        run = re.match(r"\w*", f).group()
        for word in dict.fromkeys((run, run[0].lower() + run[1:])):
            by_run.setdefault(word, []).append(alts[i])
    head_at_run = {word: re.compile(rf"(?<![\w/-])(?:{'|'.join(a)})(?![\w])") for word, a in by_run.items()}
    # A phrase may wrap: "sửa\nđổi".
    phrase = lambda w: r"\s+".join(re.escape(x) for x in w.split())
    stops = "|".join(phrase(w) for w in sorted(rules.issuer_stops.words, key=len, reverse=True))
    starts = "|".join(phrase(w) for w in sorted(rules.title_starts.words, key=len, reverse=True))
    cues = sorted(rules.cues, key=lambda c: (-len(c.pattern), c.priority))
    verbs = "|".join(re.escape(v) for v in rules.date_first.verbs)
    return _Compiled(
        head=head,
        head_start=head_start,
        head_at_run=head_at_run,
        groups=groups,
        number_after=re.compile(rf"{_SPACE}?{_SO}?{_NUMBER}"),
        number_in_name=re.compile(rf"(?<!\w){_SO}{_NUMBER}"),
        issuer_stop=re.compile(rf"(?<!\w)(?:{stops})(?!\w)|[,;.(:)\[\]“”\"]|\n[ \t]*\n"),
        title_start=re.compile(rf"(?:{starts})(?!\w)"),
        date_first=re.compile(rf"Ngày[ \t]+[^,\n]{{4,25}},[^.;\n]{{0,120}}?(?<!\w)(?:{verbs})(?!\w)"),
        start_cues=[(c, re.compile(rf"{_form_pattern(c.pattern[0].upper() + c.pattern[1:])}(?!\w)"))
                    for c in cues if c.position == "start"],
        early_cues=[(c, re.compile(rf"[^.;:,\n]{{0,90}}?(?<!\w){_form_pattern(c.pattern)}(?!\w)"))
                    for c in cues if c.position == "early"],
        inside_cues=[(c, re.compile(rf"[,;][ \t]*(?:\n[ \t]*)?{_form_pattern(c.pattern)}(?!\w)"))
                     for c in cues if c.position == "inside"],
    )


# ---------------------------------------------------------------- finding citations


@dataclass
class CitationMatch:
    """One citation in the text, with the evidence of each part."""

    start: int
    end: int
    doc_type: str
    number: str | None
    issued_on: DateMatch | None
    issuer: str | None
    title: str | None
    rule: str
    nested: bool = False  # inside the title of the citation before it
    relation: str | None = None

    def copy(self) -> "CitationMatch":
        """A shallow copy, as `copy.copy` makes it, without its generic protocol (5x slower)."""
        new = object.__new__(CitationMatch)
        new.__dict__.update(self.__dict__)
        return new

    def to_model(self, doc: Document, with_relation: bool) -> Citation:
        """The record's Citation (relation only for a legal basis), with its page."""
        return Citation(relation=self.relation if with_relation else None, doc_type=self.doc_type,
                        number=self.number, issued_on=self.issued_on.iso if self.issued_on else None,
                        issuer=self.issuer, title=self.title, span=(self.start, self.end),
                        page=doc.page_at(self.start), rule=self.rule)


def _squash(s: str) -> str:
    return " ".join(s.split())


# Patterns of the citation parser, compiled once (it runs on every type name of every document).
_PAGE_NUMBER_LINE = re.compile(r"[\s\f]*\d{0,3}[\s\f]*")
_SPACES = re.compile(r"\s+")
_BEFORE_DATE = re.compile(r"[\s,]*(?:ngày[\s]*)?")
_OF = re.compile(r"[ \t]*,?\s*của\s+")
_ISSUER_MORE = re.compile(r",[ \t]*(?:\n[ \t]*)?([A-ZĐ][^,;.()\n]{2,60}?)[ \t]*(?:\n[ \t]*)?(?=về|hướng dẫn|ban hành)")
_TRAILING_AND = re.compile(r"\s+(?:và|hoặc|và các)$")
_ISSUER_BEFORE = re.compile(rf"của\s+([{_UP}][^,;.()\n]{{1,80}}?)\s*(?:tại\s+|\(\s*)$")
_TITLE_LEAD = re.compile(r"[ \t]*,?[ \t]*(?:\n[ \t]*)?")
_TITLE_END = re.compile(rf"[;:]|\.(?:\s|$)|\n[ \t]*\n|,[ \t]*(?:\n[ \t]*)?(?=[{_UP}])")
_JOINED = re.compile(r"(?:,|;|\(|(?<!\w)và|(?<!\w)hoặc)\s*$")
_TITLE_TRAILING_AND = re.compile(r"[\s,]*(?:và|hoặc)$")
_NAME_END = re.compile(r"[;:]|\.\s|\n[ \t]*\n")
_SAID_DAY = re.compile(r"ngày\s*$", re.I)
_NAME_DAY_I = re.compile(r"(?i)ngày$")
_NAME_DAY = re.compile(r"\s*ngày$")
_CAPITAL = re.compile(r"[A-ZĐ]")


def parse_number(raw: str) -> str:
    """A cited number as one token: page-number lines and spaces removed.

    >>> parse_number("217/2025/NĐ-\\nCP")
    '217/2025/NĐ-CP'
    >>> parse_number("1373/ QĐ-TTg")
    '1373/QĐ-TTg'
    """
    lines = raw.split("\n")
    # A line holding only a page number between two parts of the number is not part of it.
    kept = [ln for i, ln in enumerate(lines) if i in (0, len(lines) - 1) or not _PAGE_NUMBER_LINE.fullmatch(ln)]
    return _SPACES.sub("", "".join(kept))


def _date_after(text: str, pos: int, limit: int) -> DateMatch | None:
    """A date right after pos (", ngày 30/7/2021", " ngày 30 tháng 7 năm 2021")."""
    window_end = min(limit, pos + 60)
    for d in find_dates(text, pos, window_end):
        gap = text[pos:d.start]
        if _BEFORE_DATE.fullmatch(gap) and d.precision == "day":
            return d
        break
    return None


def _issuer_after(text: str, pos: int, limit: int, c: _Compiled) -> tuple[str | None, int]:
    m = _OF.match(text, pos, limit)
    if not m:
        return None, pos
    s = m.end()
    stop = c.issuer_stop.search(text, s, min(limit, s + 140))
    e = stop.start() if stop else min(limit, s + 140)
    nxt = next(_iter_heads(text, s, e, c), None)
    if nxt:
        e = nxt.start()
    # "của Trường Đại học X, Đại học Y về việc …": the part after the comma still names the issuer.
    if stop and text[stop.start()] == "," and not nxt:
        ext = _ISSUER_MORE.match(text, stop.start(), limit)
        if ext:
            e = ext.end(1)
    raw = text[s:e]
    value = _TRAILING_AND.sub("", _squash(raw)).strip(" ,")
    if not value or not (value[0].isupper() or value[0].isdigit()):
        return None, pos
    return value, s + len(raw.rstrip())


def _issuer_before(text: str, start: int) -> str | None:
    """The issuer named before the citation: "Xét đề nghị của Sở Nội vụ tại Tờ trình số …",
    "… của UBND huyện (Công văn số …)"."""
    m = _ISSUER_BEFORE.search(text, max(0, start - 120), start)
    return _squash(m.group(1)) if m else None


def _title_after(text: str, pos: int, limit: int, c: _Compiled) -> tuple[str | None, int]:
    m = _TITLE_LEAD.match(text, pos, limit)
    s = m.end() if m else pos
    if not c.title_start.match(text, s, limit):
        return None, pos
    e = min(limit, s + 400)
    end = _TITLE_END.search(text, s, e)
    if end:
        e = end.start()
    # A citation joined by "," / "và" / ";" starts a new one; one right after a word is nested.
    for h in _iter_heads(text, s, e, c):
        if _JOINED.search(text[s:h.start()]):
            e = h.start()
            break
    raw = text[s:e].rstrip()
    raw = _TITLE_TRAILING_AND.sub("", raw)
    value = _squash(raw).strip(" ,")
    return (value or None), (s + len(raw) if value else pos)


def _parse_at(text: str, h: re.Match, limit: int, c: _Compiled) -> CitationMatch | None:
    """The citation whose type is the head match h, or None when h is not a citation."""
    rule = c.groups[h.lastgroup]
    number_m = None
    name = None
    if rule.named:
        # The name runs to the number or the date: "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015".
        window = min(limit, h.end() + 260)
        semi = _NAME_END.search(text, h.end(), window)
        window = semi.start() if semi else window
        for other in _iter_heads(text, h.end(), window, c):
            if not c.groups[other.lastgroup].named:
                window = other.start()  # "Luật … năm 2024, các văn bản số …": that number is not the law's
                break
        number_m = c.number_in_name.search(text, h.end(), window)
        date = None
        for d in find_dates(text, h.end(), window):
            said = text[d.start:d.start + 4].casefold() == "ngày" or _SAID_DAY.search(text[max(0, d.start - 8):d.start])
            if d.precision == "day" and said:
                date = d
                break
        if number_m and (date is None or number_m.start() < date.start):
            name_end, core_end = number_m.start(), number_m.end()
            date = _date_after(text, core_end, limit)
        elif date:
            name_end, core_end = date.start, date.end
        else:
            # "Luật … năm 2019" stays out: "thực hiện Pháp lệnh … năm 2020" names a budget year, not a date.
            return None
        name = _squash(text[h.start():name_end]).rstrip(" ,")
        if _NAME_DAY_I.sub("", name).strip() == _squash(h.group(0)):
            return None
        name = _NAME_DAY.sub("", name)
    else:
        number_m = c.number_after.match(text, h.end(), limit)
        if not number_m or not _CAPITAL.search(number_m.group("sym")):
            return None
        core_end = number_m.end()
        date = _date_after(text, core_end, limit)
    if date:
        core_end = date.end
    number = None
    if number_m:
        number = parse_number(text[number_m.start("seq"):number_m.end("sym")])
    issuer, pos = _issuer_after(text, core_end, limit, c)
    title, end = _title_after(text, pos, limit, c)
    if rule.named and title is None:
        title = name
    return CitationMatch(start=h.start(), end=max(end, pos, core_end), doc_type=_squash(h.group(0)), number=number,
                         issued_on=date, issuer=issuer, title=title, rule=rule.id)


def _parse_numberless(text: str, h: re.Match, limit: int, c: _Compiled) -> CitationMatch | None:
    """A type named right after a cue without a number: "Căn cứ Công văn của UBND thành phố về việc …"."""
    rule = c.groups[h.lastgroup]
    if rule.named or not re.match(r"\s+(?:của|ngày)(?!\w)", text[h.end():limit]):
        return None
    date = _date_after(text, h.end(), limit)
    core_end = date.end if date else h.end()
    issuer, pos = _issuer_after(text, core_end, limit, c)
    if issuer is None and date is None:
        return None
    title, end = _title_after(text, pos, limit, c)
    return CitationMatch(start=h.start(), end=max(end, pos, core_end), doc_type=_squash(h.group(0)), number=None,
                         issued_on=date, issuer=issuer, title=title, rule=rule.id + ".numberless")


# "và" checks the character before it after its "v" (not `(?<!\w)và`): every alternative then opens
# with a character, and the regex engine jumps between ",", ";" and "v" instead of trying every position.
_ELIDED = re.compile(rf"(?:,|;|v(?<!\wv)à)[ \t]*(?:\n[ \t]*)?(?P<so>[Ss]ố[ \t]*:?[ \t]*){_NUMBER}")


def _parse_elided(text: str, h: re.Match, limit: int, prev: CitationMatch, c: _Compiled) -> CitationMatch | None:
    if not _CAPITAL.search(h.group("sym")):
        return None
    number = parse_number(text[h.start("seq"):h.end("sym")])
    date = _date_after(text, h.end(), limit)
    core_end = date.end if date else h.end()
    issuer, pos = _issuer_after(text, core_end, limit, c)
    title, end = _title_after(text, pos, limit, c)
    return CitationMatch(start=h.start("so"), end=max(end, pos, core_end), doc_type=prev.doc_type, number=number,
                         issued_on=date, issuer=issuer, title=title, rule=prev.rule + ".elided")


def _head_matches(text: str, start: int, end: int, c: _Compiled) -> list[re.Match]:
    """What `c.head.finditer(text, start, end)` finds, ≈5× faster.

    The head pattern is an alternation of ~60 forms, and the regex engine tries every one at every
    position. A head match begins with the first word of a form as a whole run of word characters
    (after it comes a space, or the end of the form and no word character): `c.head_start` finds those
    runs, and the head is tried only there, in order, each after the end of the last match as finditer
    does.
    """
    return list(_iter_heads(text, start, end, c))


def _iter_heads(text: str, start: int, end: int, c: _Compiled) -> Iterator[re.Match]:
    """`_head_matches` one at a time, for the callers that stop at the first that suits them (the
    first is what `c.head.search` finds: the leftmost match starts at a run `c.head_start` finds)."""
    resume = start
    for w in c.head_start.finditer(text, start, end):
        if w.start() < resume:
            continue
        h = c.head_at_run[w.group()].match(text, w.start(), end)
        if h:
            yield h
            resume = h.end()


# The citations of each window of the last few documents: the citations and events stages both read
# those of the whole text.
_MEMO = TextMemo()


def find_citations(text: str, start: int = 0, end: int | None = None) -> list[CitationMatch]:
    """Every citation in text[start:end], in order; those inside another's title are marked nested.

    >>> [(m.number, m.nested) for m in find_citations(
    ...     "Thông tư số 09/2023/TT-BXD ngày 01/7/2023 của Bộ Xây dựng hướng dẫn thực hiện "
    ...     "Quyết định số 22/2023/QĐ-TTg và Thông tư số 10/2023/TT-BTC ngày 05/7/2023")]
    [('09/2023/TT-BXD', False), ('22/2023/QĐ-TTg', True), ('10/2023/TT-BTC', False)]
    """
    end = len(text) if end is None else end
    found = _MEMO.get(text, ("citations", start, end), lambda: tuple(_find_citations(text, start, end)))
    return [m.copy() for m in found]  # callers fill in relation, issuer …: each gets its own


def _find_citations(text: str, start: int, end: int) -> list[CitationMatch]:
    c = _compiled()
    out: list[CitationMatch] = []
    consumed = start
    # "số" is in every elided citation ("… và số 13/QĐ-UBND"): without it there is none to look for.
    elided = list(_ELIDED.finditer(text, start, end)) if text.find("ố", start, end) >= 0 else []
    heads = sorted(_head_matches(text, start, end, c) + elided, key=lambda h: h.start())
    for h in heads:
        if h.re is _ELIDED:
            # "Quyết định số 12/QĐ-UBND và số 13/QĐ-UBND ngày …": the type is the one just named.
            prev = out[-1] if out else None
            if prev is None or not prev.number or h.start() > prev.end + 3 or h.start() < prev.start:
                continue
            m = _parse_elided(text, h, end, prev, c)
        else:
            m = _parse_at(text, h, end, c)
        if m is None:
            continue
        if h.start() < consumed:
            m.nested = True
            if out and out[-1].start <= h.start() < out[-1].end and out[-1].doc_type in {"Luật", "Bộ luật", "Pháp lệnh"} \
                    and not out[-1].number and not m.number:
                continue  # a law named inside another law's name ("… của Luật Xây dựng ngày …")
            out.append(m)
            continue
        out.append(m)
        consumed = m.end
    return out


# ---------------------------------------------------------------- the opening clauses

_HEADING = re.compile(r"[ \t]*(?:#+[ \t]*)?(?:\*\*)?[ \t]*(?:(?:[IVX]+|\d+(?:\.\d+)*|[A-ZĐ])[.)]|Điều[ \t]+\d+)[ \t]*\S")
_TYPE_LINE_WORDS = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "HƯỚNG DẪN", "CHỈ THỊ", "BÁO CÁO", "TỜ TRÌNH",
                    "CÔNG ĐIỆN", "NGHỊ QUYẾT", "CHƯƠNG TRÌNH", "KẾ HOẠCH HÀNH ĐỘNG", "TUYÊN TRUYỀN", "ĐỀ ÁN")


@dataclass
class Clause:
    """One sentence of the opening: `relation` from its cue, None for a sentence without one."""

    start: int
    end: int
    relation: str | None = None
    rule: str | None = None
    cue_end: int | None = None  # where a clause-opening cue ends ("Căn cứ|")
    subject_like: bool = False
    heading: bool = False
    lines: list[str] = field(default_factory=list)


def _strip_marks(line: str) -> str:
    return line.strip().strip("*_#>|").strip()


# The per-line tests of _split_clauses, compiled once.
_ENDS_SENTENCE = re.compile(r"[;.:]\**[ \t]*$")
_OPENS_ITEM = re.compile(r"[ \t]*[-+•|#]")
_OPENS_SUBJECT = re.compile(r"(?:#|\||V/v)")
_SENTENCE_IN_LINE = re.compile(r"\.[ \t]+(?=[A-ZĐ])")


def _split_clauses(text: str, start: int, end: int) -> list[Clause]:
    """Sentences of text[start:end]: a line ending in ; . : ends one, so do blank lines, a line that
    starts a new item (cue word, heading, bullet, table row) and ". " before a capital in a line."""
    c = _compiled()
    clauses: list[Clause] = []
    cur: Clause | None = None
    prev_line = ""
    after_type_line = False
    pos = start
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        bare = _strip_marks(line)
        if not bare:
            cur = None
            after_type_line = False
            prev_line = ""
            continue
        new = (cur is None or _ENDS_SENTENCE.search(prev_line) is not None or _HEADING.match(line) is not None
               or _OPENS_ITEM.match(line) is not None
               # A wrapped line may start with "thực hiện …"; only a capital opens a new clause.
               or (bare[0].isupper() and _opens_with_cue(bare)))
        if new:
            cur = Clause(ls, le, heading=_HEADING.match(line) is not None)
            cur.subject_like = after_type_line or bool(_OPENS_SUBJECT.match(line.strip()))
            clauses.append(cur)
        else:
            cur.end = le
        # Sentence ends inside the line: "… Bộ Xây dựng. Quyết định có hiệu lực …".
        for m in _SENTENCE_IN_LINE.finditer(line):
            cut = ls + m.end()
            if cut > cur.start and cut < le:
                cur.end = ls + m.start() + 1
                cur = Clause(cut, le, subject_like=cur.subject_like)
                clauses.append(cur)
        up = bare.upper()
        # Only the line right after the type name ("KẾ HOẠCH") opens the subject; its wrapped lines
        # join that clause, and the next cue line ("Căn cứ …") is the opening again.
        after_type_line = bare == up and any(up == w for w in _TYPE_LINE_WORDS)
        prev_line = line
    return clauses


def _early_cue(body: str, lead: int = 0) -> CueRule | None:
    """A cue within the first words: "UBND huyện nhận được Văn bản số …"."""
    for cue, pat in _compiled().early_cues:
        if pat.match(body, lead):
            return cue
    return None


# Opening clauses repeat from document to document ("Căn cứ Luật Tổ chức chính quyền địa phương ngày
# 19 tháng 6 năm 2015;" opens half an archive), and each is tested against every cue pattern, the
# "early" ones with a lazy run of up to 90 characters: the answers are kept by the line's or the
# clause's text.
@functools.lru_cache(maxsize=2048)
def _opens_with_cue(bare: str) -> bool:
    """A line (marks stripped) that opens with a cue, names one in its first words, or dates a document."""
    c = _compiled()
    return bool(any(p.match(bare) for _cue, p in c.start_cues) or _early_cue(bare) or c.date_first.match(bare))


def _cue_of(text: str, clause: Clause) -> tuple[str, str, int | None] | None:
    """(relation, rule id, end of an opening cue) when the clause opens with a cue."""
    found = _cue_in(text[clause.start:clause.end])
    if found is None:
        return None
    relation, rule_id, cue_end = found
    return relation, rule_id, None if cue_end is None else clause.start + cue_end


@functools.lru_cache(maxsize=1024)
def _cue_in(body: str) -> tuple[str, str, int | None] | None:
    """`_cue_of` for a clause's text, with the cue's end as an offset into it."""
    c = _compiled()
    lead = len(body) - len(body.lstrip(" \t*_-+•"))
    for cue, pat in c.start_cues:
        m = pat.match(body, lead)
        if m:
            return cue.relation, cue.id, m.end()
    early = _early_cue(body, lead)
    if early is not None:
        return early.relation, early.id, None
    if c.date_first.match(body, lead):
        rules = load_citation_rules()
        return rules.date_first.relation, rules.date_first.id, None
    return None


def find_opening(text: str, layout: Layout | None = None) -> list[Clause]:
    """The opening clauses: from the first cue sentence to the sentence that ends in ":" ("… như sau:",
    "QUYẾT ĐỊNH:"), stopping before a numbered heading; sentences without a cue are left out unless
    they continue a cited list ("…;\\nLuật sửa đổi … ngày …").

    >>> t = "V/v tổ chức hội thi\\nKính gửi: Các trường\\nThực hiện Kế hoạch số 5/KH-UBND ngày 02/01/2025;\\nPhòng hướng dẫn như sau:\\n1. Nội dung"
    >>> [t[c.start:c.end] for c in find_opening(t) if c.relation]
    ['Thực hiện Kế hoạch số 5/KH-UBND ngày 02/01/2025;']
    """
    if layout is not None and layout.preamble is not None and layout.preamble.end > layout.preamble.start:
        found = _opening_in(text, layout.preamble.start, layout.preamble.end, layout)
        if any(cl.relation for cl in found):
            return found
    return _opening_in(text, 0, len(text), layout)


def _opening_in(text: str, lo: int, hi: int, layout: Layout | None) -> list[Clause]:
    c = _compiled()
    clauses = _split_clauses(text, lo, hi)
    # The header, trích yếu and Kính gửi are never opening clauses, whatever their first word. Of the
    # trích yếu only its first line counts: a cue line below it ("- Căn cứ …") is the opening that a
    # layout without a blank line ran into the subject.
    outside = [b for b in (getattr(layout, "header", None), getattr(layout, "title", None),
                           getattr(layout, "recipients", None)) if b is not None]
    subject = getattr(layout, "subject", None)
    if subject is not None:
        line_end = text.find("\n", subject.start, subject.end)
        outside.append(Block("subject", subject.start, subject.end if line_end < 0 else line_end))
    out: list[Clause] = []
    started = False
    relation: tuple[str, str, int | None] | None = None
    for cl in clauses:
        if cl.heading:
            break
        if any(cl.start < b.end and b.start < cl.end for b in outside):
            continue
        cue = None if cl.subject_like else _cue_of(text, cl)
        if not started:
            if cue is None:
                continue
            started = True
        if cue is not None:
            relation = cue
            cl.relation, cl.rule, cl.cue_end = cue
            out.append(cl)
        elif relation is not None and c.head.match(text, cl.start + len(text[cl.start:cl.end]) - len(text[cl.start:cl.end].lstrip(" \t*_-+•"))):
            cl.relation, cl.rule = relation[0], relation[1]
            out.append(cl)
        else:
            out.append(cl)  # kept so that its end can close the opening; no relation, no citations
        if re.search(r":\**[ \t]*$", text[cl.start:cl.end]) or re.match(r"\s*(?:\*\*)?Nơi nhận", text[cl.start:cl.end]):
            break
    return out


def _inside_relation(text: str, clause: Clause, at: int) -> str | None:
    c = _compiled()
    rel = None
    # Only as a new item of the clause's list (", ý kiến của Sở Tài chính …"), not "Thực hiện ý kiến …".
    for cue, inner in c.inside_cues:
        for m in inner.finditer(text, clause.start + 1, at):
            rel = cue.relation
    return rel


def _numkey(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold().replace("đ", "d")
    return re.sub(r"[\s/\-–.]", "", s)


def extract_citations(doc: Document, layout: Layout, fields: dict) -> dict:
    """legal_basis (citations in the opening clauses) and references (every other citation).

    >>> from extractor.layout import find_layout
    >>> from extractor.readers import read_text
    >>> doc = read_text("Thực hiện Chỉ thị số 07-CT/TU ngày 04/02/2025 của Ban Thường vụ Tỉnh ủy, UBND huyện "
    ...                 "ban hành kế hoạch như sau:\\nI. NỘI DUNG\\nTheo Nghị định số 77/2023/NĐ-CP.")
    >>> out = extract_citations(doc, find_layout(doc.text), {})
    >>> [c.number for c in out["legal_basis"]], [c.number for c in out["references"]]
    (['07-CT/TU'], ['77/2023/NĐ-CP'])
    """
    text = doc.text
    c = _compiled()
    legal: list[CitationMatch] = []
    taken: set[tuple[int, int]] = set()
    opening = find_opening(text, layout)
    for cl in opening:
        if cl.relation is None:
            continue
        found = find_citations(text, cl.start, cl.end)
        for m in found:
            taken.add((m.start, m.end))
            if m.nested:
                continue
            m.relation = _inside_relation(text, cl, m.start) or cl.relation
            if m.issuer is None:
                m.issuer = _issuer_before(text, m.start)
            if cl.rule == load_citation_rules().date_first.id:
                # "Ngày 02/3/2025, Bộ trưởng Bộ Y tế ban hành Quyết định số …": date and issuer come first.
                if m.issued_on is None:
                    d = find_dates(text, cl.start, m.start)
                    m.issued_on = d[0] if d and d[0].precision == "day" else None
                who = _compiled().date_first.match(text, cl.start)
                if who and m.issuer is None:
                    m.issuer = _squash(re.sub(rf"^Ngày[ \t]+[^,\n]{{4,25}},\s*|\s*(?:{'|'.join(map(re.escape, load_citation_rules().date_first.verbs))})$", "", who.group(0))) or None
                m.start = min(m.start, cl.start)
            legal.append(m)
        # "Căn cứ Công văn của UBND thành phố về việc …": a type without a number right after the cue.
        h = c.head.match(text, re.compile(r"\s*").match(text, cl.cue_end).end()) if cl.cue_end else None
        if h and not any(m.start <= h.start() < m.end for m in found):
            m = _parse_numberless(text, h, cl.end, c)
            if m is not None:
                m.relation = cl.relation
                legal.append(m)
                taken.add((m.start, m.end))
    # One entry per cited document: the same document named again in the opening is listed once; the
    # same number with another date is another document ("Chỉ thị số 05/CT-TTg" of two years).
    legal_basis: list[CitationMatch] = []
    iso = lambda m: m.issued_on.iso if m.issued_on else None
    for m in legal:
        if m.number:
            dup = any(x.number and _numkey(x.number) == _numkey(m.number)
                      and (iso(x) is None or iso(m) is None or iso(x) == iso(m)) for x in legal_basis)
        else:
            dup = any(not x.number and x.doc_type.casefold() == m.doc_type.casefold() and iso(x) == iso(m)
                      and x.issuer == m.issuer for x in legal_basis)
        if not dup:
            legal_basis.append(m)

    own = fields.get("number")
    own_key = _numkey(getattr(own, "text", None)) if own is not None else ""
    header_end = opening[0].start if opening else 0
    for block in (layout.header, layout.title, layout.subject):
        if block is not None:
            header_end = max(header_end, block.end)
    known: dict[str, set] = {}
    for m in legal_basis:
        if m.number:
            known.setdefault(_numkey(m.number), set()).add(m.issued_on.iso if m.issued_on else None)
    references = []
    for m in find_citations(text):
        if (m.start, m.end) in taken and not m.nested or m.start < header_end or not m.number:
            continue
        key = _numkey(m.number)
        if key == own_key or any(key == _numkey(x.number) and m.start == x.start for x in legal_basis):
            continue
        iso = m.issued_on.iso if m.issued_on else None
        dates = known.setdefault(key, set())
        # The same document named again is listed once; with a different date it is kept (a mismatch).
        if dates and (iso is None or iso in dates):
            continue
        dates.add(iso)
        references.append(m)
    return {"legal_basis": [m.to_model(doc, True) for m in legal_basis],
            "references": [m.to_model(doc, False) for m in references]}
