"""Take Markdown/HTML wrappers off a text so that they never leak into values.

Crawled documents often arrive as Markdown written by whoever converted them: YAML front matter,
`<div>` notes, `**bold**`/`*italic*`, `#` headings, `\\-` escapes, and the document's header and
signature blocks as Markdown tables whose cells hold "-------" rules. The text we keep is what a
reader of the printed page would see:

- front matter and HTML tags are removed (the text inside tags is kept), entities unescaped;
- emphasis markers, heading hashes, link syntax and backslash escapes are removed;
- a table row becomes one line. Two-column rows are the side-by-side blocks of an official
  document (issuer | motto, number | place and date, recipients | signer), so their two cells are
  joined by three spaces, the same convention the PDF reader uses for two halves of a visual line.
  Rows of wider tables (task tables) keep their cells apart with " | ". Alignment rows (|---|---|)
  and decorative rules inside cells ("-------") are dropped.

>>> strip_markup("| **SỞ A** ------- | CỘNG HÒA |\\n|---|---|\\n# KẾ HOẠCH")
'SỞ A   CỘNG HÒA\\n\\nKẾ HOẠCH'
"""
from __future__ import annotations

import html
import re

CELL_SEP = " | "
HALF_SEP = "   "

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(?:[A-Za-z_][\w-]*:.*\n|[ \t]*-.*\n|[ \t]+.*\n|\s*\n)*?---[ \t]*\n")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_ALIGN_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE_IN_CELL = re.compile(r"(?:^|\s)[-_–—=]{3,}(?=\s|$)")
_HR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_BULLET_STAR = re.compile(r"^([ \t]*)\*[ \t]+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")


def looks_like_markup(text: str) -> bool:
    """Whether a text carries Markdown/HTML wrappers worth taking off.

    >>> looks_like_markup("Kính gửi: Sở Y tế"), looks_like_markup("**Kính gửi:** Sở Y tế")
    (False, True)
    """
    head = text[:20000]
    return bool(_FRONT_MATTER.match(head) or _TAG.search(head) or _BOLD.search(head)
                or re.search(r"(?m)^\s*\|.*\|\s*$", head) or re.search(r"(?m)^#{1,6} ", head)
                or re.search(r"(?m)^[^|\n]+ \| [^|\n]+\|\s*$", head))


def _table_row(line: str) -> str | None:
    stripped = line.strip()
    if stripped.count("|") < 1:
        return None
    is_row = (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1) or (
        stripped.endswith("|") and " | " in stripped)
    if not is_row:
        return None
    body = stripped[1:] if stripped.startswith("|") else stripped
    body = body[:-1] if body.endswith("|") else body
    cells = [_RULE_IN_CELL.sub(" ", c).strip() for c in re.split(r"(?<!\\)\|", body)]
    filled = [c for c in cells if c]
    if len(cells) <= 2:
        return HALF_SEP.join(filled)
    return CELL_SEP.join(cells)


def strip_markup(text: str) -> str:
    """The text without Markdown/HTML wrappers (see the module docstring for what goes).

    >>> strip_markup("*Số: 12/KH-UBND*\\n**Kính gửi:** các xã")
    'Số: 12/KH-UBND\\nKính gửi: các xã'
    """
    text = _FRONT_MATTER.sub("", text, count=1)
    text = _TAG.sub("", text)
    out = []
    for line in text.split("\n"):
        if _ALIGN_ROW.match(line) and "|" in line:
            out.append("")
            continue
        if _HR.match(line):
            out.append("")
            continue
        row = _table_row(line)
        if row is not None:
            line = row
        line = _HEADING.sub("", line)
        line = _QUOTE.sub("", line)
        line = _BULLET_STAR.sub(r"\1- ", line)
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _BOLD.sub(r"\1", line)
        line = _ITALIC.sub(r"\1", line)
        line = _ESCAPE.sub(r"\1", line)
        out.append(line.rstrip())
    text = html.unescape("\n".join(out))
    # Removing a note <div> leaves a stack of blank lines; three newlines are enough for any reader.
    return re.sub(r"\n{4,}", "\n\n\n", text).lstrip("\n")
