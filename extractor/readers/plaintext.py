"""Plain-text reader: bytes → decoded text (encoding chosen by content) → pages.

The encoding is chosen by `extractor.legacy.decode_bytes`: BOM, else strict UTF-8 (or VIQR when
that ASCII text reads better as VIQR), else the best of Windows-1258 / TCVN3 / VNI by the share of
valid Vietnamese syllables. Never a silent latin-1: a low confidence marks the document
`needs_review`. Text decoded from TCVN3 gets back the capitals of the lines typed in the
capitals-only font .VnTimeH (issuer, motto, title, signature: `repairs.restore_capital_lines`),
counted as the repair "tcvn3_capitals". Markdown/HTML wrappers are taken off
(`markup.strip_markup`) when present; form feeds (pdftotext's page ends) split pages.

>>> split_text_pages("Trang 1\\fTrang 2")
['Trang 1', 'Trang 2']
"""
from __future__ import annotations

from extractor.document import Document
from extractor.models import Source

# Below this share of valid syllables the decoding is a guess, and the document says so.
MIN_CONFIDENCE = 0.6


def split_text_pages(text: str) -> list[str]:
    """Markup off, then one string per page (form feed = page end)."""
    from extractor.readers.markup import looks_like_markup, strip_markup

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_markup(text):
        text = strip_markup(text)
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def read_plaintext(data: bytes, base: Source) -> Document:
    from extractor.legacy import decode_bytes
    from extractor.readers import finish_document

    decoded = decode_bytes(data)
    text, repairs = decoded.text, {}
    if decoded.encoding == "tcvn3":
        from extractor.repairs import restore_capital_lines

        # .VnTimeH draws capitals from lowercase codes: as text, those lines read back lowercase.
        fixed = restore_capital_lines(text.replace("\r\n", "\n").replace("\r", "\n"), "tcvn3_capitals")
        text, repairs = fixed.text, fixed.counts
    pages = split_text_pages(text)
    doc = finish_document(pages, base.model_copy(update={
        "engine": "text", "encoding": decoded.encoding, "pages": len(pages) if len(pages) > 1 else None}),
        repairs=repairs)
    if decoded.confidence < MIN_CONFIDENCE and doc.status == "ok":
        doc.status = "needs_review"
        tried = ", ".join(f"{k} {v:.2f}" for k, v in decoded.candidates.items())
        doc.status_reason = f"encoding unsure: best guess {decoded.encoding} ({tried})"
    return doc
