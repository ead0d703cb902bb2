"""`extractor read` prints the normalized text, or the source; bad input is a one-line error."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from extractor.cli import main


@pytest.mark.parametrize("content,args,expect", [
    ("**Kính gửi:** các xã\r\n".encode("utf-8"), [], "Kính gửi: các xã\n"),
    ("Ho\u0300a Bi\u0300nh".encode("utf-8"), [], "Hòa Bình\n"),
])
def test_readers_cli_prints_text(tmp_path, content, args, expect):
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    result = CliRunner().invoke(main, ["read", str(p), *args])
    assert result.exit_code == 0 and result.output == expect


def test_readers_cli_source_json(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes("Ủy ban nhân dân xã".encode("utf-8"))
    result = CliRunner().invoke(main, ["read", "--source", str(p)])
    data = json.loads(result.output)
    assert data["media_type"] == "text/plain" and data["status"] == "ok"


def test_readers_cli_missing_file_one_line(tmp_path):
    result = CliRunner().invoke(main, ["read", str(tmp_path / "khong.pdf")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
