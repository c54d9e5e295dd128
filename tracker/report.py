"""督查通报: the periodic report an office sends out each week or month, as a Word document.

    >>> period = report_period("month", "2026-11-26")
    >>> period.title, period.previous_end
    ('督查通报（2026年11月）', datetime.date(2026, 10, 31))
    >>> data = gather(store.commitments("2026-11-26"), store.commitments("2026-10-31"), period)
    >>> docx_bytes = to_docx(data)           # title, period, summary in words, ranking, lists by unit, chart

The period is the calendar month or the ISO week (Monday to Sunday) that holds the as-of day;
the figures are those of the as-of day, and "change since the last period" compares them with
the same figures computed as of the day before the period began. The chart is drawn by
matplotlib without a browser, in Noto Sans CJK (fonts-noto-cjk). No streamlit here.
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

import pandas as pd

from tracker import dates, ranking
from tracker.cells import officials_text, quantity_text
from tracker.labels import RANKING, RANKING_FIELD, REPORT

log = logging.getLogger(__name__)

PERIODS = ("week", "month")
DUE_SOON_DAYS = 30  # as the overview's due-soon list (tracker.charts.DUE_SOON_DAYS)
FINISHED_OR_PENDING = ("done", "done_late", "pending_signoff")  # never listed as due soon
MAX_LISTED = 300  # rows per list: past that the report points to the exported list
CHART_UNITS = 15
# Characters XML 1.0 cannot hold; python-docx refuses a string with one, so stored text loses them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# GB/T 9704 (the layout of official documents): A4, margins 37/35/28/26 mm, 仿宋 body, 黑体 headings.
BODY_FONT, HEADING_FONT, TITLE_FONT, TABLE_FONT = "仿宋", "黑体", "宋体", "宋体"


# --- the period ---------------------------------------------------------------------------

def _cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Period:
    """The week or month a report covers, and the day its figures are taken."""

    kind: str  # week | month
    start: date
    end: date
    as_of: date

    @property
    def previous_end(self) -> date:
        """The last day of the period before: the day the change is measured from."""
        return self.start - timedelta(days=1)

    @property
    def title(self) -> str:
        if self.kind == "month":
            return REPORT["title_month"].format(year=self.start.year, month=self.start.month)
        year, week, _ = self.start.isocalendar()
        return REPORT["title_week"].format(year=year, week=week)

    @property
    def label(self) -> str:
        """A short name for a file: 2026-11 for a month, 2026-W48 for a week."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def period_line(self) -> str:
        shown_end = min(self.end, self.as_of)
        end = _cn_day(shown_end) if shown_end.year != self.start.year else _cn_day(shown_end).split("年", 1)[1]
        return REPORT["period_line"].format(start=_cn_day(self.start), end=end, as_of=_cn_day(self.as_of))


def report_period(kind: str, as_of=None) -> Period:
    """The week (Monday to Sunday) or calendar month holding `as_of` (default today); ValueError otherwise.

        >>> report_period("week", "2026-11-26")
        Period(kind='week', start=datetime.date(2026, 11, 23), end=datetime.date(2026, 11, 29), as_of=...)
    """
    if kind not in PERIODS:
        raise ValueError(REPORT["bad_period"].format(value=kind))
    day = dates.day(as_of) or date.today()
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=6), day)
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(kind, start, following - timedelta(days=1), day)


def default_filename(kind: str, as_of=None) -> str:
    """default_filename("month", "2026-11-26") -> "督查通报_2026-11.docx"."""
    return REPORT["filename"].format(label=report_period(kind, as_of).label)


# --- what the report says -----------------------------------------------------------------

@dataclass
class ReportData:
    period: Period
    now: dict  # ranking.summary as of the as-of day
    before: dict  # the same as of the previous period's end
    ranking: pd.DataFrame  # ranking.unit_ranking as of the as-of day
    overdue: pd.DataFrame  # one row per (commitment, unit), in ranking order of the units
    due_soon: pd.DataFrame  # likewise
    due_days: int = DUE_SOON_DAYS


def _by_unit(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """The rows once under each of their units (as the ranking counts them), units in `order`, then by deadline."""
    long = ranking.unit_rows(rows)
    out = rows.iloc[long["row"].to_numpy()].assign(report_unit=long["unit"].to_numpy())
    place = {unit: i for i, unit in enumerate(order)}
    out["_place"] = out["report_unit"].map(place).fillna(len(place)).to_numpy()
    return out.sort_values(["_place", "report_unit", "deadline", "id"], kind="stable").drop(columns="_place")


def gather(view_now: pd.DataFrame, view_before: pd.DataFrame, period: Period, *, reminders=None,
           due_days: int = DUE_SOON_DAYS) -> ReportData:
    """The figures and lists of one report from the views as of the as-of day and the previous period's end."""
    table = ranking.unit_ranking(view_now, period.as_of, reminders=reminders)
    active = view_now[view_now["status"].notna()] if "status" in view_now else view_now
    day = pd.Timestamp(period.as_of)
    deadlines = pd.Series(dates.days(active["deadline"]), index=active.index) if len(active) else pd.Series(dtype="datetime64[s]")
    left = (deadlines - day).dt.days
    overdue = active[active["status"].eq("overdue")].assign(days=-left)
    soon = active[~active["status"].isin(FINISHED_OR_PENDING) & active["status"].ne("overdue")
                  & left.ge(0) & left.le(due_days)].assign(days=left)
    order = table["unit"].tolist()
    return ReportData(period, ranking.summary(view_now), ranking.summary(view_before), table,
                      _by_unit(overdue, order), _by_unit(soon, order), due_days)


def _percent(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f}%"


def _change(n: int) -> str:
    return REPORT["up"].format(n=n) if n > 0 else REPORT["down"].format(n=-n) if n < 0 else REPORT["same"]


def summary_paragraphs(data: ReportData) -> list[str]:
    """The summary in words: what stands now, then what changed since the previous period's end.

        截至2026年11月26日，共跟踪承诺事项12项。其中已完成4项（按期完成3项、逾期完成1项），待销号1项，已逾期2项，完成率33.3%。
        与上期末（2026年10月31日）相比，已完成增加2项，已逾期减少1项，完成率上升16.7个百分点。
    """
    now, before, period = data.now, data.before, data.period
    first = REPORT["summary"].format(as_of=_cn_day(period.as_of), total=now["total"], finished=now["finished"],
                                     done=now["done"], done_late=now["done_late"], pending=now["pending_signoff"],
                                     overdue=now["overdue"], rate=_percent(now["completion_rate"]))
    if not before["total"]:
        return [first, REPORT["first_period"].format(before=_cn_day(period.previous_end))]
    points = round(now["completion_rate"] - before["completion_rate"], 1) if now["total"] else 0.0
    rate = (REPORT["rate_up"].format(n=f"{points:.1f}") if points > 0
            else REPORT["rate_down"].format(n=f"{-points:.1f}") if points < 0 else REPORT["same"])
    second = REPORT["change"].format(before=_cn_day(period.previous_end), finished=_change(now["finished"] - before["finished"]),
                                     overdue=_change(now["overdue"] - before["overdue"]), rate=rate)
    return [first, second]


# --- the chart ----------------------------------------------------------------------------

@cache
def cjk_font_family() -> str | None:
    """The family name of a Noto Sans CJK face matplotlib can use (SC preferred), or None.

    Fonts installed after matplotlib built its font cache are not in it: the font folders are
    then searched once and the faces added.
    """
    from matplotlib import font_manager

    def found() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        for wanted in ("Noto Sans CJK SC", "Noto Sans SC", "Noto Sans CJK JP", "Noto Sans CJK TC"):
            if wanted in names:
                return wanted
        return None

    if (name := found()) is None:
        for path in font_manager.findSystemFonts():
            if "NotoSansCJK" in path.replace(" ", "") or "NotoSansSC" in path:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        name = found()
    if name is None:
        log.warning(REPORT["no_font"])
    return name


def _chart_text(value, limit: int = 16) -> str:
    """A unit's name as matplotlib should draw it: shortened, and $ escaped (else it starts math text)."""
    text = NOT_XML.sub("", str(value))
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace("$", r"\$")


def chart_png(table: pd.DataFrame, top: int = CHART_UNITS, dpi: int = 200) -> bytes:
    """A PNG of the first `top` units of the ranking: one bar each, its commitments split into done on time,
    done late, pending sign-off, overdue and the rest, the completion rate at its end.

    Drawn on a matplotlib Figure with the Agg canvas (no pyplot, no window, no browser), so the
    dashboard's threads can draw at once.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = table.head(top).iloc[::-1]  # barh draws the first row at the bottom
    family = cjk_font_family()
    rc = {"family": family} if family else {}
    fig = Figure(figsize=(6.1, max(2.2, 0.9 + 0.32 * len(rows))), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    labels = [_chart_text(u) for u in rows["unit"]]
    left = pd.Series(0, index=rows.index, dtype="int64")
    parts = ranking.segments(rows)
    for key in ranking.SEGMENTS:
        values = parts[key]
        if not values.any():
            continue
        ax.barh(labels, values, left=left, color=ranking.SEGMENT_COLOURS[key], label=ranking.segment_label(key),
                height=0.62)
        left = left + values
    for y, (total, rate) in enumerate(zip(rows["commitments"], rows["completion_rate"], strict=True)):
        ax.text(total, y, f" {_percent(rate)}", va="center", ha="left", fontsize=8, color="#424242", **rc)
    ax.set_xlabel(RANKING_FIELD["commitments"], fontsize=9, **rc)
    ax.set_xlim(0, max(1, int(rows["commitments"].max() if len(rows) else 1)) * 1.15)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=8)
    for tick in ax.get_yticklabels():
        if family:
            tick.set_fontfamily(family)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(rows):
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=5, frameon=False, fontsize=8,
                  prop={"family": family, "size": 8} if family else {"size": 8})
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


# --- the Word document --------------------------------------------------------------------

def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return NOT_XML.sub("", str(value))


def _font(target, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set a run's or a style's font, East Asian face included (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = target.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _shade(cell, fill: str) -> None:
    from docx.oxml.ns import qn

    props = cell._tc.get_or_add_tcPr()
    shading = props.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    props.append(shading)


def _row_flags(row, header: bool = False) -> None:
    """A row never splits across pages; a header row repeats on every page the table runs onto."""
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    props.append(props.makeelement(qn("w:cantSplit"), {}))
    if header:
        props.append(props.makeelement(qn("w:tblHeader"), {}))


def _table(doc, headers: list[str], rows: list, widths_cm: list[float], numeric: set[int] = frozenset()) -> None:
    """A bordered table that prints well: shaded bold header repeated on each page, 五号 宋体, numbers right.

    A row given as a str (not a list) is a group line across the whole width, bold and shaded,
    kept with the row after it.

    One data row is laid out with python-docx and copied for every row (its cell texts replaced):
    python-docx's add_row and row.cells walk the whole table each time, which took a minute for
    5,000 units where copying takes a fraction of a second.
    """
    from copy import deepcopy

    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    groups = any(isinstance(values, str) for values in rows)
    table = doc.add_table(rows=3 if groups else 2, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, width in enumerate(widths_cm):  # Word reads the cells' widths, LibreOffice the grid's: both are set
        table.columns[j].width = Cm(width)
    header, template = table.rows[0], table.rows[1]
    for j, (cell, text) in enumerate(zip(header.cells, headers, strict=True)):
        run = cell.paragraphs[0].add_run(text)
        _font(run, HEADING_FONT, 10.5, True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.width = Cm(widths_cm[j])
        _shade(cell, "D9D9D9")
    _row_flags(header, header=True)
    for j, cell in enumerate(template.cells):
        _font(cell.paragraphs[0].add_run("-"), TABLE_FONT, 10.5)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if j in numeric else WD_ALIGN_PARAGRAPH.LEFT
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.width = Cm(widths_cm[j])
    _row_flags(template)
    models = [template._tr]
    if groups:
        line = table.rows[2]
        cell = line.cells[0].merge(line.cells[-1])
        paragraph = cell.paragraphs[0]
        _font(paragraph.add_run("-"), HEADING_FONT, 10.5, True)
        paragraph.paragraph_format.keep_with_next = True
        _shade(cell, "F2F2F2")
        _row_flags(line)
        models.append(line._tr)
    tbl = models[0].getparent()
    preserve = qn("xml:space")
    for values in rows:
        group = isinstance(values, str)
        tr = deepcopy(models[1] if group else models[0])
        for t, value in zip(tr.iter(qn("w:t")), [values] if group else values, strict=True):
            t.text = _text(value)
            t.set(preserve, "preserve")
        tbl.append(tr)
    for model in models:
        tbl.remove(model)


def _paragraph(doc, text: str, *, font: str = BODY_FONT, size: float = 14, bold: bool = False, centre: bool = False,
               indent: bool = True, after: float = 6):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    run = p.add_run(_text(text))
    _font(run, font, size, bold)
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.25
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as Chinese paragraphs begin
    return p


def _heading(doc, text: str) -> None:
    p = _paragraph(doc, text, font=HEADING_FONT, size=16, indent=False, after=4)
    p.paragraph_format.space_before = p.paragraph_format.space_after
    p.paragraph_format.keep_with_next = True


def ranking_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    """The ranking as the report's table has it: headers and one list of cell texts per unit."""
    keys = ["rank", "unit", "commitments", "done", "done_late", "pending_signoff", "overdue", "completion_rate",
            "days_since_update"] + (["open_reminders"] if "open_reminders" in table else [])
    rows = []
    for r in table.itertuples(index=False):
        cells = []
        for key in keys:
            value = getattr(r, key)
            if key == "completion_rate":
                cells.append(_percent(value))
            elif key == "days_since_update":
                cells.append(RANKING["never"] if pd.isna(value) else str(int(value)))
            else:
                cells.append(_text(value))
        rows.append(cells)
    return [RANKING_FIELD[k] for k in keys], rows


def list_rows(rows: pd.DataFrame, limit: int = MAX_LISTED) -> list:
    """The first `limit` rows of a list as the report's table holds them: before each unit's rows, a line
    "区城建局（3项）" (a str); each commitment a list of 编号, 任务, 目标, 截止日期, days, 进度, 责任领导."""
    counts = rows.groupby("report_unit", sort=False).size()
    out, current = [], None
    columns = ["report_unit", "id", "task", "target_value", "unit", "deadline", "days", "progress", "share", "officials"]
    for r in rows.head(limit)[columns].itertuples(index=False):
        if r.report_unit != current:
            current = r.report_unit
            out.append(REPORT["unit_heading"].format(unit=current, n=int(counts[current])))
        progress = quantity_text(r.progress, r.unit) if not pd.isna(r.progress) else ""
        if progress and not pd.isna(r.share):
            progress += f"（{r.share:.0f}%）"
        out.append([r.id, r.task or "", quantity_text(r.target_value, r.unit), r.deadline or "",
                    "" if pd.isna(r.days) else int(r.days), progress or "—", officials_text(r.officials)])
    return out


def _list_section(doc, rows: pd.DataFrame, days_header: str, empty: str, limit: int) -> None:
    """One table of commitments, a shaded line naming the unit (and how many it has) before each unit's rows."""
    if rows.empty:
        _paragraph(doc, empty)
        return
    headers = [REPORT["col_id"], REPORT["col_task"], REPORT["col_target"], REPORT["col_deadline"], days_header,
               REPORT["col_progress"], REPORT["col_officials"]]
    _table(doc, headers, list_rows(rows, limit), [1.2, 4.3, 1.9, 2.5, 1.5, 2.1, 2.3], numeric={0, 4})
    if len(rows) > limit:
        _paragraph(doc, REPORT["not_listed"].format(n=len(rows) - limit), size=12)


def to_docx(data: ReportData, *, max_listed: int = MAX_LISTED, chart_units: int = CHART_UNITS) -> bytes:
    """The Word document of a report: title and period, summary, ranking table, overdue and due-soon lists, chart."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _font(doc.styles["Normal"], BODY_FONT, 14)
    props = doc.core_properties
    props.title = data.period.title
    props.author = REPORT["issuer"]
    props.subject = data.period.period_line
    props.created = datetime.combine(data.period.as_of, datetime.min.time())

    _paragraph(doc, data.period.title, font=TITLE_FONT, size=22, bold=True, centre=True, after=8)
    _paragraph(doc, data.period.period_line, size=12, centre=True, after=14)

    _heading(doc, REPORT["h_summary"])
    for text in summary_paragraphs(data):
        _paragraph(doc, text)

    _heading(doc, REPORT["h_ranking"])
    headers, rows = ranking_rows(data.ranking)
    widths = [1.1, 3.3, 1.2, 1.4, 1.4, 1.3, 1.3, 2.0, 1.9] + ([1.3] if len(headers) > 9 else [])
    _table(doc, headers, rows, widths, numeric=set(range(len(headers))) - {1})
    _paragraph(doc, REPORT["ranking_note"], size=10.5, indent=False)

    _heading(doc, REPORT["h_overdue"])
    _list_section(doc, data.overdue, REPORT["col_overdue_days"], REPORT["no_overdue"], max_listed)
    _heading(doc, REPORT["h_due_soon"].format(days=data.due_days))
    _list_section(doc, data.due_soon, REPORT["col_days_left"], REPORT["no_due_soon"].format(days=data.due_days),
                  max_listed)

    _heading(doc, REPORT["h_chart"])
    doc.add_picture(io.BytesIO(chart_png(data.ranking, chart_units)), width=Cm(15.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = REPORT["chart_caption"].format(n=chart_units) if len(data.ranking) > chart_units else REPORT["chart_caption_all"]
    _paragraph(doc, caption, size=10.5, centre=True)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build(store, kind: str, as_of=None, *, reminders=None) -> tuple[bytes, ReportData]:
    """The report of a store for the week or month holding `as_of`: (docx bytes, what it says)."""
    period = report_period(kind, as_of)
    data = gather(store.commitments(period.as_of.isoformat()), store.commitments(period.previous_end.isoformat()),
                  period, reminders=reminders)
    return to_docx(data), data


def render(store, kind: str, as_of=None) -> bytes:
    """Only the bytes of build(): what a download button hands the browser."""
    return build(store, kind, as_of)[0]
