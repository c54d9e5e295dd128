"""`python -m tracker inbox --by USER [--read ID] [--json]`: the instructions and reminders sent to someone.

    $ python -m tracker inbox --by wang
    编号  类别  状态  时间              发送人  关于                内容
    6     催办  未读  2020-01-06 09:00  boss    致 区城管局         逾期事项请本周内说明原因
    $ python -m tracker inbox --by wang --read 6
    已标为已读: 催办 6

Unread first, then newest first. --read marks one read (audited), as the dashboard's box does.
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db, write_json_lines
    from tracker.commands.list import clip, format_table
    from tracker.labels import INSTRUCTION_KIND, UI
    from tracker.store import StoreError, plain_records

    if args.read is not None and not args.read.strip().isdigit():
        return error(f"批示编号不是整数: {args.read!r}", BAD_ARGUMENTS)
    try:
        with open_db(args.db, must_exist=True) as store:
            if args.read is not None:
                iid = int(args.read)
                fresh = store.mark_read(iid, by=args.by)
                print(f"已标为已读: {iid}" if fresh else f"原已读过: {iid}", file=sys.stderr)
                return 0
            records = plain_records(store.instructions_for(args.by))
    except StoreError as exc:
        return error(exc)
    if args.json:
        write_json_lines(records)
        return 0
    if not records:
        print(UI["instructions_none"], file=sys.stderr)
        return 0

    def about(r: dict) -> str:
        if r["kind"] == "instruction":
            return UI["unread_about"].format(id=r["commitment_id"], task=r["task"])
        return UI["unread_to_unit"].format(unit=r["unit"])

    headers = ["编号", UI["instruction_kind"], "状态", UI["instruction_at"], UI["instruction_by"], "关于", "内容"]
    rows = [[str(r["id"]), INSTRUCTION_KIND[r["kind"]], "已读" if r["read"] else "未读",
             r["created_at"].replace("T", " ")[:16], r["by"], clip(about(r), 24), clip(r["text"], 40)] for r in records]
    print(format_table(headers, rows))
    unread = sum(not r["read"] for r in records)
    print(f"共 {len(records)} 条, 未读 {unread} 条", file=sys.stderr)
    return 0
