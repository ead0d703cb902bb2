"""Image reader: a photo or scan of a document, read by OCR (extractor.readers.ocr).

>>> # read_image_document(open("anh-chup.png", "rb").read(), Source()).source.ocr
>>> # True
"""
from __future__ import annotations

from extractor.document import Document
from extractor.models import Source


def read_image_document(data: bytes, base: Source) -> Document:
    from extractor.readers import ReadError, finish_document
    from extractor.readers.ocr import image_frames, ocr_available, ocr_image

    if not ocr_available():
        doc = Document(text="", source=base.model_copy(update={"engine": "tesseract", "ocr": True}))
        doc.status, doc.status_reason = "needs_ocr", "image needs OCR but tesseract (vie) is not installed"
        return doc
    try:
        frames = image_frames(data)
        pages = [ocr_image(data, i) for i in range(frames)]
    except Exception as exc:  # a corrupt image or a tesseract failure: one line
        raise ReadError(f"{base.path or 'image'}: cannot OCR ({type(exc).__name__}: {exc})"[:200], "ocr") from exc
    return finish_document(pages, base.model_copy(update={
        "engine": "tesseract", "ocr": True, "encoding": "ocr", "pages": frames if frames > 1 else None}))
