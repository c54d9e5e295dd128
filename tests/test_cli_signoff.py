"""Issue 11 on the command line: `evidence add`, `signoff` (and --return), and `progress` asking before a
figure above the target is recorded."""

from __future__ import annotations

import io
import json

import pytest
from conftest import add_people
from test_cli_store import _counts, tracker

from tracker.store import Store

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


pytestmark = pytest.mark.both_backends  # the same commands on a file and on PostgreSQL (conftest)

@pytest.fixture
def db(database):
    """A manager, staff and a viewer; commitment 1 (366 by 2019-12-31) that wang reported complete late."""
    path = database
    with Store(path) as s:
        add_people(s)
        s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2019-12-31")
        s.add_progress(1, 366, by="wang", as_of="2020-01-05")
        s.add_commitment("boss", task="严管示范路", target_value=4, unit="条", deadline="2019-12-31")
    return path


def _evidence(db):
    with Store(db) as s:
        return s.evidence(1)


def test_evidence_add_stores_every_file(db, tmp_path):
    (tmp_path / "验收报告.pdf").write_bytes(PDF)
    (tmp_path / "照片.png").write_bytes(PNG)
    result = tracker("evidence", "add", "1", str(tmp_path / "验收报告.pdf"), str(tmp_path / "照片.png"),
                     "--by", "wang", "--json", db=db)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["name"], x["kind"]) for x in lines] == [("验收报告.pdf", "pdf"), ("照片.png", "png")]
    assert result.stderr.count("已上传") == 2
    assert sorted(_evidence(db)["name"]) == ["照片.png", "验收报告.pdf"]


@pytest.mark.parametrize("files,by,message,code", [
    ({"报告.pdf": EXE}, "wang", "exe", 1),  # judged by the bytes, not the name
    ({"a.pdf": PDF, "b.pdf": EXE}, "wang", "exe", 1),  # one refused file stores none
    ({"报告.pdf": PDF}, "li", "权限不足", 1),
    ({"报告.pdf": PDF}, "ghost", "权限不足", 1),
    ({}, "wang", "不存在", 2),
])
def test_evidence_add_refuses_and_stores_nothing(db, tmp_path, files, by, message, code):
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    before = _counts(db)
    result = tracker("evidence", "add", "1", *(paths or [str(tmp_path / "missing.pdf")]), "--by", by, db=db)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and result.stderr.startswith("错误")
    assert _counts(db) == before and _evidence(db).empty


def test_evidence_add_refuses_a_file_over_the_limit_before_reading_it(db, tmp_path):
    (tmp_path / "大.pdf").write_bytes(PDF + b"0" * 4096)
    result = tracker("evidence", "add", "1", str(tmp_path / "大.pdf"), "--by", "wang", db=db,
                     env_extra={"TRACKER_EVIDENCE_MAX_MB": "0.001"})
    assert result.returncode == 1 and "TRACKER_EVIDENCE_MAX_MB" in result.stderr


def test_signoff_by_a_manager_and_not_by_staff(db):
    refused = tracker("signoff", "1", "--by", "wang", db=db)
    assert refused.returncode == 1 and "权限不足" in refused.stderr
    done = tracker("signoff", "1", "--by", "boss", "--json", db=db)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert (said["status"], said["finished_on"], said["decision"]) == ("done_late", "2020-01-05", "signed_off")
    assert "已销号" in done.stderr and "逾期完成" in done.stderr
    again = tracker("signoff", "1", "--by", "boss", db=db)
    assert again.returncode == 1 and "销号" in again.stderr
    nothing = tracker("signoff", "2", "--by", "boss", db=db)
    assert nothing.returncode == 1 and "尚未报告完成" in nothing.stderr


@pytest.mark.parametrize("args,message", [
    (["1", "--by", "boss", "--return"], "--reason"),
    (["1", "--by", "boss", "--reason", "x"], "--return"),
    (["x1", "--by", "boss"], "编号"),
])
def test_signoff_bad_arguments_exit_2(db, args, message):
    before = _counts(db)
    result = tracker("signoff", *args, db=db)
    assert result.returncode == 2 and message in result.stderr
    assert _counts(db) == before


def test_signoff_return_gives_the_reason_back(db):
    result = tracker("signoff", "1", "--by", "boss", "--return", "--reason", "照片与台账不一致", db=db)
    assert result.returncode == 0, result.stderr
    assert "已退回" in result.stderr and "照片与台账不一致" in result.stderr
    with Store(db) as s:
        row = s.commitment(1, as_of="2020-01-10")
    assert row["status"] == "overdue" and row["returned_reason"] == "照片与台账不一致"


def test_progress_above_the_target_needs_yes_without_a_terminal(db):
    before = _counts(db)
    refused = tracker("progress", "2", "40", "--by", "wang", "--as-of", "2019-06-30", db=db)
    assert refused.returncode == 1 and "超过目标值 4" in refused.stderr and "--yes" in refused.stderr
    assert _counts(db) == before
    taken = tracker("progress", "2", "40", "--by", "wang", "--as-of", "2019-06-30", "--yes", db=db)
    assert taken.returncode == 0, taken.stderr
    assert "待销号" in taken.stderr  # reaching the target is a report of completion


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer,recorded", [("y\n", True), ("\n", False), ("n\n", False)])
def test_progress_above_the_target_asks_at_a_terminal(db, monkeypatch, capsys, answer, recorded):
    from tracker.cli import main

    monkeypatch.setattr("sys.stdin", Terminal(answer))
    code = main(["progress", "2", "40", "--by", "wang", "--as-of", "2019-06-30", "--db", str(db)])
    assert "确认记录吗? [y/N]" in capsys.readouterr().err
    assert code == (0 if recorded else 1)
    with Store(db) as s:
        assert len(s.progress_history(2)) == (1 if recorded else 0)


# ---- several at once ------------------------------------------------------------------------

@pytest.fixture
def three(db):
    """Commitments 1 and 3 reported complete (late and on time), 2 still open."""
    with Store(db) as s:
        s.add_commitment("boss", task="口袋公园", target_value=3, unit="个", deadline="2019-12-31")
        s.add_progress(3, 3, by="wang", as_of="2019-12-20")
    return db


def _pending(db) -> list[int]:
    with Store(db) as s:
        return sorted(s.pending_signoffs()["id"])


def test_signoff_takes_several_ids_and_signs_off_each(three):
    result = tracker("signoff", "1", "3", "--by", "boss", "--json", db=three)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["id"], x["status"], x["decision"]) for x in lines] == [(1, "done_late", "signed_off"),
                                                                      (3, "done", "signed_off")]
    assert result.stderr.count("已销号") == 2 and "按期完成" in result.stderr and "逾期完成" in result.stderr
    assert _pending(three) == []
    with Store(three) as s:
        assert [s.audit_log("commitments", cid)["action"][0] for cid in (1, 3)] == ["signoff", "signoff"]


@pytest.mark.parametrize("ids,by,message", [
    (["1", "2", "3"], "boss", "尚未报告完成"),  # 2 is still open
    (["1", "3", "99"], "boss", "99"),
    (["1", "3"], "wang", "权限不足"),
])
def test_signoff_of_several_is_all_or_none(three, ids, by, message):
    before = _counts(three)
    result = tracker("signoff", *ids, "--by", by, db=three)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("错误") and message in result.stderr
    if by == "boss":
        assert "都未销号" in result.stderr
    assert _pending(three) == [1, 3] and _counts(three) == before and result.stdout == ""


@pytest.mark.parametrize("args,message", [
    (["1", "3", "--by", "boss", "--return", "--reason", "材料不全"], "一条"),
    (["1", "x3", "--by", "boss"], "编号"),
])
def test_signoff_of_several_bad_arguments_exit_2(three, args, message):
    before = _counts(three)
    result = tracker("signoff", *args, db=three)
    assert result.returncode == 2 and message in result.stderr
    assert _counts(three) == before
