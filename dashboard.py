"""政策目标追踪 — the dashboard. Run: `streamlit run dashboard.py` (opens $TRACKER_DB, else data/tracker.db).

This script only decides who is signed in and which pages they get; each page is a file
under app/pages/ and the rules live in tracker/.
"""

from __future__ import annotations

import streamlit as st

from app import filters, state
from tracker.labels import UI

# An emoji icon is drawn by the browser itself (Streamlit makes it a data: URL); a :material/..:
# icon would be fetched from fonts.gstatic.com, which an intranet cannot reach and should not tell.
st.set_page_config(page_title=UI["app_title"], page_icon="🚩", layout="wide")
st.html(f"<style>{state.CHINESE_ONLY_CSS}</style>")
filters.keep_across_pages()
store = state.store()  # a new database is created and seeded here, before anyone signs in

person = state.resolve_user()  # re-read from the store on every run: a demotion counts at once
if person is None and store.has_users():
    state.prefetch()  # today's view is read while the sign-in form waits for a password
page = state.navigation(person)
if person is not None:
    state.sidebar_user(person)
page.run()
