"""Figures a manager's return (退回) set aside are marked as such in the progress history: in
Store.progress_history (returned, returned_reason), the 承诺详情 history table and the progress chart."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import add_people
from streamlit.testing.v1 import AppTest

from app import present
from tracker import charts
from tracker.labels import UI
from tracker.store import Store

pytestmark = pytest.mark.both_backends  # the store tests run on a file and on PostgreSQL (conftest)

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
REASON = "验收报告缺少签字页"


@pytest.fixture
def frozen(frozen):
    """conftest's frozen store (three people, 2020-01-10) with 366 old blocks of 区城建局 due 2019-12-31."""
    frozen.blocks = frozen.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个",
                                          deadline="2019-12-31", units=["区城建局"])
    return frozen


# (why, [(value, as_of)] reported before a return, return?, [(value, as_of)] after, expected returned flags)
HISTORY_CASES = [
    ("nothing returned", [(200, "2019-10-01"), (366, "2019-12-20")], False, [], [False, False]),
    ("the figure that reached the target is set aside", [(200, "2019-10-01"), (366, "2019-12-20")], True, [],
     [False, True]),
    ("a run of figures at the target is set aside together",
     [(200, "2019-10-01"), (366, "2019-12-20"), (370, "2019-12-28")], True, [], [False, True, True]),
    ("a figure reported after the return counts",
     [(200, "2019-10-01"), (366, "2019-12-20")], True, [(366, "2020-01-08")], [False, True, False]),
    ("a single figure returned", [(366, "2019-12-20")], True, [], [True]),
]


@pytest.mark.parametrize("why,before,give_back,after,expected", HISTORY_CASES, ids=[c[0] for c in HISTORY_CASES])
def test_progress_history_says_which_figures_a_return_set_aside(frozen, why, before, give_back, after, expected):
    for value, as_of in before:
        frozen.add_progress(frozen.blocks, value, by="wang", as_of=as_of)
    if give_back:
        frozen.return_completion(frozen.blocks, REASON, by="boss")
    for value, as_of in after:
        frozen.add_progress(frozen.blocks, value, by="wang", as_of=as_of)
    history = frozen.progress_history(frozen.blocks)
    assert history["returned"].dtype == bool
    assert history["returned"].tolist() == expected
    reasons = [r if isinstance(r, str) else None for r in history["returned_reason"]]
    assert reasons == [REASON if aside else None for aside in expected]
    assert len(history) == len(before) + len(after)  # nothing deleted: set aside


def test_progress_history_of_a_commitment_with_no_updates_has_the_column(frozen):
    history = frozen.progress_history(frozen.blocks)
    assert history.empty and {"returned", "returned_reason"} <= set(history.columns)


def test_two_returns_each_keep_their_own_reason(frozen):
    frozen.add_progress(frozen.blocks, 366, by="wang", as_of="2019-12-20")
    frozen.return_completion(frozen.blocks, "第一次：缺少照片", by="boss")
    frozen.add_progress(frozen.blocks, 366, by="wang", as_of="2020-01-05")
    frozen.return_completion(frozen.blocks, "第二次：数字不符", by="boss")
    history = frozen.progress_history(frozen.blocks)
    assert history["returned"].tolist() == [True, True]
    assert history["returned_reason"].tolist() == ["第一次：缺少照片", "第二次：数字不符"]


# ---- the history table and the chart (no store) ------------------------------------------------

HISTORY = pd.DataFrame({
    "id": [1, 2, 3], "commitment_id": [1, 1, 1], "value": [200.0, 366.0, 300.0],
    "as_of": ["2019-10-01", "2019-12-20", "2020-01-05"], "note": ["", "完成", "更正"], "by": ["wang"] * 3,
    "created_at": ["2019-10-01T09:00:00", "2019-12-20T09:00:00", "2020-01-05T09:00:00"],
    "returned": [False, True, False], "returned_reason": [None, REASON, None],
})


def test_history_table_has_a_returned_column_and_the_reason():
    table = present.history_table(HISTORY)
    assert list(table.columns[1:4]) == [UI["value"], UI["progress_returned"], UI["signoff_reason"]]
    assert table[UI["progress_returned"]].tolist() == [False, True, False]  # newest first
    assert table[UI["signoff_reason"]].tolist() == ["", REASON, ""]


def test_history_table_of_an_older_frame_without_the_column_reads_nothing_returned():
    table = present.history_table(HISTORY.drop(columns=["returned", "returned_reason"]))
    assert not table[UI["progress_returned"]].any()


def _traces(fig):
    return {t.name: t for t in fig.data}


def test_progress_chart_leaves_set_aside_figures_off_the_line_and_marks_them_hollow_grey():
    fig = charts.progress_figure(HISTORY, 366, "2019-04-26", "2019-12-31", date(2020, 1, 10), "个")
    traces = _traces(fig)
    assert list(traces[UI["progress_actual"]].y) == [200.0, 300.0]
    aside = traces[UI["progress_returned"]]
    assert list(aside.y) == [366.0] and aside.mode == "markers"
    assert aside.marker.symbol == "circle-open" and aside.marker.color == "#9e9e9e"
    assert aside.showlegend is not False


def test_progress_chart_with_every_figure_returned_draws_no_actual_line():
    fig = charts.progress_figure(HISTORY.assign(returned=True), 366, "2019-04-26", "2019-12-31", date(2020, 1, 10))
    traces = _traces(fig)
    assert UI["progress_actual"] not in traces and len(traces[UI["progress_returned"]].y) == 3


def test_progress_chart_with_nothing_returned_has_no_returned_entry():
    fig = charts.progress_figure(HISTORY.assign(returned=False), 366, "2019-04-26", "2019-12-31", date(2020, 1, 10))
    assert UI["progress_returned"] not in _traces(fig)
    assert list(_traces(fig)[UI["progress_actual"]].y) == [200.0, 366.0, 300.0]


# ---- 承诺详情 (AppTest, on the dashboard's file) ----------------------------------------------------

def test_detail_marks_a_returned_figure_in_the_history_and_the_chart(dashboard_db):
    today = date.today()  # the page reads today; the days below are counted from it
    with Store(dashboard_db) as s:
        add_people(s)
        cid = s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个",
                               deadline=(today + timedelta(days=30)).isoformat(), units=["区城建局"])
        s.add_progress(cid, 200, by="wang", as_of=today - timedelta(days=5))
        s.add_progress(cid, 366, by="wang", as_of=today - timedelta(days=1))
        s.return_completion(cid, REASON, by="boss")
        session = s.start_session("boss")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["session"] = session
    at.query_params["id"] = str(cid)
    at.run()
    at.switch_page(str(ROOT / "app" / "pages" / "detail.py")).run()
    assert not at.exception, at.exception
    frames = [d.value for d in at.dataframe if UI["progress_returned"] in d.value.columns]
    assert len(frames) == 1
    shown = frames[0]
    assert shown[UI["progress_returned"]].tolist() == [True, False]
    assert shown[UI["signoff_reason"]].tolist() == [REASON, ""]
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {t.get("name"): t for t in chart["data"]}
    assert _numbers(traces[UI["progress_actual"]]["y"]) == [200.0]
    assert _numbers(traces[UI["progress_returned"]]["y"]) == [366.0]


def _numbers(values) -> list[float]:
    """A trace's numbers as the page sent them: a list, or plotly's typed array {"dtype", "bdata" (base64)}."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float(v) for v in values]
