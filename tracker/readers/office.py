"""Old Word (.doc) and WPS (.wps) files: LibreOffice converts them to .docx, which documents.py reads.

No maintained Python library reads the binary Word format; LibreOffice's own filters read .doc
and Kingsoft's .wps alike. It runs headless with a profile of its own in a temporary folder, so
two imports at once (or a person's open LibreOffice) do not block on one profile lock.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tracker.readers import DocumentText, too_big

PACKAGE = "libreoffice-writer-nogui"


def soffice() -> str:
    from tracker.documents import DocumentError

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise DocumentError(f"旧版 Word/WPS 文件（.doc、.wps）需要 LibreOffice 转换，但本机未安装。"
                            f"请安装 {PACKAGE}（Debian/Ubuntu：apt-get install {PACKAGE}），"
                            f"或在 Word/WPS 中另存为 .docx 后再导入")
    return program


def read(path: Path) -> DocumentText:
    """The text of a .doc or .wps, by way of a .docx that LibreOffice writes in a temporary folder."""
    from tracker.config import reader_limits
    from tracker.documents import DocumentError, docx_to_text

    program = soffice()
    seconds = reader_limits().convert_seconds
    with tempfile.TemporaryDirectory(prefix="tracker-convert-") as folder:
        work = Path(folder)
        # A plain ASCII name: LibreOffice names its output after the input, and the input may be 通知(2).wps.
        source = work / f"source{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, source)
        try:
            done = subprocess.run([program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                                   "--norestore", "--convert-to", "docx", "--outdir", str(work), str(source)],
                                  capture_output=True, text=True, timeout=seconds)
        except subprocess.TimeoutExpired:
            raise DocumentError(too_big("LibreOffice 转换用时（秒）", seconds, "convert_seconds")) from None
        converted = work / "source.docx"
        if done.returncode != 0 or not converted.exists():
            raise DocumentError(f"LibreOffice 无法转换此文件（可能已损坏或有密码保护）{done.stderr.strip()[-200:]}")
        try:
            text = docx_to_text(converted)
        except Exception as exc:  # python-docx raises several kinds for a broken file
            raise DocumentError(f"转换后的 Word 文件无法读取（{exc.__class__.__name__}）") from None
    if not text.strip():
        raise DocumentError("文件中没有文字")
    return DocumentText(text, kind="doc", notes=("由 LibreOffice 从旧版格式转换",))
