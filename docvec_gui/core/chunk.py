"""Chunking by structure first, then sentences, within the embedding model's window.

Chunks never cross a section (heading-path) boundary, hold at most ``max_tokens`` tokens
of the model's own tokenizer, overlap the previous chunk by up to ``overlap`` tokens, and
are only ever cut where a human would see a word boundary: at white space, or between
characters of scripts written without spaces (CJK). Every chunk keeps its page range,
heading path and character offsets into the extracted text, and says whether any of its text
(its overlap included) was read by OCR (``ocr``), so that search results can say so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from docvec_gui.core.extract.model import Block, Extracted

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
    ocr: bool = False

    def to_json(self) -> dict:
        return {
            "index": self.index, "text": self.text, "tokens": self.tokens, "page": self.page,
            "page_end": self.page_end, "heading": self.heading, "start": self.start, "end": self.end,
            "ocr": self.ocr,
        }


@dataclass
class _Unit:
    start: int
    end: int
    tokens: int
    page: int | None
    heading: tuple[str, ...]
    ocr: bool = False


def can_cut(text: str, pos: int) -> bool:
    """True when cutting ``text`` at ``pos`` does not split a word."""
    if pos <= 0 or pos >= len(text):
        return True
    before, after = text[pos - 1], text[pos]
    return before.isspace() or after.isspace() or bool(_CJK.match(before)) or bool(_CJK.match(after))


class _Window:
    """The part of a document's joined text still needed, addressed by global offsets.

    Chunking streams through a document: text is appended block by block and dropped once
    no chunk can reach back to it, so memory holds a window, never the whole text.
    """

    def __init__(self) -> None:
        self._buf = ""
        self._parts: list[str] = []  # appended, not yet joined (joining per block is quadratic)
        self.base = 0  # global offset of buf[0]
        self._end = 0

    @property
    def buf(self) -> str:
        if self._parts:
            self._buf = "".join([self._buf, *self._parts])
            self._parts = []
        return self._buf

    def __len__(self) -> int:
        return self._end

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.buf[key.start - self.base:key.stop - self.base]
        return self.buf[key - self.base]

    def append(self, text: str) -> None:
        self._parts.append(text)
        self._end += len(text)

    def drop_before(self, position: int) -> None:
        if position > self.base:
            self._buf = self.buf[position - self.base:]
            self.base = position


class Chunker:
    """Splits a document's blocks into :class:`ChunkSpan` objects, streaming."""

    # Characters of blocks tokenized together; bounds memory, not the result (any window
    # size gives the same chunks).
    WINDOW_CHARS = 200_000

    def __init__(self, tokenizer, max_tokens: int = 200, overlap: int = 30,
                 window_chars: int | None = None) -> None:
        if not 0 <= overlap < max_tokens:
            raise ValueError("overlap must be smaller than max_tokens")
        self.max_tokens = max_tokens
        self.overlap = overlap
        self.window_chars = window_chars or self.WINDOW_CHARS
        # Counting must see every token: a tokenizer that truncates or pads is copied without
        # (load_tokenizer's shared one does neither, and is used as it is).
        if tokenizer.truncation is not None or tokenizer.padding is not None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_str(tokenizer.to_str())
            tokenizer.no_truncation()
            tokenizer.no_padding()
        self._tok = tokenizer

    @classmethod
    def from_model_dir(cls, model_dir: Path, max_tokens: int = 200, overlap: int = 30) -> "Chunker":
        from docvec_gui.core.embed import load_tokenizer

        return cls(load_tokenizer(model_dir), max_tokens, overlap)

    def count(self, text: str) -> int:
        return len(self._tok.encode(text, add_special_tokens=False).ids)

    # -- units ---------------------------------------------------------------------------
    def _sentences(self, text: _Window, start: int, end: int) -> Iterable[tuple[int, int]]:
        pos = start
        base = text.base
        for match in _SENTENCE_END.finditer(text.buf, start - base, end - base):
            if match.end() + base > pos:
                yield pos, match.end() + base
                pos = match.end() + base
        if pos < end:
            yield pos, end

    def _units(self, text: _Window, blocks: list[tuple[int, Block]]) -> list[_Unit]:
        """Sentence units (at most ``max_tokens`` each) of ``blocks``, given by global start."""
        spans: list[tuple[int, int, Block]] = []
        for block_start, block in blocks:
            for s, e in self._sentences(text, block_start, block_start + len(block.text)):
                if text[s:e].strip():
                    spans.append((s, e, block))
        units: list[_Unit] = []
        batch = 2048
        for i in range(0, len(spans), batch):
            part = spans[i : i + batch]
            encodings = self._tok.encode_batch([text[s:e] for s, e, _ in part], add_special_tokens=False)
            for (s, e, block), enc in zip(part, encodings):
                if len(enc.ids) <= self.max_tokens:
                    units.append(_Unit(s, e, len(enc.ids), block.page, block.heading, block.ocr))
                else:
                    for ps, pe, n in self._split(text, s, enc.offsets, self.max_tokens):
                        units.append(_Unit(ps, pe, n, block.page, block.heading, block.ocr))
        return units

    def _split(self, text, base: int, offsets: list[tuple[int, int]], limit: int):
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
    def _overlap_start(self, text: _Window, start: int, end: int, budget: int) -> tuple[int, int]:
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
        return list(self.stream(doc.blocks))

    def stream(self, blocks: Iterable[Block]) -> Iterator[ChunkSpan]:
        """Chunks of the blocks, in order, holding about ``window_chars`` of text at a time."""
        packer = _Packer(self)
        text = packer.text
        window: list[tuple[int, Block]] = []
        pending = 0
        first = True
        for block in blocks:
            if not first:  # as Extracted.text joins them, empty blocks included
                text.append(Extracted.BLOCK_SEPARATOR)
            first = False
            window.append((len(text), block))
            text.append(block.text)
            pending += len(block.text)
            if pending >= self.window_chars:
                yield from packer.pack(self._units(text, window))
                window, pending = [], 0
        if window:
            yield from packer.pack(self._units(text, window))
        yield from packer.finish()

    def _emit(self, index: int, text: _Window, start: int, end: int, units: list[_Unit],
              ocr: bool = False) -> Iterator[ChunkSpan]:
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
        ocr = ocr or any(u.ocr for u in units)
        for s, e, n in pieces:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                yield ChunkSpan(index, text[s:e], n, pages[0] if pages else None,
                                pages[-1] if pages else None, heading, s, e, ocr)
                index += 1


class _Packer:
    """Packs sentence units into chunks: never across a heading path, at most ``max_tokens``
    each, each repeating up to ``overlap`` tokens of the one before."""

    def __init__(self, chunker: Chunker) -> None:
        self.chunker = chunker
        self.text = _Window()
        self.current: list[_Unit] = []
        self.carry_start: int | None = None
        self.carry_tokens = 0
        self.carry_ocr = False  # the overlap repeated from the chunk before holds OCR text
        self.emitted = 0

    def _flush(self) -> Iterator[ChunkSpan]:
        if not self.current:
            return
        start = self.carry_start if self.carry_start is not None else self.current[0].start
        for chunk in self.chunker._emit(self.emitted, self.text, start, self.current[-1].end, self.current,
                                        self.carry_ocr):
            self.emitted += 1
            yield chunk
        self.current, self.carry_start, self.carry_tokens, self.carry_ocr = [], None, 0, False

    def pack(self, units: list[_Unit]) -> Iterator[ChunkSpan]:
        chunker = self.chunker
        for unit in units:
            if self.current and unit.heading != self.current[-1].heading:
                yield from self._flush()
            total = self.carry_tokens + sum(u.tokens for u in self.current)
            if self.current and total + unit.tokens > chunker.max_tokens:
                prev_start = self.carry_start if self.carry_start is not None else self.current[0].start
                prev_end = self.current[-1].end
                previous = self.current
                yield from self._flush()
                budget = min(chunker.overlap, chunker.max_tokens - unit.tokens)
                pos, n = chunker._overlap_start(self.text, prev_start, prev_end, budget)
                if n:
                    self.carry_start, self.carry_tokens = pos, n
                    self.carry_ocr = any(u.ocr for u in previous if u.end > pos)
            self.current.append(unit)
        # Nothing before the chunk being built (or its overlap) is read again.
        keep = self.carry_start if self.carry_start is not None else (
            self.current[0].start if self.current else len(self.text))
        self.text.drop_before(keep)

    def finish(self) -> Iterator[ChunkSpan]:
        yield from self._flush()
