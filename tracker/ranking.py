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
from itertools import chain

import numpy as np
import pandas as pd

from tracker import dates
from tracker.cells import as_list
from tracker.labels import RANKING, RANKING_FIELD, STATUS_COLOURS

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
        start, end = (dates.day(p) for p in period)
        days = dates.days(view[period_of]) if period_of in view else np.full(len(view), np.datetime64("NaT"), "datetime64[D]")
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


def _pairs(view: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, codes, names): one (position in `view`, unit code) per commitment and unit, names[code] the unit.

    Names are stripped; a commitment with none is under 未指定单位; a name listed twice on one
    commitment (or two aliases that now read the same) counts once. Plain numpy over integer codes:
    a column of 200,000 names is never built (pandas would convert it to Arrow strings and back).
    """
    cells = view["units"].to_numpy(dtype=object) if "units" in view else np.full(len(view), None, dtype=object)
    lists = [c if isinstance(c, list) else as_list(c) for c in cells]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.empty(int(lengths.sum()), dtype=object)
    flat[:] = list(chain.from_iterable(lists))
    rows = np.repeat(np.arange(len(lists)), lengths)
    raw_codes, raw_names = pd.factorize(flat, use_na_sentinel=True)
    # Cleaned once per distinct name; two raw names that clean to one (" 甲局", "甲局") share a code.
    cleaned = [str(n).strip() for n in raw_names]
    cleaned = [n or RANKING["no_unit"] for n in cleaned]
    codes_of_clean, names = pd.factorize(np.array(cleaned + [RANKING["no_unit"]], dtype=object))
    codes = codes_of_clean[raw_codes] if len(raw_codes) else np.zeros(0, dtype=np.int64)  # -1 picks the last
    missing = np.flatnonzero(lengths == 0)
    rows = np.concatenate([rows, missing])
    codes = np.concatenate([codes, np.full(len(missing), codes_of_clean[-1], dtype=codes.dtype)])
    key = np.sort(rows.astype(np.int64) * (len(names) + 1) + codes)  # sorted, then repeats dropped:
    key = key[np.concatenate([key[:1] == key[:1], key[1:] != key[:-1]])]  # np.unique's hashing took 30 times longer
    rows, codes = key // (len(names) + 1), key % (len(names) + 1)
    return rows, codes, np.asarray(names, dtype=object)


def _view_days(view: pd.DataFrame, column: str) -> np.ndarray:
    if column in view:
        return dates.days(view[column])
    return np.full(len(view), np.datetime64("NaT"), "datetime64[D]")


def unit_rows(view: pd.DataFrame) -> pd.DataFrame:
    """One row per (commitment, unit): columns row (position in `view`), unit, status, last (progress as-of
    day, datetime64); the units named as the ranking counts them (see _pairs)."""
    rows, codes, names = _pairs(view)
    status = view["status"].to_numpy(dtype=object) if "status" in view else np.full(len(view), None, dtype=object)
    return pd.DataFrame({"row": rows, "unit": names[codes], "status": status[rows],
                         "last": _view_days(view, "progress_as_of")[rows]})


def _empty(reminders) -> pd.DataFrame:
    table = pd.DataFrame({c: pd.Series(dtype="int64") for c in COLUMNS})
    table = table.astype({"unit": object, "completion_rate": float, "days_since_update": float, "last_update": object})
    if reminders is not None:
        table["open_reminders"] = pd.Series(dtype="int64")
    return table


def unit_ranking(view: pd.DataFrame, as_of=None, *, period=None, period_of: str = "deadline",
                 areas: Iterable[str] | None = None, reminders: Mapping[str, int] | pd.Series | None = None) -> pd.DataFrame:
    """The ranking table: one row per unit, COLUMNS in order (open_reminders last when `reminders` is given).

    `as_of` is the day the view was computed for (default today): days_since_update counts from
    it to the unit's latest progress update (NaN when it never reported). `reminders` maps a unit
    to its open reminders (催办 not yet dealt with); units it does not name have 0.

        >>> unit_ranking(view, "2026-11-26", period=("2026-01-01", "2026-12-31"), areas=["城市建设"])
    """
    day = np.datetime64(dates.day(as_of) or date.today(), "D")
    chosen = select(view, period, period_of, areas)
    rows, codes, names = _pairs(chosen)
    if not len(rows):
        return _empty(reminders)
    # Counts per unit with bincount over integer codes: no group-by over 200,000 strings.
    n = len(names)
    status = chosen["status"].to_numpy(dtype=object)[rows] if "status" in chosen else np.full(len(rows), None, object)
    table = pd.DataFrame({"unit": names, "commitments": np.bincount(codes, minlength=n)})
    for key in COUNTED:
        table[key] = np.bincount(codes[status == key], minlength=n)
    table["completion_rate"] = (table["done"] + table["done_late"]) / table["commitments"] * 100.0
    last_day = _view_days(chosen, "progress_as_of")[rows].astype("int64")  # NaT is the smallest int64
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, codes, last_day)
    last = last.astype("datetime64[D]")
    never = np.isnat(last)
    table["days_since_update"] = np.where(never, np.nan, (day - last).astype("timedelta64[D]").astype("int64"))
    table["last_update"] = np.where(never, None, np.datetime_as_string(last)).astype(object)
    table = table[table["commitments"] > 0]
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
