"""Conservative repairs of text broken by fonts and crawlers; each repair is counted.

- glyph substitutions of broken PDF fonts (rules/repairs.yaml): characters never used in
  Vietnamese ("ƣ" → "ư") always; others ("Đơng" → "Đông") only inside a word that is not a
  Vietnamese syllable and becomes one; whole non-existent words ("HÕA" → "HÒA");
- Cyrillic/Greek homoglyphs inside otherwise Latin words and symbols ("КН-UBND" → "KH-UBND");
- syllables split by spaces in crawled text ("ỦY B AN NHÂN D Â N" → "ỦY BAN NHÂN DÂN",
  "T hành phố" → "Thành phố"): neighbouring letter groups are joined only when the joined form is
  a Vietnamese syllable, the first part is not, and one part is a single letter; spaced-out
  document symbols after "Số:" ("3210/QĐ - U B ND" → "3210/QĐ-UBND").

Correct text is left alone: every rule needs a word that is not Vietnamese to start with.

>>> repair_text("ỦY B AN NHÂN D Â N").text
'ỦY BAN NHÂN DÂN'
>>> repair_text("Ủy ban nhân dân tỉnh").counts
{}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from extractor.quality import is_syllable
from extractor.rules import load_rules


class Substitution(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    example: str
    priority: int = 0
    to: str
    from_: str

    def __init__(self, **data):
        if "from" in data:
            data["from_"] = data.pop("from")
        super().__init__(**data)


class RepairRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    always: list[Substitution]
    if_invalid: list[Substitution]
    words: list[Substitution]
    homoglyphs: str


@dataclass
class Repaired:
    text: str
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n


def _rules() -> RepairRules:
    return load_rules("repairs", RepairRules)


_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _fix_glyphs(text: str, out: Repaired) -> str:
    rules = _rules()
    for sub in rules.always:
        n = text.count(sub.from_)
        if n:
            text = text.replace(sub.from_, sub.to)
            out.add("pdf_glyph", n)
    words = {s.from_: s.to for s in rules.words}
    tries = sorted(rules.if_invalid, key=lambda s: -s.priority)

    def sub_word(m: re.Match) -> str:
        w = m.group()
        if w in words:
            out.add("pdf_glyph")
            return words[w]
        if is_syllable(w) or len(w) < 2:
            return w
        for s in tries:
            if s.from_ in w:
                cand = w.replace(s.from_, s.to)
                if is_syllable(cand):
                    out.add(s.id.split(".")[0])  # pdf_glyph | ocr
                    return cand
        return w

    return _WORD.sub(sub_word, text)


def _fix_homoglyphs(text: str, out: Repaired) -> str:
    pairs = _rules().homoglyphs
    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}
    if not any(ch in table for ch in text):
        return text

    def sub(m: re.Match) -> str:
        tok = m.group()
        foreign = [ch for ch in tok if ch in table]
        if not foreign:
            return tok
        others = [ch for ch in tok if ch.isalpha() and ch not in table]
        # A real Cyrillic/Greek word has no Latin letters; a symbol or Vietnamese word with one
        # look-alike has mostly Latin letters (or digits and "/" around it).
        if not others and not re.search(r"[\d/\-]", tok):
            return tok
        if others and not all(_LATIN.match(ch) for ch in others):
            return tok
        out.add("homoglyph", len(foreign))
        return "".join(table.get(ch, ch) for ch in tok)

    return re.sub(r"[^\s,;:()\"“”]+", sub, text)


_SPACED_SYMBOL = re.compile(r"(?m)^(\s*Số\s*:?\s*\d*\s*/)([A-ZĐ0-9][A-ZĐ0-9 \-–/&.]*[A-ZĐ0-9])")


def _fix_symbol_spacing(text: str, out: Repaired) -> str:
    def sub(m: re.Match) -> str:
        sym = m.group(2)
        # stop at a wide gap: the right half of a two-column line starts there
        head, sep, tail = re.split(r"(\s{3,})", sym, maxsplit=1) if re.search(r"\s{3,}", sym) else (sym, "", "")
        if not re.search(r"\b[A-ZĐ]\b\s+[A-ZĐ]", head) and not re.search(r"\s[-–]\s", head):
            return m.group()
        joined = re.sub(r"\s*([-–])\s*", r"\1", head)
        joined = re.sub(r"(?<=[A-ZĐ])\s+(?=[A-ZĐ])", "", joined)
        if joined == head:
            return m.group()
        out.add("syllable_join")
        return m.group(1) + joined + sep + tail

    return _SPACED_SYMBOL.sub(sub, text)


# A run of letter-words joined by single spaces. Anchored at a word start and possessive, so a long
# token without spaces is scanned once, not once per character (quadratic: 26 s on 20,000 letters).
_RUN = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?: [^\W\d_]++)+")
MAX_PARTS = 5


def _joinable(parts: list[str]) -> bool:
    joined = "".join(parts)
    # The first part must be a fragment: "trị n" (a word, then a stray letter) is left alone.
    return (len(parts) > 1 and is_syllable(joined) and any(len(p) == 1 for p in parts)
            and not is_syllable(parts[0]) and _case_ok(parts))


def _best_split(words: list[str]) -> list[list[str]]:
    """Blocks of consecutive words: fewest non-syllables first, then fewest blocks."""
    n = len(words)
    best: list[tuple[int, int, int] | None] = [None] * (n + 1)  # (invalid, blocks, start of last block)
    best[0] = (0, 0, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_PARTS), end):
            if best[start] is None:
                continue
            block = words[start:end]
            if len(block) == 1:
                bad = 0 if is_syllable(block[0]) else 1
            elif _joinable(block):
                bad = 0
            else:
                continue
            cand = (best[start][0] + bad, best[start][1] + 1, start)
            if best[end] is None or cand[:2] < best[end][:2]:
                best[end] = cand
    blocks = []
    end = n
    while end > 0:
        start = best[end][2]
        blocks.append(words[start:end])
        end = start
    return blocks[::-1]


def _fix_splits(text: str, out: Repaired) -> str:
    def sub(m: re.Match) -> str:
        words = m.group().split(" ")
        if all(is_syllable(w) or len(w) > 1 and not any(len(v) == 1 for v in words) for w in words):
            return m.group()
        blocks = _best_split(words)
        joined = sum(1 for b in blocks if len(b) > 1)
        if not joined:
            return m.group()
        out.add("syllable_join", joined)
        return " ".join("".join(b) for b in blocks)

    return _RUN.sub(sub, text)


def _case_ok(letters: list[str]) -> bool:
    joined = "".join(letters)
    return joined.isupper() or joined[1:].islower()


def repair_text(text: str) -> Repaired:
    """`text` with the repairs above applied, and how many of each kind fired.

    >>> r = repair_text("T hành phố, Sở Công Thƣơng")
    >>> r.text, r.counts
    ('Thành phố, Sở Công Thương', {'pdf_glyph': 1, 'syllable_join': 1})
    """
    out = Repaired(text)
    t = _fix_glyphs(text, out)
    t = _fix_homoglyphs(t, out)
    t = _fix_symbol_spacing(t, out)
    t = _fix_splits(t, out)
    out.text = t
    return out
