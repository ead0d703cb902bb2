"""The command line: every command documented with a Vietnamese example; errors are one line."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from extractor.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_commands_are_documented(name):
    help_text = main.commands[name].help or ""
    assert "Ví dụ:" in help_text and f"extractor {name}" in help_text


def test_cli_schema_prints_json_schema():
    out = CliRunner().invoke(main, ["schema"])
    assert out.exit_code == 0
    assert "deadlines" in json.loads(out.output)["properties"]


def test_cli_extract_missing_file_is_one_line_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(tmp_path / "khong-co.pdf")],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_cli_extract_json_has_contract_fields(tmp_path):
    src = tmp_path / "cv.txt"
    src.write_text("ỦY BAN NHÂN DÂN\nHUYỆN AN PHÚ\nSố: 12/UBND-VP\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(src), "--format", "json"])
    assert out.exit_code == 0, out.output
    rec = json.loads(out.output)
    assert rec["schema_version"] == "1" and rec["text"].startswith("ỦY BAN")
