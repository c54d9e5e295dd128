"""审核: managers confirm, correct or reject what the parser found (several at once too), correct a
commitment already confirmed, undo a rejection, take what the parser left as candidates, accept or
reject the progress it read, and add what it missed. A deadline changed by hand is shown beside the
words the article said for it (期限原文)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app import present, state
from tracker import cells, dates, filters
from tracker.areas import areas
from tracker.labels import CANDIDATE_REASON, FIELD, PAGE, REVIEW_UI, UI
from tracker.store import StoreError

EDIT_CHOICES = 300  # confirmed commitments offered at once for editing; the search box finds the others

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
            start = dates.day(row.get("deadline")) or today
            deadline = st.date_input(FIELD["deadline"], value=start, key=f"{prefix}_deadline", format="YYYY-MM-DD")
        if row.get("id") is not None:
            _deadline_words(row)
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


def _deadline_words(row: dict) -> None:
    """期限原文 beside the date, and, when a person changed the date, that it was by hand and what was read."""
    words = row.get("deadline_text")
    st.caption(present.fill(REVIEW_UI["deadline_words"], words=words) if words else REVIEW_UI["deadline_no_words"])
    if row.get("deadline_by_hand"):
        st.caption(present.fill(REVIEW_UI["deadline_by_hand"], deadline=row.get("deadline") or UI["not_set"],
                                read=row.get("deadline_read") or REVIEW_UI["read_none"]))


def _labels(rows: pd.DataFrame) -> dict[int, str]:
    ids = rows["id"].astype(int).tolist()
    return dict(zip(ids, (present.commitment_label(r) for r in rows.to_dict("records")), strict=True))


queue = view[view["review"] == "extracted"]
st.caption(UI["review_count"].format(n=len(queue)))
if queue.empty:
    st.success(UI["review_empty"])
else:
    ids = queue["id"].astype(int).tolist()
    labels = _labels(queue)
    with st.expander(REVIEW_UI["bulk_title"], icon=":material/done_all:"):
        st.caption(REVIEW_UI["bulk_help"])
        picked = st.multiselect(REVIEW_UI["bulk_pick"], ids, format_func=labels.get, key="review_bulk",
                                placeholder=REVIEW_UI["bulk_pick"])
        if st.button(REVIEW_UI["bulk_confirm"], type="primary", key="review_bulk_confirm", icon=":material/done_all:"):
            if not picked:
                st.error(REVIEW_UI["bulk_none"])
            else:
                state.attempt(lambda: store.review_many([int(i) for i in picked], "confirmed", by=person["name"]),
                              REVIEW_UI["bulk_confirmed"].format(n=len(picked)))
    wanted = st.session_state.pop("review_next", None)  # a candidate just taken opens in the form
    if wanted in labels:
        st.session_state["review_pick"] = wanted
    if st.session_state.get("review_pick") not in labels:
        st.session_state["review_pick"] = ids[0]
    chosen = st.selectbox(UI["choose_commitment"], ids, format_func=labels.get, key="review_pick")
    row = store.commitment(int(chosen))

    with st.container(border=True):
        article = store.article(int(row["article_id"])) if row.get("article_id") else None
        if article:
            st.caption(present.source_line(row.get("article_title") or article.get("title"),
                                           row.get("article_date") or article.get("date"), article.get("source")))
            if article.get("ocr"):  # recognised from an image: a 3 read as 8 would pass unseen
                st.warning(present.fill(UI["review_ocr"], summary=article.get("read_summary") or ""),
                           icon=":material/document_scanner:")
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
            # one transaction: the corrections and the confirmation stand or fall together
            state.attempt(lambda: store.update_commitment(int(chosen), by=person["name"], **fields, review="confirmed"),
                          UI["updated"])
    if reject.button(UI["reject"], key="review_reject", icon=":material/close:"):
        state.attempt(lambda: store.review(int(chosen), "rejected", by=person["name"]), UI["rejected"])


st.divider()
st.subheader(REVIEW_UI["edit_title"], anchor=False)
in_force = view[view["review"].isin(["confirmed", "manual"])]
find = st.text_input(REVIEW_UI["edit_find"], key="edit_find", placeholder=UI["search_placeholder"]).strip()
if find:  # the list's own search (tracker.filters), or an id typed as it is shown (#12 or 12)
    wanted_id = find.lstrip("#")
    found = in_force[in_force["id"] == int(wanted_id)] if wanted_id.isdigit() else in_force.iloc[0:0]
    in_force = found if not found.empty else filters.apply(in_force, filters.Filter(text=find))
if in_force.empty:
    st.caption(REVIEW_UI["edit_none"])
else:
    # newest first, and a bounded list: a selectbox of 100,000 labels takes seconds to draw
    in_force = in_force.iloc[::-1].head(EDIT_CHOICES)
    if len(in_force) == EDIT_CHOICES:
        st.caption(REVIEW_UI["edit_more"].format(n=EDIT_CHOICES))
    edit_labels = _labels(in_force)
    if st.session_state.get("edit_pick") not in edit_labels:
        st.session_state["edit_pick"] = next(iter(edit_labels))
    editing = st.selectbox(REVIEW_UI["edit_pick"], list(edit_labels), format_func=edit_labels.get, key="edit_pick")
    edit_row = store.commitment(int(editing))
    edited = _fields_form(f"edit_{editing}", edit_row)
    if st.button(REVIEW_UI["edit_save"], type="primary", key="edit_save", icon=":material/edit:"):
        if not edited["task"]:
            st.error(UI["task_required"])
        else:
            state.attempt(lambda: store.update_commitment(int(editing), by=person["name"], **edited), UI["updated"])

st.divider()
st.subheader(REVIEW_UI["rejected_title"], anchor=False)
rejected = store.rejected_commitments(today)
if rejected.empty:
    st.caption(REVIEW_UI["rejected_none"])
else:
    rejected_labels = _labels(rejected)
    undoing = st.selectbox(REVIEW_UI["rejected_pick"], list(rejected_labels), format_func=rejected_labels.get,
                           key="rejected_pick")
    queue_col, confirm_col, _ = st.columns([1.6, 1.4, 3])
    if queue_col.button(REVIEW_UI["undo_to_queue"], key="undo_to_queue", icon=":material/undo:"):
        state.attempt(lambda: store.review(int(undoing), "extracted", by=person["name"]), REVIEW_UI["undone_to_queue"])
    if confirm_col.button(REVIEW_UI["undo_to_confirmed"], key="undo_to_confirmed", icon=":material/check:"):
        state.attempt(lambda: store.review(int(undoing), "confirmed", by=person["name"]),
                      REVIEW_UI["undone_to_confirmed"])


def _candidate_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Sentences of one article the parser did not take: shown as cells, never as markup."""
    return pd.DataFrame({
        FIELD["id"]: rows["id"].astype(int),
        FIELD["sentence"]: rows["sentence"],
        FIELD["target_value"]: [present.target_text(v, u) for v, u in zip(rows["target_value"], rows["unit"], strict=True)],
        FIELD["deadline"]: ["—" if present._missing(d) else d for d in rows["deadline"]],
        UI["reason"]: [CANDIDATE_REASON.get(r, r) for r in rows["reason"]],
    })


def _proposal_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        FIELD["id"]: rows["id"].astype(int),
        FIELD["task"]: rows["task"],
        FIELD["target_value"]: [present.target_text(v, u) for v, u in zip(rows["target_value"], rows["target_unit"], strict=True)],
        UI["proposed_value"]: [present.target_text(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
        UI["progress_as_of"]: [d or "" for d in rows["as_of"]],
        FIELD["sentence"]: rows["sentence"],
    })


def take(candidate_id: int) -> None:
    try:
        new_id = store.take_candidate(candidate_id, by=person["name"])
    except StoreError as exc:
        st.error(present.plain(exc))
        return
    state.after_write()
    st.session_state["review_next"] = new_id
    state.flash(UI["candidate_taken"].format(id=new_id))
    st.rerun()


st.divider()
st.subheader(UI["candidates"], anchor=False)
articles = store.articles()
with_candidates = articles[articles["open_candidates"] > 0] if not articles.empty else articles
if with_candidates.empty:
    st.caption(UI["candidates_none"])
else:
    article_ids = with_candidates["id"].astype(int).tolist()
    titles = dict(zip(article_ids, with_candidates["title"].fillna(""), strict=True))
    shown = row.get("article_id") if not queue.empty else None  # the article of the commitment under review first
    if st.session_state.get("candidate_article") not in article_ids:
        st.session_state["candidate_article"] = shown if shown in article_ids else article_ids[0]
    article_id = st.selectbox(UI["article_pick"], article_ids, key="candidate_article",
                              format_func=lambda a: f"#{a} {titles.get(a, '')}")
    open_candidates = store.candidates(article_id=article_id)
    st.dataframe(_candidate_table(open_candidates), hide_index=True, width="stretch")
    sentences = dict(zip(open_candidates["id"].astype(int), open_candidates["sentence"], strict=True))
    picked = st.selectbox(UI["candidate_pick"], list(sentences), key="candidate_pick",
                          format_func=lambda c: f"#{c} {sentences[c][:40]}")
    take_col, dismiss_col, _ = st.columns([1.2, 1, 4])
    if take_col.button(UI["take_candidate"], type="primary", key="candidate_take", icon=":material/add_task:"):
        take(int(picked))
    if dismiss_col.button(UI["dismiss_candidate"], key="candidate_dismiss", icon=":material/block:"):
        state.attempt(lambda: store.dismiss_candidate(int(picked), by=person["name"]), UI["candidate_dismissed"])

st.divider()
st.subheader(UI["proposed_progress"], anchor=False)
proposals = store.proposed_progress()
if proposals.empty:
    st.caption(UI["proposed_none"])
else:
    st.dataframe(_proposal_table(proposals), hide_index=True, width="stretch")
    tasks = dict(zip(proposals["id"].astype(int), proposals["task"], strict=True))
    chosen_proposal = st.selectbox(UI["proposal_pick"], list(tasks), key="proposal_pick",
                                   format_func=lambda p: f"#{p} {tasks[p][:40]}")
    accept_col, refuse_col, _ = st.columns([1.2, 1, 4])
    if accept_col.button(UI["accept_progress"], type="primary", key="proposal_accept", icon=":material/check:"):
        state.attempt(lambda: store.accept_progress(int(chosen_proposal), by=person["name"]), UI["progress_accepted"])
    if refuse_col.button(UI["reject_progress"], key="proposal_reject", icon=":material/close:"):
        state.attempt(lambda: store.reject_progress(int(chosen_proposal), by=person["name"]), UI["progress_rejected"])

st.divider()
with st.expander(UI["add_missing"], icon=":material/add:"):
    st.caption(UI["add_missing_help"])
    article_ids = [None, *articles["id"].astype(int).tolist()] if not articles.empty else [None]
    all_titles = dict(zip(articles["id"], articles["title"].fillna(""), strict=True)) if not articles.empty else {}
    article_id = st.selectbox(UI["article"], article_ids, key="add_article",
                              format_func=lambda a: "—" if a is None else f"#{a} {all_titles.get(a, '')}")
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
