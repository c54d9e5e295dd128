"""`python -m tracker signoff ID --by USER [--return --reason TEXT] [--json]`: a manager signs off a reported
completion (确认销号), or returns it with a reason (退回).

    $ python -m tracker signoff 12 --by boss
    已销号: 承诺 12 (老旧小区改造) 逾期完成, 完成于 2020-01-05
    $ python -m tracker signoff 13 --by boss --return --reason 照片与台账不一致
    已退回: 承诺 13 (生态园林城市创建), 原因: 照片与台账不一致

Exit 1 when the store refuses (not a manager, not reported complete, signed off already);
exit 2 for an id that is not a whole number, or --return without --reason.
"""

from __future__ import annotations

import json
import sys


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.labels import STATUS
    from tracker.store import StoreError

    if not args.id.strip().isdigit():
        return error(f"承诺编号不是整数: {args.id!r}", BAD_ARGUMENTS)
    reason = (args.reason or "").strip()
    if args.give_back and not reason:
        return error("退回时请用 --reason 写明原因", BAD_ARGUMENTS)
    if reason and not args.give_back:
        return error("--reason 只用于 --return（退回）", BAD_ARGUMENTS)
    cid = int(args.id)
    try:
        with open_db(args.db, must_exist=True) as store:
            if args.give_back:
                store.return_completion(cid, reason, by=args.by)
            else:
                store.signoff(cid, by=args.by)
            record = store.commitment(cid)
    except StoreError as exc:
        return error(exc)
    if args.json:
        print(json.dumps({"id": cid, "decision": "returned" if args.give_back else "signed_off",
                          "status": record["status"], "finished_on": record["finished_on"],
                          "reason": reason or None, "by": args.by}, ensure_ascii=False))
    if args.give_back:
        print(f"已退回: 承诺 {cid} ({record['task']}), 原因: {reason}", file=sys.stderr)
    else:
        print(f"已销号: 承诺 {cid} ({record['task']}) {STATUS.get(record['status'], record['status'])}, "
              f"完成于 {record['finished_on']}", file=sys.stderr)
    return 0
