"""Shared fixtures. Tests that read ../shared skip cleanly where it is absent (a fresh clone)."""

from __future__ import annotations

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


@pytest.fixture
def store(tmp_path):
    """A new database file with the three people of PEOPLE (test modules with their own `store` keep theirs)."""
    from tracker.store import Store

    s = Store(tmp_path / "t.db")
    add_people(s)
    yield s
    s.close()
