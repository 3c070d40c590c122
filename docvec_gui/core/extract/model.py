"""What extraction returns: text with structure, plus metadata, or a typed error."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from docvec_gui.core.errors import DocvecError
from docvec_gui.core.vocabulary import EXTRACTION_KINDS

# Error kinds a file's extraction can end in, as plain strings (they cross process boundaries
# as JSON). Anything else is a bug in an extractor. "crashed" is only concluded by the sandbox,
# after the extraction child died twice on the file, the second time running alone.
ERROR_KINDS: tuple[str, ...] = tuple(str(kind) for kind in EXTRACTION_KINDS)
# Kinds that retrying cannot fix.
PERMANENT_KINDS = frozenset(ERROR_KINDS)


class ExtractionError(DocvecError):
    """A document could not be read; ``kind`` is one of :data:`ERROR_KINDS`."""

    kind = "corrupt"

    def __init__(self, kind: str, message: str) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown extraction error kind {kind!r}")
        super().__init__(message, kind)


class OcrUnavailable(DocvecError):
    """The OCR engine could not be loaded (a package or model file missing or damaged, the
    runtime refusing it): a fault of the app, never a verdict on the document being read.
    The app retries the document later like any transient fault (``ingest.py``)."""

    kind = "failed"


@dataclass
class Block:
    """One structural unit: a paragraph, heading, list item, table row or page text."""

    text: str
    page: int | None = None
    heading: tuple[str, ...] = ()
    kind: str = "paragraph"  # paragraph | heading | table_row | list_item | code
    ocr: bool = False  # read by OCR from an image, not from a text layer (search results say so)

    def to_json(self) -> dict[str, Any]:
        data = {"text": self.text, "page": self.page, "heading": list(self.heading), "kind": self.kind}
        if self.ocr:
            data["ocr"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Block":
        return cls(data["text"], data.get("page"), tuple(data.get("heading") or ()), data.get("kind", "paragraph"),
                   bool(data.get("ocr", False)))


@dataclass
class Extracted:
    """A document's text as ordered blocks, with metadata and any quality warnings."""

    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    page_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    # Blocks already sent on while the document was read (``streaming.py``), not in ``blocks``.
    sent: int = field(default=0, compare=False)

    BLOCK_SEPARATOR = "\n\n"

    @property
    def text(self) -> str:
        return self.BLOCK_SEPARATOR.join(b.text for b in self.blocks)

    @property
    def chars(self) -> int:
        """Length of :attr:`text`, without building it when the blocks are spooled."""
        spooled = getattr(self.blocks, "chars", None)
        if spooled is not None:
            return spooled
        return sum(len(b.text) for b in self.blocks) + len(self.BLOCK_SEPARATOR) * max(0, len(self.blocks) - 1)

    def close(self) -> None:
        """Release spooled blocks (a no-op for blocks in memory)."""
        close = getattr(self.blocks, "close", None)
        if close is not None:
            close()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["sent"]  # the receiver counted them itself
        data["blocks"] = [b.to_json() for b in self.blocks]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Extracted":
        blocks = [Block.from_json(b) for b in data.get("blocks", [])]
        return cls(
            format=data["format"],
            blocks=blocks,
            title=data.get("title"),
            author=data.get("author"),
            page_count=data.get("page_count"),
            warnings=list(data.get("warnings") or []),
        )


class BlockBuilder:
    """Collects blocks while tracking the heading path, so extractors stay short."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._headings: list[tuple[int, str]] = []
        self.page: int | None = None

    @property
    def heading_path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self._headings)

    def heading(self, text: str, level: int) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self._headings = [(lvl, t) for lvl, t in self._headings if lvl < level]
        self._headings.append((level, text[:200]))
        self.blocks.append(Block(text, self.page, self.heading_path, "heading"))

    def add(self, text: str, kind: str = "paragraph") -> None:
        text = text.strip()
        if text:
            self.blocks.append(Block(text, self.page, self.heading_path, kind))

    def reset_headings(self) -> None:
        self._headings = []
