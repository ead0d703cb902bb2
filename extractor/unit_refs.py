"""Unit names across documents: which body a name stands for, read in its document's context.

`resolve_unit` reads a name in the context of its document (issuer, parent, place), so "Sở Công
Thương" in a Lào Cai plan is Lào Cai's and "Ủy ban nhân dân tỉnh" is the issuer's province;
`unit_covers` says whether a name written in one document stands for a unit (directly, or as a
member of "các Sở, ban, ngành", "UBND các xã, phường", "các đơn vị trường học"). The words come from
rules/audit.yaml (`audit_rules`).

>>> u = resolve_unit("Sở Công Thương", issuer="Ủy ban nhân dân tỉnh Lào Cai")
>>> unit_covers(resolve_unit("các Sở, ban, ngành", issuer="Ủy ban nhân dân tỉnh Lào Cai"), u).how
'group'
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, Optional

from extractor.assignments import member_list
from extractor.audit_rules import load_audit_rules
from extractor.models import Record
from extractor.textkeys import fold

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


def canonical_name(name: str, issuer) -> str:
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
            _, loc = _split_locality(canonical_name(n, None))
            if loc and loc.name:
                out.append(loc)
    return out


def resolve_unit(name: str, issuer=None) -> UnitRef:
    """A unit name read in the context of the document it appears in (`issuer`: a name or an Issuer).

    >>> u = resolve_unit("Sở Công Thương", issuer="Ủy ban nhân dân tỉnh Lào Cai")
    >>> (u.head, u.locality.name, u.level)
    ('sơ công thương', 'lao cai', 'province')
    """
    canonical = canonical_name(_strip_position(name.strip()), issuer)
    ctx = _context(issuer) if issuer is not None else []
    folded = fold(canonical)
    iss_name = issuer if isinstance(issuer, str) else getattr(issuer, "name", None)
    parsed = _parse_group(folded, _level(canonical_name(iss_name, None)) if iss_name else None)
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

    A group with its members listed after a colon is its members:

    >>> split_names("UBND các phường: Ba Đình, Tây Hồ và UBND xã Bát Tràng")
    ['UBND phường Ba Đình', 'UBND phường Tây Hồ', 'UBND xã Bát Tràng']
    """
    heads = re.compile(rf"(?:{_split_heads()})(?!\w)", re.I)
    out = []
    members = member_list(name or "")
    if members:
        # "UBND xã Bát Tràng" is named in full; "Ba Đình" is a member: "UBND phường Ba Đình"
        return [item if heads.match(item) else f"{members.prefix}{members.noun} {item}" for item in members.items]
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
