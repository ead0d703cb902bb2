"""The document record: the output contract of ../shared/spec/record.md (schema_version "1").

Every model is frozen and forbids unknown keys, so a misspelt field fails where it is written, not
in a downstream tool. Field names are a contract read outside the project: add, never rename.
`span` is `[start, end)` into `Record.text`; `rule` names the rule in rules/ that produced a value,
so a wrong value can be traced to the rule that made it.

The same models read gold files (which carry no spans), hence spans are optional.

>>> Place(text="Kiên Giang", span=(120, 130)).text
'Kiên Giang'
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = tuple[int, int]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Grounded(Model):
    """A value read from the text: where it was read, on which page, by which rule."""

    span: Optional[Span] = None
    page: Optional[int] = None
    rule: Optional[str] = None


class Repair(Model):
    """One kind of repair applied to the text, with how many times it fired."""

    kind: str  # e.g. "nfd_to_nfc", "tcvn3", "homoglyph", "syllable_join", "pdf_glyph"
    count: int
    detail: Optional[str] = None


class Source(Model):
    path: Optional[str] = None
    sha256: Optional[str] = None
    media_type: Optional[str] = None
    pages: Optional[int] = None
    engine: Optional[str] = None
    ocr: bool = False
    encoding: Optional[str] = None
    quality: Optional[float] = None  # share of valid Vietnamese syllables, 0..1
    repairs: list[Repair] = Field(default_factory=list)


class DocType(Grounded):
    code: Optional[str] = None
    name: Optional[str] = None


class Number(Grounded):
    text: Optional[str] = None
    seq: Optional[str] = None
    symbol: Optional[str] = None


class Issuer(Grounded):
    name: Optional[str] = None
    parent: Optional[str] = None
    canonical: Optional[str] = None
    level: Optional[str] = None  # central | province | district | commune | unit


class Place(Grounded):
    text: Optional[str] = None


class DateValue(Grounded):
    """A calendar date; blank parts ("ngày   tháng 9 năm 2022") keep `date` null."""

    date: Optional[str] = None
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None


class Subject(Grounded):
    text: Optional[str] = None


class Recipient(Grounded):
    name: str
    canonical: Optional[str] = None


class Distribution(Grounded):
    name: str
    note: Optional[str] = None
    canonical: Optional[str] = None


class Citation(Grounded):
    relation: Optional[str] = None
    doc_type: Optional[str] = None
    number: Optional[str] = None
    issued_on: Optional[str] = None
    issuer: Optional[str] = None
    title: Optional[str] = None


class Theme(Grounded):
    text: str


class Event(Grounded):
    name: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None


class Milestone(Grounded):
    label: Optional[str] = None
    date: Optional[str] = None
    time: Optional[str] = None
    place: Optional[str] = None
    unit: Optional[str] = None


class Deadline(Grounded):
    due: Optional[str] = None
    relation: Optional[str] = None  # before | on | by | within | recurring
    action: Optional[str] = None
    responsible: list[str] = Field(default_factory=list)
    recipient: Optional[str] = None
    via: Optional[str] = None
    precision: Optional[Literal["day", "month", "quarter", "year"]] = None
    recurrence: Optional[str] = None  # "trước ngày 25 hằng tháng" → "monthly:25"
    relative: Optional[str] = None  # "trong 15 ngày kể từ …" → the phrase
    channel: Optional[str] = None  # email / address when given


class Task(Grounded):
    text: str
    due: Optional[str] = None


class Assignment(Grounded):
    unit: str
    role: Optional[str] = None  # chủ trì | phối hợp | None
    canonical: Optional[str] = None
    tasks: list[Task] = Field(default_factory=list)


class Signer(Grounded):
    name: Optional[str] = None
    position: Optional[str] = None
    authority: Optional[str] = None


class Finding(Model):
    code: str
    severity: Literal["info", "warning", "error"] = "warning"
    message: str = ""
    spans: list[Span] = Field(default_factory=list)
    rule: Optional[str] = None


Status = Literal["ok", "partial", "needs_review", "needs_ocr", "failed"]


class Record(Model):
    schema_version: str = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    status: Status = "ok"
    status_reason: Optional[str] = None
    text: str = ""
    doc_type: Optional[DocType] = None
    number: Optional[Number] = None
    issuer: Optional[Issuer] = None
    place: Optional[Place] = None
    issued_on: Optional[DateValue] = None
    subject: Optional[Subject] = None
    recipients: list[Recipient] = Field(default_factory=list)
    distribution: list[Distribution] = Field(default_factory=list)
    legal_basis: list[Citation] = Field(default_factory=list)
    references: list[Citation] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    signer: Optional[Signer] = None
    findings: list[Finding] = Field(default_factory=list)


class Gold(Record):
    """A gold file (../shared/spec/gold.md): the record's fields without text or source, plus notes."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    notes: Optional[str] = None


def json_schema() -> dict:
    """The JSON Schema of `Record`, as `extractor schema` prints it."""
    return Record.model_json_schema()
