"""The PDF reader's fast path (runs of letters read as one item) gives the same visual lines as
reading every character, on the page kinds where the two could part: letter spacing, stretched or
monospaced fonts, decomposed (NFD) text, punctuation below or above the letters, two columns."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractor.readers import pdf

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
BODY = ("Căn cứ Kế hoạch số 12/KH-UBND ngày 05/3/2024 về việc triển khai, thực hiện; "
        "“Hà Nội” 'trích' (Phụ lục I) – báo cáo: 100% …… Số: ____/QĐ-UBND ngày___tháng___năm "
        "m² 1,5 km2 v.v. x_y a-b Điều 3. CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM 11 ND Fiji ijij")


def _pdf(font: str = "DejaVuSans.ttf", *, char_spacing: float = 0, stretching: float = 100,
         nfd: bool = False, columns: bool = False) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    if not (DEJAVU / font).exists():
        pytest.skip(f"font {font} is not installed")
    doc = fpdf.FPDF(format="A4")
    doc.add_font("f", fname=str(DEJAVU / font))
    doc.add_page()
    doc.set_font("f", size=13)
    doc.set_char_spacing(char_spacing)
    doc.set_stretching(stretching)
    text = unicodedata.normalize("NFD", BODY) if nfd else BODY
    if columns:
        doc.text(15, 20, "ỦY BAN NHÂN DÂN")
        doc.text(110, 20, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    doc.set_xy(15, 30)
    doc.multi_cell(180, 7, text)
    doc.set_xy(15, 80)
    doc.multi_cell(180, 7, text, align="J")
    # a comma first on its line, right after a word (it can sit below the word's band)
    doc.text(15, 140, "trình, kế hoạch")
    return bytes(doc.output())


def _lines_both_ways(data: bytes) -> tuple[list[str], list[str], int, int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    page = doc[0]
    try:
        height, width = page.get_height(), page.get_width()
        tp = page.get_textpage()
        chars = pdf._pdfium_chars(tp, height)
        items = pdf._pdfium_words(tp, height)
        tp.close()
    finally:
        page.close()
        doc.close()
    per_char = pdf.layout_lines(pdf._segments(chars), width, height, first_page=True)
    runs = pdf.layout_lines(pdf._segments(items), width, height, first_page=True)
    return per_char, runs, len(chars), len(items)


@pytest.mark.parametrize("kind,options", [
    ("plain", {}),
    ("two columns", {"columns": True}),
    ("serif italic", {"font": "DejaVuSerif-Italic.ttf"}),
    ("letter spacing", {"char_spacing": 2.0}),
    ("slight letter spacing", {"char_spacing": 1.4}),
    ("decomposed marks", {"nfd": True}),
])
def test_pdf_runs_same_lines_as_per_character(kind, options):
    per_char, runs, _, _ = _lines_both_ways(_pdf(**options))
    assert runs == per_char, kind


def test_pdf_runs_are_fewer_items_than_characters():
    _, _, chars, items = _lines_both_ways(_pdf())
    assert items < chars / 2  # the fast path is taken: runs, not characters


@pytest.mark.parametrize("options,plain", [
    ({}, True),
    ({"stretching": 160}, False),  # horizontal scaling widens the gaps between letters
    ({"font": "DejaVuSansMono.ttf"}, False),  # a fixed-pitch font leaves wide side bearings
])
def test_pdf_runs_page_scan_sends_odd_text_per_character(options, plain):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(_pdf(**options))
    try:
        assert pdf._scan_objects(doc[0]).plain_text is plain
    finally:
        doc.close()


@pytest.mark.parametrize("options", [{"stretching": 160}, {"font": "DejaVuSansMono.ttf"}, {"char_spacing": 2}])
def test_pdf_runs_read_pdf_pages_matches_per_character(options):
    data = _pdf(**options)
    per_char, _, _, _ = _lines_both_ways(data)
    assert pdf.read_pdf_pages(data).pages[0].text == "\n".join(per_char)


@pytest.mark.parametrize("spacing", [0.0, 0.05])
def test_pdf_runs_narrow_one_beside_a_digit(spacing):
    # Helvetica's "11" leaves 0.298 of the size between the glyphs: a letter spacing of a twentieth
    # of a point (under SPREAD) already makes the per-character reading split it ("1 1").
    fpdf = pytest.importorskip("fpdf")
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=11)
    doc.set_char_spacing(spacing)
    doc.text(15, 20, "Ngay 11/11/2011 so 111 ngay 21")
    per_char, runs, _, _ = _lines_both_ways(bytes(doc.output()))
    assert runs == per_char
