"""Where a list of words begins in a text, found with `str.find`, and the matches of a pattern whose
every match begins with one of those words, tried only there.

Why: a pattern that opens with an alternation of words behind a look-behind ("Lễ khai mạc|Khai mạc",
"(?<!\\w)(giao|đề nghị|mời)\\s+") is tried by `re` at every position of a document, 20-60 ns a
character; `str.find` looks for a word at about 1 ns a character, and most documents hold none of the
words or a handful. Tried only where a word begins, the pattern gives the same matches in the same order.

>>> import re
>>> text = "Lễ khai mạc vào 8h00; bế mạc và khai mạc lại"
>>> pat = re.compile(r"(?<!\\w)(?:Lễ khai mạc|khai mạc)(?!\\w)")
>>> starts = find_word_starts(text, ["Lễ khai mạc", "khai mạc"])
>>> [m.start() for m in finditer_at(pat, text, starts)] == [m.start() for m in pat.finditer(text)]
True
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Iterable, Iterator, NamedTuple, Optional, Sequence

try:  # the extra case-insensitive equivalences `re` uses ("ı" matches "i", "ſ" matches "s")
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - Python before 3.11: the equivalences are written out
    _EXTRA_CASES = {ord("i"): (ord("ı"),), ord("s"): (ord("ſ"),), ord("ı"): (ord("i"),),
                    ord("ſ"): (ord("s"),), ord("ṡ"): (ord("ẛ"),), ord("ẛ"): (ord("ṡ"),)}


# A list with this many words opening with a capital is looked for by one scan of their alternation
# (see `_capital_starts`); fewer, by `str.find` each (measured: ~1.2 us a word on a page, the scan ~10 us).
_CAPITALS_SCANNED = 8


class _Plan(NamedTuple):
    """How one list of words is looked for."""

    find: tuple[str, ...]  # looked for with str.find (lower-cased for ignore_case)
    capitals: Optional[re.Pattern]  # the alternation of the words scanned for instead
    odd: tuple[str, ...]  # characters that stop a case-insensitive search by lower-casing


@functools.lru_cache(maxsize=256)
def _plan(words: tuple[str, ...], ignore_case: bool) -> _Plan:
    """The words lower-cased for `ignore_case`, with the characters that re.I matches to one of their
    letters although `str.lower` does not turn them into that letter ("ı" for the "i" of "giao": a
    text holding one cannot be searched by lower-casing it); else the words that open with a capital
    scanned for together when there are many."""
    if ignore_case:
        low = tuple(dict.fromkeys(w.lower() for w in words))
        odd = {chr(v) for w in low for ch in w for v in _EXTRA_CASES.get(ord(ch), ())}
        return _Plan(low, None, tuple(sorted(odd)))
    capitals = tuple(w for w in words if w[0].isupper())
    if len(capitals) < _CAPITALS_SCANNED:
        return _Plan(words, None, ())
    scan = re.compile("|".join(re.escape(w) for w in sorted(capitals, key=len, reverse=True)))
    return _Plan(tuple(w for w in words if not w[0].isupper()), scan, ())


@functools.lru_cache(maxsize=4)
def lowered_text(text: str) -> str:
    """`text.lower()`, once per document: events and assignments look for their words in the same
    lower-cased text (lower-casing a page of Vietnamese costs as much as the searches themselves)."""
    return text.lower()


def _capital_starts(text: str, pat: re.Pattern) -> list[int]:
    """Where one of the words of the alternation `pat` (each opening with a capital) begins, found by
    one scan: `re` tests each character against the words' first letters, and capitals are rare in
    running text. The scan's matches do not overlap: a word beginning inside a match is looked for
    there."""
    out = []
    for m in pat.finditer(text):
        p, e = m.span()
        out.append(p)
        out.extend(q for q in range(p + 1, e) if pat.match(text, q))
    return out


def find_word_starts(text: str, words: Iterable[str], ignore_case: bool = False,
                     lowered: Optional[str] = None) -> Optional[list[int]]:
    """Sorted positions in `text` where one of `words` begins (as re.I matches them with `ignore_case`),
    or None when a case-insensitive search cannot be done by lower-casing (a character such as "İ"
    lower-cases to two, or "ı" is there): then the caller scans the whole text. `lowered` is
    `text.lower()` when the caller has it already.

    >>> find_word_starts("Giao Sở Y tế; giao thông", ["giao"], ignore_case=True)
    [0, 14]
    """
    words = tuple(words)
    if not all(words):
        return None  # an empty word begins everywhere: nothing to skip
    plan = _plan(words, ignore_case)
    hay = text
    if ignore_case:
        hay = lowered_text(text) if lowered is None else lowered
        if len(hay) != len(text) or any(ch in hay for ch in plan.odd):
            return None
    found: set[int] = set(_capital_starts(text, plan.capitals)) if plan.capitals is not None else set()
    for w in plan.find:
        i = hay.find(w)
        while i >= 0:
            found.add(i)
            i = hay.find(w, i + 1)
    return sorted(found)


def finditer_at(pattern: re.Pattern, text: str, starts: Optional[Sequence[int]], pos: int = 0,
                endpos: Optional[int] = None) -> Iterator[re.Match]:
    """`pattern.finditer(text, pos, endpos)`, trying the pattern only at `starts` (sorted positions where
    every match must begin, from `find_word_starts`; None: everywhere, as finditer does). The pattern
    never matches the empty string.

    >>> import re
    >>> [m.group() for m in finditer_at(re.compile("từ [0-9]+", re.I), "Từ 3 đến 5, từ 7", [0, 12])]
    ['Từ 3', 'từ 7']
    """
    endpos = len(text) if endpos is None else endpos
    if starts is None:
        yield from pattern.finditer(text, pos, endpos)
        return
    last = pos
    for p in starts[bisect.bisect_left(starts, pos):]:
        if p >= endpos:
            break
        if p < last:
            continue  # inside the previous match: finditer goes on after it
        m = pattern.match(text, p, endpos)
        if m is None:
            continue
        if m.end() == m.start():
            raise ValueError(f"finditer_at: {pattern.pattern!r} matched the empty string")
        yield m
        last = m.end()


def any_start_in(starts: Optional[Sequence[int]], a: int, b: int) -> bool:
    """Whether a word begins in [a, b) (always True when `starts` is None: nothing is known).

    >>> any_start_in([4, 30], 10, 20), any_start_in([4, 30], 0, 5)
    (False, True)
    """
    if starts is None:
        return True
    i = bisect.bisect_left(starts, a)
    return i < len(starts) and starts[i] < b
