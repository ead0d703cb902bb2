"""The one place that composes the pipeline: read → layout → header → body stages → findings.

Each stage is a plain function over the shared `Document` and its `Layout`; body stages also get the
fields found so far (`fields`), e.g. the issue year that dates without a year take.

>>> rec = extract_text("UBND TỈNH KIÊN GIANG\\nSố: 154/UBND-KGVX")
>>> rec.schema_version
'1'
"""
from __future__ import annotations

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


def extract_document(doc: Document) -> Record:
    """The record of an already-read document."""
    fields: dict = {}
    # A text the reader judged unusable gets no confident fields: only its source and status.
    if doc.status not in ("needs_review", "needs_ocr"):
        layout = find_layout(doc.text)
        fields.update(extract_header(doc, layout))
        for stage in BODY_STAGES:
            fields.update(stage(doc, layout, fields))
        fields["findings"] = find_findings(doc, layout, fields)
    return Record(source=doc.source, status=doc.status, status_reason=doc.status_reason, text=doc.text, **fields)


def extract_file(path: str | Path) -> Record:
    """The record of one file (txt, docx, pdf, image), read by content, not by name."""
    return extract_document(read_document(path))


def extract_text(text: str, path: str | None = None) -> Record:
    """The record of a text already in memory."""
    return extract_document(read_text(text, path))
