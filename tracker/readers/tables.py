"""A grid of cells (a sheet, a table found on a PDF page) made into what the parser reads.

The header row is found by the column words the parser uses too (tracker/lexicon/frames.yaml,
table_columns: 序号, 工作任务, 完成时限, 责任单位 ...); rows above it are title lines, a second header row under it (责任 over 责任单位 |
责任领导) is folded into it, and merged cells repeat their value in every cell they cover:

    >>> shape([["2023年重点工作任务分解表", "", ""], ["序号", "工作任务", "责任单位"], ["1", "新建社区食堂20家", "区民政局"]])
    ['2023年重点工作任务分解表', [['序号', '工作任务', '责任单位'], ['1', '新建社区食堂20家', '区民政局']]]

A grid with no header row is text: one line per row, its cells joined by a space.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.readers import lexicon

Merge = tuple[tuple[int, int], tuple[int, int]]  # (first row, first column), (last row, last column), inclusive


@lru_cache(maxsize=1)
def _roles() -> list[tuple[str, re.Pattern]]:
    from tracker.extract.lexicon import alternation, load

    return [(role, re.compile(alternation(words))) for role, words in load("frames.yaml")["table_columns"].items()]


def _squash(cell: str) -> str:
    return re.sub(r"\s+", "", cell)


def cell_roles(cell: str) -> set[str]:
    """The header roles a cell names: 完成时限（2023年） -> {'deadline'}; a long data cell names none."""
    text = _squash(cell)
    if not text or len(text) > lexicon()["header_cell_max_chars"]:
        return set()
    return {role for role, pattern in _roles() if pattern.search(text)}


def row_roles(row: list[str]) -> set[str]:
    return set().union(*(cell_roles(c) for c in row)) if row else set()


def is_header(row: list[str]) -> bool:
    """A header row names at least two different kinds of column (序号 and 工作任务, 任务 and 责任单位)."""
    return len(row_roles(row)) >= 2


def fill_merges(rows: list[list[str]], merges: list[Merge]) -> None:
    """Copy each merged range's value (kept only in its first cell) into every cell it covers, in place."""
    for (r0, c0), (r1, c1) in merges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if not row[c]:
                    row[c] = value


def _section_rows(rows: list[list[str]], merges: list[Merge], width: int) -> set[int]:
    """Rows merged across the whole table width: section titles (一、经济发展), kept in their first cell only."""
    return {r for (r, c0), (r1, c1) in merges if r == r1 and c0 == 0 and c1 >= width - 1}


def _fold_header(upper: list[str], lower: list[str]) -> list[str]:
    """Two header rows as one: 责任 over 责任单位 gives 责任单位; 完成情况 over 数量 gives 完成情况·数量."""
    out = []
    for a, b in zip(upper, lower, strict=True):
        a, b = _squash(a), _squash(b)
        if not b or b in a:
            out.append(a)
        elif not a or a in b:
            out.append(b)
        else:
            out.append(f"{a}·{b}")
    return out


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    keep = [c for c in range(max(map(len, rows), default=0)) if any(c < len(r) and r[c] for r in rows)]
    return [[r[c] if c < len(r) else "" for c in keep] for r in rows]


def shape(rows: list[list[str]], merges: list[Merge] | None = None) -> list:
    """Blocks for join_blocks: title lines (str) and the table (list of rows), or text lines when there is no header.

    `merges` are the merged ranges the file keeps (xlsx, xls, a PDF table's spanning cells);
    None means the file keeps none (ods), so a blank 责任单位 repeats the row above instead.
    """
    lex = lexicon()
    width = max(map(len, rows), default=0)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    header_at = next((i for i, row in enumerate(rows[: lex["header_search_rows"]]) if is_header(row)), None)
    if header_at is None:
        return [" ".join(c for c in row if c) for row in rows]
    sections = _section_rows(rows, merges or [], width)
    merged_down = {r0 for (r0, _), (r1, _) in (merges or []) if r0 == header_at and r1 > r0}
    if merges:
        # Section titles keep their text once, not once per column they span.
        fill_merges(rows, [m for m in merges if m[0][0] not in sections])
    titles = [" ".join(dict.fromkeys(c for c in row if c)) for row in rows[:header_at]]
    header = rows[header_at]
    body_at = header_at + 1
    # A second header row: a merged header cell reaches into it, or each of its cells names a column.
    while body_at < len(rows) and (body_at - 1 in merged_down or (
            any(rows[body_at]) and all(cell_roles(c) for c in rows[body_at] if c))):
        header = _fold_header(header, rows[body_at])
        merged_down |= {r0 for (r0, _), (r1, _) in (merges or []) if r0 == body_at and r1 > r0}
        body_at += 1
        if body_at - header_at > 3:
            break
    body = [row for row in rows[body_at:] if any(row)]
    if merges is None:
        roles = [cell_roles(c) for c in header]
        fill = [i for i, r in enumerate(roles) if r & set(lex["fill_down"])]
        for above, row in zip(body, body[1:], strict=False):
            if sum(1 for c in row if c) > 1:
                for i in fill:
                    row[i] = row[i] or above[i]
    table = _drop_empty_columns([header, *body])
    return [*(t for t in titles if t), table]
