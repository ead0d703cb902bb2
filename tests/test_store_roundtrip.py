"""The store keeps records and statuses identically in SQLite and PostgreSQL, and never duplicates."""
from __future__ import annotations

import pytest

from extractor.models import Assignment, Citation, Deadline, Event, Finding, Number, Record, Source, Task
from extractor.store import FileState, open_store
from tests.servers import postgres_server, postgres_url  # noqa: F401  (pytest fixtures)

TEXT = "Số: 12/KH-UBND\nKính gửi: Sở Tài chính\nBáo cáo trước ngày 30/10/2024."


def _record(text: str = TEXT) -> Record:
    return Record(
        source=Source(path="kh-12.txt", media_type="text/plain"), text=text,
        number=Number(text="12/KH-UBND", seq="12", symbol="KH-UBND", span=(4, 14)),
        legal_basis=[Citation(relation="căn cứ", number="1/2020/NĐ-CP")],
        references=[Citation(number="2/QĐ-TTg")],
        events=[Event(name="Tuần lễ", start="2024-10-01", end="2024-10-07")],
        deadlines=[Deadline(due="2024-10-30", relation="before", responsible=["Sở Tài chính"], span=(48, 66))],
        assignments=[Assignment(unit="Sở Tài chính", role="chủ trì", tasks=[Task(text="Báo cáo"), Task(text="Tổng hợp")])],
        findings=[Finding(code="INVALID_DATE", spans=[(1, 2)])],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "archive.sqlite")
    return request.getfixturevalue("postgres_url")


def test_store_roundtrip_record_and_children(store_url):
    with open_store(store_url) as store:
        rec = _record()
        store.put_record("a" * 64, rec, path="kh-12.txt", state=FileState(path="kh-12.txt", status="done"))
        [(doc_id, back)] = list(store.iter_records())
        assert doc_id == "a" * 64 and back == rec
        counts = store.counts()
        assert (counts["citations"], counts["events"], counts["deadlines"], counts["assignments"],
                counts["tasks"], counts["findings"]) == (2, 1, 1, 1, 2, 1)
        assert store.execute("SELECT responsible FROM deadlines").fetchone()[0] == "Sở Tài chính"


def test_store_rerun_never_duplicates(store_url):
    with open_store(store_url) as store:
        for path in ("a/kh.txt", "b/kh-copy.txt", "a/kh.txt"):
            store.put_record("b" * 64, _record(), path=path, state=FileState(path=path, status="done"))
        counts = store.counts()
        assert (counts["documents"], counts["paths"], counts["files"], counts["tasks"]) == (1, 2, 2, 2)
        assert store.paths_of("b" * 64) == ["a/kh.txt", "b/kh-copy.txt"]


def test_store_nul_bytes_are_replaced_keeping_offsets(store_url):
    text = "Số:\x0012/KH"
    with open_store(store_url) as store:
        store.put_record("c" * 64, Record(text=text), path="nul\x00.txt", state=FileState(path="nul.txt", status="done"))
        [(_, back)] = list(store.iter_records())
        assert back.text == "Số:\ufffd12/KH" and len(back.text) == len(text)


def test_store_state_is_replaced_not_appended(store_url):
    with open_store(store_url) as store:
        store.put_state(FileState(path="x.pdf", status="quarantined", reason="timeout", attempts=1, transient=True))
        store.put_state(FileState(path="x.pdf", status="quarantined", reason="timeout", attempts=2, transient=True))
        [state] = list(store.iter_states())
        assert (state.reason, state.attempts, state.transient) == ("timeout", 2, True)


def test_store_connection_is_usable_by_other_modules(store_url):
    """The linking helper creates its own tables through `Store.connection`."""
    with open_store(store_url) as store:
        cur = store.connection.cursor()
        cur.execute("CREATE TABLE IF NOT EXISTS links (source TEXT, target TEXT)")
        store.execute("INSERT INTO links VALUES (?, ?)", ("a", "b"))
        assert store.execute("SELECT count(*) FROM links").fetchone()[0] == 1


def test_store_open_while_another_writes_does_not_block(postgres_url):
    """Regression: Dask workers opening the store ran `CREATE INDEX IF NOT EXISTS`, which waits for the
    table locks of a worker's open write transaction (and deadlocked in the Dask test)."""
    import threading

    writer = open_store(postgres_url)
    opened = []
    with writer.transaction():
        writer.put_record("d" * 64, _record(), path="a.txt", state=FileState(path="a.txt", status="done"))
        thread = threading.Thread(target=lambda: opened.append(open_store(postgres_url)), daemon=True)
        thread.start()
        thread.join(timeout=10)
        assert opened, "open_store blocked on the writer's locks"
    opened[0].close()
    writer.close()


def test_store_grouped_commits_whole_files_and_rolls_back_the_open_group(store_url):
    """Files written in commit groups: a failure while writing drops only the open group (whose files
    a rerun redoes); groups committed before it stay, each file whole."""
    with open_store(store_url) as store:
        with pytest.raises(RuntimeError):
            with store.grouped(max_items=2, max_seconds=60) as group:
                for i in range(5):
                    with group.file():
                        path = f"cv-{i}.txt"
                        store.put_record(f"{i:064d}", _record(), path=path, state=FileState(path=path, status="done"))
                        if i == 4:
                            raise RuntimeError("disk full")
        assert group.commits == 2
        assert sorted(s.path for s in store.iter_states()) == [f"cv-{i}.txt" for i in range(4)]
        assert store.execute("SELECT count(*) FROM deadlines").fetchone()[0] == 4
