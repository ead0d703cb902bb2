"""`extractor read`: the normalized text a file reads as (what every span indexes), and its source."""
from __future__ import annotations

import json

import click

from extractor.readers import ReadError, read_document


@click.command("read")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--source", "show_source", is_flag=True, help="Print the source (engine, OCR, quality, repairs) as JSON.")
def read_command(path: str, show_source: bool) -> None:
    """In văn bản đã chuẩn hóa của một tệp (txt, docx, pdf, ảnh).

    \b
    Ví dụ:
      extractor read cong-van-2496.pdf
      extractor read anh-chup.png --source
    """
    try:
        doc = read_document(path)
    except ReadError as exc:
        raise click.ClickException(str(exc))
    if show_source:
        data = doc.source.model_dump(mode="json")
        data.update(status=doc.status, status_reason=doc.status_reason, pages_spans=doc.pages)
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(doc.text, nl=not doc.text.endswith("\n"))


COMMANDS = [read_command]
