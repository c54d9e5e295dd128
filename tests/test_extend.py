"""Extensions (延期申请), instructions (批示), reminders (催办) and the digest: the store's rules (issue 11).

Every write here is timed by a frozen clock (the store's `clock=`), and every status is read with
an explicit `as_of`, so no test depends on the day it runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import add_people

from tracker.labels import NO_UNIT
from tracker.store import InvalidInput, NotFound, PermissionDenied, Store


class Clock:
    """Now, as the test sets it."""

    def __init__(self, at: str = "2020-01-05T09:00:00"):
        self.now = datetime.fromisoformat(at)

    def __call__(self) -> datetime:
        return self.now

    def set(self, at: str) -> None:
        self.now = datetime.fromisoformat(at)


pytestmark = pytest.mark.both_backends  # the store rules hold on a file and on PostgreSQL (conftest)

@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def s(database, clock):
    """The three people of conftest and four commitments of two units, timed by `clock`."""
    store = Store(database, clock=clock)
    add_people(store)
    store.blocks = store.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2019-12-31",
                                        deadline_text="全年", units=["区城建局"])
    store.roads = store.add_commitment("boss", task="严管示范路整治", target_value=4, unit="条", deadline="2020-01-20",
                                       units=["区城管局"])
    store.parks = store.add_commitment("boss", task="口袋公园", target_value=10, unit="个", deadline="2020-03-31",
                                       units=["区城建局", "区园林局"])
    store.undated = store.add_commitment("boss", task="生态园林城市创建", units=["区园林局"])
    store.add_progress(store.blocks, 350, by="wang", as_of="2019-12-20")
    yield store
    store.close()


def actions(s: Store) -> list[str]:
    return list(s.audit_log()["action"])


# --- extensions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("by", "allowed"), [("wang", True), ("boss", True), ("li", False), ("nobody", False)])
def test_staff_and_managers_may_request_an_extension(s, by, allowed):
    if allowed:
        ext = s.request_extension(s.blocks, "2020-06-30", "汛期停工两个月", by=by)
        assert s.extensions(s.blocks)["id"].tolist() == [ext]
    else:
        with pytest.raises(PermissionDenied):
            s.request_extension(s.blocks, "2020-06-30", "汛期停工两个月", by=by)
        assert s.extensions(s.blocks).empty


@pytest.mark.parametrize(("by", "allowed"), [("boss", True), ("wang", False), ("li", False), ("nobody", False)])
def test_only_a_manager_decides_an_extension(s, by, allowed):
    ext = s.request_extension(s.blocks, "2020-06-30", "汛期停工两个月", by="wang")
    if allowed:
        s.decide_extension(ext, True, by=by)
        assert s.extensions(s.blocks)["status"].tolist() == ["approved"]
    else:
        with pytest.raises(PermissionDenied):
            s.decide_extension(ext, True, by=by)
        assert s.extensions(s.blocks)["status"].tolist() == ["requested"]


def test_an_approved_extension_moves_the_deadline_from_the_day_of_approval(s, clock):
    ext = s.request_extension(s.blocks, "2020-06-30", "汛期停工两个月", by="wang")  # on 2020-01-05
    assert s.commitment(s.blocks, as_of="2020-01-10")["status"] == "overdue"  # a request changes nothing
    clock.set("2020-01-15T16:30:00")
    s.decide_extension(ext, True, by="boss", note="同意")
    before = s.commitment(s.blocks, as_of="2020-01-14")
    assert (before["status"], before["deadline"]) == ("overdue", "2019-12-31")
    on_the_day = s.commitment(s.blocks, as_of="2020-01-15")
    assert (on_the_day["status"], on_the_day["deadline"]) == ("on_track", "2020-06-30")
    after = s.commitment(s.blocks, as_of="2020-02-01")
    assert after["status"] == "on_track"
    assert (after["original_deadline"], after["deadline_text"]) == ("2019-12-31", "全年")  # as read, beside it
    view = s.commitments(as_of="2020-02-01").set_index("id")
    assert view.loc[s.blocks, "deadline"] == "2020-06-30" and view.loc[s.roads, "deadline"] == "2020-01-20"
    assert view.loc[s.roads, "original_deadline"] == "2020-01-20"
    assert {"request_extension", "approve_extension", "extend"} <= set(actions(s))
    # the commitment's own history says its deadline moved
    moved = s.audit_log("commitments", s.blocks).iloc[0]
    assert (moved["action"], moved["field"], moved["old"], moved["new"]) == ("extend", "deadline", "2019-12-31",
                                                                            "2020-06-30")


def test_a_refused_extension_changes_nothing_and_says_why(s, clock):
    ext = s.request_extension(s.blocks, "2020-06-30", "汛期停工两个月", by="wang")
    with pytest.raises(InvalidInput, match="理由"):
        s.decide_extension(ext, False, by="boss")
    clock.set("2020-01-15T10:00:00")
    s.decide_extension(ext, False, by="boss", note="理由不充分, 请倒排工期")
    row = s.commitment(s.blocks, as_of="2020-02-01")
    assert (row["status"], row["deadline"], row["original_deadline"]) == ("overdue", "2019-12-31", "2019-12-31")
    got = s.extensions(s.blocks).iloc[0]
    assert (got["status"], got["decided_by"], got["decision_note"]) == ("refused", "boss", "理由不充分, 请倒排工期")
    assert got["decided_at"].startswith("2020-01-15")
    with pytest.raises(InvalidInput, match="已审批"):
        s.decide_extension(ext, True, by="boss")
    assert "refuse_extension" in actions(s) and "extend" not in actions(s)


def test_the_newest_approval_is_the_deadline_in_force(s, clock):
    first = s.request_extension(s.blocks, "2020-03-31", "材料未到", by="wang")
    clock.set("2020-01-10T09:00:00")
    s.decide_extension(first, True, by="boss")
    with pytest.raises(InvalidInput, match="须晚于现行期限 2020-03-31"):
        s.request_extension(s.blocks, "2020-03-01", "再延一月", by="wang")
    clock.set("2020-03-20T09:00:00")
    second = s.request_extension(s.blocks, "2020-05-31", "施工队伍不足", by="wang")
    clock.set("2020-03-25T09:00:00")
    s.decide_extension(second, True, by="boss")
    assert s.commitment(s.blocks, as_of="2020-03-24")["deadline"] == "2020-03-31"
    assert s.commitment(s.blocks, as_of="2020-03-25")["deadline"] == "2020-05-31"
    assert s.commitment(s.blocks, as_of="2020-01-09")["deadline"] == "2019-12-31"
    assert s.extensions(s.blocks)["id"].tolist() == [second, first]  # newest first


@pytest.mark.parametrize(("which", "to", "reason", "error", "message"), [
    ("blocks", "2020-06-30", "  ", InvalidInput, "延期理由不能为空"),
    ("blocks", "2020-06-30", "长" * 2001, InvalidInput, "不能超过 2000 字"),
    ("blocks", "2019-12-31", "原期限", InvalidInput, "须晚于现行期限 2019-12-31"),
    ("blocks", "2020-6-30", "格式", InvalidInput, "不是有效日期"),
    ("blocks", None, "没有日期", InvalidInput, "请填写申请延至的日期"),
    ("undated", "2020-06-30", "没有期限", InvalidInput, "没有截止日期"),
    (999, "2020-06-30", "没有这条", NotFound, "999"),
])
def test_a_request_is_refused_with_a_reason(s, which, to, reason, error, message):
    cid = getattr(s, which) if isinstance(which, str) else which
    with pytest.raises(error, match=message):
        s.request_extension(cid, to, reason, by="wang")
    assert s.extensions().empty


def test_one_waiting_request_at_a_time_and_none_for_done_or_rejected_commitments(s):
    s.request_extension(s.blocks, "2020-06-30", "汛期停工", by="wang")
    with pytest.raises(InvalidInput, match="待审批"):
        s.request_extension(s.blocks, "2020-07-31", "再加一月", by="boss")
    s.review(s.roads, "rejected", by="boss")
    with pytest.raises(InvalidInput, match="已驳回"):
        s.request_extension(s.roads, "2020-06-30", "理由", by="wang")
    done = s.add_commitment("boss", task="创建文明城市", deadline="2020-06-30", units=["区城建局"])
    s.set_complete(done, by="wang", as_of="2020-01-02")
    with pytest.raises(InvalidInput, match="已完成"):
        s.request_extension(done, "2020-09-30", "理由", by="wang")
    reached = s.add_commitment("boss", task="新建公园", target_value=2, unit="个", deadline="2020-06-30", units=["区城建局"])
    s.add_progress(reached, 2, by="wang", as_of="2020-01-03")
    with pytest.raises(InvalidInput, match="已完成"):
        s.request_extension(reached, "2020-09-30", "理由", by="wang")
    with pytest.raises(NotFound):
        s.decide_extension(999, True, by="boss")


# --- instructions and reminders ------------------------------------------------------------------

@pytest.mark.parametrize("by", ["wang", "li", "nobody"])
def test_only_a_manager_instructs_and_reminds(s, by):
    with pytest.raises(PermissionDenied):
        s.instruct(s.blocks, "请加快进度", by=by)
    with pytest.raises(PermissionDenied):
        s.remind("区城管局", "请说明逾期原因", by=by)
    assert s.instructions_for("boss").empty


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda s: s.instruct(s.blocks, " ", by="boss"), InvalidInput, "批示内容不能为空"),
    (lambda s: s.instruct(999, "请加快", by="boss"), NotFound, "999"),
    (lambda s: s.remind("区水利局", "请加快", by="boss"), NotFound, "区水利局"),
    (lambda s: s.remind(" ", "请加快", by="boss"), InvalidInput, "责任单位"),
    (lambda s: s.remind("区城管局", "", by="boss"), InvalidInput, "催办内容不能为空"),
])
def test_an_instruction_or_reminder_is_refused_with_a_reason(s, call, error, message):
    with pytest.raises(error, match=message):
        call(s)


def test_staff_see_unread_first_and_mark_them_read(s, clock):
    first = s.instruct(s.blocks, "请月底前报送整改方案", by="boss")
    clock.set("2020-01-06T09:00:00")
    reminder = s.remind("区城管局", "逾期事项请本周内说明原因", by="boss")
    clock.set("2020-01-07T09:00:00")
    latest = s.instruct(s.parks, "注意选址征求群众意见", by="boss")
    mine = s.instructions_for("wang")
    assert mine["id"].tolist() == [latest, reminder, first] and not mine["read"].any()
    assert mine.set_index("id").loc[first, "task"] == "老旧小区改造"
    assert mine.set_index("id").loc[reminder, "unit"] == "区城管局"
    clock.set("2020-01-08T10:00:00")
    assert s.mark_read(reminder, by="wang") is True
    assert s.mark_read(reminder, by="wang") is False  # once is enough; the audit says it once
    mine = s.instructions_for("wang")
    assert mine["id"].tolist() == [latest, first, reminder]  # unread first, then newest first
    assert mine["read"].tolist() == [False, False, True]
    assert mine.set_index("id").loc[reminder, "read_at"] == "2020-01-08T10:00:00"
    assert s.instructions_for("boss")["read"].all()  # the writer never has to mark their own
    assert actions(s).count("read_instruction") == 1
    with pytest.raises(NotFound):
        s.mark_read(999, by="wang")
    with pytest.raises(PermissionDenied):
        s.mark_read(first, by="nobody")


def test_the_detail_lists_instructions_on_it_and_reminders_to_its_units_with_who_read_them(s, clock):
    on_blocks = s.instruct(s.blocks, "请加快进度", by="boss")
    s.instruct(s.roads, "另一条", by="boss")
    to_unit = s.remind("区城建局", "请抓紧", by="boss")
    s.remind("区城管局", "别的单位", by="boss")
    clock.set("2020-01-09T08:05:00")
    s.mark_read(on_blocks, by="wang")
    s.mark_read(on_blocks, by="li")
    shown = s.instructions_on(s.blocks)
    assert set(shown["id"]) == {on_blocks, to_unit}
    readers = shown.set_index("id")["readers"]
    assert readers[on_blocks] == "li 2020-01-09 08:05; wang 2020-01-09 08:05" and readers[to_unit] == ""
    assert {"instruct", "remind"} <= set(actions(s))


def test_a_reminder_stays_open_until_someone_of_the_unit_reads_it(s):
    to_roads = s.remind("区城管局", "请说明逾期原因", by="boss")
    to_parks = s.remind("区园林局", "请抓紧", by="boss")
    assert set(s.open_reminders()["id"]) == {to_roads, to_parks}
    s.mark_read(to_roads, by="boss")  # its writer (a manager) reading it again closes nothing
    assert s.open_reminders("区城管局")["id"].tolist() == [to_roads]
    s.mark_read(to_roads, by="wang")
    assert s.open_reminders("区城管局").empty
    assert s.open_reminders()["id"].tolist() == [to_parks]


# --- the digest ----------------------------------------------------------------------------------

def test_the_digest_lists_each_units_overdue_and_due_soon_commitments(s):
    s.instruct(s.blocks, "不算催办", by="boss")
    s.remind("区城管局", "请说明逾期原因", by="boss")
    d = s.digest(as_of="2020-03-10", days=30)
    assert (d["as_of"], d["days"]) == ("2020-03-10", 30)
    by_unit = {u["unit"]: u for u in d["units"]}
    assert [u["unit"] for u in d["units"]] == ["区城建局", "区城管局", "区园林局"]  # most overdue first
    assert [r["id"] for r in by_unit["区城建局"]["overdue"]] == [s.blocks]
    assert [r["id"] for r in by_unit["区城建局"]["due_soon"]] == [s.parks]  # 2020-03-31: 21 days
    assert by_unit["区城建局"]["due_soon"][0]["days_left"] == 21
    assert by_unit["区城管局"]["overdue"][0]["days_left"] == -50 and by_unit["区城管局"]["open_reminders"] == 1
    assert [r["id"] for r in by_unit["区园林局"]["due_soon"]] == [s.parks]  # one of two units: under both
    # ten days ahead: the park (21 days) is not due soon, so 区园林局 has nothing to hear
    assert [u["unit"] for u in s.digest(as_of="2020-03-10", days=10)["units"]] == ["区城建局", "区城管局"]
    only = s.digest(as_of="2020-03-10", days=30, unit="区城管局")["units"]
    assert [u["unit"] for u in only] == ["区城管局"]
    quiet = s.digest(as_of="2020-03-10", days=30, unit="区水利局")["units"]
    assert quiet == [{"unit": "区水利局", "overdue": [], "due_soon": [], "open_reminders": 0}]


def test_the_digest_follows_the_deadline_in_force_and_names_commitments_of_no_unit(s, clock):
    ext = s.request_extension(s.blocks, "2020-03-20", "材料未到", by="wang")
    clock.set("2020-01-06T09:00:00")
    s.decide_extension(ext, True, by="boss")
    loose = s.add_commitment("boss", task="无单位的任务", target_value=1, unit="项", deadline="2020-03-15")
    d = {u["unit"]: u for u in s.digest(as_of="2020-03-10", days=30)["units"]}
    blocks = d["区城建局"]["due_soon"][0]
    assert (blocks["id"], blocks["deadline"], blocks["original_deadline"]) == (s.blocks, "2020-03-20", "2019-12-31")
    assert d["区城建局"]["overdue"] == []
    assert [r["id"] for r in d[NO_UNIT]["due_soon"]] == [loose]
    with pytest.raises(InvalidInput):
        s.digest(as_of="2020-03-10", days=-1)


def test_a_demo_article_with_an_extension_or_instruction_is_kept(tmp_path, clock):
    store = Store(tmp_path / "demo.db", clock=clock)
    add_people(store)
    for i, source in enumerate(("seeds/a.txt", "seeds/b.txt")):
        store.save_article({"text": f"第{i}篇。确保全年完成366个老旧小区改造任务。", "source": source, "date": "2019-04-26",
                            "records": [{"task": f"任务{i}", "target_value": 10, "unit": "个", "deadline": "2019-12-31",
                                         "units": ["区城建局"]}]})
    first, _ = store.commitments(include_rejected=True)["id"].tolist()
    store.instruct(first, "请加快", by="boss")
    assert store.remove_demo(by="boss") == {"removed": 1, "kept": 1}
    store.close()


def test_times_come_from_the_stores_clock(s, clock):
    clock.now = clock.now + timedelta(days=3)
    ext = s.request_extension(s.blocks, "2020-06-30", "理由", by="wang")
    assert s.extensions(s.blocks).set_index("id").loc[ext, "requested_at"] == "2020-01-08T09:00:00"


# --- with people in units ------------------------------------------------------------------------

def test_staff_of_another_unit_neither_extend_nor_see_a_units_instructions(s):
    s.set_user_units("wang", ["区城管局"], by="boss")
    with pytest.raises(PermissionDenied, match="责任单位"):
        s.request_extension(s.blocks, "2020-06-30", "不是我的单位", by="wang")
    s.request_extension(s.roads, "2020-06-30", "我的单位", by="wang")
    on_blocks = s.instruct(s.blocks, "城建局的事", by="boss")
    to_roads = s.remind("区城管局", "城管局的事", by="boss")
    s.remind("区城建局", "城建局的事", by="boss")
    assert s.instructions_for("wang")["id"].tolist() == [to_roads]
    with pytest.raises(PermissionDenied):
        s.mark_read(on_blocks, by="wang")
    assert len(s.instructions_for("boss")) == 3  # a manager of no unit sees every unit's


def test_only_someone_of_the_unit_closes_a_reminder(s):
    s.set_user_units("wang", ["区城建局"], by="boss")
    s.set_user_units("li", ["区城管局"], by="boss")
    to_roads = s.remind("区城管局", "请说明逾期原因", by="boss")
    assert s.mark_read(to_roads, by="li")
    assert s.open_reminders("区城管局").empty
    to_blocks = s.remind("区城建局", "请抓紧", by="boss")
    s.mark_read(to_blocks, by="boss")
    assert s.open_reminders("区城建局")["id"].tolist() == [to_blocks]


def test_the_ranking_and_the_report_count_each_units_open_reminders(s):
    from tracker import report

    s.remind("区城管局", "请说明逾期原因", by="boss")
    read = s.remind("区城建局", "请抓紧", by="boss")
    s.set_user_units("wang", ["区城建局"], by="boss")
    s.mark_read(read, by="wang")
    _, data = report.build(s, "month", "2020-03-10")
    counts = data.ranking.set_index("unit")["open_reminders"]
    assert (counts["区城管局"], counts["区城建局"]) == (1, 0)


# ---- where extensions meet sign-off, units and demo data -------------------------------------


def test_a_sign_off_judges_lateness_by_the_deadline_in_force(s, clock):
    """Due 2020-01-10, moved to 2020-03-31 by an approved request, finished 2020-02-01: 按期完成, in the audit too."""
    clock.set("2020-01-05T09:00:00")
    s.decide_extension(s.request_extension(s.roads, "2020-03-31", "汛期停工", by="wang"), True, by="boss")
    clock.set("2020-02-01T09:00:00")
    s.add_progress(s.roads, 4, by="wang", as_of="2020-02-01")
    assert s.signoff(s.roads, by="boss") == "done"
    assert s.commitment(s.roads)["status"] == "done"
    assert s.audit_log().iloc[0]["new"] == "done"


def test_an_extension_cannot_be_approved_once_the_work_is_finished(s, clock):
    """Approving after a late finish would rewrite 逾期完成 as 按期完成: refused, and the request can still be refused."""
    clock.set("2020-01-05T09:00:00")
    ext = s.request_extension(s.roads, "2020-03-31", "汛期停工", by="wang")
    clock.set("2020-02-01T09:00:00")
    s.add_progress(s.roads, 4, by="wang", as_of="2020-02-01")
    s.signoff(s.roads, by="boss")
    clock.set("2020-02-05T09:00:00")
    with pytest.raises(InvalidInput):
        s.decide_extension(ext, True, by="boss")
    assert s.commitment(s.roads)["status"] == "done_late"
    s.decide_extension(ext, False, by="boss", note="已逾期完成")
    assert s.extensions(s.roads)["status"].tolist() == ["refused"]


def test_a_raised_target_takes_the_sign_off_back(s, clock):
    """10 of 10 signed off; the manager raises the target to 20: not finished any more, and 20 reported late waits for sign-off."""
    clock.set("2020-01-15T09:00:00")
    s.add_progress(s.roads, 4, by="wang", as_of="2020-01-15")
    s.signoff(s.roads, by="boss")
    s.update_commitment(s.roads, "boss", target_value=8)
    assert s.commitment(s.roads, as_of="2020-01-15")["status"] in ("on_track", "at_risk")
    clock.set("2020-01-25T09:00:00")
    s.add_progress(s.roads, 8, by="wang", as_of="2020-01-25")
    assert s.commitment(s.roads, as_of="2020-01-25")["status"] == "pending_signoff"
    assert s.signoff(s.roads, by="boss") == "done_late"


def test_the_digest_counts_from_the_store_clock(s, clock):
    clock.set("2020-01-15T09:00:00")
    assert s.digest()["as_of"] == "2020-01-15"


@pytest.mark.parametrize("track", ["evidence", "mark_complete"])
def test_a_demo_article_with_evidence_or_a_completion_is_kept(tmp_path, clock, track):
    """Evidence or a completion mark (no progress update) also make a demo commitment real work: kept, not a
    foreign-key error halfway through removing it."""
    store = Store(tmp_path / "demo.db", clock=clock)
    add_people(store)
    for i, source in enumerate(("seeds/a.txt", "seeds/b.txt")):
        store.save_article({"text": f"第{i}篇。年内完成生态园林城市创建。", "source": source, "date": "2019-04-26",
                            "records": [{"task": f"任务{i}", "deadline": "2019-12-31", "units": ["区城建局"]}]})
    first, _ = store.commitments(include_rejected=True)["id"].tolist()
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    if track == "evidence":
        store.add_evidence("验收单.pdf", pdf, by="wang", commitment_id=first)
    else:
        store.set_complete(first, by="wang", as_of="2019-12-01")
    assert store.remove_demo(by="boss") == {"removed": 1, "kept": 1}
    assert store.commitments(include_rejected=True)["id"].tolist() == [first]
    store.close()
