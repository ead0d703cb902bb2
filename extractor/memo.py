"""Answers of pure functions of a document's text, kept while the document is being worked on
(`TextMemo`): dates, units and citations of the same text are asked for by several stages.

>>> memo = TextMemo(texts=2, min_len=0)
>>> memo.get("Báo cáo trước ngày 15/4/2026", ("dates",), lambda: ("2026-04-15",))
('2026-04-15',)
"""
from __future__ import annotations

import threading
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")
_MISSING = object()


class TextMemo:
    """Answers of pure functions of a document's text, kept while the document is being worked on.

    Every stage asks the same questions of the same text: events, deadlines and findings each ask
    for all dates of the whole text, assignments asks for the units of the same line several times.
    Each (text, question) is answered once. Texts are told apart by value (CPython keeps a str's
    hash, and an identical object compares at once); only the last `texts` texts are kept, so a
    worker's memory stays flat over an archive. Texts shorter than `min_len` (a name, a phrase) are
    not kept: answering them is as cheap as looking them up, and they would push the document out.
    Answers must be immutable (tuples of frozen objects): every caller gets the same one — or a dict
    its module fills as a cache of answers that never change (dates' `_Known.built`: the date made of each
    match, asked for by many windows of one text).

    >>> memo = TextMemo(texts=2, min_len=0)
    >>> memo.get("ngày 1/2/2025", ("n",), lambda: 1), memo.get("ngày 1/2/2025", ("n",), lambda: 2)
    (1, 1)
    """

    def __init__(self, texts: int = 4, min_len: int = 200):
        self.texts, self.min_len = texts, min_len
        self._by_text: dict[str, dict] = {}
        self._last: tuple[str | None, dict] = (None, {})  # the text asked last and its answers
        self._lock = threading.Lock()  # threads of one worker may share it

    def get(self, text: str, key: Hashable, compute: Callable[[], T]) -> T:
        if len(text) < self.min_len:
            return compute()
        # Most questions are about the text asked last and were answered before: read without the lock
        # (a tuple and a dict lookup, each read whole under the GIL); the lock guards the text order.
        last, answers = self._last
        if text is last:
            found = answers.get(key, _MISSING)
            if found is not _MISSING:
                return found
        with self._lock:
            last, answers = self._last
            if text is not last:  # most questions in a row are about the same text object
                answers = self._by_text.pop(text, None)
                if answers is None:
                    answers = {}
                    while len(self._by_text) >= self.texts:
                        del self._by_text[next(iter(self._by_text))]  # the least recently asked text
                self._by_text[text] = answers  # (re)inserted last: most recently asked
                self._last = (text, answers)
            found = answers.get(key, _MISSING)
        if found is _MISSING:
            # Computed outside the lock: it may ask the memo itself (ranges ask for dates).
            found = compute()
            with self._lock:
                answers[key] = found
        return found

    def clear(self) -> None:
        """Forget every answer (for tests and benchmarks)."""
        with self._lock:
            self._by_text.clear()
            self._last = (None, {})
