"""Decide a file's format from its content; the extension is only a tie-breaker.

An extension that lies (a DOCX named ``.pdf``, HTML named ``.png``) is judged by content.
Non-documents (images, audio, video, archives, executables) are recognised so that they
are refused with a reason instead of being indexed as garbage.
"""
from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 8192

# format name -> human label; these are the formats the extractors understand
DOCUMENT_FORMATS = {
    "pdf": "PDF",
    "docx": "Word document",
    "pptx": "PowerPoint presentation",
    "xlsx": "Excel workbook",
    "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet",
    "odp": "OpenDocument presentation",
    "epub": "EPUB e-book",
    "rtf": "Rich Text",
    "html": "HTML",
    "markdown": "Markdown",
    "text": "Plain text",
    "csv": "CSV",
    "tsv": "TSV",
    "json": "JSON",
    "ndjson": "NDJSON",
    "eml": "E-mail",
    "doc": "Word 97-2003 document",
    "xls": "Excel 97-2003 workbook",
    "ppt": "PowerPoint 97-2003 presentation",
}

_MAGIC_NON_DOCUMENTS: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"BM", 0, "BMP image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"\x00\x00\x01\x00", 0, "icon image"),
    (b"8BPS", 0, "Photoshop image"),
    (b"ID3", 0, "MP3 audio"),
    (b"fLaC", 0, "FLAC audio"),
    (b"OggS", 0, "Ogg media"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM video"),
    (b"MThd", 0, "MIDI audio"),
    (b"MZ", 0, "Windows executable"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", 0, "Mach-O/Java binary"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd archive"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"wOFF", 0, "web font"),
    (b"wOF2", 0, "web font"),
    (b"\x00asm", 0, "WebAssembly binary"),
    (b"ustar", 257, "tar archive"),
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Sniffed:
    """Result of sniffing: a document ``format`` or a reason why it is not a document."""

    format: str | None
    label: str
    refusal: str | None = None  # error kind when the file is not a document
    detail: str = ""

    @property
    def is_document(self) -> bool:
        return self.format is not None


def _riff_kind(head: bytes) -> str:
    sub = head[8:12]
    return {b"WAVE": "WAV audio", b"AVI ": "AVI video", b"WEBP": "WebP image"}.get(sub, "RIFF media")


def _sniff_zip(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            mimetype = ""
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError):
        # A damaged Office file is still an Office file; let the extractor say "corrupt".
        return _guess_broken_zip(path)
    name_set = set(names)
    if mimetype == "application/epub+zip":
        return Sniffed("epub", DOCUMENT_FORMATS["epub"])
    odf = {
        "application/vnd.oasis.opendocument.text": "odt",
        "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/vnd.oasis.opendocument.presentation": "odp",
        "application/vnd.oasis.opendocument.text-template": "odt",
        "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
        "application/vnd.oasis.opendocument.presentation-template": "odp",
    }
    if mimetype in odf:
        return Sniffed(odf[mimetype], DOCUMENT_FORMATS[odf[mimetype]])
    if "[Content_Types].xml" in name_set:
        if any(n.startswith("word/") for n in names):
            return Sniffed("docx", DOCUMENT_FORMATS["docx"])
        if any(n.startswith("ppt/") for n in names):
            return Sniffed("pptx", DOCUMENT_FORMATS["pptx"])
        if any(n.startswith("xl/") for n in names):
            return Sniffed("xlsx", DOCUMENT_FORMATS["xlsx"])
    if "content.xml" in name_set and "META-INF/manifest.xml" in name_set:
        return Sniffed("odt", DOCUMENT_FORMATS["odt"])
    return Sniffed(None, "ZIP archive", "unsupported", "archives are not indexed; unpack it and add the files")


def _guess_broken_zip(path: Path) -> Sniffed:
    """A zip whose central directory is unreadable: guess the Office type from local headers."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    for marker, fmt in ((b"word/", "docx"), (b"ppt/", "pptx"), (b"xl/", "xlsx"), (b"[Content_Types]", "docx")):
        if marker in head:
            return Sniffed(fmt, DOCUMENT_FORMATS[fmt])
    if b"opendocument.text" in head:
        return Sniffed("odt", DOCUMENT_FORMATS["odt"])
    if b"epub+zip" in head:
        return Sniffed("epub", DOCUMENT_FORMATS["epub"])
    return Sniffed(None, "damaged ZIP archive", "unsupported", "not a document (damaged ZIP archive)")


def _sniff_ole(path: Path) -> Sniffed:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, TypeError) as exc:
        return Sniffed("doc", "damaged OLE document", detail=str(exc))
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return Sniffed("ooxml-encrypted", "password-protected Office document")
    if "WordDocument" in streams:
        return Sniffed("doc", DOCUMENT_FORMATS["doc"])
    if "Workbook" in streams or "Book" in streams:
        return Sniffed("xls", DOCUMENT_FORMATS["xls"])
    if "PowerPoint Document" in streams:
        return Sniffed("ppt", DOCUMENT_FORMATS["ppt"])
    return Sniffed(None, "OLE compound file", "unsupported", "not a supported Office document")


def looks_binary(head: bytes) -> bool:
    """Control bytes that text never has (NULs are allowed for UTF-16/32)."""
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    nuls = head.count(b"\x00")
    if nuls:
        evens, odds = head[0::2].count(b"\x00"), head[1::2].count(b"\x00")
        half = len(head) / 2
        # UTF-16 without BOM: NULs concentrated on one byte parity.
        if max(evens, odds) > 0.3 * half and min(evens, odds) < 0.05 * half:
            return False
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return control > len(head) * 0.05


def _text_kind(path: Path, head_text: str) -> str:
    """Pick html/markdown/json/csv/eml/text for content that decodes as text."""
    stripped = head_text.lstrip("\ufeff \t\r\n")
    lower = stripped[:1024].lower()
    suffix = path.suffix.lower()
    if lower.startswith("{\\rtf"):
        return "rtf"
    if lower.startswith(("<!doctype html", "<html")) or (
        "<html" in lower or "<body" in lower or "<head" in lower
    ) and lower.startswith("<"):
        return "html"
    if suffix in (".html", ".htm", ".xhtml") and lower.startswith("<"):
        return "html"
    if stripped.startswith(("{", "[")):
        if suffix == ".ndjson" or suffix == ".jsonl":
            return "ndjson"
        return "json" if suffix in (".json", ".geojson") or _json_like(stripped) else "text"
    if suffix in (".ndjson", ".jsonl"):
        return "ndjson"
    if _looks_like_email(stripped):
        return "eml"
    if suffix in (".md", ".markdown", ".mdown", ".mkd"):
        return "markdown"
    if suffix == ".tsv":
        return "tsv"
    if suffix == ".csv":
        return "csv"
    if suffix in (".htm", ".html") and "<" in lower:
        return "html"
    return "text"


def _json_like(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        # Truncated head of a large file: a quoted key right after the bracket is enough.
        body = text[1:200].lstrip()
        return body.startswith(('"', "{", "[")) or body[:1].isdigit()


def _looks_like_email(text: str) -> bool:
    head = text[:2048]
    lines = head.splitlines()[:30]
    keys = {line.split(":", 1)[0].strip().lower() for line in lines if ":" in line and not line.startswith(" ")}
    return len(keys & {"from", "to", "subject", "date", "message-id", "mime-version", "received", "return-path"}) >= 3


def sniff(path: Path) -> Sniffed:
    """Identify ``path`` by content. Never raises for unreadable content; OSError propagates."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
    if not head:
        return Sniffed(None, "empty file", "empty", "the file is empty")
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf", DOCUMENT_FORMATS["pdf"])
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(b"{\\rtf"):
        return Sniffed("rtf", DOCUMENT_FORMATS["rtf"])
    if head.startswith(b"RIFF"):
        return Sniffed(None, _riff_kind(head), "unsupported", f"not a document ({_riff_kind(head)})")
    if head[4:8] == b"ftyp":
        return Sniffed(None, "MP4/QuickTime media", "unsupported", "not a document (MP4/QuickTime media)")
    for magic, offset, label in _MAGIC_NON_DOCUMENTS:
        if head[offset : offset + len(magic)] == magic:
            return Sniffed(None, label, "unsupported", f"not a document ({label})")
    if looks_binary(head):
        return Sniffed(None, "binary data", "unsupported", "not a document (binary data)")
    from docvec_gui.core.extract.encoding import decode_head

    kind = _text_kind(path, decode_head(head))
    return Sniffed(kind, DOCUMENT_FORMATS[kind])
