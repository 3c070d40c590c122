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


# Text whose first letters are a binary format's magic and which also holds a byte text
# rarely has (the DOS end-of-file marker ^Z that old editors append): the header's
# structure, not the magic, decides.
TEXT_WITH_MAGIC_AND_CONTROL = {
    "bm": "BMW and Audi led the premium segment again this year, with Mercedes third.\n",
    "mz": "MZ is the code for Mazedonien in old German atlases and for a motorcycle brand.\n",
    "id3": "ID3 tags store the artist and title; v2.4 added UTF-8 text frames.\n",
    "gif89a": "GIF89a is a good format, and still the one used for short animations.\n",
    "gif89a-exclamation": "GIF89a is fun! The extension introducer is an exclamation mark too.\n",
    "gif87a": "GIF87a, the first version; it had no transparency and no animation.\n",
    "oggs": "OggS pages carry Vorbis and Opus streams.\n",
    "mthd": "MThd chunks open every standard MIDI file.\n",
    "flac": "fLaC streams begin with a STREAMINFO block.\n",
    "bzh": "BZh9 is how bzip2 marks a 900k block size.\n",
    "8bps": "8BPS is the signature of Photoshop documents.\n",
    "woff": "wOFF and wOF2 are web font containers.\n",
    "riff": "RIFF files hold chunks; WAVE and AVI are the best known.\n",
    "ftyp": "mp4 ftyp boxes name the brand of the file.\n",
    "ustar": "x" * 257 + "ustar is the magic of POSIX tar headers.\n",
}


@pytest.mark.parametrize("name", sorted(TEXT_WITH_MAGIC_AND_CONTROL))
def test_text_starting_with_a_magic_and_holding_a_control_byte_is_text(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes((TEXT_WITH_MAGIC_AND_CONTROL[name] * 3 + "\x1a").encode("cp1252"))
    info = sniff(path)
    assert (info.format, info.refusal) == ("text", None), info


def test_gif89a_sentence_extracts_as_text(tmp_path):
    from docvec_gui.core.extract import extract_file

    path = tmp_path / "formats.txt"
    path.write_bytes(b"GIF89a is a good format")
    assert sniff(path).format == "text"
    assert extract_file(path).text == "GIF89a is a good format"


def test_magic_text_in_a_legacy_encoding_is_a_document(tmp_path):
    path = tmp_path / "bm-latin1.txt"
    path.write_bytes("BM Größe: 12 cm, Breite: 4 cm; Zubehör inklusive.\n".encode("latin-1") * 4)
    assert sniff(path).format == "text"


# Raster images are documents read by OCR; the manifest (written before OCR) still
# calls them unsupported.
RASTER_FORMATS = {"png", "jpeg", "jpg", "gif", "bmp", "tiff", "webp"}


def test_manifest_verdicts(manifest, docs_dir):
    """The real binaries stay refused, real images are images, every real document stays a document."""
    wrong = []
    for row in manifest:
        info = sniff(docs_dir / row["file"])
        if row["format"] in RASTER_FORMATS:
            if (info.format, info.refusal) != ("image", None):
                wrong.append((row["file"], "image", info))
            continue
        refused = row["expected_outcome"] == "error:unsupported"
        if (info.refusal == "unsupported") != refused or (not refused and not info.is_document):
            wrong.append((row["file"], row["expected_outcome"], info))
    assert not wrong
    assert any(row["format"] in RASTER_FORMATS for row in manifest)  # the image branch ran


@pytest.mark.parametrize("name,label", [("testTinyPE.exe", "Windows executable"),
                                        ("testLinux-x86-64", "ELF executable"), ("CantinaBand3.wav", "WAV audio"),
                                        ("simple-docs.zip", "ZIP archive")])
def test_real_binaries_are_refused_with_their_kind(docs_dir, name, label):
    info = sniff(docs_dir / name)
    assert (info.refusal, info.label) == ("unsupported", label)


def test_real_png_is_an_image(docs_dir):
    info = sniff(docs_dir / "testPNG.png")
    assert (info.format, info.label, info.refusal) == ("image", "PNG image", None)


# -- real images from Qt's encoders and hand-built headers to the specifications ------------
def _qt_image(tmp_path: Path, fmt: str) -> Path:
    from PySide6.QtGui import QColor, QImage

    image = QImage(37, 23, QImage.Format_RGB32)
    image.fill(QColor(200, 120, 40))
    path = tmp_path / f"picture.{fmt}"
    assert image.save(str(path), fmt.upper()), fmt
    return path


@pytest.mark.parametrize("fmt,label", [("bmp", "BMP image"), ("tiff", "TIFF image"), ("jpg", "JPEG image"),
                                       ("webp", "WebP image"), ("png", "PNG image")])
def test_raster_images_written_by_qt_are_images(tmp_path, fmt, label):
    """Raster images become documents through OCR, whatever their extension says."""
    path = _qt_image(tmp_path, fmt)
    renamed = path.rename(path.with_suffix(".txt"))
    info = sniff(renamed)
    assert (info.format, info.label, info.refusal) == ("image", label, None)


def test_icons_written_by_qt_are_refused(tmp_path):
    info = sniff(_qt_image(tmp_path, "ico"))
    assert (info.refusal, info.label) == ("unsupported", "icon image")


def _photoshop_header() -> bytes:
    # Signature, version 1, 6 reserved bytes, 3 channels, 8x8 pixels, depth 8, RGB, then
    # empty colour mode, resource and layer sections and raw image data.
    return (b"8BPS" + struct.pack(">H6xHLLHH", 1, 3, 8, 8, 8, 3) + struct.pack(">LLL", 0, 0, 0)
            + struct.pack(">H", 0) + b"\x80" * 192)


def test_photoshop_file_is_refused(tmp_path):
    path = tmp_path / "layers.psd"
    path.write_bytes(_photoshop_header())
    assert (sniff(path).refusal, sniff(path).label) == ("unsupported", "Photoshop image")


# The classic 1x1 transparent GIF (43 bytes).
GIF_1X1 = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
           b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def test_real_gif_is_an_image(tmp_path):
    from PySide6.QtGui import QImage

    assert not QImage.fromData(GIF_1X1, "GIF").isNull()  # Qt's decoder accepts it: a real GIF
    path = tmp_path / "pixel.txt"  # the extension lies; the content decides
    path.write_bytes(GIF_1X1)
    info = sniff(path)
    assert (info.format, info.label) == ("image", "GIF image")


# GIFs whose first block is not a graphic control extension.
GIF87A_IMAGE_FIRST = (b"GIF87a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
                      b",\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x02\x84\x51\x00;")
GIF89A_COMMENT_FIRST = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                        b"!\xfe\x0cmade by hand\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


@pytest.mark.parametrize("data", [GIF87A_IMAGE_FIRST, GIF89A_COMMENT_FIRST], ids=["gif87a-image", "gif89a-comment"])
def test_gifs_of_other_layouts_are_images(tmp_path, data):
    from PySide6.QtGui import QImage

    assert not QImage.fromData(data, "GIF").isNull()  # real GIFs by Qt's decoder
    path = tmp_path / "pixel.gif"
    path.write_bytes(data)
    assert (sniff(path).format, sniff(path).label) == ("image", "GIF image")


def _stdlib_binaries(folder: Path) -> dict[str, Path]:
    """Real archives and audio written by the standard library's own encoders."""
    import bz2
    import tarfile
    import wave

    files = {"bzip2 archive": folder / "notes.txt.bz2", "tar archive": folder / "notes.tar",
             "WAV audio": folder / "tone.wav"}
    files["bzip2 archive"].write_bytes(bz2.compress(b"field notes\n" * 50))
    source = folder / "notes.txt"
    source.write_text("field notes\n")
    with tarfile.open(files["tar archive"], "w", format=tarfile.USTAR_FORMAT) as tar:
        tar.add(source, arcname="notes.txt")
    with wave.open(str(files["WAV audio"]), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * 800)
    return files


def test_stdlib_archives_and_audio_are_refused(tmp_path):
    for label, path in _stdlib_binaries(tmp_path).items():
        info = sniff(path)
        assert (info.refusal, info.label) == ("unsupported", label), path


# Headers built to the formats' specifications.
SPEC_HEADERS = {
    "MIDI audio": b"MThd\x00\x00\x00\x06\x00\x01\x00\x02\x01\xe0MTrk\x00\x00\x00\x04\x00\xff\x2f\x00",
    "FLAC audio": b"fLaC\x80\x00\x00\x22\x10\x00\x10\x00" + b"\x00" * 30,
    "Ogg media": b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" + b"\x00" * 8 + b"\x01\x1e\x01vorbis",
    "web font": b"wOFF\x00\x01\x00\x00" + b"\x00\x00\x01\x00\x00\x01" + b"\x00" * 30,
    "MP4/QuickTime media": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free",
}


@pytest.mark.parametrize("label", sorted(SPEC_HEADERS))
def test_binary_headers_are_refused_with_their_kind(tmp_path, label):
    path = tmp_path / "media.bin"
    path.write_bytes(SPEC_HEADERS[label] + bytes(range(256)))
    assert (sniff(path).refusal, sniff(path).label) == ("unsupported", label)


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
