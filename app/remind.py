"""催办 from 单位排名: a manager picks a lagging unit, reads a reminder drafted from its counts, and sends it.

The drafting is plain functions (tests call them); form() draws. Sending goes through the store's
one write path for reminders, Store.remind, which decides who may.

    >>> draft("区城管局", overdue=3, due_soon=2, as_of="2026-12-01")
    '区城管局：截至2026-12-01，你单位有已逾期承诺 3 条、30天内到期承诺 2 条。请抓紧办理：...'
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import present, state
from tracker import charts, ranking
from tracker.labels import RANKING, UI

KEY = "rank_remind"  # the widgets' keys start with it


def due_soon_by_unit(view: pd.DataFrame, as_of, days: int = charts.DUE_SOON_DAYS) -> pd.Series:
    """Open commitments due from today to `days` ahead, per unit as the ranking names units (a Series unit -> n).

    The overview's rule for 即将到期 (charts.due_soon) over the rows the ranking counts, one
    commitment of two units counting for each.
    """
    soon = charts.due_soon(view, as_of, days)
    if soon.empty:
        return pd.Series(dtype="int64")
    return ranking.unit_rows(soon)["unit"].value_counts()


@st.cache_data(show_spinner=False, max_entries=16)
def _due_soon(path: str, as_of: str, version: int, period, period_of: str, areas: tuple) -> pd.Series:
    # the cached view every page shares (state._load, all four arguments as every caller passes them)
    view = state._load(path, as_of, version, None)
    return due_soon_by_unit(ranking.select(view, period, period_of, areas), as_of)


def due_soon_counts(as_of, period=None, period_of: str = "deadline", areas=()) -> pd.Series:
    """due_soon_by_unit over the commitments the ranking counts (its period and areas), from the cache."""
    path = state.db_path()
    period = tuple(d.isoformat() if hasattr(d, "isoformat") else d for d in period) if period else None
    return _due_soon(path, str(as_of), state._version(path), period, period_of, tuple(areas))


def candidates(table: pd.DataFrame, due_soon: pd.Series) -> pd.DataFrame:
    """The units of the ranking a reminder can go to, the one with the most overdue first.

    Columns unit, overdue, due_soon. Ties go to more due soon, then to the lower completion rate
    (the unit further down the ranking). 未指定单位 is no unit to remind, so it is left out.
    """
    rows = table.loc[table["unit"] != RANKING["no_unit"], ["unit", "overdue", "completion_rate"]]
    rows = rows.assign(due_soon=rows["unit"].map(due_soon).fillna(0).astype("int64"))
    rows = rows.sort_values(["overdue", "due_soon", "completion_rate", "unit"], ascending=[False, False, True, True],
                            kind="stable")
    return rows[["unit", "overdue", "due_soon"]].reset_index(drop=True)


def draft(unit: str, overdue: int, due_soon: int, as_of, days: int = charts.DUE_SOON_DAYS) -> str:
    """The reminder offered for a unit, naming its overdue and due-soon counts (plain text, not markdown)."""
    if not overdue and not due_soon:
        return f"{unit}：{UI['reminder_default']}"
    return UI["reminder_draft"].format(unit=unit, as_of=str(as_of), overdue=int(overdue), due_soon=int(due_soon),
                                       days=days)


def _choice_label(row) -> str:
    return UI["reminder_choice"].format(unit=row["unit"], overdue=int(row["overdue"]), due_soon=int(row["due_soon"]),
                                        days=charts.DUE_SOON_DAYS)


def _redraft(drafts: dict[str, str]) -> None:
    """A unit newly picked gets its own draft, whatever was typed for the last one."""
    unit = st.session_state.get(f"{KEY}_unit")
    if unit in drafts:
        st.session_state[f"{KEY}_text"] = st.session_state[f"{KEY}_drafted"] = drafts[unit]


def form(store, table: pd.DataFrame, as_of, person: dict, period=None, period_of: str = "deadline", areas=()) -> None:
    """The 催办 form under the ranking: a unit (the most overdue first), the drafted text, 发送催办.

    `table` is the ranking as shown, with the period and areas it was ranked by. For a manager
    only; anyone else sees nothing of it. After sending, the flash message names the unit and
    the ranking's 未办结催办 of that unit reads one more (state.attempt clears the cache).
    """
    if person.get("role") != "manager":
        return
    units = candidates(table, due_soon_counts(as_of, period, period_of, areas))
    st.subheader(UI["reminder_from_ranking"])
    state.flash()
    if units.empty:
        st.caption(UI["reminder_no_units"])
        return
    rows = {row["unit"]: row for row in units.to_dict("records")}
    drafts = {unit: draft(unit, row["overdue"], row["due_soon"], as_of) for unit, row in rows.items()}
    picked, text_key, drafted_key = f"{KEY}_unit", f"{KEY}_text", f"{KEY}_drafted"
    if st.session_state.get(picked) not in rows:  # first draw, or the unit left the ranking's filter:
        # what was typed was for that unit, so it goes too; the unit offered now gets its own draft
        for key in (picked, text_key, drafted_key):
            st.session_state.pop(key, None)
    unit = st.session_state.get(picked, units["unit"].iloc[0])
    # an untouched draft follows the counts (another period, a change made elsewhere); typed words stay
    if st.session_state.get(text_key) in (None, st.session_state.get(drafted_key)):
        st.session_state[text_key] = st.session_state[drafted_key] = drafts[unit]
    with st.container(border=True, key=KEY):
        unit = st.selectbox(UI["reminder_unit"], list(rows), key=picked, format_func=lambda u: _choice_label(rows[u]),
                            on_change=_redraft, args=(drafts,), help=UI["reminder_unit_help"])
        text = st.text_area(UI["reminder_text"], key=text_key, height=100)
        if st.button(UI["reminder_submit"], type="primary", key=f"{KEY}_send", icon=":material/campaign:"):
            def send() -> None:
                store.remind(unit, text, by=person["name"])
                for key in (text_key, drafted_key):  # the next reminder starts from a fresh draft
                    st.session_state.pop(key, None)

            state.attempt(send, present.fill(UI["reminder_sent"], unit=unit))
