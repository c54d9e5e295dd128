"""我的任务: the commitments of the person's units — due soon first, then at risk, then overdue; done ones folded away."""

from __future__ import annotations

import streamlit as st

from app import inbox, present, state, tables
from tracker.labels import PAGE, TASK_GROUP, UI
from tracker.tasks import TASK_GROUPS, my_tasks

COLUMNS = ["id", "status", "task", "target", "share", "deadline", "days_left", "units"]
FOLDED = ("pending_signoff", "done")  # nothing for the unit to do: shown closed

person = state.require(state.EVERYONE)
today = state.today()  # the dashboard's day (tests freeze it there)
st.title(PAGE["my_tasks"])
state.flash()
inbox.unread_box(person)  # what leaders sent this person's units, before anything else

units = state.my_units()
if units == []:
    st.warning(UI["no_units_assigned"])
    st.stop()
st.caption(UI["my_units_all"] if units is None else
           present.fill(UI["my_units"], units="、".join(units)))

tasks = my_tasks(state.my_commitments(today), today)
if tasks.empty:
    st.info(UI["my_tasks_empty"])
    st.stop()

# Completions a manager returned: the unit reads why before anything else (issue 11).
returned = tasks[tasks["returned_reason"].map(lambda r: isinstance(r, str))] if "returned_reason" in tasks else tasks[:0]
for row in returned.to_dict("records"):
    st.warning(present.fill(UI["my_tasks_returned"], id=row["id"], task=row["task"], reason=row["returned_reason"]),
               icon=":material/undo:")

counts = tasks["group"].value_counts()
for column, group in zip(st.columns(len(TASK_GROUPS)), TASK_GROUPS, strict=True):
    column.metric(TASK_GROUP[group], present.count_text(int(counts.get(group, 0))), border=True)

for group in TASK_GROUPS:
    rows = tasks[tasks["group"] == group]
    if rows.empty:
        continue
    title = f"{TASK_GROUP[group]} · {UI['my_tasks_count'].format(n=f'{len(rows):,}')}"
    if group in FOLDED:
        with st.expander(title, expanded=False):
            tables.commitment_table(rows, f"my_tasks_{group}", COLUMNS, as_of=today, height=420)
    else:
        st.subheader(title)
        tables.commitment_table(rows, f"my_tasks_{group}", COLUMNS, as_of=today, height=420)
