"""People and units (issue 11): who belongs to which 责任单位, who sees and reports on what, and
unit names renamed or merged into one. Store rules first, then the command line, then 我的任务."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import sqlite_utils
from conftest import add_people
from test_dashboard import app_as as dashboard_as

from tracker.store import InvalidInput, NotFound, PermissionDenied, Store, migrate
from tracker.tasks import my_tasks

pytestmark = pytest.mark.both_backends  # each test with `store` runs on a file and on PostgreSQL (conftest)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-01"  # every status here is read as of this day


@pytest.fixture
def units_store(store):
    """The conftest store plus chen (staff of 区城管局) and four commitments of three unit names.

    a: 区城建局   b: 城建局 and 区城管局   c: 区城管局   d: no unit
    wang is staff of 城建局 (given before anything else, so the unit rules are in force).
    """
    store.add_user("chen", "staff", "chen-secret-1", by="boss")
    store.set_user_units("wang", ["城建局"], by="boss")
    store.set_user_units("chen", ["区城管局"], by="boss")
    ids = {}
    for key, units, target in (("a", ["区城建局"], 10), ("b", ["城建局", "区城管局"], 10), ("c", ["区城管局"], None),
                               ("d", [], 5)):
        ids[key] = store.add_commitment("boss", task=f"任务{key}", target_value=target, unit="个",
                                        deadline="2026-12-20", units=units)
    store.ids = ids
    return store


def visible(store, name) -> set[str]:
    ids = set(store.commitments(as_of=AS_OF, for_user=name)["id"])
    return {k for k, cid in store.ids.items() if cid in ids}


# ---- who may assign, rename, merge ----------------------------------------------------------------


@pytest.mark.parametrize("by, trusted, refused", [
    ("boss", False, None),
    ("wang", False, PermissionDenied),  # staff
    ("li", False, PermissionDenied),  # viewer
    ("nobody", False, PermissionDenied),
    (None, False, PermissionDenied),  # no name and not the command line
    (None, True, None),  # the command line's own change
])
def test_only_a_manager_or_the_command_line_assigns_units(store, by, trusted, refused):
    if refused:
        with pytest.raises(refused):
            store.set_user_units("wang", ["城建局"], by=by, trusted=trusted)
        assert store.user_units("wang") == []
    else:
        assert store.set_user_units("wang", ["城建局", " 城建局 ", "区城管局"], by=by, trusted=trusted) == ["区城管局", "城建局"]
        assert store.user_units("wang") == ["区城管局", "城建局"]
        row = store.audit_log("users", "wang").iloc[0]
        assert (row["action"], row["by"], row["field"]) == ("set_units", by or "system", "units")
        assert json.loads(row["new"]) == ["区城管局", "城建局"]


def test_a_disabled_manager_can_assign_nothing(store):
    store.add_user("zhao", "manager", "zhao-secret-1", by="boss")
    store.set_disabled("zhao", True, by="boss")
    for write in (lambda: store.set_user_units("wang", ["城建局"], by="zhao"),
                  lambda: store.rename_unit("区城建局", "新局", by="zhao")):
        with pytest.raises(PermissionDenied, match="已停用"):
            write()


@pytest.mark.parametrize("units, problem", [([""], None), (["a\x00b"], InvalidInput), (["局" * 65], InvalidInput)])
def test_unit_names_are_checked(store, units, problem):
    if problem:
        with pytest.raises(problem):
            store.set_user_units("wang", units, by="boss")
    else:
        assert store.set_user_units("wang", units, by="boss") == []  # blanks are no unit


def test_units_of_an_unknown_person_are_refused(store):
    with pytest.raises(NotFound):
        store.set_user_units("nobody", ["城建局"], by="boss")


@pytest.mark.parametrize("who", ["wang", "li"])
def test_staff_and_viewers_may_not_rename_or_merge(units_store, who):
    with pytest.raises(PermissionDenied):
        units_store.rename_unit("区城建局", "区住建局", by=who)
    with pytest.raises(PermissionDenied):
        units_store.merge_units("区城建局", "城建局", by=who)
    assert units_store.canonical_unit("区城建局") == "区城建局"


# ---- who sees what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, units, sees", [
    ("boss", [], {"a", "b", "c", "d"}),  # a manager with no unit: everything
    ("boss", ["区城管局"], {"a", "b", "c", "d"}),  # a manager with units still sees everything
    ("wang", ["城建局"], {"b"}),
    ("chen", ["区城管局"], {"b", "c"}),
    ("wang", [], set()),  # staff with no unit once units are in force: nothing
    ("li", [], {"a", "b", "c", "d"}),  # a viewer not limited
    ("li", ["区城建局"], {"a"}),  # a viewer limited to some units
])
def test_who_sees_which_commitments(units_store, name, units, sees):
    units_store.set_user_units(name, units, by="boss")
    assert visible(units_store, name) == sees
    assert units_store.scope(name) == (None if name == "boss" or (name == "li" and not units) else sorted(units))
    for key, cid in units_store.ids.items():
        assert units_store.visible(name, cid) == (key in sees)


def test_before_anyone_has_a_unit_staff_see_and_report_on_everything(store):
    cid = store.add_commitment("boss", task="任务", target_value=10, unit="个", units=["区城建局"])
    assert store.scope("wang") is None
    assert list(store.commitments(for_user="wang")["id"]) == [cid]
    store.add_progress(cid, 3, by="wang")  # as before issue 11
    store.set_user_units("li", ["区城建局"], by="boss")  # any assignment puts the rules in force
    assert store.scope("wang") == []
    store.set_user_units("li", [], by="boss")  # and taking it away again does not lift them
    assert store.scope("wang") == [] and store.commitments(for_user="wang").empty


def test_commitment_by_a_person_refuses_another_units_commitment(units_store):
    a, b = units_store.ids["a"], units_store.ids["b"]
    assert units_store.commitment(b, as_of=AS_OF, by="wang")["task"] == "任务b"
    with pytest.raises(PermissionDenied) as refused:
        units_store.commitment(a, as_of=AS_OF, by="wang")
    assert "任务a" not in str(refused.value)  # names the number only
    assert units_store.commitment(a, as_of=AS_OF)["task"] == "任务a"  # trusted callers as before
    with pytest.raises(PermissionDenied):
        units_store.commitments(for_user="nobody")


@pytest.mark.parametrize("who, key, allowed", [
    ("wang", "b", True), ("wang", "a", False), ("wang", "d", False),
    ("chen", "c", True), ("chen", "a", False),
    ("boss", "a", True), ("boss", "d", True),  # a manager always may
])
def test_staff_of_one_unit_cannot_update_another_units_commitment(units_store, who, key, allowed):
    cid = units_store.ids[key]
    number = units_store.commitment(cid)["target_value"] is not None

    def write():
        if number:
            units_store.add_progress(cid, 4, by=who, as_of=AS_OF)
        else:
            units_store.set_complete(cid, by=who, as_of=AS_OF)

    if allowed:
        write()
        assert units_store.commitment(cid, as_of=AS_OF)["progress" if number else "completed"]
    else:
        before = len(units_store.audit_log())
        with pytest.raises(PermissionDenied, match="不属于"):
            write()
        assert len(units_store.audit_log()) == before  # nothing written, nothing audited


def test_staff_with_no_unit_are_told_why(units_store):
    units_store.set_user_units("wang", [], by="boss")
    with pytest.raises(PermissionDenied, match="还没有分配责任单位"):
        units_store.add_progress(units_store.ids["b"], 1, by="wang", as_of=AS_OF)


def test_changing_a_commitments_units_changes_who_sees_it(units_store):
    a = units_store.ids["a"]
    units_store.update_commitment(a, by="boss", units=["城建局"])
    assert visible(units_store, "wang") == {"a", "b"}
    units_store.update_commitment(a, by="boss", units="区城管局、城建局")
    assert visible(units_store, "chen") == {"a", "b", "c"}


def test_a_disabled_person_sees_nothing_and_writes_nothing(units_store):
    units_store.set_disabled("wang", True, by="boss")
    with pytest.raises(PermissionDenied, match="已停用"):
        units_store.commitments(for_user="wang")
    with pytest.raises(PermissionDenied, match="已停用"):
        units_store.add_progress(units_store.ids["b"], 1, by="wang", as_of=AS_OF)


# ---- one unit under two names -----------------------------------------------------------------------


def test_merging_an_alias_makes_one_unit(units_store):
    s = units_store
    s.set_user_units("li", ["区城建局"], by="boss")
    before = s.units().set_index("unit")
    assert before.loc["区城建局", "commitments"] == 1 and before.loc["城建局", "commitments"] == 1

    assert s.merge_units("区城建局", "城建局", by="boss") == "城建局"
    units = s.units().set_index("unit")
    assert "区城建局" not in units.index
    assert units.loc["城建局", "commitments"] == 2 and units.loc["城建局", "aliases"] == ["区城建局"]
    assert units.loc["城建局", "people"] == 2  # wang, and li moved over
    assert s.user_units("li") == ["城建局"] and s.canonical_unit("区城建局") == "城建局"
    view = s.commitments(as_of=AS_OF).set_index("id")
    assert view.loc[s.ids["a"], "units"] == ["城建局"]
    assert visible(s, "wang") == {"a", "b"}  # 区城建局's commitment is 城建局's now
    s.add_progress(s.ids["a"], 2, by="wang", as_of=AS_OF)

    # an article imported later that says 区城建局 lands in 城建局 too
    later = s.add_commitment("boss", task="后来的任务", units=["区城建局", "城建局"])
    assert s.commitment(later)["units"] == ["城建局"]
    assert later in set(s.commitments(for_user="wang")["id"])
    assert s.set_user_units("chen", ["区城建局"], by="boss") == ["城建局"]  # assigning the old name means the unit

    row = s.audit_log("unit_aliases").iloc[0]
    assert (row["action"], row["row_id"], row["old"], row["new"]) == ("merge_unit", "区城建局", "区城建局", "城建局")


@pytest.mark.parametrize("old, new, problem", [
    ("没有这个局", "新局", NotFound),
    ("区城建局", "城建局", InvalidInput),  # a name in use: that is a merge
    ("区城建局", " 区城建局 ", InvalidInput),  # the same unit
    ("区城建局", "", InvalidInput),
])
def test_rename_refuses(units_store, old, new, problem):
    with pytest.raises(problem):
        units_store.rename_unit(old, new, by="boss")


def test_merge_needs_a_unit_in_use_to_merge_into(units_store):
    with pytest.raises(NotFound, match="重命名"):
        units_store.merge_units("区城建局", "没有这个局", by="boss")


def test_renames_follow_each_other_and_can_go_back(units_store):
    s = units_store
    s.merge_units("区城建局", "城建局", by="boss")
    s.rename_unit("城建局", "区住建局", by="boss")  # 区城建局 and 城建局 both mean 区住建局 now
    assert {s.canonical_unit(n) for n in ("区城建局", "城建局", "区住建局")} == {"区住建局"}
    assert s.user_units("wang") == ["区住建局"] and visible(s, "wang") == {"a", "b"}
    s.rename_unit("区住建局", "城建局", by="boss")  # back again: no name points at itself, none in a loop
    assert {s.canonical_unit(n) for n in ("区城建局", "城建局", "区住建局")} == {"城建局"}
    assert dict(s._all("SELECT alias, unit FROM unit_aliases")) == {"区城建局": "城建局", "区住建局": "城建局"}
    assert set(s.units()["unit"]) == {"城建局", "区城管局"}


# ---- the table kept beside the JSON list ------------------------------------------------------------


def test_an_old_file_gains_commitment_units_from_its_stored_lists(tmp_path):
    path = tmp_path / "v10.db"
    db = sqlite_utils.Database(path)
    migrate(db, upto=10)
    db.conn.execute("INSERT INTO commitments (id, task, units, review, created_at) VALUES"
                    " (1, '甲', '[\"区城建局\", \"区城管局\"]', 'confirmed', '2019-04-27'),"
                    " (2, '乙', '[]', 'confirmed', '2019-04-27'), (3, '丙', '[\"区城建局\"]', 'confirmed', '2019-04-27')")
    db.conn.commit()
    db.close()
    with Store(path) as s:
        assert set(s._all("SELECT commitment_id, unit FROM commitment_units")) == {
            (1, "区城建局"), (1, "区城管局"), (3, "区城建局")}
        assert list(s.commitments(units=["区城建局"])["id"]) == [1, 3]
        assert s.units()[["unit", "commitments"]].values.tolist() == [["区城建局", 2], ["区城管局", 1]]


def test_removing_the_demo_articles_removes_their_units_rows(tmp_path):
    with Store(tmp_path / "demo.db") as s:
        add_people(s)
        s.save_article({"text": "区城建局要确保全年完成366个老旧小区改造任务。", "source": "seeds/demo.txt",
                        "records": [{"task": "老旧小区改造", "target_value": 366, "unit": "个", "units": ["区城建局"]}]})
        assert s.units()["unit"].tolist() == ["区城建局"]
        assert s.remove_demo(by="boss") == {"removed": 1, "kept": 0}
        assert s.units().empty and not s._all("SELECT * FROM commitment_units")


# ---- 我的任务 order ------------------------------------------------------------------------------


def test_my_tasks_order_due_soon_then_at_risk_then_overdue_done_last():
    rows = [  # id, deadline, status, expected group
        (1, "2027-03-01", "at_risk", "at_risk"),
        (2, "2026-12-20", "at_risk", "due_soon"),  # due within 30 days comes first whatever its status
        (3, "2026-12-05", "on_track", "due_soon"),
        (4, "2026-11-01", "overdue", "overdue"),
        (5, "2026-11-25", "overdue", "overdue"),
        (6, None, "no_deadline", "open"),
        (7, "2027-06-01", "on_track", "open"),
        (8, "2026-12-10", "done", "done"),
        (9, "2026-12-10", "pending_signoff", "pending_signoff"),
        (10, "2026-10-01", "done_late", "done"),
        (11, "2026-12-31", "on_track", "due_soon"),  # the 30th day still counts
        (12, "2027-01-01", "on_track", "open"),
        (13, "2026-12-01", "at_risk", "due_soon"),  # due today
    ]
    view = pd.DataFrame(rows, columns=["id", "deadline", "status", "want"])
    out = my_tasks(view, date(2026, 12, 1))
    assert (out["group"] == out["want"]).all(), out
    assert out["id"].tolist() == [13, 3, 2, 11, 1, 5, 4, 12, 7, 6, 9, 8, 10]
    assert my_tasks(view.iloc[:0], "2026-12-01").empty


# ---- the command line -------------------------------------------------------------------------------


def tracker(*args, db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DB"}
    return subprocess.run([sys.executable, "-m", "tracker", *args, "--db", str(db)], check=False, cwd=ROOT,
                          input="", capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def cli_db(tmp_path) -> Path:
    path = tmp_path / "cli.db"
    with Store(path) as s:
        add_people(s)
        s.add_user("zhao", "manager", "zhao-secret-1", by="boss")
        s.set_disabled("zhao", True, by="boss")
        s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", units=["区城建局"])
        s.add_commitment("boss", task="道路整治", target_value=4, unit="条", units=["城建局"])
    return path


def test_cli_assigns_renames_merges_and_lists(cli_db):
    done = tracker("units", "assign", "wang", "区城建局", "--by", "boss", db=cli_db)
    assert done.returncode == 0 and "wang 的责任单位设为: 区城建局" in done.stderr
    done = tracker("units", "merge", "区城建局", "城建局", "--by", "boss", db=cli_db)
    assert done.returncode == 0 and "已将 区城建局 并入 城建局" in done.stderr, done.stderr
    done = tracker("units", "rename", "城建局", "区住建局", db=cli_db)  # the command line's own change
    assert done.returncode == 0, done.stderr
    listed = tracker("units", "list", "--json", db=cli_db)
    assert listed.returncode == 0
    assert [json.loads(line) for line in listed.stdout.splitlines()] == [
        {"unit": "区住建局", "commitments": 2, "people": 1, "aliases": ["区城建局", "城建局"]}]
    table = tracker("units", "list", db=cli_db)
    assert "区住建局" in table.stdout and "单位" in table.stdout
    people = tracker("users", "list", db=cli_db)
    assert any(line.split()[:3] == ["wang", "工作人员", "区住建局"] for line in people.stdout.splitlines()), people.stdout
    with Store(cli_db) as s:
        assert s.user_units("wang") == ["区住建局"]
        assert s.audit_log("unit_aliases")["by"].tolist() == ["system", "boss"]


@pytest.mark.parametrize("args, code, says", [
    (("units", "assign", "wang", "--by", "boss"), 2, "--clear"),  # no unit: clearing must be asked for
    (("units", "assign", "wang", "城建局", "--clear"), 2, "不能同时"),
    (("units", "assign", "wang", "城建局", "--by", "wang"), 1, "权限不足"),  # staff
    (("units", "assign", "wang", "城建局", "--by", "zhao"), 1, "已停用"),  # a disabled manager
    (("units", "assign", "nobody", "城建局", "--by", "boss"), 1, "没有用户"),
    (("units", "rename", "区城建局", "城建局", "--by", "boss"), 1, "合并"),
    (("units", "merge", "没有的局", "城建局", "--by", "boss"), 1, "没有单位"),
    (("units", "frobnicate"), 2, "参数错误"),
])
def test_cli_refusals_and_exit_codes(cli_db, args, code, says):
    done = tracker(*args, db=cli_db)
    assert done.returncode == code and says in done.stderr, done.stderr


def test_cli_assign_clear_takes_units_away(cli_db):
    assert tracker("units", "assign", "wang", "城建局", db=cli_db).returncode == 0
    done = tracker("units", "assign", "wang", "--clear", "--by", "boss", db=cli_db)
    assert done.returncode == 0 and "(无)" in done.stderr
    with Store(cli_db) as s:
        assert s.user_units("wang") == []


@pytest.mark.parametrize("args", [("progress", "1", "5", "--by", "zhao"), ("progress", "1", "完成", "--by", "zhao")])
def test_a_disabled_person_cannot_be_named_by_by(cli_db, args):
    done = tracker(*args, db=cli_db)
    assert done.returncode == 1 and "已停用" in done.stderr, done.stderr


def test_cli_progress_refuses_staff_of_another_unit(cli_db):
    assert tracker("units", "assign", "wang", "城建局", "--by", "boss", db=cli_db).returncode == 0
    refused = tracker("progress", "1", "5", "--by", "wang", db=cli_db)
    assert refused.returncode == 1 and "不属于 wang 的责任单位" in refused.stderr
    assert tracker("progress", "2", "3", "--by", "wang", db=cli_db).returncode == 0


# ---- the dashboard ---------------------------------------------------------------------------------

TODAY = date.today()
@pytest.fixture
def dash(dashboard_db):
    """A dashboard database: wang staff of 城建局, chen staff with no unit, commitments of two units."""
    s = Store(dashboard_db)
    add_people(s)
    s.add_user("chen", "staff", "chen-secret-1", by="boss")
    day = lambda n: (TODAY + timedelta(days=n)).isoformat()  # noqa: E731
    s.ids = {
        "soon": s.add_commitment("boss", task="城建近期任务", target_value=10, unit="个", deadline=day(10), units=["城建局"]),
        "late": s.add_commitment("boss", task="城建逾期任务", target_value=10, unit="个", deadline=day(-5), units=["区城建局"]),
        "far": s.add_commitment("boss", task="城建远期任务", target_value=10, unit="个", deadline=day(200), units=["城建局"]),
        "other": s.add_commitment("boss", task="城管任务", target_value=4, unit="条", deadline=day(3), units=["城管局"]),
    }
    s.merge_units("区城建局", "城建局", by="boss")
    s.set_user_units("wang", ["城建局"], by="boss")
    return s


def app_as(name: str, at_page: str | None = None, **params):
    """The dashboard with `name` signed in (test_dashboard's), at a page."""
    return dashboard_as(name, None, at_page, **params)


def shown_tasks(at) -> list[str]:
    return [task for df in at.dataframe for task in df.value.get("task", [])]


def test_staff_open_on_my_tasks_with_only_their_units(dash):
    at = app_as("wang")
    assert at.title[0].value == "我的任务"
    assert shown_tasks(at) == ["城建近期任务", "城建逾期任务", "城建远期任务"]  # due soon, overdue, the rest
    assert any("城建局" in c.value for c in at.caption)


@pytest.mark.parametrize("key", ["overview", "commitments", "progress", "export"])
def test_other_pages_show_staff_only_their_units(dash, key):
    at = app_as("wang", key)
    assert "城管任务" not in str([e.value for e in at.dataframe]) + str([e.value for e in at.markdown])
    if key == "progress":
        options = at.selectbox(key="progress_pick").options
        assert len(options) == 3 and not any("城管任务" in o for o in options)


@pytest.mark.parametrize("key", ["detail", "progress"])
def test_a_link_to_another_units_commitment_is_refused_and_shows_nothing(dash, key):
    at = app_as("wang", key, id=str(dash.ids["other"]))
    assert "这条承诺不属于您的责任单位，无权查看。" in [e.value for e in at.error]
    assert "城管任务" not in str(at._tree)
    at = app_as("wang", key, id=str(dash.ids["late"]))  # one of theirs (under its old unit name) opens
    assert not at.error


def test_staff_with_no_unit_are_told_to_ask_a_manager(dash):
    for key in (None, "overview", "progress"):
        at = app_as("chen", key)
        assert any("还没有分配责任单位" in w.value for w in at.warning), key


def test_a_manager_sees_every_unit_and_sets_units_on_the_users_page(dash):
    at = app_as("boss", "my_tasks")
    assert set(shown_tasks(at)) == {"城建近期任务", "城建逾期任务", "城建远期任务", "城管任务"}
    at = app_as("boss", "users")
    at.selectbox(key="units_who").set_value("chen").run()
    at.multiselect(key="units_picked_chen").set_value(["城管局"]).run()
    at.button(key="units_save").click().run()
    assert not at.exception and at.success
    assert dash.user_units("chen") == ["城管局"]
    at = app_as("chen")
    assert shown_tasks(at) == ["城管任务"]


def test_a_manager_merges_units_on_the_users_page(dash):
    dash.add_commitment("boss", task="城管二号任务", units=["区城管局"])
    at = app_as("boss", "users")
    at.selectbox(key="merge_alias").set_value("区城管局")
    at.selectbox(key="merge_into").set_value("城管局")
    next(b for b in at.button if b.form_id == "merge_unit").click().run()
    assert not at.exception and at.success
    assert dash.canonical_unit("区城管局") == "城管局"
    assert dash.units().set_index("unit").loc["城管局", "commitments"] == 2

