"""Keys for comparing text across documents: without tone marks, case or look-alike letters.

Document numbers are compared by `number_key`, in order of confidence: `strict` (spacing, "Số:",
case, look-alike letters such as Cyrillic "С" for "C" or "Ð" for "Đ", and dashes normalised) and
`loose` (also without "Đ"/"D", punctuation and doubled letters).

>>> number_key("Số: 773 /QĐ-TTg").strict == number_key("773/QĐ-TTg").strict
True
>>> number_key("2978/SGDDĐT-GDĐT&ĐH").loose == number_key("2978/SGDĐT-GDĐT&ĐH").loose
True
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

# Letters that OCR and copy-paste put in place of Latin ones in document numbers; a number with a
# Cyrillic "С" must still find its document.
HOMOGLYPHS = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "а": "a", "в": "b", "е": "e", "к": "k", "м": "m",
    "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s",
    "Α": "A", "Β": "B", "Ε": "E", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X",
    "Ð": "Đ", "Ɖ": "Đ", "ð": "đ", "–": "-", "—": "-", "‑": "-", "−": "-", "‐": "-",
})
# Tone marks only: the vowel marks (ă â ê ô ơ ư) and đ stay, so "Sở" and "Số" stay apart while
# "Uỷ"/"Ủy" (old and new tone placement) and "Hoà"/"Hòa" agree.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


# Linking an archive folds the same few thousand names and numbers hundreds of thousands of times.
@functools.lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """Casefolded, NFC, look-alikes replaced, tone marks dropped, spaces collapsed.

    >>> fold("Uỷ ban nhân dân  tỉnh") == fold("ỦY BAN NHÂN DÂN TỈNH")
    True
    """
    t = unicodedata.normalize("NFD", (text or "").translate(HOMOGLYPHS))
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


@functools.lru_cache(maxsize=32768)
def number_key(text: str | None) -> NumberKey | None:
    """The matching key of a document number as written, or None when there is no number."""
    if not text:
        return None
    t = unicodedata.normalize("NFC", text).translate(HOMOGLYPHS)
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


def one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]
