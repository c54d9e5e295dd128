"""Shared fixtures. Tests that read ../shared skip cleanly where it is absent (a fresh clone)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "spec").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


# The people the store and command-line tests act as: a manager, a member of staff and a viewer,
# with passwords that meet the rules (at least 10 characters, not the name, not a common one).
PEOPLE = (("boss", "manager", "boss-secret-1"), ("wang", "staff", "wang-secret-1"), ("li", "viewer", "li-secret-12"))


def add_people(store) -> None:
    """The three people of PEOPLE, the manager first (the first user needs no one to add them)."""
    for name, role, password in PEOPLE:
        store.add_user(name, role, password, by=None if role == "manager" else "boss")


# ---- both backends (issue 13) -------------------------------------------------------------------
# A test module marked `pytestmark = pytest.mark.both_backends` (or one test marked so) runs each
# test that asks for `database` (or `store`, which asks for it) twice: on a SQLite file and on a
# new PostgreSQL database of a throwaway cluster (tests/pg.py). The dashboard's page tests do the
# same through `dashboard_db` (a migrated copy of the template) or `new_dashboard_db` (nothing in
# it yet: the dashboard's first open makes the tables and seeds it); a test asks for one of these
# three only. `@pytest.mark.sqlite_only` keeps one test on the file (it reaches into the file
# itself). Other tests stay on SQLite.

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "both_backends: run the store's or the dashboard's tests on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: this test reaches into the SQLite file itself")


def pytest_generate_tests(metafunc):
    both = metafunc.definition.get_closest_marker("both_backends") is not None
    only = metafunc.definition.get_closest_marker("sqlite_only") is not None
    for name in ("database", "dashboard_db", "new_dashboard_db"):  # the store's tests and the dashboard's pages alike
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, BACKENDS if both and not only else BACKENDS[:1], indirect=True)
            break


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL cluster for the whole session, or a skip saying why there is none."""
    from pg import WHY_NOT, Cluster

    cluster = Cluster.start()
    if cluster is None:
        pytest.skip(WHY_NOT)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster) -> str:
    """The name of a database with every migration applied and nothing in it, to copy per test."""
    from tracker.store import Store

    url = pg_cluster.new_database()
    Store(url).close()
    import sqlalchemy

    return sqlalchemy.make_url(url).database


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a new empty PostgreSQL database (no tables: the store's first open migrates it)."""
    return pg_cluster.new_database()


@pytest.fixture
def database(request, tmp_path):
    """Where a test's store lives: a new file in tmp_path (Path), or a new PostgreSQL database with
    the tables made (a URL str; not `fresh`, so never seeded)."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return _new_pg_database(request)
    return tmp_path / "t.db"


def _new_pg_database(request) -> str:
    """A copy of pg_template (skips, saying why, where PostgreSQL is not installed)."""
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database(template=request.getfixturevalue("pg_template"))


@pytest.fixture
def dashboard_db(request, tmp_path, monkeypatch):
    """The database the dashboard under test opens, named by TRACKER_DB (AppTest runs the pages in
    this process, so they find it there): a new file in tmp_path (Path), or, in a test marked
    both_backends, also a new PostgreSQL database with the tables made (a URL str, as `database`)."""
    if getattr(request, "param", "sqlite") == "postgresql":
        where = _new_pg_database(request)
    else:
        where = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(where))
    yield where
    if isinstance(where, str):
        request.getfixturevalue("pg_cluster").drop_database(where)  # and the connection the dashboard kept


@pytest.fixture
def new_dashboard_db(request, tmp_path, monkeypatch):
    """A database the dashboard opens first, named by TRACKER_DB: a file not made yet, or a PostgreSQL
    database without tables (both_backends). The dashboard's first open makes the tables and seeds it."""
    where = request.getfixturevalue("pg_url") if getattr(request, "param", "sqlite") == "postgresql" else tmp_path / "new.db"
    monkeypatch.setenv("TRACKER_DB", str(where))
    yield where
    if isinstance(where, str):
        request.getfixturevalue("pg_cluster").drop_database(where)


@pytest.fixture
def store(database):
    """A new database with the three people of PEOPLE (test modules with their own `store` keep theirs)."""
    from tracker.store import Store

    s = Store(database)
    add_people(s)
    yield s
    s.close()


@pytest.fixture
def frozen(database):
    """The store of the three people of PEOPLE, its clock frozen on 2020-01-10 09:30 (days of sign-offs,
    returns and audit rows come from it)."""
    from tracker.store import Store

    s = Store(database, clock=lambda: datetime(2020, 1, 10, 9, 30))
    add_people(s)
    yield s
    s.close()


def count_rows(where, table: str) -> int:
    """Rows in `table` of the database at `where` (file or URL), read past the store."""
    from tracker.db import open_database

    db = open_database(where, create=False)
    try:
        return db.execute(f"SELECT count(*) FROM {table}").scalar()
    finally:
        db.close()
