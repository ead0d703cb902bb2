"""Split a document's text into its parts (header, title, subject, Kính gửi, preamble, body,
signature, Nơi nhận, appendices). Every later stage works on these parts.

PLACEHOLDER: this first version puts the whole text in `body`; the layout stage replaces it.

>>> find_layout("1. Sở Giáo dục và Đào tạo").body
Block(name='body', start=0, end=25)
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    name: str
    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass
class Layout:
    header: Block | None = None  # issuing body (+ parent), motto, number, place and date
    title: Block | None = None  # the type name line ("KẾ HOẠCH", "QUYẾT ĐỊNH")
    subject: Block | None = None  # trích yếu: "V/v …" or the line(s) under the type name
    recipients: Block | None = None  # "Kính gửi: …"
    preamble: Block | None = None  # opening clauses: căn cứ / thực hiện / theo …
    body: Block | None = None  # the numbered body
    signature: Block | None = None  # KT./TM./TL./TUQ., position, name
    distribution: Block | None = None  # "Nơi nhận: …"
    appendices: list[Block] = field(default_factory=list)  # tables, schedules, report templates


def find_layout(text: str) -> Layout:
    """The parts of a document."""
    return Layout(body=Block("body", 0, len(text)))
