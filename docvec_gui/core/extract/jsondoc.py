"""JSON and NDJSON: string and number values as ``path: value`` lines, one block per
top-level record, so a record's fields stay together in one chunk where they fit."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from docvec_gui.core.extract.model import Block, ExtractionError, Extracted
from docvec_gui.core.extract.text import read_text, text_blocks

MAX_DEPTH = 64


def _flatten(value: Any, path: str, depth: int = 0) -> Iterator[str]:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item, path, depth + 1)
    elif value is None or isinstance(value, bool):
        return
    else:
        text = str(value).strip()
        if text:
            yield f"{path}: {text}" if path else text


def _record_blocks(value: Any) -> list[Block]:
    records = value if isinstance(value, list) else [value]
    blocks = []
    for number, record in enumerate(records):
        lines = list(_flatten(record, ""))
        if lines:
            blocks.append(Block("\n".join(lines), None, (), "paragraph"))
    return blocks


def extract_json(path: Path, fmt: str) -> Extracted:
    text, _ = read_text(path)
    doc = Extracted(fmt)
    if fmt == "ndjson":
        for line in text.split("\n"):
            if not line.strip():
                continue
            try:
                doc.blocks.extend(_record_blocks(json.loads(line)))
            except (ValueError, RecursionError):
                doc.blocks.append(Block(line.strip()))
        return doc
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise ExtractionError("corrupt", "the JSON nests too deeply") from exc
    except ValueError:
        # Not valid JSON after all (or JSON with comments): index it as text.
        doc.blocks = text_blocks(text)
        doc.warnings.append("the file is not valid JSON; indexed as plain text")
        return doc
    doc.blocks = _record_blocks(value)
    return doc
