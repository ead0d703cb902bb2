"""assignments over the project's own invented documents in corpora/ (gold written by the team).

One aggregate bar rather than one case per document, so that a new document with a form not yet read
shows up as a lower score here, with the list of misses in the failure message.
"""
import json
from pathlib import Path

import pytest

from extractor.assignments import extract_assignments
from extractor.header import extract_header
from extractor.layout import find_layout
from extractor.readers import read_document
from tests.corpus_scoring import listing, sim

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


def _cases():
    out = []
    for gold in sorted(CORPORA.glob("**/gold.json")):
        data = json.loads(gold.read_text())
        sources = sorted(gold.parent.glob("source.*"))
        if "assignments" in data and sources:
            out.append((data, sources[0]))
    return out


def test_assignments_corpora_units():
    cases = _cases()
    if not cases:
        pytest.skip("no corpora/ with assignments")
    tp = fp = fn = 0
    misses = []
    for gold, source in cases:
        doc = read_document(source)
        layout = find_layout(doc.text)
        got = [a.unit for a in extract_assignments(doc, layout, extract_header(doc, layout))["assignments"]]
        want = [x["unit"] for x in gold["assignments"] or []]
        t, p, n = listing(want, got, lambda a, b: sim(a, b) >= 0.8)
        tp, fp, fn = tp + t, fp + p, fn + n
        if p or n:
            misses.append((source.parent.name, want, got))
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9, misses
