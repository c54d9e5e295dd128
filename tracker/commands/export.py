"""`python -m tracker export --format csv|xlsx|ics [-o FILE] [filters]`: the deadline list as a file people open.

    python -m tracker export --format xlsx --status overdue        # -> ./承诺清单_2026-11-26.xlsx
    python -m tracker export --format ics -o deadlines.ics --unit 区城建局 --unit 区园林局
    python -m tracker export --format csv > list.csv               # CSV and calendar go to stdout without -o

Messages go to standard error, so standard output holds only the file's bytes (or nothing when
writing to a file). Exit 0 when written; 1 when nothing matches, the file cannot be written or
the database cannot be read; 2 for a bad format or date. Nothing is written when nothing matches.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tracker.commands import BAD_ARGUMENTS
from tracker.commands import error as _fail
from tracker.labels import EXPORT


def _check_writable(path: Path) -> str | None:
    """Why `path` cannot be written, or None: checked before the work, so a typo costs no time."""
    if path.is_dir():
        return EXPORT["is_dir"]
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"{EXPORT['no_dir']} ({parent})"
    if not os.access(parent, os.W_OK):
        return os.strerror(13)
    return None


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a failure never leaves half a file
    where an office expects yesterday's complete list."""
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args) -> int:
    from tracker import export

    fmt = str(args.format).lower().lstrip(".")
    if fmt not in export.FORMATS:
        return _fail(EXPORT["unknown_format"].format(fmt=args.format, known="、".join(export.FORMATS)), BAD_ARGUMENTS)
    from tracker import dates, filters

    try:
        as_of = dates.day(args.as_of, "--as-of")
        dates.day(args.due_before, "--due-before")
        dates.day(args.due_after, "--due-after")
    except dates.BadDate as exc:
        return _fail(str(exc), BAD_ARGUMENTS)
    # The dashboard's filter (tracker.filters): whole names, any of several given.
    chosen = filters.Filter.of(status=args.status, official=args.official, unit=args.unit, area=args.area,
                               due_before=args.due_before, due_after=args.due_after, text=args.search)

    # Where the bytes go: -o FILE, "-o -" for stdout; by default CSV and calendar are text a pipe
    # can take, while a workbook is binary and goes to a file named for the day.
    output = args.output
    if output is None and fmt == "xlsx":
        output = export.default_filename(fmt, as_of)
    to_stdout = output in (None, "-")
    if to_stdout and fmt == "xlsx" and sys.stdout.isatty():
        return _fail(EXPORT["binary_to_terminal"], BAD_ARGUMENTS)
    path = None if to_stdout else Path(output)
    if path is not None and (reason := _check_writable(path)):
        return _fail(EXPORT["cannot_write"].format(path=path, reason=reason))

    from tracker.commands import open_db
    from tracker.store import StoreError

    try:
        with open_db(args.db, must_exist=True) as store:
            view = store.commitments(as_of=as_of)
    except StoreError as exc:
        return _fail(EXPORT["store_error"].format(reason=exc))
    rows = export.by_deadline(filters.apply(view, chosen))
    dated = int(rows["deadline"].notna().sum())
    if rows.empty or (fmt == "ics" and dated == 0):
        return _fail(EXPORT["empty"] if rows.empty else EXPORT["empty_calendar"])

    data = export.render(rows, fmt, as_of=as_of)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            _write(path, data)
        except OSError as exc:
            return _fail(EXPORT["cannot_write"].format(path=path, reason=exc.strerror or exc))
    where = EXPORT["stdout"] if to_stdout else str(path.resolve())
    print(EXPORT["written"].format(n=len(rows), path=where), file=sys.stderr)
    if fmt == "ics" and dated < len(rows):
        print(EXPORT["undated_left_out"].format(n=len(rows) - dated), file=sys.stderr)
    return 0
