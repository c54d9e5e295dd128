"""Which files a progress update may carry as evidence (佐证材料), judged by their bytes, not their name.

    >>> check("验收报告.pdf", b"%PDF-1.4 ...", max_bytes=1000)
    'pdf'

A PDF, a picture (JPEG, PNG, GIF, WebP, BMP, TIFF), a Word file (.docx, .doc) or a workbook
(.xlsx, .xls). The `filetype` package reads the first bytes (the magic numbers) of the file;
a name whose extension belongs to another kind is refused, so an .exe called 报告.pdf or a PDF
called 表格.xlsx never lands. Files are kept and handed back as bytes with the media type of
their kind, never rendered as a page: nothing here opens or parses them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

import filetype

# kind (filetype's extension) -> (the extensions a name of that kind may have, its media type, a word for people)
KINDS = {
    "pdf": ((".pdf",), "application/pdf", "PDF"),
    "jpg": ((".jpg", ".jpeg"), "image/jpeg", "图片"),
    "png": ((".png",), "image/png", "图片"),
    "gif": ((".gif",), "image/gif", "图片"),
    "webp": ((".webp",), "image/webp", "图片"),
    "bmp": ((".bmp",), "image/bmp", "图片"),
    "tif": ((".tif", ".tiff"), "image/tiff", "图片"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "doc": ((".doc",), "application/msword", "Word"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "xls": ((".xls",), "application/vnd.ms-excel", "Excel"),
}
ALLOWED_TEXT = "PDF、图片（JPG、PNG、GIF、WebP、BMP、TIFF）、Word（docx、doc）、Excel（xlsx、xls）"
MAX_NAME = 120


class EvidenceRefused(ValueError):
    """A file that may not be kept as evidence; the message is a sentence for the person who gave it."""


def clean_name(name) -> str:
    """The file's own name, never a path, without control characters: "../../etc/报告.pdf" -> "报告.pdf"."""
    text = str(name or "")
    text = PureWindowsPath(PurePosixPath(text).name).name  # both separators: a name from any browser
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C")).strip()
    text = re.sub(r"\s+", " ", text)
    if len(text) > MAX_NAME:
        stem, dot, ext = text.rpartition(".")
        text = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else text[:MAX_NAME]
    return text


def check(name: str, data: bytes, max_bytes: int) -> str:
    """The kind of an acceptable evidence file (pdf, jpg, docx, ...), or EvidenceRefused saying why."""
    name = clean_name(name)
    if not name:
        raise EvidenceRefused("文件名为空")
    if not isinstance(data, (bytes, bytearray, memoryview)) or not len(data):
        raise EvidenceRefused(f"文件 {name} 是空的")
    if max_bytes and len(data) > max_bytes:
        raise EvidenceRefused(f"文件 {name} 有 {len(data) / 1024**2:.1f} MB, 超过每个文件 {max_bytes / 1024**2:g} MB 的上限"
                              "（环境变量 TRACKER_EVIDENCE_MAX_MB）")
    guessed = filetype.guess(bytes(data[:8192]) if len(data) > 8192 else bytes(data))
    kind = guessed.extension if guessed else None
    if kind not in KINDS:
        what = f"内容是 {kind} 文件" if kind else "无法从内容判断文件类型"
        raise EvidenceRefused(f"文件 {name} 不能作为佐证材料: {what}; 只接受 {ALLOWED_TEXT}")
    extensions = KINDS[kind][0]
    if not name.lower().endswith(extensions):
        raise EvidenceRefused(f"文件 {name} 的内容是 {KINDS[kind][2]}（{kind}）, 与文件名不符; "
                              f"请使用 {'、'.join(extensions)} 文件名")
    return kind


def mime(kind: str) -> str:
    """The media type a kept file is handed back under: never text/html, whatever was stored."""
    return KINDS.get(kind, ((), "application/octet-stream", ""))[1]
