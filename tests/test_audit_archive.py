"""Links stored beside the archive (`citation_links`), refreshed when the archive changes, in SQLite
and in a real throwaway PostgreSQL; the `audit` and `tasks` commands over a stored archive."""
import json

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from extractor.cli import main
from extractor.linking import ensure_links, link_archive, stored_links
from extractor.models import Assignment, Citation, DateValue, Deadline, Issuer, Number, Record, Task
from extractor.store import FileState, open_store
from tests.servers import postgres_server, postgres_url  # noqa: F401  (fixtures)

BO = Record(number=Number(text="1500/BYT-KCB"), issuer=Issuer(name="Bộ Y tế"), issued_on=DateValue(date="2026-02-10"),
            deadlines=[Deadline(due="2026-03-31", action="báo cáo kết quả rà soát", recipient="Bộ Y tế",
                                responsible=["Ủy ban nhân dân các tỉnh, thành phố"])])
TINH = Record(number=Number(text="210/UBND-VX"), issuer=Issuer(name="Ủy ban nhân dân tỉnh Hà Giang"),
              issued_on=DateValue(date="2026-02-20"),
              legal_basis=[Citation(number="1500/BYT-KCB", issued_on="2026-02-10")],
              assignments=[Assignment(unit="Sở Y tế", role="chủ trì", tasks=[Task(text="Rà soát cơ sở khám bệnh")])],
              deadlines=[Deadline(due="2026-04-02", action="báo cáo kết quả rà soát", responsible=["Sở Y tế"],
                                  recipient="Bộ Y tế"),
                         Deadline(due="2026-04-05", action="gửi báo cáo kết quả rà soát", recipient="Sở Y tế",
                                  responsible=["Ủy ban nhân dân các xã, phường"])])


def put(store, doc_id, rec, path):
    store.put_record(doc_id, rec, path=path, state=FileState(path=path, status="done"))


def _links_roundtrip(url):
    store = open_store(url)
    put(store, "b" * 64, TINH, "tinh.txt")
    [placeholder] = link_archive(store)
    assert placeholder.target is None and stored_links(store) == [placeholder]
    put(store, "a" * 64, BO, "bo.txt")
    [filled] = ensure_links(store)  # the archive changed: links are recomputed
    assert filled.target == "a" * 64 and filled.ordinal == placeholder.ordinal
    assert stored_links(store) == [filled]
    assert ensure_links(store) == [filled]  # unchanged archive: read back, same links
    store.close()


def test_audit_archive_links_sqlite(tmp_path):
    _links_roundtrip(str(tmp_path / "kho.sqlite"))


@pytest.mark.slow
def test_audit_archive_links_postgresql(postgres_url):  # noqa: F811
    _links_roundtrip(postgres_url)


def test_audit_archive_ignores_replaced_versions(tmp_path):
    url = str(tmp_path / "kho.sqlite")
    store = open_store(url)
    put(store, "a" * 64, BO, "bo.txt")
    # the same path re-ingested with new bytes: the old version stays in the store but is not current
    put(store, "c" * 64, BO.model_copy(update={"issued_on": DateValue(date="2026-02-11")}), "bo.txt")
    put(store, "b" * 64, TINH, "tinh.txt")
    links = link_archive(store)
    assert [(l.target, l.method) for l in links if l.document == "b" * 64] == [("c" * 64, "number")]


@pytest.fixture
def archive(tmp_path):
    url = str(tmp_path / "kho.sqlite")
    with open_store(url) as store:
        put(store, "a" * 64, BO, "bo.txt")
        put(store, "b" * 64, TINH, "tinh.txt")
    return url


def test_audit_cli_table_and_json(archive):
    out = CliRunner().invoke(main, ["audit", "--db", archive])
    assert out.exit_code == 0, out.output
    assert "CROSS_LEVEL_DEADLINE" in out.output  # communes report 5/4, the province must report by 31/3
    data = json.loads(CliRunner().invoke(main, ["audit", "--db", archive, "--format", "json"]).output)
    [cross] = [d for d in data if d["code"] == "CROSS_LEVEL_DEADLINE"]
    assert [e["document"] for e in cross["evidence"]] == ["a" * 64, "b" * 64]


def test_audit_cli_bad_database_is_one_line(tmp_path):
    out = CliRunner().invoke(main, ["audit", "--db", str(tmp_path / "khong-co" / "kho.sqlite")])
    assert out.exit_code != 0 and "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_tasks_cli_ics_imports(archive):
    out = CliRunner().invoke(main, ["tasks", "--db", archive, "--unit", "Sở Y tế tỉnh Hà Giang", "--format", "ics"])
    assert out.exit_code == 0, out.output
    cal = Calendar.from_ical(out.output)
    events = [c for c in cal.walk("VEVENT")]
    assert [str(e.get("dtstart").dt) for e in events] == ["2026-04-02"]


@pytest.mark.parametrize("args, dues", [
    ([], ["2026-04-02", None]),
    (["--due-before", "1/4/2026"], []),
    (["--overdue", "--today", "2026-04-03"], ["2026-04-02"]),
    (["--overdue", "--today", "2026-04-02"], []),
])
def test_tasks_cli_filters(archive, args, dues):
    out = CliRunner().invoke(main, ["tasks", "--db", archive, "--unit", "Sở Y tế", "--format", "json", *args])
    assert out.exit_code == 0, out.output
    assert [t["due"] for t in json.loads(out.output)] == dues


def test_tasks_cli_bad_date_is_one_line(archive):
    out = CliRunner().invoke(main, ["tasks", "--db", archive, "--unit", "Sở Y tế", "--due-before", "mai"])
    assert out.exit_code != 0 and "Traceback" not in out.output


def test_audit_archive_read_only_database_still_audits(tmp_path):
    import sqlite3

    from extractor.linking import ensure_links

    url = str(tmp_path / "kho.sqlite")
    with open_store(url) as store:
        put(store, "b" * 64, TINH, "tinh.txt")
    store = open_store(url)
    store.connection.close()
    store.connection = sqlite3.connect(f"file:{url}?mode=ro", uri=True, isolation_level=None)
    [link] = ensure_links(store)
    assert link.target is None and link.method == "unresolved"
