"""Safe access to zip-based formats (OOXML, ODF, EPUB) and their XML parts.

Zip bombs are stopped before decompression by the sizes the central directory declares,
and again while reading, since a crafted archive can lie about them. XML is parsed
without entity expansion, DTD loading or network access.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from docvec_gui.core.extract.model import ExtractionError

MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member of meaningful size


def xml_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        recover=recover,
    )


def parse_xml(data: bytes, what: str, recover: bool = True) -> etree._Element:
    try:
        root = etree.fromstring(data, xml_parser(recover=recover))
    except etree.XMLSyntaxError as exc:
        raise ExtractionError("corrupt", f"malformed XML in {what}: {exc}") from exc
    if root is None:
        raise ExtractionError("corrupt", f"empty or unreadable XML in {what}")
    return root


class SafeZip:
    """A read-only zip archive with size and ratio limits on every member."""

    def __init__(self, path: Path) -> None:
        try:
            self._zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise ExtractionError("corrupt", f"damaged or truncated archive: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise ExtractionError("corrupt", f"unreadable archive: {exc}") from exc
        total = sum(info.file_size for info in self._zf.infolist())
        if total > MAX_TOTAL_BYTES:
            raise ExtractionError("too_large", f"archive expands to {total // 2**20} MB, over the limit")
        self.names = self._zf.namelist()
        self._name_set = set(self.names)

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc: object) -> None:
        self._zf.close()

    def has(self, name: str) -> bool:
        return name in self._name_set

    def read(self, name: str) -> bytes:
        try:
            info = self._zf.getinfo(name)
        except KeyError:
            raise ExtractionError("corrupt", f"missing part {name}") from None
        if info.file_size > MAX_MEMBER_BYTES:
            raise ExtractionError("too_large", f"part {name} expands to {info.file_size // 2**20} MB")
        if info.compress_size > 4096 and info.file_size > MAX_RATIO * info.compress_size:
            raise ExtractionError("too_large", f"part {name} has a compression ratio typical of a zip bomb")
        try:
            with self._zf.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ExtractionError("corrupt", f"damaged part {name}: {exc}") from exc
        except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
            raise ExtractionError("encrypted", f"part {name} is encrypted: {exc}") from exc
        if len(data) > MAX_MEMBER_BYTES:
            raise ExtractionError("too_large", f"part {name} is larger than it claims")
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)
