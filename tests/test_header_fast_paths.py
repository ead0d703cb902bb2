"""The faster header helpers give what the plain ones give (our own examples)."""
from __future__ import annotations

import re
import unicodedata

import pytest

from extractor.header import parse_signature
from extractor.header_names import _VOWELLESS_WORD, _VOWELS, _has_vowel, fold_key
from extractor.layout import layout_rules


def _fold_plain(s: str) -> str:
    """fold_key as one str.replace per spelling, in the order the rules were first written."""
    s = unicodedata.normalize("NFC", s).lower()
    for old, new in (("uỷ", "ủy"), ("uý", "úy"), ("uỳ", "ùy"), ("uỹ", "ũy"), ("uỵ", "ụy"), ("oà", "òa"),
                     ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"), ("oè", "òe"), ("oé", "óe")):
        s = s.replace(old, new)
    return s


@pytest.mark.parametrize("text", [
    "ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY",
    "UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH",  # old placement in capitals
    "thuỷ lợi, hoà giải, khoẻ mạnh, quý, Thuý",
    "ouỷ uoà oòa uủy",  # letters around the spellings
    "Uỷ ban\nnhân dân huyện Hoà Vang",
    "",
])
def test_header_fold_key_as_replacements(text):
    assert fold_key(text) == _fold_plain(text)


@pytest.mark.parametrize("token", ["B", "CH", "HÓ", "Ị", "ngh", "UBND", "x", "Đ"])
def test_header_has_vowel_as_any(token):
    assert _has_vowel(token) == any(ch in _VOWELS for ch in token.lower())


def _parse_signature_plain(lines: list[str]) -> list[str]:
    """parse_signature matching the position titles against the joined rest of the line (as before)."""
    R = layout_rules()
    prefixes = {t.pattern for t in R.positions if t.prefix}
    parts: list[list[str]] = []
    for line in lines:
        toks = re.sub(r"(?<=\.)(?=\S)", " ", " ".join(line.split())).split(" ") if line.strip() else []
        current: list[str] = []
        parts.append(current)
        after_marker = after_comma = glue = False
        i = 0
        while i < len(toks):
            t = toks[i]
            if re.match(r"^(?:(?:KT|TM|TL|TUQ|Q)\.|T/M|K/T|T/L)$", t):
                if current:
                    current = []
                    parts.append(current)
                current.append(t)
                after_marker, after_comma, glue = True, False, False
                i += 1
                continue
            m = R.position_re.match(" ".join(toks[i:]))
            if m:
                n = len(m.group(0).split())
                if current and not after_marker and not after_comma and not glue:
                    current = []
                    parts.append(current)
                current.extend(toks[i:i + n])
                glue = m.group(0) in prefixes
                after_marker = False
                after_comma = toks[i + n - 1].endswith(",")
                i += n
                continue
            current.append(t)
            after_marker = glue = False
            after_comma = t.endswith(",")
            i += 1
    return [" ".join(p) for p in parts if p]


@pytest.mark.parametrize("lines", [
    ["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"],
    ["KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM"],
    ["KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ["TL. GIÁM ĐỐC   TRƯỞNG PHÒNG"],
    ["", "   "],
])
def test_header_parse_signature_as_joined_rest(lines):
    assert parse_signature(lines) == _parse_signature_plain(lines)


def _as_written_plain(text: str, printed: str):
    """_as_written as it was: the folded name searched in the whole folded text."""
    from extractor.header import _squash
    from extractor.layout import is_upper

    folded = fold_key(text)
    words = printed.split()
    if not is_upper(printed) or len(folded) != len(text) or len(words) < 2:
        return None
    pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(fold_key(w)) for w in words) + r"(?!\w)")
    for m in pat.finditer(folded):
        written = _squash(text[m.start():m.end()])
        if not is_upper(written) and written[:1].isupper():
            return written
    return None


@pytest.mark.parametrize("text,printed", [
    ("UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH\nỦy ban nhân dân xã Hòa Bình giao", "UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH"),
    ("ỦY BAN NHÂN DÂN XÃ HÒA BÌNH\nUỷ ban nhân dân xã Hoà Bình giao", "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"),
    ("SỞ Y TẾ\nSở Y tế\nhướng dẫn", "SỞ Y TẾ"),
    ("SỞ Y TẾ\nSở Y tếx", "SỞ Y TẾ"),  # a longer word is not the name
    ("TRƯỜNG THCS THUỶ AN\nTrường THCS Thủy An tổ chức", "TRƯỜNG THCS THUỶ AN"),
    ("İ TRƯỜNG A B\nTrường A B", "TRƯỜNG A B"),  # "İ" lower-cases to two characters: no offsets, None
])
def test_header_as_written_as_folded_search(text, printed):
    from extractor.header import _as_written

    low = unicodedata.normalize("NFC", text).lower()
    assert _as_written(text, low, printed) == _as_written_plain(text, printed)


@pytest.mark.parametrize("line", ["UBND HUYỆN SÔNG MÂY", "KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH", "ỦY B AN NHÂN D Â N",
                                  "Ngu y ễn Văn An", "ĐĐ 12 x_y ²³", "ß ΣΣ İST", "CH-P Đ.", ""])
def test_header_vowelless_test_finds_every_joinable_piece(line):
    # join_broken_syllables returns a line at once when the pattern finds no piece without a vowel: it
    # must find one whenever a piece is letters only and without a vowel.
    joinable = any(t.isalpha() and not _has_vowel(t) for t in line.split())
    assert joinable <= bool(_VOWELLESS_WORD.search(line.lower()))


@pytest.mark.parametrize("subject,head", [("V/v tổ chức hội thi", "V/v"), ("Về việc tổ chức hội thi", "Về việc")])
def test_header_cong_van_type_spans_its_head(subject, head):
    # Regression (caught by the snapshot, not by a test): the "V/v" head is matched at the subject's
    # offset in the text, and its span must end where the head ends.
    from extractor.header import extract_header
    from extractor.layout import find_layout
    from extractor.readers import read_text

    doc = read_text(f"UBND XÃ AN BÌNH     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/UBND\n{subject}\nKính gửi: Các thôn")
    dt = extract_header(doc, find_layout(doc.text))["doc_type"]
    assert dt.code == "CV" and doc.text[dt.span[0]:dt.span[1]] == head
