"""导入: paste a text or upload files, see how the parser read each one, then save exactly that.

Each text is read once into a bundle (tracker.ingest): its frame (date and where it was found,
genre, sections), its commitments, candidates and progress. Where no date was found the page
asks for one instead of assuming today, and reads that text again with it; 保存 stores the
bundles on screen as they are.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app import present, state
from tracker import cells, ingest
from tracker.documents import DocumentError
from tracker.labels import DATE_FROM, FIELD, FRAME_FIELD, GENRE, PAGE, TENSE, UI
from tracker.store import StoreError

person = state.require(state.MANAGERS)
store = state.store()

st.title(PAGE["imports"])
state.flash()


def _read_upload(upload) -> ingest.ArticleBundle:
    """An uploaded file read and parsed by the same path as the command line (it goes by the suffix and name),
    in a worker process with a time and memory limit: a hostile file stops there, not the server."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        return ingest.read_file_isolated(path, source=upload.name)


def _preview_table(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame({
        FIELD["task"]: [r["task"] for r in records],
        FIELD["target_value"]: [present.target_text(r["target_value"], r["unit"]) for r in records],
        FIELD["deadline"]: [r["deadline"] or "" for r in records],
        FIELD["officials"]: [cells.officials_text(r["officials"]) for r in records],
        FIELD["units"]: [cells.units_text(r["units"]) for r in records],
        FIELD["sentence"]: [r["sentence"] for r in records],
    })


def _frame_table(frames: list[dict]) -> pd.DataFrame:
    """One row per article on the page: title, date, where the date came from, genre."""
    return pd.DataFrame({
        FRAME_FIELD["title"]: [f.get("title") or "" for f in frames],
        FRAME_FIELD["date"]: [f.get("date") or "" for f in frames],
        FRAME_FIELD["date_from"]: [DATE_FROM.get(f.get("date_from"), f.get("date_from")) for f in frames],
        FRAME_FIELD["genre"]: [GENRE.get(f.get("genre"), f.get("genre") or "") for f in frames],
    })


def _sections_table(frames: list[dict]) -> pd.DataFrame:
    rows = [s for f in frames for s in f.get("sections") or ()]
    return pd.DataFrame({
        FRAME_FIELD["heading"]: [s.get("heading") or "" for s in rows],
        FRAME_FIELD["tense"]: [TENSE.get(s.get("tense"), s.get("tense") or "") for s in rows],
        FRAME_FIELD["year"]: [str(s["year"]) if s.get("year") else "" for s in rows],
        FRAME_FIELD["speaker"]: [s.get("speaker") or "" for s in rows],
        FRAME_FIELD["units"]: [cells.units_text(s.get("units")) for s in rows],
    })


def _ask_date(i: int, doc: dict) -> None:
    """No date found in the text: say so, ask for it, and read the text again with the date given."""
    notice = st.empty()  # above the box, filled once the box's value is known
    day = st.date_input(UI["import_date"], value=None, help=UI["import_date_help"], format="YYYY-MM-DD",
                        key=f"import_date_{st.session_state['import_round']}_{i}")
    if day is not None and day != doc["given"]:
        try:
            doc["bundle"] = ingest.with_date(doc["bundle"], day.isoformat())
        except ingest.ParseError as exc:
            st.error(present.fill(UI["import_parse_error"], source=doc["bundle"].source, reason=exc))
            return
        doc["given"] = day
    if doc["given"] is None:
        notice.warning(UI["import_date_missing"])
    else:
        notice.caption(UI["import_date_given"])


def _show(i: int, doc: dict) -> None:
    bundle = doc["bundle"]
    with st.container(border=True):
        st.text(bundle.source)  # a name the uploader chose: shown as text, never as markdown
        if bundle.read_summary:  # what was read from the file: pages, sheets, OCR or not
            st.text(UI["import_what_read"].format(summary=bundle.read_summary))
            for note in bundle.read_notes:
                st.caption(present.plain(note))
        if bundle.ocr:
            st.warning(UI["ocr_check"], icon=":material/document_scanner:")
        if bundle.undated:
            _ask_date(i, doc)
            bundle = doc["bundle"]
        st.markdown(f"**{UI['import_frame']}**")
        st.dataframe(_frame_table(bundle.frames), hide_index=True, width="stretch")
        sections = _sections_table(bundle.frames)
        if not sections.empty:
            st.dataframe(sections, hide_index=True, width="stretch")
        if bundle.records:
            st.markdown(f"**{UI['import_records'].format(n=len(bundle.records))}**")
            st.dataframe(_preview_table(bundle.records), hide_index=True, width="stretch")
        else:
            st.info(UI["import_no_records"])
        if bundle.candidates:
            st.caption(UI["import_candidates"].format(n=len(bundle.candidates)))
        if bundle.progress:
            st.caption(UI["import_progress"].format(n=len(bundle.progress)))


demo = store.demo_articles()
if demo:  # the first start's demo articles: one click takes them out again (audited, manager only)
    with st.container(border=True):
        st.caption(UI["demo_present"].format(n=len(demo)))
        if st.button(UI["demo_remove"], key="demo_remove", icon=":material/delete:"):
            try:
                result = store.remove_demo(by=person["name"])
            except StoreError as exc:
                st.error(present.plain(exc))
            else:
                state.after_write()
                message = UI["demo_removed"].format(**result)
                state.flash(message + (" " + UI["demo_kept"].format(**result) if result["kept"] else ""))
                st.rerun()

paste_tab, upload_tab = st.tabs([UI["import_paste"], UI["import_upload"]])
with paste_tab:
    pasted = st.text_area(UI["import_text"], height=220, key="import_text")
    source = st.text_input(UI["import_source"], value=UI["import_source_default"], key="import_source")
with upload_tab:
    # Streamlit labels its upload box in English only; the same words, in Chinese, drawn over them.
    st.html(
        "<style>"
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p{font-size:0}"
        f"[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p::after"
        f"{{content:'{UI['upload_button']}';font-size:1rem}}"
        "[data-testid='stFileUploaderDropzoneInstructions'] span{font-size:0}"
        f"[data-testid='stFileUploaderDropzoneInstructions'] span::after{{content:'{UI['upload_limits']}';font-size:0.875rem}}"
        "</style>"
    )
    uploads = st.file_uploader(UI["import_files"], type=["txt", "html", "htm", "docx", "doc", "wps", "pdf", "png", "jpg", "jpeg",
                                                         "tif", "tiff", "xlsx", "xlsm", "xls", "et", "ods"], accept_multiple_files=True,
                               key="import_files")

if st.button(UI["import_preview"], type="primary", key="import_preview", icon=":material/preview:"):
    # Each text is read and parsed here, once; the bundles outlive the reruns that dates and 保存 start.
    pending = []
    if pasted.strip():
        try:
            pending.append(ingest.read_text(pasted, source=source.strip() or UI["import_source_default"]))
        except ingest.ParseError as exc:
            st.error(present.fill(UI["import_parse_error"], source=source, reason=exc))
    uploads = uploads or []
    if uploads:
        bar = st.progress(0.0)
        for n, upload in enumerate(uploads, start=1):
            bar.progress(n / len(uploads), text=present.fill(UI["import_reading"], i=n, n=len(uploads), source=upload.name))
            try:
                pending.append(_read_upload(upload))
            except DocumentError as exc:
                st.error(present.fill(UI["import_read_error"], source=upload.name, reason=exc))
            except ingest.ParseError as exc:
                st.error(present.fill(UI["import_parse_error"], source=upload.name, reason=exc))
        bar.empty()
    if not pasted.strip() and not uploads:
        st.warning(UI["import_empty"])
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1  # fresh date boxes per preview
    st.session_state["import_pending"] = [{"bundle": b, "given": None} for b in pending]

pending = st.session_state.get("import_pending") or []
for i, doc in enumerate(pending):
    _show(i, doc)

undated = sum(1 for doc in pending if doc["bundle"].undated and doc["given"] is None)
if undated:
    st.warning(UI["import_needs_dates"].format(n=undated))
if pending and st.button(UI["import_save"], type="primary", key="import_save", icon=":material/save:",
                         disabled=bool(undated)):
    bar = st.progress(0.0)
    messages = []
    for n, doc in enumerate(pending, start=1):
        bundle = doc["bundle"]
        bar.progress(n / len(pending), text=present.fill(UI["import_saving"], i=n, n=len(pending), source=bundle.source))
        try:
            result = store.save_article(bundle, by=person["name"])
        except StoreError as exc:
            messages.append(f"{present.plain(bundle.source)}：{present.plain(exc)}")
            continue
        key = "import_saved" if result["new"] else "import_duplicate"
        messages.append(present.fill(UI[key], source=bundle.source, n=result["commitments"]))
    state.after_write()
    st.session_state.pop("import_pending", None)
    state.flash("\n\n".join(messages))
    st.rerun()
