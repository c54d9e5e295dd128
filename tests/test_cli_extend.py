"""`extend`, `instruct`, `remind`, `inbox` and `digest` as a person runs them: a subprocess on a file in tmp_path."""

from __future__ import annotations

import json

import pytest
from conftest import add_people
from test_cli_store import tracker

from tracker.store import Store

pytestmark = pytest.mark.both_backends  # the store rules hold on a file and on PostgreSQL (conftest)

@pytest.fixture
def db(database):
    """Two commitments of two units, long overdue (2019) and far ahead (2090): no test depends on today."""
    path = database
    with Store(path) as s:
        add_people(s)
        assert s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2019-12-31",
                                deadline_text="全年", units=["区城建局"]) == 1
        assert s.add_commitment("boss", task="口袋公园", target_value=10, unit="个", deadline="2090-01-10",
                                units=["区城管局"]) == 2
    return path


def test_a_request_approved_on_the_command_line_moves_the_deadline_in_force(db):
    asked = tracker("extend", "1", "--to", "2090-06-30", "--reason", "汛期停工两个月", "--by", "wang", db=db)
    assert asked.returncode == 0, asked.stderr
    assert "已提交延期申请 1" in asked.stderr and "2090-06-30" in asked.stderr
    listed = tracker("extend", "list", "1", "--json", db=db)
    assert [json.loads(line)["status"] for line in listed.stdout.splitlines()] == ["requested"]
    refused = tracker("extend", "decide", "1", "--approve", "--by", "wang", db=db)
    assert refused.returncode == 1 and refused.stderr.startswith("错误: 权限不足")
    approved = tracker("extend", "decide", "1", "--approve", "--by", "boss", db=db)
    assert approved.returncode == 0, approved.stderr
    assert "现行期限 2090-06-30 (原定期限 2019-12-31)" in approved.stderr
    row = json.loads(tracker("list", "--json", db=db).stdout.splitlines()[0])
    assert (row["deadline"], row["original_deadline"], row["deadline_text"]) == ("2090-06-30", "2019-12-31", "全年")
    assert row["status"] != "overdue"
    again = tracker("extend", "decide", "1", "--refuse", "--note", "晚了", "--by", "boss", db=db)
    assert again.returncode == 1 and "已审批" in again.stderr
    table = tracker("extend", "list", db=db)
    assert "已批准" in table.stdout and "汛期停工两个月" in table.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (("extend", "1", "--to", "2090-06-30", "--by", "wang"), 2, "--reason"),
    (("extend", "1", "--reason", "理由", "--by", "wang"), 2, "--to"),
    (("extend", "1", "--to", "2090-6-30", "--reason", "理由", "--by", "wang"), 2, "--to"),
    (("extend", "一", "--to", "2090-06-30", "--reason", "理由", "--by", "wang"), 2, "不是整数"),
    (("extend", "1", "--to", "2090-06-30", "--reason", "理由"), 2, "--by"),
    (("extend", "decide", "1", "--by", "boss"), 2, "--approve"),
    (("extend", "decide", "1", "--approve", "--refuse", "--by", "boss"), 2, "参数错误"),
    (("extend", "decide", "1", "--approve", "--by", "boss"), 1, "没有编号为 1 的延期申请"),
    (("extend", "1", "--to", "2019-06-30", "--reason", "理由", "--by", "wang"), 1, "须晚于现行期限"),
    (("extend", "1", "--to", "2090-06-30", "--reason", "理由", "--by", "li"), 1, "权限不足"),
    (("instruct", "1", "请加快", "--by", "wang"), 1, "权限不足"),
    (("instruct", "x", "请加快", "--by", "boss"), 2, "不是整数"),
    (("instruct", "9", "请加快", "--by", "boss"), 1, "没有编号为 9 的承诺"),
    (("remind", "区水利局", "请加快", "--by", "boss"), 1, "区水利局"),
    (("remind", "区城管局", "请加快", "--by", "li"), 1, "权限不足"),
    (("inbox", "--by", "wang", "--read", "x"), 2, "不是整数"),
    (("inbox", "--by", "wang", "--read", "9"), 1, "没有编号为 9"),
    (("digest", "--as-of", "2090-1-1"), 2, "--as-of"),
    (("digest", "--days", "-3"), 2, "--days"),
])
def test_refusals_exit_1_and_bad_arguments_2_with_a_chinese_sentence(db, args, code, message):
    result = tracker(*args, db=db)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    with Store(db) as s:
        assert s.extensions().empty and s.instructions_for("boss").empty


def test_instructions_and_reminders_reach_the_inbox_and_are_marked_read(db):
    assert tracker("instruct", "1", "请月底前报送整改方案", "--by", "boss", db=db).returncode == 0
    sent = tracker("remind", "区城管局", "逾期事项请本周内说明原因", "--by", "boss", db=db)
    assert sent.returncode == 0 and "已向 区城管局 发送催办 2" in sent.stderr
    inbox = [json.loads(line) for line in tracker("inbox", "--by", "wang", "--json", db=db).stdout.splitlines()]
    assert [(r["id"], r["kind"], r["read"]) for r in inbox] == [(2, "reminder", False), (1, "instruction", False)]
    read = tracker("inbox", "--by", "wang", "--read", "1", db=db)
    assert read.returncode == 0 and "已标为已读" in read.stderr
    table = tracker("inbox", "--by", "wang", db=db)
    assert table.stdout.index("逾期事项") < table.stdout.index("请月底前")  # unread first
    assert "未读 1 条" in table.stderr
    with Store(db) as s:
        assert {"instruct", "remind", "read_instruction"} <= set(s.audit_log()["action"])


def test_the_digest_in_words_and_in_json(db):
    tracker("remind", "区城管局", "请抓紧", "--by", "boss", db=db)
    words = tracker("digest", "--as-of", "2089-12-20", db=db)
    assert words.returncode == 0
    lines = words.stdout.splitlines()
    assert lines[0] == "督办提醒 截至 2089-12-20（逾期及 30 天内到期）"
    assert lines[1] == "【区城建局】逾期 1 条，30 天内到期 0 条"
    assert "#1 老旧小区改造  截止 2019-12-31" in lines[2] and "逾期" in lines[2]
    assert lines[3] == "【区城管局】逾期 0 条，30 天内到期 1 条，未办结催办 1 条"
    assert "#2 口袋公园  截止 2090-01-10  还有 21 天" in lines[4]
    data = json.loads(tracker("digest", "--as-of", "2089-12-20", "--unit", "区城管局", "--format", "json", db=db).stdout)
    assert [u["unit"] for u in data["units"]] == ["区城管局"]
    assert data["units"][0]["due_soon"][0]["days_left"] == 21 and data["units"][0]["open_reminders"] == 1
    short = json.loads(tracker("digest", "--as-of", "2089-12-20", "--days", "7", "--format", "json", db=db).stdout)
    assert [u["unit"] for u in short["units"]] == ["区城建局"]
