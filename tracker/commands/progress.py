"""`python -m tracker progress ID VALUE --by USER [--as-of YYYY-MM-DD] [--note TEXT] [--yes]`: record progress.

    $ python -m tracker progress 12 1.5万 --by wang --note 截至5月底
    已记录: 承诺 12 (老旧小区改造) 进度 1.5万个, 截至 2026-05-31
    $ python -m tracker progress 13 完成 --by wang --note 已通过验收
    已记录: 承诺 13 (生态园林城市创建) 已标记为完成, 截至 2026-06-10

VALUE is a figure as offices write it (120, 35.5, 1.5万, 2,000), or 完成 / done for a
commitment that has no number to reach. Exit 2, before the database is opened, for an id
that is not a whole number, a VALUE that is not a figure, or an --as-of that is not a day or
lies after today; exit 1 when the store refuses (unknown id or user, a viewer, a rejected
commitment, a figure for a commitment with no number or 完成 for one with a number), and for a figure above the target
that was not confirmed (asked y/N at a terminal; --yes confirms beforehand).
Nothing is written when the exit code is not 0.
"""

from __future__ import annotations

import sys
from datetime import date

DONE_WORDS = ("完成", "已完成", "done")  # VALUE for "this commitment with no number is done"


def _usage_hint(store, commitment_id: int, mark_done: bool, by: str) -> str:
    """The command that fits this commitment, after a refusal that picked the wrong kind of VALUE."""
    from tracker.cells import number_text
    from tracker.store import StoreError, has_number

    try:
        record = store.commitment(commitment_id)
    except StoreError:  # only a hint; the store's own message is already said
        return ""
    if mark_done and has_number(record.get("target_value")):
        return f"\n例如: python -m tracker progress {commitment_id} {number_text(record['target_value'])} --by {by}"
    if not mark_done and not has_number(record.get("target_value")):
        return f"\n完成后请运行: python -m tracker progress {commitment_id} 完成 --by {by}"
    return ""


def _above_target(store, commitment_id: int, value: float, yes: bool) -> str | None:
    """Why a figure above the target is not recorded, or None to go on: the 进度填报 form asks to confirm
    such a figure (a typo of 3660 for 366 would mark the work done), and so does the command line.

    --yes confirms beforehand; at a terminal the question is asked (y/N); with no terminal to
    ask at (a script, a pipe) and no --yes the figure is refused, never taken on trust.
    """
    from tracker.cells import number_text
    from tracker.store import StoreError

    try:
        target = store.commitment(commitment_id).get("target_value")
    except StoreError:
        return None  # the store's own refusal (an unknown id) follows
    if target is None or not value > target or yes:
        return None
    question = f"进度值 {number_text(value)} 超过目标值 {number_text(target)}"
    if not sys.stdin or not sys.stdin.isatty():
        return f"{question}; 确认无误请加 --yes 再运行（没有终端可以询问，未记录）"
    print(f"{question}, 确认记录吗? [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline().strip().lower()
    return None if answer in ("y", "yes", "是") else "未确认, 未记录"


def run(args) -> int:
    from tracker.cells import number_text
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.store import InvalidInput, StoreError, as_date, as_number, not_in_future

    raw = args.value.strip()
    mark_done = raw.lower() in DONE_WORDS
    try:
        if not args.id.strip().isdigit():
            raise InvalidInput(f"承诺编号不是整数: {args.id!r}")
        commitment_id = int(args.id)
        value = None if mark_done else as_number(raw, "进度值")
        as_of = as_date(args.as_of, "--as-of")
        if as_of:
            not_in_future(as_of, "--as-of")
    except StoreError as exc:
        return error(exc, BAD_ARGUMENTS)

    try:
        with open_db(args.db, must_exist=True) as store:
            if not mark_done and (refusal := _above_target(store, commitment_id, value, args.yes)):
                return error(refusal)
            try:
                if mark_done:
                    changed = store.set_complete(commitment_id, by=args.by, note=args.note or "", as_of=as_of)
                else:
                    store.add_progress(commitment_id, value, by=args.by, as_of=as_of, note=args.note or "")
            except InvalidInput as exc:
                return error(f"{exc}{_usage_hint(store, commitment_id, mark_done, args.by)}")
            record = store.commitment(commitment_id, as_of=as_of)
    except StoreError as exc:
        return error(exc)
    day = as_of or date.today().isoformat()
    if mark_done:
        done = "已标记为完成" if changed else "原已标记为完成, 未重复记录"
        print(f"已记录: 承诺 {commitment_id} ({record['task']}) {done}, 截至 {day}", file=sys.stderr)
    else:
        unit = record.get("unit") or ""
        print(f"已记录: 承诺 {commitment_id} ({record['task']}) 进度 {number_text(value)}{unit}, 截至 {day}",
              file=sys.stderr)
    if record.get("status") == "pending_signoff":
        print(f"已报告完成, 待销号: 请管理人员确认 (python -m tracker signoff {commitment_id} --by 管理人员)",
              file=sys.stderr)
    return 0
