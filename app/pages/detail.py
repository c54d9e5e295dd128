"""承诺详情: one commitment — where it was said, what it asks, how it is going, who changed what."""

from __future__ import annotations

import streamlit as st

from app import present, state
from tracker import cells, charts
from tracker.documents import mime_type
from tracker.labels import DEADLINE_TEXT_BY_HAND, FIELD, PAGE, REVIEW, REVIEW_UI, UI
from tracker.store import NotFound, PermissionDenied, StoreError

store = state.store()
today, view = state.open_page(PAGE["detail"])

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
figures[3].metric(FIELD["deadline"], c.get("deadline") or UI["not_set"], border=True)
if c.get("deadline_by_hand"):  # the date a person set, beside what the article said (期限原文 stays in the fields below)
    st.caption(present.fill(REVIEW_UI["deadline_by_hand"], deadline=c.get("deadline") or UI["not_set"],
                            read=c.get("deadline_read") or REVIEW_UI["read_none"]))
if c.get("completed"):
    st.success(UI["completed_mark"])
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
    facts = {
        FIELD["task"]: c.get("task"),
        FIELD["target_value"]: present.target_text(c.get("target_value"), c.get("unit")),
        FIELD["deadline"]: (c.get("deadline") or UI["not_set"]) + (f"（{DEADLINE_TEXT_BY_HAND}）" if c.get("deadline_by_hand") else ""),
        FIELD["deadline_text"]: c.get("deadline_text") or "—",
        FIELD["officials"]: cells.officials_text(c.get("officials")) or "—",
        FIELD["units"]: cells.units_text(c.get("units")) or "—",
        FIELD["work_area"]: c.get("work_area") or "—",
        FIELD["review"]: REVIEW.get(c.get("review"), c.get("review")),
        FIELD["article_date"]: c.get("article_date") or "—",
        FIELD["source"]: c.get("source") or "—",
    }
    st.markdown("\n".join(f"- **{name}**：{present.plain(value)}" for name, value in facts.items()))

st.subheader(UI["progress_chart"])
history = store.progress_history(int(chosen))
st.plotly_chart(
    charts.progress_figure(history, c.get("target_value"), c.get("article_date") or c.get("created_at"),
                           c.get("deadline"), today, c.get("unit")),
    key="progress_chart", config={"displayModeBar": False},
)

st.subheader(UI["history"])
updates_tab, audit_tab = st.tabs([UI["progress_updates"], UI["audit_log"]])
with updates_tab:
    if history.empty:
        st.caption(UI["no_updates"])
    else:
        st.dataframe(present.history_table(history), hide_index=True, width="stretch")
with audit_tab:
    audit = store.audit_log("commitments", int(chosen))
    if audit.empty:
        st.caption(UI["no_audit"])
    else:
        st.dataframe(present.audit_table(audit), hide_index=True, width="stretch")
