"""Excel 97-2003 (.xls) via xlrd: each sheet as a heading, one block per row."""
from __future__ import annotations

from pathlib import Path

from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted
from docvec_gui.core.extract.xlsx import _format_number


def _cell_text(cell) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return _format_number(repr(cell.value))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return str(cell.value).strip()


def extract_xls(path: Path) -> Extracted:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except (xlrd.biffh.XLRDError, xlrd.compdoc.CompDocError) as exc:
        kind = "encrypted" if "encrypt" in str(exc).lower() else "corrupt"
        raise ExtractionError(kind, f"unreadable Excel 97-2003 workbook: {exc}") from exc
    except (OSError, ValueError, IndexError, AssertionError, KeyError) as exc:
        raise ExtractionError("corrupt", f"damaged Excel 97-2003 workbook: {exc}") from exc
    out = BlockBuilder()
    try:
        for number in range(book.nsheets):
            sheet = book.sheet_by_index(number)
            out.page = number + 1
            out.reset_headings()
            out.heading(sheet.name, 1)
            for r in range(sheet.nrows):
                values = [_cell_text(c) for c in sheet.row(r)]
                while values and not values[-1]:
                    values.pop()
                out.add("\t".join(values), "table_row")
            book.unload_sheet(number)
    except (xlrd.biffh.XLRDError, xlrd.compdoc.CompDocError) as exc:
        raise ExtractionError("corrupt", f"damaged Excel 97-2003 workbook: {exc}") from exc
    finally:
        book.release_resources()
    if not any(block.kind == "table_row" for block in out.blocks):
        # Sheet names alone are not content (as for .xlsx and .ods).
        raise ExtractionError("empty", "the Excel 97-2003 workbook has no cell text")
    return Extracted("xls", out.blocks, page_count=book.nsheets)
