"""Commands over the archive: `audit` (findings within and across documents) and `tasks` (what a
unit must do, with due dates)."""
from __future__ import annotations

import datetime as dt

import click

from extractor.audit import audit_archive, format_findings
from extractor.tasks import archive_tasks, format_tasks, parse_day


def _day(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc))


@click.command()
@click.option("--db", "url", required=True, help="Kho: đường dẫn SQLite hoặc postgresql://…")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table", show_default=True)
def audit(url: str, fmt: str) -> None:
    """Kiểm tra kho văn bản: lỗi trong từng văn bản và mâu thuẫn giữa các cấp
    (CROSS_LEVEL_DEADLINE, EVENT_RANGE_MISMATCH, REFERENCE_DATE_MISMATCH, UNRESOLVED_REFERENCE),
    kèm trích dẫn từ cả hai văn bản.

    \b
    Ví dụ:
      extractor audit --db kho.sqlite
      extractor audit --db kho.sqlite --format html > bao-cao.html
    """
    try:
        findings = audit_archive(url)
    except Exception as exc:  # one line, never a traceback
        raise click.ClickException(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    click.echo(format_findings(findings, fmt))


@click.command()
@click.option("--db", "url", required=True, help="Kho: đường dẫn SQLite hoặc postgresql://…")
@click.option("--unit", required=True, help='Đơn vị, ví dụ "Sở Công Thương" hoặc "UBND xã An Bình"')
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "ics"]), default="table", show_default=True)
@click.option("--due-before", callback=_day, help="Chỉ nhiệm vụ có hạn trước ngày này (2026-04-15 hoặc 15/4/2026)")
@click.option("--overdue", is_flag=True, help="Chỉ nhiệm vụ đã quá hạn (so với hôm nay)")
@click.option("--today", callback=_day, help="Ngày coi là hôm nay (mặc định: ngày hệ thống)")
@click.option("--successors", is_flag=True,
              help="Gồm cả nhiệm vụ giao cho đơn vị của tỉnh đã hợp nhất vào tỉnh này (sắp xếp 2025)")
def tasks(url: str, unit: str, fmt: str, due_before: dt.date | None, overdue: bool, today: dt.date | None,
          successors: bool) -> None:
    """Liệt kê nhiệm vụ được giao cho một đơn vị (kể cả khi gọi tắt hoặc qua "các Sở, ban, ngành",
    "UBND các xã"), với văn bản nguồn, hạn và nơi báo cáo; xuất lịch ICS.

    \b
    Ví dụ:
      extractor tasks --db kho.sqlite --unit "Sở Công Thương"
      extractor tasks --db kho.sqlite --unit "Sở GD&ĐT" --overdue --format ics > han.ics
    """
    try:
        items = archive_tasks(url, unit, due_before=due_before, overdue=overdue, today=today, successors=successors)
    except Exception as exc:  # one line, never a traceback
        raise click.ClickException(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    click.echo(format_tasks(items, fmt, today=today), nl=fmt != "ics")


COMMANDS = [audit, tasks]
