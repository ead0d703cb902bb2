"""Text checks over the real documents of ../shared/corpus (read at run time, never copied).

For every text document there, the findings read from the text alone (no field stages) must be
exactly the gold findings of those codes: each real NUMBERING_GAP / NAME_VARIANT found, and no false
alarm on the clean documents. Skipped when ../shared/corpus is absent.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.findings import find_findings
from extractor.layout import find_layout
from extractor.readers import read_document

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TEXT_CODES = {"INVALID_DATE", "NUMBERING_GAP", "NAME_VARIANT"}
DOCS = sorted((SHARED / "docs").glob("*.txt")) if SHARED.exists() else []

pytestmark = pytest.mark.shared


@pytest.mark.parametrize("path", DOCS or [None], ids=[p.stem for p in DOCS] or ["absent"])
def test_findings_shared_text_checks_match_gold(path):
    if path is None:
        pytest.skip("../shared/corpus is absent")
    gold_file = SHARED / "gold" / f"{path.stem}.json"
    if not gold_file.exists():
        pytest.skip(f"no gold for {path.name}")
    gold = sorted(f["code"] for f in json.loads(gold_file.read_text(encoding="utf-8"))["findings"] if f["code"] in TEXT_CODES)
    doc = read_document(path)
    found = sorted(f.code for f in find_findings(doc, find_layout(doc.text), {}) if f.code in TEXT_CODES)
    assert found == gold
