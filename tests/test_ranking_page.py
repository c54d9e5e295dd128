"""The 单位排名 page, headless with Streamlit's AppTest, over the three commitments of test_dashboard's store."""

from __future__ import annotations

from datetime import timedelta

from test_dashboard import TODAY, app_as, db, store  # noqa: F401 - fixtures shared with the dashboard tests

from tracker.labels import PAGE, RANKING


def units(at) -> list[str]:
    return at.dataframe[0].value["unit"].tolist()


def test_the_page_ranks_units_and_draws_the_chart(store):  # noqa: F811 - the fixture
    at = app_as("li", "viewer", at_page="ranking")
    assert at.title[0].value == PAGE["ranking"]
    table = at.dataframe[0].value
    # nothing done yet: all at 0%, the overdue 区城管局 last; the others tie and share rank 1
    assert table["unit"].tolist() == ["区园林局", "区城建局", "区城管局"]
    assert table["rank"].tolist() == [1, 1, 3]
    assert table["overdue"].tolist() == [0, 0, 1]
    assert RANKING["shown"].format(as_of=TODAY.isoformat(), units=3, n=3) in [c.value for c in at.caption]
    assert len(at.get("plotly_chart")) == 1
    assert [b.label for b in at.get("download_button")] == [RANKING["csv"]]


def test_a_done_commitment_moves_its_unit_up(store):  # noqa: F811
    store.set_complete(store.undated, by="wang", as_of=TODAY.isoformat())  # 区园林局's one commitment
    store.add_progress(store.counted, 366, by="wang")  # 区城建局 reaches its target
    at = app_as("boss", "manager", at_page="ranking")
    table = at.dataframe[0].value.set_index("unit")
    assert table.loc["区园林局", "completion_rate"] == 100.0 and table.loc["区城建局", "done"] == 1
    assert table.loc["区城建局", "days_since_update"] == 0
    assert units(at)[-1] == "区城管局"


def test_filters_by_area_and_period(store):  # noqa: F811
    at = app_as("boss", "manager", at_page="ranking")
    assert store.commitment(store.overdue)["work_area"] == "交通"  # told from the task's words
    at.multiselect(key="rank_areas").set_value(["交通"]).run()
    assert units(at) == ["区城管局"]

    at.multiselect(key="rank_areas").set_value([]).run()
    # the next 100 days by deadline: 区城管局 (3 days ago) and 区城建局 (200 days on) drop out
    at.date_input(key="rank_period").set_value((TODAY, TODAY + timedelta(days=100))).run()
    assert units(at) == ["区园林局"]
    at.radio(key="rank_period_of").set_value("article_date").run()
    assert units(at) == ["区城建局"]  # only the commitment tied to the article has an article date

    at.date_input(key="rank_period").set_value((TODAY + timedelta(days=300), TODAY + timedelta(days=400))).run()
    assert not at.dataframe and RANKING["empty"] in [i.value for i in at.info]
