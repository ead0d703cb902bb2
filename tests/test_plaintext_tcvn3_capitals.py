"""TCVN3 plain text reads like its Unicode original (issue 4, hard inputs: legacy encodings).

Documents written by us, in capitals where the genre prints capitals, are stored the way a .VnTime
document saved as text stores them: the capital lines typed in the capitals-only font .VnTimeH, whose
capitals are the LOWERCASE codes (`_as_vntimeh`), and every byte in TCVN3. Read back, the header
must give the same fields as the Unicode original (issuer, document type, signer), with the repair
counted; capitals that VN1 stores as C0 control bytes (Ý Ú Ứ …) must come back as letters.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from extractor.legacy import encode_tcvn3
from extractor.pipeline import extract_document, extract_text
from extractor.readers import read_bytes

KH = """UBND HUYỆN SÔNG MÂY
PHÒNG VĂN HÓA VÀ THÔNG TIN

Số: 27/KH-VHTT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Sông Mây, ngày 04 tháng 3 năm 2008

KẾ HOẠCH
Tổ chức Ngày hội đọc sách ở các thôn năm 2008

Thực hiện kế hoạch công tác năm 2008 của Ủy ban nhân dân huyện, Phòng Văn hóa và Thông tin xây dựng kế hoạch như sau:
1. Các xã chọn điểm tổ chức và báo cáo về Phòng trước ngày 20/3/2008.
2. Thư viện huyện chuẩn bị sách, báo cho các điểm.

Nơi nhận:
- UBND các xã;
- Lưu: VT.

TRƯỞNG PHÒNG

Đỗ Thị Hạnh
"""

QD = """UỶ BAN NHÂN DÂN
XÃ TÂN HOÀ

Số: 15/QĐ-UBND
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Tân Hoà, ngày 12 tháng 5 năm 2007

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát hộ nghèo

CHỦ TỊCH UỶ BAN NHÂN DÂN XÃ TÂN HOÀ

Căn cứ kế hoạch rà soát hộ nghèo năm 2007 của Uỷ ban nhân dân huyện;
Xét đề nghị của công chức Lao động - Thương binh và Xã hội xã,

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác rà soát hộ nghèo của xã gồm các ông, bà có tên sau.
Điều 2. Tổ công tác hoàn thành việc rà soát trước ngày 30/6/2007.
Điều 3. Văn phòng Uỷ ban nhân dân xã và các ông, bà có tên tại Điều 1 thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

TM. UỶ BAN NHÂN DÂN
CHỦ TỊCH

Lò Văn Sáu
"""

# pdftotext -layout shape: the header and the signature beside "Nơi nhận" in two columns
TB = """SỞ GIÁO DỤC VÀ ĐÀO TẠO           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THPT BẾN ĐÁ                  Độc lập - Tự do - Hạnh phúc

Số: 41/TB-THPT                     Bến Đá, ngày 18 tháng 9 năm 2006

THÔNG BÁO
Lịch kiểm tra học kỳ I năm học 2006 - 2007

Nhà trường thông báo lịch kiểm tra học kỳ I như sau:
1. Khối 10 kiểm tra từ ngày 11/12/2006 đến ngày 15/12/2006.
2. Giáo viên chủ nhiệm nộp điểm về Văn phòng trước ngày 22/12/2006.

Nơi nhận:                            KT. HIỆU TRƯỞNG
- Các tổ chuyên môn;                 PHÓ HIỆU TRƯỞNG
- Lưu: VT.

                                     Hà Minh Quân
"""

_CELL = re.compile(r"\S+(?: {1,2}\S+)*")


def _as_vntimeh(text: str, *, motto_line_too: bool = False) -> str:
    """What a .VnTimeH line holds: the lowercase codes of its capitals."""
    def fold(m: re.Match) -> str:
        cell = m.group()
        if cell.isupper() or motto_line_too and cell.startswith("Độc lập"):
            return cell.lower()
        return cell
    return "\n".join(_CELL.sub(fold, line) for line in text.split("\n"))


def _fields(record) -> dict:
    s = record.signer
    return {
        "issuer": record.issuer and (record.issuer.name, record.issuer.parent),
        "doc_type": record.doc_type and record.doc_type.code,
        "number": record.number and record.number.text,
        "signer": s and (s.name, s.position, s.authority),
    }


@pytest.mark.parametrize("name,original,motto_line_too", [
    ("kh-phong-under-ubnd", KH, False), ("kh-motto-line-lowercase", KH, True),
    ("qd-title-authority-decides", QD, False), ("tb-side-by-side", TB, False),
])
def test_plaintext_tcvn3_vntimeh_header_as_original(name, original, motto_line_too):
    data = encode_tcvn3(_as_vntimeh(original, motto_line_too=motto_line_too))
    doc = read_bytes(data, f"{name}.txt")
    assert doc.source.encoding == "tcvn3"
    expected = extract_text(original)
    got = extract_document(doc)
    assert _fields(expected)["issuer"] and _fields(expected)["signer"][1]  # the original is read well
    assert _fields(got) == _fields(expected)
    assert doc.text == expected.text  # every capital line came back, nothing else changed
    lost = sum(1 for a, b in zip(original.split("\n"), _as_vntimeh(original, motto_line_too=motto_line_too)
                                 .split("\n")) if a != b)
    assert {r.kind: r.count for r in doc.source.repairs}.get("tcvn3_capitals", 0) >= lost


def test_plaintext_tcvn3_capitals_cv_corpus_regression():
    """corpora/cv-tcvn3-2009 (ours): issuer and signer position were missed while its .VnTimeH lines
    read back lowercase."""
    from pathlib import Path

    from extractor.pipeline import extract_file

    path = Path(__file__).resolve().parents[1] / "corpora" / "cv-tcvn3-2009" / "source.txt"
    rec = extract_file(path)
    assert rec.issuer is not None and rec.issuer.canonical == "Ủy ban nhân dân huyện Hương Sơn"
    assert (rec.signer.position, rec.signer.authority) == ("PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
    assert {r.kind for r in rec.source.repairs} == {"tcvn3_capitals"}


def test_plaintext_utf8_lowercase_header_untouched():
    """Only text decoded from TCVN3 is recased: a Unicode file's lowercase lines are its own."""
    text = "ủy ban nhân dân\nxã tân hòa\n\nSố: 3/UBND\n\nkt. chủ tịch\nphó chủ tịch\n"
    doc = read_bytes(text.encode("utf-8"), "thu.txt")
    assert doc.text.startswith("ủy ban nhân dân\nxã tân hòa")
    assert "tcvn3_capitals" not in {r.kind for r in doc.source.repairs}


# VN1 stores Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ as bytes 0x01-0x17 (tab, line and page ends are not among them).
# The header is typed in capitals with VN1 codes here, not in .VnTimeH. (The reader's sniffing
# takes a file with over 1% control bytes for binary, so the letters sit in a document's worth of text.)
CONTROLS = KH.replace("\n\nNơi nhận:", (
    "\nÝ kiến góp ý gửi về Phòng Văn hóa và Thông tin.\tỨng dụng phần mềm quản lý thư viện.\r\n"
    "Ừ thì các thôn tự chọn ngày; Ụ đất ở thôn Đông được san phẳng trước mùa mưa.\f"
    "Ý thức giữ gìn sách báo của người đọc được nâng lên rõ rệt ở các điểm.\n\nNơi nhận:"))


@pytest.mark.parametrize("encoder", ["encode_tcvn3", "iconv"])
def test_plaintext_tcvn3_control_code_capitals(encoder):
    if encoder == "iconv":
        if not shutil.which("iconv"):
            pytest.skip("iconv is absent")
        data = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=CONTROLS.encode(),
                              capture_output=True, check=True).stdout
    else:
        data = encode_tcvn3(CONTROLS)
    assert any(b in data for b in (b"\x16", b"\x11", b"\x04", b"\x02"))
    doc = read_bytes(data, "vn1.txt")
    assert doc.source.encoding == "tcvn3"
    assert doc.text == extract_text(CONTROLS).text
    assert "Ý kiến góp ý" in doc.text and "\tỨng dụng" in doc.text and "Ừ thì" in doc.text
    assert not any(ord(ch) < 0x20 and ch not in "\t\n\f" for ch in doc.text)
