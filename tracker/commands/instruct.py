"""`python -m tracker instruct ID TEXT --by USER`: a manager's instruction (批示) on one commitment.

    $ python -m tracker instruct 12 请月底前报送整改方案 --by boss
    已发送批示 5: 承诺 12 (老旧小区改造), 责任单位 区城建局 登录后会看到

Exit 2 for an id that is not a whole number; 1 when the store refuses (not a manager, no such
commitment, empty text).
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.cells import units_text
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.store import StoreError

    if not args.id.strip().isdigit():
        return error(f"承诺编号不是整数: {args.id!r}", BAD_ARGUMENTS)
    try:
        with open_db(args.db, must_exist=True) as store:
            iid = store.instruct(int(args.id), args.text, by=args.by)
            row = store.commitment(int(args.id))
    except StoreError as exc:
        return error(exc)
    units = units_text(row.get("units")) or "（未明确责任单位）"
    print(f"已发送批示 {iid}: 承诺 {row['id']} ({row['task']}), 责任单位 {units} 登录后会看到", file=sys.stderr)
    return 0
