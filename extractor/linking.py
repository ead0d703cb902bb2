"""Across documents: resolve citations to the ingested records they cite, and tell when two names are
one body.

Citations (`legal_basis`, `references`) are resolved, in order of confidence:
1. `number`: the same number once spacing, "Số:", case, look-alike letters (Cyrillic "С" for "C",
   "Ð" for "Đ") and dashes are normalised ("Số: 773 /QĐ-TTg" = "773/QĐ-TTg");
2. `number_variant`: same sequence number and year, symbols equal without "Đ"/"D", punctuation and
   doubled letters ("2978/SGDDĐT-GDĐT&ĐH" = "2978/SGDĐT-GDĐT&ĐH"), or one letter apart;
3. `type_issuer_date`: same type, issuer and full date (a citation without a usable number);
4. `draft`: an unsigned draft (blank number and date) of the same type and issuer whose subject is
   the cited title ("Kế hoạch số 57/KH-UBND … triển khai Chỉ thị 07-CT/TU" → draft "/KH-UBND");
   `subject`: the same for a scan whose number or date the OCR could not read;
5. `header_text`: a scan whose header fields were not parsed at all, when its header text shows the
   cited symbol, issuer and date (or nearly all the cited title).
What does not resolve stays a placeholder link (`target` None) that a later ingest fills.

Units: `resolve_unit` reads a name in the context of its document (issuer, parent, place), so "Sở
Công Thương" in a Lào Cai plan is Lào Cai's and "Ủy ban nhân dân tỉnh" is the issuer's province;
`unit_covers` says whether a name written in one document stands for a unit (directly, or as a
member of "các Sở, ban, ngành", "UBND các xã, phường", "các đơn vị trường học").

>>> number_key("Số: 773 /QĐ-TTg").strict == number_key("773/QĐ-TTg").strict
True
>>> number_key("2978/SGDDĐT-GDĐT&ĐH").loose == number_key("2978/SGDĐT-GDĐT&ĐH").loose
True
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Literal, Mapping, Optional

from pydantic import BaseModel, ConfigDict

from extractor.models import Citation, Record
from extractor.rules import Rule, load_rules

# ---------------------------------------------------------------------------------------------
# Rules


_Rule = Rule


class DocTypeRule(_Rule):
    name: str
    code: Optional[str] = None


class GapRule(_Rule):
    level: str
    days: int


class Similarity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deadline_action: float
    event_name: float
    draft_title: float


class GroupRule(_Rule):
    words: list[str]
    covers: list[str]
    # for "UBND các …" groups: the level of the covered UBNDs; "same" ("thành phố" after "tỉnh" or
    # after "huyện") takes the level of the item before it
    level: Optional[Literal["central", "province", "district", "commune", "issuer", "same"]] = None


class LevelRule(_Rule):
    priority: int
    head: str
    level: Literal["central", "province", "district", "commune", "unit"]


class AuditRules(BaseModel):
    """rules/audit.yaml."""

    model_config = ConfigDict(extra="forbid")
    doc_types: list[DocTypeRule]
    min_gap_days: list[GapRule]
    similarity: Similarity
    stop_syllables: list[str]
    group_markers: list[str]
    group_words: list[GroupRule]
    group_qualifiers: list[str]
    split_before: list[str]
    generic_event_words: list[str]
    generic_heads: list[str]
    position_prefixes: list[str]
    levels: list[LevelRule]


def load_audit_rules() -> AuditRules:
    return load_rules("audit", AuditRules)


# ---------------------------------------------------------------------------------------------
# Keys: text compared without tone marks, case or look-alike letters

# Letters that OCR and copy-paste put in place of Latin ones in document numbers; a number with a
# Cyrillic "С" must still find its document.
_HOMOGLYPHS = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "а": "a", "в": "b", "е": "e", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s",
    "Α": "A", "Β": "B", "Ε": "E", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X",
    "Ð": "Đ", "Ɖ": "Đ", "ð": "đ", "–": "-", "—": "-", "‑": "-", "−": "-", "‐": "-",
})
# Tone marks only: the vowel marks (ă â ê ô ơ ư) and đ stay, so "Sở" and "Số" stay apart while
# "Uỷ"/"Ủy" (old and new tone placement) and "Hoà"/"Hòa" agree.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def fold(text: str) -> str:
    """Casefolded, NFC, look-alikes replaced, tone marks dropped, spaces collapsed.

    >>> fold("Uỷ ban nhân dân  tỉnh") == fold("ỦY BAN NHÂN DÂN TỈNH")
    True
    """
    t = unicodedata.normalize("NFD", (text or "").translate(_HOMOGLYPHS))
    t = "".join(c for c in t if c not in _TONES)
    t = unicodedata.normalize("NFC", t).casefold()
    return re.sub(r"\s+", " ", t).strip()


def syllables(text: str, stop: Iterable[str] = ()) -> set[str]:
    """The set of folded syllables of a text, without stop syllables."""
    stops = _stopset(tuple(stop))
    return {w for w in re.findall(r"[^\W_]+(?:[/-][^\W_]+)*", fold(text)) if w not in stops}


@functools.lru_cache(maxsize=64)
def _stopset(stop: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(s) for s in stop)


def similarity(a: str | None, b: str | None, stop: Iterable[str] = ()) -> float:
    """Containment of the smaller syllable set in the larger, 0..1.

    >>> similarity("báo cáo kết quả Tuần lễ", "gửi báo cáo kết quả Tuần lễ về Sở")
    1.0
    """
    sa, sb = syllables(a or "", stop), syllables(b or "", stop)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


@dataclass(frozen=True)
class NumberKey:
    """A document number split for matching: "Số: 15/2026/TT-BCT" → seq "15", year 2026, symbol "TT-BCT"."""

    seq: Optional[str]
    year: Optional[int]
    symbol: str
    strict: str  # spacing, case, look-alikes normalised
    loose: str  # also without Đ/D, punctuation and doubled letters


def number_key(text: str | None) -> NumberKey | None:
    """The matching key of a document number as written, or None when there is no number."""
    if not text:
        return None
    t = unicodedata.normalize("NFC", text).translate(_HOMOGLYPHS)
    t = re.sub(r"^\s*(?:số|so|no)\.?\s*:?\s*", "", t, flags=re.I)
    t = re.sub(r"\s+", "", t).upper()
    if not t or "/" not in t and not re.search(r"\d", t):
        return None
    parts = t.split("/")
    m = re.match(r"(\d*)(.*)", parts[0])
    seq = m.group(1).lstrip("0") or (m.group(1) and "0") or None
    rest = [m.group(2).strip("-")] if m.group(2).strip("-") else []
    year = None
    for p in parts[1:]:
        if year is None and re.fullmatch(r"(19|20)\d\d", p):
            year = int(p)
        elif p:
            rest.append(p)
    symbol = "/".join(rest)
    loose_symbol = re.sub(r"(.)\1+", r"\1", re.sub(r"[^A-Z0-9]", "", symbol.replace("Đ", "D")))
    return NumberKey(seq=seq, year=year, symbol=symbol, strict=f"{seq or ''}/{year or ''}/{symbol}",
                     loose=f"{seq or ''}/{year or ''}/{loose_symbol}")


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


# ---------------------------------------------------------------------------------------------
# Units across documents

# Administrative words → class: P province, D district, C commune; "thành phố" is either P or D.
_ADMIN = {"tỉnh": "P", "thành phố": "PD", "tp": "PD", "huyện": "D", "quận": "D", "thị xã": "D",
          "xã": "C", "phường": "C", "thị trấn": "C"}
# the LAST admin word of a group's tail: "… tổ chức chính trị - xã hội thành phố" is the city's
_ADMIN_TAIL_RE = re.compile(
    r"^.*(?<!\w)(" + "|".join(sorted(map(re.escape, _ADMIN), key=len, reverse=True)) + r")(?!\w)(?:\s+(.+))?$")
_ADMIN_RE = re.compile(r"(?<!\w)(thành phố|thị xã|thị trấn|tp\.?|tỉnh|huyện|quận|xã|phường)(?!\w)", re.I)


@dataclass(frozen=True)
class Locality:
    admin: str  # "P", "D", "C" or "PD"
    name: Optional[str]  # folded; None for a bare "tỉnh" not yet resolved from the context
    written: Optional[str] = field(default=None, compare=False)  # as written, for the address converter

    def compatible(self, other: "Locality") -> bool:
        return bool(set(self.admin) & set(other.admin))

    def agrees(self, other: "Locality") -> bool:
        return not self.compatible(other) or self.name is None or other.name is None or self.name == other.name

    def succeeds(self, other: "Locality") -> bool:
        """Two provinces merged into one in the 2025 reorganisation ("tỉnh Yên Bái" → "tỉnh Lào Cai"):
        the old body's tasks passed to the new one. Provinces only: districts were abolished, and
        communes merged in ways the converter does not always get right."""
        if self.admin != "P" or other.admin != "P" or not (self.written and other.written):
            return False
        a, b = _modern_province(self.written), _modern_province(other.written)
        return a is not None and a == b


@functools.lru_cache(maxsize=512)
def _modern_province(written: str) -> Optional[str]:
    from extractor.units import modern_unit

    found = modern_unit(f"Ủy ban nhân dân tỉnh {written}")
    return fold(found.new) if found and found.new else None


@dataclass(frozen=True)
class Group:
    """A plural name: `prefix` + any of `covers` ("ủy ban nhân dân" + xã/phường), or units whose
    name starts with one of `covers` ("các Sở, ban, ngành")."""

    prefix: str
    covers: tuple[tuple[str, Optional[str]], ...]  # (head a member starts with, its level or None)
    rule: str
    levels: tuple[str, ...] = ()  # for "UBND các …": the levels of the covered UBNDs


@dataclass(frozen=True)
class UnitRef:
    """A unit name read in its document's context."""

    name: str  # as written
    canonical: str  # expanded by extractor.units
    head: str  # folded, without position and locality: "sơ công thương", "uy ban nhân dân"
    locality: Optional[Locality]
    level: Optional[str]
    group: Optional[Group] = None


def _canonical(name: str, issuer) -> str:
    from extractor.units import canonical_unit

    return canonical_unit(name, issuer=issuer) or name


def _level(canonical: str) -> Optional[str]:
    from extractor.units import unit_level

    level = unit_level(canonical)
    if level:
        return level
    low = fold(canonical)
    for rule in sorted(load_audit_rules().levels, key=lambda r: r.priority):
        if low.startswith(fold(rule.head)):
            return rule.level
    return None


def _split_locality(canonical: str) -> tuple[str, Optional[Locality]]:
    """("Ủy ban nhân dân", tỉnh Lào Cai) from "Ủy ban nhân dân tỉnh Lào Cai"; a bare "tỉnh" keeps name None."""
    for m in reversed(list(_ADMIN_RE.finditer(canonical))):
        words = canonical[m.end():].strip(" ,.").split()
        # the place name is the capitalised words after the admin word, to the end of the name
        if all(w[:1].isupper() or w[:1].isdigit() for w in words):
            admin = _ADMIN[m.group(1).lower().rstrip(".")]
            place = " ".join(words)
            return canonical[:m.start()].strip(" ,"), Locality(admin, fold(place) if words else None, place or None)
    return canonical, None


def _strip_position(name: str) -> str:
    """The unit of "Giám đốc Sở Công Thương". Compared with tone marks: folded, "trưởng" (a head)
    and "trường" (a school) would be one word."""
    low = unicodedata.normalize("NFC", name).lower()
    for p in sorted(load_audit_rules().position_prefixes, key=len, reverse=True):
        if low.startswith(p + " "):
            return name[len(p) + 1:].lstrip()
    return name


def _parse_group(folded: str, issuer_level: str | None = None) -> tuple[Group, str] | None:
    """The group a plural name stands for, and what follows its list ("tỉnh", "trên địa bàn")."""
    rules = load_audit_rules()
    markers = "|".join(re.escape(fold(m)) for m in sorted(rules.group_markers, key=len, reverse=True))
    # a count is a plural marker too: "UBND 30 phường, xã"
    m = re.search(rf"(?:^|\s)(?:{markers}|\d+)\s+(.+)$", folded)
    if not m:
        return None
    words = sorted(((fold(w), r) for r in rules.group_words for w in r.words), key=lambda x: -len(x[0]))
    covers: list[tuple[str, Optional[str]]] = []
    levels: list[str] = []
    rule_id, rest = None, ""
    items = re.split(r"\s*(?:,|;|/|\bva\b)\s*", m.group(1))
    for i, item in enumerate(items):
        hit = next(((w, r) for w, r in words if item == w or item.startswith(w + " ")), None)
        if hit is None:
            rest = ", ".join(items[i:])
            break
        level = hit[1].level
        if level == "same":
            level = levels[-1] if levels else None
        elif level == "issuer":
            # "các Bộ, ngành": without the issuer's level, a generic word takes its neighbour's;
            # with neither, "các đơn vị" of an issuer we cannot place covers nobody we can name
            if not (issuer_level or levels):
                break
            level = f"issuer:{issuer_level or levels[-1]}"
        tail = item[len(hit[0]):].strip()
        if tail and hit[1].level == "issuer" and not any(
                tail == fold(q) or tail.startswith(fold(q) + " ") for q in rules.group_qualifiers):
            break  # "các cơ quan báo chí": narrower than its head word says
        covers += [(fold(c), level) for c in hit[1].covers]
        if level:
            levels.append(level.split(":")[-1])
        rule_id = rule_id or hit[1].id
        rest = item[len(hit[0]):].strip()
        if rest:
            break
    if not covers:
        return None
    return Group(folded[:m.start()].strip(), tuple(dict.fromkeys(covers)), rule_id, tuple(dict.fromkeys(levels))), rest


def _context(issuer) -> list[Locality]:
    """Localities of a document's issuer and its parent line, nearest first."""
    names = [issuer] if isinstance(issuer, str) else [getattr(issuer, "name", None), getattr(issuer, "parent", None)]
    out = []
    for n in names:
        if n:
            _, loc = _split_locality(_canonical(n, None))
            if loc and loc.name:
                out.append(loc)
    return out


def resolve_unit(name: str, issuer=None) -> UnitRef:
    """A unit name read in the context of the document it appears in (`issuer`: a name or an Issuer).

    >>> u = resolve_unit("Sở Công Thương", issuer="Ủy ban nhân dân tỉnh Lào Cai")
    >>> (u.head, u.locality.name, u.level)
    ('sơ công thương', 'lao cai', 'province')
    """
    canonical = _canonical(_strip_position(name.strip()), issuer)
    ctx = _context(issuer) if issuer is not None else []
    folded = fold(canonical)
    iss_name = issuer if isinstance(issuer, str) else getattr(issuer, "name", None)
    parsed = _parse_group(folded, _level(_canonical(iss_name, None)) if iss_name else None)
    if parsed:
        group, rest = parsed
        # what follows the list: "tỉnh", "trên địa bàn huyện An Phú"; nothing: the issuer's locality
        # Read with tone marks: folded, "địa phương" would end in the admin word "phường".
        low = canonical.lower()
        raw = low[len(low) - len(rest):] if rest and len(low) == len(folded) else ""
        m = _ADMIN_TAIL_RE.search(raw) if raw else None
        locality = Locality(_ADMIN[m.group(1)], fold(m.group(2)) if m.group(2) else None, m.group(2)) if m else None
        locality = locality or (ctx[0] if ctx else None)
        if locality and locality.name is None:
            locality = next((c for c in ctx if c.compatible(locality)), None)
        return UnitRef(name, canonical, folded, locality, None, group)
    head_raw, locality = _split_locality(canonical)
    head = fold(head_raw)
    level = _level(canonical)
    if locality is not None and locality.name is None:
        locality = next((c for c in ctx if c.compatible(locality)), locality)
    elif locality is None and ctx:
        # implicit locality: a Sở in a province's document is that province's (extractor.units does
        # this for plain names; "Giám đốc Sở …" and names it leaves alone get it here)
        want = {"province": "P", "district": "D", "commune": "C"}.get(level or "")
        if want and not head.startswith("uy ban nhân dân"):
            locality = next((c for c in ctx if want in c.admin), None)
    return UnitRef(name, canonical, head, locality, level, None)


@dataclass(frozen=True)
class UnitMatch:
    how: Literal["name", "group", "successor"]
    rule: Optional[str] = None


def unit_covers(mention: UnitRef, unit: UnitRef, successors: bool = False) -> UnitMatch | None:
    """Whether `mention` (as written in a document) stands for `unit`: the same body, or a group
    that includes it. Localities of the same class must agree where both are known; with
    `successors`, a province merged into the other in 2025 agrees too (how = "successor").

    >>> so = resolve_unit("Sở Công Thương")
    >>> unit_covers(resolve_unit("các Sở, ban, ngành", issuer="Ủy ban nhân dân tỉnh Lào Cai"), so).how
    'group'
    """
    if mention.group is None or unit.group is not None:
        if mention.head != unit.head:
            return None
        if mention.locality is None and unit.locality is not None and mention.head in _generic_heads():
            return None
        if mention.locality and unit.locality and not (mention.locality.compatible(unit.locality)
                                                       and mention.locality.agrees(unit.locality)):
            if successors and mention.locality.succeeds(unit.locality):
                return UnitMatch("successor")
            return None
        return UnitMatch("name")
    g = mention.group
    if g.prefix:
        # "ủy ban nhân dân các xã, phường": a UBND whose own admin word is one of those listed
        if unit.head != g.prefix or unit.level not in g.levels:
            return None
        return UnitMatch("group", g.rule)
    def level_ok(level: str | None) -> bool:
        if level is None or unit.level is None:
            return True
        if level.startswith("issuer:"):  # the issuer's own agencies, and units such as schools
            return unit.level in (level[7:], "unit")
        return unit.level == level

    if not any((unit.head == c or unit.head.startswith(c + " ")) and level_ok(lv) for c, lv in g.covers):
        return None
    if mention.locality and unit.locality and not mention.locality.agrees(unit.locality):
        if successors and mention.locality.succeeds(unit.locality):
            return UnitMatch("successor", g.rule)
        return None
    return UnitMatch("group", g.rule)


def split_names(name: str) -> list[str]:
    """The units a list-like name holds: split at ";" and at "," / "và" before a unit's head word
    (rules/audit.yaml `split_before`), so "các Sở, ban, ngành" and "Sở Văn hóa, Thể thao và Du lịch"
    stay whole.

    >>> split_names("Các Sở, ban, ngành, UBND các xã, phường")
    ['Các Sở, ban, ngành', 'UBND các xã, phường']
    >>> split_names("Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh")
    ['Giám đốc các Sở', 'Thủ trưởng các ban, ngành tỉnh']
    """
    heads = re.compile(rf"(?:{_split_heads()})(?!\w)", re.I)
    out = []
    for part in re.split(r"\s*;\s*", name or ""):
        cut = 0
        for sep in re.finditer(r"\s*(?:,|\svà)\s+", part):
            nxt = part[sep.end():]
            # a capitalised head ("Sở", "UBND", "Ban") or "các"; a lower-case "ban" is inside "Sở, ban, ngành"
            if (nxt[:1].isupper() or nxt.startswith("các ")) and heads.match(nxt):
                out.append(part[cut:sep.start()])
                cut = sep.end()
        out.append(part[cut:])
    return [p.strip(" ,.") for p in out if p.strip(" ,.")]


@functools.lru_cache(maxsize=1)
def _split_heads() -> str:
    return "|".join(re.escape(w) for w in sorted(load_audit_rules().split_before, key=len, reverse=True))


def mentions(rec: Record, names) -> list[UnitRef]:
    """Every unit named in `names` (a name or a list of names written in `rec`), lists split."""
    names = [names] if isinstance(names, str) else list(names or [])
    return [mention_in(rec, n) for name in names for n in split_names(name)]


@functools.lru_cache(maxsize=1)
def _generic_heads() -> frozenset[str]:
    return frozenset(fold(h) for h in load_audit_rules().generic_heads)


def record_unit(rec: Record) -> UnitRef | None:
    """The issuer of a record as a unit."""
    if not rec.issuer or not rec.issuer.name:
        return None
    return _resolve_cached(rec.issuer.name, rec.issuer.name, rec.issuer.parent)


def mention_in(rec: Record, name: str) -> UnitRef:
    """A unit name written in `rec`, read in that record's context."""
    if rec.issuer and rec.issuer.name:
        return _resolve_cached(name, rec.issuer.name, rec.issuer.parent)
    return _resolve_cached(name, None, None)


@functools.lru_cache(maxsize=20000)
def _resolve_cached(name: str, issuer: str | None, parent: str | None) -> UnitRef:
    # An archive repeats the same few hundred names in the same few contexts: read each once.
    from extractor.models import Issuer

    return resolve_unit(name, issuer=Issuer(name=issuer, parent=parent) if issuer else None)


# ---------------------------------------------------------------------------------------------
# Citation links

Method = Literal["number", "number_variant", "type_issuer_date", "draft", "subject", "header_text", "unresolved",
                 "ambiguous"]


class Link(BaseModel):
    """One citation of one record and the record it resolves to (`target` None: a placeholder)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    document: str
    ordinal: int  # position across legal_basis then references
    kind: Literal["legal_basis", "references"]
    index: int  # position within that list
    number: Optional[str] = None
    target: Optional[str] = None
    method: Method = "unresolved"
    candidates: list[str] = []


def citations_of(rec: Record) -> list[tuple[str, int, Citation]]:
    """(kind, index, citation) for every citation, legal basis first; ordinals follow this order."""
    return [("legal_basis", i, c) for i, c in enumerate(rec.legal_basis)] + \
           [("references", i, c) for i, c in enumerate(rec.references)]


def _year_of(key: NumberKey | None, date: str | None) -> int | None:
    if key and key.year:
        return key.year
    return int(date[:4]) if date and re.match(r"\d{4}", date) else None


def _rec_year(rec: Record) -> int | None:
    iss = rec.issued_on
    if iss is None:
        return None
    return int(iss.date[:4]) if iss.date else iss.year


def _type_code(name: str | None) -> tuple[bool, Optional[str]]:
    """(known, code) of a type as cited; a generic "Văn bản" is known with code None (any type)."""
    if not name:
        return False, None
    f = fold(name)
    for rule in load_audit_rules().doc_types:
        if f.startswith(fold(rule.name)):
            return True, rule.code
    return False, None


def _types_agree(cited: str | None, rec: Record) -> bool:
    known, code = _type_code(cited)
    if not known or code is None or rec.doc_type is None or not rec.doc_type.code:
        return True
    return fold(code) == fold(rec.doc_type.code)


def _issuer_agrees(cit: Citation, citing: Record, target: Record) -> bool:
    if not cit.issuer:
        return True
    tu = record_unit(target)
    if tu is None:
        return True
    return unit_covers(mention_in(citing, cit.issuer), tu) is not None


def _title_of(cit: Citation, citing: Record) -> str:
    if cit.title:
        return cit.title
    # no title extracted: the words after the citation up to the end of its clause
    if cit.span and citing.text:
        tail = citing.text[cit.span[1]:cit.span[1] + 300]
        return re.split(r"[;.]\s|\n\s*\n", tail)[0]
    return ""


def _choose(cands: list[str], cit: Citation, cyear: int | None, citing: Record,
            records: Mapping[str, Record]) -> list[str]:
    """Narrow candidates: same year as the citation, then same date, then agreeing issuer."""
    if len(cands) > 1 and cyear:
        same = [c for c in cands if _rec_year(records[c]) == cyear]
        cands = same or cands
    if len(cands) > 1 and cit.issued_on:
        same = [c for c in cands if records[c].issued_on and records[c].issued_on.date == cit.issued_on]
        cands = same or cands
    if len(cands) > 1 and cit.issuer:
        same = [c for c in cands if _issuer_agrees(cit, citing, records[c])]
        cands = same or cands
    return cands


def _complete(rec: Record) -> bool:
    """Whether a record's own number (with its sequence) and issue date were both read."""
    tk = number_key(rec.number.text if rec.number else None)
    return bool(tk and tk.seq and rec.issued_on and rec.issued_on.date)


def date_index(records: Mapping[str, Record]) -> dict[str, list[str]]:
    """Records by their full issue date."""
    out: dict[str, list[str]] = {}
    for rid, rec in records.items():
        if rec.issued_on and rec.issued_on.date:
            out.setdefault(rec.issued_on.date, []).append(rid)
    return out


def link_citation(doc_id: str, citing: Record, cit: Citation, records: Mapping[str, Record],
                  index: Mapping[str, list[tuple[str, NumberKey]]] | None = None, *,
                  by_date: Mapping[str, list[str]] | None = None,
                  incomplete: Mapping[str, Record] | None = None) -> tuple[Method, list[str]]:
    """How one citation resolves: (method, candidate ids); one id when resolved.

    The fallbacks look only where they can match — records of the cited date, records whose own
    number or date was not read — through indexes built once per archive: scanning every record for
    every unresolved citation made linking quadratic (minutes on a 5,000-document archive)."""
    index = index if index is not None else number_index(records)
    by_date = by_date if by_date is not None else date_index(records)
    incomplete = incomplete if incomplete is not None else {r: x for r, x in records.items() if not _complete(x)}
    rules = load_audit_rules()
    key = number_key(cit.number)
    cyear = _year_of(key, cit.issued_on)

    def year_ok(rid: str) -> bool:
        ty = _year_of(number_key(records[rid].number.text if records[rid].number else None), None) or _rec_year(records[rid])
        return cyear is None or ty is None or abs(cyear - ty) <= 1

    if key and key.seq:
        by_seq = [(rid, k) for rid, k in index.get(key.seq, []) if rid != doc_id and year_ok(rid)]
        for method, test in (("number", lambda k: k.strict == key.strict),
                             ("number_variant", lambda k: k.loose == key.loose),
                             ("number_variant", lambda k: (k.year == key.year or not k.year or not key.year) and len(key.symbol) >= 4
                              and _one_edit_apart(k.loose.split("/")[-1], key.loose.split("/")[-1]))):
            cands = [rid for rid, k in by_seq if test(k)]
            if cands:
                cands = _choose(sorted(set(cands)), cit, cyear, citing, records)
                return (method, cands) if len(cands) == 1 else ("ambiguous", cands)
    # type + issuer + full date, for a citation without a usable number (or a mistyped one)
    if cit.issued_on and (cit.issuer or cit.doc_type):
        cands = []
        for rid in by_date.get(cit.issued_on, []):
            rec = records[rid]
            if rid == doc_id:
                continue
            if not _types_agree(cit.doc_type, rec) or not cit.issuer or not _issuer_agrees(cit, citing, rec):
                continue
            tk = number_key(rec.number.text if rec.number else None)
            if key and tk and key.symbol and tk.symbol and key.loose.split("/")[-1] != tk.loose.split("/")[-1]:
                continue
            cands.append(rid)
        if len(cands) == 1:
            return "type_issuer_date", cands
        if cands:
            return "ambiguous", sorted(cands)
    # A record whose own number or date was not read in full is the cited one when issuer, type, year
    # and symbol (where readable) agree and its subject is the cited title: an unsigned draft
    # ("Số: /KH-UBND", date blank) of a plan cited by its signed number, or a scan whose number the
    # OCR garbled. Comparing folded syllables forgives OCR's tone errors ("triên khai", "câp").
    title = _title_of(cit, citing)
    if title and (cit.issuer or (key and key.symbol)):
        cands = []
        for rid, rec in incomplete.items():
            tk = number_key(rec.number.text if rec.number else None)
            if rid == doc_id:
                continue
            if key and key.symbol and tk and tk.symbol and not rec.source.ocr \
                    and tk.loose.split("/")[-1] != key.loose.split("/")[-1]:
                continue
            if not (cit.issuer or (tk and tk.symbol)) or not _types_agree(cit.doc_type, rec):
                continue
            if cyear and _rec_year(rec) and _rec_year(rec) != cyear:
                continue
            if cit.issuer and not _issuer_agrees(cit, citing, rec):
                continue
            subject = rec.subject.text if rec.subject else ""
            if similarity(title, subject, rules.stop_syllables) >= rules.similarity.draft_title:
                cands.append(rid)
        if len(cands) == 1:
            rec = records[cands[0]]
            blank = rec.number is None or not (number_key(rec.number.text) or NumberKey(None, None, "", "", "")).seq
            return ("draft" if blank and not rec.source.ocr else "subject"), cands
        if cands:
            return "ambiguous", sorted(cands)
    # A scan whose header the OCR left unparsed (no number, issuer or date fields) is the cited one
    # when its header zone shows the cited symbol ("… BCT-ATMT" after a garbled sequence), the cited
    # issuer, and the cited date (a signature stamp "02.04.2026" counts) or nearly all the title.
    if key and key.symbol and (cit.issuer or cit.issued_on):
        cands = [rid for rid, rec in incomplete.items() if rid != doc_id and _header_shows(rec, key, cit, citing)]
        if len(cands) == 1:
            return "header_text", cands
        if cands:
            return "ambiguous", sorted(cands)
    return "unresolved", []


HEADER_ZONE = 1500  # characters: the header, subject and date sit at the top of the first page


_BODY_START = re.compile(r"(?im)^[ \t]*(?:kính gửi|căn cứ|thực hiện|triển khai|theo|nhận được)\b")
_NUMBER_LINE = re.compile(r"(?im)^[ \t]*(?:số|sô|so|SỐ)[ \t]*[:.,;]?(?P<rest>[^\n]{0,60})")


def _is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


def _header_shows(rec: Record, key: NumberKey, cit: Citation, citing: Record) -> bool:
    """Whether a record whose header fields were not parsed is, by its header text, the cited one:
    a "Số:" line (at a line start, not "Quyết định số …" in a sentence) ending in the cited symbol
    after at most a garbled sequence whose legible digits fit the cited one; the cited issuer above
    that line; and the cited date in the header (a signature stamp counts) or nearly all the title."""
    tk = number_key(rec.number.text if rec.number else None)
    if (tk and tk.seq) or not rec.text or (rec.issued_on and rec.issued_on.date) or not key.seq:
        return False
    zone = rec.text[:HEADER_ZONE]
    body = _BODY_START.search(zone)  # a wrapped "… Quyết định\nsố 512/QĐ-TTg" in the body is not a header
    zone = zone[:body.start()] if body else zone
    symbol = key.symbol.replace(" ", "")
    line_at = None
    for m in _NUMBER_LINE.finditer(zone):
        rest = re.sub(r"\s+", "", m.group("rest").translate(_HOMOGLYPHS)).upper()
        i = rest.find(symbol)
        if i < 0 or i > 12:
            continue
        if _is_subsequence("".join(re.findall(r"\d", rest[:i])), key.seq):
            line_at = m.start()
            break
    if line_at is None:
        return False
    above = fold(zone[:line_at])
    if cit.issuer and fold(_canonical(cit.issuer, None)) not in above and fold(cit.issuer) not in above:
        return False
    if cit.issued_on:
        from extractor.dates import find_dates

        if any(d.iso == cit.issued_on for d in find_dates(zone)):
            return True
    title = syllables(_title_of(cit, citing), load_audit_rules().stop_syllables)
    return bool(title) and len(title & syllables(zone)) / len(title) >= 0.8


def number_index(records: Mapping[str, Record]) -> dict[str, list[tuple[str, NumberKey]]]:
    """Records by the sequence number of their own number."""
    out: dict[str, list[tuple[str, NumberKey]]] = {}
    for rid, rec in records.items():
        k = number_key(rec.number.text if rec.number else None)
        if k and k.seq:
            out.setdefault(k.seq, []).append((rid, k))
    return out


def link_records(records: Mapping[str, Record] | Iterable[tuple[str, Record]]) -> list[Link]:
    """Every citation of every record, resolved against the others (pure; no storage).

    >>> from extractor.models import Number, Citation
    >>> a = Record(number=Number(text="2265/BCT-ATMT"))
    >>> b = Record(legal_basis=[Citation(number="2265/BCT-ATMT")])
    >>> [(l.document, l.target, l.method) for l in link_records({"a": a, "b": b})]
    [('b', 'a', 'number')]
    """
    recs = dict(records) if not isinstance(records, Mapping) else records
    index, by_date = number_index(recs), date_index(recs)
    incomplete = {rid: rec for rid, rec in recs.items() if not _complete(rec)}
    links = []
    for rid, rec in recs.items():
        for ordinal, (kind, i, cit) in enumerate(citations_of(rec)):
            method, cands = link_citation(rid, rec, cit, recs, index, by_date=by_date, incomplete=incomplete)
            links.append(Link(document=rid, ordinal=ordinal, kind=kind, index=i, number=cit.number,
                              target=cands[0] if method not in ("ambiguous", "unresolved") else None,
                              method=method, candidates=cands if method == "ambiguous" else []))
    return links


# ---------------------------------------------------------------------------------------------
# Storage: the `citation_links` table beside the store's own tables

_DDL = [
    """CREATE TABLE IF NOT EXISTS citation_links (
        document TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        kind TEXT NOT NULL,
        idx INTEGER NOT NULL,
        number TEXT,
        target TEXT,
        method TEXT NOT NULL,
        candidates TEXT,
        PRIMARY KEY (document, ordinal))""",
    "CREATE INDEX IF NOT EXISTS citation_links_target ON citation_links (target)",
    "CREATE TABLE IF NOT EXISTS citation_links_state (name TEXT PRIMARY KEY, value TEXT)",
]


def current_records(store) -> dict[str, Record]:
    """The records the archive holds now: a file re-ingested with new bytes keeps its old version in
    the store, and the old version must not be a second candidate for every citation of it."""
    records = dict(store.iter_records())
    try:
        current = {r[0] for r in store.execute(
            "SELECT DISTINCT document FROM files WHERE document IS NOT NULL").fetchall()}
    except Exception:  # a store without per-path status: every record is current
        current = set()
    if current:
        records = {k: v for k, v in records.items() if k in current}
    return records


def archive_fingerprint(records: Mapping[str, Record]) -> str:
    """Changes whenever a record, its number, issuer, date or citations change: links are then stale."""
    import hashlib

    h = hashlib.sha256()
    for rid in sorted(records):
        rec = records[rid]
        h.update(rid.encode())
        h.update(rec.model_dump_json(include={"doc_type", "number", "issuer", "issued_on", "subject",
                                               "legal_basis", "references", "place"}).encode())
    return h.hexdigest()


def _ensure_tables(store) -> None:
    with store.transaction():
        for stmt in _DDL:
            store.execute(stmt)


def link_archive(store, records: Mapping[str, Record] | None = None) -> list[Link]:
    """Resolve every citation in the archive and store the links (placeholders included), replacing
    the previous ones. The ingest calls this after a run; audit and tasks call it when links are stale.

    >>> from extractor.store import open_store
    >>> link_archive(open_store(":memory:"))
    []
    """
    import json

    records = current_records(store) if records is None else records
    links = link_records(records)
    _ensure_tables(store)
    rows = [(l.document, l.ordinal, l.kind, l.index, l.number, l.target, l.method, json.dumps(l.candidates))
            for l in links]
    with store.transaction():
        store.execute("DELETE FROM citation_links")
        store.executemany(
            "INSERT INTO citation_links (document, ordinal, kind, idx, number, target, method, candidates) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document, ordinal) DO UPDATE SET kind = excluded.kind, "
            "idx = excluded.idx, number = excluded.number, target = excluded.target, method = excluded.method, "
            "candidates = excluded.candidates", rows)
        store.execute("INSERT INTO citation_links_state (name, value) VALUES ('fingerprint', ?) "
                      "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (archive_fingerprint(records),))
    return links


def stored_links(store) -> list[Link]:
    """The links as stored (empty when never linked)."""
    import json

    _ensure_tables(store)
    rows = store.execute("SELECT document, ordinal, kind, idx, number, target, method, candidates "
                         "FROM citation_links ORDER BY document, ordinal").fetchall()
    return [Link(document=r[0], ordinal=r[1], kind=r[2], index=r[3], number=r[4], target=r[5], method=r[6],
                 candidates=json.loads(r[7]) if r[7] else []) for r in rows]


def ensure_links(store, records: Mapping[str, Record] | None = None) -> list[Link]:
    """The stored links, recomputed first when the archive changed since they were made. An archive
    we may only read (a read-only file, a reporting role) gets links computed in memory instead."""
    records = current_records(store) if records is None else records
    try:
        _ensure_tables(store)
        row = store.execute("SELECT value FROM citation_links_state WHERE name = 'fingerprint'").fetchone()
        if row is None or row[0] != archive_fingerprint(records):
            return link_archive(store, records)
        return stored_links(store)
    except Exception as exc:
        if "read-only" in str(exc).lower() or "readonly" in str(exc).lower() or "permission denied" in str(exc).lower():
            return link_records(records)
        raise
