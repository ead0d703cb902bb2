"""Header fields: doc_type, number, issuer, place, issued_on, subject, recipients, distribution, signer.

`find_layout` has already found where each piece is printed (`layout.items`: the issuer's lines, the
number, the place-and-date, the subject lines, each Kính gửi / Nơi nhận entry, the signature lines and
the signer's name); this stage reads the values out of those spans. Every value keeps its `span` into
`doc.text`, its `page`, and the `rule` that produced it.

>>> from extractor.readers import read_text
>>> doc = read_text("UBND HUYỆN SÔNG MÂY   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\n"
...                 "Số: 12/UBND-VX   Sông Mây, ngày 05 tháng 3 năm 2030\\nV/v tổ chức ngày hội đọc sách")
>>> from extractor.layout import find_layout
>>> h = extract_header(doc, find_layout(doc.text))
>>> h["doc_type"].code, h["number"].text, h["issuer"].name, h["issued_on"].date
('CV', '12/UBND-VX', 'UBND huyện Sông Mây', '2030-03-05')
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

from extractor.dates import find_dates
from extractor.document import Document
from extractor.header_names import (fold_key, header_rules, is_syllable, join_broken_syllables,
                                    join_name_pieces, placement_pattern, running_case)
from extractor.layout import Block, DocTypeRules, Layout, is_marker, is_upper, title_rule
from extractor.layout import layout_rules as _layout_rules
from extractor.models import (DateValue, Distribution, DocType, Issuer, Number, Place, Recipient, Signer,
                              Subject)
from extractor.rules import load_rules
from extractor.wordstarts import lowered_text

try:  # the unit lexicon (assignments stage) canonicalises names when it is there
    from extractor.units import canonical_unit as _canonical_unit
    from extractor.units import unit_level as _unit_level
except ImportError:  # pragma: no cover - the header stage still works without it
    _canonical_unit = None
    _unit_level = None


def extract_header(doc: Document, layout: Layout) -> dict:
    """The header fields of a document, as record fields (model objects); absent fields are left out."""
    out: dict = {}
    number = extract_number(doc, layout)
    subject = extract_subject(doc, layout)
    issuer = extract_issuer(doc, layout)
    place, issued_on = extract_place_date(doc, layout)
    doc_type = extract_doc_type(doc, layout, number, subject)
    signer = extract_signer(doc, layout)
    for key, value in (("doc_type", doc_type), ("number", number), ("issuer", issuer), ("place", place),
                       ("issued_on", issued_on), ("subject", subject), ("signer", signer)):
        if value is not None:
            out[key] = value
    out["recipients"] = extract_recipients(doc, layout)
    out["distribution"] = extract_distribution(doc, layout)
    return out


def _page(doc: Document, start: int) -> Optional[int]:
    return doc.page_at(start)


# Patterns of the per-field code, compiled once (each runs on every document, most several times).
_SPACES = re.compile(r"\s+")
_NUMBER_SEPARATOR = re.compile(r"[/\-]")
_NUMBER_PARTS = re.compile(r"(\d*)\s*[/\-]?(.*)$")
_CV_HEAD = re.compile(r"V/v|Về việc")
_TRAILING_NON_WORD = re.compile(r"\W+$")
_LIST_MARK = re.compile(r"^[-+•–]\s*")
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_NOTE_AT_END = re.compile(r"\(([^()]*)\)\s*$")
_AFTER_DOT = re.compile(r"(?<=\.)(?=\S)")


def _squash(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


# --------------------------------------------------------------------------------------------- number
def extract_number(doc: Document, layout: Layout) -> Optional[Number]:
    """"Số: 12 /KH-UBND" → text "12/KH-UBND", seq "12", symbol "KH-UBND"; a blank sequence
    number ("Số:    /KH-UBND") gives text "/KH-UBND" and seq None."""
    parts = layout.items.get("number") or []
    if not parts:
        return None
    text = doc.text
    first = parts[0]
    m = _layout_rules().number.match(text[first.start:first.end])
    start = first.start + m.end() if m else first.start
    pieces = [text[start:first.end]] + [text[b.start:b.end] for b in parts[1:]]
    raw = "".join(_SPACES.sub("", p) for p in pieces).strip(".,;:")
    if not raw or not _NUMBER_SEPARATOR.search(raw):
        return None
    # "12/KH-UBND", "154/T/UBND-VX", "/KH-UBND" (blank), "3-TB/ĐU" (a Party document).
    m = _NUMBER_PARTS.match(raw)
    seq, symbol = m.group(1), m.group(2)
    return Number(text=raw, seq=seq or None, symbol=symbol or None, span=(start, parts[-1].end),
                  page=_page(doc, start), rule="header.number")


# ------------------------------------------------------------------------------------------- doc type
@lru_cache(maxsize=None)
def _codes() -> dict:
    return {t.code: t for t in load_rules("doc_types", DocTypeRules).doc_types}


def extract_doc_type(doc: Document, layout: Layout, number: Optional[Number],
                     subject: Optional[Subject]) -> Optional[DocType]:
    """The type named by the title line; else by the number's symbol ("…/QĐ-UBND" → QĐ); else a công văn
    when a "V/v" trích yếu or a number without a type code stands in the header."""
    text = doc.text
    if layout.title:
        t = title_rule(layout.title.slice(text))
        if t:
            return DocType(code=t.code, name=t.name, span=(layout.title.start, layout.title.end),
                           page=_page(doc, layout.title.start), rule=t.id)
        if number is None and subject is not None and not _layout_rules().subject_cv.match(subject.text or ""):
            # A title the type table does not list: its name, no code.
            name = running_case(layout.title.slice(text))
            return DocType(code=None, name=name[:1].upper() + name[1:], span=(layout.title.start, layout.title.end),
                           page=_page(doc, layout.title.start), rule="doctype.unlisted_title")
    codes = _codes()
    if number and number.symbol:
        head = re.split(r"[-/]", number.symbol)[0]
        t = codes.get(head)
        if t and t.code != "CV":
            return DocType(code=t.code, name=t.name, span=number.span, page=number.page, rule="doctype.from_number")
    cv = codes.get("CV")
    if subject and subject.span and _layout_rules().subject_cv.match(subject.text or ""):
        s = subject.span[0]
        m = _CV_HEAD.match(text, s)
        e = m.end() if m else s + 3
        return DocType(code="CV", name=cv.name if cv else "Công văn", span=(s, e), page=_page(doc, s),
                       rule="doctype.cong_van")
    if number:
        return DocType(code="CV", name=cv.name if cv else "Công văn", span=number.span, page=number.page,
                       rule="doctype.cong_van_number")
    return None


# -------------------------------------------------------------------------------------------- subject
def extract_subject(doc: Document, layout: Layout) -> Optional[Subject]:
    """The trích yếu joined into one line ("V/v …" kept; the type name is not part of it)."""
    lines = layout.items.get("subject") or []
    if not lines:
        return None
    text = doc.text
    value = _squash(" ".join(text[b.start:b.end] for b in lines)).rstrip(" .;,")
    if not value:
        return None
    return Subject(text=value, span=(lines[0].start, lines[-1].end), page=_page(doc, lines[0].start),
                   rule="header.subject_cv" if _layout_rules().subject_cv.match(value) else "header.subject_title")


# ---------------------------------------------------------------------------------------------- issuer
def _starts_body(line: str) -> bool:
    """A header line that starts a new body (not the continuation of the line above)."""
    words = line.split()
    if not words:
        return False
    first = _TRAILING_NON_WORD.sub("", words[0]).upper()
    heads, locs = _first_words()
    return first in heads and first not in locs


@lru_cache(maxsize=None)
def _first_words() -> tuple[frozenset[str], frozenset[str]]:
    """The first words of body heads ("TRƯỜNG") and of locality heads ("HUYỆN"), in capitals: read from
    rules/header.yaml once, not for every header line."""
    r = header_rules()
    return (frozenset(h.casing.split()[0].upper() for h in r.org_heads),
            frozenset(h.casing.split()[0].upper() for h in r.locality_heads))


def _canonical(name: str) -> Optional[str]:
    if _canonical_unit is not None:
        try:
            return _canonical_unit(name)
        except Exception:  # the lexicon must never take the header down
            pass
    s = name
    for a in header_rules().abbreviations:
        s = re.sub(rf"(?<!\w){re.escape(a.short)}(?!\w)", a.long, s)
    return s


def _level(name: str) -> Optional[str]:
    if _unit_level is not None:
        try:
            return _unit_level(name)
        except Exception:
            return None
    return None


def _issuer(doc: Document, name: str, span: tuple[int, int], parent: Optional[str], rule: str) -> Issuer:
    return Issuer(name=name, parent=parent, canonical=_canonical(name), level=_level(name), span=span,
                  page=_page(doc, span[0]), rule=rule)


def extract_issuer(doc: Document, layout: Layout) -> Optional[Issuer]:
    """The issuing body's own line(s) of the header, in running-text case, with the body above it as
    parent ("UBND TỈNH SÔNG MÂY" / "SỞ NỘI VỤ" → "Sở Nội vụ", parent "UBND tỉnh Sông Mây"). Without a
    header line, the body's own words ("UBND huyện An Lạc ban hành Kế hoạch …")."""
    text = doc.text
    lines = layout.items.get("issuer") or []
    groups: list[list[Block]] = []
    for b in lines:
        line = join_broken_syllables(_squash(text[b.start:b.end]))
        if not groups or _starts_body(line):
            groups.append([b])
        else:
            groups[-1].append(b)
    if groups:
        # Lower-cased, not folded: _name_pattern accepts both tone placements (the same matches as the
        # folded name in the folded text, without rewriting the whole document).
        # The document text is NFC: its lower-cased copy is the one every stage shares.
        low = (lowered_text(text) if unicodedata.is_normalized("NFC", text)
               else unicodedata.normalize("NFC", text).lower())

        def name_of(g: list[Block]) -> str:
            printed = join_broken_syllables(_squash(" ".join(text[b.start:b.end] for b in g)))
            return _as_written(text, low, printed) or running_case(printed)
        name = name_of(groups[-1])
        parent = name_of(groups[-2]) if len(groups) > 1 else None
        span = (groups[-1][0].start, groups[-1][-1].end)
        fuller = _complete_bare_name(doc, layout, name)
        if fuller:
            return _issuer(doc, fuller[0], fuller[1], parent, "issuer.completed_from_body")
        return _issuer(doc, name, span, parent, "issuer.header_lines")
    found = _issuer_from_body(doc, layout)
    if found:
        return _issuer(doc, found[0], found[1], None, header_rules().issuer_from_body.id)
    return None


def _as_written(text: str, low: str, printed: str) -> Optional[str]:
    """How the document's own running text writes a name its header prints in capitals ("ĐẠI HỌC
    QUỐC GIA SÔNG MÂY" → "Đại học Quốc gia Sông Mây" where the body says so); None if it never does.
    `low` is the text in NFC, lower-cased (offsets into `text` only when as long)."""
    words = printed.split()
    if not is_upper(printed) or len(low) != len(text) or len(words) < 2:
        return None
    for m in _name_pattern(tuple(words)).finditer(low):
        written = _squash(text[m.start():m.end()])
        if not is_upper(written) and written[:1].isupper():
            return written
    return None


@lru_cache(maxsize=256)
def _name_pattern(words: tuple[str, ...]) -> re.Pattern:
    """The printed name's words as a pattern over lower-cased text, each word in either tone placement
    ("UỶ", "BAN" → "(?:ủy|uỷ)\\s+ban" between word boundaries): what the folded words match in the
    folded text. Kept: an archive's documents come from a few bodies, whose names would be folded and
    compiled again for every document."""
    return re.compile(r"(?<!\w)" + r"\s+".join(placement_pattern(fold_key(w)) for w in words) + r"(?!\w)")


_LOCALITY = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)"
_UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_PROPER = rf"[{_UPPER}][^\s,.;:()]*(?:\s+[{_UPPER}][^\s,.;:()]*){{0,3}}"


def _complete_bare_name(doc: Document, layout: Layout, name: str) -> Optional[tuple[str, tuple[int, int]]]:
    """A header that prints only "ỦY BAN NHÂN DÂN" (its locality cut off) is completed from the first
    mention of the same body with its locality ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY")."""
    words = name.split()
    if not words or len(words) > 5 or re.search(rf"(?<!\w){_LOCALITY}(?!\w)", name, re.I) \
            or not all(is_syllable(w) for w in words):
        return None
    start = layout.header.end if layout.header else 0
    end = min(len(doc.text), start + 4000)
    region = doc.text[start:end]
    folded = fold_key(region)  # same length: case and tone placement folded ("UỶ" = "ủy")
    if len(folded) != len(region):
        return None
    pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(fold_key(w)) for w in words) + rf"\s+{_LOCALITY}\s+")
    for m in pat.finditer(folded):
        proper = []
        caps = is_upper(region[m.start():m.end()])
        line = region[m.end():m.end() + 60].split("\n")[0]
        for w in re.finditer(r"\S+", line):
            core = re.sub(r"[,.;:()]+$", "", w.group())
            # The proper name: capitalised words, all in capitals if the mention is in capitals.
            if not core or not core[0].isupper() or (caps and not is_upper(core) and len(core) > 1) \
                    or len(proper) >= 4:
                break
            proper.append((w.start(), w.start() + len(core)))
            if core != w.group():
                break
        if not proper:
            continue
        s, e = start + m.start(), start + m.end() + proper[-1][1]
        written = _squash(doc.text[s:e])
        return (running_case(written) if is_upper(written) else written), (s, e)
    return None


def _issuer_from_body(doc: Document, layout: Layout) -> Optional[tuple[str, tuple[int, int]]]:
    rule = header_rules().issuer_from_body
    heads = "|".join(re.escape(h) for h in sorted(rule.heads, key=len, reverse=True))
    verbs = "|".join(re.escape(v) for v in sorted(rule.verbs, key=len, reverse=True))
    pat = re.compile(rf"(?<!của )(?<!\w)(?:Chủ tịch\s+)?(?P<unit>(?:{heads})\b[^.;:\n]{{0,80}}?\b{_LOCALITY}\s+{_PROPER})"
                     rf"\s+(?:{verbs})\b")
    text = doc.text
    regions = [b for b in (layout.preamble, layout.body) if b is not None]
    for b in regions:
        m = pat.search(text, b.start, min(b.end, b.start + 3000))
        if m:
            return _squash(m.group("unit")), (m.start("unit"), m.end("unit"))
    return None


# ------------------------------------------------------------------------------------ place and date
def extract_place_date(doc: Document, layout: Layout) -> tuple[Optional[Place], Optional[DateValue]]:
    """"Sông Mây, ngày 05 tháng 3 năm 2030" → place "Sông Mây", issued_on 2030-03-05; blank parts stay
    null ("ngày   tháng 9 năm 2030": year and month only)."""
    b = layout.item("place_date")
    if b is None:
        return None, None
    text = doc.text
    place = None
    m = _layout_rules().place_date.search(text, b.start, b.end)
    if m and m.start() > b.start:
        raw = text[b.start:m.start()]
        value = join_broken_syllables(_squash(raw)).strip(" ,")
        if value:
            place = Place(text=value, span=(b.start, b.start + len(raw.rstrip())), page=_page(doc, b.start),
                          rule="header.place")
    issued = None
    found = [d for d in find_dates(text, b.start, b.end) if d.rule.startswith("date.")]
    if found:
        d = found[0]
        date = d.iso if (d.day and d.month and d.year and d.valid) else None
        if d.year or d.month or d.day:
            issued = DateValue(date=date, year=d.year, month=d.month, day=d.day, span=(d.start, d.end),
                               page=_page(doc, d.start), rule=d.rule)
    if issued is None or issued.date is None:
        # Day and month blank, or handwritten and unreadable ("ngày0) thángh năm 2030"): only the year.
        year = issued.year if issued is not None else next(
            (d.year for d in find_dates(text, b.start, b.end, years=True) if d.year), None)
        signed = _signing_date(doc, year) if year else None
        if signed is not None:
            issued = signed
    return place, issued


def _signing_date(doc: Document, year: int) -> Optional[DateValue]:
    """The date of a digital-signature stamp ("Thời gian ký: 05.03.2030 09:15:00 +07:00"), when it is
    in `year`; it stands below the header's own date (rules/header.yaml `issued_on_sources`).

    >>> from extractor.readers import read_text
    >>> _signing_date(read_text("Thời gian ký: 05.03.2030 09:15:00 +07:00\\nUBND XÃ AN BÌNH"), 2030).date
    '2030-03-05'
    """
    sources = sorted(header_rules().issued_on_sources, key=lambda r: -r.priority)
    text = doc.text
    for rule in sources:
        if not rule.pattern:
            continue  # the header date: already read
        for m in re.finditer(rule.pattern, text):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            dates = [d for d in find_dates(text, m.end(), line_end) if d.rule.startswith("date.")]
            if dates and dates[0].start == m.end():
                d = dates[0]
                if d.valid and d.iso and d.year == year:
                    return DateValue(date=d.iso, year=d.year, month=d.month, day=d.day, span=(d.start, d.end),
                                     page=_page(doc, d.start), rule=rule.id)
    return None


# -------------------------------------------------------------------------------------- Kính gửi list
def _entry_text(s: str) -> str:
    s = _squash(s).strip(" |")
    s = _LIST_MARK.sub("", s)
    s = s.rstrip(" ;.,").strip()
    return s if _HAS_LETTER_OR_DIGIT.search(s) else ""


def extract_recipients(doc: Document, layout: Layout) -> list[Recipient]:
    """One entry per body listed after "Kính gửi", as written, without "- " and the closing ";" / "."."""
    out = []
    for b in layout.items.get("recipient") or []:
        name = _entry_text(doc.text[b.start:b.end])
        if name:
            out.append(Recipient(name=name, canonical=_canonical(name), span=(b.start, b.end),
                                 page=_page(doc, b.start), rule="header.recipients"))
    return out


# ----------------------------------------------------------------------------------- Nơi nhận list
def extract_distribution(doc: Document, layout: Layout) -> list[Distribution]:
    """The "Nơi nhận" entries with their notes ("- Sở Nội vụ (để b/c);" → name "Sở Nội vụ", note
    "để b/c"); the issuer's own file copy ("Lưu: VT") is not an entry."""
    skip, notes = _distribution_patterns()
    out = []
    for b in layout.items.get("distribution") or []:
        s = _entry_text(doc.text[b.start:b.end])
        if not s or skip.match(s):
            continue
        note = None
        rule = "header.distribution"
        m = _NOTE_AT_END.search(s)
        if m:
            inner = _squash(m.group(1))
            for nid, p in notes:
                if p.match(inner):
                    note, rule = inner, nid
                    s = s[:m.start()].rstrip(" ,;")
                    break
        if s:
            out.append(Distribution(name=s, note=note, canonical=_canonical(s), span=(b.start, b.end),
                                    page=_page(doc, b.start), rule=rule))
    return out


@lru_cache(maxsize=None)
def _distribution_patterns() -> tuple[re.Pattern, list[tuple[str, re.Pattern]]]:
    """rules/header.yaml's file-copy entry ("Lưu: VT") and notes ("để b/c"), compiled once."""
    r = header_rules()
    return re.compile(r.distribution_skip.pattern), [(n.id, re.compile(n.pattern, re.I)) for n in r.distribution_notes]


# ---------------------------------------------------------------------------------------------- signer
_MARKER_TOKEN = re.compile(r"^(?:(?:KT|TM|TL|TUQ|Q)\.|T/M|K/T|T/L)$")


def parse_signature(lines: list[str]) -> list[str]:
    """Cut signature lines into parts: each authority (KT./TM./TL./TUQ. + what follows) and each position.
    Lines run together ("KT. BỘ TRƯỞNG THỨ TRƯỞNG") are cut where a new title starts.

    >>> parse_signature(["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"])
    ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']
    >>> parse_signature(["KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM"])
    ['KT. BỘ TRƯỞNG, CHỦ NHIỆM', 'PHÓ CHỦ NHIỆM']
    """
    R = _layout_rules()
    prefixes = _title_prefixes()
    parts: list[list[str]] = []
    for line in lines:
        joined = _AFTER_DOT.sub(" ", _squash(line)) if line.strip() else ""
        toks = joined.split(" ") if joined else []
        # Where each token starts in `joined`: the rest of the line from token i is joined[starts[i]:].
        starts, at = [], 0
        for t in toks:
            starts.append(at)
            at += len(t) + 1
        # "KT.CHỦ TỊCH" → "KT." "CHỦ"; a marker always opens a part.
        current: list[str] = []
        parts.append(current)
        after_marker = after_comma = glue = False
        i = 0
        while i < len(toks):
            t = toks[i]
            if _MARKER_TOKEN.match(t):
                if current:
                    current = []
                    parts.append(current)
                current.append(t)
                after_marker, after_comma, glue = True, False, False
                i += 1
                continue
            m = R.position_re.match(joined, starts[i])  # the pattern looks neither behind nor at ^
            if m:
                n = len(m.group(0).split())
                if current and not after_marker and not after_comma and not glue:
                    current = []
                    parts.append(current)
                current.extend(toks[i:i + n])
                glue = m.group(0) in prefixes
                after_marker = False
                after_comma = toks[i + n - 1].endswith(",")
                i += n
                continue
            current.append(t)
            after_marker = glue = False
            after_comma = t.endswith(",")
            i += 1
    return [" ".join(p) for p in parts if p]


@lru_cache(maxsize=None)
def _title_prefixes() -> frozenset[str]:
    """Position words that make a title of the title after them ("PHÓ"), from rules/layout.yaml once."""
    return frozenset(t.pattern for t in _layout_rules().positions if t.prefix)


def extract_signer(doc: Document, layout: Layout) -> Optional[Signer]:
    """Name (the signature's last line), position (the part just above it) and authority (the
    KT./TM./TL./TUQ. part above that, None if there is none)."""
    text = doc.text
    sig = layout.items.get("signature") or []
    name_b = layout.item("signer_name")
    if not sig and name_b is None:
        return _signer_from_tail(doc)
    parts = parse_signature([join_broken_syllables(text[b.start:b.end]) for b in sig])
    position = authority = None
    if parts:
        if is_marker(parts[-1]):
            authority = parts[-1]
        else:
            position = parts[-1]
            if len(parts) > 1 and is_marker(parts[-2]):
                authority = parts[-2]
    name = join_name_pieces(_squash(text[name_b.start:name_b.end])) if name_b else None
    starts = [b.start for b in sig] + ([name_b.start] if name_b else [])
    ends = [b.end for b in sig] + ([name_b.end] if name_b else [])
    span = (min(starts), max(ends))
    if name_b is not None:
        rule = "signer.name_below_position"
    else:
        rule = "signer.authority_only"
    if position is None and sig and name_b is not None:
        # OCR left the position between the authority and the name unreadable as printed.
        found = _ocr_position_between(text, max(b.end for b in sig), name_b.start, authority)
        if found is not None:
            position, rule = found, header_rules().signer_ocr.id
    return Signer(name=name, position=position, authority=authority, span=span, page=_page(doc, span[0]),
                  rule=rule)


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u031b"}  # five tones and the horn


def fold_tones(s: str) -> str:
    """A line in capitals without its tone marks and horns, which OCR confuses under a seal.

    >>> fold_tones("Trường  bạn")
    'TRUONG BAN'
    """
    d = unicodedata.normalize("NFD", s.upper())
    d = "".join(ch for ch in d if ch not in _TONE_MARKS)
    return _squash(unicodedata.normalize("NFC", d))


@lru_cache(maxsize=None)
def _folded_titles() -> dict[str, tuple[str, ...]]:
    """Position titles of two words or more (with "PHÓ" before each), by their folded form."""
    titles = [t.pattern for t in _layout_rules().positions if not t.prefix]
    prefixes = [t.pattern for t in _layout_rules().positions if t.prefix]
    out: dict[str, list[str]] = {}
    for title in titles + [f"{p} {t}" for p in prefixes for t in titles]:
        if len(title.split()) >= 2:
            out.setdefault(fold_tones(title), []).append(title)
    return {k: tuple(v) for k, v in out.items()}


def parse_ocr_position(cell: str, authority: Optional[str] = None) -> Optional[str]:
    """The position title an OCR'd signature cell stands for, tone marks and horns aside; when two
    titles fold alike, the deputy of the "KT." authority. None unless the whole cell, in capitals, is
    one title.

    >>> parse_ocr_position("TRƯỜNG BẠN")
    'TRƯỞNG BAN'
    >>> parse_ocr_position("THỦ TRƯƠNG", "KT. BỘ TRƯỞNG")
    'THỨ TRƯỞNG'
    >>> parse_ocr_position("TRƯỜNG") is None
    True
    """
    cell = cell.strip(" .,:;'\"“”")
    # Positions are printed in capitals; a Nơi nhận entry beside them ("Phó Chủ tịch;") is not one.
    cands = _folded_titles().get(fold_tones(cell)) if is_upper(cell) else None
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    m = re.match(r"^(?:KT|K/T)\.?\s*(.+)$", _squash(authority or ""))
    if not m:
        return None
    head = m.group(1).upper()
    deputy = next((d.deputy for d in header_rules().signer_ocr.deputies if d.head == head), f"PHÓ {head}")
    return deputy if deputy in cands else None


def _ocr_position_between(text: str, start: int, end: int, authority: Optional[str]) -> Optional[str]:
    """The last cell between the authority line and the signer's name that reads as a position."""
    found = None
    for line in text[start:end].split("\n"):
        for cell in re.split(r" {3,}", line):
            position = parse_ocr_position(cell, authority) if cell.strip() else None
            if position:
                found = position
    return found


def _signer_from_tail(doc: Document) -> Optional[Signer]:
    """A signature the layout did not find because OCR garbled its position: the document ends with a
    person's name alone on its line, and at most `max_noise_lines` short lines (seal and signature
    specks) above it stands a line that reads as a position ("TRƯỜNG BẠN" → "TRƯỞNG BAN")."""
    from extractor.layout import person_name

    rule = header_rules().signer_ocr
    text = doc.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        return None
    for k in range(len(lines) - 1, max(-1, len(lines) - 1 - rule.max_noise_lines - 1), -1):
        s, e = lines[k]
        t = text[s:e].strip()
        if person_name(t) != (0, len(t)) or not 2 <= len(t.split()) <= 5:
            if len(re.findall(r"[^\W\d_]", t)) > 12:
                return None  # running text: the document does not end with a signature
            continue
        name_s = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        skipped = 0
        for j in range(k - 1, -1, -1):
            ps, pe = lines[j]
            position = parse_ocr_position(text[ps:pe])
            if position:
                name = join_name_pieces(_squash(t))
                return Signer(name=name, position=position, authority=None, span=(ps, name_s + len(t)),
                              page=_page(doc, ps), rule=rule.id)
            skipped += 1
            if skipped > rule.max_noise_lines or len(re.findall(r"[^\W\d_]", text[ps:pe])) > 12:
                return None
        return None
    return None
