"""The dashboard's pages run headless with Streamlit's AppTest, on a fresh database per test.

Data is put in through the Store (users, commitments), never through the parser, so these
tests do not move when the parser learns more.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import add_people, count_rows
from streamlit.testing.v1 import AppTest

from app import filters, present
from tracker.labels import AUDIT_ACTION, FIELD, PAGE, RANKING, REPORT, STATUS, UI
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
TODAY = date.today()


def page(key: str) -> str:
    return str(ROOT / "app" / "pages" / f"{key}.py")


@pytest.fixture
def db(dashboard_db):
    return dashboard_db


@pytest.fixture
def store(db) -> Store:
    return three_commitments(db)


def three_commitments(db) -> Store:
    """Three people and three commitments: one counted, one overdue, one with no number.

    No seed, and the article is stored as a bundle with no records, so the commitments are
    exactly these three whatever the parser finds.
    """
    s = Store(db)
    add_people(s)
    article = s.save_article({"text": "# 讲评会\n\n会上要求，确保全年完成366个老旧小区改造任务。", "source": "a.txt",
                              "title": "讲评会", "date": TODAY.isoformat(), "date_from": "ref_date"}, by="boss")["article_id"]
    s.counted = s.add_commitment(
        "boss", article_id=article, task="老旧小区改造", target_value=366, unit="个",
        deadline=(TODAY + timedelta(days=200)).isoformat(), sentence="确保全年完成366个老旧小区改造任务",
        officials=[{"name": "陈定", "title": "副区长"}], units=["区城建局"])
    s.overdue = s.add_commitment(
        "boss", task="严管示范路整治", target_value=4, unit="条", deadline=(TODAY - timedelta(days=3)).isoformat(),
        sentence="聚焦4条严管示范路", officials=[{"name": "孙涵", "title": "副区长"}], units=["区城管局"])
    s.undated = s.add_commitment(
        "boss", task="生态园林城市创建", deadline=(TODAY + timedelta(days=60)).isoformat(),
        sentence="生态园林城市创建工作务必于6月底前实现各项目标任务达标", units=["区园林局"])
    return s


def signed_in(name: str) -> str:
    """A session token for `name`, as the sign-in form would start (the role is the store's)."""
    with Store() as s:  # $TRACKER_DB, as the dashboard opens it
        return s.start_session(name)


def app_as(name: str | None, role: str | None = None, at_page: str | None = None, **params) -> AppTest:
    """The dashboard with someone already signed in (the sign-in form has tests of its own)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if name:
        at.session_state["session"] = signed_in(name)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if at_page:
        at.switch_page(page(at_page)).run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# --- sign-in -------------------------------------------------------------------------------

def console_code(capsys) -> str:
    """The one-time code the server printed to its console (standard error)."""
    found = re.findall(r"一次性验证码: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})", capsys.readouterr().err)
    assert found, "no one-time code on the console"
    return found[-1]


@pytest.mark.both_backends  # an empty PostgreSQL database is made and seeded by the dashboard as a new file is
def test_first_start_seeds_the_database_and_offers_to_create_a_manager(new_dashboard_db, capsys):
    db = new_dashboard_db
    at = app_as(None)
    assert count_rows(db, "commitments") > 0 and count_rows(db, "users") == 0
    assert UI["first_manager_title"] in texts(at.subheader)
    assert any(c.startswith("已载入 seeds/ 中的示例文章") for c in texts(at.caption))  # demo data, said so
    name, password, again, code = at.text_input
    name.input("张主任")
    password.input("a-secret-of-mine")
    again.input("other")
    code.input(console_code(capsys))
    at.button[0].click().run()
    assert UI["passwords_differ"] in texts(at.error)
    assert not Store(db).has_users()

    at.text_input[2].input("a-secret-of-mine")
    at.button[0].click().run()
    assert Store(db).users()[0]["name"] == "张主任" and Store(db).users()[0]["role"] == "manager"
    assert at.title[0].value == PAGE["overview"]
    assert any("张主任" in m and "管理人员" in m for m in texts(at.sidebar.markdown))


def test_the_first_manager_needs_the_code_printed_on_the_console(db, capsys):
    """Whoever reaches a new dashboard first cannot make themselves its manager without the console's code."""
    at = app_as(None)
    printed = console_code(capsys)
    assert not any(printed in t for t in texts(at.markdown) + texts(at.caption) + texts(at.info))
    name, password, again, code = at.text_input
    assert code.label == UI["one_time_code"]
    name.input("张主任")
    password.input("a-secret-of-mine")
    again.input("a-secret-of-mine")
    for wrong in ("", "AAAA-BBBB-CCCC"):
        code.input(wrong)
        at.button[0].click().run()
        assert UI["bad_one_time_code"] in texts(at.error)
        assert not Store(db).has_users()
    at.text_input[3].input(printed.lower().replace("-", " "))  # read off a console, typed loosely
    at.button[0].click().run()
    assert [u["name"] for u in Store(db).users()] == ["张主任"]
    assert capsys.readouterr().err == ""  # one code, printed once


def test_the_command_line_adds_the_first_manager_without_a_code(db):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tracker", "users", "add", "张主任", "--role", "manager",
                             "--db", str(db)], input="a-good-password\n", capture_output=True, text=True,
                            cwd=ROOT, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    at = app_as(None)
    assert [t.label for t in at.text_input] == [UI["user_name"], UI["password"]]  # sign-in, no code asked


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_sign_in_checks_the_password_and_sign_out_forgets_the_person(store):
    at = app_as(None)
    at.text_input[0].input("wang")
    at.text_input[1].input("wrong")
    at.button[0].click().run()
    assert UI["bad_login"] in texts(at.error)
    assert "user" not in at.session_state

    at.text_input[1].input("wang-secret-1")
    at.button[0].click().run()
    assert at.session_state["user"] == {"name": "wang", "role": "staff", "must_change_password": False}
    assert at.title[0].value == PAGE["my_tasks"]

    token = at.session_state["session"]
    at.sidebar.button(key="sign_out").click().run()
    assert "user" not in at.session_state and "session" not in at.session_state
    assert store.session(token) is None  # gone from the database: its cookie opens nothing
    assert [t.label for t in at.text_input] == [UI["user_name"], UI["password"]]


def test_a_demoted_manager_loses_the_manager_pages_on_the_next_run(store):
    at = app_as("boss", "manager", at_page="users")
    assert at.title[0].value == PAGE["users"]
    store.add_user("chen", "manager", "chen-secret-1", by="boss")  # someone stays manager
    store.set_role("boss", "staff", by="chen")  # in another tab, between two runs of this session
    at.run()
    assert not at.exception
    assert at.title[0].value == PAGE["my_tasks"]  # the same address now opens a staff member's first page
    for key in ("users", "review", "imports"):
        with pytest.raises(ValueError):
            at.switch_page(page(key))
    at.switch_page(page("progress")).run()
    assert at.title[0].value == PAGE["progress"]  # a staff member's page instead
    assert any("boss" in m and "工作人员" in m for m in texts(at.sidebar.markdown))


def test_a_disabled_person_is_signed_out_on_the_next_run(store):
    at = app_as("wang", "staff")
    assert at.title[0].value == PAGE["my_tasks"]
    store.set_disabled("wang", True, by="boss")
    at.run()
    assert [t.label for t in at.text_input] == [UI["user_name"], UI["password"]]
    assert "user" not in at.session_state


def test_after_a_reset_only_the_password_page_opens_until_it_is_changed(store):
    store.reset_password("wang", "temporary-pw-1", by="boss")
    at = app_as(None, at_page=None)
    at.text_input[0].input("wang")
    at.text_input[1].input("temporary-pw-1")
    at.button[0].click().run()
    assert at.title[0].value == PAGE["account"]
    assert UI["must_change_password"] in texts(at.warning)
    with pytest.raises(ValueError):
        at.switch_page(page("overview"))
    current, new, again = at.text_input
    current.input("temporary-pw-1")
    new.input("qwerty12345")
    again.input("qwerty12345")
    at.button[0].click().run()
    assert "太常见" in " ".join(texts(at.error))
    current, new, again = at.text_input
    current.input("temporary-pw-1")
    new.input("wang-own-secret-2")
    again.input("wang-own-secret-2")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == PAGE["my_tasks"]  # the pages open again
    assert store.authenticate("wang", "wang-own-secret-2")["name"] == "wang"
    at.switch_page(page("account")).run()  # everyone keeps the page for later changes
    assert at.title[0].value == PAGE["account"] and not at.warning


def test_the_sign_in_form_says_when_a_name_is_locked(store, monkeypatch):
    at = app_as(None)
    store.db.conn.execute("INSERT INTO sign_in_failures (name, failures, last_failure_at, locked_until)"
                          " VALUES ('wang', 0, '2026-01-01T00:00:00', '2999-01-01T00:00:00')")
    store.db.conn.commit()
    at.text_input[0].input("wang")
    at.text_input[1].input("wang-secret-1")
    at.button[0].click().run()
    assert any("锁定" in e for e in texts(at.error)) and "user" not in at.session_state


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
@pytest.mark.parametrize(("name", "role", "allowed", "refused"), [
    ("boss", "manager", ["overview", "ranking", "progress", "review", "imports", "users", "export", "account"], []),
    ("wang", "staff", ["overview", "commitments", "ranking", "detail", "progress", "export"], ["review", "imports", "users"]),
    ("li", "viewer", ["overview", "commitments", "ranking", "detail", "export", "account"],
     ["progress", "review", "imports", "users"]),
])
def test_the_role_decides_which_pages_exist(store, name, role, allowed, refused):
    at = app_as(name, role)
    for key in allowed:
        at.switch_page(page(key)).run()
        assert not at.exception, (key, at.exception)
        assert at.title[0].value == PAGE[key]
    for key in refused:
        with pytest.raises(ValueError):
            at.switch_page(page(key))


# --- overview and filters ------------------------------------------------------------------

@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_overview_counts_and_charts(store):
    at = app_as("boss", "manager")
    assert metric(at, UI["kpi_total"]) == "3"
    assert metric(at, UI["kpi_overdue"]) == "1"
    assert metric(at, UI["kpi_done"]) == "0"
    assert len(at.get("plotly_chart")) == 5  # donut, timeline, three bar charts
    assert not at.error


def test_a_filter_applies_to_the_cards_and_the_list(store):
    at = app_as("boss", "manager")
    at.sidebar.multiselect(key="flt_statuses").select("overdue").run()
    assert metric(at, UI["kpi_total"]) == "1"
    assert metric(at, UI["kpi_overdue"]) == "1"
    # the filter holds on the next page too
    at.switch_page(page("commitments")).run()
    assert at.sidebar.multiselect(key="flt_statuses").value == ["overdue"]
    shown = at.dataframe[0].value
    assert shown["task"].tolist() == ["严管示范路整治"]

    # ... and after a page that draws no filters at all
    at.switch_page(page("progress")).run()
    at.switch_page(page("overview")).run()
    assert metric(at, UI["kpi_total"]) == "1"

    at.switch_page(page("commitments")).run()
    at.sidebar.multiselect(key="flt_statuses").set_value([]).run()
    at.sidebar.multiselect(key="flt_officials").select("陈定").run()
    assert at.dataframe[0].value["task"].tolist() == ["老旧小区改造"]
    at.sidebar.button(key="flt_clear").click().run()
    assert len(at.dataframe[0].value) == 3


def test_the_list_searches_task_sentence_officials_and_units(store):
    at = app_as("li", "viewer", at_page="commitments")
    assert len(at.dataframe[0].value) == 3
    at.sidebar.text_input(key="flt_text").input("城管局").run()
    assert at.dataframe[0].value["task"].tolist() == ["严管示范路整治"]
    at.sidebar.text_input(key="flt_text").input("没有这个词").run()
    assert UI["no_match"] in texts(at.info)


def test_filters_apply_is_plain_pandas(store):
    view = store.commitments()
    only = filters.apply(view, filters.Filter(units=("区园林局",)))
    assert only["task"].tolist() == ["生态园林城市创建"]
    period = (TODAY, TODAY + timedelta(days=100))
    assert filters.apply(view, filters.Filter.of(period=period))["task"].tolist() == ["生态园林城市创建"]
    assert len(filters.apply(view, filters.Filter())) == 3


FROZEN = date(2026, 3, 16)  # the overview's day in the list tests, whatever the calendar says


@pytest.fixture
def frozen_overview(db, monkeypatch):
    """A store with commitments around FROZEN, and the dashboard's day frozen to it."""
    from app import state

    monkeypatch.setattr(state, "today", lambda: FROZEN)
    s = Store(db)
    add_people(s)
    for task, days in [("远期任务", 90), ("十天后到期", 10), ("昨天逾期", -1), ("今天到期", 0), ("一年前逾期", -365),
                       ("三十天后到期", 30), ("三十一天后到期", 31), ("上月逾期", -20)]:
        s.add_commitment("boss", task=task, target_value=10, unit="个", sentence=task,
                         deadline=(FROZEN + timedelta(days=days)).isoformat(), units=["区城建局"])
    return s


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_overview_lists_due_soon_first_then_overdue_latest_first(frozen_overview):
    at = app_as("boss", "manager")
    headings = texts(at.subheader)
    assert headings.index(UI["due_list"]) < headings.index(UI["overdue_list"]) < headings.index(UI["chart_status"])
    due, late = at.dataframe[0].value, at.dataframe[1].value
    assert due["task"].tolist() == ["今天到期", "十天后到期", "三十天后到期"]
    assert late["task"].tolist() == ["昨天逾期", "上月逾期", "一年前逾期"]
    # each status cell is a label of the one colour map
    assert late["status"].tolist() == [[STATUS["overdue"]]] * 3
    assert metric(at, UI["kpi_due_30"]) == "3" and metric(at, UI["kpi_overdue"]) == "3"


def test_the_timeline_window_can_be_widened(frozen_overview):
    frozen_overview.add_commitment("boss", task="旧文章的任务", sentence="旧文章的任务", deadline="2019-12-31")
    at = app_as("boss", "manager")
    timeline = next(c for c in at.get("plotly_chart") if "chart_timeline" in str(c.proto.id))
    assert "2019" not in str(json.loads(timeline.proto.spec)["layout"]["xaxis"]["range"])
    at.segmented_control(key="timeline_window").set_value("all").run()
    timeline = next(c for c in at.get("plotly_chart") if "chart_timeline" in str(c.proto.id))
    assert "2019" in str(json.loads(timeline.proto.spec)["layout"]["xaxis"]["range"][0])


def test_an_empty_database_shows_a_message_not_a_chart(db):
    s = Store(db)
    s.add_user("boss", "manager", "boss-secret-1")
    at = app_as("boss", "manager")
    assert UI["no_commitments"] in texts(at.info)
    assert not at.get("plotly_chart")


# --- detail ---------------------------------------------------------------------------------

@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_detail_marks_the_sentence_inside_its_article_and_shows_history(store):
    store.add_progress(store.counted, 100, by="wang", note="第一批")
    at = app_as("li", "viewer", at_page="detail", id=str(store.counted))
    assert at.selectbox(key="detail_pick").value == store.counted
    marked = [m for m in texts(at.markdown) if "<mark>" in m]
    assert marked and "会上要求" in marked[0] and "<mark>确保全年完成366个老旧小区改造任务</mark>" in marked[0]
    assert len(at.get("plotly_chart")) == 1
    assert metric(at, UI["current_progress"]) == "100个"  # with its unit, like 目标值 366个
    history = at.dataframe[0].value
    assert history.iloc[0][[UI["value"], FIELD["note"], FIELD["by"], UI["progress_returned"]]].tolist() == [
        100.0, "第一批", "wang", False]  # counted: no return set it aside
    audit = at.dataframe[1].value
    assert audit[UI["action"]].tolist()[-1] == AUDIT_ACTION["add"]  # oldest last: who typed it in
    assert not [b for b in at.button if b.key == "detail_to_progress"]  # a viewer gets no way to report


def test_staff_go_from_a_commitment_to_its_progress_form(store):
    at = app_as("wang", "staff", at_page="detail", id=str(store.overdue))
    at.button(key="detail_to_progress").click().run()
    assert at.title[0].value == PAGE["progress"]
    assert at.selectbox(key="progress_pick").value == store.overdue


def test_progress_figures_as_people_type_them():
    assert present.check_progress("5.3万", TODAY).value == 53000
    assert present.check_progress("1,200", TODAY).value == 1200
    assert present.check_progress(" 35.5 ", TODAY).ok
    assert not present.check_progress("nan", TODAY).ok
    assert present.check_progress("400", TODAY, target=366).needs_confirmation
    assert present.check_progress("400", TODAY, target=366, confirmed_above=True).ok
    assert present.check_progress("1.1万", TODAY).value == 11000  # not 11000.000000000002
    assert present.parse_figure("100亿") == 1e10 and present.parse_figure("0.07亿") == 7_000_000
    with pytest.raises(ValueError):
        present.parse_figure("一百")


# A day whose +60 days (2027-01-30) holds "-3" and whose -3 days is the 28th: the test failed on such days.
FROZEN = date(2026, 12, 1)


@pytest.mark.parametrize("today", [FROZEN, date(2027, 2, 28), date(2028, 2, 29), date(2026, 12, 31)])
def test_days_left_read_as_words_and_sort_as_numbers(tmp_path, today):
    from app import tables

    assert [present.days_left_text(d) for d in (-2706, -1, 0, 12, None, float("inf"))] == [
        "逾期 2706 天", "逾期 1 天", "今天到期", "还有 12 天", "", ""]
    s = Store(tmp_path / "frozen.db")  # every day below is `today`'s, passed in, never the machine's
    add_people(s)
    counted = s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个",
                               deadline=(today + timedelta(days=200)).isoformat())
    overdue = s.add_commitment("boss", task="严管示范路整治", target_value=4, unit="条",
                               deadline=(today - timedelta(days=3)).isoformat())
    s.add_commitment("boss", task="生态园林城市创建", deadline=(today + timedelta(days=60)).isoformat())
    s.add_progress(counted, 200, by="wang", as_of=min(today, date.today()))
    rows = present.table(s.commitments(as_of=today), today).set_index("id")
    assert rows.loc[overdue, "days_left"] == -3 and rows.loc[counted, "days_left"] == 200
    assert rows.loc[counted, "progress"] == "200个" and rows.loc[counted, "target"] == "366个"
    plain = s.add_commitment("boss", task="未定期限的任务")
    rows = present.table(s.commitments(as_of=today), today)
    assert rows.sort_values("days_left")["id"].iloc[-1] == plain  # no deadline: after every date
    html = tables.styled(rows).to_html()
    assert "逾期 3 天" in html and "还有 200 天" in html
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert "-3" not in cells and "200" not in cells  # no cell holds the bare number (dates may contain "-3")


@pytest.mark.parametrize("status", ["done", "done_late", "pending_signoff"])
def test_finished_or_pending_work_never_reads_overdue_days(store, status):
    view = store.commitments(TODAY).copy()
    view.loc[view["id"] == store.overdue, "status"] = status  # three days past its deadline
    rows = present.table(view, TODAY).set_index("id")
    assert present.days_left_text(rows.loc[store.overdue, "days_left"]) == ""
    assert rows.sort_values("days_left").index[-1] in (store.overdue, store.undated)  # sorts after open work


def test_a_table_colours_each_status_cell_from_the_one_map():
    from app import tables
    from tracker.labels import STATUS_COLOUR

    options = tables.column_config(tables.DEFAULT_COLUMNS)["status"]["type_config"]["options"]
    assert {o["value"]: o["color"] for o in options} == {STATUS[s]: c for s, c in STATUS_COLOUR.items()}
    assert tables.status_labels(pd.Series(["已逾期", None])).tolist() == [["已逾期"], []]


def test_the_default_columns_fit_beside_the_sidebar_and_the_rest_can_be_shown():
    from app import tables

    config = tables.column_config(tables.DEFAULT_COLUMNS)
    assert set(config) == set(present.table_columns())
    hidden = {key for key, column in config.items() if column.get("hidden")}
    assert hidden == {"progress", "work_area", "review", "original_deadline"}  # 原定期限: shown once a deadline moved
    # 940 pixels is the main area of a 1400-pixel window with the sidebar open; 32 the row picker.
    assert 32 + sum(tables.WIDTHS[c] for c in tables.DEFAULT_COLUMNS) <= 940
    assert {"officials", "units", "days_left"} <= set(tables.DEFAULT_COLUMNS)


def test_a_target_with_no_number_fits_its_card(store):
    at = progress_page(store, store.undated)
    assert metric(at, FIELD["target_value"]) == UI["no_number_card"]
    assert len(UI["no_number_card"]) <= 4  # a quarter of the page holds four characters of a card's figure


def test_a_deadline_changed_in_review_keeps_the_articles_words_beside_it(store):
    store.update_commitment(store.counted, by="boss", review="extracted", deadline_text="全年")
    at = app_as("boss", "manager", at_page="review")
    at.selectbox(key="review_pick").set_value(store.counted).run()
    at.date_input(key=f"review_{store.counted}_deadline").set_value(TODAY + timedelta(days=30)).run()
    at.button(key="review_save").click().run()
    row = store.commitment(store.counted)
    assert row["deadline"] == (TODAY + timedelta(days=30)).isoformat()
    assert row["deadline_text"] == "全年" and row["deadline_by_hand"] and row["review"] == "confirmed"


def test_password_forms_say_what_is_missing():
    assert present.account_error("pw", "pw", name=" ") == UI["name_required"]
    assert present.account_error("", "", name="赵六") == UI["password_required"]
    assert present.account_error("pw", "pq") == UI["passwords_differ"]
    good = "a-long-enough-pw"
    assert present.account_error(good, good) is None and present.account_error(good, good, name="赵六") is None
    # the store's rules, said before the form is sent
    assert present.account_error("short-pw", "short-pw") == "密码至少需要 10 个字符。"
    assert present.account_error("zhangsan-01", "zhangsan-01", name="ZhangSan-01") == "密码不能与姓名相同。"
    assert present.account_error("Woaini1314", "Woaini1314", person="wang") == "这个密码太常见, 容易被猜中, 请换一个。"


def test_highlight_escapes_the_article_text():
    html = present.highlight("<b>标题</b>确保完成4条道路", 9, 16)
    assert html.startswith("&lt;b&gt;标题&lt;/b&gt;<mark>")
    assert "<b>" not in html


# --- progress -------------------------------------------------------------------------------

def progress_page(store, commitment: int) -> AppTest:
    return app_as("wang", "staff", at_page="progress", id=str(commitment))


def fill(at: AppTest, value: str, as_of: date | None = None, note: str = "") -> AppTest:
    at.text_input(key=next(k for k in at.session_state if str(k).startswith("progress_value_"))).input(value)
    if as_of:
        at.date_input(key=next(k for k in at.session_state if str(k).startswith("progress_as_of_"))).set_value(as_of)
    if note:
        at.text_area(key=next(k for k in at.session_state if str(k).startswith("progress_note_"))).input(note)
    return at.run()


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_staff_records_progress_and_sees_it_at_once(store):
    at = progress_page(store, store.counted)
    assert at.selectbox(key="progress_pick").value == store.counted
    fill(at, "120", note="一季度")
    at.button(key="progress_submit").click().run()
    assert not at.error
    assert store.progress_history(store.counted)["value"].tolist() == [120.0]
    assert metric(at, UI["current_progress"]) == "120个"  # with its unit, like the target beside it
    assert any("120" in s for s in texts(at.success))


@pytest.mark.parametrize(("value", "as_of", "message"), [
    ("一百二", None, UI["not_a_number"].format(value="一百二")),
    ("-5", None, UI["negative"]),
    ("", None, UI["value_required"]),
    ("10", TODAY + timedelta(days=1), UI["future_date"]),
])
def test_bad_progress_is_refused_with_a_reason(store, value, as_of, message):
    at = progress_page(store, store.counted)
    fill(at, value, as_of)
    at.button(key="progress_submit").click().run()
    assert message in texts(at.error)
    assert store.progress_history(store.counted).empty


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_a_figure_above_the_target_needs_the_confirmation_box(store):
    at = progress_page(store, store.overdue)
    fill(at, "6")
    assert at.checkbox[0].label == UI["confirm_above_target"]
    at.button(key="progress_submit").click().run()
    assert at.error and store.progress_history(store.overdue).empty
    at.checkbox[0].check().run()
    at.button(key="progress_submit").click().run()
    assert store.progress_history(store.overdue)["value"].tolist() == [6.0]
    assert metric(at, UI["current_status"]) == STATUS["pending_signoff"]  # staff's completion waits (issue 11)


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_a_commitment_without_a_number_is_marked_complete(store):
    at = progress_page(store, store.undated)
    assert not [t for t in at.text_input if t.label == UI["value_reached"]]
    at.button(key="mark_complete").click().run()
    assert store.commitment(store.undated)["completed"] is True
    assert store.commitment(store.undated)["status"] == "pending_signoff"  # staff's: a manager signs it off
    assert UI["marked_complete"] in texts(at.success)


def test_a_viewer_finds_no_form_anywhere(store):
    at = app_as("li", "viewer")
    for key in ("overview", "commitments", "detail", "export"):
        at.switch_page(page(key)).run()
        assert not [t for t in at.text_input if t.label == UI["value_reached"]]
        assert not [b for b in at.button if b.label in (UI["submit"], UI["confirm"], UI["reject"], UI["mark_complete"])]


# --- review, import, users, export -------------------------------------------------------------

def test_a_manager_confirms_corrects_and_rejects(store):
    for cid in (store.counted, store.overdue, store.undated):
        store.update_commitment(cid, by="boss", review="extracted")
    at = app_as("boss", "manager", at_page="review")
    assert at.caption[0].value == UI["review_count"].format(n=3)

    at.selectbox(key="review_pick").set_value(store.counted).run()
    at.button(key="review_confirm").click().run()
    assert store.commitment(store.counted)["review"] == "confirmed"
    assert UI["confirmed"] in texts(at.success)

    at.selectbox(key="review_pick").set_value(store.overdue).run()
    at.text_input(key=f"review_{store.overdue}_target").input("5")
    at.button(key="review_save").click().run()
    row = store.commitment(store.overdue)
    assert row["target_value"] == 5 and row["review"] == "confirmed"
    changes = store.audit_log("commitments", store.overdue)
    assert "target_value" in changes["field"].tolist()

    at.button(key="review_reject").click().run()  # the last one left in the queue
    assert store.commitment(store.undated)["review"] == "rejected"
    assert UI["review_empty"] in texts(at.success)


def test_a_big_target_shown_in_wan_saves_unchanged(store):
    """The edit box shows 5.3万 as the text writes it; saving without a change keeps 53000."""
    big = store.add_commitment("boss", task="老旧小区改造", target_value=53000, unit="个",
                               deadline=(TODAY + timedelta(days=90)).isoformat())
    store.update_commitment(big, by="boss", review="extracted")
    at = app_as("boss", "manager", at_page="review")
    assert at.text_input(key=f"review_{big}_target").value == "5.3万"
    at.button(key="review_save").click().run()
    assert not at.error, texts(at.error)
    row = store.commitment(big)
    assert row["target_value"] == 53000 and row["review"] == "confirmed"
    assert "target_value" not in store.audit_log("commitments", big)["field"].tolist()


def test_officials_read_title_then_name_on_every_screen_and_in_the_edit_box(store):
    """One form everywhere, as Excel and CSV write it: 副区长 陈定."""
    detail = app_as("li", "viewer", at_page="detail", id=str(store.counted))
    assert any("副区长 陈定" in m for m in texts(detail.markdown))
    assert not any("陈定（副区长）" in m for m in texts(detail.markdown))

    store.update_commitment(store.counted, by="boss", review="extracted")
    at = app_as("boss", "manager", at_page="review")
    at.selectbox(key="review_pick").set_value(store.counted).run()
    box = at.text_area(key=f"review_{store.counted}_officials")
    assert box.value == "副区长 陈定"
    at.button(key="review_save").click().run()
    assert "officials" not in store.audit_log("commitments", store.counted)["field"].tolist()  # read back unchanged


def test_the_officials_edit_box_round_trips():
    cell = [{"name": "张艳敏", "title": "区委副书记 区长"}, {"name": "虎强", "title": None}]
    assert present.officials_lines(cell) == "区委副书记 区长 张艳敏\n虎强"
    assert present.parse_officials(present.officials_lines(cell)) == cell
    assert present.parse_officials("副区长 陈定、孙涵（副区长）") == [
        {"name": "陈定", "title": "副区长"}, {"name": "孙涵", "title": "副区长"}]


def test_a_manager_adds_a_commitment_the_parser_missed(store):
    at = app_as("boss", "manager", at_page="review")
    at.text_area(key="add_sentence").input("新建学校5所")
    at.text_input(key="add_task").input("新建学校")
    at.text_input(key="add_target").input("5")
    at.text_input(key="add_unit").input("所")
    at.button(key="add_commitment").click().run()
    added = store.commitments()
    row = added[added["task"] == "新建学校"].iloc[0]
    assert row["review"] == "manual" and row["target_value"] == 5 and row["unit"] == "所"


def test_import_previews_before_it_saves(store):
    at = app_as("boss", "manager", at_page="imports")
    before = len(store.articles())
    at.text_area(key="import_text").input("区政府要求，年底前新建公园3个。")
    at.text_input(key="import_source").input("通知.txt")
    at.button(key="import_preview").click().run()
    assert len(store.articles()) == before  # a preview stores nothing
    assert "通知.txt" in texts(at.text)
    assert UI["import_date_missing"] in texts(at.warning)  # no date in the text: asked, not assumed
    assert at.button(key="import_save").disabled
    at.date_input[0].set_value(date(2024, 3, 5)).run()
    at.button(key="import_save").click().run()
    assert len(store.articles()) == before + 1
    assert any("通知.txt" in s for s in texts(at.success))
    saved = store.articles().iloc[-1]
    assert (saved["date"], saved["date_from"]) == ("2024-03-05", "ref_date")


def _reading_by_hand(calls):
    """A stand-in parser: a dated work report, and a text with no date whose 全年 follows the date given."""
    from tracker.extract.records import Commitment, Extraction, Frame, Section

    def extract_document(text, source="", ref_date=None):
        calls.append((source, ref_date))
        if "2024年3月5日" in text:
            frame = Frame(source, "区政府工作报告", "2024-03-05", "signature", "work_report", "标题：工作报告",
                          (Section("过去一年工作回顾", "review", 2023), Section("2024年工作安排", "plan", 2024, "王区长")))
            return Extraction(frames=(frame,))
        year = ref_date[:4] if ref_date else str(TODAY.year)
        record = Commitment(source, None, ref_date, "全年新建公园3个", 3, "个", "新建公园", f"{year}-12-31", "全年")
        return Extraction(frames=(Frame(source, None, ref_date, "ref_date" if ref_date else None, "news"),),
                          records=(record,))

    return extract_document


def test_import_shows_each_texts_frame_and_asks_for_the_date_it_lacks(store, monkeypatch):
    import tracker.extract

    calls = []
    monkeypatch.setattr(tracker.extract, "extract_document", _reading_by_hand(calls))
    # the stand-in parser lives in this process: with both worker limits off the page reads uploads here
    monkeypatch.setattr(tracker.config, "WORKER_LIMITS", tracker.config.WorkerLimits(seconds=0, memory_mb=0))
    at = app_as("boss", "manager", at_page="imports")
    uploader = at.file_uploader(key="import_files")
    uploader.upload("报告.txt", "区政府工作报告\n……\n2024年3月5日".encode(), "text/plain")
    uploader.upload("通知.txt", "全年新建公园3个。".encode(), "text/plain")
    at.run()
    at.button(key="import_preview").click().run()
    assert not at.exception
    frames = [df.value for df in at.dataframe]
    report = frames[0]
    assert report.iloc[0].to_dict() == {"标题": "区政府工作报告", "日期": "2024-03-05", "日期来源": "落款", "文体": "工作报告"}
    sections = frames[1]
    assert sections["部分"].tolist() == ["过去一年工作回顾", "2024年工作安排"]
    assert sections["性质"].tolist() == ["回顾（已做）", "部署（今后）"] and sections["年份"].tolist() == ["2023", "2024"]
    assert sections["讲话人"].tolist() == ["", "王区长"]
    undated = frames[2]
    assert undated.iloc[0]["日期来源"] == "未找到" and undated.iloc[0]["日期"] == ""
    assert texts(at.warning).count(UI["import_date_missing"]) == 1  # the dated report is not asked about
    assert len(at.date_input) == 1 and at.button(key="import_save").disabled
    assert UI["import_needs_dates"].format(n=1) in texts(at.warning)

    at.date_input[0].set_value(date(2023, 5, 1)).run()  # read again with that date: 全年 is 2023
    assert FIELD["deadline"] in frames[3] and at.dataframe[3].value[FIELD["deadline"]].tolist() == ["2023-12-31"]
    assert UI["import_date_missing"] not in texts(at.warning) and not at.button(key="import_save").disabled
    parsed = len(calls)
    at.button(key="import_save").click().run()
    assert len(calls) == parsed  # saving parses nothing: what was previewed is stored
    rows = store.articles().set_index("source")
    assert (rows.loc["报告.txt", "date"], rows.loc["报告.txt", "date_from"]) == ("2024-03-05", "signature")
    assert (rows.loc["通知.txt", "date"], rows.loc["通知.txt", "date_from"]) == ("2023-05-01", "ref_date")
    assert store.article(int(rows.loc["报告.txt", "id"]))["frames"][0]["sections"][1]["speaker"] == "王区长"
    added = store.commitments(as_of="2023-06-01")
    assert added[added["task"] == "新建公园"]["deadline"].tolist() == ["2023-12-31"]


def test_review_takes_a_candidate_and_accepts_progress_read_from_a_report(store):
    report = store.save_article({
        "text": "养老服务工作进展\n2024年6月30日\n全年新建村级养老服务站20个，已建成12个。已建成公园5个。",
        "source": "进展.txt", "title": "养老服务工作进展", "date": "2024-06-30", "date_from": "date_line",
        "records": [{"task": "新建村级养老服务站", "target_value": 20, "unit": "个", "sentence": "全年新建村级养老服务站20个",
                     "deadline": "2024-12-31", "deadline_text": "全年"}],
        "candidates": [{"sentence": "已建成公园5个", "target_value": 5, "unit": "个", "task": "公园", "reason": "past_fact",
                        "start": 33, "end": 40}],
        "progress": [{"record": 0, "value": 12, "unit": "个", "as_of": "2024-06-30", "sentence": "已建成12个"}],
    }, by="boss")["article_id"]
    at = app_as("boss", "manager", at_page="review")
    candidates = at.dataframe[0].value
    assert candidates[FIELD["sentence"]].tolist() == ["已建成公园5个"]
    assert candidates[UI["reason"]].tolist() == ["已完成的事实"] and candidates[FIELD["target_value"]].tolist() == ["5个"]
    proposals = at.dataframe[1].value
    assert proposals[UI["proposed_value"]].tolist() == ["12个"] and proposals[FIELD["target_value"]].tolist() == ["20个"]

    at.button(key="candidate_take").click().run()
    taken = store.candidates(status="taken").iloc[0]
    row = store.commitment(int(taken["commitment_id"]))
    assert (row["task"], row["target_value"], row["unit"], row["article_id"]) == ("公园", 5, "个", report)
    assert at.selectbox(key="review_pick").value == row["id"]  # opens in the form, to be checked and confirmed
    assert any(f"#{row['id']}" in s for s in texts(at.success))
    assert UI["candidates_none"] in texts(at.caption)

    tracked = int(store.proposed_progress()["commitment_id"].iloc[0])
    at.button(key="proposal_accept").click().run()
    history = store.progress_history(tracked)
    assert history["value"].tolist() == [12] and history["note"].tolist() == ["已建成12个"]
    assert history["as_of"].tolist() == ["2024-06-30"] and history["by"].tolist() == ["boss"]
    assert UI["progress_accepted"] in texts(at.success) and UI["proposed_none"] in texts(at.caption)


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_a_manager_adds_a_user_and_changes_a_role(store):
    at = app_as("boss", "manager", at_page="users")
    form_inputs = [t for t in at.text_input if t.form_id == "add_user"]
    form_inputs[0].input("赵六")
    form_inputs[1].input("赵六的新密码-2026")
    form_inputs[2].input("赵六的新密码-2026")
    at.selectbox(key=next(s.key for s in at.selectbox if s.form_id == "add_user")).set_value("viewer")
    next(b for b in at.button if b.form_id == "add_user").click().run()
    assert {"name": "赵六", "role": "viewer"} in [{"name": u["name"], "role": u["role"]} for u in store.users()]
    assert store.authenticate("赵六", "赵六的新密码-2026")

    at.selectbox(key="role_who").set_value("wang")
    at.selectbox(key="role_new").set_value("manager")
    next(b for b in at.button if b.form_id == "set_role").click().run()
    assert store.authenticate("wang", "wang-secret-1")["role"] == "manager"


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_export_offers_the_three_formats_the_ranking_and_the_report(store):
    at = app_as("li", "viewer", at_page="export")
    labels = [b.label for b in at.get("download_button")]
    assert labels == [UI["export_xlsx"], UI["export_csv"], UI["export_ics"], RANKING["csv"], REPORT["button"]]
    assert UI["export_intro"].format(n=3) in texts(at.markdown)


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """What each download button drawn from now on hands over, by file name, as a callable.

    导出 builds its files only when a button is clicked (a callable for `data`), and AppTest
    never clicks through to the browser's download: the callable is kept here to run instead.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


@pytest.mark.both_backends
@pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")  # openpyxl drops the data bars
def test_export_downloads_the_excel_list_the_ranking_and_the_report(store, downloads):
    import io

    import docx
    import openpyxl

    from tracker import export, report
    from tracker.labels import EXPORT

    store.add_progress(store.counted, 120, by="wang", as_of=TODAY)
    at = app_as("boss", "manager", at_page="export")
    assert not at.exception
    workbook = openpyxl.load_workbook(io.BytesIO(downloads[export.default_filename("xlsx", TODAY)]()))
    rows = list(workbook[EXPORT["list_sheet"]].iter_rows(min_row=3, values_only=True))
    by_id = {r[0]: dict(zip(export.HEADERS, r, strict=True)) for r in rows}
    assert list(by_id) == [store.overdue, store.undated, store.counted]  # earliest deadline first
    counted = by_id[store.counted]
    assert (counted[FIELD["task"]], counted[FIELD["target_value"]], counted[FIELD["units"]]) == ("老旧小区改造", 366, "区城建局")
    assert counted[FIELD["share"]] == pytest.approx(120 / 366)
    assert counted[FIELD["deadline"]].date() == TODAY + timedelta(days=200)
    ranking_csv = downloads[export.ranking_filename("csv", TODAY)]().decode("utf-8-sig")
    assert "区城管局" in ranking_csv and "区园林局" in ranking_csv
    document = docx.Document(io.BytesIO(downloads[report.default_filename("month", TODAY)]()))
    assert any("3" in p.text for p in document.paragraphs)  # the summary counts the three commitments


def test_the_report_is_only_for_people_who_see_every_unit(store):
    """The 督查通报 lists every unit's overdue tasks: staff limited to their unit get the lists, not the report."""
    units = [u for us in store.commitments()["units"] for u in us]
    assert units
    store.set_user_units("wang", units[:1], by="boss")
    at = app_as("wang", "staff", at_page="export")
    labels = [b.label for b in at.get("download_button")]
    assert UI["export_xlsx"] in labels and REPORT["button"] not in labels


def test_the_examples_in_present_hold():
    import doctest

    result = doctest.testmod(present)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_uploaded_files_are_read_previewed_and_saved_in_one_go(store):
    at = app_as("boss", "manager", at_page="imports")
    before = len(store.articles())
    uploader = at.file_uploader(key="import_files")
    uploader.upload("通知.txt", "区政府要求，年底前新建公园3个。".encode("gb18030"), "text/plain")
    uploader.upload("简报.html", "<html><body><h1>简报</h1><p>确保6月底前完成道路改造12条。</p></body></html>".encode(),
                    "text/html")
    uploader.upload("坏.docx", b"not a zip file", "application/octet-stream")
    at.run()
    at.button(key="import_preview").click().run()
    assert any("坏.docx" in e for e in texts(at.error))  # one unreadable file does not stop the others
    assert len(store.articles()) == before
    for box in at.date_input:  # neither text carries a date
        box.set_value(date(2024, 3, 5)).run()
    at.button(key="import_save").click().run()
    sources = store.articles()["source"].tolist()
    assert "通知.txt" in sources and "简报.html" in sources and "坏.docx" not in sources
    text = store.article(int(store.articles().set_index("source").loc["通知.txt", "id"]))["text"]
    assert "新建公园3个" in text  # GB18030 decoded, not mojibake


def test_a_text_the_parser_trips_on_is_named_and_the_others_still_preview(store, monkeypatch):
    import tracker.extract

    real = tracker.extract.extract_document

    def trips_on_bad(text, source="", ref_date=None):
        if source.endswith("坏.txt"):
            raise IndexError("list index out of range")
        return real(text, source=source, ref_date=ref_date)

    monkeypatch.setattr(tracker.extract, "extract_document", trips_on_bad)
    # the stand-in parser lives in this process: with both worker limits off the page reads uploads here
    monkeypatch.setattr(tracker.config, "WORKER_LIMITS", tracker.config.WorkerLimits(seconds=0, memory_mb=0))
    at = app_as("boss", "manager", at_page="imports")
    uploader = at.file_uploader(key="import_files")
    uploader.upload("坏.txt", "区政府要求，年底前新建公园3个。".encode(), "text/plain")
    uploader.upload("好.txt", "确保6月底前完成道路改造12条。".encode(), "text/plain")
    at.run()
    at.button(key="import_preview").click().run()
    assert not at.exception
    assert any("坏.txt" in e and "IndexError" in e for e in texts(at.error))
    assert [doc["bundle"].source for doc in at.session_state["import_pending"]] == ["好.txt"]


# --- the original file and what was read ----------------------------------------------------------

def _word_file(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.mark.both_backends  # the core of the dashboard on PostgreSQL too (conftest: dashboard_db)
def test_detail_offers_the_ingested_file_for_download_to_a_viewer(store, tmp_path):
    from dataclasses import replace

    from tracker import ingest

    path = _word_file(tmp_path / "通知<b>.docx", "区政府要求，年底前新建公园3个。")
    # The file read by the real readers; its records left out so the commitment is the one typed in below.
    bundle = replace(ingest.read_file(path, source="通知<b>.docx"), records=[], candidates=[], progress=[],
                     date=TODAY.isoformat())
    article = store.save_article(bundle, by="boss")["article_id"]
    cid = store.add_commitment("boss", article_id=article, task="新建公园", target_value=3, unit="个",
                               sentence="年底前新建公园3个")
    at = app_as("li", "viewer", at_page="detail", id=str(cid))
    buttons = at.get("download_button")
    assert len(buttons) == 1
    button = buttons[0].proto
    assert button.label == UI["download_original"]
    assert "通知&lt;b&gt;.docx" in button.help and "<b>" not in button.help  # the name shown, never obeyed as markup
    assert re.search(r"，\d+\.\d KB$", button.help) and button.deferred_file_id  # bytes read only when pressed
    assert "Word 文档" in " ".join(texts(at.text)) and not at.warning  # not OCR'd: no warning
    kept = store.document(store.article(article)["document_sha256"], by="li")
    assert kept["data"] == path.read_bytes() and kept["name"] == "通知<b>.docx"

    at = app_as("li", "viewer", at_page="detail", id=str(store.counted))  # a pasted text: nothing to download
    assert not at.get("download_button")


def test_import_shows_what_was_read_per_file_and_review_warns_of_ocr(store, tmp_path):
    at = app_as("boss", "manager", at_page="imports")
    uploader = at.file_uploader(key="import_files")
    uploader.upload("通知.docx", _word_file(tmp_path / "x.docx", "区政府要求，年底前新建公园3个。").read_bytes(),
                    "application/octet-stream")
    uploader.upload("简报.txt", "确保6月底前完成道路改造12条。".encode(), "text/plain")
    at.run()
    at.button(key="import_preview").click().run()
    shown = texts(at.text)
    assert UI["import_what_read"].format(summary="Word 文档") in shown
    assert UI["import_what_read"].format(summary="文本") in shown
    assert UI["ocr_check"] not in texts(at.warning)
    for box in at.date_input:
        box.set_value(date(2024, 3, 5)).run()
    at.button(key="import_save").click().run()
    saved = store.articles().set_index("source")
    assert saved.loc["通知.docx", "read_summary"] == "Word 文档" and saved.loc["通知.docx", "document_sha256"]
    assert store.document(saved.loc["通知.docx", "document_sha256"], by="boss")["name"] == "通知.docx"

    # A scan read by OCR (the bundle as the reader hands it; Tesseract is not needed to test the page).
    store.save_article({
        "text": "扫描件\n确保全年新建村级养老服务站20个。", "source": "批示.png", "title": "扫描件", "date": "2024-06-30",
        "date_from": "date_line", "read_summary": "图片，1 页，含 OCR 识别文字", "ocr": True,
        "original": {"name": "批示.png", "kind": "image", "data": b"\x89PNG made by the test"},
        "records": [{"task": "新建村级养老服务站", "target_value": 20, "unit": "个", "sentence": "确保全年新建村级养老服务站20个"}],
    }, by="boss")
    at = app_as("boss", "manager", at_page="review")
    picked = store.commitment(at.selectbox(key="review_pick").value)
    if picked["task"] != "新建村级养老服务站":
        ocr_id = int(store.commitments().set_index("task").loc["新建村级养老服务站", "id"])
        at.selectbox(key="review_pick").set_value(ocr_id).run()
    assert any("OCR" in w and "图片，1 页，含 OCR 识别文字" in w for w in texts(at.warning))


def test_prefetch_overview_and_ranking_share_one_read_of_the_store(store, monkeypatch):
    """The view read while the sign-in form is open is the one 总览 and 单位排名 use: Streamlit keys a
    cached call on its arguments as passed, so one call without the units argument would read the
    whole store a second time (it once did, after every sign-in)."""
    from app import state

    reads = []
    real = Store.commitments
    monkeypatch.setattr(Store, "commitments", lambda self, *a, **k: reads.append(k) or real(self, *a, **k))
    monkeypatch.setattr(state, "user", lambda: {"name": "boss", "role": "manager"})  # a manager sees every unit
    state._load.clear()
    state._ranking.clear()
    path, day = state.db_path(), TODAY.isoformat()
    state._warm(path, day, state._version(path))  # what the prefetch thread runs
    assert len(reads) == 1
    view = state.commitments(TODAY)  # 总览
    table, *_ = state.unit_ranking(TODAY)  # 单位排名
    assert len(reads) == 1, reads
    assert len(view) == 3 and set(table["unit"]) == {"区城建局", "区城管局", "区园林局"}
