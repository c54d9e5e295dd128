"""`python -m tracker extract FILE... [--date YYYY-MM-DD] [--json]` (commitments.md)."""

from __future__ import annotations

import json
import sys
from datetime import date

from tracker.commands import BAD_ARGUMENTS, FAILED, OK, error
from tracker.documents import DocumentError, read_document
from tracker.extract import extract_document


def _table_row(rec) -> str:
    value = "" if rec.target_value is None else f"{rec.target_value:g}{rec.unit or ''}"
    people = "、".join(o.name for o in rec.officials)
    return f"{rec.deadline or '—':10}  {value:>14}  {rec.task[:24]:24}  {people}"


def _json_objects(reading, args) -> list:
    """Records, with each article's frame before its records (--frame) and candidates after (--candidates)."""
    out = []
    for n, frame in enumerate(reading.frames):
        last = n == len(reading.frames) - 1
        inside = [r for r in reading.records if frame.start <= r.start < frame.end or (last and r.start >= frame.start)]
        if args.frame:
            out.append(frame)
        out.extend(inside)
    out.extend(r for r in reading.records if r not in out)  # anything outside every frame's span, in order
    if getattr(args, "candidates", False):
        out.extend(reading.candidates)
        out.extend(reading.progress)
    return out


def run(args) -> int:
    if args.date:
        try:
            date.fromisoformat(args.date)
        except ValueError:
            return error(f"--date 须为 YYYY-MM-DD 格式的日期，收到 {args.date!r}", BAD_ARGUMENTS)
    failed = 0
    out = sys.stdout
    for path in args.files:
        try:
            text = read_document(path)
        except DocumentError as exc:
            error(f"无法读取 {path}：{exc}")
            failed += 1
            continue
        try:
            reading = extract_document(text, source=path, ref_date=args.date)
            records = reading.records
            # written out whole or not at all, so a record that cannot be printed costs only its own file
            if args.json:
                lines = [json.dumps(obj.to_json(), ensure_ascii=False) for obj in _json_objects(reading, args)]
            else:
                lines = [f"{path}: {len(records)} 条承诺", *("  " + _table_row(rec) for rec in records)]
        except Exception as exc:  # noqa: BLE001 - one text the parser trips on must not cost the files after it
            error(f"解析 {path} 时出错：{exc.__class__.__name__}: {exc}")
            failed += 1
            continue
        out.write("\n".join(lines) + ("\n" if lines else ""))
    out.flush()
    return FAILED if failed else OK
