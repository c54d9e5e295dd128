"""`python -m tracker audit verify`: walk the audit log's hash chain.

    $ python -m tracker audit verify
    审计日志完整: 1,204 行, 哈希链无断点
    $ python -m tracker audit verify      # after a row was changed by hand with the triggers dropped
    错误: 审计日志第 37 行与哈希链不符: 该行或它之前的一行被改动、删除或伪造

Exit 0 when every row matches and the append-only triggers are in place, 1 otherwise.
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.commands import error, open_db
    from tracker.store import StoreError

    try:
        with open_db(args.db, must_exist=True) as store:
            result = store.verify_audit()
    except StoreError as exc:
        return error(exc)
    problems = []
    if result["broken_at"] is not None:
        what = "没有哈希" if result["reason"] == "no_hash" else "与哈希链不符"
        problems.append(f"审计日志第 {result['broken_at']} 行{what}: 该行或它之前的一行被改动、删除或伪造")
    if result["missing_triggers"]:
        problems.append(f"保护审计日志和进度记录的触发器被删除: {', '.join(result['missing_triggers'])}")
    if problems:
        for problem in problems:
            error(problem)
        return 1
    print(f"审计日志完整: {result['rows']:,} 行, 哈希链无断点", file=sys.stderr)
    return 0
