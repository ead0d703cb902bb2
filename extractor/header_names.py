"""Names as printed in a header → names as written in running text.

Headers print the issuing body in capitals ("ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY"); the record gives it as
running text writes it ("Ủy ban nhân dân tỉnh Sông Mây"). Which words keep a capital is data
(rules/header.yaml): head-words of bodies, of localities, fixed names. Abbreviations (anything that is
not a Vietnamese syllable: UBND, PCGD, ĐHQGHN) are kept as printed.

Crawled texts also break syllables apart ("ỦY B AN NHÂN D Â N", "Ngu y ễn"); `join_broken_syllables`
puts them back where the pieces cannot stand alone and the joined piece is a valid syllable.

>>> running_case("ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY")
'Ủy ban nhân dân tỉnh Sông Mây'
>>> join_broken_syllables("T HÀNH P HỐ BỜ HỒ")
'THÀNH PHỐ BỜ HỒ'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from pydantic import BaseModel, ConfigDict

from extractor.rules import load_rules


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CasingRule(_Strict):
    id: str
    casing: str
    example: str


class AbbrevRule(_Strict):
    id: str
    short: str
    long: str
    example: str


class NoteRule(_Strict):
    id: str
    pattern: str
    example: str


class BodyIssuerRule(_Strict):
    id: str
    heads: list[str]
    verbs: list[str]
    example: str


class DateSourceRule(_Strict):
    id: str
    priority: int  # higher wins
    pattern: Optional[str] = None  # the label before the date, for sources other than the header
    example: str


class DeputyRule(_Strict):
    id: str
    head: str
    deputy: str
    example: str


class SignerOcrRule(_Strict):
    id: str
    max_noise_lines: int
    deputies: list[DeputyRule]
    example: str


class HeaderRules(_Strict):
    org_heads: list[CasingRule]
    locality_heads: list[CasingRule]
    casing_phrases: list[CasingRule]
    abbreviations: list[AbbrevRule]
    distribution_notes: list[NoteRule]
    distribution_skip: NoteRule
    issuer_from_body: BodyIssuerRule
    issued_on_sources: list[DateSourceRule]
    signer_ocr: SignerOcrRule


def header_rules() -> HeaderRules:
    return load_rules("header", HeaderRules)


# ------------------------------------------------------------------------------------------ syllables
_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])"
_SYLLABLE = re.compile(rf"^{_INITIAL}?[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?$")
_INITIAL_ONLY = re.compile(rf"^{_INITIAL}$")


def is_syllable(token: str) -> bool:
    """A well-formed Vietnamese syllable (any case): "Nguyễn", "HỘI" yes; "UBND", "PCGD" no."""
    return bool(_SYLLABLE.match(unicodedata.normalize("NFC", token).lower()))


_VOWEL_SET = frozenset(_VOWELS)


def _has_vowel(token: str) -> bool:
    return not _VOWEL_SET.isdisjoint(token.lower())


# A whitespace-separated token of word characters none of which is a digit, "_" or a vowel: every token
# that is letters only and without a vowel (what join_broken_syllables joins) is one, so a line without
# a match has nothing to join.
_VOWELLESS_WORD = re.compile(rf"(?<!\S)[^\W\d_{_VOWELS}]+(?!\S)")


def join_broken_syllables(s: str) -> str:
    """Rejoin syllables split by stray spaces: a piece without a vowel ("B", "CH") joins the next piece
    when that makes a syllable, else the previous one. Abbreviations never join (the result would not be
    a syllable).

    >>> join_broken_syllables("KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH")
    'KT. CHỦ TỊCH PHÓ CHỦ TỊCH'
    """
    toks = s.split()
    if not _VOWELLESS_WORD.search(s.lower()):
        return " ".join(toks)  # no piece without a vowel: nothing to join (most lines)
    out: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.isalpha() and not _has_vowel(t):
            # Forward: "P" + "HÓ", "C" + "H" (+ "Í").
            j, cur = i, t
            while j + 1 < len(toks) and toks[j + 1].rstrip(",;.").isalpha():
                cand = cur + toks[j + 1].rstrip(",;.")
                if is_syllable(cand) or (_INITIAL_ONLY.match(cand.lower()) and j + 2 < len(toks)):
                    cur = cur + toks[j + 1]
                    j += 1
                    if is_syllable(cur.rstrip(",;.")):
                        break
                else:
                    break
            if j > i and is_syllable(cur.rstrip(",;.")):
                out.append(cur)
                i = j + 1
                continue
            # Backward: "TỊ" + "CH".
            if out and out[-1].isalpha() and is_syllable(out[-1] + t):
                out[-1] = out[-1] + t
                i += 1
                continue
        out.append(t)
        i += 1
    return " ".join(out)


def join_name_pieces(s: str) -> str:
    """A person's name: lower-case pieces belong to the syllable before them ("Ngu y ễn" → "Nguyễn").

    >>> join_name_pieces("Ngu y ễn Văn An")
    'Nguyễn Văn An'
    """
    out: list[str] = []
    for t in s.split():
        if out and t[:1].islower():
            out[-1] += t
        else:
            out.append(t)
    return " ".join(out)


# ---------------------------------------------------------------------------------------------- casing
_NEW_PLACEMENT = {"uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy", "oà": "òa", "oá": "óa", "oả": "ỏa",
                  "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe"}
# One pass over the text instead of one str.replace per spelling (the issuer's search folds the whole
# document). The same result: every old spelling is a plain "u"/"o" before a toned vowel, and its new
# one a toned vowel before a plain one, so the spellings never overlap and a replacement makes none.
_OLD_PLACEMENT = re.compile("u[ỷýỳỹỵ]|o[àáảãạèé]")


def fold_key(s: str) -> str:
    """Compare words regardless of case and of old/new tone placement ("UỶ" = "ủy")."""
    s = unicodedata.normalize("NFC", s).lower()
    return _OLD_PLACEMENT.sub(_new_placement, s)


def _new_placement(m: re.Match) -> str:
    return _NEW_PLACEMENT[m.group()]


_OLD_OF_NEW = {new: old for old, new in _NEW_PLACEMENT.items()}
_NEW_FORM = re.compile("|".join(_OLD_OF_NEW))


def placement_pattern(key: str) -> str:
    """A regex source matching, in lower-cased text, every spelling whose `fold_key` is `key` (a key
    itself): each new tone placement in it may be written old or new ("ủy ban" → "(?:ủy|uỷ)\\ ban").

    Why: searching the lower-cased text with it finds what searching the folded text with the key
    finds, without folding a whole document first.

    >>> re.fullmatch(placement_pattern(fold_key("UỶ BAN")), "uỷ ban") is not None
    True
    """
    out, pos = [], 0
    for m in _NEW_FORM.finditer(key):
        out.append(re.escape(key[pos:m.start()]))
        out.append(f"(?:{m.group()}|{_OLD_OF_NEW[m.group()]})")
        pos = m.end()
    out.append(re.escape(key[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # keys
    casing: tuple[str, ...]  # written form, word by word
    kind: str  # org | locality | fixed


@lru_cache(maxsize=None)
def _phrases() -> list[_Phrase]:
    r = header_rules()
    out = []
    for kind, rules in (("org", r.org_heads), ("locality", r.locality_heads), ("fixed", r.casing_phrases)):
        for x in rules:
            w = x.casing.split()
            out.append(_Phrase(tuple(fold_key(t) for t in w), tuple(w), kind))
    return sorted(out, key=lambda p: -len(p.words))


def _apply_case(template: str, printed: str) -> str:
    """Write `printed` with the capitalisation of `template` (keeps the printed tone placement)."""
    if template.isupper():
        return printed.upper()
    if template[:1].isupper():
        return printed[:1].upper() + printed[1:].lower()
    return printed.lower()


def _cap(t: str) -> str:
    return t[:1].upper() + t[1:].lower()


def running_case(s: str) -> str:
    """A name printed in capitals, in running-text case; a name already in mixed case is kept.

    >>> running_case("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG")
    'Sở Nông nghiệp và Môi trường'
    >>> running_case("BAN CHỈ ĐẠO PCGD, XMC")
    'Ban Chỉ đạo PCGD, XMC'
    """
    s = re.sub(r"\s+", " ", s).strip()
    letters = [c for c in s if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return s
    toks = s.split(" ")
    out: list[str] = []
    mode = "start"  # start | name_start | proper | plain
    i = 0
    phrases = _phrases()
    while i < len(toks):
        core = [re.sub(r"^\W+|\W+$", "", t) for t in toks]
        hit: Optional[_Phrase] = None
        for p in phrases:
            # A body's head-word starts a name ("Trường Đại học …"), never sits inside one ("Môi trường").
            if p.kind == "org" and mode not in ("start", "name_start"):
                continue
            n = len(p.words)
            if i + n <= len(toks) and tuple(fold_key(c) for c in core[i:i + n]) == p.words:
                hit = p
                break
        if hit:
            n = len(hit.words)
            for k in range(n):
                t = toks[i + k]
                c = core[i + k]
                out.append(t.replace(c, _apply_case(hit.casing[k], c)) if c else t)
            if out and mode == "start" and out[0][:1].islower():
                out[0] = out[0][:1].upper() + out[0][1:]
            mode = {"org": "name_start", "locality": "proper", "fixed": "plain"}[hit.kind]
            i += n
            continue
        t, c = toks[i], core[i]
        if not c or not is_syllable(c):
            out.append(t)  # an abbreviation or a number: as printed
            if mode == "start":
                mode = "plain"
        elif mode in ("start", "name_start", "proper"):
            out.append(t.replace(c, _cap(c)))
            if mode != "proper":
                mode = "plain"
        else:
            out.append(t.replace(c, c.lower()))
        # Within a body's name, each part after "và", "-" or a comma starts with a capital
        # ("Lao động - Thương binh và Xã hội"); a comma ends a locality's proper name.
        if c and fold_key(c) == "và" or t in ("-", "–") or t.endswith(","):
            mode = "name_start" if mode != "proper" else "plain"
        i += 1
    return " ".join(out)
