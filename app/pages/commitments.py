"""承诺清单: every commitment, searchable and sortable, with how far each has got."""

from __future__ import annotations

import streamlit as st

from app import filters, state, tables
from tracker.labels import PAGE, UI

today, view = state.open_page(PAGE["commitments"])

shown, _ = filters.sidebar(view, search=True)
st.caption(f"{UI['as_of']} {today.isoformat()} · " + UI["shown_of"].format(shown=f"{len(shown):,}", total=f"{len(view):,}"))
if shown.empty:
    st.info(UI["no_match"])
    st.stop()

tables.commitment_table(shown.sort_values(["deadline", "id"], na_position="last"), "commitment_table",
                        as_of=today, height=640)
