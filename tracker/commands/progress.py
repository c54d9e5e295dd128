"""`python -m tracker progress ID VALUE --by USER [--as-of YYYY-MM-DD] [--note TEXT]`: record progress.

    $ python -m tracker progress 12 180 --by wang --note 截至5月底
    已记录: 承诺 12 (老旧小区改造) 进度 180 个, 截至 2019-05-31

A value that is not a finite non-negative number, an unknown id or user, a viewer, or an
as-of that is not a date is refused with a message and exit code 1; nothing is written.
"""

from __future__ import annotations

import sys


def run(args) -> int:
    from tracker.store import InvalidInput, Store, StoreError, as_date, as_number

    try:
        if not args.id.strip().isdigit():
            raise InvalidInput(f"承诺编号不是整数: {args.id!r}")
        commitment_id = int(args.id)
        value = as_number(args.value, "进度值")
        as_of = as_date(args.as_of, "--as-of")
        with Store(args.db) as store:
            store.add_progress(commitment_id, value, by=args.by, as_of=as_of, note=args.note or "")
            record = store.commitment(commitment_id, as_of=as_of)
    except StoreError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 1
    unit = record.get("unit") or ""
    print(
        f"已记录: 承诺 {commitment_id} ({record['task']}) 进度 {value:g} {unit}, 截至 {record['progress_as_of']}",
        file=sys.stderr,
    )
    return 0

