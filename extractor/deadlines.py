"""Deadlines: every due date by which a unit must act.

PLACEHOLDER: returns nothing yet; the deadlines stage replaces it.
"""
from __future__ import annotations

from extractor.document import Document
from extractor.layout import Layout


def extract_deadlines(doc: Document, layout: Layout, fields: dict) -> dict:
    return {}
