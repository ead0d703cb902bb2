"""The C page loop (`readers/_pagescan.c`) gives the same segments as the Python reading it replaces
(`pdf._pdfium_chars` then `pdf._segments`): text, boxes, font sizes and characters, on the page
kinds where a reading can go wrong (letter spacing, stretched or monospaced fonts, decomposed
marks, two columns, punctuation off the line's band, a character beyond the BMP)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractor.pipeline import extract_document
from extractor.readers import normalize_text, pagescan, pdf, read_bytes

FONTS = Path("/usr/share/fonts/truetype/dejavu")
BODY = ("Căn cứ Kế hoạch số 12/KH-UBND ngày 05/3/2024 về việc triển khai, thực hiện; "
        "“Hà Nội” 'trích' (Phụ lục I) – báo cáo: 100% …… Số: ____/QĐ-UBND ngày___tháng___năm "
        "m² 1,5 km2 v.v. x_y a-b Điều 3. CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM 11 ND Fiji ijij")


def _pdf(font: str = "DejaVuSans.ttf", *, char_spacing: float = 0, stretching: float = 100,
         nfd: bool = False, columns: bool = False) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    if not (FONTS / font).exists():
        pytest.skip(f"font {font} is not installed")
    doc = fpdf.FPDF(format="A4")
    doc.add_font("f", fname=str(FONTS / font))
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


DEJAVU = FONTS / "DejaVuSans.ttf"
needs_c = pytest.mark.skipif(not pagescan.available(),
                             reason="the C page loop was not built (no C compiler at install time)")


def _both(data: bytes):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    page = doc[0]
    try:
        height = page.get_height()
        tp = page.get_textpage()
        try:
            python = pdf._segments(pdf._pdfium_chars(tp, height))
            c = pagescan.scan_segments(tp, height)
        finally:
            tp.close()
    finally:
        page.close()
        doc.close()
    return python, c


def _box(s):
    return (s.x0, s.x1, s.top, s.bottom, s.size, s.text)


def _char(c):
    return (c.text, c.x0, c.x1, c.top, c.bottom, c.size, c.space_before, c.filled_gap)


@needs_c
@pytest.mark.parametrize("kind,options", [
    ("plain", {}),
    ("two columns", {"columns": True}),
    ("serif italic", {"font": "DejaVuSerif-Italic.ttf"}),
    ("monospaced", {"font": "DejaVuSansMono.ttf"}),
    ("letter spacing", {"char_spacing": 2.0}),
    ("stretched", {"stretching": 130}),
    ("decomposed marks", {"nfd": True}),
])
def test_c_loop_same_segments_as_python(kind, options):
    _same_segments(_pdf(**options), kind)


@needs_c
@pytest.mark.parametrize("spacing", [0.0, 0.05])
def test_c_loop_narrow_one_beside_a_digit(spacing):
    # Helvetica's "11" leaves 0.298 of the size between the glyphs, close to WORD_GAP: a twentieth
    # of a point of letter spacing already splits it ("1 1"); both readings must split it alike.
    fpdf = pytest.importorskip("fpdf")
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=11)
    doc.set_char_spacing(spacing)
    doc.text(15, 20, "Ngay 11/11/2011 so 111 ngay 21")
    _same_segments(bytes(doc.output()), f"spacing {spacing}")


def _same_segments(data: bytes, kind: str) -> None:
    python, c = _both(data)
    assert c is not None, kind
    assert [_box(s) for s in c] == [_box(s) for s in python], kind
    assert [[_char(ch) for ch in s.chars] for s in c] == [[_char(ch) for ch in s.chars] for s in python], kind


def _astral_pdf() -> bytes:
    """A line holding an Old Italic letter, a character beyond the BMP."""
    fpdf = pytest.importorskip("fpdf")
    if not DEJAVU.exists():
        pytest.skip("DejaVuSans is not installed")
    doc = fpdf.FPDF()
    doc.add_font("f", fname=str(DEJAVU))
    doc.add_page()
    doc.set_font("f", size=12)
    doc.text(20, 20, "Kế hoạch số 12 \U00010300")
    return bytes(doc.output())


@needs_c
def test_c_loop_hands_back_pages_beyond_the_bmp():
    data = _astral_pdf()
    python, c = _both(data)
    assert c is None  # pdfium gives it as two surrogates: the reader takes the Python path, which pairs them
    assert python[0].text == "Kế hoạch số 12 \U00010300"


def test_character_beyond_the_bmp_is_read_whole():
    data = _astral_pdf()
    record = extract_document(read_bytes(data, "astral.pdf"))
    assert "\U00010300" in record.text
    record.model_dump_json()  # a lone surrogate would not encode as UTF-8


def test_lone_surrogate_becomes_replacement_character():
    assert normalize_text("Số 12\ud800 ngày") == "Số 12\ufffd ngày"


@needs_c
def test_reader_text_is_the_same_with_and_without_the_c_loop(monkeypatch):
    data = _pdf(columns=True)
    with_c = pdf.read_pdf_pages(data).pages[0].text
    monkeypatch.setattr(pagescan, "_pagescan", None)
    without = pdf.read_pdf_pages(data).pages[0].text
    assert with_c == without
    assert with_c.splitlines()[0].startswith("ỦY BAN NHÂN DÂN   CỘNG HÒA")


def _objects_pdf() -> bytes:
    """A page with what `_scan_objects` looks for: a ruled table of four columns, an image, text
    turned on its side and a monospaced font."""
    fpdf = pytest.importorskip("fpdf")
    from PIL import Image

    if not DEJAVU.exists():
        pytest.skip("DejaVuSans is not installed")
    doc = fpdf.FPDF()
    doc.add_font("f", fname=str(DEJAVU))
    doc.add_font("mono", fname=str(DEJAVU.with_name("DejaVuSansMono.ttf")))
    doc.add_page()
    doc.set_font("f", size=11)
    for x in (20, 40, 90, 150, 190):  # a grid of four columns and two rows, drawn as lines
        doc.line(x, 20, x, 50)
    for y in (20, 35, 50):
        doc.line(20, y, 190, y)
    doc.text(22, 30, "STT   Đơn vị   Nhiệm vụ   Thời hạn")
    doc.image(Image.new("RGB", (40, 20), "red"), x=20, y=80, w=20)
    with doc.rotation(90, x=100, y=150):
        doc.text(100, 150, "Lưu: VT")
    doc.set_font("mono", size=10)
    doc.text(20, 200, "Số: 12/KH-UBND")
    return bytes(doc.output())


@needs_c
def test_c_object_pass_same_as_python(monkeypatch):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(_objects_pdf())
    page = doc[0]
    try:
        c = pdf._scan_objects(page)
        monkeypatch.setattr(pagescan, "_pagescan", None)
        python = pdf._scan_objects(page)
    finally:
        page.close()
        doc.close()
    assert c == python
    assert (c.ruled, c.images, c.legacy_fonts) == (True, 1, False)
