"""A small tokenizer for SentencePiece Unigram models stored as ``tokenizer.json`` (XLM-R).

HF ``tokenizers`` holds about 280 MB resident for XLM-R's 250,002-piece ``tokenizer.json``
(the multilingual default model's); the same model run by the ``sentencepiece`` library
holds about 45 MB. :func:`load_unigram` rebuilds the SentencePiece model from the JSON
(pieces and scores with the JSON's ids, ``<unk>``, the normalizer's precompiled character
map, the dummy prefix, control tokens), caches the serialized ``.model`` so later starts do
not parse the 17 MB JSON, and wraps it in :class:`UnigramTokenizer`, which answers the part of
the ``tokenizers.Tokenizer`` API that docvec uses with the same ids and character offsets.

What SentencePiece does differently is redone here, to give HF's ids and offsets exactly
(0 differences on the 10.7 M characters of ../shared/testdata's reference texts, HSK,
SciFact and edge cases; see tests/test_unigram.py):
- added tokens (``<s>``, ``<mask>``, ...) typed in the text are matched on the raw text first,
  as HF's added vocabulary does, and each stretch between them is encoded on its own;
- the normalizer's first step (removing control characters) runs in Python, as do the
  characters HF's ``Precompiled`` normalizer loses (see ``_hf_drops``, ``_normalize``), with
  offsets mapped back to the input;
- text is encoded word by word (HF's Metaspace pre-tokenization), so SentencePiece's float32
  score sums stay as small as HF's float64 ones; words where rounding or tie-breaking could
  still differ (over 100 characters, runs like "......") go through a Python port of HF's
  Viterbi search;
- HF collapses runs of spaces after the character map and prepends ``▁`` only when the
  normalized text does not already start with one; SentencePiece (run without its own
  whitespace stripping, which would also drop a trailing ``▁``) always prepends. No piece
  holds ``▁`` except at its start, so the extra ``▁`` pieces are easy to drop.

Anything else (WordPiece, BPE, byte fallback, other normalizers or pre-tokenizers) gets
``None``, and the caller keeps HF ``tokenizers``.
"""
from __future__ import annotations

import base64
import bisect
import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
import struct
import tempfile
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Sequence

log = logging.getLogger(__name__)

# Bump when the cached files' content or meaning changes: old caches are then ignored.
CACHE_FORMAT = 2
SPACE = "\u2581"
# What HF's added vocabulary strips for ``lstrip``/``rstrip`` tokens: Rust's char::is_whitespace.
_WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CHAR_CLASS = re.compile(r"\[[^\[\]]+\]")
_COLLAPSE_SPACES = " {2,}"
# Batches smaller than this are encoded on the calling thread (a pool costs more than it saves).
_PARALLEL_MIN = 64
# Words encoded by HF's algorithm in Python (see _Stretch.risky).
_LONG_WORD = 100
# Conjoining Hangul jamo (decomposed Korean), and a word cut into single jamo and other runs.
_JAMO = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")
_JAMO_OR_RUN = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]|[^\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]+")
_THREADS = max(1, min(4, os.cpu_count() or 1))


class UnsupportedTokenizer(ValueError):
    """The tokenizer.json describes something this module does not reproduce exactly."""


@dataclasses.dataclass(frozen=True)
class _Spec:
    """What the JSON says beyond the SentencePiece model (kept beside the cached .model)."""

    control: str | None  # regex of characters the normalizer removes before the char map
    collapse: bool  # runs of spaces collapse to one after the char map
    space_id: int  # the id of the lone "▁" piece
    prefix: tuple[int, ...]  # ids the post-processor puts before / after a single sequence
    suffix: tuple[int, ...]
    pair_specials: int  # special tokens added to a pair (num_special_tokens_to_add(True))
    added: tuple[tuple[str, int, bool, bool], ...]  # (content, id, lstrip, rstrip)
    separators: str  # characters the character map turns into a single space
    marks: str = ""  # combining marks (categories Mn, Mc, Me): see UnigramTokenizer._hf_drops

    def to_json(self) -> dict:
        return {"format": CACHE_FORMAT, "control": self.control, "collapse": self.collapse,
                "space_id": self.space_id, "prefix": list(self.prefix), "suffix": list(self.suffix),
                "pair_specials": self.pair_specials, "added": [list(a) for a in self.added],
                "separators": self.separators, "marks": self.marks}

    @classmethod
    def from_json(cls, data: dict) -> "_Spec":
        if data.get("format") != CACHE_FORMAT:
            raise ValueError(f"cache format {data.get('format')!r}, expected {CACHE_FORMAT}")
        return cls(data["control"], bool(data["collapse"]), int(data["space_id"]),
                   tuple(data["prefix"]), tuple(data["suffix"]), int(data["pair_specials"]),
                   tuple((str(c), int(i), bool(l), bool(r)) for c, i, l, r in data["added"]),
                   str(data["separators"]), str(data["marks"]))


class UnigramEncoding:
    """One encoded text: ``ids``, and ``offsets`` (character offsets into the input string)
    computed on first use: the embedder never reads them, and they cost more than the ids."""

    __slots__ = ("ids", "_offsets", "_make")

    def __init__(self, ids: list[int], offsets: list[tuple[int, int]] | None = None,
                 make: Callable[[], list[tuple[int, int]]] | None = None) -> None:
        self.ids = ids
        self._offsets = offsets
        self._make = make  # never cleared: another thread may be about to call it

    @property
    def offsets(self) -> list[tuple[int, int]]:
        if self._offsets is None:
            self._offsets = self._make()
        return self._offsets

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"UnigramEncoding(num_tokens={len(self.ids)})"

    def truncate(self, max_length: int, stride: int = 0, direction: str = "right") -> None:
        """Keep ``max_length`` tokens (HF's Encoding.truncate; the overflow is not kept)."""
        if max_length < 0 or len(self.ids) <= max_length:
            return
        keep = slice(len(self.ids) - max_length, None) if direction == "left" else slice(0, max_length)
        self.ids = self.ids[keep]
        if self._offsets is not None:
            self._offsets = self._offsets[keep]
        else:
            make = self._make
            self._make = lambda: make()[keep]


class UnigramTokenizer:
    """The ``tokenizers.Tokenizer`` subset docvec uses, on a SentencePiece processor.

    It never pads or truncates (``padding``/``truncation`` are None). Thread-safe: nothing
    mutable is shared after construction, and SentencePiece's encode is const.
    """

    padding = None
    truncation = None

    def __init__(self, processor, spec: _Spec, source: Path) -> None:
        self._sp = processor
        self._raw = processor._processor  # the C++ object: skips a Python frame per lookup
        self._spec = spec
        self.source = source
        self._control = re.compile(spec.control) if spec.control else None
        self._added = self._added_pattern(spec.added)
        self._added_ids = {content: token_id for content, token_id, _, _ in spec.added}
        self._word = re.compile(f"[^{re.escape(spec.separators)}]+")
        marks = _char_class(spec.marks)
        # A base character and its combining marks, or CR LF: what _hf_drops looks at.
        self._grapheme = re.compile(f"\r\n|[^{marks}\r\n][{marks}]+") if marks else None
        # Marks in and beyond the BMP apart: a class of BMP characters only is a bitmap to re
        # (fast), one with astral ranges a list of ranges tried one by one.
        bmp, astral = (_char_class(c for c in spec.marks if c <= "\uffff"),
                       _char_class(c for c in spec.marks if c > "\uffff"))
        self._mark_bmp = re.compile(f"[{bmp}]") if bmp else None
        self._mark_astral = re.compile(f"[{astral}]") if astral else None
        self._repeat = re.compile(f"([^{_char_class(spec.separators)}])\\1\\1")
        self._unk_id = processor.unk_id()
        self._special_ids = {token_id for _, token_id, _, _ in spec.added} | {self._unk_id}
        # One pass over the pieces, holding none of them (a list of 250k strings is ~20 MB):
        # whether each starts with "▁" (for dropping the spaces HF does not have), the
        # longest piece and the lowest score (HF scores an unknown character min - 10).
        raw = processor._processor
        size = raw.GetPieceSize()
        self._starts_space = starts = bytearray(size)
        longest, lowest = 1, 0.0
        for i in range(size):
            piece = raw.IdToPiece(i)
            if piece.startswith(SPACE):
                starts[i] = 1
            if len(piece) > longest:
                longest = len(piece)
            if i not in self._special_ids:
                lowest = min(lowest, raw.GetScore(i))
        self._max_piece = longest
        self._unk_score = lowest - 10.0
        # Dot leaders and rules ("........", "────") repeat across a document's pages.
        self._viterbi = functools.lru_cache(maxsize=4096)(self._viterbi)

    @staticmethod
    def _added_pattern(added: Sequence[tuple[str, int, bool, bool]]) -> re.Pattern | None:
        # Longest first, so that at one position the longest token wins (HF: leftmost-longest).
        parts = []
        for content, _, lstrip, rstrip in sorted(added, key=lambda a: -len(a[0])):
            parts.append((f"[{_WHITESPACE}]*" if lstrip else "") + f"({re.escape(content)})"
                         + (f"[{_WHITESPACE}]*" if rstrip else ""))
        return re.compile("|".join(parts)) if parts else None

    # -- the tokenizers.Tokenizer API docvec uses -----------------------------------------
    def no_padding(self) -> None:
        """Nothing to do: this tokenizer never pads."""

    def no_truncation(self) -> None:
        """Nothing to do: this tokenizer never truncates."""

    def get_vocab_size(self, with_added_tokens: bool = True) -> int:
        return self._sp.GetPieceSize()

    def token_to_id(self, token: str) -> int | None:
        if token in self._added_ids:
            return self._added_ids[token]
        token_id = self._sp.PieceToId(token)
        # SentencePiece answers unk_id for pieces it does not know; HF answers None.
        return token_id if self._sp.IdToPiece(token_id) == token else None

    def id_to_token(self, token_id: int) -> str | None:
        if 0 <= token_id < self._sp.GetPieceSize():
            return self._sp.IdToPiece(token_id)
        return None

    def num_special_tokens_to_add(self, is_pair: bool) -> int:
        return self._spec.pair_specials if is_pair else len(self._spec.prefix) + len(self._spec.suffix)

    def post_process(self, encoding: UnigramEncoding, pair: UnigramEncoding | None = None,
                     add_special_tokens: bool = True) -> UnigramEncoding:
        """``encoding`` with the model's special tokens around it (offsets (0, 0), as HF's)."""
        if pair is not None:
            raise NotImplementedError("pairs of sequences are not supported")
        if not add_special_tokens:
            return UnigramEncoding(list(encoding.ids), make=lambda: list(encoding.offsets))
        before, after = self._spec.prefix, self._spec.suffix
        return UnigramEncoding([*before, *encoding.ids, *after],
                               make=lambda: [(0, 0)] * len(before) + encoding.offsets + [(0, 0)] * len(after))

    def encode(self, sequence: str, pair: str | None = None, is_pretokenized: bool = False,
               add_special_tokens: bool = True) -> UnigramEncoding:
        if pair is not None:
            raise NotImplementedError("pairs of sequences are not supported")
        return self.encode_batch([sequence], is_pretokenized, add_special_tokens)[0]

    def encode_batch(self, input: Sequence[str], is_pretokenized: bool = False,  # noqa: A002 (HF's name)
                     add_special_tokens: bool = True) -> list[UnigramEncoding]:
        if is_pretokenized:
            raise NotImplementedError("pre-tokenized input is not supported")
        texts = list(input)
        for text in texts:
            if not isinstance(text, str):  # HF raises TypeError too (pairs, bytes, None)
                raise TypeError(f"expected str, got {type(text).__name__}")
        out = []
        for text, (ids, _) in zip(texts, self._encode(texts, with_offsets=False)):
            encoding = UnigramEncoding(ids, make=functools.partial(self._offsets_of, text, len(ids)))
            out.append(self.post_process(encoding) if add_special_tokens else encoding)
        return out

    # -- internals ----------------------------------------------------------------------
    def _offsets_of(self, text: str, count: int) -> list[tuple[int, int]]:
        ids, offsets = self._encode([text], with_offsets=True)[0]
        if len(offsets) != count:  # both passes take the same decisions on the same ids
            raise RuntimeError(f"unigram tokenizer: {count} ids but {len(offsets)} offsets")
        return offsets

    def _encode(self, texts: list[str], with_offsets: bool) -> list[tuple[list[int], list | None]]:
        """(ids, offsets or None) per text. A text is split at the added tokens typed in it,
        then each stretch between them into words; the words of all texts are encoded at once."""
        plans = [self._segments(text) for text in texts]
        stretches = [_Stretch(self, seg) for plan in plans for token_id, seg, _ in plan if token_id is None]
        words = [word for stretch in stretches for word in stretch.words]
        risky = [stretch.risky() for stretch in stretches]
        risky_words: set[int] = set()
        if any(risky):
            first = 0
            for stretch, flags in zip(stretches, risky):
                risky_words.update(first + i for i in flags)
                first += len(stretch.words)
        results = iter(self._encode_words(words, risky_words, with_offsets))
        stretch_iter = iter(stretches)
        out = []
        for plan in plans:
            ids: list[int] = []
            offsets: list[tuple[int, int]] | None = [] if with_offsets else None
            for token_id, segment, start in plan:
                if token_id is not None:  # an added token found in the text
                    ids.append(token_id)
                    if offsets is not None:
                        offsets.append((start, start + len(segment)))
                else:
                    stretch = next(stretch_iter)
                    stretch.assemble([next(results) for _ in stretch.words], ids, offsets, start)
            out.append((ids, offsets))
        return out

    def _segments(self, text: str) -> list[tuple[int | None, str, int]]:
        """(added token id or None, text, start) for each stretch of ``text``."""
        if self._added is None or not any(content in text for content in self._added_ids):
            return [(None, text, 0)]
        plan: list[tuple[int | None, str, int]] = []
        pos = 0
        for match in self._added.finditer(text):
            if match.start() > pos:
                plan.append((None, text[pos:match.start()], pos))
            content = next(g for g in match.groups() if g is not None)
            plan.append((self._added_ids[content], match.group(0), match.start()))
            pos = match.end()
        if pos < len(text) or not plan:
            plan.append((None, text[pos:], pos))
        return plan

    def _encode_words(self, words: list[str], risky: set[int], with_offsets: bool) -> list[tuple]:
        """(ids, offsets, pieces) per word as SentencePiece gives them (its dummy "▁" first);
        offsets and pieces are None unless asked for. The ``risky`` words (indexes), which
        SentencePiece's float32 sums could segment otherwise than HF, go through HF's algorithm."""
        easy = [word for i, word in enumerate(words) if i not in risky] if risky else words
        threads = _THREADS if len(easy) >= _PARALLEL_MIN else 1
        if not easy:
            encoded: list = []
        elif with_offsets:
            encoded = [(r["ids"], r["offsets"], r["pieces"])
                       for r in self._sp.Encode(easy, out_type="offset_mapping", num_threads=threads)]
        else:
            encoded = [(ids, None, None) for ids in self._sp.Encode(easy, out_type=int, num_threads=threads)]
        if not risky:
            return encoded
        easy_iter = iter(encoded)
        return [self._viterbi(word) if i in risky else next(easy_iter) for i, word in enumerate(words)]

    def _viterbi(self, word: str) -> tuple[list[int], list[tuple[int, int]], list[str]]:
        """HF's Unigram ``encode_optimized`` on one word, in float64: the best-scoring
        segmentation, ties to the path found first (pieces tried by start, then length),
        runs of unknown characters fused. Output as SentencePiece's offset mapping (callers
        must not change the lists: results are cached)."""
        piece_to_id, get_score = self._raw.PieceToId, self._raw.GetScore
        norm, where = self._normalize(word)
        size = len(norm)
        unk, special, longest = self._unk_id, self._special_ids, self._max_piece
        best_score = [0.0] * (size + 1)
        best_from = [-1] * (size + 1)
        best_id = [0] * (size + 1)
        for start in range(size):
            if start and best_from[start] < 0:
                continue
            base = best_score[start]
            single = False
            for end in range(start + 1, min(size, start + longest) + 1):
                token_id = piece_to_id(norm[start:end])
                if token_id in special:
                    continue
                score = base + get_score(token_id)
                if best_from[end] < 0 or score > best_score[end]:
                    best_score[end], best_from[end], best_id[end] = score, start, token_id
                single = single or end == start + 1
            if not single:
                score = base + self._unk_score
                if best_from[start + 1] < 0 or score > best_score[start + 1]:
                    best_score[start + 1], best_from[start + 1], best_id[start + 1] = score, start, unk
        spans: list[tuple[int, int, int]] = []
        end = size
        while end > 0:
            start = best_from[end]
            if best_id[end] == unk and spans and spans[-1][2] == unk:
                spans[-1] = (start, spans[-1][1], unk)  # HF fuses runs of unknown characters
            else:
                spans.append((start, end, best_id[end]))
            end = start
        spans.reverse()
        return ([i for _, _, i in spans], [(where[s], where[e]) for s, e, _ in spans],
                [norm[s:e] for s, e, _ in spans])

    def _normalize(self, word: str) -> tuple[str, list[int]]:
        """SentencePiece's normalization of ``word`` (dummy "▁" first) and each normalized
        character's source index (plus the end), except that conjoining Hangul jamo are
        normalized one by one: HF maps a grapheme of 6 UTF-8 bytes or more character by
        character, so it never composes jamo into syllables, and SentencePiece does."""
        if not _JAMO.search(word):
            return self._sp.Normalize(word, with_offsets=True)
        parts, where = [SPACE], [0]
        for match in _JAMO_OR_RUN.finditer(word):
            norm, offsets = self._sp.Normalize(match.group(), with_offsets=True)
            if norm:  # drop SentencePiece's own dummy "▁"
                parts.append(norm[1:])
                where.extend(match.start() + at for at in offsets[1:-1])
        where.append(len(word))
        return "".join(parts), where

    def _deletions(self, text: str) -> tuple[str, list[int] | None]:
        """``text`` without the characters HF's normalizer deletes, and for each kept character
        its index in ``text`` (plus one past the end); None when nothing is deleted."""
        index = None
        if self._control is not None and self._control.search(text):
            keep = [i for i, ch in enumerate(text) if not self._control.match(ch)]
            text, index = "".join(text[i] for i in keep), keep + [len(text)]
        drops = self._hf_drops(text)
        if drops:
            keep = [i for i in range(len(text)) if i not in drops]
            text = "".join(text[i] for i in keep)
            keep.append(len(drops) + len(keep))
            index = keep if index is None else [index[i] for i in keep]
        return text, index

    def _has_marks(self, text: str) -> bool:
        if text.isascii():
            return False
        if self._mark_bmp is not None and self._mark_bmp.search(text):
            return True
        return self._mark_astral is not None and max(text) > "\uffff" and bool(self._mark_astral.search(text))

    def _hf_drops(self, text: str) -> set[int]:
        """Characters HF's ``Precompiled`` normalizer loses and SentencePiece keeps: for a
        grapheme (a base and its combining marks) shorter than 6 UTF-8 bytes, HF looks up the
        shortest prefix the character map knows and replaces the whole grapheme with its
        mapping, so "e\u0301\u0301" becomes "é" and decomposed Vietnamese "e\u0323\u0302"
        becomes "ẹ" (and "\r\n" becomes the space of "\r"). The rest of such a grapheme is
        deleted before SentencePiece sees it."""
        if self._grapheme is None or ("\r\n" not in text and not self._has_marks(text)):
            return set()
        drops: set[int] = set()
        for match in self._grapheme.finditer(text):
            grapheme = match.group()
            if len(grapheme.encode("utf-8")) >= 6:
                continue
            for k in range(1, len(grapheme)):
                prefix = grapheme[:k]
                if self._sp.Normalize(prefix) != SPACE + prefix.replace(" ", SPACE):  # mapped
                    drops.update(range(match.start() + k, match.end()))
                    break
        return drops


class _Stretch:
    """Text between added tokens, encoded word by word.

    Why words: SentencePiece adds up piece scores in float32 from the start of its input,
    so on a 2,000-character text near-ties (1e-4 apart) between segmentations of a word are
    decided by rounding; HF scores each word alone in float64. Encoding each word on its own
    keeps the sums small (as HF's), and is what HF's pre-tokenizer does anyway: a word here
    is a run of characters the normalizer does not turn into a space.
    """

    __slots__ = ("tok", "text", "index", "words", "_spans")

    def __init__(self, tok: UnigramTokenizer, text: str) -> None:
        self.tok = tok
        text, self.index = tok._deletions(text)
        self.text = text
        self.words: list[str] = tok._word.findall(text)
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in self.tok._word.finditer(self.text)]
        return self._spans

    def risky(self) -> list[int]:
        """Indexes of the words SentencePiece's float32 sums could segment otherwise than HF's
        float64 ones: long words, and runs of a repeated character ("......", "────"), whose
        equal-scoring permutations HF breaks by search order and SentencePiece by rounding."""
        words = self.words
        if not words:
            return []
        repeats = [m.start() for m in self.tok._repeat.finditer(self.text)]
        if not repeats and max(map(len, words)) <= _LONG_WORD and (self.text.isascii() or not _JAMO.search(self.text)):
            return []
        risky = {i for i, word in enumerate(words) if len(word) > _LONG_WORD}
        if _JAMO.search(self.text):  # see UnigramTokenizer._normalize
            risky.update(i for i, word in enumerate(words) if _JAMO.search(word))
        if repeats:  # the words holding a run (a run never spans a separator)
            starts = [s for s, _ in self.spans]
            risky.update(bisect.bisect_right(starts, at) - 1 for at in repeats)
        return sorted(risky)

    def ids_only(self, results: list[tuple], ids: list[int]) -> bool:
        """The common case of :meth:`assemble` without offsets, fast: every word gave pieces.
        False (nothing appended) when some word normalized to nothing."""
        if not all(r[0] for r in results):
            return False
        space, starts_space, collapse = self.tok._spec.space_id, self.tok._starts_space, self.tok._spec.collapse
        for w_ids, _, _ in results:
            if w_ids[0] == space and len(w_ids) > 1 and starts_space[w_ids[1]]:
                w_ids = w_ids[1:]  # the word starts with a space of its own: HF adds no "▁"
            if collapse and space in w_ids[1:]:
                last = len(w_ids) - 1
                w_ids = [t for i, t in enumerate(w_ids)
                         if i == 0 or t != space or i == last or not starts_space[w_ids[i + 1]]]
            ids.extend(w_ids)
        text = self.text
        if text and not (self.words and text.endswith(self.words[-1])):  # trailing spaces: one "▁"
            ids.append(space)
        return True

    def _span(self, span: tuple[int, int], piece: str, start: int, compose: bool) -> tuple[int, int]:
        """A piece's span in the word at ``start`` as HF aligns it."""
        s, e = span
        if s == e:  # HF aligns every piece of an expansion ("…" -> "...", "㈱" -> "(株)") with its source
            return s, s + 1
        text = self.text
        if compose and e - s > 1 and unicodedata.combining(text[start + e - 1]) \
                and not unicodedata.combining(piece[-1]):
            # HF's span of a precomposed character ("e\u0301" -> "é") is its base character's.
            while e - s > 1 and unicodedata.combining(text[start + e - 1]):
                e -= 1
        return s, e

    def assemble(self, results: list[tuple], ids: list[int], offsets: list | None, base: int) -> None:
        """Append this stretch's HF ids (and offsets, shifted by ``base``, unless None) to the
        lists, from SentencePiece's ``results`` for its words. Every decision reads ids only,
        so the ids are the same whether offsets are asked for or not."""
        if offsets is None and self.ids_only(results, ids):
            return
        tok, text = self.tok, self.text
        space, starts_space, collapse = tok._spec.space_id, tok._starts_space, tok._spec.collapse
        mine: list[tuple[int, int]] | None = [] if offsets is not None else None
        # HF's offsets leave out combining marks folded into a precomposed character.
        compose = mine is not None and not text.isascii() and not unicodedata.is_normalized("NFC", text)
        pending = -1  # the last separator before the next word (-1: none)
        pos = 0
        for (start, end), (w_ids, w_off, pieces) in zip(self.spans, results):
            if start > pos:
                pending = start - 1  # HF collapses a run of spaces onto its last one
            pos = end
            if not w_ids:
                continue  # normalized to nothing: a separator before it still counts
            first = 1
            if w_ids[0] == space:  # SentencePiece's dummy prefix, alone
                if not (len(w_ids) > 1 and starts_space[w_ids[1]]):  # else HF adds no "▁" here
                    ids.append(space)
                    if mine is not None:  # HF: the separator's span, or the first character's
                        at = pending if pending >= 0 else start + (w_off[1][0] if len(w_ids) > 1 else 0)
                        mine.append((at, at + 1))
            elif pending >= 0:  # the dummy merged into the first piece stands for the separator
                ids.append(w_ids[0])
                if mine is not None:
                    mine.append((pending, start + self._span(w_off[0], pieces[0], start, compose)[1]))
            else:
                first = 0
            pending = -1
            last = len(w_ids) - 1
            for i in range(first, last + 1):
                token_id = w_ids[i]
                if token_id == space and collapse and i < last and starts_space[w_ids[i + 1]]:
                    continue  # spaces from the word's own normalization (e.g. "˜" -> " ̃")
                ids.append(token_id)
                if mine is None:
                    continue
                s, e = self._span(w_off[i], pieces[i], start, compose)
                mine.append((start + s, start + e))
        if pos < len(text):
            pending = len(text) - 1
        if pending >= 0:  # trailing spaces: one "▁"
            ids.append(space)
            if mine is not None:
                mine.append((pending, pending + 1))
        if mine is None:
            return
        if self.index is not None:
            index = self.index
            mine = [(index[s], index[e - 1] + 1 if e > s else index[s]) for s, e in mine]
        offsets.extend([(s + base, e + base) for s, e in mine] if base else mine)


# -- building the SentencePiece model from tokenizer.json ------------------------------------

def _varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _int_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


# sentencepiece_model.proto: SentencePiece.Type and TrainerSpec.ModelType values.
_NORMAL, _UNKNOWN, _CONTROL = 1, 2, 3
_UNIGRAM = 1


def _model_proto(vocab: Sequence[Sequence], unk_id: int, control_ids: set[int], charsmap: bytes) -> bytes:
    """A serialized ``sentencepiece.ModelProto`` (hand-written: protobuf is not needed)."""
    out = bytearray()
    pack = struct.Struct("<f").pack
    for token_id, (piece, score) in enumerate(vocab):
        kind = _UNKNOWN if token_id == unk_id else _CONTROL if token_id in control_ids else _NORMAL
        raw = piece.encode("utf-8")
        body = b"\x0a" + _varint(len(raw)) + raw + b"\x15" + pack(score) + b"\x18" + bytes((kind,))
        out += b"\x0a" + _varint(len(body)) + body
    trainer = _int_field(3, _UNIGRAM) + _int_field(4, len(vocab)) + _int_field(40, unk_id) \
        + _int_field(41, -1) + _int_field(42, -1) + _int_field(43, -1)
    out += _field(2, trainer)
    # add_dummy_prefix on, remove_extra_whitespaces off (see the module doc), escape spaces on.
    normalizer = _field(1, b"docvec") + _field(2, charsmap) + _int_field(3, 1) + _int_field(4, 0) \
        + _int_field(5, 1)
    out += _field(3, normalizer)
    return bytes(out)


def _normalizer_parts(normalizer: dict | None) -> tuple[str | None, str, bool]:
    """(control-char regex, precompiled charsmap, collapse) of a supported normalizer."""
    steps = normalizer.get("normalizers", []) if normalizer and normalizer.get("type") == "Sequence" \
        else [normalizer] if normalizer else []
    control, charsmap, collapse = None, None, False
    for step in steps:
        kind = step.get("type")
        pattern = step.get("pattern") or {}
        if kind == "Replace" and charsmap is None and step.get("content") == "" \
                and _CHAR_CLASS.fullmatch(pattern.get("Regex", "")) and control is None:
            control = pattern["Regex"]
        elif kind == "Precompiled" and charsmap is None and step.get("precompiled_charsmap"):
            charsmap = step["precompiled_charsmap"]
        elif kind == "Replace" and charsmap is not None and not collapse \
                and pattern.get("Regex") == _COLLAPSE_SPACES and step.get("content") == " ":
            collapse = True
        else:
            raise UnsupportedTokenizer(f"normalizer step {json.dumps(step)[:120]}")
    if charsmap is None:
        raise UnsupportedTokenizer("no precompiled character map")
    re.compile(control or "x")  # a pattern Python cannot read is unsupported, not a crash later
    return control, charsmap, collapse


def _check_pre_tokenizer(pre: dict | None) -> None:
    ok = bool(pre) and pre.get("type") == "Metaspace" and pre.get("replacement") == SPACE \
        and pre.get("split", True) is True \
        and (pre.get("prepend_scheme") == "always"
             or (pre.get("prepend_scheme") is None and pre.get("add_prefix_space", True) is True))
    if not ok:
        raise UnsupportedTokenizer(f"pre-tokenizer {json.dumps(pre)[:120]}")


def _post_processor(post: dict | None, ids: dict[str, int]) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """(prefix ids, suffix ids, specials added to a pair) of the post-processor."""
    if post is None:
        return (), (), 0
    if post.get("type") == "RobertaProcessing":
        cls_id, sep_id = post["cls"][1], post["sep"][1]
        return (cls_id,), (sep_id,), 4
    if post.get("type") != "TemplateProcessing":
        raise UnsupportedTokenizer(f"post-processor {post.get('type')}")
    specials = post.get("special_tokens", {})

    def ids_of(item: dict) -> tuple[int, ...]:
        return tuple(specials[item["SpecialToken"]["id"]]["ids"])

    prefix: list[int] = []
    suffix: list[int] = []
    seen_sequence = False
    for item in post["single"]:
        if "Sequence" in item:
            seen_sequence = True
        else:
            (suffix if seen_sequence else prefix).extend(ids_of(item))
    pair = sum(len(ids_of(item)) for item in post.get("pair", []) if "SpecialToken" in item)
    return tuple(prefix), tuple(suffix), pair


def build_model(data: dict) -> tuple[bytes, _Spec]:
    """The SentencePiece model and the rest of the spec for a parsed tokenizer.json.
    Raises :class:`UnsupportedTokenizer` for anything not reproduced exactly."""
    model = data.get("model") or {}
    if model.get("type") != "Unigram":
        raise UnsupportedTokenizer(f"model type {model.get('type')}")
    if model.get("byte_fallback") or model.get("unk_id") is None:
        raise UnsupportedTokenizer("byte fallback, or no unknown token")
    vocab = model["vocab"]
    unk_id = int(model["unk_id"])
    control, charsmap, collapse = _normalizer_parts(data.get("normalizer"))
    _check_pre_tokenizer(data.get("pre_tokenizer"))
    added = []
    for token in data.get("added_tokens", []):
        token_id, content = int(token["id"]), token["content"]
        if token.get("normalized") or token.get("single_word") or token_id >= len(vocab) \
                or vocab[token_id][0] != content:
            raise UnsupportedTokenizer(f"added token {content!r}")
        added.append((content, token_id, bool(token.get("lstrip")), bool(token.get("rstrip"))))
    wanted = {SPACE} | {content for content, _, _, _ in added}
    ids = {piece: i for i, (piece, _) in enumerate(vocab) if piece in wanted}
    if SPACE not in ids:
        raise UnsupportedTokenizer("no lone '▁' piece")
    if any(SPACE in piece[1:] for piece, _ in vocab):
        raise UnsupportedTokenizer("a piece holds '▁' after its start")  # breaks the space rule
    prefix, suffix, pair = _post_processor(data.get("post_processor"), ids)
    control_ids = {token_id for _, token_id, _, _ in added if token_id != unk_id}
    proto = _model_proto(vocab, unk_id, control_ids, base64.b64decode(charsmap))
    spec = _Spec(control, collapse, ids[SPACE], prefix, suffix, pair, tuple(added), separators="")
    return proto, spec


def _char_class(chars: Iterable[str]) -> str:
    """The inside of a regex character class matching ``chars``, as ranges (a class of
    thousands of single characters makes every search slow)."""
    codes = sorted(set(map(ord, chars)))
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


def _marks() -> str:
    return "".join(chr(c) for c in range(0x110000)
                   if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))


def _separators(processor) -> str:
    """The characters the model's normalizer turns into exactly one space (where HF's
    Metaspace pre-tokenizer splits words), found by asking SentencePiece about every
    character that could be one."""
    found = []
    for code in range(0x110000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if not (ch.isspace() or ch == SPACE or unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf")
                or unicodedata.normalize("NFKC", ch).isspace()):
            continue
        if processor.Normalize(f"a{ch}b") == f"{SPACE}a{SPACE}b":
            found.append(ch)
    if " " not in found:
        raise UnsupportedTokenizer("the normalizer does not keep spaces")
    return "".join(found)


# -- loading, with a cache -------------------------------------------------------------------

def _cache_key(path: Path) -> str:
    stat = path.stat()
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return f"{digest.hexdigest()[:32]}-{stat.st_size}-{stat.st_mtime_ns}-v{CACHE_FORMAT}"


def _read_cache(cache_dir: Path, key: str) -> tuple[bytes, _Spec] | None:
    model_path, spec_path = cache_dir / f"{key}.model", cache_dir / f"{key}.json"
    try:
        spec = _Spec.from_json(json.loads(spec_path.read_text(encoding="utf-8")))
        return model_path.read_bytes(), spec
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable tokenizer cache %s: %s", spec_path, exc)
        return None


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_cache(cache_dir: Path, key: str, proto: bytes, spec: _Spec) -> None:
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_atomic(cache_dir / f"{key}.model", proto)
        # The spec last: its presence means the model next to it is complete.
        _write_atomic(cache_dir / f"{key}.json", json.dumps(spec.to_json()).encode("utf-8"))
    except OSError as exc:  # a read-only cache costs a slower start, nothing else
        log.warning("cannot cache the tokenizer model in %s: %s", cache_dir, exc)


def load_unigram(tokenizer_json: Path, cache_dir: Path | None) -> UnigramTokenizer | None:
    """A :class:`UnigramTokenizer` for ``tokenizer_json``, or None when that file is not a
    Unigram model this module reproduces exactly (then use HF ``tokenizers``).

    The built SentencePiece model is kept in ``cache_dir`` (None: no cache), keyed by the
    JSON's content hash, size and mtime. Raises OSError when the file cannot be read and
    ValueError when it is not JSON."""
    try:
        import sentencepiece
    except ImportError as exc:  # an environment built before it was a dependency
        log.warning("sentencepiece is not installed (%s): the tokenizer of %s runs on HF tokenizers",
                    exc, tokenizer_json)
        return None

    path = Path(tokenizer_json)
    key = _cache_key(path)
    cached = _read_cache(cache_dir, key) if cache_dir is not None else None
    if cached is None:
        with open(path, "rb") as fh:
            data = json.load(fh)
        try:
            proto, spec = build_model(data)
        except UnsupportedTokenizer as exc:
            log.info("%s: not a SentencePiece Unigram model docvec can run itself (%s)", path, exc)
            return None
        finally:
            del data  # the parsed JSON is ~100 MB of Python objects: free it before loading
    else:
        proto, spec = cached
    processor = sentencepiece.SentencePieceProcessor()
    try:
        processor.LoadFromSerializedProto(proto)
        if cached is None:
            spec = dataclasses.replace(spec, separators=_separators(processor), marks=_marks())
    except UnsupportedTokenizer as exc:
        log.info("%s: not a SentencePiece Unigram model docvec can run itself (%s)", path, exc)
        return None
    except (RuntimeError, OSError, ValueError) as exc:
        if cached is None:
            log.warning("sentencepiece rejected the model built from %s (%s); using HF tokenizers",
                        path, exc)
            return None
        log.warning("cached tokenizer model for %s is unusable (%s); rebuilding", path, exc)
        for suffix in (".json", ".model"):
            (cache_dir / f"{key}{suffix}").unlink(missing_ok=True)
        return load_unigram(path, cache_dir)
    if cached is None and cache_dir is not None:
        _write_cache(cache_dir, key, proto, spec)
    return UnigramTokenizer(processor, spec, path)
