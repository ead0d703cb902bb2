"""The one place that composes the pipeline: read → layout → header → body stages → findings.

Each stage is a plain function over the shared `Document` and its `Layout`; body stages also get the
fields found so far (`fields`), e.g. the issue year that dates without a year take.

>>> rec = extract_text("UBND TỈNH KIÊN GIANG\\nSố: 154/UBND-KGVX")
>>> rec.schema_version
'1'
"""
from __future__ import annotations

import time
from pathlib import Path

from extractor.assignments import extract_assignments
from extractor.citations import extract_citations
from extractor.deadlines import extract_deadlines
from extractor.document import Document
from extractor.events import extract_events
from extractor.findings import find_findings
from extractor.header import extract_header
from extractor.layout import find_layout
from extractor.models import Record
from extractor.readers import read_document, read_text

# Body stages in order; later ones read what earlier ones found: deadlines take their responsible
# unit from the assignment section they sit in.
BODY_STAGES = (extract_citations, extract_events, extract_assignments, extract_deadlines)


def extract_document(doc: Document, timings: dict[str, float] | None = None) -> Record:
    """The record of an already-read document; `timings` (for the benchmark) adds each stage's
    seconds under its name."""
    clock = _Clock(timings)
    fields: dict = {}
    # A text the reader judged unusable gets no confident fields: only its source and status.
    if doc.status not in ("needs_review", "needs_ocr"):
        layout = clock.run("layout", find_layout, doc.text)
        fields.update(clock.run("header", extract_header, doc, layout))
        for stage in BODY_STAGES:
            fields.update(clock.run(stage.__name__.removeprefix("extract_"), stage, doc, layout, fields))
        fields["findings"] = clock.run("findings", find_findings, doc, layout, fields)
    return clock.run("record", Record, source=doc.source, status=doc.status, status_reason=doc.status_reason,
                     text=doc.text, **fields)


class _Clock:
    """Runs a stage, adding its seconds to `timings` when there is one."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings

    def run(self, name: str, fn, *args, **kwargs):
        if self.timings is None:
            return fn(*args, **kwargs)
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0


def extract_file(path: str | Path) -> Record:
    """The record of one file (txt, docx, pdf, image), read by content, not by name."""
    return extract_document(read_document(path))


def extract_text(text: str, path: str | None = None) -> Record:
    """The record of a text already in memory."""
    return extract_document(read_text(text, path))
