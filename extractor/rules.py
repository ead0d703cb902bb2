"""Load the genre's knowledge from rules/*.yaml through pydantic models.

Each module that uses a rule file declares the pydantic model of that file next to its code and calls
`load_rules("deadlines", DeadlineRules)`; a typo in a rule file fails at load time, not at match time.
Files are read once per process.

>>> from pydantic import BaseModel, ConfigDict
>>> class Demo(BaseModel):
...     doc_types: list
>>> len(load_rules("doc_types", Demo).doc_types) > 5
True
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict

RULES_DIR = Path(os.environ.get("EXTRACTOR_RULES", Path(__file__).resolve().parent.parent / "rules"))

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base of every rule-file model: an unknown key (a typo) fails when the file is loaded."""

    model_config = ConfigDict(extra="forbid")


class Rule(Strict):
    """One rule: its `id` travels into the values it produces; `example` is the case that motivated it."""

    id: str
    example: str


@functools.lru_cache(maxsize=None)
def _read(name: str) -> dict:
    path = RULES_DIR / f"{name}.yaml"
    with open(path, encoding="utf-8") as fh:
        # libyaml's safe loader when PyYAML has it (its wheels do): the rule files took a fifth of a
        # second each to parse in pure Python, in every worker that starts.
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


@functools.lru_cache(maxsize=None)
def load_rules(name: str, model: type[M]) -> M:
    """The validated content of rules/<name>.yaml."""
    try:
        return model.model_validate(_read(name))
    except Exception as exc:  # a rule file error names the file
        raise ValueError(f"rules/{name}.yaml: {exc}") from exc
