"""`python -m tracker users add NAME --role R` and `users list`.

The password is read from standard input: one line when piped
(`echo 'secret' | python -m tracker users add wang --role staff`), or typed twice, unseen,
at a terminal. The command line is trusted to add users without signing in: whoever can
run it can read the database file anyway.
"""

from __future__ import annotations

import getpass
import sys


def read_password() -> str:
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        first = getpass.getpass("密码: ")
        if first != getpass.getpass("再次输入密码: "):
            from tracker.store import InvalidInput

            raise InvalidInput("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run(args) -> int:
    from tracker.commands import error, open_db
    from tracker.labels import ROLE
    from tracker.store import StoreError

    try:
        with open_db(args.db, must_exist=args.users_command != "add") as store:
            if args.users_command == "add":
                password = read_password()
                store.add_user(args.name, args.role, password, by=None, trusted=True)
                print(f"已添加用户 {args.name.strip()} ({ROLE[args.role]})", file=sys.stderr)
                return 0
            users = store.users()
            units = {u["name"]: "、".join(store.user_units(u["name"])) for u in users}
    except StoreError as exc:
        return error(exc)
    from tracker.commands.list import format_table

    if not users:
        print("还没有用户; 用 users add NAME --role manager 添加第一位管理人员", file=sys.stderr)
        return 0
    print(format_table(["用户", "角色", "责任单位", "创建时间"],
                       [[u["name"], ROLE.get(u["role"], u["role"]), units[u["name"]], u["created_at"]] for u in users]))
    return 0
