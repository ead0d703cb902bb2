"""Records before and after a change, compared: speed work must not change what is extracted.

`save` writes the record of every file into a folder (one JSON per file); `diff` re-extracts the same
files and names every file whose record differs, and which fields. The files are our own corpora/,
../shared/corpus/docs when it is there, and the first documents of the benchmark's generated archive.

    python -m extractor.snapshot save /tmp/truoc      # before the change
    python -m extractor.snapshot diff /tmp/truoc      # after: "0 differ" or the list

>>> _key(Path("corpora/kh-12/source.txt"))
'corpora__kh-12__source.txt'
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parents[1]
SHARED_DOCS = ROOT.parent / "shared" / "corpus" / "docs"
ARCHIVE = Path(tempfile.gettempdir()) / "extractor-bench-archive"


def default_files(archive_docs: int = 400) -> list[Path]:
    """corpora/ sources, the shared corpus's documents and `archive_docs` generated ones (when there)."""
    files = sorted((ROOT / "corpora").glob("**/source.*"))
    files += sorted(p for p in (ROOT / "corpora" / "chains").glob("**/*") if p.is_file()
                    and p.suffix not in (".json", ".md") and p.name not in {f.name for f in files})
    if SHARED_DOCS.is_dir():
        files += sorted(p for p in SHARED_DOCS.iterdir() if p.is_file())
    if ARCHIVE.is_dir():
        files += sorted(p for p in ARCHIVE.glob("**/*.*") if not p.name.startswith("."))[:archive_docs]
    return files


def _key(path: Path) -> str:
    try:
        path = path.resolve().relative_to(ROOT.parent)
    except ValueError:
        pass
    parts = [p for p in path.parts if p not in ("/", "main")]
    return "__".join(parts)


def record_of(path: Path) -> dict:
    """The record as JSON data, or the one-line error a bad file gives."""
    from extractor.pipeline import extract_file

    try:
        return extract_file(path).model_dump(mode="json")
    except Exception as exc:  # a failure is a result to compare too
        return {"error": f"{type(exc).__name__}: {exc}".splitlines()[0]}


def save(folder: Path, files: Iterable[Path]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in files:
        (folder / f"{_key(p)}.json").write_text(json.dumps(record_of(p), ensure_ascii=False, sort_keys=True),
                                               encoding="utf-8")
        n += 1
    return n


def diff(folder: Path, files: Iterable[Path]) -> list[tuple[Path, list[str]]]:
    """(file, fields that differ) for every file whose record is not the saved one."""
    out = []
    for p in files:
        saved = folder / f"{_key(p)}.json"
        old = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {}
        new = record_of(p)
        if old != new:
            out.append((p, sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))))
    return out


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extractor.snapshot", description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=["save", "diff"])
    ap.add_argument("folder")
    ap.add_argument("--archive-docs", type=int, default=400, help="generated documents to include")
    args = ap.parse_args(argv)
    files = default_files(args.archive_docs)
    if args.action == "save":
        print(f"saved {save(Path(args.folder), files)} records in {args.folder}")
        return 0
    changed = diff(Path(args.folder), files)
    for p, fields in changed:
        print(f"DIFF {p}: {', '.join(fields)}")
    print(f"{len(files)} files, {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
