"""`python -m tracker extract FILE... [--date YYYY-MM-DD] [--json] [--frame] [--candidates]` (commitments.md).

With --json each line is one JSON object: a record (no `kind`), and with --frame one
`"kind": "frame"` line per article before its records, with --candidates one `"kind": "candidate"`
line per sentence not taken and one `"kind": "progress"` line per progress reading after them.
A reader of records skips every line that has a kind.
"""

from __future__ import annotations

import json
import sys

from tracker.commands import BAD_ARGUMENTS, FAILED, OK, error
from tracker.documents import DocumentError, read_document
from tracker.extract import extract_document
from tracker.labels import CANDIDATE_REASON, DATE_FROM, GENRE


def _table_row(rec) -> str:
    value = "" if rec.target_value is None else f"{rec.target_value:g}{rec.unit or ''}"
    people = "、".join(o.name for o in rec.officials)
    return f"{rec.deadline or '—':10}  {value:>14}  {rec.task[:24]:24}  {people}"


def _frame_row(frame) -> str:
    where = DATE_FROM.get(frame.date_from, frame.date_from)
    return f"【{GENRE.get(frame.genre, frame.genre)}】{frame.title or '—'}  {frame.date or '—'}（日期来源：{where}）"


def _candidate_row(c) -> str:
    value = "" if c.target_value is None else f"{c.target_value:g}{c.unit or ''}"
    return f"  候选  {c.deadline or '—':10}  {value:>14}  {c.sentence[:30]}（{CANDIDATE_REASON.get(c.reason, c.reason)}）"


def _article_index(frames, start: int, title: str | None) -> int:
    """Which article of the page a line belongs to: by offset when frames carry their spans, else by title."""
    if any(f.end > f.start for f in frames):
        return max((i for i, f in enumerate(frames) if f.start <= start), default=0)
    return next((i for i, f in enumerate(frames) if title and f.title == title), 0)


def by_article(reading) -> list[tuple]:
    """(frame or None, records, candidates, progress readings) per article, in page order."""
    frames = list(reading.frames)
    groups = [(f, [], [], []) for f in frames] or [(None, [], [], [])]
    where = [_article_index(frames, r.start, r.article_title) if frames else 0 for r in reading.records]
    for rec, i in zip(reading.records, where, strict=True):
        groups[i][1].append(rec)
    for c in reading.candidates:
        groups[_article_index(frames, c.start, c.article_title) if frames else 0][2].append(c)
    for p in reading.progress:
        i = where[p.record] if 0 <= p.record < len(where) else (_article_index(frames, p.start, None) if frames else 0)
        groups[i][3].append(p)
    return groups


def _lines(path: str, reading, args) -> list[str]:
    if not args.json:
        lines = [f"{path}: {len(reading.records)} 条承诺"]
        for frame, records, candidates, _ in by_article(reading):
            if args.frame and frame is not None:
                lines.append(_frame_row(frame))
            lines.extend("  " + _table_row(rec) for rec in records)
            if args.candidates:
                lines.extend(_candidate_row(c) for c in candidates)
        return lines
    lines = []
    for frame, records, candidates, progress in by_article(reading):
        if args.frame and frame is not None:
            lines.append(frame.to_json())
        lines.extend(rec.to_json() for rec in records)
        if args.candidates:
            lines.extend(c.to_json() for c in candidates)
            lines.extend(p.to_json() for p in progress)
    return [json.dumps(line, ensure_ascii=False) for line in lines]


def run(args) -> int:
    if args.date:
        from tracker import dates

        try:
            dates.day(args.date)
        except dates.BadDate:
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
            # written out whole or not at all, so a record that cannot be printed costs only its own file
            reading = extract_document(text, source=path, ref_date=args.date, with_candidates=args.candidates)
            lines = _lines(path, reading, args)
        except Exception as exc:  # noqa: BLE001 - one text the parser trips on must not cost the files after it
            error(f"解析 {path} 时出错：{exc.__class__.__name__}: {exc}")
            failed += 1
            continue
        out.write("\n".join(lines) + ("\n" if lines else ""))
    out.flush()
    return FAILED if failed else OK
