"""XLSX (SpreadsheetML, transitional or Strict): each sheet under its name as a heading,
one block per row with tab-separated cell values (shared strings, inline strings, numbers,
booleans). A workbook without any cell text is ``empty``: sheet names alone are no text."""
from __future__ import annotations

import io
import posixpath
from pathlib import Path

from lxml import etree

from docvec_gui.core.extract.archive import SafeZip
from docvec_gui.core.extract.docx import OfficeZip, _core_properties, main_part, related_part, relationships
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_ROWS_PER_SHEET = 200_000


def _shared_strings(zf: SafeZip, workbook: str) -> list[str]:
    default = posixpath.join(posixpath.dirname(workbook), "sharedStrings.xml")
    part = related_part(zf, workbook, "sharedStrings", default)
    if part is None:
        return []
    strings = []
    for si in zf.xml(part).iter(S + "si"):
        # Phonetic runs (rPh) repeat the text's reading; skip them.
        strings.append("".join(t.text or "" for t in si.iter(S + "t") if t.getparent().tag != S + "rPh"))
    return strings


def _sheets(zf: SafeZip, workbook: str) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order."""
    rels = {rel_id: target for rel_id, _, target in relationships(zf, workbook)}
    out = []
    for sheet in zf.xml(workbook).iter(S + "sheet"):
        part = rels.get(sheet.get(R + "id"))
        if part and zf.has(part):
            out.append((sheet.get("name") or part, part))
    return out


def _format_number(raw: str) -> str:
    try:
        value = float(raw)
    except ValueError:
        return raw
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 10)).rstrip("0").rstrip(".") if "e" not in repr(value) else raw


def _cell_value(cell: etree._Element, shared: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(S + "t"))
    value = cell.findtext(S + "v")
    if value is None:
        return ""
    if kind == "s":
        try:
            return shared[int(value)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    if kind in ("str", "e"):
        return value
    return _format_number(value)


def _sheet_rows(data: bytes, shared: list[str]):
    context = etree.iterparse(io.BytesIO(data), events=("end",), tag=S + "row", resolve_entities=False,
                              no_network=True, load_dtd=False, huge_tree=False)
    count = 0
    try:
        for _, row in context:
            values = [_cell_value(c, shared).strip() for c in row.iter(S + "c")]
            row.clear()
            while values and not values[-1]:
                values.pop()
            if any(values):
                yield "\t".join(values)
                count += 1
                if count >= MAX_ROWS_PER_SHEET:
                    return
    except etree.XMLSyntaxError as exc:
        raise ExtractionError("corrupt", f"malformed worksheet XML: {exc}") from exc


def extract_xlsx(path: Path) -> Extracted:
    with OfficeZip(path) as zf:
        workbook = main_part(zf, "xl/workbook.xml")
        if not zf.has(workbook):
            raise ExtractionError("corrupt", "the XLSX package has no xl/workbook.xml")
        shared = _shared_strings(zf, workbook)
        out = BlockBuilder()
        sheets = _sheets(zf, workbook)
        rows = 0
        for number, (name, part) in enumerate(sheets, start=1):
            out.page = number
            out.heading(name, 1)
            for row in _sheet_rows(zf.read(part), shared):
                out.add(row, "table_row")
                rows += 1
        title, author = _core_properties(zf)
    if not rows:
        raise ExtractionError("empty", "the Excel workbook has no cell text")
    return Extracted("xlsx", out.blocks, title=title, author=author, page_count=len(sheets))
