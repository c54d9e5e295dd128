"""`python -m tracker extend ...`: ask for a later deadline, decide a request, list requests.

    $ python -m tracker extend 12 --to 2020-06-30 --reason 汛期停工两个月 --by wang
    已提交延期申请 3: 承诺 12 (老旧小区改造) 申请延至 2020-06-30, 等待管理人员审批
    $ python -m tracker extend decide 3 --approve --by boss
    已批准延期申请 3: 承诺 12 现行期限 2020-06-30 (原定期限 2019-12-31)
    $ python -m tracker extend decide 4 --refuse --note 理由不充分 --by boss
    $ python -m tracker extend list 12 --json

Exit 2 before the database is opened for an id that is not a whole number, a malformed date,
a request without --to or --reason, a decision without exactly one of --approve / --refuse;
exit 1 when the store refuses (unknown id or user, a role that may not, a day not later than
the deadline in force, a request already decided).
"""

from __future__ import annotations

import sys


def _id(text: str, what: str) -> int:
    from tracker.store import InvalidInput

    if not (text or "").strip().isdigit():
        raise InvalidInput(f"{what}编号不是整数: {text!r}")
    return int(text)


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.store import InvalidInput, StoreError, as_date

    mode = {"decide": "decide", "list": "list"}.get(args.target, "request")
    try:
        if mode == "request":
            cid = _id(args.target, "承诺")
            if args.ext_id is not None:
                raise InvalidInput(f"多余的参数 {args.ext_id}")
            to = as_date(args.to, "--to")
            if not to or not (args.reason or "").strip():
                raise InvalidInput("申请延期需要 --to 日期 和 --reason 理由")
        elif mode == "decide":
            ext_id = _id(args.ext_id or "", "延期申请")
            if args.approve == args.refuse:
                raise InvalidInput("请给出 --approve（批准）或 --refuse（不批准）之一")
        else:
            cid = _id(args.ext_id, "承诺") if args.ext_id is not None else None
        if mode != "list" and not args.by:
            raise InvalidInput("缺少参数 --by")
    except StoreError as exc:
        return error(exc, BAD_ARGUMENTS)

    try:
        with open_db(args.db, must_exist=True) as store:
            if mode == "request":
                ext_id = store.request_extension(cid, to, args.reason, by=args.by)
                row = store.commitment(cid)
                print(f"已提交延期申请 {ext_id}: 承诺 {cid} ({row['task']}) 申请延至 {to}, 等待管理人员审批", file=sys.stderr)
            elif mode == "decide":
                store.decide_extension(ext_id, args.approve, by=args.by, note=args.note or "")
                ext = store.extensions().set_index("id").loc[ext_id]
                row = store.commitment(int(ext["commitment_id"]))
                if args.approve:
                    print(f"已批准延期申请 {ext_id}: 承诺 {row['id']} 现行期限 {row['deadline']}"
                          f" (原定期限 {row['original_deadline']})", file=sys.stderr)
                else:
                    print(f"已退回延期申请 {ext_id}: 承诺 {row['id']} 期限仍为 {row['deadline']}", file=sys.stderr)
            else:
                return _list(store.extensions(cid), args.json)
    except StoreError as exc:
        return error(exc)
    return 0


def _list(df, as_json: bool) -> int:
    from tracker.commands import write_json_lines
    from tracker.commands.list import clip, format_table
    from tracker.labels import EXTENSION_STATUS, UI
    from tracker.store import plain_records

    records = plain_records(df)
    if as_json:
        write_json_lines(records)
        return 0
    if not records:
        print(UI["extension_none"], file=sys.stderr)
        return 0
    headers = ["编号", "承诺", UI["requested_deadline"], UI["extension_status"], UI["requested_by"], UI["requested_at"],
               UI["extension_reason"], UI["extension_note"]]
    rows = [[str(r["id"]), f"{r['commitment_id']} {clip(r['task'], 20)}", r["requested_deadline"],
             EXTENSION_STATUS.get(r["status"], r["status"]), r["requested_by"], r["requested_at"].replace("T", " ")[:16],
             clip(r["reason"], 30), clip(r["decision_note"] or "", 20)] for r in records]
    print(format_table(headers, rows))
    return 0
