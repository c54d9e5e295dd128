"""单位排名: per unit, how many commitments, how many done on time or late, pending sign-off, overdue.

A pure function of the commitment view (Store.commitments(as_of)), so the dashboard, the
exports, the 督查通报 and the tests rank alike:

    >>> table = unit_ranking(view, as_of="2026-11-26")
    >>> table.iloc[0][["rank", "unit", "commitments", "done", "overdue", "completion_rate"]].tolist()
    [1, '区城建局', 4, 3, 0, 75.0]

A commitment with two units counts once for each; one with none counts under 未指定单位.
Completion rate = (done + done_late) / commitments, in percent. Units are ranked by completion
rate (highest first), then by overdue (fewest first); units equal on both share a rank
(1, 2, 2, 4). Everything is vectorised (explode the unit lists, group once), so 100,000
commitments take a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from tracker.labels import RANKING, RANKING_FIELD, STATUS_COLOURS
from tracker.progress import _days, _to_date

# The counts of the table, each the number of a unit's commitments with that status.
# done_late and pending_signoff are the statuses of sign-off (issue 11); until they exist the columns read 0.
COUNTED = ("done", "done_late", "pending_signoff", "overdue")
FINISHED = ("done", "done_late")
COLUMNS = ["rank", "unit", "commitments", "done", "done_late", "pending_signoff", "overdue", "completion_rate",
           "days_since_update", "last_update"]
PERIOD_OF = ("deadline", "article_date")
# How a unit's bar is split in the charts, left to right, coloured from the one status map (with
# stand-ins until the sign-off statuses have colours of their own there); other_open is the rest.
SEGMENTS = ("done", "done_late", "pending_signoff", "overdue", "other_open")
SEGMENT_COLOURS = {
    "done": STATUS_COLOURS.get("done", "#2e7d32"),
    "done_late": STATUS_COLOURS.get("done_late", "#81c784"),
    "pending_signoff": STATUS_COLOURS.get("pending_signoff", "#64b5f6"),
    "overdue": STATUS_COLOURS.get("overdue", "#c62828"),
    "other_open": "#bdbdbd",
}


def select(view: pd.DataFrame, period=None, period_of: str = "deadline", areas: Iterable[str] | None = None) -> pd.DataFrame:
    """The commitments a ranking counts: in the period (by deadline or article date, inclusive) and the work areas.

    `period` is (start, end) as dates or YYYY-MM-DD; either end may be None (open). A period drops
    commitments without that date. `areas` are exact work-area names; empty or None keeps all.
    Rejected commitments (status None) never count.

        >>> select(view, period=("2026-11-01", "2026-11-30"), areas=["城市建设"])
    """
    if period_of not in PERIOD_OF:
        raise ValueError(f"period_of must be one of {PERIOD_OF}, not {period_of!r}")
    keep = view["status"].notna().to_numpy(copy=True) if "status" in view else np.ones(len(view), dtype=bool)
    if period is not None and any(p is not None for p in period):
        start, end = (_to_date(p) for p in period)
        days = _days(view[period_of]) if period_of in view else np.full(len(view), np.datetime64("NaT"), "datetime64[D]")
        inside = ~np.isnat(days)
        if start is not None:
            inside &= days >= np.datetime64(start, "D")
        if end is not None:
            inside &= days <= np.datetime64(end, "D")
        keep &= inside
    wanted = [a for a in (areas or ()) if a]
    if wanted:
        keep &= view["work_area"].isin(wanted).to_numpy()
    return view.loc[keep]


def unit_rows(view: pd.DataFrame) -> pd.DataFrame:
    """One row per (commitment, unit): columns row (position in `view`), unit, status, last (progress as-of
    day, datetime64). Names are stripped; a commitment with none is under 未指定单位; a name listed
    twice on one commitment (or two aliases that now read the same) counts once.
    """
    units = view["units"] if "units" in view else pd.Series([[]] * len(view), index=view.index, dtype=object)
    long = pd.DataFrame({
        "row": np.arange(len(view)),
        "unit": units.to_numpy(),
    }).explode("unit", ignore_index=True)
    names = long["unit"].astype("string").str.strip()
    long["unit"] = names.mask(names.eq(""), pd.NA).fillna(RANKING["no_unit"]).astype(object)
    long = long.drop_duplicates(["row", "unit"])
    rows = long["row"].to_numpy()
    status = view["status"].to_numpy(dtype=object) if "status" in view else np.full(len(view), None, dtype=object)
    last = _days(view["progress_as_of"]) if "progress_as_of" in view else np.full(len(view), np.datetime64("NaT"), "datetime64[D]")
    return pd.DataFrame({"row": rows, "unit": long["unit"].to_numpy(), "status": status[rows], "last": last[rows]})


def unit_ranking(view: pd.DataFrame, as_of=None, *, period=None, period_of: str = "deadline",
                 areas: Iterable[str] | None = None, reminders: Mapping[str, int] | pd.Series | None = None) -> pd.DataFrame:
    """The ranking table: one row per unit, COLUMNS in order (open_reminders last when `reminders` is given).

    `as_of` is the day the view was computed for (default today): days_since_update counts from
    it to the unit's latest progress update (NaN when it never reported). `reminders` maps a unit
    to its open reminders (催办 not yet dealt with); units it does not name have 0.

        >>> unit_ranking(view, "2026-11-26", period=("2026-01-01", "2026-12-31"), areas=["城市建设"])
    """
    day = np.datetime64(_to_date(as_of) or date.today(), "D")
    long = unit_rows(select(view, period, period_of, areas))
    if long.empty:
        table = pd.DataFrame({c: pd.Series(dtype="int64") for c in COLUMNS})
        table = table.astype({"unit": object, "completion_rate": float, "days_since_update": float,
                              "last_update": object})
        if reminders is not None:
            table["open_reminders"] = pd.Series(dtype="int64")
        return table
    grouped = long.groupby("unit", sort=False)
    counts = long.groupby(["unit", "status"], sort=False).size().unstack(fill_value=0)
    table = pd.DataFrame({"commitments": grouped.size()})
    for status in COUNTED:
        table[status] = counts[status] if status in counts else 0
    table = table.fillna(0).astype("int64")
    table["completion_rate"] = (table["done"] + table["done_late"]) / table["commitments"] * 100.0
    last = grouped["last"].max().to_numpy(dtype="datetime64[D]")
    never = np.isnat(last)
    table["days_since_update"] = np.where(never, np.nan, (day - last).astype("timedelta64[D]").astype("int64"))
    table["last_update"] = np.where(never, None, np.datetime_as_string(last)).astype(object)
    table = table.rename_axis("unit").reset_index()
    if reminders is not None:
        open_ = pd.Series(reminders, dtype="float64") if not isinstance(reminders, pd.Series) else reminders
        table["open_reminders"] = table["unit"].map(open_).fillna(0).astype("int64")
    table = table.sort_values(["completion_rate", "overdue", "commitments", "unit"],
                              ascending=[False, True, False, True], kind="stable", ignore_index=True)
    # Competition ranking: units equal on rate and overdue share a rank, the next rank skips.
    first = (table["completion_rate"].ne(table["completion_rate"].shift())
             | table["overdue"].ne(table["overdue"].shift())).to_numpy()
    position = np.arange(1, len(table) + 1)
    table["rank"] = np.maximum.accumulate(np.where(first, position, 0))
    return table[COLUMNS + (["open_reminders"] if reminders is not None else [])]


def segments(table: pd.DataFrame) -> pd.DataFrame:
    """A ranking's counts split for a chart: one column per SEGMENTS key, each row summing to its commitments."""
    out = table[list(SEGMENTS[:-1])].astype("int64").copy()
    out["other_open"] = table["commitments"] - out.sum(axis=1)
    return out


def segment_label(key: str) -> str:
    return RANKING["other_open"] if key == "other_open" else RANKING_FIELD[key]


def summary(view: pd.DataFrame) -> dict[str, float]:
    """The figures of a whole view, each commitment once: total, done, done_late, finished, pending_signoff,
    overdue, completion_rate (percent, NaN when there are none).

        >>> summary(view)
        {'total': 12, 'done': 3, 'done_late': 1, 'finished': 4, 'pending_signoff': 1, 'overdue': 2, 'completion_rate': 33.3...}
    """
    status = view["status"] if "status" in view else pd.Series(dtype=object)
    status = status[status.notna()]
    counts = status.value_counts()
    out = {"total": int(len(status))}
    for key in COUNTED:
        out[key] = int(counts.get(key, 0))
    out["finished"] = out["done"] + out["done_late"]
    out["completion_rate"] = out["finished"] / out["total"] * 100.0 if out["total"] else float("nan")
    return {k: out[k] for k in ("total", "done", "done_late", "finished", "pending_signoff", "overdue",
                                "completion_rate")}


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """The ranking as people read it: Chinese headers, the rate as 66.7%, never-updated as 从未填报.

    What the CSV and the Excel sheet hold (numbers stay numbers except the two text columns).
    """
    out = table.copy()
    out["completion_rate"] = out["completion_rate"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}%")
    out["days_since_update"] = out["days_since_update"].map(lambda v: RANKING["never"] if pd.isna(v) else int(v))
    out["last_update"] = out["last_update"].fillna("")
    return out.rename(columns=RANKING_FIELD)
