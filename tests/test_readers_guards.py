"""`extractor extract` gets the same guards as ingest: hostile containers never reach the parsers,
and each gives a one-line error with its reason code (generated fixtures, tests/badinputs.py)."""
import hashlib

import pytest

import badinputs
from extractor.readers import ReadError, read_document

REFUSED = [
    ("bom.docx", badinputs.docx_zip_bomb, "decompression_bomb"),
    ("thuc-the.docx", badinputs.docx_external_entity, "forbidden_dtd"),
    ("cuoi.docx", badinputs.docx_billion_laughs, "forbidden_dtd"),
    ("mat-khau.pdf", badinputs.user_password_pdf, "password_required"),
    ("bom.pdf", badinputs.flate_bomb_pdf, "decompression_bomb"),
    ("trong.pdf", lambda: b"", "empty_file"),
]


@pytest.mark.parametrize("name,make,reason", REFUSED, ids=[r[0] for r in REFUSED])
def test_readers_guards_refuse_hostile_files(tmp_path, name, make, reason):
    path = tmp_path / name
    path.write_bytes(make())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.reason == reason
    assert "\n" not in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the original is untouched


@pytest.mark.parametrize("name,make", [("chu-so-huu.pdf", badinputs.owner_password_pdf), ("dung.docx", badinputs.valid_docx)])
def test_readers_guards_let_good_files_through(tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make())
    assert read_document(path).text.strip()
