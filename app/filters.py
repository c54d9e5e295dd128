"""The filters of 总览, 承诺清单 and 导出: period, official, unit, work area, status, search text.

`apply` is plain pandas (tested without streamlit); `sidebar` draws the widgets. The widget
values live in session state under FILTER_KEYS, so a filter set on 总览 still holds on 承诺清单.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from tracker import cells, charts
from tracker.cells import as_list
from tracker.labels import STATUS, STATUS_ORDER, UI

FILTER_KEYS = ("flt_period", "flt_officials", "flt_units", "flt_areas", "flt_statuses", "flt_text")


@dataclass(frozen=True)
class Filters:
    period: tuple[date, date] | None = None
    officials: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    text: str = ""

    def active(self) -> bool:
        return bool(self.period or self.officials or self.units or self.areas or self.statuses or self.text.strip())


def apply(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The rows that pass every filter; an empty filter passes everything.

    A period keeps commitments whose deadline falls in it (those without one drop out); a list
    of officials keeps commitments tied to any of them; the text is looked for in the task,
    the sentence, the officials and the units.
    """
    if df.empty or not f.active():
        return df
    keep = pd.Series(True, index=df.index)
    if f.period:
        start, end = (pd.Timestamp(d) for d in f.period)
        deadlines = pd.to_datetime(df["deadline"], errors="coerce")
        keep &= deadlines.between(start, end)
    if f.officials:
        wanted = set(f.officials)
        keep &= df["officials"].map(lambda c: bool(wanted.intersection(charts.official_names(c))))
    if f.units:
        wanted = set(f.units)
        keep &= df["units"].map(lambda c: bool(wanted.intersection(as_list(c))))
    if f.areas:
        keep &= df["work_area"].isin(f.areas)
    if f.statuses:
        keep &= df["status"].isin(f.statuses)
    text = f.text.strip()
    if text:
        haystack = (
            df["task"].fillna("").astype(str) + "\n" + df["sentence"].fillna("").astype(str) + "\n"
            + df["officials"].map(cells.officials_text) + "\n" + df["units"].map(cells.units_text)
        )
        keep &= haystack.str.contains(text, case=False, regex=False)
    return df.loc[keep]


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


def sidebar(df: pd.DataFrame, *, search: bool = False) -> tuple[pd.DataFrame, Filters]:
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
        period = st.date_input(UI["period"], key="flt_period", help=UI["period_help"], format="YYYY-MM-DD", **first)
        st.multiselect(UI["status"], STATUS_ORDER, format_func=STATUS.get, key="flt_statuses",
                       placeholder=UI["all"])
        st.multiselect(UI["official"], choices["officials"], key="flt_officials", placeholder=UI["all"])
        st.multiselect(UI["unit"], choices["units"], key="flt_units", placeholder=UI["all"])
        st.multiselect(UI["work_area"], choices["areas"], key="flt_areas", placeholder=UI["all"])
        st.button(UI["clear_filters"], on_click=_clear, icon=":material/filter_alt_off:", key="flt_clear")
    f = Filters(
        period=tuple(period) if isinstance(period, (tuple, list)) and len(period) == 2 else None,
        officials=tuple(st.session_state.get("flt_officials", ())),
        units=tuple(st.session_state.get("flt_units", ())),
        areas=tuple(st.session_state.get("flt_areas", ())),
        statuses=tuple(st.session_state.get("flt_statuses", ())),
        text=st.session_state.get("flt_text", "") if search else "",
    )
    return apply(df, f), f
