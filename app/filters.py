"""The filters of 总览, 承诺清单 and 导出: period, official, unit, work area, status, search text.

The selecting is tracker.filters' (`Filter`, `apply`), the same that `python -m tracker export`
uses, so a choice here and the same options on the command line give the same rows. This module
only draws the widgets (`sidebar`). Their values live in session state under FILTER_KEYS, so a
filter set on 总览 still holds on 承诺清单.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from tracker import charts
from tracker.filters import Filter, apply
from tracker.labels import STATUS, STATUS_ORDER, UI

__all__ = ["FILTER_KEYS", "Filter", "apply", "keep_across_pages", "options", "sidebar"]

PERIOD_RANGE = (date(1990, 1, 1), date(2100, 12, 31))
FILTER_KEYS = ("flt_period", "flt_officials", "flt_units", "flt_areas", "flt_statuses", "flt_text")


def options(df: pd.DataFrame) -> dict[str, list[str]]:
    """What each multiselect offers: names that occur in the view, most frequent first."""
    def ranked(dimension: str) -> list[str]:
        names = charts.names_by(df, dimension)["name"]
        return names[names != UI["none_named"]].value_counts().index.astype(str).tolist()

    if df.empty:
        return {"officials": [], "units": [], "areas": []}
    return {"officials": ranked("official"), "units": ranked("unit"), "areas": ranked("work_area")}


def keep_across_pages() -> None:
    """Streamlit forgets a widget's value on a page that does not draw it; re-setting it each run keeps it."""
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def sidebar(df: pd.DataFrame, *, search: bool = False) -> tuple[pd.DataFrame, Filter]:
    """Draw the filters in the sidebar and return the filtered view with the filters chosen."""
    choices = options(df)
    for key, offered in (("flt_officials", choices["officials"]), ("flt_units", choices["units"]),
                         ("flt_areas", choices["areas"])):
        # a name chosen on another day's data may be gone; a multiselect refuses unknown values
        if key in st.session_state:
            st.session_state[key] = [v for v in st.session_state[key] if v in offered]
    with st.sidebar:
        st.subheader(UI["filters"])
        if search:
            st.text_input(UI["search"], key="flt_text", placeholder=UI["search_placeholder"])
        # the default goes in only on the first draw: giving both a value and a state key warns
        first = {} if "flt_period" in st.session_state else {"value": ()}
        # Streamlit's default range is ten years either side of today: the deadlines of old texts and of
        # long plans fall outside it, and the command line's --due-after/--due-before take any day.
        period = st.date_input(UI["period"], key="flt_period", help=UI["period_help"], format="YYYY-MM-DD",
                               min_value=PERIOD_RANGE[0], max_value=PERIOD_RANGE[1], **first)
        st.multiselect(UI["status"], STATUS_ORDER, format_func=STATUS.get, key="flt_statuses",
                       placeholder=UI["all"])
        st.multiselect(UI["official"], choices["officials"], key="flt_officials", placeholder=UI["all"])
        st.multiselect(UI["unit"], choices["units"], key="flt_units", placeholder=UI["all"])
        st.multiselect(UI["work_area"], choices["areas"], key="flt_areas", placeholder=UI["all"])
        st.button(UI["clear_filters"], on_click=_clear, icon=":material/filter_alt_off:", key="flt_clear")
    f = Filter.of(
        period=tuple(period) if isinstance(period, (tuple, list)) and len(period) == 2 else None,
        official=st.session_state.get("flt_officials", ()),
        unit=st.session_state.get("flt_units", ()),
        area=st.session_state.get("flt_areas", ()),
        status=st.session_state.get("flt_statuses", ()),
        text=st.session_state.get("flt_text", "") if search else "",
    )
    return apply(df, f), f
