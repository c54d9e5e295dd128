"""`python -m tracker backup FILE`: a consistent copy of the database, safe while the dashboard writes.

Uses SQLite's online backup API; FILE is replaced whole, never left half-written.
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.commands import error, open_db
    from tracker.store import StoreError

    try:
        with open_db(args.db, must_exist=True) as store:
            store.backup(args.file)
    except StoreError as exc:
        return error(exc)
    print(f"已备份到 {args.file}", file=sys.stderr)
    return 0
