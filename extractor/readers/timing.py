"""Reader timings for the benchmark: pages per second of each PDF engine, the quality check's
cost per page, OCR seconds per page (cold, without the cache).

>>> t = measure_quality(["Ủy ban nhân dân xã giao Phòng Văn hóa chủ trì."] * 3)
>>> t.pages
3
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Rate:
    pages: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float | None:
        return self.pages / self.seconds if self.seconds else None

    @property
    def per_page(self) -> float | None:
        return self.seconds / self.pages if self.pages else None


@dataclass
class ReaderTimings:
    engines: dict[str, Rate] = field(default_factory=dict)  # pypdfium2 (visual lines), pdfplumber
    pdfium_raw: Rate = field(default_factory=Rate)  # pypdfium2's plain get_text_range, for reference
    quality: Rate = field(default_factory=Rate)
    ocr: Rate = field(default_factory=Rate)

    def lines(self) -> list[str]:
        out = []
        for name, r in [("pypdfium2 text only", self.pdfium_raw)] + sorted(self.engines.items()):
            if r.pages:
                out.append(f"{name}: {r.pages} pages, {r.per_second:.0f} pages/s")
        if self.quality.pages:
            out.append(f"quality check: {self.quality.per_page * 1000:.2f} ms/page")
        if self.ocr.pages:
            out.append(f"OCR (tesseract vie, 300 dpi, uncached): {self.ocr.per_page:.1f} s/page")
        return out


def measure_quality(pages: list[str]) -> Rate:
    """Cost of the per-page quality check (syllable share and hard signs)."""
    from extractor.quality import assess_text

    start = time.perf_counter()
    for text in pages:
        assess_text(text)
    return Rate(len(pages), time.perf_counter() - start)


def measure_readers(paths: list[str | Path], *, ocr_pages: int = 1) -> ReaderTimings:
    """Time the PDF engines on every page of the given PDFs, the quality check on their text, and
    OCR on up to `ocr_pages` pages of the first scanned PDF or image (cache bypassed)."""
    import pypdfium2 as pdfium

    from extractor.readers.pdf import _pdfium_page, read_with_plumber
    from extractor.readers.sniff import IMAGES, PDF, sniff_media_type

    t = ReaderTimings(engines={"pypdfium2": Rate(), "pdfplumber": Rate()})
    texts: list[str] = []
    ocr_done = 0
    for path in paths:
        data = Path(path).read_bytes()
        media = sniff_media_type(data)
        if media == PDF:
            pdf = pdfium.PdfDocument(data)
            n = len(pdf)
            start = time.perf_counter()
            for i in range(n):
                page = pdf[i]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
            t.pdfium_raw.pages += n
            t.pdfium_raw.seconds += time.perf_counter() - start
            start = time.perf_counter()
            for i in range(n):
                texts.append(_pdfium_page(pdf, i, data)[0])
            t.engines["pypdfium2"].pages += n
            t.engines["pypdfium2"].seconds += time.perf_counter() - start
            pdf.close()
            start = time.perf_counter()
            read_with_plumber(data, list(range(n)))
            t.engines["pdfplumber"].pages += n
            t.engines["pdfplumber"].seconds += time.perf_counter() - start
            if ocr_done < ocr_pages and sum(c.isalpha() for c in "".join(texts[-n:])) < 100 * n:
                ocr_done += _time_ocr(t, data, None, min(n, ocr_pages - ocr_done))
        elif media in IMAGES and ocr_done < ocr_pages:
            ocr_done += _time_ocr(t, None, data, 1)
    t.quality = measure_quality(texts)
    return t


def _time_ocr(t: ReaderTimings, pdf_data: bytes | None, image: bytes | None, pages: int) -> int:
    from extractor.readers import ocr

    if not ocr.ocr_available():
        return 0
    old = os.environ.get("EXTRACTOR_OCR_CACHE")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EXTRACTOR_OCR_CACHE"] = tmp  # cold: nothing cached
        try:
            start = time.perf_counter()
            if pdf_data is not None:
                ocr.ocr_pdf_pages(pdf_data, list(range(pages)))
            else:
                ocr.ocr_image(image)
            t.ocr.pages += pages
            t.ocr.seconds += time.perf_counter() - start
        finally:
            if old is None:
                os.environ.pop("EXTRACTOR_OCR_CACHE", None)
            else:
                os.environ["EXTRACTOR_OCR_CACHE"] = old
    return pages


if __name__ == "__main__":
    import sys

    print("\n".join(measure_readers(sys.argv[1:], ocr_pages=3).lines()))
