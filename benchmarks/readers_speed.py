"""How fast each kind of file is read, and the memory it takes: a line per format.

    python benchmarks/readers_speed.py

Inputs are made here (tests/docfixtures.py): a 40-page notice printed by Chromium, the same
with a task table, a 20,000-row task workbook as .xlsx, .xls and .ods, a scanned 2-page PDF and
an A4 photo for OCR, a .doc. Each is read in a fresh process, so the peak resident memory
(ru_maxrss, which counts calamine's and pdfium's allocations that tracemalloc cannot see) is that
file's alone; Tesseract and LibreOffice run as child processes and their CPU and peak are added.
Beside each figure is a ratio to a baseline run in the same process on the same file: pypdf for
the PDF (the lighter library that was not chosen), openpyxl's read-only mode for the workbook.
PDF pages without rules are read by PDFium, pages that may hold a ruled table by pdfplumber:
the third PDF has a table on every page, so it times pdfplumber's path alone.

Targets: text PDF >= 20 pages/s, spreadsheet >= 20,000 rows/s, OCR <= 5 s per page on one core
(Tesseract is held to one thread by OMP_THREAD_LIMIT=1), all in CPU time: the machine is shared.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

ROWS = 20_000
PDF_PAGES = 40
TABLE_ROWS = 600  # about 20 pages of table


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _read(how: str, path: Path) -> None:
    if how == "ours":
        from tracker.documents import read_document_info

        read_document_info(path)
    elif how == "pypdf":
        import pypdf

        for page in pypdf.PdfReader(path).pages:
            page.extract_text()
    elif how == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()


def measure_one(how: str, path: Path) -> None:
    """In a child process: read once to warm the imports, then time a second read; print JSON."""
    _read(how, path)
    c0, t0 = _cpu(), time.perf_counter()
    _read(how, path)
    cpu, wall = _cpu() - c0, time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_mb": me / 1024, "child_peak_mb": children / 1024}))


def run(how: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", how, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(label: str, got: dict, count: int, unit: str, target: str, ok: bool, baseline: dict | None = None, per: int = 1) -> None:
    """One format: CPU and wall seconds, seconds per `per` units, units a second, ratio to the baseline, peak memory."""
    rate = count / got["cpu"] if got["cpu"] else float("inf")
    ratio = f"{got['cpu'] / baseline['cpu']:5.2f}x baseline" if baseline else " " * 16
    peak = f"peak {got['peak_mb']:4.0f} MB" + (f" + child {got['child_peak_mb']:.0f} MB" if got["child_peak_mb"] > 1 else "")
    each = f"{got['cpu'] / count * per:7.3f} s/{per if per > 1 else ''}{unit}"
    print(f"{label:<48} cpu {got['cpu']:6.2f} s  wall {got['wall']:6.2f} s  {each:<18} {rate:8.1f} {unit}s/s  "
          f"{ratio}  {peak:<26} target {target}: {'ok' if ok else 'MISSED'}", flush=True)


def main() -> None:
    import docfixtures as fx

    with tempfile.TemporaryDirectory(prefix="readers-bench-") as folder:
        work = Path(folder)
        print("making inputs ...", file=sys.stderr, flush=True)
        if fx.have_chromium():
            text_pdf = fx.make_pdf(work / "notice.pdf", pages=PDF_PAGES)
            table_pdf = fx.make_pdf(work / "table.pdf", pages=PDF_PAGES, table=True)
            tables_pdf = fx.make_pdf(work / "tables.pdf", table=True, table_rows=TABLE_ROWS)
            for label, path in (("pdf, text (PDFium)", text_pdf), ("pdf, text + a table (PDFium, pdfplumber)", table_pdf),
                                ("pdf, a table on each page (pdfplumber)", tables_pdf)):
                import pypdf

                pages = len(pypdf.PdfReader(path).pages)
                got, base = run("ours", path), run("pypdf", path)
                line(f"{label}, {pages} p.", got, pages, "page", ">= 20 pages/s", pages / got["cpu"] >= 20, base)
                line("  baseline: pypdf extract_text", base, pages, "page", "none", True)
        else:
            print(f"pdf: skipped, {fx.CHROMIUM} is missing")
        xlsx = fx.make_xlsx(work / "tasks.xlsx", rows=ROWS)
        rows = ROWS + 3
        got, base = run("ours", xlsx), run("openpyxl", xlsx)
        line(f"xlsx, {rows} rows (calamine)", got, rows, "row", ">= 20,000 rows/s", rows / got["cpu"] >= 20_000, base, per=1000)
        line("  baseline: openpyxl read-only", base, rows, "row", "none", True, per=1000)
        xls = fx.make_xls(work / "tasks.xls", rows=ROWS)
        got = run("ours", xls)
        line(f"xls, {ROWS + 2} rows (calamine)", got, ROWS + 2, "row", ">= 20,000 rows/s", (ROWS + 2) / got["cpu"] >= 20_000, per=1000)
        if fx.have_soffice():
            ods = fx.soffice_convert(xlsx, "ods", work)
            got = run("ours", ods)
            line(f"ods, {rows} rows (calamine)", got, rows, "row", ">= 20,000 rows/s", rows / got["cpu"] >= 20_000, per=1000)
            doc = fx.make_doc(work / "notice.doc")
            got = run("ours", doc)
            line("doc, 1 page (LibreOffice)", got, 1, "page", "none", True)
        else:
            print("ods, doc: skipped, LibreOffice is missing")
        if fx.have_tesseract():
            page_lines = [fx.PARAGRAPHS[i % 3][j:j + 34] for i in range(3) for j in range(0, len(fx.PARAGRAPHS[i % 3]), 34)] * 3
            photo = fx.make_image(work / "page.png", page_lines)
            got = run("ours", photo)
            line(f"png, 1 page of {len(page_lines)} lines (OCR)", got, 1, "page", "<= 5 s/page", got["cpu"] <= 5)
            scan = fx.make_scanned_pdf(work / "scan.pdf", page_lines, pages=2)
            got = run("ours", scan)
            line("scanned pdf, 2 pages (OCR)", got, 2, "page", "<= 5 s/page", got["cpu"] / 2 <= 5)
        else:
            print("ocr: skipped, tesseract is missing")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        measure_one(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
