"""总览: the morning view of a manager — cards, status, who and what is behind, what is due."""

from __future__ import annotations

import streamlit as st

from app import filters, inbox, present, state, tables
from tracker import charts
from tracker.labels import PAGE, UI

DUE_ROWS = 200

today, view = state.open_page(PAGE["overview"])
inbox.unread_box(state.user())  # what leaders sent this person's units, before anything else

shown, _ = filters.sidebar(view)
st.caption(f"{UI['as_of']} {today.isoformat()} · " + UI["shown_of"].format(shown=f"{len(shown):,}", total=f"{len(view):,}"))

cards = charts.kpis(shown, today)
for column, key in zip(st.columns(6), ["total", "done", "on_track", "at_risk", "overdue", "due_30"], strict=True):
    column.metric(UI[f"kpi_{key}"], present.count_text(cards[key]), border=True,
                  help=f"{cards[key]:,}" if cards[key] >= 100_000 else None)

if shown.empty:
    st.info(UI["no_match"])
    st.stop()

left, right = st.columns([1, 2])
with left:
    st.subheader(UI["chart_status"])
    st.plotly_chart(charts.status_donut(shown), key="chart_status", config={"displayModeBar": False})
with right:
    st.subheader(UI["chart_timeline"])
    st.plotly_chart(charts.deadline_timeline(shown, today), key="chart_timeline", config={"displayModeBar": False})

for column, (dimension, title) in zip(st.columns(3), [("official", "chart_by_official"), ("unit", "chart_by_unit"),
                                                      ("work_area", "chart_by_area")], strict=True):
    with column:
        st.subheader(UI[title])
        st.plotly_chart(charts.status_bars(shown, dimension, top=10), key=f"chart_{dimension}",
                        config={"displayModeBar": False})

st.subheader(UI["due_list"])
due = charts.due_soon(shown, today)
if due.empty:
    st.success(UI["due_list_empty"])
else:
    if len(due) > DUE_ROWS:
        # A list longer than a screenful is read in 承诺清单 with its search; here the most urgent.
        st.caption(UI["due_list_more"].format(n=f"{len(due):,}", shown=DUE_ROWS))
    tables.commitment_table(due.head(DUE_ROWS), "due_table", as_of=today, height=420)
