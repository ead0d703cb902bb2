"""Readers: any document file in, one normalized `Document` out.

The reader is chosen by content (`sniff.sniff_media_type`), never by the file name:

- plain text (`plaintext`): UTF-8/UTF-16 with or without BOM, Windows-1258, TCVN3, VNI, VIQR,
  chosen by content with a confidence (extractor.legacy); Markdown/HTML wrappers taken off
  (`markup`); form feeds split pages;
- DOCX (`docx`): paragraphs and tables in document order, legacy-font runs decoded;
- PDF (`pdf`): the text layer as visual lines (pypdfium2; pdfplumber for ruled tables and for pages
  that fail the quality check), OCR for pages without a usable text layer (`ocr`);
- images (PNG/JPEG/TIFF…): OCR after deskew and threshold.

Every page then goes through the same finishing: NFC, "\\r\\n" → "\\n", TCVN3/VNI mojibake words
decoded (`legacy.repair_mixed`), conservative repairs (`repairs`), and the quality check
(`quality`). Pages are joined by "\\n\\f\\n" (the form feed on its own line); `Document.pages` holds
each page's [start, end) in the text. A document whose text stays unusable gets
`status="needs_review"` and a reason, so no confident field is read from garbage.

>>> read_text("Ủy ban nhân dân").text
'Ủy ban nhân dân'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from extractor.document import Document
from extractor.models import Repair, Source

PAGE_SEP = "\n\f\n"
_SPACES = {0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None,
           0xFEFF: None}
_SPACE_CHARS = re.compile("[" + "".join(map(chr, _SPACES)) + "]")
# A UTF-16 surrogate alone (a PDF engine's half of a character beyond the BMP) cannot be stored or
# written as UTF-8: it becomes U+FFFD, which the quality check counts as a broken character.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Over this share of unusable pages the document is not trusted.
MAX_BAD_PAGES = 0.34


class ReadError(Exception):
    """A file that cannot be read; the message is one line meant for the user."""

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


def normalize_text(text: str) -> str:
    """NFC, one kind of line end, pypdfium2's line-break hyphen as "-", no trailing spaces.

    >>> normalize_text("Ho\\u0300a Bi\\u0300nh\\r\\nca\\ufffe\\r\\n")
    'Hòa Bình\\nca-\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-").replace("\x00", "")
    # No-break and zero-width spaces from Word and web pages: a regex for "Số: 12" must see a space.
    # (translate looks up every character: only run it on text that has one of them)
    if _SPACE_CHARS.search(text):
        text = text.translate(_SPACES)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def finish_document(pages: list[str], source: Source, *, repairs: dict[str, int] | None = None,
                    page_status: list[str | None] | None = None) -> Document:
    """Normalize, repair and check each page; join them into one `Document`."""
    from extractor.legacy import repair_mixed
    from extractor.quality import assess_text
    from extractor.repairs import repair_text

    counts: dict[str, int] = dict(repairs or {})
    texts: list[str] = []
    scores: list[tuple[float, int]] = []
    bad: list[str] = []
    for i, raw in enumerate(pages):
        text = raw
        before = text
        text = normalize_text(text)
        if not unicodedata.is_normalized("NFC", before.replace("\r\n", "\n")):
            counts["nfd_to_nfc"] = counts.get("nfd_to_nfc", 0) + sum(
                1 for ch in before if unicodedata.combining(ch))
        mixed = repair_mixed(text)
        text = mixed.text
        for k, v in mixed.counts.items():
            counts[k] = counts.get(k, 0) + v
        fixed = repair_text(text)
        text = fixed.text
        for k, v in fixed.counts.items():
            counts[k] = counts.get(k, 0) + v
        q = assess_text(text)
        scores.append((q.score, q.words))
        note = page_status[i] if page_status and i < len(page_status) else None
        if note:
            bad.append(f"page {i + 1}: {note}")
        elif not q.usable:
            bad.append(f"page {i + 1}: {'; '.join(q.reasons)}")
        texts.append(text)
    text, spans = _join(texts)
    words = sum(w for _, w in scores)
    quality = round(sum(s * w for s, w in scores) / words, 3) if words else None
    src = source.model_copy(update={
        "pages": source.pages if source.pages is not None else (len(pages) if len(pages) > 1 else source.pages),
        "quality": quality,
        "repairs": [Repair(kind=k, count=v) for k, v in sorted(counts.items()) if v],
    })
    doc = Document(text=text, pages=spans if len(spans) > 1 or source.pages else [], source=src)
    nonempty = [t for t in texts if t.strip()]
    if not nonempty:
        doc.status, doc.status_reason = "needs_review", "no text could be read"
    elif bad and len(bad) > MAX_BAD_PAGES * len(pages):
        doc.status, doc.status_reason = "needs_review", "; ".join(bad)[:500]
    return doc


def _join(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans = []
    pos = 0
    for i, t in enumerate(texts):
        if i:
            pos += len(PAGE_SEP)
        spans.append((pos, pos + len(t)))
        pos += len(t)
    return PAGE_SEP.join(texts), spans


def read_text(text: str, path: str | None = None) -> Document:
    """A text already in memory (already decoded) as a `Document`.

    >>> read_text("**Kính gửi:** các xã\\r\\n").text
    'Kính gửi: các xã\\n'
    """
    from extractor.readers.plaintext import split_text_pages

    pages = split_text_pages(text)
    return finish_document(pages, Source(path=path, media_type="text/plain", engine="text", encoding="utf-8"))


def read_bytes(data: bytes, path: str | None = None) -> Document:
    """A file's content as a `Document`, the reader chosen by the content's magic bytes."""
    from extractor.readers import sniff

    media = sniff.sniff_media_type(data)
    sha = hashlib.sha256(data).hexdigest()
    base = Source(path=path, sha256=sha, media_type=media)
    name = path or "input"
    if not data:
        raise ReadError(f"{name}: the file is empty (0 bytes)", "empty_file")
    # The parsers never see a container the preflight refuses: python-docx would expand a zip bomb
    # or silently drop a paragraph behind a DOCTYPE, pdfminer recurses on xref loops and bombs.
    if media in (sniff.DOCX, sniff.PDF):
        from extractor.preflight import check_ooxml, check_pdf

        verdict = check_ooxml(data) if media == sniff.DOCX else check_pdf(data)
        if not verdict.ok:
            raise ReadError(f"{name}: {verdict.message}", verdict.reason or "rejected")
    if media == sniff.TEXT:
        from extractor.readers.plaintext import read_plaintext

        return read_plaintext(data, base)
    if media == sniff.DOCX:
        from extractor.readers.docx import read_docx_bytes

        try:
            got = read_docx_bytes(data)
        except Exception as exc:  # a damaged archive or XML: one line, not a traceback
            raise ReadError(f"{name}: not a readable DOCX ({type(exc).__name__})", "corrupt") from exc
        enc = ",".join(sorted(got.encodings)) or "unicode"
        return finish_document([got.text], base.model_copy(update={"engine": "python-docx", "encoding": enc}),
                               repairs={f"font_{k}": v for k, v in got.encodings.items()})
    if media == sniff.PDF:
        from extractor.readers.pdfdoc import read_pdf_document

        return read_pdf_document(data, base)
    if media in sniff.IMAGES:
        from extractor.readers.image import read_image_document

        return read_image_document(data, base)
    if media == sniff.OLE:
        raise ReadError(f"{name}: Word 97-2003 (.doc) files are not supported; save it as .docx or PDF",
                        "unsupported")
    raise ReadError(f"{name}: unsupported file type ({media})", "unsupported")


def read_document(path: str | Path) -> Document:
    """Read one file (txt, md, docx, pdf, png/jpg/tif) into a normalized `Document`.

    >>> # read_document("ke-hoach-173.pdf").source.engine
    >>> # 'pypdfium2'
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ReadError(f"{path}: is a directory", "unreadable") from exc
    except OSError as exc:
        raise ReadError(f"{path}: cannot open ({exc.strerror})", "unreadable") from exc
    return read_bytes(data, str(path))
