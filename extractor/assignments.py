"""Assignments: each unit given tasks, with its role and tasks.

PLACEHOLDER: returns nothing yet; the assignments stage replaces it.
"""
from __future__ import annotations

from extractor.document import Document
from extractor.layout import Layout


def extract_assignments(doc: Document, layout: Layout, fields: dict) -> dict:
    return {}
