"""Chunking by structure first, then sentences, within the embedding model's window.

Chunks never cross a section (heading-path) boundary, hold at most ``max_tokens`` tokens
of the model's own tokenizer, overlap the previous chunk by up to ``overlap`` tokens, and
are only ever cut where a human would see a word boundary: at white space, or between
characters of scripts written without spaces (CJK). Every chunk keeps its page range,
heading path and character offsets into the extracted text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from docvec_gui.core.extract.model import Extracted

HEADING_SEPARATOR = " > "
_SENTENCE_END = re.compile(r"[.!?;:]+[\"'”’)\]]*\s+|[。！？；]+[」』”’）]*\s*|\n+")
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff]")


@dataclass(frozen=True)
class ChunkSpan:
    """One chunk: its text and where it came from."""

    index: int
    text: str
    tokens: int
    page: int | None
    page_end: int | None
    heading: str
    start: int
    end: int

    def to_json(self) -> dict:
        return {
            "index": self.index, "text": self.text, "tokens": self.tokens, "page": self.page,
            "page_end": self.page_end, "heading": self.heading, "start": self.start, "end": self.end,
        }


@dataclass
class _Unit:
    start: int
    end: int
    tokens: int
    page: int | None
    heading: tuple[str, ...]


def can_cut(text: str, pos: int) -> bool:
    """True when cutting ``text`` at ``pos`` does not split a word."""
    if pos <= 0 or pos >= len(text):
        return True
    before, after = text[pos - 1], text[pos]
    return before.isspace() or after.isspace() or bool(_CJK.match(before)) or bool(_CJK.match(after))


class Chunker:
    """Splits an :class:`Extracted` document into :class:`ChunkSpan` objects."""

    def __init__(self, tokenizer, max_tokens: int = 200, overlap: int = 30) -> None:
        if not 0 <= overlap < max_tokens:
            raise ValueError("overlap must be smaller than max_tokens")
        self.max_tokens = max_tokens
        self.overlap = overlap
        # Counting must see every token, so this copy neither truncates nor pads.
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_str(tokenizer.to_str())
        self._tok.no_truncation()
        self._tok.no_padding()

    @classmethod
    def from_model_dir(cls, model_dir: Path, max_tokens: int = 200, overlap: int = 30) -> "Chunker":
        from docvec_gui.core.embed import load_tokenizer

        return cls(load_tokenizer(model_dir), max_tokens, overlap)

    def count(self, text: str) -> int:
        return len(self._tok.encode(text, add_special_tokens=False).ids)

    # -- units ---------------------------------------------------------------------------
    def _sentences(self, text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
        pos = start
        for match in _SENTENCE_END.finditer(text, start, end):
            if match.end() > pos:
                yield pos, match.end()
                pos = match.end()
        if pos < end:
            yield pos, end

    def _units(self, doc: Extracted, text: str) -> list[_Unit]:
        spans: list[tuple[int, int, int | None, tuple[str, ...]]] = []
        offset = 0
        for block in doc.blocks:
            block_start, block_end = offset, offset + len(block.text)
            for s, e in self._sentences(text, block_start, block_end):
                if text[s:e].strip():
                    spans.append((s, e, block.page, block.heading))
            offset = block_end + len(Extracted.BLOCK_SEPARATOR)
        units: list[_Unit] = []
        batch = 2048
        for i in range(0, len(spans), batch):
            part = spans[i : i + batch]
            encodings = self._tok.encode_batch([text[s:e] for s, e, _, _ in part], add_special_tokens=False)
            for (s, e, page, heading), enc in zip(part, encodings):
                if len(enc.ids) <= self.max_tokens:
                    units.append(_Unit(s, e, len(enc.ids), page, heading))
                else:
                    for ps, pe, n in self._split(text, s, enc.offsets, self.max_tokens):
                        units.append(_Unit(ps, pe, n, page, heading))
        return units

    def _split(self, text: str, base: int, offsets: list[tuple[int, int]], limit: int):
        """Cut a long span (token ``offsets`` relative to ``base``) into pieces of <= limit tokens."""
        first = 0
        while first < len(offsets):
            last = min(len(offsets), first + limit)
            cut = last
            if last < len(offsets):
                # Back off to the latest token that starts at a word boundary.
                while cut > first + 1 and not can_cut(text, base + offsets[cut][0]):
                    cut -= 1
                if cut == first + 1 and not can_cut(text, base + offsets[cut][0]):
                    cut = last  # one "word" longer than the window: no clean cut exists
            start = base + offsets[first][0]
            end = base + offsets[cut - 1][1] if cut == len(offsets) else base + offsets[cut][0]
            yield start, end, cut - first
            first = cut

    # -- packing -------------------------------------------------------------------------
    def _overlap_start(self, text: str, start: int, end: int, budget: int) -> tuple[int, int]:
        """Where the next chunk should start to repeat <= ``budget`` tokens of [start, end)."""
        if budget <= 0:
            return end, 0
        window_start = max(start, end - budget * 12)
        enc = self._tok.encode(text[window_start:end], add_special_tokens=False)
        offsets = enc.offsets
        for i in range(max(0, len(offsets) - budget), len(offsets)):
            pos = window_start + offsets[i][0]
            if pos > start and can_cut(text, pos):
                return pos, len(offsets) - i
        return end, 0

    def chunk(self, doc: Extracted) -> list[ChunkSpan]:
        text = doc.text
        units = self._units(doc, text)
        chunks: list[ChunkSpan] = []
        current: list[_Unit] = []
        carry_start: int | None = None
        carry_tokens = 0

        def flush() -> None:
            nonlocal current, carry_start, carry_tokens
            if not current:
                return
            start = carry_start if carry_start is not None else current[0].start
            self._emit(chunks, text, start, current[-1].end, current)
            current, carry_start, carry_tokens = [], None, 0

        for unit in units:
            if current and unit.heading != current[-1].heading:
                flush()
            total = carry_tokens + sum(u.tokens for u in current)
            if current and total + unit.tokens > self.max_tokens:
                prev_start = carry_start if carry_start is not None else current[0].start
                prev_end = current[-1].end
                flush()
                budget = min(self.overlap, self.max_tokens - unit.tokens)
                pos, n = self._overlap_start(text, prev_start, prev_end, budget)
                if n:
                    carry_start, carry_tokens = pos, n
            current.append(unit)
        flush()
        return chunks

    def _emit(self, chunks: list[ChunkSpan], text: str, start: int, end: int, units: list[_Unit]) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        enc = self._tok.encode(text[start:end], add_special_tokens=False)
        pieces = [(start, end, len(enc.ids))]
        if len(enc.ids) > self.max_tokens:  # tokenization is not perfectly additive
            pieces = list(self._split(text, start, enc.offsets, self.max_tokens))
        pages = [u.page for u in units if u.page is not None]
        heading = HEADING_SEPARATOR.join(units[0].heading)
        for s, e, n in pieces:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                chunks.append(
                    ChunkSpan(len(chunks), text[s:e], n, pages[0] if pages else None,
                              pages[-1] if pages else None, heading, s, e)
                )
