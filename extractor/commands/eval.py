"""`extractor eval`: extract a gold-annotated corpus and score it with the judge's score.py."""
from __future__ import annotations

import tempfile
from pathlib import Path

import click

from extractor import evaluate


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Keep the predictions here.")
@click.option("--scorer", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="score.py to use (default: GOLD_DIR/../../tools/score.py).")
def eval_command(gold_dir: Path, docs_dir: Path, out: Path | None, scorer: Path | None) -> None:
    """Chấm điểm trích xuất trên một bộ văn bản có bản ghi chuẩn (gold).

    \b
    Ví dụ:
      extractor eval ../shared/corpus/gold ../shared/corpus/docs --out du-doan/
    """
    with tempfile.TemporaryDirectory() as tmp:
        pred = out or Path(tmp)
        errors = evaluate.predict_dir(docs_dir, gold_dir, pred)
        for doc_id, message in sorted(errors.items()):
            click.echo(f"error: {doc_id}: {message}", err=True)
        try:
            click.echo(evaluate.score(gold_dir, pred, scorer), nl=False)
        except FileNotFoundError as exc:
            raise click.ClickException(str(exc))


COMMANDS = [eval_command]
