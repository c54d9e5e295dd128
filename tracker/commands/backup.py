"""`python -m tracker backup FILE`: a consistent copy of the database, safe while the dashboard writes.

Uses SQLite's online backup API; FILE is replaced whole, never left half-written.
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.commands import error
    from tracker.config import db_path
    from tracker.store import Store, StoreError

    if not db_path(args.db).is_file():
        return error(f"数据库不存在: {db_path(args.db)}")
    try:
        with Store(args.db) as store:
            store.backup(args.file)
    except StoreError as exc:
        return error(exc)
    print(f"已备份到 {args.file}", file=sys.stderr)
    return 0
