"""The one day parser of the package: what the store, the status rules, the charts, the exports
and the dashboard all read a day with.

A day is written YYYY-MM-DD everywhere the program keeps one (the store's TEXT columns, the
command line's options, the exports). What reaches a function may also be a date, a datetime,
a pandas Timestamp, a timestamp string that names its day (created_at: 2026-11-26T09:30:00),
or nothing (None, NaN, NaT, empty text):

    >>> import pandas as pd
    >>> day("2026-11-26"), day(pd.Timestamp("2026-11-26 09:30")), day(None), day(float("nan"))
    (datetime.date(2026, 11, 26), datetime.date(2026, 11, 26), None, None)
    >>> day("26/11/2026")
    Traceback (most recent call last):
    tracker.dates.BadDate: 日期「26/11/2026」不对，应为 YYYY-MM-DD（日期）

`day` refuses what is not a day; `day_or_none` leaves it out (a parser's guess, a cell typed by
hand); `days` reads a whole column at once (datetime64[D], NaT where there is none) and
`timestamps` gives the same as pandas Timestamps. The Chinese deadline words of the extraction
parser (年底前, 6月底) are another matter: tracker/extract/deadlines.py resolves those.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas and numpy load only when a column is read: `extract` never pays for them
    import numpy as np
    import pandas as pd

# YYYY-MM-DD, optionally followed by the time of a timestamp (T or a space, then HH:MM[:SS[.f]][zone]).
# Stricter than date.fromisoformat, which since Python 3.11 also takes 20261126 and 2026-W48-4.
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
BAD_DATE = "日期「{value}」不对，应为 YYYY-MM-DD（{what}）"


class BadDate(ValueError):
    """Not a day: the message names the value and where it came from, in Chinese."""


def missing(value) -> bool:
    """None, NaN, NaT, pd.NA and blank text hold no day."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__module__.split(".")[0] in ("pandas", "numpy"):  # NaT, pd.NA, numpy's NaT
        import pandas as pd

        return pd.api.types.is_scalar(value) and bool(pd.isna(value))
    return False


def day(value, what: str = "日期") -> date | None:
    """The day `value` names, None when it holds none; BadDate (a ValueError) when it is not a day.

        >>> day("2026-02-30", "--as-of")
        Traceback (most recent call last):
        tracker.dates.BadDate: 日期「2026-02-30」不对，应为 YYYY-MM-DD（--as-of）
    """
    if missing(value):
        return None
    if isinstance(value, datetime):  # pd.Timestamp is a datetime too
        return value.date()
    if isinstance(value, date):
        return value
    if type(value).__name__ == "datetime64":
        import pandas as pd

        return pd.Timestamp(value).date()
    text = str(value).strip()
    if m := _DAY.fullmatch(text):
        try:
            found = date(*map(int, m.groups()))
            if len(text) > 10:
                datetime.fromisoformat(text)  # the time of a timestamp must be a time too (25:00 is not)
            return found
        except ValueError:
            pass
    raise BadDate(BAD_DATE.format(value=value, what=what))


def day_text(value, what: str = "日期") -> str | None:
    """`day` written YYYY-MM-DD, as the store keeps days: date(2026, 1, 2) -> "2026-01-02"."""
    found = day(value, what)
    return found.isoformat() if found else None


def day_or_none(value) -> date | None:
    """`day`, with what is not a day left out instead of refused: "明年" -> None."""
    try:
        return day(value)
    except BadDate:
        return None


def day_text_or_none(value) -> str | None:
    found = day_or_none(value)
    return found.isoformat() if found else None


def day_or_today(value, today: date | None = None, what: str = "日期") -> date:
    """`day`, or today (given, else the machine's) when there is none: the default of every as_of."""
    return day(value, what) or today or date.today()


def days(values) -> np.ndarray:
    """A column of days as datetime64[D], NaT where there is none or what is there is not a day.

    A column of YYYY-MM-DD strings (the store's) is read by numpy in C, so 100,000 days take
    milliseconds; a column numpy cannot read whole (dates, NaN, bad text) goes through `day_or_none`.
    """
    import numpy as np
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.to_numpy(dtype="datetime64[D]")
    raw = series.to_numpy(dtype=object)
    try:
        # numpy reads ISO days and cuts the time off a timestamp; None becomes NaT. It would also read
        # "2026" or "2026-11" as their first day; the store never holds such text (every day it keeps
        # went through `day`), and checking each of 100,000 cells first costs more than the parse.
        return np.array(raw, dtype="datetime64[D]")
    except (ValueError, TypeError):
        pass
    out = [day_or_none(v) for v in raw]
    return np.array([np.datetime64(d, "D") if d else np.datetime64("NaT") for d in out], dtype="datetime64[D]")


def timestamps(values) -> pd.Series:
    """`days` as pandas Timestamps (midnight), keeping the index of a Series: for comparing and sorting."""
    import pandas as pd

    index = values.index if isinstance(values, pd.Series) else None
    return pd.Series(days(values).astype("datetime64[ns]"), index=index)
