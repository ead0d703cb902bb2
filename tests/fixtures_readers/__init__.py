"""Fixtures for the reader tests, generated at test time: our own Vietnamese text (not copied from
any real document), PDFs made with fpdf2 and a DejaVu font, DOCX files made with python-docx."""
from __future__ import annotations

import io
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"

# Our own genre-like text; together the lines hold all 134 non-ASCII Vietnamese letters (checked
# by test_legacy_roundtrip_covers_all_letters).
GENRE_TEXT = """ỦY BAN NHÂN DÂN XÃ HOÀ ĐỒNG
Kế hoạch tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2025
Căn cứ Quyết định số 17/QĐ-UBND ngày 09 tháng 8 năm 2025 của Ủy ban nhân dân huyện;
Giao Phòng Văn hóa chủ trì, phối hợp với Trường Tiểu học Bến Gỗ báo cáo trước ngày 30/9/2025.
Các ấp, khóm rà soát đường sá, cầu cống, bảo đảm an toàn; khuyến khích người dân tham gia.
Bắt đầu từ ngày mồng một, các tổ về ngồi họp, nghề thủ công được tiếp tục.
Ẵm ẳm, ặc ằn ẵng, mẫu ẩn, ậm ừ, kiểm điểm ễnh ệch, ỉm ĩ ị, ọ ỏ, ỗ ổ, ợ ở ỡ ớ ờ, ụ ủ ũ ù ú,
ữ ự ử ứ ừ, ỳ ỷ ỹ ỵ ý, ẽ ẻ è é ẹ, ã ả à á ạ, ò ó õ, ì í, ơ ư ă â ê ô đ.
ẴM ẲM, ẶC ẰN ẴNG, MẪU ẨN, ẬM Ừ, KIỂM ĐIỂM ỄNH ỆCH, ỈM Ĩ Ị, Ọ Ỏ, Ỗ Ổ, Ợ Ở Ỡ Ớ Ờ, Ụ Ủ Ũ Ù Ú,
Ữ Ự Ử Ứ Ừ, Ỳ Ỷ Ỹ Ỵ Ý, Ẽ Ẻ È É Ẹ, Ã Ả À Á Ạ, Ò Ó Õ, Ì Í, Ơ Ư Ă Â Ê Ô Đ, Ắ Ấ Ầ Ế Ề Ồ Ố Ộ Ậ Ắ.
"""

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "XÃ HOÀ ĐỒNG", "Số: 45/KH-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Hoà Đồng, ngày 12 tháng 3 năm 2025"]
BODY = ["KẾ HOẠCH", "Tổ chức ngày hội đọc sách tại các thôn, ấp",
        "Giao Trường Tiểu học xã chủ trì, phối hợp với Đoàn Thanh niên tổ chức các hoạt động.",
        "Các đơn vị báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15 tháng 4 năm 2025."]


def make_pdf(pages: list[list[str]] | None = None, *, header: bool = True) -> bytes:
    """A text-layer PDF: a two-column header on page 1 (left and right blocks), then body lines."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    pages = pages or [BODY]
    for n, lines in enumerate(pages):
        pdf.add_page()
        y = 60
        if header and n == 0:
            for left, right in zip(HEADER_LEFT, HEADER_RIGHT):
                pdf.text(60, y, left)
                pdf.text(300, y, right)
                y += 18
            y += 20
        for line in lines:
            pdf.text(60, y, line)
            y += 18
    return bytes(pdf.output())


def break_tounicode(data: bytes) -> bytes:
    """The same PDF with every ToUnicode CMap replaced by one that maps each glyph to a wrong
    code point (Cyrillic and private-use letters): what a broken subset font gives a text layer."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CMapName /Broken def", "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
            "1 beginbfrange", "<0000> <FFFF> <E000>", "endbfrange", "endcmap",
            "CMapName currentdict /CMap defineresource pop", "end", "end"]
    stream = pikepdf.Stream(pdf, "\n".join(cmap).encode())
    for page in pdf.pages:
        fonts = page.Resources.get("/Font", {})
        for name in list(fonts.keys()):
            fonts[name].ToUnicode = stream
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def make_docx(*, tcvn3_run: str | None = None, tcvn3_upper_run: str | None = None) -> bytes:
    """A DOCX: a header table (left block | empty spacer | right block), body paragraphs, a task
    table with four columns, and optionally runs typed in .VnTime / .VnTimeH fonts."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    left, _, right = t.rows[0].cells
    left.text = HEADER_LEFT[0]
    for line in HEADER_LEFT[1:]:
        left.add_paragraph(line)
    right.text = HEADER_RIGHT[0]
    for line in HEADER_RIGHT[1:]:
        right.add_paragraph(line)
    for line in BODY:
        d.add_paragraph(line)
    if tcvn3_run is not None:
        p = d.add_paragraph("Ghi chú: ")
        run = p.add_run(tcvn3_run)
        run.font.name = ".VnTime"
        run.font.size = Pt(13)
    if tcvn3_upper_run is not None:
        p = d.add_paragraph()
        run = p.add_run(tcvn3_upper_run)
        run.font.name = ".VnTimeH"
    tasks = d.add_table(rows=2, cols=4)
    for cell, value in zip(tasks.rows[0].cells, ["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"]):
        cell.text = value
    for cell, value in zip(tasks.rows[1].cells, ["1", "Rà soát danh sách", "Phòng Văn hóa", "Quý II/2025"]):
        cell.text = value
    d.add_paragraph("Nơi nhận:")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def make_touching_header_pdf() -> bytes:
    """A header whose first line runs the issuer (bold-wide, centred on the left column) into the
    motto (centred on the right column) with less than a space between them; the next line shows
    the two columns apart. Regression for Công báo PDFs whose issuer line fills its column."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    first_left, first_right = "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    lw, rw = pdf.get_string_width(first_left), pdf.get_string_width(first_right)
    left_c = 40 + lw / 2
    right_c = 40 + lw + 4 + rw / 2  # 4 pt apart: closer than a column gap, about one space
    rows = [(first_left, first_right), ("SỞ TÀI NGUYÊN", "Độc lập - Tự do - Hạnh phúc")]
    y = 60.0
    for left, right in rows:
        lw, rw = pdf.get_string_width(left), pdf.get_string_width(right)
        pdf.text(left_c - lw / 2, y, left)
        pdf.text(right_c - rw / 2, y, right)
        y += 18
    pdf.set_font("DejaVu", size=12)
    pdf.text(60, y + 30, "Kính gửi: các phòng chuyên môn thuộc Sở.")
    return bytes(pdf.output())


def make_legacy_font_pdf(shown: str, font_name: str = "ABCDEF+.VnTime") -> bytes:
    """A PDF whose text layer holds `shown` (legacy bytes as Windows-1252 shows them, "T×nh") in a
    font renamed to a legacy Vietnamese font name, as Word-to-PDF gives for a .VnTime document."""
    import pikepdf
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.text(60, 60, shown)
    doc = pikepdf.open(io.BytesIO(bytes(pdf.output())))
    for page in doc.pages:
        for name, font in page.Resources.Font.items():
            font.BaseFont = pikepdf.Name("/" + font_name)
            for desc in font.get("/DescendantFonts", []):
                desc.BaseFont = pikepdf.Name("/" + font_name)
                if "/FontDescriptor" in desc:
                    desc.FontDescriptor.FontName = pikepdf.Name("/" + font_name)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
