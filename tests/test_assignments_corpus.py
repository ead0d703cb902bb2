"""assignments over the real documents in ../shared/corpus (read at run time, never copied here).

Only text and Word documents: they read in milliseconds, so the test stays fast; PDFs and scans are
measured by `extractor eval`. The bar sits under the measured score (0.94 on these on 2026-11-23) so
that a regression fails while a gold correction does not.
"""
import importlib.util
import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = pytest.mark.shared


def _judge():
    spec = importlib.util.spec_from_file_location("score", SHARED.parent / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _docs():
    if not (SHARED / "gold").is_dir():
        return []
    out = []
    for gold in sorted((SHARED / "gold").glob("*.json")):
        for ext in (".txt", ".docx"):
            doc = SHARED / "docs" / (gold.stem + ext)
            if doc.exists():
                out.append((gold, doc))
                break
    return out


def test_assignments_corpus_units_match_gold():
    docs = _docs()
    if not docs:
        pytest.skip("../shared/corpus is absent")
    from extractor.assignments import extract_assignments
    from extractor.header import extract_header
    from extractor.layout import find_layout
    from extractor.readers import read_document

    judge = _judge()
    tp = fp = fn = 0
    for gold_path, doc_path in docs:
        gold = json.loads(gold_path.read_text())
        doc = read_document(doc_path)
        layout = find_layout(doc.text)
        fields = extract_header(doc, layout)
        got = extract_assignments(doc, layout, fields)["assignments"]
        for a in got:  # every span is the evidence of its value
            assert a.span and doc.text[a.span[0]:a.span[1]].strip()
            for t in a.tasks:
                assert doc.text[t.span[0]:t.span[1]] == t.text
        t, p, n = judge.listing([x["unit"] for x in gold.get("assignments") or []], [a.unit for a in got],
                                judge.fuzzy(0.8))
        tp, fp, fn = tp + t, fp + p, fn + n
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.88, (tp, fp, fn, round(f1, 3))
