"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VIQR, Windows-1258 and NFD, to NFC Unicode.

Tables live in rules/encodings.yaml (TCVN3 generated from glibc's TCVN5712-1 charset, VNI from the
VNI-Windows chart). Text in a legacy font reaches us in three shapes:

- a DOCX/PDF run whose font says so (".VnTime", ".VnTimeH", "VNI-Times", "ABCDEF+.VnArial"):
  `font_encoding(name)` names the table and `decode_run(text, encoding)` decodes it;
- a plain-text file in a legacy byte encoding: `decode_bytes(data)` tries each and keeps the one
  whose words are Vietnamese syllables, with that share as its confidence (never a silent latin-1);
- mojibake inside otherwise Unicode text ("T×nh h×nh kinh tÕ-x· héi" pasted from a .VnTime
  document): `repair_mixed(text)` decodes word by word, only where the word as written is not a
  Vietnamese syllable and its decoding is.

>>> decode_tcvn3("T×nh h×nh kinh tÕ")
'Tình hình kinh tế'
>>> decode_vni("Vieät Nam")
'Việt Nam'
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from extractor.quality import is_syllable, score_words
from extractor.rules import load_rules


class EncodingRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    example: str
    tcvn3: dict[int, str]
    vni: dict[str, str]


def _rules() -> EncodingRules:
    return load_rules("encodings", EncodingRules)


def _cp1252_char_to_byte() -> dict[str, int]:
    # Windows-1252 shows bytes 0x80–0x9F as “ ” € … ; the five it leaves undefined pass through as C1.
    out = {}
    for b in range(256):
        try:
            out[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            out[chr(b)] = b
    return out


_CHAR_TO_BYTE = _cp1252_char_to_byte()
# Latin-1 → the Windows-1252 view above, for bytes 0x80-0x9F.
_LATIN1_TO_CP1252 = {b: c for c, b in _CHAR_TO_BYTE.items() if 0x80 <= b <= 0x9F and ord(c) != b}


def _as_shown(data: bytes) -> str:
    """Bytes as Windows-1252 shows them, the five bytes it leaves undefined as themselves (C1).

    TCVN3 puts Ả Ì Ĩ Í Ù on exactly those five (0x81 0x8D 0x8F 0x90 0x9D): decoding with
    errors="replace" would turn "NGHĨA" into "NGH\ufffdA".
    """
    return data.decode("latin-1").translate(_LATIN1_TO_CP1252)


@functools.lru_cache(maxsize=1)
def tcvn3_control_bytes() -> frozenset[int]:
    """The control-code bytes TCVN3 uses for capitals with tones (Ú Ụ Ừ … Ý Ỵ), from rules/encodings.yaml."""
    return frozenset(b for b in _rules().tcvn3 if b < 0x20)


@functools.lru_cache(maxsize=None)
def _tcvn3_char_map(controls: bool) -> dict[str, str]:
    """Character as shown in Windows-1252 → Unicode letter."""
    out = {}
    by_byte = {b: c for c, b in _CHAR_TO_BYTE.items()}
    for byte, letter in _rules().tcvn3.items():
        if byte < 0x20 and not controls:
            continue
        out[by_byte[byte]] = letter
    return out


def decode_tcvn3(text: str, *, upper: bool = False, controls: bool = False) -> str:
    """Text written in a TCVN3 (ABC) font, as its bytes show in Windows-1252, to Unicode.

    `upper` is for the capitals-only fonts (.VnTimeH, .VnArialH), which draw lowercase codes as
    capitals.

    >>> decode_tcvn3("Ch\\xadkng tr×nh"), decode_tcvn3("h\\xa7i", upper=True)
    ('Chưkng trình', 'HĐI')
    """
    table = _tcvn3_char_map(controls)
    out = "".join(table.get(ch, ch) for ch in text)
    return out.upper() if upper else out


@functools.lru_cache(maxsize=None)
def _vni_pattern() -> tuple[re.Pattern, dict[str, str]]:
    table = _rules().vni
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), table


def decode_vni(text: str) -> str:
    """Text written in a VNI-Windows font, as it shows in Windows-1252, to Unicode.

    >>> decode_vni("Ñoàng Nai")
    'Đồng Nai'
    """
    pattern, table = _vni_pattern()
    return pattern.sub(lambda m: table[m.group()], text)


# VIQR (RFC 1456): a letter followed by ASCII marks: ( breve, ^ circumflex, + horn, then one of
# ' ` ? ~ . for the tone; "dd" is đ. "\" escapes a mark that is real punctuation.
_VIQR_SHAPE = {"(": "\u0306", "^": "\u0302", "+": "\u031b"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR = re.compile(r"(?i)(dd)|([aeiouy])(\(|\^|\+)?(['`?~.])?")


def decode_viqr(text: str) -> str:
    """VIQR (RFC 1456) to Unicode. Only call on text known to be VIQR: "?" and "." are punctuation too.

    >>> decode_viqr("Vie^.t Nam, ddu+o+`ng pho^'")
    'Việt Nam, đường phố'
    """

    def sub(m: re.Match) -> str:
        if m.group(1):
            return "Đ" if m.group(1)[0] == "D" else "đ"
        base, shape, tone = m.group(2), m.group(3), m.group(4)
        if shape and not _viqr_shape_ok(base.lower(), shape):
            shape = None
            # the mark belongs to the text, not to the letter
            return base + (m.group(3) or "") + (tone or "")
        out = base + (_VIQR_SHAPE[shape] if shape else "") + (_VIQR_TONE[tone] if tone else "")
        return unicodedata.normalize("NFC", out)

    # "\\." is a literal mark (RFC 1456 §3): hide escaped marks while decoding
    hidden = re.sub(r"\\([.?'`~(^+])", lambda m: chr(0xF0000 + ord(m.group(1))), text)
    out = _VIQR.sub(sub, hidden)
    return re.sub("[\U000F0000-\U000F00FF]", lambda m: chr(ord(m.group()) - 0xF0000), out)


def _viqr_shape_ok(base: str, shape: str) -> bool:
    return (shape == "(" and base == "a") or (shape == "^" and base in "aeo") or (shape == "+" and base in "ou")


def encode_viqr(text: str) -> str:
    """Unicode Vietnamese to VIQR (for fixtures and round-trip tests).

    >>> encode_viqr("Việt Nam")
    'Vie^.t Nam'
    """
    rev_shape = {v: k for k, v in _VIQR_SHAPE.items()}
    rev_tone = {v: k for k, v in _VIQR_TONE.items()}
    out: list[str] = []
    for ch in text:
        # a real mark right after a vowel or a mark would be read as part of the letter: escape it
        if ch in ".?'`~(^+" and out and out[-1] and (out[-1][-1] in "aeiouyAEIOUY" or out[-1][-1] in "^+(`?~'."):
            out.append("\\" + ch)
            continue
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        d = unicodedata.normalize("NFD", ch)
        if len(d) == 1 or not d[0].isascii():
            out.append(ch)
            continue
        s = d[0]
        for mark in d[1:]:
            s += rev_shape.get(mark, "") if mark in rev_shape else ""
        for mark in d[1:]:
            s += rev_tone.get(mark, "")
        out.append(s)
    return "".join(out)


def encode_tcvn3(text: str) -> bytes:
    """Unicode Vietnamese to TCVN3 bytes (uppercase toned letters as VN1 codes)."""
    rev = {letter: byte for byte, letter in _rules().tcvn3.items()}
    return bytes(rev[ch] if ch in rev else _CHAR_TO_BYTE[ch] for ch in unicodedata.normalize("NFC", text))


def encode_vni(text: str) -> bytes:
    """Unicode Vietnamese to VNI-Windows bytes."""
    rev = {letter: seq for seq, letter in _rules().vni.items()}
    return "".join(rev.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode("cp1252")


def encode_cp1258(text: str) -> bytes:
    """Unicode Vietnamese to Windows-1258, which has â ê ô ă ơ ư đ precomposed and tones as combining marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        tone = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        shape = [m for m in marks if m not in tone]
        out += unicodedata.normalize("NFC", base + "".join(shape)).encode("cp1258") + "".join(tone).encode("cp1258")
    return bytes(out)


_FONT_PREFIX = re.compile(r"^[A-Z]{6}\+")


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: "tcvn3", "tcvn3-upper", "vni" or None (Unicode).

    >>> font_encoding("ABCDEF+.VnTimeH"), font_encoding("VNI-Times"), font_encoding("Times New Roman")
    ('tcvn3-upper', 'vni', None)
    """
    if not font:
        return None
    name = _FONT_PREFIX.sub("", font).strip()
    low = name.lower()
    if low.startswith(".vn") or low.startswith("vn") and not low.startswith("vni"):
        # .VnTimeH/.VnArialH/.VnCentury SchoolbookH: the trailing H is the capitals-only face
        stem = re.sub(r"[\s,-]*(bold|italic|bolditalic|b|i|bi)$", "", name, flags=re.I)
        return "tcvn3-upper" if stem.endswith("H") else "tcvn3"
    if low.startswith("vni-") or low.startswith("vni "):
        return "vni"
    return None


def decode_run(text: str, encoding: str | None) -> str:
    """A run of text in a font of `encoding` (from `font_encoding`) to Unicode NFC."""
    if encoding == "tcvn3":
        text = decode_tcvn3(text, controls=True)
    elif encoding == "tcvn3-upper":
        text = decode_tcvn3(text, upper=True, controls=True)
    elif encoding == "vni":
        text = decode_vni(text)
    return unicodedata.normalize("NFC", text)


@dataclass
class Decoded:
    """Bytes decoded: the text, the encoding chosen, how sure (share of valid syllables) and why."""

    text: str
    encoding: str
    confidence: float
    candidates: dict[str, float] = field(default_factory=dict)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _share(text: str) -> float:
    valid, words = score_words(text[:200_000])
    return valid / words if words else 0.0


# A VIQR mark inside a word ("nha^n", "ho'a", "ddo+`i"); punctuation does not sit between letters.
_VIQR_SIGN = re.compile(r"[aeiouyAEIOUY](?:[\^+(][`?~'.]?|[`?~'.])(?=[a-zA-Z])|\b[dD][dD][aeiouyAEIOUY]")


def decode_bytes(data: bytes) -> Decoded:
    """Decode a plain-text file, choosing the encoding by content.

    BOMs are trusted. Otherwise UTF-8 is taken when it decodes strictly (and VIQR when that ASCII text
    reads better as VIQR); else Windows-1258, TCVN3 and VNI are tried and the one with the most valid
    Vietnamese syllables wins. The share is the confidence; the caller decides what a low one means.

    >>> decode_bytes("Tình hình".encode("utf-8")).encoding
    'utf-8'
    >>> d = decode_bytes(encode_tcvn3("Tình hình kinh tế xã hội địa phương"))
    >>> d.encoding, d.text
    ('tcvn3', 'Tình hình kinh tế xã hội địa phương')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name)
            return Decoded(unicodedata.normalize("NFC", text), name.replace("-sig", "") + "-bom", 1.0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if text.isascii() and len(_VIQR_SIGN.findall(text)) >= 3:
            as_viqr = decode_viqr(text)
            plain, viqr = _share(text), _share(as_viqr)
            if viqr >= plain:
                return Decoded(as_viqr, "viqr", viqr, {"utf-8": plain, "viqr": viqr})
        return Decoded(unicodedata.normalize("NFC", text), "utf-8", 1.0)
    cands: dict[str, str] = {
        "cp1258": unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")),
    }
    shown = _as_shown(data)
    cands["tcvn3"] = unicodedata.normalize("NFC", decode_tcvn3(shown))
    cands["vni"] = unicodedata.normalize("NFC", decode_vni(data.decode("cp1252", errors="replace")))
    scores = {name: _share(t) for name, t in cands.items()}
    best = max(scores, key=lambda n: scores[n])
    if best == "tcvn3":
        # VN1 puts twelve capitals (Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ) on C0 control bytes. They are not evidence
        # for choosing the encoding, but once the text reads as TCVN3 they are those letters (tab,
        # line and page ends are not among them).
        cands[best] = unicodedata.normalize("NFC", decode_tcvn3(shown, controls=True))
    return Decoded(cands[best], best, scores[best], scores)


_TOKEN = re.compile(r"[^\s\d.,;:!?()\[\]\"“”'‘’/\\|<>{}=+\-–—]+")
# Characters a TCVN3/VNI word shows in Windows-1252 that a Unicode Vietnamese word never has.
_MOJIBAKE_HINT = re.compile(r"[\u00a1-\u00bf\u00d7\u00f7\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


@dataclass
class MixedRepair:
    text: str
    counts: dict[str, int]


def _all_syllables(word: str) -> bool:
    parts = [p for p in re.split(r"[^\w]+", word) if p]
    return bool(parts) and all(is_syllable(p) for p in parts)


_DECODERS = (("tcvn3", decode_tcvn3), ("vni", decode_vni))


@functools.lru_cache(maxsize=1 << 16)
def _decoded_word(word: str, names: tuple[str, ...]) -> tuple[str, str] | None:
    """(encoding, Unicode word) for the first of `names` that turns `word` into syllables, else None."""
    for name, decoder in _DECODERS:
        if name in names:
            fixed = unicodedata.normalize("NFC", decoder(word))
            if fixed != word and _all_syllables(fixed):
                return name, fixed
    return None


@functools.lru_cache(maxsize=1 << 16)
def _mojibake_word(word: str) -> tuple[str, str] | None:
    """A word that is mojibake for sure: not syllables as written, syllables once decoded.

    Memoized because a page repeats its words and an archive repeats its vocabulary; the answer
    depends on the word alone.
    """
    # A lone symbol ("÷", "•", "â") is punctuation or a letter, not evidence of an encoding.
    if len(word) < 2 or not re.search(r"[A-Za-z]", word):
        return None
    if not _MOJIBAKE_HINT.search(word) or _all_syllables(word):
        return None
    return _decoded_word(word, ("tcvn3", "vni"))


@functools.lru_cache(maxsize=1 << 16)
def _chunk_has_mojibake(chunk: str) -> bool:
    """Whether a whitespace-free chunk ("tÕ-x·", "(2024),") holds a mojibake word.

    Words (`_TOKEN`) never span whitespace, so the chunks of `str.split()` (the same whitespace as
    the regex's \\s) hold exactly the text's words; chunks repeat across pages, hence the memo.
    """
    return any(_mojibake_word(w) for w in _TOKEN.findall(chunk))


def repair_mixed(text: str) -> MixedRepair:
    """Decode TCVN3/VNI mojibake words inside Unicode text, word by word.

    A word is replaced only when it is not a Vietnamese syllable as written and its decoding is, so
    correct text is never touched. Offsets change only where a VNI pair becomes one letter.

    >>> repair_mixed("1.2.T×nh h×nh kinh tÕ-x· héi").text
    '1.2.Tình hình kinh tế-xã hội'
    """
    # Fast path, exact: every replacement below needs at least one word of the text to be mojibake
    # for sure (a line's segment rule needs two). Clean text has none, and its distinct
    # whitespace-separated chunks answer that at a tenth of the line-by-line pass.
    if not any(map(_chunk_has_mojibake, set(text.split()))):
        return MixedRepair(text, {})
    return _repair_lines(text)


def _repair_lines(text: str) -> MixedRepair:
    """`repair_mixed` without its fast path: every line, word by word."""
    counts = {"tcvn3": 0, "vni": 0}

    # Line by line. Where a line holds two mojibake words of one encoding, a word that happens to
    # be well-formed as written ("Sè", "thèng") but decodes to a syllable in that encoding is part
    # of the same segment and is decoded too.
    lines = []
    for line in text.split("\n"):
        found = {m.start(): _mojibake_word(m.group()) for m in _TOKEN.finditer(line)}
        per = {name: sum(1 for g in found.values() if g and g[0] == name) for name in ("tcvn3", "vni")}
        segment = next((name for name, n in per.items() if n >= 2), None)

        def sub(m: re.Match) -> str:
            got = found.get(m.start())
            # (a word with a letter beyond Latin-1, "được", is Unicode for sure)
            if (got is None and segment and len(m.group()) >= 2 and _MOJIBAKE_HINT.search(m.group())
                    and max(m.group()) <= "\u00ff"):
                got = _decoded_word(m.group(), (segment,))
            if got is None:
                return m.group()
            counts[got[0]] += 1
            return got[1]

        lines.append(_TOKEN.sub(sub, line))
    return MixedRepair("\n".join(lines), {k: v for k, v in counts.items() if v})
