"""`extractor tasks --unit "Sở Công Thương"` over the real documents of ../shared/corpus (read at run
time, skipped when absent). Expectations come from the gold files: the documents of the province that
name the unit outright must list its tasks with every gold due date; no other province's document may
list it unless its text names it."""
import json

import pytest
from click.testing import CliRunner

from extractor.textkeys import fold
from extractor.models import Record
from extractor.tasks import tasks_for_unit

from shared_corpus import SHARED, gold_records
pytestmark = pytest.mark.shared
UNIT, PROVINCE = "Sở Công Thương", "Lào Cai"




def in_province(rec: Record) -> bool:
    return bool(rec.issuer and PROVINCE in f"{rec.issuer.name} {rec.issuer.parent or ''}")


def names_unit(rec: Record) -> bool:
    names = [a.unit for a in rec.assignments] + [r for d in rec.deadlines for r in d.responsible]
    return any(fold(n) == fold(UNIT) for n in names)


def gold_dues(rec: Record) -> set[str]:
    return {d.due for d in rec.deadlines if d.due and any(fold(r) == fold(UNIT) for r in d.responsible)}


def test_tasks_shared_gold_lists_the_provinces_tasks_with_due_dates():
    records = gold_records()
    items = tasks_for_unit(records, f"{UNIT} tỉnh {PROVINCE}")
    expected_docs = {rid for rid, r in records.items() if in_province(r) and names_unit(r)}
    assert expected_docs, "the shared gold has documents of the province that assign the unit"
    got_docs = {t.document for t in items}
    assert expected_docs <= got_docs
    assert all(in_province(records[d]) for d in got_docs)
    for rid in expected_docs:
        assert gold_dues(records[rid]) <= {t.due for t in items if t.document == rid}


@pytest.mark.slow
def test_tasks_shared_cli_over_an_ingested_archive(tmp_path):
    """Ingest the province's documents that the gold says assign the unit a dated task, then run
    the command: each of those documents is listed with its due date."""
    from extractor.cli import main
    from extractor.pipeline import extract_file
    from extractor.store import FileState, open_store

    records = gold_records()
    docs = {p.stem: p for p in (SHARED / "docs").iterdir() if p.suffix in (".pdf", ".docx", ".txt")}
    chosen = sorted(rid for rid, r in records.items() if in_province(r) and gold_dues(r) and rid in docs)
    if not chosen:
        pytest.skip("no dated task of the unit in the shared gold")
    url = str(tmp_path / "kho.sqlite")
    with open_store(url) as store:
        for i, rid in enumerate(chosen):
            path = str(docs[rid])
            store.put_record(f"{i:064d}", extract_file(path), path=path, state=FileState(path=path, status="done"))
    out = CliRunner().invoke(main, ["tasks", "--db", url, "--unit", UNIT, "--format", "json"])
    assert out.exit_code == 0, out.output
    listed = json.loads(out.output)
    for i, rid in enumerate(chosen):
        dues = {t["due"] for t in listed if t["document"] == f"{i:064d}"}
        assert gold_dues(records[rid]) <= dues, rid
