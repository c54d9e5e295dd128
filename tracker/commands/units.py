"""`python -m tracker units list|assign|rename|merge`: people's 责任单位 and unit names.

    $ python -m tracker units list
    $ python -m tracker units assign 王芳 区城建局 区城管局 --by 张主任
    已将 王芳 的责任单位设为: 区城建局、区城管局
    $ python -m tracker units merge 区城建局 城建局 --by 张主任
    已将 区城建局 并入 城建局 (以后导入的 区城建局 也归入 城建局)

`--by` names the manager the change is recorded for (an unknown, disabled or non-manager name
is refused, exit 1); without it the change is the command line's own (audited as system, with
the operating-system user), as `users add` is. `assign NAME` with no unit needs --clear.
"""

from __future__ import annotations

import json
import sys


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db
    from tracker.store import StoreError

    command = args.units_command
    if command == "assign" and not args.units and not args.clear:
        return error("请给出至少一个单位；要取消此人的全部单位，请用 --clear", BAD_ARGUMENTS)
    if command == "assign" and args.units and args.clear:
        return error("--clear 与单位不能同时给出", BAD_ARGUMENTS)
    trusted = {"by": args.by, "trusted": args.by is None} if command != "list" else {}
    try:
        with open_db(args.db, must_exist=True) as store:
            if command == "list":
                return _list(store, args.json)
            if command == "assign":
                units = store.set_user_units(args.name, args.units, **trusted)
                print(f"已将 {args.name} 的责任单位设为: {'、'.join(units) or '(无)'}", file=sys.stderr)
            elif command == "rename":
                new = store.rename_unit(args.old, args.new, **trusted)
                print(f"已将单位 {args.old} 改名为 {new} (以后导入的 {args.old} 也归入 {new})", file=sys.stderr)
            else:
                into = store.merge_units(args.alias, args.into, **trusted)
                print(f"已将 {args.alias} 并入 {into} (以后导入的 {args.alias} 也归入 {into})", file=sys.stderr)
    except StoreError as exc:
        return error(exc)
    return 0


def _list(store, as_json: bool) -> int:
    from tracker.commands.list import format_table
    from tracker.labels import UI

    units = store.units()
    if as_json:
        for row in units.to_dict("records"):
            print(json.dumps({"unit": row["unit"], "commitments": int(row["commitments"]), "people": int(row["people"]),
                              "aliases": list(row["aliases"])}, ensure_ascii=False))
        return 0
    if units.empty:
        print(UI["no_units_yet"], file=sys.stderr)
        return 0
    print(format_table([UI["unit_name"], UI["unit_commitments"], UI["unit_people"], UI["unit_aliases"]],
                       [[r["unit"], str(r["commitments"]), str(r["people"]), "、".join(r["aliases"])]
                        for r in units.to_dict("records")]))
    return 0
