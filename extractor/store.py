"""The archive store: records and the ingest status of every file, in SQLite or PostgreSQL.

Documents are keyed by the SHA-256 of their bytes, so the same file under two paths is one document
with two rows in `paths`, and a changed file is a new document (a new version) while the old one stays.
Child rows (fields, citations, events, milestones, deadlines, assignments, tasks, findings) are keyed
`(document, ordinal)`: writing a record again replaces them, so a rerun never duplicates anything.
Record, children and the file's status are written in one transaction.

The SQL is plain and shared by both dialects (`INSERT … ON CONFLICT … DO UPDATE` exists in SQLite ≥ 3.24
and PostgreSQL ≥ 9.5); only the JSON column type and the placeholder differ.

>>> store = open_store(":memory:")
>>> store.dialect
'sqlite'
>>> store.put_record("ab" * 32, Record(text="Kính gửi: Sở Tài chính"), path="cv.txt",
...                  state=FileState(path="cv.txt", status="done"))
>>> [(doc_id[:4], rec.text) for doc_id, rec in store.iter_records()]
[('abab', 'Kính gửi: Sở Tài chính')]
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator, Literal, Optional

from extractor.models import Record

SCHEMA_VERSION = "1"

# Final statuses of a file (the vocabulary); a record's own status maps onto them.
FileStatusName = Literal["done", "partial", "needs_ocr", "needs_review", "quarantined"]
RECORD_TO_FILE_STATUS = {"ok": "done", "partial": "partial", "needs_ocr": "needs_ocr",
                         "needs_review": "needs_review", "failed": "quarantined"}


class StoreError(Exception):
    """A store that cannot be opened or written; the message is one line meant for the user."""


@dataclass
class FileState:
    """The ingest status of one path (a file, or `archive.zip::member`)."""

    path: str
    status: str
    document: Optional[str] = None  # sha256 of the bytes last seen at this path
    size: Optional[int] = None
    mtime_ns: Optional[int] = None
    reason: Optional[str] = None  # reason code: empty_file, timeout, forbidden_dtd, …
    stage: Optional[str] = None  # preflight | read | header | … | store
    exception: Optional[str] = None  # exception class name
    message: Optional[str] = None
    attempts: int = 0
    transient: bool = False  # a failure worth retrying on the next run (timeout, vanished, …)
    seconds: Optional[float] = None
    updated_at: Optional[str] = None

    def as_dict(self) -> dict:
        return asdict(self)


_FILE_COLUMNS = ("path", "status", "document", "size", "mtime_ns", "reason", "stage", "exception",
                 "message", "attempts", "transient", "seconds", "updated_at")


def _ddl(json_type: str) -> list[str]:
    span = "span_start INTEGER, span_end INTEGER, page INTEGER, rule TEXT"
    child = "document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL"
    key = "PRIMARY KEY (document, ordinal)"
    return [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
        f"""CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY, status TEXT, status_reason TEXT, media_type TEXT, pages INTEGER,
            engine TEXT, ocr INTEGER, doc_type TEXT, number TEXT, issuer TEXT, issuer_canonical TEXT,
            place TEXT, issued_on TEXT, issued_year INTEGER, subject TEXT, signer TEXT, signer_position TEXT,
            text_chars INTEGER, first_path TEXT, ingested_at TEXT, record {json_type} NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS paths (
            document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, path TEXT NOT NULL,
            first_seen TEXT, PRIMARY KEY (document, path))""",
        f"""CREATE TABLE IF NOT EXISTS fields ({child}, name TEXT NOT NULL, value TEXT, canonical TEXT,
            note TEXT, {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS citations ({child}, kind TEXT NOT NULL, relation TEXT, doc_type TEXT,
            number TEXT, issued_on TEXT, issuer TEXT, title TEXT, {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS events ({child}, name TEXT, starts_on TEXT, ends_on TEXT, {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS milestones ({child}, label TEXT, on_date TEXT, at_time TEXT, place TEXT,
            unit TEXT, {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS deadlines ({child}, due TEXT, relation TEXT, action TEXT, responsible TEXT,
            recipient TEXT, via TEXT, precision TEXT, recurrence TEXT, relative TEXT, channel TEXT, {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS assignments ({child}, unit TEXT, role TEXT, canonical TEXT, {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS tasks ({child}, assignment INTEGER NOT NULL, unit TEXT, text TEXT, due TEXT,
            {span}, {key})""",
        f"""CREATE TABLE IF NOT EXISTS findings ({child}, code TEXT NOT NULL, severity TEXT, message TEXT,
            spans TEXT, rule TEXT, {key})""",
        """CREATE TABLE IF NOT EXISTS files (
            path TEXT PRIMARY KEY, status TEXT NOT NULL, document TEXT, size BIGINT, mtime_ns BIGINT,
            reason TEXT, stage TEXT, exception TEXT, message TEXT, attempts INTEGER NOT NULL DEFAULT 0,
            transient INTEGER NOT NULL DEFAULT 0, seconds REAL, updated_at TEXT)""",
        "CREATE INDEX IF NOT EXISTS files_status ON files (status)",
        "CREATE INDEX IF NOT EXISTS paths_path ON paths (path)",
        "CREATE INDEX IF NOT EXISTS documents_number ON documents (number)",
        "CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due)",
    ]


CHILD_TABLES = ("fields", "citations", "events", "milestones", "deadlines", "assignments", "tasks", "findings")


def _clean(value: Any) -> Any:
    """Every string with NUL replaced by U+FFFD: PostgreSQL rejects NUL in text and jsonb, and a
    same-length replacement keeps every span pointing at the same characters."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _g(obj: Optional[dict], key: str) -> Any:
    return obj.get(key) if obj else None


def _span(item: dict) -> tuple:
    span = item.get("span") or (None, None)
    return (span[0], span[1], item.get("page"), item.get("rule"))


def rows_of_record(doc_id: str, rec: dict) -> dict[str, list[tuple]]:
    """The child rows of a record (a `model_dump(mode="json")` dict), table by table, in ordinal order."""
    rows: dict[str, list[tuple]] = {t: [] for t in CHILD_TABLES}
    fields = rows["fields"]
    for name, key in (("doc_type", "name"), ("number", "text"), ("issuer", "name"), ("place", "text"),
                      ("issued_on", "date"), ("subject", "text"), ("signer", "name")):
        item = rec.get(name)
        if item:
            value = item.get(key)
            if name == "doc_type":
                value = item.get("code") or value
            if name == "issued_on" and value is None:  # a date with blank parts keeps what is known
                value = "-".join(str(item[k]) for k in ("year", "month", "day") if item.get(k) is not None) or None
            note = item.get("position") if name == "signer" else item.get("name") if name == "doc_type" else None
            fields.append((doc_id, len(fields), name, value, item.get("canonical"), note, *_span(item)))
    for name in ("recipients", "distribution"):
        for item in rec.get(name) or []:
            fields.append((doc_id, len(fields), name[:-1] if name == "recipients" else name, item.get("name"),
                           item.get("canonical"), item.get("note"), *_span(item)))
    for item in rec.get("themes") or []:
        fields.append((doc_id, len(fields), "theme", item.get("text"), None, None, *_span(item)))
    cites = rows["citations"]
    for kind in ("legal_basis", "references"):
        for c in rec.get(kind) or []:
            cites.append((doc_id, len(cites), kind, c.get("relation"), c.get("doc_type"), c.get("number"),
                          c.get("issued_on"), c.get("issuer"), c.get("title"), *_span(c)))
    for i, e in enumerate(rec.get("events") or []):
        rows["events"].append((doc_id, i, e.get("name"), e.get("start"), e.get("end"), *_span(e)))
    for i, m in enumerate(rec.get("milestones") or []):
        rows["milestones"].append((doc_id, i, m.get("label"), m.get("date"), m.get("time"), m.get("place"),
                                   m.get("unit"), *_span(m)))
    for i, d in enumerate(rec.get("deadlines") or []):
        rows["deadlines"].append((doc_id, i, d.get("due"), d.get("relation"), d.get("action"),
                                  "; ".join(d.get("responsible") or []) or None, d.get("recipient"), d.get("via"),
                                  d.get("precision"), d.get("recurrence"), d.get("relative"), d.get("channel"),
                                  *_span(d)))
    tasks = rows["tasks"]
    for i, a in enumerate(rec.get("assignments") or []):
        rows["assignments"].append((doc_id, i, a.get("unit"), a.get("role"), a.get("canonical"), *_span(a)))
        for t in a.get("tasks") or []:
            tasks.append((doc_id, len(tasks), i, a.get("unit"), t.get("text"), t.get("due"), *_span(t)))
    for i, f in enumerate(rec.get("findings") or []):
        rows["findings"].append((doc_id, i, f.get("code"), f.get("severity"), f.get("message"),
                                 json.dumps(f.get("spans") or []), f.get("rule")))
    return rows


_CHILD_COLUMNS = {
    "fields": "document, ordinal, name, value, canonical, note, span_start, span_end, page, rule",
    "citations": "document, ordinal, kind, relation, doc_type, number, issued_on, issuer, title, "
                 "span_start, span_end, page, rule",
    "events": "document, ordinal, name, starts_on, ends_on, span_start, span_end, page, rule",
    "milestones": "document, ordinal, label, on_date, at_time, place, unit, span_start, span_end, page, rule",
    "deadlines": "document, ordinal, due, relation, action, responsible, recipient, via, precision, recurrence, "
                 "relative, channel, span_start, span_end, page, rule",
    "assignments": "document, ordinal, unit, role, canonical, span_start, span_end, page, rule",
    "tasks": "document, ordinal, assignment, unit, text, due, span_start, span_end, page, rule",
    "findings": "document, ordinal, code, severity, message, spans, rule",
}

_DOC_COLUMNS = ("id", "status", "status_reason", "media_type", "pages", "engine", "ocr", "doc_type", "number",
                "issuer", "issuer_canonical", "place", "issued_on", "issued_year", "subject", "signer",
                "signer_position", "text_chars", "first_path", "ingested_at", "record")


class CommitGroup:
    """An open transaction shared by several files (see `Store.grouped`)."""

    def __init__(self, store: "Store", max_items: int, max_seconds: float):
        self.store, self.max_items, self.max_seconds = store, max_items, max_seconds
        self.items = 0
        self.commits = 0
        self._tx: Optional[contextlib.AbstractContextManager] = None
        self._opened = 0.0

    @contextlib.contextmanager
    def file(self) -> Iterator[None]:
        """The writes of one file; the group commits after it when full or old enough."""
        if self._tx is None:
            self._tx = self.store.transaction()
            self._tx.__enter__()
            self._opened = time.monotonic()
        try:
            yield
        except BaseException:
            self.abort()  # a failed write fails the run: the open group is redone by the rerun
            raise
        self.items += 1
        if self.items >= self.max_items or time.monotonic() - self._opened >= self.max_seconds:
            self.close()

    def close(self) -> None:
        if self._tx is not None:
            tx, self._tx = self._tx, None
            tx.__exit__(None, None, None)
            self.commits += 1
            self.items = 0

    def abort(self) -> None:
        if self._tx is not None:
            tx, self._tx = self._tx, None
            self.items = 0
            try:
                tx.__exit__(RuntimeError, RuntimeError("write group aborted"), None)
            except RuntimeError:
                pass


class Store:
    """Records and file statuses in one database. `connection` is the DB-API connection, in autocommit
    mode: a statement of a caller takes effect at once; `transaction()` groups statements atomically."""

    def __init__(self, connection: Any, dialect: str, url: str):
        self.connection = connection
        self.dialect = dialect
        self.url = url
        self._depth = 0
        self._create_schema()

    # -- plumbing ---------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        """Run one statement written with `?` placeholders in either dialect; returns the cursor."""
        cur = self.connection.cursor()
        cur.execute(self._sql(sql), params)
        return cur

    def executemany(self, sql: str, rows: list) -> None:
        if rows:
            cur = self.connection.cursor()
            cur.executemany(self._sql(sql), rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """All statements inside commit together or not at all (nesting joins the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            if self.dialect == "postgresql":
                with self.connection.transaction():
                    yield self
            else:
                # IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
                self.connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    self.connection.execute("ROLLBACK")
                    raise
                self.connection.execute("COMMIT")
        finally:
            self._depth = 0

    @contextlib.contextmanager
    def grouped(self, max_items: int = 64, max_seconds: float = 0.5) -> Iterator["CommitGroup"]:
        """Statements inside go into transactions of up to `max_items` calls of `.done()` or
        `max_seconds`, whichever comes first: one commit per group instead of one per file.

        Each file's rows are written inside one `.file()` block, so a file is still all in or all
        out; a crash loses at most the open group, whose status rows go with it, and a rerun redoes
        those files — nothing lost, nothing doubled.

        >>> s = open_store(":memory:")
        >>> with s.grouped(max_items=2) as g:
        ...     for p in ("a.txt", "b.txt", "c.txt"):
        ...         with g.file():
        ...             s.put_state(FileState(path=p, status="done"))
        >>> g.commits, len(list(s.iter_states()))
        (2, 3)
        """
        group = CommitGroup(self, max_items, max_seconds)
        try:
            yield group
        except GeneratorExit:  # the consumer stopped early: what was written is whole files
            group.close()
            raise
        except BaseException:
            group.abort()
            raise
        group.close()

    def _schema_version(self) -> Optional[str]:
        if self.dialect == "postgresql":
            exists = self.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]
        else:
            exists = self.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not exists:
            return None
        row = self.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return row[0] if row else None

    def _create_schema(self) -> None:
        # An existing schema is left alone, without even `CREATE … IF NOT EXISTS`: in PostgreSQL that
        # still takes table locks, and a worker opening the store while another one writes deadlocked.
        if self._schema_version() == SCHEMA_VERSION:
            return
        json_type = "JSONB" if self.dialect == "postgresql" else "TEXT"
        with self.transaction():
            if self.dialect == "postgresql":
                # Two workers creating the schema at once would race on the catalog: serialize them.
                self.execute("SELECT pg_advisory_xact_lock(81726354)")
            for stmt in _ddl(json_type):
                self.execute(stmt)
            self.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
                         (SCHEMA_VERSION,))

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------
    def put_record(self, doc_id: str, record: Record | dict, *, path: str, state: FileState) -> None:
        """Store a record, its child rows, the path it was read from and the file's status, atomically.

        >>> s = open_store(":memory:")
        >>> s.put_record("0" * 64, Record(), path="a.txt", state=FileState(path="a.txt", status="done"))
        >>> s.put_record("0" * 64, Record(), path="b.txt", state=FileState(path="b.txt", status="done"))
        >>> s.execute("SELECT count(*) FROM documents").fetchone()[0], s.paths_of("0" * 64)
        (1, ['a.txt', 'b.txt'])
        """
        rec = record.model_dump(mode="json") if isinstance(record, Record) else record
        as_json = json.dumps(rec, ensure_ascii=False)
        if "\\u0000" in as_json:  # JSON writes NUL escaped: only then is there one to replace
            rec = _clean(rec)
            as_json = json.dumps(rec, ensure_ascii=False)
        path = _clean(path)
        src = rec.get("source") or {}
        issued = rec.get("issued_on") or {}
        doc_row = (doc_id, rec.get("status"), rec.get("status_reason"), src.get("media_type"), src.get("pages"),
                   src.get("engine"), int(bool(src.get("ocr"))), _g(rec.get("doc_type"), "code"),
                   _g(rec.get("number"), "text"), _g(rec.get("issuer"), "name"), _g(rec.get("issuer"), "canonical"),
                   _g(rec.get("place"), "text"), issued.get("date"), issued.get("year"),
                   _g(rec.get("subject"), "text"), _g(rec.get("signer"), "name"), _g(rec.get("signer"), "position"),
                   len(rec.get("text") or ""), path, _now(), as_json)
        cols = ", ".join(_DOC_COLUMNS)
        marks = ", ".join("?" for _ in _DOC_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _DOC_COLUMNS if c not in ("id", "first_path"))
        with self.transaction():
            self.execute(f"INSERT INTO documents ({cols}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}",
                         doc_row)
            for table in CHILD_TABLES:
                self.execute(f"DELETE FROM {table} WHERE document = ?", (doc_id,))
            for table, rows in rows_of_record(doc_id, rec).items():
                columns = _CHILD_COLUMNS[table]
                marks = ", ".join("?" for _ in columns.split(","))
                self.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            self.execute("INSERT INTO paths (document, path, first_seen) VALUES (?, ?, ?) "
                         "ON CONFLICT (document, path) DO NOTHING", (doc_id, path, _now()))
            self.put_state(FileState(**{**state.as_dict(), "document": doc_id}))

    def put_record_path(self, doc_id: str, path: str, state: FileState) -> None:
        """Another path holding the bytes of an already stored document: the path and its status only."""
        with self.transaction():
            self.execute("INSERT INTO paths (document, path, first_seen) VALUES (?, ?, ?) "
                         "ON CONFLICT (document, path) DO NOTHING", (doc_id, _clean(path), _now()))
            self.put_state(FileState(**{**state.as_dict(), "document": doc_id}))

    def put_state(self, state: FileState) -> None:
        """Write (insert or replace) the status row of one path."""
        row = state.as_dict()
        row["updated_at"] = _now()
        row["transient"] = int(bool(row["transient"]))
        row = {k: _clean(v) for k, v in row.items()}
        cols = ", ".join(_FILE_COLUMNS)
        marks = ", ".join("?" for _ in _FILE_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _FILE_COLUMNS if c != "path")
        with self.transaction():
            self.execute(f"INSERT INTO files ({cols}) VALUES ({marks}) ON CONFLICT (path) DO UPDATE SET {updates}",
                         tuple(row[c] for c in _FILE_COLUMNS))

    # -- reading ----------------------------------------------------------------------------------
    def file_state(self, path: str) -> Optional[FileState]:
        cur = self.execute(f"SELECT {', '.join(_FILE_COLUMNS)} FROM files WHERE path = ?", (path,))
        row = cur.fetchone()
        return self._state(row) if row else None

    def iter_states(self) -> Iterator[FileState]:
        """The status of every path seen, in path order."""
        cur = self.execute(f"SELECT {', '.join(_FILE_COLUMNS)} FROM files ORDER BY path")
        for row in cur.fetchall():
            yield self._state(row)

    @staticmethod
    def _state(row: tuple) -> FileState:
        data = dict(zip(_FILE_COLUMNS, row))
        data["transient"] = bool(data["transient"])
        return FileState(**data)

    def paths_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self.execute("SELECT path FROM paths WHERE document = ? ORDER BY path",
                                           (doc_id,)).fetchall()]

    def iter_records(self) -> Iterator[tuple[str, Record]]:
        """Every stored record with its document id (the SHA-256 of the file's bytes), in id order.

        >>> s = open_store(":memory:")
        >>> list(s.iter_records())
        []
        """
        cur = self.connection.cursor()
        cur.execute("SELECT id, record FROM documents ORDER BY id")
        while True:
            batch = cur.fetchmany(200)
            if not batch:
                break
            for doc_id, raw in batch:
                # pydantic parses JSON text itself, without an intermediate dict (PostgreSQL's
                # psycopg hands jsonb over already decoded).
                if isinstance(raw, (str, bytes)):
                    yield doc_id, Record.model_validate_json(raw)
                else:
                    yield doc_id, Record.model_validate(raw)

    def counts(self) -> dict[str, int]:
        """Rows per table: a quick picture of what is in the archive."""
        return {t: self.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "paths", "files", *CHILD_TABLES)}


def open_store(url: str | Path) -> Store:
    """Open (and create if needed) a store: a SQLite file path or `sqlite:///path`, or `postgresql://…`.

    >>> open_store(":memory:").dialect
    'sqlite'
    """
    url = str(url)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL store needs psycopg (pip install 'psycopg[binary]')") from exc
        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {_redact(url)}: {str(exc).strip().splitlines()[0]}") from exc
        return Store(conn, "postgresql", url)
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    if path != ":memory:":
        parent = Path(path).parent
        if not parent.is_dir():
            raise StoreError(f"cannot create {path}: folder {parent} does not exist")
    try:
        # isolation_level=None: autocommit, transactions are explicit (BEGIN IMMEDIATE … COMMIT).
        conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        if path != ":memory:":
            # WAL: readers (`extractor status`) never block the writer, and a killed writer loses
            # at most the transaction it was in.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    return Store(conn, "sqlite", url)


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    import re

    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)
