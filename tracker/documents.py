"""Turn a file into plain text: .txt in UTF-8 or GB18030 (or what charset-normalizer finds), .html, .docx.

Example: a GB18030 file holding 确保全年完成366个老旧小区改造任务 reads back as that same str.
"""

from __future__ import annotations

from pathlib import Path

SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".docx"}


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
    path = Path(path)
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
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    return text
