"""Checks a file must pass before any parser opens it: what it really is, and whether opening it is safe.

Parsers trust their input: python-docx expands whatever a ZIP holds and lets lxml read a DOCTYPE,
PDF engines inflate any stream they are given. So the cheap, bounded questions are asked first, from
the bytes: is it empty, is it what its name says, is a ZIP's directory honest and small, does an OOXML
part declare a DTD, is a PDF locked with a user password, does a PDF stream inflate to gigabytes.
A failed check gives a reason code (the store's vocabulary) and a one-line message.

>>> check_bytes(b"", "trong.pdf").reason
'empty_file'
>>> check_bytes(b"<!DOCTYPE html><html><body>Trang</body></html>", "cong-van.pdf").reason
'wrong_type'
>>> check_bytes("Kính gửi: Sở Tài chính".encode(), "cv.txt").ok
True
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Optional

# Limits. A real DOCX of an official letter is well under 10 MB uncompressed; a scanned 300 dpi A4
# page inflates to ~26 MB of raw pixels, so a single PDF stream over 256 MB is not a page.
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL = 512 * 2**20  # uncompressed bytes in one container
MAX_ZIP_RATIO = 200  # per member, only for members above MIN_RATIO_SIZE
MIN_RATIO_SIZE = 2 * 2**20
MAX_PDF_STREAM = 256 * 2**20  # inflated bytes of one stream
MAX_PDF_TOTAL = 1024 * 2**20  # inflated bytes of all checked streams of one file
PDF_CHECK_FROM = 64 * 2**10  # streams smaller than this cannot reach MAX_PDF_STREAM in one Flate layer

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
                     ".bmp", ".gif", ".webp"}
ARCHIVE_SUFFIXES = {".zip"}
# Permanent reasons (retrying gives the same answer) — everything preflight finds is permanent.
PERMANENT = {"empty_file", "wrong_type", "truncated", "password_required", "decompression_bomb",
             "forbidden_dtd", "legacy_doc", "unsafe_path", "too_large", "too_deep", "unsupported"}


@dataclass(frozen=True)
class Verdict:
    """The outcome of the checks: `ok`, or the reason code and a one-line message."""

    ok: bool
    kind: Optional[str] = None  # pdf | docx | text | image | zip | ole | html | binary
    reason: Optional[str] = None
    message: Optional[str] = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _fail(kind: Optional[str], reason: str, message: str) -> Verdict:
    return Verdict(ok=False, kind=kind, reason=reason, message=message)


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a", b"BM")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.I | re.S)


def sniff_kind(data: bytes) -> str:
    """What the bytes are, by magic number, never by name.

    >>> sniff_kind(b"%PDF-1.4"), sniff_kind(b"PK\\x03\\x04"), sniff_kind(b"<html>")
    ('pdf', 'zip', 'html')
    """
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    if _HTML_START.match(data[:4096]):
        return "html"
    return "text"


def check_file(path: str | Path, display_name: Optional[str] = None) -> Verdict:
    """`check_bytes` over a file on disk."""
    data = Path(path).read_bytes()
    return check_bytes(data, display_name or str(path))


def check_bytes(data: bytes, name: str) -> Verdict:
    """Run every check that applies to this content; `name` only decides what was expected.

    >>> check_bytes(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(504), "bao-cao.docx").reason
    'legacy_doc'
    """
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if not data:
        return _fail(None, "empty_file", "the file is empty (0 bytes)")
    kind = sniff_kind(data)
    if kind == "ole":
        return _fail(kind, "legacy_doc", "Word 97-2003 (.doc, OLE2) file: convert it to .docx or PDF")
    if kind == "html" and suffix not in (".txt", ".md"):
        return _fail(kind, "wrong_type", f"HTML page saved as {suffix or 'a document'}, not a document")
    if suffix in (".pdf",) and kind != "pdf":
        return _fail(kind, "wrong_type", f"named .pdf but the content is {kind}")
    if suffix in (".docx",) and kind != "zip":
        return _fail(kind, "wrong_type", f"named .docx but the content is {kind}")
    if kind == "pdf":
        return check_pdf(data)
    if kind == "zip":
        return check_ooxml(data)
    return Verdict(ok=True, kind=kind)


# -- ZIP / OOXML -------------------------------------------------------------------------------------

def unsafe_member_name(name: str) -> Optional[str]:
    """Why a ZIP member name may not be written to disk (None when it is safe).

    >>> unsafe_member_name("../../etc/passwd"), unsafe_member_name("van-ban/cv.pdf")
    ('parent directory', None)
    """
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "absolute path"
    if ".." in PurePosixPath(norm).parts:
        return "parent directory"
    if "\x00" in norm:
        return "NUL in name"
    return None


def check_zip_directory(zf: zipfile.ZipFile) -> Optional[Verdict]:
    """Sizes and ratios from the central directory, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        return _fail("zip", "decompression_bomb", f"{len(infos)} members in one archive (limit {MAX_ZIP_MEMBERS})")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MIN_RATIO_SIZE and ratio > MAX_ZIP_RATIO:
            return _fail("zip", "decompression_bomb",
                         f"member {info.filename!r} inflates {ratio:.0f}x to {info.file_size >> 20} MB")
    if total > MAX_ZIP_TOTAL:
        return _fail("zip", "decompression_bomb", f"members inflate to {total >> 20} MB (limit {MAX_ZIP_TOTAL >> 20} MB)")
    return None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, refusing to inflate past `limit` whatever the directory claimed."""
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _Bomb(f"member {info.filename!r} inflates past {limit >> 20} MB")
    return data


class _Bomb(Exception):
    pass


_DOCTYPE = re.compile(rb"<!\s*DOCTYPE|<!\s*ENTITY", re.I)


def _declares_dtd(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return True  # undecodable XML is refused as well
    return bool(_DOCTYPE.search(data))


def check_ooxml(data: bytes) -> Verdict:
    """A DOCX (or other ZIP): honest small directory, safe names, and no DTD in any XML part.

    OOXML forbids DTDs (ECMA-376 Part 2 §8.1.6), so any DOCTYPE is an attack (external entity,
    billion laughs) or a broken writer: either way it is refused before lxml sees it.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        return _fail("zip", "truncated", f"broken ZIP container: {exc}")
    with zf:
        bad = check_zip_directory(zf)
        if bad:
            return bad
        names = zf.namelist()
        for name in names:
            why = unsafe_member_name(name)
            if why:
                return _fail("zip", "unsafe_path", f"member {name!r}: {why}")
        if "[Content_Types].xml" not in names:
            return Verdict(ok=True, kind="zip")
        budget = MAX_ZIP_TOTAL
        try:
            for info in zf.infolist():
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                part = read_member(zf, info, budget)
                budget -= len(part)
                if _declares_dtd(part):
                    return _fail("docx", "forbidden_dtd", f"part {info.filename!r} declares a DTD (DOCTYPE/ENTITY)")
        except _Bomb as exc:
            return _fail("docx", "decompression_bomb", str(exc))
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            return _fail("docx", "truncated", f"broken ZIP member: {exc}")
        if "word/document.xml" not in names:
            return _fail("zip", "unsupported", "an Office file that is not a Word document (no word/document.xml)")
    return Verdict(ok=True, kind="docx")


# -- PDF ---------------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")


def check_pdf(data: bytes) -> Verdict:
    """Truncation, a user password, and Flate streams that inflate to gigabytes.

    An owner password alone (printing/copying restrictions) opens with the empty user password, so
    such a file passes; one that needs a user password is `password_required`.
    """
    if b"%%EOF" not in data[-8192:]:
        return _fail("pdf", "truncated", "the PDF ends before its %%EOF marker (file cut short)")
    if b"/Encrypt" in data:
        locked = _needs_user_password(data)
        if locked:
            return _fail("pdf", "password_required", locked)
    bomb = _find_pdf_bomb(data)
    if bomb:
        return _fail("pdf", "decompression_bomb", bomb)
    return Verdict(ok=True, kind="pdf")


def _needs_user_password(data: bytes) -> Optional[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return "the PDF is encrypted with a user password"
        return None  # other damage is the reader's to report
    pdf.close()
    return None


def _find_pdf_bomb(data: bytes) -> Optional[str]:
    """Inflate big or multiply-compressed Flate streams with a cap, without keeping the output."""
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        head = data[max(0, m.start() - 512):m.start()]
        dict_start = head.rfind(b"<<")
        fm = _FILTER.search(head[dict_start:] if dict_start >= 0 else head)
        if not fm or b"Flate" not in fm.group(1):
            continue
        layers = fm.group(1).count(b"Flate")
        if end - start < PDF_CHECK_FROM and layers < 2:
            continue
        inflated = _inflated_size(data[start:end], MAX_PDF_STREAM, layers)
        if inflated > MAX_PDF_STREAM:
            return f"a compressed stream inflates past {MAX_PDF_STREAM >> 20} MB"
        total += inflated
        if total > MAX_PDF_TOTAL:
            return f"compressed streams inflate past {MAX_PDF_TOTAL >> 20} MB in all"
    return None


def _inflated_size(raw: bytes, limit: int, layers: int) -> int:
    """Bytes that `layers` nested Flate decodings produce, stopping once past `limit`."""
    chunk = 1 << 20
    decoders = [zlib.decompressobj() for _ in range(layers)]
    size = 0

    def feed(level: int, piece: bytes) -> None:
        nonlocal size
        d = decoders[level]
        # Stop at the stream's end (bytes after it are not data) and whenever a call makes no
        # progress: a damaged stream must not spin here.
        while piece and size <= limit and not d.eof:
            try:
                out = d.decompress(piece, chunk)
            except zlib.error:
                return
            tail = d.unconsumed_tail
            if level + 1 < layers:
                feed(level + 1, out)
            else:
                size += len(out)
            if not out and len(tail) >= len(piece):
                return
            piece = tail

    for i in range(0, len(raw), chunk):
        feed(0, raw[i:i + chunk])
        if size > limit:
            break
    return size
