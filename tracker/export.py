"""Deadline lists that leave the program: Excel, CSV and calendar files built from the commitment view.

Every format is built from the same selected rows, so a file from the command line and one
downloaded from the dashboard's 导出 page hold the same commitments in the same order:

    >>> rows = filter_commitments(Store().commitments("2026-11-26"), status="overdue")
    >>> data = render(rows, "xlsx", as_of="2026-11-26")      # bytes of an .xlsx file
    >>> default_filename("xlsx", "2026-11-26")
    '承诺清单_2026-11-26.xlsx'
    >>> FORMATS["xlsx"].mime
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

The public API is small: `filter_commitments`, `table`, `to_csv`, `to_xlsx`, `to_ics`,
`render`, `FORMATS`, `default_filename`, plus helpers the dashboard may share
(`filter_choices`, `by_deadline`, `officials_text`, `units_text`). Rejected commitments are never
exported (tracking.md). Text that a spreadsheet could run as a formula is neutralised in
every format (OWASP "CSV injection").
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from tracker import dates, filters, ranking
from tracker.cells import officials_text, units_text
from tracker.labels import EXPORT, FIELD, RANKING, RANKING_FIELD, STATUS, STATUS_COLOUR, STATUS_ORDER, UI

# The columns of every list, in the order people read them (the order, 编号 first so a
# row can be found again in the dashboard).
COLUMNS = ["id", "task", "target_value", "unit", "deadline", "status", "progress", "share",
           "officials", "units", "work_area", "source", "sentence"]
HEADERS = [FIELD[c] for c in COLUMNS]
TEXT_COLUMNS = ["task", "unit", "status", "officials", "units", "work_area", "source", "sentence"]

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
# Full-width forms are included because East Asian input settings can turn them into formulas too.
FORMULA_START = re.compile(r"^[=+\-@\t\r＝＋－＠]")
CJK = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")

ALARM_DAYS = (7, 1)  # reminders a week and a day before a deadline


# --- selecting rows -----------------------------------------------------------------------

def _as_of(as_of) -> date:
    return dates.day_or_today(as_of, what="as_of")


def filter_commitments(df: pd.DataFrame, status=None, official=None, unit=None, area=None, due_before=None,
                       due_after=None, text: str | None = None) -> pd.DataFrame:
    """The rows to export, earliest deadline first (undated last); rejected rows never.

    The selection is tracker.filters' (the dashboard's): `status` is one status or a list (done,
    overdue, ... or their Chinese names); `official`, `unit` and `area` are whole names, one or a
    list (official="陈定" keeps rows tied to 副区长 陈定; unit="城建局" does not keep 区城建局);
    `due_before` / `due_after` (YYYY-MM-DD or a date) are inclusive and drop rows without a
    deadline; `text` is looked for in the task, sentence, officials and units. A bad date raises
    ValueError (dates.BadDate).

        >>> filter_commitments(view, status="overdue", due_before="2026-12-31")
    """
    f = filters.Filter.of(status=status, official=official, unit=unit, area=area, due_before=due_before,
                          due_after=due_after, text=text)
    if "review" in df:
        df = df[df["review"].fillna("") != "rejected"]
    return by_deadline(filters.apply(df, f))


def by_deadline(df: pd.DataFrame) -> pd.DataFrame:
    """Earliest deadline first, ties by id, undated last: the order of every list that leaves the program."""
    out = df.assign(_deadline=dates.timestamps(df["deadline"]).to_numpy())
    out = out.sort_values(["_deadline", "id"], na_position="last", kind="stable")
    return out.drop(columns="_deadline")


def filter_choices(df: pd.DataFrame) -> dict[str, list[str]]:
    """The names a person can pick in filters: {"official": [...], "unit": [...], "area": [...]}, sorted."""
    return filters.choices(df)


# --- one table for every format -----------------------------------------------------------

def _numbers(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("float64")


def _prepared(df: pd.DataFrame) -> pd.DataFrame:
    """The export columns with plain values: text joined, status in Chinese, deadline a date.

    `share` stays a percent (45.5 means 45.5%); rejected rows are dropped here as well, so a
    caller that skips filter_commitments still exports no rejected commitment.
    """
    if "review" in df:
        df = df[df["review"].fillna("") != "rejected"]
    out = pd.DataFrame(index=df.index)
    out["id"] = pd.to_numeric(df["id"], errors="coerce").astype("Int64")
    for c in ("task", "unit", "work_area", "source", "sentence"):
        out[c] = df[c].astype(object).where(df[c].notna(), "").astype(str) if c in df else ""
    out["target_value"] = _numbers(df["target_value"])
    out["progress"] = _numbers(df["progress"])
    out["share"] = _numbers(df["share"])
    out["deadline"] = dates.timestamps(df["deadline"]).to_numpy()
    out["status"] = df["status"].map(lambda s: STATUS.get(s, "") if isinstance(s, str) else "")
    out["officials"] = df["officials"].map(officials_text)
    out["units"] = df["units"].map(units_text)
    return out[COLUMNS]


def _neutralise(series: pd.Series) -> pd.Series:
    """Text that a spreadsheet would run as a formula gets a leading ' (OWASP advice for CSV)."""
    risky = series.str.match(FORMULA_START)
    return series.where(~risky, "'" + series)


def _number_text(value: float) -> str:
    """366.0 -> "366", 5.5 -> "5.5", 1e10 -> "10000000000" (never 1e+10, which people misread)."""
    if value is None or math.isnan(value):
        return ""
    if value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The export as people read it, Chinese headers, one text cell per value (what the CSV holds).

        >>> table(view).columns[:3].tolist()
        ['编号', '任务', '目标值']
    """
    p = _prepared(df)
    out = pd.DataFrame(index=p.index)
    out["id"] = p["id"].astype(str).replace("<NA>", "")
    for c in ("target_value", "progress"):
        out[c] = p[c].map(_number_text)
    out["share"] = p["share"].map(lambda v: "" if math.isnan(v) else f"{_number_text(round(v, 1))}%")
    out["deadline"] = p["deadline"].dt.strftime("%Y-%m-%d").fillna("")
    for c in TEXT_COLUMNS:
        out[c] = p[c]
    out = out[COLUMNS]
    out.columns = HEADERS
    return out.reset_index(drop=True)


# --- CSV ----------------------------------------------------------------------------------

def to_csv(df: pd.DataFrame, as_of=None) -> bytes:
    """UTF-8 with a byte-order mark (so Excel on Windows shows the Chinese), dates YYYY-MM-DD.

    `as_of` is accepted for symmetry with the other formats; a CSV has no place for it.
    """
    t = table(df)
    for c in (FIELD[c] for c in TEXT_COLUMNS):
        t[c] = _neutralise(t[c])
    # Excel on Windows expects CRLF line ends; the BOM tells it the file is UTF-8.
    return t.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --- Excel --------------------------------------------------------------------------------

def _text_width(text: str) -> int:
    """Columns a text needs: a Chinese character is about two Latin ones wide."""
    return len(text) + len(CJK.findall(text))


def _column_widths(p: pd.DataFrame) -> list[float]:
    """Widths (in Excel's character units) that fit the header and most values, within bounds."""
    caps = {"task": 36, "sentence": 80, "officials": 40, "units": 40, "source": 30}
    if len(p) > 5000:  # a sample gives the same percentile and spares a regex over every cell
        p = p.sample(5000, random_state=0)
    widths = []
    for c, header in zip(COLUMNS, HEADERS, strict=True):
        need = _text_width(header)
        if c in TEXT_COLUMNS and len(p):
            s = p[c]
            # The 95th percentile, not the maximum: one long sentence should not widen the sheet.
            lengths = s.str.len() + s.str.count(CJK.pattern)
            need = max(need, int(lengths.quantile(0.95, interpolation="higher")))
        elif c == "deadline":
            need = max(need, 10)
        elif c in ("target_value", "progress") and len(p):
            biggest = p[c].abs().max()
            need = max(need, len(_number_text(biggest)) + 3 if not math.isnan(biggest) else 0)
        elif c == "share":
            need = max(need, 7)
        elif c == "id":
            need = max(need, len(str(p[c].max())) if len(p) else 0)
        widths.append(min(max(need, 4) + 2, caps.get(c, 24)))
    return widths


def _counts(p: pd.DataFrame, column: str) -> pd.DataFrame:
    """Commitments per name in a column (a row with two units counts for each; none -> 未注明), by status."""
    names = p[column].where(p[column] != "", UI["none_named"])
    if column != "work_area":  # lists were joined with 、 for reading; count each name
        names = names.str.split("、")
    long = pd.DataFrame({"name": names, "status": p["status"]})
    long = long.explode("name") if column != "work_area" else long
    order = [STATUS[s] for s in STATUS_ORDER]
    if long.empty:
        return pd.DataFrame(columns=order)
    t = long.groupby(["name", "status"]).size().unstack(fill_value=0).reindex(columns=order, fill_value=0)
    totals = t.sum(axis=1)
    t.insert(0, EXPORT["total"], totals)
    return t.sort_values(EXPORT["total"], ascending=False, kind="stable")


def _write_stats(wb, ws, p: pd.DataFrame, as_of: date, styles: dict) -> None:
    """The 统计 sheet: counts by status, then by unit, official and work area, each with every status."""
    order = [STATUS[s] for s in STATUS_ORDER]
    ws.write_string(0, 0, EXPORT["stats_title"].format(as_of=as_of.isoformat(), n=len(p)), styles["title"])
    row = 2
    ws.write_string(row, 0, EXPORT["by_status"], styles["section"])
    row += 1
    ws.write_string(row, 0, FIELD["status"], styles["header"])
    ws.write_string(row, 1, UI["count"], styles["header"])
    row += 1
    counts = p["status"].value_counts()
    for label in order:
        ws.write_string(row, 0, label)
        ws.write_number(row, 1, int(counts.get(label, 0)))
        row += 1
    ws.write_string(row, 0, EXPORT["total"], styles["bold"])
    ws.write_number(row, 1, len(p), styles["bold"])
    row += 2
    for column, title in (("units", "by_unit"), ("officials", "by_official"), ("work_area", "by_area")):
        ws.write_string(row, 0, EXPORT[title], styles["section"])
        row += 1
        ws.write_string(row, 0, FIELD[column], styles["header"])
        ws.write_string(row, 1, EXPORT["total"], styles["header"])
        for j, label in enumerate(order):
            ws.write_string(row, 2 + j, label, styles["header"])
        row += 1
        for name, values in _counts(p, column).iterrows():
            ws.write_string(row, 0, str(name))
            for j, v in enumerate(values.tolist()):
                ws.write_number(row, 1 + j, int(v))
            row += 1
        row += 1
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1 + len(order), 10)


def _write_ranking(ws, table: pd.DataFrame, as_of: date, styles: dict, formats: dict) -> None:
    """The 单位排名 sheet: a title row, a frozen header with filters, one row per unit in rank order.

    Counts and the rate stay numbers (the rate a percentage), so the sheet sorts and sums in Excel;
    a unit that never reported reads 从未填报.
    """
    keys = list(table.columns.drop("last_update"))
    ws.write_string(0, 0, RANKING["title"].format(as_of=as_of.isoformat(), n=len(table)), styles["title"])
    for j, key in enumerate(keys):
        ws.write_string(1, j, RANKING_FIELD[key], styles["header"])
    ws.freeze_panes(2, 2)
    ws.autofilter(1, 0, 1 + len(table), len(keys) - 1)
    for i, row in enumerate(table[keys].itertuples(index=False), start=2):
        for j, (key, value) in enumerate(zip(keys, row, strict=True)):
            if key == "unit":
                ws.write_string(i, j, str(value))
            elif key == "completion_rate":
                ws.write_number(i, j, value / 100.0, formats["pct"])
            elif key == "days_since_update" and pd.isna(value):
                ws.write_string(i, j, RANKING["never"])
            else:
                ws.write_number(i, j, int(value))
    ws.write_string(3 + len(table), 0, RANKING["note"])
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 28)
    ws.set_column(2, len(keys) - 1, 11)


def to_xlsx(df: pd.DataFrame, title: str | None = None, as_of=None, *, constant_memory: bool = True) -> bytes:
    """An Excel workbook: sheet 承诺清单 (title row, frozen Chinese header, filters), sheet 统计 and sheet 单位排名.

    Dates are real Excel dates (yyyy-mm-dd), 完成率 a percentage with a data bar, overdue rows
    red, status in Chinese. Every text is written with write_string, so "=HYPERLINK(...)" stays
    text. `constant_memory` streams rows to a temporary file (rows must then be written top to
    bottom, left to right, which we do): for 100,000 rows it halves the peak memory (about
    150 MB instead of 290 MB) and is faster; the file is the same to a reader.
    """
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name

    as_of = _as_of(as_of)
    title = title or EXPORT["list_title"]
    p = _prepared(df)
    n = len(p)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {
        "constant_memory": constant_memory,
        # Belt and braces: even a stray write() must never turn text into a formula or a link.
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "default_date_format": "yyyy-mm-dd",
    })
    wb.set_properties({
        "title": title,
        "subject": EXPORT["title_row"].format(title=title, as_of=as_of.isoformat(), n=n),
        "author": EXPORT["author"],
        "comments": EXPORT["as_of"].format(as_of=as_of.isoformat()),
        "created": datetime.now(),
    })
    styles = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "header": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                 "valign": "vcenter"}),
        "section": wb.add_format({"bold": True, "font_size": 12}),
        "bold": wb.add_format({"bold": True}),
    }
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    int_fmt = wb.add_format({"num_format": "#,##0"})
    dec_fmt = wb.add_format({"num_format": "#,##0.####"})
    pct_fmt = wb.add_format({"num_format": "0.0%"})
    id_fmt = wb.add_format({"num_format": "0"})

    ws = wb.add_worksheet(EXPORT["list_sheet"])
    last_col = len(COLUMNS) - 1
    widths = _column_widths(p)
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.write_string(0, 0, EXPORT["title_row"].format(title=title, as_of=as_of.isoformat(), n=n), styles["title"])
    for j, h in enumerate(HEADERS):
        ws.write_string(1, j, h, styles["header"])
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, 1 + n, last_col)

    # One list of values and one of formats per column, computed with pandas, then a tight loop:
    # 100,000 rows x 13 cells is where the seconds go. None means an empty cell.
    col = {c: j for j, c in enumerate(COLUMNS)}
    columns = []  # (column index, writer, values, formats)

    def numbers(c: str, values: pd.Series, fmt=None) -> None:
        values = values.astype("float64")
        if fmt is None:  # whole numbers without decimals, others with up to four
            whole = (values == values.round()).to_numpy()
            formats = [int_fmt if w else dec_fmt for w in whole]
        else:
            formats = [fmt] * len(values)
        columns.append((col[c], ws.write_number, [None if math.isnan(v) else v for v in values.tolist()], formats))

    def texts(c: str) -> None:
        values = [v or None for v in p[c].tolist()]
        columns.append((col[c], ws.write_string, values, [None] * len(values)))

    numbers("id", p["id"].astype("float64"), id_fmt)
    texts("task")
    texts("unit")
    numbers("target_value", p["target_value"])
    # A real Excel date is a day count from 1899-12-30 shown with a date format; computing the
    # counts at once is what write_datetime does cell by cell, ten times slower.
    numbers("deadline", (p["deadline"] - pd.Timestamp("1899-12-30")).dt.days, date_fmt)
    texts("status")
    numbers("progress", p["progress"])
    numbers("share", p["share"] / 100.0, pct_fmt)
    for c in ("officials", "units", "work_area", "source", "sentence"):
        texts(c)
    columns.sort(key=lambda item: item[0])  # constant_memory wants each row written left to right

    for i in range(n):
        r = i + 2
        for c, write, values, formats in columns:
            v = values[i]
            if v is not None:
                write(r, c, v, formats[i])

    if n:
        first, last = 2, n + 1
        status_cell = f"${xl_col_to_name(col['status'])}{first + 1}"
        ws.conditional_format(first, 0, last, last_col, {
            "type": "formula", "criteria": f'={status_cell}="{STATUS["overdue"]}"',
            "format": wb.add_format({"bg_color": "#FDE2E1"}),
        })
        for key in STATUS_ORDER:
            ws.conditional_format(first, col["status"], last, col["status"], {
                "type": "cell", "criteria": "==", "value": f'"{STATUS[key]}"',
                "format": wb.add_format({"font_color": STATUS_COLOUR[key], "bold": True}),
            })
        ws.conditional_format(first, col["share"], last, col["share"], {
            "type": "data_bar", "bar_solid": True, "bar_color": "#63BE7B",
            "min_type": "num", "min_value": 0, "max_type": "num", "max_value": 1,
        })

    _write_stats(wb, wb.add_worksheet(EXPORT["stats_sheet"]), p, as_of, styles)
    _write_ranking(wb.add_worksheet(RANKING["sheet"]), ranking.unit_ranking(df, as_of), as_of, styles,
                   {"pct": pct_fmt})
    wb.close()
    return buffer.getvalue()


def ranking_csv(df: pd.DataFrame, as_of=None) -> bytes:
    """单位排名 of the rows as CSV, as the list's CSV is written (BOM, CRLF, no formula in a unit's name)."""
    return ranking_table_csv(ranking.unit_ranking(df, _as_of(as_of)))


def ranking_table_csv(table: pd.DataFrame) -> bytes:
    """A ranking table (tracker.ranking.unit_ranking) as the CSV of ranking_csv."""
    t = ranking.labelled(table)
    column = RANKING_FIELD["unit"]
    t[column] = _neutralise(t[column].astype(str))
    return t.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def ranking_filename(fmt: str = "csv", as_of=None) -> str:
    """ranking_filename("csv", "2026-11-26") -> "单位排名_2026-11-26.csv"."""
    return RANKING["filename"].format(as_of=_as_of(as_of).isoformat(), ext=fmt)


# --- calendar -----------------------------------------------------------------------------

def _quantity(value: float, unit: str) -> str:
    """366, 个 -> "366个"; 53000, 个 -> "5.3万个"; 1e10, 元 -> "100亿元"; 7, % -> "7%" (as the texts write them)."""
    if value is None or math.isnan(value):
        return ""
    unit = unit or ""
    if unit not in ("%", "百分点"):
        for scale, word in ((1e8, "亿"), (1e4, "万")):
            if abs(value) >= scale:
                return f"{_number_text(round(value / scale, 4))}{word}{unit}"
    return f"{_number_text(value)}{unit}"


def _sequence(stamp: datetime) -> int:
    """Minutes since 2020 at export time: grows with every export, so a calendar that re-imports
    the file replaces the events it holds (same UID, higher SEQUENCE) instead of keeping old text."""
    return max(0, int((stamp - datetime(2020, 1, 1, tzinfo=UTC)).total_seconds() // 60))


def _fold(line: str, limit: int = 75) -> bytes:
    """RFC 5545 folding: physical lines of at most `limit` octets, never inside a UTF-8 character.

    icalendar's own folding walks the line character by character and took two thirds of the
    time of a 100,000-event export; this cuts the encoded bytes instead. Like icalendar it does
    not cut an escape such as \\n in two, so clients that unfold carelessly still see whole escapes.
    """
    data = line.encode("utf-8")
    if len(data) <= limit:
        return data
    parts, start, width = [], 0, limit
    while len(data) - start > width:
        cut = start + width
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            cut -= 1
        run = 0
        while data[cut - 1 - run] == 0x5C and cut - 1 - run > start:
            run += 1
        if run % 2:  # an odd run of backslashes ends in the first half of an escape such as \n
            cut -= 1
        parts.append(data[start:cut])
        start, width = cut, limit - 1  # continuation lines begin with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def to_ics(df: pd.DataFrame, as_of=None, *, name: str | None = None, stamp: datetime | None = None) -> bytes:
    """An iCalendar file: one all-day event per commitment with a deadline, reminders 7 days and 1 day before.

    UID is commitment-<id>@tracker, so importing a newer export updates events instead of
    doubling them. SUMMARY reads "【截止】老旧小区改造 366个"; DESCRIPTION carries officials,
    units, status, progress and the source sentence.

    icalendar's own types escape and fold every line (vText, vDate, Contentline); the lines are
    put in order here rather than through Event objects, which take 40 s for 100,000 events
    where this takes a few.
    """
    from icalendar.parser import Contentline, Parameters
    from icalendar.prop import vDate, vDatetime, vDuration, vText

    as_of = _as_of(as_of)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    plain, date_value = Parameters(), Parameters({"VALUE": "DATE"})

    def line(prop: str, value, params=plain) -> bytes:
        return _fold(Contentline.from_parts(prop, params, value))

    stamp_line = line("DTSTAMP", vDatetime(stamp))
    sequence_line = f"SEQUENCE:{_sequence(stamp)}".encode()
    # Each event goes to the buffer as soon as it is built: millions of small line objects held
    # until the end would triple the memory of a 100,000-event export.
    buffer = io.BytesIO()

    def emit(lines: list[bytes]) -> None:
        buffer.write(b"\r\n".join(lines))
        buffer.write(b"\r\n")

    emit([b"BEGIN:VCALENDAR", b"VERSION:2.0", line("PRODID", vText(EXPORT["prodid"])),
          b"CALSCALE:GREGORIAN", b"METHOD:PUBLISH",
          line("X-WR-CALNAME", vText(name or EXPORT["calendar_name"])),
          line("X-WR-CALDESC", vText(EXPORT["calendar_desc"].format(as_of=as_of.isoformat())))])

    # Lines that repeat across events are built once: days, statuses, alarm triggers.
    days: dict[date, list[bytes]] = {}
    categories: dict[str, bytes] = {}
    triggers = {d: line("TRIGGER", vDuration(timedelta(days=-d))) for d in ALARM_DAYS}

    p = _prepared(df)
    p = p[p["deadline"].notna()]
    for row in p.itertuples(index=False):
        quantity = _quantity(row.target_value, row.unit)
        summary = EXPORT["summary"].format(task=row.task or row.sentence[:20]) + (f" {quantity}" if quantity else "")
        details = [(FIELD["task"], row.task), (FIELD["target_value"], quantity),
                   (FIELD["deadline"], row.deadline.strftime("%Y-%m-%d")),
                   (FIELD["status"], EXPORT["status_as_of"].format(status=row.status, as_of=as_of.isoformat())
                    if row.status else "")]
        if not math.isnan(row.progress):
            share = "" if math.isnan(row.share) else f"（{_number_text(round(row.share, 1))}%）"
            details.append((FIELD["progress"], _quantity(row.progress, row.unit) + share))
        details += [(FIELD["officials"], row.officials), (FIELD["units"], row.units),
                    (FIELD["work_area"], row.work_area), (FIELD["source"], row.source),
                    (FIELD["sentence"], row.sentence)]
        description = "\n".join(f"{k}：{v}" for k, v in details if v)
        day = row.deadline.date()
        if day not in days:
            days[day] = [line("DTSTART", vDate(day), date_value),
                         line("DTEND", vDate(day + timedelta(days=1)), date_value)]
        out = [b"BEGIN:VEVENT", line("UID", vText(f"commitment-{row.id}@tracker")), stamp_line, sequence_line,
               *days[day], line("SUMMARY", vText(summary)), line("DESCRIPTION", vText(description))]
        if row.status:
            if row.status not in categories:
                categories[row.status] = line("CATEGORIES", vText(row.status))
            out.append(categories[row.status])
        # A deadline is a reminder, not an appointment: keep the day free in people's calendars.
        out += [b"TRANSP:TRANSPARENT", b"STATUS:CONFIRMED"]
        for before in ALARM_DAYS:
            out += [b"BEGIN:VALARM", b"ACTION:DISPLAY", triggers[before],
                    line("DESCRIPTION", vText(EXPORT["alarm"].format(days=before, summary=summary))),
                    b"END:VALARM"]
        out.append(b"END:VEVENT")
        emit(out)
    emit([b"END:VCALENDAR"])
    return buffer.getvalue()


# --- formats ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportFormat:
    """One file type: what a browser and an operating system need to know to open it."""

    key: str
    label: str
    mime: str
    extension: str
    build: Callable[..., bytes]  # build(rows, as_of=...) -> bytes


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("csv", "CSV", "text/csv", "csv", to_csv),
    "xlsx": ExportFormat("xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         "xlsx", to_xlsx),
    "ics": ExportFormat("ics", EXPORT["calendar_label"], "text/calendar", "ics", to_ics),
}


def _format(fmt: str) -> ExportFormat:
    try:
        return FORMATS[str(fmt).lower().lstrip(".")]
    except KeyError:
        raise ValueError(EXPORT["unknown_format"].format(fmt=fmt, known="、".join(FORMATS))) from None


def render(df: pd.DataFrame, fmt: str, as_of=None) -> bytes:
    """The bytes of one export: render(rows, "xlsx", as_of="2026-11-26"). Unknown format -> ValueError."""
    return _format(fmt).build(df, as_of=as_of)


def default_filename(fmt: str, as_of=None) -> str:
    """default_filename("xlsx", "2026-11-26") -> "承诺清单_2026-11-26.xlsx"."""
    return f"{EXPORT['list_title']}_{_as_of(as_of).isoformat()}.{_format(fmt).extension}"


__all__: Iterable[str] = [
    "COLUMNS", "FORMATS", "HEADERS", "ExportFormat", "by_deadline", "default_filename", "filter_choices",
    "filter_commitments", "officials_text", "ranking_csv", "ranking_filename", "ranking_table_csv", "render", "table",
    "to_csv", "to_ics", "to_xlsx", "units_text",
]
