"""The benchmark's per-stage table: every stage of the pipeline is timed, and the parts add up."""
from extractor.bench import generate_archive, render_stages, stage_times
from extractor.pipeline import BODY_STAGES, extract_document
from extractor.readers import read_text


def test_bench_stage_timings_name_every_stage():
    timings: dict[str, float] = {}
    rec = extract_document(read_text("UBND XÃ ĐÔNG CUÔNG\nSố: 12/KH-UBND\nCác thôn báo cáo trước ngày 15/4/2026."),
                           timings)
    assert rec.number.text == "12/KH-UBND"
    stages = {"layout", "header", "findings", "record"} | {s.__name__.removeprefix("extract_") for s in BODY_STAGES}
    assert set(timings) == stages
    assert all(v >= 0 for v in timings.values())


def test_bench_stage_table_on_generated_pdfs(tmp_path):
    pdfs = [p for p in generate_archive(tmp_path / "kho", 6, pdf_share=1.0, log=lambda _: None) if p.suffix == ".pdf"]
    ms = stage_times(pdfs, repeats=1)
    assert ms["read"] > 0 and ms["raw pypdfium2 (floor)"] > 0
    table = render_stages("6 tài liệu", ms)
    assert "| extract_file (sum) |" in table and "| deadlines |" in table
