"""The command line of tracking.md: one argparse tree, each command run from its own module.

Command modules are imported only when chosen, so `extract` (which the scorer calls
many times) never pays for pandas or SQLite.
"""

from __future__ import annotations

import argparse
import importlib
import sys

STATUSES = ["done", "overdue", "at_risk", "on_track", "no_deadline"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tracker", description="政策目标追踪 tracker: commitments from Chinese texts, followed to completion.")
    sub = p.add_subparsers(dest="command", required=True)

    def db(sp):
        sp.add_argument("--db", help="SQLite file (default: $TRACKER_DB, else data/tracker.db)")

    e = sub.add_parser("extract", help="print the commitments found in text files (touches no database)")
    e.add_argument("files", nargs="+", metavar="FILE")
    e.add_argument("--date", help="reference date YYYY-MM-DD for texts that carry no year")
    e.add_argument("--json", action="store_true", help="JSON Lines on standard output")
    db(e)

    i = sub.add_parser("ingest", help="store articles and the commitments found in them")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of .txt, .html, .docx")
    i.add_argument("--date", help="reference date YYYY-MM-DD for texts that carry no year")
    db(i)

    li = sub.add_parser("list", help="list commitments with their status")
    li.add_argument("--status", choices=STATUSES)
    li.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
    li.add_argument("--json", action="store_true")
    db(li)

    pr = sub.add_parser("progress", help="record a progress update")
    pr.add_argument("id", metavar="ID")
    pr.add_argument("value", metavar="VALUE")
    pr.add_argument("--by", required=True, metavar="USER")
    pr.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
    pr.add_argument("--note", default="")
    db(pr)

    ex = sub.add_parser("export", help="write the deadline list as CSV, Excel or calendar")
    ex.add_argument("--format", required=True, metavar="csv|xlsx|ics")
    ex.add_argument("-o", "--output", metavar="FILE")
    ex.add_argument("--status", choices=STATUSES)
    ex.add_argument("--due-before", dest="due_before", metavar="YYYY-MM-DD")
    ex.add_argument("--due-after", dest="due_after", metavar="YYYY-MM-DD")
    ex.add_argument("--official")
    ex.add_argument("--unit")
    ex.add_argument("--area", help="work area (工作领域)")
    ex.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
    db(ex)

    u = sub.add_parser("users", help="manage users")
    usub = u.add_subparsers(dest="users_command", required=True)
    ua = usub.add_parser("add", help="add a user; the password is read from standard input")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=["manager", "staff", "viewer"])
    db(ua)
    ul = usub.add_parser("list", help="list users")
    db(ul)

    b = sub.add_parser("backup", help="a consistent copy of the database, safe while the dashboard writes")
    b.add_argument("file", metavar="FILE")
    db(b)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"tracker.commands.{args.command}")
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
