"""What every page shares: the store, the one cached loader, who is signed in, which pages they get.

The loader is the only cache. Every write through the dashboard calls `after_write()`, and
the cache key also carries the database file's modification stamp, so a change made from the
command line shows on the next rerun too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker import config, ingest
from tracker.labels import PAGE, ROLE, SECTION, UI
from tracker.store import Store, StoreError

PAGES_DIR = Path(__file__).resolve().parent / "pages"
EVERYONE = frozenset({"manager", "staff", "viewer"})
WRITERS = frozenset({"manager", "staff"})
MANAGERS = frozenset({"manager"})


@dataclass(frozen=True)
class PageSpec:
    key: str  # file app/pages/<key>.py, title PAGE[key]
    section: str
    roles: frozenset
    icon: str


# Who sees which page. The store refuses forbidden writes anyway; this keeps screens uncluttered.
PAGE_TABLE = (
    PageSpec("overview", "read", EVERYONE, ":material/dashboard:"),
    PageSpec("commitments", "read", EVERYONE, ":material/table_rows:"),
    PageSpec("detail", "read", EVERYONE, ":material/article:"),
    PageSpec("export", "read", EVERYONE, ":material/download:"),
    PageSpec("progress", "work", WRITERS, ":material/edit_note:"),
    PageSpec("imports", "manage", MANAGERS, ":material/upload_file:"),
    PageSpec("review", "manage", MANAGERS, ":material/fact_check:"),
    PageSpec("users", "manage", MANAGERS, ":material/group:"),
)


def db_path() -> str:
    """The database the dashboard opens: $TRACKER_DB, else data/tracker.db (tracking.md)."""
    return str(config.db_path())


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Store:
    # One Store per file for every session: it serialises its own use of the connection.
    # A new file gets the demo articles, read by tracker.ingest like any other text.
    return ingest.open_store(path)


def store() -> Store:
    """The store of the database in use (created and seeded on first use)."""
    try:
        return _open(db_path())
    except StoreError as exc:
        st.error(UI["store_unavailable"].format(reason=exc))
        st.stop()


def _stamp(path: str) -> tuple:
    """Modification times of the database and its write-ahead log: changes when anyone writes."""
    out = []
    for p in (path, path + "-wal"):
        try:
            out.append(os.stat(p).st_mtime_ns)
        except OSError:
            out.append(0)
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=8)
def _load(path: str, as_of: str, stamp: tuple) -> pd.DataFrame:
    return _open(path).commitments(as_of=as_of)


def commitments(as_of: date | None = None) -> pd.DataFrame:
    """The commitment view (rejected ones left out), as of a day (default today), from the cache."""
    path = db_path()
    day = (as_of or date.today()).isoformat()
    return _load(path, day, _stamp(path))


def open_page(title: str) -> tuple[date, pd.DataFrame]:
    """Title a page over the commitment list and load the list as of today; with nothing stored yet,
    say so and stop (the four list pages open alike)."""
    today = date.today()
    view = commitments(today)
    st.title(title)
    if view.empty:
        st.info(UI["no_commitments"])
        st.stop()
    return today, view


def after_write() -> None:
    """Call after every change: the next read sees it."""
    _load.clear()


# --- who is signed in -----------------------------------------------------------------------

def user() -> dict | None:
    return st.session_state.get("user")


def sign_in(person: dict) -> None:
    st.session_state["user"] = {"name": person["name"], "role": person["role"]}


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def role() -> str | None:
    u = user()
    return u["role"] if u else None


def may(roles: frozenset) -> bool:
    return role() in roles


def require(roles: frozenset) -> dict:
    """Stop the page unless the signed-in person has one of these roles."""
    u = user()
    if u is None or u["role"] not in roles:
        st.warning(UI["read_only"])
        st.stop()
    return u


def pages_for(person_role: str) -> dict[str, list]:
    """The navigation of a role: {section title: [st.Page, ...]}."""
    sections: dict[str, list] = {}
    for spec in PAGE_TABLE:
        if person_role not in spec.roles:
            continue
        page = st.Page(str(PAGES_DIR / f"{spec.key}.py"), title=PAGE[spec.key], icon=spec.icon,
                       url_path=spec.key, default=spec.key == "overview")
        sections.setdefault(SECTION[spec.section], []).append(page)
    return sections


def page_path(key: str) -> str:
    """The path st.switch_page wants for a page of PAGE_TABLE."""
    return str(PAGES_DIR / f"{key}.py")


def sidebar_user(person: dict) -> None:
    """"姓名 · 角色" and the sign-out button, under the navigation."""
    with st.sidebar:
        who, leave = st.columns([3, 2], vertical_alignment="center")
        who.markdown(f"**{person['name']}** · {ROLE.get(person['role'], person['role'])}")
        if leave.button(UI["sign_out"], key="sign_out", type="tertiary", icon=":material/logout:"):
            sign_out()
            st.rerun()


def attempt(write: Callable[[], object], message: str) -> None:
    """Make one change through the store: its refusal shown as an error, else `message` once after a rerun.

        state.attempt(lambda: store.review(12, "confirmed", by="boss"), UI["confirmed"])
    """
    try:
        write()
    except StoreError as exc:
        st.error(str(exc))
    else:
        after_write()
        flash(message)
        st.rerun()


def flash(message: str | None = None) -> None:
    """Show a message once after a rerun (set it before st.rerun(), call with no argument to show)."""
    if message is not None:
        st.session_state["_flash"] = message
        return
    pending = st.session_state.pop("_flash", None)
    if pending:
        st.success(pending)
