"""A PDF as a `Document`: text layer first, then per page the route the quality check picks.

For each page: pypdfium2 (or pdfplumber for ruled tables) → quality check → if the text is not
usable, pdfplumber's reading → if still not usable (or the page has no text at all, as in a
scan), OCR. A page that stays unusable is named in `status_reason`.

>>> # read_pdf_document(open("ke-hoach.pdf", "rb").read(), Source()).source.engine
>>> # 'pypdfium2'
"""
from __future__ import annotations

from extractor.document import Document
from extractor.models import Source

# A page with fewer letters than this has no real text layer (a scan with a signature stamp).
MIN_LETTERS = 40
# A page holding an image and less text than a third of a page is taken for a scan and OCRed; the
# OCR text is kept only when it holds twice the letters of the layer.
SCAN_LETTERS = 400


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))  # True counts as 1; no Python-level loop per character


def _few_letters(text: str, n: int, chunk: int = 1024) -> bool:
    """Whether `text` has fewer than `n` letters, counted a chunk at a time: a page of text has
    enough in its first chunk, and the rest of it need not be counted.

    >>> _few_letters("Số: 12/KH", 40), _few_letters("Kế hoạch " * 10, 40)
    (True, False)
    """
    found = 0
    for start in range(0, len(text), chunk):
        found += _letters(text[start:start + chunk])
        if found >= n:
            return False
    return True


def read_pdf_document(data: bytes, base: Source) -> Document:
    from extractor.quality import assess_text
    from extractor.readers import ReadError, finish_document, normalize_text
    from extractor.readers.ocr import ocr_available, ocr_pdf_pages
    from extractor.readers.pdf import read_pdf_pages, read_with_plumber

    try:
        got = read_pdf_pages(data)
    except Exception as exc:  # pdfium refuses damaged or encrypted files
        raise ReadError(f"{base.path or 'pdf'}: not a readable PDF ({type(exc).__name__}: {exc})"[:200],
                        "corrupt") from exc
    texts = [p.text for p in got.pages]
    engines = [p.engine for p in got.pages]
    notes: list[str | None] = [None] * len(texts)

    verdicts: dict[int, tuple[str, bool]] = {}

    def bad(i: int) -> bool:
        # Judged once per page text: the check runs again only for a page that was re-read.
        if i not in verdicts or verdicts[i][0] is not texts[i]:
            verdicts[i] = (texts[i], _bad(i))
        return verdicts[i][1]

    def _bad(i: int) -> bool:
        t = normalize_text(texts[i])
        if t.strip() and not assess_text(t).usable:
            return True  # garbage: private-use glyph codes, (cid:N), mojibake
        if _few_letters(t, MIN_LETTERS) or (got.pages[i].images and _few_letters(t, SCAN_LETTERS)):
            # little text: a scan (text only in a signature stamp) if the page holds an image,
            # else a short or blank page
            return got.pages[i].images > 0
        return False

    reread = [i for i in range(len(texts)) if texts[i].strip() and bad(i) and engines[i] != "pdfplumber"]
    if reread:
        for i, t in read_with_plumber(data, reread, {i: got.pages[i].widget_words for i in reread}).items():
            if t.strip() and assess_text(normalize_text(t)).usable:
                texts[i], engines[i] = t, "pdfplumber"
    need_ocr = [i for i in range(len(texts)) if bad(i)]
    used_ocr = False
    if need_ocr:
        if ocr_available():
            for i, t in ocr_pdf_pages(data, need_ocr).items():
                q = assess_text(normalize_text(t))
                # OCR replaces the layer when it reads better (a scan's layer is empty or a stamp).
                if q.usable or _letters(t) > 2 * _letters(texts[i]):
                    texts[i], engines[i] = t, "tesseract"
                    used_ocr = True
        else:
            for i in need_ocr:
                notes[i] = "no usable text layer and tesseract (vie) is not installed"
    engine = "+".join(sorted(set(engines), key=engines.index)) if engines else "pypdfium2"
    if used_ocr and len(set(engines)) == 1:
        encoding = "ocr"
    elif got.legacy:  # text drawn in legacy fonts, decoded by font name
        encoding = ",".join(sorted(got.legacy))
    else:
        encoding = "pdf-text"
    doc = finish_document(texts, base.model_copy(update={
        "engine": engine, "ocr": used_ocr, "pages": len(texts), "encoding": encoding}),
        page_status=notes, repairs={f"font_{k}": v for k, v in got.legacy.items()})
    if need_ocr and len(need_ocr) == len(texts) and not ocr_available():
        doc.status, doc.status_reason = "needs_ocr", "scanned PDF: tesseract (vie) is not installed"
    return doc
