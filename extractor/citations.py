"""Citations: legal_basis (opening clauses) and references (every other citation in the body).

PLACEHOLDER: returns nothing yet; the citations stage replaces it.
"""
from __future__ import annotations

from extractor.document import Document
from extractor.layout import Layout


def extract_citations(doc: Document, layout: Layout, fields: dict) -> dict:
    return {}
