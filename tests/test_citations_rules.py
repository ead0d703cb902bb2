"""rules/citations.yaml: validated at load time, and every rule's own example is found by that rule."""
import pytest
from pydantic import ValidationError

from extractor.citations import CitationRules, extract_citations, find_citations, load_citation_rules
from extractor.document import Document
from extractor.layout import Block, Layout

RULES = load_citation_rules()


def test_citations_rules_forbid_unknown_keys():
    with pytest.raises(ValidationError):
        CitationRules.model_validate({"doc_types": [], "cues": [], "issuer_stops": {}, "title_starts": {},
                                      "date_first": {}, "typo": 1})


def test_citations_rule_ids_are_unique():
    ids = [r.id for r in RULES.doc_types] + [r.id for r in RULES.cues]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", RULES.doc_types, ids=lambda r: r.id)
def test_citations_doc_type_example(rule):
    assert rule.id in [m.rule for m in find_citations(rule.example)]


@pytest.mark.parametrize("rule", [c for c in RULES.cues if c.position != "inside"], ids=lambda r: r.id)
def test_citations_cue_example(rule):
    text = rule.example.rstrip(",;.") + ", UBND huyện hướng dẫn như sau:\n1. Nội dung"
    out = extract_citations(Document(text=text), Layout(body=Block("body", 0, len(text))), {})
    assert [c.relation for c in out["legal_basis"]][:1] == [rule.relation]


def test_citations_inside_cue_example():
    (cue,) = [c for c in RULES.cues if c.position == "inside"]
    text = cue.example + " như sau:\n1. Đồng ý"
    out = extract_citations(Document(text=text), Layout(body=Block("body", 0, len(text))), {})
    assert cue.relation in [c.relation for c in out["legal_basis"]]


def test_citations_date_first_example():
    text = RULES.date_first.example + ".\n1. Sở Y tế"
    out = extract_citations(Document(text=text), Layout(body=Block("body", 0, len(text))), {})
    (lb,) = out["legal_basis"]
    assert (lb.relation, lb.issued_on, lb.issuer) == (RULES.date_first.relation, "2025-03-02", "Bộ trưởng Bộ Y tế")
