"""审核 (issue 11): confirm several at once, undo a rejection, edit a confirmed commitment, keep 期限原文 beside
a deadline changed by hand; in the store (rules), on the command line (`review`) and on the page (AppTest).

Every day here is written out or passed in: nothing depends on the day the tests run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import add_people
from streamlit.testing.v1 import AppTest

from app import present
from tracker.labels import DEADLINE_TEXT_BY_HAND, REVIEW_UI
from tracker.store import UNDO_REJECTION, InvalidInput, NotFound, PermissionDenied, Store

# The store's rules run on a file and on PostgreSQL (conftest); the command and the page on a file.
pytestmark = pytest.mark.both_backends

ROOT = Path(__file__).resolve().parent.parent


def _add(store, task, **fields) -> int:
    fields.setdefault("deadline", "2026-12-31")
    cid = store.add_commitment("boss", task=task, **fields)
    store.update_commitment(cid, by="boss", review="extracted")  # as the parser would have stored it
    return cid


@pytest.fixture
def three(store) -> list[int]:
    return [_add(store, "老旧小区改造", target_value=366, unit="个", deadline_text="全年"),
            _add(store, "严管示范路整治", target_value=4, unit="条"),
            _add(store, "生态园林城市创建")]


def _review_rows(store) -> int:
    log = store.audit_log(table="commitments")
    return int((log["action"] == "review").sum())


# ---- the store's rules --------------------------------------------------------------------------


def test_review_many_confirms_all_in_one_go_and_audits_each(store, three):
    before = _review_rows(store)
    assert store.review_many(three, "confirmed", by="boss") == 3
    assert [store.commitment(c)["review"] for c in three] == ["confirmed"] * 3
    assert _review_rows(store) == before + 3
    assert store.review_many([*three, three[0]], "confirmed", by="boss") == 0  # already so: nothing again
    assert _review_rows(store) == before + 3


@pytest.mark.parametrize("ids, error", [
    (lambda t: [t[0], 424242, t[1]], NotFound),  # an unknown id in the middle: the first is not confirmed either
    (lambda t: [t[0], "x"], InvalidInput),
    (lambda t: [], InvalidInput),
])
def test_review_many_is_all_or_nothing(store, three, ids, error):
    audit_before = len(store.audit_log())
    with pytest.raises(error):
        store.review_many(ids(three), "confirmed", by="boss")
    assert [store.commitment(c)["review"] for c in three] == ["extracted"] * 3
    assert len(store.audit_log()) == audit_before


@pytest.mark.parametrize("by", ["wang", "li", "nobody", None])
def test_only_a_manager_reviews(store, three, by):
    audit_before = len(store.audit_log())
    for write in (lambda: store.review_many(three, "confirmed", by=by),
                  lambda: store.review(three[0], "rejected", by=by),
                  lambda: store.update_commitment(three[0], by=by, task="改过的任务")):
        with pytest.raises(PermissionDenied):
            write()
    assert [store.commitment(c)["review"] for c in three] == ["extracted"] * 3
    assert len(store.audit_log()) == audit_before


def test_a_disabled_manager_reviews_nothing(store, three):
    store.add_user("zhao", "manager", "zhao-secret-1", by="boss")
    store.set_disabled("zhao", True, by="boss")
    with pytest.raises(PermissionDenied, match="已停用"):
        store.review_many(three, "confirmed", by="zhao")


@pytest.mark.parametrize("state", ["manual", "done", ""])
def test_review_many_refuses_a_state_it_does_not_know(store, three, state):
    with pytest.raises(InvalidInput, match="审核状态无效"):
        store.review_many(three, state, by="boss")


@pytest.mark.parametrize("back_to, how", [
    ("extracted", lambda s, cid, state: s.review(cid, state, by="boss")),
    ("confirmed", lambda s, cid, state: s.review_many([cid], state, by="boss")),
    ("confirmed", lambda s, cid, state: s.update_commitment(cid, by="boss", review=state, task="老旧小区改造提升")),
])
def test_a_rejection_is_undone_and_the_audit_says_so(store, three, back_to, how):
    cid = three[0]
    store.review(cid, "rejected", by="boss")
    assert cid not in store.commitments(as_of="2026-06-30")["id"].tolist()
    assert store.rejected_commitments(as_of="2026-06-30")["id"].tolist() == [cid]
    how(store, cid, back_to)
    row = store.commitment(cid, as_of="2026-06-30")
    assert row["review"] == back_to and row["status"] == "on_track"
    assert store.rejected_commitments().empty
    log = store.audit_log(table="commitments", row_id=cid)
    undo = log[(log["action"] == "review") & (log["old"] == "rejected")]
    assert undo[["by", "new", "note"]].values.tolist() == [["boss", back_to, UNDO_REJECTION]]


def test_a_confirmed_commitment_can_be_edited_and_each_change_is_audited(store, three):
    cid = three[1]
    store.review(cid, "confirmed", by="boss")
    store.update_commitment(cid, by="boss", task="严管示范路综合整治", target_value=5, units=["区城管局"])
    row = store.commitment(cid)
    assert (row["task"], row["target_value"], row["units"], row["review"]) == ("严管示范路综合整治", 5, ["区城管局"], "confirmed")
    log = store.audit_log(table="commitments", row_id=cid)
    changes = log[log["action"] == "update"].sort_values("id")
    assert changes[["field", "old", "new"]].values.tolist() == [
        ["task", "严管示范路整治", "严管示范路综合整治"], ["target_value", "4", "5"], ["units", "[]", '["区城管局"]']]


def test_deadline_words_come_back_for_rows_changed_before_they_were_kept(store, three):
    """Before issue 11 a hand-set deadline replaced 期限原文 with 人工修改; the audit log still had the words."""
    cid = three[0]
    store.update_commitment(cid, by="boss", deadline="2027-06-30", deadline_text=DEADLINE_TEXT_BY_HAND)  # as the old code did
    row = store.commitment(cid)
    assert (row["deadline"], row["deadline_text"], row["deadline_by_hand"], row["deadline_read"]) == (
        "2027-06-30", "全年", True, "2026-12-31")


# ---- the command line --------------------------------------------------------------------------


def tracker(*args, db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DB"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "tracker", *args, "--db", str(db)], check=False, cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def cli_db(tmp_path) -> tuple[Path, list[int]]:
    path = tmp_path / "review.db"
    with Store(path) as s:
        add_people(s)
        ids = [_add(s, "老旧小区改造"), _add(s, "严管示范路整治"), _add(s, "生态园林城市创建")]
    return path, ids


def _states(path: Path, ids) -> list[str]:
    with Store(path) as s:
        return [s.commitment(c)["review"] for c in ids]


@pytest.mark.parametrize("args, code, message, states", [
    (["1", "2", "--state", "confirmed", "--by", "boss", "--json"], 0, "已审核: 2 条承诺", ["confirmed", "confirmed", "extracted"]),
    (["1", "99", "--state", "confirmed", "--by", "boss"], 1, "这一批都未审核", ["extracted"] * 3),
    (["1", "--state", "confirmed", "--by", "wang"], 1, "权限不足", ["extracted"] * 3),
    (["1", "--state", "confirmed", "--by", "li"], 1, "权限不足", ["extracted"] * 3),
    (["1", "x", "--state", "confirmed", "--by", "boss"], 2, "不是整数", ["extracted"] * 3),
    (["1", "--state", "maybe", "--by", "boss"], 2, "参数错误", ["extracted"] * 3),
])
def test_the_review_command(cli_db, args, code, message, states):
    path, ids = cli_db
    done = tracker("review", *args, db=path)
    assert done.returncode == code, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert _states(path, ids) == states
    if "--json" in args:
        assert json.loads(done.stdout) == {"ids": [1, 2], "state": "confirmed", "changed": 2}
    else:
        assert done.stdout == ""


def test_the_review_command_undoes_a_rejection(cli_db):
    path, ids = cli_db
    assert tracker("review", "3", "--state", "rejected", "--by", "boss", db=path).returncode == 0
    assert tracker("review", "3", "--state", "extracted", "--by", "boss", db=path).returncode == 0
    with Store(path) as s:
        log = s.audit_log(table="commitments", row_id=3)
    assert log.iloc[0][["action", "old", "new", "note"]].tolist() == ["review", "rejected", "extracted", UNDO_REJECTION]


# ---- the 审核 page ------------------------------------------------------------------------------


@pytest.fixture
def page_store(dashboard_db) -> Store:
    s = Store(dashboard_db)
    add_people(s)
    s.ids = [_add(s, "老旧小区改造", target_value=366, unit="个", deadline_text="全年"),
             _add(s, "严管示范路整治", target_value=4, unit="条"),
             _add(s, "生态园林城市创建", deadline_text="6月底前")]
    return s


def review_page(name: str = "boss") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    with Store() as s:
        at.session_state["session"] = s.start_session(name)
    at.run()
    at.switch_page(str(ROOT / "app" / "pages" / "review.py")).run()
    assert not at.exception, at.exception
    return at


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_the_page_confirms_several_at_once(page_store):
    first, second, third = page_store.ids
    at = review_page()
    at.button(key="review_bulk_confirm").click().run()
    assert REVIEW_UI["bulk_none"] in [e.value for e in at.error]  # nothing picked: nothing done
    at.multiselect(key="review_bulk").set_value([first, third]).run()
    at.button(key="review_bulk_confirm").click().run()
    assert not at.exception, at.exception
    assert [page_store.commitment(c)["review"] for c in page_store.ids] == ["confirmed", "extracted", "confirmed"]
    assert REVIEW_UI["bulk_confirmed"].format(n=2) in [s.value for s in at.success]
    assert at.selectbox(key="review_pick").options == [f"#{second} 严管示范路整治 · 2026-12-31"]


def test_the_page_edits_a_confirmed_commitment_and_shows_the_words_beside_a_date_set_by_hand(page_store):
    first = page_store.ids[0]
    page_store.review(first, "confirmed", by="boss")
    at = review_page()
    at.selectbox(key="edit_pick").set_value(first).run()
    assert "期限原文：全年" in captions(at)
    at.text_input(key=f"edit_{first}_task").input("老旧小区改造提升").run()
    at.date_input(key=f"edit_{first}_deadline").set_value("2027-03-31").run()
    at.button(key="edit_save").click().run()
    assert not at.exception, at.exception
    row = page_store.commitment(first)
    assert (row["task"], row["deadline"], row["deadline_text"], row["review"]) == (
        "老旧小区改造提升", "2027-03-31", "全年", "confirmed")
    shown = captions(at)
    assert "期限原文：全年" in shown
    assert present.fill(REVIEW_UI["deadline_by_hand"], deadline="2027-03-31", read="2026-12-31") in shown  # escaped: stored text


# offered: which of the page's commitments (1st, 2nd) the list holds, newest first
@pytest.mark.parametrize("typed, offered", [("", [2, 1]), ("严管", [2]), ("#2", [2]), ("2", [2]), ("没有这个词", [])])
def test_the_confirmed_list_is_searched_by_words_or_id(page_store, typed, offered):
    first, second, _ = page_store.ids
    page_store.review_many([first, second], "confirmed", by="boss")
    at = review_page()
    at.text_input(key="edit_find").input(typed).run()
    assert not at.exception, at.exception
    assert page_store.ids[:2] == [1, 2]  # so "#2" is the second
    if offered:
        assert [int(o.split()[0].lstrip("#")) for o in at.selectbox(key="edit_pick").options] == offered
    else:
        assert REVIEW_UI["edit_none"] in captions(at)


def test_the_page_undoes_a_rejection(page_store):
    first, second, _ = page_store.ids
    at = review_page()
    assert REVIEW_UI["rejected_none"] in captions(at)
    at.selectbox(key="review_pick").set_value(second).run()
    at.button(key="review_reject").click().run()
    assert page_store.commitment(second)["review"] == "rejected"
    at.selectbox(key="rejected_pick").set_value(second).run()
    at.button(key="undo_to_queue").click().run()
    assert not at.exception, at.exception
    assert page_store.commitment(second)["review"] == "extracted"
    assert REVIEW_UI["undone_to_queue"] in [s.value for s in at.success]
    page_store.review(first, "rejected", by="boss")
    at.run()
    at.selectbox(key="rejected_pick").set_value(first).run()
    at.button(key="undo_to_confirmed").click().run()
    assert page_store.commitment(first)["review"] == "confirmed"
    log = page_store.audit_log(table="commitments")
    assert (log["note"] == UNDO_REJECTION).sum() == 2


@pytest.mark.parametrize("name", ["wang", "li"])
def test_staff_and_viewers_do_not_get_the_page(page_store, name):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["session"] = page_store.start_session(name)
    at.run()
    assert not at.exception, at.exception
    with pytest.raises(ValueError):  # 审核 is not among their pages (and the store refuses them anyway)
        at.switch_page(str(ROOT / "app" / "pages" / "review.py"))
