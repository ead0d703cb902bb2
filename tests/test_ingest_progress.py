"""The progress display: a redrawn bar on a terminal, plain log lines otherwise."""
from __future__ import annotations

import io

import pytest

from extractor.ingest import Progress
from extractor.store import FileState


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream,expect", [(_Terminal(), "\r["), (io.StringIO(), "progress 3/3 files")])
def test_ingest_progress_terminal_or_log(stream, expect):
    bar = Progress(3, stream)
    for i, status in enumerate(["done", "quarantined", "done"]):
        bar.update(FileState(path=f"f{i}.pdf", status=status, reason="timeout" if status != "done" else None))
    out = stream.getvalue()
    assert expect in out and "1 failures" in out and "docs/s" in out and "ETA" in out
    if not stream.isatty():
        assert "quarantined f1.pdf: timeout" in out
