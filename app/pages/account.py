"""修改密码: everyone changes their own password here; after a manager's reset, nothing else opens first."""

from __future__ import annotations

import streamlit as st

from app import present, state
from tracker.labels import PAGE, UI

person = state.require(state.EVERYONE)
store = state.store()

st.title(PAGE["account"])
state.flash()
if person.get("must_change_password"):
    st.warning(UI["must_change_password"])
st.caption(UI["password_rules"])

with st.form("change_password", clear_on_submit=True):
    current = st.text_input(UI["current_password"], type="password")
    new = st.text_input(UI["new_password"], type="password")
    again = st.text_input(UI["password_again"], type="password")
    if st.form_submit_button(UI["save"], type="primary"):
        if problem := present.account_error(new, again, name=None, person=person["name"]):
            st.error(problem)
        else:
            state.attempt(lambda: store.change_password(person["name"], current, new), UI["password_changed"])
