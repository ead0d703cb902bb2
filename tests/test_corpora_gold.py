"""The corpora's gold files are written as ../shared/spec/gold.md says, and the documents are our own.

- every gold file has all the keys gold.md lists and reads through the record models;
- dates are real ISO dates, finding codes are record.md's;
- no corpora document shares a run of NO_COPY_WORDS words with a document of ../shared/corpus
  (the genre's formulas are shorter than that; a copied sentence is not). Skipped without ../shared.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

from corpus_scoring import CORPORA, corpus_docs, source_of
from extractor.legacy import decode_bytes
from extractor.models import Gold

DOCS = corpus_docs()
IDS = [str(d.relative_to(CORPORA)) for d in DOCS]
KEYS = {"doc_type", "number", "issuer", "place", "issued_on", "subject", "recipients", "legal_basis", "themes",
        "events", "deadlines", "assignments", "signer", "findings"}
CODES = {"DEADLINE_CONFLICT", "DEADLINE_BEFORE_ISSUE", "DEADLINE_BEFORE_EVENT_END", "RANGE_INVERTED",
         "MILESTONE_CONFLICT", "REFERENCE_MISMATCH", "INVALID_DATE", "NUMBERING_GAP", "NAME_VARIANT"}
SHARED_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
NO_COPY_WORDS = 20


def _dates(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("date", "issued_on", "start", "end", "due") and isinstance(v, str):
                yield v
            else:
                yield from _dates(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _dates(v)


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_corpora_gold_is_well_formed(doc):
    gold = json.loads((doc / "gold.json").read_text(encoding="utf-8"))
    assert KEYS <= set(gold), f"missing keys: {KEYS - set(gold)}"
    Gold.model_validate(gold)
    for d in _dates(gold):
        dt.date.fromisoformat(d)
    assert {f["code"] for f in gold["findings"]} <= CODES
    assert all(f.get("message") for f in gold["findings"])
    if source_of(doc).suffix == ".txt":
        decoded = decode_bytes(source_of(doc).read_bytes())  # UTF-8, or a legacy encoding on purpose
        assert decoded.encoding != "utf-8" or unicodedata.is_normalized("NFC", decoded.text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


@pytest.mark.shared
def test_corpora_documents_are_not_copied_from_shared():
    shared = sorted(SHARED_DOCS.glob("*.txt")) if SHARED_DOCS.is_dir() else []
    if not shared:
        pytest.skip("../shared/corpus is absent")
    seen = set()
    for path in shared:
        w = _words(path.read_text(encoding="utf-8", errors="replace"))
        seen.update(tuple(w[i:i + NO_COPY_WORDS]) for i in range(len(w) - NO_COPY_WORDS + 1))
    copied = {}
    for doc in DOCS:
        if source_of(doc).suffix != ".txt":
            continue
        w = _words(decode_bytes(source_of(doc).read_bytes()).text)
        hits = [" ".join(w[i:i + NO_COPY_WORDS]) for i in range(len(w) - NO_COPY_WORDS + 1)
                if tuple(w[i:i + NO_COPY_WORDS]) in seen]
        if hits:
            copied[doc.name] = hits[:2]
    assert not copied, copied
