"""Each finding code through the whole pipeline: a document of ours that has it, and one that must not.

The documents are in corpora/ (invented, with gold). The clean ones are chosen to look like the
planted ones (same type of deadline, event, schedule table, citation), so a check that fires on the
shape rather than on the inconsistency fails here.
"""
from __future__ import annotations

import functools

import pytest

from corpus_scoring import CORPORA, extract_corpus_doc

# code, document that has it, similar document that must not have it
CASES = [
    ("DEADLINE_CONFLICT", "kh-deadline-conflict", "chains/atthp-2026/3-xa-hoang-son"),
    ("DEADLINE_BEFORE_ISSUE", "cv-deadline-before-issue", "cv-so-noi-vu-thi-dua"),
    ("DEADLINE_BEFORE_EVENT_END", "kh-report-before-event-end", "chains/hoc-tap-2024/3-huyen-van-yen"),
    ("RANGE_INVERTED", "tb-range-inverted", "qd-reference-mismatch"),
    ("MILESTONE_CONFLICT", "kh-milestone-conflict", "kh-ubnd-xa-blank"),
    ("MILESTONE_CONFLICT", "kh-ngay-be-mac-lech", "cv-markdown-don-vi-chu-tri"),  # same time, another day
    ("REFERENCE_MISMATCH", "qd-reference-mismatch", "hd-layout-cot-doi"),
    ("REFERENCE_MISMATCH", "cv-so-van-ban-lech", "chains/hoc-tap-2024/2-tinh-yen-bai"),  # transposed digits
    ("INVALID_DATE", "tb-invalid-date", "chains/atthp-2026/3-xa-hoang-son"),
    ("NUMBERING_GAP", "kh-numbering-gap", "kh-ubnd-xa-blank"),
    ("NUMBERING_GAP", "kh-bang-so-lap", "chains/atthp-2026/2-tinh-thanh-hoa"),  # a table row repeated
    ("NAME_VARIANT", "cv-name-variant", "kh-report-before-event-end"),
]


@functools.lru_cache(maxsize=None)
def codes(doc_id: str) -> tuple[str, ...]:
    rec = extract_corpus_doc(CORPORA / doc_id)
    for f in rec.findings:  # every finding points at evidence inside the text
        assert f.spans and all(0 <= s < e <= len(rec.text) for s, e in f.spans), f
    return tuple(f.code for f in rec.findings)


IDS = [f"{c[0]}-{c[1]}" for c in CASES]


@pytest.mark.parametrize("code,planted,clean", CASES, ids=IDS)
def test_findings_corpora_code_found(code, planted, clean):
    assert code in codes(planted)


@pytest.mark.parametrize("code,planted,clean", CASES, ids=IDS)
def test_findings_corpora_code_absent_from_clean(code, planted, clean):
    assert code not in codes(clean)


def test_findings_corpora_look_alikes_are_clean():
    # Two Chỉ thị with one yearless number, a period across the new year, a matching weekday, two levels'
    # ceremonies, a quick and a final report in one sentence, tone placement variants: no finding.
    assert codes("kh-sach-se-nhung-de-nham") == ()


def test_findings_corpora_planted_documents_have_nothing_else():
    # A planted document carries its one inconsistency and no false alarm besides it.
    for code, planted, _ in CASES:
        assert set(codes(planted)) == {code}, (planted, codes(planted))
