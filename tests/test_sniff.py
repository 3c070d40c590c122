"""The sniffer on bad input: text that starts like a binary format, real binaries, huge ZIPs."""
from __future__ import annotations

import importlib
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from docvec_gui.core.extract.sniff import MAX_ZIP_ENTRIES, sniff

# The package re-exports the function ``sniff`` under the module's name; this is the module.
sniff_module = importlib.import_module("docvec_gui.core.extract.sniff")

# Text that begins with the letters of a binary format's magic; every one is a document.
TEXT_WITH_MAGIC = {
    "bmw.txt": "BMW and Audi dominated the 2023 sales figures in the premium segment.\n" * 3,
    "bm-short.txt": "BM\n",
    "mz.txt": "MZ is the abbreviation for Mazedonien in old German atlases.\r\n" * 4,
    "mz-exact-64.txt": "MZ" + "x" * 58 + "PE\n\n",  # e_lfanew is made of letters and points nowhere
    "mz-unicode.txt": "MZ — Mehrzweckhalle, Übersicht der Belegung für März.\n" * 5,
    "id3.txt": "ID3 tags store the artist and title of an MP3 file.\n" * 2,
    "id3-digits.txt": "ID34 is the room number.\n",
    "gif89a.txt": "GIF89a is the version of the format that added animation and transparency.\n" * 2,
    "gif87a.md": "GIF87a\n======\n\nThe first version of the *Graphics Interchange Format*.\n",
    "oggs.txt": "OggS is the capture pattern of an Ogg page.\n",
    "mthd.txt": "MThd chunks start every standard MIDI file.\n",
    "flac.txt": "fLaC streams begin with a STREAMINFO block.\n",
    "bzh.txt": "BZh9 is how bzip2 marks a 900k block size.\n",
    "riff.txt": "RIFF files hold chunks; WAVE and AVI are the best known.\n",
    "ftyp.txt": "mp4 ftyp boxes name the brand of the file.\n",
    "8bps.txt": "8BPS is Photoshop's signature.\tTabs\tand\fform feeds are text.\n",
}


@pytest.mark.parametrize("name", sorted(TEXT_WITH_MAGIC))
def test_text_starting_with_a_magic_is_a_document(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(TEXT_WITH_MAGIC[name].encode("utf-8"))
    info = sniff(path)
    assert info.refusal is None, info
    assert info.format == ("markdown" if name.endswith(".md") else "text")


def test_magic_text_in_a_legacy_encoding_is_a_document(tmp_path):
    path = tmp_path / "bm-latin1.txt"
    path.write_bytes("BM Größe: 12 cm, Breite: 4 cm; Zubehör inklusive.\n".encode("latin-1") * 4)
    assert sniff(path).format == "text"


def test_manifest_verdicts(manifest, docs_dir):
    """The real binaries stay refused; every real document stays a document."""
    wrong = []
    for row in manifest:
        info = sniff(docs_dir / row["file"])
        refused = row["expected_outcome"] == "error:unsupported"
        if (info.refusal == "unsupported") != refused or (not refused and not info.is_document):
            wrong.append((row["file"], row["expected_outcome"], info))
    assert not wrong


@pytest.mark.parametrize("name,label", [("testPNG.png", "PNG image"), ("testTinyPE.exe", "Windows executable"),
                                        ("testLinux-x86-64", "ELF executable"), ("CantinaBand3.wav", "WAV audio"),
                                        ("simple-docs.zip", "ZIP archive")])
def test_real_binaries_are_refused_with_their_kind(docs_dir, name, label):
    info = sniff(docs_dir / name)
    assert (info.refusal, info.label) == ("unsupported", label)


# -- real images from Qt's encoders and hand-built headers to the specifications ------------
def _qt_image(tmp_path: Path, fmt: str) -> Path:
    from PySide6.QtGui import QColor, QImage

    image = QImage(37, 23, QImage.Format_RGB32)
    image.fill(QColor(200, 120, 40))
    path = tmp_path / f"picture.{fmt}"
    assert image.save(str(path), fmt.upper()), fmt
    return path


@pytest.mark.parametrize("fmt,label", [("bmp", "BMP image"), ("ico", "icon image"), ("tiff", "TIFF image"),
                                       ("jpg", "JPEG image"), ("webp", "WebP image")])
def test_images_written_by_qt_are_refused(tmp_path, fmt, label):
    path = _qt_image(tmp_path, fmt)
    info = sniff(path)
    assert (info.refusal, info.label) == ("unsupported", label)


# The classic 1x1 transparent GIF (43 bytes).
GIF_1X1 = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
           b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def test_real_gif_is_refused(tmp_path):
    from PySide6.QtGui import QImage

    assert not QImage.fromData(GIF_1X1, "GIF").isNull()  # Qt's decoder accepts it: a real GIF
    path = tmp_path / "pixel.txt"  # the extension lies; the content decides
    path.write_bytes(GIF_1X1)
    assert sniff(path).label == "GIF image"


def test_real_mp3_with_id3_tag_is_refused(tmp_path):
    frame = b"TIT2" + struct.pack(">L", 6) + b"\x00\x00" + b"\x00Song\x00"
    size = len(frame) + 20  # tag padding
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    mpeg_frame = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
    path = tmp_path / "song.mp3"
    path.write_bytes(b"ID3\x03\x00\x00" + syncsafe + frame + b"\x00" * 20 + mpeg_frame * 3)
    assert sniff(path).label == "MP3 audio"


def test_dos_program_without_pe_header_is_refused(tmp_path):
    header = bytearray(64)
    header[0:2] = b"MZ"
    struct.pack_into("<HHHH", header, 2, 0x90, 3, 0, 4)  # bytes on last page, pages, relocs, header paragraphs
    path = tmp_path / "old.com.txt"
    path.write_bytes(bytes(header) + b"\xb4\x09\xba\x0e\x01\xcd\x21\xb4\x4c\xcd\x21" + b"Hello$")
    assert sniff(path).label == "Windows executable"


def test_binary_with_a_magic_but_a_broken_header_is_binary_data(tmp_path):
    """Structure is checked: 'BM' then garbage is not a BMP, but still not a document."""
    path = tmp_path / "junk.bin"
    path.write_bytes(b"BM" + bytes(range(256)) * 8)
    info = sniff(path)
    assert (info.refusal, info.label) == ("unsupported", "binary data")


# -- ZIP packages with huge central directories -----------------------------------------------
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")


def write_zip(path: Path, names: list[str], zip64: bool = False) -> None:
    """A stored ZIP of empty entries, written directly (zipfile's writer keeps every
    entry in memory and takes ~10x longer for 300,000 entries)."""
    local, central = [], []
    offset = 0
    for name in names:
        raw = name.encode("utf-8")
        local.append(_LOCAL.pack(b"PK\x03\x04", 20, 0x800, 0, 0, 0, 0, 0, 0, len(raw), 0) + raw)
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, 0x800, 0, 0, 0, 0, 0, 0, len(raw), 0, 0, 0, 0, 0,
                                     offset) + raw)
        offset += 30 + len(raw)
    count, cd_offset, cd_size = len(names), offset, sum(map(len, central))
    tail = b""
    if zip64 or count > 0xFFFF:
        tail += struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)
        tail += struct.pack("<4sLQL", b"PK\x06\x07", 0, cd_offset + cd_size, 1)
        count = 0xFFFF
    tail += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset, 0)
    with open(path, "wb") as fh:
        fh.write(b"".join(local))
        fh.write(b"".join(central))
        fh.write(tail)


OFFICE_PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]


@pytest.mark.parametrize("zip64", [False, True])
def test_zip_writer_makes_zips_zipfile_reads(tmp_path, zip64):
    path = tmp_path / "check.docx"
    write_zip(path, OFFICE_PARTS + ["word/media/a.xml"], zip64=zip64)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == OFFICE_PARTS + ["word/media/a.xml"] and zf.testzip() is None
    assert sniff(path).format == "docx"  # small: listed by zipfile as before
    directory_bytes = sum(46 + len(name) for name in OFFICE_PARTS + ["word/media/a.xml"])
    assert sniff_module._zip_directory_size(path) == (4, directory_bytes)


MEASURE = """
import json, sys, time
from pathlib import Path
import psutil
from docvec_gui.core.extract.sniff import sniff
def peak():
    # This process's own high-water mark (ru_maxrss would include the parent's, kept across exec).
    if sys.platform == "win32":
        return psutil.Process().memory_info().peak_wset
    if sys.platform == "darwin":
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM:"))
sniff(Path(sys.argv[2]))  # warm up: imports, zipfile, first file reads
process = psutil.Process()
rss, top = process.memory_info().rss, peak()
start = time.perf_counter()
info = sniff(Path(sys.argv[1]))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rss_growth": process.memory_info().rss - rss, "peak_growth": peak() - top,
                  "refusal": info.refusal, "label": info.label, "detail": info.detail}))
"""


@pytest.fixture(scope="module")
def huge_zips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("huge-zips")
    parts = [f"word/media/p{i:06d}.xml" for i in range(300_000)]
    write_zip(folder / "huge.docx", OFFICE_PARTS + parts)
    write_zip(folder / "huge.zip", [f"photos/{i:06d}.jpg" for i in range(300_000)])
    write_zip(folder / "small.docx", OFFICE_PARTS)
    return folder


@pytest.mark.parametrize("name,refusal,label", [("huge.docx", "too_large", "Word document"),
                                                ("huge.zip", "unsupported", "ZIP archive")])
def test_zip_with_300k_entries_is_judged_fast_and_small(huge_zips, name, refusal, label):
    result = subprocess.run([sys.executable, "-c", MEASURE, str(huge_zips / name), str(huge_zips / "small.docx")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)
    assert (measured["refusal"], measured["label"]) == (refusal, label)
    assert measured["seconds"] < 0.5, measured
    assert measured["rss_growth"] < 20 * 2**20 and measured["peak_growth"] < 20 * 2**20, measured
    if refusal == "too_large":
        assert "300,003 parts" in measured["detail"] and f"{MAX_ZIP_ENTRIES:,}" in measured["detail"]


def test_zip_with_a_huge_directory_of_few_entries_is_refused(tmp_path):
    path = tmp_path / "long-names.docx"
    write_zip(path, OFFICE_PARTS + [f"word/{i:03d}" + "x" * 30_000 for i in range(100)])
    info = sniff(path)
    assert (info.refusal, info.label) == ("too_large", "Word document")
    assert "MB part list" in info.detail


def test_huge_epub_is_named_from_its_mimetype_part(tmp_path, monkeypatch):
    monkeypatch.setattr(sniff_module, "MAX_ZIP_ENTRIES", 50)  # the bound's path, on a small real EPUB
    path = tmp_path / "huge.epub"
    with zipfile.ZipFile(path, "w") as zf:  # zipfile's own writer: a stored "mimetype" part first
        zf.writestr("mimetype", "application/epub+zip")
        for i in range(51):
            zf.writestr(f"OEBPS/{i}.xhtml", "<html/>", compress_type=zipfile.ZIP_DEFLATED)
    info = sniff(path)
    assert (info.refusal, info.label) == ("too_large", "EPUB e-book")
    assert "52 parts" in info.detail
