"""Markdown: ATX and setext headings give the heading path; code blocks, lists and pipe
tables become their own blocks; inline markup (emphasis, links, images) is reduced to text."""
from __future__ import annotations

import re
from pathlib import Path

from docvec_gui.core.extract.model import BlockBuilder, Extracted
from docvec_gui.core.extract.text import read_text

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),
]


def inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def _table_row(line: str) -> str:
    cells = [inline(c.strip()) for c in line.strip().strip("|").split("|")]
    return "\t".join(cells)


def markdown_blocks(text: str, out: BlockBuilder) -> None:
    lines = text.splitlines()
    para: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            out.add(inline(" ".join(s.strip() for s in para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker, code = fence.group(1), []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                code.append(lines[i])
                i += 1
            out.add("\n".join(code), "code")
        elif _ATX.match(line):
            flush()
            match = _ATX.match(line)
            out.heading(inline(match.group(2)), len(match.group(1)))
        elif para and _SETEXT.match(line) and not _LIST.match(para[-1]):
            heading = " ".join(para)
            para.clear()
            out.heading(inline(heading), 1 if line.strip().startswith("=") else 2)
        elif "|" in line and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
            flush()
            out.add(_table_row(line), "table_row")
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                out.add(_table_row(lines[i]), "table_row")
                i += 1
            continue
        elif not line.strip():
            flush()
        elif _LIST.match(line):
            flush()
            para.append(_LIST.sub("", line))
            out.add(inline(para.pop()), "list_item")
        else:
            para.append(line.lstrip(">").strip() if line.lstrip().startswith(">") else line)
        i += 1
    flush()


def extract_markdown(path: Path) -> Extracted:
    text, _ = read_text(path)
    out = BlockBuilder()
    markdown_blocks(text, out)
    title = next((b.text for b in out.blocks if b.kind == "heading"), None)
    return Extracted("markdown", out.blocks, title=title)
