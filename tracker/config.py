"""Where things live and the thresholds of the status rules (tracking.md).

Every command and the dashboard find the database the same way:
`--db FILE` if given, else `TRACKER_DB`, else `data/tracker.db` under the project root.
Either may be a PostgreSQL URL instead of a file (postgresql://user@host/db).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_DB = PROJECT_ROOT / "data" / "tracker.db"


def db_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """The database: the argument, else $TRACKER_DB, else data/tracker.db.

    A file is a Path; a PostgreSQL database is its URL, a str (postgresql://user@host/db,
    see tracker.db.is_url), kept as written so it can be opened again.
    """
    chosen = explicit or os.environ.get("TRACKER_DB")
    if not chosen:
        return DEFAULT_DB
    if isinstance(chosen, str) and chosen.lower().startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return chosen
    return Path(chosen)


@dataclass(frozen=True)
class StatusSettings:
    """Thresholds of the at_risk rule; tracking.md calls them configurable."""

    behind_points: float = 15.0  # share reached more than this many points below time elapsed
    soon_days: int = 14  # deadline within this many days ...
    soon_min_share: float = 80.0  # ... and under this share reached


def _setting(name: str, default, kind=float):
    """A threshold from the environment, else `default`.

    TRACKER_AT_RISK_DAYS=两周 (or 14天) must not stop every command at import: the default is
    used and a warning on standard error says which variable was ignored.
    """
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        value = None
    if value is None or value != value or value in (float("inf"), float("-inf")) or value < 0:
        print(f"警告: 环境变量 {name}={raw!r} 不是有效的非负数字，已使用默认值 {default}", file=sys.stderr)
        return default
    return value


@dataclass(frozen=True)
class InputLimits:
    """How much one file may hand the parser (issue 10): beyond these it is refused with a reason.

    20 MB of text is a few thousand pages, far beyond any report or plan, and keeps one parse
    under about half a gigabyte of memory. A Word file is a zip: what its parts inflate to is
    checked before anything is inflated, so a small file that unpacks to gigabytes is refused.
    0 turns a limit off.
    """

    text_mb: float = 20.0  # a text or HTML file, and the text read from a Word file
    docx_mb: float = 100.0  # all parts of a Word file, inflated (markup, styles and images)


STATUS_SETTINGS = StatusSettings(
    behind_points=_setting("TRACKER_AT_RISK_POINTS", StatusSettings.behind_points),
    soon_days=_setting("TRACKER_AT_RISK_DAYS", StatusSettings.soon_days, int),
    soon_min_share=_setting("TRACKER_AT_RISK_MIN_SHARE", StatusSettings.soon_min_share),
)

INPUT_LIMITS = InputLimits(
    text_mb=_setting("TRACKER_MAX_INPUT_MB", InputLimits.text_mb),
    docx_mb=_setting("TRACKER_MAX_DOCX_MB", InputLimits.docx_mb),
)


@dataclass(frozen=True)
class WorkerLimits:
    """How long and how much memory the dashboard gives one uploaded file to be read and parsed
    (issue 10 §2). The work runs in a child process under these limits, so a file that would stall
    or blow up the parser costs its own preview only; the server and the other files go on.

    2 GB of address space holds a parse of a text at the 20 MB input cap with room to spare (the
    interpreter and its libraries map about 0.3 GB before reading anything); two minutes is
    a hundred times what a long report takes. 0 turns a limit off.
    """

    seconds: float = 120.0  # TRACKER_IMPORT_SECONDS
    memory_mb: float = 2048.0  # TRACKER_IMPORT_MEMORY_MB, address space of the child (RLIMIT_AS)


WORKER_LIMITS = WorkerLimits(
    seconds=_setting("TRACKER_IMPORT_SECONDS", WorkerLimits.seconds),
    memory_mb=_setting("TRACKER_IMPORT_MEMORY_MB", WorkerLimits.memory_mb),
)


@dataclass(frozen=True)
class ReaderLimits:
    """Caps on what one imported file may cost (PDF pages, sheets, pixels, unzipped bytes).

    A file past a cap is refused with a message naming the cap and its variable, so one huge or
    hostile file costs seconds, not the machine, and the rest of a folder still imports.
    """

    max_file_mb: int = 200  # bytes read from disk for a PDF, an image or a workbook
    max_pdf_pages: int = 1000
    max_ocr_pages: int = 60  # OCR takes seconds a page: a scanned book is refused, not read for an hour
    max_image_pixels: int = 60_000_000  # one page image; A4 at 600 dpi is 35 million
    max_sheets: int = 50
    max_sheet_rows: int = 100_000  # rows read per sheet
    max_unzipped_mb: int = 500  # what a .xlsx/.ods (a zip) may unpack to
    convert_seconds: int = 180  # LibreOffice converting one .doc/.wps
    ocr_seconds: int = 120  # Tesseract on one page


# The environment variable that overrides each cap; messages name it so a person can raise it.
LIMIT_VARIABLES = {field: f"TRACKER_{field.upper()}" for field in ReaderLimits.__dataclass_fields__}


def reader_limits() -> ReaderLimits:
    """The caps in force, read from the environment on each call (a test or a long-running dashboard may change it)."""
    return ReaderLimits(**{field: _setting(env, getattr(ReaderLimits, field), int) for field, env in LIMIT_VARIABLES.items()})


@dataclass(frozen=True)
class SignInSettings:
    """How long a sign-in holds and how guessing is slowed (issue 10).

    A session ends after `idle_hours` without a page run (a working day by default). After
    `max_failures` wrong passwords in a row a name is locked for `lock_minutes`; before that,
    each failure waits `delay_seconds` doubled per earlier failure, so guessing is slow from
    the first try. Counted in the database, so restarting the server resets nothing.
    """

    idle_hours: float = 8.0
    max_failures: int = 5
    lock_minutes: float = 15.0
    delay_seconds: float = 0.5


SIGN_IN = SignInSettings(
    idle_hours=_setting("TRACKER_IDLE_HOURS", SignInSettings.idle_hours),
    max_failures=max(1, _setting("TRACKER_MAX_FAILURES", SignInSettings.max_failures, int)),
    lock_minutes=_setting("TRACKER_LOCK_MINUTES", SignInSettings.lock_minutes),
    delay_seconds=_setting("TRACKER_SIGN_IN_DELAY", SignInSettings.delay_seconds),
)


EVIDENCE_MAX_MB = 20.0  # default size limit of one evidence file (佐证材料), issue 11


def evidence_max_bytes() -> int:
    """The size limit of one evidence file in bytes: TRACKER_EVIDENCE_MAX_MB (default 20 MB), read on each
    call so a long-running dashboard or a test may change it; 0 turns it off."""
    return int(_setting("TRACKER_EVIDENCE_MAX_MB", EVIDENCE_MAX_MB) * 1024 * 1024)
