"""Where things live and the thresholds of the status rules (tracking.md).

Every command and the dashboard find the database the same way:
`--db FILE` if given, else `TRACKER_DB`, else `data/tracker.db` under the project root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_DB = PROJECT_ROOT / "data" / "tracker.db"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: the argument, else $TRACKER_DB, else data/tracker.db."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("TRACKER_DB")
    if env:
        return Path(env)
    return DEFAULT_DB


@dataclass(frozen=True)
class StatusSettings:
    """Thresholds of the at_risk rule; tracking.md calls them configurable."""

    behind_points: float = 15.0  # share reached more than this many points below time elapsed
    soon_days: int = 14  # deadline within this many days ...
    soon_min_share: float = 80.0  # ... and under this share reached


STATUS_SETTINGS = StatusSettings(
    behind_points=float(os.environ.get("TRACKER_AT_RISK_POINTS", 15)),
    soon_days=int(os.environ.get("TRACKER_AT_RISK_DAYS", 14)),
    soon_min_share=float(os.environ.get("TRACKER_AT_RISK_MIN_SHARE", 80)),
)
