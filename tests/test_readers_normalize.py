"""normalize_text: the space characters it rewrites (translate runs only when one is present)."""
from __future__ import annotations

import pytest

from extractor.readers import _SPACES, normalize_text


@pytest.mark.parametrize("code", sorted(_SPACES))
def test_readers_normalize_rewrites_each_space_character(code):
    replacement = _SPACES[code] or ""
    assert normalize_text(f"Số:{chr(code)}12") == f"Số:{replacement}12"


@pytest.mark.parametrize("text,expected", [
    ("Ho\u0300a Bi\u0300nh\r\nca\ufffe\r\n", "Hòa Bình\nca-\n"),
    ("ngày 5  \ntha\u0301ng", "ngày 5\ntháng"),
])
def test_readers_normalize_without_special_spaces(text, expected):
    assert normalize_text(text) == expected
