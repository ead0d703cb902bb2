import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.models import Gold, Place, Record, json_schema
from shared_corpus import shared_params

SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gold"


def test_models_forbid_unknown_fields():
    with pytest.raises(ValidationError):
        Place(text="Kiên Giang", spna=(0, 1))


def test_models_are_frozen():
    p = Place(text="Kiên Giang")
    with pytest.raises(ValidationError):
        p.text = "Lào Cai"


def test_models_schema_has_contract_fields():
    props = json_schema()["properties"]
    for name in ("schema_version", "source", "text", "doc_type", "number", "issuer", "place", "issued_on",
                 "subject", "recipients", "distribution", "legal_basis", "references", "themes", "events",
                 "milestones", "deadlines", "assignments", "signer", "findings"):
        assert name in props


@pytest.mark.parametrize("path", shared_params(sorted(SHARED_GOLD.glob("*.json")) if SHARED_GOLD.is_dir() else []))
def test_models_read_shared_gold(path):
    Gold.model_validate(json.loads(path.read_text()))
