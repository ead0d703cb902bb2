"""The one shared text every stage works on.

A reader turns a file into a `Document`: `text` is already normalized (NFC, `\\n` line ends, legacy
encodings converted, repairs applied) and is the text every span indexes. `pages` holds the
`[start, end)` range of each page in `text`, so a span can be given its page.

>>> d = Document(text="Trang 1\\fTrang 2", pages=[(0, 7), (8, 15)])
>>> d.page_at(9)
2
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from extractor.models import Source


@dataclass
class Document:
    text: str
    pages: list[tuple[int, int]] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    # Reader's verdict on the text: "ok", or "needs_review"/"needs_ocr" with a reason, so that the
    # pipeline never reports confident fields read from garbage.
    status: str = "ok"
    status_reason: str | None = None

    def page_at(self, offset: int) -> int | None:
        """1-based page of a character offset, or None for unpaged sources."""
        if not self.pages:
            return None
        starts = [s for s, _ in self.pages]
        return max(1, bisect.bisect_right(starts, offset))
