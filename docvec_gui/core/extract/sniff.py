"""Decide a file's format from its content; the extension is only a tie-breaker.

An extension that lies (a DOCX named ``.pdf``, HTML named ``.png``) is judged by content.
Raster images (PNG, JPEG, TIFF, WebP, BMP, GIF) are format ``image``, read by OCR.
Non-documents (icons, Photoshop files, audio, video, archives, executables) are recognised
so that they are refused with a reason instead of being indexed as garbage. Magic bytes
alone never decide: text may start with ``BM``, ``MZ``, ``ID3`` or ``GIF89a`` too, so a
binary format is concluded only when the head holds bytes text never has and, for formats
whose magic is plain letters, when the header's structure checks out.
"""
from __future__ import annotations

import json
import logging
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

HEAD_BYTES = 8192
# A ZIP's central directory is read whole by zipfile (hundreds of bytes of Python objects
# per entry). Real documents have tens to a few thousand parts; above these bounds the
# package is judged from its first local headers instead and refused.
MAX_ZIP_ENTRIES = 20_000
MAX_ZIP_DIRECTORY_BYTES = 2 << 20  # 20,000 entries of ~100 bytes
_ZIP_PROBE_BYTES = 65536

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
    "image": "Image",
}

# Raster images become documents through OCR (core/extract/image.py); other images
# (icons, Photoshop files) stay refused.
_OCR_IMAGE_LABELS = frozenset({"PNG image", "JPEG image", "GIF image", "BMP image", "TIFF image", "WebP image"})

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

# Bytes that text never holds (NUL and C0 controls except tab, newlines, form feed and ESC).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_BMP_DIB_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124}


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
    directory = _zip_directory_size(path)
    if directory is not None and (directory[0] > MAX_ZIP_ENTRIES or directory[1] > MAX_ZIP_DIRECTORY_BYTES):
        return _sniff_huge_zip(path, *directory)
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            mimetype = ""
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
            fmt = _package_format(names, mimetype)
            if fmt is None:  # an OOXML package with unusual folders: its content types say
                fmt = _package_format(names, mimetype, _content_types(zf, names))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError, RuntimeError):
        # A damaged Office file is still an Office file; let the extractor say "corrupt".
        return _guess_broken_zip(path)
    if fmt is not None:
        return Sniffed(fmt, DOCUMENT_FORMATS[fmt])
    return _ZIP_ARCHIVE


_ZIP_ARCHIVE = Sniffed(None, "ZIP archive", "unsupported", "archives are not indexed; unpack it and add the files")
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    "application/vnd.oasis.opendocument.presentation-template": "odp",
}


# The main part's content type names the OOXML kind, transitional or Strict, whatever
# folder a producer put it in: "...wordprocessingml.document.main+xml",
# "...ms-excel.sheet.macroEnabled.main+xml" (binary .xlsb workbooks are not readable here).
_OOXML_MAIN_TYPE = re.compile(
    rb"(?:openxmlformats-officedocument\.(wordprocessingml|spreadsheetml|presentationml)|ms-(word|excel|powerpoint))"
    rb"\.(?!sheet\.binary)[A-Za-z.]+\.main\+xml")
_OOXML_KINDS = {b"wordprocessingml": "docx", b"word": "docx", b"spreadsheetml": "xlsx", b"excel": "xlsx",
                b"presentationml": "pptx", b"powerpoint": "pptx"}
MAX_CONTENT_TYPES_BYTES = 1 << 20


def _package_format(names: list[str], mimetype: str, content_types: bytes = b"") -> str | None:
    """The document format a ZIP package's part names (and ``mimetype`` and
    ``[Content_Types].xml`` parts) say, or None."""
    if mimetype == "application/epub+zip":
        return "epub"
    if mimetype in _ODF_MIMETYPES:
        return _ODF_MIMETYPES[mimetype]
    name_set = set(names)
    if "[Content_Types].xml" in name_set:
        for prefix, fmt in (("word/", "docx"), ("ppt/", "pptx"), ("xl/", "xlsx")):
            if any(n.startswith(prefix) for n in names):
                return fmt
        match = _OOXML_MAIN_TYPE.search(content_types)
        if match:
            return _OOXML_KINDS[match.group(1) or match.group(2)]
    if "content.xml" in name_set and "META-INF/manifest.xml" in name_set:
        return "odt"
    return None


def _content_types(zf: zipfile.ZipFile, names: list[str]) -> bytes:
    """The ``[Content_Types].xml`` part of an OOXML package, when small enough to read."""
    if "[Content_Types].xml" not in names:
        return b""
    info = zf.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        return b""
    return zf.read(info)


def _zip_directory_size(path: Path) -> tuple[int, int] | None:
    """(entries, central directory bytes) from the End Of Central Directory records.

    Reads only the file's tail (the EOCD, its comment and the zip64 locator), so a
    directory of millions of entries costs nothing to measure. None when not found.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        tail_len = min(size, 22 + 65535 + 20)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        pos = tail.rfind(b"PK\x05\x06", 0, max(0, len(tail) - 18))  # a whole 22-byte record
        if pos < 0:
            return None
        entries, cd_bytes = struct.unpack_from("<HL", tail, pos + 10)
        locator = pos - 20
        if locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
            # zip64: the real counts are in the zip64 EOCD (the 16/32-bit fields usually
            # hold 0xFFFF placeholders). Readers find it either where the locator says or
            # right before the locator (zipfile); a crafted file may differ, so take both.
            (z64_offset,) = struct.unpack_from("<Q", tail, locator + 8)
            found = [_zip64_counts(fh, where, size) for where in {z64_offset, size - tail_len + locator - 56}]
            found = [counts for counts in found if counts is not None]
            if found:
                entries, cd_bytes = max(c[0] for c in found), max(c[1] for c in found)
    return entries, cd_bytes


def _zip64_counts(fh, offset: int, size: int) -> tuple[int, int] | None:
    """(entries, central directory bytes) of the zip64 EOCD record at ``offset``, if one is there."""
    if not 0 <= offset <= size - 56:
        return None
    fh.seek(offset)
    record = fh.read(56)
    if record[:4] != b"PK\x06\x06":
        return None
    return struct.unpack_from("<QQ", record, 32)


def _local_entries(data: bytes, limit: int = 64) -> tuple[list[str], str]:
    """Names of the first local file headers in ``data`` and the stored ``mimetype`` text."""
    names: list[str] = []
    mimetype = ""
    pos = 0
    while len(names) < limit and data[pos:pos + 4] == b"PK\x03\x04" and pos + 30 <= len(data):
        flags, method = struct.unpack_from("<HH", data, pos + 6)
        csize, _usize, name_len, extra_len = struct.unpack_from("<LLHH", data, pos + 18)
        name = data[pos + 30:pos + 30 + name_len].decode("utf-8" if flags & 0x800 else "cp437", "replace")
        body = pos + 30 + name_len + extra_len
        names.append(name)
        if name == "mimetype" and method == 0 and csize < 200:
            mimetype = data[body:body + csize].decode("ascii", "replace").strip()
        if flags & 0x08 and csize == 0:
            break  # sizes follow the data (data descriptor): the next header cannot be found
        pos = body + csize
    return names, mimetype


def _sniff_huge_zip(path: Path, entries: int, cd_bytes: int) -> Sniffed:
    """A ZIP too big to list: name it from its first local headers, then refuse it.

    No document has tens of thousands of parts; such a package is a zip bomb, a
    damaged file or an archive, and listing it would cost seconds and 100+ MB.
    """
    with open(path, "rb") as fh:
        names, mimetype = _local_entries(fh.read(_ZIP_PROBE_BYTES))
    fmt = _package_format(names, mimetype)
    if fmt is None and "[Content_Types].xml" in names:
        label = "Office document"
    elif fmt is None:
        return _ZIP_ARCHIVE
    else:
        label = DOCUMENT_FORMATS[fmt]
    size_text = f"{entries:,} parts" if entries > MAX_ZIP_ENTRIES else f"a {cd_bytes / 2**20:.0f} MB part list"
    log.info("refusing %s: ZIP package with %d entries, %d directory bytes", path, entries, cd_bytes)
    return Sniffed(None, label, "too_large",
                   f"the {label} has {size_text}, over the limit of {MAX_ZIP_ENTRIES:,}; it is not indexed")


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


def is_clean_text(head: bytes) -> bool:
    """True when ``head`` holds no byte that text never has (no NUL, no C0 control but
    tab, newlines, form feed and ESC). The header of every binary format refused here
    has such bytes, so a clean head is text whatever its first letters are."""
    return not head.translate(None, _NON_CONTROL_BYTES)


def _bmp_confirmed(head: bytes, size: int, path: Path) -> bool:
    """BITMAPFILEHEADER: a known DIB header size, a pixel offset after the headers, one plane."""
    if len(head) < 30:
        return False
    file_size, _reserved, offset, dib_size = struct.unpack_from("<LLLL", head, 2)
    planes_at = 22 if dib_size == 12 else 26  # OS/2 BITMAPCOREHEADER has 16-bit width and height
    return (dib_size in _BMP_DIB_HEADER_SIZES and 14 + dib_size <= offset
            and (file_size == 0 or offset <= file_size) and head[planes_at:planes_at + 2] == b"\x01\x00")


def _pe_confirmed(head: bytes, size: int, path: Path) -> bool:
    """MZ: e_lfanew points at "PE\\0\\0", or else the file is binary (a DOS program)."""
    if len(head) >= 64:
        (pe_offset,) = struct.unpack_from("<L", head, 0x3C)
        signature = head[pe_offset:pe_offset + 4]
        if len(signature) < 4 and pe_offset + 4 <= size:
            with open(path, "rb") as fh:
                fh.seek(pe_offset)
                signature = fh.read(4)
        if signature == b"PE\x00\x00":
            return True
    return looks_binary(head)


def _id3_confirmed(head: bytes, size: int, path: Path) -> bool:
    """ID3v2: major version 2-4, revision not 0xFF, unused flag bits clear, syncsafe size."""
    return (len(head) >= 10 and head[3] in (2, 3, 4) and head[4] != 0xFF and head[5] & 0x0F == 0
            and all(b < 0x80 for b in head[6:10]))


_GIF_EXTENSION_LABELS = {0x01, 0xF9, 0xFE, 0xFF}  # plain text, graphic control, comment, application


def _gif_confirmed(head: bytes, size: int, path: Path) -> bool:
    """Logical screen descriptor (and global colour table), then a well-formed first block:
    an extension with a known label, an image descriptor with an LZW code size, or the
    trailer at the end of the file. Punctuation after "GIF89a" in text is none of these."""
    if len(head) < 14:
        return False
    packed = head[10]
    pos = 13 + (3 * (2 << (packed & 0x07)) if packed & 0x80 else 0)
    block = head[pos:pos + 11]
    if not block:
        return False
    if block[0] == 0x21:  # extension
        return len(block) >= 2 and block[1] in _GIF_EXTENSION_LABELS
    if block[0] == 0x2C:  # image descriptor: position, size, flags, then the LZW minimum code size
        if len(block) < 10:
            return False
        local_table = 3 * (2 << (block[9] & 0x07)) if block[9] & 0x80 else 0
        code_size = head[pos + 10 + local_table:pos + 11 + local_table]
        return len(code_size) == 1 and 2 <= code_size[0] <= 12
    return block[0] == 0x3B and pos + 1 == size  # trailer: an empty image


def _riff_confirmed(head: bytes, size: int, path: Path) -> bool:
    """A known RIFF form, or a chunk size that fits the file (letters would claim > 500 MB)."""
    if len(head) < 12:
        return False
    (riff_size,) = struct.unpack_from("<L", head, 4)
    return head[8:12] in (b"WAVE", b"AVI ", b"WEBP") or riff_size + 8 <= size + 1


def _ftyp_confirmed(head: bytes, size: int, path: Path) -> bool:
    """ISO base media: the ftyp box's big-endian size is small (text would give letters)."""
    (box,) = struct.unpack_from(">L", head, 0)
    return 8 <= box <= 4096 and box % 4 == 0


def _tar_confirmed(head: bytes, size: int, path: Path) -> bool:
    """A ustar header whose checksum (octal, bytes 148-155) matches its 512 bytes."""
    if len(head) < 512:
        return False
    field = head[148:156].replace(b"\x00", b" ").strip()
    if not field or any(c not in b"01234567" for c in field):
        return False
    return int(field, 8) == sum(head[:148]) + 8 * 32 + sum(head[156:512])


def _fixed_after(magic_len: int, *allowed: bytes) -> Callable[[bytes, int, Path], bool]:
    """A confirmer: the bytes right after the magic are one of ``allowed``."""
    def confirm(head: bytes, size: int, path: Path) -> bool:
        return any(head[magic_len:magic_len + len(value)] == value for value in allowed)

    return confirm


def _flac_confirmed(head: bytes, size: int, path: Path) -> bool:
    """The first metadata block is STREAMINFO (type 0, 34 bytes long)."""
    return len(head) >= 8 and head[4] & 0x7F == 0 and head[5:8] == b"\x00\x00\x22"


def _bzip2_confirmed(head: bytes, size: int, path: Path) -> bool:
    """Block size digit 1-9, then a block header (pi) or the end-of-stream marker (sqrt pi)."""
    return len(head) >= 10 and head[3:4] in b"123456789" and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90")


# Magics made of plain letters (or letters and text-safe bytes) need their header's
# structure too: text may start with them, and text with one stray control byte is
# still text.
_CONFIRMERS: dict[bytes, Callable[[bytes, int, Path], bool]] = {
    b"BM": _bmp_confirmed, b"MZ": _pe_confirmed, b"ID3": _id3_confirmed,
    b"GIF87a": _gif_confirmed, b"GIF89a": _gif_confirmed,
    b"OggS": _fixed_after(4, b"\x00"),  # stream structure version 0
    b"MThd": _fixed_after(4, b"\x00\x00\x00\x06"),  # header chunk length
    b"fLaC": _flac_confirmed,
    b"BZh": _bzip2_confirmed,
    b"8BPS": _fixed_after(4, b"\x00\x01\x00\x00\x00\x00\x00\x00", b"\x00\x02\x00\x00\x00\x00\x00\x00"),
    b"wOFF": _fixed_after(4, b"\x00\x01\x00\x00", b"OTTO", b"true", b"typ1"),
    b"wOF2": _fixed_after(4, b"\x00\x01\x00\x00", b"OTTO", b"true", b"typ1"),
    b"ustar": _tar_confirmed,
}


def _binary_format(head: bytes, size: int, path: Path) -> Sniffed | None:
    """A recognised non-document format, confirmed by structure where magic is ambiguous."""
    if head.startswith(b"RIFF") and _riff_confirmed(head, size, path):
        kind = _riff_kind(head)
        if kind in _OCR_IMAGE_LABELS:
            return Sniffed("image", kind)
        return Sniffed(None, kind, "unsupported", f"not a document ({kind})")
    if head[4:8] == b"ftyp" and _ftyp_confirmed(head, size, path):
        return Sniffed(None, "MP4/QuickTime media", "unsupported", "not a document (MP4/QuickTime media)")
    for magic, offset, label in _MAGIC_NON_DOCUMENTS:
        if head[offset : offset + len(magic)] != magic:
            continue
        confirm = _CONFIRMERS.get(magic)
        if confirm is None or confirm(head, size, path):
            if label in _OCR_IMAGE_LABELS:
                return Sniffed("image", label)
            return Sniffed(None, label, "unsupported", f"not a document ({label})")
    return None


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
        size = os.fstat(fh.fileno()).st_size
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
    if not is_clean_text(head):
        binary = _binary_format(head, size, path)
        if binary is not None:
            return binary
    if looks_binary(head):
        return Sniffed(None, "binary data", "unsupported", "not a document (binary data)")
    from docvec_gui.core.extract.encoding import decode_head

    kind = _text_kind(path, decode_head(head))
    return Sniffed(kind, DOCUMENT_FORMATS[kind])
