"""Linking over the real documents in ../shared/corpus (read at run time, skipped when absent).

Expectations come from the gold files, not from this file: a gold legal basis whose number is the
number of another gold document must link to that document."""
import pytest

from extractor.linking import link_records
from extractor.textkeys import number_key
from shared_corpus import SHARED, gold_records

pytestmark = pytest.mark.shared




def expected_gold_links(records):
    numbers = {number_key(r.number.text).strict: rid for rid, r in records.items()
               if r.number and number_key(r.number.text) and number_key(r.number.text).seq}
    return sorted((rid, numbers[number_key(c.number).strict]) for rid, r in records.items() for c in r.legal_basis
                  if c.number and number_key(c.number) and number_key(c.number).strict in numbers)


def test_linking_shared_gold_citations_link_to_archived_documents():
    records = gold_records()
    expected = expected_gold_links(records)
    assert expected, "the shared gold has at least one citation of another shared document"
    got = sorted((l.document, l.target) for l in link_records(records) if l.target and l.kind == "legal_basis")
    assert got == expected


@pytest.mark.slow
def test_linking_shared_extracted_chain_links_to_the_scanned_ministry_letter():
    """Ingest the province's letter and the ministry's scanned letter it forwards (OCR) and check the
    link the gold says is there."""
    from extractor.pipeline import extract_file

    records = gold_records()
    pairs = expected_gold_links(records)
    docs = {p.stem: p for p in (SHARED / "docs").iterdir()}
    scanned = [(a, b) for a, b in pairs if docs.get(b) and docs[b].suffix == ".pdf" and docs.get(a)]
    if not scanned:
        pytest.skip("no gold link to a PDF in ../shared/corpus")
    citing, cited = scanned[0]
    extracted = {citing: extract_file(docs[citing]), cited: extract_file(docs[cited])}
    links = [l for l in link_records(extracted) if l.document == citing and l.target]
    assert [l.target for l in links] == [cited]
