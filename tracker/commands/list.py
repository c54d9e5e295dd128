"""`python -m tracker list [--status STATUS] [--as-of YYYY-MM-DD] [--json]`: commitments and their status.

Without --json a table for a person (Chinese headers, columns aligned for CJK text);
with --json one object per line holding every column of the commitment view, e.g.
{"id": 1, "task": "老旧小区改造", "target_value": 366, "unit": "个", "deadline": "2019-12-31", ...}
"""

from __future__ import annotations

import sys
import unicodedata

from tracker.labels import FIELD, REVIEW, STATUS

TABLE_COLUMNS = ("id", "status", "task", "target_value", "unit", "progress", "share", "deadline", "units", "review")
TASK_WIDTH = 28  # display columns; long tasks are cut so a row fits a terminal


def width(text: str) -> int:
    """Terminal columns of a string: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column == "status":
        return STATUS.get(value, value)
    if column == "review":
        return REVIEW.get(value, value)
    if column == "share":
        return f"{value:.0f}%"
    if column == "units":
        return "、".join(value)
    if column == "task":
        return clip(value, TASK_WIDTH)
    if column in ("target_value", "progress"):
        return _number(value)
    return str(value)


def run(args) -> int:
    from tracker.commands import BAD_ARGUMENTS, error, open_db, write_json_lines
    from tracker.store import StoreError, as_date, plain_records

    try:
        as_of = as_date(args.as_of, "--as-of")
    except StoreError as exc:
        return error(exc, BAD_ARGUMENTS)
    try:
        with open_db(args.db, must_exist=True) as store:
            df = store.commitments(as_of=as_of)
    except StoreError as exc:
        return error(exc)
    if args.status:
        from tracker import filters

        df = filters.apply(df, filters.Filter.of(status=args.status))  # the one filter engine, as export and the dashboard
    records = plain_records(df)
    if args.json:
        for record in records:
            if isinstance(record.get("target_value"), float) and record["target_value"].is_integer():
                record["target_value"] = int(record["target_value"])
        write_json_lines(records)
        return 0
    if not records:
        print("没有符合条件的承诺", file=sys.stderr)
        return 0
    headers = [FIELD.get(c, c) for c in TABLE_COLUMNS]
    print(format_table(headers, [[_cell(c, r.get(c)) for c in TABLE_COLUMNS] for r in records]))
    print(f"共 {len(records)} 条承诺", file=sys.stderr)
    return 0
