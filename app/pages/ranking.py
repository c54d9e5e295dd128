"""单位排名: per unit, commitments done on time and late, pending sign-off, overdue, the completion rate."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app import state
from tracker import charts, export, ranking
from tracker.labels import PAGE, RANKING, RANKING_FIELD, UI

today, view = state.open_page(PAGE["ranking"])

with st.sidebar:
    st.subheader(UI["filters"])
    period_of = st.radio(RANKING["period_of"], ranking.PERIOD_OF, key="rank_period_of", horizontal=True,
                         format_func=lambda key: RANKING[f"period_of_{key}"])
    # the default goes in only on the first draw: giving both a value and a state key warns
    first = {} if "rank_period" in st.session_state else {"value": ()}
    period = st.date_input(RANKING["period"], key="rank_period", help=RANKING["period_help"], format="YYYY-MM-DD",
                           **first)
    offered = view["work_area"].dropna().astype(str).value_counts().index.tolist()
    if "rank_areas" in st.session_state:  # an area gone from today's data: a multiselect refuses unknown values
        st.session_state["rank_areas"] = [a for a in st.session_state["rank_areas"] if a in offered]
    areas = st.multiselect(RANKING["areas"], offered, key="rank_areas", placeholder=UI["all"])

chosen = tuple(period) if isinstance(period, (tuple, list)) and len(period) == 2 else None
rows = ranking.select(view, chosen, period_of, areas)
table = ranking.unit_ranking(rows, today)
st.caption(RANKING["shown"].format(as_of=today.isoformat(), units=f"{len(table):,}", n=f"{len(rows):,}"))
if table.empty:
    st.info(RANKING["empty"])
    st.stop()

numbers = {key: st.column_config.NumberColumn(RANKING_FIELD[key], format="%d")
           for key in ("rank", "commitments", "done", "done_late", "pending_signoff", "overdue", "days_since_update")}
st.dataframe(
    table, hide_index=True, key="ranking_table", placeholder="—",
    column_order=[c for c in table.columns if c != "last_update"],
    column_config={
        **numbers,
        "unit": st.column_config.TextColumn(RANKING_FIELD["unit"], width="medium"),
        "completion_rate": st.column_config.ProgressColumn(RANKING_FIELD["completion_rate"], min_value=0, max_value=100,
                                                           format="%.1f%%"),
        "days_since_update": st.column_config.NumberColumn(RANKING_FIELD["days_since_update"], format="%d",
                                                           help=RANKING["never"] + "：—"),
    },
    height=min(640, 38 + 35 * len(table)),
)
st.caption(RANKING["note"])
st.download_button(RANKING["csv"], data=partial(export.ranking_csv, rows, as_of=today), on_click="ignore",
                   file_name=export.ranking_filename("csv", today), mime="text/csv", key="ranking_csv",
                   icon=":material/download:")

st.subheader(RANKING["chart"])
st.plotly_chart(charts.ranking_bars(table, top=20), key="ranking_chart", config={"displayModeBar": False})
