"""Command line: each command parses its arguments, calls one library function and prints.

Library errors become one-line messages on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import json
import sys

import click

from extractor import pipeline
from extractor.models import json_schema
from extractor.readers import ReadError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Đọc văn bản hành chính tiếng Việt thành bản ghi có dẫn nguồn.

    \b
    Ví dụ:
      extractor extract cong-van-154.pdf --format json
    """


def _table_row(rec) -> str:
    g = lambda o, k: (getattr(o, k, None) if o is not None else None) or "-"
    date = rec.issued_on.date if rec.issued_on and rec.issued_on.date else g(rec.issued_on, "year")
    return "\t".join(str(x) for x in (
        rec.source.path, g(rec.doc_type, "code"), g(rec.number, "text"), g(rec.issuer, "name"), date,
        len(rec.deadlines), len(rec.assignments), len(rec.findings), rec.status))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json", show_default=True)
def extract(files: tuple[str, ...], fmt: str) -> None:
    """Trích xuất bản ghi từ từng tệp (txt, docx, pdf, ảnh).

    \b
    Ví dụ:
      extractor extract ke-hoach-12.pdf cong-van-345.docx --format table
    """
    failed = 0
    if fmt == "table":
        click.echo("path\ttype\tnumber\tissuer\tissued_on\tdeadlines\tassignments\tfindings\tstatus")
    for path in files:
        try:
            rec = pipeline.extract_file(path)
        except ReadError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        except Exception as exc:  # one bad file must not stop the batch
            click.echo(f"error: {path}: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
            failed += 1
            continue
        data = rec.model_dump(mode="json")
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        elif fmt == "jsonl":
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(_table_row(rec))
    if failed:
        sys.exit(1)


@main.command()
def schema() -> None:
    """In JSON Schema của bản ghi.

    \b
    Ví dụ:
      extractor schema > record.schema.json
    """
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=1))


def _register_commands() -> None:
    """Add the commands of every module in extractor/commands (ingest, audit, tasks, eval …)."""
    import importlib
    import pkgutil

    import extractor.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"extractor.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)


_register_commands()

if __name__ == "__main__":
    main()
