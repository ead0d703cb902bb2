"""PDF reader: the text layer by pypdfium2 (fast), pdfplumber where tables or broken text need it.

Layout choice (the header stage relies on it): every page is rebuilt as VISUAL LINES, top to
bottom, like `pdftotext -layout` (what 022.txt/030.txt look like). Characters come from the engine
in content order; a horizontal gap wider than `COLUMN_GAP` font sizes that is not filled by space
glyphs starts a new segment, and segments at the same height form one line. Two segments of a line
are joined by THREE SPACES (`HALF_SEP`), otherwise by one space. So the side-by-side header blocks
come out as

    ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH X   Độc lập - Tự do - Hạnh phúc
    Số: 12/UBND-VP   X, ngày 05 tháng 3 năm 2024

and the left and right columns are never merged mid-word. Blanks typed with spaces ("Số:     /KH",
"ngày   tháng") are filled by space glyphs, so they stay inside their segment as one space.

Pages with ruled tables (vector rules forming a grid of 3+ columns) are read by pdfplumber, the only engine here that finds
ruled tables: a table with three or more columns becomes one line per row, cells joined by " | "
(the cell's own lines joined by a space), placed where the table sits on the page; text around it
is rebuilt as above. pdfplumber is also the second opinion for pages whose text fails the quality
check (fonts without a usable ToUnicode map).

pypdfium2's "\\ufffe" (a hyphen at a line break) becomes "-". Characters in a legacy Vietnamese font (".VnTime",
".VnTimeH", "VNI-Times", subset prefix or not) are decoded by that font's table (extractor.legacy).

>>> # read_pdf_pages(data).pages[0].text.splitlines()[0]
>>> # 'ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
"""
from __future__ import annotations

import ctypes
import html
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

COLUMN_GAP = 1.5  # in font sizes; justified body text stretches spaces to well under one
# Typed blanks ("Số:          /KH", "ngày      tháng") span 2–3 font sizes of space glyphs; the gap
# between two header blocks, even when Word filled it with spaces or a tab, is wider.
FILLED_GAP = 4.0
HALF_SEP = "   "
CELL_SEP = " | "
# Without a space glyph, a gap wider than this (in font sizes) is a word break: glyph side bearings
# inside a word ("Ờ" then "N") reach a quarter of the size, a space is a third or more.
WORD_GAP = 0.3
HEADER_ZONE = 0.3  # share of the page height where side-by-side header blocks sit


@dataclass(slots=True)  # slots: the Python reader makes one per character
class Char:
    text: str
    x0: float
    x1: float
    top: float  # distance from the page top (pdfplumber's convention), top < bottom
    bottom: float
    size: float
    space_before: bool = False  # a real or generated space preceded it in content order
    filled_gap: bool = False  # the gap before it is filled with space glyphs (typed blanks)


class Segment:
    """Characters of one line side by side, with their box, largest font size and text.

    `chars` may be given as a function that makes the list: the C reader (`pagescan`) gives its
    characters that way, because the layout reads them only for a header line it re-splits."""

    __slots__ = ("_chars", "x0", "x1", "top", "bottom", "size", "text")

    def __init__(self, chars: list[Char] | Callable[[], list[Char]], x0: float, x1: float, top: float,
                 bottom: float, size: float, text: str = ""):
        self._chars = chars
        self.x0, self.x1, self.top, self.bottom, self.size, self.text = x0, x1, top, bottom, size, text

    @property
    def chars(self) -> list[Char]:
        if callable(self._chars):
            self._chars = self._chars()
        return self._chars

    def __repr__(self) -> str:
        return f"Segment({self.text!r}, x0={self.x0:.1f}, x1={self.x1:.1f}, top={self.top:.1f})"


@dataclass
class PdfPage:
    text: str
    engine: str
    images: int = 0  # image objects on the page: a page of little text and an image is a scan
    widget_words: list = field(default_factory=list)  # signed number/date drawn by widgets
    fonts: set[str] = field(default_factory=set)


@dataclass
class PdfPages:
    pages: list[PdfPage]
    producer: str | None = None
    legacy: dict[str, int] = field(default_factory=dict)  # legacy-font characters decoded, per encoding


def _segments(chars: list[Char]) -> list[Segment]:
    segs: list[Segment] = []
    # The open segment lives in locals (box, size, text parts) until it closes: this loop runs once
    # per item of every page.
    members: list[Char] | None = None
    x0 = x1 = top = bottom = size = 0.0
    parts: list[str] = []
    combining = unicodedata.combining
    for c in chars:
        if members is not None:
            h = min(bottom - top, c.bottom - c.top) or c.size or 1.0
            overlap = min(bottom, c.bottom) - max(top, c.top)
            gap = c.x0 - x1
            same_line = overlap >= 0.4 * h and gap > -0.5 * (c.size or h)
            c_size = c.size or h
            if combining(c.text[0]):
                parts.append(c.text)  # a combining mark (NFD text layers) belongs to the letter before it
                members.append(c)
                continue
            limit = FILLED_GAP if c.filled_gap else COLUMN_GAP
            if same_line and gap <= limit * c_size:
                if c.space_before or gap > WORD_GAP * c_size:
                    parts.append(" ")
                parts.append(c.text)
                members.append(c)
                if c.x1 > x1:
                    x1 = c.x1
                if c.top < top:
                    top = c.top
                if c.bottom > bottom:
                    bottom = c.bottom
                if c.size > size:
                    size = c.size
                continue
            segs.append(Segment(members, x0, x1, top, bottom, size, "".join(parts)))
        members, parts = [c], [c.text]
        x0, x1, top, bottom, size = c.x0, c.x1, c.top, c.bottom, c.size
    if members is not None:
        segs.append(Segment(members, x0, x1, top, bottom, size, "".join(parts)))
    return segs


def layout_lines(segs: list[Segment], width: float | None = None, height: float | None = None,
                 *, first_page: bool = False) -> list[str]:
    """Segments → visual lines, top to bottom; halves of a line joined by three spaces.

    A line that starts in the right half of the page (a date, a signer, under a two-column header)
    starts with three spaces, so it reads as a right half with an empty left one."""
    lines: list[list[Segment]] = []
    bounds: list[list[float]] = []
    for s in sorted(segs, key=lambda s: ((s.top + s.bottom) / 2, s.x0)):
        h = s.bottom - s.top
        placed = False
        # only the last few lines can share a height with a segment sorted by its centre
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bounds[i]
            overlap = min(bottom, s.bottom) - max(top, s.top)
            if overlap >= 0.5 * min(h, bottom - top):
                lines[i].append(s)
                placed = True
                break
        if not placed:
            lines.append([s])
            bounds.append([s.top, s.bottom])
    for line in lines:
        line.sort(key=lambda s: s.x0)
    halves = [_halves(line) for line in lines]
    shown = list(halves)  # only lines that show two blocks by themselves guide a split (no cascade)
    for i, line in enumerate(lines):
        # Only in the header zone (top of the first page): body lines beside a table are not blocks.
        in_header = first_page and height is not None and line[0].top < HEADER_ZONE * height
        if in_header and halves[i] is None:
            near = [shown[j] for j in (i - 1, i + 1, i - 2, i + 2) if 0 <= j < len(lines) and shown[j]]
            # (a neighbour first: the C reader makes a segment's characters only when asked for them)
            if not near or not all(seg.chars for seg in line):
                continue
            merged = []
            for seg in line:  # segments of one line: a boundary between them is a word break
                merged.extend(seg.chars)
                merged[len(merged) - len(seg.chars)] = _with_space(seg.chars[0]) if merged[:-len(seg.chars)] else seg.chars[0]
            split = _split_like(Segment(merged, line[0].x0, line[-1].x1, 0, 0, 0), near)
            if split is not None:
                lines[i] = list(split)
    out = []
    for line in lines:
        text = line[0].text
        for prev, s in zip(line, line[1:]):
            text += (HALF_SEP if _wide(prev, s) else " ") + s.text
        text = text.strip()
        if width and line[0].x0 > width / 2 and text:
            text = HALF_SEP + text
        out.append(text)
    return out


def _with_space(c: Char) -> Char:
    return Char(c.text, c.x0, c.x1, c.top, c.bottom, c.size, True, c.filled_gap)


def _wide(prev: Segment, s: Segment) -> bool:
    return s.x0 - prev.x1 > COLUMN_GAP * max(prev.size, s.size, 1.0)


def _halves(line: list[Segment]) -> tuple[Segment, Segment] | None:
    """The two halves of a line that has exactly one wide gap (a two-column line)."""
    wide = [k for k in range(1, len(line)) if _wide(line[k - 1], line[k])]
    if len(wide) != 1:
        return None
    k = wide[0]
    return _merge(line[:k]), _merge(line[k:])


def _merge(segs: list[Segment]) -> Segment:
    return Segment(lambda: [c for s in segs for c in s.chars], min(s.x0 for s in segs), max(s.x1 for s in segs),
                   min(s.top for s in segs), max(s.bottom for s in segs), max(s.size for s in segs),
                   " ".join(s.text for s in segs))


def _chars_text(chars: list[Char]) -> str:
    text = ""
    for prev, c in zip([None] + chars[:-1], chars):
        if prev is not None and not unicodedata.combining(c.text[0]) and (
                c.space_before or c.x0 - prev.x1 > WORD_GAP * (c.size or 1.0)):
            text += " "
        text += c.text
    return text


def _split_like(seg: Segment, near: list[tuple[Segment, Segment]]) -> tuple[Segment, Segment] | None:
    """Split a line that runs two header blocks together with an ordinary space ("THỦ TƯỚNG
    CHÍNH PHỦ CỘNG HÒA …", bold text filling the left column) where a neighbouring two-column line
    shows the blocks: both halves must be centred (or start) where that line's halves are."""
    chars = seg.chars
    for left, right in near:
        for k in range(1, len(chars)):
            if not chars[k].space_before:
                continue
            a, b = chars[:k], chars[k:]
            la, lb = (a[0].x0, max(c.x1 for c in a)), (b[0].x0, max(c.x1 for c in b))
            if not (left.x1 - 2 <= lb[0] and la[1] <= right.x0 + 2 or
                    abs((la[0] + la[1]) / 2 - (left.x0 + left.x1) / 2) < 8):
                continue
            centred = (abs((la[0] + la[1]) / 2 - (left.x0 + left.x1) / 2) < 8
                       and abs((lb[0] + lb[1]) / 2 - (right.x0 + right.x1) / 2) < 8)
            aligned = abs(la[0] - left.x0) < 3 and abs(lb[0] - right.x0) < 3
            if centred or aligned:
                mk = lambda cs: Segment(cs, cs[0].x0, max(c.x1 for c in cs), min(c.top for c in cs),
                                        max(c.bottom for c in cs), max(c.size for c in cs), _chars_text(cs))
                first, second = mk(a), mk(b)
                # the halves must read as two blocks: push the right one past the wide-gap limit
                if not _wide(first, second):
                    second.x0 = first.x1 + COLUMN_GAP * max(first.size, second.size, 1.0) + 1
                return first, second
    return None


def _font_name(textpage, i: int, buf, flags) -> str:
    import pypdfium2.raw as raw

    n = raw.FPDFText_GetFontInfo(textpage, i, buf, 256, flags)
    return bytes(buf)[:max(0, n - 1)].decode("latin-1", "replace") if n else ""


@dataclass
class PageObjects:
    """What one pass over a page's objects tells the reader."""

    legacy_fonts: bool = False  # a text object set in a legacy Vietnamese font (decoded per character)
    ruled: bool = False  # vector paths draw a grid of 3+ columns: a ruled table worth pdfplumber's time
    images: int = 0  # image objects


def _scan_objects(page) -> PageObjects:
    """One pass over the page's top-level objects (legacy fonts checked per object, so that pages
    in Unicode fonts — nearly all — cost no per-character font lookups)."""
    import pypdfium2.raw as raw

    from extractor.legacy import font_encoding
    from extractor.readers.pagescan import scan_objects

    scanned = scan_objects(page)
    if scanned is not None:  # the same pass in C
        images, fonts, xs, ys = scanned
        return PageObjects(legacy_fonts=any(font_encoding(name) for name in fonts),
                           ruled=len(xs) >= 4 and len(ys) >= 2, images=images)
    out = PageObjects()
    buf = (ctypes.c_char * 256)()
    fonts: set[str] = set()
    xs: set[int] = set()
    ys: set[int] = set()
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for i in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            font = raw.FPDFTextObj_GetFont(obj)
            if not font:
                continue
            n = raw.FPDFFont_GetBaseFontName(font, buf, 256)
            name = bytes(buf)[:max(0, n - 1)].decode("latin-1", "replace")
            if name not in fonts:
                fonts.add(name)
                if font_encoding(name):
                    out.legacy_fonts = True
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            out.images += 1
        elif kind == raw.FPDF_PAGEOBJ_PATH and raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
            w, h = r.value - l.value, t.value - b.value
            if h < 3 and w > 15:  # a horizontal rule (Word draws cell borders as thin rectangles)
                ys.add(round(b.value / 3))
            elif w < 3 and h > 8:  # a vertical rule
                xs.add(round(l.value / 3))
            # Wider rectangles are shading (highlighted words, coloured cells), not rules.
    out.ruled = len(xs) >= 4 and len(ys) >= 2
    return out


def _pdfium_chars(textpage, page_height: float, found: dict[str, int] | None = None,
                  fonts_matter: bool = False) -> list[Char]:
    """The page's characters in content order, with boxes; characters drawn in a legacy
    Vietnamese font (".VnTime", ".VnTimeH", "VNI-Times", with or without a subset prefix) are
    decoded by that font's table, and `found` counts them per encoding."""
    import pypdfium2.raw as raw

    from extractor.legacy import decode_tcvn3, decode_vni, font_encoding

    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    direct = len(text) == n
    font_buf = (ctypes.c_char * 256)()
    font_flags = ctypes.c_int()
    enc_of: dict[str, str | None] = {}
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars: list[Char] = []
    pending_space = False
    filled = False
    low = -1  # the index of a low surrogate already joined to the character before it
    for i in range(n):
        if i == low:
            continue
        ch = text[i] if direct else chr(raw.FPDFText_GetUnicode(textpage, i))
        if "\ud800" <= ch <= "\udbff" and i + 1 < n:
            # pdfium gives a character beyond the BMP ("𝐀", an emoji) as two UTF-16 surrogates;
            # a lone one cannot be stored (UTF-8 refuses it)
            following = chr(raw.FPDFText_GetUnicode(textpage, i + 1))
            if "\udc00" <= following <= "\udfff":
                ch = (ch + following).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
                low = i + 1
        if ch in "\r\n":
            pending_space = False
            filled = False
            continue
        if ch in (" ", "\u00a0", "\t"):
            pending_space = True
            if not raw.FPDFText_IsGenerated(textpage, i):
                filled = True
            continue
        if ch in ("\ufffe", "\x02"):
            ch = "-"
        if not raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top):
            continue
        enc = None
        if fonts_matter:
            name = _font_name(textpage, i, font_buf, font_flags)
            if name not in enc_of:
                enc_of[name] = font_encoding(name)
            enc = enc_of[name]
        if enc is not None:
            if found is not None:
                found[enc] = found.get(enc, 0) + 1
            if enc == "vni":
                prev = chars[-1] if chars and not pending_space else None
                pair = decode_vni(prev.text + ch) if prev is not None else ""
                if prev is not None and len(pair) == 1 and pair != prev.text + ch:
                    prev.text = pair  # base letter + VNI mark byte = one Vietnamese letter
                    prev.x1 = max(prev.x1, right.value)
                    continue
                ch = decode_vni(ch)
            else:
                ch = decode_tcvn3(ch, upper=enc == "tcvn3-upper", controls=True)
        size = raw.FPDFText_GetFontSize(textpage, i)
        x0, x1, b, t = left.value, right.value, bottom.value, top.value
        if x1 <= x0 or t <= b:  # zero-size box (some generated glyphs): borrow a neighbour's
            if chars:
                p = chars[-1]
                x0, x1, t, b = p.x1, p.x1 + size * 0.3, page_height - p.top, page_height - p.bottom
            else:
                continue
        chars.append(Char(ch, x0, x1, page_height - t, page_height - b, size, pending_space, filled))
        pending_space = False
        filled = False
    return chars


def widget_rects(page, height: float) -> list[tuple[float, float, float, float]]:
    """Rectangles (x0, top, x1, bottom) of the page's widget annotations.

    Signing software stamps the number and the day/month of a signed document as signature-field
    appearances ("Số: [173] /KH-UBND", "ngày [28] tháng [4]"); no text layer holds them."""
    import pypdfium2.raw as raw

    rects = []
    for i in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, i)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                continue
            r = raw.FS_RECTF()
            if raw.FPDFAnnot_GetRect(annot, r):
                rects.append((r.left, height - r.top, r.right, height - r.bottom))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return rects


_BBOX_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _widget_words(data: bytes, page_no: int, rects) -> list[Char]:
    """Words drawn by widget appearances, read by poppler (which renders them) at their positions."""
    if not rects or not shutil.which("pdftotext"):
        return []
    try:
        out = subprocess.run(["pdftotext", "-q", "-bbox", "-f", str(page_no), "-l", str(page_no), "-", "-"],
                             input=data, capture_output=True, timeout=30).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return []
    words = []
    for m in _BBOX_WORD.finditer(out):
        x0, top, x1, bottom = (float(v) for v in m.groups()[:4])
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if any(a <= cx <= c and b <= cy <= d for a, b, c, d in rects):
            text = html.unescape(m.group(5))
            words.append(Char(text, x0, x1, top, bottom, max(1.0, bottom - top) * 0.8, True, True))
    return words


def _insert_words(chars: list[Char], words: list[Char]) -> list[Char]:
    """Put each word after the last character left of it on its line, so it reads in place.

    Words the text layer already has at that place (the widget's rectangle often covers printed
    text too) are skipped."""
    for w in words:
        if any(min(c.x1, w.x1) - max(c.x0, w.x0) > 0.3 * min(c.x1 - c.x0, w.x1 - w.x0)
               and min(c.bottom, w.bottom) - max(c.top, w.top) > 0.3 * (w.bottom - w.top) for c in chars):
            continue
        at = None
        for k, c in enumerate(chars):
            overlap = min(c.bottom, w.bottom) - max(c.top, w.top)
            if overlap > 0.3 * min(c.bottom - c.top, w.bottom - w.top) and c.x1 <= w.x0 + 1:
                if at is None or c.x1 >= chars[at].x1:
                    at = k
        if at is None:
            chars.append(w)
        else:
            chars.insert(at + 1, w)
    return chars


def _pdfium_page(pdf, index: int, data: bytes, legacy: dict[str, int] | None = None
                 ) -> tuple[str, bool, int, list[Char]]:
    """(text of page `index` as visual lines, whether it has a ruled grid, number of images, words
    of widget annotations); legacy-font characters decoded are counted in `legacy`."""
    from extractor.readers.pagescan import scan_segments

    page = pdf[index]
    try:
        height, width = page.get_height(), page.get_width()
        rects = widget_rects(page, height)
        widget_words = _widget_words(data, index + 1, rects) if rects else []
        objects = _scan_objects(page)
        tp = page.get_textpage()
        try:
            segs = None
            # The C loop, unless characters must be seen one by one in Python: legacy fonts are
            # decoded per character, widget words are placed among them (and without a compiler
            # at install time, every page is read this way).
            if not objects.legacy_fonts and not widget_words:
                segs = scan_segments(tp, height)
            if segs is None:
                chars = _pdfium_chars(tp, height, legacy, objects.legacy_fonts)
                if widget_words:
                    chars = _insert_words(chars, list(widget_words))
                segs = _segments(chars)
        finally:
            tp.close()
    finally:
        page.close()
    text = "\n".join(layout_lines(segs, width, height, first_page=index == 0))
    return text, objects.ruled, objects.images, widget_words


def _plumber_chars(chars: list[dict]) -> list[Char]:
    """pdfplumber's chars as `Char`s; legacy-font characters decoded by their font's name."""
    from extractor.legacy import decode_tcvn3, decode_vni, font_encoding

    out: list[Char] = []
    prev = None
    enc_of: dict[str, str | None] = {}
    for c in chars:
        t = c.get("text", "")
        if not t or t.isspace():
            prev = "space"  # a space glyph: the next char is separated and its gap is filled
            continue
        if t in ("\ufffe", "\x02"):
            t = "-"
        font = c.get("fontname") or ""
        if font not in enc_of:
            enc_of[font] = font_encoding(font)
        enc = enc_of[font]
        if enc == "vni":
            pair = decode_vni(out[-1].text + t) if out and prev == "char" else ""
            if len(pair) == 1 and pair != out[-1].text + t:
                out[-1].text = pair
                out[-1].x1 = max(out[-1].x1, c["x1"])
                continue
            t = decode_vni(t)
        elif enc:
            t = decode_tcvn3(t, upper=enc == "tcvn3-upper", controls=True)
        out.append(Char(t, c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or 10.0,
                        prev == "space", prev == "space"))
        prev = "char"
    return out


def _plumber_page(page, extra: list[Char] | None = None) -> tuple[str, int]:
    """(text of a pdfplumber page: ruled tables (3+ columns) as rows, the rest as visual lines;
    number of such tables)."""
    tables = []
    # Only thin rules bound cells: boxes behind highlighted words would make 17-column "tables".
    ruled = page.filter(lambda o: o.get("object_type") != "rect" or min(o["width"], o["height"]) < 3)
    try:
        for t in ruled.find_tables():
            rows = t.extract()
            if rows and max(len(r) for r in rows) >= 3:
                tables.append(t)
    except Exception:  # a malformed page must not lose its plain text
        tables = []
    boxes = [t.bbox for t in tables]

    def inside(c: dict) -> bool:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    free = [c for c in page.chars if not inside(c)]
    chars = _plumber_chars(free)
    if extra:  # widget words (signed number and date) found by the first pass
        chars = _insert_words(chars, list(extra))
    segs = _segments(chars)
    for t in tables:
        x0, top, x1, bottom = t.bbox
        rows = []
        for row in t.extract():
            cells = [" ".join((cell or "").split()) for cell in row]
            if any(cells):
                rows.append(CELL_SEP.join(cells))
        # One segment per row, stacked inside the table's box so that it sorts into place.
        step = (bottom - top) / max(1, len(rows))
        for k, row in enumerate(rows):
            y = top + k * step
            segs.append(Segment([], x0, x1, y, y + step * 0.9, 10.0, row))
    return "\n".join(layout_lines(segs, page.width, page.height, first_page=page.page_number == 1)), len(tables)


def read_pdf_pages(data: bytes, *, plumber_pages: set[int] | None = None) -> PdfPages:
    """The text layer of every page. Pages with ruled tables, and pages in `plumber_pages`, go
    through pdfplumber; the others through pypdfium2."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts: list[tuple[str, str]] = []
        image_counts: list[int] = []
        widget_words: dict[int, list[Char]] = {}
        legacy: dict[str, int] = {}
        need_plumber = set(plumber_pages or ())
        for i in range(len(pdf)):
            text, ruled, images, words = _pdfium_page(pdf, i, data, legacy)
            widget_words[i] = words
            texts.append((text, "pypdfium2"))
            image_counts.append(images)
            if ruled:
                need_plumber.add(i)
        producer = None
        try:
            producer = pdf.get_metadata_dict().get("Producer")
        except Exception:
            pass
    finally:
        pdf.close()
    if need_plumber:
        plumbed = read_with_plumber(data, sorted(need_plumber), widget_words, tables_only=True)
        for i, text in plumbed.items():
            texts[i] = (text, "pdfplumber")
    return PdfPages([PdfPage(t, e, n, widget_words.get(i, [])) for i, ((t, e), n) in enumerate(zip(texts, image_counts))],
                    producer, legacy)


def read_with_plumber(data: bytes, pages: list[int], extra: dict[int, list[Char]] | None = None,
                      *, tables_only: bool = False) -> dict[int, str]:
    """pdfplumber's text of the given 0-based pages (with `tables_only`, only of pages where it
    found a ruled table: elsewhere pypdfium2's text is as good and already there)."""
    import pdfplumber

    out = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in pages:
            if 0 <= i < len(pdf.pages):
                page = pdf.pages[i]
                try:
                    text, tables = _plumber_page(page, (extra or {}).get(i))
                    if tables or not tables_only:
                        out[i] = text
                finally:
                    page.close()
    return out
