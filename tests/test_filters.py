"""The one filter engine (tracker.filters): its rules table by table, and that the command line's export and
the dashboard's 导出 page give the same rows for the same filter."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import add_people
from streamlit.testing.v1 import AppTest

from tracker import dates
from tracker.filters import Filter, apply, choices
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent


def row(id, status, deadline=None, officials=(), units=(), area="城市建设", task="任务", sentence=""):
    return {"id": id, "status": status, "deadline": deadline, "task": task, "sentence": sentence or task,
            "officials": [{"name": n, "title": t} for t, n in officials], "units": list(units), "work_area": area}


@pytest.fixture
def view() -> pd.DataFrame:
    return pd.DataFrame([
        row(1, "at_risk", "2026-12-31", [("区长", "张艳敏"), ("副区长", "陈定")], ["区城建局", "住房保障中心"],
            task="老旧小区改造"),
        row(2, "overdue", "2026-06-30", [("副区长", "陈定")], ["区交警大队"], area="交通", task="严管示范路"),
        row(3, "done", "2026-06-30", [("区长", "张艳敏")], ["区园林局"], area="生态环境", task="生态园林城市创建"),
        row(4, "on_track", "2027-03-31", units=["区城建局二处"], task="背街小巷整治"),
        row(5, "no_deadline", None, area="教育", task="新建学校", sentence="新建学校5所, 城建配套"),
    ])


@pytest.mark.parametrize("f, ids", [
    (Filter(), [1, 2, 3, 4, 5]),
    (Filter(statuses=("overdue",)), [2]),
    (Filter.of(status="已完成"), [3]),  # the Chinese label as the dashboard shows it
    (Filter(statuses=("overdue", "at_risk")), [1, 2]),
    (Filter(officials=("陈定",)), [1, 2]),
    (Filter(officials=("区长",)), []),  # a title is not a name
    (Filter(officials=("陈",)), []),  # nor is part of one
    (Filter(officials=("陈定", "张艳敏")), [1, 2, 3]),
    (Filter(units=("区城建局",)), [1]),  # not 区城建局二处
    (Filter(units=("城建局",)), []),
    (Filter.of(unit=" 区城建局 "), [1]),  # spaces around a name typed on the command line
    (Filter(units=("区城建局", "区园林局")), [1, 3]),
    (Filter(areas=("交通",)), [2]),
    (Filter(areas=("交",)), []),
    (Filter(due_after=date(2026, 12, 31)), [1, 4]),  # inclusive; undated rows drop out
    (Filter(due_before=date(2026, 6, 30)), [2, 3]),
    (Filter.of(period=("2026-07-01", "2026-12-31")), [1]),
    (Filter(text="城建"), [1, 4, 5]),  # the search box: part of a word in task, sentence, officials, units
    (Filter(text="陈定"), [1, 2]),
    (Filter(statuses=("at_risk", "on_track"), units=("区城建局",)), [1]),  # fields together: all must hold
])
def test_filter(view, f, ids):
    assert apply(view, f)["id"].tolist() == ids


def test_filter_keeps_the_index_and_order(view):
    shuffled = view.iloc[[4, 2, 0]]
    assert apply(shuffled, Filter(text="城建")).index.tolist() == [4, 0]


@pytest.mark.parametrize("kwargs", [{"due_before": "31.12.2026"}, {"due_after": "明天"}, {"period": ("2026-02-30", None)}])
def test_a_bad_day_is_refused(kwargs):
    with pytest.raises(dates.BadDate):
        Filter.of(**kwargs)


def test_filter_of_reads_one_name_or_several():
    assert Filter.of(unit="区城建局", official=["陈定", "陈定", " "], area=None) == Filter(units=("区城建局",), officials=("陈定",))
    assert not Filter.of().active() and Filter.of(text=" 城建 ").text == "城建"


def test_choices_are_the_names_a_filter_takes(view):
    got = choices(view)
    assert got["official"] == sorted(["张艳敏", "陈定"]) and "区城建局二处" in got["unit"]
    for name in got["unit"]:
        assert not apply(view, Filter(units=(name,))).empty


# ---- the command line and the dashboard give the same rows -----------------------------------------


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """Commitments whose statuses hold on any day after 2026 (long past or far ahead), so the parity does
    not depend on the day the test runs."""
    path = tmp_path / "parity.db"
    monkeypatch.setenv("TRACKER_DB", str(path))
    with Store(path) as s:
        add_people(s)
        add = s.add_commitment
        add("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2099-12-31", units=["区城建局", "住房保障中心"],
            officials=[{"name": "陈定", "title": "副区长"}, {"name": "张艳敏", "title": "区长"}], work_area="城市建设")
        add("boss", task="严管示范路整治", target_value=4, unit="条", deadline="2020-06-30", units=["区交警大队"],
            officials=[{"name": "陈定", "title": "副区长"}], work_area="交通")
        add("boss", task="背街小巷整治", deadline="2098-03-31", units=["区城建局二处"], work_area="城市建设")
        done = add("boss", task="公园建设", target_value=5, unit="个", deadline="2099-06-30", units=["区园林局"],
                   officials=[{"name": "张艳敏", "title": "区长"}], work_area="生态环境")
        s.add_progress(done, 5, by="wang", as_of="2026-01-01")
        add("boss", task="新建学校", sentence="新建学校5所，城建配套", work_area="教育")
    return path


def cli_ids(db: Path, f: dict) -> list[int]:
    args = []
    for option, key in (("--status", "statuses"), ("--official", "officials"), ("--unit", "units"), ("--area", "areas")):
        for value in f.get(key, ()):
            args += [option, value]
    if f.get("period"):
        args += ["--due-after", f["period"][0].isoformat(), "--due-before", f["period"][1].isoformat()]
    if f.get("text"):
        args += ["--search", f["text"]]
    done = subprocess.run([sys.executable, "-m", "tracker", "export", "--format", "csv", *args, "--db", str(db)],
                          check=False, capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120)
    if done.returncode == 1:
        return []
    assert done.returncode == 0, done.stderr.decode()
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"))))[1:]
    return [int(r[0]) for r in rows]


def dashboard_ids(f: dict) -> list[int]:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    with Store() as s:
        at.session_state["session"] = s.start_session("li")
    at.run()
    at.switch_page(str(ROOT / "app" / "pages" / "export.py")).run()
    for key, field in (("flt_statuses", "statuses"), ("flt_officials", "officials"), ("flt_units", "units"),
                       ("flt_areas", "areas")):
        if f.get(field):
            at.sidebar.multiselect(key=key).set_value(list(f[field])).run()
    if f.get("period"):
        at.sidebar.date_input(key="flt_period").set_value(f["period"]).run()
    if f.get("text"):
        at.sidebar.text_input(key="flt_text").input(f["text"]).run()
    assert not at.exception, at.exception
    if not at.dataframe:
        return []
    return [int(i) for i in at.dataframe[0].value["id"]]


@pytest.mark.parametrize("f, ids", [
    ({}, [2, 3, 4, 1, 5]),  # earliest deadline first, undated last, in both
    ({"units": ["区城建局"]}, [1]),  # not 区城建局二处
    ({"units": ["区城建局", "区园林局"]}, [4, 1]),
    ({"officials": ["陈定"]}, [2, 1]),
    ({"statuses": ["overdue"]}, [2]),
    ({"statuses": ["done", "on_track"], "officials": ["张艳敏"]}, [4, 1]),
    ({"areas": ["城市建设"]}, [3, 1]),
    ({"period": (date(2098, 1, 1), date(2099, 6, 30))}, [3, 4]),
    ({"text": "城建"}, [3, 1, 5]),
], ids=lambda v: ",".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else None)
def test_the_command_line_and_the_dashboard_give_the_same_rows(db, f, ids):
    assert cli_ids(db, f) == ids
    assert dashboard_ids(f) == ids
