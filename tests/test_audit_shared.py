"""The audit over the gold records of ../shared/corpus (read at run time, skipped when absent): the
real documents that cite each other agree (the gold annotates no cross-document conflict), so the only
cross-document findings are the informational unresolved references, one per numbered citation of a
document outside the corpus."""
import pytest

from extractor.audit import audit_records
from extractor.linking import link_records
from shared_corpus import gold_records

pytestmark = pytest.mark.shared


def test_audit_shared_gold_has_no_cross_level_conflicts():
    records = gold_records()
    links = link_records(records)
    findings = audit_records(records, links)
    assert [f.code for f in findings if f.code != "UNRESOLVED_REFERENCE"] == []
    numbered_unlinked = [l for l in links if l.target is None and l.number]
    assert len([f for f in findings if f.code == "UNRESOLVED_REFERENCE"]) == len(numbered_unlinked)
