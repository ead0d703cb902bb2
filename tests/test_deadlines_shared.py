"""deadlines over the real documents of ../shared/corpus (read at run time, never copied).

Text documents go through the pipeline (header first: the issue year and the addressees that a bare
"Sở"/"Bộ" points at). PDF/DOCX documents are measured by `extractor eval`."""
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pytest

from shared_corpus import SHARED, shared_params, text_documents_with_gold

pytestmark = pytest.mark.shared


def _cases():
    return text_documents_with_gold()


@lru_cache(maxsize=None)
def _record(path: Path):
    from extractor.pipeline import extract_file

    return extract_file(path).model_dump(mode="json")


def _scorer():
    path = SHARED.parent / "tools" / "score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", shared_params(_cases()), ids=lambda p: p.name)
def test_deadlines_shared_due_dates(path):
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text())
    rec = _record(path)
    day = lambda ds: sorted(d["due"] for d in ds if d.get("due") and d.get("precision") in (None, "day"))
    assert day(rec["deadlines"]) == day(gold["deadlines"])
    for d in rec["deadlines"]:
        s, e = d["span"]
        assert 0 <= s < e <= len(rec["text"])


def test_deadlines_shared_unit_f1():
    if not SHARED.is_dir() or not _cases():
        pytest.skip("../shared/corpus is absent")
    score = _scorer()
    tp = fp = fn = 0
    for path in _cases():
        gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text())
        a, b, c = score.FIELDS["deadlines+unit"](gold, _record(path))
        tp, fp, fn = tp + a, fp + b, fn + c
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    assert f1 >= 0.8, (tp, fp, fn)
