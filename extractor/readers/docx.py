"""DOCX reader: body paragraphs and tables in document order, legacy-font runs decoded.

Tables (the choice other stages rely on):
- a table with two non-empty columns (an empty spacer column is ignored) is the side-by-side block
  of an official document — issuer | motto, number | place and date, recipients | signer. It comes
  out column by column: every left cell's paragraphs, one per line, then every right cell's, so
  the issuer's lines are contiguous and never merged with the motto;
- a table with one column: its cells' paragraphs, one per line;
- a wider table (task tables): one line per row, cells joined by " | ", the paragraphs inside a
  cell joined by a space; a merged cell repeats nothing (its continuation rows are empty).

Inside a paragraph, runs of typed spaces become one space and a tab between two texts becomes
three spaces (`_tidy`), so three spaces mean "left part | right part" here as in the PDF reader.

A run whose font is a legacy Vietnamese font (".VnTime", ".VnTimeH", "VNI-Times") is decoded with
that font's table (extractor.legacy); the encodings found are reported.

>>> # read_docx_bytes(open("cong-van.docx", "rb").read()).text.splitlines()[0]
>>> # 'ỦY BAN NHÂN DÂN'
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from extractor.legacy import decode_run, font_encoding

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
CELL_SEP = " | "
HALF_SEP = "   "


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class DocxText:
    text: str
    encodings: dict[str, int] = field(default_factory=dict)  # legacy encoding → runs decoded


class _Fonts:
    """Which font a run is set in: its own rFonts, else its character/paragraph style, else defaults."""

    def __init__(self, styles_xml: bytes | None):
        self.style_font: dict[str, str | None] = {}
        self.style_parent: dict[str, str | None] = {}
        self.default: str | None = None
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml)
        d = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", _NS)
        self.default = _font_of(d)
        for st in root.findall("w:style", _NS):
            sid = st.get(_q("styleId"))
            self.style_font[sid] = _font_of(st.find("w:rPr/w:rFonts", _NS))
            based = st.find("w:basedOn", _NS)
            self.style_parent[sid] = based.get(_q("val")) if based is not None else None

    def of_style(self, sid: str | None) -> str | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if self.style_font.get(sid):
                return self.style_font[sid]
            sid = self.style_parent.get(sid)
        return None


def _font_of(rfonts) -> str | None:
    if rfonts is None:
        return None
    for attr in ("ascii", "hAnsi", "cs"):
        v = rfonts.get(_q(attr))
        if v:
            return v
    return None


def _paragraph_text(p, fonts: _Fonts, found: dict[str, int]) -> str:
    pstyle = p.find("w:pPr/w:pStyle", _NS)
    pfont = fonts.of_style(pstyle.get(_q("val")) if pstyle is not None else None)
    parts = []
    # Runs inside hyperlinks, insertions and smart tags count; deleted text and text boxes do not.
    for r in p.iter(_q("r")):
        if any(a.tag in (_q("del"), _q("txbxContent"), _q("moveFrom")) for a in r.iterancestors()):
            continue
        rstyle = r.find("w:rPr/w:rStyle", _NS)
        font = (_font_of(r.find("w:rPr/w:rFonts", _NS))
                or fonts.of_style(rstyle.get(_q("val")) if rstyle is not None else None)
                or pfont or fonts.default)
        enc = font_encoding(font)
        chunk = []
        for el in r:
            tag = etree.QName(el).localname
            if tag == "t":
                chunk.append(el.text or "")
            elif tag == "tab":
                chunk.append("\t")
            elif tag in ("br", "cr"):
                chunk.append("\n")
            elif tag == "noBreakHyphen":
                chunk.append("-")
        text = "".join(chunk)
        if enc and text:
            found[enc] = found.get(enc, 0) + 1
            text = decode_run(text, enc)
        parts.append(text)
    return "\n".join(_tidy(line) for line in "".join(parts).split("\n"))


def _tidy(text: str) -> str:
    r"""A paragraph as a line: typed layout spaces collapsed, tabs as the halves separator.

    Authors wrap and align with runs of spaces ("ỦY BAN NHÂN DÂN" + 30 spaces + "TỈNH X" to push
    the second part onto the next visual line) and blank out numbers with them ("Số:       /KH");
    neither is a column gap, so runs of spaces become one. A tab between two texts separates a left
    and a right part ("Nơi nhận:<tab>KT. CHỦ TỊCH"): three spaces, the convention of every reader.

    >>> _tidy("\tSố:        /KH-UBND \t  Hà Nội, ngày   tháng")
    'Số: /KH-UBND   Hà Nội, ngày tháng'
    """
    text = text.strip(" \t")
    text = re.sub(r"[ ]*\t[ \t]*", "\t", text)
    text = re.sub(r" {2,}", " ", text)
    return text.replace("\t", HALF_SEP)


def _cell_lines(tc, fonts: _Fonts, found: dict[str, int]) -> list[str]:
    lines: list[str] = []
    for child in tc:
        if child.tag == _q("p"):
            lines.append(_paragraph_text(child, fonts, found))
        elif child.tag == _q("tbl"):
            lines.extend(_table_lines(child, fonts, found))
    return lines


def _table_lines(tbl, fonts: _Fonts, found: dict[str, int]) -> list[str]:
    rows: list[list[list[str]]] = []
    for tr in tbl.findall("w:tr", _NS):
        row = []
        for tc in tr.findall("w:tc", _NS):
            vmerge = tc.find("w:tcPr/w:vMerge", _NS)
            continued = vmerge is not None and vmerge.get(_q("val")) in (None, "continue")
            lines = [] if continued else _cell_lines(tc, fonts, found)
            span = tc.find("w:tcPr/w:gridSpan", _NS)
            row.append(lines)
            for _ in range(int(span.get(_q("val"))) - 1 if span is not None else 0):
                row.append([])
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([] for _ in range(width - len(r)))
    # Columns empty in every row are spacers (header tables often have a narrow middle column).
    used = [c for c in range(width) if any(any(s.strip() for s in r[c]) for r in rows)]
    if len(used) <= 2:
        out: list[str] = []
        for c in used:  # column by column: left block, then right block
            for r in rows:
                out.extend(r[c])
        return out
    return [CELL_SEP.join(" ".join(s.strip() for s in r[c] if s.strip()) for c in used) for r in rows]


def read_docx_bytes(data: bytes) -> DocxText:
    """The text of a DOCX file's body (paragraphs and tables in document order)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body_xml = zf.read("word/document.xml")
        styles_xml = zf.read("word/styles.xml") if "word/styles.xml" in zf.namelist() else None
    fonts = _Fonts(styles_xml)
    root = etree.fromstring(body_xml)
    body = root.find("w:body", _NS)
    found: dict[str, int] = {}
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == _q("p"):
            lines.append(_paragraph_text(child, fonts, found))
        elif child.tag == _q("tbl"):
            lines.extend(_table_lines(child, fonts, found))
        elif child.tag == _q("sdt"):  # content controls wrap ordinary paragraphs
            for p in child.iter(_q("p")):
                lines.append(_paragraph_text(p, fonts, found))
    return DocxText("\n".join(lines), found)
