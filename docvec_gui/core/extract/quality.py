"""Measures of extracted-text quality (decoding failures show up as U+FFFD or private-use)."""
from __future__ import annotations


def _is_garbage(ch: str) -> bool:
    code = ord(ch)
    return ch == "\ufffd" or 0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0x10FFFF


def garbage_share(text: str) -> float:
    """Share of non-space characters that are replacement or private-use characters."""
    total = 0
    bad = 0
    for ch in text:
        if ch.isspace():
            continue
        total += 1
        if _is_garbage(ch):
            bad += 1
    return bad / total if total else 0.0
