"""rules/audit.yaml: what the cross-document stages read — document types, minimum gaps between
levels, similarity thresholds, plural unit names ("các Sở, ban, ngành") and unit levels.

>>> load_audit_rules().similarity.draft_title > 0
True
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

from extractor.rules import Rule, load_rules

_Rule = Rule


class DocTypeRule(_Rule):
    name: str
    code: Optional[str] = None


class GapRule(_Rule):
    level: str
    days: int


class Similarity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deadline_action: float
    event_name: float
    draft_title: float


class GroupRule(_Rule):
    words: list[str]
    covers: list[str]
    # for "UBND các …" groups: the level of the covered UBNDs; "same" ("thành phố" after "tỉnh" or
    # after "huyện") takes the level of the item before it
    level: Optional[Literal["central", "province", "district", "commune", "issuer", "same"]] = None


class LevelRule(_Rule):
    priority: int
    head: str
    level: Literal["central", "province", "district", "commune", "unit"]


class AuditRules(BaseModel):
    """rules/audit.yaml."""

    model_config = ConfigDict(extra="forbid")
    doc_types: list[DocTypeRule]
    min_gap_days: list[GapRule]
    similarity: Similarity
    stop_syllables: list[str]
    group_markers: list[str]
    group_words: list[GroupRule]
    group_qualifiers: list[str]
    split_before: list[str]
    generic_event_words: list[str]
    generic_heads: list[str]
    position_prefixes: list[str]
    levels: list[LevelRule]


def load_audit_rules() -> AuditRules:
    return load_rules("audit", AuditRules)
