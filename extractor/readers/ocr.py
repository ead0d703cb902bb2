"""OCR with Debian's tesseract (+ tesseract-ocr-vie) for scanned PDF pages and photos.

PDF pages are rasterized by poppler's pdftoppm at 300 dpi in grey; where a small colour preview
shows a red seal, its ink is turned into paper (`remove_seal`) before tesseract reads the page (a seal
across the signer's position shredded it). Images are freed of coloured ink, deskewed and thresholded
first (`prepare_image`). A digital-signature stamp ("Ký bởi: …", "Thời gian ký: …") drawn as a form
widget over a scan is not rasterized (it sat over the motto and blurred both): its exact text is taken
from the PDF and put above (or below) the page's OCR text instead (`_stamp_lines`). Each tesseract
runs single-threaded (OMP_THREAD_LIMIT=1: its OpenMP threads only fight each other on a small
machine) and pages run in parallel, one process per core.
Results are cached by the sha256 of the input and the OCR settings under
`$XDG_CACHE_HOME/extractor/ocr` (`EXTRACTOR_OCR_CACHE` overrides), so a rerun costs a file read.

Tesseract runs with `--psm 6` (one block of text, read as visual lines) and
`preserve_interword_spaces`, so a two-column header comes out as the PDF reader gives it: one line
per visual line, the left and right halves separated by three spaces (`_tidy` makes any wider gap
exactly three and drops paragraph indents). The automatic segmentation (psm 3) was tried first: it
reads blocks column by column but drops lines crossed by a signature (the signer's name on a photo).

`OCR_STATS` accumulates pages and seconds actually spent in tesseract (cache hits excluded), for
the benchmark: `ocr_seconds_per_page()`.

>>> ocr_available() in (True, False)
True
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DPI = 300
LANG = "vie"
# Bump when preprocessing or settings change so old cache entries are not reused.
VERSION = "5"
# Channel spread (max - min of R, G, B) above which a pixel is coloured ink, not print.
INK_SATURATION = 30
# Coloured ink over print: the print under it stays dark in every channel, so a coloured pixel is
# paper only when its brightest channel is above this (a stamp over "TRƯỞNG" kept the horn).
INK_OVER_PRINT = 120
# A seal's red ink: red above both green and blue by this margin, and a red channel brighter than
# print. Measured on a scanned seal: its red channel is 137-249, black print under it below 100.
SEAL_RED_MARGIN = 20
SEAL_MIN_RED = 120


@dataclass
class OcrStats:
    pages: int = 0
    seconds: float = 0.0
    cache_hits: int = 0


OCR_STATS = OcrStats()


def ocr_seconds_per_page() -> float | None:
    """Mean wall seconds tesseract took per page in this process (None before any OCR)."""
    return OCR_STATS.seconds / OCR_STATS.pages if OCR_STATS.pages else None


@functools.lru_cache(maxsize=1)
def ocr_available() -> bool:
    """Whether tesseract with Vietnamese data and pdftoppm are installed (asked once per process:
    the subprocess cost 18 ms a document on the benchmark)."""
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return LANG in langs.split()


def cache_dir() -> Path:
    root = os.environ.get("EXTRACTOR_OCR_CACHE")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "extractor" / "ocr"


def _cache_path(key: str) -> Path:
    return cache_dir() / f"{key}.txt"


def _cached(key: str) -> str | None:
    try:
        return _cache_path(key).read_text(encoding="utf-8")
    except OSError:
        return None


def _store(key: str, text: str) -> None:
    path = _cache_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # atomic: a parallel run never reads half a file
    except OSError:
        pass  # a read-only cache only costs time


def _env() -> dict:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


PSM = 6
HALF_SEP = "   "


_PUNCT = set(".,;:-–—/()\"“”'‘’!?%&+*")


def _is_noise(token: str) -> bool:
    # specks read as "¬", "|", "⁄{", "_--": no letter or digit and not ordinary punctuation
    return not any(ch.isalnum() for ch in token) and not set(token) <= _PUNCT


def _tidy(text: str) -> str:
    r"""Gaps of three or more spaces become exactly three; leading indents and specks go.

    >>> _tidy("  ¬   TUYÊN TRUYỀN\n|\n⁄{ x")
    'TUYÊN TRUYỀN\n\nx\n'
    """
    out = []
    for line in text.replace("\f", "").split("\n"):
        halves = []
        for half in re.split(r" {3,}", line.strip()):
            words = [w for w in half.split(" ") if w and not _is_noise(w)]
            if words:
                halves.append(" ".join(words))
        out.append(HALF_SEP.join(halves))
    return "\n".join(out).strip("\n") + "\n"


def _tesseract(image_path: str, psm: int = PSM) -> str:
    out = subprocess.run(["tesseract", image_path, "stdout", "-l", LANG, "--psm", str(psm), "--dpi", str(DPI),
                          "-c", "preserve_interword_spaces=1"],
                         capture_output=True, env=_env(), timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"tesseract failed: {out.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return _tidy(out.stdout.decode("utf-8", "replace"))


def _workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def remove_seal(grey, colour):
    """The grey page with the red ink of a seal turned into paper (`colour`: the same page in RGB).

    Black print and blue or black handwriting stay dark; red seal ink becomes white, except where
    print lies under it (there every channel is dark). A seal across the signer's position shredded
    it ("THỨ TRƯỞNG" read as "G s`§ TR ỞNG"). The grey page is poppler's own grey rendering, not a
    conversion of `colour`: tesseract read handwritten digits glued to printed words differently on
    the two."""
    import numpy as np
    from PIL import Image

    seal = _seal_mask(colour)
    out = np.array(grey.convert("L"))
    if seal.shape == out.shape and seal.any():
        out[seal] = 255
    return Image.fromarray(out, mode="L")


def _widgets(pdf_path: str, page_no: int) -> tuple[float, list[tuple[float, float, float, float]]]:
    """The page's height and its form widgets as (x, y, width, height) in points from the top left."""
    import pypdfium2 as pdfium

    from extractor.readers.pdf import widget_rects

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_no - 1]
        height = page.get_height()
        rects = [(x0, top, x1 - x0, bottom - top) for x0, top, x1, bottom in widget_rects(page, height)
                 if x1 > x0 and bottom > top]
        return height, rects
    finally:
        pdf.close()


def _stamp_lines(pdf_path: str, page_no: int) -> tuple[list[str], list[str]]:
    """The text of the page's widgets (a signing stamp: "Ký bởi: …", "Thời gian ký: …"), as lines to
    put before the OCR text (widgets in the upper half of the page) and after it (the others).

    The widgets are left out of the picture tesseract reads (`-hide-annotations`), so their text
    comes only from here, exactly as the PDF holds it."""
    before: list[str] = []
    after: list[str] = []
    try:
        height, rects = _widgets(pdf_path, page_no)
    except Exception:  # an odd annotation must not cost the page its OCR
        return before, after
    for x, y, w, h in sorted(rects, key=lambda r: r[1]):
        # pdftotext's crop box is in points (its default 72 dpi), from the top left.
        out = subprocess.run(["pdftotext", "-q", "-layout", "-f", str(page_no), "-l", str(page_no),
                              "-x", str(int(x)), "-y", str(int(y)), "-W", str(int(w) + 2), "-H", str(int(h) + 2),
                              pdf_path, "-"], capture_output=True, timeout=60)
        lines = [ln for ln in _tidy(out.stdout.decode("utf-8", "replace")).split("\n") if ln]
        (before if y + h / 2 < height / 2 else after).extend(lines)
    return before, after


def _seal_mask(colour):
    """Pixels of red seal ink in an RGB page (see `remove_seal`), as a boolean array."""
    import numpy as np

    rgb = np.asarray(colour.convert("RGB")).astype(np.int16)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return (red - np.maximum(green, blue) > SEAL_RED_MARGIN) & (red > SEAL_MIN_RED)


# A seal is some 35 mm across: hundreds of its pixels show even at 36 dpi; a few are colour noise.
SEAL_PREVIEW_DPI = 36
SEAL_PREVIEW_PIXELS = 50


def _render(pdf_path: str, page_no: int, dpi: int, grey: bool, out: str) -> str:
    subprocess.run(["pdftoppm", "-r", str(dpi), *(["-gray"] if grey else []), "-png", "-hide-annotations",
                    "-f", str(page_no), "-l", str(page_no), "-singlefile", pdf_path, out],
                   check=True, capture_output=True, timeout=300)
    return out + ".png"


def _ocr_pdf_page(pdf_path: str, page_no: int, workdir: str) -> str:
    from PIL import Image

    prefix = os.path.join(workdir, f"p{page_no}")
    page = _render(pdf_path, page_no, DPI, True, prefix + "-grey")
    # The full-resolution colour page (1-2 s) only where a small preview shows seal ink.
    with Image.open(_render(pdf_path, page_no, SEAL_PREVIEW_DPI, False, prefix + "-preview")) as preview:
        sealed = int(_seal_mask(preview).sum()) >= SEAL_PREVIEW_PIXELS
    if sealed:
        with Image.open(page) as grey, Image.open(_render(pdf_path, page_no, DPI, False, prefix + "-rgb")) as colour:
            page = prefix + ".png"
            remove_seal(grey, colour).save(page, dpi=(DPI, DPI))
    text = _tesseract(page)
    before, after = _stamp_lines(pdf_path, page_no)
    if not before and not after:
        return text
    return "\n".join(before + [text.rstrip("\n")] + after) + "\n"


def ocr_pdf_pages(data: bytes, pages: list[int]) -> dict[int, str]:
    """OCR text of the given 0-based pages of a PDF, cached, pages in parallel."""
    sha = hashlib.sha256(data).hexdigest()
    out: dict[int, str] = {}
    todo = []
    for i in pages:
        key = f"{sha}-pdf-p{i + 1}-{DPI}-{LANG}-v{VERSION}"
        text = _cached(key)
        if text is None:
            todo.append((i, key))
        else:
            OCR_STATS.cache_hits += 1
            out[i] = text
    if not todo:
        return out
    with tempfile.TemporaryDirectory(prefix="extractor-ocr-") as tmp:
        pdf_path = os.path.join(tmp, "in.pdf")
        with open(pdf_path, "wb") as fh:
            fh.write(data)
        start = time.perf_counter()
        # Threads only wait on tesseract subprocesses, so they give one process per core.
        with ThreadPoolExecutor(max_workers=_workers()) as pool:
            results = list(pool.map(lambda item: _ocr_pdf_page(pdf_path, item[0] + 1, tmp), todo))
        OCR_STATS.seconds += time.perf_counter() - start
        OCR_STATS.pages += len(todo)
    for (i, key), text in zip(todo, results):
        _store(key, text)
        out[i] = text
    return out


def image_frames(data: bytes) -> int:
    """How many pages an image file holds (a multi-page TIFF from a scanner has several)."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return getattr(img, "n_frames", 1)


def drop_coloured_ink(img):
    """A photo in grey with coloured ink turned into paper, so tesseract sees only the print.

    Stamps (red) and signatures (blue) cross the signer's position and name; printed text is black
    or grey. Where print lies under the ink every channel is dark, and it stays: a seal over the
    position's tone marks made "TRƯỞNG BAN" read "TRƯỜNG BẠN" and left specks of the seal as lines."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(img.convert("RGB")).astype(np.int16)
    grey = rgb.mean(axis=2)
    brightest = rgb.max(axis=2)
    grey[((brightest - rgb.min(axis=2)) > INK_SATURATION) & (brightest > INK_OVER_PRINT)] = 255
    return Image.fromarray(grey.astype(np.uint8), mode="L")


def prepare_image(data: bytes, frame: int = 0):
    """A photo made ready for OCR: upright (EXIF), grey, upscaled if small, deskewed, thresholded."""
    import io

    from PIL import Image, ImageFilter, ImageOps

    import numpy as np

    src = Image.open(io.BytesIO(data))
    if frame:
        src.seek(frame)
    img = drop_coloured_ink(ImageOps.exif_transpose(src))
    # Tesseract wants ~30 px capitals; a 1000-px-wide phone shot of an A4 page has ~15.
    if img.width < 2000:
        scale = 2000 / img.width
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.LANCZOS)
    img = ImageOps.autocontrast(img, cutoff=1)
    angle = estimate_skew(img)
    if abs(angle) >= 0.3:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    # Uneven phone lighting: divide by a blurred background before a global threshold.
    background = np.asarray(img.filter(ImageFilter.GaussianBlur(25)), dtype=np.float32) + 1.0
    ratio = np.clip(np.asarray(img, dtype=np.float32) / background * 255.0, 0, 255).astype(np.uint8)
    flat = Image.fromarray(ratio, mode="L")
    threshold = _otsu(flat)
    return flat.point(lambda v: 255 if v > threshold else 0, mode="L")


def _otsu(img) -> int:
    hist = img.histogram()
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    w_b = sum_b = 0
    best, best_t = 0.0, 128
    for t in range(256):
        w_b += hist[t]
        if not w_b:
            continue
        w_f = total - w_b
        if not w_f:
            break
        sum_b += t * hist[t]
        m_b, m_f = sum_b / w_b, (sum_all - sum_b) / w_f
        between = w_b * w_f * (m_b - m_f) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def estimate_skew(img, limit: float = 6.0, step: float = 0.5) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines horizontal.

    Text lines are horizontal when the row profile of dark pixels is sharpest (largest variance);
    tried on a small copy over ±`limit` degrees."""
    from PIL import Image

    small = img.copy()
    small.thumbnail((800, 800))
    bw = small.point(lambda v: 255 if v < 128 else 0, mode="L")
    best_angle, best_score = 0.0, -1.0
    a = -limit
    while a <= limit + 1e-9:
        rot = bw.rotate(a, resample=Image.NEAREST, expand=False, fillcolor=0)
        w, h = rot.size
        data = rot.tobytes()
        rows = [sum(data[r * w:(r + 1) * w]) / 255 for r in range(h)]
        mean = sum(rows) / h
        score = sum((x - mean) ** 2 for x in rows)
        if score > best_score:
            best_angle, best_score = a, score
        a += step
    return best_angle


def ocr_image(data: bytes, frame: int = 0) -> str:
    """OCR text of an image (photo or scan; `frame` = page of a multi-page TIFF), cached by sha256."""
    sha = hashlib.sha256(data).hexdigest()
    key = f"{sha}-img{frame}-{LANG}-v{VERSION}"
    text = _cached(key)
    if text is not None:
        OCR_STATS.cache_hits += 1
        return text
    with tempfile.TemporaryDirectory(prefix="extractor-ocr-") as tmp:
        path = os.path.join(tmp, "in.png")
        start = time.perf_counter()
        prepare_image(data, frame).save(path, dpi=(DPI, DPI))
        text = _tesseract(path)
        OCR_STATS.seconds += time.perf_counter() - start
        OCR_STATS.pages += 1
    _store(key, text)
    return text
