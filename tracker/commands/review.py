"""`python -m tracker review ID... --state confirmed|rejected|extracted --by USER [--json]`: review several at once.

    $ python -m tracker review 12 13 15 --state confirmed --by boss
    已审核: 3 条承诺 → 已确认（改变 3 条）
    $ python -m tracker review 14 --state extracted --by boss      # a rejection undone: back to 待审核

The same rule as the 审核 page (Store.review_many): a manager only, all the ids in one
transaction, so an unknown id among them leaves every one as it was (exit 1). Exit 2, before
the database is opened, for an id that is not a whole number. `--json` prints one line
{"ids", "state", "changed"} on standard output.
"""

from __future__ import annotations

import json
import sys


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.labels import REVIEW
    from tracker.store import StoreError

    bad = [i for i in args.ids if not i.strip().isdigit()]
    if bad:
        return error(f"承诺编号不是整数: {', '.join(bad)}", BAD_ARGUMENTS)
    ids = [int(i) for i in args.ids]
    try:
        with open_db(args.db, must_exist=True) as store:
            changed = store.review_many(ids, args.state, by=args.by)
    except StoreError as exc:
        return error(exc)
    print(f"已审核: {len(set(ids))} 条承诺 → {REVIEW[args.state]}（改变 {changed} 条）", file=sys.stderr)
    if args.json:
        print(json.dumps({"ids": ids, "state": args.state, "changed": changed}, ensure_ascii=False))
    return 0
