"""rules/findings.yaml: every record.md code has exactly one check, priorities are explicit and distinct,
and the module's docstring examples hold."""
from __future__ import annotations

import doctest
import typing

import pytest

import extractor.findings as findings
from extractor.findings import CheckRule, FindingsRules, load_findings_rules


def test_findings_rules_cover_every_code_once():
    rules = load_findings_rules()
    codes = [c.code for c in rules.checks]
    assert sorted(codes) == sorted(typing.get_args(findings.Code))
    assert len({c.priority for c in rules.checks}) == len(rules.checks)
    assert all(c.example.strip() and c.id.startswith("findings.") for c in rules.checks)
    assert all(a.example.strip() and a.cues for a in rules.same_action)


def test_findings_rules_reject_unknown_codes_and_keys():
    with pytest.raises(Exception):
        CheckRule(id="findings.x", code="DEADLINE_CONFLICTS", severity="warning", priority=1, example="…")
    data = load_findings_rules().model_dump()
    data["numbering_max_skips"] = 2
    with pytest.raises(Exception):
        FindingsRules.model_validate(data)


def test_findings_docstring_examples():
    result = doctest.testmod(findings)
    assert result.attempted > 0 and result.failed == 0
