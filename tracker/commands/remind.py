"""`python -m tracker remind UNIT TEXT --by USER`: a manager's reminder (催办) to one unit.

    $ python -m tracker remind 区城管局 逾期事项请本周内说明原因 --by boss
    已向 区城管局 发送催办 6 (该单位逾期 1 条, 30 天内到期 0 条)

Exit 1 when the store refuses (not a manager, a unit named on no commitment, empty text).
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.commands import error, open_db
    from tracker.store import StoreError

    try:
        with open_db(args.db, must_exist=True) as store:
            iid = store.remind(args.unit, args.text, by=args.by)
            digest = store.digest(unit=args.unit)["units"][0]
    except StoreError as exc:
        return error(exc)
    print(f"已向 {digest['unit']} 发送催办 {iid} (该单位逾期 {len(digest['overdue'])} 条,"
          f" 30 天内到期 {len(digest['due_soon'])} 条)", file=sys.stderr)
    return 0
