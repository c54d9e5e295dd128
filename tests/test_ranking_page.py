"""The 单位排名 page, headless with Streamlit's AppTest, over three commitments in three units.

The page ranks as of today (as the dashboard does), so the dates below are relative to today.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
from conftest import add_people
from test_dashboard import TODAY, app_as, three_commitments

from app import remind
from tracker.labels import PAGE, RANKING, UI
from tracker.store import Store

pytestmark = pytest.mark.both_backends  # the pages on a PostgreSQL database too (conftest: dashboard_db)


@pytest.fixture
def store(dashboard_db) -> Store:
    """test_dashboard's three commitments: 区城建局 (of an article), 区城管局 (overdue), 区园林局 (no number)."""
    return three_commitments(dashboard_db)


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


# ---- 催办 from the ranking (managers only) ----------------------------------------------------

def test_a_manager_reminds_the_most_overdue_unit_and_its_column_goes_up(store):
    store.add_commitment("boss", task="口袋公园建设", target_value=3, unit="个",
                         deadline=(TODAY + timedelta(days=10)).isoformat(), units=["区城管局"])  # due soon
    at = app_as("boss", "manager", at_page="ranking")
    assert at.dataframe[0].value.set_index("unit").loc["区城管局", "open_reminders"] == 0
    unit = at.selectbox(key="rank_remind_unit")
    assert unit.value == "区城管局"  # the only unit with an overdue commitment comes first
    assert unit.options[0] == UI["reminder_choice"].format(unit="区城管局", overdue=1, due_soon=1, days=30)
    text = at.text_area(key="rank_remind_text").value
    assert text == remind.draft("区城管局", 1, 1, TODAY.isoformat())
    assert "已逾期承诺 1 条" in text and "30天内到期承诺 1 条" in text
    at.button(key="rank_remind_send").click().run()
    assert not at.exception and not at.error
    assert UI["reminder_sent"].format(unit="区城管局") in [s.value for s in at.success]
    table = at.dataframe[0].value.set_index("unit")
    assert table.loc["区城管局", "open_reminders"] == 1 and table["open_reminders"].sum() == 1
    sent = store.open_reminders("区城管局")
    assert (sent["text"].tolist(), sent["by"].tolist()) == ([text], ["boss"])
    log = store.audit_log("instructions")
    assert (log["action"][0], log["note"][0]) == ("remind", "区城管局")


def test_another_unit_gets_its_own_draft_and_typed_words_are_sent_as_typed(store):
    at = app_as("boss", "manager", at_page="ranking")
    at.selectbox(key="rank_remind_unit").set_value("区园林局").run()
    assert at.text_area(key="rank_remind_text").value == remind.draft("区园林局", 0, 0, TODAY.isoformat())
    at.text_area(key="rank_remind_text").input("请于周五前报送创建方案").run()
    at.run()  # a rerun (a filter moved, a change elsewhere) keeps what was typed
    assert at.text_area(key="rank_remind_text").value == "请于周五前报送创建方案"
    at.button(key="rank_remind_send").click().run()
    assert store.open_reminders("区园林局")["text"].tolist() == ["请于周五前报送创建方案"]
    assert at.dataframe[0].value.set_index("unit").loc["区园林局", "open_reminders"] == 1
    # the form starts again from a fresh draft of the unit still picked
    assert at.text_area(key="rank_remind_text").value == remind.draft("区园林局", 0, 0, TODAY.isoformat())


def test_an_empty_reminder_is_refused_and_nothing_is_sent(store):
    at = app_as("boss", "manager", at_page="ranking")
    at.text_area(key="rank_remind_text").input("   ").run()
    at.button(key="rank_remind_send").click().run()
    assert at.error and store.open_reminders().empty


def test_the_choice_follows_the_rankings_filters(store):
    at = app_as("boss", "manager", at_page="ranking")
    at.multiselect(key="rank_areas").set_value(["交通"]).run()
    assert at.selectbox(key="rank_remind_unit").options == [
        UI["reminder_choice"].format(unit="区城管局", overdue=1, due_soon=0, days=30)]


def test_words_typed_for_a_unit_the_filter_then_hides_are_not_sent_to_another(store):
    at = app_as("boss", "manager", at_page="ranking")
    at.selectbox(key="rank_remind_unit").set_value("区园林局").run()
    at.text_area(key="rank_remind_text").input("区园林局：请于周五前报送创建方案").run()
    at.multiselect(key="rank_areas").set_value(["交通"]).run()  # 区园林局 leaves the ranking
    assert at.selectbox(key="rank_remind_unit").value == "区城管局"
    assert at.text_area(key="rank_remind_text").value == remind.draft("区城管局", 1, 0, TODAY.isoformat())
    at.button(key="rank_remind_send").click().run()
    assert store.open_reminders("区城管局")["text"].tolist() == [remind.draft("区城管局", 1, 0, TODAY.isoformat())]


@pytest.mark.parametrize("name,role", [("wang", "staff"), ("li", "viewer")])
def test_staff_and_viewers_see_no_reminder_form(store, name, role):
    at = app_as(name, role, at_page="ranking")
    assert at.dataframe  # the ranking itself they do see
    keys = [str(w.key) for w in (*at.selectbox, *at.text_area, *at.button)]
    assert not [k for k in keys if k.startswith("rank_remind")]
    assert UI["reminder_from_ranking"] not in [h.value for h in at.subheader]


def test_candidates_most_overdue_first_and_never_the_no_unit_row():
    table = pd.DataFrame({"unit": ["区园林局", RANKING["no_unit"], "区城建局", "区城管局", "区水务局"],
                          "overdue": [0, 9, 2, 2, 0], "completion_rate": [90.0, 0.0, 50.0, 40.0, 10.0]})
    due = pd.Series({"区城建局": 1, "区城管局": 1, "区园林局": 4})
    got = remind.candidates(table, due)
    # 2 overdue each and 1 due soon each: the lower completion rate first; then due soon decides
    assert got.values.tolist() == [["区城管局", 2, 1], ["区城建局", 2, 1], ["区园林局", 0, 4], ["区水务局", 0, 0]]


def test_due_soon_by_unit_counts_open_work_due_within_30_days_for_each_unit():
    view = pd.DataFrame({
        "id": [1, 2, 3, 4, 5],
        "units": [["区城建局", "区城管局"], ["区城建局"], ["区城建局"], [], ["区城管局"]],
        "deadline": ["2026-12-10", "2026-12-31", "2027-01-05", "2026-12-02", "2026-12-05"],
        "status": ["on_track", "at_risk", "on_track", "on_track", "pending_signoff"],
    })
    got = remind.due_soon_by_unit(view, "2026-12-01").to_dict()
    # 3 falls due after 30 days; 5 waits for sign-off, so nothing is due of it
    assert got == {"区城建局": 2, "区城管局": 1, RANKING["no_unit"]: 1}
