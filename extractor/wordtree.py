"""One regular expression for a list of words, written as a tree of their shared beginnings.

`(?:hoàn thành|hoàn tất|hoàn chỉnh|…)` under re.I makes `re` enter every alternative in turn at every
position it tries (≈130 words for the end of a unit's name: ~1 µs a position); the same words as a tree,
`hoàn (?:thành|tất|chỉnh)`, are read one character at a time, and a position whose next character
begins no word is left at once. Where several words begin at the same place the tree tries the longer
first, as an alternation sorted longest first does, so a pattern gives the same matches either way.

>>> words_tree(["hoàn thành", "hoàn tất", "gửi"])
'(?:gửi|hoàn\\\\ t(?:hành|ất))'
>>> re.match(words_tree(["ban", "ban hành"]) + r"(?!\\w)", "Ban hành kế hoạch", re.I).group(0)
'Ban hành'
>>> re.match(words_tree(["ban", "ban hành"]) + r"(?!\\w)", "Ban hành_chính", re.I).group(0)
'Ban'
"""
from __future__ import annotations

import re


def words_tree(words: list[str]) -> str:
    """A pattern matching any of `words`, the longest first where several begin at the same place (with
    backtracking into it, a shorter one when what follows rejects the longer). For re.I: the words are
    kept lower-cased, so that the continuations of a shared beginning are different letters and at most
    one of them fits the next character."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _pattern(tree)


def _pattern(node: dict) -> str:
    # Every continuation first, then the end of a word here (the empty alternative, tried last).
    branches = [re.escape(ch) + _pattern(node[ch]) for ch in sorted(k for k in node if k)]
    if "" in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
