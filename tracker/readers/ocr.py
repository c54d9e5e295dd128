"""Images and scanned pages read by Tesseract OCR in Simplified Chinese (chi_sim).

Tesseract is run as a subprocess (the `tesseract` program from Debian's tesseract-ocr) rather
than through pytesseract: pytesseract is itself only a subprocess wrapper, and it offers no way
to pass OMP_THREAD_LIMIT=1, which keeps one OCR to one core on a machine other work shares.
Without Tesseract or its chi_sim data the message names the Debian packages to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from tracker.readers import DocumentText, join_blocks, squeeze_cjk_spaces, too_big

PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim"
LANGUAGE = "chi_sim"


@lru_cache(maxsize=1)
def _languages(tesseract: str) -> frozenset[str]:
    done = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:])


def tesseract() -> str:
    """The tesseract program, checked to have Simplified Chinese; DocumentError naming the packages if not."""
    from tracker.documents import DocumentError

    program = shutil.which("tesseract")
    if program is None:
        raise DocumentError(f"这是扫描件或图片，需要 OCR 识别文字，但本机未安装 Tesseract。"
                            f"请安装 {PACKAGES}（Debian/Ubuntu：apt-get install {PACKAGES}）后再导入")
    if LANGUAGE not in _languages(program):
        raise DocumentError("这是扫描件或图片，需要 OCR 识别文字，但 Tesseract 缺少简体中文数据。"
                            "请安装 tesseract-ocr-chi-sim（apt-get install tesseract-ocr-chi-sim）后再导入")
    return program


def check_pixels(width: int, height: int, what: str = "图片") -> None:
    from tracker.config import reader_limits
    from tracker.documents import DocumentError

    if width * height > reader_limits().max_image_pixels:
        raise DocumentError(too_big(f"{what}像素数 {width}×{height}", width * height, "max_image_pixels"))


def paragraphs(raw: str) -> list[str]:
    """Tesseract's output as paragraphs: its blank lines end a block, lines inside a block are one paragraph."""
    out = []
    for block in re.split(r"\n\s*\n", raw):
        # Tesseract puts a space between CJK characters it read one by one.
        lines = [squeeze_cjk_spaces(line).strip() for line in block.splitlines()]
        text = ""
        for line in filter(None, lines):
            # Latin words broken over two lines keep a space; Chinese joins directly.
            text += " " + line if text and re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9]$", text) else line
        if text:
            out.append(text)
    return out


def ocr_image(image) -> list[str]:
    """The paragraphs Tesseract reads in one PIL image (one page)."""
    from tracker.config import reader_limits
    from tracker.documents import DocumentError

    program = tesseract()
    check_pixels(*image.size)
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    with tempfile.TemporaryDirectory(prefix="tracker-ocr-") as folder:
        source = Path(folder) / "page.png"
        image.save(source)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run([program, str(source), "stdout", "-l", LANGUAGE, "--psm", "3",
                                   "-c", "preserve_interword_spaces=1"],
                                  capture_output=True, text=True, timeout=reader_limits().ocr_seconds, env=env)
        except subprocess.TimeoutExpired:
            raise DocumentError(too_big("OCR 识别一页的秒数", reader_limits().ocr_seconds, "ocr_seconds")) from None
    if done.returncode != 0:
        raise DocumentError(f"OCR 识别失败：{done.stderr.strip()[-200:]}")
    return paragraphs(done.stdout)


def read(path: Path) -> DocumentText:
    """A photo or scan (.png .jpg .tif, TIFF pages each a page) as OCR'd paragraphs; an empty result is an error."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    from tracker.config import reader_limits
    from tracker.documents import DocumentError

    tesseract()  # before opening anything: a missing OCR says so even for a broken image
    limits = reader_limits()
    # Pillow's own decompression-bomb guard at our cap (it warns at the cap and refuses at twice it).
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with Image.open(path) as image:
            pages = getattr(image, "n_frames", 1)
            if pages > limits.max_ocr_pages:
                raise DocumentError(too_big(f"图片页数 {pages}", pages, "max_ocr_pages"))
            blocks: list[str] = []
            for frame in ImageSequence.Iterator(image):
                check_pixels(*frame.size)
                # A phone photo is stored sideways with an EXIF note to turn it; Tesseract needs it upright.
                blocks.extend(ocr_image(ImageOps.exif_transpose(frame.copy())))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise DocumentError(too_big("图片像素数", 0, "max_image_pixels")) from None
        raise DocumentError(f"不是可读取的图片文件（{exc.__class__.__name__}）") from None
    if not blocks:
        raise DocumentError("图片中没有识别出文字（OCR 结果为空）")
    return DocumentText(join_blocks(blocks), kind="image", pages=pages, ocr=True,
                        notes=("文字由 OCR 识别，数字和人名请对照原件核对",))
