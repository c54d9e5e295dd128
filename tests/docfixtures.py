"""Files an office receives, made here from text written for the tests (no third-party files).

tests/test_readers.py and benchmarks/readers_speed.py both build their inputs with these:
PDFs printed by headless Chromium, images drawn by Pillow with the Noto CJK font, workbooks
written by openpyxl and xlwt, and .doc/.xls/.ods converted by LibreOffice where it is installed.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
HEADER = "某区人民政府办公室文件"

# Each paragraph is long enough to wrap over several lines of an A4 page.
PARAGRAPHS = [
    "为切实抓好今年各项重点工作的落实，区政府决定对年度目标任务进行分解，明确责任单位和完成时限，"
    "各单位要按照要求制定工作方案，细化工作措施，确保各项任务按期完成。",
    "确保全年完成366个老旧小区改造任务，新建社区食堂20家，新增城镇就业岗位5000个，"
    "由区住建局、区民政局、区人社局分别牵头负责，年底前全部完成并通过验收。",
    "各责任单位要于每月25日前报送工作进展情况，区督查室将定期通报各单位完成情况，"
    "对工作推进不力、进度明显滞后的单位进行督办，确保目标任务全面完成。",
]
TABLE_HEADER = ["序号", "工作任务", "完成时限", "责任单位"]
TABLE_ROWS = [
    ["1", "新建社区食堂20家", "2023年底前", "区民政局"],
    ["2", "改造老旧小区366个", "2023年底前", "区住建局"],
    ["3", "新增城镇就业岗位5000个", "2023年12月", "区住建局"],
]


def have_chromium() -> bool:
    return Path(CHROMIUM).exists()


def have_tesseract() -> bool:
    return shutil.which("tesseract") is not None


def have_soffice() -> bool:
    return shutil.which("soffice") is not None


def _table_html(header, rows, merge_last_column_of: tuple[int, int] | None = None) -> str:
    """A bordered table; merge_last_column_of=(first, last) spans the last cell of those body rows."""
    # <thead>: Chromium prints the header row again on each page a long table reaches.
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in header) + "</tr></thead>"]
    for i, row in enumerate(rows):
        cells = [f"<td>{html.escape(c)}</td>" for c in row[:-1]]
        if merge_last_column_of and i == merge_last_column_of[0]:
            span = merge_last_column_of[1] - merge_last_column_of[0] + 1
            cells.append(f'<td rowspan="{span}">{html.escape(row[-1])}</td>')
        elif not (merge_last_column_of and merge_last_column_of[0] < i <= merge_last_column_of[1]):
            cells.append(f"<td>{html.escape(row[-1])}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def more_rows(n: int) -> list[list[str]]:
    """Generated task rows after TABLE_ROWS, numbered on from 4."""
    return [[str(i), f"完成第{i}项重点工程建设", "2024年6月底前", "区发改委"] for i in range(4, n + 4)]


def article_html(pages: int = 1, table: bool = False, table_rows: int = 0) -> str:
    """An A4 notice: `pages` pages of paragraphs, and a task table on the first page if asked
    (with `table_rows` more rows, which carry it over onto the next pages)."""
    body = ["<h1>关于印发2023年重点工作任务分解方案的通知</h1>"]
    for n in range(pages):
        if table and n == 0:
            body.append(f"<p>{PARAGRAPHS[0]}</p>")
            body.append(_table_html(TABLE_HEADER, TABLE_ROWS + more_rows(table_rows), merge_last_column_of=(1, 2)))
            body.append(f"<p>{PARAGRAPHS[2]}</p>")
        else:
            body.extend(f"<p>{p}</p>" for p in PARAGRAPHS)
        if n < pages - 1:
            body.append('<div style="break-after: page"></div>')
    style = ("body{font-family:'Noto Serif CJK SC';font-size:16pt;line-height:1.6}"
             "p{text-indent:2em;margin:0 0 0.5em 0}h1{font-size:20pt;text-align:center}"
             "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #000;padding:4px 8px}")
    return f"<!doctype html><html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(body)}</body></html>"


def make_pdf(path: Path, pages: int = 1, table: bool = False, table_rows: int = 0) -> Path:
    """A PDF with a text layer, printed by Chromium, with a running header and '- N -' page numbers."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(article_html(pages, table, table_rows))
            page.pdf(path=str(path), format="A4", display_header_footer=True,
                     header_template=f"<div style='font-size:10pt;width:100%;text-align:center'>{HEADER}</div>",
                     footer_template="<div style='font-size:10pt;width:100%;text-align:center'>- <span class='pageNumber'></span> -</div>",
                     margin={"top": "2.5cm", "bottom": "2.5cm", "left": "2.5cm", "right": "2.5cm"})
        finally:
            browser.close()
    return path


def text_image(lines: list[str], size: int = 40):
    """A white page with black Chinese lines, as a scanner at about 200 dpi would give them."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(CJK_FONT, size)
    width = max(int(font.getlength(line)) for line in lines) + 2 * size
    image = Image.new("L", (width, (len(lines) + 1) * size * 2), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size, size + i * size * 2), line, font=font, fill=0)
    return image


def make_image(path: Path, lines: list[str]) -> Path:
    text_image(lines).save(path)
    return path


def make_scanned_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    """A PDF of page images only, as a scanner writes it: no text layer."""
    image = text_image(lines).convert("RGB")
    image.save(path, "PDF", resolution=200, save_all=True, append_images=[image] * (pages - 1))
    return path


def make_xlsx(path: Path, rows: int = 0) -> Path:
    """A task table as offices send it: title row, two-row header with merges, a merged deadline
    and unit, then `rows` more generated rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点任务"
    ws.append(["2023年重点工作任务分解表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "工作任务", "完成时限", "责任", None])
    ws.append([None, None, None, "责任单位", "责任领导"])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2"):
        ws.merge_cells(cells)
    ws.append([1, "新建社区食堂20家", "2023年底前", "区民政局", "张三"])
    ws.append([2, "改造老旧小区366个", None, "区住建局", "李四"])
    ws.append([3, "新增城镇就业岗位5000个", "2023年12月", None, None])
    ws.merge_cells("C4:C5")
    ws.merge_cells("D5:D6")
    ws.merge_cells("E5:E6")
    for n in range(4, rows + 4):
        ws.append([n, f"完成第{n}项重点工程建设", "2024年6月底前", "区发改委", "王五"])
    notes = wb.create_sheet("说明")
    notes.append(["本表由区督查室汇总。"])
    notes.append(["各单位每月25日前报送进展。"])
    wb.save(path)
    return path


def make_xls(path: Path, rows: int = 0) -> Path:
    """The same kind of table in the old binary format, written by xlwt (a test-only package),
    then `rows` more generated rows."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("任务清单")
    sheet.write_merge(0, 0, 0, 3, "重点工作清单")
    for col, value in enumerate(["序号", "重点任务", "时间节点", "牵头单位"]):
        sheet.write(1, col, value)
    sheet.write(2, 0, 1)
    sheet.write(2, 1, "建成口袋公园10个")
    sheet.write_merge(2, 3, 2, 2, "6月底前")
    sheet.write(2, 3, "区城管局")
    sheet.write(3, 0, 2)
    sheet.write(3, 1, "新增停车泊位800个")
    sheet.write(3, 3, "区交通局")
    for n in range(3, rows + 3):
        for col, value in enumerate([n, f"完成第{n}项重点工程建设", "2024年6月底前", "区发改委"]):
            sheet.write(n + 1, col, value)
    book.save(str(path))
    return path


def soffice_convert(source: Path, to: str, outdir: Path) -> Path:
    """`soffice --headless --convert-to to`, in a profile of its own so runs do not share a lock."""
    profile = outdir / ".lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=120)
    return outdir / f"{source.stem}.{to.split(':')[0]}"


def make_word_pdf(path: Path, repeat: int = 6, table_rows: int = 30) -> Path:
    """A PDF as Word or WPS export it (here LibreOffice from a python-docx file): paragraphs, a
    footer 第 1 页, and a narrow-columned task table whose cells wrap and whose rows cross a page."""
    import docx

    document = docx.Document()
    document.add_heading("关于做好民生实事工作的通知", level=1)
    for _ in range(repeat):
        for paragraph in PARAGRAPHS:
            document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        cell.text = value
    for row in TABLE_ROWS + more_rows(table_rows):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    table.cell(2, 3).merge(table.cell(3, 3)).text = "区住建局"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    return _saved_by_libreoffice(document, path)


def _saved_by_libreoffice(document, path: Path) -> Path:
    """A python-docx document written to `path` in the format its suffix names, by LibreOffice."""
    source = path.with_suffix(".docx")
    document.save(str(source))
    made = soffice_convert(source, path.suffix.lstrip("."), path.parent)
    source.unlink()
    if made != path:
        made.rename(path)
    return path


def make_doc(path: Path) -> Path:
    """An old Word .doc, written by LibreOffice from a .docx made by python-docx."""
    import docx

    document = docx.Document()
    document.add_heading("关于做好民生实事工作的通知", level=1)
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    return _saved_by_libreoffice(document, path)
