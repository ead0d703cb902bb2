"""`make bench`: ingest throughput beside the floor of raw text extraction by pypdfium2.

Two sets: the shared corpus (../shared/corpus/docs, when present) and a generated archive of ≥ 5,000
synthetic documents in the genre (text-layer PDFs of 1-3 pages and plain-text files, from templates
of our own with invented units, numbers and dates). For each, in the same run:

- floor: pypdfium2 opening each PDF and reading every page's text, in one process;
- pipeline: `extract_file` in one process over the same PDFs (the pipeline's own cost);
- ingest: `ingest()` with N worker processes into a fresh SQLite store (everything: walk, hash,
  preflight, isolation, pipeline, store), per worker = total / N; peak RSS of each worker.

Each is repeated and the median taken. The table is printed and written to bench/results.md.

>>> doc = synthetic_text(7)
>>> "Số:" in doc and "trước ngày" in doc
True
"""
from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

GENERATOR_VERSION = "1"
FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")

# -- synthetic documents (our own templates; names and numbers are invented) --------------------------

PROVINCES = ["An Giang", "Bắc Ninh", "Cà Mau", "Đắk Lắk", "Gia Lai", "Hà Tĩnh", "Khánh Hòa", "Lâm Đồng",
             "Nghệ An", "Phú Thọ", "Quảng Ninh", "Sơn La", "Thái Nguyên", "Tuyên Quang", "Vĩnh Long"]
LEVELS = [("ỦY BAN NHÂN DÂN TỈNH {p}", "UBND"), ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH {p}", "SGDĐT"),
          ("ỦY BAN NHÂN DÂN XÃ HÒA {n}", "UBND"), ("SỞ Y TẾ TỈNH {p}", "SYT")]
TYPES = [("KẾ HOẠCH", "KH"), ("CÔNG VĂN", "CV"), ("THÔNG BÁO", "TB"), ("QUYẾT ĐỊNH", "QĐ")]
TOPICS = ["tổ chức Tuần lễ hưởng ứng học tập suốt đời", "kiểm tra công tác phòng cháy, chữa cháy",
          "triển khai chuyển đổi số trong cơ quan hành chính", "tổng kết năm học và xây dựng kế hoạch năm sau",
          "tăng cường quản lý an toàn thực phẩm", "rà soát hồ sơ thủ tục hành chính"]
UNITS = ["Sở Tài chính", "Sở Nội vụ", "Phòng Giáo dục và Đào tạo", "Trung tâm Y tế huyện", "Công an xã",
         "Văn phòng Ủy ban nhân dân", "Hội Khuyến học", "Trường Trung học cơ sở Hòa Bình", "Ban Chỉ huy Quân sự"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
GIVEN = ["Văn Minh", "Thị Hoa", "Quang Huy", "Thu Trang", "Đức Long", "Ngọc Lan", "Hữu Tài", "Minh Châu"]


def synthetic_text(i: int) -> str:
    """The text of synthetic document `i` (deterministic): header, number, date, subject, legal basis,
    numbered assignments with deadlines, distribution and signer — the parts the pipeline reads."""
    r = random.Random(i)
    prov = r.choice(PROVINCES)
    issuer, sym = r.choice(LEVELS)
    issuer = issuer.format(p=prov.upper(), n=r.randint(1, 30))
    dtype, code = r.choice(TYPES)
    year = r.choice([2023, 2024, 2025])
    month, day = r.randint(1, 10), r.randint(1, 28)
    topic = r.choice(TOPICS)
    units = r.sample(UNITS, k=r.randint(2, 5))
    lines = [issuer, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             f"Số: {r.randint(1, 3000)}/{code}-{sym}", f"{prov}, ngày {day:02d} tháng {month:02d} năm {year}"]
    if code == "CV":
        lines += [f"V/v {topic} năm {year}", "Kính gửi: " + "; ".join(units) + "."]
    else:
        lines += [dtype, f"{topic[0].upper()}{topic[1:]} năm {year}"]
    lines.append(f"Căn cứ Kế hoạch số {r.randint(1, 500)}/KH-UBND ngày {r.randint(1, 28)}/{r.randint(1, 12)}/{year - 1} "
                 f"của Ủy ban nhân dân tỉnh {prov} về việc {r.choice(TOPICS)};")
    lines.append(f"Thực hiện Công văn số {r.randint(100, 9000)}/BGDĐT-GDTX ngày {r.randint(1, 28)}/{month}/{year} "
                 f"của Bộ Giáo dục và Đào tạo, {issuer.title()} triển khai như sau:")
    lines.append("I. MỤC ĐÍCH, YÊU CẦU")
    for _ in range(r.randint(2, 12)):
        lines.append(f"- Bảo đảm {r.choice(TOPICS)} thiết thực, hiệu quả, đúng quy định; huy động sự tham gia "
                     f"của các cơ quan, đơn vị và người dân trên địa bàn.")
    lines.append("II. TỔ CHỨC THỰC HIỆN")
    for k, unit in enumerate(units, start=1):
        due_m = min(12, month + r.randint(1, 2))
        lines.append(f"{k}. {unit}")
        lines.append(f"- Chủ trì, phối hợp với các đơn vị liên quan {r.choice(TOPICS)}; báo cáo kết quả về "
                     f"{issuer.title()} trước ngày {r.randint(1, 28)}/{due_m}/{year}.")
    lines += ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
              f"{r.choice(SURNAMES)} {r.choice(GIVEN)}"]
    return "\n".join(lines) + "\n"


def _font() -> Optional[str]:
    return next((f for f in FONT_CANDIDATES if os.path.exists(f)), None)


def _ascii(text: str) -> str:
    """Without a Unicode font, PDFs get the text without diacritics (Helvetica is Latin-1)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def generate_archive(root: Path, n: int = 5000, pdf_share: float = 0.7, log: Callable[[str], None] = print
                     ) -> list[Path]:
    """Write `n` synthetic documents under `root` (reused when already there): text-layer PDFs of
    1-3 pages and .txt files. PDFs are laid out in one fpdf2 document and split page ranges into
    files with pypdfium2, since embedding the font once is ~100x faster than once per file."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    stamp = root / f".generated-v{GENERATOR_VERSION}-{n}-{pdf_share}"
    if stamp.exists():
        return sorted(p for p in root.rglob("*") if p.suffix in (".pdf", ".txt"))
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    font = _font()
    pdf = FPDF(format="A4")
    if font:
        pdf.add_font("body", fname=font)
        pdf.set_font("body", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    ranges: list[tuple[int, int, int]] = []
    t0 = time.monotonic()
    paths = []
    for i in range(n):
        text = synthetic_text(i)
        folder = root / f"lo-{i // 500:02d}"
        folder.mkdir(exist_ok=True)
        if random.Random(-i).random() >= pdf_share:
            p = folder / f"vb-{i:05d}.txt"
            p.write_text(text, encoding="utf-8")
            paths.append(p)
            continue
        first = pdf.page
        pdf.add_page()
        y = 20.0
        for para in text.splitlines():
            for line in textwrap.wrap(para if font else _ascii(para), 95) or [""]:
                if y > 280:
                    pdf.add_page()
                    y = 20.0
                pdf.text(15, y, line)
                y += 6
        ranges.append((i, first, pdf.page))  # 0-based first page index .. last (exclusive)
    src = pdfium.PdfDocument(bytes(pdf.output()))
    for i, first, end in ranges:
        out = pdfium.PdfDocument.new()
        out.import_pages(src, list(range(first, end)))
        p = root / f"lo-{i // 500:02d}" / f"vb-{i:05d}.pdf"
        buf = io.BytesIO()
        out.save(buf)
        out.close()
        p.write_bytes(buf.getvalue())
        paths.append(p)
    src.close()
    stamp.write_text("ok")
    log(f"generated {n} documents ({len(ranges)} PDFs) in {time.monotonic() - t0:.0f} s under {root}")
    return sorted(paths)


# -- measurements ---------------------------------------------------------------------------------

@dataclass
class Measure:
    files: int
    pages: int
    seconds: float
    workers: int = 1
    peak_rss_mb: float = 0.0
    startup: float = 0.0  # seconds to start and warm up the workers (not in `seconds`)

    def per_worker(self, what: str) -> float:
        n = self.files if what == "files" else self.pages
        return n / self.seconds / self.workers if self.seconds else 0.0


def raw_pdfium(paths: list[Path]) -> Measure:
    """The floor: pypdfium2 reading every page's text, nothing else."""
    import pypdfium2 as pdfium

    pages = 0
    t0 = time.perf_counter()
    for p in paths:
        doc = pdfium.PdfDocument(str(p))
        for page in doc:
            page.get_textpage().get_text_range()
            pages += 1
        doc.close()
    return Measure(len(paths), pages, time.perf_counter() - t0)


def pipeline_in_process(paths: list[Path]) -> Measure:
    """`extract_file` sequentially in this process: the pipeline without isolation or store."""
    from extractor.pipeline import extract_file

    pages = 0
    t0 = time.perf_counter()
    for p in paths:
        try:
            pages += extract_file(p).source.pages or 0
        except Exception:
            pass
    return Measure(len(paths), pages, time.perf_counter() - t0)


def stage_times(paths: list[Path], repeats: int) -> dict[str, float]:
    """Median ms per document of each part of `extract_file` over `paths` in this process (reading,
    then every stage as `pipeline.extract_document` runs it), with the floor beside it: where a
    document's time goes, and whether NLP is the bottleneck."""
    from extractor.pipeline import extract_document
    from extractor.readers import read_document

    runs: list[dict[str, float]] = []
    for _ in range(repeats):
        timings: dict[str, float] = {"raw pypdfium2 (floor)": raw_pdfium(paths).seconds}
        for p in paths:
            t0 = time.perf_counter()
            doc = read_document(p)
            timings["read"] = timings.get("read", 0.0) + time.perf_counter() - t0
            extract_document(doc, timings)
        runs.append(timings)
    return {k: statistics.median(r.get(k, 0.0) for r in runs) * 1000 / max(1, len(paths)) for k in runs[0]}


def render_stages(name: str, ms: dict[str, float]) -> str:
    floor = ms.get("raw pypdfium2 (floor)", 0.0)
    total = sum(v for k, v in ms.items() if k != "raw pypdfium2 (floor)")
    out = [f"### Where a document's time goes ({name}, sample, 1 process)", "",
           "| part | ms per document | share of extract_file | × floor |", "|---|---:|---:|---:|"]
    for k, v in ms.items():
        share = "" if k.startswith("raw") else f"{v / total:.0%}"
        out.append(f"| {k} | {v:.2f} | {share} | {v / floor:.1f} |" if floor else f"| {k} | {v:.2f} | {share} | - |")
    out.append(f"| extract_file (sum) | {total:.2f} | 100% | {total / floor:.1f} |" if floor else "")
    return "\n".join(out) + "\n"


def ingest_run(paths: list[Path], workers: int, timeout: float) -> Measure:
    """A full `ingest()` into a fresh SQLite store, on workers started (and warmed up) beforehand:
    throughput is the steady state, and the start-up is reported on its own. Peak RSS is the
    largest of any worker."""
    from extractor.ingest import ingest
    from extractor.workers import WorkerPool

    t0 = time.perf_counter()
    with WorkerPool(workers, timeout=timeout) as pool, tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        for w in pool.workers:
            w.wait_ready()
        startup = time.perf_counter() - t0
        report = ingest(paths, os.path.join(tmp, "bench.sqlite"), progress=io.StringIO(), pool=pool)
    rss = max(report.peak_rss_kb.values(), default=0) / 1024
    return Measure(report.processed, report.pages, report.seconds, workers, rss, startup)


def median_of(runs: list[Measure]) -> Measure:
    mid = sorted(runs, key=lambda m: m.seconds)[len(runs) // 2]
    return Measure(mid.files, mid.pages, statistics.median(m.seconds for m in runs), mid.workers,
                   max(m.peak_rss_mb for m in runs), statistics.median(m.startup for m in runs))


def warm_up() -> None:
    from extractor.workers import _warm_up

    _warm_up()


def bench_set(name: str, pdfs: list[Path], everything: list[Path], *, workers: int, repeats: int,
              sample: int, full_repeats: int, timeout: float, log: Callable[[str], None]
              ) -> list[tuple[str, str, str, Measure]]:
    """Floor, pipeline and ingest on a sample of the PDFs (the ratio), then the floor over every PDF
    and one or more full ingests of everything (throughput at archive scale)."""
    rows = []
    some = pdfs[:: max(1, len(pdfs) // sample)][:sample] if sample and len(pdfs) > sample else pdfs
    log(f"[{name}] floor: pypdfium2 over {len(some)} sample PDFs × {repeats}")
    rows.append((name, "floor", f"raw pypdfium2 text, sample of {len(some)} PDFs",
                 median_of([raw_pdfium(some) for _ in range(repeats)])))
    log(f"[{name}] extract_file in one process over the sample × {repeats}")
    rows.append((name, "pipeline", "extract_file, same sample, 1 process",
                 median_of([pipeline_in_process(some) for _ in range(repeats)])))
    log(f"[{name}] ingest of the sample, {workers} workers × {repeats}")
    rows.append((name, "ingest", f"ingest, same sample, {workers} workers",
                 median_of([ingest_run(some, workers, timeout) for _ in range(repeats)])))
    if len(some) != len(pdfs):
        log(f"[{name}] floor: pypdfium2 over all {len(pdfs)} PDFs × {repeats}")
        rows.append((name, "floor_all", f"raw pypdfium2 text, all {len(pdfs)} PDFs",
                     median_of([raw_pdfium(pdfs) for _ in range(repeats)])))
    if len(everything) != len(some):
        log(f"[{name}] ingest of all {len(everything)} files, {workers} workers × {full_repeats}")
        rows.append((name, "ingest_all", f"ingest, all {len(everything)} files, {workers} workers",
                     median_of([ingest_run(everything, workers, timeout) for _ in range(full_repeats)])))
    return rows


def render(rows: list[tuple[str, str, str, Measure]], workers: int, repeats: int, full_repeats: int = 1) -> str:
    out = ["| set | run | files | pages | median s | files/s per worker | pages/s per worker | peak RSS/worker MB "
           "| worker start s |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, _, label, m in rows:
        rss = f"{m.peak_rss_mb:.0f}" if m.peak_rss_mb else "-"
        start = f"{m.startup:.1f}" if m.startup else "-"
        out.append(f"| {name} | {label} | {m.files} | {m.pages} | {m.seconds:.2f} | {m.per_worker('files'):.1f} | "
                   f"{m.per_worker('pages'):.1f} | {rss} | {start} |")
    out.append("")
    out.append("Ratios, per worker, on the same text-layer PDFs (target: ingest ≥ 0.5 × floor; RSS < 400 MB):")
    out.append("")
    for name in dict.fromkeys(name for name, _, _, _ in rows):
        mine = {kind: m for n, kind, _, m in rows if n == name}
        floor, pipe, ing = mine.get("floor"), mine.get("pipeline"), mine.get("ingest")
        if floor and pipe and ing:
            out.append(f"- {name}: extract_file / floor = {pipe.per_worker('pages') / floor.per_worker('pages'):.2f}"
                       f" (pages/s), ingest / floor = {ing.per_worker('pages') / floor.per_worker('pages'):.2f}"
                       f" (pages/s), {ing.per_worker('files') / floor.per_worker('files'):.2f} (files/s); "
                       f"peak RSS per worker {ing.peak_rss_mb:.0f} MB; ingest / extract_file = "
                       f"{ing.per_worker('pages') / pipe.per_worker('pages'):.2f} (the cost of isolation, hashing, "
                       f"preflight and the store)")
    out.append("")
    from extractor.readers import pagescan

    reader = "the C page loop" if pagescan.available() else "the Python per-character path (the C loop was not built)"
    out.append(f"Medians of {repeats} runs (the full-archive ingest: {full_repeats}); {workers} workers on {os.cpu_count()} cores (shared machine); "
               f"PDF pages read by {reader}; generated {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.")
    return "\n".join(out) + "\n"


def main(argv: Optional[list[str]] = None) -> int:
    """`python -m extractor.bench [--docs 5000] [--repeats 3] [--out bench/results.md]`."""
    from extractor.workers import default_workers

    ap = argparse.ArgumentParser(prog="python -m extractor.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=5000, help="synthetic documents to generate")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each sample measurement (median)")
    ap.add_argument("--sample", type=int, default=100, help="PDFs in the sample that gives the ratios")
    ap.add_argument("--full-repeats", type=int, default=1, help="full-archive ingests (median)")
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "docs"))
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "extractor-bench-archive"),
                    help="where the synthetic archive is generated (reused between runs)")
    ap.add_argument("--out", default="bench/results.md")
    ap.add_argument("--readers-only", action="store_true",
                    help="only the readers section (engines, quality check, OCR), replaced in --out")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    corpus = Path(args.corpus)
    out = Path(args.out)
    if args.readers_only:
        section = readers_section(corpus, log)
        print(section)
        old = out.read_text(encoding="utf-8").split(READERS_HEADING)[0].rstrip() if out.exists() else ""
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text((old + "\n\n" if old else "") + section, encoding="utf-8")
        return 0
    warm_up()
    rows = []
    if corpus.is_dir():
        files = sorted(p for p in corpus.iterdir() if p.is_file())
        pdfs = [p for p in files if p.suffix.lower() == ".pdf" and _has_text_layer(p)]
        rows += bench_set("shared corpus", pdfs, files, workers=args.workers, repeats=args.repeats, sample=0,
                          full_repeats=args.full_repeats, timeout=args.timeout, log=log)
    else:
        log(f"{corpus} is absent: corpus rows skipped")
    archive = generate_archive(Path(args.cache), args.docs, log=log)
    pdfs = [p for p in archive if p.suffix == ".pdf"]
    rows += bench_set(f"synthetic ({args.docs} docs)", pdfs, archive, workers=args.workers, repeats=args.repeats,
                      sample=args.sample, full_repeats=args.full_repeats, timeout=args.timeout, log=log)
    some = pdfs[:: max(1, len(pdfs) // args.sample)][:args.sample] if args.sample else pdfs
    log(f"[synthetic ({args.docs} docs)] time per stage over the sample × {args.repeats}")
    stages = render_stages(f"synthetic ({args.docs} docs)", stage_times(some, args.repeats))
    table = (render(rows, args.workers, args.repeats, args.full_repeats) + "\n\n" + stages + "\n\n"
             + readers_section(corpus, log))
    print(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Ingest benchmark (`make bench`)\n\n" + table, encoding="utf-8")
    log(f"written to {out}")
    return 0


READERS_HEADING = "### Readers on the shared corpus"


def readers_section(corpus: Path, log: Callable[[str], None]) -> str:
    """Pages/s of each PDF engine, the quality check's cost per page and OCR seconds per page (cache
    bypassed, two pages of the first scan), on the shared corpus's PDFs and images."""
    from extractor.readers.timing import measure_readers

    if not corpus.is_dir():
        return f"{READERS_HEADING}\n\n{corpus} is absent: not measured.\n"
    log("[shared corpus] reader engines, quality check, OCR (cache bypassed)")
    paths = sorted(p for p in corpus.iterdir() if p.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"))
    timings = measure_readers(paths, ocr_pages=2)
    return f"{READERS_HEADING}\n\n" + "\n".join(f"- {line}" for line in timings.lines()) + "\n"


def _has_text_layer(path: Path, min_chars_per_page: int = 200) -> bool:
    """Text-layer PDFs only: the floor of a scan is an empty page read, not a comparison."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        chars = sum(len(page.get_textpage().get_text_range()) for page in doc)
        return chars >= min_chars_per_page * len(doc)
    finally:
        doc.close()


if __name__ == "__main__":
    sys.exit(main())
