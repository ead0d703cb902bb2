"""Evaluation against gold records with the judge's own scorer (../shared/tools/score.py).

The scorer is loaded from disk, not copied, so our numbers are the judge's numbers.

>>> default_scorer(Path("../shared/corpus/gold")).name
'score.py'
"""
from __future__ import annotations

import importlib.util
import io
import json
import contextlib
from pathlib import Path
from types import ModuleType

from extractor.pipeline import extract_file


def default_scorer(gold_dir: Path) -> Path:
    """score.py beside the corpus: GOLD_DIR/../../tools/score.py."""
    return Path(gold_dir).resolve().parent.parent / "tools" / "score.py"


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None or not Path(path).exists():
        raise FileNotFoundError(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict_dir(docs_dir: Path, gold_dir: Path, out_dir: Path) -> dict[str, str]:
    """Extract every document that has a gold file into out_dir/ID.json; returns {id: error} for failures."""
    out_dir.mkdir(parents=True, exist_ok=True)
    gold_ids = {p.stem for p in Path(gold_dir).glob("*.json")}
    errors: dict[str, str] = {}
    for path in sorted(Path(docs_dir).iterdir()):
        stem = path.name.split(".")[0]
        if stem not in gold_ids or not path.is_file():
            continue
        try:
            record = extract_file(path)
        except Exception as exc:  # the score counts it as missing; the error is reported
            errors[stem] = f"{type(exc).__name__}: {exc}".splitlines()[0]
            continue
        (out_dir / f"{stem}.json").write_text(json.dumps(record.model_dump(mode="json"), ensure_ascii=False))
    return errors


def score(gold_dir: Path, pred_dir: Path, scorer: Path | None = None) -> str:
    """The scorer's table for pred_dir against gold_dir."""
    module = load_scorer(scorer or default_scorer(gold_dir))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        module.main([str(gold_dir), str(pred_dir)])
    return buf.getvalue()


def score_by_group(gold_dir: Path, pred_dir: Path, group_of, scorer: Path | None = None) -> dict[str, dict[str, float]]:
    """F1 per field for each group of documents (e.g. by document type): {group: {field: f1}}."""
    module = load_scorer(scorer or default_scorer(gold_dir))
    totals: dict[str, dict[str, list[int]]] = {}
    for gf in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gf.read_text())
        pf = Path(pred_dir) / gf.name
        pred = json.loads(pf.read_text()) if pf.exists() else {}
        group = group_of(gold)
        for field, fn in module.FIELDS.items():
            if field not in gold and field.split("+")[0] not in gold and not (field == "signer_position" and "signer" in gold):
                continue
            t = totals.setdefault(group, {}).setdefault(field, [0, 0, 0])
            for k, v in enumerate(fn(gold, pred)):
                t[k] += v
    out: dict[str, dict[str, float]] = {}
    for group, fields in totals.items():
        for field, (tp, fp, fn) in fields.items():
            if tp + fp + fn:
                p = tp / (tp + fp) if tp + fp else 0.0
                r = tp / (tp + fn) if tp + fn else 0.0
                out.setdefault(group, {})[field] = round(2 * p * r / (p + r), 3) if p + r else 0.0
    return out
