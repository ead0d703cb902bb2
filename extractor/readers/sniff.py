"""Which reader a file needs, decided by its first bytes (magic numbers), never by its name.

A `.txt` that is really a PDF is read as a PDF; a `.doc` (OLE2, Word 97) is named as unsupported
instead of being decoded as text. ZIP containers are only taken as DOCX when they hold
`word/document.xml` (an .xlsx or .odt is not a Word document).

>>> sniff_media_type(b"%PDF-1.7\\n...")
'application/pdf'
>>> sniff_media_type("Ủy ban nhân dân".encode("utf-8"))
'text/plain'
"""
from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
BMP = "image/bmp"
GIF = "image/gif"
WEBP = "image/webp"
TEXT = "text/plain"
OLE = "application/x-ole-storage"  # .doc/.xls of Office 97-2003: not supported
ZIP = "application/zip"
BINARY = "application/octet-stream"

IMAGES = (PNG, JPEG, TIFF, BMP, GIF, WEBP)

# Magic numbers from the format specifications (PDF 32000-1 §7.5.2 allows the header anywhere in the
# first 1024 bytes; PNG §5.2; JFIF/EXIF SOI marker; TIFF 6.0 §2 byte-order header).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"BM", BMP),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)


def sniff_media_type(data: bytes) -> str:
    """The media type of a file's content.

    >>> sniff_media_type(b"\\x89PNG\\r\\n\\x1a\\n....")
    'image/png'
    """
    if b"%PDF-" in data[:1024]:
        return PDF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    for magic, media in _MAGIC:
        if data.startswith(magic):
            return media
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return BINARY
        return DOCX if "word/document.xml" in names else ZIP
    return TEXT if _looks_like_text(data[:4096]) else BINARY


def _looks_like_text(head: bytes) -> bool:
    # UTF-16 has NUL bytes in every other position; a BOM says so outright.
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if not head:
        return True
    if b"\x00" in head:
        return False
    # (bytes.translate deletes the bytes named, in C: the length lost is the count)
    controls = len(head) - len(head.translate(None, _CONTROLS))
    if not controls:
        return True
    return controls - _tcvn3_capitals(head) <= len(head) * 0.01


# Control bytes other than tab, line feed, form feed and carriage return.
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


# TCVN3 (ABC) stores a few capitals with tones (Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ) at control codes: on a line that
# is mostly letters they are text ("T\x04 CH\xd8C" = "TỪ CHỨC", "\x16 KI\xd5N" = "Ý KIẾN"), not binary.
_LETTER = re.compile(rb"[A-Za-z\x80-\xff]")


def _tcvn3_capitals(head: bytes) -> int:
    """How many control bytes of `head` are TCVN3 capitals on lines of text (letters outnumber them
    three to one)."""
    from extractor.legacy import tcvn3_control_bytes

    codes = tcvn3_control_bytes()
    n = 0
    for line in head.split(b"\n"):
        caps = sum(1 for b in line if b in codes)
        if caps and len(_LETTER.findall(line)) >= 3 * caps:
            n += caps
    return n
