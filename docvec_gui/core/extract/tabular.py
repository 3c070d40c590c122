"""CSV and TSV: the decoded lines, grouped into blocks of rows. The header row is kept
with every block so each chunk still says what its columns mean."""
from __future__ import annotations

import csv
from pathlib import Path

from docvec_gui.core.extract.model import Block, Extracted
from docvec_gui.core.extract.text import read_text

ROWS_PER_BLOCK = 1


def extract_delimited(path: Path, fmt: str) -> Extracted:
    text, _ = read_text(path)
    lines = [line for line in text.split("\n") if line.strip()]
    doc = Extracted(fmt)
    if not lines:
        return doc
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if fmt == "tsv" else ","
    header = lines[0]
    heading = (" | ".join(c.strip() for c in header.split(delimiter))[:200],)
    doc.blocks.append(Block(header, None, (), "table_row"))
    for line in lines[1:]:
        doc.blocks.append(Block(line, None, heading, "table_row"))
    return doc
