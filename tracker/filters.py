"""The one filter over the commitment view: the dashboard's sidebar, the 导出 page and
`python -m tracker export` all select rows with `apply(view, Filter(...))`, so the same choices
give the same commitments wherever they are made.

Names are matched exactly, as a person picks them from a list: units=("区城建局",) keeps the
commitments of 区城建局 and not those of 区城建局二处; officials are matched by name
(陈定, not 副区长). Several names in one field mean any of them; different fields must all hold.

    >>> f = Filter(statuses=("overdue",), units=("区城管局",), due_before=date(2026, 12, 31))
    >>> apply(view, f)            # the overdue commitments of 区城管局 due by the end of 2026
    >>> Filter.of(status="已逾期", unit="区城管局") == Filter(statuses=("overdue",), units=("区城管局",))
    True

The text search (`text`) is the one place where part of a word is enough: it looks for the
words typed in the task, the sentence, the officials and the units, as a search box does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tracker import dates
from tracker.cells import as_list, official_parts, officials_text, units_text
from tracker.labels import STATUS, STATUS_GROUP

# A status key, its label, or a word for several (已完成: done on time or late) -> the keys it means.
_STATUS_BY_LABEL = {label: (key,) for key, label in STATUS.items()} | STATUS_GROUP


def _names(value) -> tuple[str, ...]:
    """None, one name or several, as a tuple of stripped names without blanks or repeats."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        name = str(item).strip()
        if name and name not in out:
            out.append(name)
    return tuple(out)


@dataclass(frozen=True)
class Filter:
    """What to keep; an empty field keeps everything. Due dates are inclusive and drop undated rows."""

    statuses: tuple[str, ...] = ()
    officials: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    due_after: date | None = None
    due_before: date | None = None
    text: str = ""

    @classmethod
    def of(cls, *, status=None, official=None, unit=None, area=None, due_after=None, due_before=None,
           text: str | None = None, period=None) -> Filter:
        """A Filter from loose values: one name or a list, status keys or their Chinese labels, days
        as text or dates, a (start, end) period. A day that is not one raises dates.BadDate (a ValueError)."""
        if period:
            due_after, due_before = period
        return cls(
            statuses=tuple(key for s in _names(status) for key in _STATUS_BY_LABEL.get(s, (s,))),
            officials=_names(official), units=_names(unit), areas=_names(area),
            due_after=dates.day(due_after, "due_after"), due_before=dates.day(due_before, "due_before"),
            text=(text or "").strip(),
        )

    def active(self) -> bool:
        return bool(self.statuses or self.officials or self.units or self.areas or self.due_after
                    or self.due_before or self.text.strip())


def _any_of(cells: Iterable, wanted: set[str], name_of) -> list[bool]:
    return [any(name_of(item) in wanted for item in (c if isinstance(c, list) else as_list(c))) for c in cells]


def _official_name(item) -> str:
    return (official_parts(item)[0] or "").strip()


def _unit_name(item) -> str:
    return str(item).strip()


def apply(df: pd.DataFrame, f: Filter) -> pd.DataFrame:
    """The rows of the view that pass every field of `f`, in the order they came."""
    if df.empty or not f.active():
        return df
    keep = pd.Series(True, index=df.index)
    if f.statuses:
        keep &= df["status"].isin(f.statuses)
    if f.areas:
        keep &= df["work_area"].fillna("").astype(str).str.strip().isin(f.areas)
    if f.officials:
        keep &= pd.Series(_any_of(df["officials"], set(f.officials), _official_name), index=df.index)
    if f.units:
        keep &= pd.Series(_any_of(df["units"], set(f.units), _unit_name), index=df.index)
    if f.due_after or f.due_before:
        deadlines = dates.timestamps(df["deadline"])
        deadlines.index = df.index
        if f.due_after:
            keep &= deadlines >= pd.Timestamp(f.due_after)
        if f.due_before:
            keep &= deadlines <= pd.Timestamp(f.due_before)
    text = f.text.strip()
    if text:
        rows = df.loc[keep]
        haystack = (
            rows["task"].fillna("").astype(str) + "\n" + rows["sentence"].fillna("").astype(str) + "\n"
            + rows["officials"].map(officials_text) + "\n" + rows["units"].map(units_text)
        )
        keep.loc[rows.index] = haystack.str.contains(text, case=False, regex=False)
    return df.loc[keep]


def choices(df: pd.DataFrame) -> dict[str, list[str]]:
    """The names a filter can be given, sorted: {"official": [...], "unit": [...], "area": [...]}."""
    officials, units = set(), set()
    for cell in df.get("officials", []):
        officials.update(n for n in map(_official_name, as_list(cell)) if n)
    for cell in df.get("units", []):
        units.update(n for n in map(_unit_name, as_list(cell)) if n)
    areas = {str(a).strip() for a in df.get("work_area", pd.Series(dtype=str)).dropna() if str(a).strip()}
    return {"official": sorted(officials), "unit": sorted(units), "area": sorted(areas)}
