"""The status rules of tracking.md: done, overdue, at_risk, on_track, no_deadline.

    >>> status_of(366, "2019-12-31", "2019-04-26", 100, False, "2019-06-30")
    'on_track'
    >>> status_of(366, "2019-12-31", "2019-04-26", 100, False, "2019-10-01")
    'at_risk'

100 of 366 old blocks (27%) is fine at the end of June, with 26% of the time from the
article (2019-04-26) to the deadline gone; on 1 October 63% is gone, and 27% is more
than 15 points behind.

`status_of` decides one commitment and is the reference; `statuses` decides a whole
DataFrame with array operations, so 100,000 commitments take milliseconds. A test checks
that the two agree. Thresholds come from config.STATUS_SETTINGS.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from tracker import dates
from tracker.config import STATUS_SETTINGS, StatusSettings

# done_late and pending_signoff (issue 11: 逾期完成, 待销号) are named here with their labels and colours;
# the sign-off rules that decide them come with the evidence and sign-off work.
STATUSES = ("done", "done_late", "pending_signoff", "overdue", "at_risk", "on_track", "no_deadline")


def number_or_none(value) -> float | None:
    """A finite number, else None: "366" -> 366.0; None, NaN, infinity and "约" -> None.

    Infinity counts as no number, as in the vectorised rules below (np.isfinite).
    """
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def share_reached(target_value, latest_value, completed: bool = False) -> float:
    """Percent of the target reached: 100 of 366 -> 27.3. No number: 0, or 100 once marked complete.

    A target of 0 or less cannot be divided by, so it counts as "no number".
    """
    target = number_or_none(target_value)
    latest = number_or_none(latest_value)
    if target is not None and target > 0:
        share = (latest or 0.0) / target * 100.0
    else:
        share = 0.0
    return max(share, 100.0) if completed else share


def time_elapsed_share(start_date, deadline, as_of) -> float | None:
    """Percent of the time from start (the article date) to the deadline that has passed, 0..100.

    None without a start date. A deadline on or before the start day counts as all time gone.
    """
    start, end, day = dates.day(start_date), dates.day(deadline), dates.day(as_of)
    if start is None or end is None:
        return None
    span = (end - start).days
    if span <= 0:
        return 100.0
    return min(max((day - start).days / span * 100.0, 0.0), 100.0)


def status_of(
    target_value,
    deadline,
    start_date,
    latest_value,
    completed: bool,
    as_of=None,
    settings: StatusSettings = STATUS_SETTINGS,
    review: str | None = None,
) -> str | None:
    """The status of one commitment on the day `as_of` (default today); None when it was rejected."""
    if review == "rejected":
        return None
    day = dates.day(as_of) or date.today()
    target = number_or_none(target_value)
    latest = number_or_none(latest_value)
    has_number = target is not None and target > 0
    if completed or (has_number and latest is not None and latest >= target):
        return "done"
    end = dates.day(deadline)
    if end is None:
        return "no_deadline"
    if day > end:  # the deadline day itself still counts as in time
        return "overdue"
    share = share_reached(target, latest, completed)
    elapsed = time_elapsed_share(start_date, end, day)
    if elapsed is not None and share < elapsed - settings.behind_points:
        return "at_risk"
    if (end - day).days <= settings.soon_days and share < settings.soon_min_share:
        return "at_risk"
    return "on_track"


# ---- the same rules over a whole DataFrame -------------------------------------------------


def _floats(df: pd.DataFrame, column: str) -> np.ndarray:
    if column not in df:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _completed(df: pd.DataFrame) -> np.ndarray:
    if "completed" not in df:
        return np.zeros(len(df), dtype=bool)
    return df["completed"].fillna(False).astype(bool).to_numpy()


def shares(df: pd.DataFrame) -> pd.Series:
    """share_reached for every row (columns target_value, progress, completed)."""
    target = _floats(df, "target_value")
    latest = _floats(df, "progress")
    latest = np.where(np.isfinite(latest), latest, 0.0)  # as number_or_none: infinity is no figure
    has_number = np.isfinite(target) & (target > 0)
    share = np.where(has_number, latest / np.where(has_number, target, 1.0) * 100.0, 0.0)
    share = np.where(_completed(df), np.maximum(share, 100.0), share)
    return pd.Series(share, index=df.index, name="share")


def start_dates(df: pd.DataFrame) -> np.ndarray:
    """The day the time to a deadline starts: the article date, else the day the commitment was recorded."""
    start = dates.days(df["article_date"]) if "article_date" in df else np.full(len(df), np.datetime64("NaT"), "datetime64[D]")
    if "created_at" in df:
        start = np.where(np.isnat(start), dates.days(df["created_at"]), start)
    return start


def statuses(df: pd.DataFrame, as_of=None, settings: StatusSettings = STATUS_SETTINGS) -> pd.Series:
    """status_of for every row of a commitment DataFrame, without a Python loop over rows.

    Columns read: target_value, deadline, progress, completed, article_date, created_at,
    review (rows with review == 'rejected' get None). Missing columns count as empty.
    """
    day = np.datetime64(dates.day(as_of) or date.today(), "D")
    n = len(df)
    target = _floats(df, "target_value")
    latest = _floats(df, "progress")
    completed = _completed(df)
    has_number = np.isfinite(target) & (target > 0)
    with np.errstate(invalid="ignore"):
        reached = has_number & np.isfinite(latest) & (latest >= target)
    done = completed | reached

    deadline = dates.days(df["deadline"]) if "deadline" in df else np.full(n, np.datetime64("NaT"), "datetime64[D]")
    has_deadline = ~np.isnat(deadline)
    overdue = has_deadline & (day > deadline)

    share = shares(df).to_numpy()
    start = start_dates(df)
    has_start = ~np.isnat(start)
    span = (deadline - start).astype("timedelta64[D]").astype(float)
    gone = (day - start).astype("timedelta64[D]").astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        elapsed = np.where(span > 0, np.clip(gone / np.where(span > 0, span, 1.0) * 100.0, 0.0, 100.0), 100.0)
    behind = has_deadline & has_start & (share < elapsed - settings.behind_points)
    days_left = (deadline - day).astype("timedelta64[D]").astype(float)
    with np.errstate(invalid="ignore"):
        soon = has_deadline & (days_left <= settings.soon_days) & (share < settings.soon_min_share)

    result = np.select(
        [done, ~has_deadline, overdue, behind | soon],
        ["done", "no_deadline", "overdue", "at_risk"],
        default="on_track",
    ).astype(object)
    if "review" in df:
        result[(df["review"] == "rejected").to_numpy(dtype=bool, na_value=False)] = None
    return pd.Series(result, index=df.index, name="status", dtype=object)
