"""Issue 11 on the dashboard (AppTest): 待销号 for managers, evidence on 承诺详情, a returned completion's
reason shown to staff, and finished work never reading 逾期 N 天."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import add_people
from streamlit.testing.v1 import AppTest

from app import present, tables
from tracker.labels import PAGE, STATUS, UI
from tracker.store import InvalidInput, Store

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
TODAY = date.today()  # the pages read today; every day below is counted from it
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"

pytestmark = pytest.mark.both_backends  # the pages on a PostgreSQL database too (conftest: dashboard_db)


@pytest.fixture
def store(dashboard_db):
    """Two commitments past their deadline: one staff reported done late (waiting), one still open."""
    s = Store(dashboard_db)
    add_people(s)
    s.late = s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个",
                              deadline=(TODAY - timedelta(days=10)).isoformat(), units=["区城建局"])
    s.open_ = s.add_commitment("boss", task="严管示范路整治", target_value=4, unit="条",
                               deadline=(TODAY - timedelta(days=3)).isoformat(), units=["区城管局"])
    update = s.add_progress(s.late, 366, by="wang", as_of=TODAY - timedelta(days=2))
    s.add_evidence("验收报告.pdf", PDF, by="wang", progress_update_id=update)
    yield s
    s.close()


def app_as(store, name: str, at_page: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["session"] = store.start_session(name)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if at_page:
        at.switch_page(str(ROOT / "app" / "pages" / f"{at_page}.py")).run()
    assert not at.exception, at.exception
    return at


def test_finished_work_never_reads_days_overdue(store):
    rows = present.table(store.commitments(as_of=TODAY), TODAY).set_index("id")
    assert rows.loc[store.late, "status"] == STATUS["pending_signoff"]
    assert rows.loc[store.open_, "days_left"] == -3
    html = tables.styled(rows.reset_index()).to_html()
    assert "逾期 3 天" in html and "逾期 10 天" not in html
    store.signoff(store.late, by="boss")
    rows = present.table(store.commitments(as_of=TODAY), TODAY).set_index("id")
    assert rows.loc[store.late, "status"] == STATUS["done_late"]
    assert present.days_left_text(rows.loc[store.late, "days_left"]) == ""


def test_a_manager_confirms_a_completion_on_the_signoff_page(store):
    at = app_as(store, "boss", at_page="signoff")
    assert at.title[0].value == PAGE["signoff"]
    assert any("老旧小区改造" in m for m in (e.value for e in at.markdown))
    assert [b for b in at.get("download_button")]  # the evidence, to read before deciding
    at.button(key=f"pending_confirm_{store.late}").click().run()
    assert not at.exception
    assert store.commitment(store.late)["status"] == "done_late"
    assert UI["signoff_empty"] in [s.value for s in at.success]


def test_a_manager_returns_a_completion_and_staff_see_why(store):
    at = app_as(store, "boss", at_page="signoff")
    at.button(key=f"pending_return_{store.late}").click().run()
    assert any("退回原因" in e.value for e in at.error)  # no reason: refused, nothing changed
    assert store.commitment(store.late)["status"] == "pending_signoff"
    at.text_input(key=f"pending_reason_{store.late}").input("照片看不清 <b>请重传</b>").run()
    at.button(key=f"pending_return_{store.late}").click().run()
    assert store.commitment(store.late)["status"] == "overdue"

    staff = app_as(store, "wang", at_page="progress", id=str(store.late))
    warned = [w.value for w in staff.warning]
    assert any("照片看不清 &lt;b&gt;请重传&lt;&#47;b&gt;" in w or "照片看不清 &lt;b&gt;" in w for w in warned), warned
    detail = app_as(store, "wang", at_page="detail", id=str(store.late))
    assert any("照片看不清" in w.value for w in detail.warning)


def test_detail_lists_the_evidence_and_where_the_signoff_stands(store):
    at = app_as(store, "li", at_page="detail", id=str(store.late))
    assert any("验收报告.pdf" in m.value for m in at.markdown)
    assert UI["signoff_pending"] in [i.value for i in at.info]
    assert not [b for b in at.button if str(b.key).startswith("detail_confirm")]  # a viewer decides nothing
    manager = app_as(store, "boss", at_page="detail", id=str(store.late))
    manager.button(key=f"detail_confirm_{store.late}").click().run()
    assert store.commitment(store.late)["signed_off_by"] == "boss"
    assert any("已销号" in s.value for s in manager.success)


@pytest.mark.parametrize("who", ["wang", "li"])
def test_staff_and_viewers_have_no_signoff_page(store, who):
    at = app_as(store, who)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(ROOT / "app" / "pages" / "signoff.py"))


def test_my_tasks_shows_a_returned_completion_with_its_reason(store):
    store.return_completion(store.late, "缺少验收签字", by="boss")
    at = app_as(store, "wang", at_page="my_tasks")
    assert any("缺少验收签字" in w.value and "老旧小区改造" in w.value for w in at.warning)


# ---- 批量确认销号 ----------------------------------------------------------------------------

@pytest.fixture
def three_waiting(store):
    """store.late plus two more staff reported complete: one on time, one late; store.open_ still open."""
    store.park = store.add_commitment("boss", task="口袋公园", target_value=3, unit="个",
                                      deadline=(TODAY + timedelta(days=20)).isoformat(), units=["区园林局"])
    store.road = store.add_commitment("boss", task="背街小巷整治", target_value=10, unit="条",
                                      deadline=(TODAY - timedelta(days=5)).isoformat(), units=["区城管局"])
    store.add_progress(store.park, 3, by="wang", as_of=TODAY - timedelta(days=1))
    store.add_progress(store.road, 10, by="wang", as_of=TODAY - timedelta(days=1))
    return store


def test_a_manager_confirms_several_completions_in_one_go(three_waiting):
    s = three_waiting
    at = app_as(s, "boss", at_page="signoff")
    pick = at.multiselect(key="pending_batch_pick")
    assert sorted(pick.options) == sorted(present.commitment_label(s.commitment(c)) for c in (s.late, s.park, s.road))
    assert at.button(key="pending_batch_confirm").disabled  # nothing ticked yet
    pick.set_value([s.late, s.park]).run()
    at.button(key="pending_batch_confirm").click().run()
    assert not at.exception and not at.error
    assert UI["signoff_batch_done"].format(n=2) in [m.value for m in at.success]
    assert [s.commitment(c)["status"] for c in (s.late, s.park, s.road)] == ["done_late", "done", "pending_signoff"]
    assert at.multiselect(key="pending_batch_pick").value == []  # the ticked ones left the list with the choice
    assert at.multiselect(key="pending_batch_pick").options == [present.commitment_label(s.commitment(s.road))]
    assert UI["signoff_count"].format(n=1) in [c.value for c in at.caption]
    log = s.audit_log("commitments")
    assert sorted(log[log["action"] == "signoff"]["row_id"].astype(int)) == sorted([s.late, s.park])


def test_one_decided_elsewhere_meanwhile_is_dropped_and_nothing_is_confirmed_unseen(three_waiting):
    s = three_waiting
    at = app_as(s, "boss", at_page="signoff")
    at.multiselect(key="pending_batch_pick").set_value([s.late, s.road]).run()
    s.return_completion(s.road, "台账不全", by="boss")  # another manager, or the command line
    at.button(key="pending_batch_confirm").click().run()
    assert not at.exception
    assert any(f"#{s.road}" in w.value for w in at.warning)
    assert s.commitment(s.late)["status"] == "pending_signoff"  # what was ticked changed: nothing done yet
    assert at.multiselect(key="pending_batch_pick").value == [s.late]
    at.button(key="pending_batch_confirm").click().run()
    assert s.commitment(s.late)["status"] == "done_late"
    assert UI["signoff_batch_done"].format(n=1) in [m.value for m in at.success]


def test_a_store_refusal_of_the_batch_is_shown_and_nothing_changes(three_waiting, monkeypatch):
    """The store's all-or-none refusal (here a one signed off in the same instant) reaches the page as an error."""
    s = three_waiting
    at = app_as(s, "boss", at_page="signoff")
    at.multiselect(key="pending_batch_pick").set_value([s.late, s.park]).run()
    def refuse(self, ids, by):
        raise InvalidInput(f"承诺 {s.park} 已销号; 这一批 2 条都未销号")

    monkeypatch.setattr(Store, "sign_off_many", refuse)
    at.button(key="pending_batch_confirm").click().run()
    assert any("都未销号" in e.value for e in at.error)
    assert [s.commitment(c)["status"] for c in (s.late, s.park)] == ["pending_signoff", "pending_signoff"]
