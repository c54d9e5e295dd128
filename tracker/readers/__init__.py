"""Readers for the files an office receives besides plain text: PDF, scans and photos, workbooks, old Word.

Each module reads one kind and returns a DocumentText whose `text` is what the parser reads:
paragraphs one per line, and each table as one line per row with its cells joined by TAB, the
header row first and a blank line before and after, e.g. for a task sheet named 重点任务:

    # 重点任务

    序号\t工作任务\t完成时限\t责任单位
    1\t新建社区食堂20家\t2023年底前\t区民政局

tracker/documents.py picks the reader by the file's first bytes and its suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

# First bytes of each container, because a file's suffix is often wrong (a .xls that is really
# an .xlsx, a .doc saved as .wps, an upload renamed by a mail client).
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ods"}
CONVERT_SUFFIXES = {".doc", ".wps"}
PDF_SUFFIXES = {".pdf"}
SUFFIXES = PDF_SUFFIXES | IMAGE_SUFFIXES | SHEET_SUFFIXES | CONVERT_SUFFIXES


@dataclass(frozen=True)
class DocumentText:
    """What one file gave: its text for the parser and what was read to get it.

    `ocr` says some of the text was recognised from images (the review page warns that digits
    may be misread); `notes` are Chinese sentences for the person (第2页为扫描件，已OCR识别).
    `sha256` is the hash of the file's bytes, the key its original is kept under.
    """

    text: str
    kind: str  # text, html, docx, pdf, image, sheet, doc
    pages: int = 0
    sheets: int = 0
    ocr: bool = False
    notes: tuple[str, ...] = field(default=())
    sha256: str = ""

    def with_hash(self, sha256: str) -> DocumentText:
        return replace(self, sha256=sha256)

    def summary(self) -> str:
        """What was read, for the person who gave the file: PDF，3 页，含 OCR 识别文字 / 表格，2 个工作表."""
        parts = [KIND_NAMES.get(self.kind, self.kind)]
        if self.pages:
            parts.append(f"{self.pages} 页")
        if self.sheets:
            parts.append(f"{self.sheets} 个工作表")
        if self.ocr:
            parts.append("含 OCR 识别文字")
        return "，".join(parts)


# How a person calls each kind, in the summary of what was read.
KIND_NAMES = {"text": "文本", "html": "网页", "docx": "Word 文档", "pdf": "PDF", "image": "图片",
              "sheet": "表格", "doc": "旧版 Word/WPS 文档"}


def sniff(head: bytes) -> str | None:
    """The container a file's first bytes announce: pdf, zip, ole2, png, jpeg, tiff, or None (text or unknown)."""
    # A PDF may have a few bytes of junk before its header; readers accept it within the first KiB.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return None


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """tracker/lexicon/readers.yaml, loaded once (header limits, sheet names, page-number patterns, radicals)."""
    from tracker.extract.lexicon import load

    return load("readers.yaml")


def too_big(what: str, value: int, limit_field: str) -> str:
    """The message for a file past a cap, naming the variable that raises it."""
    from tracker.config import LIMIT_VARIABLES, reader_limits

    cap = getattr(reader_limits(), limit_field)
    return f"{what}（{value}）超过上限 {cap}；如确需导入，可设置环境变量 {LIMIT_VARIABLES[limit_field]}"


# Spaces that PDF text layers and Tesseract put between Chinese characters, or between Chinese
# and digits (Word's and LibreOffice's autospacing of 新建社区食堂 20 家): the text never had them.
_CJK = r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK}) +|(?<=\S) +(?={_CJK})")


def squeeze_cjk_spaces(text: str) -> str:
    """新建社区食堂 20 家 -> 新建社区食堂20家; Latin words keep their spaces (使用Excel 表格 -> 使用Excel表格)."""
    return _CJK_GAP.sub("", text)


_CELL_SPACE = re.compile(r"\s*[\r\n\t]+\s*")


def clean_cell(value: str) -> str:
    """A cell's text on one line: TAB ends a cell in the output, so breaks and tabs inside become spaces."""
    return _CELL_SPACE.sub(" ", value).strip()


def join_blocks(blocks: list) -> str:
    """Paragraphs (str) one a line and tables (lists of rows) as TAB-separated rows with a blank line around."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            if block.strip():
                out.append(block.strip())
        elif block:
            out.append("\n" + "\n".join("\t".join(clean_cell(c) for c in row) for row in block) + "\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"
