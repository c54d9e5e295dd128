"""`python -m tracker signoff ID [ID ...] --by USER [--return --reason TEXT] [--json]`: a manager signs off
reported completions (确认销号), several at once if given several ids, or returns one with a reason (退回).

    $ python -m tracker signoff 12 --by boss
    已销号: 承诺 12 (老旧小区改造) 逾期完成, 完成于 2020-01-05
    $ python -m tracker signoff 3 5 8 --by boss
    已销号: 承诺 3 (...) 按期完成, 完成于 2019-12-20
    ... (one line each; one id that cannot be signed off refuses all of them, nothing is signed off)
    $ python -m tracker signoff 13 --by boss --return --reason 照片与台账不一致
    已退回: 承诺 13 (生态园林城市创建), 原因: 照片与台账不一致

Exit 1 when the store refuses (not a manager, not reported complete, signed off already, rejected,
unknown); exit 2 for an id that is not a whole number, --return without --reason or with more
than one id (each return needs its own reason).
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db, write_json_lines
    from tracker.labels import STATUS
    from tracker.store import StoreError

    bad = [i for i in args.ids if not i.strip().isdigit()]
    if bad:
        return error(f"承诺编号不是整数: {bad[0]!r}", BAD_ARGUMENTS)
    reason = (args.reason or "").strip()
    if args.give_back and not reason:
        return error("退回时请用 --reason 写明原因", BAD_ARGUMENTS)
    if reason and not args.give_back:
        return error("--reason 只用于 --return（退回）", BAD_ARGUMENTS)
    ids = list(dict.fromkeys(int(i) for i in args.ids))
    if args.give_back and len(ids) > 1:
        return error("退回一次只能一条承诺（每条写明各自的原因）", BAD_ARGUMENTS)
    try:
        with open_db(args.db, must_exist=True) as store:
            if args.give_back:
                store.return_completion(ids[0], reason, by=args.by)
            elif len(ids) == 1:
                store.signoff(ids[0], by=args.by)
            else:
                store.sign_off_many(ids, by=args.by)  # all in one transaction: all or none
            records = [store.commitment(cid) for cid in ids]
    except StoreError as exc:
        return error(exc)
    if args.json:
        write_json_lines({"id": r["id"], "decision": "returned" if args.give_back else "signed_off",
                          "status": r["status"], "finished_on": r["finished_on"], "reason": reason or None,
                          "by": args.by} for r in records)
    for r in records:
        if args.give_back:
            print(f"已退回: 承诺 {r['id']} ({r['task']}), 原因: {reason}", file=sys.stderr)
        else:
            print(f"已销号: 承诺 {r['id']} ({r['task']}) {STATUS.get(r['status'], r['status'])}, "
                  f"完成于 {r['finished_on']}", file=sys.stderr)
    return 0
