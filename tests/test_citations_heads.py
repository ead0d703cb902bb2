"""citations: heads are tried only where a form's first word starts (_head_matches), and each window's
citations are found once (memo); both must give what the plain search gives."""
import pytest

from extractor import citations
from extractor.citations import _compiled, _head_matches, _iter_heads, find_citations

# Our own sentences: capitalised and lower-case types, abbreviations, types glued to "/" or "-",
# "pháp luật" (not a law), a type cut by the window, elided numbers.
TEXTS = [
    "Căn cứ Quyết định số 12/QĐ-UBND ngày 05/01/2026 của UBND huyện Sông Mây về việc giao chỉ tiêu;",
    "Thực hiện công văn số 34/SGDĐT-VP và số 35/SGDĐT-VP ngày 02/3/2026 của Sở Giáo dục và Đào tạo.",
    "Theo Kế hoạch hành động số 7/KH-UBND, QĐ số 8/QĐ-UBND; tuyên truyền pháp luật về Luật Đất đai ngày 18/01/2024.",
    "Văn bản số 9/UBND-VX/Quyết định-x, Nghị quyết số 3-NQ/TU; Thông tư liên tịch số 1/2026/TTLT-BTC-BNV.",
    "Chỉ thị 05-CT/TW, Hướng dẫn số 11/HD-BTG và các Kế hoạch khác.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_citations_head_matches_as_finditer(text):
    c = _compiled()
    for a in range(0, len(text), 7):
        for b in (a + 3, a + 25, len(text)):
            got = [(h.span(), h.lastgroup) for h in _head_matches(text, a, b, c)]
            assert got == [(h.span(), h.lastgroup) for h in c.head.finditer(text, a, b)]


def test_citations_head_matches_in_windows_of_a_long_text():
    # Windows of a text long enough for the memo, including one whose end cuts a word ("Kết" to "Kế").
    text = "\n".join(TEXTS + ["Kết quả thực hiện Kế hoạch số 3/KH-UBND; Kếtx và Kế."] * 2)
    c = _compiled()
    cut = text.index("Kết") + 2
    for a in list(range(0, len(text), 11)) + [cut - 2]:
        for b in (a + 2, a + 25, a + 140, cut, len(text)):
            if b <= a:
                continue
            got = [(h.span(), h.lastgroup) for h in _head_matches(text, a, b, c)]
            assert got == [(h.span(), h.lastgroup) for h in c.head.finditer(text, a, b)]


@pytest.mark.parametrize("text", TEXTS)
def test_citations_first_head_as_search(text):
    # The issuer's end is the next type named after "của …": the first head, as c.head.search finds it.
    c = _compiled()
    for a in range(0, len(text), 3):
        for b in (a + 5, a + 40, len(text)):
            first = next(_iter_heads(text, a, b, c), None)
            plain = c.head.search(text, a, b)
            assert (first and (first.span(), first.lastgroup)) == (plain and (plain.span(), plain.lastgroup))


@pytest.mark.parametrize("text", TEXTS)
def test_citations_memo_matches_fresh_search(text):
    long_text = "\n".join([text] * 8)  # long enough to be kept
    citations._MEMO.clear()
    fresh = find_citations(long_text)
    assert fresh
    again = find_citations(long_text)
    assert [vars(m) for m in again] == [vars(m) for m in fresh]


def test_citations_memo_callers_get_their_own_matches():
    text = "\n".join(TEXTS * 3)
    first = find_citations(text)
    first[0].relation = "căn cứ"
    first[0].issuer = "changed"
    second = find_citations(text)
    assert second[0].relation is None and second[0].issuer != "changed"
