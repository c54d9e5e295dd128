"""Workbooks (.xlsx, .xls, .et, .ods) through python-calamine: each sheet a heading and its table or text.

python-calamine (Rust's calamine) reads all four formats, WPS's .et included, at several hundred
thousand cells a second, where openpyxl reads only .xlsx and xlrd no longer reads .xlsx: one
library for every workbook an office sends. It keeps a merged range's value in its first cell
only and reports the ranges for .xlsx and .xls (not .ods), which tables.shape uses.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from tracker.readers import DocumentText, join_blocks, lexicon, too_big
from tracker.readers.tables import shape


def cell_text(value) -> str:
    """A cell as a person reads it: 1.0 -> 1, a date -> 2023年12月31日 (the form the deadline rules know)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            value = value.date()
        else:
            return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.timedelta | dt.time):
        return str(value)
    return str(value).strip()


def _check_unzipped(path: Path) -> None:
    """A zipped workbook that would unpack past the cap is refused before calamine inflates it."""
    from tracker.config import reader_limits

    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as zf:
        size = sum(info.file_size for info in zf.infolist())
    if size > reader_limits().max_unzipped_mb * 2**20:
        from tracker.documents import DocumentError

        raise DocumentError(too_big(f"表格解压后大小 {size // 2**20} MB", size // 2**20, "max_unzipped_mb"))


def _is_default_name(name: str) -> bool:
    return any(re.fullmatch(p, name.strip()) for p in lexicon()["default_sheet_names"])


def read(path: Path) -> DocumentText:
    """Every visible worksheet: '# 名称' (unless it is Sheet1), then title lines and the task table, or its text."""
    import python_calamine as calamine

    from tracker.config import reader_limits
    from tracker.documents import DocumentError

    limits = reader_limits()
    _check_unzipped(path)
    try:
        # From the bytes, not the path: calamine then goes by the content, so an .xlsx named .xls still reads.
        with open(path, "rb") as f:
            book = calamine.CalamineWorkbook.from_filelike(f)
    except calamine.PasswordError:
        raise DocumentError("表格文件有密码保护，请先去掉密码再导入") from None
    except Exception as exc:  # calamine raises its own kinds and ValueError for a broken file
        raise DocumentError(f"不是可读取的表格文件（{exc.__class__.__name__}）") from None
    sheets = [m for m in book.sheets_metadata
              if m.typ == calamine.SheetTypeEnum.WorkSheet and m.visible == calamine.SheetVisibleEnum.Visible]
    if len(sheets) > limits.max_sheets:
        raise DocumentError(too_big(f"工作表数 {len(sheets)}", len(sheets), "max_sheets"))
    blocks: list = []
    notes = []
    for meta in sheets:
        sheet = book.get_sheet_by_name(meta.name)
        if sheet.height > limits.max_sheet_rows:
            raise DocumentError(too_big(f"工作表“{meta.name}”行数 {sheet.height}", sheet.height, "max_sheet_rows"))
        # Absolute positions (skip_empty_area=False), because merged ranges are given in them.
        rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False, nrows=limits.max_sheet_rows)]
        if not any(any(r) for r in rows):
            continue
        if not _is_default_name(meta.name):
            blocks.append(f"# {meta.name.strip()}")
        shaped = shape(rows, sheet.merged_cell_ranges)
        if not any(isinstance(b, list) for b in shaped):
            notes.append(f"工作表“{meta.name}”没有表头行（序号、工作任务、责任单位等），按正文读取")
        blocks.extend(shaped)
    book.close()
    if not blocks:
        raise DocumentError("表格中没有任何内容")
    return DocumentText(join_blocks(blocks), kind="sheet", sheets=len(sheets), notes=tuple(notes))
