"""Is this text Vietnamese a person could read? A per-page check that decides the reader's route.

The score is the share of word tokens that are valid Vietnamese syllables (onset + rhyme + one tone,
spelled by the standard orthography), so mojibake ("T×nh h×nh", "Vieät"), shifted glyph codes and
OCR noise all score low while abbreviations ("UBND", "KH-UBND") and numbers are left out of the
count. Beside the score, hard signs of a broken text layer are counted: `(cid:N)` (pdfminer's name
for a glyph without Unicode), U+FFFD, private-use code points, Cyrillic/Armenian letters (fonts whose
cmap points Vietnamese glyphs at other scripts) and combining marks left alone after NFC.

`assess_text` turns these into a route: keep, repair, reread (another PDF engine) or ocr.

>>> is_syllable("nghiêng"), is_syllable("héi"), is_syllable("Tình")
(True, False, True)
>>> assess_text("Ủy ban nhân dân tỉnh Lào Cai").route
'keep'
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

# Tone marks as combining characters (NFD); every other diacritic (ă â ê ô ơ ư đ) is part of the letter.
_TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}

_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")

# Nucleus → the codas it takes (Vietnamese orthography; "" = open syllable).
_NUCLEI = {
    "a": ("", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "u", "y"),
    "ă": ("c", "m", "n", "ng", "p", "t"),
    "â": ("c", "m", "n", "ng", "p", "t", "u", "y"),
    "e": ("", "c", "m", "n", "ng", "o", "p", "t"),
    "ê": ("", "ch", "m", "n", "nh", "p", "t", "u"),
    "i": ("", "a", "ch", "m", "n", "nh", "p", "t", "u"),
    "o": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "oo": ("c", "ng"),
    "ô": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "ơ": ("", "i", "m", "n", "p", "t", "u"),
    "u": ("", "a", "c", "i", "m", "n", "ng", "p", "t"),
    "ư": ("", "a", "c", "i", "m", "n", "ng", "t", "u"),
    "y": ("",),
    "iê": ("c", "m", "n", "ng", "p", "t", "u"),
    "yê": ("c", "m", "n", "ng", "p", "t", "u"),
    "uô": ("c", "i", "m", "n", "ng", "p", "t"),
    "ươ": ("c", "i", "m", "n", "ng", "p", "t", "u"),
}
# Rhymes with a medial glide (o before a/ă/e, u before â/ê/y/ơ): "hoàng", "khoẻ", "tuần", "thuyền".
_GLIDED = {
    "o": {"a": ("", "c", "ch", "i", "m", "n", "ng", "nh", "o", "p", "t", "y"), "ă": ("c", "m", "n", "ng", "t"),
          "e": ("", "n", "o", "t")},
    "u": {"â": ("n", "t", "y", "ng"), "ê": ("", "ch", "nh", "n"), "y": ("", "a", "ch", "n", "nh", "p", "t", "u"),
          "yê": ("n", "t"), "ơ": ("",), "a": ("",)},
}
_STOPS = ("c", "ch", "p", "t")


def _rhymes() -> dict[str, bool]:
    """Every toneless rhyme → whether it ends in a stop (stops take only sắc or nặng)."""
    out: dict[str, bool] = {}
    for nucleus, codas in _NUCLEI.items():
        for coda in codas:
            out[nucleus + coda] = coda in _STOPS
    for glide, nuclei in _GLIDED.items():
        for nucleus, codas in nuclei.items():
            for coda in codas:
                out[glide + nucleus + coda] = coda in _STOPS
    return out


_RHYMES = _rhymes()
_VI_LETTERS = set("abcdeghiklmnopqrstuvxyăâêôơưđ")


# Memoized: the same few thousand words recur in every page, and the check was a third of reading time.
@functools.lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Whether `word` (any case, NFC or NFD) is one well-formed Vietnamese syllable.

    >>> [is_syllable(w) for w in ("quyết", "giữ", "gì", "xã", "kinh", "tÕ", "Đơng")]
    [True, True, True, True, True, False, False]
    """
    if not word or len(word) > 8:
        return False
    low = word.lower()
    if not low.isalpha():
        return False
    # A word mixing upper and lower case inside ("tÕ", "hÀ") is not a word; "Tình" and "TÌNH" are.
    if word != low and word != word.upper() and word[1:] != low[1:]:
        return False
    tone = None
    base = []
    for ch in unicodedata.normalize("NFD", low):
        if ch in _TONES:
            if tone is not None:
                return False
            tone = _TONES[ch]
        else:
            base.append(ch)
    plain = unicodedata.normalize("NFC", "".join(base))
    if any(ch not in _VI_LETTERS for ch in plain):
        return False
    for onset in _ONSETS:
        if not plain.startswith(onset):
            continue
        rhyme = plain[len(onset):]
        if onset == "gi" and rhyme == "":
            rhyme = "i"  # "gì"
        if onset == "gi" and rhyme[:1] in ("ê",):
            rhyme = "i" + rhyme  # "giêng" spells the iê nucleus after g
        if onset == "qu" and rhyme[:1] in ("a", "ă", "â", "e", "ê", "y", "ơ", "i"):
            rhyme = "u" + rhyme if ("u" + rhyme) in _RHYMES else rhyme
        stop = _RHYMES.get(rhyme)
        if stop is None:
            continue
        if stop and tone not in ("sac", "nang"):
            continue
        return True
    return False


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CID = re.compile(r"\(cid:\d+\)")
_CYRILLIC_ARMENIAN = re.compile(r"[\u0400-\u052f\u0531-\u058f]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")
# Text made only of ASCII, Latin (Vietnamese) letters and general punctuation holds no private-use,
# Cyrillic/Armenian, U+FFFD or combining character: the check skips counting them (a clean page).
_PLAIN = re.compile("[\t\n\f\r\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u2000-\u206f\u20ab\u20ac]*")


@dataclass
class Quality:
    """The verdict on one page (or one text): score 0..1, the hard signs counted, and the route."""

    score: float
    words: int
    valid: int
    cid: int = 0
    replacement: int = 0
    private: int = 0
    foreign: int = 0
    combining: int = 0
    route: str = "keep"  # keep | repair | reread | ocr
    reasons: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.route in ("keep", "repair")


@functools.lru_cache(maxsize=8)
def word_counts(text: str) -> Counter:
    """How often each word (a run of letters) occurs in `text`. Kept for the last few texts: the
    reader's quality check and the glyph repairs both ask it of the same page. Do not modify it.

    >>> word_counts("Ủy ban nhân dân, ủy ban")["ban"]
    2
    """
    return Counter(_WORD.findall(text))


def score_words(text: str) -> tuple[int, int]:
    """(valid syllables, counted words) over the words of `text`; all-caps ASCII abbreviations skipped.

    >>> score_words("Ủy ban UBND tỉnh")
    (3, 3)
    """
    valid = counted = 0
    # Each distinct word judged once (a page repeats most of its words), weighted by its count.
    for w, n in word_counts(text).items():
        is_counted, is_valid = _word_verdict(w)
        if is_counted:
            counted += n
            valid += n if is_valid else 0
    return valid, counted


@functools.lru_cache(maxsize=1 << 16)
def _word_verdict(w: str) -> tuple[bool, bool]:
    """(whether `w` counts in the score, whether it is a valid syllable)."""
    if w.isascii() and (w.isupper() or len(w) == 1):
        return False, False  # UBND, KH, QĐ-style codes and single letters say nothing
    if w.isupper() and len(w) <= 2:
        return False, False
    if len(w) > 1 and w[:2].isupper() and not is_syllable(w):
        return False, False  # ĐHQGHN, TTg, BCĐPCGD: abbreviations, not words
    return True, is_syllable(w)


# Below MIN_WORDS words a page is too short to judge (a page holding only a stamp or a page number).
MIN_WORDS = 8
GOOD = 0.85  # share of syllables in a clean page is 0.9–1.0 (abbreviations, names, English aside)
REPAIRABLE = 0.6


def assess_text(text: str) -> Quality:
    """The quality of one page of text and the route it should take.

    >>> assess_text("(cid:12)(cid:15)(cid:3) (cid:7)").route
    'reread'
    """
    q = _assess(text)
    return replace(q, reasons=list(q.reasons))  # callers own their copy; the cache keeps its own


# The reader judges a page's text, and finishing judges it again after repairs, which on a clean
# page changed nothing: the last verdicts are kept.
@functools.lru_cache(maxsize=16)
def _assess(text: str) -> Quality:
    text = unicodedata.normalize("NFC", text)
    valid, words = score_words(text)
    q = Quality(score=(valid / words) if words else 1.0, words=words, valid=valid, cid=len(_CID.findall(text)))
    letters = 1
    if not _PLAIN.fullmatch(text):  # else none of the signs below can be there
        # Letters and combining marks counted per distinct character (a page has a hundred or so).
        chars = Counter(text)
        q.combining = sum(n for ch, n in chars.items() if unicodedata.combining(ch))
        q.replacement = chars.get("\ufffd", 0)
        q.private = len(_PRIVATE.findall(text))
        q.foreign = len(_CYRILLIC_ARMENIAN.findall(text))
        letters = max(1, sum(n for ch, n in chars.items() if ch.isalpha()))
    if q.cid or q.private > letters * 0.02 or q.replacement > letters * 0.02:
        q.route = "reread"
        q.reasons.append(f"{q.cid} (cid:N), {q.private} private-use, {q.replacement} U+FFFD")
    elif words >= MIN_WORDS and q.score < REPAIRABLE:
        q.route = "reread"
        q.reasons.append(f"only {q.score:.0%} of {words} words are Vietnamese syllables")
    elif q.foreign or q.combining or q.replacement or (words >= MIN_WORDS and q.score < GOOD):
        q.route = "repair"
        q.reasons.append(f"score {q.score:.2f}, {q.foreign} Cyrillic/Armenian, {q.combining} lone marks")
    return q
