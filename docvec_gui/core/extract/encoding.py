"""Text decoding: BOMs, UTF-16 without BOM, strict UTF-8, then charset-normalizer."""
from __future__ import annotations

import codecs
import re

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)


def bom_encoding(data: bytes) -> tuple[str | None, int]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None, 0


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    evens, odds = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odds > 0.3 * half and evens < 0.05 * half:
        return "utf-16-le"
    if evens > 0.3 * half and odds < 0.05 * half:
        return "utf-16-be"
    return None


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or an XML prolog, if Python knows it."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect_encoding(data: bytes, declared: str | None = None) -> str:
    """Best guess at the encoding of ``data``. Prefers certainty (BOM, valid UTF-8)."""
    name, _ = bom_encoding(data)
    if name:
        return name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut at the end of a sample is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            data.decode(declared)
            return declared
        except (UnicodeDecodeError, LookupError):
            pass
    encoding = _guess_legacy(data[:262144])
    # GBK is a subset of GB18030; decoding with the superset never loses characters.
    if encoding in ("gb2312", "gbk"):
        encoding = "gb18030"
    return encoding


# When several legacy encodings decode a sample about equally cleanly, the common one is
# far more likely (charset-normalizer alone picks e.g. cp775 for plain French Latin-1).
_PREFERRED = [
    "cp1252", "latin_1", "iso8859_15", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "shift_jis",
    "cp932", "euc_jp", "euc_kr", "cp949", "cp1251", "koi8_r", "cp866", "iso8859_5", "cp1250",
    "iso8859_2", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "iso8859_8", "cp1256",
    "iso8859_6", "cp874", "tis_620", "cp1257", "iso8859_13", "cp1258",
]


def _guess_legacy(sample: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        return "cp1252"
    least_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least_chaos + 0.02]

    def rank(match) -> tuple[int, float]:
        name = match.encoding
        order = _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)
        return order, match.chaos

    return min(close, key=rank).encoding


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding). Undecodable bytes become U+FFFD."""
    name, skip = bom_encoding(data)
    if name is None and not _utf16_without_bom(data):
        try:  # the common case, decoded once (a large file is never decoded twice)
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    encoding = detect_encoding(data, declared)
    if skip:
        data = data[skip:]
    return data.decode(encoding, errors="replace"), encoding


def decode_head(head: bytes) -> str:
    """Cheap decode of a file's first bytes for sniffing (never fails)."""
    name, skip = bom_encoding(head)
    if name:
        return head[skip:].decode(name, errors="replace")
    utf16 = _utf16_without_bom(head)
    if utf16:
        return head.decode(utf16, errors="replace")
    return head.decode("utf-8", errors="replace")
