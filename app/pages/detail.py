"""承诺详情: one commitment — where it was said, what it asks, how it is going, who changed what."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from app import completion, present, state
from tracker import cells, charts, dates
from tracker.documents import mime_type
from tracker.labels import DEADLINE_TEXT_BY_HAND, FIELD, PAGE, REVIEW, REVIEW_UI, UI
from tracker.store import NotFound, PermissionDenied, StoreError

store = state.store()
today, view = state.open_page(PAGE["detail"])
state.flash()

ids = view["id"].astype(int).tolist()
labels = dict(zip(ids, (present.commitment_label(r) for r in view.to_dict("records")), strict=True))
wanted = st.query_params.get("id")
if wanted and wanted.isdigit() and int(wanted) not in labels:
    state.refuse_unseen(int(wanted))  # a link to another unit's commitment shows nothing of it
if wanted and wanted.isdigit() and int(wanted) in labels:
    # a link from another page (?id=12) decides which commitment shows
    st.session_state["detail_pick"] = int(wanted)
elif st.session_state.get("detail_pick") not in labels:
    st.session_state["detail_pick"] = ids[0]


def _remember_pick() -> None:
    st.query_params["id"] = str(st.session_state["detail_pick"])


chosen = st.selectbox(UI["choose_commitment"], ids, format_func=labels.get, help=UI["choose_commitment_help"],
                      key="detail_pick", on_change=_remember_pick)

try:
    c = store.commitment(int(chosen), by=(state.user() or {}).get("name"))
except PermissionDenied:
    st.error(UI["not_your_unit"])
    st.stop()
except NotFound:
    st.error(UI["not_found"])
    st.stop()

status = c.get("status")
st.markdown(  # the task is stored text: escaped, then set beside the status badge (三色预警)
    f"### {present.plain(c['task'])} &nbsp;{present.status_badge(status, REVIEW.get(c.get('review'), ''))}",
    unsafe_allow_html=True,
)

figures = st.columns(4)
figures[0].metric(FIELD["target_value"], present.target_card(c.get("target_value"), c.get("unit")), border=True,
                  help=UI["no_number_hint"] if present._missing(c.get("target_value")) else None)
figures[1].metric(UI["current_progress"], present.progress_text(c.get("progress"), c.get("unit")), border=True)
share = c.get("share")
figures[2].metric(FIELD["share"], "—" if present._missing(share) else f"{float(share):.0f}%", border=True)
moved = bool(c.get("original_deadline")) and c.get("original_deadline") != c.get("deadline")
figures[3].metric(UI["deadline_in_force"] if moved else FIELD["deadline"], c.get("deadline") or UI["not_set"], border=True)
if c.get("deadline_by_hand"):  # the date a person set, beside what the article said (期限原文 stays in the fields below)
    st.caption(present.fill(REVIEW_UI["deadline_by_hand"], deadline=c.get("original_deadline") or c.get("deadline")
                            or UI["not_set"], read=c.get("deadline_read") or REVIEW_UI["read_none"]))
if c.get("completed"):
    st.success(UI["completed_mark"])
if moved:  # an approved extension: the deadline the article set and its words stay in view
    st.info(present.fill(UI["deadline_moved"], original=c["original_deadline"], words=c.get("deadline_text") or "—",
                         day=c["deadline"]), icon=":material/event_repeat:")
completion.standing(c)
completion.decide(store, c, state.user() or {}, key="detail")
if state.may(state.WRITERS) and c.get("review") != "rejected":
    if st.button(UI["progress_form"], icon=":material/edit_note:", key="detail_to_progress"):
        st.session_state["progress_pick"] = int(chosen)
        st.switch_page(state.page_path("progress"), query_params={"id": str(chosen)})



def _offer_original(article: dict) -> None:
    """The file the article was read from, to download as it was handed in (anyone signed in may).

    Its bytes are read from the store only when the button is pressed: a scanned PDF can be
    tens of MB, and this page reruns on every click.
    """
    sha256, by = article["document_sha256"], (state.user() or {}).get("name")
    try:
        original = store.document(sha256, by=by, data=False)
    except StoreError:
        st.caption(UI["original_missing"])
        return
    if article.get("read_summary"):
        st.text(UI["import_what_read"].format(summary=article["read_summary"]))
    if article.get("ocr"):
        st.warning(UI["ocr_check"], icon=":material/document_scanner:")
    st.download_button(
        UI["download_original"], data=lambda: store.document(sha256, by=by)["data"], file_name=original["name"],
        mime=mime_type(original["name"], original["kind"]), key="detail_download", icon=":material/download:",
        help=UI["download_original_help"].format(name=present.plain(original["name"]), size=present.file_size(original["size"])),
    )


left, right = st.columns([3, 2])
with left:
    st.subheader(UI["in_article"])
    article = store.article(int(c["article_id"])) if not present._missing(c.get("article_id")) else None
    if article:
        # The commitment's own article: a page of several reports has one title per report.
        st.caption(present.source_line(c.get("article_title") or article.get("title"),
                                       c.get("article_date") or article.get("date"), article.get("source")))
        if article.get("document_sha256"):
            _offer_original(article)
        body = present.highlight(article.get("text", ""), c.get("start"), c.get("end"), c.get("sentence") or "")
    else:
        body = present.highlight("", None, None, c.get("sentence") or "")
    st.markdown(f"<div style='line-height:1.8;max-height:420px;overflow-y:auto'>{body}</div>",
                unsafe_allow_html=True)
with right:
    st.subheader(UI["fields"])
    by_hand = f"（{DEADLINE_TEXT_BY_HAND}）" if c.get("deadline_by_hand") else ""
    facts = {
        FIELD["task"]: c.get("task"),
        FIELD["target_value"]: present.target_text(c.get("target_value"), c.get("unit")),
        (UI["deadline_in_force"] if moved else FIELD["deadline"]): (c.get("deadline") or UI["not_set"]) + ("" if moved else by_hand),
        **({FIELD["original_deadline"]: c.get("original_deadline") + by_hand} if moved else {}),
        FIELD["deadline_text"]: c.get("deadline_text") or "—",
        FIELD["officials"]: cells.officials_text(c.get("officials")) or "—",
        FIELD["units"]: cells.units_text(c.get("units")) or "—",
        FIELD["work_area"]: c.get("work_area") or "—",
        FIELD["review"]: REVIEW.get(c.get("review"), c.get("review")),
        FIELD["article_date"]: c.get("article_date") or "—",
        FIELD["source"]: c.get("source") or "—",
    }
    st.markdown("\n".join(f"- **{name}**：{present.plain(value)}" for name, value in facts.items()))

person = state.user() or {}
cid = int(chosen)
open_work = c.get("review") != "rejected" and not c.get("completed") and c.get("status") not in ("done", "done_late")

st.subheader(UI["extensions"])
extensions = store.extensions(cid)
waiting = extensions[extensions["status"] == "requested"]
if not waiting.empty:
    w = waiting.iloc[0]
    st.warning(present.fill(UI["extension_waiting"], day=w["requested_deadline"], reason=w["reason"],
                            by=w["requested_by"], at=present.when(w["requested_at"])), icon=":material/pending_actions:")
    if state.may(state.MANAGERS):
        note = st.text_input(UI["extension_note"], help=UI["extension_note_help"], key=f"extension_note_{w['id']}")
        approve, refuse = st.columns(2)
        if approve.button(UI["extension_approve"], type="primary", key="extension_approve", icon=":material/check:"):
            state.attempt(lambda: store.decide_extension(int(w["id"]), True, by=person["name"], note=note),
                          present.fill(UI["extension_approved"], day=w["requested_deadline"]))
        if refuse.button(UI["extension_refuse"], key="extension_refuse", icon=":material/close:"):
            state.attempt(lambda: store.decide_extension(int(w["id"]), False, by=person["name"], note=note),
                          UI["extension_refused"])
elif state.may(state.WRITERS) and open_work and c.get("deadline"):
    with st.form("extension_form"):
        current = dates.day(c["deadline"])
        to = st.date_input(UI["extension_to"], value=current + timedelta(days=30), min_value=current + timedelta(days=1),
                           format="YYYY-MM-DD", key="extension_to")
        reason = st.text_area(UI["extension_reason"], help=UI["extension_reason_help"], key="extension_reason", height=80)
        if st.form_submit_button(UI["extension_submit"], icon=":material/event_repeat:"):
            state.attempt(lambda: store.request_extension(cid, to, reason, by=person["name"]), UI["extension_sent"])
if extensions.empty:
    st.caption(UI["extension_none"])
else:
    st.dataframe(present.extension_table(extensions), hide_index=True, width="stretch")

st.subheader(UI["instructions"])
sent = store.instructions_on(cid)
if sent.empty:
    st.caption(UI["instructions_none"])
else:
    st.dataframe(present.instruction_table(sent), hide_index=True, width="stretch")
if state.may(state.MANAGERS):
    write, remind = st.columns(2)
    with write, st.form("instruction_form", clear_on_submit=True):
        words = st.text_area(UI["instruction_text"], key="instruction_text", height=80)
        if st.form_submit_button(UI["instruction_submit"], icon=":material/rate_review:"):
            state.attempt(lambda: store.instruct(cid, words, by=person["name"]), UI["instruction_sent"])
    with remind:
        units = list(dict.fromkeys(cells.as_list(c.get("units"))))
        if not units:
            st.caption(UI["reminder_no_unit"])
        else:
            with st.form("reminder_form"):
                unit = st.selectbox(UI["reminder_unit"], units, key="reminder_unit")
                text = st.text_area(UI["reminder_text"], value=UI["reminder_default"], key="reminder_text", height=80)
                if st.form_submit_button(UI["reminder_submit"], icon=":material/campaign:"):
                    state.attempt(lambda: store.remind(unit, text, by=person["name"]),
                                  present.fill(UI["reminder_sent"], unit=unit))

st.subheader(UI["progress_chart"])
history = store.progress_history(int(chosen))
st.plotly_chart(
    charts.progress_figure(history, c.get("target_value"), c.get("article_date") or c.get("created_at"),
                           c.get("deadline"), today, c.get("unit")),
    key="progress_chart", config={"displayModeBar": False},
)

st.subheader(UI["evidence"])
completion.evidence_list(store, int(chosen), (state.user() or {}).get("name"), key="evidence_download")

st.subheader(UI["history"])
updates_tab, signoff_tab, audit_tab = st.tabs([UI["progress_updates"], UI["signoff_history"], UI["audit_log"]])
with updates_tab:
    if history.empty:
        st.caption(UI["no_updates"])
    else:
        st.dataframe(present.history_table(history), hide_index=True, width="stretch")
with signoff_tab:
    decisions = store.signoff_history(int(chosen))
    if decisions.empty:
        st.caption(UI["no_audit"])
    else:
        st.dataframe(completion.history_table(decisions), hide_index=True, width="stretch")
with audit_tab:
    audit = store.audit_log("commitments", int(chosen))
    if audit.empty:
        st.caption(UI["no_audit"])
    else:
        st.dataframe(present.audit_table(audit), hide_index=True, width="stretch")
