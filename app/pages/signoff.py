"""待销号: a manager goes through the completions staff reported, with their evidence, and confirms
each (确认销号), several at once (批量确认销号), or returns it with a reason (退回, one by one)."""

from __future__ import annotations

import streamlit as st

from app import completion, present, state
from tracker import cells
from tracker.labels import PAGE, UI

person = state.require(state.MANAGERS)
today = state.today()  # the dashboard's day (tests freeze it there)
store = state.store()

st.title(PAGE["signoff"])
state.flash()
view = state.commitments(today)
pending = view[view["status"] == "pending_signoff"].sort_values(["deadline", "id"], na_position="last")
if pending.empty:
    st.success(UI["signoff_empty"])
    st.stop()
st.caption(UI["signoff_count"].format(n=len(pending)))
completion.decide_many(store, pending, person, key="pending")

for c in pending.to_dict("records"):
    with st.container(border=True, key=f"pending_{c['id']}"):
        st.markdown(f"**{present.plain(present.commitment_label(c))}**")
        st.caption(present.source_line(cells.units_text(c.get("units")),
                                       present.progress_text(c["progress"], c["unit"]),
                                       c.get("progress_as_of") or (UI["completed_mark"] if c.get("completed") else None)))
        completion.evidence_list(store, int(c["id"]), person["name"], key=f"pending_evidence_{c['id']}")
        completion.decide(store, c, person, key="pending")
