"""Traditional and simplified Chinese characters made one for keyword search.

The keyword index and the query both go through :func:`fold`, which maps every traditional
character to its simplified form one character for one (OpenCC's ``TSCharacters`` table,
shipped by the ``opencc-python-reimplemented`` package, Apache-2.0). So 漢語 finds 汉语 and
汉语 finds 漢語. Character for character, never phrase for phrase, so the folded text has the
same length as the original: highlight offsets computed on it hold for the original text.

Simplified text is unchanged, and so is every non-Chinese character.
"""
from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

# OpenCC's character table: "traditional<TAB>simplified [alternatives]" per line.
_TABLE_FILE = ("dictionary", "TSCharacters.txt")
# Every traditional character of the table lies in these blocks (CJK Unified Ideographs and
# Extension A; a few in the compatibility block).
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from importlib import resources

    from docvec_gui.core.db import CJK_RE

    try:
        source = resources.files("opencc").joinpath(*_TABLE_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError) as exc:
        # Search still works, only traditional and simplified forms stop matching each other.
        log.error("traditional/simplified Chinese table unavailable (opencc-python-reimplemented): %s", exc)
        return {}
    table: dict[int, str] = {}
    for line in source.splitlines():
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ")[0] if simplified else ""
        # One character for one, both Chinese: folding must keep lengths and the CJK tokenising.
        if len(traditional) == 1 and len(first) == 1 and first != traditional and CJK_RE.match(first):
            table[ord(traditional)] = first
    return table


def fold(text: str) -> str:
    """``text`` with traditional Chinese characters replaced by their simplified forms
    (same length, everything else unchanged)."""
    # Most text holds no Chinese at all: one regex scan (C speed) spares the per-character lookup.
    return text.translate(_table()) if _HAN_RE.search(text) else text


def table_size() -> int:
    """How many traditional characters :func:`fold` maps (0 when the table is missing)."""
    return len(_table())
