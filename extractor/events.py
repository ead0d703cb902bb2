"""Themes, events (named date ranges) and milestones (ceremonies, schedule rows).

PLACEHOLDER: returns nothing yet; the events stage replaces it.
"""
from __future__ import annotations

from extractor.document import Document
from extractor.layout import Layout


def extract_events(doc: Document, layout: Layout, fields: dict) -> dict:
    return {}
