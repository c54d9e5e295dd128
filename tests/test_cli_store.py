"""The store commands as a person runs them: `python -m tracker ...` in a subprocess with --db in tmp_path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import add_people, count_rows

from tracker.store import Store

# Each test with `db` runs on a file and on PostgreSQL (conftest): the command line never knows which.
pytestmark = pytest.mark.both_backends

ROOT = Path(__file__).resolve().parent.parent
TEXT = "管城区召开老旧片区整治提升工作推进会。会议要求,老旧片区整治提升工作要确保全年完成366个老旧小区改造任务。"
SUMMARY = re.compile(r"(\d+) 篇文章, (\d+) 条承诺 \((\d+) 篇已存在\)")


def tracker(*args, db: Path | str, stdin: str | None = None, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if k != "TRACKER_DB"}, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args, "--db", str(db)],
        check=False, cwd=ROOT, input=stdin if stdin is not None else "", capture_output=True, text=True, env=env, timeout=300,
    )


@pytest.fixture
def db(database) -> Path | str:
    """A database (file or PostgreSQL URL) with a manager, a staff member, a viewer and one known commitment (id 1)."""
    with Store(database) as s:
        add_people(s)
        cid = s.add_commitment("boss", task="老旧小区改造", target_value=366, unit="个", deadline="2019-12-31")
    assert cid == 1
    return database


def _counts(where) -> tuple[int, ...]:
    return tuple(count_rows(where, t) for t in ("articles", "commitments", "progress_updates", "users", "audit_log"))


def test_ingest_a_folder_skips_bad_files_and_keeps_the_rest(tmp_path):
    import docx

    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "b-copy.txt").write_bytes(TEXT.encode("gb18030"))  # same article, other encoding
    (folder / "c.html").write_text("<html><body><h1>交通整治</h1><p>要聚焦重点区域,尤其是4条严管示范路。</p></body></html>", encoding="utf-8")
    document = docx.Document()
    document.add_paragraph("力争全年地区生产总值增长7%左右。")
    document.save(folder / "d.docx")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a word file")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "notes.xyz").write_text("ignored: not a document suffix", encoding="utf-8")
    path = tmp_path / "ingest.db"

    result = tracker("ingest", str(folder), db=path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "broken.docx" in result.stderr and "empty.txt" in result.stderr
    assert "notes.xyz" not in result.stderr
    # per file, what was read from it (the copy is read too, then found stored already)
    assert "已读取 d.docx：Word 文档" in result.stderr and "已读取 c.html：网页" in result.stderr
    assert "已读取 a.txt：文本" in result.stderr and "已读取 broken.docx" not in result.stderr
    n, _, existing = map(int, SUMMARY.search(result.stderr).groups())
    assert (n, existing) == (4, 1)
    with Store(path) as s:
        sources = list(s.articles()["source"])
    # no demo seed: only the dashboard's first start offers those (issue 10 §5)
    assert [Path(p).name for p in sources] == ["a.txt", "c.html", "d.docx"]  # folders are read in name order

    again = tracker("ingest", str(folder / "a.txt"), db=path)
    assert again.returncode == 0
    assert SUMMARY.search(again.stderr).groups() == ("1", "0", "1")
    assert _counts(path)[0] == 3


def test_ingest_refuses_missing_paths_and_bad_dates(tmp_path):
    path = tmp_path / "i.db"
    missing = tracker("ingest", str(tmp_path / "nowhere.txt"), db=path)
    assert missing.returncode == 1 and "nowhere.txt" in missing.stderr
    assert f"跳过 {tmp_path / 'nowhere.txt'}：文件或文件夹不存在" in missing.stderr  # Chinese, no English first
    (tmp_path / "empty").mkdir()
    nothing = tracker("ingest", str(tmp_path / "empty"), db=path)
    assert nothing.returncode == 1 and "文件夹中没有可导入的文件" in nothing.stderr
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    bad_date = tracker("ingest", str(tmp_path / "a.txt"), "--date", "2019-4-26", db=path)
    assert bad_date.returncode == 2 and "--date" in bad_date.stderr  # a bad argument, as in export and extract
    assert bad_date.stderr.startswith("错误")
    with Store(path) as s:
        assert "a.txt" not in " ".join(s.articles()["source"])


def test_users_add_reads_the_password_from_stdin(tmp_path):
    path = tmp_path / "u.db"
    added = tracker("users", "add", "zhang", "--role", "manager", db=path, stdin="s3cret 密码 long\n")
    assert added.returncode == 0 and "zhang" in added.stderr
    with Store(path) as s:
        assert s.authenticate("zhang", "s3cret 密码 long") == {"name": "zhang", "role": "manager"}
    before = _counts(path)
    empty = tracker("users", "add", "wang", "--role", "staff", db=path, stdin="\n")
    assert empty.returncode != 0 and "密码不能为空" in empty.stderr
    nothing = tracker("users", "add", "wang", "--role", "staff", db=path, stdin="")
    assert nothing.returncode != 0
    for weak, why in (("short-pw", "至少需要 10 个字符"), ("123456789a", "太常见"), ("wang-wang-wang", None)):
        refused = tracker("users", "add", "wang-wang-wang", "--role", "staff", db=path, stdin=f"{weak}\n")
        assert refused.returncode == 1 and (why or "不能与姓名相同") in refused.stderr  # the store's rules
    twice = tracker("users", "add", "zhang", "--role", "viewer", db=path, stdin="another-pw-2\n")
    assert twice.returncode != 0 and "已存在" in twice.stderr
    bad_role = tracker("users", "add", "wang", "--role", "boss", db=path, stdin="x\n")
    assert bad_role.returncode == 2
    assert _counts(path) == before
    listed = tracker("users", "list", db=path)
    assert listed.returncode == 0 and "zhang" in listed.stdout and "管理人员" in listed.stdout
    assert "s3cret" not in listed.stdout


def test_progress_is_recorded(db):
    result = tracker("progress", "1", "120.5", "--by", "wang", "--as-of", "2019-06-30", "--note", "上半年", db=db)
    assert result.returncode == 0, result.stderr
    assert "已记录" in result.stderr and result.stdout == ""
    with Store(db) as s:
        history = s.progress_history(1)
    assert history[["value", "as_of", "note", "by"]].values.tolist() == [[120.5, "2019-06-30", "上半年", "wang"]]


TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "args,message,code",
    [
        # the command line itself is wrong: 2, before the database is opened
        (["abc", "5", "--by", "wang"], "编号", 2),
        (["1", "abc", "--by", "wang"], "不是数字", 2),
        (["1", "一百", "--by", "wang"], "不是数字", 2),
        (["1", "nan", "--by", "wang"], "有限", 2),
        (["1", "inf", "--by", "wang"], "有限", 2),
        (["1", "-1", "--by", "wang"], "负数", 2),
        (["1", "5", "--by", "wang", "--as-of", "2019-13-01"], "日期", 2),
        (["1", "5", "--by", "wang", "--as-of", "yesterday"], "日期", 2),
        (["1", "5", "--by", "wang", "--as-of", TOMORROW], "晚于今天", 2),
        (["1", "5"], "缺少参数 --by", 2),
        # the store refuses: 1
        (["999", "5", "--by", "wang"], "999", 1),
        (["1", "5", "--by", "li"], "权限不足", 1),
        (["1", "5", "--by", "ghost"], "权限不足", 1),
        (["1", "完成", "--by", "wang"], "有数值目标 366个", 1),
    ],
)
def test_progress_refuses_bad_input_and_changes_nothing(db, args, message, code):
    before = _counts(db)
    result = tracker("progress", *args, db=db)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert result.stderr.startswith(("错误", "用法："))  # Chinese first
    assert result.stdout == ""
    assert _counts(db) == before


@pytest.mark.parametrize(("typed", "stored", "said"), [("1.5万", 15000, "1.5万个"), ("2,000", 2000, "2,000个")])
def test_progress_takes_figures_as_offices_write_them(db, typed, stored, said):
    result = tracker("progress", "1", typed, "--by", "wang", "--as-of", "2019-06-30", "--yes", db=db)  # above 366
    assert result.returncode == 0, result.stderr
    assert said in result.stderr
    with Store(db) as s:
        assert s.progress_history(1)["value"].tolist() == [stored]


def test_progress_marks_a_commitment_without_a_number_complete(db):
    with Store(db) as s:
        plain = s.add_commitment("boss", task="生态园林城市创建", deadline="2019-06-30")
    before = _counts(db)
    figure = tracker("progress", str(plain), "3", "--by", "wang", db=db)
    assert figure.returncode == 1
    assert "没有数值目标" in figure.stderr and f"progress {plain} 完成 --by wang" in figure.stderr
    assert _counts(db) == before

    done = tracker("progress", str(plain), "完成", "--by", "wang", "--as-of", "2019-06-10", "--note", "已通过验收", db=db)
    assert done.returncode == 0, done.stderr
    assert "已标记为完成" in done.stderr
    with Store(db) as s:
        assert s.commitment(plain, as_of="2019-06-20")["status"] == "pending_signoff"  # staff's: waits for a manager
        assert s.audit_log("commitments", plain)["note"].iloc[0] == "已通过验收"
    again = tracker("progress", str(plain), "DONE", "--by", "wang", db=db)
    assert again.returncode == 0 and "未重复记录" in again.stderr
    assert _counts(db)[-1] == before[-1] + 1  # one audit row: the mark, once


def test_list_json_and_table(db):
    # the manager's own completion is signed off at once (issue 11), so it lists as done
    assert tracker("progress", "1", "366", "--by", "boss", "--as-of", "2019-06-30", db=db).returncode == 0
    with Store(db) as s:
        s.add_commitment("boss", task="严管示范路", target_value=4, unit="条", units=["交警大队"])
    result = tracker("list", "--json", "--as-of", "2019-07-01", db=db)
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    for key in ("id", "task", "target_value", "unit", "deadline", "officials", "units", "progress", "status", "review"):
        assert all(key in r for r in rows), key
    assert rows[0]["target_value"] == 366 and isinstance(rows[0]["target_value"], int)
    assert (rows[0]["progress"], rows[0]["status"]) == (366, "done")
    assert (rows[1]["progress"], rows[1]["status"], rows[1]["units"]) == (None, "no_deadline", ["交警大队"])

    done = tracker("list", "--json", "--status", "done", "--as-of", "2019-07-01", db=db)
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [1]
    before_as_of = tracker("list", "--json", "--as-of", "2019-06-01", db=db)
    assert json.loads(before_as_of.stdout.splitlines()[0])["progress"] is None

    table = tracker("list", "--as-of", "2019-07-01", db=db)
    assert table.returncode == 0
    assert "老旧小区改造" in table.stdout and "按期完成" in table.stdout and "任务" in table.stdout
    bad = tracker("list", "--as-of", "July", db=db)
    assert bad.returncode == 2 and bad.stdout == ""


@pytest.mark.sqlite_only  # PostgreSQL's backup is pg_dump's: tests/test_postgresql.py
def test_backup_makes_a_copy_that_opens(db, tmp_path):
    dest = tmp_path / "copy.db"
    result = tracker("backup", str(dest), db=db)
    assert result.returncode == 0, result.stderr
    assert _counts(dest) == _counts(db)
    missing = tracker("backup", str(tmp_path / "x.db"), db=tmp_path / "absent.db")
    assert missing.returncode != 0 and "不存在" in missing.stderr
    assert not (tmp_path / "absent.db").exists()


def test_the_command_line_takes_its_statuses_and_roles_from_the_label_map():
    from tracker import cli, labels, progress

    assert cli.STATUSES == list(labels.STATUS) and set(cli.STATUSES) == set(progress.STATUSES)
    for status, label in labels.STATUS.items():
        assert f"{status} {label}" in cli.STATUS_HELP
    loaded = subprocess.run([sys.executable, "-c", "import sys, tracker.cli; print('pandas' in sys.modules)"],
                            cwd=ROOT, capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "False"  # `extract` is called many times and must stay light


@pytest.mark.parametrize(("args", "message"), [
    (["list", "--status", "late"], "参数 --status 的值 'late' 无效"),
    (["export", "--format"], "参数 --format 后面需要一个值"),
    (["list", "--colour"], "无法识别的参数 --colour"),
    (["users", "add", "wang"], "缺少参数 --role"),
])
def test_bad_arguments_exit_2_with_a_chinese_message(db, args, message):
    result = tracker(*args, db=db)
    assert result.returncode == 2
    assert "参数错误：" + message in result.stderr


def test_argparse_messages_are_said_in_chinese():
    from tracker.cli import chinese_error

    assert chinese_error("the following arguments are required: VALUE, --by") == "缺少参数 VALUE, --by"
    assert chinese_error("something argparse may say one day") == "something argparse may say one day"


@pytest.mark.parametrize("args", [
    ["extract", "a.txt", "--date", "2019-02-30"],
    ["ingest", "a.txt", "--date", "2019-02-30"],
    ["list", "--as-of", "2019-02-30"],
    ["export", "--format", "csv", "--as-of", "2019-02-30"],
    ["progress", "1", "5", "--by", "wang", "--as-of", "2019-02-30"],
])
def test_every_command_exits_2_for_a_bad_date_and_says_so_in_chinese_first(db, tmp_path, args):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    before = _counts(db)
    result = subprocess.run([sys.executable, "-m", "tracker", *args, "--db", str(db)], cwd=tmp_path, capture_output=True,
                            text=True, check=False, timeout=300,
                            env={k: v for k, v in os.environ.items() if k != "TRACKER_DB"})
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("错误: ") and "2019-02-30" in result.stderr
    assert result.stdout == ""
    assert _counts(db) == before
