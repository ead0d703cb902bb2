"""deadlines._Text finds sentence ends a stretch of text at a time: every sentence must be the one the
ends of a scan of the whole text give, whatever the order positions are asked in."""
import bisect
import random

import pytest

from extractor import deadlines as dl


def _whole_scan_sentence(text: str, ends: list[int], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(ends, pos)
    start = 0
    if i > 0:
        m = dl._BOUNDARY.match(text, ends[i - 1])
        start = m.end() if m else ends[i - 1]
    return start, ends[i] if i < len(ends) else len(text)


# Pieces of our own: sentence ends of every kind (". ", blank lines, list items, "**", table bars, tabs),
# long runs of spaces and of end characters that a stretch may begin inside.
_PIECES = ["Các xã báo cáo", "trước ngày 15/4/2026", ".", ". ", "! ", "? ", ": ", "; ", ",", "\n", "\n\n", "\n \n",
           "\n- ", "\n+ ", "\n1. ", "\n2.1. ", "\na) ", "\nII. ", "\n# ", "\n| ", " | ", "|", "**", ".** ", "\t",
           "  ", " " * 40, "*" * 30, "\n" * 20, " \t |" * 10, "Sở Nội vụ", "“Quy định", "(", "2026"]


@pytest.mark.parametrize("seed", range(6))
def test_deadlines_sentences_as_from_a_whole_scan(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(200, 600)))
    ends = sorted({m.start() for m in dl._BOUNDARY.finditer(text)})
    tx = dl._Text(text)
    assert len(tx._starts) > 2  # stretches are used
    positions = list(range(-1, len(text) + 2))
    rng.shuffle(positions)
    for pos in positions:
        assert tx.sentence(pos) == _whole_scan_sentence(text, ends, pos), pos


def test_deadlines_sentence_ends_are_made_of_boundary_chars():
    """A stretch may begin on any character not in _BOUNDARY_CHARS only because no end consumes one:
    if _BOUNDARY changes, this says which character _BOUNDARY_CHARS must learn."""
    rng = random.Random(99)
    text = "".join(rng.choice(_PIECES) for _ in range(3000))
    for m in dl._BOUNDARY.finditer(text):
        assert set(m.group(0)) <= dl._BOUNDARY_CHARS, repr(m.group(0))
