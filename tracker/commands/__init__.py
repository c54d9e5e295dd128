"""One module per command of `python -m tracker`, each with `run(args) -> exit code`.

Every command ends the same way:

    0  done
    1  refused or failed: the store said no (unknown id or user, a role that may not), a file
       could not be read or written, nothing matched
    2  the command line itself is wrong: an unknown option, a malformed date, number or format,
       a date in the future; found before anything is opened or written

Messages for people go to standard error and start in Chinese: `错误: 日期不是有效日期 ...`.
"""

from __future__ import annotations

import sys
from pathlib import Path

OK, FAILED, BAD_ARGUMENTS = 0, 1, 2


def error(message: object, code: int = FAILED) -> int:
    """Print `错误: message` on standard error and return `code`, for `return error(...)`."""
    print(f"错误: {message}", file=sys.stderr)
    return code


def write_json_lines(records) -> None:
    """`--json` output: one JSON object per line on standard output (tracking.md), Chinese kept as written."""
    import json

    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def open_db(path, *, must_exist: bool):
    """The store of --db for a command: never seeded with the demo articles (only the dashboard's first
    start offers them). A command that only reads (list, export, backup, progress, users list) needs
    the file to exist: a mistyped --db then says so instead of making a new empty database.
    Raises tracker.store.StoreError with a sentence for a person."""
    from tracker.config import db_path
    from tracker.store import Store, StoreError

    where = db_path(path)
    # A PostgreSQL database (a URL) exists or not on its server: connecting says which.
    if must_exist and isinstance(where, Path) and not where.is_file():
        raise StoreError(f"数据库文件不存在: {where}（请检查 --db 或环境变量 TRACKER_DB）")
    return Store(where)
