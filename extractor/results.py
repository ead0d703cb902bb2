"""Regenerate the README's results table: F1 per field for each document type on ../shared/corpus.

`make results` runs `python -m extractor.results README.md`; the table sits between the markers
`<!-- results:start -->` and `<!-- results:end -->` and is never typed by hand. `make bench` runs
`python -m extractor.results --bench README.md` after the benchmark to do the same with its table.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from extractor import evaluate

START, END = "<!-- results:start -->", "<!-- results:end -->"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def results_table(corpus: Path = CORPUS) -> str:
    """A Markdown table: one row per field, one column per document type, plus all documents."""
    gold, docs = corpus / "gold", corpus / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp)
        evaluate.predict_dir(docs, gold, pred)
        by_type = evaluate.score_by_group(gold, pred, lambda g: (g.get("doc_type") or {}).get("code") or "no code")
        overall = evaluate.score_by_group(gold, pred, lambda g: "all")["all"]
        counts: dict[str, int] = {}
        import json
        for gf in gold.glob("*.json"):
            code = (json.loads(gf.read_text()).get("doc_type") or {}).get("code") or "no code"
            counts[code] = counts.get(code, 0) + 1
    types = sorted(by_type, key=lambda t: -counts.get(t, 0))
    head = "| field | all (" + str(sum(counts.values())) + ") | " + " | ".join(f"{t} ({counts[t]})" for t in types) + " |"
    rule = "|---" * (len(types) + 2) + "|"
    rows = [head, rule]
    for field in overall:
        cells = [f"{overall[field]:.2f}"] + [f"{by_type[t][field]:.2f}" if field in by_type[t] else "–" for t in types]
        rows.append(f"| {field} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def splice(readme: Path, name: str, content: str) -> bool:
    """Put `content` between `<!-- name:start -->` and `<!-- name:end -->` in readme; False without markers."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        return False
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(before + start + "\n" + content.strip() + "\n" + end + after, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    if argv[:1] == ["--bench"]:
        readme, table = Path(argv[1] if len(argv) > 1 else "README.md"), Path("bench/results.md")
        body = table.read_text(encoding="utf-8").split("\n", 1)[1] if table.exists() else ""
        if not body or not splice(readme, "bench", body):
            print(f"error: no {table} or no bench markers in {readme}", file=sys.stderr)
            return 1
        print(f"benchmark table written to {readme}")
        return 0
    readme = Path(argv[0] if argv else "README.md")
    if not (CORPUS / "gold").is_dir():
        print(f"error: {CORPUS} is absent; the results table needs ../shared/corpus", file=sys.stderr)
        return 1
    if not splice(readme, "results", results_table()):
        print(f"error: {readme} has no {START} … {END} markers", file=sys.stderr)
        return 1
    print(f"results table written to {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
