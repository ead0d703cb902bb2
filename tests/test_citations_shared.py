"""legal_basis over the real documents of ../shared/corpus (read at run time, never copied).

Text documents are read as NFC text directly so this test measures the citation stage alone; the
whole pipeline (readers for PDF/DOCX included) is measured by `extractor eval`."""
import json
import unicodedata
from pathlib import Path

import pytest

from extractor.citations import extract_citations
from extractor.document import Document
from extractor.layout import find_layout
from shared_corpus import shared_params

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.shared


def _numkey(s):
    return unicodedata.normalize("NFC", s or "").casefold().replace("đ", "d").replace(" ", "").replace("-", "").replace("/", "")


def _cases():
    if not (SHARED / "docs").is_dir():
        return []
    return sorted(p for p in (SHARED / "docs").glob("*.txt") if (SHARED / "gold" / f"{p.stem}.json").exists())


def _legal_basis(path):
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    doc = Document(text=text)
    return extract_citations(doc, find_layout(text), {})["legal_basis"], text


def _match(g, p):
    if g.get("number"):
        return bool(p.number) and _numkey(g["number"]) == _numkey(p.number)
    return g.get("issued_on") == p.issued_on and (g.get("doc_type") or "").casefold() == (p.doc_type or "").casefold()


@pytest.mark.parametrize("path", shared_params(_cases()), ids=lambda p: p.name)
def test_citations_shared_legal_basis(path):
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text())["legal_basis"]
    pred, text = _legal_basis(path)
    unmatched_gold = [g for g in gold if not any(_match(g, p) for p in pred)]
    extra = [p for p in pred if not any(_match(g, p) for g in gold)]
    assert (unmatched_gold, [(p.doc_type, p.number) for p in extra]) == ([], [])
    for p in pred:
        s, e = p.span
        assert p.doc_type.split()[0].casefold() in text[s:e].casefold()


def test_citations_shared_present_or_skipped():
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    assert _cases(), "../shared/corpus has no text documents with gold"
