"""rules/events.yaml: validated at load time, and each rule's own example is found by that rule."""
import pytest
from pydantic import ValidationError

from extractor.events import EventRules, find_events, find_milestones, find_themes, load_event_rules

RULES = load_event_rules()


def test_events_rules_forbid_unknown_keys():
    data = RULES.model_dump()
    data["typo"] = 1
    with pytest.raises(ValidationError):
        EventRules.model_validate(data)


def test_events_theme_example():
    assert [t.rule for t in find_themes(RULES.themes.example)] == [RULES.themes.id] * 2


@pytest.mark.parametrize("example,rule_id", [
    (RULES.ranges.example, RULES.ranges.id),
    (RULES.ranges.open_end_example, RULES.ranges.open_end_id),
] + [(r.example, r.id) for r in RULES.labelled_days], ids=lambda x: x if isinstance(x, str) and "." in x and " " not in x else "")
def test_events_event_examples(example, rule_id):
    assert rule_id in [e.rule for e in find_events(example, 2025)]


@pytest.mark.parametrize("rule", RULES.milestones, ids=lambda r: r.id)
def test_events_milestone_examples(rule):
    assert rule.id in [m.rule for m in find_milestones(rule.example, 2025)]


def test_events_schedule_example():
    assert [m.rule for m in find_milestones(RULES.schedule.example, 2025)] == [RULES.schedule.id]
