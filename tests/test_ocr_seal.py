"""OCR preprocessing: a red seal turns into paper, print under it stays; a signing stamp drawn as a
form widget is read from the PDF, not OCRed (pages and stamps drawn by us)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractor.readers import ocr

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
SANS = FONT_DIR / "DejaVuSans.ttf"
needs_font = pytest.mark.skipif(not (BOLD.exists() and SANS.exists()), reason="fonts-dejavu is not installed")

RED_SEAL = (214, 58, 66)


# (what the pixel is, its colour, whether it stays ink)
PIXELS = [
    ("red seal ink", RED_SEAL, False),
    ("faded pink seal edge", (240, 172, 178), False),
    ("black print", (22, 22, 24), True),
    ("black print under seal ink", (74, 16, 20), True),
    ("grey print", (110, 110, 110), True),
    ("blue handwriting", (40, 70, 200), True),
    ("paper", (250, 250, 248), False),
]


@pytest.mark.parametrize("what,colour,stays", PIXELS, ids=[p[0] for p in PIXELS])
def test_ocr_remove_seal_pixels(what, colour, stays):
    from PIL import Image

    page = Image.new("RGB", (4, 4), colour)
    out = ocr.remove_seal(page.convert("L"), page)
    value = out.getpixel((1, 1))
    assert (value < 200) is stays, f"{what}: {value}"


def _signature_page():
    """A scanned signature block: position, a red seal stamped across it (ink over print: the two
    multiply), the name below."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    page = Image.new("RGB", (1400, 900), (252, 252, 250))
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(BOLD), 46)
    d.text((520, 120), "KT. CHỦ TỊCH", font=font, fill=(15, 15, 15))
    d.text((490, 200), "PHÓ CHỦ TỊCH", font=font, fill=(15, 15, 15))
    d.text((470, 640), "Trần Văn Bình", font=font, fill=(15, 15, 15))
    seal = Image.new("RGB", page.size, (255, 255, 255))
    d = ImageDraw.Draw(seal)
    for r, w in ((230, 10), (170, 6)):
        d.ellipse((480 - r, 330 - r, 480 + r, 330 + r), outline=RED_SEAL, width=w)
    small = ImageFont.truetype(str(SANS), 34)
    for k, word in enumerate(("ỦY", "BAN", "NHÂN", "DÂN")):
        d.text((330 + 95 * k, 190 + 25 * (k % 2)), word, font=small, fill=RED_SEAL)
    d.polygon([(480, 300), (505, 370), (455, 370)], fill=RED_SEAL)
    return ImageChops.multiply(page, seal)


@needs_font
@pytest.mark.slow
def test_ocr_seal_across_position_is_removed(tmp_path, monkeypatch):
    if not ocr.ocr_available():
        pytest.skip("tesseract with Vietnamese data is not installed")
    monkeypatch.setenv("EXTRACTOR_OCR_CACHE", str(tmp_path / "cache"))
    buf = io.BytesIO()
    _signature_page().save(buf, format="PDF", resolution=150)
    text = ocr.ocr_pdf_pages(buf.getvalue(), [0])[0]
    assert "PHÓ CHỦ TỊCH" in text and "Trần Văn Bình" in text
    assert "NHÂN" not in text  # the seal's lettering is gone


def _stamped_scan() -> bytes:
    """A scanned page (an image, no text) with a signing stamp as a signature widget at the top right."""
    import pikepdf
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1240, 700), 255)  # the top of an A4 page at 150 dpi: OCR stays quick
    height = 700 / 150 * 72
    d = ImageDraw.Draw(img)
    bold = ImageFont.truetype(str(BOLD), 26)
    plain = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), 26)
    d.text((110, 200), "UBND XÃ AN BÌNH", font=bold, fill=0)
    d.text((560, 200), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=bold, fill=0)
    d.text((110, 250), "Số:       /UBND-VP", font=plain, fill=0)
    d.text((640, 250), "Độc lập - Tự do - Hạnh phúc", font=bold, fill=0)
    # day and month left blank, to be filled in by hand
    d.text((110, 300), "V/v tổ chức ngày hội đọc sách", font=plain, fill=0)
    d.text((640, 300), "An Bình, ngày      tháng      năm 2030", font=plain, fill=0)
    d.text((110, 400), "Kính gửi: Các thôn trên địa bàn xã", font=plain, fill=0)
    d.text((180, 470), "Ủy ban nhân dân xã đề nghị các thôn tổ chức ngày hội đọc sách.", font=plain, fill=0)
    scan_buf = io.BytesIO()
    img.save(scan_buf, format="PDF", resolution=150)
    stamp = FPDF(unit="pt", format=(595.3, height))
    stamp.add_page()
    stamp.add_font("DejaVu", "", str(SANS))
    stamp.set_font("DejaVu", size=8)
    for k, line in enumerate(("Ký bởi: Ủy ban nhân dân xã An Bình", "Thời gian ký: 05.03.2030 09:15:00 +07:00")):
        stamp.text(400, 30 + 11 * k, line)
    scan = pikepdf.open(io.BytesIO(scan_buf.getvalue()))
    stamp_pdf = pikepdf.open(io.BytesIO(bytes(stamp.output())))
    form = scan.copy_foreign(pikepdf.Page(stamp_pdf.pages[0]).as_form_xobject())
    rect = [395, height - 60, 590, height - 15]
    form.BBox = pikepdf.Array(rect)
    widget = scan.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Sig, T=pikepdf.String("Sig1"),
        Rect=pikepdf.Array(rect), F=4, AP=pikepdf.Dictionary(N=form)))
    scan.pages[0].obj.Annots = scan.make_indirect(pikepdf.Array([widget]))
    scan.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]), SigFlags=3)
    out = io.BytesIO()
    scan.save(out)
    return out.getvalue()


@needs_font
def test_ocr_stamp_lines_read_from_widget(tmp_path):
    pytest.importorskip("pikepdf")
    pytest.importorskip("fpdf")
    path = tmp_path / "scan.pdf"
    path.write_bytes(_stamped_scan())
    before, after = ocr._stamp_lines(str(path), 1)
    assert before == ["Ký bởi: Ủy ban nhân dân xã An Bình", "Thời gian ký: 05.03.2030 09:15:00 +07:00"]
    assert after == []


@needs_font
@pytest.mark.slow
def test_ocr_stamped_scan_gives_stamp_then_page(tmp_path, monkeypatch):
    pytest.importorskip("pikepdf")
    pytest.importorskip("fpdf")
    if not ocr.ocr_available():
        pytest.skip("tesseract with Vietnamese data is not installed")
    monkeypatch.setenv("EXTRACTOR_OCR_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "scan.pdf"
    path.write_bytes(_stamped_scan())
    text = ocr.ocr_pdf_pages(path.read_bytes(), [0])[0]
    lines = text.splitlines()
    assert lines[0].startswith("Ký bởi:") and lines[1].startswith("Thời gian ký: 05.03.2030")
    assert "UBND XÃ AN BÌNH" in text
    # The whole pipeline: the blank day and month are filled from the signing time.
    from extractor.pipeline import extract_file

    record = extract_file(path)
    assert record.issued_on.date == "2030-03-05" and record.issued_on.rule == "issued_on.signing_time"
    assert record.text[record.issued_on.span[0]:record.issued_on.span[1]] == "05.03.2030"
    assert record.place.text.replace(" ", "") == "AnBình"  # OCR may drop the space


# Photos: (what the pixel is, its colour, whether it stays ink)
PHOTO_PIXELS = [
    ("red seal ink", (200, 70, 80), False),
    ("blue signature", (60, 80, 190), False),
    ("black print", (35, 35, 40), True),
    ("print under seal ink", (90, 30, 35), True),  # a stamp over "TRƯỞNG" kept its horn
    ("print under a signature", (30, 35, 95), True),
    ("grey paper", (190, 188, 182), False),
]


@pytest.mark.parametrize("what,colour,stays", PHOTO_PIXELS, ids=[p[0] for p in PHOTO_PIXELS])
def test_ocr_drop_coloured_ink_pixels(what, colour, stays):
    from PIL import Image

    value = ocr.drop_coloured_ink(Image.new("RGB", (4, 4), colour)).getpixel((1, 1))
    assert (value < 120) is stays, f"{what}: {value}"
