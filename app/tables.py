"""The commitment table as overview, list and review draw it: Chinese headings, a progress bar,
and a click on a row opens 承诺详情."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import present, state
from tracker.labels import FIELD, UI


def column_config() -> dict:
    headings = present.table_columns()
    small = {key: st.column_config.Column(label, width="small") for key, label in headings.items()}
    return {
        **small,
        "id": st.column_config.NumberColumn(headings["id"], format="%d", width="small"),
        "task": st.column_config.TextColumn(headings["task"], width="large"),
        "share": st.column_config.ProgressColumn(headings["share"], min_value=0, max_value=100, format="%.0f%%",
                                                 width="small"),
        "progress": st.column_config.NumberColumn(FIELD["progress"], format="localized", width="small"),
        "deadline": st.column_config.DateColumn(headings["deadline"], format="YYYY-MM-DD"),
        "days_left": st.column_config.NumberColumn(headings["days_left"], format="%d"),
        "officials": st.column_config.TextColumn(headings["officials"], width="medium"),
        "units": st.column_config.TextColumn(headings["units"], width="medium"),
    }


def commitment_table(view: pd.DataFrame, key: str, columns: list[str] | None = None, as_of=None,
                     height: int = 640) -> None:
    """A sortable table of commitments; picking a row opens its 承诺详情. Short lists take only their rows."""
    rows = present.table(view, as_of)
    height = height if len(rows) > 15 else "auto"
    if columns:
        rows = rows[columns]
    picked = st.dataframe(rows, hide_index=True, key=key, on_select="rerun", selection_mode="single-row",
                          column_config=column_config(), height=height, placeholder="—")
    st.caption(UI["pick_row_hint"])
    if picked and picked.selection.rows:
        chosen = int(rows.iloc[picked.selection.rows[0]]["id"])
        st.switch_page(state.page_path("detail"), query_params={"id": str(chosen)})
