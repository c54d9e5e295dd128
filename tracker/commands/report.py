"""`python -m tracker report --period week|month [--as-of DATE] [-o FILE.docx]`: the 督查通报 as a Word document.

    python -m tracker report --period month --as-of 2026-11-30      # -> ./督查通报_2026-11.docx
    python -m tracker report --period week -o 本周通报.docx

The period is the week (Monday to Sunday) or month holding --as-of (default today); the figures
are those of that day, compared with the day before the period began. Exit 0 when written; 1 when
the database cannot be read, holds no commitment or the file cannot be written; 2 for a bad
period or date. Messages go to standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.commands import BAD_ARGUMENTS
from tracker.commands import error as _fail
from tracker.labels import EXPORT, REPORT


def run(args) -> int:
    from tracker import dates, report
    from tracker.commands.export import _check_writable, _write

    try:
        as_of = dates.day(args.as_of, "--as-of")
        period = report.report_period(args.period, as_of)
    except ValueError as exc:
        return _fail(str(exc), BAD_ARGUMENTS)
    path = Path(args.output or report.default_filename(period.kind, period.as_of))
    if reason := _check_writable(path):
        return _fail(EXPORT["cannot_write"].format(path=path, reason=reason))

    from tracker.commands import open_db
    from tracker.store import StoreError

    try:
        with open_db(args.db, must_exist=True) as store:
            now = store.commitments(period.as_of.isoformat())
            if now.empty:
                return _fail(REPORT["empty"])
            before = store.commitments(period.previous_end.isoformat())
    except StoreError as exc:
        return _fail(EXPORT["store_error"].format(reason=exc))
    data = report.gather(now, before, period)
    try:
        _write(path, report.to_docx(data))
    except OSError as exc:
        return _fail(EXPORT["cannot_write"].format(path=path, reason=exc.strerror or exc))
    print(REPORT["written"].format(path=path.resolve(), n=data.now["total"], units=len(data.ranking)), file=sys.stderr)
    return 0
