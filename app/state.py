"""What every page shares: the store, the one cached loader, who is signed in, which pages they get.

The loader is the one cache of the commitment view. It is keyed on the day and the store's data
version (the newest audited change, sign-ins aside), so a change made from the command line shows
on the next rerun too, while signing in keeps the view read before it. Every write through the
dashboard also calls `after_write()`.
"""

from __future__ import annotations

import re
import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from app import present
from tracker import charts, config, db, ingest, ranking
from tracker.labels import PAGE, ROLE, SECTION, TABLE_TOOLBAR, UI
from tracker.store import PermissionDenied, Store, StoreError

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
    PageSpec("my_tasks", "work", EVERYONE, ":material/assignment_ind:"),
    PageSpec("commitments", "read", EVERYONE, ":material/table_rows:"),
    PageSpec("ranking", "read", EVERYONE, ":material/leaderboard:"),
    PageSpec("detail", "read", EVERYONE, ":material/article:"),
    PageSpec("export", "read", EVERYONE, ":material/download:"),
    PageSpec("progress", "work", WRITERS, ":material/edit_note:"),
    PageSpec("imports", "manage", MANAGERS, ":material/upload_file:"),
    PageSpec("review", "manage", MANAGERS, ":material/fact_check:"),
    PageSpec("signoff", "manage", MANAGERS, ":material/verified:"),
    PageSpec("users", "manage", MANAGERS, ":material/group:"),
    PageSpec("account", "account", EVERYONE, ":material/key:"),
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
        st.error(present.fill(UI["store_unavailable"], reason=exc))
        st.stop()


def _version(path: str) -> int:
    """The store's data version: moves with every audited change, whoever made it, but not with a sign-in."""
    return _open(path).data_version()


# One view per (file, day, data version, units seen) for every session, handed out as is, not
# copied: st.cache_data would unpickle a copy on every rerun (0.8 s at 100,000 commitments). So
# the view is read-only: pages filter, sort and assign into new frames, never into it.
# Every caller passes all four arguments, positionally: Streamlit keys a cache entry on the
# arguments as they were passed, so _load(p, d, v) and _load(p, d, v, None) would be two entries
# and two reads of the whole store (the sign-in prefetch once missed 总览 that way).
@st.cache_resource(show_spinner=False, max_entries=16)
def _load(path: str, as_of: str, version: int, units: tuple | None) -> pd.DataFrame:
    # Keyed by the units seen, not the person: everyone who sees all shares one copy.
    return _open(path).commitments(as_of=as_of, units=units)


def _units_key(units: list[str] | None) -> tuple | None:
    return None if units is None else tuple(sorted(units))


def scope() -> list[str] | None:
    """The units whose commitments the signed-in person may see (the store's rule), None for all."""
    u = user()
    if u is None:
        return []
    try:
        return store().scope(u["name"])
    except StoreError:  # disabled or removed between two runs: nothing
        return []


def commitments(as_of: date | None = None) -> pd.DataFrame:
    """The commitment view (rejected ones left out) as the signed-in person may see it, as of a day
    (default today), from the cache: staff and limited viewers get their units' commitments only.
    Read-only: shared by every session until the data change."""
    path = db_path()
    day = (as_of or today()).isoformat()
    return _load(path, day, _version(path), _units_key(scope()))


_warming: set[tuple] = set()
_warming_lock = threading.Lock()


def _warm(path: str, day: str, version: int) -> None:
    try:
        view = _load(path, day, version, None)  # everything: what a manager's 总览 reads
        charts.kpis(view, day)  # the deadlines as dates, remembered for this view
        for dimension in charts.DIMENSIONS:  # what the filters and the bar charts of 总览 ask for
            charts.names_by(view, dimension)
    except Exception:  # noqa: BLE001 (a thread no one waits for: a lost PostgreSQL server too)
        pass  # nothing is lost: the page reads the view itself and says what went wrong


def prefetch() -> None:
    """Read today's view in the background while the sign-in form is open, once per data version.

    Reading 100,000 commitments takes a second or two; a person takes longer than that to type a
    password, so 总览 then opens on a warm cache. Nothing is shown before signing in: the view
    only waits in the server's memory, as it does after anyone's first visit.
    """
    path = db_path()
    key = (path, today().isoformat(), _version(path))
    with _warming_lock:
        if key in _warming:
            return
        _warming.add(key)
    thread = threading.Thread(target=_warm, args=key, name="tracker-prefetch", daemon=True)
    try:
        from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

        add_script_run_ctx(thread, get_script_run_ctx())  # so the cache does not warn it runs outside a page
    except ImportError:
        pass
    thread.start()


def today() -> date:
    """The day the pages count from (days left, due soon, status); tests freeze it by replacing this."""
    return date.today()


def refuse_unseen(commitment_id: int) -> None:
    """Stop the page with a Chinese refusal when the signed-in person may not see this commitment
    (another unit's); a commitment they may see, or none with that number, is left to the page."""
    u = user()
    try:
        store().commitment(commitment_id, by=u["name"] if u else None)
    except PermissionDenied:
        st.error(UI["not_your_unit"])
        st.stop()
    except StoreError:
        return


def my_units() -> list[str] | None:
    """The units of 我的任务: the person's own, else what they may see (None: everything)."""
    u = user()
    own = store().user_units(u["name"]) if u else []
    return own or scope()


def my_commitments(as_of: date | None = None) -> pd.DataFrame:
    """The commitments of the signed-in person's units (see my_units), from the cache."""
    path = db_path()
    day = (as_of or today()).isoformat()
    return _load(path, day, _version(path), _units_key(my_units()))


@st.cache_data(show_spinner=False, max_entries=16)
def _ranking(path: str, as_of: str, version: int, period, period_of: str, areas: tuple) -> tuple:
    view = _load(path, as_of, version, None)
    rows = ranking.select(view, period, period_of, areas)
    offered = view["work_area"].dropna().astype(str).value_counts().index.tolist() if len(view) else []
    reminders = _open(path).open_reminders()["unit"].value_counts()  # 催办 no one of the unit has read yet
    return ranking.unit_ranking(rows, as_of, reminders=reminders), offered, len(rows), len(view)


def unit_ranking(as_of: date, period=None, period_of: str = "deadline", areas=()) -> tuple:
    """单位排名 from the cache: (table, the work areas to offer, commitments counted, commitments in all).

    Cached by itself: a page that shows 120 units should not rank 100,000 commitments again on
    every rerun.
    """
    path = db_path()
    period = tuple(d.isoformat() if isinstance(d, date) else d for d in period) if period else None
    return _ranking(path, as_of.isoformat(), _version(path), period, period_of, tuple(areas))


def open_page(title: str) -> tuple[date, pd.DataFrame]:
    """Title a page over the commitment list and load the list as of today; with nothing stored yet,
    say so and stop (the four list pages open alike)."""
    day = today()
    view = commitments(day)
    st.title(title)
    if view.empty:
        no_units = scope() == []
        (st.warning if no_units else st.info)(UI["no_units_assigned" if no_units else "no_commitments"])
        st.stop()
    return day, view


def after_write() -> None:
    """Call after every change: the next read sees it."""
    _load.clear()
    _ranking.clear()


# Streamlit writes some words in English whatever the locale, and offers no setting for them.
# What CSS can reach is hidden or drawn over in Chinese (font-size 0 hides the English, ::after
# writes the Chinese at the size of the text around it):
# - "Press Enter to submit form" under form fields (Enter still submits);
# - the date range picker's quick ranges ("Date range", "Last 7 days"...): typing or clicking
#   two days does the same;
# - the empty date field's yyyy-mm-dd, read as 年-月-日;
# - a multiselect's "Select all";
# - the tooltips of a table's toolbar ("Show/hide columns"...): a tooltip sits apart from its
#   button, so it is rewritten while that button is hovered (body:has(...:hover)).
CHINESE_ONLY_CSS = (
    "[data-testid='InputInstructions'],[data-testid='stDateInputQuickSelect']{display:none}"
    + "".join(
        f"[data-testid='stDateInputField'] [data-placeholder='true'][data-type='{part}']{{font-size:0}}"
        f"[data-testid='stDateInputField'] [data-placeholder='true'][data-type='{part}']::after"
        f"{{content:'{UI[f'date_placeholder_{part}']}';font-size:0.875rem}}"
        for part in ("year", "month", "day"))
    + "[data-key='__select_all__'] [data-item-hl]{font-size:0}"
    + f"[data-key='__select_all__'] [data-item-hl]::after{{content:'{UI['select_all']}';font-size:0.875rem}}"
    + "".join(
        f"body:has([data-testid='stElementToolbarButton'] button[aria-label='{english}']:hover)"
        f" [data-testid='stTooltipContent'] p{{font-size:0}}"
        f"body:has([data-testid='stElementToolbarButton'] button[aria-label='{english}']:hover)"
        f" [data-testid='stTooltipContent'] p::after{{content:'{chinese}';font-size:0.875rem}}"
        for english, chinese in TABLE_TOOLBAR.items())
)


# --- the first manager ----------------------------------------------------------------------

# No 0/O or 1/I/L to misread from a console; 12 of these 31 signs is 59 bits, past guessing over a network.
CODE_SIGNS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


@st.cache_resource(show_spinner=False)
def _first_manager_code(path: str) -> str:
    """Made once per server and database, printed to the server's console for whoever started it."""
    code = "".join(secrets.choice(CODE_SIGNS) for _ in range(CODE_LENGTH))
    shown = "-".join(code[i:i + 4] for i in range(0, CODE_LENGTH, 4))
    # A PostgreSQL URL is printed without its password.
    print(UI["one_time_code_console"].format(db=db.shown(path), code=shown), file=sys.stderr, flush=True)
    return code


def first_manager_code() -> None:
    """Print the one-time code for the first manager to the console (once), if not done yet."""
    _first_manager_code(db_path())


def first_manager_code_matches(typed: str) -> bool:
    """Whether `typed` is the printed code: "abcd-efgh jkmn" reads as ABCDEFGHJKMN."""
    typed = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    return secrets.compare_digest(typed.encode(), _first_manager_code(db_path()).encode())


def first_manager_code_used() -> None:
    """Forget the code once the manager exists (the store then refuses a second unsigned add anyway)."""
    _first_manager_code.clear()


# --- who is signed in -----------------------------------------------------------------------
# A sign-in is a row of the store's sessions table; the browser holds its random token in a
# cookie, so a reload or a new tab (a new Streamlit session) finds the person again, and nothing
# about it goes in the address. Streamlit reads cookies (st.context.cookies, sent with the
# page's WebSocket) but cannot set one, so a two-line script does, through st.html: no cookie
# component is needed for that, and those on PyPI draw an iframe per page and lag a rerun behind.
# The cookie cannot be HttpOnly (script sets it); the server keeps only its hash, ends it on
# sign-out and after the idle time, and SameSite=Strict keeps other sites from sending it.

SESSION_COOKIE = "tracker_session"
COOKIE_DAYS = 30  # the browser may keep it this long; the server ends the session when idle long before


def cookie_script(token: str | None) -> str:
    value, age = (token, COOKIE_DAYS * 86400) if token else ("", 0)
    # token_urlsafe is [A-Za-z0-9_-] only: nothing in it can end the string or the script
    assert all(ch.isalnum() or ch in "-_" for ch in value)
    return (f"<script>document.cookie = '{SESSION_COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict'"
            " + (location.protocol === 'https:' ? '; Secure' : '');</script>")


def _write_cookie(token: str | None) -> None:
    """Set (or clear) the browser's cookie, in a hidden element that takes no room on the page.

    Sent on every run, not once: an element missing from the next run is taken off the page,
    and a rerun that follows at once (a chart's first draw) could take it off before its script
    ran. Sent unchanged, the element stays as it is.
    """
    if token is None and not st.session_state.get("_had_cookie"):
        return  # nothing to clear
    st.session_state["_had_cookie"] = True
    st.html("<style>.st-key-session_cookie{display:none}</style>")
    with st.container(key="session_cookie"):
        st.html(cookie_script(token), unsafe_allow_javascript=True)


def resolve_user() -> dict | None:
    """Who is here on this run, read afresh from the store: {"name", "role", "must_change_password"}.

    Called once per run before the navigation is built, so a person demoted, disabled or signed
    out elsewhere loses the pages at once, and an idle session ends. The token is the one this
    tab signed in with, else the browser's cookie (a reload, a new tab, a shared link).
    """
    sent = st.context.cookies.get(SESSION_COOKIE)  # what the browser held when this tab connected
    st.session_state.setdefault("_had_cookie", bool(sent))
    token = st.session_state.get("session") or sent
    person = store().session(token) if token else None
    if person is None:
        st.session_state.pop("session", None)
        st.session_state.pop("user", None)
        _write_cookie(None)  # a stale cookie is cleared
        return None
    st.session_state["session"] = token
    st.session_state["user"] = person
    _write_cookie(token)
    return person


def user() -> dict | None:
    return st.session_state.get("user")


def sign_in(person: dict) -> None:
    """Start a session for someone whose password was just checked; the next run writes the cookie."""
    st.session_state["session"] = store().start_session(person["name"])


def sign_out() -> None:
    """End the session in the store (its cookie then opens nothing) and forget everything of this tab."""
    store().end_session(st.session_state.get("session"))
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state["_had_cookie"] = True  # so the next run clears the browser's copy


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


# The page a role lands on after signing in: staff start from their units' tasks.
FIRST_PAGE = {"staff": "my_tasks"}


def pages_for(person_role: str) -> dict[str, list]:
    """The navigation of a role: {section title: [st.Page, ...]}."""
    sections: dict[str, list] = {}
    first = FIRST_PAGE.get(person_role, "overview")
    for spec in PAGE_TABLE:
        if person_role not in spec.roles:
            continue
        page = st.Page(str(PAGES_DIR / f"{spec.key}.py"), title=PAGE[spec.key], icon=spec.icon,
                       url_path=spec.key, default=spec.key == first)
        sections.setdefault(SECTION[spec.section], []).append(page)
    return sections


def _requested_page() -> str | None:
    """The page named in the address bar (".../detail?id=6" -> "detail"), None at the root.

    Streamlit has no public call for it before st.navigation resolves the name, so this reads
    its page manager; should that change, an unknown name falls back to Streamlit's own handling.
    """
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        name = ctx.pages_manager.intended_page_name if ctx else None
    except AttributeError:
        return None
    # st.Page takes a single path segment only
    return name if isinstance(name, str) and re.fullmatch(r"[\w.-]+", name) else None


def _to_first_page() -> None:
    """Where a page the role does not have leads: the role's first page (我的任务 for staff, else 总览)."""
    person = user()
    st.switch_page(page_path(FIRST_PAGE.get(person["role"] if person else "", "overview")))


def navigation(person: dict | None):
    """The pages of whoever is here, as st.navigation: the page to run.

    Every name in the address bar opens something, so no one meets Streamlit's English
    "Page not found": signed out, any name shows the sign-in form under that name, so a link
    to detail?id=6 opens that commitment once signed in; signed in, a page the role does not
    have, or no page at all, opens the role's first page (我的任务 for staff, else the overview).
    """
    names = {spec.key for spec in PAGE_TABLE} | {"login"} | ({_requested_page()} - {None})
    if person is None:
        login = st.Page(page_path("login"), title=PAGE["login"], icon=":material/login:", default=True)
        aliases = [st.Page(page_path("login"), title=PAGE["login"], url_path=name, visibility="hidden")
                   for name in sorted(names - {"login"})]
        return st.navigation([login, *aliases], position="hidden")
    if person.get("must_change_password"):
        # A manager reset this password: nothing else opens until the person sets their own.
        # Under the link's address too, so the page it names opens once the change is made.
        account = st.Page(page_path("account"), title=PAGE["account"], icon=":material/key:", default=True)
        aliases = [st.Page(page_path("account"), title=PAGE["account"], url_path=name, visibility="hidden")
                   for name in sorted(names - {"account"})]
        return st.navigation([account, *aliases], position="hidden")
    sections = pages_for(person["role"])
    have = {spec.key for spec in PAGE_TABLE if person["role"] in spec.roles}
    first = next(iter(sections.values()))
    first.extend(st.Page(_to_first_page, title=PAGE[FIRST_PAGE.get(person["role"], "overview")], url_path=name,
                         visibility="hidden")
                 for name in sorted(names - have))
    return st.navigation(sections)


def page_path(key: str) -> str:
    """The path st.switch_page wants for a page of PAGE_TABLE."""
    return str(PAGES_DIR / f"{key}.py")


def sidebar_user(person: dict) -> None:
    """"姓名 · 角色" and the sign-out button, under the navigation."""
    with st.sidebar:
        who, leave = st.columns([3, 2], vertical_alignment="center")
        who.markdown(f"**{present.plain(person['name'])}** · {ROLE.get(person['role'], person['role'])}")
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
        st.error(present.plain(exc))  # refusals name what was typed or stored
    else:
        after_write()
        flash(message)
        st.rerun()


def flash(message: str | None = None) -> None:
    """Show a message once after a rerun (set it before st.rerun(), call with no argument to show).

    The message is shown as markdown: stored values in it go in through present.fill.
    """
    if message is not None:
        st.session_state["_flash"] = message
        return
    pending = st.session_state.pop("_flash", None)
    if pending:
        st.success(pending)
