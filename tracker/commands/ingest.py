"""`python -m tracker ingest PATH... [--date YYYY-MM-DD]`: store articles and their commitments.

    $ python -m tracker ingest reports/ extra.docx
    已读取 a.pdf：PDF，3 页，含 OCR 识别文字
    已读取 b.xlsx：表格，1 个工作表
    已读取 extra.docx：Word 文档
    3 篇文章, 41 条承诺 (1 篇已存在)

Folders are read recursively (.txt .html .docx ...). Each article is stored in its own
transaction, so a bad file is reported on standard error, skipped, and loses nothing already
stored; each file's original is kept with its article (承诺详情 offers it for download). The exit
code is 1 at the end if any path was skipped, 2 at once for a bad --date.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROGRESS_BAR_FROM = 4  # files; a bar for one or two files is noise


def collect_files(paths: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read (folders walked in name order) and (path, reason) for paths that give none.

    Inside a folder, a symbolic link that leads outside it is skipped (a folder handed over
    must not pull in /etc/passwd or another office's files), and so is anything that is not a
    regular file: reading a FIFO or a device would wait forever or never end.
    """
    from tracker.documents import SUFFIXES

    files, skipped = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            root = path.resolve()
            found = []
            for p in sorted(path.rglob("*")):
                if p.name.startswith((".", "~$")):
                    continue
                if p.is_symlink() and not p.resolve().is_relative_to(root):
                    skipped.append((str(p), "符号链接指向所选文件夹之外，已跳过"))
                elif p.is_dir():
                    continue
                elif not p.is_file():
                    skipped.append((str(p), "不是普通文件（管道、设备或失效的链接），已跳过"))
                elif p.suffix.lower() in SUFFIXES:
                    found.append(p)
            if not found:
                skipped.append((raw, f"文件夹中没有可导入的文件（{'、'.join(sorted(SUFFIXES))}）"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            skipped.append((raw, "不是普通文件（管道、设备等），已跳过"))
        else:
            skipped.append((raw, "文件或文件夹不存在"))
    return files, skipped


def run(args) -> int:
    from tqdm import tqdm

    from tracker import ingest
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.documents import DocumentError
    from tracker.store import StoreError, as_date

    try:
        ref_date = as_date(args.date, "--date")
    except StoreError as exc:
        return error(exc, BAD_ARGUMENTS)
    try:
        store = open_db(args.db, must_exist=False)
    except StoreError as exc:
        return error(exc)
    files, failed = collect_files(args.paths)
    for raw, reason in failed:
        print(f"跳过 {raw}：{reason}", file=sys.stderr)
    articles = commitments = existing = 0
    bar = tqdm(files, file=sys.stderr, unit="篇", disable=len(files) < PROGRESS_BAR_FROM, dynamic_ncols=True)
    with store:
        for path in bar:
            try:
                result, read = ingest.ingest_document(store, path, ref_date=ref_date)
            except (DocumentError, ingest.ParseError, StoreError) as exc:
                failed.append((str(path), str(exc)))
                bar.write(f"跳过 {path}：{exc}", file=sys.stderr)
                continue
            # What was read, per file: a scan read by OCR is worth checking before anyone relies on it.
            bar.write(f"已读取 {path.name}：{read.summary()}", file=sys.stderr)
            for note in read.notes:
                bar.write(f"  {note}", file=sys.stderr)
            articles += 1
            if result["new"]:
                commitments += result["commitments"]
            else:
                existing += 1
    print(f"{articles} 篇文章, {commitments} 条承诺 ({existing} 篇已存在)", file=sys.stderr)
    if failed:
        print(f"{len(failed)} 个文件未能导入", file=sys.stderr)
        return 1
    return 0
