"""我的任务: a unit's commitments in the order its staff work through them.

    >>> view = pd.DataFrame({"id": [1, 2, 3, 4], "deadline": ["2027-01-20", "2026-12-10", "2026-11-20", None],
    ...                      "status": ["at_risk", "on_track", "overdue", "done"]})
    >>> my_tasks(view, "2026-12-01")[["id", "group"]].values.tolist()
    [[2, 'due_soon'], [1, 'at_risk'], [3, 'overdue'], [4, 'done']]

Due soon (deadline in force within DUE_SOON_DAYS, soonest first) comes first whatever its
status, then at risk, then overdue (the most recently missed first), then the rest of the open
work, then what waits for a manager's sign-off, and done last. The view's `deadline` is the
deadline in force (an approved extension's, once there is one).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

DUE_SOON_DAYS = 30
# The groups in the order the page shows them (labels: tracker.labels.TASK_GROUP).
TASK_GROUPS = ("due_soon", "at_risk", "overdue", "open", "pending_signoff", "done")
FINISHED = ("done", "done_late")  # signed off (vocabulary of issue 11); "done" alone before sign-off existed


def task_group(view: pd.DataFrame, as_of) -> pd.Series:
    """The TASK_GROUPS name of each commitment of the view on `as_of` (a date or YYYY-MM-DD)."""
    day = as_of if isinstance(as_of, str) else as_of.isoformat()
    soon = (date.fromisoformat(day) + timedelta(days=DUE_SOON_DAYS)).isoformat()
    status = view["status"].astype(object).to_numpy()
    deadline = view["deadline"].astype(object).where(view["deadline"].notna(), "").to_numpy()
    finished = np.isin(status, FINISHED)
    pending = status == "pending_signoff"
    overdue = status == "overdue"
    open_ = ~(finished | pending | overdue)
    due_soon = open_ & (deadline >= day) & (deadline <= soon) & (deadline != "")
    groups = np.select([due_soon, open_ & (status == "at_risk"), overdue, pending, finished],
                       ["due_soon", "at_risk", "overdue", "pending_signoff", "done"], default="open")
    return pd.Series(groups, index=view.index, dtype=object)


def my_tasks(view: pd.DataFrame, as_of) -> pd.DataFrame:
    """The view in 我的任务 order with a `group` column (see the module's example)."""
    if view.empty:
        return view.assign(group=pd.Series(dtype=object))
    out = view.assign(group=task_group(view, as_of))
    rank = out["group"].map({g: i for i, g in enumerate(TASK_GROUPS)})
    # one sort key: the deadline, ascending, except overdue and done ones, newest first
    text = out["deadline"].astype(object).where(out["deadline"].notna(), "9999-99-99")
    backwards = out["group"].isin(["overdue", "done"]).to_numpy()
    ordinal = pd.Series(pd.factorize(text, sort=True)[0], index=out.index)
    key = np.where(backwards, -ordinal, ordinal)
    # undated ones last within a group that runs backwards too
    key = np.where(backwards & (text == "9999-99-99").to_numpy(), np.iinfo(np.int64).max, key)
    return (out.assign(_rank=rank, _key=key).sort_values(["_rank", "_key", "id"], kind="stable")
            .drop(columns=["_rank", "_key"]))
