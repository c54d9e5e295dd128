"""The commitment table as overview, list and review draw it: Chinese headings, a progress bar,
and a click on a row opens 承诺详情."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import present, state
from tracker.labels import STATUS, STATUS_COLOUR, STATUS_ORDER, UI

# What a table shows unless a page says otherwise; progress, work area and review state are
# one click away under the table's "show/hide columns" button. The widths (pixels) are chosen
# so these nine (926 pixels with the row picker) fit the main area of a 1400-pixel-wide window
# beside the sidebar without a horizontal scroll bar; a longer cell shows whole on hover.
DEFAULT_COLUMNS = ["id", "status", "task", "target", "share", "deadline", "days_left", "officials", "units"]
WIDTHS = {"id": 48, "status": 72, "task": 176, "target": 88, "progress": 88, "share": 88, "deadline": 90,
          "days_left": 96, "officials": 120, "units": 116, "work_area": 84, "review": 76}
# Days in words ("逾期 3 天") need a pandas Styler, which costs a second per ~20,000 rows and
# refuses more than 262,144 cells; above this many rows the column is left out (the deadline
# beside it sorts the same way).
STYLED_ROWS = 5_000


def column_config(visible: list[str]) -> dict:
    headings = present.table_columns()
    right = {"target", "progress", "days_left"}
    config = {
        key: st.column_config.TextColumn(label, width=WIDTHS.get(key), alignment="right" if key in right else None)
        for key, label in headings.items()
    }
    config.update({
        "id": st.column_config.NumberColumn(headings["id"], format="%d", width=WIDTHS["id"]),
        "share": st.column_config.ProgressColumn(headings["share"], min_value=0, max_value=100, format="%.0f%%",
                                                 width=WIDTHS["share"]),
        "deadline": st.column_config.DateColumn(headings["deadline"], format="YYYY-MM-DD", width=WIDTHS["deadline"]),
        # No number format: the words come from the Styler (days_left_text); sorting uses the number.
        "days_left": st.column_config.NumberColumn(headings["days_left"], width=WIDTHS["days_left"]),
        # The status as a label in its 三色预警 colour (labels.STATUS_COLOUR): a read-only multiselect
        # cell is the one way Streamlit colours a cell at any number of rows; a Styler stops at a few thousand.
        "status": st.column_config.MultiselectColumn(
            headings["status"], width=WIDTHS["status"], options=[STATUS[s] for s in STATUS_ORDER],
            color=[STATUS_COLOUR[s] for s in STATUS_ORDER]),
    })
    for key, column in config.items():
        if key not in visible:
            column["hidden"] = True
    return config


def status_labels(statuses: pd.Series) -> pd.Series:
    """Each status word as a one-label list, the value a MultiselectColumn colours: "已逾期" -> ["已逾期"]."""
    return statuses.map(lambda s: [s] if isinstance(s, str) else [])


def styled(rows: pd.DataFrame):
    """The rows with days_left written in words, as a Styler; other cells read as before ("—" for none)."""
    return rows.style.format(na_rep="—").format(lambda days: present.days_left_text(days) or "—", subset=["days_left"])


def commitment_table(view: pd.DataFrame, key: str, columns: list[str] | None = None, as_of=None,
                     height: int = 640) -> None:
    """A sortable table of commitments; picking a row opens its 承诺详情. Short lists take only their rows.

    `columns` are shown at first (DEFAULT_COLUMNS if not given); the others can be shown from the
    table's toolbar.
    """
    rows = present.table(view, as_of)
    rows["status"] = status_labels(rows["status"])
    height = height if len(rows) > 15 else "auto"
    visible = list(columns or DEFAULT_COLUMNS)
    if len(rows) > STYLED_ROWS:
        rows = rows.drop(columns="days_left")
    config = {k: v for k, v in column_config(visible).items() if k in rows.columns}
    picked = st.dataframe(styled(rows) if "days_left" in rows else rows, hide_index=True, key=key, on_select="rerun",
                          selection_mode="single-row", column_config=config, height=height, placeholder="—")
    st.caption(UI["pick_row_hint"])
    if picked and picked.selection.rows:
        chosen = int(rows.iloc[picked.selection.rows[0]]["id"])
        st.switch_page(state.page_path("detail"), query_params={"id": str(chosen)})
