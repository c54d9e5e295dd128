"""PDF: the text layer in reading order with paragraphs rebuilt, tables as rows, scanned pages OCR'd.

Why pdfplumber and not pypdf: on the same 40-page Chinese notice printed by Chromium both take
30-70 ms a page of CPU (benchmarks/readers_speed.py prints both; they trade places from run to
run), so pypdf's lightness buys no speed here, while pdfplumber gives what pypdf does not: the
position of every line (to tell a new paragraph's indent from a line the page wrapped, and
running headers from body text) and ruled tables with their merged cells.

Both parse the page in Python, which alone misses the 20 pages/s target on a busy machine. So
a page that draws no lines, which cannot hold a ruled table, has its lines read by pypdfium2
(PDFium, in C, about 3 ms a page; pdfplumber brings it already and it draws scans for OCR);
pdfplumber reads only the pages with rules on them. Both give lines with the same positions.
Scanned pages are read by Tesseract (tracker/readers/ocr.py).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tracker.readers import DocumentText, join_blocks, lexicon, squeeze_cjk_spaces, too_big
from tracker.readers.tables import Merge, shape

BAND = 0.12  # top and bottom share of a page where running headers, footers and page numbers sit
OCR_DPI = 300  # Tesseract reads best at about 300 dpi
MIN_CHARS = 10  # a page with fewer characters in its text layer is a scan (or a scan with a stamp's text)
RULED = 4  # path objects from which a page may hold a ruled table and goes to pdfplumber


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size: the width of one Chinese character
    page: int
    page_height: float


@lru_cache(maxsize=1)
def _radicals() -> dict[int, str]:
    """Radical code points to the ideographs they stand for (⼯ -> 工), plus CJK compatibility ideographs."""
    table = {ord(k): v for k, v in lexicon()["radicals"].items()}
    table.update({cp: unicodedata.normalize("NFC", chr(cp)) for cp in range(0xF900, 0xFB00)
                  if unicodedata.normalize("NFC", chr(cp)) != chr(cp)})
    return table


@lru_cache(maxsize=1)
def _page_number() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in lexicon()["page_number"]))


def _mask(text: str) -> str:
    """A running line with its numbers masked, so 第3页 on each page counts as one line."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _edge_lines(lines: list[Line]) -> list[Line]:
    """Lines that may be running headers or footers: up to two lines at the top or bottom of their
    page, within the band, set apart from the body by a gap wider than a line (a body's first line is not)."""
    out = []
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        page_lines.sort(key=lambda ln: ln.top)
        height = page_lines[0].page_height
        for order in (page_lines, page_lines[::-1]):
            run = []
            for ln, toward_body in zip(order, [*order[1:], None], strict=True):
                if len(run) == 2 or not (ln.top < height * BAND or ln.bottom > height * (1 - BAND)):
                    break
                run.append(ln)
                if toward_body is None or max(toward_body.top - ln.bottom, ln.top - toward_body.bottom) > ln.size:
                    out.extend(run)
                    break
    return out


def drop_running_lines(lines: list[Line], pages: int) -> list[Line]:
    """Lines minus page numbers, running headers and footers: an edge line (see _edge_lines) that
    is a page number, or whose text (numbers masked) is an edge line on at least half the pages (two at least)."""
    number = _page_number()
    edges = _edge_lines(lines)
    repeats = Counter(_mask(ln.text) for ln in {(ln.page, _mask(ln.text)): ln for ln in edges}.values())
    need = max(2, (pages + 1) // 2)
    drop = {id(ln) for ln in edges if number.fullmatch(ln.text.strip()) or repeats[_mask(ln.text)] >= need}
    return [ln for ln in lines if id(ln) not in drop]


def _joins(text: str, line: str) -> str:
    """Two lines of one paragraph: Chinese joins directly, Latin words keep a space."""
    if re.search(r"[A-Za-z0-9,.;:]$", text) and re.match(r"[A-Za-z0-9]", line):
        return f"{text} {line}"
    return text + line


def _one_line(cell: str) -> str:
    """A table cell the column width wrapped (完成第4项重点工\n程建设) as the one line it was written as."""
    text = ""
    for line in cell.split("\n"):
        text = _joins(text, line.strip()) if text else line.strip()
    return text


def margins(lines: list[Line]) -> tuple[float, float]:
    """The commonest left and right ends of the lines: the body's margins, which a centred title or a short last line does not move."""
    if not lines:
        return 0.0, 0.0
    return (Counter(round(ln.x0) for ln in lines).most_common(1)[0][0],
            Counter(round(ln.x1) for ln in lines).most_common(1)[0][0])


def paragraphs(lines: list[Line], left: float, right: float) -> list[str]:
    """Lines of one run of text (between tables) rebuilt into paragraphs.

    A line starts a paragraph when it is indented (the two-character indent of official
    documents) or centred, when the line before stopped short of the right margin, or after a
    gap taller than a line.
    """
    out: list[str] = []
    prev: Line | None = None
    for ln in lines:
        starts = (prev is None or ln.x0 > left + 0.6 * ln.size or prev.x1 < right - 1.5 * ln.size
                  or (prev.page == ln.page and ln.top - prev.bottom > 1.2 * ln.size))
        if starts:
            out.append(ln.text.strip())
        else:
            out[-1] = _joins(out[-1], ln.text.strip())
        prev = ln
    return out


def _table_rows(table) -> tuple[list[list[str]], list[Merge]]:
    """A pdfplumber table's text grid and its merged cells, from each cell's box against the row tops and column lefts."""
    grid = [[_one_line(c or "") for c in row] for row in table.extract()]
    rows = table.rows
    tops = [r.bbox[1] for r in rows]
    lefts = [min((r.cells[c][0] for r in rows if c < len(r.cells) and r.cells[c]), default=0) for c in range(len(grid[0]) if grid else 0)]
    merges: list[Merge] = []
    for r, row in enumerate(rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            r1 = max(i for i, t in enumerate(tops) if t < box[3] - 1)
            c1 = max(i for i, x in enumerate(lefts) if x < box[2] - 1)
            if (r1, c1) != (r, c):
                merges.append(((r, c), (r1, c1)))
    return grid, merges


def _table_block(grid: list[list[str]], merges: list[Merge]) -> list:
    """Blocks for one ruled table: shaped by its header when it has one, else its rows as they are;
    a one-row or one-column 'table' is a box drawn round text and reads as text."""
    if len(grid) < 2 or max(map(len, grid)) < 2:
        return [" ".join(c for c in row if c) for row in grid]
    shaped = shape(grid, merges)
    if any(isinstance(b, list) for b in shaped):
        return shaped
    from tracker.readers.tables import fill_merges

    fill_merges(grid, merges)
    return [grid]


def _continue_table(table: list, grid: list[list[str]], merges: list[Merge]) -> None:
    """A table the page broke: the next page's rows join it, less the header row printed again on top;
    a row the break cut in two (its number cell empty on the new page) is made whole again."""
    skip = 1 if grid and grid[0] == table[0][0] else 0
    last = table[0][-1]
    if len(grid) > skip and not grid[skip][0] and last[0] and not any(m[0][0] == skip for m in merges):
        table[0][-1] = [_joins(a, b) if b else a for a, b in zip(last, grid[skip], strict=True)]
        skip += 1
    offset = len(table[0]) - skip
    table[0].extend(grid[skip:])
    table[1].extend(((r0 + offset, c0), (r1 + offset, c1)) for (r0, c0), (r1, c1) in merges if r0 >= skip)


def _ocr_page(path: Path, index: int) -> list[str]:
    import pypdfium2 as pdfium

    from tracker.readers import ocr

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        width, height = page.get_size()
        scale = OCR_DPI / 72
        from tracker.config import reader_limits

        # A huge page is drawn at a lower resolution rather than refused: the cap is on pixels.
        scale = min(scale, (reader_limits().max_image_pixels / max(width * height, 1)) ** 0.5)
        image = page.render(scale=scale, grayscale=True).to_pil()
        return ocr.ocr_image(image)
    finally:
        pdf.close()


def _pages(path: Path) -> tuple[list[tuple[int, float, object]], list[int], int]:
    """What each page holds, as (page, top, item) with item a Line, ("table", (grid, merges)) or
    ("scan", page); the scanned pages; the page count."""
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from tracker.config import reader_limits
    from tracker.documents import DocumentError

    # pdfminer logs a warning per glyph for fonts without a bounding box (Chromium's CJK subsets).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    items: list[tuple[int, float, object]] = []
    scanned: list[int] = []
    try:
        with pdfplumber.open(path) as plumber:
            fast = pdfium.PdfDocument(str(path))
            try:
                count = len(fast)
                if count > reader_limits().max_pdf_pages:
                    raise DocumentError(too_big(f"PDF 页数 {count}", count, "max_pdf_pages"))
                for number in range(1, count + 1):
                    page = fast[number - 1]
                    lines = _pdfium_lines(page, number)
                    if lines is not None and sum(len(ln.text) for ln in lines) < MIN_CHARS:
                        if any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])):
                            scanned.append(number)
                            items.append((number, 0.0, ("scan", number)))
                    elif lines is not None and sum(1 for _ in zip(range(RULED), page.get_objects(
                            filter=[pdfium_c.FPDF_PAGEOBJ_PATH]), strict=False)) < RULED:
                        items.extend((number, ln.top, ln) for ln in lines)
                    else:
                        ruled = plumber.pages[number - 1]
                        items.extend(_page_items(ruled, number))
                        ruled.close()  # pdfplumber keeps every parsed page otherwise
                    page.close()
            finally:
                fast.close()
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer, pdfplumber and PDFium raise many kinds for a broken file
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect in its own PdfminerException
        if isinstance(exc, PDFPasswordIncorrect) or any(isinstance(a, PDFPasswordIncorrect) for a in exc.args) \
                or "password" in str(exc).lower():
            raise DocumentError("PDF 文件有密码保护，请先去掉密码再导入") from None
        raise DocumentError(f"不是可读取的 PDF 文件（{exc.__class__.__name__}）") from None
    items.sort(key=lambda item: (item[0], item[1]))
    return items, scanned, count


def _pdfium_lines(page, number: int) -> list[Line] | None:
    """The page's text lines as PDFium finds them (it ends each line with a generated CR LF), each
    placed by its first and last characters' boxes; None when its text and characters do not
    line up one to one (characters beyond the BMP), so pdfplumber reads that page instead."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:
            return None
        height = page.get_height()
        lines = []
        for m in re.finditer(r"[^\r\n]+", text):
            first = m.start() + len(m.group()) - len(m.group().lstrip())
            last = m.end() - 1 - (len(m.group()) - len(m.group().rstrip()))
            if first > last:
                continue
            a, b = textpage.get_charbox(first, loose=True), textpage.get_charbox(last, loose=True)
            # loose boxes are the font's em box, as pdfplumber's are: a comma ends where its advance does
            top, bottom = height - max(a[3], b[3]), height - min(a[1], b[1])
            lines.append(Line(squeeze_cjk_spaces(text[first:last + 1]), a[0], b[2], top, bottom, a[3] - a[1] or 10.0, number, height))
        return lines
    finally:
        textpage.close()


def _page_items(page, number: int) -> list[tuple[int, float, object]]:
    """A page's text lines outside its ruled tables, and the tables (read now, while the page is open)."""
    tables = [t for t in page.find_tables() if t.cells]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    out: list[tuple[int, float, object]] = []
    for ln in (page.filter(outside) if boxes else page).extract_text_lines(layout=False, strip=True, return_chars=True):
        if ln["text"].strip():
            size = max((ch.get("size", 0) for ch in ln["chars"]), default=10) or 10
            out.append((number, ln["top"], Line(squeeze_cjk_spaces(ln["text"]), ln["x0"], ln["x1"], ln["top"], ln["bottom"], size, number,
                                                float(page.height))))
    out.extend((number, t.bbox[1], ("table", _table_rows(t))) for t in tables)
    return out


def _blocks(items: list[tuple[int, float, object]], keep: set[int], left: float, right: float, read_scan) -> list:
    """Paragraphs and tables in reading order; a table the page breaks goes on as one; scans read by `read_scan`."""
    blocks: list = []
    run: list[Line] = []
    table: list | None = None  # [grid, merges, last page] of a table that may go on over the page

    def flush_run() -> None:
        blocks.extend(paragraphs(run, left, right))
        run.clear()

    def flush_table() -> None:
        nonlocal table
        if table:
            blocks.extend(_table_block(table[0], table[1]))
        table = None

    for page, _, obj in items:
        if isinstance(obj, Line):
            if id(obj) in keep:
                flush_table()
                run.append(obj)
            continue
        kind, payload = obj
        if kind == "scan":
            flush_run()
            flush_table()
            blocks.extend(read_scan(payload))
        elif table and not run and page == table[2] + 1 and len(payload[0][0]) == len(table[0][0]):
            _continue_table(table, *payload)
            table[2] = page
        else:
            flush_run()
            flush_table()
            table = [*payload, page]
    flush_run()
    flush_table()
    return blocks


def read(path: Path) -> DocumentText:
    """Every page: text lines and tables in reading order, running lines dropped, scans OCR'd.

    Scanned pages need Tesseract: a PDF that is all scans is refused without it (the message
    names the packages); one with a text layer elsewhere (a scanned seal page) keeps its text
    and a note says which pages were not read.
    """
    from tracker.config import reader_limits
    from tracker.documents import DocumentError
    from tracker.readers import ocr

    items, scanned, count = _pages(path)
    notes: list[str] = []
    ocr_ready = bool(scanned)
    if scanned:
        if len(scanned) > reader_limits().max_ocr_pages:
            raise DocumentError(too_big(f"需要 OCR 识别的扫描页数 {len(scanned)}", len(scanned), "max_ocr_pages"))
        which = "全部页面" if len(scanned) == count else "第" + "、".join(map(str, scanned)) + "页"
        try:
            ocr.tesseract()
            notes.append(f"{which}为扫描件，文字由 OCR 识别，数字和人名请对照原件核对")
        except DocumentError as exc:
            if len(scanned) == count:
                raise
            notes.append(f"{which}为扫描件，未识别：{exc}")
            ocr_ready = False

    def read_scan(number: int) -> list[str]:
        return _ocr_page(path, number - 1) if ocr_ready else []

    running = drop_running_lines([obj for _, _, obj in items if isinstance(obj, Line)], count)
    left, right = margins(running)
    blocks = _blocks(items, {id(ln) for ln in running}, left, right, read_scan)
    text = join_blocks(blocks).translate(_radicals())
    if not text.strip():
        raise DocumentError("PDF 中没有文字，也没有可识别的扫描页")
    return DocumentText(text, kind="pdf", pages=count, ocr=ocr_ready, notes=tuple(notes))
