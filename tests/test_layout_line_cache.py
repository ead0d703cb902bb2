"""layout: each line's cells are cut once per line text (_line_cells); cells read from the cache must
be those cut from the document itself, at every place the line stands."""
import pytest

from extractor import layout
from extractor.layout import find_cells, find_layout

# Our own document: a two-column header, a line repeated, a date typed into blanks, a table row,
# a form feed, the same line at the very end.
DOC = ("UBND XÃ AN BÌNH     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
       "Số: 12/KH-UBND     Độc lập - Tự do - Hạnh phúc\n"
       "An Bình, ngày 05     tháng 3    năm 2026\n"
       "| Nội dung | Thời gian | Đơn vị |\n|---|---|---|\n| Ra quân | 01/4/2026 | Các thôn |\n"
       "- Như trên;\n\f- Như trên;\n**KT. CHỦ TỊCH**\nNguyễn Văn An\n- Như trên;")


def test_layout_line_cache_matches_cutting_the_document():
    layout._line_cells.cache_clear()
    cached = find_cells(DOC)
    direct = [layout._cut_line(DOC, s, e, i) for i, (s, e) in enumerate(layout._line_spans(DOC))]
    assert cached == direct
    assert find_cells(DOC) == direct  # now all from the cache
    for line in cached:
        for c in line:
            assert DOC[c.start:c.end] == c.text


@pytest.mark.parametrize("text", [DOC, DOC.replace("\n", "\r\n"), "Nơi nhận:\n- Như trên;\n- Lưu: VT."])
def test_layout_same_parts_with_a_warm_cache(text):
    layout._line_cells.cache_clear()
    cold = find_layout(text)
    warm = find_layout(text)
    assert cold == warm


def test_layout_line_spans_with_and_without_form_feed():
    assert layout._line_spans("a\nbc\n") == [(0, 1), (2, 4), (5, 5)]
    assert layout._line_spans("a\fbc\nd") == [(0, 1), (2, 4), (5, 6)]


def _clear_text_caches():
    """Empty every cache of layout keyed by a line's or a cell's text (not the compiled rules)."""
    for name, value in vars(layout).items():
        if hasattr(value, "cache_clear") and name not in ("_rules", "layout_rules", "lru_cache", "_by_text"):
            value.cache_clear()


@pytest.mark.parametrize("text", [DOC, DOC.replace("\n", "\r\n"), "Nơi nhận:\n- Như trên;\n- Lưu: VT."])
def test_layout_same_parts_with_warm_text_tests(text):
    # The cell tests (motto, heading, position, person's name …) keep their answers by text: a layout
    # read with every answer cached is the layout read from nothing.
    _clear_text_caches()
    cold = find_layout(text)
    assert layout.heading_rule.cache_info().currsize > 0  # the answers were kept
    assert find_layout(text) == cold
