"""OCR of the scanned PDF and the phone photo in ../shared/corpus (slow on a cold cache)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractor.readers import read_document
from extractor.readers.ocr import ocr_available

pytestmark = [pytest.mark.shared, pytest.mark.slow]

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).casefold().strip()


@pytest.mark.parametrize("name", ["027.pdf", "054.png"])
def test_ocr_corpus_readable(name):
    path = SHARED / "docs" / name
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    if not ocr_available():
        pytest.skip("tesseract with Vietnamese data is not installed")
    doc = read_document(path)
    assert doc.source.ocr and doc.status == "ok"
    assert doc.source.quality > 0.85
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    text = _squash(doc.text)
    for value in ((gold.get("issuer") or {}).get("name"), (gold.get("subject") or {}).get("text")):
        if value:
            # the issuer and the subject's opening words are legible
            words = _squash(value).split()[:4]
            assert " ".join(words) in text or sum(w in text for w in words) >= 2
