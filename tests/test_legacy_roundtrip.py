"""Our own Vietnamese text in every legacy encoding decodes back to the Unicode original."""
from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixtures_readers import GENRE_TEXT  # noqa: E402

from extractor.legacy import (  # noqa: E402
    decode_bytes, decode_run, decode_tcvn3, decode_viqr, decode_vni, encode_cp1258, encode_tcvn3, encode_viqr,
    encode_vni, font_encoding, repair_mixed, _rules)

BASE = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
LETTERS = sorted({c for c in (unicodedata.normalize("NFC", b + t) for b in BASE for t in TONES) if ord(c) > 127}
                 | {"đ"})
ALL = LETTERS + [c.upper() for c in LETTERS]


def test_legacy_roundtrip_covers_all_letters():
    assert len(ALL) == 134
    assert set(ALL) <= set(GENRE_TEXT)


@pytest.mark.parametrize("name,encode,decode", [
    ("tcvn3", encode_tcvn3, lambda b: decode_tcvn3(b.decode("cp1252", errors="strict") if False else b.decode("latin-1").translate({}), controls=True)),
    ("vni", encode_vni, lambda b: decode_vni(b.decode("cp1252"))),
    ("viqr", encode_viqr, decode_viqr),
    ("cp1258", encode_cp1258, lambda b: unicodedata.normalize("NFC", b.decode("cp1258"))),
    ("nfd", lambda t: unicodedata.normalize("NFD", t), lambda t: unicodedata.normalize("NFC", t)),
])
def test_legacy_roundtrip_decodes_to_original(name, encode, decode):
    if name == "tcvn3":
        # bytes as Windows-1252 shows them (what a .VnTime run holds), C0 codes as themselves
        encoded = encode(GENRE_TEXT)
        shown = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in encoded)
        assert decode_tcvn3(shown, controls=True) == GENRE_TEXT
        return
    assert decode(encode(GENRE_TEXT)) == GENRE_TEXT


@pytest.mark.parametrize("encode,name", [(encode_tcvn3, "tcvn3"), (encode_vni, "vni"), (encode_cp1258, "cp1258")])
def test_legacy_decode_bytes_detects_encoding(encode, name):
    lower = GENRE_TEXT.split("\n")[1] + "\n" + GENRE_TEXT.split("\n")[3]
    got = decode_bytes(encode(lower))
    assert (got.encoding, got.text) == (name, lower)
    assert got.confidence > 0.9


@pytest.mark.skipif(not shutil.which("iconv"), reason="iconv is absent")
def test_legacy_tables_tcvn3_match_glibc():
    for byte, letter in _rules().tcvn3.items():
        out = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=letter.encode(),
                             capture_output=True, check=True).stdout
        assert out == bytes([byte]), letter


@pytest.mark.parametrize("font,encoding", [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3-upper"), ("ABCDEF+.VnArialH", "tcvn3-upper"),
    ("VNI-Times", "vni"), ("Times New Roman", None), (None, None), ("ABCDEF+TimesNewRomanPSMT", None),
])
def test_legacy_font_names(font, encoding):
    assert font_encoding(font) == encoding


@pytest.mark.parametrize("mixed,fixed", [
    ("2.1.T×nh h×nh kinh tÕ-x· héi:", "2.1.Tình hình kinh tế-xã hội:"),
    ("Sè liÖu thèng kª cña x·", "Số liệu thống kê của xã"),  # "Sè", "thèng" well-formed as written
    ("Nghè và liÖu", "Nghè và liệu"),  # one mojibake word: its neighbours are left as they are
    ("Tin töùc Vieät Nam", "Tin tức Việt Nam"),
])
def test_legacy_mixed_segments_repaired(mixed, fixed):
    assert repair_mixed(mixed).text == fixed


@pytest.mark.parametrize("clean", [
    GENRE_TEXT, "Giá 150.000đ/01 kỹ năng • Mục ÷ ×2 « trích » © 2024", "Café, résumé, Zürich, São Paulo",
])
def test_legacy_mixed_leaves_clean_text(clean):
    assert repair_mixed(clean).text == clean


def test_legacy_decode_run_upper_font():
    assert decode_run(encode_tcvn3("ủy ban").decode("cp1252"), "tcvn3-upper") == "ỦY BAN"
