"""Readers: any document file in, one normalized `Document` out.

PLACEHOLDER: UTF-8 text only; the readers stage replaces this with sniffing by content and the
txt/docx/pdf/image readers.

>>> read_text("Ủy ban nhân dân").text
'Ủy ban nhân dân'
"""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from extractor.document import Document
from extractor.models import Source


class ReadError(Exception):
    """A file that cannot be read; the message is one line meant for the user."""

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


def read_text(text: str, path: str | None = None) -> Document:
    norm = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return Document(text=norm, source=Source(path=path, media_type="text/plain", engine="text", encoding="utf-8"))


def read_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot open ({exc.strerror})", "unreadable") from exc
    doc = read_text(data.decode("utf-8", errors="replace"), str(path))
    doc.source = doc.source.model_copy(update={"sha256": hashlib.sha256(data).hexdigest()})
    return doc
