"""`python -m tracker copy-db SOURCE TARGET`: move an office from a file to PostgreSQL, or back.

    $ python -m tracker copy-db data/tracker.db postgresql://tracker@db.example/tracker
    已复制 data/tracker.db → postgresql://tracker@db.example/tracker: 12 张表, 共 48,213 行, 各表行数已核对
    $ python -m tracker copy-db data/tracker.db postgresql://tracker@db.example/tracker   # again
    错误: 目标数据库 postgresql://tracker@db.example/tracker 不是空的 (表 articles 已有数据), 未复制任何内容

Exit 0 when every table was copied and its count checked, 1 when refused or failed (then the
target holds nothing of the copy).
"""

from __future__ import annotations

import json
import sys


def run(args) -> int:
    from tracker.commands import error
    from tracker.db import shown
    from tracker.store import StoreError, copy_database

    try:
        counts = copy_database(args.source, args.target)
    except StoreError as exc:
        return error(exc)
    if args.json:
        print(json.dumps(counts, ensure_ascii=False))
    print(f"已复制 {shown(args.source)} → {shown(args.target)}: {len(counts)} 张表, 共 {sum(counts.values()):,} 行,"
          " 各表行数已核对", file=sys.stderr)
    return 0
