"""Header fields: doc_type, number, issuer, place, issued_on, subject, recipients, distribution, signer.

PLACEHOLDER: returns nothing yet; the header stage replaces it.
"""
from __future__ import annotations

from extractor.document import Document
from extractor.layout import Layout


def extract_header(doc: Document, layout: Layout) -> dict:
    return {}
