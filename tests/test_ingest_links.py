"""An ingest links citations as it goes: a chain of our own documents comes out of `ingest` with its
parent citations resolved, no separate step needed."""
from pathlib import Path

import pytest

from extractor.ingest import ingest
from extractor.store import open_store

CHAIN = Path(__file__).resolve().parents[1] / "corpora" / "chains" / "hoc-tap-2024"


@pytest.mark.slow
def test_ingest_links_citations_after_run(tmp_path):
    db = str(tmp_path / "kho.sqlite")
    report = ingest([CHAIN], db, workers=1)
    assert report.processed == 4
    store = open_store(db)
    try:
        resolved = store.execute(
            "SELECT COUNT(*) FROM citation_links WHERE target IS NOT NULL AND target <> ''").fetchone()[0]
    finally:
        store.close()
    assert resolved >= 3  # xã → huyện → tỉnh → Bộ: each level cites the one above
