"""themes and events over the real documents of ../shared/corpus (read at run time, never copied).

Text documents are read as NFC text directly so this test measures the events stage alone; the whole
pipeline (PDF/DOCX readers, header year) is measured by `extractor eval`."""
import json
import re
import unicodedata

import pytest

from extractor.document import Document
from extractor.events import extract_events
from extractor.layout import find_layout

from shared_corpus import SHARED, shared_params, text_documents_with_gold

pytestmark = pytest.mark.shared


def _cases():
    return text_documents_with_gold()


def _norm(s):
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", s or "").casefold()).strip()


@pytest.mark.parametrize("path", shared_params(_cases()), ids=lambda p: p.name)
def test_events_shared(path):
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    gold = json.loads((SHARED / "gold" / f"{path.stem}.json").read_text())
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    out = extract_events(Document(text=text), find_layout(text), {})
    assert sorted((e.start, e.end) for e in out["events"]) == sorted((e["start"], e["end"]) for e in gold["events"])
    assert [_norm(t.text) for t in out["themes"]] == [_norm(t["text"]) for t in gold["themes"]]
    for x in out["themes"] + out["events"] + out["milestones"]:
        s, e = x.span
        assert 0 <= s < e <= len(text)
