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
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from tracker import dates
from tracker.cells import as_list, official_parts
from tracker.labels import STATUS, STATUS_COLOURS, STATUS_ORDER, UI

# Chinese glyphs need a CJK face; the list ends with faces found on office Windows and Macs.
FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

DIMENSIONS = ("official", "unit", "work_area")
DUE_SOON_DAYS = 30
# Day ticks read 11-26 when zoomed in, months 2026-11 when zoomed out; never the same label twice.
DATE_TICKS = [
    {"dtickrange": [None, "M1"], "value": "%m-%d"},
    {"dtickrange": ["M1", None], "value": "%Y-%m"},
]
# Above this many (day, status) markers the timeline turns into bars per week, then per month.
TIMELINE_MAX_MARKERS = 300
TIMELINE_MAX_BARS = 120


def _as_of(as_of) -> date:
    return dates.day_or_today(as_of)


def official_names(cell) -> list[str]:
    """Names in an officials cell: [{"name": "陈定", "title": "副区长"}] -> ["陈定"]."""
    return [name for name, _ in map(official_parts, as_list(cell)) if name]


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
    """The deadline column as datetimes (NaT where there is none)."""
    if "deadline" not in df or df.empty:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return dates.timestamps(df["deadline"])


# --- numbers behind the charts -----------------------------------------------------------

def status_counts(df: pd.DataFrame) -> dict[str, int]:
    """Commitments per status, every status present (0 when none), in STATUS_ORDER."""
    counts = df["status"].value_counts() if "status" in df and not df.empty else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUS_ORDER}


def kpis(df: pd.DataFrame, as_of=None, days: int = DUE_SOON_DAYS) -> dict[str, int]:
    """The overview's cards: total, done, on_track, at_risk, overdue, due_30 (not done, due within `days`)."""
    today = pd.Timestamp(_as_of(as_of))
    counts = status_counts(df)
    deadlines = _deadlines(df)
    open_ = df["status"].ne("done") if "status" in df else pd.Series(False, index=df.index)
    due = open_ & deadlines.ge(today) & deadlines.le(today + pd.Timedelta(days=days))
    return {
        "total": len(df),
        "done": counts["done"],
        "on_track": counts["on_track"],
        "at_risk": counts["at_risk"],
        "overdue": counts["overdue"],
        "due_30": int(due.sum()),
    }


def due_soon(df: pd.DataFrame, as_of=None, days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """What needs attention first: overdue, then not done and due within `days`, earliest deadline first.

    Adds `days_left` (negative when overdue).
    """
    if df.empty:
        return df.assign(days_left=pd.Series(dtype="Int64"))
    today = pd.Timestamp(_as_of(as_of))
    deadlines = _deadlines(df)
    open_ = df["status"].ne("done")
    mask = df["status"].eq("overdue") | (open_ & deadlines.ge(today) & deadlines.le(today + pd.Timedelta(days=days)))
    out = df.loc[mask].copy()
    out["days_left"] = (deadlines[mask] - today).dt.days.astype("Int64")
    return out.sort_values(["days_left", "id"], kind="stable")


def names_by(df: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One row per (commitment, name) for a dimension: official, unit or work_area.

    A commitment tied to two officials counts once for each; one tied to none counts under 未注明.
    A plain loop, not Series.map + explode: at 100,000 commitments it is several times faster.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}, not {dimension!r}")
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
        marker={"colors": [STATUS_COLOURS[s] for s in counts]},
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
            marker_color=STATUS_COLOURS[s],
            hovertemplate="%{y}<br>" + STATUS[s] + ": %{x}<extra></extra>",
        ))
    # No legend: the donut above names the colours, and three legends would crowd three narrow charts.
    height = max(140, 60 + 32 * len(table)) + (20 if omitted else 0)
    fig = _layout(fig, height, barmode="stack", bargap=0.3, showlegend=False)
    if omitted:
        fig.add_annotation(text=UI["not_listed"].format(n=omitted), x=1, y=0, xref="paper", yref="paper",
                           xanchor="right", yanchor="top", yshift=-38, showarrow=False,
                           font={"size": 11, "color": "#757575"})
        fig.update_layout(margin={"b": 30})
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


def deadline_timeline(df: pd.DataFrame, as_of=None, max_markers: int = TIMELINE_MAX_MARKERS,
                      max_bars: int = TIMELINE_MAX_BARS, height: int = 300) -> go.Figure:
    """When commitments fall due, coloured by status, with a dashed line at today.

    A few hundred deadlines: a strip, one row per status and a marker per day (bigger when
    more fall due that day; hovering lists the tasks). More than that: stacked bars of how
    many fall due each week, or each month when even weeks are too many, because thousands
    of overlapping markers read as a smear. Commitments with no deadline are not on it.
    """
    today = _as_of(as_of)
    deadlines = _deadlines(df)
    dated = df.loc[deadlines.notna()].assign(_deadline=deadlines[deadlines.notna()])
    if dated.empty:
        return empty_figure(height=height)
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
                marker={"color": STATUS_COLOURS[s], "size": sizes.tolist(), "opacity": 0.8, "line": {"width": 0}},
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
                x=counts.index, y=counts[s].tolist(), name=STATUS[s], marker_color=STATUS_COLOURS[s],
                width=days * 0.8 * 86_400_000,  # milliseconds on a date axis
                hovertemplate="%{x|" + label + "}<br>" + STATUS[s] + ": %{y}<extra></extra>",
            ))
        _today_line(fig, today)
        fig = _layout(fig, height, barmode="stack", bargap=0.1, showlegend=False)
        fig.update_yaxes(title_text=UI["count"], tickformat=",d")
        whens = pd.Series(counts.index)
    first = min(whens.min(), pd.Timestamp(today))
    last = max(whens.max(), pd.Timestamp(today))
    pad = max((last - first) / 30, pd.Timedelta(days=7))
    fig.update_xaxes(type="date", range=[first - pad, last + pad], tickformatstops=DATE_TICKS)
    return fig


def progress_figure(history: pd.DataFrame, target_value=None, start=None, deadline=None,
                    as_of=None, unit: str | None = None, height: int = 320) -> go.Figure:
    """Progress of one commitment: figures reported over time against the plan.

    The plan is the straight line from (article date, 0) to (deadline, target); the target is
    a dotted level. With no figures and no target there is nothing to draw.
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
    if has_target and start_day and deadline_day:
        fig.add_trace(go.Scatter(
            x=[start_day.isoformat(), deadline_day.isoformat()], y=[0, float(target_value)],
            mode="lines", name=UI["progress_plan"], line={"color": "#9e9e9e", "dash": "dash", "width": 2},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}" + unit_text + "<extra>" + UI["progress_plan"] + "</extra>",
        ))
    if not history.empty:
        h = history.assign(_at=dates.timestamps(history["as_of"])).sort_values("_at", kind="stable")
        fig.add_trace(go.Scatter(
            x=h["_at"], y=h["value"].astype(float), mode="lines+markers", name=UI["progress_actual"],
            line={"color": "#1565c0", "width": 3}, marker={"size": 8},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,}" + unit_text + "<extra>" + UI["progress_actual"] + "</extra>",
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
    if omitted:
        fig.add_annotation(text=UI["not_listed"].format(n=omitted), x=1, y=0, xref="paper", yref="paper",
                           xanchor="right", yanchor="top", yshift=-38, showarrow=False,
                           font={"size": 11, "color": "#757575"})
        fig.update_layout(margin={"b": 30})
    most = int(rows["commitments"].max())
    fig.update_xaxes(title_text=UI["count"], range=[0, most * 1.18 + 0.5], tickformat=",d",
                     dtick=1 if most <= 5 else None)
    fig.update_yaxes(automargin=True)
    return fig
