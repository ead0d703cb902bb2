"""Units (cơ quan, đơn vị, địa phương): find them in text, write them one canonical way, tell their level.

The lexicon lives in rules/units.yaml: abbreviations with their expansions, head-words ("Sở", "Phòng",
"Ủy ban nhân dân" …), field names ("Giáo dục và Đào tạo" …) and administrative level words. The engine:

- `find_units(text)`: spaCy `blank("xx")` tokens + a PhraseMatcher over head-words (built once per
  process); each head-word is extended over the name that follows it (capitalised syllables, a field
  name from the lexicon, a head-word inside it, "và"/"-" between capitalised words; a comma ends it)
  and a locality ("tỉnh Kiên Giang", "các huyện, thành phố", "cấp xã"). ~80 k characters/s.
- `canonical_unit(name, issuer)`: abbreviations expanded, one tone placement ("Uỷ" → "Ủy", "hoá" →
  "hóa"), field variants unified, level words lower case, and a locality the text leaves implicit taken
  from the issuer ("Phòng Giáo dục và Đào tạo" in a plan of "UBND huyện Sông Mây" is that district's).
- `unit_key(name, issuer)`: the canonical form folded for comparison (case, punctuation).
- `unit_level(name)`: central | province | district | commune | unit | None.
- `modern_unit(name, issuer)`: the unit's locality after the 2025 reorganisation (underthesea's
  offline `convert_address`), a hint for linking.
- `unit_start_words()`: first words a unit can begin with, a cheap test before `find_units`.

>>> [m.name for m in find_units("Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh")]
['Sở Tư pháp', 'Công an tỉnh']
>>> canonical_unit("Phòng GD&ĐT", issuer="UBND huyện Sông Mây")
'Phòng Giáo dục và Đào tạo huyện Sông Mây'
>>> unit_level("UBND xã An Bình")
'commune'
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from extractor.memo import TextMemo
from extractor.rules import Rule, load_rules


# ---------------------------------------------------------------- rules/units.yaml


class _Rule(Rule):
    priority: int = 0


class Abbreviation(_Rule):
    forms: list[str]
    expansion: str


class Head(_Rule):
    words: list[str]
    needs_name: bool
    level: Optional[str] = None


class FieldName(_Rule):
    canonical: str
    variants: list[str]


class LevelWord(_Rule):
    words: list[str]
    level: str
    not_before: list[str] = Field(default_factory=list)


class UnitRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    abbreviations: list[Abbreviation]
    heads: list[Head]
    fields: list[FieldName]
    levels: list[LevelWord]
    central_cities: list[str]
    stop_words: list[str]


def load_unit_rules() -> UnitRules:
    """rules/units.yaml, validated (a typo fails here, not at match time)."""
    return load_rules("units", UnitRules)


# ---------------------------------------------------------------- spelling


# Old-style tone placement on the glide ("hoá", "Uỷ") → the placement on the main vowel that most
# documents (and the gold) use ("hóa", "Ủy"). Only in open syllables: "hoàng", "khoản" keep theirs,
# and never after "q" ("quý" is the same both ways).
_TONE = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
         "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(list(_TONE) + [k[0].upper() + k[1:] for k in _TONE]) + r")(?!\w)")


def normalize_tone(text: str) -> str:
    """One tone placement: "Uỷ ban" → "Ủy ban", "Văn hoá" → "Văn hóa"; lengths are kept.

    >>> normalize_tone("Uỷ ban nhân dân, Văn hoá, quý, hoàng")
    'Ủy ban nhân dân, Văn hóa, quý, hoàng'
    """
    def swap(m: re.Match) -> str:
        s = m.group(1)
        new = _TONE[s.lower()]
        return new[0].upper() + new[1:] if s[0].isupper() else new
    return _TONE_RE.sub(swap, text)


def _clean(name: str) -> str:
    s = unicodedata.normalize("NFC", name or "")
    s = s.replace("Ð", "Đ").replace("ð", "đ")
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" :;,.-–*_")


# ---------------------------------------------------------------- compiled lexicon


@dataclass(frozen=True)
class _Lexicon:
    rules: UnitRules
    abbrev_re: re.Pattern
    abbrev_map: dict
    field_re: re.Pattern
    field_map: dict
    level_words: dict  # lower word → LevelWord
    level_re: re.Pattern
    heads_by_word: dict  # lower head word → Head
    head_starts: frozenset  # lower first token of every head word
    stop: frozenset


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    r = load_unit_rules()
    forms = []
    amap = {}
    for a in r.abbreviations:
        for f in a.forms:
            forms.append((a.priority, len(f), f))
            amap[f] = a.expansion
    # Longer and higher-priority forms first in the alternation so "GD&ĐT" is not read as "GD" + "&ĐT".
    forms.sort(key=lambda x: (-x[0], -x[1]))
    abbrev_re = re.compile(r"(?<![\w&])(" + "|".join(re.escape(f) for _, _, f in forms) + r")(?![\w&])")
    fmap = {}
    variants = []
    for f in r.fields:
        for v in f.variants:
            fmap[v.lower()] = f.canonical
            variants.append(v)
    variants.sort(key=len, reverse=True)
    field_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in variants) + r")(?!\w)", re.I)
    lw = {}
    for lv in r.levels:
        for w in lv.words:
            lw[w.lower()] = lv
    level_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(lw, key=len, reverse=True)) + r")(?!\w)", re.I)
    hb = {}
    for h in r.heads:
        for w in h.words:
            old = hb.get(w.lower())
            if old is None or h.priority > old.priority:
                hb[w.lower()] = h
    starts = frozenset(w.split()[0] for w in hb)
    return _Lexicon(r, abbrev_re, amap, field_re, fmap, lw, level_re, hb, starts, frozenset(r.stop_words))


@functools.lru_cache(maxsize=1)
def _nlp():
    """spaCy tokenizer and the head-word PhraseMatcher, built once per process."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("xx")
    lex = _lexicon()
    heads = PhraseMatcher(nlp.vocab, attr="LOWER")
    head_docs = []
    for h in lex.rules.heads:
        head_docs += [nlp.make_doc(w) for w in h.words]
        heads.add(h.id, head_docs[-len(h.words):])
    fields = PhraseMatcher(nlp.vocab, attr="LOWER")
    for f in lex.rules.fields:
        fields.add(f.id, [nlp.make_doc(v) for v in f.variants])
    # "Các Sở, ban, ngành": plural generic bodies named without a head-word's proper name.
    plural = PhraseMatcher(nlp.vocab, attr="LOWER")
    plural_docs = [nlp.make_doc(w) for w in (
        "các sở", "các bộ", "các phòng", "các ban", "các cơ quan", "các đơn vị", "các địa phương",
        "các ngành", "các trường", "các tổ chức", "các hội", "các trung tâm", "các bộ, ngành",
        "các sở, ngành", "các sở, ban, ngành", "các phòng, ban, ngành", "các bộ, cơ quan ngang bộ")]
    plural.add("unit.plural", plural_docs)
    # A head or plural match starts at a token whose lower case is the first token of one of these
    # phrases, so that lower-case text is inside the window's lower case (str.lower maps each
    # character on its own, but for a Greek final sigma that no phrase holds). A window without any
    # of them has no unit: `find_units` answers it without tokenizing.
    firsts = sorted({d[0].lower_ for d in head_docs + plural_docs if len(d)}, key=len, reverse=True)
    may_hold = re.compile("|".join(re.escape(w) for w in firsts))
    return nlp, heads, fields, plural, may_hold


def unit_start_words() -> frozenset:
    """First words (lower case) a unit's name can begin with: a cheap test before `find_units`.

    >>> "sở" in unit_start_words()
    True
    """
    return _lexicon().head_starts | frozenset(w.split()[0] for w in ("các sở", "ủy ban"))


# ---------------------------------------------------------------- find_units


@dataclass(frozen=True)
class UnitMention:
    """A unit named in the text: `text[start:end] == name`; `rule` is the head-word rule that found it."""

    start: int
    end: int
    name: str
    canonical: str
    rule: str


# The units of each window of the last few documents: assignments and deadlines ask for the same
# line's units several times.
_MEMO = TextMemo()

# Inside a name only these join capitalised words; a comma ends the name (names with commas,
# "Văn hóa, Thể thao và Du lịch", are in the field lexicon).
_CONNECT = {"và", "&", "-", "–"}
# Head-words that are the second half of another word after these: "cơ sở", "xã hội", "Ủy ban".
_NOT_AFTER = {"sở": {"cơ", "trụ"}, "hội": {"xã"}, "ban": {"ủy", "uỷ"}, "phòng": {"quốc", "dự"}}


def _is_cap(t: str) -> bool:
    return bool(t) and t[0].isupper()


def _is_word(t: str) -> bool:
    return bool(t) and t[0].isalpha()


class _Tokens:
    """A window's tokens as plain lists: the helpers below read each token by index many times, and a
    spaCy Doc makes a new Token object on every doc[i]. Level words found at an index are kept."""

    def __init__(self, doc):
        self.doc = doc
        toks = list(doc)
        self.text = [t.text for t in toks]
        self.ws = [t.whitespace_ for t in toks]
        self._levels: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.text)


def _level_at(toks: _Tokens, k: int, lex: _Lexicon) -> int:
    """Tokens taken by a level word at token k ("thành phố", "cấp xã"), 0 when none."""
    n = toks._levels.get(k)
    if n is None:
        n = toks._levels[k] = _level_words_at(toks.text, k, lex)
    return n


def _level_words_at(texts: list[str], k: int, lex: _Lexicon) -> int:
    for n in (4, 3, 2, 1):
        if k + n > len(texts):
            continue
        words = " ".join(texts[k:k + n]).lower()
        lv = lex.level_words.get(words)
        if lv is None:
            continue
        nxt = texts[k + n].lower() if k + n < len(texts) else ""
        if nxt in lv.not_before:
            return 0
        return n
    return 0


def _proper_name(toks: _Tokens, k: int, lex: _Lexicon, head_at: frozenset = frozenset()) -> int:
    """End token of a capitalised place name starting at k ("Kiên Giang", "Bà Rịa - Vũng Tàu")."""
    text, n = toks.text, len(toks)
    j = k
    while j < n:
        t = text[j]
        if _is_cap(t) and _is_word(t) and j not in head_at and not _level_at(toks, j, lex):
            j += 1
        elif t in ("-", "–") and j > k and j + 1 < n and _is_cap(text[j + 1]) and not toks.ws[j - 1] == "\n":
            j += 1
        else:
            break
    while j > k and text[j - 1] in ("-", "–"):
        j -= 1
    return j


def _locality(toks: _Tokens, k: int, lex: _Lexicon, head_at: frozenset = frozenset()) -> int:
    """End token of a locality after a unit's name: "tỉnh Kiên Giang", "các huyện, thành phố",
    "xã/thị trấn", "cấp tỉnh", "30 phường, xã", "trực thuộc Trung ương"; k when there is none."""
    text, count = toks.text, len(toks)
    j = k
    if j < count and text[j].lower() in ("các", "cấp") and _level_at(toks, j + 1, lex):
        j += 1
    elif j < count and toks.doc[j].like_num and _level_at(toks, j + 1, lex):
        j += 1
    n = _level_at(toks, j, lex)
    if not n:
        return k
    end = j + n
    end = _proper_name(toks, end, lex, head_at)
    # A list of levels: "các huyện, thành phố", "xã/thị trấn", "tỉnh, thành phố trực thuộc Trung ương",
    # or one locality inside another: "Việt Nam thành phố Hòa Bình".
    while end < count:
        sep = 1 if text[end] in (",", "/", "và") else 0
        n2 = _level_at(toks, end + sep, lex)
        if not n2 or "\n" in toks.ws[end - 1]:
            break
        end = _proper_name(toks, end + sep + n2, lex, head_at)
    n3 = _level_at(toks, end, lex)
    if n3 and " ".join(text[end:end + n3]).lower().startswith("trực thuộc"):
        end += n3
    return end


def _extend(toks: _Tokens, k: int, lex: _Lexicon, fields: dict, head_at, head_end: dict | None = None) -> int:
    """End token of the name after a head-word ending at token k."""
    text, ws, n = toks.text, toks.ws, len(toks)
    last = k
    j = k
    lower_run = 1  # nothing lowercase may follow the head-word itself before a capitalised word
    while j < n:
        t = text[j]
        if "\n" in ws[j - 1] or (j > 0 and "\n" in text[j - 1]):
            break
        if j in fields:
            j = fields[j]
            last, lower_run = j, 1
            continue
        if head_end and j in head_end and text[j - 1] not in _CONNECT:
            j = head_end[j]  # "Văn phòng Ủy ban nhân dân": a whole head-word inside the name
            last, lower_run = j, 1
            continue
        if _level_at(toks, j, lex):
            break
        if _is_cap(t) and (_is_word(t) or t[0] in "Đ"):
            if j in head_at and j > k and text[j - 1] in _CONNECT:
                break  # ", Sở Tài chính", "và Sở Xây dựng": the next unit of a list
            j += 1
            last, lower_run = j, 0
            continue
        if t in _CONNECT and j + 1 < n and _is_cap(text[j + 1]) and not _level_at(toks, j + 1, lex):
            if j + 1 in head_at:
                break
            j += 1
            continue
        pair = f"{t} {text[j + 1]}" if j + 1 < n else t
        if _is_word(t) and t.islower() and lower_run == 0 and t not in lex.stop and pair not in lex.stop:
            j += 1
            last, lower_run = j, 1
            continue
        break
    return last


def find_units(text: str, start: int = 0, end: int | None = None) -> list[UnitMention]:
    """Units named in `text[start:end]`, in order, spans into `text`.

    >>> [(m.name, m.rule) for m in find_units("Đề nghị Ủy ban nhân dân các xã, phường báo cáo")]
    [('Ủy ban nhân dân các xã, phường', 'head.ubnd')]
    """
    end = len(text) if end is None else end
    return list(_MEMO.get(text, ("units", start, end), lambda: _find_units(text, start, end)))


def _find_units(text: str, start: int, end: int) -> tuple[UnitMention, ...]:
    if 0 <= start <= end <= len(text) and end - start <= _WINDOW_MAX:
        return tuple(UnitMention(m.start + start, m.end + start, m.name, m.canonical, m.rule)
                     for m in _window_units(text[start:end]))
    return _units_at(text, start, end)


# What find_units finds in a window depends on the window's characters alone (it is tokenized on its
# own), so the answer for one window's text serves every place that text stands: the same line of a
# plan read by assignments and deadlines, the boilerplate lines every document of a kind repeats.
# Kept for short windows only (lines, sentences, cells), at most _WINDOW_CACHE of them.
_WINDOW_MAX = 1000  # characters: at most ~8 MB of window text kept
_WINDOW_CACHE = 4096


@functools.lru_cache(maxsize=_WINDOW_CACHE)
def _window_units(window: str) -> tuple[UnitMention, ...]:
    """The units of `window` with spans into `window`."""
    return _units_at(window, 0, len(window))


def _units_at(text: str, start: int, end: int) -> tuple[UnitMention, ...]:
    nlp, heads, field_matcher, plural, may_hold = _nlp()
    window = text[start:end]
    if not may_hold.search(window.lower()):
        return ()
    lex = _lexicon()
    doc = nlp.make_doc(window)
    head_matches, plural_matches = heads(doc), plural(doc)
    if not head_matches and not plural_matches:
        return ()
    toks = _Tokens(doc)
    text_at = toks.text
    fields = {}
    for _, s, e in field_matcher(doc):
        if e > fields.get(s, 0):
            fields[s] = e
    cands = []
    for mid, s, e in head_matches:
        rid = nlp.vocab.strings[mid]
        # doc[s:e].text: a Doc's text is its tokens' texts and spaces, each token at its idx.
        head = lex.heads_by_word.get(window[doc[s].idx:doc[e - 1].idx + len(text_at[e - 1])].lower())
        cands.append((s, e, rid, head))
    for mid, s, e in plural_matches:
        cands.append((s, e, "unit.plural", None))
    # Longest head-word first at each start; a mention never overlaps an earlier one.
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    head_at = frozenset(c[0] for c in cands if _is_cap(text_at[c[0]]))
    head_end: dict = {}
    for c in cands:
        if _is_cap(text_at[c[0]]) and c[1] > head_end.get(c[0], 0):
            head_end[c[0]] = c[1]
    out: list[UnitMention] = []
    taken = -1
    for s, e, rid, head in cands:
        if s < taken:
            continue
        first = text_at[s]
        nxt = text_at[e] if e < len(toks) else ""
        if rid == "unit.plural":
            j = e
            # "các sở, ban, ngành, đoàn thể": the rest of the list of common nouns
            while j + 1 < len(toks) and text_at[j] == "," and text_at[j + 1].lower() in ("ban", "ngành", "đoàn", "cơ", "đơn", "địa"):
                j += 2
                while j < len(toks) and text_at[j].lower() in ("thể", "quan", "vị", "phương"):
                    j += 1
            j = _locality(toks, j, lex, head_at)
        else:
            abbrev = first.isupper() and len(first) > 1
            if not (_is_cap(first) or abbrev or _is_cap(nxt)):
                continue  # "phòng, chống", "ban hành": ordinary words
            prev = text_at[s - 1].lower() if s > 0 else ""
            if prev in _NOT_AFTER.get(first.lower(), ()):
                continue  # "cơ sở", "xã hội", "Ủy ban": the head-word is part of another word
            j = _extend(toks, e, lex, fields, head_at, head_end)
            if head is not None and head.needs_name and (j == e or not (_is_cap(nxt) and nxt[0].isalpha()) and e not in fields):
                # "Ban hành", "Hội nghị", "Báo cáo": a head-word needing a name got none, unless a
                # level word follows ("Văn phòng UBND" is caught by its own head).
                continue
            j = _locality(toks, j, lex, head_at)
        # doc[s:j] (j > s: a name never ends before its head-word): its characters in the text.
        a, b = start + doc[s].idx, start + doc[j - 1].idx + len(text_at[j - 1])
        name = text[a:b]
        if not name.strip():
            continue
        out.append(UnitMention(a, b, name, canonical_unit(name), rid))
        taken = j
    return tuple(out)


# ---------------------------------------------------------------- canonical form and level


_LOCALITY_RE = re.compile(
    r"(?<!\w)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s*[-–]?\s*[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)",
    re.I)


def _issuer_names(issuer) -> Optional[tuple]:
    """The names canonical_unit reads from an issuer: the string itself, or an Issuer's name and parent."""
    if issuer is None:
        return None
    return (issuer,) if isinstance(issuer, str) else (getattr(issuer, "name", None), getattr(issuer, "parent", None))


def _issuer_locality(names: tuple) -> Optional[tuple[str, str]]:
    """(level word, place name) of the issuer: "UBND thành phố Biên Hòa" → ("thành phố", "Biên Hòa")."""
    for n in names:
        if not n:
            continue
        s = normalize_tone(_expand(_clean(n)))
        found = None
        for m in _LOCALITY_RE.finditer(s):
            name = m.group(2)
            if name[:1].isupper() and name.split()[0].lower() not in _lexicon().head_starts:
                found = (m.group(1).lower(), name)
        if found:
            return found
    return None


def _expand(s: str) -> str:
    lex = _lexicon()
    return lex.abbrev_re.sub(lambda m: lex.abbrev_map[m.group(1)], s)


_PLURAL_START = re.compile(r"^(các|những|toàn bộ|tất cả)\b", re.I)


def canonical_unit(name: str, issuer=None) -> str:
    """The unit written one way for linking: abbreviations expanded, one tone placement, field
    variants unified, level words lower case, and the issuer's own locality where the text leaves it
    implicit. `issuer` is the issuer's name (str) or an Issuer (its name, then its parent).

    >>> canonical_unit("Uỷ ban nhân dân Quận", issuer="UBND quận Bờ Hồ")
    'Ủy ban nhân dân quận Bờ Hồ'
    >>> canonical_unit("Sở LĐTB&XH")
    'Sở Lao động - Thương binh và Xã hội'
    """
    names = _issuer_names(issuer)
    try:
        return _canonical_unit(name, names)
    except TypeError:  # an unhashable name or issuer part: nothing to remember it by
        return _canonical_unit.__wrapped__(name, names)


# Assignments, deadlines, findings and linking ask for the same few names again and again (every
# mention of "Phòng GD&ĐT" in a plan): each (name, issuer) is worked out once per process.
@functools.lru_cache(maxsize=8192)
def _canonical_unit(name: str, issuer_names: Optional[tuple]) -> str:
    lex = _lexicon()
    s = normalize_tone(_clean(name))
    s = _expand(s)
    s = lex.field_re.sub(lambda m: lex.field_map[m.group(1).lower()], s)
    s = re.sub(r"\s*[–—]\s*", " - ", s)
    s = re.sub(r"\s+", " ", s).strip()
    # Level words after the name are common nouns: "Phòng Giáo dục Quận" → "… quận".
    s = re.sub(r"(?<=\S )(Thành phố|Thành Phố|Tỉnh|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)(?=\s|$|,)(?! hội)",
               lambda m: m.group(1).lower(), s)
    if issuer_names is not None and not _PLURAL_START.match(s):
        loc = _issuer_locality(issuer_names)
        if loc:
            lvl_word, place = loc
            bare = re.search(r"(?<!\w)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)$", s)
            if bare and bare.group(1) == lvl_word:
                s = f"{s} {place}"
            elif not _LOCALITY_RE.search(s) and not bare and _head_level(s) == _LEVEL_OF_WORD.get(lvl_word, lvl_word) \
                    and " thuộc " not in s:
                s = f"{s} {lvl_word} {place}"
    if s and s[0].islower() and s.split()[0].lower() in lex.head_starts:
        s = s[0].upper() + s[1:]
    return s


_LEVEL_OF_WORD = {"tỉnh": "province", "thành phố": "district", "huyện": "district", "quận": "district",
                  "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune"}


@functools.lru_cache(maxsize=4096)
def _head_level(canonical: str) -> Optional[str]:
    lex = _lexicon()
    low = canonical.lower()
    best = None
    for w, h in lex.heads_by_word.items():
        if low.startswith(w + " ") or low == w:
            if best is None or len(w) > len(best[0]):
                best = (w, h)
    return best[1].level if best else None


def unit_key(name: str, issuer=None) -> str:
    """`canonical_unit` folded for comparison: case, punctuation and spacing removed.

    >>> unit_key("UBND Huyện") == unit_key("Ủy ban nhân dân huyện")
    True
    """
    s = canonical_unit(name, issuer).casefold()
    s = re.sub(r"[\"“”'‘’().,;:\-–/&]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def unit_level(name: str, issuer=None) -> Optional[str]:
    """Administrative level of a unit: central | province | district | commune | unit, None if unknown.

    >>> [unit_level(n) for n in ("Bộ Tài chính", "Sở Nội vụ", "Phòng Nội vụ", "UBND phường Hòa Bình")]
    ['central', 'province', 'district', 'commune']
    """
    lex = _lexicon()
    s = canonical_unit(name, issuer)
    head = _head_level(s)
    if head in ("central", "unit"):
        return head
    found = None
    for m in lex.level_re.finditer(s):
        w = m.group(1).lower()
        lv = lex.level_words[w]
        after = s[m.end():].strip().lower()
        if any(after.startswith(nb) for nb in lv.not_before):
            continue
        level = lv.level
        if w == "thành phố":
            place = s[m.end():].strip()
            if any(place.startswith(c) for c in lex.rules.central_cities) or "trực thuộc" in after:
                level = "province"
        found = level
    return found or head


@dataclass(frozen=True)
class ModernLocality:
    """Where a unit's locality is after the 2025 reorganisation (34 provinces, no districts)."""

    old: str  # the address given to the converter: "xã An Bình, huyện Sông Mây, tỉnh Đồng Xanh"
    new: Optional[str]  # "Xã An Bình, Tỉnh Đồng Xanh"; None when the converter knew nothing
    status: str  # the converter's: success | partial | …
    note: str


_ADDR_PART = re.compile(r"(?<!\w)(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+"
                        r"((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s*[-–]?\s*[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)")


def modern_unit(name: str, issuer=None) -> Optional[ModernLocality]:
    """The unit's locality converted to the post-2025 administrative map with underthesea's offline
    `convert_address`; None when the name carries no locality (nor the issuer an implicit one).

    Measured (underthesea 9.5): province renames are right ("tỉnh Kiên Giang" → "Tỉnh An Giang",
    status partial); old wards map to their merged ward; districts no longer exist, so a district's
    unit keeps only its province; one district came back wrong ("huyện Cát Hải" → another đặc khu), so
    the result is a hint for linking, never a replacement of the name as written.

    >>> modern_unit("Sở Tài chính tỉnh Kiên Giang").new
    'Tỉnh An Giang'
    """
    parts = [(m.group(1).lower(), m.group(2)) for m in _ADDR_PART.finditer(canonical_unit(name, issuer))]
    if not parts:
        return None
    try:
        from underthesea import convert_address
    except ImportError:  # the converter is optional: no hint rather than an error
        return None
    old = ", ".join(f"{w} {n}" for w, n in reversed(parts)) if len(parts) > 1 and parts[0][0] in ("tỉnh", "thành phố") \
        else ", ".join(f"{w} {n}" for w, n in parts)
    res = convert_address(old)
    status = getattr(res.status, "value", str(res.status))
    new = res.converted if status in ("success", "partial") and res.converted else None
    return ModernLocality(old, new, status, res.note or "")
