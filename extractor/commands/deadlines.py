"""`extractor deadlines`: the due dates of one or more documents, who must act and for whom."""
from __future__ import annotations

import click

from extractor.deadlines import deadlines_of_file, format_deadlines


@click.command("deadlines")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def deadlines_command(files: tuple[str, ...], fmt: str) -> None:
    """Liệt kê các hạn trong văn bản: ngày hạn (trước/vào/chậm nhất), đơn vị thực hiện, nơi nhận báo
    cáo, qua đơn vị nào; hạn định kỳ ("trước ngày 25 hằng tháng") và hạn tương đối ("trong 15 ngày").

    \b
    Ví dụ:
      extractor deadlines ke-hoach-12.pdf
      extractor deadlines cong-van-345.docx --format json
    """
    for path in files:
        try:
            items = deadlines_of_file(path)
        except Exception as exc:  # one line, never a traceback
            raise click.ClickException(f"{path}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        if len(files) > 1:
            click.echo(f"== {path}")
        click.echo(format_deadlines(items, fmt))


COMMANDS = [deadlines_command]
