"""Figures of the dashboard, as pure functions of the commitment view (a DataFrame).

No streamlit here: each builder takes the rows it is given and returns a plotly figure,
so tests can check what a manager will see without a browser. Big views are aggregated
before they are drawn (counts per official, per day), because the browser pays for every
point and 100,000 markers take seconds to draw where a few hundred bars take none.

    >>> fig = status_donut(view)          # view = Store().commitments()
    >>> [t.type for t in fig.data]
    ['pie']
"""

from __future__ import annotations

import html
import math
import weakref
from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from tracker import dates
from tracker.cells import as_list, official_parts
from tracker.labels import OPEN, STATUS, STATUS_COLOUR, STATUS_ORDER, UI

# Chinese glyphs need a CJK face; the list ends with faces found on office Windows and Macs.
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

DIMENSIONS = ("official", "unit", "work_area")
DUE_SOON_DAYS = 30
# Day ticks read 11-26 when zoomed in, months 2026-11 when zoomed out; never the same label twice.
DATE_TICKS = [
    {"dtickrange": [None, "M1"], "value": "%m-%d"},
    {"dtickrange": ["M1", None], "value": "%Y-%m"},
]
# The deadline timeline's window: from this many days before today to this many after. The
# oldest texts (a 2019 report) would otherwise stretch the axis over years nobody acts on.
TIMELINE_WINDOWS = {"active": (90, 365), "wide": (365, 730), "all": None}
# Above this many (day, status) markers the timeline turns into bars per week, then per month.
TIMELINE_MAX_MARKERS = 300
TIMELINE_MAX_BARS = 120


def _as_of(as_of) -> date:
    return dates.day_or_today(as_of)


def official_names(cell) -> list[str]:
    """Names in an officials cell: [{"name": "陈定", "title": "副区长"}] -> ["陈定"]."""
    return [name for name, _ in map(official_parts, as_list(cell)) if name]


def _note_omitted(fig: go.Figure, omitted: int) -> None:
    """Below a bar chart cut to its longest bars: how many names it leaves out (none: nothing)."""
    if omitted:
        fig.add_annotation(text=UI["not_listed"].format(n=omitted), x=1, y=0, xref="paper", yref="paper",
                           xanchor="right", yanchor="top", yshift=-38, showarrow=False,
                           font={"size": 11, "color": "#757575"})
        fig.update_layout(margin={"b": 30})


def _layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title_text": "",
                "traceorder": "normal"},
        hoverlabel={"font_family": FONT_FAMILY},
        **extra,
    )
    return fig


def empty_figure(message: str | None = None, height: int = 260) -> go.Figure:
    """A figure with no data and one centred line of text: what a chart shows when nothing matches."""
    fig = go.Figure()
    fig.add_annotation(
        text=message or UI["no_data"], x=0.5, y=0.5, xref="paper", yref="paper",
        showarrow=False, font={"size": 16, "color": "#757575"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height)


def is_empty_figure(fig: go.Figure) -> bool:
    return len(fig.data) == 0


def _deadlines(df: pd.DataFrame) -> pd.Series:
    """The deadline column as datetimes (NaT where there is none); remembered for a big view."""
    if "deadline" not in df or df.empty:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return _per_view(df, "deadlines", lambda: dates.timestamps(df["deadline"]))


# --- numbers behind the charts -----------------------------------------------------------

def status_counts(df: pd.DataFrame) -> dict[str, int]:
    """Commitments per status, every status present (0 when none), in STATUS_ORDER."""
    counts = df["status"].value_counts() if "status" in df and not df.empty else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUS_ORDER}


def kpis(df: pd.DataFrame, as_of=None, days: int = DUE_SOON_DAYS) -> dict[str, int]:
    """The overview's cards: total, done (on time or late), done_late, pending_signoff, on_track, at_risk,
    overdue, due_30 (open work due within `days`, today included)."""
    counts = status_counts(df)
    return {
        "total": len(df),
        "done": counts["done"] + counts["done_late"],
        "done_late": counts["done_late"],
        "pending_signoff": counts["pending_signoff"],
        "on_track": counts["on_track"],
        "at_risk": counts["at_risk"],
        "overdue": counts["overdue"],
        "due_30": len(due_soon(df, as_of, days)),
    }


def _open_rows(df: pd.DataFrame) -> pd.Series:
    """Work still to be reported: not finished, not waiting for sign-off (those never show 逾期 N 天)."""
    if "status" not in df:
        return pd.Series(False, index=df.index)
    return df["status"].isin(OPEN)


def _with_days_left(rows: pd.DataFrame, deadlines: pd.Series, today: pd.Timestamp) -> pd.DataFrame:
    out = rows.copy()
    out["days_left"] = (deadlines.loc[rows.index] - today).dt.days.astype("Int64")
    return out


def due_soon(df: pd.DataFrame, as_of=None, days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """Open work falling due from today to `days` ahead, soonest first (then by id); adds `days_left`.

    Finished and 待销号 ones are not due any more; overdue ones have their own list (`overdue`).
    """
    if df.empty:
        return df.assign(days_left=pd.Series(dtype="Int64"))
    today = pd.Timestamp(_as_of(as_of))
    deadlines = _deadlines(df)
    mask = _open_rows(df) & deadlines.ge(today) & deadlines.le(today + pd.Timedelta(days=days))
    out = _with_days_left(df.loc[mask], deadlines, today)
    return out.sort_values(["days_left", "id"], kind="stable")


def overdue(df: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """Overdue commitments, the most recently overdue first (then by id); adds `days_left` (negative).

    The ones that slipped yesterday lead: they are the ones a reminder can still save, while
    one overdue for years is known to everyone already.
    """
    if df.empty:
        return df.assign(days_left=pd.Series(dtype="Int64"))
    today = pd.Timestamp(_as_of(as_of))
    deadlines = _deadlines(df)
    mask = df["status"].eq("overdue") if "status" in df else pd.Series(False, index=df.index)
    out = _with_days_left(df.loc[mask], deadlines, today)
    return out.sort_values(["days_left", "id"], ascending=[False, True], kind="stable")


# What is worked out from a big view (its names per official, unit, area; its deadlines as
# dates) is kept while that very DataFrame object lives: the dashboard hands every rerun the same
# cached view, and the filters, cards, lists and charts each ask for the same columns.
# Views are read-only by convention (nothing assigns into the cached one), so a hit is exact.
_MEMO: dict[tuple[int, str], tuple[weakref.ReferenceType, object]] = {}
MEMO_ROWS = 5_000  # below this the work takes a few milliseconds: not worth remembering


def _per_view(df: pd.DataFrame, what: str, work: Callable[[], object]):
    """work(), remembered for this view object under `what` when the view is big."""
    key = (id(df), what)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is df:
        return hit[1]
    result = work()
    if len(df) >= MEMO_ROWS:
        _MEMO[key] = (weakref.ref(df, lambda _ref, key=key: _MEMO.pop(key, None)), result)
    return result


def names_by(df: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One row per (commitment, name) for a dimension: official, unit or work_area.

    A commitment tied to two officials counts once for each; one tied to none counts under 未注明.
    A plain loop, not Series.map + explode: at 100,000 commitments it is several times faster.
    The result of a big view is remembered for as long as that view object lives; do not change it.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}, not {dimension!r}")
    return _per_view(df, f"names_{dimension}", lambda: _names_by(df, dimension))


def _names_by(df: pd.DataFrame, dimension: str) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame({"name": pd.Series(dtype=str), "status": pd.Series(dtype=str)})
    if dimension == "work_area":
        names = df["work_area"].astype("string").str.strip().replace("", pd.NA).fillna(UI["none_named"])
        return pd.DataFrame({"name": names.astype(str).to_numpy(), "status": df["status"].to_numpy()})
    column, officials = ("officials", True) if dimension == "official" else ("units", False)
    none = UI["none_named"]
    rows: list[int] = []
    names: list[str] = []
    for i, cell in enumerate(df[column].tolist()):
        items = cell if isinstance(cell, list) else as_list(cell)
        before = len(names)
        for item in items:
            name = official_parts(item)[0] if officials else item
            if name:
                rows.append(i)
                names.append(str(name))
        if len(names) == before:
            rows.append(i)
            names.append(none)
    return pd.DataFrame({"name": names, "status": df["status"].to_numpy()[rows]})


def counts_by(df: pd.DataFrame, dimension: str, top: int = 12, fold_rest: bool = True) -> pd.DataFrame:
    """A table of counts: one row per name, the `top` largest, one column per status.

    The rest are summed in one last row 其余 n 项 (fold_rest) or left out; either way
    `table.attrs["omitted"]` says how many names are not shown by themselves.
    """
    long = names_by(df, dimension)
    if long.empty:
        table = pd.DataFrame(columns=STATUS_ORDER)
        table.attrs["omitted"] = 0
        return table
    table = long.groupby(["name", "status"]).size().unstack(fill_value=0)
    table = table.reindex(columns=STATUS_ORDER, fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    omitted = 0
    if len(table) > top:
        keep = top - 1 if fold_rest else top
        omitted = len(table) - keep
        rest = table.iloc[keep:].sum()
        table = table.iloc[:keep]
        if fold_rest:
            table = pd.concat([table, rest.to_frame(UI["more"].format(n=omitted)).T])
    table.attrs["omitted"] = omitted
    return table


# --- figures -----------------------------------------------------------------------------

def status_donut(df: pd.DataFrame, height: int = 300) -> go.Figure:
    """A donut of commitments by status, the total in the hole; statuses with none are left out."""
    counts = {s: n for s, n in status_counts(df).items() if n}
    if not counts:
        return empty_figure(height=height)
    fig = go.Figure(go.Pie(
        labels=[STATUS[s] for s in counts],
        values=list(counts.values()),
        marker={"colors": [STATUS_COLOUR[s] for s in counts]},
        hole=0.6, sort=False, direction="clockwise",
        textinfo="value", hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
    ))
    fig.add_annotation(text=f"<b>{sum(counts.values()):,}</b><br>{UI['kpi_total']}", x=0.5, y=0.5,
                       xref="paper", yref="paper", showarrow=False, font={"size": 16})
    return _layout(fig, height, showlegend=True)


def status_bars(df: pd.DataFrame, dimension: str, top: int = 12) -> go.Figure:
    """Horizontal bars of commitments per official / unit / work area, stacked by status.

    The largest are at the top; one trace per status that occurs, coloured as everywhere else.
    """
    # The long tail is left out, not summed into one bar: a bar of 50 names together would
    # dwarf the ten a manager looks for.
    table = counts_by(df, dimension, top=top, fold_rest=False)
    if table.empty:
        return empty_figure()
    omitted = table.attrs["omitted"]
    table = table.iloc[::-1]  # plotly draws the first category at the bottom
    # Plotly reads <b>, <br> and <a href> in labels: names are stored text, so escaped (it shows &lt; as <).
    labels = [html.escape(str(name)) for name in table.index]
    fig = go.Figure()
    for s in STATUS_ORDER:
        if table[s].sum() == 0:
            continue
        fig.add_trace(go.Bar(
            y=labels, x=table[s].tolist(), name=STATUS[s], orientation="h",
            marker_color=STATUS_COLOUR[s],
            hovertemplate="%{y}<br>" + STATUS[s] + ": %{x}<extra></extra>",
        ))
    # No legend: the donut above names the colours, and three legends would crowd three narrow charts.
    height = max(140, 60 + 32 * len(table)) + (20 if omitted else 0)
    fig = _layout(fig, height, barmode="stack", bargap=0.3, showlegend=False)
    _note_omitted(fig, omitted)
    # Counts are whole: with a handful, tick every one rather than at 0.5.
    fig.update_xaxes(title_text=UI["count"], rangemode="tozero", tickformat=",d",
                     dtick=1 if table.sum(axis=1).max() <= 5 else None)
    fig.update_yaxes(automargin=True)
    return fig


def _today_line(fig: go.Figure, today: date, label: str | None = None) -> None:
    # A shape plus an annotation, not add_vline(annotation_text=...): that one fails on date axes.
    x = today.isoformat()
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper",
                  line={"color": "#424242", "width": 1.5, "dash": "dash"})
    fig.add_annotation(text=label or UI["today"], x=x, y=1, xref="x", yref="paper", yanchor="bottom",
                       showarrow=False, font={"size": 12, "color": "#424242"})


def timeline_window(as_of=None, window=TIMELINE_WINDOWS["active"]) -> tuple[date, date] | None:
    """The days the deadline timeline shows: (today - back, today + ahead), or None for every deadline.

    >>> timeline_window("2026-12-01", (90, 365))
    (datetime.date(2026, 9, 2), datetime.date(2027, 12, 1))
    """
    if window is None:
        return None
    back, ahead = window
    today = _as_of(as_of)
    return today - timedelta(days=back), today + timedelta(days=ahead)


def deadline_timeline(df: pd.DataFrame, as_of=None, max_markers: int = TIMELINE_MAX_MARKERS,
                      max_bars: int = TIMELINE_MAX_BARS, height: int = 300,
                      window=TIMELINE_WINDOWS["active"]) -> go.Figure:
    """When commitments fall due, coloured by status, with a dashed line at today.

    Only the active window is drawn (`window` = (days back, days ahead) from today; None draws
    every deadline), and a note says how many fall before and after it, so a 2019 report does
    not squeeze this year's work into a sliver at the right.
    A few hundred deadlines: a strip, one row per status and a marker per day (bigger when
    more fall due that day; hovering lists the tasks). More than that: stacked bars of how
    many fall due each week, or each month when even weeks are too many, because thousands
    of overlapping markers read as a smear. Commitments with no deadline are not on it.
    """
    today = _as_of(as_of)
    deadlines = _deadlines(df)
    span = timeline_window(today, window)
    earlier = later = 0
    keep = deadlines.notna()
    if span is not None:
        first_day, last_day = pd.Timestamp(span[0]), pd.Timestamp(span[1])
        earlier = int((deadlines < first_day).sum())
        later = int((deadlines > last_day).sum())
        keep &= deadlines.between(first_day, last_day)
    dated = df.loc[keep, ["id", "task", "status"]].assign(_deadline=deadlines[keep])
    if dated.empty:
        fig = empty_figure(height=height)
        if earlier or later:
            _outside_note(fig, earlier, later)
        return fig
    rows = [s for s in STATUS_ORDER if s != "no_deadline"]
    daily = dated.groupby(["status", dated["_deadline"].dt.normalize().rename("_when")], sort=True)
    fig = go.Figure()
    if daily.ngroups <= max_markers:
        summary = daily.agg(n=("id", "size"), tasks=("task", lambda t: "<br>".join(html.escape(str(x)) for x in t.head(3)))).reset_index()
        biggest = max(int(summary["n"].max()), 1)
        for s in rows:
            part = summary[summary["status"] == s]
            if part.empty:
                continue
            sizes = (9 + 15 * (part["n"] / biggest) ** 0.5).round(1)
            fig.add_trace(go.Scatter(
                x=part["_when"], y=[STATUS[s]] * len(part), mode="markers", name=STATUS[s],
                marker={"color": STATUS_COLOUR[s], "size": sizes.tolist(), "opacity": 0.8, "line": {"width": 0}},
                customdata=list(zip(part["n"], part["tasks"], strict=True)),
                hovertemplate="%{x|%Y-%m-%d}<br>" + STATUS[s] + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            ))
        _today_line(fig, today)
        fig = _layout(fig, height, showlegend=False)
        # Every status keeps its row even when empty, so the chart reads the same every morning.
        fig.update_yaxes(categoryorder="array", categoryarray=[STATUS[s] for s in reversed(rows)],
                         range=[-0.6, len(rows) - 0.4])
        whens = summary["_when"]
    else:
        weeks = dated["_deadline"].dt.to_period("W").dt.start_time
        by_week = weeks.nunique() <= max_bars
        days, label = (7, "%Y-%m-%d") if by_week else (30.4, "%Y-%m")
        when = (weeks if by_week else dated["_deadline"].dt.to_period("M").dt.start_time).rename("_when")
        counts = dated.groupby([when, "status"]).size().unstack(fill_value=0)
        for s in rows:
            if s not in counts or not counts[s].any():
                continue
            fig.add_trace(go.Bar(
                x=counts.index, y=counts[s].tolist(), name=STATUS[s], marker_color=STATUS_COLOUR[s],
                width=days * 0.8 * 86_400_000,  # milliseconds on a date axis
                hovertemplate="%{x|" + label + "}<br>" + STATUS[s] + ": %{y}<extra></extra>",
            ))
        _today_line(fig, today)
        fig = _layout(fig, height, barmode="stack", bargap=0.1, showlegend=False)
        fig.update_yaxes(title_text=UI["count"], tickformat=",d")
        whens = pd.Series(counts.index)
    if span is not None:
        first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    else:
        first = min(whens.min(), pd.Timestamp(today))
        last = max(whens.max(), pd.Timestamp(today))
    pad = max((last - first) / 30, pd.Timedelta(days=7))
    fig.update_xaxes(type="date", range=[first - pad, last + pad], tickformatstops=DATE_TICKS)
    if earlier or later:
        _outside_note(fig, earlier, later)
    return fig


def _outside_note(fig: go.Figure, earlier: int, later: int) -> None:
    """"窗口外：更早 12 条 · 更晚 3 条" above the right end: what the window leaves out, in numbers."""
    parts = [UI[key].format(n=f"{n:,}") for key, n in (("timeline_earlier", earlier), ("timeline_later", later)) if n]
    fig.add_annotation(text=UI["timeline_outside"] + " · ".join(parts), x=1, y=1, xref="paper", yref="paper",
                       xanchor="right", yanchor="bottom", showarrow=False, font={"size": 11, "color": "#757575"})


def progress_figure(history: pd.DataFrame, target_value=None, start=None, deadline=None,
                    as_of=None, unit: str | None = None, height: int = 320) -> go.Figure:
    """Progress of one commitment: figures reported over time against the plan.

    The plan is the straight line from (article date, 0) to (deadline, target) (see plan_line);
    the target is a dotted level. With no figures and no target there is nothing to draw.
    """
    today = _as_of(as_of)
    has_target = target_value is not None and not (isinstance(target_value, float) and math.isnan(target_value))
    history = history if history is not None else pd.DataFrame(columns=["value", "as_of"])
    if history.empty and not has_target:
        return empty_figure(UI["no_updates"], height=height)
    fig = go.Figure()
    start_day, deadline_day = dates.day_or_none(start), dates.day_or_none(deadline)
    unit = html.escape(unit) if unit else None  # stored text in plotly's pseudo-HTML labels
    unit_text = unit or ""
    plan = plan_line(start_day, deadline_day, target_value) if has_target else None
    if plan:
        fig.add_trace(go.Scatter(
            x=plan[0], y=plan[1],
            mode="lines", name=UI["progress_plan"], line={"color": "#9e9e9e", "dash": "dash", "width": 2},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}" + unit_text + "<extra>" + UI["progress_plan"] + "</extra>",
        ))
    if not history.empty:
        h = history.assign(_at=dates.timestamps(history["as_of"])).sort_values("_at", kind="stable")
        # Figures a manager's return set aside (退回) no longer count: not on the line, but still
        # in view as hollow grey markers of their own legend entry, so the history reads true.
        aside = h["returned"].astype(bool) if "returned" in h else pd.Series(False, index=h.index)
        counted, returned = h[~aside], h[aside]
        if not counted.empty:
            fig.add_trace(go.Scatter(
                x=counted["_at"], y=counted["value"].astype(float), mode="lines+markers", name=UI["progress_actual"],
                line={"color": "#1565c0", "width": 3}, marker={"size": 8},
                hovertemplate="%{x|%Y-%m-%d}: %{y:,}" + unit_text + "<extra>" + UI["progress_actual"] + "</extra>",
            ))
        if not returned.empty:
            fig.add_trace(go.Scatter(
                x=returned["_at"], y=returned["value"].astype(float), mode="markers", name=UI["progress_returned"],
                marker={"size": 9, "symbol": "circle-open", "color": "#9e9e9e", "line": {"width": 2}},
                hovertemplate="%{x|%Y-%m-%d}: %{y:,}" + unit_text + "<extra>" + UI["progress_returned"] + "</extra>",
            ))
    if has_target:
        fig.add_hline(y=float(target_value), line={"color": "#2e7d32", "dash": "dot", "width": 1.5},
                      annotation_text=f"{UI['target']} {float(target_value):g}{unit or ''}",
                      annotation_position="top left")
    _today_line(fig, today)
    fig = _layout(fig, height)
    # The axis says what it counts in a line read level, above the axis: a one-character unit
    # (个) set on its side by plotly reads like an arrow. The legend moves below the plot so
    # the two do not meet.
    fig.add_annotation(text=progress_axis_title(unit), x=0, y=1, xref="paper", yref="paper", xanchor="left",
                       yanchor="bottom", yshift=6, showarrow=False, font={"size": 12, "color": "#616161"})
    fig.update_layout(legend={"yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
                      margin={"t": 40, "b": 10})
    # From the start of the plan to whichever is later of the deadline, today and the last figure.
    days = [d for d in (start_day, deadline_day, today) if d]
    if not history.empty:
        days += [d for d in (dates.day_or_none(v) for v in history["as_of"]) if d]
    first, last = min(days), max(days)
    pad = max((last - first).days // 30, 3)
    fig.update_xaxes(type="date", tickformatstops=DATE_TICKS,
                     range=[(first - timedelta(days=pad)).isoformat(), (last + timedelta(days=pad)).isoformat()])
    fig.update_yaxes(title_text=None, rangemode="tozero", tickformat=",~f")
    return fig


def plan_line(start, deadline, target_value) -> tuple[list[str], list[float]] | None:
    """The 计划进度 line: from (start, 0) to (deadline, target), or None when there is no plan to draw.

    The line only ever runs forward in time and up: an article dated on or after its deadline
    (a report of 2019-06-30 that names "4月底前") left no time to plan over, so no line is drawn,
    rather than one running back from the article to the deadline.

    >>> plan_line("2019-04-26", "2019-12-31", 366)
    (['2019-04-26', '2019-12-31'], [0.0, 366.0])
    >>> plan_line("2019-06-30", "2019-04-30", 366) is None
    True
    """
    start_day, deadline_day = dates.day_or_none(start), dates.day_or_none(deadline)
    try:
        target = float(target_value)
    except (TypeError, ValueError):
        return None
    if start_day is None or deadline_day is None or not math.isfinite(target) or target <= 0:
        return None
    if start_day >= deadline_day:
        return None
    return [start_day.isoformat(), deadline_day.isoformat()], [0.0, target]


def progress_axis_title(unit: str | None) -> str:
    """What the progress chart counts: "完成数（个）", or "完成数" with no unit."""
    return f"{UI['progress_axis']}（{unit}）" if unit else UI["progress_axis"]



def ranking_bars(table: pd.DataFrame, top: int = 20) -> go.Figure:
    """单位排名 as horizontal bars, the first `top` units of the table in its order (first at the top).

    Each bar is a unit's commitments split into done on time, done late, pending sign-off, overdue
    and the rest (tracker.ranking.SEGMENTS), its completion rate written at the end.
    """
    from tracker.ranking import SEGMENT_COLOURS, SEGMENTS, segment_label, segments

    if table.empty:
        return empty_figure()
    rows = table.head(top).iloc[::-1]  # plotly draws the first category at the bottom
    omitted = len(table) - len(rows)
    # Names are stored text: escaped, since plotly reads <b>, <br> and <a href> in labels.
    labels = [html.escape(str(unit)) for unit in rows["unit"]]
    parts = segments(rows)
    fig = go.Figure()
    for key in SEGMENTS:
        if not parts[key].any():
            continue
        name = segment_label(key)
        fig.add_trace(go.Bar(
            y=labels, x=parts[key].tolist(), name=name, orientation="h", marker_color=SEGMENT_COLOURS[key],
            hovertemplate="%{y}<br>" + name + ": %{x}<extra></extra>",
        ))
    rates = ["—" if math.isnan(r) else f"{r:.1f}%" for r in rows["completion_rate"]]
    fig.add_trace(go.Scatter(
        y=labels, x=rows["commitments"].tolist(), mode="text", text=rates, textposition="middle right",
        showlegend=False, hoverinfo="skip", textfont={"size": 11, "color": "#424242"},
    ))
    height = max(160, 80 + 28 * len(rows)) + (20 if omitted else 0)
    fig = _layout(fig, height, barmode="stack", bargap=0.3, showlegend=True)
    _note_omitted(fig, omitted)
    most = int(rows["commitments"].max())
    fig.update_xaxes(title_text=UI["count"], range=[0, most * 1.18 + 0.5], tickformat=",d",
                     dtick=1 if most <= 5 else None)
    fig.update_yaxes(automargin=True)
    return fig
