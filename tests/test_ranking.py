"""单位排名: the ranking table from hand-written views (table-driven), then through a real store."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tracker import ranking
from tracker.labels import RANKING, RANKING_FIELD

AS_OF = "2026-11-26"
NO_UNIT = RANKING["no_unit"]


def view(rows: list[dict]) -> pd.DataFrame:
    """A commitment view (the Store.commitments columns ranking reads) from a few hand-written rows."""
    base = {"units": [], "status": "on_track", "deadline": "2026-12-31", "article_date": "2026-03-01",
            "work_area": "城市建设", "progress_as_of": None, "review": "confirmed"}
    return pd.DataFrame([{**base, "id": i + 1, **r} for i, r in enumerate(rows)])


# Each case: rows of a view, options, and the expected table as {unit: (commitments, done, done_late,
# pending_signoff, overdue, completion_rate, days_since_update)} in rank order, with the ranks.
CASES = {
    "a commitment in two units counts for each": (
        [{"units": ["区城建局", "区住建局"], "status": "done", "progress_as_of": "2026-11-20"},
         {"units": ["区城建局"], "status": "overdue"}],
        {},
        [(1, "区住建局", 1, 1, 0, 0, 0, 100.0, 6), (2, "区城建局", 2, 1, 0, 0, 1, 50.0, 6)],
    ),
    "done late is finished but not on time": (
        [{"units": ["甲局"], "status": "done_late"}, {"units": ["甲局"], "status": "done"},
         {"units": ["乙局"], "status": "done"}, {"units": ["乙局"], "status": "pending_signoff"}],
        {},
        [(1, "甲局", 2, 1, 1, 0, 0, 100.0, None), (2, "乙局", 2, 1, 0, 1, 0, 50.0, None)],
    ),
    "no units ranks under 未指定单位, blank names too": (
        [{"units": [], "status": "done"}, {"units": [" "], "status": "overdue"}, {"units": ["甲局"], "status": "on_track"}],
        {},
        [(1, NO_UNIT, 2, 1, 0, 0, 1, 50.0, None), (2, "甲局", 1, 0, 0, 0, 0, 0.0, None)],
    ),
    "one name twice on a commitment counts once": (
        [{"units": ["甲局", "甲局 "], "status": "done"}],
        {},
        [(1, "甲局", 1, 1, 0, 0, 0, 100.0, None)],
    ),
    "equal rate: fewer overdue first; equal on both share a rank": (
        [{"units": ["甲局"], "status": "overdue"}, {"units": ["甲局"], "status": "on_track"},
         {"units": ["乙局"], "status": "at_risk"}, {"units": ["丙局"], "status": "no_deadline", "deadline": None},
         {"units": ["丁局"], "status": "done"}],
        {},
        [(1, "丁局", 1, 1, 0, 0, 0, 100.0, None), (2, "丙局", 1, 0, 0, 0, 0, 0.0, None),
         (2, "乙局", 1, 0, 0, 0, 0, 0.0, None), (4, "甲局", 2, 0, 0, 0, 1, 0.0, None)],
    ),
    "rejected commitments (no status) never count": (
        [{"units": ["甲局"], "status": None}, {"units": ["甲局"], "status": "done"}],
        {},
        [(1, "甲局", 1, 1, 0, 0, 0, 100.0, None)],
    ),
    "days since the latest update of any of the unit's commitments": (
        [{"units": ["甲局"], "progress_as_of": "2026-10-27"}, {"units": ["甲局"], "progress_as_of": "2026-11-16"},
         {"units": ["乙局"]}],
        {},
        [(1, "甲局", 2, 0, 0, 0, 0, 0.0, 10), (1, "乙局", 1, 0, 0, 0, 0, 0.0, None)],
    ),
    "period by deadline drops those outside and undated": (
        [{"units": ["甲局"], "deadline": "2026-11-30", "status": "done"}, {"units": ["甲局"], "deadline": "2027-01-05"},
         {"units": ["乙局"], "deadline": None, "status": "no_deadline"}],
        {"period": ("2026-11-01", "2026-11-30")},
        [(1, "甲局", 1, 1, 0, 0, 0, 100.0, None)],
    ),
    "period by article date, open at one end": (
        [{"units": ["甲局"], "article_date": "2026-02-01"}, {"units": ["乙局"], "article_date": "2026-06-01"}],
        {"period": ("2026-05-01", None), "period_of": "article_date"},
        [(1, "乙局", 1, 0, 0, 0, 0, 0.0, None)],
    ),
    "work areas by exact name": (
        [{"units": ["甲局"], "work_area": "城市建设"}, {"units": ["乙局"], "work_area": "城市建设管理"}],
        {"areas": ["城市建设"]},
        [(1, "甲局", 1, 0, 0, 0, 0, 0.0, None)],
    ),
    "nothing matches: an empty table with every column": (
        [{"units": ["甲局"], "work_area": "教育"}],
        {"areas": ["城市建设"]},
        [],
    ),
}


@pytest.mark.parametrize(("rows", "options", "expected"), CASES.values(), ids=CASES.keys())
def test_ranking_table(rows, options, expected):
    table = ranking.unit_ranking(view(rows), AS_OF, **options)
    assert table.columns.tolist() == ranking.COLUMNS
    got = [(r.rank, r.unit, r.commitments, r.done, r.done_late, r.pending_signoff, r.overdue,
            round(r.completion_rate, 1), None if math.isnan(r.days_since_update) else int(r.days_since_update))
           for r in table.itertuples()]
    assert got == expected


def test_open_reminders_come_from_the_counts_given():
    rows = view([{"units": ["甲局"]}, {"units": ["乙局"]}])
    assert "open_reminders" not in ranking.unit_ranking(rows, AS_OF)  # no counts, no column
    table = ranking.unit_ranking(rows, AS_OF, reminders={"乙局": 2, "别的局": 5})
    assert dict(zip(table["unit"], table["open_reminders"], strict=True)) == {"甲局": 0, "乙局": 2}
    as_series = ranking.unit_ranking(rows, AS_OF, reminders=pd.Series({"甲局": 1}))
    assert dict(zip(as_series["unit"], as_series["open_reminders"], strict=True)) == {"甲局": 1, "乙局": 0}


def test_last_update_is_the_day_and_never_is_empty():
    table = ranking.unit_ranking(view([{"units": ["甲局"], "progress_as_of": "2026-11-16"}, {"units": ["乙局"]}]), AS_OF)
    last = table.set_index("unit")["last_update"]
    assert last["甲局"] == "2026-11-16" and pd.isna(last["乙局"])


def test_a_bad_period_basis_is_refused():
    with pytest.raises(ValueError):
        ranking.unit_ranking(view([{}]), AS_OF, period=("2026-01-01", "2026-12-31"), period_of="created_at")


def test_summary_counts_each_commitment_once():
    rows = view([{"units": ["甲局", "乙局"], "status": "done"}, {"status": "done_late"}, {"status": "pending_signoff"},
                 {"status": "overdue"}, {"status": None}])
    assert ranking.summary(rows) == {"total": 4, "done": 1, "done_late": 1, "finished": 2, "pending_signoff": 1,
                                     "overdue": 1, "completion_rate": 50.0}
    assert math.isnan(ranking.summary(view([]).assign(status=pd.Series(dtype=object)))["completion_rate"])


def test_labelled_reads_in_chinese():
    table = ranking.unit_ranking(view([{"units": ["甲局"], "status": "done"}, {"units": ["甲局"]}]), AS_OF)
    out = ranking.labelled(table)
    assert out.columns.tolist() == [RANKING_FIELD[c] for c in ranking.COLUMNS]
    row = out.iloc[0]
    assert row[RANKING_FIELD["completion_rate"]] == "50.0%"
    assert row[RANKING_FIELD["days_since_update"]] == RANKING["never"]


# --- through the store ------------------------------------------------------------------------

def test_store_ranks_as_of_a_day(store):
    city = store.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2025-12-31",
                                units=["区城建局", "区住建局"])
    road = store.add_commitment("boss", task="严管示范路整治", target_value=4, unit="条", deadline="2025-06-30",
                                units=["区城管局"])
    park = store.add_commitment("boss", task="生态园林城市创建", deadline="2025-12-31", work_area="生态环境")
    store.add_progress(city, 366, by="wang", as_of="2025-09-01")
    store.add_progress(road, 1, by="wang", as_of="2025-05-01")
    store.set_complete(park, by="wang", as_of="2025-10-01")

    early = store.unit_ranking("2025-08-01").set_index("unit")
    assert early.loc["区城建局", "done"] == 0 and early.loc["区城管局", "overdue"] == 1
    assert early.loc["区城管局", "days_since_update"] == 92  # 2025-05-01 to 2025-08-01

    late = store.unit_ranking("2025-11-01")
    assert late["unit"].tolist() == ["区住建局", "区城建局", NO_UNIT, "区城管局"]  # ties by name
    assert late.set_index("unit")["completion_rate"].to_dict() == {"区住建局": 100.0, "区城建局": 100.0, NO_UNIT: 100.0,
                                                                   "区城管局": 0.0}
    assert late["rank"].tolist() == [1, 1, 1, 4]

    only = store.unit_ranking("2025-11-01", areas=["生态环境"])
    assert only["unit"].tolist() == [NO_UNIT]
    june = store.unit_ranking("2025-11-01", period=("2025-06-01", "2025-06-30"))
    assert june["unit"].tolist() == ["区城管局"]


# --- the chart of the page -------------------------------------------------------------------

def test_ranking_bars_split_each_unit_and_escape_names():
    from tracker import charts

    table = ranking.unit_ranking(view([
        {"units": ["<b>甲局</b>"], "status": "done"}, {"units": ["<b>甲局</b>"], "status": "overdue"},
        {"units": ["乙局"], "status": "done_late"}, {"units": ["丙局"], "status": "pending_signoff"},
    ]), AS_OF)
    fig = charts.ranking_bars(table)
    bars = {t.name: dict(zip(t.y, t.x, strict=True)) for t in fig.data if t.type == "bar"}
    assert list(bars) == [RANKING_FIELD["done"], RANKING_FIELD["done_late"], RANKING_FIELD["pending_signoff"],
                          RANKING_FIELD["overdue"]]  # no empty "other" trace
    assert bars[RANKING_FIELD["overdue"]]["&lt;b&gt;甲局&lt;/b&gt;"] == 1
    rates = next(t for t in fig.data if t.type == "scatter")
    assert list(rates.y)[-1] == table["unit"].iloc[0] and list(rates.text)[-1] == "100.0%"  # first at the top
    assert not any("<b>" in str(y) for t in fig.data for y in t.y)


def test_ranking_bars_show_the_first_units_and_say_how_many_are_left_out():
    from tracker import charts

    table = ranking.unit_ranking(view([{"units": [f"单位{i}"]} for i in range(25)]), AS_OF)
    fig = charts.ranking_bars(table, top=20)
    assert len(fig.data[0].y) == 20
    assert any("5" in a.text for a in fig.layout.annotations)
    assert charts.is_empty_figure(charts.ranking_bars(table.iloc[0:0]))


def test_an_empty_view_ranks_nothing():
    empty = view([{}]).iloc[0:0]
    assert ranking.unit_ranking(empty, AS_OF).empty
    assert ranking.unit_rows(empty).empty
