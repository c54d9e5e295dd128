"""Tables in plain text: find the header row, rebuild the rows, name each cell's column.

    >>> rows = rebuild(paragraphs("序号\\n工作任务\\n完成时限\\n责任单位\\n1\\n新建社区食堂20家\\n2023年底前\\n区民政局"))
    >>> [(r.text, r.roles) for r in rows if r.roles]
    [('新建社区食堂20家｜2023年底前｜区民政局', ('work', 'deadline', 'unit'))]

A task table reaches us in four layouts: cells split by pipes, by tabs (what the spreadsheet
and PDF readers write), one cell per line (a web page's table copied as text), or run together
(序号项目名称主要内容...1增加教育资源供给...). The header row says what each column is
(tracker/lexicon/frames.yaml, table_columns): the work, its target, its deadline (完成时限),
the lead unit (牵头单位), the leader (责任领导), its progress (当前进度), a note. Each data row
becomes one Paragraph whose text is its cells joined by ｜ (a sentence end, so a progress
percentage never runs into the unit beside it) and whose `roles` name each cell's column;
the pipeline reads a quantity only in the work and target cells and takes deadline, units
and officials from theirs. No table library reads text-only tables like these, hence by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract.lexicon import alternation, load
from tracker.extract.text import Paragraph, paragraphs  # noqa: F401 - paragraphs is used by the example above

CELL_SEP = "｜"
HEADER_MIN = 3  # header cells that must be column words
_AFTER_CELL = re.compile("[。；;）)]")
UNIT_REACH = 8  # a body's name (教育局, 文体旅局) ends within this many characters after the leader's
UNIT_MIN = 3  # 教育局, 民政局: a body's name is three characters or more (张菁民政局 is 张菁 + 民政局)
ROW_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")
# Roles whose cells hold what the office must do; the others describe it.
READ_ROLES = ("work", "target")


@lru_cache(maxsize=1)
def _columns() -> tuple[dict[str, str], re.Pattern]:
    data = load("frames.yaml")["table_columns"]
    roles = {word: role for role, items in data.items() for word in items}
    return roles, re.compile(alternation(roles))


@lru_cache(maxsize=1)
def _number_word() -> re.Pattern:
    return re.compile(alternation(load("frames.yaml")["table_columns"]["number"]))


def column_role(cell: str) -> str | None:
    """The role of a header cell (完成时限 -> deadline), None when it is not a column word."""
    roles, _ = _columns()
    cell = cell.strip(" 　:：*（）()")
    if cell in roles:
        return roles[cell]
    # 责任单位（牵头） / 完成时限（2023年）: the word with a note
    head = re.split(r"[（(/]", cell, maxsplit=1)[0]
    return roles.get(head)


def header_roles(cells: list[str]) -> tuple[str | None, ...] | None:
    """The roles of a header row, or None when the cells are not a header."""
    roles = tuple(column_role(c) for c in cells)
    named = [r for r in roles if r]
    if len(named) >= HEADER_MIN and len(named) >= len(cells) - 1 and ("work" in named or "target" in named):
        return roles
    return None


def _row(cells: list[Paragraph], roles: tuple[str | None, ...]) -> Paragraph:
    """One data row from its cell paragraphs: text joined by ｜, offsets kept, the number cell left out."""
    text, offsets, kept, kept_roles = "", [], [], []
    for cell, role in zip(cells, roles, strict=False):
        if role == "number" or not cell.text:
            continue
        if text:
            text += CELL_SEP
            offsets.append(offsets[-1] + 1)  # the separator stands for the line break after the cell
        text += cell.text
        offsets.extend(cell.offsets)
        kept.append(cell.text)
        kept_roles.append(role)
    return Paragraph(text, offsets, is_short_line=True, cells=tuple(kept), roles=tuple(kept_roles))


def _one_cell_per_line(paras: list[Paragraph], i: int) -> tuple[list[Paragraph], int] | None:
    """A header of one cell per line at paras[i], and the rows after it up to the end of the table."""
    j, roles = i, []
    while j < len(paras) and column_role(paras[j].text) and len(paras[j].cells) <= 1:
        roles.append(column_role(paras[j].text))
        j += 1
    header = header_roles([p.text for p in paras[i:j]])
    if header is None:
        return None
    rows: list[Paragraph] = list(paras[i:j])  # the header stays, read as short lines with no number
    width = len(header)
    if header[0] == "number":
        # rows start at their number (1, 2, 3...); a blank cell leaves a row short, not shifted
        expected, k = 1, j
        while k < len(paras) and ROW_NUMBER.match(paras[k].text) and int(paras[k].text.rstrip(".、．")) == expected:
            end = k + 1
            while end < len(paras) and end - k < width and not (
                    ROW_NUMBER.match(paras[end].text) and int(paras[end].text.rstrip(".、．")) == expected + 1):
                end += 1
            cells = paras[k:end]
            rows.append(_row(cells, _fit(cells, header)))
            expected += 1
            k = end
        return rows, k
    # Without row numbers a merged cell (类别 written once for several rows) shifts every row
    # after it, and nothing shows where; those lines stay as they are (pipeline reads them as
    # a flattened table, a label followed by its value).
    return None


def _fit(cells: list[Paragraph], header: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """Roles for a row that may be short of cells: a blank cell dropped by the page shifts the rest.

    The last cells of a short row are matched from the end when the header ends with a note,
    so 县教育局 stays in 牵头单位 when 当前进度 was blank.
    """
    if len(cells) >= len(header):
        return header
    from tracker.extract.people import is_unit_name

    roles = list(header[:len(cells)])
    units = [n for n, r in enumerate(header) if r == "unit"]
    for n, cell in enumerate(cells):
        if n > 1 and is_unit_name(cell.text) and units and roles[n] != "unit":
            roles[n] = "unit"
            for m in range(n + 1, len(cells)):
                nxt = units[0] + (m - n)
                roles[m] = header[nxt] if nxt < len(header) else None
            break
    return tuple(roles)


def _separated(p: Paragraph, roles: tuple[str | None, ...]) -> Paragraph:
    """A row whose cells shared a line: ｜ put back between the cells the squashed text ran together."""
    if "|" in p.text or CELL_SEP in p.text:  # pipes stand between the cells already
        return Paragraph(p.text, p.offsets, p.heading_level, True, p.cells, roles=roles)
    text, offsets, at = "", [], 0
    cells, kept_roles = [], []
    for cell, role in zip(p.cells, roles, strict=False):
        squashed = "".join(cell.split())
        # the squashed text is the cells one after another, less a row number the layout dropped
        found = at if squashed and p.text.startswith(squashed, at) else -1
        if found < 0:
            continue  # a blank cell, or that row number
        if text:
            text += CELL_SEP
            offsets.append(offsets[-1] + 1)
        text += squashed
        offsets.extend(p.offsets[found:found + len(squashed)])
        at = found + len(squashed)
        cells.append(cell)
        kept_roles.append(role)
    if not text:
        return p
    return Paragraph(text, offsets, p.heading_level, True, tuple(cells), roles=tuple(kept_roles))


def _split_line_cells(paras: list[Paragraph], i: int) -> tuple[list[Paragraph], int] | None:
    """A header whose cells share one line (pipes, tabs, spaces), and the rows after it."""
    header = header_roles(list(paras[i].cells)) if len(paras[i].cells) >= HEADER_MIN else None
    if header is None:
        return None
    rows, k = [paras[i]], i + 1
    while k < len(paras) and len(paras[k].cells) >= 2:
        p = paras[k]
        n = len(p.cells)
        if n == len(header) - 1 and header[0] == "number":
            roles = header[1:]
        else:
            roles = header[:n]
        rows.append(_separated(p, tuple(roles)))
        k += 1
    return rows, k


def _header_run(text: str) -> tuple[int, int] | None:
    """Where a header run together in text starts and ends: 序号 then three or more column words."""
    _, pattern = _columns()
    runs = list(pattern.finditer(text))
    for n, m in enumerate(runs):
        if column_role(m.group()) != "number":
            continue
        end, count = m.end(), 1
        for nxt in runs[n + 1:]:
            if nxt.start() != end:
                break
            end, count = nxt.end(), count + 1
        if count >= HEADER_MIN + 1:
            return m.start(), end
    return None


def _run_together(p: Paragraph) -> list[Paragraph]:
    """序号项目名称主要内容牵头单位1增加教育资源供给...: the paragraph cut at every header run (one a
    page), the header itself left out, so no sentence spans text that is not in the page there."""
    run = _header_run(p.text)
    if run is None:
        return [p]
    header = tuple(column_role(m.group()) for m in _columns()[1].finditer(p.text[run[0]:run[1]]))
    pieces, at, text = [], 0, p.text
    while run is not None:
        a, b = run
        if a > at:
            pieces.append((at, a))
        at = b
        run = _header_run(text[at:])
        run = (run[0] + at, run[1] + at) if run else None
    if at < len(text):
        pieces.append((at, len(text)))
    return [Paragraph(text[a:b], p.offsets[a:b], p.heading_level, p.is_short_line, (), header=header)
            for a, b in pieces]


def leaders_in_run(text: str) -> list[tuple[int, str]]:
    """(position, name) of the leaders in a table whose cells ran together: 4580个。何海平教育局...

    A leader's cell stands between the end of the work cell and the lead unit's cell; with
    the cell breaks lost, a plausible name right after a sentence end and right before a
    body's name is that cell.
    """
    from tracker.extract.lexicon import lexicon
    from tracker.extract.people import is_plain_name

    suffixes = lexicon().unit_suffixes
    found = []
    for m in _AFTER_CELL.finditer(text):
        i = m.end()
        for size in (3, 2):
            name, rest = text[i:i + size], text[i + size:i + size + UNIT_REACH]
            # the body's name is the first that ends after the leader's: 陈刚民政局 is 陈刚 + 民政局, not 陈刚民 + 政局
            first = next((n for n in range(1, len(rest) + 1) if rest[:n].endswith(suffixes)), None)
            if is_plain_name(name) and first is not None and first >= UNIT_MIN:
                found.append((i, name))
                break
    return found


def rebuild(paras: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs with every table's data rows rebuilt as one paragraph a row."""
    out: list[Paragraph] = []
    i = 0
    while i < len(paras):
        found = _one_cell_per_line(paras, i) if column_role(paras[i].text) else None
        found = found or _split_line_cells(paras, i)
        if found:
            rows, i = found
            out.extend(rows)
            continue
        p = paras[i]
        out.extend(_run_together(p) if _number_word().search(p.text) else [p])
        i += 1
    return out
