"""The shared corpus for tests: where it is, and its gold files as records (skip when it is absent)."""
import json
from pathlib import Path

import pytest

from extractor.models import Record

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def gold_records() -> dict[str, Record]:
    """{document id: gold record}; skips the calling test when ../shared/corpus is absent."""
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared/corpus is absent")
    out = {}
    for p in sorted((SHARED / "gold").glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        data.pop("notes", None)
        out[p.stem] = Record.model_validate(data)
    return out


def shared_params(items: list) -> list:
    """Parameters for a test over the shared corpus: `items`, or — when ../shared/corpus is absent —
    one parameter that skips with that message (pytest's own "got empty parameter set" says
    nothing of why)."""
    if items:
        return list(items)
    return [pytest.param(None, id="shared-corpus-absent",
                         marks=pytest.mark.skip(reason="../shared/corpus is absent"))]


def text_documents_with_gold() -> list[Path]:
    """The shared corpus's .txt documents that have a gold file ([] when the corpus is absent)."""
    if not (SHARED / "docs").is_dir():
        return []
    return sorted(p for p in (SHARED / "docs").glob("*.txt") if (SHARED / "gold" / f"{p.stem}.json").exists())
