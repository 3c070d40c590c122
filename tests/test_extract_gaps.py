"""Classes of real-world files the extractors used to get wrong (issue 13, "Extraction gaps").

Every file is written here, in code, the way the producing application lays it out:
Strict OOXML packages, blank workbooks, password-protected OpenDocument files (really
encrypted, as LibreOffice does it), Word lists with automatic numbering and pictures with
alt text, and web pages (a Chinese news portal, plain personal pages).
"""
from __future__ import annotations

import base64
import hashlib
import os
import zipfile
import zlib
from pathlib import Path

import pytest

from docvec_gui.core.extract import ExtractionError, extract_file, sniff
from docvec_gui.core.extract.sandbox import extract_isolated

# --- OOXML packages ---------------------------------------------------------------------------
TRANSITIONAL = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
# ISO/IEC 29500 Strict, as Word and Excel write it with "Strict Open XML" chosen on save.
STRICT = {
    "w": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "s": "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "p": "http://purl.oclc.org/ooxml/presentationml/main",
    "a": "http://purl.oclc.org/ooxml/drawingml/main",
    "wp": "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
    "pic": "http://purl.oclc.org/ooxml/drawingml/picture",
    "r": "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
FLAVOURS = {"transitional": TRANSITIONAL, "strict": STRICT}
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
OFFICE = "application/vnd.openxmlformats-officedocument"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
VML = "urn:schemas-microsoft-com:vml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def relationships(ns: dict, *rels: tuple[str, str, str]) -> str:
    """A .rels part; each relationship is (id, type name, target)."""
    items = "".join(f'<Relationship Id="{rid}" Type="{ns["r"]}/{kind}" Target="{target}"/>'
                    for rid, kind, target in rels)
    return f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">{items}</Relationships>'


def write_package(path: Path, ns: dict, main: str, main_type: str, parts: dict[str, str],
                  types: dict[str, str]) -> Path:
    """An OPC package: content types, the package relationship to ``main``, core properties."""
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                        for name, kind in {main: main_type, **types}.items())
    content_types = (f'{XML_HEAD}<Types xmlns="{CONTENT_TYPES}">'
                     '<Default Extension="rels" '
                     'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/docProps/core.xml" '
                     'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                     f'{overrides}</Types>')
    package_rels = (f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS}">'
                    f'<Relationship Id="rId1" Type="{ns["r"]}/officeDocument" Target="{main}"/>'
                    f'<Relationship Id="rId2" Type="{CORE_RELS}" Target="docProps/core.xml"/></Relationships>')
    core = (f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Quarterly report</dc:title>'
            '<dc:creator>Ana Lima</dc:creator></cp:coreProperties>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", package_rels)
        zf.writestr("docProps/core.xml", core)
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def write_xlsx(path: Path, ns: dict, sheets: list[tuple[str, str]], shared: list[str], folder: str = "xl") -> Path:
    """A workbook; ``sheets`` are (name, <sheetData> content)."""
    conformance = ' conformance="strict"' if ns is STRICT else ""
    sheet_list = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1))
    workbook = (f'{XML_HEAD}<workbook xmlns="{ns["s"]}" xmlns:r="{ns["r"]}"{conformance}>'
                f'<sheets>{sheet_list}</sheets></workbook>')
    rels = [(f"rId{i}", "worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(sheets) + 1)]
    rels.append((f"rId{len(sheets) + 1}", "sharedStrings", "sharedStrings.xml"))
    strings = "".join(f"<si><t>{text}</t></si>" for text in shared)
    parts = {
        f"{folder}/workbook.xml": workbook,
        f"{folder}/_rels/workbook.xml.rels": relationships(ns, *rels),
        f"{folder}/sharedStrings.xml": (f'{XML_HEAD}<sst xmlns="{ns["s"]}" count="{len(shared)}" '
                                        f'uniqueCount="{len(shared)}">{strings}</sst>'),
    }
    types = {f"{folder}/sharedStrings.xml": f"{OFFICE}.spreadsheetml.sharedStrings+xml"}
    for i, (_, data) in enumerate(sheets, 1):
        parts[f"{folder}/worksheets/sheet{i}.xml"] = (f'{XML_HEAD}<worksheet xmlns="{ns["s"]}" xmlns:r="{ns["r"]}">'
                                                      f"<sheetData>{data}</sheetData></worksheet>")
        types[f"{folder}/worksheets/sheet{i}.xml"] = f"{OFFICE}.spreadsheetml.worksheet+xml"
    return write_package(path, ns, f"{folder}/workbook.xml", f"{OFFICE}.spreadsheetml.sheet.main+xml", parts, types)


BUDGET_ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
               '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1250.5</v></c></row>'
               '<row r="3"><c r="A3" t="inlineStr"><is><t>Harbour crane lease</t></is></c>'
               '<c r="B3"><v>980</v></c></row>'
               '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" t="d"><v>2024-03-31</v></c></row>')
BUDGET_STRINGS = ["Item", "Cost (EUR)", "Dredging of the north basin", "Report due"]


def write_docx(path: Path, ns: dict, body: str, numbering: str = "", styles: str = "") -> Path:
    conformance = ' w:conformance="strict"' if ns is STRICT else ""
    document = (f'{XML_HEAD}<w:document xmlns:w="{ns["w"]}" xmlns:r="{ns["r"]}" xmlns:wp="{ns["wp"]}" '
                f'xmlns:a="{ns["a"]}" xmlns:pic="{ns["pic"]}" xmlns:mc="{MC}" xmlns:v="{VML}" '
                f'mc:Ignorable=""{conformance}><w:body>{body}<w:sectPr/></w:body></w:document>')
    parts = {"word/document.xml": document}
    rels, types = [], {}
    if numbering:
        parts["word/numbering.xml"] = f'{XML_HEAD}<w:numbering xmlns:w="{ns["w"]}">{numbering}</w:numbering>'
        rels.append(("rId1", "numbering", "numbering.xml"))
        types["word/numbering.xml"] = f"{OFFICE}.wordprocessingml.numbering+xml"
    if styles:
        parts["word/styles.xml"] = f'{XML_HEAD}<w:styles xmlns:w="{ns["w"]}">{styles}</w:styles>'
        rels.append(("rId2", "styles", "styles.xml"))
        types["word/styles.xml"] = f"{OFFICE}.wordprocessingml.styles+xml"
    parts["word/_rels/document.xml.rels"] = relationships(ns, *rels)
    return write_package(path, ns, "word/document.xml", f"{OFFICE}.wordprocessingml.document.main+xml", parts, types)


def write_pptx(path: Path, ns: dict, slide_body: str) -> Path:
    presentation = (f'{XML_HEAD}<p:presentation xmlns:p="{ns["p"]}" xmlns:r="{ns["r"]}">'
                    '<p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>')
    slide = (f'{XML_HEAD}<p:sld xmlns:p="{ns["p"]}" xmlns:a="{ns["a"]}" xmlns:r="{ns["r"]}"><p:cSld><p:spTree>'
             f'{slide_body}</p:spTree></p:cSld></p:sld>')
    parts = {
        "ppt/presentation.xml": presentation,
        "ppt/_rels/presentation.xml.rels": relationships(ns, ("rId1", "slide", "slides/slide1.xml")),
        "ppt/slides/slide1.xml": slide,
    }
    types = {"ppt/slides/slide1.xml": f"{OFFICE}.presentationml.slide+xml"}
    return write_package(path, ns, "ppt/presentation.xml", f"{OFFICE}.presentationml.presentation.main+xml",
                         parts, types)


def texts(path: Path) -> list[str]:
    return [block.text for block in extract_file(path).blocks]


def error_kind(path: Path) -> str:
    with pytest.raises(ExtractionError) as info:
        extract_file(path)
    return info.value.kind


# --- 1. Strict OOXML --------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_strict_and_transitional_workbooks_read_alike(tmp_path, flavour):
    path = write_xlsx(tmp_path / "budget.xlsx", FLAVOURS[flavour], [("Harbour budget", BUDGET_ROWS)], BUDGET_STRINGS)
    assert sniff(path).format == "xlsx"
    doc = extract_file(path)
    assert [b.text for b in doc.blocks] == [
        "Harbour budget", "Item\tCost (EUR)", "Dredging of the north basin\t1250.5", "Harbour crane lease\t980",
        "Report due\t2024-03-31"]
    assert (doc.title, doc.author, doc.page_count) == ("Quarterly report", "Ana Lima", 1)


def test_strict_workbook_in_unusual_folders_is_recognised_by_its_content_types(tmp_path):
    """Sniffing does not rely on Excel's folder names: the main part's content type decides."""
    path = write_xlsx(tmp_path / "export.bin", STRICT, [("Harbour budget", BUDGET_ROWS)], BUDGET_STRINGS,
                      folder="spreadsheet")
    assert sniff(path).format == "xlsx"
    assert "Dredging of the north basin\t1250.5" in texts(path)


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_strict_and_transitional_documents_read_alike(tmp_path, flavour):
    body = ('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Inspection of the dock gates</w:t></w:r></w:p>'
            '<w:p><w:r><w:t xml:space="preserve">The lower gate leaks </w:t></w:r>'
            '<w:r><w:t>at the mitre.</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            '<w:r><w:t>Replace the seals</w:t></w:r></w:p>')
    styles = '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    path = write_docx(tmp_path / "gates.docx", FLAVOURS[flavour], body, numbering, styles)
    assert sniff(path).format == "docx"
    doc = extract_file(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Inspection of the dock gates"), ("paragraph", "The lower gate leaks at the mitre."),
        ("list_item", "1. Replace the seals")]


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_strict_and_transitional_presentations_read_alike(tmp_path, flavour):
    slide = ('<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr><p:ph type="title"/></p:nvPr>'
             '</p:nvSpPr><p:txBody><a:p><a:r><a:t>Tidal energy pilot</a:t></a:r></a:p></p:txBody></p:sp>'
             '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Text 2"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
             '<p:txBody><a:p><a:r><a:t>Two turbines installed in the estuary</a:t></a:r></a:p></p:txBody></p:sp>'
             '<p:pic><p:nvPicPr><p:cNvPr id="4" name="Picture 3" descr="Map of the estuary with turbine sites"/>'
             '<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill/><p:spPr/></p:pic>')
    path = write_pptx(tmp_path / "pilot.pptx", FLAVOURS[flavour], slide)
    assert sniff(path).format == "pptx"
    doc = extract_file(path)
    assert [(b.heading, b.text) for b in doc.blocks] == [
        (("Slide 1: Tidal energy pilot",), "Tidal energy pilot"),
        (("Slide 1: Tidal energy pilot",), "Two turbines installed in the estuary"),
        (("Slide 1: Tidal energy pilot",), "Map of the estuary with turbine sites")]


# --- 2. Blank workbooks -----------------------------------------------------------------------
BLANK_ROWS = '<row r="1"><c r="A1" s="3"/><c r="B1" t="s"><v>0</v></c></row><row r="2" ht="30" customHeight="1"/>'


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_workbook_without_cell_text_is_empty(tmp_path, flavour):
    """Formatted but blank cells and sheet names are not text."""
    path = write_xlsx(tmp_path / "blank.xlsx", FLAVOURS[flavour], [("Sheet1", BLANK_ROWS), ("Budget 2025", "")], [""])
    assert error_kind(path) == "empty"


def test_workbook_with_one_number_has_text(tmp_path):
    rows = BLANK_ROWS + '<row r="3"><c r="C3"><v>42</v></c></row>'
    path = write_xlsx(tmp_path / "one.xlsx", TRANSITIONAL, [("Sheet1", rows), ("Budget 2025", "")], [""])
    assert texts(path) == ["Sheet1", "42", "Budget 2025"]


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
ODF_MIMETYPES = {"odt": "application/vnd.oasis.opendocument.text",
                 "ods": "application/vnd.oasis.opendocument.spreadsheet",
                 "odp": "application/vnd.oasis.opendocument.presentation"}
ODF_BODIES = {
    "odt": '<office:text><text:h text:outline-level="1">Minutes</text:h>'
           '<text:p>The committee approved the new ferry timetable.</text:p></office:text>',
    "ods": '<office:spreadsheet><table:table table:name="Timetable"><table:table-row>'
           '<table:table-cell office:value-type="string"><text:p>Ferry departs 07:15</text:p></table:table-cell>'
           '</table:table-row></table:table></office:spreadsheet>',
    "odp": '<office:presentation><draw:page draw:name="Ferry"><draw:frame><draw:text-box>'
           '<text:p>New ferry timetable from May</text:p></draw:text-box></draw:frame></draw:page>'
           '</office:presentation>',
}
BLANK_ODS = ('<office:spreadsheet><table:table table:name="Sheet1">'
             '<table:table-row table:number-rows-repeated="1048576">'
             '<table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>'
             '<table:table table:name="Notes"/></office:spreadsheet>')


def odf_content(body: str) -> bytes:
    return (f'{XML_HEAD}<office:document-content {ODF_NS} office:version="1.3"><office:body>{body}'
            '</office:body></office:document-content>').encode()


def write_odf(path: Path, fmt: str, content: bytes, manifest_entries: str = "",
              encrypted_parts: dict[str, bytes] | None = None) -> Path:
    """An ODF package as LibreOffice writes it: a stored ``mimetype`` first, then the parts."""
    manifest = (f'{XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                f'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{ODF_MIMETYPES[fmt]}"/>{manifest_entries}</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", ODF_MIMETYPES[fmt], compress_type=zipfile.ZIP_STORED)
        for name, data in (encrypted_parts or {}).items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)  # encrypted parts are stored
        if encrypted_parts is None or "content.xml" not in encrypted_parts:
            zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_spreadsheet_without_cell_text_is_empty(tmp_path):
    assert error_kind(write_odf(tmp_path / "blank.ods", "ods", odf_content(BLANK_ODS))) == "empty"
    assert texts(write_odf(tmp_path / "full.ods", "ods", odf_content(ODF_BODIES["ods"]))) == [
        "Timetable", "Ferry departs 07:15"]


# --- 3. Password-protected OpenDocument -------------------------------------------------------
def odf_encrypt(data: bytes, password: str, full_path: str, media_type: str) -> tuple[bytes, str]:
    """Deflate and encrypt one part as LibreOffice does (ODF 1.2+: AES-256-CBC, PBKDF2 over
    the SHA-256 of the password); returns the stored bytes and the part's manifest entry."""
    from cryptography.hazmat.primitives import hashes, padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    salt, iv = os.urandom(16), os.urandom(16)
    start_key = hashlib.sha256(password.encode()).digest()
    key = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=100_000).derive(start_key)
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padder.update(deflated) + padder.finalize()) + encryptor.finalize()
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    entry = (f'<manifest:file-entry manifest:full-path="{full_path}" manifest:media-type="{media_type}" '
             f'manifest:size="{len(data)}"><manifest:encryption-data manifest:checksum-type='
             f'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
             f'manifest:checksum="{b64(hashlib.sha256(deflated[:1024]).digest())}">'
             f'<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
             f'manifest:initialisation-vector="{b64(iv)}"/>'
             '<manifest:start-key-generation manifest:start-key-generation-name='
             '"http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>'
             f'<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
             f'manifest:iteration-count="100000" manifest:salt="{b64(salt)}"/></manifest:encryption-data>'
             '</manifest:file-entry>')
    return encrypted, entry


@pytest.fixture(scope="module")
def encrypted_odf(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("encrypted-odf")
    files = {}
    for fmt, body in ODF_BODIES.items():
        content, content_entry = odf_encrypt(odf_content(body), "ferry", "content.xml", "text/xml")
        styles, styles_entry = odf_encrypt(f"<office:document-styles {ODF_NS}/>".encode(), "ferry", "styles.xml",
                                           "text/xml")
        files[fmt] = write_odf(folder / f"minutes.{fmt}", fmt, b"", content_entry + styles_entry,
                               {"content.xml": content, "styles.xml": styles})
    # ODF 1.4 "wholesome" encryption (LibreOffice 24.2+): the whole document is one encrypted
    # inner package; the outer one holds only the mimetype, the manifest and that part.
    inner, inner_entry = odf_encrypt(b"PK\x03\x04" + os.urandom(600), "ferry", "encrypted-package",
                                     "application/vnd.oasis.opendocument.text")
    files["wholesome"] = write_odf(folder / "wholesome.odt", "odt", b"", inner_entry, {"encrypted-package": inner})
    return files


@pytest.mark.parametrize("name", ["odt", "ods", "odp", "wholesome"])
def test_password_protected_odf_is_encrypted_not_corrupt(encrypted_odf, name):
    path = encrypted_odf[name]
    assert sniff(path).is_document
    assert error_kind(path) == "encrypted"


def test_plain_odf_next_to_the_encrypted_ones_reads(tmp_path):
    """The same documents without a password: the check above can tell them apart."""
    for fmt, body in ODF_BODIES.items():
        path = write_odf(tmp_path / f"minutes.{fmt}", fmt, odf_content(body))
        assert any("ferry" in text.lower() for text in texts(path)), fmt


def test_password_protected_odf_is_encrypted_through_the_sandbox(encrypted_odf):
    with pytest.raises(ExtractionError) as info:
        extract_isolated(encrypted_odf["odt"], timeout=60)
    assert info.value.kind == "encrypted"


# --- 4. Word: automatic numbering and alt text ------------------------------------------------
def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


NUMBERING = "".join([
    # 0: outline "1." / "1.1." / "1.1.1" (legal style, as in contracts and standards)
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>',
    level(0, "decimal", "%1."), level(1, "decimal", "%1.%2."), level(2, "decimal", "%1.%2.%3"), "</w:abstractNum>",
    # 1: "a)" with "(i)" below
    '<w:abstractNum w:abstractNumId="1">', level(0, "lowerLetter", "%1)"), level(1, "lowerRoman", "(%2)"),
    "</w:abstractNum>",
    # 2: an exam paper continuing at question 17: "q."
    '<w:abstractNum w:abstractNumId="2">', level(0, "lowerLetter", "%1.", start=17), "</w:abstractNum>",
    # 3: bullets in Symbol (private-use U+F0B7) and Courier New ("o")
    '<w:abstractNum w:abstractNumId="3">', level(0, "bullet", "\uf0b7"), level(1, "bullet", "o"),
    "</w:abstractNum>",
    # 4: "I." with "A." below
    '<w:abstractNum w:abstractNumId="4">', level(0, "upperRoman", "%1."), level(1, "upperLetter", "%2."),
    "</w:abstractNum>",
    # 5: Chinese documents: "一、", "①", "甲."
    '<w:abstractNum w:abstractNumId="5">', level(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>'),
    level(1, "decimalEnclosedCircle", "%2", extra='<w:suff w:val="nothing"/>'),
    level(2, "ideographTraditional", "%3."), "</w:abstractNum>",
    # 6: numbered headings bound to the heading styles
    '<w:abstractNum w:abstractNumId="6">', level(0, "decimal", "%1", extra='<w:pStyle w:val="Heading1"/>'),
    level(1, "decimal", "%1.%2", extra='<w:pStyle w:val="Heading2"/>'), "</w:abstractNum>",
    # 7: a second level that never restarts (lvlRestart 0)
    '<w:abstractNum w:abstractNumId="7">', level(0, "decimal", "%1."),
    level(1, "lowerLetter", "%2.", extra='<w:lvlRestart w:val="0"/>'), "</w:abstractNum>",
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
    # "Restart numbering": a new instance of the same list with a start override
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
    '</w:lvlOverride></w:num>',
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>',
    '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>',
    '<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>',
    '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>',
    '<w:num w:numId="8"><w:abstractNumId w:val="6"/></w:num>',
    # another instance without overrides continues the same list
    '<w:num w:numId="9"><w:abstractNumId w:val="1"/></w:num>',
    '<w:num w:numId="10"><w:abstractNumId w:val="7"/></w:num>',
    # an override that redefines a level: "E:" onwards
    '<w:num w:numId="11"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>',
    level(0, "upperLetter", "%1:"), "</w:lvlOverride></w:num>",
])
STYLES = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>'
    '<w:pPr><w:numPr><w:numId w:val="10"/></w:numPr></w:pPr></w:style>'
)


def para(text: str, num: int | None = None, ilvl: int | None = None, style: str | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "")
        props += f'<w:numId w:val="{num}"/></w:numPr>'
    return f'<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


NUMBERED_BODY = "".join([
    para("Scope", style="Heading1"),
    para("Definitions", 1, 0), para("Terms", 1, 1), para("Abbreviations", 1, 2), para("Units", 1, 1),
    para("Requirements", 1, 0), para("Skipped level", 1, 2), para("After the skip", 1, 1),
    para("The parties agree:"),
    para("first duty", 2, 0), para("detail", 2, 1), para("more detail", 2, 1), para("second duty", 2, 0),
    para("restarted", 3, 0), para("continued", 9, 0), para("redefined", 11, 0),
    para("question seventeen", 4, 0), para("question eighteen", 4, 0),
    para("bullet one", 5, 0), para("sub bullet", 5, 1),
    para("Part one", 6, 0), para("Section A", 6, 1), para("Section B", 6, 1), para("Part two", 6, 0),
    para("总则", 7, 0), para("适用范围", 7, 1), para("子项", 7, 2), para("附则", 7, 0),
    para("Background", style="Heading2"),
    para("style numbered", style="ListNumber"),
    para("never restarts a", 10, 1), para("second", 10, 0), para("never restarts b", 10, 1),
    para("not numbered", 0, style="ListNumber"),
    '<w:tbl><w:tr><w:tc>', para("in a cell", 1, 0), '</w:tc><w:tc>', para("plain cell"), "</w:tc></w:tr></w:tbl>",
])
NUMBERED_EXPECTED = [
    ("heading", "1 Scope"),
    ("list_item", "1. Definitions"), ("list_item", "1.1. Terms"), ("list_item", "1.1.1 Abbreviations"),
    ("list_item", "1.2. Units"), ("list_item", "2. Requirements"),
    ("list_item", "2.1.1 Skipped level"),  # a skipped level counts once, as Word shows it
    ("list_item", "2.2. After the skip"),
    ("paragraph", "The parties agree:"),
    ("list_item", "a) first duty"), ("list_item", "(i) detail"), ("list_item", "(ii) more detail"),
    ("list_item", "b) second duty"),
    ("list_item", "a) restarted"), ("list_item", "b) continued"), ("list_item", "E: redefined"),
    ("list_item", "q. question seventeen"), ("list_item", "r. question eighteen"),
    ("list_item", "• bullet one"), ("list_item", "◦ sub bullet"),
    ("list_item", "I. Part one"), ("list_item", "A. Section A"), ("list_item", "B. Section B"),
    ("list_item", "II. Part two"),
    ("list_item", "一、总则"), ("list_item", "①适用范围"), ("list_item", "甲. 子项"), ("list_item", "二、附则"),
    ("heading", "1.1 Background"),
    ("list_item", "1. style numbered"),
    ("list_item", "a. never restarts a"), ("list_item", "2. second"), ("list_item", "b. never restarts b"),
    ("paragraph", "not numbered"),
    ("table_row", "3. in a cell\tplain cell"),
]


@pytest.mark.parametrize("n,fmt,label", [
    (1, "decimal", "1"), (7, "decimalZero", "07"), (17, "lowerLetter", "q"), (28, "lowerLetter", "bb"),
    (4, "upperLetter", "D"), (14, "lowerRoman", "xiv"), (1999, "upperRoman", "MCMXCIX"), (22, "ordinal", "22nd"),
    (13, "ordinal", "13th"), (21, "cardinalText", "Twenty-one"), (12, "ordinalText", "Twelfth"),
    (3, "decimalEnclosedCircle", "③"), (10, "chineseCounting", "十"), (15, "chineseCounting", "十五"),
    (105, "chineseCountingThousand", "一百零五"), (2024, "chineseCountingThousand", "二千零二十四"),
    (11, "chineseLegalSimplified", "壹拾壹"), (2024, "ideographDigital", "二〇二四"), (3, "ideographTraditional", "丙"),
    (12, "decimalFullWidth", "１２"), (5, "none", ""), (5, "hebrew2", "5"), (10**9, "lowerRoman", "1000000000"),
])
def test_number_formats(n, fmt, label):
    from docvec_gui.core.extract.docx import format_number

    assert format_number(n, fmt) == label


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_docx_list_labels_as_word_shows_them(tmp_path, flavour):
    path = write_docx(tmp_path / "contract.docx", FLAVOURS[flavour], NUMBERED_BODY, NUMBERING, STYLES)
    assert [(b.kind, b.text) for b in extract_file(path).blocks] == NUMBERED_EXPECTED


def test_docx_numbering_on_a_real_word_file(docs_dir):
    """Word's own test file for list numbering (from Apache Tika), with the labels Word shows."""
    text = "\n".join(texts(docs_dir / "testWORD_numbered_list.docx"))
    for label in ["1) This", "a) Is", "i) A multi", "ii) Level", "1. Within cell 1", "b. Cell b", "iii) List",
                  "2) foo", "ii) baz", "ii) foo", "II. bar", "6. six", "7. seven", "a. seven a", "e. seven e",
                  "2. A ii 2", "3. page break list 3", "Some-1-CrazyFormat Greek numbering with crazy format - alpha",
                  "1.1.1. 1.1.1", "1.1. 1.2->1.1"]:
        assert label in text


def inline_picture(descr: str, title: str = "") -> str:
    title_attr = f' title="{title}"' if title else ""
    return ('<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
            f'<wp:docPr id="1" name="Picture 1" descr="{descr}"{title_attr}/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="image1.png" descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r>')


# A floating shape as Word 2010+ saves it: DrawingML in mc:Choice, the same shape in VML
# for older readers in mc:Fallback.
ANCHORED_SHAPE = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
    '<wp:docPr id="2" name="Flowchart 2" descr="Flow chart of the approval process"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"/></a:graphic>'
    '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
    '<v:shape alt="Flow chart of the approval process" style="width:100pt;height:50pt"/>'
    '</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


SOURCE_PATH_DESCRIPTION = "C:\\Users\\ana\\Pictures\\IMG_0042.JPG"


def test_docx_alt_text_of_pictures_and_shapes_is_kept(tmp_path):
    body = "".join([
        '<w:p><w:r><w:t>Figure 1 shows the pump.</w:t></w:r>',
        inline_picture("Cross-section of the centrifugal pump with impeller and volute", "Pump diagram"), "</w:p>",
        f"<w:p>{ANCHORED_SHAPE}</w:p>",
        # Office used to store the source file's path as the description: not alt text
        "<w:p>", inline_picture(SOURCE_PATH_DESCRIPTION), "</w:p>",
        # a VML picture from a Word 2003 document
        '<w:p><w:r><w:pict><v:shape alt="Signature of the harbour master"/></w:pict></w:r></w:p>',
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Logo</w:t></w:r></w:p></w:tc><w:tc><w:p>',
        inline_picture("Port authority crest"), "</w:p></w:tc></w:tr></w:tbl>",
    ])
    path = write_docx(tmp_path / "pump.docx", TRANSITIONAL, body)
    assert texts(path) == [
        "Figure 1 shows the pump.", "Pump diagram",
        "Cross-section of the centrifugal pump with impeller and volute",
        "Flow chart of the approval process",  # once, not again from the fallback
        "Signature of the harbour master",
        "Logo\tPort authority crest",
    ]


# --- 5. HTML main content ---------------------------------------------------------------------
PORTAL = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>长江流域今年夏粮收购进度过半_新闻中心_华中在线</title>
<script>var _hmt = _hmt || [];</script></head>
<body>
<div class="top_bar"><a href="/">首页</a> | <a href="/login">登录</a> | <a href="/app">手机版</a></div>
<div class="main_nav"><ul>
<li><a href="/news">新闻</a></li><li><a href="/finance">财经</a></li><li><a href="/sports">体育</a></li>
<li><a href="/ent">娱乐</a></li><li><a href="/tech">科技</a></li><li><a href="/edu">教育</a></li>
</ul></div>
<div class="sub_nav"><a href="/gn">国内</a> <a href="/gj">国际</a> <a href="/sh">社会</a> <a href="/js">军事</a></div>
<div class="w1200 clearfix">
 <div class="main_left fl"><div class="art_box">
  <h1 class="art_title">长江流域今年夏粮收购进度过半</h1>
  <div class="art_info"><span>2024-06-28 09:12</span> <span>来源：华中日报</span></div>
  <div class="art_con" id="artContent"><div class="TRS_Editor">
   <p>　　记者从省粮食和物资储备局获悉，截至6月27日，长江流域主产区累计收购小麦
八百六十万吨，收购进度已经过半，同比增加一百二十万吨。</p>
   <p>　　今年夏粮品质总体较好，一等、二等小麦占比超过八成。各地粮库提前腾仓并库，新增有效仓容二百万吨。</p>
   <div class="hide_con" style="display:none">
    <p>　　为方便农民售粮，多地粮库延长收购时间，推行预约售粮和上门收购服务。</p>
    <p>　　有关负责人表示，将继续加强市场监测，严格执行最低收购价政策，切实保护种粮农民利益。</p>
   </div>
   <p class="show_all"><a href="javascript:;">展开全文</a></p>
  </div></div>
  <div class="share_box">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
 </div>
 <div class="related_news"><h3>相关新闻</h3><ul>
  <li><a href="/n/1">全省小麦机收进度超过九成</a></li><li><a href="/n/2">首批最低收购价小麦入库</a></li>
  <li><a href="/n/3">粮食产后服务中心建设提速</a></li></ul></div>
 </div>
 <div class="main_right fr"><div class="hot_list"><h3>热点排行</h3><ol>
  <li><a href="/n/11">暴雨预警升级 多地启动防汛应急响应</a></li><li><a href="/n/12">高考志愿填报系统今日开放</a></li>
  <li><a href="/n/13">城市轨道交通三号线二期开通运营</a></li></ol></div></div>
</div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a></p>
<p>华中在线 版权所有 备案号：鄂ICP备00000000号</p></div>
</body></html>"""

# A home page written by hand: text straight in the body, and a theme's wrapper whose
# class names (site-header, sidebar) look like boilerplate.
PERSONAL = """<html><head><title>Margaret Hollis - Home Page</title></head>
<body bgcolor="#ffffff">
<div id="wrapper" class="site-header-fixed with-sidebar">
<h1>Margaret Hollis</h1>
<img src="me.jpg" alt="Photo of Margaret" align="right">
I am a retired schoolteacher living in Shropshire. I keep bees, restore old clocks
and write about the history of the Severn valley.<br>
This page has notes from my workshop.
<p>
My main project is a longcase clock by Samuel Deacon of Barton, made around 1790.
<p>
Beekeeping notes: the colonies came through the winter well.
<h2>Articles</h2>
<ul><li><a href="severn.html">The Severn trows</a></li><li><a href="clocks.html">Clockmakers</a></li>
<li><a href="bees.html">Skep to hive</a></li></ul>
Write to me at margaret (at) example.org.
</div></body></html>"""

# A plain page with one <article>: the text around it is the author's too.
PERSONAL_WITH_ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Notes on Compilers — Tomás Ruiz</title></head><body>
<header class="site-header"><h1>Tomás Ruiz</h1><a href="/">home</a> <a href="/cv.pdf">cv</a></header>
Hi! I work on compilers for small devices. These are notes I keep for myself.
<article><h2>Register allocation on tiny chips</h2>
<p>Linear scan is good enough for most 8-bit targets because the register file is so small that graph colouring
rarely finds a better assignment, and it is much faster to run on the build machine.</p>
<p>Spill code placement matters more than the choice of allocator: moving spills out of loops gave us a ten
percent speed-up on the benchmark suite.</p></article>
<p>Elsewhere: I also teach a weekend course on embedded programming at the community college.</p>
</body></html>"""

# A news page whose <article> holds the story and whose surroundings are only links.
NEWS_WITH_LINKS = """<!DOCTYPE html><html><head><title>Lock gates replaced</title></head><body>
<div class="topbar"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a>
<a href="/local">Local</a> <a href="/business">Business</a></div>
<div class="trending"><a href="/a">Trending: Council tax rise</a> <a href="/b">Trending: Bridge closure</a></div>
<main><article><h1>Lock gates replaced after forty years</h1>
<p>Engineers lifted the new oak gates into place at Hatton lock on Tuesday, completing a three-week closure.</p>
<p>The old gates, installed in 1984, had been leaking for several seasons and needed constant pumping.</p>
<p>Boaters can use the flight again from Friday morning, the canal trust said.</p></article></main>
</body></html>"""


def html_doc(tmp_path: Path, name: str, page: str):
    path = tmp_path / name
    path.write_bytes(page.encode("utf-8"))
    return extract_file(path)


def test_chinese_portal_keeps_title_heading_and_body(tmp_path):
    doc = html_doc(tmp_path, "news.html", PORTAL)
    text = doc.text
    assert doc.title == "长江流域今年夏粮收购进度过半_新闻中心_华中在线"
    assert doc.blocks[0].text == doc.title  # the title is text, not only metadata
    assert "长江流域今年夏粮收购进度过半" in [b.text for b in doc.blocks if b.kind == "heading"]
    for sentence in ["累计收购小麦八百六十万吨，收购进度已经过半",  # a source line break inside Chinese is no space
                     "新增有效仓容二百万吨", "推行预约售粮和上门收购服务",  # the collapsed rest of the story
                     "切实保护种粮农民利益"]:
        assert sentence in text
    for menu_word in ["财经", "军事", "微博", "备案号"]:  # menus, share buttons, footer: still removed
        assert menu_word not in text


def test_personal_page_with_boilerplate_like_class_names_keeps_its_text(tmp_path):
    doc = html_doc(tmp_path, "index.html", PERSONAL)
    text = doc.text
    assert doc.blocks[0].text == "Margaret Hollis - Home Page"
    assert [b.text for b in doc.blocks if b.kind == "heading"][1] == "Margaret Hollis"
    for sentence in ["I am a retired schoolteacher living in Shropshire.", "longcase clock by Samuel Deacon",
                     "the colonies came through the winter well", "Write to me at margaret (at) example.org."]:
        assert sentence in " ".join(text.split())


def test_text_around_an_article_is_kept_with_the_h1(tmp_path):
    doc = html_doc(tmp_path, "notes.html", PERSONAL_WITH_ARTICLE)
    text = " ".join(doc.text.split())
    assert "Tomás Ruiz" in [b.text for b in doc.blocks if b.kind == "heading"]
    for sentence in ["Hi! I work on compilers for small devices.", "Linear scan is good enough",
                     "Spill code placement matters more", "I also teach a weekend course"]:
        assert sentence in text


def test_article_among_links_is_still_chosen(tmp_path):
    """Main-content detection still works where it is safe: only links outside the story."""
    doc = html_doc(tmp_path, "lock.html", NEWS_WITH_LINKS)
    assert [b.text for b in doc.blocks] == [
        "Lock gates replaced after forty years",  # holds the title: not repeated
        "Engineers lifted the new oak gates into place at Hatton lock on Tuesday, completing a three-week closure.",
        "The old gates, installed in 1984, had been leaking for several seasons and needed constant pumping.",
        "Boaters can use the flight again from Friday morning, the canal trust said."]


def test_h1_in_a_boilerplate_region_survives(tmp_path):
    page = ("<html><head><title>Field notes</title></head><body>"
            '<div class="masthead"><h1>Field notes from the Wash</h1>'
            '<a href="/">Home</a> <a href="/about">About</a></div>'
            "<nav><h1>Site menu</h1><a href='/a'>A</a></nav>"
            "<p>Knot and dunlin gathered on the mud at high tide, about four thousand birds in all.</p>"
            "<p>A peregrine came through twice and put the whole flock up; it took an hour to settle again.</p>"
            "<p>On the way back the saltmarsh was full of redshank calling from the creeks.</p>"
            "<footer>Copyright 2024</footer></body></html>")
    headings = [b.text for b in html_doc(tmp_path, "wash.html", page).blocks if b.kind == "heading"]
    assert headings == ["Field notes from the Wash", "Site menu"]  # the title opens the text: not repeated


def test_hidden_or_banner_named_h1_survives(tmp_path):
    page = ("<html><head><title>Ferry times</title></head><body>"
            '<h1 class="site-header" style="display:none">Ferry timetable for the islands</h1>'
            "<p>The first boat leaves at 07:15 and the last returns at 21:40, every day except Sunday.</p>"
            "<p>Bicycles travel free; cars must be booked a day ahead at the harbour office.</p></body></html>")
    assert "Ferry timetable for the islands" in [b.text for b in html_doc(tmp_path, "f.html", page).blocks]


def test_title_is_not_repeated_when_the_page_starts_with_it(tmp_path):
    page = ("<html><head><title>Tide tables</title></head><body><h1>Tide tables</h1>"
            "<p>High water at Avonmouth is at 06:42 and 19:05.</p></body></html>")
    assert [b.text for b in html_doc(tmp_path, "tides.html", page).blocks] == [
        "Tide tables", "High water at Avonmouth is at 06:42 and 19:05."]


# -- Excel 97-2003 workbooks without cell text (the lead's addition to xls.py) ---------------------
def _xls(path: Path, cells: dict[tuple[int, int], object]) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Budget")
    book.add_sheet("Notes")
    for (row, col), value in cells.items():
        sheet.write(row, col, value)
    book.save(str(path))
    return path


def test_blank_xls_is_empty_and_one_number_is_text(tmp_path):
    with pytest.raises(ExtractionError) as caught:
        extract_file(_xls(tmp_path / "blank.xls", {}))
    assert caught.value.kind == "empty"
    doc = extract_file(_xls(tmp_path / "one.xls", {(2, 1): 42}))
    assert [b.text for b in doc.blocks if b.kind == "table_row"] == ["42"]  # stripped
