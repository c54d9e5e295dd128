"""The 单位排名 page, headless with Streamlit's AppTest, over three commitments in three units.

The page ranks as of today (as the dashboard does), so the dates below are relative to today.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import add_people
from test_dashboard import TODAY, app_as

from tracker.labels import PAGE, RANKING
from tracker.store import Store

pytestmark = pytest.mark.both_backends  # the pages on a PostgreSQL database too (conftest: dashboard_db)


@pytest.fixture
def store(dashboard_db) -> Store:
    """One commitment of an article in 区城建局, one overdue in 区城管局, one with no number in 区园林局."""
    s = Store(dashboard_db)
    add_people(s)
    article = s.save_article({"text": "# 讲评会\n\n会上要求，确保全年完成366个老旧小区改造任务。", "source": "a.txt",
                              "title": "讲评会", "date": TODAY.isoformat(), "date_from": "ref_date"}, by="boss")["article_id"]
    s.counted = s.add_commitment(
        "boss", article_id=article, task="老旧小区改造", target_value=366, unit="个",
        deadline=(TODAY + timedelta(days=200)).isoformat(), sentence="确保全年完成366个老旧小区改造任务", units=["区城建局"])
    s.overdue = s.add_commitment(
        "boss", task="严管示范路整治", target_value=4, unit="条", deadline=(TODAY - timedelta(days=3)).isoformat(),
        sentence="聚焦4条严管示范路", units=["区城管局"])
    s.undated = s.add_commitment(
        "boss", task="生态园林城市创建", deadline=(TODAY + timedelta(days=60)).isoformat(),
        sentence="生态园林城市创建工作务必于6月底前实现各项目标任务达标", units=["区园林局"])
    return s


def units(at) -> list[str]:
    return at.dataframe[0].value["unit"].tolist()


def test_the_page_ranks_units_and_draws_the_chart(store):
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


def test_a_done_commitment_moves_its_unit_up(store):
    store.set_complete(store.undated, by="boss", as_of=TODAY.isoformat())  # 区园林局's one commitment
    store.add_progress(store.counted, 366, by="boss")  # 区城建局 reaches its target
    at = app_as("boss", "manager", at_page="ranking")
    table = at.dataframe[0].value.set_index("unit")
    assert table.loc["区园林局", "completion_rate"] == 100.0 and table.loc["区城建局", "done"] == 1
    assert table.loc["区城建局", "days_since_update"] == 0
    assert units(at)[-1] == "区城管局"


def test_filters_by_area_and_period(store):
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


def test_a_change_made_elsewhere_shows_on_the_next_run(store):
    at = app_as("boss", "manager", at_page="ranking")
    assert at.dataframe[0].value.set_index("unit").loc["区园林局", "done"] == 0
    store.set_complete(store.undated, by="boss", as_of=TODAY.isoformat())  # as the command line would
    at.run()
    assert at.dataframe[0].value.set_index("unit").loc["区园林局", "done"] == 1


def test_an_empty_database_says_how_to_begin(tmp_path, monkeypatch):
    from tracker.labels import UI

    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "tracker.db"))
    with Store(tmp_path / "tracker.db") as s:
        add_people(s)
    at = app_as("li", "viewer", at_page="ranking")
    assert UI["no_commitments"] in [i.value for i in at.info] and not at.dataframe
