"""find_layout over the real text documents of ../shared/corpus (read at run time; skipped when absent):
parts in document order, the preamble present where the gold has opening citations, the signer's
name inside the signature block."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor.layout import find_layout
from extractor.readers import read_document

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TEXT_DOCS = sorted((SHARED / "docs").glob("*.txt")) if (SHARED / "docs").is_dir() else []


def _fold(s: str) -> str:
    return re.sub(r"\s+", "", s).casefold()


@pytest.mark.shared
@pytest.mark.parametrize("path", TEXT_DOCS or [None], ids=[p.name for p in TEXT_DOCS] or ["absent"])
def test_layout_shared_text_documents(path):
    if path is None:
        pytest.skip("../shared/corpus is absent")
    gold_path = SHARED / "gold" / f"{path.name.split('.')[0]}.json"
    gold = json.loads(gold_path.read_text()) if gold_path.exists() else {}
    text = read_document(path).text
    lay = find_layout(text)
    # Parts in the order the document prints them.
    order = [b for b in (lay.preamble, lay.body) if b is not None]
    for a, b in zip(order, order[1:]):
        assert a.end <= b.start
    closing = [b.start for b in (lay.signature, lay.distribution) if b is not None]
    if closing and lay.body is not None:
        assert lay.body.end <= min(closing) + 1
    for ap in lay.appendices:
        assert lay.signature is None or ap.start >= lay.signature.end
    if gold.get("legal_basis"):
        assert lay.preamble is not None
    name = (gold.get("signer") or {}).get("name")
    if name and lay.signature is not None:
        assert _fold(name) in _fold(lay.signature.slice(text))
