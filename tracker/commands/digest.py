"""`python -m tracker digest [--unit U] [--as-of D] [--days 30] [--format text|json]`: what each unit must hear.

Per unit, its overdue commitments (most recently due first) and those due within --days
(soonest first), by the deadline in force; an office's scheduler mails the output:

    $ python -m tracker digest --as-of 2020-03-10
    督办提醒 截至 2020-03-10（逾期及 30 天内到期）
    【区城建局】逾期 1 条，30 天内到期 1 条
      逾期  #1 老旧小区改造  截止 2019-12-31  逾期 70 天  完成 96%
      到期  #3 口袋公园  截止 2020-03-31  还有 21 天  完成 0%

--format json writes one object: {"as_of", "days", "units": [{"unit", "overdue", "due_soon",
"open_reminders"}]} (Store.digest). Exit 2 for a malformed date or day count.
"""

from __future__ import annotations

import json
import sys


def _line(kind: str, r: dict) -> str:
    from tracker.labels import UI

    days = int(r["days_left"])
    left = UI["days_overdue"].format(n=-days) if days < 0 else (UI["due_today"] if days == 0 else
                                                                 UI["days_to_go"].format(n=days))
    moved = f"（原定 {r['original_deadline']}）" if r["original_deadline"] != r["deadline"] else ""
    share = "" if r["share"] is None else f"  完成 {r['share']:.0f}%"
    return f"  {kind}  #{r['id']} {r['task']}  截止 {r['deadline']}{moved}  {left}{share}"


def text(digest: dict) -> str:
    """The digest as a person reads it in a mail."""
    days = digest["days"]
    out = [f"督办提醒 截至 {digest['as_of']}（逾期及 {days} 天内到期）"]
    if not digest["units"]:
        out.append("没有逾期或即将到期的承诺。")
    for unit in digest["units"]:
        head = f"【{unit['unit']}】逾期 {len(unit['overdue'])} 条，{days} 天内到期 {len(unit['due_soon'])} 条"
        if unit["open_reminders"]:
            head += f"，未办结催办 {unit['open_reminders']} 条"
        out.append(head)
        out.extend(_line("逾期", r) for r in unit["overdue"])
        out.extend(_line("到期", r) for r in unit["due_soon"])
        if not unit["overdue"] and not unit["due_soon"]:
            out.append("  没有逾期或即将到期的承诺。")
    return "\n".join(out) + "\n"


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.store import StoreError, as_date

    try:
        as_of = as_date(args.as_of, "--as-of")
    except StoreError as exc:
        return error(exc, BAD_ARGUMENTS)
    if args.days < 0:
        return error("--days 不能为负数", BAD_ARGUMENTS)
    try:
        with open_db(args.db, must_exist=True) as store:
            digest = store.digest(as_of=as_of, days=args.days, unit=args.unit)
    except StoreError as exc:
        return error(exc)
    if args.format == "json":
        sys.stdout.write(json.dumps(digest, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(text(digest))
    return 0
