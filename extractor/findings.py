"""In-document findings (record.md codes), each with the spans of its evidence.

PLACEHOLDER: finds nothing yet; the findings stage replaces it.
"""
from __future__ import annotations

from extractor.document import Document
from extractor.layout import Layout
from extractor.models import Finding


def find_findings(doc: Document, layout: Layout, fields: dict) -> list[Finding]:
    return []
