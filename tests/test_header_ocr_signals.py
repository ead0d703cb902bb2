"""Header fields from OCR'd documents: the digital-signature date when the header's day/month are
unreadable, and signature positions whose tone marks OCR got wrong (texts written by us)."""
from __future__ import annotations

import pytest

from extractor.header import extract_header, parse_ocr_position
from extractor.layout import find_layout
from extractor.readers import read_text

HEADER = ("UBND HUYỆN SÔNG MÂY   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Số: 12/UBND-VX   Độc lập - Tự do - Hạnh phúc\n"
          "V/v tổ chức ngày hội đọc sách   Sông Mây, {date}\n"
          "Kính gửi: Các trường học trên địa bàn huyện\n\n"
          "Ủy ban nhân dân huyện đề nghị các trường tổ chức ngày hội đọc sách trong tháng 4.\n")


def _header(text: str):
    doc = read_text(text)
    return extract_header(doc, find_layout(doc.text))


# (stamp before the header, date line, expected date, expected rule)
SIGNING = [
    ("Thời gian ký: 05.03.2030 09:15:00 +07:00\n", "ngày    tháng    năm 2030", "2030-03-05", "issued_on.signing_time"),
    ("Thời gian ký: 05.03.2030 09:15:00 +07:00\n", "ngày0) thángh năm 2030", "2030-03-05", "issued_on.signing_time"),
    # the header's own date wins
    ("Thời gian ký: 05.03.2030 09:15:00 +07:00\n", "ngày 01 tháng 3 năm 2030", "2030-03-01", "date.words"),
    # a stamp of another year (a later gazette copy) is not the issue date
    ("Ngày ký: 05.03.2031 09:15:00 +07:00\n", "ngày    tháng    năm 2030", None, "date.words"),
    # no stamp: the blank date stays blank
    ("", "ngày    tháng    năm 2030", None, "date.words"),
]


@pytest.mark.parametrize("stamp,date_line,date,rule", SIGNING)
def test_header_issued_on_from_signing_time(stamp, date_line, date, rule):
    h = _header(stamp + HEADER.format(date=date_line))
    assert h["place"].text == "Sông Mây"
    assert h["issued_on"].date == date and h["issued_on"].rule == rule
    assert h["issued_on"].year == 2030


SIGNATURE = ("\nNơi nhận:   KT. CHỦ TỊCH\n- Như trên;   {position}\n- Lưu: VT.   ¿8 ⁄ xa\n"
             "ẽẻ. x\n\nTrần Văn Bình\n")


@pytest.mark.parametrize("position,authority,expected,rule", [
    ("PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "signer.name_below_position"),
    ("PHÒ CHÙ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "signer.position_ocr"),  # tones misread
    ("PHO CHU TICH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "signer.position_ocr"),  # tones lost
    ("TRƯỜNG HỌC", "KT. CHỦ TỊCH", None, "signer.name_below_position"),  # not a title
])
def test_header_signer_position_tone_tolerant_in_signature_block(position, authority, expected, rule):
    h = _header(HEADER.format(date="ngày 05 tháng 3 năm 2030") + SIGNATURE.format(position=position))
    s = h["signer"]
    assert (s.name, s.authority, s.position, s.rule) == ("Trần Văn Bình", authority, expected, rule)


# A photo's signature: the layout finds no position (OCR misread it), specks of the seal follow it.
TAIL = "\nCác trường thực hiện nghiêm túc kế hoạch này./.\n{position}\n{noise}Lê Thị Hoa\n"


@pytest.mark.parametrize("position,noise,expected,rule", [
    ("TRƯỜNG BẠN", "sêN\n4   Vui\n", "TRƯỞNG BAN", "signer.position_ocr"),
    ("TRƯỞNG BAN", "", "TRƯỞNG BAN", "signer.name_below_position"),  # read as printed by the layout
    ("HIỆU TRƯỜNG", "", "HIỆU TRƯỞNG", "signer.position_ocr"),
    ("TRƯỜNG", "", None, None),  # "TRƯỜNG" alone is a school, not a title
    ("TRƯỜNG BẠN", "a\nb\nc\nd\ne\n", None, None),  # too far above the name to be its position
])
def test_header_signer_from_tail_tone_tolerant(position, noise, expected, rule):
    h = _header(HEADER.format(date="ngày 05 tháng 3 năm 2030") + TAIL.format(position=position, noise=noise))
    s = h.get("signer")
    if expected is None:
        assert s is None or s.position is None
    else:
        assert (s.name, s.position, s.rule) == ("Lê Thị Hoa", expected, rule)
        doc_text = read_text(HEADER.format(date="ngày 05 tháng 3 năm 2030") + TAIL.format(position=position, noise=noise)).text
        assert doc_text[s.span[0]:s.span[1]].startswith(position) and doc_text[s.span[0]:s.span[1]].endswith("Lê Thị Hoa")


@pytest.mark.parametrize("cell,authority,expected", [
    ("TRƯỜNG BẠN", None, "TRƯỞNG BAN"),
    ("THỦ TRƯƠNG", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),  # deputy of the minister, from rules/header.yaml
    ("THỦ TRƯƠNG", None, None),  # THỨ or THỦ TRƯỞNG: ambiguous without an authority
    ("PHÒ GIÁM ĐÔC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),  # tones, not the circumflex
    ("TRƯỜNG", None, None),
    ("TRƯỜNG BAN NHÂN DÂN", None, None),  # a whole cell must be a title
    ("Phó Chủ tịch;", "KT. CHỦ TỊCH", None),  # a Nơi nhận entry beside the signature, not a position
])
def test_header_parse_ocr_position(cell, authority, expected):
    assert parse_ocr_position(cell, authority) == expected
