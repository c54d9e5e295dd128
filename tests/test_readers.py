"""The files an office receives, read to the text the parser takes: PDFs with a text layer and
tables, scans and photos (OCR), workbooks with merged cells, old .doc. Every input is made here
(tests/docfixtures.py); tests needing Chromium, Tesseract or LibreOffice skip where it is absent."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docfixtures as fx
import pytest

from tracker.documents import SUFFIXES, DocumentError, read_document, read_document_info
from tracker.readers.tables import shape

ROOT = Path(__file__).resolve().parent.parent
needs_chromium = pytest.mark.skipif(not fx.have_chromium(), reason=f"{fx.CHROMIUM} is not installed (apt-get install chromium)")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
needs_soffice = pytest.mark.skipif(not fx.have_soffice(), reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
OCR_LINES = ["确保全年完成366个老旧小区改造任务，", "新建社区食堂20家，由区民政局负责。"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("made")


@pytest.fixture(scope="module")
def notice_pdf(made) -> Path:
    if not fx.have_chromium():
        pytest.skip(f"{fx.CHROMIUM} is not installed")
    return fx.make_pdf(made / "notice.pdf", pages=3)


@pytest.fixture(scope="module")
def table_pdf(made) -> Path:
    if not fx.have_chromium():
        pytest.skip(f"{fx.CHROMIUM} is not installed")
    return fx.make_pdf(made / "table.pdf", table=True)


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def block_around(text: str, first_row: str) -> list[str]:
    """The table starting at `first_row`: its lines up to the blank line after it, checking the blank line before."""
    lines = lines_of(text)
    start = lines.index(first_row)
    assert start == 0 or lines[start - 1] == "", "a table has a blank line before it"
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


# PDF with a text layer

@needs_chromium
def test_a_text_pdf_reads_as_whole_paragraphs_without_running_header_or_page_numbers(notice_pdf):
    info = read_document_info(notice_pdf)
    assert (info.kind, info.pages, info.ocr) == ("pdf", 3, False)
    lines = lines_of(info.text)
    assert lines[0] == "关于印发2023年重点工作任务分解方案的通知"
    # Each paragraph wraps over three or four lines of the page and comes back as one line.
    for paragraph in fx.PARAGRAPHS:
        assert lines.count(paragraph) == 3
    assert fx.HEADER not in info.text
    assert not any(line.strip(" -") in {"1", "2", "3"} for line in lines)
    # Chromium's CJK font maps 工 and 民 to radicals (⼯ U+2F2F, ⺠ U+2EA0); they read as the ideographs.
    assert "⼯" not in info.text and "⺠" not in info.text and "区民政局" in info.text


@needs_chromium
def test_a_table_on_a_pdf_page_becomes_tab_separated_rows_in_reading_order(table_pdf):
    text = read_document(table_pdf)
    rows = block_around(text, "序号\t工作任务\t完成时限\t责任单位")
    assert rows == [
        "序号\t工作任务\t完成时限\t责任单位",
        "1\t新建社区食堂20家\t2023年底前\t区民政局",
        "2\t改造老旧小区366个\t2023年底前\t区住建局",
        "3\t新增城镇就业岗位5000个\t2023年12月\t区住建局",  # the unit cell spans rows 2 and 3
    ]
    lines = lines_of(text)
    assert lines.index(fx.PARAGRAPHS[0]) < lines.index(rows[0]) < lines.index(fx.PARAGRAPHS[2])
    assert "区住建局" not in fx.PARAGRAPHS[2] and lines.count(fx.PARAGRAPHS[2]) == 1  # no table text leaks into paragraphs


@needs_chromium
def test_a_table_the_page_breaks_reads_as_one_table_with_its_header_once(made):
    info = read_document_info(fx.make_pdf(made / "long-table.pdf", table=True, table_rows=40))
    assert info.pages >= 2  # Chromium prints the <thead> again on top of each page
    rows = block_around(info.text, "序号\t工作任务\t完成时限\t责任单位")
    assert [r.split("\t")[0] for r in rows] == ["序号", *map(str, range(1, 44))]
    assert rows[-1] == "43\t完成第43项重点工程建设\t2024年6月底前\t区发改委"


@needs_soffice
def test_a_pdf_exported_from_word_keeps_wrapped_cells_and_rows_cut_by_the_page_whole(made):
    info = read_document_info(fx.make_word_pdf(made / "word.pdf"))
    assert info.pages >= 2
    rows = block_around(info.text, "序号\t工作任务\t完成时限\t责任单位")
    assert [r.split("\t")[0] for r in rows] == ["序号", *map(str, range(1, 34))]
    assert all(r.endswith("\t2024年6月底前\t区发改委") and "重点工程建设" in r for r in rows[4:])
    assert rows[3] == "3\t新增城镇就业岗位5000个\t2023年12月\t区住建局"
    assert "第 1 页" not in info.text and "第1页" not in info.text
    assert lines_of(info.text).count(fx.PARAGRAPHS[1]) == 6


@needs_chromium
def test_a_pdf_with_a_password_or_cut_short_is_refused_with_the_reason(made, notice_pdf):
    import pypdf

    locked = pypdf.PdfWriter(clone_from=notice_pdf)
    locked.encrypt("secret")
    locked.write(made / "locked.pdf")
    with pytest.raises(DocumentError, match="密码保护"):
        read_document(made / "locked.pdf")
    (made / "cut.pdf").write_bytes(notice_pdf.read_bytes()[:5000])
    with pytest.raises(DocumentError, match="不是可读取的 PDF 文件"):
        read_document(made / "cut.pdf")


@needs_chromium
def test_a_pdf_past_the_page_cap_is_refused_naming_the_variable(notice_pdf, monkeypatch):
    monkeypatch.setenv("TRACKER_MAX_PDF_PAGES", "2")
    with pytest.raises(DocumentError, match="TRACKER_MAX_PDF_PAGES"):
        read_document(notice_pdf)


# Scans and photos

@needs_tesseract
def test_a_photo_of_chinese_text_is_read_by_ocr_and_marked(made):
    info = read_document_info(fx.make_image(made / "photo.png", OCR_LINES))
    assert info.kind == "image" and info.ocr and "OCR" in info.notes[0]
    assert info.summary() == "图片，1 页，含 OCR 识别文字"
    assert "366个老旧小区改造任务" in info.text and "区民政局" in info.text
    assert " " not in info.text.strip()  # Tesseract's spaces between Chinese characters are gone


@needs_tesseract
def test_a_phone_photo_stored_sideways_is_turned_upright_by_its_exif_note(made):
    image = fx.text_image(OCR_LINES).rotate(90, expand=True)  # the pixels lie on their side ...
    exif = image.getexif()
    exif[0x0112] = 6  # ... and the Orientation tag says: turn 90 degrees clockwise to show
    path = made / "sideways.jpg"
    image.save(path, exif=exif, quality=95)
    assert "366个老旧小区改造任务" in read_document(path)


@needs_tesseract
def test_a_scanned_pdf_is_read_by_ocr_page_by_page(made):
    info = read_document_info(fx.make_scanned_pdf(made / "scan.pdf", OCR_LINES, pages=2))
    assert (info.kind, info.pages, info.ocr) == ("pdf", 2, True)
    assert info.text.count("老旧小区改造") == 2
    assert "全部页面为扫描件" in info.notes[0]


@pytest.mark.parametrize("name", ["photo-no-ocr.jpg", "scan-no-ocr.pdf"])
def test_without_tesseract_a_scan_is_refused_naming_the_packages(made, monkeypatch, name):
    path = made / name
    fx.make_scanned_pdf(path, OCR_LINES) if name.endswith(".pdf") else fx.make_image(path, OCR_LINES)
    monkeypatch.setenv("PATH", str(made / "empty-path"))
    with pytest.raises(DocumentError, match="apt-get install tesseract-ocr tesseract-ocr-chi-sim"):
        read_document(path)


@needs_chromium
def test_a_pdf_with_a_scanned_seal_page_keeps_its_text_layer_with_or_without_ocr(made, table_pdf, monkeypatch):
    import pypdf

    mixed = pypdf.PdfWriter()
    mixed.add_page(pypdf.PdfReader(table_pdf).pages[0])
    mixed.add_page(pypdf.PdfReader(fx.make_scanned_pdf(made / "seal.pdf", OCR_LINES)).pages[0])
    path = made / "mixed.pdf"
    mixed.write(path)
    if shutil.which("tesseract"):
        info = read_document_info(path)
        assert info.ocr and info.notes[0].startswith("第2页为扫描件，文字由 OCR 识别")
        assert "老旧小区改造" in info.text.strip().split("\n")[-1]
    monkeypatch.setenv("PATH", str(made / "empty-path"))
    info = read_document_info(path)
    assert not info.ocr and "第2页为扫描件，未识别" in info.notes[0] and "tesseract-ocr-chi-sim" in info.notes[0]
    assert "1\t新建社区食堂20家\t2023年底前\t区民政局" in info.text


@needs_tesseract
def test_an_image_past_the_pixel_cap_is_refused(made, monkeypatch):
    image = fx.make_image(made / "big.png", OCR_LINES)
    monkeypatch.setenv("TRACKER_MAX_IMAGE_PIXELS", "10000")
    with pytest.raises(DocumentError, match="TRACKER_MAX_IMAGE_PIXELS"):
        read_document(image)


# Workbooks

def test_an_xlsx_task_table_reads_as_rows_with_merged_cells_and_a_two_row_header(made):
    info = read_document_info(fx.make_xlsx(made / "tasks.xlsx"))
    assert (info.kind, info.sheets, info.summary()) == ("sheet", 2, "表格，2 个工作表")
    text = info.text
    assert lines_of(text)[:2] == ["# 重点任务", "2023年重点工作任务分解表"]
    assert block_around(text, "序号\t工作任务\t完成时限\t责任单位\t责任领导") == [
        "序号\t工作任务\t完成时限\t责任单位\t责任领导",  # 责任 over 责任单位 | 责任领导, folded
        "1\t新建社区食堂20家\t2023年底前\t区民政局\t张三",
        "2\t改造老旧小区366个\t2023年底前\t区住建局\t李四",  # deadline merged over rows 1-2
        "3\t新增城镇就业岗位5000个\t2023年12月\t区住建局\t李四",  # unit and leader merged over rows 2-3
    ]
    # A sheet without a header row is text, under its name.
    assert text.endswith("# 说明\n本表由区督查室汇总。\n各单位每月25日前报送进展。\n")


def test_an_xls_from_wps_reads_the_same_way(made):
    text = read_document(fx.make_xls(made / "tasks.xls"))
    assert block_around(text, "序号\t重点任务\t时间节点\t牵头单位") == [
        "序号\t重点任务\t时间节点\t牵头单位",
        "1\t建成口袋公园10个\t6月底前\t区城管局",
        "2\t新增停车泊位800个\t6月底前\t区交通局",
    ]
    assert lines_of(text)[:2] == ["# 任务清单", "重点工作清单"]


def test_a_workbook_is_told_by_its_bytes_not_its_name(made):
    """A .xlsx renamed .xls and a WPS .et (an .xls inside) both read; a text renamed .xlsx is refused."""
    renamed = made / "renamed.xls"
    shutil.copyfile(fx.make_xlsx(made / "orig.xlsx"), renamed)
    assert "1\t新建社区食堂20家\t2023年底前\t区民政局\t张三" in read_document(renamed)
    et = made / "tasks.et"
    shutil.copyfile(fx.make_xls(made / "for-et.xls"), et)
    assert "2\t新增停车泊位800个\t6月底前\t区交通局" in read_document(et)
    as_docx = made / "tasks-named.docx"
    shutil.copyfile(renamed, as_docx)
    assert read_document_info(as_docx).kind == "sheet"
    fake = made / "fake.xlsx"
    fake.write_text("确保完成", encoding="utf-8")
    with pytest.raises(DocumentError, match="内容不是这种格式"):
        read_document(fake)


@needs_soffice
def test_an_ods_without_merged_ranges_repeats_a_blank_unit_from_the_row_above(made):
    ods = fx.soffice_convert(fx.make_xlsx(made / "for-ods.xlsx"), "ods", made)
    text = read_document(ods)
    assert "3\t新增城镇就业岗位5000个\t2023年12月\t区住建局\t李四" in lines_of(text)


@pytest.mark.parametrize("variable, value", [("TRACKER_MAX_SHEET_ROWS", "3"), ("TRACKER_MAX_SHEETS", "1"), ("TRACKER_MAX_UNZIPPED_MB", "0")])
def test_a_workbook_past_a_cap_is_refused_naming_the_variable(made, monkeypatch, variable, value):
    path = fx.make_xlsx(made / f"cap-{variable}.xlsx")
    monkeypatch.setenv(variable, value)
    with pytest.raises(DocumentError, match=variable):
        read_document(path)


def test_section_rows_keep_their_title_once_and_rows_above_the_header_are_titles():
    rows = [["附件1", "", ""], ["序号", "重点任务", "牵头单位"], ["一、民生保障", "", ""], ["1", "新建社区食堂20家", "区民政局"]]
    assert shape(rows, [((2, 0), (2, 2))]) == [
        "附件1", [["序号", "重点任务", "牵头单位"], ["一、民生保障", "", ""], ["1", "新建社区食堂20家", "区民政局"]]]
    # A short first data row is no second header row because one of its cells names a column (项目).
    assert shape([["序号", "工作任务", "责任单位"], ["道路项目", "区交通局", ""]])[0][1] == ["道路项目", "区交通局", ""]
    # No header row: the rows are text.
    assert shape([["会议纪要", ""], ["确保年底前完成", "改造任务"]]) == ["会议纪要", "确保年底前完成 改造任务"]


# Old Word and WPS

@needs_soffice
def test_a_doc_is_converted_by_libreoffice(made):
    doc = fx.make_doc(made / "notice.doc")
    info = read_document_info(doc)
    assert info.kind == "doc"
    assert "关于做好民生实事工作的通知" in info.text and fx.PARAGRAPHS[1] in info.text
    wps = made / "notice.wps"
    shutil.copyfile(doc, wps)
    assert fx.PARAGRAPHS[1] in read_document(wps)


def test_without_libreoffice_a_doc_is_refused_naming_the_package(made, monkeypatch):
    doc = made / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setenv("PATH", str(made / "empty-path"))
    with pytest.raises(DocumentError, match="libreoffice-writer-nogui"):
        read_document(doc)


# The dispatch and what it reports

def test_every_new_kind_is_accepted_and_the_hash_is_of_the_bytes(made):
    assert {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".xlsx", ".xls", ".et", ".ods", ".doc", ".wps"} <= SUFFIXES
    path = fx.make_xls(made / "hash.xls")
    assert read_document_info(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    plain = made / "plain.txt"
    plain.write_text("确保年底前完成改造任务。", encoding="gb18030")
    assert read_document_info(plain).kind == "text" and read_document(plain) == "确保年底前完成改造任务。"
    import docx

    word = docx.Document()
    word.add_paragraph("确保年底前完成改造任务。")
    word.save(str(made / "plain.docx"))
    shutil.copyfile(made / "plain.docx", made / "saved-as.wps")  # WPS saves the new format under its old name too
    for name in ("plain.docx", "saved-as.wps"):
        info = read_document_info(made / name)
        assert (info.kind, info.text.strip()) == ("docx", "确保年底前完成改造任务。")


@needs_chromium
def test_a_pdf_is_told_by_its_bytes_and_a_broken_one_does_not_stop_a_folder(made, table_pdf, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copyfile(table_pdf, folder / "a-table.pdf")
    fx.make_xlsx(folder / "b-tasks.xlsx")
    (folder / "c-broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    named_txt = made / "pdf-named.txt"
    shutil.copyfile(table_pdf, named_txt)
    assert read_document_info(named_txt).kind == "pdf"
    done = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(folder), "--db", str(tmp_path / "t.db")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "c-broken.pdf" in done.stderr and "不是可读取的 PDF 文件" in done.stderr
    assert "2 篇文章" in done.stderr


def test_the_columns_that_fill_down_are_columns_the_parser_names():
    """readers.yaml names its fill-down columns by the roles of frames.yaml: the two must not drift apart."""
    from tracker.extract.lexicon import load
    from tracker.readers import lexicon

    assert set(lexicon()["fill_down"]) <= set(load("frames.yaml")["table_columns"])
