"""导出: the filtered commitment list as Excel, CSV or a calendar of deadlines."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app import filters, state, tables
from tracker import export
from tracker.labels import PAGE, UI

today, view = state.open_page(PAGE["export"])

shown, _ = filters.sidebar(view, search=True)
rows = export.filter_commitments(shown)  # the export's own order: earliest deadline first
st.write(UI["export_intro"].format(n=f"{len(rows):,}"))
if rows.empty:
    st.info(UI["no_match"])
    st.stop()

buttons = st.columns(3)
for column, (fmt, label) in zip(buttons, [("xlsx", "export_xlsx"), ("csv", "export_csv"), ("ics", "export_ics")], strict=True):
    spec = export.FORMATS[fmt]
    # built only when clicked: an Excel file of 100,000 rows takes seconds to write
    column.download_button(
        UI[label], data=partial(export.render, rows, fmt, as_of=today), on_click="ignore",
        file_name=export.default_filename(fmt, today), mime=spec.mime, key=f"download_{fmt}",
        icon=":material/download:", width="stretch", type="primary" if fmt == "xlsx" else "secondary",
    )

tables.commitment_table(rows.head(500), "export_preview", as_of=today, columns=[
    "id", "status", "task", "target", "deadline", "officials", "units"])
