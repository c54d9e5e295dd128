"""The box of unread instructions (批示) and reminders (催办) at the top of the first page a person sees.

Staff open the dashboard and find what their leaders sent their units before anything else;
each item is marked read with one click (audited), and an instruction opens its commitment.
"""

from __future__ import annotations

import streamlit as st

from app import present, state
from tracker.labels import UI
from tracker.store import StoreError

SHOWN = 10  # more than this waits below the fold of the box; the count in its title says how many


def unread_box(person: dict | None) -> None:
    """Draw the box when `person` has anything unread; nothing at all otherwise."""
    if person is None:
        return
    store = state.store()
    try:
        inbox = store.instructions_for(person["name"])
    except StoreError:
        return
    unread = inbox[~inbox["read"]]
    if unread.empty:
        return
    with st.container(border=True, key="unread_box"):
        st.markdown(f"**{UI['unread_title'].format(n=len(unread))}**")
        for row in unread.head(SHOWN).to_dict("records"):
            iid = int(row["id"])
            text, open_, read = st.columns([6, 1.4, 1.4], vertical_alignment="center")
            text.markdown(present.unread_line(row))
            if row["kind"] == "instruction" and open_.button(UI["open_commitment"], key=f"unread_open_{iid}", width="stretch"):
                st.switch_page(state.page_path("detail"), query_params={"id": str(int(row["commitment_id"]))})
            if read.button(UI["mark_read"], key=f"unread_read_{iid}", width="stretch"):
                state.attempt(lambda iid=iid: store.mark_read(iid, by=person["name"]), "")
