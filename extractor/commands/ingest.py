"""`extractor ingest` (folders and ZIP archives into a store) and `extractor status` (every file's status)."""
from __future__ import annotations

import json

import click

from extractor.ingest import DEFAULT_MAX_ATTEMPTS, IngestError, ingest, status
from extractor.store import StoreError
from extractor.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, WorkerError


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", default="archive.sqlite", show_default=True,
              help="SQLite file, or postgresql://user@host/dbname")
@click.option("--workers", type=int, default=None, help="worker processes (default: one per core)")
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True, help="seconds per file")
@click.option("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, show_default=True,
              help="address-space cap per worker")
@click.option("--max-attempts", type=int, default=DEFAULT_MAX_ATTEMPTS, show_default=True,
              help="tries of a transiently failing file across reruns")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
def ingest_command(paths, db, workers, timeout, memory_mb, max_attempts, executor, scheduler) -> None:
    """Nạp cả thư mục / tệp .zip văn bản vào kho (SQLite hoặc PostgreSQL); chạy lại thì làm tiếp.

    \b
    Ví dụ:
      extractor ingest van-ban-den/ luu-tru-2024.zip --db archive.sqlite
      extractor ingest /mnt/van-ban --db postgresql://kho@db/vanban --executor dask --scheduler tcp://10.0.0.5:8786
    """
    try:
        report = ingest(paths, db, workers=workers, timeout=timeout, memory_mb=memory_mb,
                        max_attempts=max_attempts, executor=executor, scheduler=scheduler)
    except (IngestError, StoreError, WorkerError) as ex:
        raise click.ClickException(str(ex))
    click.echo(report.summary())


@click.command("status")
@click.option("--db", default="archive.sqlite", show_default=True, help="SQLite file or postgresql://…")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status_command(db, fmt) -> None:
    """Liệt kê trạng thái nạp của từng tệp (done, partial, needs_ocr, quarantined + lý do).

    \b
    Ví dụ:
      extractor status --db archive.sqlite --format json
    """
    try:
        states = status(db)
    except StoreError as ex:
        raise click.ClickException(str(ex))
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in states], ensure_ascii=False, indent=1))
        return
    click.echo("status\treason\tstage\tattempts\tpath\tmessage")
    for s in states:
        click.echo("\t".join(str(x) if x is not None else "-" for x in
                             (s.status, s.reason, s.stage, s.attempts, s.path, s.message)))


COMMANDS = [ingest_command, status_command]
