"""Turn a file into plain text: .txt in UTF-8 or GB18030 (or what charset-normalizer finds), .html, .docx,
and through tracker/readers/ PDF, scans and photos (OCR), workbooks, and old .doc/.wps.

Example: a GB18030 file holding 确保全年完成366个老旧小区改造任务 reads back as that same str.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import zipfile
from pathlib import Path

from tracker import readers
from tracker.config import INPUT_LIMITS
from tracker.readers import DocumentText

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".docx"}
SUFFIXES |= readers.SUFFIXES


# The media type of a kept original by its kind, where its name's extension is not one the
# standard table knows (.wps, .et, or no extension at all).
KIND_MIME = {"text": "text/plain", "html": "text/html", "pdf": "application/pdf", "image": "image/png",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "sheet": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "doc": "application/msword"}


def mime_type(name: str, kind: str) -> str:
    """The media type to offer a kept original under: by its name first (a .xls is not a .xlsx, a .jpg
    not a .png; the standard mimetypes table knows these), else by its kind, else plain bytes."""
    guessed, _ = mimetypes.guess_type(name or "", strict=False)
    return guessed or KIND_MIME.get(kind, "application/octet-stream")


class DocumentError(Exception):
    """A file that cannot be read as text; the message says why, in Chinese, for the person who gave it."""


# Most bytes UTF-8 may replace in a text before it is taken for another encoding; one or two
# bad bytes in a long valid UTF-8 text are damage (a cut download, a stray byte), not GB18030.
MAX_REPLACED_BYTES = 8
# A GB18030 reading is trusted when this share of its non-ASCII characters are common simplified
# ones (GB2312). Latin-1 text read as GB18030 pairs an accented letter with the next ASCII letter
# (Zürich -> Z黵ich), which lands outside GB2312 almost every time.
GB18030_COMMON_SHARE = 0.9


def decode_bytes(data: bytes) -> str:
    """Bytes to str. UTF-8 (with or without BOM) first, then GB18030, then charset-normalizer's guess.

    Strict UTF-8 and GB18030 are tried before guessing because they are what these offices
    produce, and a guess on a short Chinese text can pick a wrong legacy code page. A UTF-8 text
    with a few bad bytes keeps its text, each bad byte replaced by U+FFFD and reported (a warning
    on the tracker.documents logger). A reading that is only a guess (GB18030 giving rare
    characters, or charset-normalizer giving no Chinese) is refused rather than stored garbled.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - replaced
    if replaced <= MAX_REPLACED_BYTES and multibyte >= 20 * replaced:
        at = text.find("\ufffd")
        log.warning("文本中有 %d 处无法按 UTF-8 解码的字节（第 %d 字节起，附近文字“%s”），已替换为 \ufffd",
                    replaced, first_bad, text[max(at - 10, 0):at + 10].replace("\n", " "))
        return text
    try:
        text = data.decode("gb18030")
        if _common_chinese_share(text) >= GB18030_COMMON_SHARE:
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("不是文本文件：找不到合适的文字编码")
    text = str(best)
    if best.chaos > 0.2 or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise DocumentError(f"无法确定文字编码（只能猜测为 {best.encoding}，读出的不是中文），为免存入乱码未导入；"
                            "请把文件另存为 UTF-8 后再导入")
    return text


def _common_chinese_share(text: str) -> float:
    """Share of the non-ASCII characters that are in GB2312 (1.0 for a text with none)."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(wide)


_DROPPED = frozenset({"script", "style", "noscript", "head"})
_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "title", "table"})
_CELLS = frozenset({"td", "th"})
_HEADINGS = {"h1": "# ", "h2": "## ", "h3": "### "}


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line; headings keep a leading '#'."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    lines = (line.strip() for line in _visible_text(soup).splitlines())
    return "\n\n".join(line for line in lines if line)


def _visible_text(soup) -> str:
    """The page's strings in document order, a line break after each block and a space after each cell.

    One walk with its own stack, leaving the tree as it is: adding the breaks to the tree
    (Tag.append) walks to the block's last descendant each time, which costs depth squared on
    a page nested 100,000 levels deep, and Python's recursion would not reach that deep.
    """
    from bs4 import NavigableString, Tag

    wanted = soup.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    wanted = {wanted} if isinstance(wanted, type) else set(wanted)  # get_text's rule: these exact types, no comments
    out: list[str] = []
    stack: list = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            out.append(node)  # a break queued after a block or cell
        elif isinstance(node, NavigableString):
            if type(node) in wanted:
                out.append(node)
        elif node.name in _DROPPED:
            continue
        elif node.name == "br":
            out.append("\n")
        else:
            out.append(_HEADINGS.get(node.name, ""))
            if node.name in _BLOCKS or node.name in _CELLS:
                stack.append("\n" if node.name in _BLOCKS else " ")
            stack.extend(reversed(node.contents))
    return "".join(out)


def _check_docx_size(path: Path) -> None:
    """Refuse a Word file whose parts would inflate beyond the limit, before inflating any.

    The sizes come from the zip's directory; zipfile never hands out more than a part's stated
    size (and then fails its checksum), so a part that lies about its size cannot grow either.
    """
    import zipfile

    limit = INPUT_LIMITS.docx_mb
    try:
        with zipfile.ZipFile(path) as package:
            inflated = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise DocumentError(f"不是可读取的 Word 文件（{exc.__class__.__name__}）") from exc
    if limit and inflated > limit * 1_000_000:
        raise DocumentError(f"Word 文件解压后有 {inflated / 1_000_000:,.0f} MB，超过上限 {limit:g} MB"
                            "（可用环境变量 TRACKER_MAX_DOCX_MB 调整）")


def docx_to_text(path: Path) -> str:
    """Paragraphs and table rows of a Word file, in document order."""
    import docx

    _check_docx_size(path)
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


def check_text_size(text: str) -> str:
    """The text itself if it is within the limit (TRACKER_MAX_INPUT_MB), else DocumentError.

    For text that reaches the parser without a file (a page pasted into the dashboard).
    """
    limit = INPUT_LIMITS.text_mb
    cap = int(limit * 1_000_000)
    # measured in UTF-8, as a file is; a text under a quarter of the limit in characters cannot exceed it
    if limit and len(text) > cap // 4 and (size := len(text.encode("utf-8", "replace"))) > cap:
        raise DocumentError(_too_big(size, limit))
    return text


def _too_big(size: int, limit: float) -> str:
    return f"文件过大：{size / 1_000_000:,.1f} MB，超过上限 {limit:g} MB（可用环境变量 TRACKER_MAX_INPUT_MB 调整）"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or DocumentError when there are more than the limit: never reads past it."""
    limit = INPUT_LIMITS.text_mb
    if not limit:
        return path.read_bytes()
    cap = int(limit * 1_000_000)
    with open(path, "rb") as f:
        data = f.read(cap + 1)  # the stated size may change under us; reading one byte more tells
        if len(data) > cap:
            f.seek(0, 2)
            raise DocumentError(_too_big(max(f.tell(), len(data)), limit))
    return data


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
        check_text_size(info.text)
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
                return check_text_size(docx_to_text(path))
            except DocumentError:
                raise
            except Exception as exc:  # python-docx raises several kinds for a broken file
                if isinstance(exc, OSError):
                    raise
                raise DocumentError(f"不是可读取的 Word 文件（{exc.__class__.__name__}）") from exc
        data = _read_bytes(path)
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
