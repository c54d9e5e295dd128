"""登录: sign in with a user of the store; on a new database, create the first manager."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import present, state, tables
from tracker import charts
from tracker.labels import UI
from tracker.store import StoreError

store = state.store()

_, middle, _ = st.columns([1, 1.2, 1])
with middle:
    st.title(UI["app_title"])
    st.caption(UI["app_subtitle"])

    if not store.has_users():
        # Whoever reaches the page first is not yet a manager: the form asks for the code that
        # only the person who started the server can read from its console.
        state.first_manager_code()
        st.subheader(UI["first_manager_title"])
        st.info(UI["first_manager_help"])
        articles = store.articles()
        seeds = articles[articles["source"].fillna("").str.startswith("seeds/")] if not articles.empty else articles
        if not seeds.empty:  # say that what the dashboard will show is an example, not this office's work
            st.caption(UI["seed_loaded"].format(n=int(seeds["commitments"].sum())))
        with st.form("first_manager"):
            name = st.text_input(UI["user_name"])
            password = st.text_input(UI["password"], type="password")
            again = st.text_input(UI["password_again"], type="password")
            code = st.text_input(UI["one_time_code"], help=UI["one_time_code_help"])
            create = st.form_submit_button(UI["create"], type="primary", width="stretch")
        if create:
            if problem := present.account_error(password, again, name=name):
                st.error(problem)
            elif not state.first_manager_code_matches(code):
                st.error(UI["bad_one_time_code"])
            else:
                try:
                    store.add_user(name.strip(), "manager", password, by=None)
                except StoreError as exc:
                    st.error(present.plain(exc))
                else:
                    state.first_manager_code_used()
                    state.sign_in({"name": name.strip()})
                    st.rerun()
    else:
        with st.form("sign_in"):
            name = st.text_input(UI["user_name"])
            password = st.text_input(UI["password"], type="password")
            submitted = st.form_submit_button(UI["sign_in"], type="primary", width="stretch")
        if submitted:
            # Each wrong password makes the next answer slower, and a run of them locks the name
            # for a while (the store counts them, so no reload or restart resets the count).
            try:
                person = store.authenticate(name.strip(), password)
            except StoreError as exc:
                st.error(present.plain(exc))
            else:
                if person is None:
                    st.error(UI["bad_login"])
                else:
                    state.sign_in(person)
                    st.rerun()

# While the person types, the browser fetches and compiles the code of what the first pages draw:
# the chart library, the table grid and the widgets of the sidebar filters and cards (Streamlit
# loads each element's JavaScript on its first use, a few MB in all), so 总览, 我的任务 and
# 单位排名 draw at once after signing in. Hidden, and never read.
st.html("<style>.st-key-chart_warmup{display:none}</style>")
with st.container(key="chart_warmup"):
    st.plotly_chart(charts.empty_figure(height=40), key="chart_warmup_figure", config={"staticPlot": True})
    st.dataframe(pd.DataFrame({"status": [[]]}), key="table_warmup", height=40,
                 column_config={"status": tables.column_config(["status"])["status"]})
    st.metric("—", 0, border=True)
    st.multiselect("—", ["—"], key="warmup_multiselect", help="—")
    st.date_input("—", value=(), key="warmup_date", format="YYYY-MM-DD")
    st.segmented_control("—", ["—"], key="warmup_segments")
    st.radio("—", ["—"], key="warmup_radio", horizontal=True)
    st.button("—", key="warmup_button")
    st.download_button("—", data=b"", key="warmup_download", on_click="ignore")
