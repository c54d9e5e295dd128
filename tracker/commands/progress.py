"""`python -m tracker progress ID VALUE --by USER [--as-of YYYY-MM-DD] [--note TEXT]`: record progress.

    $ python -m tracker progress 12 1.5万 --by wang --note 截至5月底
    已记录: 承诺 12 (老旧小区改造) 进度 1.5万个, 截至 2026-05-31
    $ python -m tracker progress 13 完成 --by wang --note 已通过验收
    已记录: 承诺 13 (生态园林城市创建) 已标记为完成, 截至 2026-06-10

VALUE is a figure as offices write it (120, 35.5, 1.5万, 2,000), or 完成 / done for a
commitment that has no number to reach. Exit 2, before the database is opened, for an id
that is not a whole number, a VALUE that is not a figure, or an --as-of that is not a day or
lies after today; exit 1 when the store refuses (unknown id or user, a viewer, a rejected
commitment, a figure for a commitment with no number or 完成 for one with a number).
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
    return 0
