"""Conservative repairs of broken text (filled in below)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Repaired:
    text: str
    counts: dict[str, int] = field(default_factory=dict)


def repair_text(text: str) -> Repaired:
    return Repaired(text)
