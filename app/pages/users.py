"""用户: managers add people, change their roles and units, reset their passwords, stop or restore their
access, and rename or merge unit names."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import present, state
from tracker.labels import PAGE, ROLE, UI

person = state.require(state.MANAGERS)
store = state.store()

st.title(PAGE["users"])
state.flash()

people = store.users()
units_of = {p["name"]: store.user_units(p["name"]) for p in people}
st.subheader(UI["users_list"])
st.dataframe(pd.DataFrame({
    UI["user_name"]: [p["name"] for p in people],
    UI["role"]: [ROLE.get(p["role"], p["role"]) for p in people],
    UI["user_units"]: ["、".join(units_of[p["name"]]) for p in people],
    UI["user_state"]: [UI["user_disabled"] if p["disabled"] else UI["user_must_change"] if p["must_change_password"]
                       else UI["user_active"] for p in people],
    UI["created"]: [(p["created_at"] or "")[:16].replace("T", " ") for p in people],
}), hide_index=True, width="stretch")
st.caption(UI["password_rules"])


roles = list(ROLE)
add_col, role_col, password_col = st.columns(3)
with add_col, st.form("add_user", clear_on_submit=True):
    st.markdown(f"**{UI['add_user']}**")
    name = st.text_input(UI["user_name"])
    role = st.selectbox(UI["role"], roles, index=roles.index("staff"), format_func=ROLE.get)
    password = st.text_input(UI["password"], type="password")
    again = st.text_input(UI["password_again"], type="password")
    if st.form_submit_button(UI["add"], type="primary"):
        if problem := present.account_error(password, again, name=name):
            st.error(problem)
        else:
            state.attempt(lambda: store.add_user(name.strip(), role, password, by=person["name"]),
                     present.fill(UI["user_added"], name=name.strip()))

names = [p["name"] for p in people]
with role_col, st.form("set_role"):
    st.markdown(f"**{UI['set_role']}**")
    who = st.selectbox(UI["user_name"], names, key="role_who")
    new_role = st.selectbox(UI["role"], roles, format_func=ROLE.get, key="role_new")
    if st.form_submit_button(UI["save"]):
        state.attempt(lambda: store.set_role(who, new_role, by=person["name"]),
                 present.fill(UI["role_set"], name=who, role=ROLE[new_role]))

with password_col, st.form("reset_password", clear_on_submit=True):
    st.markdown(f"**{UI['reset_password']}**")
    who_pw = st.selectbox(UI["user_name"], names, key="password_who")
    new_password = st.text_input(UI["new_password"], type="password")
    again_pw = st.text_input(UI["password_again"], type="password")
    if st.form_submit_button(UI["save"]):
        if problem := present.account_error(new_password, again_pw, person=who_pw):
            st.error(problem)
        else:
            state.attempt(lambda: store.reset_password(who_pw, new_password, by=person["name"]),
                     present.fill(UI["password_reset"], name=who_pw))

with add_col, st.form("set_disabled"):
    st.markdown(f"**{UI['set_disabled']}**")
    who_state = st.selectbox(UI["user_name"], names, key="disabled_who")
    stop, restore = st.columns(2)
    if stop.form_submit_button(UI["disable"]):
        state.attempt(lambda: store.set_disabled(who_state, True, by=person["name"]),
                      present.fill(UI["user_disabled_done"], name=who_state))
    if restore.form_submit_button(UI["enable"]):
        state.attempt(lambda: store.set_disabled(who_state, False, by=person["name"]),
                      present.fill(UI["user_enabled_done"], name=who_state))

known_units = store.units()
with role_col, st.container(border=True):  # not a form: the units shown follow the person picked
    st.markdown(f"**{UI['set_user_units']}**")
    who_units = st.selectbox(UI["user_name"], names, key="units_who")
    # the units known to the store, and any the person already has
    choices = sorted(set(known_units["unit"]) | {u for units in units_of.values() for u in units})
    picked = st.multiselect(UI["user_units"], choices, default=units_of.get(who_units, []),
                            key=f"units_picked_{who_units}", help=UI["set_user_units_help"],
                            placeholder=UI["user_units_none"])
    if st.button(UI["save"], key="units_save"):
        state.attempt(lambda: store.set_user_units(who_units, picked, by=person["name"]),
                      present.fill(UI["user_units_set"], name=who_units, units="、".join(picked) or UI["user_units_none"]))

st.subheader(UI["units_manage"])
st.caption(UI["units_manage_help"])
if known_units.empty:
    st.info(UI["no_units_yet"])
else:
    st.dataframe(pd.DataFrame({
        UI["unit_name"]: known_units["unit"],
        UI["unit_commitments"]: known_units["commitments"],
        UI["unit_people"]: known_units["people"],
        UI["unit_aliases"]: known_units["aliases"].map("、".join),
    }), hide_index=True, width="stretch")
    unit_names = known_units["unit"].tolist()
    rename_col, merge_col = st.columns(2)
    with rename_col, st.form("rename_unit", clear_on_submit=True):
        st.markdown(f"**{UI['rename_unit']}**")
        old = st.selectbox(UI["rename_from"], unit_names, key="rename_old")
        new = st.text_input(UI["rename_to"], key="rename_new")
        if st.form_submit_button(UI["save"]):
            state.attempt(lambda: store.rename_unit(old, new, by=person["name"]),
                          present.fill(UI["unit_renamed"], old=old, new=new.strip()))
    with merge_col, st.form("merge_unit"):
        st.markdown(f"**{UI['merge_unit']}**")
        alias = st.selectbox(UI["merge_from"], unit_names, key="merge_alias")
        into = st.selectbox(UI["merge_into"], unit_names, index=min(1, len(unit_names) - 1), key="merge_into")
        if st.form_submit_button(UI["merge_unit"]):
            state.attempt(lambda: store.merge_units(alias, into, by=person["name"]),
                          present.fill(UI["unit_merged"], alias=alias, into=into))
