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

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from extractor.quality import is_syllable, word_counts
from extractor.rules import Rule, load_rules


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


class CapitalLine(Rule):
    """A line printed in capitals, recognised in lowercase (see rules/repairs.yaml, capital_lines)."""

    pattern: str
    case: Literal["upper", "capitalize_parts"]
    where: list[Literal["page_top", "block_start", "below_capitals"]]
    priority: int


class RepairRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    always: list[Substitution]
    if_invalid: list[Substitution]
    words: list[Substitution]
    homoglyphs: str
    capital_parts: dict[str, str | list[str]]
    capital_lines: list[CapitalLine]


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
    # Most pages hold no broken glyph: judge each distinct word once and rewrite only when one is.
    fixes = {w: fix for w in word_counts(text) if (fix := _glyph_fix(w)) is not None}
    if not fixes:
        return text

    def sub_word(m: re.Match) -> str:
        fix = fixes.get(m.group())
        if fix is None:
            return m.group()
        out.add(fix[1])
        return fix[0]

    return _WORD.sub(sub_word, text)


@functools.lru_cache(maxsize=65536)
def _glyph_fix(word: str) -> tuple[str, str] | None:
    """(the word with its glyph repaired, repair kind) or None: a known broken word ("HÕA" → "HÒA"),
    or a non-syllable that one substitution of rules/repairs.yaml makes a syllable ("Hƣớng")."""
    rules = _rules()
    for s in rules.words:
        if s.from_ == word:
            return s.to, "pdf_glyph"
    if is_syllable(word) or len(word) < 2:
        return None
    for s in sorted(rules.if_invalid, key=lambda s: -s.priority):
        if s.from_ in word:
            cand = word.replace(s.from_, s.to)
            if is_syllable(cand):
                return cand, s.id.split(".")[0]  # pdf_glyph | ocr
    return None


def _fix_homoglyphs(text: str, out: Repaired) -> str:
    pairs = _rules().homoglyphs
    table = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}
    if table.keys().isdisjoint(text):
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


# A letter standing alone as a word ("T hành", "ở"): only a run holding one can be a split word.
_LONE_LETTER = re.compile(r"(?<![^\W\d_])[^\W\d_](?![^\W\d_])")


def _fix_splits(text: str, out: Repaired) -> str:
    def sub(m: re.Match) -> str:
        words = m.group().split(" ")
        if min(map(len, words)) > 1:
            return m.group()
        if all(is_syllable(w) or len(w) > 1 and not any(len(v) == 1 for v in words) for w in words):
            return m.group()
        blocks = _best_split(words)
        joined = sum(1 for b in blocks if len(b) > 1)
        if not joined:
            return m.group()
        out.add("syllable_join", joined)
        return " ".join("".join(b) for b in blocks)

    # A run whose words all have two letters or more is left as it is (`sub`), and a run never
    # crosses a line: only the lines holding a lone letter are worth a pass (a page has a few).
    pieces: list[str] = []
    done = 0
    for m in _LONE_LETTER.finditer(text):
        if m.start() < done:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        pieces += (text[done:start], _RUN.sub(sub, text[start:end]))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _case_ok(letters: list[str]) -> bool:
    joined = "".join(letters)
    return joined.isupper() or joined[1:].islower()


# ------------------------------------------------------------------------------- capitals of legacy fonts
class _DocTypeTitles(BaseModel):
    # Only the printed titles of rules/doc_types.yaml (that file is read in full by header and layout).
    model_config = ConfigDict(extra="ignore")
    titles: list[str]


class _DocTypesFile(BaseModel):
    model_config = ConfigDict(extra="ignore")
    doc_types: list[_DocTypeTitles]


# Old and new tone placement ("uỷ"/"ủy", "hoà"/"hòa"): the patterns are written in the new one. The two
# differ only at a syllable's end ("hoạch" is the same in both).
_TONE_FOLD = {old: new for new, old in (("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
                                        ("òe", "oè"), ("óe", "oé"), ("ỏe", "oẻ"), ("õe", "oẽ"), ("ọe", "oẹ"),
                                        ("ùy", "uỳ"), ("úy", "uý"), ("ủy", "uỷ"), ("ũy", "uỹ"), ("ụy", "uỵ"))}
_TONE_FOLD_RE = re.compile("(?:" + "|".join(_TONE_FOLD) + r")(?!\w)")
# A cell: words separated by one or two spaces; three spaces or a tab part the columns of a
# side-by-side line ("ủy ban nhân dân      cộng hòa xã hội chủ nghĩa việt nam").
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
_NOT_A_CAPITAL_LINE = re.compile(r"[,;!?()]")
MAX_CAPITAL_WORDS = 14
PAGE_TOP_LINES = 8
_NUMBER_LINE = re.compile(r"\s*(?:Số|SỐ|số)\b")


@functools.lru_cache(maxsize=None)
def _capital_rules() -> list[tuple[CapitalLine, re.Pattern]]:
    """The capital_lines rules with their parts filled in, highest priority first."""
    rules = _rules()
    titles = sorted({t.lower() for d in load_rules("doc_types", _DocTypesFile).doc_types for t in d.titles},
                    key=len, reverse=True)
    parts: dict[str, str] = {"doc_type_title": "(?:" + "|".join(re.escape(t) for t in titles) + ")"}

    def part(name: str) -> str:
        if name not in parts:
            value = rules.capital_parts[name]
            if isinstance(value, list):
                value = "(?:" + "|".join(re.escape(v) for v in sorted(value, key=len, reverse=True)) + ")"
            parts[name] = fill(value)
        return parts[name]

    def fill(pattern: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: part(m.group(1)), pattern)

    out = [(r, re.compile(fill(r.pattern))) for r in rules.capital_lines]
    return sorted(out, key=lambda rp: -rp[0].priority)


def _holds_capitals(line: str) -> bool:
    return any(c.isupper() and sum(ch.isalpha() for ch in c) >= 2 for c in _CELL.findall(line))


def _recase(cell: str, case: str) -> str:
    if case == "upper":
        return cell.upper()
    return re.sub(r"(^|[-–]\s*)(\w)", lambda m: m.group(1) + m.group(2).upper(), cell)


def _capital_rule(cell: str, where: set[str]) -> CapitalLine | None:
    """The rule that recases `cell` in a line where the conditions `where` hold, or None."""
    if (cell != cell.lower() or cell == cell.upper() or _NOT_A_CAPITAL_LINE.search(cell)
            or len(cell.split()) > MAX_CAPITAL_WORDS):
        return None
    folded = _TONE_FOLD_RE.sub(lambda m: _TONE_FOLD[m.group()], cell)
    for rule, pattern in _capital_rules():
        if set(rule.where) <= where and pattern.fullmatch(folded):
            return rule
    return None


def restore_capital_lines(text: str, kind: str = "capitals") -> Repaired:
    """Capitals back on the lines an official document prints in capitals, where a font lost them.

    For text from a legacy capitals-only font (.VnTimeH draws capitals from lowercase codes): only
    lines wholly in lowercase that match a rule of rules/repairs.yaml `capital_lines` in the place the
    rule allows (issuer at the top, title and signature lines starting a block; the motto anywhere).
    Body sentences begin with a capital and are never touched. Counted under `kind`.

    >>> r = restore_capital_lines("ủy ban nhân dân\\nxã tân hòa\\n\\nkt. chủ tịch\\nphó chủ tịch\\n\\nLê Văn Ba")
    >>> r.text.split("\\n")[:5], r.counts
    (['ỦY BAN NHÂN DÂN', 'XÃ TÂN HÒA', '', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], {'capitals': 4})
    """
    out = Repaired(text)
    lines = text.split("\n")
    top = True
    seen = 0
    for i, line in enumerate(lines):
        if line.strip():
            seen += 1
            if seen > PAGE_TOP_LINES or _NUMBER_LINE.match(line):
                top = False
        above = lines[i - 1] if i else ""  # already recased: a block of capital lines chains
        where = set()
        if top:
            where.add("page_top")
        if _holds_capitals(above):
            where.update(("below_capitals", "block_start"))
        elif not above.strip() or "\f" in line:
            where.add("block_start")

        def sub(m: re.Match) -> str:
            rule = _capital_rule(m.group(), where)
            if rule is None:
                return m.group()
            new = _recase(m.group(), rule.case)
            if len(new) != len(m.group()):  # a letter whose capital is two letters: not Vietnamese
                return m.group()
            out.add(kind)
            return new

        lines[i] = _CELL.sub(sub, line)
    out.text = "\n".join(lines)
    return out


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
