"""Sentences of a line, read from the document's splits found in one scan: the same as splitting the
line by itself (the look-behind pattern the sentence pass used to run on every line)."""
import random
import re

import pytest

from extractor.assignments import _Finder
from extractor.document import Document

_REFERENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\-–+])")


def _reference(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, s = [], a
    for m in _REFERENCE.finditer(text[a:b]):
        out.append((s, a + m.start()))
        s = a + m.end()
    out.append((s, b))
    return out


@pytest.mark.parametrize("text", [
    "Sở Y tế chủ trì. Phòng Nội vụ phối hợp; Công an xã báo cáo! Hết",
    "Không có dấu chấm ở giữa câu này",
    "Câu kết thúc.\nDòng sau. Hai câu",
    "Dấu chấm ở cuối dòng. \n- Gạch đầu dòng. + cộng",
    "a.  \t B; c? Đ! – e",
    "1.1. Sở Tài chính. Sở Xây dựng.",
])
def test_assignments_sentences_of_each_window_match_the_line_split(text):
    finder = _Finder(Document(text=text), [(0, len(text))])
    for a in range(len(text)):
        for b in range(a + 1, len(text) + 1):
            assert finder._split_sentences(a, b) == _reference(text, a, b), (a, b)


def test_assignments_sentence_split_random_texts():
    rng = random.Random(7)
    alphabet = "ab .;!?\n\tSĐ-–+x"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        finder = _Finder(Document(text=text), [(0, len(text))])
        for a in range(len(text)):
            for b in range(a + 1, len(text) + 1):
                assert finder._split_sentences(a, b) == _reference(text, a, b), (text, a, b)
