"""Turn a file into plain text: .txt in UTF-8 or GB18030 (or what charset-normalizer finds), .html, .docx,
and through tracker/readers/ PDF, scans and photos (OCR), workbooks, and old .doc/.wps.

Example: a GB18030 file holding 确保全年完成366个老旧小区改造任务 reads back as that same str.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from tracker import readers
from tracker.readers import DocumentText

SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".docx"}
SUFFIXES |= readers.SUFFIXES


class DocumentError(Exception):
    """A file that cannot be read as text; the message says why, in Chinese, for the person who gave it."""


def decode_bytes(data: bytes) -> str:
    """Bytes to str. UTF-8 (with or without BOM) first, then GB18030, then charset-normalizer's guess.

    Strict UTF-8 and GB18030 are tried before guessing because they are what these offices
    produce, and a guess on a short Chinese text can pick a wrong legacy code page.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("不是文本文件：找不到合适的文字编码")
    return str(best)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line; headings keep a leading '#'."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    for level in range(1, 4):
        for h in soup.find_all(f"h{level}"):
            h.insert(0, "#" * level + " ")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "title", "table"]):
        block.append("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.append(" ")
    lines = (line.strip() for line in soup.get_text().splitlines())
    return "\n\n".join(line for line in lines if line)


def docx_to_text(path: Path) -> str:
    """Paragraphs and table rows of a Word file, in document order."""
    import docx

    document = docx.Document(str(path))
    parts = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
            if text.strip():
                parts.append(text)
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iter():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t")).strip())
                    parts.append(" ".join(c for c in cells if c))
    return "\n\n".join(parts)


def read_document(path: str | Path) -> str:
    """The text of one file, whatever its kind; raises DocumentError with a reason."""
    return read_document_info(path).text


def read_document_info(path: str | Path) -> DocumentText:
    """The text of one file and what was read: kind, pages, sheets, OCR or not, notes, the bytes' sha256.

    The reader is chosen by the first bytes (%PDF, a zip, an OLE2 compound file, PNG/JPEG/TIFF)
    before the suffix, because offices rename files: a .xls that is an .xlsx, a .doc that is a .docx.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        head = b""  # the text reader below names the reason (不存在, 没有读取权限 ...)
    read = _reader_for(path, head) if head else None
    if read is None:
        suffix = path.suffix.lower()
        kind = "docx" if suffix == ".docx" else "html" if suffix in {".html", ".htm"} | readers.SUFFIXES else "text"
        info = DocumentText(_read_text_document(path), kind=kind)
    else:
        from tracker.config import reader_limits

        size = path.stat().st_size
        if size > reader_limits().max_file_mb * 2**20:
            raise DocumentError(readers.too_big(f"文件大小 {size // 2**20} MB", size // 2**20, "max_file_mb"))
        info = read(path)
    with open(path, "rb") as f:
        return info.with_hash(hashlib.file_digest(f, "sha256").hexdigest())


def _zip_names(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        raise DocumentError("压缩包结构已损坏，无法读取") from None


def _docx_info(path: Path) -> DocumentText:
    """A .docx under another name (a .wps or .doc saved in the new format), by the .docx reader."""
    try:
        return DocumentText(docx_to_text(path), kind="docx")
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise DocumentError(f"不是可读取的 Word 文件（{exc.__class__.__name__}）") from None


def _reader_for(path: Path, head: bytes):
    """The reader for a file's content (a function path -> DocumentText), or None for the text reader below."""
    from tracker.readers import ocr, office, pdf, sheets

    suffix = path.suffix.lower()
    magic = readers.sniff(head)
    if magic == "pdf":
        return pdf.read
    if magic in ("png", "jpeg", "tiff"):
        return ocr.read
    if magic == "zip":
        names = _zip_names(path)
        if "word/document.xml" in names:
            return None if suffix == ".docx" else _docx_info
        if "xl/workbook.xml" in names or ("content.xml" in names and suffix in readers.SHEET_SUFFIXES):
            return sheets.read
        raise DocumentError("压缩包中不是 Word 或表格文件，无法读取")
    if magic == "ole2":
        if suffix in readers.CONVERT_SUFFIXES:
            return office.read
        if suffix in readers.SHEET_SUFFIXES:
            return sheets.read
        # Under another name: an OLE2 file names its streams in UTF-16, and a workbook has a Workbook stream.
        with open(path, "rb") as f:
            return sheets.read if "Workbook".encode("utf-16-le") in f.read(4 * 2**20) else office.read
    if suffix in readers.SUFFIXES and not head.lstrip().startswith(b"<"):
        raise DocumentError(f"扩展名是 {suffix}，但内容不是这种格式（文件可能已损坏，或扩展名被改过）")
    return None


def _read_text_document(path: Path) -> str:
    """A .txt, .html or .docx (and a web page saved as .xls, as some systems export): its text."""
    try:
        if path.suffix.lower() == ".docx":
            try:
                return docx_to_text(path)
            except Exception as exc:  # python-docx raises several kinds for a broken file
                if isinstance(exc, OSError):
                    raise
                raise DocumentError(f"不是可读取的 Word 文件（{exc.__class__.__name__}）") from exc
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("文件不存在") from None
    except IsADirectoryError:
        raise DocumentError("这是文件夹，不是文件") from None
    except PermissionError:
        raise DocumentError("没有读取权限") from None
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("二进制文件，不是文本")
    text = decode_bytes(data)
    if path.suffix.lower() in (".html", ".htm") or path.suffix.lower() in readers.SUFFIXES:
        text = html_to_text(text)
    return text
