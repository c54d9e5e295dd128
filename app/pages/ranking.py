"""单位排名: per unit, commitments done on time and late, pending sign-off, overdue, the completion rate."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app import remind, state
from tracker import charts, export, ranking
from tracker.labels import PAGE, RANKING, RANKING_FIELD, UI

today = state.today()  # the dashboard's day (tests freeze it there)
st.title(PAGE["ranking"])

with st.sidebar:
    st.subheader(UI["filters"])
    period_of = st.radio(RANKING["period_of"], ranking.PERIOD_OF, key="rank_period_of", horizontal=True,
                         format_func=lambda key: RANKING[f"period_of_{key}"])
    # the default goes in only on the first draw: giving both a value and a state key warns
    first = {} if "rank_period" in st.session_state else {"value": ()}
    period = st.date_input(RANKING["period"], key="rank_period", help=RANKING["period_help"], format="YYYY-MM-DD",
                           **first)
    area_box = st.empty()  # drawn once the areas of today's data are known

chosen = tuple(period) if isinstance(period, (tuple, list)) and len(period) == 2 else None
areas = tuple(st.session_state.get("rank_areas", ()))
table, offered, counted, total = state.unit_ranking(today, chosen, period_of, areas)
if any(a not in offered for a in areas):  # an area gone from today's data: a multiselect refuses unknown values
    st.session_state["rank_areas"] = [a for a in areas if a in offered]
    st.rerun()
area_box.multiselect(RANKING["areas"], offered, key="rank_areas", placeholder=UI["all"])

if not total:
    st.info(UI["no_commitments"])
    st.stop()
st.caption(RANKING["shown"].format(as_of=today.isoformat(), units=f"{len(table):,}", n=f"{counted:,}"))
if table.empty:
    st.info(RANKING["empty"])
    st.stop()

numbers = {key: st.column_config.NumberColumn(RANKING_FIELD[key], format="%d")
           for key in ("rank", "commitments", "done", "done_late", "pending_signoff", "overdue", "days_since_update",
                       "open_reminders") if key in table}
st.dataframe(
    table, hide_index=True, key="ranking_table", placeholder="—",
    column_order=[c for c in table.columns if c != "last_update"],
    column_config={
        **numbers,
        "unit": st.column_config.TextColumn(RANKING_FIELD["unit"], width="medium"),
        "completion_rate": st.column_config.ProgressColumn(RANKING_FIELD["completion_rate"], min_value=0, max_value=100,
                                                           format="%.1f%%"),
    },
    height=min(640, 38 + 35 * len(table)),
)
st.caption(RANKING["note"])
st.download_button(RANKING["csv"], data=partial(export.ranking_table_csv, table), on_click="ignore",
                   file_name=export.ranking_filename("csv", today), mime="text/csv", key="ranking_csv",
                   icon=":material/download:")

st.subheader(RANKING["chart"])
st.plotly_chart(charts.ranking_bars(table, top=20), key="ranking_chart", config={"displayModeBar": False})

# 催办 a lagging unit, for a manager (app.remind draws nothing for anyone else)
remind.form(state.store(), table, today, state.user() or {}, chosen, period_of, areas)
