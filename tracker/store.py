"""The one module that talks to the database (a SQLite file, or PostgreSQL through tracker.db): articles, commitments, progress updates, users, the audit log.

For example (wang being a staff member):

    store = Store("tracker.db")
    store.save_article(ingest.read_text("管城区要确保全年完成366个老旧小区改造任务。", source="a.txt", ref_date="2019-04-26"))
    # -> {"article_id": 1, "new": True, "commitments": 1, "candidates": 0, "progress": 0}
    cid = int(store.commitments()["id"].iloc[-1])
    store.add_progress(cid, 120, by="wang", as_of="2019-06-30")
    store.commitment(cid, as_of="2019-06-30")  # progress 120.0, share 32.8, status on_track

Every write says who makes it (`by`, a user name); the store looks up that person's role
and refuses what the role may not do, so the dashboard and the command line cannot differ.
Every change is written to the audit log in the same transaction as the change.
Schema changes are numbered migrations recorded in the `migrations` table.
The store keeps what it is handed: reading files and parsing them is tracker.ingest's work.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, wraps
from pathlib import Path
from typing import Self

import numpy as np
import pandas as pd
import sqlalchemy as sa

from tracker import config, dates
from tracker import evidence as evidence_rules
from tracker.areas import areas as work_areas
from tracker.areas import assign_area
from tracker.cells import official_parts, parse_figure, quantity_text
from tracker.db import (
    BUSY_TIMEOUT_MS,  # noqa: F401 - still importable from the store, where it was
    TRIGGER_RE,
    Database,
    create_private,
    is_driver_error,
    is_url,
    libpq_url,
    open_database,
    shown,
    statements,
    translate_ddl,
    wrap_sqlite,
)
from tracker.labels import DEADLINE_TEXT_BY_HAND, EXTENSION_STATUS, INSTRUCTION_KIND, NO_UNIT, ROLE
from tracker.progress import number_or_none, shares, statuses
from tracker.ranking import unit_ranking

log = logging.getLogger(__name__)

REVIEW_STATES = ("extracted", "confirmed", "rejected", "manual")
UNDO_REJECTION = "撤销驳回"  # the audit note of a rejected commitment set back to extracted or confirmed
ROLES = ("manager", "staff", "viewer")
WRITERS = ("manager", "staff")
DEMO_SOURCE = "seeds/"  # the source of every demo article a first start stores (tracker.ingest.seed)
SYSTEM = "system"  # the audit name of trusted writes (command line, seeding) made without a user
# scrypt parameters (RFC 7914 interactive-login figures); stored with each hash so they can be raised later.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32


class StoreError(Exception):
    """A refused or failed store operation; the message is a sentence fit for a person."""


class PermissionDenied(StoreError):
    """The user may not make this change (or is unknown)."""


class NotFound(StoreError):
    """No commitment, article or user with that id or name."""


class NewerVersion(StoreError):
    """The file was written by a newer tracker (a migration this one does not know): left untouched."""


class DamagedDatabase(StoreError):
    """The file is not a database, or SQLite finds it damaged."""


class InvalidInput(StoreError):
    """A value that cannot be stored: not a number, a negative figure, a malformed date."""


class SignInLocked(StoreError):
    """Too many wrong passwords for this name: no password is checked until the lock ends."""


# ---- small pure helpers ----------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """The text the content hash is taken over: NFKC, no BOM, no whitespace at all.

    The same article re-flowed, saved in GB18030 instead of UTF-8, or with full-width digits
    (３６６ vs 366) normalises to the same string, so it is stored once.
    """
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", ""))
    return "".join(text.split())


def content_hash(text: str) -> str:
    """sha256 of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def as_date(value, what: str = "日期") -> str | None:
    """A day as YYYY-MM-DD (tracker.dates.day_text), refused with InvalidInput when it is not one; None stays None."""
    try:
        return dates.day_text(value, what)
    except dates.BadDate:
        raise InvalidInput(f"{what}不是有效日期: {value!r} (应为 YYYY-MM-DD)") from None


def as_number(value, what: str = "数值", *, allow_none: bool = False) -> float | None:
    """A finite, non-negative number from an int, a float or a figure as offices write it.

    "1.5万" -> 15000.0, "2,000" -> 2000.0, " 12.5 " -> 12.5 (cells.parse_figure); "一百", -3,
    NaN and infinity are refused with a message that names the value.
    """
    if value is None or (allow_none and isinstance(value, float) and math.isnan(value)):
        if allow_none:
            return None
        raise InvalidInput(f"{what}不能为空")
    if isinstance(value, bool):
        raise InvalidInput(f"{what}不是数字: {value!r}")
    try:
        number = parse_figure(value) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what}不是数字: {value!r} (应为数字, 如 120、1.5万 或 2,000)") from None
    if not math.isfinite(number):
        raise InvalidInput(f"{what}必须是有限的数字: {value!r}")
    if number < 0:
        raise InvalidInput(f"{what}不能为负数: {value!r}")
    return number


def not_in_future(day: str, what: str, today: date | None = None) -> str:
    """`day` (YYYY-MM-DD) when it is not after today; progress is reported, never forecast."""
    today = (today or date.today()).isoformat()
    if day > today:
        raise InvalidInput(f"{what} {day} 晚于今天 ({today}), 只能记录已经达到的进度")
    return day


def has_number(target_value) -> bool:
    """Whether a commitment has a number to reach; as in the status rules, 0 or less is none."""
    target = number_or_none(target_value)
    return target is not None and target > 0


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _now_with_zone() -> str:
    """Local time with its UTC offset (2026-12-01T13:40:19+08:00): an audit row says when, wherever it is read."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def os_user() -> str:
    """Who the operating system says runs this process; beside `by` in the audit (the command line
    trusts whoever can open the file, so this is the name that answers for a command-line write)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name and no passwd entry (some containers)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"


def _audit_text(value) -> str | None:
    """How a value is written in the audit log: 366.0 as 366, lists as JSON."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def hash_password(password: str) -> str:
    """scrypt$n$r$p$salt$hash with a fresh random salt; the password itself is never kept."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_DKLEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected),
            maxmem=128 * int(r) * int(n) * 2 + 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = Path(__file__).resolve().parent / "lexicon" / "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The passwords people pick first (a data file), lower-cased."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password, name: str | None = None) -> str | None:
    """Why a password may not be set, or None: too short, the user's own name, or a common one."""
    if not isinstance(password, str) or not password:
        return "密码不能为空"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符"
    folded = password.strip().casefold()
    if name and folded == name.strip().casefold():
        return "密码不能与姓名相同"
    if folded in common_passwords():
        return "这个密码太常见, 容易被猜中, 请换一个"
    return None


def _token_hash(token: str) -> str:
    # The token is 256 random bits, so a plain SHA-256 suffices (no salt or slow hash needed):
    # what is stored cannot be turned back into a cookie that signs someone in.
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


# A hash of nothing, checked against when the user is unknown, so a wrong name takes as
# long as a wrong password and sign-in does not reveal which names exist.
_DUMMY_HASH = hash_password(secrets.token_hex(8))


# ---- migrations ------------------------------------------------------------------------------
# Recorded the way sqlite-utils' Migrations records them (one row per applied migration in a
# table), but each runs in one write transaction (tracker.db.Database.transaction) and re-checks
# what is applied once it holds the write lock, so two processes opening a new database at the
# same moment do not both run one. One history for a file and a PostgreSQL database: a migration
# writes its DDL once in SQLite's words (run_script maps the types for PostgreSQL, tracker.db) and
# only triggers are written per dialect (per_dialect).

MIGRATIONS_TABLE = "migrations"
MIGRATION_SET = "tracker"
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = []


def migration(fn: Callable[[Database], None]):
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(db: Database) -> None:
    run_script(db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT,
            date TEXT,
            source TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE commitments (
            id INTEGER PRIMARY KEY,
            article_id INTEGER REFERENCES articles(id),
            sentence TEXT,
            "start" INTEGER NOT NULL DEFAULT 0,
            "end" INTEGER NOT NULL DEFAULT 0,
            target_value REAL,
            unit TEXT,
            task TEXT NOT NULL,
            deadline TEXT,
            deadline_text TEXT,
            officials TEXT NOT NULL DEFAULT '[]',
            units TEXT NOT NULL DEFAULT '[]',
            review TEXT NOT NULL DEFAULT 'extracted',
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_commitments_article ON commitments(article_id);
        CREATE TABLE progress_updates (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER NOT NULL REFERENCES commitments(id),
            value REAL NOT NULL,
            as_of TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            "by" TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            "by" TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id TEXT,
            field TEXT,
            old TEXT,
            new TEXT
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        """
    )


@migration
def m002_work_area_and_completion(db: Database) -> None:
    """Work areas (backfilled from the lexicon), the 'completed' mark, and notes in the audit log."""
    run_script(db,
        """
        ALTER TABLE commitments ADD COLUMN work_area TEXT;
        ALTER TABLE commitments ADD COLUMN completed_on TEXT;  -- the day a person marked it complete, NULL = not
        ALTER TABLE audit_log ADD COLUMN note TEXT;
        """
    )
    rows = db.execute("SELECT id, task, sentence FROM commitments").fetchall()
    db.executemany("UPDATE commitments SET work_area = :area WHERE id = :id",
                   [{"area": assign_area(task, sentence), "id": cid} for cid, task, sentence in rows])


@migration
def m003_indexes(db: Database) -> None:
    """The latest progress of every commitment is one index seek each; the audit of one row is quick."""
    run_script(db,
        """
        CREATE INDEX IF NOT EXISTS idx_progress_latest ON progress_updates(commitment_id, as_of, id, value);
        CREATE INDEX IF NOT EXISTS idx_commitments_deadline ON commitments(deadline);
        CREATE INDEX IF NOT EXISTS idx_audit_row ON audit_log(table_name, row_id);
        """
    )


# The append-only guards on PostgreSQL: one function raising the message each trigger passes it.
# A TRUNCATE skips row triggers there, so it is refused by a statement trigger of its own.
_PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION tracker_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""
PROGRESS_APPEND_ONLY = "progress updates are append-only: record a correction as a new update"
AUDIT_APPEND_ONLY = "the audit log is append-only"


def _pg_guards(table: str, message: str) -> str:
    return "".join(
        f"CREATE TRIGGER {table}_no_{what} BEFORE {what.upper()} ON {table}"
        f" FOR EACH {'STATEMENT' if what == 'truncate' else 'ROW'} EXECUTE FUNCTION tracker_append_only('{message}');\n"
        for what in ("update", "delete", "truncate"))


@migration
def m004_latest_progress(db: Database) -> None:
    """Each commitment points at its latest progress update, kept by a trigger; updates are append-only.

    Reading "the latest update of every commitment" from 1,000,000 updates costs a second;
    following one stored id costs nothing. The trigger keeps the pointer right whoever inserts.
    The append-only triggers make "a correction is a new row" a rule of the file, not a habit.
    """
    run_script(db,
        """
        ALTER TABLE commitments ADD COLUMN latest_progress_id INTEGER;
        UPDATE commitments SET latest_progress_id = (
            SELECT u.id FROM progress_updates u WHERE u.commitment_id = commitments.id
            ORDER BY u.as_of DESC, u.id DESC LIMIT 1);
        """
    )
    per_dialect(db, sqlite=f"""
        CREATE TRIGGER progress_updates_latest AFTER INSERT ON progress_updates
        BEGIN
            UPDATE commitments SET latest_progress_id = NEW.id
            WHERE id = NEW.commitment_id AND (
                latest_progress_id IS NULL
                OR (SELECT as_of FROM progress_updates WHERE id = commitments.latest_progress_id) <= NEW.as_of);
        END;
        CREATE TRIGGER progress_updates_no_update BEFORE UPDATE ON progress_updates
        BEGIN SELECT RAISE(ABORT, '{PROGRESS_APPEND_ONLY}'); END;
        CREATE TRIGGER progress_updates_no_delete BEFORE DELETE ON progress_updates
        BEGIN SELECT RAISE(ABORT, '{PROGRESS_APPEND_ONLY}'); END;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END;
        """, postgresql=_PG_APPEND_ONLY + """
        CREATE FUNCTION progress_updates_latest() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE commitments SET latest_progress_id = NEW.id
            WHERE id = NEW.commitment_id AND (
                latest_progress_id IS NULL
                OR (SELECT as_of FROM progress_updates WHERE id = commitments.latest_progress_id) <= NEW.as_of);
            RETURN NULL;
        END $$;
        CREATE TRIGGER progress_updates_latest AFTER INSERT ON progress_updates
        FOR EACH ROW EXECUTE FUNCTION progress_updates_latest();
        """ + _pg_guards("progress_updates", PROGRESS_APPEND_ONLY) + _pg_guards("audit_log", AUDIT_APPEND_ONLY))


@migration
def m005_latest_progress_value(db: Database) -> None:
    """The latest value and its as-of day copied beside the pointer, by the same trigger.

    Following 100,000 pointers into a 1,000,000-row table still reads pages all over it; the
    copies make "every status as of today" a scan of one table. Updates are append-only
    (m004), so a copied value can never go stale.

    On PostgreSQL two processes may add an update to one commitment at once: the UPDATE below
    waits for the other's row lock and then re-reads the row (READ COMMITTED re-checks its WHERE
    on the newest version), so the later as-of day wins whichever commits first; the store's
    write lock (tracker.db) serialises them before that anyway.
    """
    run_script(db,
        """
        ALTER TABLE commitments ADD COLUMN latest_value REAL;
        ALTER TABLE commitments ADD COLUMN latest_as_of TEXT;
        UPDATE commitments SET
            latest_value = (SELECT value FROM progress_updates WHERE id = commitments.latest_progress_id),
            latest_as_of = (SELECT as_of FROM progress_updates WHERE id = commitments.latest_progress_id)
        WHERE latest_progress_id IS NOT NULL;
        """
    )
    per_dialect(db, sqlite="""
        DROP TRIGGER IF EXISTS progress_updates_latest;
        CREATE TRIGGER progress_updates_latest AFTER INSERT ON progress_updates
        BEGIN
            UPDATE commitments
            SET latest_progress_id = NEW.id, latest_value = NEW.value, latest_as_of = NEW.as_of
            WHERE id = NEW.commitment_id AND (latest_as_of IS NULL OR latest_as_of <= NEW.as_of);
        END;
        """, postgresql="""
        CREATE OR REPLACE FUNCTION progress_updates_latest() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE commitments
            SET latest_progress_id = NEW.id, latest_value = NEW.value, latest_as_of = NEW.as_of
            WHERE id = NEW.commitment_id AND (latest_as_of IS NULL OR latest_as_of <= NEW.as_of);
            RETURN NULL;
        END $$;
        """)


@migration
def m006_commitment_article(db: Database) -> None:
    """The title and date of the article a commitment belongs to, when a page holds several.

    The seed page carries four reports; a commitment from the second (管城区召开…讲评会, 4月26日)
    must show that title, and its time to the deadline starts on that day, not the page's first.
    Empty for older rows, which then show the page's title and date as before.
    """
    run_script(db,
        """
        ALTER TABLE commitments ADD COLUMN article_title TEXT;
        ALTER TABLE commitments ADD COLUMN article_date TEXT;
        """
    )


@migration
def m007_document_reading(db: Database) -> None:
    """What the parser read beside the records: each article's frame, its candidates and proposed progress.

    A progress report (20个村级养老服务站已建成12个) yields a figure that no one has checked yet, so
    it waits in proposed_progress until a manager accepts it; progress_updates stay what people
    (or a manager's acceptance) recorded. A candidate (已建成公园5个, reason past_fact) is a sentence
    the parser did not take, kept so a reviewer can take it with one click.
    """
    run_script(db,
        """
        ALTER TABLE articles ADD COLUMN frames TEXT;  -- JSON list: one frame per article on the page (commitments.md, --frame)
        ALTER TABLE articles ADD COLUMN date_from TEXT;  -- where the page's date was found: title, date_line, lead, file_name, ...
        ALTER TABLE commitments ADD COLUMN basis TEXT;  -- why the parser took it: cue, plan, table, progress, lead
        ALTER TABLE commitments ADD COLUMN confidence REAL;
        CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            article_title TEXT,
            sentence TEXT NOT NULL,
            "start" INTEGER NOT NULL DEFAULT 0,
            "end" INTEGER NOT NULL DEFAULT 0,
            target_value REAL,
            unit TEXT,
            deadline TEXT,
            deadline_text TEXT,
            task TEXT,
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'dismissed')),
            commitment_id INTEGER REFERENCES commitments(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_candidates_article ON candidates(article_id, status);
        CREATE TABLE proposed_progress (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER NOT NULL REFERENCES commitments(id),
            article_id INTEGER REFERENCES articles(id),
            value REAL NOT NULL,
            unit TEXT,
            as_of TEXT,
            sentence TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
            decided_by TEXT,
            decided_at TEXT,
            progress_update_id INTEGER REFERENCES progress_updates(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_proposed_progress_status ON proposed_progress(status, commitment_id);
        CREATE INDEX idx_proposed_progress_article ON proposed_progress(article_id);
        """
    )


@migration
def m008_sessions_and_sign_in_guard(db: Database) -> None:
    """Sign-ins that hold across reloads, accounts that can be disabled or made to change password,
    and failed sign-ins counted where a restart cannot reset them (issue 10).

    A session row keeps only a hash of its token: a copy of the file does not sign anyone in.
    sign_in_failures is keyed by the name typed, known or not, so a lock says nothing about
    which names exist.
    """
    run_script(db,
        """
        ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        );
        CREATE INDEX idx_sessions_name ON sessions(name);
        CREATE TABLE sign_in_failures (
            name TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            last_failure_at TEXT NOT NULL,
            locked_until TEXT
        );
        """
    )


# The fields an audit row's hash covers, in order; the previous row's hash comes first.
AUDIT_CHAINED = ("id", "at", "by", "action", "table_name", "row_id", "field", "old", "new", "note", "os_user")
# The triggers that keep the audit log and progress updates append-only; `audit verify` checks they are there.
GUARD_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete", "progress_updates_no_update", "progress_updates_no_delete")
# PostgreSQL also has TRUNCATE, which row triggers do not see.
PG_GUARD_TRIGGERS = (*GUARD_TRIGGERS, "audit_log_no_truncate", "progress_updates_no_truncate")
_AUDIT_GUARDS_SQL = f"""
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY}'); END;
"""


def audit_hash(previous: str | None, row: dict) -> str:
    """sha256 over the previous row's hash and this row's fields, as JSON (one unambiguous encoding).

    Anyone with the file can still rewrite the whole chain from the forged row on; what the chain
    makes visible is a row deleted, changed or slipped in by hand without doing that.
    """
    payload = json.dumps([previous or "", *(row.get(k) for k in AUDIT_CHAINED)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@migration
def m009_audit_chain(db: Database) -> None:
    """Each audit row: the OS user beside `by`, and a hash chained over the previous row's (issue 10 §5).

    Existing rows are hashed here, in id order; their times stay as written (without an offset,
    as they were recorded). The append-only triggers are lifted only inside this transaction.
    """
    run_script(db, "ALTER TABLE audit_log ADD COLUMN os_user TEXT; ALTER TABLE audit_log ADD COLUMN hash TEXT;")
    per_dialect(db, sqlite="DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;",
                postgresql="DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log;"
                           " DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log;")
    rows = db.execute('SELECT id, at, "by", action, table_name, row_id, field, old, new, note, os_user'
                      " FROM audit_log ORDER BY id").fetchall()
    previous, hashes = None, []
    for values in rows:
        previous = audit_hash(previous, dict(zip(AUDIT_CHAINED, values, strict=True)))
        hashes.append({"hash": previous, "id": values[0]})
    db.executemany("UPDATE audit_log SET hash = :hash WHERE id = :id", hashes)
    per_dialect(db, sqlite=_AUDIT_GUARDS_SQL, postgresql="""
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION tracker_append_only('the audit log is append-only');
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION tracker_append_only('the audit log is append-only');
        """)


@migration
def m010_original_documents(db: Database) -> None:
    """The file an article was read from, kept once per content hash, and what was read from it.

    The bytes live in a BLOB column, not in files beside the database: SQLite's online backup
    (Store.backup, `tracker backup`) then copies them with everything else in one consistent
    file, an article and its original are written in one transaction (no file left behind by a
    rolled-back import, none missing after a crash), and there is no second place whose
    permissions and paths must be kept right. The readers cap a file at a few hundred MB
    (config.reader_limits), well under SQLite's 1 GB per value. The documents table is apart
    from articles so that reading articles never pages through the bytes.
    """
    run_script(db,
        # data last: a row's columns are stored in order, so the name and size of a 50 MB file are
        # read without walking its overflow pages (36 ms with data before created_at, 0.1 ms after).
        """
        CREATE TABLE documents (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
            size INTEGER NOT NULL, created_at TEXT NOT NULL, data BLOB NOT NULL);
        ALTER TABLE articles ADD COLUMN document_sha256 TEXT REFERENCES documents(sha256);
        ALTER TABLE articles ADD COLUMN read_summary TEXT;  -- DocumentText.summary(): PDF，3 页，含 OCR 识别文字
        ALTER TABLE articles ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;  -- some text recognised from images
        CREATE INDEX idx_articles_document ON articles(document_sha256);  -- the articles read from one file
        """
    )


@migration
def m011_units(db: Database) -> None:
    """The 责任单位 a person belongs to, the names merged into one unit, and each commitment's units in a table.

    A commitment keeps its units as read (a JSON list); commitment_units repeats them one row
    each with an index, so "the commitments of 区城建局" is an index seek, not parsing 100,000
    JSON lists (我的任务 of one unit over 100,000 commitments: the whole view costs ~1.5 s, the
    seek a few ms). The store keeps it on every insert and every change of units; it holds the
    names as read, and unit_aliases maps a name to the one it was renamed or merged into, so a
    later import that says 区城建局 lands in 城建局 without rewriting anything.
    """
    run_script(db,
        """
        CREATE TABLE user_units (
            name TEXT NOT NULL REFERENCES users(name),
            unit TEXT NOT NULL,
            PRIMARY KEY (name, unit)
        );
        CREATE TABLE unit_aliases (
            alias TEXT PRIMARY KEY,
            unit TEXT NOT NULL
        );
        CREATE TABLE commitment_units (
            commitment_id INTEGER NOT NULL REFERENCES commitments(id),
            unit TEXT NOT NULL,
            PRIMARY KEY (unit, commitment_id)
        );
        CREATE INDEX idx_commitment_units_commitment ON commitment_units(commitment_id);
        """
    )
    fill_commitment_units(db)


def fill_commitment_units(db: Database, rows=None) -> int:
    """One commitment_units row per (commitment, unit) of `rows` (id, units JSON), default every commitment.

    For m011's backfill and for tools that insert commitments in bulk around the store (benchmarks).
    `db` may also be a sqlite-utils Database.
    """
    db = as_database(db)
    if rows is None:
        rows = db.execute("SELECT id, units FROM commitments").fetchall()
    pairs = [{"commitment_id": cid, "unit": unit} for cid, units in rows for unit in _unit_list(units)]
    db.executemany("INSERT INTO commitment_units (commitment_id, unit) VALUES (:commitment_id, :unit)"
                   " ON CONFLICT (unit, commitment_id) DO NOTHING", pairs)
    return len(pairs)


def _unit_list(value) -> list[str]:
    """The distinct unit names of a stored JSON list, in order: '["区城建局", "区城建局 "]' -> ["区城建局"]."""
    try:
        names = json.loads(value) if isinstance(value, str) and value else (value or [])
    except ValueError:
        return []
    return list(dict.fromkeys(str(u).strip() for u in names if isinstance(u, str) and u.strip()))


@migration
def m012_evidence_and_signoff(db: Database) -> None:
    """Evidence files on progress updates (佐证材料) and the manager's sign-off of a completion (销号), issue 11.

    The bytes of an evidence file are kept once per sha256 in evidence_files, a table of their
    own rather than m010's documents: documents are the originals of articles, which anyone
    signed in may read and 导入 lists, while evidence belongs to one commitment and is read under
    that commitment's rules (a unit's staff see their own units' only). As in m010 the bytes are a
    BLOB (so `backup` carries them in its one consistent file), written last in the row, and
    evidence rows (one per file attached, with the name it was given) are apart from them.

    A completion waits as 待销号 until a manager signs it off (signed_off_on, _by, _at; finished_on,
    the day it was finished, decides 按期完成 or 逾期完成) or returns it with a reason: the
    figures that reported it are listed in returned_updates (progress updates stay append-only,
    so they are set aside, never changed) and returned_reason is shown to the unit until the
    next completion. Every decision is a row of signoffs. Completions stored before this
    migration count as signed off on the day they finished (backfilled below, by "system").
    """
    run_script(db, """
        CREATE TABLE evidence_files (
            sha256 TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER NOT NULL REFERENCES commitments(id),
            progress_update_id INTEGER REFERENCES progress_updates(id),
            sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            size INTEGER NOT NULL,
            "by" TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_evidence_commitment ON evidence(commitment_id);
        CREATE INDEX idx_evidence_sha256 ON evidence(sha256);
        CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER NOT NULL REFERENCES commitments(id),
            decision TEXT NOT NULL CHECK (decision IN ('signed_off', 'returned')),
            finished_on TEXT,
            reason TEXT,
            "by" TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_signoffs_commitment ON signoffs(commitment_id);
        CREATE TABLE returned_updates (
            id INTEGER PRIMARY KEY,
            progress_update_id INTEGER NOT NULL UNIQUE REFERENCES progress_updates(id),
            signoff_id INTEGER NOT NULL REFERENCES signoffs(id)
        );
        ALTER TABLE commitments ADD COLUMN finished_on TEXT;
        ALTER TABLE commitments ADD COLUMN signed_off_on TEXT;
        ALTER TABLE commitments ADD COLUMN signed_off_by TEXT;
        ALTER TABLE commitments ADD COLUMN signed_off_at TEXT;
        ALTER TABLE commitments ADD COLUMN returned_reason TEXT;
    """)
    now = _now()
    db = as_database(db)
    finished = {cid: day for cid, day in db.execute(
        "SELECT id, completed_on FROM commitments WHERE completed_on IS NOT NULL").fetchall()}
    reached = db.execute(
        "SELECT id, target_value FROM commitments WHERE target_value > 0 AND latest_value >= target_value").fetchall()
    for cid, target in reached:
        if cid not in finished:
            finished[cid] = _finished_day(db, cid, target)
    for cid, day in finished.items():
        db.execute("UPDATE commitments SET finished_on = :day, signed_off_on = :day, signed_off_by = :by,"
                   " signed_off_at = :at WHERE id = :id", {"day": day, "by": SYSTEM, "at": now, "id": cid})


def _finished_day(db, commitment_id: int, target: float) -> str | None:
    """The as-of day of the figure that reached the target: the oldest of the latest run of figures at or
    above it (updates set aside by a return do not count). 200, 366 (06-30), 370 (07-31) -> 06-30."""
    rows = as_database(db).execute(
        "SELECT u.value, u.as_of FROM progress_updates u WHERE u.commitment_id = :cid"
        " AND NOT EXISTS (SELECT 1 FROM returned_updates r WHERE r.progress_update_id = u.id)"
        " ORDER BY u.as_of DESC, u.id DESC", {"cid": commitment_id}).fetchall()
    day = None
    for value, as_of in rows:
        if value is None or value < target:
            break
        day = as_of
    return day


@migration
def m013_extensions(db: Database) -> None:
    """Requests for a later deadline (延期申请) and a manager's decision on each (issue 11).

    The commitment's own deadline stays as read; the deadline in force is the newest approved
    request's, from the day it was approved (Store._view), so a past day still shows the old one.
    """
    run_script(db,
        """
        CREATE TABLE extensions (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER NOT NULL REFERENCES commitments(id),
            requested_deadline TEXT NOT NULL,
            reason TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'refused')),
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            decision_note TEXT
        );
        CREATE INDEX idx_extensions_commitment ON extensions(commitment_id, status);
        CREATE INDEX idx_extensions_status ON extensions(status, decided_at);
        """
    )


@migration
def m014_instructions(db: Database) -> None:
    """A manager's instructions on a commitment (批示) and reminders to a unit (催办), and who read each.

    An instruction names its commitment, a reminder its unit; a read is one row per person, so
    "unread" is a row that is not there (the writer never has to mark their own).
    """
    run_script(db,
        """
        CREATE TABLE instructions (
            id INTEGER PRIMARY KEY,
            commitment_id INTEGER REFERENCES commitments(id),
            unit TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('instruction', 'reminder')),
            text TEXT NOT NULL,
            "by" TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CHECK ((kind = 'instruction' AND commitment_id IS NOT NULL) OR (kind = 'reminder' AND unit IS NOT NULL))
        );
        CREATE INDEX idx_instructions_commitment ON instructions(commitment_id);
        CREATE INDEX idx_instructions_unit ON instructions(unit);
        CREATE TABLE instruction_reads (
            instruction_id INTEGER NOT NULL REFERENCES instructions(id),
            name TEXT NOT NULL,
            read_at TEXT NOT NULL,
            PRIMARY KEY (instruction_id, name)
        );
        """
    )


# Never rewritten: both are append-only (triggers refuse UPDATE) and the audit log is hash-chained.
APPEND_ONLY = ("audit_log", "progress_updates")


@migration
def m015_no_nul_in_stored_text(db: Database) -> None:
    """Text SQLite kept with a NUL character (\\x00) before the store refused it: each NUL becomes
    U+FFFD (the replacement character), one for one, so sentence offsets into an article still hold.

    Since m015 the store refuses NUL in anything it writes (Store._exec), and a stored value is often
    written again (a field's old value goes into the audit log, a candidate's sentence into its
    commitment): a NUL left in the data would make those writes fail. PostgreSQL never stored one.
    """
    if db.is_postgresql:
        return
    # instr() finds a NUL where SQLite's replace() cannot handle one, so the new value is made in Python.
    catalogue = sa.inspect(db.sa)
    for table in db.tables():
        columns = catalogue.get_columns(table)
        if table in APPEND_ONLY or "id" not in {c["name"] for c in columns}:
            continue  # names and keys only (units, sessions, reads): the name rules never let a NUL in
        for column in [c["name"] for c in columns if isinstance(c["type"], sa.String)]:
            rows = db.execute(f'SELECT id, "{column}" FROM "{table}" WHERE instr("{column}", char(0)) > 0').fetchall()
            for row_id, value in rows:
                db.execute(f'UPDATE "{table}" SET "{column}" = :value WHERE id = :id',
                           {"value": value.replace("\x00", "\ufffd"), "id": row_id})


def run_script(db: Database, script: str) -> None:
    """Run a script of portable statements inside the caller's transaction, one at a time.

    sqlite3's executescript commits whatever transaction is open before it runs, so a migration
    killed halfway would leave its first half applied and unrecorded; statement by statement it
    stays all or nothing. CREATE TABLE and ALTER TABLE are written in SQLite's types and mapped
    for PostgreSQL (tracker.db.translate_ddl); a trigger is not portable, so it goes through
    per_dialect instead. `db` may also be a sqlite-utils Database (older tests hand one).
    """
    db = as_database(db)
    for statement in statements(script):
        if db.is_postgresql and TRIGGER_RE.match(statement):
            raise ValueError("triggers differ between SQLite and PostgreSQL: write both with per_dialect()")
        db.execute(translate_ddl(statement, db.dialect))


def per_dialect(db: Database, *, sqlite: str, postgresql: str) -> None:
    """Run the script written for this database's dialect verbatim (triggers: SQL the two do not share)."""
    db = as_database(db)
    db.driver_script(postgresql if db.is_postgresql else sqlite)


def as_database(db) -> Database:
    """A tracker.db.Database as is; a sqlite-utils Database (as tests open old files) wrapped around its connection."""
    if isinstance(db, Database):
        return db
    if isinstance(db, sqlite3.Connection):
        return wrap_sqlite(db)
    wrapped = getattr(db, "_tracker_database", None)
    if wrapped is None:
        wrapped = wrap_sqlite(db.conn)
        db._tracker_database = wrapped
    return wrapped


def applied_migrations(db) -> list[str]:
    db = as_database(db)
    if not db.table_exists(MIGRATIONS_TABLE):
        return []
    rows = db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = :set ORDER BY id",
                      {"set": MIGRATION_SET}).fetchall()
    return [r[0] for r in rows]


def migrate(db, upto: int | None = None) -> bool:
    """Apply pending migrations (only the first `upto` when given). True if the database had none before."""
    db = as_database(db)
    applied = applied_migrations(db)
    unknown = [name for name in applied if name not in dict(MIGRATIONS)]
    if unknown:
        raise NewerVersion(f"数据库由更新版本的 tracker 写入（本版本不认识其结构 {', '.join(unknown)}），"
                           "请升级 tracker 后再打开；本版本不会修改这个文件")
    fresh = not applied
    for number, (name, fn) in enumerate(MIGRATIONS, start=1):
        if upto is not None and number > upto:
            break
        with db.transaction():
            db.execute(translate_ddl(
                f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY, migration_set TEXT NOT NULL,"
                " name TEXT NOT NULL, applied_at TEXT NOT NULL, UNIQUE (migration_set, name))", db.dialect))
            if name in applied_migrations(db):
                continue
            fn(db)
            db.execute(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (:set, :name, :at)",
                       {"set": MIGRATION_SET, "name": name, "at": str(datetime.now(UTC))})
    return fresh


def connect(where) -> Database:
    """The database at `where` (a file path or a postgresql:// URL), opened as the store opens it, unmigrated."""
    return open_database(where)


def damaged(path, exc: Exception) -> StoreError:
    """The person's sentence for a database that cannot be read: a damaged file, not a database at all,
    or a PostgreSQL server that refused or could not be reached."""
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return DamagedDatabase(f"无法打开数据库 {path}: 文件已损坏或不是 tracker 数据库 ({exc})；请用备份恢复")
    if is_url(str(path)):
        return StoreError(f"无法连接数据库 {shown(str(path))}: {' '.join(str(exc).split())}")
    return StoreError(f"无法打开数据库 {path}: {exc}")


# ---- the store --------------------------------------------------------------------------------

# The latest update on or before :as_of: the copy kept on the commitment when it is not after
# :as_of (always so for today), else an index-only seek (idx_progress_latest) for the latest
# update that is. Scalar subqueries inside CASE, not a join: PostgreSQL hashed all of
# progress_updates to join it even when no row needed it (1.5 s of 2 s at 1,000,000 updates,
# measured), while both databases run a subquery only for the rows that need it; on SQLite the
# view as of today costs the same as with the join, and a past day less (4.2 s -> 2.9 s wall).
# Article fields are looked up afterwards by id: joining them here would make 100,000 copies
# of a few thousand titles as Python strings.
_LATEST_ON = """(SELECT u.{column} FROM progress_updates u WHERE u.commitment_id = c.id AND u.as_of <= :as_of
           AND NOT EXISTS (SELECT 1 FROM returned_updates r WHERE r.progress_update_id = u.id)
           ORDER BY u.as_of DESC, u.id DESC LIMIT 1)"""
_VIEW_SQL = """
SELECT c.id, c.article_id, c.article_title AS own_title, c.article_date AS own_date, c.sentence, c."start", c."end", c.target_value, c.unit, c.task, c.deadline, c.deadline_text,
       c.officials, c.units, COALESCE(c.work_area, '其他') AS work_area, c.review, c.created_at,
       CASE WHEN c.latest_as_of IS NULL OR c.latest_as_of <= :as_of THEN c.latest_value
            ELSE """ + _LATEST_ON.format(column="value") + """ END AS progress,
       CASE WHEN c.latest_as_of IS NULL OR c.latest_as_of <= :as_of THEN c.latest_as_of
            ELSE """ + _LATEST_ON.format(column="as_of") + """ END AS progress_as_of,
       c.completed_on IS NOT NULL AND c.completed_on <= :as_of AS completed,
       c.signed_off_on IS NOT NULL AND c.signed_off_on <= :as_of AS signed_off,
       c.finished_on, c.returned_reason
FROM commitments c
{where}
ORDER BY c.id
"""
EDITABLE_FIELDS = ("sentence", "target_value", "unit", "task", "deadline", "deadline_text",
                   "officials", "units", "work_area", "review", "start", "end")
VIEW_COLUMNS = ("id", "article_id", "source", "article_title", "article_date", "sentence", "start", "end",
                "target_value", "unit", "task", "deadline", "deadline_text", "officials", "units", "work_area",
                "review", "created_at", "progress", "progress_as_of", "completed", "original_deadline", "signed_off",
                "finished_on", "returned_reason", "share", "status")


def _json_lists(values, canon: dict[str, str] | None = None) -> pd.Series:
    """JSON lists parsed once per distinct string: the commitments of one article mostly share
    their officials and units, and parsing 200,000 small strings one by one costs half a second.
    Rows with equal values share one list object; treat the lists in the view as read-only.
    With `canon` (unit aliases) each name is replaced by its canonical one, once each:
    ["区城建局", "城建局"] with {"区城建局": "城建局"} -> ["城建局"]."""
    parsed = {v: json.loads(v) if v else [] for v in set(values)}
    if canon:
        parsed = {v: list(dict.fromkeys(canon.get(u, u) for u in names)) for v, names in parsed.items()}
    return pd.Series(list(map(parsed.__getitem__, values)), dtype=object)


def _locked(method):
    """One connection serves every thread of the dashboard; a transaction must not interleave with another."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


def plain_records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain Python dicts for JSON: NaN -> None, numpy numbers -> int/float."""
    out = []
    for row in df.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
                value = None
            elif hasattr(value, "item") and not isinstance(value, (list, dict, str)):
                value = value.item()
            clean[key] = value
        out.append(clean)
    return out


class Store:
    """The tracker database. Open one per process (the dashboard caches one for all sessions)."""

    def __init__(self, path: str | os.PathLike | None = None, *, clock: Callable[[], datetime] | None = None,
                 sign_in: config.SignInSettings | None = None):
        # A file path (the default), or a postgresql:// URL (issue 13): tracker.db hides which.
        self.path = config.db_path(path)
        self._lock = threading.RLock()
        # Sessions and sign-in locks are timed by this clock, so tests freeze it instead of waiting.
        self.clock = clock or datetime.now
        self.sign_in = sign_in or config.SIGN_IN
        self.sleep = time.sleep  # the pause after a failed sign-in
        self._os_user = os_user()
        try:
            self.db = open_database(self.path)
        except Exception as exc:
            if not (isinstance(exc, OSError) or is_driver_error(exc)):
                raise
            raise damaged(self.path, exc) from exc
        try:
            # True when this open created the database's tables: tracker.ingest.open_store seeds it then.
            self.fresh = migrate(self.db)
        except Exception as exc:
            self.db.close()
            if isinstance(exc, OSError) or is_driver_error(exc):
                raise damaged(self.path, exc) from exc
            raise

    @property
    def is_postgresql(self) -> bool:
        return self.db.is_postgresql

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def today(self) -> str:
        """Today by the store's clock (YYYY-MM-DD): the default as-of day of the view, progress and completion,
        and the last day progress may be dated; a test that freezes the clock freezes today."""
        return self.clock().date().isoformat()

    # ---- plumbing ----

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock, self.db.transaction():
            yield

    # Every SQL of the store goes through _exec (_one, _all, _frame, _dict and _view call it), with
    # named parameters (:name) and a dict, in SQL that SQLite and PostgreSQL both read (tracker.db
    # runs it on either).
    def _exec(self, sql: str, params=None):
        # The one place text typed by people meets the database: every write method (and every read)
        # reaches SQL here, so a NUL character (\x00) is refused here, before either backend sees it.
        # SQLite would store it and PostgreSQL refuses it in TEXT (a driver error mid-transaction):
        # checked here, the same input is refused with the same sentence on both. Text read from files
        # has its NULs dropped earlier, where tracker.ingest.read_text normalises it.
        _refuse_nul(params)
        return self.db.execute(sql, params)

    def _one(self, sql: str, params=None) -> tuple | None:
        return self._exec(sql, params).first()

    def _all(self, sql: str, params=None) -> list[tuple]:
        return self._exec(sql, params).fetchall()

    def _frame(self, sql: str, params=None) -> pd.DataFrame:
        rows = self._exec(sql, params)
        return pd.DataFrame.from_records(rows.fetchall(), columns=rows.keys())

    def _dict(self, sql: str, params=None) -> dict | None:
        """One row as {column: value}, or None."""
        return self._exec(sql, params).first_dict()

    def _role(self, by: str | None) -> str:
        row = self._one("SELECT role, disabled FROM users WHERE name = :name", {"name": by}) if by else None
        if row is None:
            raise PermissionDenied(f"权限不足: 未知用户 {by!r}")
        if row[1]:
            raise PermissionDenied(f"权限不足: 用户 {by} 已停用")
        return row[0]

    def _require(self, by: str | None, roles: tuple[str, ...], action: str) -> None:
        role = self._role(by)
        if role not in roles:
            raise PermissionDenied(f"权限不足: {ROLE.get(role, role)}({role}) {by} 不能{action}")

    def _audit(self, by, action, table, row_id, field=None, old=None, new=None, note=None) -> None:
        """One audit row, chained to the last (always inside a write transaction, so rows cannot race)."""
        last = self._one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        row = {"id": (last[0] + 1) if last else 1, "at": _now_with_zone(), "by": by or SYSTEM, "action": action,
               "table_name": table, "row_id": None if row_id is None else str(row_id), "field": field,
               "old": _audit_text(old), "new": _audit_text(new), "note": note or None, "os_user": self._os_user}
        self._exec(
            'INSERT INTO audit_log (id, at, "by", action, table_name, row_id, field, old, new, note, os_user, hash)'
            " VALUES (:id, :at, :by, :action, :table_name, :row_id, :field, :old, :new, :note, :os_user, :hash)",
            {**row, "hash": audit_hash(last[1] if last else None, row)},
        )

    @_locked
    def verify_audit(self) -> dict:
        """Walk the audit chain: {"rows", "ok", "broken_at" (first bad id or None), "reason", "missing_triggers"}.

        A row whose hash does not match its fields and the previous row's hash is where the log
        was changed, cut or forged by hand; a missing append-only trigger is reported beside it.
        """
        present = self.db.triggers()
        missing = [t for t in (PG_GUARD_TRIGGERS if self.is_postgresql else GUARD_TRIGGERS) if t not in present]
        chain = _walk_audit_chain(self.db)
        return {**chain, "ok": chain["broken_at"] is None and not missing, "missing_triggers": missing}

    def _commitment_row(self, commitment_id) -> dict:
        cid = _int_id(commitment_id, "承诺")
        row = self._dict("SELECT * FROM commitments WHERE id = :id", {"id": cid})
        if row is None:
            raise NotFound(f"没有编号为 {cid} 的承诺")
        return row

    @_locked
    def seeded(self) -> bool:
        """Whether the demo articles were stored once already (tracker.ingest.seed); never twice."""
        return self._one("SELECT 1 FROM meta WHERE key = 'seeded'") is not None

    def mark_seeded(self) -> None:
        with self._write():
            self._exec("INSERT INTO meta (key, value) VALUES ('seeded', :now)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", {"now": _now()})

    # ---- reads ----

    def _view(self, where: str, params: dict, as_of) -> pd.DataFrame:
        day = as_date(as_of, "查看日期") or self.today()
        result = self._exec(_VIEW_SQL.format(where=where), {"as_of": day, **params})
        names, rows = result.keys(), result.fetchall()
        cols = dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else {n: () for n in names}
        article_fields = self._article_fields(cols["article_id"])
        for name, own in (("article_title", "own_title"), ("article_date", "own_date")):
            mine = np.array(cols[own], dtype=object)
            article_fields[name] = pd.Series(np.where(pd.isna(mine), article_fields[name].to_numpy(), mine), dtype=object)
        df = pd.DataFrame(
            {
                "id": pd.Series(cols["id"], dtype="int64"),
                "article_id": pd.Series(cols["article_id"], dtype="Int64"),
                **article_fields,
                "sentence": pd.Series(cols["sentence"], dtype=object),
                "start": pd.Series(cols["start"], dtype="int64"),
                "end": pd.Series(cols["end"], dtype="int64"),
                "target_value": pd.Series(cols["target_value"], dtype="float64"),
                **{c: pd.Series(cols[c], dtype=object) for c in ("unit", "task", "deadline", "deadline_text")},
                "officials": _json_lists(cols["officials"]),
                "units": _json_lists(cols["units"], self._aliases()),
                **{c: pd.Series(cols[c], dtype=object) for c in ("work_area", "review", "created_at")},
                "progress": pd.Series(cols["progress"], dtype="float64"),
                "progress_as_of": pd.Series(cols["progress_as_of"], dtype=object),
            }
        )
        df["completed"] = np.asarray(cols["completed"], dtype=bool)
        # `deadline` is the one in force on `day` (the status rules read it); the deadline as read stays beside it.
        df["original_deadline"] = df["deadline"]
        if extended := self._deadlines_in_force(day):
            moved = df["id"].map(extended)
            df["deadline"] = moved.where(moved.notna(), df["deadline"]).astype(object)
        df["signed_off"] = np.asarray(cols["signed_off"], dtype=bool)
        for name in ("finished_on", "returned_reason"):
            df[name] = pd.Series(cols[name], dtype=object)
        df["share"] = shares(df)
        df["status"] = statuses(df, day)
        df.loc[df["status"].isna().to_numpy(), "share"] = float("nan")  # rejected: no status, no share
        return df

    def _deadlines_in_force(self, day: str) -> dict[int, str]:
        """{commitment id: the newest approved extension's deadline} for requests approved on or before `day`.

        An extension approved on 2026-03-05 moves the deadline from that day on; on 2026-03-04 the
        commitment is judged by the deadline it had. decided_at is a timestamp, so "on or before
        the day" is "before the next day" as text (no date function in the SQL).
        """
        after = (dates.day(day) + timedelta(days=1)).isoformat()
        rows = self._all(
            "SELECT commitment_id, requested_deadline FROM extensions WHERE status = 'approved'"
            " AND decided_at < :after ORDER BY commitment_id, decided_at, id", {"after": after})
        return dict(rows)  # the last row of each commitment wins: its newest approval

    def _article_fields(self, article_ids) -> dict[str, pd.Series]:
        """source, article_title and article_date for each article id (None where there is none)."""
        rows = self._all("SELECT id, source, title, date FROM articles")
        known = pd.Index([r[0] for r in rows], dtype="int64")
        ids = pd.array(article_ids, dtype="Int64")
        # -1 (no such article, or a commitment typed in without one) picks the None appended last.
        where = known.get_indexer(ids.fillna(-1).to_numpy(dtype="int64")) if len(ids) else np.array([], dtype="int64")
        fields = {}
        for name, k in (("source", 1), ("article_title", 2), ("article_date", 3)):
            values = np.array([r[k] for r in rows] + [None], dtype=object)
            fields[name] = pd.Series(values[where], dtype=object)
        return fields

    @_locked
    def commitments(self, as_of: date | str | None = None, include_rejected: bool = False, *,
                    for_user: str | None = None, units=None) -> pd.DataFrame:
        """The commitment view: one row per commitment with its latest progress and status on `as_of`.

        Progress entered with an as-of date after `as_of` is not counted, so a past day shows the
        state of that day. Rejected commitments are left out unless asked for (status None).
        for_user="wang" keeps only what wang may see (see `scope`; an unknown or disabled name is
        refused); units=["城建局"] keeps the commitments of those units (aliases count as theirs).
        With neither, every commitment, as for the command line and other trusted callers.
        """
        clauses, params = ([] if include_rejected else ["c.review != 'rejected'"]), {}
        scope = None if units is None else frozenset(self._canonical(u) for u in _units(units))
        if for_user is not None:
            allowed = self._scope(for_user)
            scope = allowed if scope is None else scope if allowed is None else scope & allowed
        if scope is not None:
            clauses.append(self._in_units(scope, params))
        return self._view(("WHERE " + " AND ".join(clauses)) if clauses else "", params, as_of)

    def unit_ranking(self, as_of: date | str | None = None, *, period=None, period_of: str = "deadline",
                     areas=None, reminders=None) -> pd.DataFrame:
        """单位排名 as of a day: tracker.ranking.unit_ranking over the commitment view of that day.

            >>> Store().unit_ranking("2026-11-26", period=("2026-01-01", "2026-12-31"), areas=["城市建设"])

        `reminders` (unit -> open reminders) adds the column open_reminders.
        """
        day = as_date(as_of, "查看日期") or self.today()
        return unit_ranking(self.commitments(day), day, period=period, period_of=period_of, areas=areas,
                            reminders=reminders)

    @_locked
    def data_version(self) -> int:
        """A number that grows with every audited change except signing in: what the dashboard keys
        its cached commitment view on, read in one index step however long the log.

        Every write is audited in its own transaction, so a change made anywhere (dashboard,
        command line, Python) moves it; a sign-in does not, so the view read while the sign-in
        form was open is still the one shown after it.

            >>> store.data_version()   # after 12,480 audited changes
            12480
        """
        row = self._one("SELECT id FROM audit_log WHERE action NOT IN (:a, :b, :c) ORDER BY id DESC LIMIT 1",
                        {"a": "sign_in", "b": "sign_in_failed", "c": "sign_in_refused"})
        return int(row[0]) if row else 0

    @_locked
    def rejected_commitments(self, as_of: date | str | None = None) -> pd.DataFrame:
        """The commitments a manager rejected (status None), for the 审核 page's 撤销驳回; the view's columns."""
        return self._view("WHERE c.review = 'rejected'", {}, as_of)

    @_locked
    def commitment(self, commitment_id: int, as_of: date | str | None = None, by: str | None = None) -> dict:
        """One row of the commitment view as a plain dict (rejected ones too), with deadline_by_hand and
        deadline_read: whether a person changed the deadline, and the date that was read.

        With `by`, a commitment outside that person's units is refused (PermissionDenied, which
        names only the number), as is an unknown or disabled name.
        """
        row = self._commitment_row(commitment_id)
        if by is not None:
            self._require_visible(by, row, "查看")
        record = {**plain_records(self._view("WHERE c.id = :id", {"id": row["id"]}, as_of))[0], **self._deadline_as_read(row)}
        # who signed it off and when: for one commitment only (the whole view does without them)
        signed = record["signed_off"]
        record.update(signed_off_by=row["signed_off_by"] if signed else None,
                      signed_off_at=row["signed_off_at"] if signed else None)
        return record

    @_locked
    def article(self, article_id: int) -> dict:
        """One article with its text, where its date came from and its frames (a list of dicts)."""
        article = self._dict(
            "SELECT id, title, date, date_from, source, text, content_hash, ingested_at, frames, document_sha256,"
            " read_summary, ocr FROM articles WHERE id = :id",
            {"id": _int_id(article_id, "文章")},
        )
        if article is None:
            raise NotFound(f"没有编号为 {article_id} 的文章")
        article["frames"] = json.loads(article["frames"] or "[]")
        article["ocr"] = bool(article["ocr"])
        return article

    @_locked
    def document(self, sha256: str, by: str | None, data: bool = True) -> dict:
        """The original file kept under `sha256`: name, kind, size, created_at and (unless data=False) data, its bytes.

        Anyone signed in may fetch it (viewers included: it is the source of what they see);
        an unknown name is refused like any other request made in someone's name.
        """
        self._role(by)
        columns = "sha256, name, kind, size, created_at" + (", data" if data else "")
        row = self._dict(f"SELECT {columns} FROM documents WHERE sha256 = :sha256", {"sha256": str(sha256 or "")})
        if row is None:
            raise NotFound(f"没有保存这份原始文件: {sha256}")
        if data:
            row["data"] = bytes(row["data"])  # psycopg hands BYTEA over as a memoryview, sqlite3 as bytes
        return row

    @_locked
    def documents(self) -> pd.DataFrame:
        """Every original file kept, without its bytes: sha256, name, kind, size, created_at, articles."""
        return self._frame(
            "SELECT d.sha256, d.name, d.kind, d.size, d.created_at,"
            " (SELECT count(*) FROM articles a WHERE a.document_sha256 = d.sha256) AS articles"
            " FROM documents d ORDER BY d.created_at, d.sha256"
        )

    @_locked
    def articles(self) -> pd.DataFrame:
        """Every article without its text: id, title, date, date_from, source, content_hash, ingested_at,
        document_sha256, read_summary, ocr, commitments, and how many candidates and proposed updates
        still wait for a manager."""
        frame = self._frame(
            "SELECT a.id, a.title, a.date, a.date_from, a.source, a.content_hash, a.ingested_at,"
            " a.document_sha256, a.read_summary, a.ocr,"
            " (SELECT count(*) FROM commitments c WHERE c.article_id = a.id) AS commitments,"
            " (SELECT count(*) FROM candidates k WHERE k.article_id = a.id AND k.status = 'open') AS open_candidates,"
            " (SELECT count(*) FROM proposed_progress p WHERE p.article_id = a.id AND p.status = 'proposed')"
            " AS proposed_progress"
            " FROM articles a ORDER BY a.id"
        )
        # True/False on both databases (as article() gives): `ocr = 1` came back 0/1 from SQLite, a bool from PostgreSQL
        frame["ocr"] = frame["ocr"].astype(bool)
        return frame

    @_locked
    def candidates(self, article_id: int | None = None, status: str | None = "open") -> pd.DataFrame:
        """Sentences the parser did not take: id, article_id, sentence, start, end, target_value, unit,
        deadline, deadline_text, task, reason, status, commitment_id; open ones unless `status` says."""
        where, params = _where({"article_id": article_id, "status": status})
        return self._frame(
            'SELECT id, article_id, article_title, sentence, "start", "end", target_value, unit, deadline, deadline_text,'
            f" task, reason, status, commitment_id FROM candidates{where} ORDER BY id", params)

    @_locked
    def proposed_progress(self, article_id: int | None = None, status: str | None = "proposed") -> pd.DataFrame:
        """Progress read from texts: id, commitment_id, task, target_value, unit, value, as_of, sentence,
        article_id, status, decided_by, decided_at; those waiting for a decision unless `status` says."""
        where, params = _where({"p.article_id": article_id, "p.status": status})
        return self._frame(
            "SELECT p.id, p.commitment_id, c.task, c.target_value, c.unit AS target_unit, p.value, p.unit, p.as_of,"
            " p.sentence, p.article_id, p.status, p.decided_by, p.decided_at, p.progress_update_id"
            f" FROM proposed_progress p JOIN commitments c ON c.id = p.commitment_id{where} ORDER BY p.id", params)

    @_locked
    def progress_history(self, commitment_id: int) -> pd.DataFrame:
        """Every progress update of one commitment, oldest as-of date first (corrections after what they correct).

        `returned` (bool) says whether a manager's return (退回) set the update aside (returned_updates:
        it no longer counts), and `returned_reason` is that return's reason (None when it counts).
        """
        row = self._commitment_row(commitment_id)
        history = self._frame(
            'SELECT u.id, u.commitment_id, u.value, u.as_of, u.note, u."by", u.created_at,'
            " CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS returned, s.reason AS returned_reason"
            " FROM progress_updates u LEFT JOIN returned_updates r ON r.progress_update_id = u.id"
            " LEFT JOIN signoffs s ON s.id = r.signoff_id"
            " WHERE u.commitment_id = :id ORDER BY u.as_of, u.id",
            {"id": row["id"]},
        )
        return history.assign(returned=history["returned"].astype(bool))

    @_locked
    def audit_log(self, table: str | None = None, row_id: int | None = None, limit: int | None = None) -> pd.DataFrame:
        """Changes, newest first: id, at, by, action, table, row_id, field, old, new, note."""
        clauses, params = [], {}
        if table:
            clauses.append("table_name = :table")
            params["table"] = table
        if row_id is not None:
            clauses.append("row_id = :row_id")
            params["row_id"] = str(row_id)
        sql = 'SELECT id, at, "by", action, table_name AS "table", row_id, field, old, new, note FROM audit_log'
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._frame(sql, params)

    @_locked
    def users(self) -> list[dict]:
        """Everyone who can sign in: name, role, created_at, disabled, must_change_password."""
        fields = ("name", "role", "created_at", "disabled", "must_change_password")
        rows = self._all(f"SELECT {', '.join(fields)} FROM users ORDER BY name")
        return [dict(zip(fields, (*r[:3], bool(r[3]), bool(r[4])), strict=True)) for r in rows]

    @_locked
    def has_users(self) -> bool:
        return self._one("SELECT 1 FROM users LIMIT 1") is not None

    def authenticate(self, name: str, password: str) -> dict | None:
        """{"name", "role"} when the password is right, else None; each sign-in goes to the audit log.

        Wrong passwords for one name are counted in the database: each waits longer than the
        last (delay_seconds, doubled), and after max_failures in a row the name is locked for
        lock_minutes (SignInLocked), whatever password comes. A right password clears the count.
        Only look-ups and writes hold the lock: scrypt takes tens of milliseconds on purpose,
        and every other session of the dashboard reads through the same lock.
        """
        key = (name or "").strip()[:64]
        now = self.clock()
        with self._lock:
            row = self._one("SELECT name, role, password_hash, disabled FROM users WHERE name = :name", {"name": key})
            lock = self._one("SELECT locked_until FROM sign_in_failures WHERE name = :name", {"name": key})
        if lock and lock[0] and lock[0] > now.isoformat(timespec="seconds"):
            with self._write():
                self._audit(SYSTEM, "sign_in_refused", "users", key, note="已锁定")
            raise SignInLocked(self._locked_message(key, lock[0]))
        if row is None:
            verify_password(password or "", _DUMMY_HASH)
            right = False
        else:
            right = verify_password(password or "", row[2])
        if right and row[3]:
            with self._write():
                self._audit(SYSTEM, "sign_in_refused", "users", key, note="已停用")
            raise PermissionDenied(f"用户 {key} 已停用, 请联系管理人员")
        if right:
            with self._write():
                self._exec("DELETE FROM sign_in_failures WHERE name = :name", {"name": key})
                self._audit(row[0], "sign_in", "users", row[0])
            return {"name": row[0], "role": row[1]}
        failures, locked_until = self._count_failure(key, now)
        if locked_until:
            raise SignInLocked(self._locked_message(key, locked_until))
        self.sleep(min(self.sign_in.delay_seconds * 2 ** (failures - 1), 30.0))
        return None

    def _count_failure(self, key: str, now: datetime) -> tuple[int, str | None]:
        """One more wrong password for `key`: (failures in a row, the end of the lock if this one locks)."""
        stamp = now.isoformat(timespec="seconds")
        with self._write():
            row = self._one("SELECT failures FROM sign_in_failures WHERE name = :name", {"name": key})
            failures = (row[0] if row else 0) + 1
            locked_until = None
            if failures >= self.sign_in.max_failures:
                locked_until = (now + timedelta(minutes=self.sign_in.lock_minutes)).isoformat(timespec="seconds")
            # A lock starts the count again: once it ends, the name has max_failures more tries.
            self._exec(
                "INSERT INTO sign_in_failures (name, failures, last_failure_at, locked_until)"
                " VALUES (:name, :failures, :stamp, :locked_until)"
                " ON CONFLICT (name) DO UPDATE SET failures = excluded.failures,"
                " last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
                {"name": key, "failures": 0 if locked_until else failures, "stamp": stamp, "locked_until": locked_until})
            self._audit(SYSTEM, "sign_in_failed", "users", key, note=f"锁定至 {locked_until}" if locked_until else None)
        return failures, locked_until

    @staticmethod
    def _locked_message(key: str, until: str) -> str:
        return f"{key} 连续登录失败次数过多, 已暂时锁定, 请于 {until.replace('T', ' ')[:16]} 之后再试"

    # ---- sessions ----

    def start_session(self, name: str) -> str:
        """A new session for a person who just signed in: the token for the cookie (only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        stamp = now.isoformat(timespec="seconds")
        stale = (now - timedelta(hours=self.sign_in.idle_hours)).isoformat(timespec="seconds")
        with self._write():
            self._role(name)  # unknown or disabled people get none
            self._exec("DELETE FROM sessions WHERE last_seen_at < :stale", {"stale": stale})  # housekeeping
            self._exec("INSERT INTO sessions (token_hash, name, created_at, last_seen_at) VALUES (:hash, :name, :now, :now)",
                       {"hash": _token_hash(token), "name": name, "now": stamp})
        return token

    def session(self, token: str | None) -> dict | None:
        """Who holds this session token, read afresh: {"name", "role", "must_change_password"}.

        None for an unknown token, a session idle past idle_hours (then deleted) or a disabled
        person. The last-seen time is written at most every few minutes, not on every page run:
        a write per run would change the file on every click and defeat the dashboard's cache.
        """
        if not isinstance(token, str) or not token or len(token) > 200:
            return None
        digest = _token_hash(token)
        now = self.clock()
        with self._lock:
            row = self._one(
                "SELECT s.last_seen_at, u.name, u.role, u.must_change_password, u.disabled"
                " FROM sessions s JOIN users u ON u.name = s.name WHERE s.token_hash = :hash", {"hash": digest})
        if row is None:
            return None
        idle = timedelta(hours=self.sign_in.idle_hours)
        since = now - datetime.fromisoformat(row[0])
        if row[4] or since > idle:
            self.end_session(token)
            return None
        if since >= min(timedelta(minutes=5), idle / 10):
            with self._write():
                self._exec("UPDATE sessions SET last_seen_at = :now WHERE token_hash = :hash",
                           {"now": now.isoformat(timespec="seconds"), "hash": digest})
        return {"name": row[1], "role": row[2], "must_change_password": bool(row[3])}

    def end_session(self, token: str | None) -> None:
        """Sign out: the session is gone from the database, so its cookie opens nothing any more."""
        if isinstance(token, str) and token:
            with self._write():
                self._exec("DELETE FROM sessions WHERE token_hash = :hash", {"hash": _token_hash(token)})

    # ---- writes ----

    def save_article(self, bundle, by: str | None = None) -> dict:
        """Store one article exactly as handed (tracker.ingest.ArticleBundle or a dict of its fields).

        In one transaction: the article with its frames, the records as commitments (review
        'extracted'), the candidates (open), each progress reading as a proposed update, and the
        original file (`original`: {"name", "kind", "data"}) once per sha256 of its bytes, with
        what was read from it (`read_summary`, `ocr`). Pasted text has no original.
        Returns {"article_id", "new", "commitments", "candidates", "progress"}. The same text again
        (after normalise_text) is the same article: new False, nothing added. by=None is a trusted
        write (command line, seeding); a named user must be a manager.

        A reading goes to the commitment already stored from an earlier article with the same
        task, target value and unit (a county's later progress report moves what is tracked),
        else to the record of this article it points at (its index in `records`).
        """
        b = asdict(bundle) if is_dataclass(bundle) else dict(bundle)
        text = (b.get("text") or "").replace("\ufeff", "")
        if not normalise_text(text):
            raise InvalidInput("文本为空, 没有可导入的内容")
        digest = content_hash(text)
        source = b.get("source") or ""
        article_date = as_date(b.get("date"), "文章日期")
        records = [dict(r) for r in b.get("records") or ()]
        candidates = [dict(c) for c in b.get("candidates") or ()]
        readings = [dict(r) for r in b.get("progress") or ()]
        original = _original(b.get("original"))
        now = _now()
        with self._write():
            if by is not None:
                self._require(by, ("manager",), "导入文章")
            known = self._known_article(digest)
            if known:
                return known
            # matched before this article's own records exist, so a reading never points at its twin
            targets = [self._earlier_commitment(records, reading) for reading in readings]
            sha256 = self._keep_document(original, by, now) if original else None
            article_id = self._one(
                "INSERT INTO articles (title, date, date_from, frames, source, text, content_hash, ingested_at,"
                " document_sha256, read_summary, ocr) VALUES (:title, :date, :date_from, :frames, :source, :text,"
                " :content_hash, :now, :sha256, :read_summary, :ocr) RETURNING id",
                {"title": _text_or_none(b.get("title")) or Path(source).stem or None, "date": article_date,
                 "date_from": b.get("date_from"), "frames": json.dumps(list(b.get("frames") or ()), ensure_ascii=False),
                 "source": source, "text": text, "content_hash": digest, "now": now, "sha256": sha256,
                 "read_summary": _text_or_none(b.get("read_summary")), "ocr": int(bool(b.get("ocr")))},
            )[0]
            self._audit(by, "ingest", "articles", article_id, new=source,
                        note=f"{len(records)} 条承诺, {len(candidates)} 条候选, {len(readings)} 条进度")
            ids = []
            for r in records:
                cid = self._insert_commitment({**_record_fields(r), "article_id": article_id, "review": "extracted"}, now)
                self._audit(by, "extract", "commitments", cid, new=r.get("task"))
                ids.append(cid)
            for c in candidates:
                self._insert_candidate(article_id, c, now)
            proposed = 0
            for reading, earlier in zip(readings, targets, strict=True):
                index = reading.get("record")
                cid = earlier or (ids[index] if isinstance(index, int) and 0 <= index < len(ids) else None)
                if cid is None:  # a reading that points at no record: nothing to move
                    log.warning("progress reading of %s points at no record: %r", source, reading.get("sentence"))
                    continue
                self._propose(cid, article_id, reading, article_date, by, now)
                proposed += 1
        return {"article_id": article_id, "new": True, "commitments": len(ids), "candidates": len(candidates),
                "progress": proposed}

    def _keep_document(self, original: dict, by, now: str) -> str:
        """Store a file's bytes under their sha256 unless they are there already; the hash either way."""
        sha256 = hashlib.sha256(original["data"]).hexdigest()
        cur = self._exec(
            "INSERT INTO documents (sha256, name, kind, size, created_at, data)"
            " VALUES (:sha256, :name, :kind, :size, :now, :data) ON CONFLICT (sha256) DO NOTHING",
            {"sha256": sha256, "name": original["name"], "kind": original["kind"], "size": len(original["data"]),
             "now": now, "data": original["data"]},
        )
        if cur.rowcount:  # written once per hash, and so audited once
            self._audit(by, "store_document", "documents", sha256, new=original["name"],
                        note=f"{original['kind']}, {len(original['data'])} 字节")
        return sha256

    def _earlier_commitment(self, records: list[dict], reading: dict) -> int | None:
        """The newest stored commitment (not rejected) with the task, target and unit of the reading's record."""
        index = reading.get("record")
        if not isinstance(index, int) or not 0 <= index < len(records):
            return None
        record = records[index]
        row = self._one(
            "SELECT id FROM commitments WHERE task = :task AND target_value IS NOT DISTINCT FROM :target"
            " AND unit IS NOT DISTINCT FROM :unit AND review != 'rejected' ORDER BY id DESC LIMIT 1",
            {"task": record.get("task") or "", "target": number_or_none(record.get("target_value")),
             "unit": record.get("unit")},
        )
        return row[0] if row else None

    def _insert_candidate(self, article_id: int, c: dict, now: str) -> int:
        return self._one(
            'INSERT INTO candidates (article_id, article_title, sentence, "start", "end", target_value, unit, deadline,'
            " deadline_text, task, reason, created_at) VALUES (:article_id, :article_title, :sentence, :start, :end,"
            " :target_value, :unit, :deadline, :deadline_text, :task, :reason, :now) RETURNING id",
            {"article_id": article_id, "article_title": c.get("article_title"), "sentence": c.get("sentence") or "",
             "start": int(c.get("start") or 0), "end": int(c.get("end") or 0),
             "target_value": number_or_none(c.get("target_value")), "unit": c.get("unit"),
             "deadline": dates.day_text_or_none(c.get("deadline")), "deadline_text": c.get("deadline_text"),
             "task": _text_or_none(c.get("task")), "reason": c.get("reason") or "", "now": now},
        )[0]

    def _propose(self, commitment_id: int, article_id: int, reading: dict, article_date: str | None, by, now: str) -> int:
        value = as_number(reading.get("value"), "进度值")
        as_of = dates.day_text_or_none(reading.get("as_of")) or article_date
        proposal_id = self._one(
            "INSERT INTO proposed_progress (commitment_id, article_id, value, unit, as_of, sentence, created_at)"
            " VALUES (:commitment_id, :article_id, :value, :unit, :as_of, :sentence, :now) RETURNING id",
            {"commitment_id": commitment_id, "article_id": article_id, "value": value, "unit": reading.get("unit"),
             "as_of": as_of, "sentence": reading.get("sentence") or "", "now": now},
        )[0]
        self._audit(by, "propose", "proposed_progress", proposal_id, field="value", new=value,
                    note=f"承诺 {commitment_id}" + (f", 截至 {as_of}" if as_of else ""))
        return proposal_id

    @_locked
    def known_article(self, text: str) -> dict | None:
        """{"article_id", "new": False, "commitments"} when this text (after normalise_text) is stored, else None.

        tracker.ingest asks before parsing, so importing a folder again costs no parse.
        """
        return self._known_article(content_hash((text or "").replace("\ufeff", "")))

    def _known_article(self, digest: str) -> dict | None:
        row = self._one(
            "SELECT a.id, (SELECT count(*) FROM commitments c WHERE c.article_id = a.id) FROM articles a"
            " WHERE a.content_hash = :digest",
            {"digest": digest},
        )
        return {"article_id": row[0], "new": False, "commitments": row[1]} if row else None

    def _insert_commitment(self, fields: dict, now: str) -> int:
        cid = self._one(
            'INSERT INTO commitments (article_id, article_title, article_date, sentence, "start", "end", target_value,'
            " unit, task, deadline, deadline_text, officials, units, work_area, basis, confidence, review, created_at)"
            " VALUES (:article_id, :article_title, :article_date, :sentence, :start, :end, :target_value, :unit, :task,"
            " :deadline, :deadline_text, :officials, :units, :work_area, :basis, :confidence, :review, :now) RETURNING id",
            {**{k: fields.get(k) for k in ("article_id", "article_title", "article_date", "sentence", "target_value",
                                           "unit", "deadline", "deadline_text", "work_area", "basis", "confidence")},
             "start": fields.get("start", 0), "end": fields.get("end", 0), "task": fields["task"],
             "officials": json.dumps(fields.get("officials", []), ensure_ascii=False),
             "units": json.dumps(fields.get("units", []), ensure_ascii=False), "review": fields["review"], "now": now},
        )[0]
        self._set_commitment_units(cid, fields.get("units", []))
        return cid

    def _set_commitment_units(self, commitment_id: int, units) -> None:
        """commitment_units of one commitment made to match its units (names as stored)."""
        self._exec("DELETE FROM commitment_units WHERE commitment_id = :id", {"id": commitment_id})
        for unit in _unit_list(list(units or ())):  # one or two each: a statement apiece costs nothing
            self._exec("INSERT INTO commitment_units (commitment_id, unit) VALUES (:id, :unit)",
                       {"id": commitment_id, "unit": unit})

    def add_progress(self, commitment_id: int, value: float, by: str, as_of: date | str | None = None, note: str = "",
                     evidence=()) -> int:
        """Append one progress figure (staff or manager); a correction is simply a newer row. Returns its id.

        add_progress(12, "1.5万", by="wang", as_of="2019-06-30") records 15000 for commitment 12.
        Refused: a figure that is not a finite non-negative number, an as-of day after today, a
        rejected commitment, and a commitment with no number to reach (mark it complete instead).
        `evidence`: files [(name, bytes), ...] attached to the update in the same transaction; one
        refused file refuses the update too, so a report never lands without the files it was sent with.
        """
        files = _checked_files(evidence)
        with self._write():
            self._require(by, WRITERS, "记录进度")
            number = as_number(value, "进度值")
            day = not_in_future(as_date(as_of, "进度日期") or self.today(), "进度日期", self.clock().date())
            row = self._commitment_row(commitment_id)
            self._require_visible(by, row, "填报")
            if row["review"] == "rejected":
                raise InvalidInput(f"承诺 {row['id']} 已驳回, 不能记录进度")
            if not has_number(row["target_value"]):
                raise InvalidInput(f"承诺 {row['id']} ({row['task']}) 没有数值目标, 不能填报数值; 完成后请标记为已完成")
            update_id = self._one(
                'INSERT INTO progress_updates (commitment_id, value, as_of, note, "by", created_at)'
                " VALUES (:id, :value, :as_of, :note, :by, :now) RETURNING id",
                {"id": row["id"], "value": number, "as_of": day, "note": (note or "").strip(), "by": by, "now": _now()},
            )[0]
            self._audit(by, "progress", "progress_updates", update_id, field="value", new=number,
                        note=f"承诺 {row['id']}, 截至 {day}" + (f": {note.strip()}" if note and note.strip() else ""))
            self._attach(row["id"], update_id, files, by)
            self._settle_completion(self._commitment_row(row["id"]), by)
            return update_id

    def set_complete(self, commitment_id: int, by: str, complete: bool = True, note: str = "",
                     as_of: date | str | None = None, evidence=()) -> bool:
        """Mark a commitment with no number to reach as done on `as_of` (default today), or undo the mark.

        set_complete(3, by="wang", note="已通过验收") makes 生态园林城市创建 已完成 from today on.
        A commitment with a number is done when a progress figure reaches it, so marking one
        complete is refused; undoing a mark is always allowed (a number may have been added
        after the mark). A day after today is refused. Returns whether anything changed.
        `evidence`: files [(name, bytes), ...] attached to the commitment with the mark (as add_progress).
        """
        files = _checked_files(evidence)
        with self._write():
            self._require(by, WRITERS, "标记完成")
            day = as_date(as_of, "完成日期") or self.today()
            if complete:
                not_in_future(day, "完成日期", self.clock().date())
            row = self._commitment_row(commitment_id)
            self._require_visible(by, row, "标记")
            if row["review"] == "rejected":
                raise InvalidInput(f"承诺 {row['id']} 已驳回, 不能标记完成")
            if complete and has_number(row["target_value"]):
                target = quantity_text(row["target_value"], row["unit"])
                raise InvalidInput(f"承诺 {row['id']} ({row['task']}) 有数值目标 {target}, 请填报达到的数值; 达到目标即为已完成")
            new = day if complete else None
            self._attach(row["id"], None, files, by)
            if (row["completed_on"] is None) == (new is None):
                return False
            self._exec("UPDATE commitments SET completed_on = :day WHERE id = :id", {"day": new, "id": row["id"]})
            self._audit(by, "complete" if complete else "reopen", "commitments", row["id"], "completed_on",
                        row["completed_on"], new, note=(note or "").strip())
            self._settle_completion(self._commitment_row(row["id"]), by)
            return True

    # ---- sign-off (销号) and evidence (佐证材料), issue 11 ----

    def _finished_on(self, row: dict) -> str | None:
        """The day a finished commitment was finished, or None when it is not finished (on its latest figures)."""
        if row["completed_on"] is not None:
            return row["completed_on"]
        target = number_or_none(row["target_value"])
        if target is None or target <= 0 or row["latest_value"] is None or row["latest_value"] < target:
            return None
        return _finished_day(self.db, row["id"], target)

    def _settle_completion(self, row: dict, by: str) -> None:
        """After a figure or a mark changed whether a commitment is finished (inside the caller's write).

        A completion a manager records is signed off at once: the manager is the one who would
        confirm it, and asking them to confirm their own report is a click with no second pair of
        eyes. Staff's completion waits as 待销号. A signed-off commitment that is no longer finished
        (a lower correction, the mark undone) loses its sign-off, audited as such.
        """
        finished = self._finished_on(row)
        if finished is None:
            if row["signed_off_on"] is not None:
                self._exec("UPDATE commitments SET finished_on = NULL, signed_off_on = NULL, signed_off_by = NULL,"
                           " signed_off_at = NULL WHERE id = :id", {"id": row["id"]})
                self._audit(by, "signoff_void", "commitments", row["id"], "signed_off_on", row["signed_off_on"], None,
                            note="不再满足完成条件")
            return
        if row["signed_off_on"] is not None:
            return  # a further figure after the sign-off: still finished, on the day it first was
        if self._role(by) == "manager":
            self._sign_off(row, finished, by, day=finished, note="管理人员报告完成, 即时销号")
        elif row["returned_reason"] is not None:
            self._exec("UPDATE commitments SET returned_reason = NULL WHERE id = :id", {"id": row["id"]})

    def _sign_off(self, row: dict, finished: str, by: str, day: str, note: str | None = None) -> str:
        deadline = self._deadline_now(row)  # an approved extension's day, as the status rules read it
        status = "done_late" if deadline and finished > deadline else "done"
        at = self.clock().isoformat(timespec="seconds")
        self._exec("UPDATE commitments SET finished_on = :finished, signed_off_on = :day, signed_off_by = :by,"
                   " signed_off_at = :at, returned_reason = NULL WHERE id = :id",
                   {"finished": finished, "day": day, "by": by, "at": at, "id": row["id"]})
        self._exec('INSERT INTO signoffs (commitment_id, decision, finished_on, "by", at)'
                   " VALUES (:cid, 'signed_off', :finished, :by, :at)",
                   {"cid": row["id"], "finished": finished, "by": by, "at": at})
        self._audit(by, "signoff", "commitments", row["id"], "status", "pending_signoff", status,
                    note=f"完成于 {finished}" + (f"; {note}" if note else ""))
        return status

    def _pending_row(self, commitment_id, by: str, action: str) -> dict:
        self._require(by, ("manager",), action)
        row = self._commitment_row(commitment_id)
        self._require_visible(by, row, action)  # a manager given units decides on those units' work only
        if row["review"] == "rejected":
            raise InvalidInput(f"承诺 {row['id']} 已驳回, 不能{action}")
        if row["signed_off_on"] is not None:
            raise InvalidInput(f"承诺 {row['id']} ({row['task']}) 已于 {row['signed_off_at'][:10]} 由 "
                               f"{row['signed_off_by']} 销号")
        if self._finished_on(row) is None:
            raise InvalidInput(f"承诺 {row['id']} ({row['task']}) 尚未报告完成, 没有待销号的完成")
        return row

    def signoff(self, commitment_id: int, by: str) -> str:
        """A manager confirms a reported completion (确认销号): 'done' or 'done_late', by the day it finished.

        signoff(12, by="boss") on 366 of 366 reached as of 2019-12-20 (deadline 2019-12-31) -> 'done'.
        Refused for staff and viewers, for a commitment not reported complete and for one signed off already.
        """
        with self._write():
            row = self._pending_row(commitment_id, by, "销号")
            today = self.clock().date().isoformat()
            return self._sign_off(row, self._finished_on(row), by, day=today)

    def sign_off_many(self, commitment_ids, by: str) -> dict[int, str]:
        """A manager confirms several reported completions at once (批量确认销号), all in one transaction.

        sign_off_many([3, 5, 8], by="boss") -> {3: "done", 5: "done_late", 8: "done"}: each judged as
        signoff() judges one (finished by the deadline in force or late). One id among them that is
        unknown, rejected, not reported complete or signed off already refuses the whole batch, so
        nothing is half done; the refusal names that id. Each sign-off has its own audit row.
        """
        with self._write():
            self._require(by, ("manager",), "销号")
            ids = list(dict.fromkeys(_int_id(i, "承诺") for i in commitment_ids or ()))
            if not ids:
                raise InvalidInput("没有选择要销号的承诺")
            today = self.clock().date().isoformat()
            statuses = {}
            for cid in ids:
                try:
                    row = self._pending_row(cid, by, "销号")
                except StoreError as exc:  # the write rolls back whatever this batch signed off so far
                    raise type(exc)(f"{exc}; 这一批 {len(ids)} 条都未销号") from None
                statuses[row["id"]] = self._sign_off(row, self._finished_on(row), by, day=today)
            return statuses

    def return_completion(self, commitment_id: int, reason: str, by: str) -> None:
        """A manager sends a reported completion back with a reason (退回): it is back to its earlier status.

        The figures that reported it are set aside (returned_updates; the progress updates themselves
        stay as written), or the 完成 mark of a commitment with no number is taken off. The reason
        is shown to the unit on 承诺详情 until the next completion is reported.
        """
        reason = _text_or_none(reason)
        if not reason:
            raise InvalidInput("请填写退回原因")
        with self._write():
            row = self._pending_row(commitment_id, by, "退回")
            at = self.clock().isoformat(timespec="seconds")
            cur = self._exec('INSERT INTO signoffs (commitment_id, decision, finished_on, reason, "by", at)'
                             " VALUES (:cid, 'returned', :finished, :reason, :by, :at) RETURNING id",
                             {"cid": row["id"], "finished": self._finished_on(row), "reason": reason, "by": by, "at": at})
            signoff_id = cur.scalar()
            if row["completed_on"] is not None:
                self._exec("UPDATE commitments SET completed_on = NULL WHERE id = :id", {"id": row["id"]})
                self._audit(by, "reopen", "commitments", row["id"], "completed_on", row["completed_on"], None,
                            note=f"退回: {reason}")
            else:
                self._set_aside_reaching(row, signoff_id)
            self._exec("UPDATE commitments SET returned_reason = :reason WHERE id = :id",
                       {"reason": reason, "id": row["id"]})
            self._audit(by, "return_completion", "commitments", row["id"], "status", "pending_signoff", None,
                        note=reason)

    def _set_aside_reaching(self, row: dict, signoff_id: int) -> None:
        """Set aside the latest run of figures at or above the target, and point the commitment at the
        figure before them (what the m005 trigger would have kept had they never come)."""
        target = number_or_none(row["target_value"])
        updates = self._all(
            "SELECT u.id, u.value FROM progress_updates u WHERE u.commitment_id = :cid"
            " AND NOT EXISTS (SELECT 1 FROM returned_updates r WHERE r.progress_update_id = u.id)"
            " ORDER BY u.as_of DESC, u.id DESC", {"cid": row["id"]})
        for update_id, value in updates:
            if value < target:
                break
            self._exec("INSERT INTO returned_updates (progress_update_id, signoff_id) VALUES (:u, :s)",
                       {"u": update_id, "s": signoff_id})
        before = self._one(
            "SELECT u.id, u.value, u.as_of FROM progress_updates u WHERE u.commitment_id = :cid"
            " AND NOT EXISTS (SELECT 1 FROM returned_updates r WHERE r.progress_update_id = u.id)"
            " ORDER BY u.as_of DESC, u.id DESC LIMIT 1", {"cid": row["id"]})
        self._exec("UPDATE commitments SET latest_progress_id = :id, latest_value = :value, latest_as_of = :as_of"
                   " WHERE id = :cid", {"id": before[0] if before else None, "value": before[1] if before else None,
                                        "as_of": before[2] if before else None, "cid": row["id"]})

    @_locked
    def signoff_history(self, commitment_id: int) -> pd.DataFrame:
        """Every sign-off and return of one commitment, newest first: id, decision, finished_on, reason, by, at."""
        row = self._commitment_row(commitment_id)
        return self._frame('SELECT id, decision, finished_on, reason, "by", at FROM signoffs'
                           " WHERE commitment_id = :cid ORDER BY id DESC", {"cid": row["id"]})

    def add_evidence(self, name: str, data: bytes, by: str, *, commitment_id: int | None = None,
                     progress_update_id: int | None = None) -> int:
        """Attach one file to a progress update (or straight to a commitment) as evidence; returns its id.

        add_evidence("验收报告.pdf", pdf_bytes, by="wang", progress_update_id=7). Staff or a manager;
        the type is judged by the bytes (tracker.evidence: PDF, pictures, Word, Excel), the size by
        config.evidence_max_bytes(). The bytes are kept once per sha256, however often attached.
        """
        return self.attach_evidence([(name, data)], by, commitment_id=commitment_id,
                                    progress_update_id=progress_update_id)[0]

    def attach_evidence(self, files, by: str, *, commitment_id: int | None = None,
                        progress_update_id: int | None = None) -> list[int]:
        """Several files [(name, bytes), ...] as add_evidence, in one transaction: all are stored or none."""
        if progress_update_id is None and commitment_id is None:
            raise InvalidInput("请指定承诺或进度填报")
        files = _checked_files(files)
        if not files:
            raise InvalidInput("没有要上传的文件")
        with self._write():
            self._require(by, WRITERS, "上传佐证材料")
            if progress_update_id is not None:
                update = self._one("SELECT commitment_id FROM progress_updates WHERE id = :id",
                                   {"id": _int_id(progress_update_id, "进度填报")})
                if update is None:
                    raise NotFound(f"没有编号为 {progress_update_id} 的进度填报")
                if commitment_id is not None and int(commitment_id) != update[0]:
                    raise InvalidInput(f"进度填报 {progress_update_id} 不属于承诺 {commitment_id}")
                commitment_id = update[0]
            row = self._commitment_row(commitment_id)
            self._require_visible(by, row, "上传佐证材料")  # staff: their units' commitments only
            if row["review"] == "rejected":
                raise InvalidInput(f"承诺 {row['id']} 已驳回, 不能上传佐证材料")
            return self._attach(row["id"], progress_update_id, files, by)

    def _attach(self, commitment_id: int, progress_update_id: int | None, files: list[dict], by: str) -> list[int]:
        """Store checked files (see _checked_files) as evidence of a commitment, inside the caller's write."""
        now, ids = _now(), []
        for f in files:
            self._exec("INSERT INTO evidence_files (sha256, kind, size, created_at, data)"
                       " VALUES (:sha256, :kind, :size, :at, :data) ON CONFLICT (sha256) DO NOTHING",
                       {**{k: f[k] for k in ("sha256", "kind", "size", "data")}, "at": now})
            cur = self._exec('INSERT INTO evidence (commitment_id, progress_update_id, sha256, name, kind, size, "by",'
                             " created_at) VALUES (:cid, :uid, :sha256, :name, :kind, :size, :by, :at) RETURNING id",
                             {"cid": commitment_id, "uid": None if progress_update_id is None else int(progress_update_id),
                              **{k: f[k] for k in ("sha256", "name", "kind", "size")}, "by": by, "at": now})
            ids.append(cur.scalar())
            self._audit(by, "add_evidence", "commitments", commitment_id, "evidence", None, f["name"],
                        note=f"{f['kind']}, {f['size']} 字节, sha256 {f['sha256'][:12]}"
                             + (f", 进度填报 {progress_update_id}" if progress_update_id is not None else ""))
        return ids

    @_locked
    def evidence(self, commitment_id: int, by: str | None = None) -> pd.DataFrame:
        """The evidence of one commitment, newest first, without bytes: id, progress_update_id, sha256, name,
        kind, size, by, created_at. With `by`, refused for a commitment outside that person's units."""
        row = self._commitment_row(commitment_id)
        if by is not None:
            self._require_visible(by, row, "查看")
        return self._frame('SELECT id, commitment_id, progress_update_id, sha256, name, kind, size, "by", created_at'
                           " FROM evidence WHERE commitment_id = :cid ORDER BY id DESC", {"cid": row["id"]})

    @_locked
    def evidence_file(self, sha256: str, by: str | None) -> dict:
        """The bytes of an evidence file for someone signed in: {"sha256", "kind", "mime", "size", "data"}.

        The media type comes from the kind judged when it was stored (tracker.evidence.mime),
        never from the name, so nothing kept is handed back as a page to render.
        """
        self._role(by)
        row = self._one("SELECT sha256, kind, size, data FROM evidence_files WHERE sha256 = :sha256",
                        {"sha256": str(sha256 or "")})
        if row is None:
            raise NotFound(f"没有这份佐证材料: {sha256}")
        # the same bytes may be evidence of several commitments: seeing one of them is enough
        holders = [self._commitment_row(cid) for (cid,) in self._all(
            "SELECT DISTINCT commitment_id FROM evidence WHERE sha256 = :sha256", {"sha256": row[0]})]
        refusals = []
        for holder in holders:
            try:
                self._require_visible(by, holder, "查看")
                break
            except PermissionDenied as exc:
                refusals.append(exc)
        else:
            if refusals:
                raise PermissionDenied(f"权限不足: 这份佐证材料不属于 {by} 的责任单位")
        return {"sha256": row[0], "kind": row[1], "mime": evidence_rules.mime(row[1]), "size": row[2],
                "data": bytes(row[3])}

    @_locked
    def pending_signoffs(self, as_of: date | str | None = None) -> pd.DataFrame:
        """The commitments waiting for a manager's sign-off (待销号), oldest finished first (view rows)."""
        df = self._view("WHERE c.review != 'rejected' AND c.signed_off_on IS NULL"
                        " AND (c.completed_on IS NOT NULL OR (c.target_value > 0 AND c.latest_value >= c.target_value))",
                        {}, as_of)
        df = df[df["status"] == "pending_signoff"]
        return df

    def review(self, commitment_id: int, state: str, by: str) -> None:
        """Confirm, reject or reset one commitment (manager); see review_many."""
        self.review_many([commitment_id], state, by)

    def review_many(self, commitment_ids, state: str, by: str) -> int:
        """Set the review state of several commitments at once (manager), all in one transaction.

        review_many([3, 5, 8], "confirmed", by="boss") confirms the three; an unknown id among them
        refuses all three, nothing half done. A rejected commitment set back to extracted or
        confirmed is a rejection undone: audited like any review, with the note 撤销驳回.
        Returns how many changed (one already in that state is left as it is).
        """
        with self._write():
            self._require(by, ("manager",), "审核承诺")
            if state not in ("extracted", "confirmed", "rejected"):
                raise InvalidInput(f"审核状态无效: {state!r} (应为 extracted, confirmed 或 rejected)")
            ids = list(dict.fromkeys(_int_id(i, "承诺") for i in commitment_ids or ()))
            if not ids:
                raise InvalidInput("没有选择要审核的承诺")
            changed = 0
            for cid in ids:
                row = self._one("SELECT id, review FROM commitments WHERE id = :id", {"id": cid})
                if row is None:
                    raise NotFound(f"没有编号为 {cid} 的承诺, 这一批都未审核")
                if row[1] == state:
                    continue
                self._exec("UPDATE commitments SET review = :state WHERE id = :id", {"state": state, "id": cid})
                self._audit(by, "review", "commitments", cid, "review", row[1], state,
                            note=UNDO_REJECTION if row[1] == "rejected" else None)
                changed += 1
            return changed

    def update_commitment(self, commitment_id: int, by: str, **fields) -> None:
        """Change fields of a commitment (manager), whatever its review state; each changed field gets its own audit row.

        A deadline changed by hand keeps the words the article said for the first one (期限原文,
        deadline_text: 全年): commitment() then says the date was set by hand and what was read,
        so both stay visible. New words are stored only when given.
        """
        with self._write():
            self._require(by, ("manager",), "修改承诺")
            row = self._commitment_row(commitment_id)
            clean = _clean_fields(fields)
            for name, value in clean.items():
                old = row[name]
                if name in ("officials", "units"):
                    old = json.loads(old or "[]")
                if old == value:
                    continue
                stored = json.dumps(value, ensure_ascii=False) if name in ("officials", "units") else value
                self._exec(f'UPDATE commitments SET "{name}" = :value WHERE id = :id', {"value": stored, "id": row["id"]})
                if name == "units":
                    self._set_commitment_units(row["id"], value)
                if name == "review":  # a correction that also confirms reads in the audit as the review it is
                    self._audit(by, "review", "commitments", row["id"], name, old, value,
                                note=UNDO_REJECTION if old == "rejected" else None)
                else:
                    self._audit(by, "update", "commitments", row["id"], name, old, value)
            if any(name in clean for name in ("target_value", "deadline")):
                # a new target may unfinish signed-off work (or finish it): the sign-off follows, audited
                self._settle_completion(self._commitment_row(row["id"]), by)

    def _deadline_as_read(self, row: dict) -> dict:
        """What the article said of a commitment's deadline, beside the date in force now:
        {"deadline_by_hand": bool, "deadline_read": the date first stored, "deadline_text": the words}.

        Read from the audit log: the first change of the deadline holds, as its old value, the date
        that was read. Rows changed before this rule had their words replaced by 人工修改; those
        words come back from the audit row that replaced them.
        """
        changes = self._all(
            "SELECT field, old, new FROM audit_log WHERE table_name = 'commitments' AND row_id = :row_id"
            " AND action = 'update' AND field IN ('deadline', 'deadline_text') ORDER BY id", {"row_id": str(row["id"])})
        read = next((old for field, old, _ in changes if field == "deadline"), row["deadline"])
        words = row["deadline_text"]
        if words == DEADLINE_TEXT_BY_HAND:
            words = next((old for field, old, new in reversed(changes)
                          if field == "deadline_text" and new == DEADLINE_TEXT_BY_HAND), None)
        return {"deadline_by_hand": read != row["deadline"], "deadline_read": read, "deadline_text": words}

    def add_commitment(self, by: str, **fields) -> int:
        """A commitment typed in by a person (manager), review 'manual'. `task` is required."""
        with self._write():
            self._require(by, ("manager",), "添加承诺")
            article_id = fields.pop("article_id", None)
            clean = _clean_fields(fields)
            clean.pop("review", None)
            if not clean.get("task"):
                raise InvalidInput("任务不能为空")
            if article_id is not None and self._one("SELECT 1 FROM articles WHERE id = :id",
                                                    {"id": _int_id(article_id, "文章")}) is None:
                raise NotFound(f"没有编号为 {article_id} 的文章")
            clean.setdefault("sentence", clean["task"])
            clean.setdefault("work_area", assign_area(clean["task"], clean.get("sentence")))
            cid = self._insert_commitment({**clean, "article_id": article_id, "review": "manual"}, _now())
            self._audit(by, "add", "commitments", cid, new=clean["task"])
            return cid

    # ---- what the parser read beside the records: candidates and proposed progress ----

    def _candidate_row(self, candidate_id) -> dict:
        row = self._dict("SELECT * FROM candidates WHERE id = :id", {"id": _int_id(candidate_id, "候选")})
        if row is None:
            raise NotFound(f"没有编号为 {candidate_id} 的候选句子")
        return row

    def take_candidate(self, candidate_id: int, by: str, **fields) -> int:
        """Turn a candidate into a commitment with its fields filled in (manager); returns the commitment id.

        take_candidate(4, by="boss") on 已建成公园5个 (past_fact) makes a commitment 5 个 that waits
        in the review queue like any the parser took; `fields` override what the candidate says.
        """
        with self._write():
            self._require(by, ("manager",), "采纳候选句子")
            c = self._candidate_row(candidate_id)
            if c["status"] != "open":
                raise InvalidInput(f"候选句子 {c['id']} 已处理, 不能再采纳")
            given = {"sentence": c["sentence"], "start": c["start"], "end": c["end"], "target_value": c["target_value"],
                     "unit": c["unit"], "deadline": c["deadline"], "deadline_text": c["deadline_text"],
                     "task": c["task"] or c["sentence"]}
            clean = _clean_fields({**given, **fields})
            clean.setdefault("work_area", assign_area(clean["task"], clean.get("sentence")))
            article = self._one("SELECT date FROM articles WHERE id = :id", {"id": c["article_id"]})
            cid = self._insert_commitment(
                {**clean, "article_id": c["article_id"], "article_title": c["article_title"],
                 "article_date": article[0] if article else None, "basis": "candidate", "review": "extracted"}, _now())
            self._exec("UPDATE candidates SET status = 'taken', commitment_id = :cid WHERE id = :id",
                       {"cid": cid, "id": c["id"]})
            self._audit(by, "take_candidate", "candidates", c["id"], "status", "open", "taken", note=f"承诺 {cid}")
            self._audit(by, "add", "commitments", cid, new=clean["task"], note=f"候选 {c['id']}")
            return cid

    def dismiss_candidate(self, candidate_id: int, by: str) -> None:
        """Mark a candidate as not a commitment (manager), so it leaves the list."""
        with self._write():
            self._require(by, ("manager",), "处理候选句子")
            c = self._candidate_row(candidate_id)
            if c["status"] == "dismissed":
                return
            if c["status"] != "open":
                raise InvalidInput(f"候选句子 {c['id']} 已采纳, 不能再忽略")
            self._exec("UPDATE candidates SET status = 'dismissed' WHERE id = :id", {"id": c["id"]})
            self._audit(by, "dismiss_candidate", "candidates", c["id"], "status", "open", "dismissed")

    def _proposal_row(self, proposal_id) -> dict:
        row = self._dict("SELECT * FROM proposed_progress WHERE id = :id", {"id": _int_id(proposal_id, "进度建议")})
        if row is None:
            raise NotFound(f"没有编号为 {proposal_id} 的进度建议")
        return row

    def _open_proposal(self, proposal_id, by: str, action: str) -> dict:
        self._require(by, ("manager",), action)
        p = self._proposal_row(proposal_id)
        if p["status"] != "proposed":
            raise InvalidInput(f"进度建议 {p['id']} 已处理 ({p['status']})")
        return p

    def accept_progress(self, proposal_id: int, by: str) -> int:
        """Make a proposed update real (manager): a progress update with the sentence as its note. Returns its id.

        accept_progress(3, by="boss") on 已建成12个 (article of 2024-06-30) records 12 as of 2024-06-30;
        the update is audited like one typed in, and the proposal remembers who decided and when.
        """
        with self._write():
            p = self._open_proposal(proposal_id, by, "采纳进度")
            if not p["as_of"]:
                raise InvalidInput(f"进度建议 {p['id']} 没有日期 (文章未注明日期), 请手工填报进度")
            update_id = self.add_progress(p["commitment_id"], p["value"], by=by, as_of=p["as_of"], note=p["sentence"])
            self._exec(
                "UPDATE proposed_progress SET status = 'accepted', decided_by = :by, decided_at = :now,"
                " progress_update_id = :update_id WHERE id = :id",
                {"by": by, "now": _now(), "update_id": update_id, "id": p["id"]})
            self._audit(by, "accept_progress", "proposed_progress", p["id"], "status", "proposed", "accepted",
                        note=f"进度 {update_id}")
            return update_id

    def reject_progress(self, proposal_id: int, by: str) -> None:
        """Decline a proposed update (manager); nothing is recorded as progress."""
        with self._write():
            p = self._open_proposal(proposal_id, by, "驳回进度")
            self._exec(
                "UPDATE proposed_progress SET status = 'rejected', decided_by = :by, decided_at = :now WHERE id = :id",
                {"by": by, "now": _now(), "id": p["id"]})
            self._audit(by, "reject_progress", "proposed_progress", p["id"], "status", "proposed", "rejected")

    # ---- extensions (延期申请), instructions (批示) and reminders (催办), the digest ----

    def _stamp(self) -> str:
        """Now by the store's clock (tests freeze it): when a request, decision or instruction was made."""
        return self.clock().isoformat(timespec="seconds")

    # Whose units are whose is the units rules' (_scope, _user_units, _canonical): a manager receives every
    # unit's instructions and reminders, staff their units' (none while they have no unit, once units are in force).

    def _reach(self, name: str) -> set[str] | None:
        """The units whose instructions and reminders `name` receives (canonical), or None for all of them."""
        allowed = self._scope(name)
        return None if allowed is None else set(allowed)

    def _own_units(self, name: str) -> list[str]:
        """The units a person belongs to ([] for none)."""
        return self._user_units(name)

    def _unit_called(self, unit: str) -> str:
        """The name a unit goes by now (an alias merged into another reads as that one)."""
        return self._canonical(unit)

    def _reaches(self, allowed: set[str] | None, units) -> bool:
        """Whether a commitment of `units` (a list or its JSON) is within `allowed` (None: everything)."""
        if allowed is None:
            return True
        if isinstance(units, str):
            units = json.loads(units or "[]")
        return bool({self._unit_called(u) for u in units or ()} & allowed)

    def _require_own(self, by: str, row: dict, action: str) -> None:
        """`by` must be a writer and see the commitment (a manager sees all; staff their units')."""
        self._require(by, WRITERS, action)
        if not self._reaches(self._reach(by), row["units"]):
            raise PermissionDenied(f"权限不足: 承诺 {row['id']} 不属于 {by} 的责任单位, 不能{action}")

    def _deadline_now(self, row: dict) -> str | None:
        """The deadline in force today: the newest approved extension's, else the commitment's own."""
        found = self._one("SELECT requested_deadline FROM extensions WHERE commitment_id = :id AND status = 'approved'"
                          " ORDER BY decided_at DESC, id DESC LIMIT 1", {"id": row["id"]})
        return found[0] if found else row["deadline"]

    def request_extension(self, commitment_id: int, to, reason: str, by: str) -> int:
        """Ask for a later deadline, with a reason (staff of the commitment's unit, or a manager); returns its id.

        request_extension(12, "2020-06-30", "汛期停工两个月", by="wang") waits as 待审批 until a manager
        decides; meanwhile the deadline in force is unchanged. Refused: no reason, a day that is not
        later than the deadline in force, a commitment without a deadline, completed or rejected,
        and a second request while one waits.
        """
        day = as_date(to, "申请的期限")
        if day is None:
            raise InvalidInput("请填写申请延至的日期")
        why = _required_text(reason, "延期理由")
        with self._write():
            row = self._commitment_row(commitment_id)
            self._require_own(by, row, "申请延期")
            if row["review"] == "rejected":
                raise InvalidInput(f"承诺 {row['id']} 已驳回, 不能申请延期")
            status = self._view("WHERE c.id = :id", {"id": row["id"]}, None)["status"].iloc[0]
            if row["completed_on"] is not None or status in FINISHED:
                raise InvalidInput(f"承诺 {row['id']} 已完成或待销号, 不需要延期")
            current = self._deadline_now(row)
            if current is None:
                raise InvalidInput(f"承诺 {row['id']} 没有截止日期, 无需延期; 请管理人员在审核中设定期限")
            if day <= current:
                raise InvalidInput(f"申请的期限 {day} 须晚于现行期限 {current}")
            if self._one("SELECT 1 FROM extensions WHERE commitment_id = :id AND status = 'requested'", {"id": row["id"]}):
                raise InvalidInput(f"承诺 {row['id']} 已有一份待审批的延期申请, 请等管理人员审批后再申请")
            ext_id = self._one(
                "INSERT INTO extensions (commitment_id, requested_deadline, reason, status, requested_by, requested_at)"
                " VALUES (:cid, :day, :reason, 'requested', :by, :at) RETURNING id",
                {"cid": row["id"], "day": day, "reason": why, "by": by, "at": self._stamp()})[0]
            self._audit(by, "request_extension", "extensions", ext_id, "deadline", current, day,
                        note=f"承诺 {row['id']}: {why}")
            return ext_id

    def decide_extension(self, extension_id: int, approve: bool, by: str, note: str = "") -> None:
        """Approve or refuse a waiting request (manager). A refusal says why (the unit reads it).

        decide_extension(3, True, by="boss") moves commitment 12's deadline in force to the
        requested day from today on; its own deadline and 期限原文 stay as read.
        """
        note = (note or "").strip()
        if len(note) > TEXT_LIMIT:
            raise InvalidInput(f"审批意见不能超过 {TEXT_LIMIT} 字")
        with self._write():
            self._require(by, ("manager",), "审批延期申请")
            found = self._one("SELECT id, commitment_id, requested_deadline, status FROM extensions WHERE id = :id",
                              {"id": _int_id(extension_id, "延期申请")})
            if found is None:
                raise NotFound(f"没有编号为 {extension_id} 的延期申请")
            ext_id, cid, day, status = found
            if status != "requested":
                raise InvalidInput(f"延期申请 {ext_id} 已审批 ({EXTENSION_STATUS.get(status, status)}), 不能再审批")
            if not approve and not note:
                raise InvalidInput("不批准延期时请写明理由, 责任单位会看到")
            new = "approved" if approve else "refused"
            row = self._commitment_row(cid)
            if approve and (row["completed_on"] is not None or row["finished_on"] is not None):
                # finished while the request waited: a later deadline now would turn 逾期完成 into 按期完成
                raise InvalidInput(f"承诺 {cid} 已完成或待销号, 不能再批准延期; 请不批准并说明")
            before = self._deadline_now(row)
            self._exec("UPDATE extensions SET status = :status, decided_by = :by, decided_at = :at, decision_note = :note"
                       " WHERE id = :id", {"status": new, "by": by, "at": self._stamp(), "note": note or None, "id": ext_id})
            self._audit(by, "approve_extension" if approve else "refuse_extension", "extensions", ext_id, "status",
                        "requested", new, note=f"承诺 {cid}" + (f": {note}" if note else ""))
            if approve:  # on the commitment too, so its own history shows the deadline it now has
                self._audit(by, "extend", "commitments", cid, "deadline", before, day, note=f"延期申请 {ext_id}")

    @_locked
    def extensions(self, commitment_id: int | None = None, status: str | None = None) -> pd.DataFrame:
        """Extension requests, newest first: id, commitment_id, task, requested_deadline, reason, status,
        requested_by, requested_at, decided_by, decided_at, decision_note (of one commitment, or all)."""
        clauses, params = [], {}
        if commitment_id is not None:
            clauses.append("e.commitment_id = :cid")
            params["cid"] = self._commitment_row(commitment_id)["id"]
        if status is not None:
            clauses.append("e.status = :status")
            params["status"] = status
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._frame(
            "SELECT e.id, e.commitment_id, c.task, e.requested_deadline, e.reason, e.status, e.requested_by,"
            " e.requested_at, e.decided_by, e.decided_at, e.decision_note"
            f" FROM extensions e JOIN commitments c ON c.id = e.commitment_id{where}"
            " ORDER BY e.requested_at DESC, e.id DESC", params)

    def instruct(self, commitment_id: int, text: str, by: str) -> int:
        """A manager's instruction on one commitment (批示), for its units to read; returns its id.

        instruct(12, "请加快进度, 月底前报送整改方案", by="boss") shows unread to staff of 区城建局.
        """
        words = _required_text(text, "批示内容")
        with self._write():
            self._require(by, ("manager",), "批示")
            row = self._commitment_row(commitment_id)
            iid = self._one(
                'INSERT INTO instructions (commitment_id, unit, kind, text, "by", created_at)'
                " VALUES (:cid, NULL, 'instruction', :text, :by, :at) RETURNING id",
                {"cid": row["id"], "text": words, "by": by, "at": self._stamp()})[0]
            self._audit(by, "instruct", "instructions", iid, "text", None, words, note=f"承诺 {row['id']}")
            return iid

    def remind(self, unit: str, text: str, by: str) -> int:
        """A manager's reminder to a unit about its overdue and due-soon commitments (催办); returns its id.

        remind("区城管局", "逾期事项请本周内说明原因", by="boss"). The unit must be named on some
        commitment (an alias is stored under its canonical name).
        """
        words = _required_text(text, "催办内容")
        name = _text_or_none(unit)
        if not name:
            raise InvalidInput("请填写催办的责任单位")
        with self._write():
            self._require(by, ("manager",), "催办")
            name = self._unit_called(name)
            if name not in self._known_units():
                raise NotFound(f"没有责任单位为 {name} 的承诺")
            iid = self._one(
                'INSERT INTO instructions (commitment_id, unit, kind, text, "by", created_at)'
                " VALUES (NULL, :unit, 'reminder', :text, :by, :at) RETURNING id",
                {"unit": name, "text": words, "by": by, "at": self._stamp()})[0]
            self._audit(by, "remind", "instructions", iid, "text", None, words, note=name)
            return iid

    def _known_units(self) -> set[str]:
        """Every unit named on a commitment that is not rejected, under its canonical name."""
        values = [r[0] for r in self._all("SELECT DISTINCT units FROM commitments WHERE review != 'rejected'")]
        return {self._unit_called(u) for v in values for u in json.loads(v or "[]")}

    def _instruction_frame(self, where: str = "", params: dict | None = None) -> pd.DataFrame:
        """Instructions and reminders with the task and units of an instruction's commitment, newest first."""
        df = self._frame(
            'SELECT i.id, i.kind, i.commitment_id, c.task, c.units AS commitment_units, i.unit, i.text, i."by",'
            f" i.created_at FROM instructions i LEFT JOIN commitments c ON c.id = i.commitment_id{where}"
            " ORDER BY i.created_at DESC, i.id DESC", params or {})
        df["commitment_id"] = df["commitment_id"].astype("Int64")
        df["commitment_units"] = [json.loads(v) if isinstance(v, str) else [] for v in df["commitment_units"]]
        # a reminder's unit as it is called now: one sent to 区城建局 belongs to 城建局 once merged into it
        called = {u: self._unit_called(u) for u in set(df["unit"].dropna())}
        df["unit"] = df["unit"].map(called).astype(object)
        return df

    def _reads(self) -> pd.DataFrame:
        return self._frame("SELECT instruction_id, name, read_at FROM instruction_reads ORDER BY read_at, name")

    def _addressed_to(self, df: pd.DataFrame, allowed: set[str] | None) -> pd.Series:
        """Which rows reach a person who sees units `allowed` (None: all): an instruction on one of their
        commitments, a reminder to one of their units."""
        if allowed is None:
            return pd.Series(True, index=df.index)
        return pd.Series([self._reaches(allowed, units if kind == "instruction" else [unit])
                          for kind, units, unit in zip(df["kind"], df["commitment_units"], df["unit"], strict=True)],
                         index=df.index, dtype=bool)

    @_locked
    def instructions_for(self, name: str) -> pd.DataFrame:
        """What a person has been sent, unread first, then newest first: id, kind, commitment_id, task, unit,
        text, by, created_at, read, read_at. Their units' instructions and reminders (all of them for a
        person of no unit); what they wrote themselves counts as read."""
        self._role(name)
        df = self._instruction_frame()
        df = df[self._addressed_to(df, self._reach(name))]
        reads = self._reads()
        mine = reads[reads["name"] == name].set_index("instruction_id")["read_at"]
        df = df.assign(read_at=df["id"].map(mine))
        df = df.assign(read=df["read_at"].notna() | (df["by"] == name))
        df = df.sort_values(["read", "created_at", "id"], ascending=[True, False, False], kind="stable")
        return df.drop(columns="commitment_units").reset_index(drop=True)

    def mark_read(self, instruction_id: int, by: str) -> bool:
        """`by` has read an instruction or reminder sent to them; False when they had already."""
        with self._write():
            self._role(by)
            iid = _int_id(instruction_id, "批示")
            df = self._instruction_frame(" WHERE i.id = :id", {"id": iid})
            if df.empty:
                raise NotFound(f"没有编号为 {iid} 的批示或催办")
            if not self._addressed_to(df, self._reach(by)).iloc[0]:
                raise PermissionDenied(f"权限不足: {INSTRUCTION_KIND[df['kind'].iloc[0]]} {iid} 不是发给 {by} 所在单位的")
            if self._one("SELECT 1 FROM instruction_reads WHERE instruction_id = :id AND name = :name",
                         {"id": iid, "name": by}):
                return False
            self._exec("INSERT INTO instruction_reads (instruction_id, name, read_at) VALUES (:id, :name, :at)"
                       " ON CONFLICT (instruction_id, name) DO NOTHING", {"id": iid, "name": by, "at": self._stamp()})
            self._audit(by, "read_instruction", "instructions", iid, note=INSTRUCTION_KIND[df["kind"].iloc[0]])
            return True

    @_locked
    def instructions_on(self, commitment_id: int) -> pd.DataFrame:
        """For 承诺详情: the instructions on a commitment and the reminders to its units, newest first, each with
        who read it and when (`readers`: "wang 2026-03-02 09:10; ...")."""
        row = self._commitment_row(commitment_id)
        units = {self._unit_called(u) for u in json.loads(row["units"] or "[]")}
        df = self._instruction_frame()
        mine = [(kind == "instruction" and cid == row["id"]) or (kind == "reminder" and unit in units)
                for kind, cid, unit in zip(df["kind"], df["commitment_id"], df["unit"], strict=True)]
        df = df[pd.Series(mine, index=df.index, dtype=bool)]
        reads = self._reads()
        readers = (reads.assign(who=reads["name"] + " " + reads["read_at"].str.replace("T", " ").str.slice(0, 16))
                   .groupby("instruction_id")["who"].agg("; ".join))
        df = df.assign(readers=[readers.get(iid, "") for iid in df["id"]])
        return df.drop(columns="commitment_units").reset_index(drop=True)

    @_locked
    def open_reminders(self, unit: str | None = None) -> pd.DataFrame:
        """Reminders no one of their unit has read yet: id, unit, text, by, created_at (of one unit, or all).

        For 单位排名's 催办 column: a reminder stays open until a person of that unit (anyone but its
        writer, while people have no units) has read it.
        """
        df = self._instruction_frame(" WHERE i.kind = 'reminder'")
        if unit is not None:
            df = df[df["unit"] == self._unit_called(str(unit).strip())]
        reads = self._reads()
        readers = reads.groupby("instruction_id")["name"].agg(list)
        roles = dict(self._all("SELECT name, role FROM users"))
        units_of = {name: {self._unit_called(u) for u in self._own_units(name)} for name in set(reads["name"]) & set(roles)}

        def answers(name: str, unit_name: str) -> bool:
            # a person of the unit; before anyone has units, anyone but a manager (who sees every unit)
            mine = units_of.get(name)
            return unit_name in mine if mine else roles.get(name) not in (None, "manager")

        still = [not any(n != writer and answers(n, unit_name) for n in readers.get(iid, []))
                 for iid, unit_name, writer in zip(df["id"], df["unit"], df["by"], strict=True)]
        df = df[pd.Series(still, index=df.index, dtype=bool)]
        return df[["id", "unit", "text", "by", "created_at"]].reset_index(drop=True)

    def digest(self, as_of=None, days: int = 30, unit: str | None = None) -> dict:
        """Per unit, its overdue commitments (most recently due first) and those due within `days` (soonest
        first), with the open reminders: what an office mails each unit (`python -m tracker digest`).

        {"as_of": "2026-03-01", "days": 30, "units": [{"unit": "区城管局", "overdue": [row, ...],
        "due_soon": [row, ...], "open_reminders": 1}, ...]}, units with most overdue first; a row is
        id, task, target_value, unit (of measure), progress, share, status, deadline (in force),
        original_deadline, deadline_text, days_left. A commitment of no unit is listed under
        labels.NO_UNIT; one of two units under both.
        """
        day = as_date(as_of, "查看日期") or self.today()
        try:
            days = int(days)
        except (TypeError, ValueError):
            raise InvalidInput(f"天数不是整数: {days!r}") from None
        if days < 0:
            raise InvalidInput("天数不能为负数")
        wanted = self._unit_called(unit.strip()) if unit and unit.strip() else None
        df = self.commitments(as_of=day)
        left = (dates.timestamps(df["deadline"]) - pd.Timestamp(day)).dt.days
        overdue = df["status"] == "overdue"
        soon = df["status"].isin(["on_track", "at_risk"]) & left.between(0, days)
        rows = df.assign(days_left=left, _overdue=overdue)[overdue | soon]
        rows = rows.assign(days_left=rows["days_left"].astype("int64"))
        names = {u: self._unit_called(u) for us in rows["units"] for u in us}  # once per distinct name
        rows = rows.assign(_unit=[[names[u] for u in us] or [NO_UNIT] for us in rows["units"]]).explode("_unit")
        if wanted:
            rows = rows[rows["_unit"] == wanted]
        # overdue: most recently due first; due soon: soonest first
        rows = rows.assign(_order=np.where(rows["_overdue"], -rows["days_left"], rows["days_left"]))
        rows = rows.sort_values(["_order", "id"], kind="stable")
        fields = ["id", "task", "target_value", "unit", "progress", "share", "status", "deadline", "original_deadline",
                  "deadline_text", "days_left"]
        # one JSON pass in C instead of a Python loop over every cell (70,000 rows in a 100,000 view)
        records = json.loads(rows[fields].to_json(orient="records", force_ascii=False)) if len(rows) else []
        reminders = self.open_reminders()["unit"].value_counts()
        grouped: dict[str, dict] = {}
        for record, name, late in zip(records, rows["_unit"], rows["_overdue"], strict=True):
            entry = grouped.setdefault(name, {"unit": name, "overdue": [], "due_soon": [], "open_reminders": 0})
            entry["overdue" if late else "due_soon"].append(record)
        if wanted and not grouped:
            grouped[wanted] = {"unit": wanted, "overdue": [], "due_soon": [], "open_reminders": 0}
        out = sorted(grouped.values(), key=lambda u: (-len(u["overdue"]), -len(u["due_soon"]), u["unit"]))
        for entry in out:
            entry["open_reminders"] = int(reminders.get(entry["unit"], 0))
        return {"as_of": day, "days": days, "units": out}

    def add_user(self, name: str, role: str, password: str, by: str | None = None, *, trusted: bool = False) -> None:
        """Add a person who can sign in. by=None only for the very first user, or trusted=True (command line)."""
        name = _user_name(name)
        if role not in ROLES:
            raise InvalidInput(f"角色无效: {role!r} (应为 manager, staff 或 viewer)")
        _check_password(password, name)
        hashed = hash_password(password)  # slow on purpose; outside the write lock
        with self._write():
            if by is not None:
                self._require(by, ("manager",), "管理用户")
            elif not trusted and self._one("SELECT 1 FROM users LIMIT 1"):
                raise PermissionDenied("权限不足: 只有管理人员可以添加用户")
            if self._one("SELECT 1 FROM users WHERE name = :name", {"name": name}):
                raise InvalidInput(f"用户 {name} 已存在")
            self._exec("INSERT INTO users (name, role, password_hash, created_at) VALUES (:name, :role, :hash, :now)",
                       {"name": name, "role": role, "hash": hashed, "now": _now()})
            self._audit(by, "add_user", "users", name, "role", None, role)

    def set_role(self, name: str, role: str, by: str) -> None:
        with self._write():
            self._require(by, ("manager",), "管理用户")
            if role not in ROLES:
                raise InvalidInput(f"角色无效: {role!r} (应为 manager, staff 或 viewer)")
            old = self._one("SELECT role FROM users WHERE name = :name", {"name": name})
            if old is None:
                raise NotFound(f"没有用户 {name}")
            if old[0] == role:
                return
            if old[0] == "manager" and self._managers() <= 1:
                raise InvalidInput(f"{name} 是最后一位管理人员, 不能改为其他角色")
            self._exec("UPDATE users SET role = :role WHERE name = :name", {"role": role, "name": name})
            self._audit(by, "set_role", "users", name, "role", old[0], role)

    def _managers(self) -> int:
        return self._one("SELECT count(*) FROM users WHERE role = 'manager' AND disabled = 0")[0]

    def set_disabled(self, name: str, disabled: bool, by: str) -> None:
        """A manager stops (or restores) someone's access; a stopped person's sessions end at once."""
        with self._write():
            self._require(by, ("manager",), "管理用户")
            old = self._one("SELECT role, disabled FROM users WHERE name = :name", {"name": name})
            if old is None:
                raise NotFound(f"没有用户 {name}")
            if bool(old[1]) == bool(disabled):
                return
            if disabled and name == by:
                raise InvalidInput("不能停用自己的账户")
            if disabled and old[0] == "manager" and self._managers() <= 1:
                raise InvalidInput(f"{name} 是最后一位管理人员, 不能停用")
            self._exec("UPDATE users SET disabled = :disabled WHERE name = :name",
                       {"disabled": int(bool(disabled)), "name": name})
            if disabled:
                self._exec("DELETE FROM sessions WHERE name = :name", {"name": name})
            self._audit(by, "disable_user" if disabled else "enable_user", "users", name, "disabled",
                        bool(old[1]), bool(disabled))

    def reset_password(self, name: str, password: str, by: str) -> None:
        """A manager resets anyone's password (they must change it at their next sign-in, and their
        open sessions end); anyone may change their own (change_password also asks the old one)."""
        _check_password(password, name)
        hashed = hash_password(password)
        with self._write():
            if by != name:
                self._require(by, ("manager",), "重置他人密码")
            else:
                self._role(by)
            if self._one("SELECT 1 FROM users WHERE name = :name", {"name": name}) is None:
                raise NotFound(f"没有用户 {name}")
            self._exec("UPDATE users SET password_hash = :hash, must_change_password = :must WHERE name = :name",
                       {"hash": hashed, "must": int(by != name), "name": name})
            if by != name:
                self._exec("DELETE FROM sessions WHERE name = :name", {"name": name})
            self._audit(by, "reset_password", "users", name, "password")  # that it changed, never the hash

    def change_password(self, name: str, current: str, new: str) -> None:
        """A person changes their own password, proving the current one; clears a forced change."""
        if not verify_password(current or "", self._password_hash(name)):
            raise PermissionDenied("当前密码不正确")
        if new == current:
            raise InvalidInput("新密码不能与当前密码相同")
        self.reset_password(name, new, by=name)

    @_locked
    def _password_hash(self, name: str) -> str:
        row = self._one("SELECT password_hash FROM users WHERE name = :name", {"name": name})
        return row[0] if row else _DUMMY_HASH

    # ---- units (责任单位): who belongs to which, and the names merged into one ----
    # The unit rules hold once a manager has given anyone a unit (meta units_in_force, never
    # cleared): an office that has not set units up works as before, and taking the last
    # assignment away again does not open every commitment to every member of staff.

    def _aliases(self) -> dict[str, str]:
        return dict(self._all("SELECT alias, unit FROM unit_aliases"))

    def _canonical(self, name: str) -> str:
        row = self._one("SELECT unit FROM unit_aliases WHERE alias = :alias", {"alias": name})
        return row[0] if row else name

    @_locked
    def canonical_unit(self, name: str) -> str:
        """The name a unit goes by: canonical_unit("区城建局") -> "城建局" once merged into it; else the name."""
        return self._canonical(_unit_name(name))

    def _user_units(self, name: str) -> list[str]:
        return [r[0] for r in self._all("SELECT unit FROM user_units WHERE name = :name ORDER BY unit", {"name": name})]

    @_locked
    def user_units(self, name: str) -> list[str]:
        """The units a person belongs to (canonical names, sorted); [] for none or an unknown name."""
        return self._user_units(name)

    def _units_in_force(self) -> bool:
        return self._one("SELECT 1 FROM meta WHERE key = 'units_in_force'") is not None

    def _scope(self, name: str | None) -> frozenset[str] | None:
        """The units whose commitments `name` may see, or None for all of them.

        A manager sees all; a viewer with no units sees all; anyone with units sees theirs; staff
        with no units see none once units are in force (before, all, as ever). An unknown or
        disabled name is refused.
        """
        role = self._role(name)
        if role == "manager":
            return None
        units = self._user_units(name)
        if units:
            return frozenset(units)
        if role == "staff" and self._units_in_force():
            return frozenset()
        return None

    @_locked
    def scope(self, name: str) -> list[str] | None:
        """The units whose commitments `name` may see (sorted), or None for every commitment.

        scope("wang") -> ["城建局"] for staff of 城建局; [] for staff with no unit once units are in
        force (they see nothing, and the dashboard tells them to ask a manager); None for a manager.
        """
        allowed = self._scope(name)
        return None if allowed is None else sorted(allowed)

    def _in_units(self, units, params: dict) -> str:
        """SQL for "c belongs to one of these canonical units" (their aliases included), adding to params."""
        if not units:
            return "1 = 0"
        wanted = set(units)
        names = sorted(wanted | {alias for alias, unit in self._aliases().items() if unit in wanted})
        marks = []
        for i, name in enumerate(names):
            params[f"unit{i}"] = name
            marks.append(f":unit{i}")
        return f"c.id IN (SELECT commitment_id FROM commitment_units WHERE unit IN ({', '.join(marks)}))"

    def _commitment_units(self, row: dict) -> set[str]:
        return {self._canonical(u) for u in _unit_list(row.get("units"))}

    def _require_visible(self, by: str | None, row: dict, action: str) -> None:
        """Refuse `by` a commitment outside their units; the message names only its number."""
        allowed = self._scope(by)
        if allowed is not None and not (self._commitment_units(row) & allowed):
            if not allowed and self._role(by) == "staff":
                raise PermissionDenied(f"权限不足: {by} 还没有分配责任单位, 不能{action}承诺 {row['id']}, 请联系管理人员")
            raise PermissionDenied(f"权限不足: 承诺 {row['id']} 不属于 {by} 的责任单位, 不能{action}")

    @_locked
    def visible(self, name: str, commitment_id: int) -> bool:
        """Whether `name` may see this commitment (False for an unknown id, name or a disabled person)."""
        try:
            self._require_visible(name, self._commitment_row(commitment_id), "查看")
        except StoreError:
            return False
        return True

    @_locked
    def units(self) -> pd.DataFrame:
        """Every unit name in use, canonical: unit, commitments (not rejected), people, aliases (a list).

        A unit only a person belongs to (no commitment names it yet) is listed with 0 commitments.
        Sorted by commitments, most first, then name.
        """
        canon = self._aliases()
        pairs = self._frame("SELECT cu.commitment_id, cu.unit FROM commitment_units cu"
                            " JOIN commitments c ON c.id = cu.commitment_id WHERE c.review != 'rejected'")
        pairs["unit"] = pairs["unit"].map(lambda u: canon.get(u, u))
        counts = pairs.drop_duplicates().groupby("unit").size()
        people = self._frame("SELECT unit, count(*) AS people FROM user_units GROUP BY unit").set_index("unit")["people"]
        aliases: dict[str, list[str]] = {}
        for alias, unit in sorted(canon.items()):
            aliases.setdefault(unit, []).append(alias)
        names = sorted(set(counts.index) | set(people.index))
        out = pd.DataFrame({
            "unit": pd.Series(names, dtype=object),
            "commitments": pd.Series([int(counts.get(n, 0)) for n in names], dtype="int64"),
            "people": pd.Series([int(people.get(n, 0)) for n in names], dtype="int64"),
            "aliases": pd.Series([aliases.get(n, []) for n in names], dtype=object),
        })
        return out.sort_values(["commitments", "unit"], ascending=[False, True], kind="stable").reset_index(drop=True)

    def _unit_in_use(self, name: str) -> bool:
        return any(self._one(sql, {"name": name}) for sql in (
            "SELECT 1 FROM commitment_units WHERE unit = :name LIMIT 1",
            "SELECT 1 FROM unit_aliases WHERE unit = :name LIMIT 1",
            "SELECT 1 FROM user_units WHERE unit = :name LIMIT 1"))

    def _unit_writer(self, by: str | None, trusted: bool, action: str) -> None:
        """A manager, or the trusted command line (by=None, trusted=True); anyone else is refused."""
        if by is None and trusted:
            return
        self._require(by, ("manager",), action)

    def set_user_units(self, name: str, units, by: str | None, *, trusted: bool = False) -> list[str]:
        """Make `units` the person's units (manager; [] takes them all away); returns them, canonical.

        set_user_units("wang", ["区城建局"], by="boss") -> ["城建局"] once 区城建局 is merged into it.
        A name need not be on a commitment yet (a unit may be set up before its first task).
        """
        wanted = [_unit_name(u) for u in _units(units)]
        with self._write():
            self._unit_writer(by, trusted, "分配责任单位")
            if self._one("SELECT 1 FROM users WHERE name = :name", {"name": name}) is None:
                raise NotFound(f"没有用户 {name}")
            new = sorted(dict.fromkeys(self._canonical(u) for u in wanted))
            old = self._user_units(name)
            if new == old:
                return new
            self._exec("DELETE FROM user_units WHERE name = :name", {"name": name})
            for unit in new:
                self._exec("INSERT INTO user_units (name, unit) VALUES (:name, :unit)", {"name": name, "unit": unit})
            if new:
                self._exec("INSERT INTO meta (key, value) VALUES ('units_in_force', :at)"
                           " ON CONFLICT (key) DO NOTHING", {"at": _now()})
            self._audit(by, "set_units", "users", name, "units", old, new)
            return new

    def rename_unit(self, old: str, new: str, by: str | None, *, trusted: bool = False) -> str:
        """Give a unit a new name (manager): its commitments, people and earlier names go with it.

        rename_unit("区城建局", "区住房和城乡建设局", by="boss"): the view shows the new name, and an
        article imported later that says 区城建局 lands there too. A new name already in use is
        refused: that is a merge (merge_units). Returns the canonical name.
        """
        return self._join_units(old, new, by, trusted, merge=False)

    def merge_units(self, alias: str, into: str, by: str | None, *, trusted: bool = False) -> str:
        """Count a unit name as another one already in use (manager): 区城建局 = 城建局, one unit.

        merge_units("区城建局", "城建局", by="boss"): commitments that name either are 城建局's,
        its people belong to 城建局, and later imports saying 区城建局 map there. Returns `into`'s name.
        """
        return self._join_units(alias, into, by, trusted, merge=True)

    def _join_units(self, old: str, new: str, by, trusted: bool, *, merge: bool) -> str:
        action = "合并单位" if merge else "重命名单位"
        old, new = _unit_name(old), _unit_name(new)
        with self._write():
            self._unit_writer(by, trusted, action)
            source, target = self._canonical(old), self._canonical(new)
            if not self._unit_in_use(source):
                raise NotFound(f"没有单位 {old}")
            back = not merge and target == source and new != source  # renamed back to one of its earlier names
            if back:
                target = new
            elif source == target:
                raise InvalidInput(f"{old} 与 {new} 已是同一单位")
            if merge and not self._unit_in_use(target):
                raise NotFound(f"没有单位 {new} (改名请用重命名)")
            if not merge and not back and self._unit_in_use(target):
                raise InvalidInput(f"单位 {new} 已存在; 要把 {old} 并入 {new}, 请用合并")
            # one step deep: every name that meant `source` now means `target`, and `target` is no alias
            self._exec("UPDATE unit_aliases SET unit = :target WHERE unit = :source", {"source": source, "target": target})
            self._exec("DELETE FROM unit_aliases WHERE alias = :target", {"target": target})
            self._exec("INSERT INTO unit_aliases (alias, unit) VALUES (:source, :target)"
                       " ON CONFLICT (alias) DO UPDATE SET unit = excluded.unit", {"source": source, "target": target})
            self._exec("INSERT INTO user_units (name, unit) SELECT name, :target FROM user_units WHERE unit = :source"
                       " ON CONFLICT (name, unit) DO NOTHING", {"source": source, "target": target})
            self._exec("DELETE FROM user_units WHERE unit = :source", {"source": source})
            self._audit(by, "merge_unit" if merge else "rename_unit", "unit_aliases", source, "unit", source, target)
            return target

    @_locked
    def demo_articles(self) -> list[int]:
        """Ids of the demo articles a first start stored (tracker.ingest.seed names their source seeds/...)."""
        return [r[0] for r in self._all("SELECT id FROM articles WHERE source LIKE :demo ORDER BY id",
                                        {"demo": f"{DEMO_SOURCE}%"})]

    def remove_demo(self, by: str) -> dict:
        """Delete the demo articles with everything read from them (manager), audited; {"removed", "kept"}.

        An article one of whose commitments already has recorded progress is kept: progress
        updates are append-only, and someone has started tracking it as real work.
        """
        with self._write():
            self._require(by, ("manager",), "删除示例数据")
            removed, kept = 0, 0
            for article_id in self.demo_articles():
                article = {"id": article_id}
                ids = [r[0] for r in self._all("SELECT id FROM commitments WHERE article_id = :id", article)]
                # progress, an extension request or an instruction: someone tracks it as real work
                # (evidence and sign-offs also hold foreign keys to the commitment), or a completion mark
                if ids and (any(self._one(f"SELECT 1 FROM {table} t JOIN commitments c ON c.id = t.commitment_id"
                                          " WHERE c.article_id = :id LIMIT 1", article)
                                for table in ("progress_updates", "extensions", "instructions", "evidence", "signoffs"))
                            or self._one("SELECT 1 FROM commitments WHERE article_id = :id AND completed_on IS NOT NULL"
                                         " LIMIT 1", article)):
                    kept += 1
                    continue
                title = self._one("SELECT source FROM articles WHERE id = :id", article)[0]
                of_article = "SELECT id FROM commitments WHERE article_id = :id"
                self._exec(f"DELETE FROM commitment_units WHERE commitment_id IN ({of_article})", article)
                self._exec(f"DELETE FROM proposed_progress WHERE commitment_id IN ({of_article})", article)
                self._exec(f"UPDATE candidates SET commitment_id = NULL WHERE commitment_id IN ({of_article})", article)
                self._exec("DELETE FROM proposed_progress WHERE article_id = :id", article)
                self._exec("DELETE FROM candidates WHERE article_id = :id", article)
                self._exec("DELETE FROM commitments WHERE article_id = :id", article)
                self._exec("DELETE FROM articles WHERE id = :id", article)
                self._audit(by, "remove_demo", "articles", article_id, old=title, note=f"{len(ids)} 条承诺")
                removed += 1
            return {"removed": removed, "kept": kept}

    @_locked
    def integrity(self) -> str | None:
        """None when SQLite's integrity_check finds the file whole, else its first findings.

        Always None on PostgreSQL: the server keeps its own files whole (and checks pages it
        reads); there is no check of a whole database to run from a client.
        """
        if self.is_postgresql:
            return None
        return _integrity_problem(self.db.conn)

    def backup(self, dest: str | os.PathLike) -> None:
        """A consistent copy via SQLite's online backup, safe while others write; replaces dest whole.

        The database is checked before (a damaged file is not copied over a good backup) and the
        copy after; the database's own file, -wal or -shm as the target would destroy it, so they are refused.
        On PostgreSQL the copy is pg_dump's (custom format, for pg_restore), made the same way.
        """
        dest = Path(dest)
        if self.is_postgresql:
            return self._pg_dump(dest)
        own = self.path.resolve()
        if dest.resolve() in (own, own.with_name(own.name + "-wal"), own.with_name(own.name + "-shm"),
                              own.with_name(own.name + "-journal")):
            raise InvalidInput(f"备份文件不能是数据库本身或它的日志文件: {dest}")
        if not dest.parent.is_dir():
            raise InvalidInput(f"备份目录不存在: {dest.parent}")
        try:
            if problem := self.integrity():
                raise DamagedDatabase(f"数据库文件已损坏（完整性检查未通过），未备份；请用以前的备份恢复: {problem}")
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from exc
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        try:
            create_private(tmp)
            target = sqlite3.connect(str(tmp))
            try:
                with self._lock:
                    self.db.conn.backup(target)
                # A copy is a single self-contained file to carry around; Store turns WAL back on when opened.
                target.execute("PRAGMA journal_mode = DELETE")
                if problem := _integrity_problem(target):
                    raise StoreError(f"备份副本未通过完整性检查, 已丢弃: {problem}")
            finally:
                target.close()
            os.replace(tmp, dest)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"备份失败: {exc}") from exc
        except StoreError:
            tmp.unlink(missing_ok=True)
            raise


    def _pg_dump(self, dest: Path) -> None:
        """pg_dump of the database into dest (replaced whole): a snapshot, safe while others write."""
        import shutil
        import subprocess

        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise StoreError("未找到 pg_dump, 无法备份 PostgreSQL 数据库: 请安装 PostgreSQL 客户端"
                             "（Debian/Ubuntu: apt-get install postgresql-client）, 或用 python -m tracker copy-db"
                             " 复制到一个数据库文件")
        if not dest.parent.is_dir():
            raise InvalidInput(f"备份目录不存在: {dest.parent}")
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        try:
            create_private(tmp)
            # The URL goes as --dbname (libpq reads a password in it); it is never printed.
            done = subprocess.run([pg_dump, "--format=custom", "--no-owner", f"--file={tmp}",
                                   f"--dbname={libpq_url(str(self.path))}"],
                                  capture_output=True, text=True, timeout=24 * 3600)
            if done.returncode != 0:
                raise StoreError(f"pg_dump 备份失败 (退出码 {done.returncode}): {done.stderr.strip()[-500:]}")
            os.replace(tmp, dest)
        except OSError as exc:
            raise StoreError(f"备份失败: {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)


def _integrity_problem(conn: sqlite3.Connection) -> str | None:
    """PRAGMA integrity_check: None for "ok", else its first few findings on one line."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
    return None if rows == ["ok"] else "; ".join(" ".join(r.split()) for r in rows)


# ---- field cleaning -----------------------------------------------------------------------------


def _where(equal: dict) -> tuple[str, dict]:
    """' WHERE a = :w0 AND b = :w1' and its parameters for the conditions whose value is not None."""
    pairs = [(column, int(v) if column.endswith("_id") else v) for column, v in equal.items() if v is not None]
    clauses = " AND ".join(f"{c} = :w{i}" for i, (c, _) in enumerate(pairs))
    return ((" WHERE " + clauses) if pairs else ""), {f"w{i}": v for i, (_, v) in enumerate(pairs)}


def _int_id(value, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what}编号不是整数: {value!r}") from None


def _record_fields(r: dict) -> dict:
    """The commitment columns of one parser record (Commitment.to_json), cleaned as the store keeps them."""
    return {
        "article_title": r.get("article_title"),
        "article_date": dates.day_text_or_none(r.get("article_date")),
        "sentence": r.get("sentence"),
        "start": int(r.get("start") or 0),
        "end": int(r.get("end") or 0),
        "target_value": number_or_none(r.get("target_value")),
        "unit": r.get("unit"),
        "task": r.get("task") or "",
        "deadline": dates.day_text_or_none(r.get("deadline")),
        "deadline_text": r.get("deadline_text"),
        "officials": _officials(r.get("officials")),
        "units": _units(r.get("units")),
        "work_area": assign_area(r.get("task"), r.get("sentence")),
        "basis": r.get("basis"),
        "confidence": number_or_none(r.get("confidence")),
    }


def _officials(value) -> list[dict]:
    """[{"name", "title"}] from dicts, Official records or bare names."""
    return [{"name": name, "title": title or None} for name, title in map(official_parts, value or ()) if name]


def _units(value) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,，、;；]", value)
    return [str(u).strip() for u in value or () if str(u).strip()]


def _original(value) -> dict | None:
    """An original file handed with a bundle, as {"name", "kind", "data"}; None when there is none."""
    if not value:
        return None
    original = asdict(value) if is_dataclass(value) else dict(value)
    data = original.get("data")
    if not isinstance(data, (bytes, bytearray, memoryview)) or not data:
        raise InvalidInput("原始文件为空或不是字节")
    name = Path(str(original.get("name") or "")).name  # a name, never a path the uploader chose
    return {"name": name or "原始文件", "kind": str(original.get("kind") or "text"), "data": bytes(data)}


def _checked_files(files) -> list[dict]:
    """Evidence files [(name, bytes), ...] checked before anything is written: a refused one refuses all.

    Each becomes {"name", "kind", "size", "sha256", "data"}; InvalidInput names the file and why.
    """
    out = []
    for name, data in files or ():
        try:
            kind = evidence_rules.check(name, data, config.evidence_max_bytes())
        except evidence_rules.EvidenceRefused as exc:
            raise InvalidInput(str(exc)) from None
        data = bytes(data)
        out.append({"name": evidence_rules.clean_name(name), "kind": kind, "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(), "data": data})
    return out


def _text_or_none(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


NUL_REFUSED = "文字中含有空字符（\\x00），数据库不能存放这种字符；请删去后重试"


def _refuse_nul(params) -> None:
    """InvalidInput (NUL_REFUSED) when a text parameter (of a dict, or of each dict of a list) holds \\x00."""
    if not params:
        return
    for row in params if isinstance(params, list) else (params,):
        for value in row.values():
            if isinstance(value, str) and "\x00" in value:
                raise InvalidInput(NUL_REFUSED)


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"不能修改的字段: {', '.join(sorted(unknown))}")
    clean = {}
    for name, value in fields.items():
        if name == "target_value":
            if value is not None and isinstance(value, str) and not value.strip():
                value = None
            clean[name] = as_number(value, "目标值", allow_none=True)
        elif name == "deadline":
            clean[name] = as_date(value, "截止日期")
        elif name == "officials":
            clean[name] = _officials(value)
        elif name == "units":
            clean[name] = _units(value)
        elif name == "work_area":
            if value not in work_areas():
                raise InvalidInput(f"工作领域无效: {value!r} (应为 {'、'.join(work_areas())})")
            clean[name] = value
        elif name == "review":
            if value not in REVIEW_STATES:
                raise InvalidInput(f"审核状态无效: {value!r}")
            clean[name] = value
        elif name in ("start", "end"):
            try:
                clean[name] = max(int(value or 0), 0)
            except (TypeError, ValueError):
                raise InvalidInput(f"{name} 不是整数: {value!r}") from None
        elif name == "task":
            text = _text_or_none(value)
            if not text:
                raise InvalidInput("任务不能为空")
            clean[name] = text
        else:
            clean[name] = _text_or_none(value)
    return clean


FINISHED = ("done", "done_late", "pending_signoff")  # statuses that need no later deadline (vocab.md)
TEXT_LIMIT = 2000  # characters of a reason, an instruction or a reminder: a paragraph, not a document


def _required_text(value, what: str) -> str:
    """A reason or message people will read: not empty, at most TEXT_LIMIT characters."""
    text = _text_or_none(value) if isinstance(value, str) or value is None else _text_or_none(str(value))
    if not text:
        raise InvalidInput(f"{what}不能为空")
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(f"{what}不能超过 {TEXT_LIMIT} 字")
    return text


def _user_name(name) -> str:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise InvalidInput("用户名不能为空")
    if len(name) > 64 or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidInput(f"用户名无效: {name!r}")
    return name


def _unit_name(name) -> str:
    """A unit name as kept: stripped, not empty, at most 64 characters and no control characters."""
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise InvalidInput("单位名称不能为空")
    if len(name) > 64 or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidInput(f"单位名称无效: {name!r}")
    return name


def _check_password(password, name: str | None = None) -> None:
    if problem := password_problem(password, name):
        raise InvalidInput(problem)


# ---- moving an office between a file and PostgreSQL (issue 13) ------------------------------------

COPY_BATCH_ROWS = 5_000  # rows per INSERT batch: a few MB in memory at a time, whatever the size of the table
COPY_BATCH_BLOBS = 20  # rows per batch of a table with bytes in it (original files run to hundreds of MB)


def copy_database(source, target) -> dict[str, int]:
    """Copy every row of the tracker database at `source` into the empty one at `target`; rows per table.

    copy_database("data/tracker.db", "postgresql://tracker@db/tracker") -> {"articles": 120, ...}
    Either side is a file or a PostgreSQL URL. The source is read in one snapshot (a dashboard
    may keep writing to it meanwhile) after its migrations are brought up to this version, as
    any open does. The target is refused unless it is empty; its tables are made, every row
    copied with its id, the row counts compared table by table and the audit chain walked, all
    in one transaction: on any failure nothing is left in the target (a file made for it is removed).
    """
    src_where, dst_where = config.db_path(source), config.db_path(target)
    if str(src_where) == str(dst_where):
        raise InvalidInput("源数据库和目标数据库不能相同")
    if isinstance(src_where, Path) and not src_where.is_file():
        raise StoreError(f"数据库文件不存在: {src_where}")
    new_file = isinstance(dst_where, Path) and not dst_where.exists()
    with Store(src_where) as src:
        try:
            dst = open_database(dst_where)
        except Exception as exc:
            if isinstance(exc, OSError) or is_driver_error(exc):
                raise damaged(dst_where, exc) from exc
            raise
        try:
            with src._lock, src.db.snapshot(), dst.transaction():
                counts = _copy_rows(src.db, dst, shown(dst_where))
        except BaseException:
            dst.close()
            if new_file:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{dst_where}{suffix}").unlink(missing_ok=True)
            raise
        dst.close()
    return counts


def _copy_rows(src: Database, dst: Database, target_name: str) -> dict[str, int]:
    for table in dst.tables():
        if table != MIGRATIONS_TABLE and dst.execute(f"SELECT 1 FROM {table} LIMIT 1").first() is not None:
            raise InvalidInput(f"目标数据库 {target_name} 不是空的 (表 {table} 已有数据), 未复制任何内容")
    migrate(dst)  # joins the copy's transaction: a failure takes the new tables away too
    tables = [t for t in dst.tables() if t != MIGRATIONS_TABLE]
    missing = sorted(set(tables) - set(src.tables()))
    if missing:
        raise StoreError(f"源数据库缺少这些表, 不是本版本的 tracker 数据库: {', '.join(missing)}")
    counts = {}
    for table in tables:  # referenced tables first, so every foreign key finds its row
        counts[table] = _copy_table(src, dst, table)
    for table, copied in counts.items():
        there = dst.execute(f"SELECT count(*) FROM {table}").scalar()
        here = src.execute(f"SELECT count(*) FROM {table}").scalar()
        if not here == copied == there:
            raise StoreError(f"表 {table} 复制后行数不符 (源 {here}, 复制 {copied}, 目标 {there}), 未写入任何内容")
    chain = _walk_audit_chain(dst)
    if chain["broken_at"] is not None:
        raise StoreError(f"复制后的审计日志第 {chain['broken_at']} 行与哈希链不符, 未写入任何内容")
    return counts


def _copy_table(src: Database, dst: Database, table: str) -> int:
    """Copy one table in primary-key order, a batch at a time (keyset paging, the same SQL on both)."""
    meta = sa.MetaData()
    shape = sa.Table(table, meta, autoload_with=dst.sa)
    columns = [c.name for c in shape.columns]
    keys = [c.name for c in shape.primary_key.columns]
    batch = COPY_BATCH_BLOBS if any(isinstance(c.type, sa.LargeBinary) for c in shape.columns) else COPY_BATCH_ROWS
    quoted = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(f':c{i}' for i in range(len(columns)))})"
    # Keyset paging on the primary key, a row value when it has several columns ((unit, commitment_id) > (...)):
    # both databases read it, and each batch is an index range, however far into the table.
    key_list = ", ".join(f'"{k}"' for k in keys)
    after = f"({key_list}) > ({', '.join(f':k{i}' for i in range(len(keys)))})"
    copied, last = 0, None
    while True:
        if keys:
            where = "" if last is None else f" WHERE {after}"
            sql = f"SELECT {quoted} FROM {table}{where} ORDER BY {key_list} LIMIT {batch}"
        else:  # no primary key (none in tracker's schema): one read
            sql = f"SELECT {quoted} FROM {table}"
        rows = src.execute(sql, last or {}).fetchall()
        if rows:
            dst.executemany(insert, [{f"c{i}": _portable(v) for i, v in enumerate(row)} for row in rows])
            copied += len(rows)
        if not keys or len(rows) < batch:
            break
        last = {f"k{i}": rows[-1][columns.index(k)] for i, k in enumerate(keys)}
    if dst.is_postgresql and "id" in columns and copied:
        # Ids were copied as they were: the identity sequence must start after the largest, or the
        # next row added there would take an id that exists.
        dst.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return copied


def _portable(value):
    """A value as the other database takes it: PostgreSQL hands bytes over as a memoryview."""
    return bytes(value) if isinstance(value, memoryview) else value


def _walk_audit_chain(db: Database) -> dict:
    """{"rows", "broken_at", "reason"}: the first audit row whose hash does not follow from the one before."""
    cur = db.execute('SELECT id, at, "by", action, table_name, row_id, field, old, new, note, os_user, hash'
                     " FROM audit_log ORDER BY id")
    previous, rows = None, 0
    for values in cur:
        rows += 1
        row = dict(zip(AUDIT_CHAINED, values[:-1], strict=True))
        expected = audit_hash(previous, row)
        if values[-1] != expected:
            return {"rows": rows, "broken_at": row["id"], "reason": "no_hash" if values[-1] is None else "mismatch"}
        previous = expected
    return {"rows": rows, "broken_at": None, "reason": None}
