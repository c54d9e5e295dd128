"""导出: the filtered commitment list as Excel, CSV or a calendar of deadlines, its unit ranking, and the 督查通报."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app import filters, state, tables
from tracker import export, report
from tracker.labels import PAGE, RANKING, REPORT, UI

today, view = state.open_page(PAGE["export"])

shown, _ = filters.sidebar(view, search=True)
rows = export.filter_commitments(shown)  # the export's own order: earliest deadline first
st.write(UI["export_intro"].format(n=f"{len(rows):,}"))
if rows.empty:
    st.info(UI["no_match"])
else:
    buttons = st.columns(4)
    for column, (fmt, label) in zip(buttons[:3], [("xlsx", "export_xlsx"), ("csv", "export_csv"), ("ics", "export_ics")],
                                    strict=True):
        spec = export.FORMATS[fmt]
        # built only when clicked: an Excel file of 100,000 rows takes seconds to write
        column.download_button(
            UI[label], data=partial(export.render, rows, fmt, as_of=today), on_click="ignore",
            file_name=export.default_filename(fmt, today), mime=spec.mime, key=f"download_{fmt}",
            icon=":material/download:", width="stretch", type="primary" if fmt == "xlsx" else "secondary",
        )
    buttons[3].download_button(
        RANKING["csv"], data=partial(export.ranking_csv, rows, as_of=today), on_click="ignore",
        file_name=export.ranking_filename("csv", today), mime="text/csv", key="download_ranking_csv",
        icon=":material/leaderboard:", width="stretch",
    )

# The 督查通报 covers every commitment whatever the filters: it is the office's report, not a list,
# so only someone who sees every unit gets it (staff and unit-limited viewers would read other units' tasks).
if state.scope() is None:
    st.subheader(REPORT["doc_title"])
    st.caption(REPORT["intro"])
    kind_column, report_column = st.columns([1, 2], vertical_alignment="bottom")
    kind = kind_column.segmented_control(REPORT["period_pick"], report.PERIODS, default="month", key="report_period",
                                         format_func=lambda key: REPORT[f"period_{key}"]) or "month"
    # built only when clicked: two views of the store, a chart and a document take a few seconds
    report_column.download_button(
        REPORT["button"], data=partial(report.render, state.store(), kind, today), on_click="ignore",
        file_name=report.default_filename(kind, today), key="download_report", icon=":material/description:",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", width="stretch",
    )

if not rows.empty:
    tables.commitment_table(rows.head(500), "export_preview", as_of=today, columns=[
        "id", "status", "task", "target", "deadline", "officials", "units"])
