"""进度填报: staff record how far a commitment has got, or mark one with no number as done."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import present, state
from tracker.labels import FIELD, PAGE, STATUS, STATUS_ORDER, UI

person = state.require(state.WRITERS)
today = date.today()
store = state.store()
view = state.commitments(today)

st.title(PAGE["progress"])
state.flash()
if view.empty:
    no_units = state.scope() == []
    (st.warning if no_units else st.info)(UI["no_units_assigned" if no_units else "no_commitments"])
    st.stop()

# Open work first: what is overdue or at risk is what people come to report on.
order = {status: i for i, status in enumerate(STATUS_ORDER)}
view = view.assign(_order=view["status"].map(order)).sort_values(["_order", "deadline", "id"], na_position="last")
ids = view["id"].astype(int).tolist()
labels = dict(zip(ids, (present.commitment_label(r) for r in view.to_dict("records")), strict=True))

wanted = st.query_params.get("id")
if wanted and wanted.isdigit() and int(wanted) not in labels:
    state.refuse_unseen(int(wanted))  # the form offers only the person's units' commitments
if wanted and wanted.isdigit() and int(wanted) in labels and "progress_pick" not in st.session_state:
    st.session_state["progress_pick"] = int(wanted)
chosen = st.selectbox(UI["choose_commitment"], ids, format_func=labels.get, key="progress_pick",
                      help=UI["choose_commitment_help"])
c = view.loc[view["id"] == chosen].iloc[0]

facts = st.columns(4)
facts[0].metric(FIELD["target_value"], present.target_card(c["target_value"], c["unit"]), border=True)
facts[1].metric(UI["current_progress"], present.progress_text(c["progress"], c["unit"]), border=True)
facts[2].metric(FIELD["deadline"], c["deadline"] or UI["not_set"], border=True)
st.html(f"<style>{present.light_border_css({'progress_status': c['status']})}</style>")
with facts[3].container(key="progress_status"):  # the card's border in the status's light
    st.metric(UI["current_status"], STATUS.get(c["status"], "—"), border=True)
st.caption(present.plain(c["sentence"]))

if present._missing(c["target_value"]):
    # Nothing to count: the only progress is "done".
    st.info(UI["no_number_hint"])
    note = st.text_input(UI["note"], key=f"complete_note_{chosen}")
    done = bool(c["completed"])
    if st.button(UI["mark_incomplete"] if done else UI["mark_complete"], type="primary", key="mark_complete",
                 icon=":material/undo:" if done else ":material/task_alt:"):
        state.attempt(lambda: store.set_complete(int(chosen), by=person["name"], complete=not done, note=note),
                      UI["marked_incomplete"] if done else UI["marked_complete"])
    st.stop()

st.subheader(UI["progress_form"])
# A new key after each save empties the boxes for the next figure.
round_ = st.session_state.setdefault("progress_round", 0)
raw = st.text_input(UI["value_reached"], key=f"progress_value_{chosen}_{round_}", help=UI["value_help"],
                    placeholder=f"{UI['target']} {present.target_text(c['target_value'], c['unit'])}")
as_of = st.date_input(UI["progress_as_of"], value=today, key=f"progress_as_of_{chosen}_{round_}", format="YYYY-MM-DD")
note = st.text_area(UI["note"], key=f"progress_note_{chosen}_{round_}", height=80)
check = present.check_progress(raw, as_of, c["target_value"], today=today)
confirmed = False
if check.needs_confirmation:
    st.warning(UI["above_target"].format(value=present.number_text(check.value), target=present.number_text(c["target_value"])))
    confirmed = st.checkbox(UI["confirm_above_target"], key=f"progress_confirm_{chosen}_{round_}")

if st.button(UI["submit"], type="primary", key="progress_submit", icon=":material/send:"):
    check = present.check_progress(raw, as_of, c["target_value"], confirmed_above=confirmed, today=today)
    if check.errors:
        for message in check.errors:
            st.error(message)
    elif check.needs_confirmation:
        st.error(UI["above_target"].format(value=present.number_text(check.value),
                                           target=present.number_text(c["target_value"])))
    else:
        def record() -> None:
            store.add_progress(int(chosen), check.value, by=person["name"], as_of=as_of, note=note)
            st.session_state["progress_round"] = round_ + 1  # only once stored: a refused figure stays in the box

        state.attempt(record, present.fill(UI["saved_progress"], task=c["task"], value=present.number_text(check.value),
                                                      unit=c["unit"] or "", as_of=as_of.isoformat()))
