"""总览: the morning view of a manager — cards, what falls due next, what is overdue, then the charts."""

from __future__ import annotations

import streamlit as st

from app import filters, present, state, tables
from tracker import charts
from tracker.labels import PAGE, UI

LIST_ROWS = 100  # a list longer than a screenful or two is read in 承诺清单 with its search
# Each card with the light of the status it counts (三色预警); total and due-soon have none.
CARDS = [("total", None), ("done", "done"), ("pending_signoff", "pending_signoff"), ("on_track", "on_track"),
         ("at_risk", "at_risk"), ("overdue", "overdue"), ("due_30", None)]

today, view = state.open_page(PAGE["overview"])

shown, _ = filters.sidebar(view)
st.caption(f"{UI['as_of']} {today.isoformat()} · " + UI["shown_of"].format(shown=f"{len(shown):,}", total=f"{len(view):,}"))

# The card's border on the left in its light's colour, by the container's key (st-key-<key>).
st.html(f"<style>{present.light_border_css({f'kpi_{key}': status for key, status in CARDS})}</style>")
cards = charts.kpis(shown, today)
for column, (key, _status) in zip(st.columns(len(CARDS)), CARDS, strict=True):
    with column.container(key=f"kpi_{key}"):
        help_text = f"{cards[key]:,}" if cards[key] >= 100_000 else None
        if key == "done" and cards["done"]:
            help_text = UI["kpi_done_help"].format(on_time=f"{cards['done'] - cards['done_late']:,}",
                                                   late=f"{cards['done_late']:,}")
        st.metric(UI[f"kpi_{key}"], present.count_text(cards[key]), border=True, help=help_text)

if shown.empty:
    st.info(UI["no_match"])
    st.stop()


def commitment_list(title: str, rows, empty: str, more: str, key: str) -> None:
    st.subheader(title)
    if rows.empty:
        st.success(empty)
        return
    if len(rows) > LIST_ROWS:
        st.caption(more.format(n=f"{len(rows):,}", shown=LIST_ROWS))
    tables.commitment_table(rows.head(LIST_ROWS), key, as_of=today, height=420)


# What to do next first: due within 30 days, soonest first; then what slipped, the latest first.
commitment_list(UI["due_list"], charts.due_soon(shown, today), UI["due_list_empty"], UI["due_list_more"], "due_table")
commitment_list(UI["overdue_list"], charts.overdue(shown, today), UI["overdue_list_empty"], UI["overdue_list_more"],
                "overdue_table")

left, right = st.columns([1, 2])
with left:
    st.subheader(UI["chart_status"])
    st.plotly_chart(charts.status_donut(shown), key="chart_status", config={"displayModeBar": False})
with right:
    st.subheader(UI["chart_timeline"])
    window = st.segmented_control(UI["timeline_window"], list(charts.TIMELINE_WINDOWS), default="active",
                                  format_func=lambda name: UI[f"timeline_window_{name}"], key="timeline_window",
                                  label_visibility="collapsed") or "active"
    st.plotly_chart(charts.deadline_timeline(shown, today, window=charts.TIMELINE_WINDOWS[window]),
                    key="chart_timeline", config={"displayModeBar": False})

for column, (dimension, title) in zip(st.columns(3), [("official", "chart_by_official"), ("unit", "chart_by_unit"),
                                                      ("work_area", "chart_by_area")], strict=True):
    with column:
        st.subheader(UI[title])
        st.plotly_chart(charts.status_bars(shown, dimension, top=10), key=f"chart_{dimension}",
                        config={"displayModeBar": False})
