"""导入: paste a text or upload files, see what the parser finds, then save it for review."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from app import present, state
from tracker import cells
from tracker.documents import DocumentError, read_document
from tracker.extract import extract_text
from tracker.labels import FIELD, PAGE, UI
from tracker.store import StoreError

person = state.require(state.MANAGERS)
store = state.store()

st.title(PAGE["imports"])
state.flash()


def _read_upload(upload) -> str:
    """An uploaded file's text, by the same reader as the command line (it goes by the suffix)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        return read_document(path)


def _preview_table(records) -> pd.DataFrame:
    rows = [r.to_json() for r in records]
    return pd.DataFrame({
        FIELD["task"]: [r["task"] for r in rows],
        FIELD["target_value"]: [present.target_text(r["target_value"], r["unit"]) for r in rows],
        FIELD["deadline"]: [r["deadline"] or "" for r in rows],
        FIELD["officials"]: [cells.officials_text(r["officials"]) for r in rows],
        FIELD["units"]: [cells.units_text(r["units"]) for r in rows],
        FIELD["sentence"]: [r["sentence"] for r in rows],
    })


ref_date = st.date_input(UI["import_ref_date"], value=date.today(), help=UI["import_ref_date_help"],
                         format="YYYY-MM-DD", key="import_ref_date")
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
    documents = []
    if pasted.strip():
        documents.append((source.strip() or UI["import_source_default"], pasted))
    uploads = uploads or []
    if uploads:
        bar = st.progress(0.0)
        for i, upload in enumerate(uploads, start=1):
            bar.progress(i / len(uploads), text=UI["import_reading"].format(i=i, n=len(uploads), source=upload.name))
            try:
                documents.append((upload.name, _read_upload(upload)))
            except DocumentError as exc:
                st.error(UI["import_read_error"].format(source=upload.name, reason=exc))
        bar.empty()
    if not documents and not uploads:
        st.warning(UI["import_empty"])
    # The texts and what the parser finds outlive the rerun that the 保存 click starts.
    pending = []
    for name, text in documents:
        try:
            records = extract_text(text, source=name, ref_date=ref_date.isoformat())
        except Exception as exc:  # noqa: BLE001 - the parser is another module: name the text, keep the others
            st.error(UI["import_parse_error"].format(source=name, reason=f"{exc.__class__.__name__}: {exc}"))
            continue
        pending.append({"source": name, "text": text, "records": records})
    st.session_state["import_pending"] = pending

pending = st.session_state.get("import_pending") or []
for doc in pending:
    found = doc["records"]
    if found:
        st.markdown(f"**{UI['import_found'].format(source=doc['source'], n=len(found))}**")
        st.dataframe(_preview_table(found), hide_index=True, width="stretch")
    else:
        st.info(UI["import_none_found"].format(source=doc["source"]))

if pending and st.button(UI["import_save"], type="primary", key="import_save", icon=":material/save:"):
    bar = st.progress(0.0)
    messages = []
    for i, doc in enumerate(pending, start=1):
        bar.progress(i / len(pending), text=UI["import_saving"].format(i=i, n=len(pending), source=doc["source"]))
        try:
            result = store.ingest_text(doc["text"], doc["source"], ref_date=ref_date.isoformat(), by=person["name"])
        except StoreError as exc:
            messages.append(f"{doc['source']}：{exc}")
            continue
        key = "import_saved" if result["new"] else "import_duplicate"
        messages.append(UI[key].format(source=doc["source"], n=result["commitments"]))
    state.after_write()
    st.session_state.pop("import_pending", None)
    state.flash("\n\n".join(messages))
    st.rerun()
