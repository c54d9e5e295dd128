"""The dashboard's figures, checked as data: what each chart would draw for a known view."""

from __future__ import annotations

import pandas as pd
import pytest

from tracker import charts
from tracker.labels import STATUS, STATUS_COLOUR, STATUS_LIGHT, STATUS_ORDER, UI

TODAY = "2019-06-01"


def view(rows: list[dict]) -> pd.DataFrame:
    """A commitment view (Store.commitments columns) from a few hand-written rows."""
    base = {
        "article_id": 1, "source": "seed", "article_title": "讲评会", "article_date": "2019-04-26",
        "sentence": "", "start": 0, "end": 0, "target_value": None, "unit": None, "deadline": None,
        "deadline_text": None, "officials": [], "units": [], "work_area": "", "review": "confirmed",
        "created_at": "2019-04-26T10:00:00", "progress": None, "progress_as_of": None,
        "completed": False, "share": None, "status": "no_deadline",
    }
    return pd.DataFrame([{**base, "id": i + 1, "task": f"任务{i + 1}", **r} for i, r in enumerate(rows)])


CHEN = {"name": "陈定", "title": "副区长"}
ZHENG = {"name": "郑向阳", "title": "区政府党组成员"}


@pytest.fixture
def sample() -> pd.DataFrame:
    return view([
        {"status": "overdue", "deadline": "2019-05-31", "officials": [CHEN], "units": ["区城建局"], "work_area": "城建"},
        {"status": "at_risk", "deadline": "2019-06-10", "officials": [CHEN, ZHENG], "units": ["区城建局", "住房保障中心"], "work_area": "城建"},
        {"status": "on_track", "deadline": "2019-12-31", "officials": [ZHENG], "units": ["住房保障中心"], "work_area": "住房"},
        {"status": "done", "deadline": "2019-06-20", "officials": [], "units": [], "work_area": ""},
        {"status": "no_deadline", "deadline": None, "officials": [CHEN], "units": ["区城管局"], "work_area": "城管"},
        {"status": "on_track", "deadline": "2019-06-25", "officials": [CHEN], "units": ["区城管局"], "work_area": "城管"},
    ])


def test_kpis_count_each_card(sample):
    k = charts.kpis(sample, TODAY)
    assert k == {"total": 6, "done": 1, "done_late": 0, "pending_signoff": 0, "on_track": 2, "at_risk": 1,
                 "overdue": 1, "due_30": 2}


def test_kpis_count_done_late_as_done_and_pending_apart():
    rows = view([{"status": "done_late", "deadline": "2019-05-01"}, {"status": "done", "deadline": "2019-06-05"},
                 {"status": "pending_signoff", "deadline": "2019-06-03"}])
    k = charts.kpis(rows, TODAY)
    assert (k["done"], k["done_late"], k["pending_signoff"], k["due_30"], k["overdue"]) == (2, 1, 1, 0, 0)


def test_due_soon_lists_open_work_due_within_30_days_soonest_first(sample):
    due = charts.due_soon(sample, TODAY)
    assert due["task"].tolist() == ["任务2", "任务6"]  # not the overdue one, not done, not far
    assert due["days_left"].tolist() == [9, 24]


# (status, deadline) rows as of TODAY = 2019-06-01, and which the two lists of 总览 hold, in order.
LISTS = [
    ("due today counts as due", [("on_track", "2019-06-01"), ("at_risk", "2019-06-30")], ["任务1", "任务2"], []),
    ("soonest first, whatever the order stored", [("on_track", "2019-06-20"), ("at_risk", "2019-06-02")],
     ["任务2", "任务1"], []),
    ("day 31 is not due soon", [("on_track", "2019-07-02"), ("on_track", "2019-07-01")], ["任务2"], []),
    ("finished and waiting for sign-off are never due nor overdue",
     [("done", "2019-06-05"), ("done_late", "2019-05-01"), ("pending_signoff", "2019-06-03")], [], []),
    ("overdue: the most recently overdue first", [("overdue", "2019-01-01"), ("overdue", "2019-05-31"),
                                                  ("overdue", "2018-03-01")], [], ["任务2", "任务1", "任务3"]),
    ("one day, lowest id first", [("overdue", "2019-05-01"), ("overdue", "2019-05-01")], [], ["任务1", "任务2"]),
]


@pytest.mark.parametrize(("why", "rows", "due_tasks", "overdue_tasks"), LISTS, ids=[c[0] for c in LISTS])
def test_due_soon_and_overdue_lists(why, rows, due_tasks, overdue_tasks):
    df = view([{"status": s, "deadline": d} for s, d in rows])
    assert charts.due_soon(df, TODAY)["task"].tolist() == due_tasks, why
    late = charts.overdue(df, TODAY)
    assert late["task"].tolist() == overdue_tasks, why
    assert (late["days_left"] < 0).all()


def test_donut_has_one_slice_per_status_present_in_status_colours(sample):
    fig = charts.status_donut(sample)
    (pie,) = fig.data
    assert list(pie.labels) == [STATUS[s] for s in ["overdue", "at_risk", "on_track", "no_deadline", "done"]]
    assert list(pie.values) == [1, 1, 2, 1, 1]
    assert list(pie.marker.colors) == [STATUS_COLOUR[s] for s in ["overdue", "at_risk", "on_track", "no_deadline", "done"]]
    assert "Noto Sans CJK SC" in fig.layout.font.family


def test_donut_leaves_out_statuses_with_none(sample):
    fig = charts.status_donut(sample[sample["status"] == "overdue"])
    assert list(fig.data[0].labels) == [STATUS["overdue"]]


def test_bars_by_official_count_a_shared_commitment_once_per_official(sample):
    fig = charts.status_bars(sample, "official")
    assert [t.name for t in fig.data] == [STATUS[s] for s in ["overdue", "at_risk", "on_track", "no_deadline", "done"]]
    assert all(t.orientation == "h" for t in fig.data)
    assert fig.layout.barmode == "stack"
    by_trace = {t.name: dict(zip(t.y, t.x, strict=True)) for t in fig.data}
    assert by_trace[STATUS["at_risk"]] == {"陈定": 1, "郑向阳": 1, UI["none_named"]: 0}
    assert by_trace[STATUS["done"]][UI["none_named"]] == 1
    assert [t.marker.color for t in fig.data] == [STATUS_COLOUR[s] for s in ["overdue", "at_risk", "on_track", "no_deadline", "done"]]
    # the largest group is drawn at the top, i.e. last in plotly's bottom-up order
    assert fig.data[0].y[-1] == "陈定"


def test_bars_by_unit_and_work_area(sample):
    units = charts.counts_by(sample, "unit")
    assert units.loc["区城建局"].sum() == 2 and units.loc["住房保障中心"].sum() == 2
    areas = charts.counts_by(sample, "work_area")
    assert areas.loc["城建", "overdue"] == 1 and areas.loc[UI["none_named"], "done"] == 1


def test_bars_fold_the_long_tail_into_one_row():
    many = view([{"status": "on_track", "work_area": f"领域{i:02d}", "deadline": "2019-12-31"} for i in range(20)])
    table = charts.counts_by(many, "work_area", top=5)
    assert len(table) == 5
    assert table.index[-1] == UI["more"].format(n=16)
    assert table["on_track"].sum() == 20
    assert table.attrs["omitted"] == 16


def test_bars_show_the_top_names_and_say_how_many_are_left_out():
    many = view([{"status": "on_track", "work_area": f"领域{i:02d}", "deadline": "2019-12-31"} for i in range(20)])
    fig = charts.status_bars(many, "work_area", top=5)
    assert len(fig.data[0].y) == 5
    assert UI["more"].format(n=15) not in fig.data[0].y
    assert fig.layout.annotations[-1].text == UI["not_listed"].format(n=15)


def test_filtering_changes_the_figure(sample):
    everyone = charts.status_bars(sample, "official")
    only_zheng = charts.status_bars(sample[sample["officials"].map(lambda os: ZHENG in os)], "official")
    assert set(only_zheng.data[0].y) < set(everyone.data[0].y) | {UI["none_named"]}
    assert sum(sum(t.x) for t in only_zheng.data) < sum(sum(t.x) for t in everyone.data)
    assert charts.status_donut(sample.head(2)).data[0].values != charts.status_donut(sample).data[0].values


def test_unknown_dimension_is_refused(sample):
    with pytest.raises(ValueError):
        charts.status_bars(sample, "province")


@pytest.mark.parametrize("build", [
    charts.status_donut,
    lambda df: charts.status_bars(df, "official"),
    lambda df: charts.status_bars(df, "unit"),
    lambda df: charts.status_bars(df, "work_area"),
    lambda df: charts.deadline_timeline(df, TODAY),
])
def test_empty_view_gives_an_empty_state_figure(build, sample):
    fig = build(sample.iloc[0:0])
    assert charts.is_empty_figure(fig)
    assert fig.layout.annotations[0].text == UI["no_data"]


def test_kpis_of_an_empty_view_are_zero(sample):
    assert set(charts.kpis(sample.iloc[0:0], TODAY).values()) == {0}
    assert charts.due_soon(sample.iloc[0:0], TODAY).empty
    assert charts.overdue(sample.iloc[0:0], TODAY).empty


def test_timeline_has_a_row_per_dated_status_and_a_today_line(sample):
    fig = charts.deadline_timeline(sample, TODAY)
    assert {t.name for t in fig.data} == {STATUS[s] for s in ["overdue", "at_risk", "on_track", "done"]}
    assert sum(len(t.x) for t in fig.data) == 5  # the undated one is not on a timeline
    assert [s.x0 for s in fig.layout.shapes] == [TODAY]
    assert fig.layout.annotations[0].text == UI["today"]


def test_timeline_turns_into_bars_per_week_then_month_when_crowded():
    days = pd.date_range("2019-01-01", periods=400, freq="D").strftime("%Y-%m-%d")
    big = view([{"status": "on_track" if i % 3 else "done", "deadline": d} for i, d in enumerate(days)])
    daily = charts.deadline_timeline(big, TODAY, max_markers=1000, window=None)
    weekly = charts.deadline_timeline(big, TODAY, max_markers=100, window=None)
    monthly = charts.deadline_timeline(big, TODAY, max_markers=100, max_bars=20, window=None)
    assert {t.type for t in daily.data} == {"scatter"} and sum(len(t.x) for t in daily.data) == 400
    assert {t.type for t in weekly.data} == {"bar"} and weekly.layout.barmode == "stack"
    assert 55 <= len(weekly.data[0].x) <= 60
    assert len(monthly.data[0].x) == 14
    # the counts still add up to every commitment, split by status in the status colours
    assert sum(sum(t.y) for t in monthly.data) == 400
    assert {t.name: t.marker.color for t in monthly.data} == {
        STATUS["on_track"]: STATUS_COLOUR["on_track"], STATUS["done"]: STATUS_COLOUR["done"]}
    assert [s.x0 for s in monthly.layout.shapes] == [TODAY]


def test_progress_figure_plans_a_straight_line_from_article_date_to_deadline():
    history = pd.DataFrame({"value": [50, 120], "as_of": ["2019-05-10", "2019-06-01"]})
    fig = charts.progress_figure(history, 366, "2019-04-26", "2019-12-31", TODAY, "个")
    plan, actual = fig.data
    assert list(plan.x) == ["2019-04-26", "2019-12-31"] and list(plan.y) == [0, 366]
    assert list(actual.y) == [50, 120]
    assert any(s.y0 == 366 for s in fig.layout.shapes)  # the target level
    # The unit is said level, above the axis ("完成数（个）"), not set on its side where 个 reads like an arrow.
    assert not fig.layout.yaxis.title.text
    titles = [a for a in fig.layout.annotations if a.text == "完成数（个）"]
    assert len(titles) == 1 and titles[0].textangle in (None, 0) and titles[0].yref == "paper"
    assert fig.layout.legend.y < 0  # the legend below the plot, out of the title's way
    assert "个" in actual.hovertemplate
    assert charts.progress_axis_title(None) == "完成数"


# (article date, deadline, target): the plan line, or None where there is none to draw.
PLANS = [
    ("article before deadline", "2019-04-26", "2019-12-31", 366, (["2019-04-26", "2019-12-31"], [0.0, 366.0])),
    ("article after deadline: no line running back", "2019-06-30", "2019-04-30", 366, None),
    ("article on the deadline day", "2019-04-30", "2019-04-30", 366, None),
    ("no article date", None, "2019-12-31", 366, None),
    ("no deadline", "2019-04-26", None, 366, None),
    ("no number", "2019-04-26", "2019-12-31", None, None),
    ("a target of 0", "2019-04-26", "2019-12-31", 0, None),
    ("NaN target", "2019-04-26", "2019-12-31", float("nan"), None),
]


@pytest.mark.parametrize(("why", "start", "deadline", "target", "expected"), PLANS, ids=[c[0] for c in PLANS])
def test_plan_line_runs_forward_and_up_or_not_at_all(why, start, deadline, target, expected):
    line = charts.plan_line(start, deadline, target)
    assert line == expected, why
    if line:
        xs, ys = line
        assert xs == sorted(xs) and ys == sorted(ys)


def test_progress_figure_draws_no_plan_when_the_article_is_after_the_deadline():
    history = pd.DataFrame({"value": [4], "as_of": ["2019-07-01"]})
    fig = charts.progress_figure(history, 4, "2019-06-30", "2019-04-30", TODAY, "条")
    assert [t.name for t in fig.data] == [UI["progress_actual"]]
    for trace in fig.data:  # nothing drawn runs back in time
        xs = list(trace.x)
        assert xs == sorted(xs)


def test_every_status_has_a_label_a_light_and_a_colour_of_that_light():
    assert set(STATUS) == set(STATUS_LIGHT) == set(STATUS_COLOUR) == set(STATUS_ORDER)
    assert {STATUS_LIGHT[s] for s in ("overdue",)} == {"red"}
    assert {STATUS_LIGHT[s] for s in ("at_risk", "pending_signoff")} == {"yellow"}
    assert {STATUS_LIGHT[s] for s in ("on_track", "done", "done_late")} == {"green"}
    assert STATUS_LIGHT["no_deadline"] == "grey"
    assert len(set(STATUS_COLOUR.values())) == len(STATUS_COLOUR)  # two statuses of one light still part


def _hue(colour: str) -> float:
    import colorsys

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    return -1 if s < 0.1 else h * 360


@pytest.mark.parametrize("status", STATUS_ORDER)
def test_each_colour_looks_like_its_light(status):
    hue = _hue(STATUS_COLOUR[status])
    light = STATUS_LIGHT[status]
    if light == "grey":
        assert hue == -1
    else:
        low, high = {"red": (-15, 15), "yellow": (35, 60), "green": (55, 140)}[light]
        assert low <= (hue if hue < 300 else hue - 360) <= high, (status, hue)


@pytest.fixture
def every_status() -> pd.DataFrame:
    days = ["2019-05-20", "2019-06-10", "2019-06-12", "2019-09-01", None, "2019-05-01", "2019-05-25"]
    return view([{"status": s, "deadline": d, "officials": [CHEN], "units": ["区城建局"], "work_area": "城建"}
                 for s, d in zip(STATUS_ORDER, days, strict=True)])


@pytest.mark.parametrize("build", [
    lambda df: charts.status_bars(df, "official"),
    lambda df: charts.status_bars(df, "unit"),
    lambda df: charts.status_bars(df, "work_area"),
    lambda df: charts.deadline_timeline(df, TODAY),
    lambda df: charts.deadline_timeline(df, TODAY, max_markers=1),  # as weekly bars
], ids=["official", "unit", "work_area", "timeline", "timeline_bars"])
def test_every_chart_colours_each_status_from_the_one_map(build, every_status):
    fig = build(every_status)
    by_name = {STATUS[s]: c for s, c in STATUS_COLOUR.items()}
    assert fig.data
    for trace in fig.data:
        assert trace.marker.color == by_name[trace.name]


def test_donut_colours_the_new_statuses_too(every_status):
    (pie,) = charts.status_donut(every_status).data
    assert list(pie.marker.colors) == [STATUS_COLOUR[s] for s in STATUS_ORDER]


def test_timeline_shows_the_active_window_and_counts_what_lies_outside():
    rows = view([{"status": "done", "deadline": "2016-03-01"}, {"status": "overdue", "deadline": "2019-01-02"},
                 {"status": "overdue", "deadline": "2019-05-01"}, {"status": "on_track", "deadline": "2019-12-31"},
                 {"status": "on_track", "deadline": "2021-01-01"}])
    first, last = charts.timeline_window(TODAY)
    assert (first.isoformat(), last.isoformat()) == ("2019-03-03", "2020-05-31")
    fig = charts.deadline_timeline(rows, TODAY)
    assert sum(len(t.x) for t in fig.data) == 2
    start, end = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert start <= pd.Timestamp(first) and start > pd.Timestamp("2019-01-02")  # the old texts do not stretch it
    assert end >= pd.Timestamp(last) and end < pd.Timestamp("2021-01-01")
    note = fig.layout.annotations[-1].text
    assert note == UI["timeline_outside"] + UI["timeline_earlier"].format(n=2) + " · " + UI["timeline_later"].format(n=1)
    # widened, every deadline is on it and nothing is said to be left out
    everything = charts.deadline_timeline(rows, TODAY, window=charts.TIMELINE_WINDOWS["all"])
    assert sum(len(t.x) for t in everything.data) == 5
    assert UI["timeline_outside"] not in [a.text[:len(UI["timeline_outside"])] for a in everything.layout.annotations]
    # all outside: an empty chart that still says where they are
    stale = charts.deadline_timeline(rows.iloc[:1], TODAY)
    assert charts.is_empty_figure(stale) and stale.layout.annotations[-1].text.endswith(UI["timeline_earlier"].format(n=1))


def test_progress_figure_without_target_or_figures_is_empty():
    fig = charts.progress_figure(pd.DataFrame(columns=["value", "as_of"]), None, "2019-04-26", None, TODAY)
    assert charts.is_empty_figure(fig)


def test_officials_text_and_units_text():
    from tracker import cells, export

    # One form on screen and in Excel/CSV: title, then name, as Chinese writes it.
    assert cells.officials_text([CHEN, {"name": "虎强", "title": None}]) == "副区长 陈定、虎强"
    assert cells.officials_text('[{"name": "陈定", "title": "副区长"}]') == "副区长 陈定"
    assert cells.officials_text(None) == ""
    assert cells.official_text({"title": "区长"}) == "区长"  # a title with no name is still said
    assert cells.units_text(["区城建局", "住房保障中心"]) == "区城建局、住房保障中心"
    assert export.officials_text is cells.officials_text and export.units_text is cells.units_text
    assert not hasattr(charts, "officials_text")


def test_list_cells_read_the_same_everywhere():
    import doctest
    from types import SimpleNamespace

    from tracker import cells

    result = doctest.testmod(cells)
    assert result.attempted > 0 and result.failed == 0
    assert cells.as_list(["区城建局"]) == ["区城建局"] and cells.as_list(("a", "b")) == ["a", "b"]
    assert cells.as_list(None) == [] and cells.as_list(float("nan")) == [] and cells.as_list("  ") == []
    assert cells.as_list("[not json") == ["[not json"] and cells.as_list("区城建局") == ["区城建局"]
    assert cells.official_parts(SimpleNamespace(name=" 陈定 ", title=None)) == ("陈定", "")
    assert cells.official_parts({"title": "区长"}) == ("", "区长")


def test_a_big_view_is_worked_out_once_and_a_new_view_afresh():
    rows = [{"status": "on_track", "deadline": "2019-12-31", "officials": [CHEN], "units": ["区城建局"]}] * charts.MEMO_ROWS
    big = view(rows)
    first = charts.names_by(big, "unit")
    assert charts.names_by(big, "unit") is first  # remembered for this very object
    other = view([{**r, "units": ["区城管局"]} for r in rows])  # a new view (after a write): never the old answer
    assert set(charts.names_by(other, "unit")["name"]) == {"区城管局"}
    assert charts.kpis(other, TODAY)["total"] == charts.MEMO_ROWS
