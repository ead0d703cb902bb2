"""Pre-flight checks on bytes, before any parser: reason codes, and never a hang on odd streams."""
from __future__ import annotations

import random
import time
import zlib

import pytest

from extractor.preflight import check_bytes, unsafe_member_name
from tests import badinputs as bad


def _pdf_with_stream(raw: bytes) -> bytes:
    return bad.pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
                         b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(raw) + raw + b"\nendstream"])


def _noise(n: int) -> bytes:
    return random.Random(n).randbytes(n)


@pytest.mark.parametrize("raw", [
    # Regression: signed PDFs from the shared corpus hung ingest. A stream inflating past one output
    # chunk (1 MB) with bytes after its end (the EOL before `endstream`) made the capped inflater spin:
    # after the end, zlib returns nothing and keeps the tail unconsumed.
    zlib.compress(_noise(100_000) + bytes(2_000_000)) + b"\r\n",
    zlib.compress(_noise(200_000)) + b"\x00" * 64,
    zlib.compress(_noise(200_000))[:-5000],  # cut short
    b"\x78\x9c" + _noise(100_000),  # not deflate at all
])
def test_ingest_preflight_odd_flate_streams_terminate(raw):
    t0 = time.monotonic()
    verdict = check_bytes(_pdf_with_stream(raw), "ky-so.pdf")
    assert verdict.ok and time.monotonic() - t0 < 5


@pytest.mark.parametrize("name,data,reason", [
    ("a.pdf", b"", "empty_file"),
    ("a.pdf", b"<html><body>x</body></html>", "wrong_type"),
    ("a.docx", "Kính gửi".encode(), "wrong_type"),
    ("a.pdf", bad.truncated_pdf(), "truncated"),
    ("a.pdf", bad.flate_bomb_pdf(2 * 2**30), "decompression_bomb"),
    ("a.docx", bad.docx_billion_laughs(), "forbidden_dtd"),
    ("a.doc", bad.ole_doc(), "legacy_doc"),
    ("a.docx", b"PK\x03\x04" + bytes(40), "truncated"),
])
def test_ingest_preflight_reason_codes(name, data, reason):
    assert check_bytes(data, name).reason == reason


@pytest.mark.parametrize("name,data", [
    ("a.pdf", bad.text_pdf()),
    ("a.docx", bad.valid_docx()),
    ("a.txt", "<html> trong văn bản thường".encode()),
    ("a.txt", "Kính gửi: Sở Tài chính".encode("utf-16")),
])
def test_ingest_preflight_good_files_pass(name, data):
    assert check_bytes(data, name).ok


@pytest.mark.parametrize("member,why", [
    ("../x.txt", "parent directory"), ("a/../../x.txt", "parent directory"), ("/etc/x", "absolute path"),
    ("C:\\x.txt", "absolute path"), ("..\\x.txt", "parent directory"), ("van-ban/cv.txt", None),
    ("a..b.txt", None),
])
def test_ingest_preflight_unsafe_member_names(member, why):
    assert unsafe_member_name(member) == why
