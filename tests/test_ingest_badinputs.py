"""Every kind of bad input ends with a clear status and reason, the batch goes on, originals untouched.

One batch holds all the fixtures (generated here, see tests/badinputs.py) beside good documents, and
is ingested once; each case then checks its own row.
"""
from __future__ import annotations

import hashlib
import json

import pytest

from extractor.ingest import ingest, status
from extractor.store import open_store
from tests import badinputs as bad

GOOD = "Kính gửi: Sở Tài chính\nBáo cáo trước ngày 30/10/2024.\n".encode()
READ = {"done", "partial", "needs_review", "needs_ocr"}  # the file was read; the reader judged its text

# (file name, generator, allowed statuses, reason code or None)
CASES = [
    ("trong.pdf", lambda: b"", {"quarantined"}, "empty_file"),
    ("trang-web.pdf", bad.html_as_pdf, {"quarantined"}, "wrong_type"),
    ("cat-cut.pdf", bad.truncated_pdf, {"quarantined"}, "truncated"),
    ("mat-khau.pdf", bad.user_password_pdf, {"quarantined"}, "password_required"),
    ("chu-so-huu.pdf", bad.owner_password_pdf, READ, None),
    ("xref-vong.pdf", bad.xref_prev_loop_pdf, READ, None),
    ("xobject-tu-goi.pdf", bad.self_referencing_xobject_pdf, READ, None),
    ("bom-nen.pdf", bad.flate_bomb_pdf, {"quarantined"}, "decompression_bomb"),
    ("bom-zip.docx", bad.docx_zip_bomb, {"quarantined"}, "decompression_bomb"),
    ("thuc-the-ngoai.docx", bad.docx_external_entity, {"quarantined"}, "forbidden_dtd"),
    ("ty-tran-cuoi.docx", bad.docx_billion_laughs, {"quarantined"}, "forbidden_dtd"),
    ("word-97.docx", bad.ole_doc, {"quarantined"}, "legacy_doc"),
    ("word-97.doc", bad.ole_doc, {"quarantined"}, "legacy_doc"),
    ("co-nul.txt", bad.text_with_nul, READ, None),
    ("tot.docx", bad.valid_docx, READ, None),
    ("tot.txt", lambda: GOOD, READ, None),
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    hashes = {}
    for name, make, _, _ in CASES:
        (root / name).write_bytes(make())
    (root / "luu-tru.zip").write_bytes(bad.zip_with_parent_paths(GOOD + b"Zip.\n"))
    for p in root.iterdir():
        hashes[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    db = str(root.parent / "batch.sqlite")
    report = ingest([root], db, workers=2, timeout=60)
    states = {s.path: s for s in status(db)}
    return root, db, report, states, hashes


@pytest.mark.parametrize("name,make,allowed,reason", CASES, ids=[c[0] for c in CASES])
def test_ingest_badinput_has_clear_status(batch, name, make, allowed, reason):
    root, _, _, states, _ = batch
    state = states[str(root / name)]
    assert state.status in allowed, (state.status, state.reason, state.message)
    if reason:
        assert state.reason == reason and state.message and "\n" not in state.message
        assert state.stage == "preflight"
        assert state.transient is False


def test_ingest_badinput_zip_members_with_parent_paths_are_refused_others_read(batch):
    root, _, _, states, _ = batch
    archive = str(root / "luu-tru.zip")
    assert states[f"{archive}::van-ban/cong-van.txt"].status in READ
    for member in ("../../thoat-ra.txt", "/etc/cron.d/tuyet-doi.txt"):
        assert states[f"{archive}::{member}"].reason == "unsafe_path"
    assert not (root.parent / "thoat-ra.txt").exists()


def test_ingest_badinput_originals_untouched(batch):
    root, _, _, _, hashes = batch
    for p in root.iterdir():
        assert hashlib.sha256(p.read_bytes()).hexdigest() == hashes[p.name], p.name


def test_ingest_badinput_every_file_has_a_row_and_good_ones_a_record(batch):
    root, db, report, states, _ = batch
    assert len(states) == len(CASES) + 3
    with open_store(db) as store:
        texts = {rec.source.path: rec.text for _, rec in store.iter_records()}
    assert "\x00" not in texts[str(root / "co-nul.txt")]
    assert "Sở Tài chính" in texts[str(root / "tot.txt")]
    assert report.failures == sum(1 for s in states.values() if s.status == "quarantined")


def test_ingest_badinput_status_command_lists_every_file(batch):
    from click.testing import CliRunner

    from extractor.cli import main

    root, db, _, states, _ = batch
    out = CliRunner().invoke(main, ["status", "--db", db, "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {r["path"] for r in rows} == set(states)
    assert {r["reason"] for r in rows if r["status"] == "quarantined"} >= {"empty_file", "forbidden_dtd", "unsafe_path"}
