"""What 承诺详情 and 待销号 show of a completion: its evidence to download, where its sign-off stands,
and a manager's 确认销号 / 退回 (the store decides who may; these only draw)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import present, state
from tracker.labels import UI


def evidence_list(store, commitment_id: int, by: str | None, key: str) -> int:
    """The evidence of a commitment, newest first, each with a download button; returns how many.

    The bytes are read only when a button is pressed, and handed over as an attachment with the
    media type of the kind judged from the bytes when stored (never text/html): a browser saves
    the file instead of opening it as a page.
    """
    files = store.evidence(commitment_id, by=by)
    if files.empty:
        st.caption(UI["evidence_none"])
        return 0
    for row in files.itertuples():
        line, button = st.columns([4, 1], vertical_alignment="center")
        line.markdown(present.fill(UI["evidence_line"], name=row.name, size=present.file_size(row.size), by=row.by,
                                   at=present.when(row.created_at)))
        sha256 = row.sha256
        button.download_button(
            UI["evidence_download"], data=lambda sha256=sha256: store.evidence_file(sha256, by=by)["data"],
            file_name=row.name, mime=_mime(row.kind), key=f"{key}_{row.id}", icon=":material/download:",
            on_click="ignore")
    return len(files)


def _mime(kind: str) -> str:
    from tracker.evidence import mime

    return mime(kind)


def standing(c) -> None:
    """Where the completion stands: waiting, signed off (who, when, finished on), or returned with the reason."""
    status = c.get("status")
    if status == "pending_signoff":
        st.info(UI["signoff_pending"], icon=":material/hourglass_top:")
    elif status in ("done", "done_late") and c.get("signed_off_by"):
        st.success(present.fill(UI["signoff_done"], by=c["signed_off_by"], at=present.when(c.get("signed_off_at")),
                                finished=c.get("finished_on") or "—"), icon=":material/verified:")
    reason = c.get("returned_reason")
    if isinstance(reason, str) and status != "pending_signoff":
        st.warning(present.fill(UI["signoff_returned"], reason=reason), icon=":material/undo:")


def decide(store, c, person: dict, key: str) -> None:
    """确认销号 and 退回 (with its reason) for a manager, on a commitment waiting for sign-off."""
    if c.get("status") != "pending_signoff" or person.get("role") != "manager":
        return
    cid, task = int(c["id"]), c.get("task")
    confirm, back = st.columns([1, 3], vertical_alignment="bottom")
    if confirm.button(UI["signoff_confirm"], type="primary", key=f"{key}_confirm_{cid}", icon=":material/verified:"):
        state.attempt(lambda: store.signoff(cid, by=person["name"]), present.fill(UI["signoff_confirmed"], task=task))
    with back:
        reason_box, go = st.columns([3, 1], vertical_alignment="bottom")
        reason = reason_box.text_input(UI["signoff_reason"], key=f"{key}_reason_{cid}", help=UI["signoff_reason_help"])
        if go.button(UI["signoff_return"], key=f"{key}_return_{cid}", icon=":material/undo:"):
            state.attempt(lambda: store.return_completion(cid, reason, by=person["name"]),
                          present.fill(UI["signoff_returned_done"], task=task))


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Sign-offs and returns in words, newest first."""
    return pd.DataFrame({
        UI["at"]: history["at"].map(present.when),
        UI["action"]: history["decision"].map(lambda d: UI.get(f"signoff_decision_{d}", d)),
        UI["signoff_finished_on"]: history["finished_on"].fillna("—"),
        UI["signoff_reason"]: history["reason"].fillna(""),
        UI["signoff_by"]: history["by"],
    })


def decide_many(store, pending: pd.DataFrame, person: dict, key: str) -> None:
    """批量确认销号: tick several of the commitments waiting for sign-off and confirm them at once.

    The store signs them off in one transaction (Store.sign_off_many): one that can no longer be
    signed off (someone else was quicker) refuses the batch, and the refusal is shown. Returning
    stays one by one below, each with its own reason.
    """
    if person.get("role") != "manager" or pending.empty:
        return
    labels = {int(c["id"]): present.commitment_label(c) for c in pending.to_dict("records")}
    picked = f"{key}_batch_pick"
    chosen = st.session_state.get(picked, [])
    gone = [cid for cid in chosen if cid not in labels]
    if gone:  # signed off or returned by someone else meanwhile: a multiselect refuses unknown values
        st.session_state[picked] = [cid for cid in chosen if cid in labels]
    with st.container(border=True, key=f"{key}_batch"):
        if gone:  # and a click of this very run confirms nothing: the person checks what is left first
            st.warning(UI["signoff_batch_gone"].format(ids="、".join(f"#{cid}" for cid in gone)))
        ids = st.multiselect(UI["signoff_batch_pick"], list(labels), key=picked, format_func=labels.get,
                             help=UI["signoff_batch_help"], placeholder=UI["signoff_batch_pick"])
        if st.button(UI["signoff_batch"], type="primary", key=f"{key}_batch_confirm", disabled=not ids,
                     icon=":material/done_all:") and not gone:
            def confirm() -> None:
                store.sign_off_many(ids, by=person["name"])
                st.session_state.pop(picked, None)  # the ticked ones are gone from the list

            state.attempt(confirm, UI["signoff_batch_done"].format(n=len(ids)))
