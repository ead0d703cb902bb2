"""The rule files of the layout and header stages load through their pydantic models, every entry has
an id and our own example, and every pattern compiles."""
from __future__ import annotations

import re

import pytest

from extractor.header_names import HeaderRules
from extractor.layout import DocTypeRules, LayoutRules
from extractor.rules import load_rules


@pytest.mark.parametrize("name,model", [("layout", LayoutRules), ("doc_types", DocTypeRules), ("header", HeaderRules)])
def test_layout_rules_load(name, model):
    rules = load_rules(name, model)
    seen = set()
    for field in type(rules).model_fields:
        entries = getattr(rules, field)
        for entry in entries if isinstance(entries, list) else [entries]:
            assert entry.id and entry.example, (name, field)
            assert entry.id not in seen, entry.id
            seen.add(entry.id)
            if getattr(entry, "pattern", None) and field != "position_titles":
                re.compile(entry.pattern)


def test_layout_rules_doc_type_codes_unique():
    codes = [t.code for t in load_rules("doc_types", DocTypeRules).doc_types]
    assert len(codes) == len(set(codes)) and "CV" in codes and "QĐ" in codes
