"""The one day parser (tracker.dates) and that the modules which read days use it and no copy of their own."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tracker import dates
from tracker.store import InvalidInput, as_date

ROOT = Path(__file__).resolve().parent.parent
NOV_26 = date(2026, 11, 26)


@pytest.mark.parametrize("value, expected", [
    ("2026-11-26", NOV_26),
    (" 2026-11-26 ", NOV_26),
    ("2026-11-26T09:30:00", NOV_26),  # created_at: a timestamp names its day
    ("2026-11-26 09:30:00", NOV_26),
    ("2026-11-26T09:30:00.123456+08:00", NOV_26),
    ("2026-11-26T09:30Z", NOV_26),
    ("2024-02-29", date(2024, 2, 29)),
    (NOV_26, NOV_26),
    (datetime(2026, 11, 26, 23, 59), NOV_26),
    (pd.Timestamp("2026-11-26 09:30"), NOV_26),
    (np.datetime64("2026-11-26"), NOV_26),
    (None, None),
    ("", None),
    ("   ", None),
    (float("nan"), None),
    (np.float64("nan"), None),
    (pd.NaT, None),
    (pd.NA, None),
    (np.datetime64("NaT"), None),
])
def test_day_reads(value, expected):
    assert dates.day(value) == expected
    assert dates.day_or_none(value) == expected
    assert dates.day_text(value) == (expected.isoformat() if expected else None)


@pytest.mark.parametrize("value", [
    "2026-11-26x", "26/11/2026", "2026-02-30", "2023-02-29", "明天", "2026", "2026-11",
    "20261126", "2026-W48-4",  # date.fromisoformat takes these since Python 3.11; the store never writes them
    "2026-1-2", "2026-11-26T25:00", 20261126,
])
def test_day_refuses_what_is_not_a_day(value):
    with pytest.raises(dates.BadDate, match="YYYY-MM-DD") as caught:
        dates.day(value, "--as-of")
    assert "--as-of" in str(caught.value) and isinstance(caught.value, ValueError)
    assert dates.day_or_none(value) is None
    with pytest.raises(InvalidInput, match="截止日期不是有效日期"):  # the store's wording over the same parser
        as_date(value, "截止日期")


def test_day_or_today_takes_the_day_given():
    assert dates.day_or_today(None, today=NOV_26) == NOV_26
    assert dates.day_or_today("2026-01-02", today=NOV_26) == date(2026, 1, 2)


@pytest.mark.parametrize("values, expected", [
    (["2026-11-26", None, "2026-12-01"], ["2026-11-26", "NaT", "2026-12-01"]),
    (["2026-11-26T09:30:00", "2026-11-26 10:00:00"], ["2026-11-26", "2026-11-26"]),
    (["x", "2026-02-30", "2026-11-26"], ["NaT", "NaT", "2026-11-26"]),  # one bad cell: each read alone
    ([NOV_26, float("nan"), pd.Timestamp("2026-11-26 09:00"), "2026-11-26"], ["2026-11-26", "NaT", "2026-11-26", "2026-11-26"]),
    (pd.Series(pd.to_datetime(["2026-11-26 09:00", None])), ["2026-11-26", "NaT"]),
    ([], []),
])
def test_days_reads_a_column(values, expected):
    out = dates.days(values)
    assert out.dtype == np.dtype("datetime64[D]")
    assert [str(v) for v in out] == expected


def test_timestamps_keep_the_index():
    out = dates.timestamps(pd.Series(["2026-11-26", None], index=[7, 9]))
    assert out.index.tolist() == [7, 9] and out[7] == pd.Timestamp("2026-11-26") and pd.isna(out[9])


# The modules that once parsed days each in their own way (issue 11): none defines a parser again.
READERS = ["tracker/store.py", "tracker/export.py", "tracker/progress.py", "tracker/charts.py", "tracker/ingest.py",
           "tracker/filters.py", "tracker/extract/pipeline.py", "app/present.py", "app/filters.py", "app/pages/review.py"]


@pytest.mark.parametrize("path", READERS)
def test_no_module_keeps_a_day_parser_of_its_own(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    tree = ast.parse(source)
    own = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert not own & {"parse_date", "_to_date", "_day", "_days", "_iso_day", "_day_or_none"}
    for call in ("date.fromisoformat(", "pd.to_datetime("):
        assert call not in source, f"{path} reads days itself ({call}); use tracker.dates"
