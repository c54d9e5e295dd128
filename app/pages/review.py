"""审核: managers confirm, correct or reject what the parser found, and add what it missed."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import present, state
from tracker import cells
from tracker.areas import areas
from tracker.labels import FIELD, PAGE, UI
from tracker.store import StoreError

person = state.require(state.MANAGERS)
today = date.today()
store = state.store()
view = state.commitments(today)

st.title(PAGE["review"])
state.flash()


def _fields_form(prefix: str, row: dict) -> dict:
    """Edit boxes for the fields a manager may correct; returns what they hold now."""
    left, right = st.columns(2)
    with left:
        task = st.text_input(FIELD["task"], value=row.get("task") or "", key=f"{prefix}_task")
        target = st.text_input(FIELD["target_value"], value=present.number_text(row.get("target_value")),
                               key=f"{prefix}_target")
        unit = st.text_input(FIELD["unit"], value=row.get("unit") or "", key=f"{prefix}_unit")
        undated = st.checkbox(UI["deadline_none"], value=not row.get("deadline"), key=f"{prefix}_undated")
        deadline = None
        if not undated:
            start = date.fromisoformat(row["deadline"]) if row.get("deadline") else today
            deadline = st.date_input(FIELD["deadline"], value=start, key=f"{prefix}_deadline", format="YYYY-MM-DD")
    with right:
        officials = st.text_area(FIELD["officials"], value=present.officials_lines(row.get("officials")),
                                 help=UI["officials_help"], key=f"{prefix}_officials", height=90)
        units = st.text_input(FIELD["units"], value=cells.units_text(row.get("units")), help=UI["units_help"],
                              key=f"{prefix}_units")
        options = areas()
        current = row.get("work_area") if row.get("work_area") in options else options[-1]
        area = st.selectbox(FIELD["work_area"], options, index=options.index(current), key=f"{prefix}_area")
    try:  # the box shows 5.3万 as number_text writes it, and takes it back the same way
        target_value = present.parse_figure(target) if target.strip() else None
    except ValueError:
        target_value = target.strip()  # the store refuses it with a message that names it
    return {
        "task": task.strip(),
        "target_value": target_value,
        "unit": unit.strip() or None,
        "deadline": deadline.isoformat() if deadline else None,
        "officials": present.parse_officials(officials),
        "units": present.parse_units(units),
        "work_area": area,
    }


queue = view[view["review"] == "extracted"]
st.caption(UI["review_count"].format(n=len(queue)))
if queue.empty:
    st.success(UI["review_empty"])
else:
    ids = queue["id"].astype(int).tolist()
    labels = dict(zip(ids, (present.commitment_label(r) for r in queue.to_dict("records")), strict=True))
    if st.session_state.get("review_pick") not in labels:
        st.session_state["review_pick"] = ids[0]
    chosen = st.selectbox(UI["choose_commitment"], ids, format_func=labels.get, key="review_pick")
    row = store.commitment(int(chosen))

    with st.container(border=True):
        article = store.article(int(row["article_id"])) if row.get("article_id") else None
        if article:
            st.caption(present.source_line(row.get("article_title") or article.get("title"),
                                           row.get("article_date") or article.get("date"), article.get("source")))
        context = present.highlight(article["text"] if article else "", row.get("start"), row.get("end"),
                                    row.get("sentence") or "", before=120, after=160)
        st.markdown(f"<div style='line-height:1.8'>{context}</div>", unsafe_allow_html=True)

    fields = _fields_form(f"review_{chosen}", row)
    confirm, save, reject, _ = st.columns([1, 1.4, 1, 3])
    if confirm.button(UI["confirm"], type="primary", key="review_confirm", icon=":material/check:"):
        state.attempt(lambda: store.review(int(chosen), "confirmed", by=person["name"]), UI["confirmed"])
    if save.button(UI["save_changes"], key="review_save", icon=":material/edit:"):
        if not fields["task"]:
            st.error(UI["task_required"])
        else:
            def correct_and_confirm() -> None:
                store.update_commitment(int(chosen), by=person["name"], **fields)
                store.review(int(chosen), "confirmed", by=person["name"])

            state.attempt(correct_and_confirm, UI["updated"])
    if reject.button(UI["reject"], key="review_reject", icon=":material/close:"):
        state.attempt(lambda: store.review(int(chosen), "rejected", by=person["name"]), UI["rejected"])

st.divider()
with st.expander(UI["add_missing"], icon=":material/add:"):
    st.caption(UI["add_missing_help"])
    articles = store.articles()
    article_ids = [None, *articles["id"].astype(int).tolist()] if not articles.empty else [None]
    titles = dict(zip(articles["id"], articles["title"].fillna(""), strict=True)) if not articles.empty else {}
    article_id = st.selectbox(UI["article"], article_ids, key="add_article",
                              format_func=lambda a: "—" if a is None else f"#{a} {titles.get(a, '')}")
    sentence = st.text_area(FIELD["sentence"], key="add_sentence", height=80)
    fields = _fields_form("add", {})
    if st.button(UI["add"], type="primary", key="add_commitment", icon=":material/add:"):
        if not fields["task"]:
            st.error(UI["task_required"])
        elif not sentence.strip():
            st.error(UI["sentence_required"])
        else:
            try:
                new_id = store.add_commitment(person["name"], article_id=article_id, sentence=sentence.strip(), **fields)
            except StoreError as exc:
                st.error(present.plain(exc))
            else:  # the message names the new id, so not state.attempt
                state.after_write()
                state.flash(UI["added"].format(id=new_id))
                st.rerun()
