"""extractor: read Vietnamese official documents into source-grounded records.

>>> from extractor import extract_text
>>> extract_text("Số: 154/UBND-KGVX").number.text
'154/UBND-KGVX'
"""
from extractor.pipeline import extract_document, extract_file, extract_text

__all__ = ["extract_file", "extract_text", "extract_document"]
