"""A page's segments read by the C loop in `_pagescan.c`: the same segments as `pdf._pdfium_chars`
followed by `pdf._segments`, at a fraction of the cost.

Reading a page in Python cost two or three ctypes calls per character and a Python loop over the
characters: five times pdfium's own text extraction (`make bench`, per-stage table). The C loop
calls pdfium through the function pointers pypdfium2 has loaded and hands back one tuple per
segment; a segment's characters are unpacked only when the layout asks for them.

Where the extension was not built (no C compiler at install time) `available()` is False and the
reader keeps its Python path: the same text, slower.

>>> # segs = scan_segments(textpage, page.get_height())
>>> # [s.text for s in segs][:2]
>>> # ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']
"""
from __future__ import annotations

import ctypes
import struct
import unicodedata
from functools import lru_cache

try:
    from extractor.readers import _pagescan
except ImportError:  # built at install time; optional
    _pagescan = None

# One character as the C loop packs it: x0, x1, top, bottom, size, code point, space before, filled gap.
CHAR_FORMAT = struct.Struct("=5dIBB2x")  # native order, packed: the C struct


def available() -> bool:
    return _pagescan is not None


@lru_cache(maxsize=1)
def _combining_bitmap() -> bytes:
    """Bit cp set for each combining mark of the BMP (`unicodedata.combining`), for the C loop,
    which has no Unicode database of its own; it hands pages with characters beyond the BMP back."""
    bits = bytearray(0x10000 // 8)
    for cp in range(0x300, 0x10000):  # nothing below U+0300 combines
        if unicodedata.combining(chr(cp)):
            bits[cp >> 3] |= 1 << (cp & 7)
    return bytes(bits)


@lru_cache(maxsize=1)
def _functions() -> tuple[int, ...]:
    import pypdfium2.raw as raw

    address = lambda f: ctypes.cast(f, ctypes.c_void_p).value
    return tuple(address(f) for f in (raw.FPDFText_CountChars, raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated,
                                      raw.FPDFText_GetCharBox, raw.FPDFText_GetFontSize))


@lru_cache(maxsize=1)
def _object_functions() -> tuple[tuple[int, ...], tuple[int, int, int]]:
    import pypdfium2.raw as raw

    address = lambda f: ctypes.cast(f, ctypes.c_void_p).value
    functions = (raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType,
                 raw.FPDFTextObj_GetFont, raw.FPDFFont_GetBaseFontName, raw.FPDFPageObj_GetBounds)
    kinds = (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE)
    return tuple(address(f) for f in functions), kinds


def scan_objects(page) -> tuple[int, set[str], set[int], set[int]] | None:
    """One pass over the page's top-level objects in C: (image objects, base font names, x/3 of
    vertical rules, y/3 of horizontal rules); None where the C loop was not built.
    `pdf._scan_objects` reads these."""
    if _pagescan is None:
        return None
    functions, kinds = _object_functions()
    return _pagescan.scan_objects(functions, ctypes.cast(page.raw, ctypes.c_void_p).value, kinds)


def _unpacker(blob: bytes, first: int, end: int):
    """The characters of one segment as `pdf.Char`s, made when first asked for."""
    from extractor.readers.pdf import Char

    def chars() -> list:
        size = CHAR_FORMAT.size
        return [Char(chr(cp), x0, x1, top, bottom, fs, bool(space), bool(filled))
                for x0, x1, top, bottom, fs, cp, space, filled
                in CHAR_FORMAT.iter_unpack(blob[first * size:end * size])]
    return chars


def scan_segments(textpage, page_height: float) -> list | None:
    """The page's segments (`pdf.Segment`), or None when the C loop cannot read it (a character
    beyond the BMP) or was not built."""
    if _pagescan is None:
        return None
    from extractor.readers.pdf import COLUMN_GAP, FILLED_GAP, WORD_GAP, Segment

    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    got = _pagescan.scan_page(_functions(), handle, float(page_height), _combining_bitmap(),
                              (COLUMN_GAP, FILLED_GAP, WORD_GAP))
    if got is None:
        return None
    rows, blob = got
    return [Segment(_unpacker(blob, first, end), x0, x1, top, bottom, size, text)
            for x0, x1, top, bottom, size, text, first, end in rows]
