"""Every document of ../shared/corpus read by content: usable text, pages indexing it, headers whose
two halves are not merged. Values are read from the gold files at run time, never copied here."""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.legacy import repair_mixed
from extractor.readers import read_document
from shared_corpus import shared_params

pytestmark = pytest.mark.shared

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DOCS = sorted((SHARED / "docs").glob("*")) if (SHARED / "docs").is_dir() else []
# Reading by OCR is slow on a cold cache; those two documents have their own test (test_ocr_corpus).
TEXT_LAYER = [p for p in DOCS if p.suffix != ".png" and p.name != "027.pdf"]


def _need_corpus():
    if not DOCS:
        pytest.skip("../shared/corpus is absent")


@functools.lru_cache(maxsize=None)
def _read(path: Path):
    return read_document(path)


def _gold(path: Path) -> dict:
    return json.loads((SHARED / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s)).casefold()


# 047 has nine pages of ruled tables for pdfplumber: several seconds on a busy machine.
HEAVY = {"047.pdf"}


def _params(paths):
    return shared_params([pytest.param(p, id=p.name, marks=[pytest.mark.slow] if p.name in HEAVY else []) for p in paths])


@pytest.mark.parametrize("path", _params(TEXT_LAYER))
def test_readers_corpus_document_reads(path):
    _need_corpus()
    doc = _read(path)
    assert doc.status == "ok", doc.status_reason
    assert doc.text == unicodedata.normalize("NFC", doc.text)
    assert "\r" not in doc.text and "\ufffe" not in doc.text
    assert doc.source.quality is not None and doc.source.quality > 0.9
    for s, e in doc.pages:
        assert 0 <= s <= e <= len(doc.text)
    assert not repair_mixed(doc.text).counts  # no legacy mojibake left behind
    gold = _gold(path)
    number = (gold.get("number") or {}).get("text")
    if number:  # the document number is read, signed-field stamps included
        # (a symbol may wrap onto a later line of its column: its first part is enough then)
        assert _squash(number) in _squash(doc.text) or _squash(number).split("-")[0] in _squash(doc.text)


@pytest.mark.parametrize("path", _params([p for p in TEXT_LAYER if p.suffix == ".pdf"]))
def test_readers_corpus_pdf_header_halves(path):
    _need_corpus()
    doc = _read(path)
    lines = doc.text[:2000].split("\n")
    # the motto line (the one above "Độc lập - Tự do - Hạnh phúc") is never glued to the issuer
    # by a single space
    found = 0
    for line, below in zip(lines, lines[1:]):
        m = re.search(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI", line)
        if m and "Độc lập" in below:
            found += 1
            before = line[:m.start()]
            assert before == "" or before.endswith("   "), line
    assert found >= 1
