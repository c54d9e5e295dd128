"""The store: articles once each, the commitment view, progress, roles, users, audit, backup, two writers."""

from __future__ import annotations

import hashlib
import math
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

import tracker.extract
from tracker import ingest
from tracker.areas import FALLBACK, LEXICON, area_keywords, areas, assign_area
from tracker.config import SignInSettings
from tracker.extract.records import Commitment, Extraction, Official
from tracker.store import (
    VIEW_COLUMNS,
    InvalidInput,
    NotFound,
    PermissionDenied,
    SignInLocked,
    Store,
    StoreError,
    common_passwords,
    content_hash,
    normalise_text,
    password_problem,
)

pytestmark = pytest.mark.both_backends  # each test with `store` runs on a file and on PostgreSQL (conftest)

ROOT = Path(__file__).resolve().parent.parent
TEXT = "管城区召开老旧片区整治提升工作推进会。会议要求,老旧片区整治提升工作要确保全年完成366个老旧小区改造任务。"


@pytest.fixture
def commitment(store):
    """A known commitment typed in by the manager: 366 old blocks by the end of 2019."""
    return store.add_commitment(
        "boss", task="老旧小区改造", target_value=366, unit="个", deadline="2019-12-31",
        officials=[{"name": "张艳敏", "title": "区长"}], units=["区城建局"],
    )


def _count(store, table) -> int:
    return store.db.execute(f"SELECT count(*) FROM {table}").scalar()


def _driver_integrity_errors() -> tuple[type, ...]:
    """What the database itself raises when a trigger refuses a change: sqlite3's or psycopg's IntegrityError."""
    import psycopg

    return (sqlite3.IntegrityError, psycopg.IntegrityError)


def _fake_extract(records):
    def extract_document(text, source="", ref_date=None):
        return Extraction(records=tuple(records))

    return extract_document


# ---- articles ------------------------------------------------------------------------------


def test_utf8_and_gb18030_copies_are_one_article(tmp_path, store):
    utf8 = tmp_path / "一.txt"
    gbk = tmp_path / "copy-2019-04-26.txt"
    utf8.write_text(TEXT, encoding="utf-8")
    gbk.write_bytes(("\n  " + TEXT.replace("。", "。\r\n") + "\n").encode("gb18030"))
    assert utf8.read_bytes() != gbk.read_bytes()
    first = ingest.ingest_file(store, utf8)
    second = ingest.ingest_file(store, gbk)
    assert first["new"] is True
    assert second == {"article_id": first["article_id"], "new": False, "commitments": first["commitments"]}
    assert _count(store, "articles") == 1


def test_normalised_hash_ignores_bom_whitespace_and_width():
    assert normalise_text("\ufeff完成 ３６６ 个\n") == "完成366个"
    assert content_hash("完成366个") == content_hash("\ufeff完成 ３６６\t个")
    assert content_hash("完成366个") != content_hash("完成367个")


def test_ingest_stores_the_records_of_the_parser(store, monkeypatch):
    records = [
        Commitment(
            source="a.txt", article_title="管城区推进会", article_date="2019-04-26", sentence="确保全年完成366个老旧小区改造任务",
            target_value=366, unit="个", task="老旧小区改造", deadline="2019-12-31", deadline_text="全年",
            officials=(Official("张艳敏", "区长"),), units=("区城建局", "住房保障中心"), start=30, end=46,
        ),
        Commitment(  # from the second report on the same page
            source="a.txt", article_title="交通整治讲评会", article_date="2019-04-27", sentence="4条严管示范路",
            target_value=4, unit="条", task="严管示范路", deadline=None, deadline_text=None,
        ),
    ]
    monkeypatch.setattr(tracker.extract, "extract_document", _fake_extract(records))
    result = ingest.ingest_text(store, TEXT, source="a.txt", ref_date="2019-04-26")
    assert result["new"] and result["commitments"] == 2
    article = store.article(result["article_id"])
    assert article["title"] == "管城区推进会" and article["date"] == "2019-04-26" and article["text"] == TEXT
    df = store.commitments(as_of="2019-05-01")
    assert list(df["task"]) == ["老旧小区改造", "严管示范路"]
    first = df.iloc[0]
    assert first["officials"] == [{"name": "张艳敏", "title": "区长"}]
    assert first["units"] == ["区城建局", "住房保障中心"]
    assert (first["start"], first["end"]) == (30, 46)
    assert first["source"] == "a.txt" and first["article_date"] == "2019-04-26"
    assert list(df["article_title"]) == ["管城区推进会", "交通整治讲评会"]
    assert list(df["article_date"]) == ["2019-04-26", "2019-04-27"]
    assert list(df["work_area"]) == ["城市建设", "交通"]
    assert list(df["review"]) == ["extracted", "extracted"]
    assert list(df["status"]) == ["on_track", "no_deadline"]
    # the same text again adds nothing, and says how many it already had
    again = ingest.read_text(TEXT + "\n", source="b.txt")
    assert store.save_article(again) == {"article_id": result["article_id"], "new": False, "commitments": 2}
    assert _count(store, "commitments") == 2


def test_ingest_title_falls_back_to_heading_then_file_name(store, monkeypatch):
    monkeypatch.setattr(tracker.extract, "extract_document", _fake_extract([]))
    a = ingest.ingest_text(store, "# 市领导调研社区治理\n\n正文。", source="x/news.txt")
    b = ingest.ingest_text(store, "没有标题的正文。", source="x/report-7.txt")
    assert store.article(a["article_id"])["title"] == "市领导调研社区治理"
    assert store.article(b["article_id"])["title"] == "report-7"


def test_ingest_refuses_empty_text_and_keeps_nothing_when_the_parser_fails(store, monkeypatch):
    with pytest.raises(InvalidInput):
        ingest.ingest_text(store, " \ufeff\n", source="empty.txt")

    def broken(text, source="", ref_date=None):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(tracker.extract, "extract_document", broken)
    with pytest.raises(ingest.ParseError, match="parser bug"):
        ingest.ingest_text(store, TEXT, source="a.txt")
    assert _count(store, "articles") == 0
    with pytest.raises(ingest.ParseError, match="26/04/2019"):
        ingest.ingest_text(store, TEXT, source="a.txt", ref_date="26/04/2019")


def test_seeds_are_ingested_once_on_a_new_database(tmp_path):
    path = tmp_path / "seeded.db"
    with ingest.open_store(path) as s:
        titles = list(s.articles()["title"])
        assert len(titles) == len(list((ROOT / "seeds").glob("*.txt"))) >= 1
        assert titles[0].replace(" ", "") == "市领导调研城乡社区发展治理工作不断创新社区发展治理新模式"  # the first of four
        assert s.articles()["source"][0].startswith("seeds/")
        for table in ("proposed_progress", "candidates", "commitments", "articles"):  # children first
            s.db.conn.execute(f"DELETE FROM {table}")
        s.db.conn.commit()
    with ingest.open_store(path) as s:
        assert len(s.articles()) == 0  # deleting everything later does not re-seed


def test_ref_date_from_file_name():
    assert ingest.ref_date_from_name("seeds/zhengzhou-daily-2019-04-guancheng.txt") == "2019-04-01"
    assert ingest.ref_date_from_name("report-2021-06-30.docx") == "2021-06-30"
    assert ingest.ref_date_from_name("2019-13-report.txt") is None
    assert ingest.ref_date_from_name("report.txt") is None


# ---- the commitment view and progress --------------------------------------------------------


def test_view_columns_and_types(store, commitment):
    df = store.commitments(as_of="2019-06-30")
    assert tuple(df.columns) == VIEW_COLUMNS
    row = store.commitment(commitment, as_of="2019-06-30")
    assert row["id"] == commitment and row["review"] == "manual"
    assert row["progress"] is None and row["share"] == 0.0 and row["completed"] is False
    assert row["article_id"] is None and row["deadline"] == "2019-12-31" and row["target_value"] == 366
    assert store.commitments(as_of="2019-06-30", include_rejected=True).shape == (1, len(VIEW_COLUMNS))


def test_latest_progress_counts_and_a_correction_wins(store, commitment):
    store.add_progress(commitment, 100, by="wang", as_of="2019-05-31")
    store.add_progress(commitment, 200, by="wang", as_of="2019-06-30")
    store.add_progress(commitment, 190, by="boss", as_of="2019-06-30", note="更正: 重复计数")
    store.add_progress(commitment, 366, by="wang", as_of="2019-12-01")
    row = store.commitment(commitment, as_of="2019-07-01")
    assert row["progress"] == 190 and row["progress_as_of"] == "2019-06-30"
    assert row["share"] == pytest.approx(190 / 366 * 100)
    assert store.commitment(commitment, as_of="2019-06-01")["progress"] == 100
    assert store.commitment(commitment, as_of="2019-05-30")["progress"] is None
    assert store.commitment(commitment, as_of="2019-12-02")["status"] == "pending_signoff"  # staff's: waits
    history = store.progress_history(commitment)
    assert list(history["value"]) == [100, 200, 190, 366]
    assert list(history.columns) == ["id", "commitment_id", "value", "as_of", "note", "by", "created_at", "returned",
                                     "returned_reason"]
    assert not history["returned"].any()  # no return: every figure counts
    assert history["note"][2] == "更正: 重复计数" and history["by"][2] == "boss"


def test_a_back_dated_update_does_not_hide_the_newest(store, commitment):
    store.add_progress(commitment, 300, by="wang", as_of="2019-10-01")
    store.add_progress(commitment, 50, by="wang", as_of="2019-03-01")  # entered late, dated early
    assert store.commitment(commitment)["progress"] == 300
    assert store.commitment(commitment, as_of="2019-05-01")["progress"] == 50


def test_progress_updates_and_the_audit_log_are_append_only(store, commitment):
    store.add_progress(commitment, 10, by="wang")
    refused = ["UPDATE progress_updates SET value = 99", "DELETE FROM progress_updates",
               """UPDATE audit_log SET "by" = 'x'""", "DELETE FROM audit_log"]
    if store.is_postgresql:  # TRUNCATE skips row triggers there: a statement trigger refuses it
        refused += ["TRUNCATE progress_updates CASCADE", "TRUNCATE audit_log"]
    for sql in refused:
        with pytest.raises(_driver_integrity_errors(), match="append-only"):
            store.db.execute(sql)
    assert store.progress_history(commitment)["value"].tolist() == [10]


@pytest.mark.parametrize("bad", [-1, "-0.5", float("nan"), float("inf"), "abc", "", None, True, [3]])
def test_add_progress_refuses_values_that_are_not_figures(store, commitment, bad):
    before = (_count(store, "progress_updates"), _count(store, "audit_log"))
    with pytest.raises(InvalidInput):
        store.add_progress(commitment, bad, by="wang")
    assert (_count(store, "progress_updates"), _count(store, "audit_log")) == before


def test_add_progress_refuses_unknown_ids_bad_dates_and_rejected_commitments(store, commitment):
    with pytest.raises(NotFound):
        store.add_progress(9999, 1, by="wang")
    with pytest.raises(InvalidInput):
        store.add_progress(commitment, 1, by="wang", as_of="2019/06/30")
    with pytest.raises(InvalidInput):
        store.add_progress(commitment, 1, by="wang", as_of="2019-02-30")
    store.review(commitment, "rejected", by="boss")
    with pytest.raises(InvalidInput):
        store.add_progress(commitment, 1, by="wang")
    assert _count(store, "progress_updates") == 0


def test_progress_accepts_numeric_strings_and_defaults_to_today(store, commitment):
    store.clock = lambda: datetime(2026, 3, 2, 23, 59)  # today is the store's clock's, frozen here
    pid = store.add_progress(commitment, " 12.5 ", by="wang")
    row = store.progress_history(commitment).iloc[0]
    assert row["id"] == pid and row["value"] == 12.5 and row["as_of"] == "2026-03-02"
    assert store.commitment(commitment)["progress_as_of"] == "2026-03-02"  # the view's default day: the same today


@pytest.mark.parametrize(("typed", "stored"), [("1.5万", 15000), ("2,000", 2000), ("１．５万", 15000), ("0.07亿", 7_000_000)])
def test_progress_reads_figures_as_offices_write_them(store, commitment, typed, stored):
    store.add_progress(commitment, typed, by="wang", as_of="2019-06-30")
    assert store.progress_history(commitment)["value"].tolist() == [stored]


def test_progress_and_completion_dated_after_today_are_refused(store, commitment):
    from datetime import date

    store.clock = lambda: datetime(2026, 3, 2, 23, 59)
    tomorrow = "2026-03-03"
    plain = store.add_commitment("boss", task="生态园林城市创建")
    before = (_count(store, "progress_updates"), _count(store, "audit_log"))
    with pytest.raises(InvalidInput, match="晚于今天"):
        store.add_progress(commitment, 10, by="wang", as_of=tomorrow)
    with pytest.raises(InvalidInput, match="晚于今天"):
        store.set_complete(plain, by="wang", as_of=tomorrow)
    assert (_count(store, "progress_updates"), _count(store, "audit_log")) == before
    assert store.commitment(plain)["completed"] is False
    store.add_progress(commitment, 10, by="wang", as_of=date(2026, 3, 2))  # today itself is fine


def test_a_commitment_without_a_number_is_marked_complete_and_one_with_a_number_is_counted(store, commitment):
    plain = store.add_commitment("boss", task="生态园林城市创建", deadline="2019-06-30")
    before = (_count(store, "progress_updates"), _count(store, "audit_log"))
    with pytest.raises(InvalidInput, match="没有数值目标.*标记为已完成"):
        store.add_progress(plain, 1, by="wang")
    with pytest.raises(InvalidInput, match="有数值目标 366个.*填报"):
        store.set_complete(commitment, by="wang")
    assert (_count(store, "progress_updates"), _count(store, "audit_log")) == before
    assert store.set_complete(plain, by="wang", as_of="2019-06-10") is True
    assert store.set_complete(plain, by="wang") is False  # already marked: nothing written twice
    assert _count(store, "audit_log") == before[1] + 1
    # A number added after the mark: the mark may still be undone, and figures now count.
    store.update_commitment(plain, by="boss", target_value=3, unit="项")
    assert store.set_complete(plain, by="boss", complete=False) is True
    store.add_progress(plain, 3, by="wang", as_of="2019-06-20")
    assert store.commitment(plain, as_of="2019-06-21")["status"] == "pending_signoff"


def test_rejected_commitments_leave_the_view(store, commitment):
    other = store.add_commitment("boss", task="严管示范路", target_value=4, unit="条")
    store.review(other, "rejected", by="boss")
    assert list(store.commitments()["id"]) == [commitment]
    full = store.commitments(include_rejected=True).set_index("id")
    assert full.loc[other, "status"] is None and full.loc[commitment, "status"] is not None
    assert store.commitment(other)["status"] is None


def test_set_complete_for_a_commitment_with_no_number(store):
    cid = store.add_commitment("boss", task="生态园林城市创建", deadline="2019-06-30", deadline_text="6月底前")
    assert store.commitment(cid, as_of="2019-06-01")["status"] != "done"
    store.set_complete(cid, by="wang", note="已通过验收", as_of="2019-06-10")
    assert store.commitment(cid, as_of="2019-06-20")["status"] == "pending_signoff"
    assert store.commitment(cid, as_of="2019-06-20")["share"] == 100.0
    assert store.commitment(cid, as_of="2019-06-05")["completed"] is False  # not yet complete that day
    store.set_complete(cid, by="boss", complete=False, note="验收未通过")
    assert store.commitment(cid, as_of="2019-07-01")["status"] == "overdue"
    log = store.audit_log(table="commitments", row_id=cid)
    assert list(log["action"][:2]) == ["reopen", "complete"]  # never signed off: nothing to void
    assert log["note"][1] == "已通过验收" and log["new"][1] == "2019-06-10"


# ---- roles -----------------------------------------------------------------------------------


def _writes(store, cid):
    return {
        "add_progress": lambda by: store.add_progress(cid, 1, by=by),
        "set_complete": lambda by: store.set_complete(cid, by=by),
        "review": lambda by: store.review(cid, "confirmed", by=by),
        "update_commitment": lambda by: store.update_commitment(cid, by=by, task="改"),
        "add_commitment": lambda by: store.add_commitment(by, task="新任务"),
        "add_user": lambda by: store.add_user("new", "staff", "new-staff-pw", by=by),
        "set_role": lambda by: store.set_role("wang", "manager", by=by),
        "reset_password": lambda by: store.reset_password("boss", "boss-new-secret", by=by),
        "save_article": lambda by: store.save_article(ingest.read_text("另一篇文章。", source="c.txt"), by=by),
    }


@pytest.mark.parametrize("write", list(_writes(None, 1)))
def test_a_viewer_and_an_unknown_user_may_not_write(store, commitment, write):
    before = {t: _count(store, t) for t in ("progress_updates", "commitments", "users", "audit_log", "articles")}
    for by in ("li", "nobody", ""):
        with pytest.raises(PermissionDenied, match="权限不足"):
            _writes(store, commitment)[write](by)
    assert {t: _count(store, t) for t in before} == before


@pytest.mark.parametrize("write", ["review", "update_commitment", "add_commitment", "add_user", "set_role", "reset_password", "save_article"])
def test_staff_may_not_manage(store, commitment, write):
    with pytest.raises(PermissionDenied):
        _writes(store, commitment)[write]("wang")


def test_staff_record_progress_and_managers_do_everything(store, commitment):
    store.add_progress(commitment, 5, by="wang")
    store.set_complete(store.add_commitment("boss", task="生态园林城市创建"), by="wang")  # one with no number
    for write, fn in _writes(store, commitment).items():
        if write not in ("set_complete",):
            fn("boss")
    store.reset_password("wang", "from-boss-secret", by="boss")
    assert store.authenticate("wang", "from-boss-secret")["role"] == "manager"  # set_role above made wang a manager
    store.reset_password("li", "own-new-secret", by="li")  # anyone, even a viewer, may change their own
    assert store.authenticate("li", "own-new-secret") == {"name": "li", "role": "viewer"}


# ---- users -----------------------------------------------------------------------------------


def test_users_and_passwords(tmp_path):
    with Store(tmp_path / "u.db") as s:
        assert not s.has_users()
        s.add_user(" zhang ", "manager", "秘密 pw 长长的口令")
        assert s.has_users()
        with pytest.raises(PermissionDenied):
            s.add_user("wang", "staff", "a-long-pw-1")  # no one signed in, and not the first user
        s.add_user("wang", "staff", "a-long-pw-1", trusted=True)  # the command line
        s.add_user("li", "staff", "a-long-pw-1", by="zhang")
        with pytest.raises(InvalidInput):
            s.add_user("wang", "viewer", "a-long-pw-1", by="zhang")
        with pytest.raises(InvalidInput):
            s.add_user("empty", "staff", "", by="zhang")
        with pytest.raises(InvalidInput):
            s.add_user("x", "boss", "a-long-pw-1", by="zhang")
        assert [u["name"] for u in s.users()] == ["li", "wang", "zhang"]
        assert set(s.users()[0]) == {"name", "role", "created_at", "disabled", "must_change_password"}
        assert s.authenticate("zhang", "秘密 pw 长长的口令") == {"name": "zhang", "role": "manager"}
        assert s.authenticate("zhang", "秘密") is None
        assert s.authenticate("nobody", "pw") is None
        hashes = [r[0] for r in s.db.conn.execute("SELECT password_hash FROM users WHERE name IN ('wang', 'li')")]
        assert all(h.startswith("scrypt$16384$8$1$") and "pw" not in h for h in hashes)
        assert hashes[0] != hashes[1]  # same password, different salt
        audit = s.audit_log(table="users")
        assert not audit.astype(str).apply(lambda col: col.str.contains("秘密")).any().any()


def test_checking_a_password_leaves_the_store_free_for_other_sessions(store, monkeypatch):
    """scrypt is slow on purpose; the dashboard's other threads must not wait on it."""
    import tracker.store as store_module

    real, free = store_module.verify_password, []

    def verify(password, stored):
        def try_lock():
            got = store._lock.acquire(blocking=False)
            if got:
                store._lock.release()
            free.append(got)

        other = threading.Thread(target=try_lock)
        other.start()
        other.join()
        return real(password, stored)

    monkeypatch.setattr(store_module, "verify_password", verify)
    assert store.authenticate("wang", "wang-secret-1") == {"name": "wang", "role": "staff"}
    assert store.authenticate("nobody", "pw") is None
    assert free == [True, True]


def test_the_last_manager_stays_a_manager(store):
    with pytest.raises(InvalidInput, match="最后一位管理人员"):
        store.set_role("boss", "staff", by="boss")
    store.set_role("wang", "manager", by="boss")
    store.set_role("boss", "staff", by="wang")
    assert {u["name"]: u["role"] for u in store.users()}["boss"] == "staff"


# ---- editing and the audit log ---------------------------------------------------------------


def test_update_commitment_is_audited_field_by_field(store, commitment):
    store.update_commitment(commitment, by="boss", target_value=400, deadline="2020-06-30", units=["区城建局", "各街道"], unit="个")
    log = store.audit_log(table="commitments", row_id=commitment)
    changes = {r.field: (r.old, r.new) for r in log.itertuples() if r.action == "update"}
    assert changes == {  # deadline_text is not touched: the article's words stay beside a date set by hand
        "target_value": ("366", "400"),
        "deadline": ("2019-12-31", "2020-06-30"),
        "units": ('["区城建局"]', '["区城建局", "各街道"]'),
    }  # unit did not change, so it is not logged
    assert set(log["by"]) == {"boss"}
    row = store.commitment(commitment)
    assert row["target_value"] == 400 and row["units"] == ["区城建局", "各街道"]
    store.update_commitment(commitment, by="boss", work_area="民生保障")
    assert store.commitment(commitment)["work_area"] == "民生保障"


def test_a_deadline_changed_by_hand_keeps_the_articles_words_beside_it(store):
    cid = store.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2019-12-31",
                               deadline_text="全年")
    store.update_commitment(cid, by="boss", deadline="2019-12-31", task="老旧小区改造")  # the same day: kept
    row = store.commitment(cid)
    assert (row["deadline_text"], row["deadline_by_hand"], row["deadline_read"]) == ("全年", False, "2019-12-31")
    store.update_commitment(cid, by="boss", deadline="2020-06-30")
    row = store.commitment(cid)
    assert (row["deadline"], row["deadline_text"], row["deadline_by_hand"], row["deadline_read"]) == (
        "2020-06-30", "全年", True, "2019-12-31")  # both visible: the date set by hand and the words read
    log = store.audit_log(table="commitments", row_id=cid)
    assert log.loc[log["field"] == "deadline", ["old", "new"]].values.tolist() == [["2019-12-31", "2020-06-30"]]
    assert "deadline_text" not in set(log["field"])
    store.update_commitment(cid, by="boss", deadline="2020-09-30", deadline_text="三季度末")  # words given: used
    assert store.commitment(cid)["deadline_text"] == "三季度末"
    store.update_commitment(cid, by="boss", deadline=None)
    row = store.commitment(cid)
    assert (row["deadline"], row["deadline_by_hand"], row["deadline_read"]) == (None, True, "2019-12-31")
    store.update_commitment(cid, by="boss", deadline="2019-12-31")  # back to the day read: no longer by hand
    assert store.commitment(cid)["deadline_by_hand"] is False


@pytest.mark.parametrize(
    "fields",
    [{"work_area": "外交"}, {"deadline": "明年"}, {"target_value": -3}, {"task": " "}, {"colour": "red"}, {"review": "maybe"}],
)
def test_update_commitment_refuses_bad_fields(store, commitment, fields):
    before = store.commitment(commitment)
    with pytest.raises(InvalidInput):
        store.update_commitment(commitment, by="boss", **fields)
    assert store.commitment(commitment) == before


def test_review_states(store, commitment):
    store.review(commitment, "confirmed", by="boss")
    assert store.commitment(commitment)["review"] == "confirmed"
    with pytest.raises(InvalidInput):
        store.review(commitment, "manual", by="boss")
    with pytest.raises(NotFound):
        store.review(424242, "confirmed", by="boss")
    entry = store.audit_log(table="commitments", row_id=commitment, limit=1).iloc[0]
    assert (entry["action"], entry["field"], entry["old"], entry["new"], entry["by"]) == ("review", "review", "manual", "confirmed", "boss")


def test_add_commitment_needs_a_task_and_a_real_article(store):
    with pytest.raises(InvalidInput):
        store.add_commitment("boss", target_value=3)
    with pytest.raises(NotFound):
        store.add_commitment("boss", task="x", article_id=77)
    cid = store.add_commitment("boss", task="新建学校", target_value="5", unit="所")
    row = store.commitment(cid)
    assert row["work_area"] == "教育" and row["target_value"] == 5 and row["review"] == "manual"


def test_not_found(store):
    for call in (lambda: store.commitment(5), lambda: store.article(5), lambda: store.progress_history(5)):
        with pytest.raises(NotFound):
            call()


# ---- work areas ------------------------------------------------------------------------------


def test_work_area_lexicon_is_clean():
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    assert areas() == [*[a for a in data if a != FALLBACK], FALLBACK]
    assert set(areas()) == {"城市建设", "生态环境", "交通", "安全生产", "民生保障", "经济发展", "党建", "教育", "卫生健康", "农业农村", "文化旅游", "其他"}
    words = [w for ws in area_keywords().values() for w in ws]
    assert all(w.strip() == w and w for w in words)
    assert len(words) == len(set(words)), [w for w in set(words) if words.count(w) > 1]
    assert area_keywords()[FALLBACK] == ()


@pytest.mark.parametrize(
    "task,sentence,area",
    [
        ("老旧小区改造", "确保全年完成366个老旧小区改造任务", "城市建设"),
        ("严管示范路", "交通秩序综合整治工作要聚焦重点区域,尤其是4条严管示范路", "交通"),
        ("地区生产总值增长", "力争全年地区生产总值增长7%左右", "经济发展"),
        ("安全隐患排查", "开展安全隐患排查300次", "安全生产"),
        ("", "", "其他"),
    ],
)
def test_assign_area(task, sentence, area):
    assert assign_area(task, sentence) == area


# ---- files, concurrency, backup ---------------------------------------------------------------


@pytest.mark.sqlite_only
def test_database_settings(store):
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_folder_is_not_a_database(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match="无法打开数据库"):
        Store(tmp_path / "dir.db")


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tracker.store import Store
    db, cid, who, n, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    store = Store(db)
    while not go.exists():
        time.sleep(0.005)
    for i in range(n):
        store.add_progress(cid, i, by=who, as_of="2019-06-01", note=f"{who} {i}")
    """
)


def _start_writers(db: Path, cid: int, who: list[str], n: int, go: Path) -> list[subprocess.Popen]:
    return [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(cid), name, str(n), str(go)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in who
    ]


def test_two_processes_write_progress_at_once(tmp_path, store, commitment):
    go = tmp_path / "go"
    writers = _start_writers(store.path, commitment, ["wang", "boss"], 200, go)
    go.touch()  # both start together
    results = [(w.wait(timeout=300), w.stderr.read()) for w in writers]
    assert results == [(0, ""), (0, "")]
    history = store.progress_history(commitment)
    assert len(history) == 400
    assert sorted(history["note"]) == sorted([f"wang {i}" for i in range(200)] + [f"boss {i}" for i in range(200)])
    assert len(store.audit_log(table="progress_updates")) == 400


@pytest.mark.sqlite_only
def test_backup_is_consistent_while_another_process_writes(tmp_path, store, commitment):
    go = tmp_path / "go"
    go.touch()
    writers = _start_writers(store.path, commitment, ["wang"], 300, go)
    copies = []
    while writers[0].poll() is None:
        dest = tmp_path / f"backup-{len(copies)}.db"
        store.backup(dest)
        copies.append(dest)
    assert writers[0].wait() == 0
    store.backup(tmp_path / "final.db")
    copies.append(tmp_path / "final.db")
    for dest in copies:
        conn = sqlite3.connect(dest)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        updates = conn.execute("SELECT count(*) FROM progress_updates").fetchone()[0]
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE table_name = 'progress_updates'").fetchone()[0]
        assert updates == audited  # each update and its audit row were copied together or not at all
        conn.close()
    with Store(copies[-1]) as copy:
        assert len(copy.progress_history(commitment)) == 300
    with pytest.raises(InvalidInput):
        store.backup(store.path)
    with pytest.raises(InvalidInput):
        store.backup(tmp_path / "no-such-dir" / "b.db")


def test_one_store_serves_several_threads(store, commitment):
    errors = []

    def work(i):
        try:
            for j in range(20):
                store.add_progress(commitment, j, by="wang", note=f"t{i}")
                store.commitments()
        except Exception as exc:  # noqa: BLE001 - any failure in a thread is reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.progress_history(commitment)) == 80


def test_plain_rows_have_no_nan(store, commitment):
    row = store.commitment(commitment)
    assert not any(isinstance(v, float) and math.isnan(v) for v in row.values())


# ---- sessions, lockout, password rules (issue 10) ----------------------------------------------


class Clock:
    """A frozen clock that tests move by hand: sessions and locks never read the real time."""

    def __init__(self, at: str = "2026-03-02T09:00:00"):
        self.now = datetime.fromisoformat(at)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def timed_store(path, clock, **settings) -> Store:
    """A store on `path` timed by `clock`, with no pause after a wrong password (counted, not waited)."""
    return Store(path, clock=clock, sign_in=SignInSettings(**{"delay_seconds": 0, **settings}))


def test_a_session_holds_while_used_and_ends_when_idle_or_signed_out(store, tmp_path):
    clock = Clock()
    s = timed_store(store.path, clock, idle_hours=8)
    token = s.start_session("wang")
    assert len(token) >= 40 and s.session(token) == {"name": "wang", "role": "staff", "must_change_password": False}
    stored = [tuple(r) for r in s.db.execute("SELECT token_hash, created_at, last_seen_at FROM sessions")]
    assert stored == [(stored[0][0], "2026-03-02T09:00:00", "2026-03-02T09:00:00")]
    assert token not in stored[0][0]  # only its hash is kept
    for _ in range(3):  # used every 7 hours: each use moves the idle time on
        clock.advance(hours=7)
        assert s.session(token)["name"] == "wang"
    assert s.db.execute("SELECT last_seen_at FROM sessions").scalar() == "2026-03-03T06:00:00"
    clock.advance(hours=8, seconds=1)
    assert s.session(token) is None
    assert s.db.execute("SELECT count(*) FROM sessions").scalar() == 0  # an expired one is deleted

    again = s.start_session("wang")
    other = s.start_session("wang")  # a second browser
    s.end_session(again)
    assert s.session(again) is None and s.session(other)["name"] == "wang"
    assert s.session("not-a-token") is None and s.session("") is None and s.session(None) is None
    with pytest.raises(PermissionDenied):
        s.start_session("nobody")
    s.close()


def test_a_session_reads_the_role_and_state_afresh(store):
    token = store.start_session("wang")
    store.set_role("wang", "viewer", by="boss")
    assert store.session(token)["role"] == "viewer"
    store.set_disabled("wang", True, by="boss")
    assert store.session(token) is None  # ended at once
    with pytest.raises(PermissionDenied, match="已停用"):
        store.authenticate("wang", "wang-secret-1")
    with pytest.raises(PermissionDenied, match="已停用"):
        store.add_progress(1, 5, by="wang")
    with pytest.raises(InvalidInput):
        store.set_disabled("boss", True, by="boss")  # not oneself (nor the last manager)
    store.set_disabled("wang", False, by="boss")
    assert store.authenticate("wang", "wang-secret-1") == {"name": "wang", "role": "viewer"}
    assert store.audit_log(table="users")["action"].tolist()[:3] == ["sign_in", "enable_user", "sign_in_refused"]


def test_five_wrong_passwords_lock_the_name_for_the_configured_time_across_stores(store):
    clock = Clock()
    first = timed_store(store.path, clock)
    waits = []
    first.sleep = waits.append
    for _ in range(4):
        assert first.authenticate("wang", "wrong-password") is None
    assert waits == [0, 0, 0, 0]  # a pause after each (0 here, by the settings)
    second = timed_store(store.path, clock)  # another process, or the server restarted
    with pytest.raises(SignInLocked, match="锁定"):
        second.authenticate("wang", "wrong-password")  # the fifth
    with pytest.raises(SignInLocked):
        first.authenticate("wang", "wang-secret-1")  # the right one is not even checked now
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(SignInLocked):
        second.authenticate("wang", "wang-secret-1")
    clock.advance(seconds=2)
    assert second.authenticate("wang", "wang-secret-1") == {"name": "wang", "role": "staff"}
    actions = store.audit_log(table="users")["action"].tolist()
    assert actions[:4] == ["sign_in", "sign_in_refused", "sign_in_refused", "sign_in_failed"]
    assert actions.count("sign_in_failed") == 5
    # a success clears the count: four more wrong ones do not lock
    for _ in range(4):
        assert second.authenticate("wang", "wrong-password") is None
    assert second.authenticate("wang", "wang-secret-1")["name"] == "wang"
    first.close()
    second.close()


def test_failures_wait_longer_each_time_and_unknown_names_lock_alike(store):
    clock = Clock()
    s = timed_store(store.path, clock, delay_seconds=0.5, max_failures=3, lock_minutes=1)
    waits = []
    s.sleep = waits.append
    assert s.authenticate("nobody", "x") is None and s.authenticate("nobody", "x") is None
    assert waits == [0.5, 1.0]
    with pytest.raises(SignInLocked):  # a lock says nothing about whether the name exists
        s.authenticate("nobody", "x")
    assert s.authenticate("boss", "boss-secret-1")["name"] == "boss"  # other names are not affected
    s.close()


@pytest.mark.parametrize(("password", "name", "problem"), [
    ("short-pw", "wang", "至少需要 10 个字符"),
    ("wangxiaoming", "WangXiaoMing", "不能与姓名相同"),
    ("1qaz2wsx3edc", "wang", "太常见"),
    ("Woaini1314", "wang", "太常见"),
    ("Password123", "wang", "太常见"),
    ("", "wang", "不能为空"),
])
def test_passwords_too_short_the_name_or_common_are_refused(store, password, name, problem):
    assert problem in password_problem(password, name)
    with pytest.raises(InvalidInput, match=problem):
        store.add_user(name, "staff", password, by="boss")
    if name == "wang":  # the same rules for a reset
        with pytest.raises(InvalidInput, match=problem):
            store.reset_password("wang", password, by="boss")
    assert password_problem("河南郑州管城区 2026", "wang") is None


def test_the_common_password_list_is_data_and_long_enough():
    common = common_passwords()
    assert len(common) >= 300 and {"123456", "password", "qwerty", "1qaz2wsx", "woaini1314", "abc123456"} <= common


def test_a_managers_reset_forces_a_change_at_next_sign_in(store):
    token = store.start_session("wang")
    store.reset_password("wang", "temporary-pw-1", by="boss")
    assert store.session(token) is None  # the open session ends with the reset
    assert store.authenticate("wang", "temporary-pw-1") == {"name": "wang", "role": "staff"}
    token = store.start_session("wang")
    assert store.session(token)["must_change_password"] is True
    with pytest.raises(PermissionDenied, match="当前密码不正确"):
        store.change_password("wang", "wrong-current", "my-own-secret-1")
    with pytest.raises(InvalidInput):
        store.change_password("wang", "temporary-pw-1", "temporary-pw-1")
    store.change_password("wang", "temporary-pw-1", "my-own-secret-1")
    assert store.session(token)["must_change_password"] is False  # this session goes on
    assert store.authenticate("wang", "my-own-secret-1")["name"] == "wang"
    assert store.authenticate("wang", "temporary-pw-1") is None


# --- original files -------------------------------------------------------------------------------

def _with_original(text: str, data: bytes, name: str = "报告.pdf", **more) -> dict:
    return {"text": text, "source": name, "title": None, "date": "2024-03-05", "date_from": "ref_date",
            "original": {"name": name, "kind": "pdf", "data": data}, "read_summary": "PDF，1 页", **more}


def test_the_same_file_bytes_are_kept_once_and_every_article_points_at_them(store):
    data = b"%PDF-1.7 made by the test \x00\xff"
    first = store.save_article(_with_original(TEXT, data), by="boss")
    second = store.save_article(_with_original("另一篇：年底前新建公园3个。", data, name="副本.pdf", ocr=True))
    digest = hashlib.sha256(data).hexdigest()
    assert _count(store, "documents") == 1
    kept = store.document(digest, by="li")  # a viewer may download
    assert (kept["name"], kept["kind"], kept["size"], kept["data"]) == ("报告.pdf", "pdf", len(data), data)
    a, b = store.article(first["article_id"]), store.article(second["article_id"])
    assert a["document_sha256"] == b["document_sha256"] == digest
    assert (a["read_summary"], a["ocr"], b["ocr"]) == ("PDF，1 页", False, True)
    listed = store.articles().set_index("id")["ocr"]
    assert listed.dtype == bool and listed[second["article_id"]] and not listed[first["article_id"]]  # one type on both backends
    stored = store.audit_log("documents")
    assert stored["action"].tolist() == ["store_document"] and stored["row_id"].tolist() == [digest]
    assert stored["by"].tolist() == ["boss"] and stored["new"].tolist() == ["报告.pdf"]
    assert store.documents()[["name", "articles"]].values.tolist() == [["报告.pdf", 2]]


def test_pasted_text_has_no_original_and_a_stranger_gets_no_file(store):
    pasted = store.save_article({"text": TEXT, "source": "粘贴", "title": None, "date": None, "date_from": None})
    article = store.article(pasted["article_id"])
    assert (article["document_sha256"], article["read_summary"], article["ocr"]) == (None, None, False)
    assert _count(store, "documents") == 0
    digest = store.article(store.save_article(_with_original("年底前新建公园3个。", b"bytes"))["article_id"])["document_sha256"]
    with pytest.raises(PermissionDenied):
        store.document(digest, by="nobody")
    with pytest.raises(PermissionDenied):
        store.document(digest, by=None)
    with pytest.raises(NotFound):
        store.document("0" * 64, by="li")
    assert "data" not in store.document(digest, by="li", data=False)


def test_a_path_for_a_name_keeps_only_the_name_and_empty_bytes_are_refused(store):
    saved = store.save_article(_with_original(TEXT, b"x", name="../../etc/报告.pdf"))
    assert store.document(store.article(saved["article_id"])["document_sha256"], by="li")["name"] == "报告.pdf"
    with pytest.raises(InvalidInput):
        store.save_article(_with_original("年底前新建公园3个。", b""))
    assert _count(store, "articles") == 1  # refused before anything was written


@pytest.mark.sqlite_only
def test_a_backup_carries_the_original_files(store, tmp_path):
    data = bytes(range(256)) * 64
    saved = store.save_article(_with_original(TEXT, data))
    digest = store.article(saved["article_id"])["document_sha256"]
    store.backup(tmp_path / "copy.db")
    with Store(tmp_path / "copy.db") as copy:
        assert copy.document(digest, by="li")["data"] == data
        assert copy.article(saved["article_id"])["document_sha256"] == digest


def test_data_version_moves_with_every_audited_change_but_not_with_signing_in(store):
    """The dashboard's cache key: a change from anywhere shows at once, a sign-in keeps the view read before it."""
    steps = [
        ("add a commitment", lambda: store.add_commitment("boss", task="新建公园", sentence="新建公园3个", target_value=3), True),
        ("sign in", lambda: store.authenticate("boss", "boss-secret-1"), False),
        ("a failed sign-in", lambda: store.authenticate("boss", "not-the-password"), False),
        ("start a session", lambda: store.start_session("wang"), False),
        ("report progress", lambda: store.add_progress(1, 2, by="wang"), True),
    ]
    store.sleep = lambda _seconds: None  # no pause after the failed sign-in
    for what, step, moves in steps:
        before = store.data_version()
        step()
        assert (store.data_version() > before) is moves, what
