"""The status rules of tracking.md, one row per rule and boundary; the vectorised form must agree."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd
import pytest

from tracker.config import StatusSettings
from tracker.progress import share_reached, status_of, statuses, time_elapsed_share

YEAR = ("2019-01-01", "2019-12-31")  # article date and deadline: 364 days apart, so day 182 is exactly 50%

# (why, target, deadline, start, latest, completed, as_of, expected)
CASES = [
    ("target reached exactly", 100, YEAR[1], YEAR[0], 100, False, "2019-03-01", "pending_signoff"),
    ("progress above target", 100, YEAR[1], YEAR[0], 150, False, "2019-03-01", "pending_signoff"),
    ("reached after the deadline waits for sign-off, never overdue", 100, YEAR[1], YEAR[0], 100, False, "2020-02-01",
     "pending_signoff"),
    ("marked complete with a number, little progress", 100, YEAR[1], YEAR[0], 10, True, "2019-11-01", "pending_signoff"),
    ("no number, marked complete", None, YEAR[1], YEAR[0], None, True, "2020-06-01", "pending_signoff"),
    ("no number, no deadline", None, None, YEAR[0], None, False, "2019-06-01", "no_deadline"),
    ("number, no deadline, nothing yet", 366, None, YEAR[0], None, False, "2019-06-01", "no_deadline"),
    ("no deadline but reached", 366, None, YEAR[0], 366, False, "2019-06-01", "pending_signoff"),
    ("deadline passed, not reached", 100, YEAR[1], YEAR[0], 99, False, "2020-01-01", "overdue"),
    ("deadline passed, no progress yet", 100, YEAR[1], YEAR[0], None, False, "2020-01-01", "overdue"),
    ("no number, deadline passed", None, YEAR[1], YEAR[0], None, False, "2020-01-01", "overdue"),
    ("deadline day itself is not overdue (90% reached)", 100, YEAR[1], YEAR[0], 90, False, "2019-12-31", "on_track"),
    ("deadline day itself, 50% reached: at risk, not overdue", 100, YEAR[1], YEAR[0], 50, False, "2019-12-31", "at_risk"),
    ("no progress yet, early", 100, YEAR[1], YEAR[0], None, False, "2019-01-10", "on_track"),
    ("no progress yet, a quarter of the time gone", 100, YEAR[1], YEAR[0], None, False, "2019-04-01", "at_risk"),
    ("15-point rule: exactly 15 points behind is not at risk", 100, YEAR[1], YEAR[0], 35, False, "2019-07-02", "on_track"),
    ("15-point rule: more than 15 points behind", 100, YEAR[1], YEAR[0], 34, False, "2019-07-02", "at_risk"),
    ("ahead of time", 100, YEAR[1], YEAR[0], 60, False, "2019-07-02", "on_track"),
    ("14-day window: 14 days left, 79%", 100, YEAR[1], None, 79, False, "2019-12-17", "at_risk"),
    ("14-day window: 14 days left, 80% is enough", 100, YEAR[1], None, 80, False, "2019-12-17", "on_track"),
    ("14-day window: 15 days left, 79% is outside it", 100, YEAR[1], None, 79, False, "2019-12-16", "on_track"),
    ("14-day window: no number, 10 days left", None, YEAR[1], None, None, False, "2019-12-21", "at_risk"),
    ("no number, early: share 0 but little time gone", None, YEAR[1], YEAR[0], None, False, "2019-02-01", "on_track"),
    ("no number, half the time gone", None, YEAR[1], YEAR[0], None, False, "2019-07-02", "at_risk"),
    ("as of before the article: no time gone", 100, YEAR[1], YEAR[0], None, False, "2018-12-01", "on_track"),
    ("deadline before the article date: all time gone", 100, "2019-05-31", "2019-06-01", 10, False, "2019-05-01", "at_risk"),
    ("target 0 counts as no number", 0, YEAR[1], YEAR[0], 0, False, "2019-01-10", "on_track"),
    ("infinite progress is no figure", 100, YEAR[1], YEAR[0], float("inf"), False, "2019-04-01", "at_risk"),
    ("an infinite target is no number", float("inf"), YEAR[1], YEAR[0], 5, False, "2019-01-10", "on_track"),
]


# A finished commitment a manager signed off: on time or late by the day it finished, against the
# deadline in force. (why, target, deadline, latest, completed, finished_on, expected); as of 2020-03-01.
SIGNED_OFF_CASES = [
    ("reached before the deadline", 100, YEAR[1], 100, False, "2019-11-30", "done"),
    ("reached on the deadline day", 100, YEAR[1], 100, False, YEAR[1], "done"),
    ("reached the day after the deadline", 100, YEAR[1], 120, False, "2020-01-01", "done_late"),
    ("no number, marked complete late", None, YEAR[1], None, True, "2020-02-01", "done_late"),
    ("no number, marked complete in time", None, YEAR[1], None, True, "2019-06-01", "done"),
    ("no deadline: on time whenever", 366, None, 366, False, "2020-02-01", "done"),
    ("signed off without a known day counts as on time", 100, YEAR[1], 100, False, None, "done"),
    ("signed off but no longer reached: the rules of open work", 100, YEAR[1], 50, False, "2019-11-30", "overdue"),
]


@pytest.mark.parametrize("why,target,deadline,latest,completed,finished_on,expected", SIGNED_OFF_CASES,
                         ids=[c[0] for c in SIGNED_OFF_CASES])
def test_signed_off_status(why, target, deadline, latest, completed, finished_on, expected):
    got = status_of(target, deadline, YEAR[0], latest, completed, "2020-03-01", signed_off=True, finished_on=finished_on)
    assert got == expected
    frame = _frame([(why, target, deadline, YEAR[0], latest, completed, "2020-03-01", expected)])
    frame["signed_off"], frame["finished_on"] = True, finished_on
    assert statuses(frame, "2020-03-01").tolist() == [expected]


@pytest.mark.parametrize(
    "why,target,deadline,start,latest,completed,as_of,expected", CASES, ids=[c[0] for c in CASES]
)
def test_status_of(why, target, deadline, start, latest, completed, as_of, expected):
    assert status_of(target, deadline, start, latest, completed, as_of) == expected


def test_rejected_has_no_status():
    assert status_of(100, YEAR[1], YEAR[0], None, False, "2020-01-01", review="rejected") is None


def test_thresholds_come_from_settings():
    relaxed = StatusSettings(behind_points=30, soon_days=3, soon_min_share=50)
    assert status_of(100, YEAR[1], YEAR[0], 34, False, "2019-07-02") == "at_risk"
    assert status_of(100, YEAR[1], YEAR[0], 34, False, "2019-07-02", settings=relaxed) == "on_track"
    assert status_of(100, YEAR[1], None, 79, False, "2019-12-17", settings=relaxed) == "on_track"


def test_status_accepts_dates_and_defaults_to_today():
    today = date.today()
    assert status_of(10, today + timedelta(days=100), today, None, False, today) == "on_track"
    assert status_of(10, today - timedelta(days=1), None, None, False) == "overdue"


def test_share_reached():
    assert share_reached(366, 183) == pytest.approx(50.0)
    assert share_reached(366, None) == 0.0
    assert share_reached(100, 150) == pytest.approx(150.0)
    assert share_reached(None, None) == 0.0
    assert share_reached(None, None, completed=True) == 100.0
    assert share_reached(100, 20, completed=True) == 100.0


def test_time_elapsed_share():
    assert time_elapsed_share(*YEAR, "2019-07-02") == pytest.approx(50.0)
    assert time_elapsed_share(*YEAR, "2018-01-01") == 0.0
    assert time_elapsed_share(*YEAR, "2021-01-01") == 100.0
    assert time_elapsed_share(None, YEAR[1], "2019-07-02") is None


def _frame(cases) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "target_value": pd.Series([c[1] for c in cases], dtype="float64"),
            "deadline": pd.Series([c[2] for c in cases], dtype=object),
            "article_date": pd.Series([c[3] for c in cases], dtype=object),
            "created_at": pd.Series([None] * len(cases), dtype=object),
            "progress": pd.Series([c[4] for c in cases], dtype="float64"),
            "completed": [c[5] for c in cases],
            "review": ["extracted"] * len(cases),
        }
    )


@pytest.mark.parametrize("as_of", sorted({c[6] for c in CASES}))
def test_vectorised_statuses_match_the_table(as_of):
    cases = [c for c in CASES if c[6] == as_of]
    got = statuses(_frame(cases), as_of).tolist()
    assert got == [c[7] for c in cases], [c[0] for c in cases]


def test_vectorised_statuses_agree_with_status_of_on_random_commitments():
    rng = random.Random(4)
    base = date(2019, 1, 1)

    def day(lo, hi):
        return (base + timedelta(days=rng.randint(lo, hi))).isoformat()

    rows = []
    for _ in range(3000):
        target = rng.choice([None, 0, 5, 100, 366, 53000.0])
        rows.append(
            {
                "target_value": target,
                "deadline": rng.choice([None, day(0, 700)]),
                "article_date": rng.choice([None, day(-30, 300)]),
                "created_at": day(0, 400) + "T09:30:00",
                "progress": rng.choice([None, rng.uniform(0, 1.2) * (target or 10)]),
                "completed": rng.random() < 0.1,
                "signed_off": rng.random() < 0.5,
                "finished_on": rng.choice([None, day(0, 700)]),
                "review": rng.choice(["extracted", "confirmed", "manual", "rejected"]),
            }
        )
    df = pd.DataFrame(rows).astype({"target_value": "float64", "progress": "float64"})
    df["deadline"] = df["deadline"].astype(object).where(df["deadline"].notna(), None)
    df["article_date"] = df["article_date"].astype(object).where(df["article_date"].notna(), None)
    df["finished_on"] = df["finished_on"].astype(object).where(df["finished_on"].notna(), None)
    as_of = "2019-09-15"
    expected = [
        status_of(
            None if pd.isna(r.target_value) else r.target_value,
            r.deadline,
            r.article_date or r.created_at[:10],
            None if pd.isna(r.progress) else r.progress,
            r.completed,
            as_of,
            review=r.review,
            signed_off=r.signed_off,
            finished_on=r.finished_on,
        )
        for r in df.itertuples()
    ]
    got = statuses(df, as_of).tolist()
    mismatches = [(i, e, g) for i, (e, g) in enumerate(zip(expected, got, strict=True)) if e != g]
    assert not mismatches, mismatches[:5]
    assert set(got) == {"done", "done_late", "pending_signoff", "overdue", "at_risk", "on_track", "no_deadline", None}


def test_vectorised_statuses_of_an_empty_frame():
    assert statuses(_frame([]), "2019-01-01").tolist() == []
